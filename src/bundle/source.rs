//! Finding and opening source files: the folder walk, formats by name or content, decompression.
//! What comes out of a file is checked as it is read ([`super::decompress`]).

use super::decompress::{Checked, ExpansionLimit, Refusal, TrailingJunk, XzStreams};
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How the articles are written inside a (decompressed) file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A plain-text page dump (`.txt`, `.md`, no extension).
    Page,
    /// JSON Lines, one article record per line (`.jsonl`).
    JsonLines,
    /// A JSON array of article records, or a single record (`.json`).
    Json,
    /// Comma-separated records under a header row (`.csv`).
    Csv,
    /// Tab-separated records under a header row (`.tsv`).
    Tsv,
    /// `<doc>` records with no root element, as SogouCS/SogouCA ship them (`.xml`, `.dat`).
    SogouXml,
    /// A saved web page holding one article (`.html`, `.htm`, `.shtml`).
    Html,
}

impl Format {
    /// Every format, in the order their extensions are listed.
    pub const ALL: [Format; 7] = [
        Format::Page,
        Format::JsonLines,
        Format::Json,
        Format::Csv,
        Format::Tsv,
        Format::SogouXml,
        Format::Html,
    ];

    /// The file extensions that promise this format (lower case), before an optional
    /// compression suffix.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Page => &["txt", "md"],
            Format::JsonLines => &["jsonl", "ndjson"],
            Format::Json => &["json"],
            Format::Csv => &["csv"],
            Format::Tsv => &["tsv"],
            Format::SogouXml => &["xml", "dat"],
            Format::Html => &["html", "htm", "shtml", "xhtml"],
        }
    }
}

/// How a file is compressed, told by its magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Xz,
    Gzip,
}

impl Compression {
    /// The compressions a file name may show, by their suffix.
    pub const COMPRESSED: [Compression; 2] = [Compression::Xz, Compression::Gzip];

    /// The suffix of a file compressed this way (`xz`, `gz`); none for plain files.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            Compression::Xz => Some("xz"),
            Compression::Gzip => Some("gz"),
        }
    }

    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(b"\xFD7zXZ\x00") {
            Compression::Xz
        } else if head.starts_with(b"\x1F\x8B") {
            Compression::Gzip
        } else {
            Compression::None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Xz => "xz",
            Compression::Gzip => "gzip",
        }
    }
}

/// The format a file name promises, looking through a `.xz` or `.gz` suffix.
/// `Some(Page)` for no extension; `None` for an extension that is not a bundle format.
pub fn format_from_name(path: &Path) -> Option<Format> {
    // A name that is not UTF-8 is judged by its readable part (the extension is ASCII anyway).
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let inner = Compression::COMPRESSED
        .iter()
        .filter_map(|c| c.extension())
        .find_map(|ext| name.strip_suffix(ext)?.strip_suffix('.'))
        .unwrap_or(&name);
    match inner.rsplit_once('.') {
        None => Some(Format::Page),
        Some(("", _)) => Some(Format::Page),
        Some((_, ext)) => Format::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&ext)),
    }
}

/// Every extension of a bundle file: the formats', then the compression suffixes (for file
/// dialogs, which cannot say "optionally compressed").
pub fn bundle_extensions() -> Vec<&'static str> {
    let formats = Format::ALL
        .iter()
        .flat_map(|f| f.extensions().iter().copied());
    let compressed = Compression::COMPRESSED.iter().filter_map(|c| c.extension());
    formats.chain(compressed).collect()
}

/// The bundle extensions for people: `.txt, .md, .jsonl, .ndjson, .json, optionally .xz or .gz`.
pub fn bundle_extensions_text() -> String {
    let dotted = |exts: Vec<&str>| exts.iter().map(|e| format!(".{e}")).collect::<Vec<_>>();
    let formats: Vec<&str> = Format::ALL
        .iter()
        .flat_map(|f| f.extensions().iter().copied())
        .collect();
    let compressed: Vec<&str> = Compression::COMPRESSED
        .iter()
        .filter_map(|c| c.extension())
        .collect();
    format!(
        "{}, optionally {}",
        dotted(formats).join(", "),
        dotted(compressed).join(" or ")
    )
}

/// The markup the first bytes of a file open with: `<doc>` records (Sogou XML, after an optional
/// XML declaration) or an HTML page (`<!DOCTYPE html`, `<html`, `<head`, `<meta`, a comment
/// before one of them). Text in any ASCII-compatible encoding (UTF-8, GB18030) is read alike.
pub fn sniff_markup(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head.get(head.iter().take_while(|c| c.is_ascii_whitespace()).count()..)?;
    let lower =
        |b: &[u8], n: usize| -> Vec<u8> { b.iter().take(n).map(u8::to_ascii_lowercase).collect() };
    // An XML declaration or comments may come first.
    for _ in 0..8 {
        let opening = lower(rest, 16);
        let skip_to = |end: &[u8]| memchr::memmem::find(rest, end).map(|i| i + end.len());
        let after = if opening.starts_with(b"<?xml") {
            skip_to(b"?>")
        } else if opening.starts_with(b"<!--") {
            skip_to(b"-->")
        } else {
            break;
        };
        let Some(after) = after else { break };
        rest = rest.get(after..)?;
        rest = rest.get(rest.iter().take_while(|c| c.is_ascii_whitespace()).count()..)?;
    }
    let opening = lower(rest, 16);
    if opening.starts_with(b"<doc>") || opening.starts_with(b"<doc ") {
        Some(Format::SogouXml)
    } else if [&b"<!doctype html"[..], b"<html", b"<head", b"<meta"]
        .iter()
        .any(|p| opening.starts_with(p))
    {
        Some(Format::Html)
    } else {
        None
    }
}

/// The format the first bytes of decoded content look like: a record `{"…` on the first line
/// (JSON Lines, or JSON when the record spans lines), an array `[{` or `[]`, markup
/// ([`sniff_markup`]), else a page.
pub fn sniff_format(head: &[u8]) -> Format {
    if let Some(markup) = sniff_markup(head) {
        return markup;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let skip_ws = |b: &[u8]| -> usize { b.iter().take_while(|c| c.is_ascii_whitespace()).count() };
    let start = skip_ws(head);
    let rest = head.get(start..).unwrap_or_default();
    let after = |b: &[u8]| b.get(1 + skip_ws(b.get(1..).unwrap_or_default())).copied();
    match rest.first() {
        Some(b'{') if after(rest) == Some(b'"') => {
            let line = rest.split(|&c| c == b'\n').next().unwrap_or_default();
            if line.trim_ascii_end().ends_with(b"}") {
                Format::JsonLines
            } else {
                Format::Json
            }
        }
        Some(b'[') if matches!(after(rest), Some(b'{' | b']')) => Format::Json,
        _ => Format::Page,
    }
}

/// The files of a folder: bundle files to read, in order, and what was left out.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files with a bundle extension, sorted by path, with their size on disk.
    pub files: Vec<(PathBuf, u64)>,
    /// Files whose extension is not a bundle format.
    pub skipped: Vec<PathBuf>,
    /// Folders or entries that could not be read.
    pub unreadable: Vec<(PathBuf, io::Error)>,
}

/// Walks a folder recursively in sorted order, skipping hidden files and folders (names starting
/// with `.`). Symbolic links to files are followed; links to folders are not (no cycles).
pub fn list_folder(root: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    // Fails on the root itself: the caller reports that as an error, not a warning.
    let entries = fs::read_dir(root)?;
    walk(entries, root, &mut listing);
    Ok(listing)
}

fn walk(entries: fs::ReadDir, dir: &Path, listing: &mut Listing) {
    let mut children = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => children.push(e),
            Err(err) => listing.unreadable.push((dir.to_path_buf(), err)),
        }
    }
    children.sort_by_key(|e| e.file_name());
    for entry in children {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(err) => {
                listing.unreadable.push((path, err));
                continue;
            }
        };
        if file_type.is_dir() {
            match fs::read_dir(&path) {
                Ok(entries) => walk(entries, &path, listing),
                Err(err) => listing.unreadable.push((path, err)),
            }
            continue;
        }
        let meta = if file_type.is_symlink() {
            fs::metadata(&path)
        } else {
            entry.metadata()
        };
        match meta {
            Ok(m) if m.is_file() => {
                if format_from_name(&path).is_some() {
                    listing.files.push((path, m.len()));
                } else {
                    listing.skipped.push(path);
                }
            }
            Ok(_) => listing.skipped.push(path),
            Err(err) => listing.unreadable.push((path, err)),
        }
    }
}

/// A reader that adds the bytes it reads to a shared counter (progress in bytes on disk).
pub struct Counting<'a, R> {
    inner: R,
    count: &'a AtomicU64,
}

impl<'a, R> Counting<'a, R> {
    pub fn new(inner: R, count: &'a AtomicU64) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Buffer size for reading from disk and from decompressors.
pub const READ_BUFFER: usize = 256 * 1024;

/// An open source file, decompressed if need be, with its compression known.
pub struct Opened<'a> {
    pub reader: Box<dyn BufRead + Send + 'a>,
    pub compression: Compression,
    /// Size of the file on disk.
    pub disk_bytes: u64,
    /// Junk after the end of xz data, if any was met while reading.
    pub trailing_junk: TrailingJunk,
}

/// Opens a file for reading; xz and gzip content (told by magic number, whatever the name says)
/// is decompressed as a stream, refused once it passes `limit` ([`Refusal::TooLarge`]). Any
/// content is refused at its first NUL byte unless it opens as UTF-16 ([`Refusal::NotText`]).
/// Every byte read from disk is added to `bytes_read`.
pub fn open<'a>(
    path: &Path,
    bytes_read: &'a AtomicU64,
    limit: ExpansionLimit,
) -> io::Result<Opened<'a>> {
    let file = fs::File::open(path)?;
    let disk_bytes = file.metadata()?.len();
    let mut disk = BufReader::with_capacity(READ_BUFFER, Counting::new(file, bytes_read));
    // A file's first read fills the buffer, so the magic number is all there.
    let compression = Compression::sniff(disk.fill_buf()?);
    let trailing_junk = TrailingJunk::new();
    let bytes = limit.bytes(disk_bytes);
    let limit = (compression != Compression::None).then(|| {
        let refusal = Refusal::TooLarge {
            limit: bytes,
            ratio: limit.ratio,
            disk: disk_bytes,
            floor: limit.floor,
        };
        (bytes, refusal)
    });
    let checked = |inner| Checked::new(inner, limit);
    let reader: Box<dyn BufRead + Send + 'a> = match compression {
        Compression::None => Box::new(BufReader::with_capacity(
            READ_BUFFER,
            checked(Box::new(disk) as Box<dyn Read + Send + 'a>),
        )),
        Compression::Xz => Box::new(BufReader::with_capacity(
            READ_BUFFER,
            checked(Box::new(XzStreams::new(disk, trailing_junk.clone()))),
        )),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            READ_BUFFER,
            checked(Box::new(flate2::bufread::MultiGzDecoder::new(disk))),
        )),
    };
    Ok(Opened {
        reader,
        compression,
        disk_bytes,
        trailing_junk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_name_through_compression_suffixes() {
        let f = |s: &str| format_from_name(Path::new(s));
        assert_eq!(f("days/2019-01-03.txt"), Some(Format::Page));
        assert_eq!(f("page.MD"), Some(Format::Page));
        assert_eq!(f("README"), Some(Format::Page));
        assert_eq!(f("xwlb.jsonl.xz"), Some(Format::JsonLines));
        assert_eq!(f("a.json.gz"), Some(Format::Json));
        assert_eq!(f("page.txt.gz"), Some(Format::Page));
        assert_eq!(f("photo.png"), None);
        assert_eq!(f("archive.tar.xz"), None);
    }

    #[test]
    fn content_sniffing_tells_records_from_pages() {
        assert_eq!(
            sniff_format(b"{\"title\": \"t\", \"text\": \"x\"}\n{"),
            Format::JsonLines
        );
        assert_eq!(sniff_format(b"{\n  \"title\": \"t\",\n"), Format::Json);
        assert_eq!(sniff_format(b"  [ {\"title\":"), Format::Json);
        assert_eq!(sniff_format(b"[]"), Format::Json);
        assert_eq!(
            sniff_format("[标题]国内联播快讯\n".as_bytes()),
            Format::Page
        );
        assert_eq!(sniff_format("{括号开头的标题}\n".as_bytes()), Format::Page);
        assert_eq!(sniff_format(b""), Format::Page);
        assert_eq!(sniff_format(b"<doc>\n<url>"), Format::SogouXml);
        assert_eq!(
            sniff_format(b"<?xml version=\"1.0\" encoding=\"gb2312\"?>\n<doc>"),
            Format::SogouXml
        );
        assert_eq!(sniff_format(b"\n<!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(
            sniff_format(b"<!-- saved -->\n<HTML lang=zh>"),
            Format::Html
        );
        assert_eq!(sniff_format("<标题>\n".as_bytes()), Format::Page);
    }

    #[test]
    fn names_that_are_not_utf8_keep_their_format() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let name = std::ffi::OsStr::from_bytes(b"\xB0\xC2.jsonl.xz");
            assert_eq!(format_from_name(Path::new(name)), Some(Format::JsonLines));
        }
    }

    #[test]
    fn compression_is_told_by_magic_number() {
        assert_eq!(Compression::sniff(b"\xFD7zXZ\x00\x00"), Compression::Xz);
        assert_eq!(Compression::sniff(b"\x1F\x8B\x08"), Compression::Gzip);
        assert_eq!(Compression::sniff(b"plain"), Compression::None);
    }
}
