//! The analysis a command works on: read from the store when it answers for the bundle as it
//! is now, else built (and then stored). Every command that shows entities, events or search
//! hits goes through [`analyse`], so their output is the same either way.

use crate::bundle::Bundle;
use crate::corrections::{self, Correction, Journal};
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::knowledge::{ArticleFindings, BuildCounter, BuildOptions, BuildPhase, Knowledge};
use crate::store::{self, FindingSections, Fingerprint, Recall, Snapshot, Store, carried};
use anyhow::Result;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a command gets its analysis: where it is kept, and what is told on stderr meanwhile
/// (shared by the commands that analyse).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AnalysisArgs {
    /// Keep the analysis in this folder (default: $KANBAO_STORE, else the user's cache folder).
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Neither read nor write a stored analysis: analyse the files from scratch.
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,
    /// No progress bar and no notes about the store on stderr (warnings about files stay).
    #[arg(long, short)]
    pub quiet: bool,
    /// Show the analysis as extracted, without the corrections made with `kanbao correct`.
    #[arg(long)]
    pub no_corrections: bool,
    #[arg(long, value_name = "ROLE=FIELD,...", help = super::MAP_HELP,
          value_parser = crate::bundle::FieldOverrides::parse)]
    pub map: Option<crate::bundle::FieldOverrides>,
}

/// A note on stderr, unless `--quiet`.
macro_rules! note {
    ($args:expr, $($fmt:tt)*) => {
        if !$args.quiet {
            eprintln!($($fmt)*);
        }
    };
}

/// What a command reads of the analysis. A stored analysis answers `Timeline` and `Entities`
/// without loading the bundle's articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Timeline,
    Entities,
    /// Articles, entities, timeline and search index.
    Everything,
}

/// Where an analysis came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Read from the store: the files are those analysed before.
    Stored,
    /// Analysed now (and stored, unless the store is off or failed).
    Built,
}

/// The analysis of the bundle at `path`. Parts beyond `need` may be empty when it is read from
/// the store (the articles for `Timeline` and `Entities`, the entity table for `Timeline`).
/// Notices (read from the store, stored, store unusable) go to stderr, one line each.
pub fn analyse(
    path: &Path,
    date: Option<NaiveDate>,
    args: &AnalysisArgs,
    need: Need,
) -> Result<Knowledge> {
    Ok(analyse_from(path, date, args, need)?.0)
}

/// [`analyse`], saying where the analysis came from. The corrections kept for the bundle are
/// applied (unless `--no-corrections`), and what they need is read even if `need` does not ask.
pub fn analyse_from(
    path: &Path,
    date: Option<NaiveDate>,
    args: &AnalysisArgs,
    need: Need,
) -> Result<(Knowledge, Origin)> {
    let corrections = if args.no_corrections {
        Vec::new()
    } else {
        kept_corrections(path)?
    };
    let need = corrections.iter().fold(need, |need, c| {
        if c.needs_text() {
            Need::Everything
        } else if c.needs_entities() {
            need.max(Need::Entities)
        } else {
            need
        }
    });
    let (knowledge, origin) = analyse_uncorrected(path, date, args, need)?;
    if corrections.is_empty() {
        return Ok((knowledge, origin));
    }
    let (knowledge, applied) = corrections::apply(knowledge, &corrections);
    if applied.unmatched.is_empty() {
        note!(args, "kanbao: {} corrections applied", applied.applied);
    } else {
        note!(
            args,
            "kanbao: {} corrections applied, {} no longer match (kanbao correct PATH lists them)",
            applied.applied,
            applied.unmatched.len()
        );
    }
    Ok((knowledge, origin))
}

/// The corrections kept for the bundle at `path` (none if no journal exists yet).
pub fn kept_corrections(path: &Path) -> Result<Vec<Correction>> {
    let Some(journal_path) = corrections::journal::default_path() else {
        return Ok(Vec::new());
    };
    match Journal::open_existing(&journal_path) {
        Ok(Some(journal)) => Ok(journal.corrections(&corrections::journal::bundle_key(path))?),
        Ok(None) => Ok(Vec::new()),
        Err(err) => Err(anyhow::anyhow!(
            "{err} (--no-corrections analyses without them)"
        )),
    }
}

/// The analysis as extracted, from the store or built now.
pub fn analyse_uncorrected(
    path: &Path,
    date: Option<NaiveDate>,
    args: &AnalysisArgs,
    need: Need,
) -> Result<(Knowledge, Origin)> {
    if date.is_some() && carried::is_store(path) {
        anyhow::bail!(
            "a store's articles keep the reference dates they were extracted with: {}",
            path.display()
        );
    }
    // The store's fingerprint does not know `--map`: such an analysis is neither read nor kept.
    let Some(store) = open_store(args).filter(|_| args.map.is_none()) else {
        return Ok((build(path, date, args)?, Origin::Built));
    };
    let fingerprint = match store.recall(path, date, None) {
        Recall::Fresh {
            fingerprint,
            snapshot,
        } => match read(path, date, &snapshot, need, args) {
            Ok(knowledge) => return Ok((knowledge, Origin::Stored)),
            Err(err) => {
                note!(args, "kanbao: {}", Recall::unreadable(&format!("{err:#}")));
                fingerprint
            }
        },
        Recall::Analyse { fingerprint, note } => {
            if let Some(note) = note {
                note!(args, "kanbao: {note}");
            }
            fingerprint
        }
        Recall::Off { note } => {
            if let Some(note) = note {
                note!(args, "kanbao: {note}");
            }
            return Ok((build(path, date, args)?, Origin::Built));
        }
    };
    let (knowledge, findings) = build_with(path, date, args, Some((&store, &fingerprint)))?;
    save(&store, path, &fingerprint, &knowledge, &findings, args);
    Ok((knowledge, Origin::Built))
}

/// The store of these arguments, or `None` with `--no-store` or where no folder is known.
pub fn open_store(args: &AnalysisArgs) -> Option<Store> {
    if args.no_store {
        return None;
    }
    let dir = args.store.clone().or_else(store::default_dir)?;
    match store::this_build() {
        Ok(build) => Some(Store::new(dir, build).with_cap(store::cap_from_env())),
        Err(err) => {
            note!(
                args,
                "kanbao: cannot identify this build, the store is not used ({err})"
            );
            None
        }
    }
}

/// A fresh analysis, drawing a progress bar on stderr when it is a terminal (not `--quiet`).
fn build(path: &Path, date: Option<NaiveDate>, args: &AnalysisArgs) -> Result<Knowledge> {
    Ok(build_with(path, date, args, None)?.0)
}

/// [`build`], reusing the findings `store` keeps of unchanged files and answering every
/// article's findings to store, where a store is given (with the bundle's fingerprint now).
fn build_with(
    path: &Path,
    date: Option<NaiveDate>,
    args: &AnalysisArgs,
    store: Option<(&Store, &Fingerprint)>,
) -> Result<(Knowledge, FindingSections)> {
    let bundle = Arc::new(super::load_bundle_mapped(path, date, args.map.as_ref())?);
    let known = match store {
        Some((store, now)) => {
            let reusable = store.reusable(path, now, &bundle);
            if reusable.files > 0 {
                note!(
                    args,
                    "kanbao: reusing the stored findings of {} unchanged file{} ({} of {} articles)",
                    reusable.files,
                    if reusable.files == 1 { "" } else { "s" },
                    reusable.articles,
                    bundle.articles.len()
                );
            }
            reusable.known
        }
        None => Vec::new(),
    };
    let models = super::shipped_models()?;
    let counter = BuildCounter::default();
    let phase = Mutex::new(None);
    let report = |p: BuildPhase| {
        if let Ok(mut shared) = phase.lock() {
            *shared = Some(p);
        }
    };
    let options = BuildOptions::new(&models)
        .progress(&report)
        .counter(&counter);
    let show = !args.quiet && std::io::stderr().is_terminal();
    let finished = AtomicBool::new(false);
    let built = std::thread::scope(|scope| {
        if show {
            scope.spawn(|| progress_bar(&phase, &counter, &finished));
        }
        // The findings are encoded for the store before grouping consumes them.
        let mut encoded = Ok(FindingSections::default());
        let mut keep = |findings: &[ArticleFindings]| {
            if let Some((store, now)) = store {
                encoded = store.encode_findings(path, now, &bundle, findings);
            }
        };
        let built = Knowledge::build_reusing(Arc::clone(&bundle), &options, known, Some(&mut keep));
        finished.store(true, Ordering::Relaxed);
        built.map(|k| (k, encoded))
    });
    let (knowledge, encoded) = built?;
    let findings = encoded.unwrap_or_else(|err| {
        eprintln!("kanbao: {err}");
        FindingSections::default()
    });
    Ok((knowledge, findings))
}

/// Draws the build's stage and articles done until `finished`, then clears the line.
fn progress_bar(phase: &Mutex<Option<BuildPhase>>, counter: &BuildCounter, finished: &AtomicBool) {
    let style = ProgressStyle::with_template(
        "{msg:<22} [{bar:30}] {pos}/{len} articles · {per_sec} · {eta} left",
    )
    .map(|s| s.progress_chars("=> "));
    let bar = ProgressBar::new(0);
    if let Ok(style) = style {
        bar.set_style(style);
    }
    let mut shown = None;
    while !finished.load(Ordering::Relaxed) {
        let now = phase.lock().ok().and_then(|p| *p);
        let (done, total) = counter.get();
        if now != shown {
            shown = now;
            bar.reset();
            bar.set_length(total as u64);
            bar.set_message(match now {
                Some(BuildPhase::Entities) | None => "finding entities",
                Some(BuildPhase::Timeline) => "extracting events",
                Some(BuildPhase::Search) => "indexing the text",
                Some(BuildPhase::Reading) => "reading the store",
            });
        }
        bar.set_position(done as u64);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

fn save(
    store: &Store,
    path: &Path,
    fingerprint: &Fingerprint,
    knowledge: &Knowledge,
    findings: &FindingSections,
    args: &AnalysisArgs,
) {
    match store.save(path, fingerprint, knowledge, findings) {
        Ok(saved) => note!(
            args,
            "kanbao: analysis stored ({:.1} MB in {:.1} s): {}",
            saved.bytes as f64 / 1e6,
            saved.ms / 1e3,
            saved.path.display()
        ),
        Err(err) => eprintln!("kanbao: {err}"),
    }
}

/// The stored analysis, as much of it as `need` asks.
fn read(
    path: &Path,
    date: Option<NaiveDate>,
    snapshot: &Snapshot,
    need: Need,
    args: &AnalysisArgs,
) -> Result<Knowledge> {
    let started = Instant::now();
    let names = Arc::new(EntityLexicon::shipped()?);
    let knowledge = if need == Need::Everything {
        // The articles load while the sections are read.
        let (bundle, sections) = std::thread::scope(|scope| {
            let bundle = scope.spawn(|| super::load_bundle(path, date));
            (bundle.join(), snapshot.sections())
        });
        let bundle =
            bundle.map_err(|_| anyhow::anyhow!("loading the bundle stopped unexpectedly"))??;
        sections?.into_knowledge(Arc::new(bundle), names)?
    } else {
        for w in snapshot.warnings()? {
            eprintln!("kanbao: warning: {w}");
        }
        let bundle = Bundle {
            name: path.display().to_string(),
            ..Bundle::default()
        };
        Knowledge {
            bundle: Arc::new(bundle),
            entities: if need == Need::Entities {
                snapshot.entities(names)?
            } else {
                Default::default()
            },
            timeline: snapshot.timeline()?,
            search: Default::default(),
            timings: Default::default(),
        }
    };
    note!(
        args,
        "kanbao: read the stored analysis of {} articles in {:.2} s: {}",
        snapshot.articles(),
        started.elapsed().as_secs_f64(),
        snapshot.path().display()
    );
    Ok(knowledge)
}
