//! Atomic file writes: a sibling temp file, flushed to disk, then renamed over the target.
//! A failed write removes the temp file and leaves the target as it was. Exports and the NER
//! trainer's model file both go through [`write_atomic`]. A symbolic link is written through (the
//! file it leads to is replaced, the link kept); folders, devices, FIFOs, sockets and links to
//! nothing are refused ([`target`]).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp files written so far by this process, to name the next one.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: the file is either complete or untouched. The error is
/// the I/O error alone; the caller names the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = &target(path)?;
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

/// The file a write to `path` replaces: `path` itself (written or new), or the file a symbolic
/// link there leads to, so the link stays a link. Anything but a regular file is refused with
/// an [`io::ErrorKind::InvalidInput`] error saying what it is: renaming over a folder, a device
/// (`/dev/stdout`) or a FIFO would not write into it.
pub fn target(path: &Path) -> io::Result<PathBuf> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_symlink() {
        refuse_unless_file(&meta)?;
        return Ok(path.to_path_buf());
    }
    match fs::metadata(path) {
        Ok(linked) => {
            refuse_unless_file(&linked)?;
            fs::canonicalize(path)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(refused("a link to nothing")),
        Err(e) => Err(e),
    }
}

/// `Ok` for a regular file; else an error naming what it is.
fn refuse_unless_file(meta: &fs::Metadata) -> io::Result<()> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a folder"
    } else {
        special_kind(&t)
    };
    Err(refused(what))
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_t: &fs::FileType) -> &'static str {
    "a special file"
}

fn refused(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file but {what}"),
    )
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
    fn a_folder_is_refused_and_no_half_file_is_left() {
        let d = temp_dir("fail");
        let target = d.join("out.svg");
        std::fs::create_dir_all(target.join("inside")).expect("create");
        let err = write_atomic(&target, b"data").expect_err("cannot replace a folder");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(err.to_string(), "not a regular file but a folder");
        let names: Vec<_> = std::fs::read_dir(&d)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.svg")]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_kept() {
        let d = temp_dir("link");
        std::fs::create_dir_all(d.join("real")).expect("create");
        let real = d.join("real/out.json");
        std::fs::write(&real, b"old").expect("write");
        let link = d.join("out.json");
        std::os::unix::fs::symlink("real/out.json", &link).expect("symlink");
        write_atomic(&link, b"new").expect("write through");
        assert!(fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(fs::read_dir(d.join("real")).expect("list").count(), 1);
        let dangling = d.join("dangling.json");
        std::os::unix::fs::symlink("nowhere.json", &dangling).expect("symlink");
        let err = write_atomic(&dangling, b"x").expect_err("a link to nothing");
        assert!(err.to_string().ends_with("a link to nothing"), "{err}");
        assert!(!d.join("nowhere.json").exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused() {
        let err = target(Path::new("/dev/null")).expect_err("a device");
        assert_eq!(err.to_string(), "not a regular file but a device");
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
