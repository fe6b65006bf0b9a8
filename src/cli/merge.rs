//! `kanbao merge SHARDS... -o STORE`: the reduce after `kanbao extract` (or the Spark job).
//! Locates the shards' records and reads them back in the loader's order a store section at a
//! time: each section's articles are numbered, written into the store folder and indexed for
//! search, then kept without their text; their mentions and event candidates are set aside in
//! temporary files. Then the entities are grouped, the events merged and the store folder put
//! in place ([`crate::store::carried`]): every command and the app open it as a bundle, with
//! the answers `kanbao index` gives on the input. No article is analysed again, and the text
//! is never held whole: memory grows with the mentions, events and search index, not with
//! the articles' text (scale/README.md has the figures).

use crate::bundle::ArticleId;
use crate::extract::events::EventCandidate;
use crate::knowledge::entities::Mention;
use crate::knowledge::grouping::{self, ArticleFound, FoundIn, FoundSource};
use crate::knowledge::reduce;
use crate::knowledge::reduce::PlacedCandidate;
use crate::knowledge::search::SpillingIndexBuilder;
use crate::knowledge::timeline::Citation;
use crate::store;
use crate::store::carried::{self, ARTICLES_PER_SECTION, CarriedWriter};
use crate::store::codec::{self, EntitiesView};
use crate::store::shard::{self, LoadOrder};
use crate::store::spool::Spool;
use anyhow::{Context as _, Result, bail};
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
    let temp = TempFolder::create(&args.output)?;
    let order = LoadOrder::locate(&files, temp.path())?;
    if let Some(twice) = order.twice() {
        let record = order.reader().read(std::slice::from_ref(twice))?;
        let a = record.first().map(|r| &r.article.source);
        bail!(
            "an article is in the shards twice (the same input extracted twice?): {}:{}",
            a.map_or("", |s| s.file.as_str()),
            a.map_or(0, |s| s.line_start)
        );
    }
    let located_s = started.elapsed().as_secs_f64();
    let note = |what: &str| {
        if !args.quiet {
            let peak =
                peak_memory().map_or_else(String::new, |mb| format!(", peak memory {mb} MB"));
            eprintln!(
                "kanbao: {what} ({:.1} s{peak})",
                started.elapsed().as_secs_f64()
            );
        }
    };
    note(&format!(
        "located {} records in {} shard file{} in {located_s:.1} s",
        order.records().len(),
        files.len(),
        if files.len() == 1 { "" } else { "s" },
    ));
    let models = reduce::GroupingModels::shipped().context("cannot load the shipped lexicons")?;
    let build = store::this_build().context("cannot identify this build")?;
    let mut writer = CarriedWriter::create(&args.output, &build)?;
    let mut streamed = stream_articles(&order, &mut writer, temp.path())?;
    let articles = streamed.articles;
    note("articles stored and indexed");
    let grouped = group(&mut streamed, &models, &writer, temp.path())?;
    note("entities grouped");
    let shares = grouped.shares.finish().map_err(aside_error)?;
    let events = write_timeline(shares, &writer, temp.path())?;
    writer.encode("warnings", &codec::warnings_section(&[]))?;
    let saved = writer.commit()?;
    drop(temp);
    note(&format!(
        "events merged, {:.1} MB stored",
        saved.bytes as f64 / 1e6
    ));
    super::say(format_args!(
        "merged: {articles} articles, {} entities, {} mentions, {} events in {:.1} s: {}",
        grouped.entities,
        grouped.mentions,
        events,
        started.elapsed().as_secs_f64(),
        args.output.display()
    ))?;
    Ok(())
}

/// What grouping leaves: counts for the closing line, and the event candidates set aside by
/// share with their entities.
struct Grouped {
    entities: usize,
    mentions: usize,
    shares: Shares,
}

/// Groups the entities from the mentions set aside and writes them (the entities whole, the
/// mentions a block of articles a section as they are placed); each article's event
/// candidates, read in article order, take the entities of their sentences as soon as the
/// article's mentions are placed, then go to their shares.
fn group(
    streamed: &mut Streamed,
    models: &reduce::GroupingModels,
    writer: &CarriedWriter,
    temp: &Path,
) -> Result<Grouped> {
    let mut shares = Shares::create(temp).map_err(aside_error)?;
    let mut blocks = MentionBlocks::default();
    let mut ordered = streamed
        .candidates
        .reader()
        .map_err(aside_error)?
        .peekable();
    let mut placed = |article: ArticleId, mentions: &[Mention]| -> Result<(), String> {
        blocks.add(article, mentions, writer)?;
        let mut these = Vec::new();
        while let Some(next) =
            ordered.next_if(|c| c.as_ref().is_ok_and(|c| c.1.article() == article))
        {
            these.push(next?);
        }
        let (citations, mut candidates): (Vec<Citation>, Vec<EventCandidate>) =
            these.into_iter().unzip();
        reduce::attach_entities_of(&mut candidates, mentions);
        citations
            .into_iter()
            .zip(candidates)
            .try_for_each(|(citation, c)| shares.push(citation, c))
    };
    let entities =
        reduce::group_entities(&mut streamed.mentions, models, &mut placed).map_err(aside_error)?;
    if let Some(left) = ordered.next() {
        let cause = left.map_or_else(
            |e| e,
            |c| format!("a candidate of article {} left over", c.1.article()),
        );
        return Err(aside_error(cause));
    }
    let mentions = blocks.finish(streamed.articles, writer)?;
    let view = EntitiesView {
        entities: &entities,
        mentions: &[],
    };
    writer.encode("entities", &view)?;
    Ok(Grouped {
        entities: entities.len(),
        mentions,
        shares,
    })
}

/// Merges each share's events and sets them aside in timeline order, then writes the timeline
/// section from those runs, merged in timeline order (its ids made unique as they go): the
/// events are never held together. The number of events.
fn write_timeline(
    shares: Vec<Spool<PlacedCandidate>>,
    writer: &CarriedWriter,
    temp: &Path,
) -> Result<usize> {
    let mut runs = Vec::with_capacity(shares.len());
    let mut total = 0;
    for (n, share) in shares.into_iter().enumerate() {
        let events = reduce::share_events(share.read_all().map_err(aside_error)?);
        let mut run = Spool::create(&temp.join(format!("events-{n}"))).map_err(aside_error)?;
        for block in events.chunks(SHARE_BLOCK) {
            run.push(block).map_err(aside_error)?;
        }
        total += events.len();
        runs.push(run);
    }
    let mut readers = runs
        .iter_mut()
        .map(Spool::reader)
        .collect::<Result<Vec<_>, _>>()
        .map_err(aside_error)?;
    let mut heads = readers
        .iter_mut()
        .map(|r| r.next().transpose())
        .collect::<Result<Vec<_>, _>>()
        .map_err(aside_error)?;
    let mut ids = reduce::UniqueIds::default();
    // The section as `Timeline` encodes: the number of events, then each in order.
    writer.write_section("timeline", |out| {
        let mut count = Vec::new();
        let mut n = total as u64;
        while n >= 0x80 {
            count.push((n as u8) | 0x80);
            n >>= 7;
        }
        count.push(n as u8);
        out.write_all(&count)?;
        loop {
            let next = heads
                .iter()
                .enumerate()
                .filter_map(|(i, head)| Some((i, head.as_ref()?)))
                .min_by(|a, b| reduce::ranked_order(a.1, b.1))
                .map(|(i, _)| i);
            let Some(i) = next else { break };
            let (Some(head), Some(reader)) = (heads.get_mut(i), readers.get_mut(i)) else {
                break;
            };
            let taken = head.take();
            *head = reader.next().transpose().map_err(std::io::Error::other)?;
            if let Some((_, mut event)) = taken {
                ids.apply(&mut event);
                // Whole, not through `postcard::to_io`, which flushes (a compressed block an
                // event).
                let bytes = postcard::to_stdvec(&event).map_err(std::io::Error::other)?;
                out.write_all(&bytes)?;
            }
        }
        Ok(())
    })?;
    Ok(total)
}

/// The mentions of the current block of articles, written as a store section
/// ([`codec::mentions_section`]) once the next block begins.
#[derive(Default)]
struct MentionBlocks {
    block: usize,
    mentions: Vec<Mention>,
    written: usize,
}

impl MentionBlocks {
    /// Adds an article's mentions (articles come in order).
    fn add(
        &mut self,
        article: ArticleId,
        mentions: &[Mention],
        writer: &CarriedWriter,
    ) -> Result<(), String> {
        while self.block < article.index() / ARTICLES_PER_SECTION {
            self.write(writer).map_err(|e| e.to_string())?;
        }
        self.mentions.extend_from_slice(mentions);
        Ok(())
    }

    fn write(&mut self, writer: &CarriedWriter) -> Result<(), store::StoreError> {
        let name = codec::mentions_section(self.block);
        writer.encode(&name, &codec::MentionsView(&self.mentions))?;
        self.written += self.mentions.len();
        self.mentions.clear();
        self.block += 1;
        Ok(())
    }

    /// Writes the last blocks of a bundle of `articles` articles; the mentions written.
    fn finish(mut self, articles: usize, writer: &CarriedWriter) -> Result<usize> {
        while self.block < articles.div_ceil(ARTICLES_PER_SECTION) {
            self.write(writer)?;
        }
        Ok(self.written)
    }
}

/// What the reduce keeps of the articles once their text is stored and indexed: nothing of
/// the articles themselves.
struct Streamed {
    /// Articles stored.
    articles: usize,
    /// Each article's mentions as found (and the people its datelines credit), set aside
    /// until grouping reads them (three times, never all at once).
    mentions: Spool<FoundIn>,
    /// Every article's event candidates (headlines aligned) with their articles' citations,
    /// in article order, set aside until the entities they name are grouped.
    candidates: Spool<(Citation, EventCandidate)>,
}

/// Event candidates set aside by share ([`reduce::share_of`]), each with its place among all
/// (in article order); a few hundred of a share wait in memory before they are written.
struct Shares {
    spools: Vec<Spool<PlacedCandidate>>,
    waiting: Vec<Vec<PlacedCandidate>>,
    placed: u64,
}

/// Candidates of one share that wait in memory before they are written.
const SHARE_BLOCK: usize = 256;

impl Shares {
    fn create(temp: &Path) -> Result<Shares, String> {
        Ok(Shares {
            spools: (0..reduce::SHARES)
                .map(|n| Spool::create(&temp.join(format!("share-{n}"))))
                .collect::<Result<_, _>>()?,
            waiting: vec![Vec::new(); reduce::SHARES],
            placed: 0,
        })
    }

    /// Sets the next candidate (in article order) aside.
    fn push(&mut self, citation: Citation, candidate: EventCandidate) -> Result<(), String> {
        let share = reduce::share_of(&candidate);
        let (Some(waiting), Some(spool)) =
            (self.waiting.get_mut(share), self.spools.get_mut(share))
        else {
            return Err(format!("no share {share}"));
        };
        waiting.push((self.placed, citation, candidate));
        self.placed += 1;
        if waiting.len() >= SHARE_BLOCK {
            spool.push(waiting)?;
            waiting.clear();
        }
        Ok(())
    }

    /// Every share's spool, all candidates written.
    fn finish(mut self) -> Result<Vec<Spool<PlacedCandidate>>, String> {
        for (spool, waiting) in self.spools.iter_mut().zip(&self.waiting) {
            if !waiting.is_empty() {
                spool.push(waiting)?;
            }
        }
        Ok(self.spools)
    }
}

impl FoundSource for &mut Spool<FoundIn> {
    type Error = String;

    fn each_article(&mut self, each: &mut dyn FnMut(ArticleFound<'_>)) -> Result<(), String> {
        self.each(|found| each(found.as_found()))
    }
}

fn aside_error(cause: String) -> anyhow::Error {
    anyhow::anyhow!("cannot use the merge's temporary files ({cause})")
}

/// Reads the records in load order a store section at a time: each article numbered, written
/// into the store and indexed for search, its findings set aside; the search index is
/// written once every article is in.
fn stream_articles(order: &LoadOrder, writer: &mut CarriedWriter, temp: &Path) -> Result<Streamed> {
    let mut streamed = Streamed {
        articles: 0,
        mentions: Spool::create(&temp.join("mentions")).map_err(aside_error)?,
        candidates: Spool::create(&temp.join("candidates")).map_err(aside_error)?,
    };
    let mut search = SpillingIndexBuilder::create(&temp.join("search-runs"))
        .map_err(|e| aside_error(e.to_string()))?;
    let mut reader = order.reader();
    for block in order.records().chunks(ARTICLES_PER_SECTION) {
        let mut articles = Vec::with_capacity(block.len());
        let mut mentions = Vec::with_capacity(block.len());
        let mut candidates = Vec::new();
        for record in reader.read(block)? {
            let i = streamed.articles + articles.len();
            let mut article = record.article;
            let by = i as i64 - i64::from(article.id.get());
            article.id = ArticleId::from_index(i).context("too many articles for one store")?;
            let findings = record.findings.moved(by);
            mentions.push(FoundIn {
                article: article.id,
                found: findings.mentions,
                credited: grouping::credited(&article),
            });
            let citation = Citation::of(&article);
            candidates.extend(findings.events.into_iter().map(|c| (citation.clone(), c)));
            articles.push(article);
        }
        streamed.mentions.push(&mentions).map_err(aside_error)?;
        let (citations, mut aligned): (Vec<Citation>, Vec<EventCandidate>) =
            candidates.into_iter().unzip();
        reduce::align_headlines(&mut aligned);
        let aligned: Vec<(Citation, EventCandidate)> = citations.into_iter().zip(aligned).collect();
        streamed.candidates.push(&aligned).map_err(aside_error)?;
        writer.articles(&articles)?;
        search
            .add(&articles)
            .map_err(|e| aside_error(e.to_string()))?;
        streamed.articles += articles.len();
    }
    writer.write_section("search", |out| search.write_index(out))?;
    Ok(streamed)
}

/// A folder for the merge's temporary files (Parquet shards copied as JSON Lines, the event
/// candidates set aside) inside the output folder, removed when dropped.
struct TempFolder(PathBuf);

impl TempFolder {
    fn create(output: &Path) -> Result<TempFolder> {
        let path = output.join(format!("{SPOOL_PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|e| super::file_error("cannot make", &path, e))?;
        Ok(TempFolder(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The peak resident memory of this process so far in MB, where the system tells it (Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// The name of a merge's temporary folder inside the output, before its process id.
const SPOOL_PREFIX: &str = ".kanbao-merge-";

/// The output may be a new folder, an empty one or a store folder; never a folder of other
/// files (the shards themselves, a bundle).
fn check_output(output: &Path) -> Result<()> {
    if carried::is_store(output) || !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        bail!("the output must be a folder: {}", output.display());
    }
    // A merge that was killed leaves its temporary folder behind.
    let empty = std::fs::read_dir(output)
        .map_err(|e| super::file_error("cannot read", output, e))?
        .flatten()
        .all(|e| e.file_name().to_string_lossy().starts_with(SPOOL_PREFIX));
    if !empty {
        bail!(
            "the output folder holds other files, not a store: {}",
            output.display()
        );
    }
    Ok(())
}
