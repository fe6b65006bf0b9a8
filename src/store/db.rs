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
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

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
        let mut stmt = self
            .conn()?
            .prepare_cached("INSERT INTO sections(name, chunk, bytes) VALUES (?1, ?2, ?3)")
            .map_err(text)?;
        let mut chunks = 0i64;
        for (i, chunk) in bytes.chunks(CHUNK).enumerate() {
            stmt.execute(params![name, i as i64, chunk]).map_err(text)?;
            chunks += 1;
        }
        if bytes.is_empty() {
            stmt.execute(params![name, 0i64, bytes]).map_err(text)?;
            chunks = 1;
        }
        self.conn()?
            .execute(
                "INSERT INTO checksums(name, chunks, sum) VALUES (?1, ?2, ?3)",
                params![name, chunks, format!("{:016x}", xxh3_64(bytes))],
            )
            .map_err(text)?;
        Ok(())
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
