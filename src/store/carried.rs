//! A store that carries its articles: a folder holding one store file ([`STORE_FILE`]) with
//! the model's sections (as [`super::Store`] keeps them) and the articles themselves, in load
//! order, in sections of [`ARTICLES_PER_SECTION`] (JSON, lz4-compressed: the article's serde
//! form skips empty fields, which only a self-describing format reads back). `kanbao merge` writes one from the shards of
//! `kanbao extract`; every command and the app take the folder as a bundle path.
//!
//! Such a store answers for itself, not for files elsewhere: its fingerprint lists no files,
//! only the build that analysed it. [`super::Store`] turns to this module for a store folder, so
//! opened by another build it is stale, and its articles are analysed again and written back.

use super::db::{StoreFile, StoreWriter};
use super::{Fingerprint, Lookup, Saved, Snapshot, StoreError, codec, model_sections};
use crate::bundle::{Article, Bundle, LoadStats};
use crate::knowledge::Knowledge;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The store file inside a store folder.
pub const STORE_FILE: &str = "store.kanbao.sqlite";
/// Articles per `articles/N` section: a section is encoded and decoded whole.
pub const ARTICLES_PER_SECTION: usize = 8192;

/// Whether `path` is a store folder (it holds a [`STORE_FILE`]).
pub fn is_store(path: &Path) -> bool {
    path.join(STORE_FILE).is_file()
}

/// The store file of the store folder `folder`.
pub fn file_of(folder: &Path) -> PathBuf {
    folder.join(STORE_FILE)
}

fn damaged(path: &Path) -> impl Fn(String) -> StoreError + '_ {
    move |cause| StoreError::Damaged {
        path: path.display().to_string(),
        cause,
    }
}

fn open(path: &Path) -> Result<StoreFile, StoreError> {
    StoreFile::open(path)
        .map_err(damaged(path))?
        .ok_or_else(|| damaged(path)("no store file".into()))
}

/// The fingerprint of every store folder analysed by `analysis`: no files, no reference date.
pub fn fingerprint(analysis: &str) -> Fingerprint {
    Fingerprint {
        files: Vec::new(),
        date: None,
        analysis: analysis.to_string(),
    }
}

/// The analysis the store folder holds, if it was made by `analysis` (see
/// [`super::this_build`]) in this format; stale (why) otherwise.
pub fn lookup(folder: &Path, analysis: &str) -> Result<Lookup, StoreError> {
    let path = file_of(folder);
    let file = open(&path)?;
    let header = file.header().map_err(damaged(&path))?;
    if header.format != codec::FORMAT {
        return Ok(Lookup::Stale(format!(
            "written in format {}",
            header.format
        )));
    }
    if header.fingerprint.analysis != analysis {
        return Ok(Lookup::Stale("made by another build of kanbao".into()));
    }
    Ok(Lookup::Fresh(Snapshot {
        file,
        path,
        articles: header.articles,
    }))
}

/// The articles the store folder carries, in load order, as a bundle named after the folder.
pub fn bundle(folder: &Path) -> Result<Bundle, StoreError> {
    let started = Instant::now();
    let path = file_of(folder);
    let file = open(&path)?;
    let header = file.header().map_err(damaged(&path))?;
    let mut articles = Vec::with_capacity(header.articles);
    for n in 0..header.articles.div_ceil(ARTICLES_PER_SECTION) {
        let name = articles_section(n);
        let (bytes, sum) = file.section(&name).map_err(damaged(&path))?;
        let part: Vec<Article> =
            codec::decode_json(&name, &bytes, sum).map_err(|e| damaged(&path)(e.to_string()))?;
        articles.extend(part);
    }
    if articles.len() != header.articles {
        return Err(damaged(&path)(format!(
            "{} articles recorded, {} stored",
            header.articles,
            articles.len()
        )));
    }
    let (bytes, sum) = file.section("warnings").map_err(damaged(&path))?;
    let warnings = codec::decode("warnings", &bytes, sum)
        .map(codec::warnings_of)
        .map_err(|e| damaged(&path)(e.to_string()))?;
    let (body_chars, title_chars) = crate::bundle::count_chars(&articles);
    let wall_ms = started.elapsed().as_secs_f64() * 1e3;
    Ok(Bundle {
        name: folder.display().to_string(),
        articles,
        warnings,
        // The store file is the one file read.
        stats: LoadStats {
            files: 1,
            bytes: std::fs::metadata(&path).map_or(0, |m| m.len()),
            chars: body_chars + title_chars,
            body_chars,
            title_chars,
            read_ms: wall_ms,
            wall_ms,
            readers: [("kanbao store".to_string(), 1)].into(),
            ..LoadStats::default()
        },
    })
}

/// Writes the store folder `folder` (made if missing): the model of `knowledge` as analysed
/// by `analysis`, and its articles. The store file is replaced whole, as [`super::Store::save`]
/// replaces its files.
pub fn write(folder: &Path, analysis: &str, knowledge: &Knowledge) -> Result<Saved, StoreError> {
    let mut writer = CarriedWriter::create(folder, analysis)?;
    for (name, bytes) in model_sections(knowledge).map_err(|e| writer.failed(e))? {
        writer.section(&name, &bytes)?;
    }
    for part in knowledge.articles().chunks(ARTICLES_PER_SECTION) {
        writer.articles(part)?;
    }
    writer.commit()
}

/// A store folder being written a section at a time, articles a section at a time in load
/// order, so that neither the articles nor the model need be held whole (`kanbao merge`);
/// nothing is in place before [`CarriedWriter::commit`].
pub struct CarriedWriter {
    writer: StoreWriter,
    path: PathBuf,
    analysis: String,
    articles: usize,
    /// Whether the last articles section was short (no more may follow).
    ended: bool,
    started: Instant,
}

impl CarriedWriter {
    /// Starts writing the store folder `folder` (made if missing) for the build `analysis`.
    pub fn create(folder: &Path, analysis: &str) -> Result<CarriedWriter, StoreError> {
        let started = Instant::now();
        std::fs::create_dir_all(folder).map_err(|e| StoreError::Folder {
            path: folder.display().to_string(),
            cause: e.to_string(),
        })?;
        let path = file_of(folder);
        let writer = StoreWriter::create(&path).map_err(|cause| StoreError::Write {
            path: path.display().to_string(),
            cause,
        })?;
        Ok(CarriedWriter {
            writer,
            path,
            analysis: analysis.to_string(),
            articles: 0,
            ended: false,
            started,
        })
    }

    fn failed(&self, cause: String) -> StoreError {
        StoreError::Write {
            path: self.path.display().to_string(),
            cause,
        }
    }

    /// The next articles section: `part` follows the articles written so far (ids counting
    /// on), [`ARTICLES_PER_SECTION`] of them unless it is the last.
    pub fn articles(&mut self, part: &[Article]) -> Result<(), StoreError> {
        if self.ended || part.len() > ARTICLES_PER_SECTION {
            return Err(self.failed(format!(
                "articles come in sections of {ARTICLES_PER_SECTION}, a short one last"
            )));
        }
        let name = articles_section(self.articles / ARTICLES_PER_SECTION);
        let sink = codec::compress_into(&name, self.writer.section_sink(&name), |lz| {
            serde_json::to_writer(lz, part).map_err(|e| e.to_string())
        })
        .map_err(|e| self.failed(e.to_string()))?;
        sink.finish().map_err(|e| self.failed(e))?;
        self.articles += part.len();
        self.ended = part.len() < ARTICLES_PER_SECTION;
        Ok(())
    }

    /// A section of the model, encoded ([`codec::encode`]).
    pub fn section(&self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.writer.section(name, bytes).map_err(|e| self.failed(e))
    }

    /// `value` encoded as the section `name` ([`codec::encode`]), written as it is encoded.
    pub fn encode<T: serde::Serialize>(&self, name: &str, value: &T) -> Result<(), StoreError> {
        let sink = codec::encode_into(name, value, self.writer.section_sink(name))
            .map_err(|e| self.failed(e.to_string()))?;
        sink.finish().map_err(|e| self.failed(e))
    }

    /// The section `name` as `write` writes its encoding ([`codec::compress_into`]),
    /// compressed and stored as it comes.
    pub fn write_section(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        let sink = codec::compress_into(name, self.writer.section_sink(name), |lz| {
            write(lz).map_err(|e| e.to_string())
        })
        .map_err(|e| self.failed(e.to_string()))?;
        sink.finish().map_err(|e| self.failed(e))
    }

    /// The articles written so far.
    pub fn articles_written(&self) -> usize {
        self.articles
    }

    /// Records the fingerprint and the article count, then puts the store file in place.
    pub fn commit(self) -> Result<Saved, StoreError> {
        let fingerprint = fingerprint(&self.analysis);
        let failed = |cause: String| StoreError::Write {
            path: self.path.display().to_string(),
            cause,
        };
        self.writer
            .header(&fingerprint, self.articles)
            .map_err(failed)?;
        self.writer.commit().map_err(failed)?;
        Ok(Saved {
            bytes: std::fs::metadata(&self.path).map_or(0, |m| m.len()),
            ms: self.started.elapsed().as_secs_f64() * 1e3,
            path: self.path,
            evicted: 0,
        })
    }
}

fn articles_section(n: usize) -> String {
    format!("articles/{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_written_in_whole_sections_a_short_one_last() {
        let dir = std::env::temp_dir().join(format!("kanbao-carried-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut writer = CarriedWriter::create(&dir, "build").expect("create");
        let article = |i: usize| Article {
            id: crate::ids::ArticleId::from_index(i).expect("id"),
            title: format!("第{i}篇"),
            ..Article::default()
        };
        let first: Vec<Article> = (0..ARTICLES_PER_SECTION).map(article).collect();
        writer.articles(&first).expect("a whole section");
        writer
            .articles(&[article(ARTICLES_PER_SECTION)])
            .expect("a short one");
        assert_eq!(writer.articles_written(), ARTICLES_PER_SECTION + 1);
        // Nothing may follow a short section: the sections would not say which ids they hold.
        assert!(
            writer
                .articles(&[article(ARTICLES_PER_SECTION + 1)])
                .is_err()
        );
        assert!(!is_store(&dir), "nothing in place before the commit");
        writer
            .encode("warnings", &codec::warnings_section(&[]))
            .expect("warnings");
        writer.commit().expect("commit");
        let read = bundle(&dir).expect("the articles back");
        assert_eq!(read.articles.len(), ARTICLES_PER_SECTION + 1);
        assert_eq!(read.stats.files, 1);
        assert!(read.stats.title_chars > 0 && read.stats.chars == read.stats.title_chars);
        assert_eq!(
            read.articles[ARTICLES_PER_SECTION].title,
            format!("第{ARTICLES_PER_SECTION}篇")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
