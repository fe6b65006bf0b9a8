//! Atomic file writes: a sibling temp file, flushed to disk, then renamed over the target.
//! A failed write removes the temp file and leaves the target as it was. Exports and the NER
//! trainer's model file both go through [`write_atomic`].

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp files written so far by this process, to name the next one.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: the file is either complete or untouched. The error is
/// the I/O error alone; the caller names the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // The temp file may not exist (the folder is missing); that is no further error.
        std::fs::remove_file(&tmp).ok();
    }
    result
}

/// `dir/.name.tmp-PID-N`: hidden, beside the target (same file system, so rename is atomic).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{name}.tmp-{}-{n}", std::process::id());
    match path.parent() {
        Some(dir) => dir.join(tmp),
        None => PathBuf::from(tmp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kanbao-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("create temp dir");
        d
    }

    #[test]
    fn writes_and_replaces_whole_files() {
        let d = temp_dir("replace");
        let p = d.join("out.csv");
        write_atomic(&p, b"first").expect("write");
        write_atomic(&p, b"second").expect("replace");
        assert_eq!(std::fs::read(&p).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(&d).expect("list").collect();
        assert_eq!(names.len(), 1, "temp files left: {names:?}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn failed_rename_leaves_no_half_file() {
        let d = temp_dir("fail");
        // The target is a non-empty folder: the rename fails after the temp file was written.
        let target = d.join("out.svg");
        std::fs::create_dir_all(target.join("inside")).expect("create");
        write_atomic(&target, b"data").expect_err("cannot replace a folder");
        let names: Vec<_> = std::fs::read_dir(&d)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.svg")]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn missing_folder_is_not_found() {
        let d = temp_dir("missing");
        let p = d.join("no/such/dir/out.ics");
        let err = write_atomic(&p, b"x").expect_err("no folder");
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(!p.exists());
        let _ = std::fs::remove_dir_all(&d);
    }
}
