//! The analysis store: a bundle's analysis kept on disk, so the next open of the same files
//! reads it instead of analysing again.
//!
//! A store answers only for the fingerprint it was written with ([`Fingerprint`]: each file's
//! path, size, modification time and content hash, the reference date given, and the build of
//! kanbao that analysed them), so a changed file, another `--date` or a new build means a fresh
//! analysis, never a stale answer. One SQLite file per bundle ([`db`]) holds the sections
//! ([`codec`]): entities, timeline, search index and the load's warnings. A damaged, truncated
//! or foreign file reads as [`StoreError::Damaged`]: the caller says so in one line and analyses
//! again. Writes go through a temporary file and a rename, so a crash mid-write leaves the
//! previous store usable and a second app reading it undisturbed.
//!
//! Where: `--store DIR`, else `KANBAO_STORE`, else the platform's cache folder
//! ([`default_dir`]); the folder is kept under a size cap by dropping the least recently used
//! stores. A store folder that carries its articles ([`carried`], written by `kanbao merge`)
//! is its own store: opened as a bundle, it is looked up, read and written back in place.

pub mod carried;
pub mod codec;
pub mod db;
mod recall;
pub mod shard;
pub mod spool;
pub mod stamp;

use crate::bundle::{Bundle, Warning};
use crate::knowledge::entities::{EntityTable, Mention};
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::knowledge::search::SearchIndex;
use crate::knowledge::timeline::Timeline;
use crate::knowledge::{ArticleFindings, BuildTimings, Knowledge};
use codec::{EntitiesSection, EntitiesView};
use db::{StoreFile, StoreWriter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

pub use recall::{Prefetched, Recall};
pub use stamp::{FileStamp, Fingerprint, this_build};

/// Environment variable naming the store folder.
pub const STORE_ENV: &str = "KANBAO_STORE";
/// Environment variable with the store folder's size cap in megabytes.
pub const CAP_ENV: &str = "KANBAO_STORE_CAP_MB";
/// The default size cap of the store folder.
pub const DEFAULT_CAP_BYTES: u64 = 4 << 30;
/// The extension of store files.
const EXTENSION: &str = "kanbao.sqlite";

/// A store that could not be used; the caller analyses instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the store folder ({cause}): {path}")]
    Folder { path: String, cause: String },
    #[error("cannot read the bundle's files ({cause}): {path}")]
    Bundle { path: String, cause: String },
    #[error("the stored analysis is damaged ({cause}): {path}")]
    Damaged { path: String, cause: String },
    #[error("cannot write the store ({cause}): {path}")]
    Write { path: String, cause: String },
}

/// The store folder: `KANBAO_STORE` if set, else the platform's cache folder for kanbao
/// (`~/.cache/kanbao/stores` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STORE_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "kanbao").map(|d| d.cache_dir().join("stores"))
}

/// The size cap: `KANBAO_STORE_CAP_MB` if set and a number, else [`DEFAULT_CAP_BYTES`].
pub fn cap_from_env() -> u64 {
    std::env::var(CAP_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_CAP_BYTES, |mb| mb.saturating_mul(1 << 20))
}

/// A folder of stores, one file per bundle, analysed by one build.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// [`this_build`], or a fixed name in tests.
    analysis: String,
    cap_bytes: u64,
}

/// What the store holds for a bundle as it is now.
pub enum Lookup {
    /// An analysis of exactly these files.
    Fresh(Snapshot),
    /// An analysis of other files, or by another build: why, in a few words.
    Stale(String),
    /// None yet.
    Absent,
}

/// An analysis read from the store; sections are read when asked for.
pub struct Snapshot {
    file: StoreFile,
    path: PathBuf,
    articles: usize,
}

/// Findings the store holds for articles of a changed bundle: those of its unchanged files.
#[derive(Debug, Default)]
pub struct Reusable {
    /// For each article of the bundle, its findings if its file is unchanged.
    pub known: Vec<Option<ArticleFindings>>,
    /// Files whose findings were found.
    pub files: usize,
    pub articles: usize,
}

/// The findings of a bundle's articles encoded per file, ready to store ([`Store::save`]).
#[derive(Debug, Default)]
pub struct FindingSections(Vec<(String, Vec<u8>)>);

/// What [`Store::save`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub path: PathBuf,
    pub bytes: u64,
    pub ms: f64,
    /// Stores of other bundles removed to keep the folder under its cap.
    pub evicted: usize,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>, analysis: impl Into<String>) -> Store {
        Store {
            dir: dir.into(),
            analysis: analysis.into(),
            cap_bytes: DEFAULT_CAP_BYTES,
        }
    }

    pub fn with_cap(self, cap_bytes: u64) -> Store {
        Store { cap_bytes, ..self }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The store file of the bundle at `bundle`: its name and a hash of its absolute path.
    pub fn file_for(&self, bundle: &Path) -> PathBuf {
        let absolute = std::fs::canonicalize(bundle).unwrap_or_else(|_| bundle.to_path_buf());
        let hash = xxhash_rust::xxh3::xxh3_64(absolute.to_string_lossy().as_bytes());
        let name: String = bundle
            .file_name()
            .map_or_else(|| "bundle".into(), |n| n.to_string_lossy().into_owned())
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        self.dir.join(format!("{name}-{hash:016x}.{EXTENSION}"))
    }

    /// The bundle's fingerprint now, reusing the hashes the store recorded for files whose
    /// size and modification time are unchanged.
    pub fn fingerprint(
        &self,
        bundle: &Path,
        date: Option<chrono::NaiveDate>,
    ) -> Result<Fingerprint, StoreError> {
        if carried::is_store(bundle) {
            return Ok(carried::fingerprint(&self.analysis));
        }
        let known = StoreFile::open(&self.file_for(bundle))
            .ok()
            .flatten()
            .and_then(|f| f.header().ok())
            .map(|h| h.fingerprint.files)
            .unwrap_or_default();
        Fingerprint::of(bundle, date, &self.analysis, &known).map_err(|e| StoreError::Bundle {
            path: bundle.display().to_string(),
            cause: e.to_string(),
        })
    }

    /// The stored analysis of `bundle` if it answers for `now`.
    pub fn lookup(&self, bundle: &Path, now: &Fingerprint) -> Result<Lookup, StoreError> {
        if carried::is_store(bundle) {
            return carried::lookup(bundle, &now.analysis);
        }
        let path = self.file_for(bundle);
        let damaged = |cause: String| StoreError::Damaged {
            path: path.display().to_string(),
            cause,
        };
        let Some(file) = StoreFile::open(&path).map_err(damaged)? else {
            return Ok(Lookup::Absent);
        };
        let header = file.header().map_err(damaged)?;
        if header.format != codec::FORMAT {
            return Ok(Lookup::Stale(format!(
                "written in format {}",
                header.format
            )));
        }
        if let Some(why) = header.fingerprint.differs_from(now) {
            return Ok(Lookup::Stale(why));
        }
        // Recently used: the cap drops the least recently used stores first.
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Ok(Lookup::Fresh(Snapshot {
            file,
            path,
            articles: header.articles,
        }))
    }

    /// The findings of the articles of `bundle`'s unchanged files, from the store written for
    /// an earlier state of it by this build with the same reference date; none where there is
    /// no such store or it cannot be read.
    pub fn reusable(&self, path: &Path, now: &Fingerprint, bundle: &Bundle) -> Reusable {
        let mut reusable = Reusable {
            known: vec![None; bundle.articles.len()],
            ..Reusable::default()
        };
        if carried::is_store(path) {
            return reusable;
        }
        let Ok(Some(file)) = StoreFile::open(&self.file_for(path)) else {
            return reusable;
        };
        let Ok(header) = file.header() else {
            return reusable;
        };
        let then = &header.fingerprint;
        if header.format != codec::FORMAT || then.analysis != now.analysis || then.date != now.date
        {
            return reusable;
        }
        for (stamp, run) in file_runs(path, now, bundle) {
            let hash = &now.files[stamp].hash;
            if !then.files.iter().any(|f| &f.hash == hash) {
                continue;
            }
            let section = findings_section(hash);
            let Ok((bytes, sum)) = file.section(&section) else {
                continue;
            };
            let Ok(found) = codec::decode::<Vec<ArticleFindings>>(&section, &bytes, sum) else {
                continue;
            };
            if found.len() != run.len() {
                continue;
            }
            for (slot, f) in reusable.known[run.clone()].iter_mut().zip(found) {
                *slot = Some(f.moved(run.start as i64));
            }
            reusable.files += 1;
            reusable.articles += run.len();
        }
        reusable
    }

    /// The findings of the articles of `bundle` (loaded from `path`, `findings[i]` of article
    /// `i`) encoded per file, each file's articles counted from 0, each file's bytes once.
    pub fn encode_findings(
        &self,
        path: &Path,
        fingerprint: &Fingerprint,
        bundle: &Bundle,
        findings: &[ArticleFindings],
    ) -> Result<FindingSections, StoreError> {
        let mut sections = Vec::new();
        if findings.len() != bundle.articles.len() {
            return Ok(FindingSections(sections));
        }
        let mut written = std::collections::HashSet::new();
        for (stamp, run) in file_runs(path, fingerprint, bundle) {
            let hash = &fingerprint.files[stamp].hash;
            if !written.insert(hash.clone()) {
                continue;
            }
            let here: Vec<ArticleFindings> = findings[run.clone()]
                .iter()
                .map(|f| f.clone().moved(-(run.start as i64)))
                .collect();
            let name = findings_section(hash);
            let bytes = codec::encode(&name, &here).map_err(|e| StoreError::Write {
                path: self.file_for(path).display().to_string(),
                cause: e.to_string(),
            })?;
            sections.push((name, bytes));
        }
        Ok(FindingSections(sections))
    }

    /// Writes the analysis of `bundle` (whose fingerprint is `fingerprint`) in place of any
    /// earlier one, with its articles' findings per file (for the next analysis of a changed
    /// bundle; [`Store::encode_findings`]); then keeps the folder under its cap.
    pub fn save(
        &self,
        bundle: &Path,
        fingerprint: &Fingerprint,
        knowledge: &Knowledge,
        findings: &FindingSections,
    ) -> Result<Saved, StoreError> {
        if carried::is_store(bundle) {
            return carried::write(bundle, &self.analysis, knowledge);
        }
        let started = Instant::now();
        let path = self.file_for(bundle);
        let failed = |cause: String| StoreError::Write {
            path: path.display().to_string(),
            cause,
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| StoreError::Folder {
            path: self.dir.display().to_string(),
            cause: e.to_string(),
        })?;
        self.remove_stray_temporaries();
        let sections = model_sections(knowledge).map_err(failed)?;
        let writer = StoreWriter::create(&path).map_err(failed)?;
        writer
            .header(fingerprint, knowledge.articles().len())
            .map_err(failed)?;
        for (name, bytes) in &sections {
            writer.section(name, bytes).map_err(failed)?;
        }
        for (name, bytes) in &findings.0 {
            writer.section(name, bytes).map_err(failed)?;
        }
        writer.commit().map_err(failed)?;
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        let evicted = self.keep_under_cap(&path);
        Ok(Saved {
            path,
            bytes,
            ms: started.elapsed().as_secs_f64() * 1e3,
            evicted,
        })
    }

    /// Temporary files of writers that are no longer running (a crash, a kill).
    fn remove_stray_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((_, pid)) = name.rsplit_once(db::TEMP_SUFFIX) else {
                continue;
            };
            let alive = pid
                .parse::<u32>()
                .is_ok_and(|pid| pid == std::process::id() || process_alive(pid));
            if !alive {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Drops the least recently used stores, never `keep`, until the folder is under its cap;
    /// how many were dropped.
    fn keep_under_cap(&self, keep: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut stores: Vec<(SystemTime, u64, PathBuf)> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(EXTENSION))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = stores.iter().map(|s| s.1).sum();
        stores.sort();
        let mut evicted = 0;
        for (_, size, path) in stores {
            if total <= self.cap_bytes {
                break;
            }
            if path != keep && std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(size);
                evicted += 1;
            }
        }
        evicted
    }
}

/// The model's sections encoded: entities (their mentions a block of articles a section),
/// timeline, search index and the load's warnings.
fn model_sections(knowledge: &Knowledge) -> Result<Vec<(String, Vec<u8>)>, String> {
    let text = |e: codec::SectionError| e.to_string();
    let table = &knowledge.entities;
    let entities = EntitiesView {
        entities: &table.entities,
        mentions: &[],
    };
    let mut sections = vec![
        (
            "entities".to_string(),
            codec::encode("entities", &entities).map_err(text)?,
        ),
        (
            "timeline".to_string(),
            codec::encode("timeline", &knowledge.timeline).map_err(text)?,
        ),
        (
            "search".to_string(),
            codec::encode("search", &*knowledge.search).map_err(text)?,
        ),
        (
            "warnings".to_string(),
            codec::encode(
                "warnings",
                &codec::warnings_section(&knowledge.bundle.warnings),
            )
            .map_err(text)?,
        ),
    ];
    for (n, mentions) in mention_blocks(table).enumerate() {
        let name = codec::mentions_section(n);
        let bytes = codec::encode(&name, &codec::MentionsView(mentions)).map_err(text)?;
        sections.push((name, bytes));
    }
    Ok(sections)
}

/// The table's mentions a block of [`carried::ARTICLES_PER_SECTION`] articles at a time, as a
/// store keeps them ([`codec::mentions_section`]).
fn mention_blocks(table: &EntityTable) -> impl Iterator<Item = &[Mention]> {
    let ranges = table.by_article.chunks(carried::ARTICLES_PER_SECTION);
    ranges.map(|block| {
        let start = block.first().map_or(0, |r| r.start as usize);
        let end = block.last().map_or(start, |r| r.end as usize);
        table.mentions.get(start..end).unwrap_or_default()
    })
}

/// How many mention sections a store of `articles` articles holds.
fn mention_sections(articles: usize) -> usize {
    articles.div_ceil(carried::ARTICLES_PER_SECTION)
}

/// The section holding the findings of a file's articles.
fn findings_section(hash: &str) -> String {
    format!("findings/{hash}")
}

/// The bundle's articles by file: (the file's index in `fingerprint`, its articles), in order.
/// Articles name their file as the loader read it: the path given, or the folder joined with
/// the file's path below it.
fn file_runs(
    path: &Path,
    fingerprint: &Fingerprint,
    bundle: &Bundle,
) -> Vec<(usize, std::ops::Range<usize>)> {
    let single = !path.is_dir();
    let index: std::collections::HashMap<String, usize> = fingerprint
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = if single {
                path.display().to_string()
            } else {
                path.join(&f.path).display().to_string()
            };
            (name, i)
        })
        .collect();
    let mut runs: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, a) in bundle.articles.iter().enumerate() {
        let Some(&stamp) = index.get(&a.source.file) else {
            continue;
        };
        match runs.last_mut() {
            Some((last, run)) if *last == stamp && run.end == i => run.end = i + 1,
            _ => runs.push((stamp, i..i + 1)),
        }
    }
    runs
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists() || !Path::new("/proc/self").exists()
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap check, a temporary file is left for its writer.
    true
}

impl Snapshot {
    /// The store file read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of articles analysed.
    pub fn articles(&self) -> usize {
        self.articles
    }

    fn damaged(&self, cause: impl std::fmt::Display) -> StoreError {
        StoreError::Damaged {
            path: self.path.display().to_string(),
            cause: cause.to_string(),
        }
    }

    fn read<T: serde::de::DeserializeOwned>(&self, section: &str) -> Result<T, StoreError> {
        let (bytes, sum) = self.file.section(section).map_err(|e| self.damaged(e))?;
        codec::decode(section, &bytes, sum).map_err(|e| self.damaged(e))
    }

    pub fn timeline(&self) -> Result<Timeline, StoreError> {
        self.read("timeline")
    }

    pub fn search(&self) -> Result<SearchIndex, StoreError> {
        self.read("search")
    }

    /// The load's warnings when the analysis was made.
    pub fn warnings(&self) -> Result<Vec<Warning>, StoreError> {
        Ok(codec::warnings_of(self.read("warnings")?))
    }

    /// The entity table, its names folded with `names` (the shipped grouping tables).
    pub fn entities(&self, names: Arc<EntityLexicon>) -> Result<EntityTable, StoreError> {
        let section: EntitiesSection = self.read("entities")?;
        let chunks = (0..mention_sections(self.articles))
            .map(|n| self.read(&codec::mentions_section(n)))
            .collect::<Result<_, _>>()?;
        section
            .into_table_with(chunks, self.articles, names)
            .map_err(|e| self.damaged(e))
    }

    /// The whole model of `bundle` (the same files, loaded again).
    pub fn knowledge(
        &self,
        bundle: Arc<Bundle>,
        names: Arc<EntityLexicon>,
    ) -> Result<Knowledge, StoreError> {
        self.sections()?.into_knowledge(bundle, names)
    }

    /// The stored bytes of the model's sections, read but not yet decoded (the articles may
    /// load meanwhile).
    pub fn sections(&self) -> Result<Sections, StoreError> {
        let raw = |name: &str| self.file.section(name).map_err(|e| self.damaged(e));
        Ok(Sections {
            path: self.path.clone(),
            articles: self.articles,
            entities: raw("entities")?,
            mentions: (0..mention_sections(self.articles))
                .map(|n| raw(&codec::mentions_section(n)))
                .collect::<Result<_, _>>()?,
            timeline: raw("timeline")?,
            search: raw("search")?,
        })
    }
}

/// The model's sections as stored: bytes and checksums.
pub struct Sections {
    path: PathBuf,
    articles: usize,
    entities: (Vec<u8>, u64),
    /// The entity table's mentions, a block of articles a section.
    mentions: Vec<(Vec<u8>, u64)>,
    timeline: (Vec<u8>, u64),
    search: (Vec<u8>, u64),
}

/// A bundle's model as stored, decoded, waiting for its articles (read while they load).
pub struct StoredModel {
    path: PathBuf,
    articles: usize,
    entities: EntityTable,
    timeline: Timeline,
    search: SearchIndex,
}

impl StoredModel {
    /// The model of `bundle`: the files analysed, loaded again.
    pub fn into_knowledge(self, bundle: Arc<Bundle>) -> Result<Knowledge, StoreError> {
        if bundle.articles.len() != self.articles {
            return Err(StoreError::Damaged {
                path: self.path.display().to_string(),
                cause: format!(
                    "{} articles stored, {} loaded",
                    self.articles,
                    bundle.articles.len()
                ),
            });
        }
        Ok(Knowledge {
            bundle,
            entities: self.entities,
            timeline: self.timeline,
            search: Arc::new(self.search),
            timings: BuildTimings::default(),
        })
    }
}

impl Sections {
    /// The model of `bundle` (the files analysed, loaded again), the sections decoded side by
    /// side.
    pub fn into_knowledge(
        self,
        bundle: Arc<Bundle>,
        names: Arc<EntityLexicon>,
    ) -> Result<Knowledge, StoreError> {
        self.decode(names)?.into_knowledge(bundle)
    }

    /// The sections decoded side by side; the entity table's names folded with `names`.
    pub fn decode(self, names: Arc<EntityLexicon>) -> Result<StoredModel, StoreError> {
        let damaged = |cause: String| StoreError::Damaged {
            path: self.path.display().to_string(),
            cause,
        };
        let (entities, timeline, search) = (&self.entities, &self.timeline, &self.search);
        let mentions = &self.mentions;
        let articles = self.articles;
        let (entities, (timeline, search)) = rayon::join(
            || {
                let chunks = mentions
                    .par_iter()
                    .enumerate()
                    .map(|(n, (bytes, sum))| {
                        codec::decode(&codec::mentions_section(n), bytes, *sum)
                    })
                    .collect::<Result<_, _>>()?;
                codec::decode::<EntitiesSection>("entities", &entities.0, entities.1)
                    .and_then(|s| s.into_table_with(chunks, articles, names))
            },
            || {
                rayon::join(
                    || codec::decode::<Timeline>("timeline", &timeline.0, timeline.1),
                    || codec::decode::<SearchIndex>("search", &search.0, search.1),
                )
            },
        );
        let text = |e: codec::SectionError| damaged(e.to_string());
        Ok(StoredModel {
            entities: entities.map_err(text)?,
            timeline: timeline.map_err(text)?,
            search: search.map_err(text)?,
            path: self.path,
            articles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{Part, TextSpan};
    use crate::extract::ner::EntityKind;
    use crate::ids::{ArticleId, EntityId};
    use crate::knowledge::entities::Entity;

    #[test]
    fn mentions_are_stored_a_block_of_articles_a_section_and_read_back_whole() {
        let articles = 2 * carried::ARTICLES_PER_SECTION + 5;
        let entities = vec![Entity {
            id: EntityId::new(0),
            name: "中国".into(),
            kind: EntityKind::Loc,
            aliases: Vec::new(),
            role: None,
            count: 3,
            articles: Vec::new(),
        }];
        // Mentions in the first and last blocks, none in the middle one.
        let mentions: Vec<Mention> = [3, carried::ARTICLES_PER_SECTION - 1, articles - 1]
            .into_iter()
            .map(|a| Mention {
                span: TextSpan {
                    article: ArticleId::from_index(a).unwrap(),
                    part: Part::Paragraphs,
                    index: 0,
                    start: 1,
                    end: 3,
                },
                entity: EntityId::new(0),
            })
            .collect();
        let names = Arc::new(EntityLexicon::shipped().unwrap());
        let table = EntityTable::from_parts(entities, mentions, articles, Arc::clone(&names));
        let blocks: Vec<&[Mention]> = mention_blocks(&table).collect();
        assert_eq!(blocks.len(), mention_sections(articles));
        assert_eq!(
            blocks.iter().map(|b| b.len()).collect::<Vec<_>>(),
            [2, 0, 1]
        );
        let chunks = blocks
            .iter()
            .enumerate()
            .map(|(n, block)| {
                let name = codec::mentions_section(n);
                let bytes = codec::encode(&name, &codec::MentionsView(block)).unwrap();
                let sum = xxhash_rust::xxh3::xxh3_64(&bytes);
                codec::decode(&name, &bytes, sum).unwrap()
            })
            .collect();
        let view = EntitiesView {
            entities: &table.entities,
            mentions: &[],
        };
        let bytes = codec::encode("entities", &view).unwrap();
        let sum = xxhash_rust::xxh3::xxh3_64(&bytes);
        let section: EntitiesSection = codec::decode("entities", &bytes, sum).unwrap();
        let read = section.into_table_with(chunks, articles, names).unwrap();
        assert_eq!(read.mentions, table.mentions);
        assert_eq!(read.by_article, table.by_article);
        assert_eq!(read.entities, table.entities);
    }
}
