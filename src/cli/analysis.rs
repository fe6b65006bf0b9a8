//! The analysis a command works on: read from the store when it answers for the bundle as it
//! is now, else built (and then stored). Every command that shows entities, events or search
//! hits goes through [`analyse`], so their output is the same either way.

use crate::bundle::Bundle;
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::knowledge::{BuildOptions, Knowledge};
use crate::store::{self, Fingerprint, Lookup, Snapshot, Store};
use anyhow::Result;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Where a command keeps its analyses (shared by the commands that analyse).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StoreArgs {
    /// Keep the analysis in this folder (default: $KANBAO_STORE, else the user's cache folder).
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Neither read nor write a stored analysis: analyse the files from scratch.
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,
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
    args: &StoreArgs,
    need: Need,
) -> Result<Knowledge> {
    Ok(analyse_from(path, date, args, need)?.0)
}

/// [`analyse`], saying where the analysis came from.
pub fn analyse_from(
    path: &Path,
    date: Option<NaiveDate>,
    args: &StoreArgs,
    need: Need,
) -> Result<(Knowledge, Origin)> {
    let Some(store) = open_store(args) else {
        return Ok((build(path, date)?, Origin::Built));
    };
    let fingerprint = match store.fingerprint(path, date) {
        Ok(fp) => fp,
        Err(err) => {
            // A missing bundle is the load's error to report, once.
            if path.exists() {
                eprintln!("kanbao: {err}; the store is not used");
            }
            return Ok((build(path, date)?, Origin::Built));
        }
    };
    match store.lookup(path, &fingerprint) {
        Ok(Lookup::Fresh(snapshot)) => match read(path, date, &snapshot, need) {
            Ok(knowledge) => return Ok((knowledge, Origin::Stored)),
            Err(err) => eprintln!("kanbao: {err:#}; analysing again"),
        },
        Ok(Lookup::Stale(why)) => {
            eprintln!("kanbao: the stored analysis was {why}; analysing again");
        }
        Ok(Lookup::Absent) => {}
        Err(err) => eprintln!("kanbao: {err}; analysing again"),
    }
    let knowledge = build(path, date)?;
    save(&store, path, &fingerprint, &knowledge);
    Ok((knowledge, Origin::Built))
}

/// The store of these arguments, or `None` with `--no-store` or where no folder is known.
pub fn open_store(args: &StoreArgs) -> Option<Store> {
    if args.no_store {
        return None;
    }
    let dir = args.store.clone().or_else(store::default_dir)?;
    match store::this_build() {
        Ok(build) => Some(Store::new(dir, build).with_cap(store::cap_from_env())),
        Err(err) => {
            eprintln!("kanbao: cannot identify this build, the store is not used ({err})");
            None
        }
    }
}

fn build(path: &Path, date: Option<NaiveDate>) -> Result<Knowledge> {
    let bundle = super::load_bundle(path, date)?;
    let models = super::shipped_models()?;
    Ok(Knowledge::build(bundle, &BuildOptions::new(&models))?)
}

fn save(store: &Store, path: &Path, fingerprint: &Fingerprint, knowledge: &Knowledge) {
    match store.save(path, fingerprint, knowledge) {
        Ok(saved) => eprintln!(
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
    eprintln!(
        "kanbao: read the stored analysis of {} articles in {:.2} s: {}",
        snapshot.articles(),
        started.elapsed().as_secs_f64(),
        snapshot.path().display()
    );
    Ok(knowledge)
}
