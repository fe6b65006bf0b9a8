//! `kanbao export PATH --format F -o OUT [--kind K] [--entity NAME] [--from DATE] [--to DATE]`

use crate::export::{self, ExportFormat, ExportOptions};
use crate::extract::events::EventKind;
use crate::knowledge::timeline::{Event, TimelineFilter, parse_date_bound};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    #[arg(long, short = 'f', help = format_names())]
    pub format: String,
    /// The file to write (written atomically).
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    #[arg(long, value_delimiter = ',', help = format!(
        "Only these kinds (repeat or separate with commas): {}",
        EventKind::ALL.map(EventKind::as_str).join(", ")
    ))]
    pub kind: Vec<String>,
    /// Only events with this entity (canonical name or alias).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Print load, extraction and merge times on stderr.
    #[arg(long)]
    pub timing: bool,
}

/// The export formats' names: `json, csv, … or html`.
pub(super) fn format_names() -> String {
    super::one_of(ExportFormat::ALL.map(ExportFormat::name))
}

pub fn run(args: &ExportArgs) -> Result<()> {
    let format: ExportFormat = args.format.parse()?;
    // Before loading: an export onto a source fails at once and touches nothing.
    export::guard::check_output(&args.output, &args.path)?;
    let mut filter = filter(args)?;
    let (bundle_name, tl) = match &args.entity {
        // An entity filter needs the entities: build the whole model, and match the name's
        // entity ids (its canonical name or any alias); the name in the text stays a fallback.
        Some(name) => {
            let bundle = super::load_bundle(&args.path, args.date)?;
            let k = super::build_knowledge(bundle)?;
            filter = filter.with_entity_ids(k.entities.find_by_name(name));
            (k.bundle.name.clone(), k.timeline)
        }
        None => {
            let (bundle, tl) = super::timeline::load_timeline(&args.path, args.date, args.timing)?;
            (bundle.name, tl)
        }
    };
    let events: Vec<Event> = tl.filtered(&filter).into_iter().cloned().collect();
    // The document is named after the bundle's file or folder, not its whole path.
    let name = std::path::Path::new(&bundle_name)
        .file_name()
        .map_or_else(|| bundle_name.clone(), |n| n.to_string_lossy().into_owned());
    let opts = ExportOptions::new(name);
    export::write_export(format, &events, &opts, &args.output)?;
    eprintln!(
        "kanbao: wrote {} events as {}: {}",
        events.len(),
        format.name(),
        args.output.display()
    );
    Ok(())
}

/// The filter the arguments ask for; `--entity` also matches the name in the event's sentences
/// (the caller adds the entity ids).
fn filter(args: &ExportArgs) -> Result<TimelineFilter> {
    let kinds = args
        .kind
        .iter()
        .map(|k| k.parse::<EventKind>())
        .collect::<Result<Vec<_>, _>>()?;
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
        names: args.entity.iter().cloned().collect(),
        from: bound(&args.from, false)?,
        to: bound(&args.to, true)?,
        ..TimelineFilter::default()
    })
}
