//! `kanbao export PATH --format F -o OUT [--kind K] [--relation R] [--entity NAME] [--from DATE]
//! [--to DATE] [--top N] [--lang zh|en]`. The output never replaces a file of the bundle (`export::guard`): that is
//! refused before anything is loaded or written.

use super::analysis::{AnalysisArgs, Need, analyse};
use crate::export::{self, ExportFormat, ExportOptions, ics};
use crate::extract::events::{EventKind, Relation};
use crate::knowledge::timeline::{Event, TimelineFilter, most_salient, parse_date_bound};
use crate::readable_date::Language;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// What the help says after the options: the iCalendar placement and the source guard.
const AFTER_HELP: &str = "\
Dates people read are written out (2024-11-04 下午, 2024年春); the TIMEX3 value stays in machine
fields (JSON, CSV `value`, iCalendar X-KANBAO-VALUE). Sources are cited with their article's
title, date, and file:line.

ics holds every exported event: clock times as local times; a day or a range of days as all-day
events over those days; a period coarser than a day (month, quarter, season, year, decade) as an
all-day event on its first day, titled with the period; an event without a date of its own (a
partial date, a bare clock time) on its first article's date, saying so. Only an event whose
articles have no date either is left out; the message counts both.

The output may not be a file of the bundle (the same path, a link, a hard link) nor a file the
bundle's folder would read; such an export is refused and nothing is written. A symbolic link is
written through (the file it leads to is replaced, the link kept); a folder, device or FIFO is
refused: `-o -` writes standard output.";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ExportArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    #[arg(long, short = 'f', help = format_names())]
    pub format: String,
    /// The file to write (written atomically), or `-` for standard output.
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    #[arg(long, value_delimiter = ',', help = format!(
        "Only these kinds (repeat or separate with commas): {}",
        EventKind::ALL.map(EventKind::as_str).join(", ")
    ))]
    pub kind: Vec<String>,
    #[arg(long, value_delimiter = ',', help = format!(
        "Only events of these relations to their articles' dates (repeat or separate with \
         commas): {}; all by default",
        Relation::ALL.map(Relation::as_str).join(", ")
    ))]
    pub relation: Vec<String>,
    /// Only events with this entity (canonical name or alias).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Keep only the N most salient events (articles telling them, headlines, participants).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// The language of the dates people read in the export: zh or en.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    /// Print the analysis' stage times (or the store's read time) on stderr.
    #[arg(long)]
    pub timing: bool,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

/// The export formats' names: `json, csv, … or html`.
pub(super) fn format_names() -> String {
    super::one_of(ExportFormat::ALL.map(ExportFormat::name))
}

pub fn run(args: &ExportArgs) -> Result<()> {
    let format: ExportFormat = args.format.parse()?;
    let to_stdout = args.output.as_os_str() == "-";
    // Before loading: an export onto a source, or onto what is no file, fails at once and
    // touches nothing.
    if !to_stdout {
        export::guard::check_output(&args.output, &args.path)?;
        crate::atomic::target(&args.output)
            .map_err(|e| super::file_error("cannot write export", &args.output, e))?;
    }
    let mut filter = filter(args)?;
    let started = Instant::now();
    // An entity filter needs the entities: match the name's entity ids (its canonical name or
    // any alias); the name in the text stays a fallback.
    let need = if args.entity.is_some() {
        Need::Entities
    } else {
        Need::Timeline
    };
    let knowledge = analyse(&args.path, args.date, &args.store, need)?;
    if args.timing {
        super::timeline::print_timing(&knowledge, started);
    }
    if let Some(name) = &args.entity {
        filter = filter.with_entity_ids(knowledge.entities.find_by_name(name));
    }
    let bundle_name = knowledge.bundle.name.clone();
    let tl = &knowledge.timeline;
    let mut kept = tl.filtered(&filter);
    if let Some(n) = args.top {
        kept = most_salient(kept, n);
    }
    let events: Vec<Event> = kept.into_iter().cloned().collect();
    // The document is named after the bundle's file or folder, not its whole path.
    let name = std::path::Path::new(&bundle_name)
        .file_name()
        .map_or_else(|| bundle_name.clone(), |n| n.to_string_lossy().into_owned());
    let lang = match args.lang.as_str() {
        "en" => Language::En,
        _ => Language::Zh,
    };
    let opts = ExportOptions::new(name).in_language(lang);
    if to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(&export::render(format, &events, &opts))?;
        out.flush()?;
    } else {
        export::write_export(format, &events, &opts, &args.output)?;
    }
    let placed = match format {
        ExportFormat::Ics => placements_note(ics::placements(&events)),
        _ => String::new(),
    };
    let written = if to_stdout {
        "standard output".into()
    } else {
        args.output.display().to_string()
    };
    eprintln!(
        "kanbao: wrote {} events as {}{placed}: {written}",
        events.len(),
        format.name(),
    );
    Ok(())
}

/// ` (2 on their article's date, 1 left out: no date at all)`; empty when every event has days
/// of its own.
fn placements_note(p: ics::Placements) -> String {
    let mut parts = Vec::new();
    if p.on_article_date > 0 {
        parts.push(format!("{} on their article's date", p.on_article_date));
    }
    if p.left_out > 0 {
        parts.push(format!("{} left out: no date at all", p.left_out));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// A `--relation` value: `reported`, `recalled` or `planned`.
fn parse_relation(s: &str) -> Result<Relation> {
    let s = s.trim();
    Relation::ALL
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            anyhow!(
                "unknown relation `{s}` (want {})",
                super::one_of(Relation::ALL.map(Relation::as_str))
            )
        })
}

/// The filter the arguments ask for; `--entity` also matches the name in the event's sentences
/// (the caller adds the entity ids).
fn filter(args: &ExportArgs) -> Result<TimelineFilter> {
    let kinds = args
        .kind
        .iter()
        .map(|k| k.parse::<EventKind>())
        .collect::<Result<Vec<_>, _>>()?;
    let relations = args
        .relation
        .iter()
        .map(|r| parse_relation(r))
        .collect::<Result<Vec<_>>>()?;
    let bound = |s: &Option<String>, last_day: bool| -> Result<Option<NaiveDate>> {
        s.as_deref()
            .map(|s| {
                parse_date_bound(s, last_day)
                    .ok_or_else(|| anyhow!("bad date `{s}` (want YYYY, YYYY-MM or YYYY-MM-DD)"))
            })
            .transpose()
    };
    Ok(TimelineFilter {
        kinds,
        relations,
        names: args.entity.iter().cloned().collect(),
        from: bound(&args.from, false)?,
        to: bound(&args.to, true)?,
        ..TimelineFilter::default()
    })
}
