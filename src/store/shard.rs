//! The shards between `kanbao extract` and `kanbao merge`: one record per article, with where it
//! stands in the input ([`Order`]), the article as loaded and its findings
//! ([`ArticleFindings`]: what the per-article pass of an analysis yields). Written as JSON
//! Lines by `kanbao extract`; the Spark job (`scale/kanbao_spark.py`) keeps each line in the
//! `record` column of Parquet files. [`read_shards`] reads both.

use crate::bundle::Article;
use crate::knowledge::ArticleFindings;
use serde::{Deserialize, Serialize};
use std::io::BufRead as _;
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
    use parquet::file::reader::{FileReader as _, SerializedFileReader};
    use parquet::record::Field;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let reader = SerializedFileReader::new(file).map_err(|e| e.to_string())?;
    let rows = reader.get_row_iter(None).map_err(|e| e.to_string())?;
    let mut records = Vec::new();
    for (i, row) in rows.enumerate() {
        let row = row.map_err(|e| format!("row {}: {e}", i + 1))?;
        let json = row
            .get_column_iter()
            .find_map(|(name, field)| match field {
                Field::Str(s) if name == RECORD_COLUMN => Some(s.as_str()),
                _ => None,
            })
            .ok_or_else(|| format!("row {}: no text column {RECORD_COLUMN}", i + 1))?;
        records.push(parse_record(json).map_err(|e| format!("row {}: {e}", i + 1))?);
    }
    Ok(records)
}
