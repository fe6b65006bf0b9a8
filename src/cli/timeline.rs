//! `kanbao timeline PATH [--json] [--date YYYY-MM-DD] [--timing]`

use crate::bundle::Bundle;
use crate::knowledge::timeline::{self, Event, Timeline};
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// Print load, extraction and merge times on stderr.
    #[arg(long)]
    pub timing: bool,
}

pub fn run(args: &TimelineArgs) -> Result<()> {
    let (_, tl) = load_timeline(&args.path, args.date, args.timing)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        out.write_all(&crate::export::json::render(&tl.events))?;
    } else {
        print_lines(&mut out, &tl.events)?;
    }
    out.flush()?;
    Ok(())
}

/// Loads a bundle and builds its timeline, reporting warnings (and timings) on stderr.
pub(crate) fn load_timeline(
    path: &Path,
    date: Option<NaiveDate>,
    timing: bool,
) -> Result<(Bundle, Timeline)> {
    let t0 = Instant::now();
    let bundle = super::load_bundle(path, date)?;
    let models = super::shipped_models()?;
    let t1 = Instant::now();
    let tag = |text: &str| models.ner.tag(text);
    let candidates =
        timeline::extract_candidates(&bundle.articles, models.event_models(&tag), &|_| Vec::new());
    let n_candidates = candidates.len();
    let t2 = Instant::now();
    let tl = Timeline::merge(candidates, &bundle.articles);
    let t3 = Instant::now();
    if timing {
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        eprintln!(
            "timing: load {:.0} ms, times+events {:.0} ms ({} articles, {} candidates, {} threads), merge {:.0} ms ({} events), total {:.0} ms",
            ms(t0, t1),
            ms(t1, t2),
            bundle.articles.len(),
            n_candidates,
            rayon::current_num_threads(),
            ms(t2, t3),
            tl.events.len(),
            ms(t0, t3)
        );
    }
    Ok((bundle, tl))
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
