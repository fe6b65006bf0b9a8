//! Reading sources into articles: decoding, decompressing, splitting pages, parsing datelines.
//!
//! The entry points are [`load_path`] (a file or a folder) and [`load_sample`] (the embedded page).

mod article;
pub mod dateline;
pub mod refdate;
pub mod split;

pub use article::{
    Article, ArticleId, Block, DateSource, Dateline, DatelinePosition, Part, Source,
};

use chrono::NaiveDate;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The embedded sample page (People's Daily style, 2024-11-04).
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample/000_ecbc3fa7240ad993.txt");
/// The file name the sample is reported under.
pub const SAMPLE_NAME: &str = "000_ecbc3fa7240ad993.txt";

/// Everything read from one path.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    /// A name for the bundle: the path given, or the sample's file name.
    pub name: String,
    pub articles: Vec<Article>,
    /// Problems that did not stop the load: bad bytes, refused or unreadable files.
    pub warnings: Vec<Warning>,
    pub stats: LoadStats,
}

/// A problem with one file that did not stop the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.message, self.file)
    }
}

/// Counters and timings of a load.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadStats {
    pub files: usize,
    /// Bytes of decoded text.
    pub bytes: u64,
    pub chars: u64,
    pub read_ms: f64,
    pub split_ms: f64,
}

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Reference date for every article (`--date`); overrides all other sources.
    pub date: Option<NaiveDate>,
    /// Set to true from another thread to stop the load early.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl LoadOptions {
    pub fn is_cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// Progress of a running load, reported to a callback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub files_done: usize,
    /// Files found so far (known up front for folders).
    pub files_total: usize,
    pub articles: usize,
    /// Bytes read from disk (compressed bytes for compressed files).
    pub bytes_read: u64,
    /// Total bytes on disk, when known.
    pub bytes_total: u64,
}

/// Errors that stop a load altogether (a single bad file inside a folder is a [`Warning`]).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{message}: {path}")]
    Refused { path: String, message: String },
    #[error("load cancelled")]
    Cancelled,
}

/// The embedded sample as a bundle.
pub fn load_sample(opts: &LoadOptions) -> Bundle {
    let mut articles = split::split_page(SAMPLE_TEXT, SAMPLE_NAME);
    finish(&mut articles, opts);
    Bundle {
        name: SAMPLE_NAME.to_string(),
        stats: LoadStats {
            files: 1,
            bytes: SAMPLE_TEXT.len() as u64,
            chars: SAMPLE_TEXT.chars().count() as u64,
            ..LoadStats::default()
        },
        articles,
        warnings: Vec::new(),
    }
}

/// Reads a file or a folder (recursive, sorted, hidden files skipped).
pub fn load_path(
    path: &Path,
    opts: &LoadOptions,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Bundle, BundleError> {
    let bytes = std::fs::read(path).map_err(|source| BundleError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path.display().to_string();
    let mut articles = split::split_page(&text, &name);
    finish(&mut articles, opts);
    progress(LoadProgress {
        files_done: 1,
        files_total: 1,
        articles: articles.len(),
        bytes_read: bytes.len() as u64,
        bytes_total: bytes.len() as u64,
    });
    Ok(Bundle {
        name,
        stats: LoadStats {
            files: 1,
            bytes: bytes.len() as u64,
            chars: text.chars().count() as u64,
            ..LoadStats::default()
        },
        articles,
        warnings: Vec::new(),
    })
}

/// Numbers the articles and applies `--date`.
fn finish(articles: &mut [Article], opts: &LoadOptions) {
    for (i, a) in articles.iter_mut().enumerate() {
        a.id = i as ArticleId;
        if let Some(d) = opts.date {
            a.date = Some(d);
            a.date_source = DateSource::Cli;
        }
    }
}
