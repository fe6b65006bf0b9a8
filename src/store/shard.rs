//! The shards between `kanbao extract` and `kanbao merge`: one record per article, with where it
//! stands in the input ([`Order`]), the article as loaded and its findings
//! ([`ArticleFindings`]: what the per-article pass of an analysis yields). Written as JSON
//! Lines by `kanbao extract`; the Spark job (`scale/kanbao_spark.py`) keeps each line in the
//! `record` column of Parquet files. [`read_shard`] reads both whole; [`LoadOrder`] finds every
//! record of many shards and reads them back in the loader's order a block at a time, holding
//! only where each record lies.

use crate::bundle::Article;
use crate::knowledge::ArticleFindings;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead as _, BufReader, BufWriter, Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The Parquet column holding a shard record's JSON.
pub const RECORD_COLUMN: &str = "record";

/// Where an article stands in the input, in the loader's order: the rank of its file (files in
/// the order the loader reads them), its first line in that file, then the order it was read
/// in by one `extract` (which breaks ties between articles of one line).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Order {
    pub file: u32,
    pub line: u64,
    pub n: u64,
}

/// One article of a shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    pub order: Order,
    /// The article as loaded (its id: its place among the articles of one `extract`, which
    /// the event candidates of its findings name).
    pub article: Article,
    pub findings: ArticleFindings,
}

/// A shard that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the shard ({cause}): {path}")]
pub struct ShardError {
    pub path: String,
    pub cause: String,
}

/// What kind of shard a file is, by its name; `None`: not a shard (`_SUCCESS`, checksums,
/// hidden files).
fn shard_kind(path: &Path) -> Option<ShardKind> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.starts_with('_') {
        return None;
    }
    if name.ends_with(".parquet") {
        Some(ShardKind::Parquet)
    } else if name.ends_with(".jsonl") || name.ends_with(".json") {
        Some(ShardKind::JsonLines)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShardKind {
    JsonLines,
    Parquet,
}

/// The shard files of `paths`: a file as given (JSON Lines unless it ends in `.parquet`), a
/// folder walked for `.jsonl`, `.json` and `.parquet` files (sorted; hidden files and those
/// starting with `_` skipped).
pub fn shard_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ShardError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(ShardError {
                path: path.display().to_string(),
                cause: "no such file or folder".into(),
            });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ShardError> {
    let failed = |e: std::io::Error| ShardError {
        path: dir.display().to_string(),
        cause: e.to_string(),
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(failed)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(failed)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(['.', '_']));
        if path.is_dir() && !hidden {
            walk(&path, files)?;
        } else if shard_kind(&path).is_some() {
            files.push(path);
        }
    }
    Ok(())
}

/// Every record of the shard file `path`, in file order.
pub fn read_shard(path: &Path) -> Result<Vec<ShardRecord>, ShardError> {
    let failed = |cause: String| ShardError {
        path: path.display().to_string(),
        cause,
    };
    match shard_kind(path) {
        Some(ShardKind::Parquet) => parquet_records(path).map_err(failed),
        _ => json_lines_records(path).map_err(failed),
    }
}

fn json_lines_records(path: &Path) -> Result<Vec<ShardRecord>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut records = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        records.push(parse_record(&line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(records)
}

/// One record from its JSON.
pub fn parse_record(json: &str) -> Result<ShardRecord, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn parquet_records(path: &Path) -> Result<Vec<ShardRecord>, String> {
    let mut records = Vec::new();
    for_each_parquet_record(path, |json| {
        records.push(parse_record(json)?);
        Ok(())
    })?;
    Ok(records)
}

/// Hands `each` the record JSON of every row of a Parquet shard (its [`RECORD_COLUMN`]), in
/// order; an error names the row.
fn for_each_parquet_record(
    path: &Path,
    mut each: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), String> {
    use parquet::file::reader::{FileReader as _, SerializedFileReader};
    use parquet::record::Field;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let reader = SerializedFileReader::new(file).map_err(|e| e.to_string())?;
    let rows = reader.get_row_iter(None).map_err(|e| e.to_string())?;
    for (i, row) in rows.enumerate() {
        let row = row.map_err(|e| format!("row {}: {e}", i + 1))?;
        let json = row
            .get_column_iter()
            .find_map(|(name, field)| match field {
                Field::Str(s) if name == RECORD_COLUMN => Some(s.as_str()),
                _ => None,
            })
            .ok_or_else(|| format!("row {}: no text column {RECORD_COLUMN}", i + 1))?;
        each(json).map_err(|e| format!("row {}: {e}", i + 1))?;
    }
    Ok(())
}

/// A record's place: its [`Order`], the file holding it (an index into [`LoadOrder`]'s files),
/// and its line's bytes there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub order: Order,
    file: u32,
    len: u32,
    offset: u64,
}

/// Every record of a set of shard files, located and sorted into the loader's order; the
/// records themselves stay on disk until [`RecordReader::read`] reads a block of them. JSON
/// Lines shards are read where they are; Parquet shards are first copied into `spool`, one
/// record's JSON per line, so that any record can be read by its place.
#[derive(Debug)]
pub struct LoadOrder {
    files: Vec<PathBuf>,
    /// Sorted by order.
    records: Vec<Located>,
}

/// Only the order of a record, read without building the rest.
#[derive(Deserialize)]
struct OrderOnly {
    order: Order,
}

impl LoadOrder {
    /// Locates every record of `shards` (side by side), Parquet ones copied into the folder
    /// `spool` (which must exist), and sorts them by order.
    pub fn locate(shards: &[PathBuf], spool: &Path) -> Result<LoadOrder, ShardError> {
        let located: Vec<(PathBuf, Vec<Located>)> = shards
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let file = u32::try_from(i).map_err(|_| ShardError {
                    path: path.display().to_string(),
                    cause: "too many shard files".into(),
                })?;
                locate_file(path, file, spool)
            })
            .collect::<Result<_, _>>()?;
        let mut files = Vec::with_capacity(located.len());
        let mut records = Vec::with_capacity(located.iter().map(|(_, r)| r.len()).sum());
        for (path, part) in located {
            files.push(path);
            records.extend(part);
        }
        records.par_sort_unstable_by_key(|r| r.order);
        Ok(LoadOrder { files, records })
    }

    /// The records, in the loader's order.
    pub fn records(&self) -> &[Located] {
        &self.records
    }

    /// A record found twice (the same input extracted twice), if any.
    pub fn twice(&self) -> Option<&Located> {
        self.records
            .windows(2)
            .find(|w| w[0].order == w[1].order)
            .map(|w| &w[1])
    }

    /// A reader of the records, keeping at most [`OPEN_FILES`] files open.
    pub fn reader(&self) -> RecordReader<'_> {
        RecordReader {
            order: self,
            open: HashMap::new(),
            used: VecDeque::new(),
        }
    }
}

/// Shard files a [`RecordReader`] keeps open at once.
pub const OPEN_FILES: usize = 64;

/// Reads located records, a block at a time.
pub struct RecordReader<'a> {
    order: &'a LoadOrder,
    /// Open files with the offset each stands at.
    open: HashMap<u32, (BufReader<std::fs::File>, u64)>,
    /// Open files, least recently used first.
    used: VecDeque<u32>,
}

impl RecordReader<'_> {
    /// The records of `block` (located by this reader's [`LoadOrder`]), in its order, read
    /// in turn and parsed side by side.
    pub fn read(&mut self, block: &[Located]) -> Result<Vec<ShardRecord>, ShardError> {
        let mut lines = Vec::with_capacity(block.len());
        for r in block {
            lines.push(self.bytes(r)?);
        }
        lines
            .par_iter()
            .zip(block)
            .map(|(line, r)| {
                let text = std::str::from_utf8(line).map_err(|e| e.to_string());
                text.and_then(parse_record).map_err(|e| {
                    self.order
                        .failed(r.file, format!("at byte {}: {e}", r.offset))
                })
            })
            .collect()
    }

    fn bytes(&mut self, r: &Located) -> Result<Vec<u8>, ShardError> {
        let failed = |e: std::io::Error| self.order.failed(r.file, e.to_string());
        if !self.open.contains_key(&r.file) {
            if self.open.len() >= OPEN_FILES
                && let Some(oldest) = self.used.pop_front()
            {
                self.open.remove(&oldest);
            }
            let file = std::fs::File::open(&self.order.files[r.file as usize]).map_err(failed)?;
            self.open
                .insert(r.file, (BufReader::with_capacity(1 << 20, file), 0));
        }
        if self.used.back() != Some(&r.file) {
            self.used.retain(|&f| f != r.file);
            self.used.push_back(r.file);
        }
        let Some((reader, at)) = self.open.get_mut(&r.file) else {
            return Err(self.order.failed(r.file, "not open".into()));
        };
        if *at != r.offset {
            let step = i64::try_from(r.offset).unwrap_or(i64::MAX) - *at as i64;
            reader.seek_relative(step).map_err(failed)?;
        }
        let mut line = vec![0; r.len as usize];
        reader.read_exact(&mut line).map_err(failed)?;
        *at = r.offset + u64::from(r.len);
        Ok(line)
    }
}

impl LoadOrder {
    fn failed(&self, file: u32, cause: String) -> ShardError {
        ShardError {
            path: self.files[file as usize].display().to_string(),
            cause,
        }
    }
}

/// The records of one shard file located: (the file they lie in, their places). A Parquet
/// file's records are copied into a JSON Lines file in `spool` and located there.
fn locate_file(
    path: &Path,
    file: u32,
    spool: &Path,
) -> Result<(PathBuf, Vec<Located>), ShardError> {
    let failed = |cause: String| ShardError {
        path: path.display().to_string(),
        cause,
    };
    if shard_kind(path) != Some(ShardKind::Parquet) {
        let records = locate_lines(path, file).map_err(failed)?;
        return Ok((path.to_path_buf(), records));
    }
    let copy = spool.join(format!("{file}.jsonl"));
    let records = spool_parquet(path, &copy, file).map_err(failed)?;
    Ok((copy, records))
}

/// The place of one record's line: `Err` if it holds no record order.
fn located(line: &[u8], file: u32, offset: u64) -> Result<Located, String> {
    let only: OrderOnly = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    Ok(Located {
        order: only.order,
        file,
        len: u32::try_from(line.len()).map_err(|_| "a record over 4 GB".to_string())?,
        offset,
    })
}

fn locate_lines(path: &Path, file: u32) -> Result<Vec<Located>, String> {
    let mut reader = BufReader::with_capacity(
        1 << 20,
        std::fs::File::open(path).map_err(|e| e.to_string())?,
    );
    let mut records = Vec::new();
    let mut line = Vec::new();
    let mut offset = 0u64;
    for n in 1.. {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("line {n}: {e}"))?;
        if read == 0 {
            break;
        }
        let body = line.trim_ascii_end();
        if !body.trim_ascii_start().is_empty() {
            records.push(located(body, file, offset).map_err(|e| format!("line {n}: {e}"))?);
        }
        offset += read as u64;
    }
    Ok(records)
}

fn spool_parquet(path: &Path, copy: &Path, file: u32) -> Result<Vec<Located>, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut out = BufWriter::new(std::fs::File::create(copy).map_err(|e| text(&e))?);
    let mut records = Vec::new();
    let mut offset = 0u64;
    for_each_parquet_record(path, |json| {
        let line = json.trim().as_bytes();
        records.push(located(line, file, offset)?);
        out.write_all(line).map_err(|e| text(&e))?;
        out.write_all(b"\n").map_err(|e| text(&e))?;
        offset += line.len() as u64 + 1;
        Ok(())
    })?;
    out.flush().map_err(|e| text(&e))?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: u64, title: &str) -> String {
        let mut article = Article {
            title: title.into(),
            ..Article::default()
        };
        article.source.line_start = line as usize;
        let record = ShardRecord {
            order: Order {
                file: 0,
                line,
                n: line,
            },
            article,
            findings: ArticleFindings::default(),
        };
        serde_json::to_string(&record).expect("record as JSON")
    }

    #[test]
    fn records_of_several_shards_come_back_in_load_order() {
        let dir = std::env::temp_dir().join(format!("kanbao-shard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        let a = dir.join("a.jsonl");
        let b = dir.join("b.jsonl");
        // Out of order within a file and across files, a blank line and CRLF between.
        let lines_a = [record(4, "四"), String::new(), record(1, "一")].join("\r\n");
        std::fs::write(&a, lines_a + "\n").expect("shard a");
        std::fs::write(&b, [record(3, "三"), record(2, "二")].join("\n")).expect("shard b");
        let order = LoadOrder::locate(&[a.clone(), b.clone()], &dir).expect("located");
        assert!(order.twice().is_none());
        let mut reader = order.reader();
        let titles: Vec<String> = order
            .records()
            .chunks(3)
            .flat_map(|block| reader.read(block).expect("read"))
            .map(|r| r.article.title)
            .collect();
        assert_eq!(titles, ["一", "二", "三", "四"]);

        // The same shard twice: the record found twice is named.
        let order = LoadOrder::locate(&[a.clone(), b, a], &dir).expect("located");
        let twice = order.twice().expect("a record twice");
        let again = order
            .reader()
            .read(std::slice::from_ref(twice))
            .expect("read");
        assert!(["一", "四"].contains(&again[0].article.title.as_str()));

        // A line that is no record is an error naming its file and line.
        let bad = dir.join("bad.jsonl");
        std::fs::write(&bad, record(1, "一") + "\n{\"order\": 3}\n").expect("bad shard");
        let err = LoadOrder::locate(&[bad], &dir).expect_err("not a record");
        assert!(
            err.path.ends_with("bad.jsonl") && err.cause.starts_with("line 2"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
