//! `kanbao merge SHARDS... -o STORE`: the reduce after `kanbao extract` (or the Spark job).
//! Reads the shards' records, puts the articles back in the loader's order, groups entities,
//! merges events and builds the search index from the findings as given (no article is read
//! again), and writes a store folder that carries its articles ([`crate::store::carried`]): every
//! command and the app open it as a bundle, with the answers `kanbao index` gives on the input.

use crate::bundle::{ArticleId, Bundle};
use crate::knowledge::{ArticleFindings, BuildOptions, Knowledge};
use crate::store::shard::{self, ShardRecord};
use crate::store::{self, carried};
use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shards: JSON Lines written by `kanbao extract`, Parquet files of the Spark job, or
    /// folders of them (walked; hidden files and those starting with `_` skipped).
    #[arg(required = true, value_name = "SHARDS")]
    pub shards: Vec<PathBuf>,
    /// The store folder to write (made if missing; an existing store in it is replaced).
    #[arg(long, short, value_name = "STORE")]
    pub output: PathBuf,
    /// No notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &MergeArgs) -> Result<()> {
    let started = Instant::now();
    check_output(&args.output)?;
    let files = shard::shard_files(&args.shards)?;
    if files.is_empty() {
        bail!("no shard files (.jsonl, .json, .parquet) in the paths given");
    }
    let records = read_all(&files)?;
    let read_s = started.elapsed().as_secs_f64();
    let (bundle, known) = in_load_order(records, &args.output)?;
    let articles = bundle.articles.len();
    let models = super::shipped_models()?;
    let knowledge = Knowledge::build_reusing(bundle, &BuildOptions::new(&models), known, None)?;
    let build = store::this_build().context("cannot identify this build")?;
    let saved = carried::write(&args.output, &build, &knowledge)?;
    if !args.quiet {
        eprintln!(
            "kanbao: read {} shard file{} in {read_s:.1} s; stored {:.1} MB in {:.1} s",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            saved.bytes as f64 / 1e6,
            saved.ms / 1e3,
        );
    }
    println!(
        "merged: {articles} articles, {} entities, {} mentions, {} events in {:.1} s: {}",
        knowledge.entities.entities.len(),
        knowledge.entities.mentions.len(),
        knowledge.timeline.events.len(),
        started.elapsed().as_secs_f64(),
        args.output.display()
    );
    Ok(())
}

/// The output may be a new folder, an empty one or a store folder; never a folder of other
/// files (the shards themselves, a bundle).
fn check_output(output: &Path) -> Result<()> {
    if carried::is_store(output) || !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        bail!("the output must be a folder: {}", output.display());
    }
    let empty = std::fs::read_dir(output)
        .map_err(|e| super::file_error("cannot read", output, e))?
        .next()
        .is_none();
    if !empty {
        bail!(
            "the output folder holds other files, not a store: {}",
            output.display()
        );
    }
    Ok(())
}

/// Every record of `files`, read side by side.
fn read_all(files: &[PathBuf]) -> Result<Vec<ShardRecord>> {
    let parts: Vec<Vec<ShardRecord>> = files
        .par_iter()
        .map(|f| shard::read_shard(f))
        .collect::<Result<_, _>>()?;
    let mut records = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        records.extend(part);
    }
    Ok(records)
}

/// The articles in the loader's order, numbered 0.., with their findings moved along.
fn in_load_order(
    mut records: Vec<ShardRecord>,
    output: &Path,
) -> Result<(Bundle, Vec<Option<ArticleFindings>>)> {
    records.par_sort_unstable_by_key(|r| r.order);
    if let Some(twice) = records.windows(2).find(|w| w[0].order == w[1].order) {
        let a = &twice[0].article;
        bail!(
            "an article is in the shards twice (the same input extracted twice?): {}:{}",
            a.source.file,
            a.source.line_start
        );
    }
    let mut articles = Vec::with_capacity(records.len());
    let mut known = Vec::with_capacity(records.len());
    for (i, record) in records.into_iter().enumerate() {
        let mut article = record.article;
        let by = i as i64 - i64::from(article.id.get());
        article.id = ArticleId::from_index(i).context("too many articles for one store")?;
        known.push(Some(record.findings.moved(by)));
        articles.push(article);
    }
    let bundle = Bundle {
        name: output.display().to_string(),
        articles,
        ..Bundle::default()
    };
    Ok((bundle, known))
}
