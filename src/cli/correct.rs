//! `kanbao correct PATH [OPERATION]`: correct what extraction got wrong, kept for the bundle in
//! the corrections journal and honoured by every command (and the app). Without an operation it
//! lists the corrections in force; `--export FILE` and `--import FILE` share them as JSON.

use super::analysis::{AnalysisArgs, Need, analyse_from, kept_corrections};
use crate::corrections::journal::{self, Journal};
use crate::corrections::{Correction, CorrectionsFile, EventKey, apply, date_value_precision};
use crate::extract::events::EventKind;
use crate::extract::ner::EntityKind;
use crate::knowledge::Knowledge;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    #[command(subcommand)]
    pub operation: Option<Operation>,
    /// Write the bundle's corrections to FILE as JSON (atomically).
    #[arg(long, value_name = "FILE", conflicts_with = "import")]
    pub export: Option<PathBuf>,
    /// Add the corrections of a JSON FILE (those not in force already).
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Operation {
    /// The second entity and its mentions become part of the first.
    Merge { keep: String, absorb: String },
    /// The mentions of an entity written ALIAS become an entity of their own.
    Split { entity: String, alias: String },
    /// Give an entity another name (the old one stays an alias).
    Rename { entity: String, new_name: String },
    /// Change an entity's kind (PER, LOC, ORG, WORK, CRAFT, FACILITY or EVENT).
    Kind { entity: String, kind: String },
    /// Hide an entity and its mentions everywhere.
    Hide { entity: String },
    /// Drop an event from the timeline (ID as `timeline` prints it).
    RejectEvent { id: String },
    /// Give an event another title.
    RetitleEvent { id: String, title: String },
    /// Change an event's kind.
    EventKind { id: String, kind: String },
    /// Change an event's date (2024-11-04, 2024-11, 2024, 2024-11-04/2024-11-06).
    EventDate { id: String, value: String },
    /// Take back the latest correction.
    Undo,
    /// Make the latest correction taken back count again.
    Redo,
}

pub fn run(args: &CorrectArgs) -> Result<()> {
    let journal_path = journal::default_path()
        .ok_or_else(|| anyhow!("no folder for the corrections journal: set KANBAO_CORRECTIONS"))?;
    let bundle = journal::bundle_key(&args.path);
    if (args.export.is_some() || args.import.is_some()) && args.operation.is_some() {
        bail!("--export and --import take no operation");
    }
    if !args.path.exists() {
        bail!("no such file or folder: {}", args.path.display());
    }
    if let Some(file) = &args.export {
        let corrections = kept_corrections(&args.path)?;
        crate::atomic::write_atomic(file, &CorrectionsFile::new(corrections.clone()).to_json())
            .map_err(|e| super::file_error("cannot write", file, e))?;
        super::say(format_args!(
            "exported {} corrections to {}",
            corrections.len(),
            file.display()
        ))?;
        return Ok(());
    }
    let mut journal = Journal::open(&journal_path)?;
    if let Some(file) = &args.import {
        let bytes = std::fs::read(file).map_err(|e| super::file_error("cannot read", file, e))?;
        let shared =
            CorrectionsFile::from_json(&bytes).map_err(|e| anyhow!("{e}: {}", file.display()))?;
        let added = journal.import(&bundle, &shared.corrections)?;
        super::say(format_args!(
            "imported {added} of {} corrections ({} in force already)",
            shared.corrections.len(),
            shared.corrections.len() - added
        ))?;
        return Ok(());
    }
    match &args.operation {
        None => list(&journal, &bundle, args),
        Some(Operation::Undo) => {
            match journal.undo(&bundle)? {
                Some(entry) => super::say(format_args!("undone: {}", entry.correction.describe()))?,
                None => super::say(format_args!("nothing to undo"))?,
            }
            Ok(())
        }
        Some(Operation::Redo) => {
            match journal.redo(&bundle)? {
                Some(entry) => super::say(format_args!("redone: {}", entry.correction.describe()))?,
                None => super::say(format_args!("nothing to redo"))?,
            }
            Ok(())
        }
        Some(op) => {
            let need = if matches!(op, Operation::Split { .. }) {
                Need::Everything
            } else {
                Need::Entities
            };
            let (knowledge, _) = analyse_from(&args.path, args.date, &args.store, need)?;
            let correction = resolve(&knowledge, op)?;
            // A correction that changes nothing is refused rather than kept to no effect.
            let (_, applied) = apply(knowledge, std::slice::from_ref(&correction));
            if applied.applied == 0 {
                bail!("{} changes nothing here", correction.describe());
            }
            let seq = journal.add(&bundle, &correction)?;
            super::say(format_args!("corrected ({seq}): {}", correction.describe()))?;
            Ok(())
        }
    }
}

/// The corrections in force, one line each, marking those that no longer match.
fn list(journal: &Journal, bundle: &str, args: &CorrectArgs) -> Result<()> {
    let entries = journal.entries(bundle)?;
    if entries.is_empty() {
        super::say(format_args!("no corrections for {}", args.path.display()))?;
        return Ok(());
    }
    // Which no longer match: applied one by one against the analysis as extracted.
    let list: Vec<Correction> = entries.iter().map(|e| e.correction.clone()).collect();
    let need = if list.iter().any(Correction::needs_text) {
        Need::Everything
    } else {
        Need::Entities
    };
    let raw = AnalysisArgs {
        no_corrections: true,
        ..args.store.clone()
    };
    let (knowledge, _) = analyse_from(&args.path, args.date, &raw, need)?;
    let (_, applied) = apply(knowledge, &list);
    for e in &entries {
        let stale = if applied.unmatched.contains(&e.correction) {
            "  (no longer matches)"
        } else {
            ""
        };
        super::say(format_args!(
            "{:>5}  {}  {}{stale}",
            e.seq,
            e.made,
            e.correction.describe()
        ))?;
    }
    Ok(())
}

/// The correction an operation asks for, its names and events as the corrected analysis knows
/// them: canonical names, events by the sentence that tells them.
fn resolve(knowledge: &Knowledge, op: &Operation) -> Result<Correction> {
    let entity = |name: &str| -> Result<String> {
        let table = &knowledge.entities;
        table
            .find_by_name(name)
            .into_iter()
            .filter_map(|id| table.entities.get(id.index()))
            .max_by_key(|e| e.count)
            .map(|e| e.name.clone())
            .ok_or_else(|| anyhow!("no entity named {name}"))
    };
    let event = |id: &str| -> Result<EventKey> {
        knowledge
            .timeline
            .events
            .iter()
            .find(|e| e.id == id)
            .and_then(EventKey::of)
            .ok_or_else(|| anyhow!("no event {id} (ids as `kanbao timeline` prints them)"))
    };
    Ok(match op {
        Operation::Merge { keep, absorb } => {
            let (into, from) = (entity(keep)?, entity(absorb)?);
            if into == from {
                bail!("{keep} and {absorb} are one entity already ({into})");
            }
            Correction::Merge { into, from }
        }
        Operation::Split {
            entity: name,
            alias,
        } => Correction::Split {
            entity: entity(name)?,
            alias: alias.clone(),
        },
        Operation::Rename {
            entity: name,
            new_name,
        } => {
            let to = new_name.trim();
            if to.is_empty() {
                bail!("an entity needs a name");
            }
            Correction::Rename {
                entity: entity(name)?,
                to: to.to_string(),
            }
        }
        Operation::Kind { entity: name, kind } => Correction::SetKind {
            entity: entity(name)?,
            kind: entity_kind(kind)?,
        },
        Operation::Hide { entity: name } => Correction::Hide {
            entity: entity(name)?,
        },
        Operation::RejectEvent { id } => Correction::RejectEvent { event: event(id)? },
        Operation::RetitleEvent { id, title } => {
            let title = title.trim();
            if title.is_empty() {
                bail!("an event needs a title");
            }
            Correction::RetitleEvent {
                event: event(id)?,
                title: title.to_string(),
            }
        }
        Operation::EventKind { id, kind } => Correction::SetEventKind {
            event: event(id)?,
            kind: event_kind(kind)?,
        },
        Operation::EventDate { id, value } => {
            date_value_precision(value).with_context(|| {
                format!("{value:?} is not a date (2024-11-04, 2024-11, 2024 or a/b)")
            })?;
            Correction::SetEventDate {
                event: event(id)?,
                value: value.clone(),
            }
        }
        Operation::Undo | Operation::Redo => bail!("undo and redo are not corrections"),
    })
}

fn entity_kind(label: &str) -> Result<EntityKind> {
    EntityKind::from_label(&label.to_ascii_uppercase()).ok_or_else(|| {
        anyhow!(
            "unknown kind {label:?}: expected {}",
            super::one_of(EntityKind::ALL.map(EntityKind::as_str))
        )
    })
}

fn event_kind(label: &str) -> Result<EventKind> {
    EventKind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(label))
        .ok_or_else(|| {
            anyhow!(
                "unknown event kind {label:?}: expected {}",
                super::one_of(EventKind::ALL.map(EventKind::as_str))
            )
        })
}
