//! `kanbao timeline PATH [--json] [--date YYYY-MM-DD] [--timing] [--store DIR | --no-store]`

use super::analysis::{AnalysisArgs, Need, analyse};
use crate::knowledge::timeline::Event;
use crate::knowledge::{BuildTimings, Knowledge};
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Print a JSON array of events instead of one line per event.
    #[arg(long)]
    pub json: bool,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    /// Print the analysis' stage times (or the store's read time) on stderr.
    #[arg(long)]
    pub timing: bool,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

pub fn run(args: &TimelineArgs) -> Result<()> {
    let started = Instant::now();
    let knowledge = analyse(&args.path, args.date, &args.store, Need::Timeline)?;
    if args.timing {
        print_timing(&knowledge, started);
    }
    let events = &knowledge.timeline.events;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        out.write_all(&crate::export::json::render(events))?;
    } else {
        print_lines(&mut out, events)?;
    }
    out.flush()?;
    Ok(())
}

/// `--timing`: the stages of a fresh analysis, or the time a stored one took to read.
pub(crate) fn print_timing(knowledge: &Knowledge, started: Instant) {
    let t = knowledge.timings;
    let total = started.elapsed().as_secs_f64() * 1000.0;
    if t == BuildTimings::default() {
        eprintln!(
            "timing: read from the store, total {total:.0} ms ({} events)",
            knowledge.timeline.events.len()
        );
    } else {
        eprintln!(
            "timing: articles read {:.0} ms, entities grouped and events merged {:.0} ms, search index {:.0} ms ({} articles, {} events, {} threads), total {total:.0} ms",
            t.findings_ms,
            t.grouping_ms,
            t.search_ms,
            knowledge.articles().len(),
            knowledge.timeline.events.len(),
            rayon::current_num_threads(),
        );
    }
}

/// One readable line per event: date, qualifier, kind, title, sources.
pub fn print_lines(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    for e in events {
        let mut articles: Vec<String> = e
            .sources
            .iter()
            .map(|s| s.span.article.to_string())
            .collect();
        articles.dedup();
        writeln!(
            out,
            "{} {:<8} {:<9} {}  (articles {}; {} source{}) {}",
            pad(
                &crate::readable_date::event_date(e, crate::readable_date::Language::Zh),
                24
            ),
            serde_json::to_value(e.precision)?
                .as_str()
                .unwrap_or_default(),
            e.kind.as_str(),
            e.title,
            articles.join(","),
            e.sources.len(),
            if e.sources.len() == 1 { "" } else { "s" },
            e.id
        )?;
    }
    Ok(())
}

/// `s` padded with spaces to `width` terminal columns (CJK chars take two).
fn pad(s: &str, width: usize) -> String {
    let used: usize = s
        .chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}
