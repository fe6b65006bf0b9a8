//! `kanbao extract [PATH]`: the per-article pass of an analysis as a streaming filter. Articles
//! (JSON Lines records on standard input, or any bundle PATH) → one JSON line per article on
//! standard output ([`ShardRecord`]: where it stands, the article as loaded, its findings), in
//! input order, deterministic. Standard input and JSON Lines files are read in batches whose
//! articles are analysed side by side, so memory stays flat however long the input; other
//! bundles are loaded whole. `kanbao merge` groups the shards into a store.

use crate::bundle::source::{self, Format};
use crate::bundle::{Article, ArticleId, JsonLinesBatches};
use crate::knowledge::{BuildOptions, Knowledge};
use crate::models::Models;
use crate::store::shard::{Order, ShardRecord};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Lines read (and articles analysed side by side) per batch, at most.
const BATCH_LINES: usize = 2048;
/// Bytes read per batch, at most (a batch ends at a line's end past this).
const BATCH_BYTES: usize = 16 << 20;

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// A file or folder; nothing or `-`: JSON Lines records on standard input.
    #[arg(help = format!("{} (nothing or -: JSON Lines on standard input)", super::path_help()))]
    pub path: Option<PathBuf>,
    /// The file name articles from standard input report as their source (as the loader names
    /// a file given as PATH); also read for a date, as the loader reads file names.
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub name: String,
    /// Lines of the file before the first line on standard input (for a part of a file).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub lines_before: usize,
    /// The rank of standard input's file among the input's files (0 for the first): where its
    /// articles go when shards are merged.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub file_rank: u32,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

pub fn run(args: &ExtractArgs) -> Result<()> {
    let models = super::shipped_models()?;
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    let mut sink = Sink {
        models: &models,
        out: &mut out,
        next: 0,
    };
    match args.path.as_deref() {
        None => stream(&mut std::io::stdin().lock(), args, &mut sink)?,
        Some(p) if p == Path::new("-") => stream(&mut std::io::stdin().lock(), args, &mut sink)?,
        Some(path) if streamable(path) => {
            let counter = std::sync::atomic::AtomicU64::new(0);
            let options = super::load_options(args.date, None)?;
            let mut opened = source::open(path, &counter, options.expansion)
                .map_err(|e| super::file_error("cannot read", path, e))?;
            let named = ExtractArgs {
                path: None,
                name: path.display().to_string(),
                lines_before: 0,
                file_rank: 0,
                date: args.date,
            };
            stream(&mut *opened.reader, &named, &mut sink).map_err(|e| {
                if super::is_broken_pipe(&e) {
                    e
                } else {
                    anyhow::anyhow!("cannot read ({e:#}): {}", path.display())
                }
            })?;
        }
        Some(path) => whole(path, args.date, &mut sink)?,
    }
    out.flush()?;
    Ok(())
}

/// A JSON Lines file (by its name, through a compression suffix): streamed.
fn streamable(path: &Path) -> bool {
    path.is_file() && source::format_from_name(path) == Some(Format::JsonLines)
}

/// Where analysed articles go: their records, in order, to `out`.
struct Sink<'a, W: Write> {
    models: &'a Models,
    out: &'a mut W,
    /// Articles written so far.
    next: u64,
}

impl<W: Write> Sink<'_, W> {
    /// Analyses `articles` side by side and writes their records in order; `file_of` gives the
    /// rank of an article's file.
    fn write(
        &mut self,
        mut articles: Vec<Article>,
        file_of: &(dyn Fn(&Article) -> u32 + Sync),
    ) -> Result<()> {
        let first = self.next;
        for (i, a) in articles.iter_mut().enumerate() {
            let n = usize::try_from(first)?.saturating_add(i);
            a.id = ArticleId::from_index(n).context("too many articles for one extract")?;
        }
        let findings = Knowledge::find(&articles, &BuildOptions::new(self.models))?;
        let lines: Vec<Vec<u8>> = articles
            .into_par_iter()
            .zip(findings)
            .enumerate()
            .map(|(i, (article, findings))| {
                let record = ShardRecord {
                    order: Order {
                        file: file_of(&article),
                        line: article.source.line_start as u64,
                        n: first + i as u64,
                    },
                    article,
                    findings,
                };
                serde_json::to_vec(&record)
            })
            .collect::<Result<_, _>>()?;
        for line in &lines {
            self.out.write_all(line)?;
            self.out.write_all(b"\n")?;
        }
        self.next += lines.len() as u64;
        Ok(())
    }
}

/// JSON Lines records from `input`, batch by batch.
fn stream<W: Write>(
    input: &mut dyn BufRead,
    args: &ExtractArgs,
    sink: &mut Sink<'_, W>,
) -> Result<()> {
    let mut batches = JsonLinesBatches::new(&args.name, args.date).after_lines(args.lines_before);
    let mut chunk = Vec::with_capacity(BATCH_BYTES);
    let mut first = true;
    loop {
        chunk.clear();
        let mut lines = 0;
        while lines < BATCH_LINES && chunk.len() < BATCH_BYTES {
            if input.read_until(b'\n', &mut chunk)? == 0 {
                break;
            }
            lines += 1;
        }
        if lines == 0 {
            return Ok(());
        }
        // A file read whole in one batch gets its dates as the loader gives a file's.
        let whole = first && args.lines_before == 0 && input.fill_buf()?.is_empty();
        first = false;
        let (articles, warnings) = batches.parse(&chunk, whole);
        for w in warnings {
            eprintln!("kanbao: warning: {w}");
        }
        sink.write(articles, &|_| args.file_rank)?;
    }
}

/// Any bundle, loaded whole, analysed in batches; files ranked in load order.
fn whole<W: Write>(path: &Path, date: Option<NaiveDate>, sink: &mut Sink<'_, W>) -> Result<()> {
    let bundle = super::load_bundle(path, date)?;
    let mut ranks: HashMap<String, u32> = HashMap::new();
    for a in &bundle.articles {
        let next = u32::try_from(ranks.len())?;
        ranks.entry(a.source.file.clone()).or_insert(next);
    }
    let rank = |a: &Article| ranks.get(&a.source.file).copied().unwrap_or(0);
    let mut articles = bundle.articles.into_iter();
    loop {
        let batch: Vec<Article> = articles.by_ref().take(BATCH_LINES).collect();
        if batch.is_empty() {
            break;
        }
        sink.write(batch, &rank)?;
    }
    Ok(())
}
