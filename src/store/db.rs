//! The container: one SQLite file per bundle, with three tables.
//!
//! - `meta(key, value)`: the format, the fingerprint (JSON), the article count, when written;
//! - `files(path, size, modified_ns, hash)`: the bundle's files as analysed (for people and tools
//!   that open the file; the fingerprint in `meta` is what the program reads);
//! - `sections(name, chunk, bytes)` and `checksums(name, chunks, sum)`: the encoded sections,
//!   cut into chunks well under SQLite's blob limit.
//!
//! A store is written whole into a temporary file beside its place, synced, then renamed over
//! it: a crash mid-write leaves the previous store as it was, and a reader that opened the
//! previous file reads it to the end. Stray temporary files of dead writers are removed.

use super::stamp::Fingerprint;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Chunks of a section: well under SQLite's default blob limit of 1,000,000,000 bytes.
const CHUNK: usize = 64 << 20;

/// Suffix of a store being written (followed by the writer's process id).
pub const TEMP_SUFFIX: &str = ".writing-";

const SCHEMA: &str = "
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                       modified_ns INTEGER NOT NULL, hash TEXT NOT NULL);
    CREATE TABLE sections(name TEXT NOT NULL, chunk INTEGER NOT NULL, bytes BLOB NOT NULL,
                          PRIMARY KEY(name, chunk));
    CREATE TABLE checksums(name TEXT PRIMARY KEY, chunks INTEGER NOT NULL, sum TEXT NOT NULL);
";

/// What a store file says about itself.
pub struct Header {
    pub format: u32,
    pub fingerprint: Fingerprint,
    pub articles: usize,
}

/// An open store file, read-only.
pub struct StoreFile {
    conn: Connection,
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl StoreFile {
    /// Opens `path` read-only; `Ok(None)` if there is no such file.
    pub fn open(path: &Path) -> Result<Option<StoreFile>, String> {
        if !path.exists() {
            return Ok(None);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(text)?;
        Ok(Some(StoreFile { conn }))
    }

    fn meta(&self, key: &str) -> Result<String, String> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(text)?
            .ok_or_else(|| format!("no {key} recorded"))
    }

    /// The format, fingerprint and article count recorded.
    pub fn header(&self) -> Result<Header, String> {
        let format = self.meta("format")?.parse().map_err(text)?;
        let fingerprint = serde_json::from_str(&self.meta("fingerprint")?).map_err(text)?;
        let articles = self.meta("articles")?.parse().map_err(text)?;
        Ok(Header {
            format,
            fingerprint,
            articles,
        })
    }

    /// The stored bytes of a section, with the checksum they must have.
    pub fn section(&self, name: &str) -> Result<(Vec<u8>, u64), String> {
        let (chunks, sum): (i64, String) = self
            .conn
            .query_row(
                "SELECT chunks, sum FROM checksums WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(text)?
            .ok_or_else(|| format!("no section {name}"))?;
        let sum = u64::from_str_radix(&sum, 16).map_err(text)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT chunk, bytes FROM sections WHERE name = ?1 ORDER BY chunk")
            .map_err(text)?;
        let mut rows = stmt.query([name]).map_err(text)?;
        let mut bytes = Vec::new();
        let mut seen = 0i64;
        while let Some(row) = rows.next().map_err(text)? {
            let chunk: i64 = row.get(0).map_err(text)?;
            if chunk != seen {
                return Err(format!("section {name}: chunk {seen} missing"));
            }
            let blob = row.get_ref(1).map_err(text)?.as_blob().map_err(text)?;
            bytes.extend_from_slice(blob);
            seen += 1;
        }
        if seen != chunks {
            return Err(format!("section {name}: {seen} of {chunks} chunks"));
        }
        Ok((bytes, sum))
    }
}

/// A store being written: sections go into a temporary file, [`StoreWriter::commit`] puts it
/// in place. Dropped without a commit, the temporary file is removed.
pub struct StoreWriter {
    conn: Option<Connection>,
    temp: PathBuf,
    target: PathBuf,
}

impl Drop for StoreWriter {
    fn drop(&mut self) {
        if self.conn.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

impl StoreWriter {
    pub fn create(target: &Path) -> Result<StoreWriter, String> {
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let temp = target.with_file_name(format!("{name}{TEMP_SUFFIX}{}", std::process::id()));
        let _ = std::fs::remove_file(&temp);
        let conn = Connection::open(&temp).map_err(text)?;
        let writer = StoreWriter {
            conn: Some(conn),
            temp,
            target: target.to_path_buf(),
        };
        // Nothing to roll back in a file nobody reads yet: the rename is the commit.
        writer
            .conn()?
            .execute_batch(
                "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
            )
            .map_err(text)?;
        writer.conn()?.execute_batch(SCHEMA).map_err(text)?;
        writer.conn()?.execute_batch("BEGIN").map_err(text)?;
        Ok(writer)
    }

    fn conn(&self) -> Result<&Connection, String> {
        self.conn
            .as_ref()
            .ok_or_else(|| "the store is already written".to_string())
    }

    pub fn header(&self, fingerprint: &Fingerprint, articles: usize) -> Result<(), String> {
        let written = chrono::Local::now().to_rfc3339();
        let fp = serde_json::to_string(fingerprint).map_err(text)?;
        let mut stmt = self
            .conn()?
            .prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)")
            .map_err(text)?;
        for (key, value) in [
            ("format", super::codec::FORMAT.to_string()),
            ("fingerprint", fp),
            ("articles", articles.to_string()),
            ("written", written),
            ("writer", format!("kanbao {}", env!("CARGO_PKG_VERSION"))),
        ] {
            stmt.execute(params![key, value]).map_err(text)?;
        }
        let mut stmt = self
            .conn()?
            .prepare("INSERT INTO files(path, size, modified_ns, hash) VALUES (?1, ?2, ?3, ?4)")
            .map_err(text)?;
        for f in &fingerprint.files {
            stmt.execute(params![
                f.path,
                i64::try_from(f.size).unwrap_or(i64::MAX),
                f.modified_ns,
                f.hash
            ])
            .map_err(text)?;
        }
        Ok(())
    }

    pub fn section(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let mut sink = self.section_sink(name);
        sink.write_all(bytes).map_err(text)?;
        sink.finish()
    }

    /// A section written as its bytes come: stored a chunk at a time, so a section need never
    /// be held whole; nothing of it is recorded before [`SectionSink::finish`].
    pub fn section_sink(&self, name: &str) -> SectionSink<'_> {
        self.section_sink_in(name, CHUNK)
    }

    /// A section stored in chunks of `size` bytes.
    fn section_sink_in(&self, name: &str, size: usize) -> SectionSink<'_> {
        SectionSink {
            writer: self,
            name: name.to_string(),
            chunk: Vec::new(),
            size: size.max(1),
            chunks: 0,
            sum: Xxh3::new(),
        }
    }

    /// Ends the write: the file is synced and renamed over the target; on failure the
    /// temporary file is removed and the previous store stays.
    pub fn commit(mut self) -> Result<(), String> {
        let conn = self.conn.take().ok_or("the store is already written")?;
        let done = (|| {
            conn.execute_batch("COMMIT").map_err(text)?;
            conn.close().map_err(|(_, e)| text(e))?;
            std::fs::File::open(&self.temp)
                .and_then(|f| f.sync_all())
                .map_err(text)?;
            std::fs::rename(&self.temp, &self.target).map_err(text)?;
            if let Some(dir) = self.target.parent() {
                // The rename itself on disk; not every system can open a folder to sync it.
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(())
        })();
        if done.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        done
    }
}

/// A section of a [`StoreWriter`] being written ([`StoreWriter::section_sink`]).
pub struct SectionSink<'w> {
    writer: &'w StoreWriter,
    name: String,
    chunk: Vec<u8>,
    /// Bytes a chunk holds ([`CHUNK`] but in tests).
    size: usize,
    chunks: i64,
    sum: Xxh3,
}

impl SectionSink<'_> {
    fn store_chunk(&mut self) -> Result<(), String> {
        self.writer
            .conn()?
            .prepare_cached("INSERT INTO sections(name, chunk, bytes) VALUES (?1, ?2, ?3)")
            .map_err(text)?
            .execute(params![self.name, self.chunks, self.chunk])
            .map_err(text)?;
        self.sum.update(&self.chunk);
        self.chunk.clear();
        self.chunks += 1;
        Ok(())
    }

    /// Stores what is left and records the section's chunks and checksum.
    pub fn finish(mut self) -> Result<(), String> {
        // An empty section is one empty chunk.
        if !self.chunk.is_empty() || self.chunks == 0 {
            self.store_chunk()?;
        }
        self.writer
            .conn()?
            .execute(
                "INSERT INTO checksums(name, chunks, sum) VALUES (?1, ?2, ?3)",
                params![
                    self.name,
                    self.chunks,
                    format!("{:016x}", self.sum.digest())
                ],
            )
            .map_err(text)?;
        Ok(())
    }
}

impl Write for SectionSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(self.size - self.chunk.len());
        self.chunk.extend_from_slice(&bytes[..n]);
        if self.chunk.len() == self.size {
            self.store_chunk().map_err(std::io::Error::other)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_written_as_it_comes_reads_back_whole_across_its_chunks() {
        let dir = std::env::temp_dir().join(format!("kanbao-db-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("store.sqlite");
        let writer = StoreWriter::create(&path).unwrap();
        let mut sink = writer.section_sink_in("long", 5);
        for piece in [&b"abc"[..], b"defghij", b"", b"klmnopqrstu"] {
            sink.write_all(piece).unwrap();
        }
        sink.finish().unwrap();
        writer.section("empty", &[]).unwrap();
        writer.section("whole", b"xyz").unwrap();
        let fingerprint = Fingerprint {
            files: Vec::new(),
            date: None,
            analysis: "test".into(),
        };
        writer.header(&fingerprint, 0).unwrap();
        writer.commit().unwrap();
        let file = StoreFile::open(&path).unwrap().unwrap();
        let (long, sum) = file.section("long").unwrap();
        assert_eq!(long, b"abcdefghijklmnopqrstu");
        assert_eq!(sum, xxhash_rust::xxh3::xxh3_64(&long));
        let chunks: i64 = file
            .conn
            .query_row(
                "SELECT chunks FROM checksums WHERE name = 'long'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(chunks, 5, "21 bytes in chunks of 5");
        assert_eq!(file.section("empty").unwrap().0, b"");
        assert_eq!(file.section("whole").unwrap().0, b"xyz");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
