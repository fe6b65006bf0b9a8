//! `kanbao entities PATH [--json] [--kind KIND]`

use super::analysis::{AnalysisArgs, Need, analyse};
use crate::bundle::TextSpan;
use crate::extract::ner::EntityKind;
use crate::knowledge::entities::Entity;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Print a JSON array of entities with all their mentions.
    #[arg(long)]
    pub json: bool,
    #[arg(long, help = format!("Only entities of this kind: {}", kind_labels()))]
    pub kind: Option<String>,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

#[derive(Serialize)]
struct MentionOut {
    #[serde(flatten)]
    span: TextSpan,
    text: String,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    #[serde(flatten)]
    entity: &'a Entity,
    mentions: Vec<MentionOut>,
}

/// The entity kinds' labels: `PER, LOC, … or EVENT`.
fn kind_labels() -> String {
    super::one_of(EntityKind::ALL.map(EntityKind::as_str))
}

pub fn run(args: &EntitiesArgs) -> Result<()> {
    let kind = match args.kind.as_deref() {
        None => None,
        Some(k) => match EntityKind::from_label(&k.to_ascii_uppercase()) {
            Some(k) => Some(k),
            None => bail!("unknown kind {k:?}: expected {}", kind_labels()),
        },
    };
    // Mentions in JSON carry their text: that needs the articles.
    let need = if args.json {
        Need::Everything
    } else {
        Need::Entities
    };
    let knowledge = analyse(&args.path, args.date, &args.store, need)?;
    let table = &knowledge.entities;
    let selected = table
        .entities
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let texts = knowledge.mention_texts();
        let list: Vec<EntityOut> = selected
            .map(|e| EntityOut {
                entity: e,
                mentions: table
                    .by_entity
                    .get(e.id.index())
                    .into_iter()
                    .flatten()
                    .map(|&i| MentionOut {
                        span: table.mentions[i as usize].span,
                        text: texts[i as usize].clone(),
                    })
                    .collect(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        for e in selected {
            let role = if e.role.is_some() { " (reporter)" } else { "" };
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!("  = {}", e.aliases.join(", "))
            };
            writeln!(
                out,
                "{:>6}  {}  {}{role}{aliases}  [{} articles]",
                e.count,
                e.kind,
                e.name,
                e.articles.len()
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
