//! Loading a path: one file, or every bundle file of a folder (in parallel, merged in path order).

use super::crawl::{self, TextShape};
use super::decode;
use super::decompress;
use super::fields::{FieldMapping, FieldNames};
use super::json::{self, Notes, Parsed};
use super::progress::Tracker;
use super::source::{self, Compression, Format};
use super::stream;
use super::{
    Article, ArticleId, Bundle, BundleError, LoadOptions, LoadProgress, Warning, html, refdate,
    sogou, split, table,
};
use crate::names::Surnames;
use rayon::prelude::*;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// Bytes read per step when a file is read whole (cancellation is checked between steps).
const READ_STEP: usize = 1 << 20;
/// JSON Lines files of about this many bytes or more (decompressed) are parsed while a second
/// thread reads them; smaller ones are read whole, which saves a thread and its hand-offs.
const STREAM_MIN_BYTES: u64 = 4 << 20;
/// A guess at how much compressed text grows (xz and gzip on Chinese news: 4 to 6 times).
const COMPRESSION_RATIO: u64 = 5;

/// What the readers of every file share: surnames for datelines, field names for records.
#[derive(Clone, Copy)]
pub(super) struct Readers<'a> {
    pub surnames: &'a Surnames,
    pub fields: &'a FieldNames,
}

/// What one file gave.
#[derive(Default)]
struct FileLoad {
    /// The reader that took it ([`reader_name`]).
    reader: &'static str,
    /// The fields its records used (records of JSON, CSV/TSV, labelled crawl files).
    mapping: FieldMapping,
    articles: Vec<Article>,
    notes: Vec<String>,
    /// Decoded (decompressed) bytes.
    bytes: u64,
    body_chars: u64,
    title_chars: u64,
    read_time: Duration,
    parse_time: Duration,
}

/// Why a file gave nothing.
enum FileFailure {
    Cancelled,
    Io(io::Error),
    /// Not readable as a bundle file: binary, corrupt, not article records.
    Refused(String),
}

/// See [`super::load_path`].
pub(super) fn load_path(
    path: &Path,
    opts: &LoadOptions,
    progress: &(dyn Fn(LoadProgress) + Sync),
    readers: Readers<'_>,
) -> Result<Bundle, BundleError> {
    let started = Instant::now();
    let name = path.display().to_string();
    let io_error = |source| BundleError::Io {
        path: name.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_error)?;
    let mut bundle = Bundle {
        name: name.clone(),
        ..Bundle::default()
    };
    if !meta.is_dir() {
        let tracker = Tracker::new(opts, progress, 1, meta.len());
        let load = match load_file(path, &name, None, opts, &tracker, readers) {
            Ok(load) => load,
            Err(FileFailure::Cancelled) => return Err(BundleError::Cancelled),
            Err(FileFailure::Io(source)) => return Err(io_error(source)),
            Err(FileFailure::Refused(message)) => {
                return Err(BundleError::Refused {
                    path: name,
                    message,
                });
            }
        };
        bundle.stats.files = 1;
        add_file(&mut bundle, &name, load);
        tracker.file_done();
        tracker.report();
    } else {
        let listing = source::list_folder(path).map_err(io_error)?;
        let bytes_total = listing.files.iter().map(|(_, len)| len).sum();
        let tracker = Tracker::new(opts, progress, listing.files.len(), bytes_total);
        let loads: Vec<_> = listing
            .files
            .par_iter()
            .map(|(file, _)| {
                let file_name = file.display().to_string();
                let format = source::format_from_name(file);
                let load = load_file(file, &file_name, format, opts, &tracker, readers);
                tracker.file_done();
                (file_name, load)
            })
            .collect();
        if tracker.is_cancelled() {
            return Err(BundleError::Cancelled);
        }
        let total = loads
            .iter()
            .map(|(_, l)| l.as_ref().map_or(0, |l| l.articles.len()))
            .sum();
        bundle.articles.reserve_exact(total);
        for (file_name, load) in loads {
            match load {
                Ok(load) => {
                    bundle.stats.files += 1;
                    add_file(&mut bundle, &file_name, load);
                }
                Err(FileFailure::Cancelled) => return Err(BundleError::Cancelled),
                Err(FileFailure::Io(e)) => bundle.warnings.push(Warning {
                    file: file_name,
                    message: format!("cannot read ({e})"),
                }),
                Err(FileFailure::Refused(message)) => bundle.warnings.push(Warning {
                    file: file_name,
                    message,
                }),
            }
        }
        for (file, e) in listing.unreadable {
            bundle.warnings.push(Warning {
                file: file.display().to_string(),
                message: format!("cannot read ({e})"),
            });
        }
        bundle.stats.skipped_files = listing.skipped.len();
        if bundle.stats.files == 0 && bundle.warnings.is_empty() {
            bundle.warnings.push(Warning {
                file: name,
                message: format!("no bundle files ({})", source::bundle_extensions_text()),
            });
        }
        tracker.report();
    }
    number(&mut bundle.articles);
    bundle.stats.chars = bundle.stats.body_chars + bundle.stats.title_chars;
    bundle.stats.wall_ms = ms(started.elapsed());
    Ok(bundle)
}

/// Adds one file's articles, notes and counts to the bundle.
fn add_file(bundle: &mut Bundle, file_name: &str, load: FileLoad) {
    let stats = &mut bundle.stats;
    stats.bytes += load.bytes;
    stats.body_chars += load.body_chars;
    stats.title_chars += load.title_chars;
    stats.read_ms += ms(load.read_time);
    stats.split_ms += ms(load.parse_time);
    if !load.reader.is_empty() {
        *stats.readers.entry(load.reader.to_string()).or_default() += 1;
    }
    if !load.mapping.is_empty() {
        *stats.field_maps.entry(load.mapping.describe()).or_default() += 1;
        for field in load.mapping.fields() {
            if stats.fields.len() < super::MAX_FIELD_NAMES {
                stats.fields.insert(field.to_string());
            }
        }
    }
    bundle
        .warnings
        .extend(load.notes.into_iter().map(|message| Warning {
            file: file_name.to_owned(),
            message,
        }));
    if bundle.articles.is_empty() {
        bundle.articles = load.articles;
    } else {
        bundle.articles.extend(load.articles);
    }
}

/// Numbers articles 0..n in load order.
pub(super) fn number(articles: &mut [Article]) {
    for (i, a) in articles.iter_mut().enumerate() {
        a.id = ArticleId::from_index(i).unwrap_or(ArticleId::new(u32::MAX));
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Loads one file. `format` is what its name promises; `None` (a file given by name with an
/// unknown extension) means: tell by content.
fn load_file(
    path: &Path,
    file_name: &str,
    format: Option<Format>,
    opts: &LoadOptions,
    tracker: &Tracker<'_>,
    readers: Readers<'_>,
) -> Result<FileLoad, FileFailure> {
    if tracker.is_cancelled() {
        return Err(FileFailure::Cancelled);
    }
    let format = format.or_else(|| source::format_from_name(path));
    let read_started = Instant::now();
    let mut opened =
        source::open(path, &tracker.bytes_read, opts.expansion).map_err(FileFailure::Io)?;
    let compression = opened.compression;
    let trailing_junk = opened.trailing_junk.clone();
    let disk_bytes = opened.disk_bytes;
    let head = match opened.reader.fill_buf() {
        Ok(head) => head,
        Err(e) => return Err(refused_or_io(e, compression)),
    };
    if head.is_empty() {
        return Ok(FileLoad {
            notes: vec!["empty file".into()],
            read_time: read_started.elapsed(),
            ..FileLoad::default()
        });
    }
    let format = match (format, source::sniff_format(head)) {
        // No extension, or one that is not a bundle format: trust the content.
        (Some(Format::Page), sniffed) if path.extension().is_none() => sniffed,
        (None, sniffed) => sniffed,
        // A `.json` file holding one record per line.
        (Some(Format::Json), Format::JsonLines) => Format::JsonLines,
        // A `.txt` holding Sogou `<doc>` records or a saved web page.
        (Some(Format::Page), sniffed @ (Format::SogouXml | Format::Html)) => sniffed,
        (Some(named), _) => named,
    };
    // Binary content, NUL bytes (outside UTF-16) and a compressed file's expansion are refused
    // by the reader as they pass (`decompress::Refusal`), before the rest is read.
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let expected_bytes = match compression {
        Compression::None => opened.disk_bytes,
        _ => opened.disk_bytes.saturating_mul(COMPRESSION_RATIO),
    };
    let stream = format == Format::JsonLines && !utf16 && expected_bytes >= STREAM_MIN_BYTES;
    let mut load = if stream {
        // An xz decoder holds its dictionary (up to 64 MiB) to the end of the stream: the
        // articles are built after it is freed, not beside it.
        let defer = compression == Compression::Xz;
        let streamed =
            stream::stream_json_lines(opened.reader, file_name, defer, readers.fields, tracker);
        if tracker.is_cancelled() {
            return Err(FileFailure::Cancelled);
        }
        let mut load = from_parsed(streamed.parsed);
        load.reader = reader_name(Format::JsonLines, None);
        load.bytes = streamed.bytes;
        load.read_time = streamed.read_time;
        load.parse_time = streamed.parse_time;
        if let Some(e) = streamed.failure {
            if streamed.bytes == 0 || decompress::refusal(&e).is_some() {
                return Err(refused_or_io(e, compression));
            }
            load.notes.push(cut_short(&e, compression, streamed.bytes));
        }
        load
    } else {
        let (bytes, failure) = match read_whole(&mut *opened.reader, tracker)? {
            (bytes, Some(e)) if bytes.is_empty() || decompress::refusal(&e).is_some() => {
                return Err(refused_or_io(e, compression));
            }
            read => read,
        };
        // Frees the decoder (and its dictionary) before the text is split.
        drop(opened);
        let byte_count = bytes.len() as u64;
        let decoded = decode::decode(bytes).map_err(|e| FileFailure::Refused(e.to_string()))?;
        let read_time = read_started.elapsed();
        let parse_started = Instant::now();
        let mut load = parse_text(format, &decoded.text, file_name, readers)?;
        tracker.add_articles(load.articles.len());
        if let Some(m) = decoded.bad_bytes_message() {
            load.notes.insert(0, m);
        }
        if let Some(e) = failure {
            load.notes.push(cut_short(&e, compression, byte_count));
        }
        load.bytes = byte_count;
        load.read_time = read_time;
        load.parse_time = parse_started.elapsed();
        load
    };
    if let Some(offset) = trailing_junk.offset() {
        load.notes.push(format!(
            "{} bytes after the end of the xz data (from byte {offset}) ignored",
            disk_bytes.saturating_sub(offset)
        ));
    }
    if load.articles.is_empty() && load.notes.is_empty() {
        load.notes.push("no articles found".into());
    }
    let date_started = Instant::now();
    refdate::assign(&mut load.articles, file_name, opts.date);
    load.parse_time += date_started.elapsed();
    Ok(load)
}

/// The articles of a decoded file, by the reader its format (and, for plain text, its shape)
/// calls for.
fn parse_text(
    format: Format,
    text: &str,
    file_name: &str,
    readers: Readers<'_>,
) -> Result<FileLoad, FileFailure> {
    let mut shape = None;
    let mut load = match format {
        Format::Page => {
            let sniffed = crawl::sniff_text(text, readers.fields);
            shape = Some(sniffed);
            let (articles, notes, mapping) = match sniffed {
                TextShape::Page => (
                    split::split_page(text, file_name, readers.surnames),
                    Vec::new(),
                    FieldMapping::default(),
                ),
                TextShape::HeadlineFirst => (
                    crawl::read_headline_first(text, file_name),
                    Vec::new(),
                    FieldMapping::default(),
                ),
                TextShape::Labelled => {
                    let mut mapping = FieldMapping::default();
                    let (articles, notes) =
                        crawl::read_labelled(text, file_name, readers.fields, &mut mapping);
                    (articles, notes, mapping)
                }
            };
            let (body_chars, title_chars) = count_chars(&articles);
            FileLoad {
                articles,
                notes,
                mapping,
                body_chars,
                title_chars,
                ..FileLoad::default()
            }
        }
        Format::JsonLines => {
            let mut lines = json::JsonLines::new(file_name, false, readers.fields);
            lines.feed(text.as_bytes());
            from_parsed(lines.records.finish())
        }
        Format::Json => from_parsed(
            json::parse_document(text, file_name, readers.fields).map_err(FileFailure::Refused)?,
        ),
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Csv { b',' } else { b'\t' };
            from_parsed(
                table::read(text, file_name, delimiter, readers.fields)
                    .map_err(FileFailure::Refused)?,
            )
        }
        Format::SogouXml => from_parsed(sogou::read(text, file_name, readers.fields)),
        Format::Html => from_parsed(html::read(text, file_name)),
    };
    load.reader = reader_name(format, shape);
    Ok(load)
}

/// The name `stats` gives a reader.
fn reader_name(format: Format, shape: Option<TextShape>) -> &'static str {
    match (format, shape) {
        (Format::Page, Some(TextShape::Labelled)) => "crawl, labelled",
        (Format::Page, Some(TextShape::HeadlineFirst)) => "crawl, headline first",
        (Format::Page, _) => "page dump",
        (Format::JsonLines, _) => "JSON Lines",
        (Format::Json, _) => "JSON",
        (Format::Csv, _) => "CSV",
        (Format::Tsv, _) => "TSV",
        (Format::SogouXml, _) => "Sogou XML",
        (Format::Html, _) => "HTML",
    }
}

fn from_parsed(parsed: Parsed) -> FileLoad {
    FileLoad {
        mapping: parsed.mapping,
        articles: parsed.articles,
        notes: Notes::into_messages(parsed.notes),
        body_chars: parsed.body_chars,
        title_chars: parsed.title_chars,
        ..FileLoad::default()
    }
}

/// Characters of body paragraphs and of titles.
/// Characters of the articles' bodies and titles.
pub(crate) fn count_chars(articles: &[Article]) -> (u64, u64) {
    articles.iter().fold((0, 0), |(body, title), a| {
        (
            body + a.body_chars() as u64,
            title + a.title.chars().count() as u64,
        )
    })
}

/// Reads the rest of a (decompressed) stream, checking for cancellation between steps. A read
/// error ends the reading; the bytes read so far are kept and the error is returned beside them.
fn read_whole(
    reader: &mut (dyn BufRead + Send + '_),
    tracker: &Tracker<'_>,
) -> Result<(Vec<u8>, Option<io::Error>), FileFailure> {
    let mut bytes = Vec::new();
    loop {
        if tracker.is_cancelled() {
            return Err(FileFailure::Cancelled);
        }
        match (&mut *reader)
            .take(READ_STEP as u64)
            .read_to_end(&mut bytes)
        {
            Ok(0) => return Ok((bytes, None)),
            Ok(_) => tracker.tick(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Ok((bytes, Some(e))),
        }
    }
}

/// A read error before any content, or content refused by the reader ([`source::Refusal`]):
/// corrupt compressed data and refused content are refused, other errors are I/O.
fn refused_or_io(e: io::Error, compression: Compression) -> FileFailure {
    if let Some(refusal) = decompress::refusal(&e) {
        FileFailure::Refused(refusal.to_string())
    } else if compression == Compression::None {
        FileFailure::Io(e)
    } else {
        FileFailure::Refused(format!(
            "cannot decompress {} data ({e})",
            compression.name()
        ))
    }
}

/// flate2's error where a gzip member should start but no gzip header is.
fn is_junk_after_gzip(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::InvalidInput && e.to_string() == "invalid gzip header"
}

/// The note for a stream that ended in an error after some content. A gzip reader that finds
/// no gzip header where a next member would start has read every member whole: what follows is
/// junk, and nothing before it is lost.
fn cut_short(e: &io::Error, compression: Compression, bytes: u64) -> String {
    match compression {
        Compression::None => format!("read failed after {bytes} bytes ({e}), the rest is lost"),
        Compression::Gzip if is_junk_after_gzip(e) => format!(
            "bytes after the end of the gzip data are not gzip ({e}): ignored; all {bytes} \
             decompressed bytes before them are kept"
        ),
        c => format!(
            "{} data truncated or corrupt after {bytes} decompressed bytes ({e}), the rest is lost",
            c.name()
        ),
    }
}
