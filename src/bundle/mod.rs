//! Reading sources into articles: decoding, decompressing, splitting pages, parsing datelines.
//!
//! The entry points are [`load_path`] (a file or a folder) and [`load_sample`] (the embedded page).

mod article;
pub mod crawl;
pub mod dateline;
pub mod decode;
pub mod decompress;
pub mod fields;
mod html;
mod json;
mod load;
pub(crate) use load::count_chars;
mod progress;
pub mod refdate;
mod sogou;
pub mod source;
pub mod split;
mod stage;
mod stream;
mod table;

pub use article::{
    Article, ArticleId, Block, DateSource, Dateline, DatelinePosition, Meta, Part, Source, TextSpan,
};
pub use fields::FieldOverrides;

pub use decompress::ExpansionLimit;

use crate::names::Surnames;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
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

impl Bundle {
    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> Option<&Article> {
        self.articles.get(id.index())
    }
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
    /// Files read (including those that gave only warnings).
    pub files: usize,
    /// Files in a folder left out because their extension is not a bundle format.
    pub skipped_files: usize,
    /// Bytes of decoded (decompressed) text.
    pub bytes: u64,
    /// Characters of article text: `body_chars + title_chars`.
    pub chars: u64,
    /// Characters of body paragraphs.
    pub body_chars: u64,
    /// Characters of titles.
    pub title_chars: u64,
    /// Reading, decompressing and decoding, summed over files (and threads).
    pub read_ms: f64,
    /// Splitting pages and parsing records, summed over files (and threads).
    pub split_ms: f64,
    /// Wall-clock time of the whole load; less than the sum when phases overlap.
    pub wall_ms: f64,
    /// Files read by each reader (`page dump`, `crawl, labelled`, `JSON Lines`, `CSV`, …).
    pub readers: BTreeMap<String, usize>,
    /// Files whose records used each field mapping ([`fields::FieldMapping::describe`]).
    pub field_maps: BTreeMap<String, usize>,
    /// The field names records held, over all files (at most [`MAX_FIELD_NAMES`]): what a user
    /// may name with `--map` when no name says which field is the title or the text.
    pub fields: BTreeSet<String>,
}

/// At most this many field names are listed in [`LoadStats::fields`].
pub const MAX_FIELD_NAMES: usize = 256;

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Reference date for every article (`--date`); overrides all other sources.
    pub date: Option<NaiveDate>,
    /// Set to true from another thread to stop the load early.
    pub cancel: Option<Arc<AtomicBool>>,
    /// How far one compressed file may expand before it is refused.
    pub expansion: ExpansionLimit,
    /// Fields named by the user for records' roles (`--map title=F,text=F`).
    pub map: FieldOverrides,
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
///
/// Displayed as one complete line, cause included (`cannot read (…): PATH`); so that error
/// chains (`{:#}`) do not print the cause twice, `source()` is `None`.
#[derive(Debug)]
pub enum BundleError {
    Io {
        path: String,
        source: std::io::Error,
    },
    Refused {
        path: String,
        message: String,
    },
    Cancelled,
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Io { path, source } => write!(f, "cannot read ({source}): {path}"),
            BundleError::Refused { path, message } => write!(f, "{message}: {path}"),
            BundleError::Cancelled => f.write_str("load cancelled"),
        }
    }
}

impl std::error::Error for BundleError {}

/// The embedded sample as a bundle.
pub fn load_sample(opts: &LoadOptions) -> Bundle {
    let started = std::time::Instant::now();
    let (surnames, warnings) = shipped_surnames();
    let mut articles = split::split_page(SAMPLE_TEXT, SAMPLE_NAME, &surnames);
    refdate::assign(&mut articles, SAMPLE_NAME, opts.date);
    load::number(&mut articles);
    let (body_chars, title_chars) = load::count_chars(&articles);
    let split_ms = started.elapsed().as_secs_f64() * 1000.0;
    Bundle {
        name: SAMPLE_NAME.to_string(),
        stats: LoadStats {
            files: 1,
            bytes: SAMPLE_TEXT.len() as u64,
            chars: body_chars + title_chars,
            body_chars,
            title_chars,
            split_ms,
            wall_ms: split_ms,
            ..LoadStats::default()
        },
        articles,
        warnings,
    }
}

/// Reads a file or a folder (recursive, sorted, hidden files skipped).
///
/// Page dumps and crawl files of one article (`.txt`, `.md`, no extension; told apart by
/// content), JSON Lines (`.jsonl`) and JSON arrays (`.json`) of `{"title", "text", "date"?}`
/// records (or other names, [`fields`]), CSV/TSV, Sogou `<doc>` XML and saved HTML pages, each
/// optionally compressed (`.xz`, `.gz`). A file given by
/// name is read whatever its extension (the content decides); in a folder, other extensions are
/// skipped. A file that cannot be read is an error when it is the path given, a [`Warning`] inside
/// a folder. `progress` is called every 50 ms or so and at the end, from any thread.
pub fn load_path(
    path: &Path,
    opts: &LoadOptions,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Bundle, BundleError> {
    let (surnames, mut warnings) = shipped_surnames();
    let fields = match fields::FieldNames::shipped() {
        Ok(f) => f,
        Err(e) => {
            warnings.push(Warning {
                file: format!("{}:{}", e.file, e.line),
                message: e.message,
            });
            fields::FieldNames::default()
        }
    }
    .with_overrides(&opts.map);
    let readers = load::Readers {
        surnames: &surnames,
        fields: &fields,
    };
    let mut bundle = load::load_path(path, opts, progress, readers)?;
    bundle.warnings.splice(0..0, warnings);
    Ok(bundle)
}

/// A JSON Lines stream read batch by batch into articles (`kanbao extract`): the articles
/// [`load_path`] reads from a file of that name, without holding the file. Reference dates are
/// assigned as the loader assigns them: a file read in one batch as a whole, any other batch
/// record by record (as the loader does for files longer than a page of records).
#[derive(Debug, Clone)]
pub struct JsonLinesBatches {
    file: String,
    date: Option<NaiveDate>,
    /// The field names records are read with (the shipped ones).
    names: fields::FieldNames,
    line: usize,
    byte_offset: u64,
}

impl JsonLinesBatches {
    /// Records of the file named `file` (as articles name their source), from its first line.
    pub fn new(file: &str, date: Option<NaiveDate>) -> JsonLinesBatches {
        JsonLinesBatches {
            file: file.to_string(),
            date,
            // The shipped list is embedded and tested to parse; were it broken, the loader
            // would say so, and these batches would read no fields.
            names: fields::FieldNames::shipped().unwrap_or_default(),
            line: 0,
            byte_offset: 0,
        }
    }

    /// The same, going on after `lines` lines of the file (a part of a file read elsewhere).
    pub fn after_lines(self, lines: usize) -> JsonLinesBatches {
        JsonLinesBatches {
            line: lines,
            ..self
        }
    }

    /// The articles of the next whole lines (`chunk` ends with `\n` unless it is the last;
    /// `whole`: it is the whole file), numbered from 0, and the problems noted, as warnings.
    pub fn parse(&mut self, chunk: &[u8], whole: bool) -> (Vec<Article>, Vec<Warning>) {
        let mut lines =
            json::JsonLines::resume(&self.file, self.line, self.byte_offset, &self.names);
        lines.feed(chunk);
        (self.line, self.byte_offset) = lines.position();
        let parsed = lines.records.finish();
        let mut articles = parsed.articles;
        let one = if whole { articles.len().max(1) } else { 1 };
        for run in articles.chunks_mut(one) {
            refdate::assign(run, &self.file, self.date);
        }
        load::number(&mut articles);
        let warnings = parsed
            .notes
            .into_messages()
            .into_iter()
            .map(|message| Warning {
                file: self.file.clone(),
                message,
            })
            .collect();
        (articles, warnings)
    }
}

/// The surnames that split runs of reporters' names in datelines. A broken list does not stop a
/// load: it is a warning, and such runs stay whole.
fn shipped_surnames() -> (Surnames, Vec<Warning>) {
    match Surnames::shipped() {
        Ok(surnames) => (surnames, Vec::new()),
        Err(e) => {
            let warning = Warning {
                file: format!("{}:{}", e.file, e.line),
                message: e.message,
            };
            (Surnames::default(), vec![warning])
        }
    }
}
