//! What an analysis was made of: the bundle's files (path, size, modification time and a
//! content hash each), the reference date given, and the build that analysed them.

use crate::bundle::source::list_folder;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::Xxh3;

/// One file of a bundle as it was when analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// The path below the bundle's folder (the file's own name for a one-file bundle).
    pub path: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 where the system has none).
    pub modified_ns: i64,
    /// xxh3-128 of the bytes on disk, in hex.
    pub hash: String,
}

/// Everything an analysis depends on. Two analyses with equal fingerprints are equal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The files in the order the loader reads them.
    pub files: Vec<FileStamp>,
    /// The reference date given for every article (`--date`), if any.
    pub date: Option<NaiveDate>,
    /// The build (code, models and lexicons) that analysed them: see [`this_build`].
    pub analysis: String,
}

impl Fingerprint {
    /// The fingerprint of the bundle at `path` as it is now. A file whose size and modification
    /// time equal those of `known` keeps the hash recorded there (as git's index does); any
    /// other file is read and hashed.
    pub fn of(
        path: &Path,
        date: Option<NaiveDate>,
        analysis: &str,
        known: &[FileStamp],
    ) -> std::io::Result<Fingerprint> {
        let meta = std::fs::metadata(path)?;
        let files: Vec<(PathBuf, String)> = if meta.is_dir() {
            list_folder(path)?
                .files
                .into_iter()
                .map(|(file, _)| {
                    let below = file.strip_prefix(path).unwrap_or(&file);
                    let name = below.to_string_lossy().into_owned();
                    (file, name)
                })
                .collect()
        } else {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            vec![(path.to_path_buf(), name)]
        };
        let mut stamps = Vec::with_capacity(files.len());
        for (file, name) in files {
            let meta = std::fs::metadata(&file)?;
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            let size = meta.len();
            let seen = known
                .iter()
                .find(|k| k.path == name && k.size == size && k.modified_ns == modified_ns);
            let hash = match seen {
                Some(k) => k.hash.clone(),
                None => hash_file(&file)?,
            };
            stamps.push(FileStamp {
                path: name,
                size,
                modified_ns,
                hash,
            });
        }
        Ok(Fingerprint {
            files: stamps,
            date,
            analysis: analysis.to_string(),
        })
    }

    /// Why an analysis of `self` does not answer for `now`, in a few words; `None` if it does.
    pub fn differs_from(&self, now: &Fingerprint) -> Option<String> {
        if self.analysis != now.analysis {
            return Some("made by another build of kanbao".to_string());
        }
        if self.date != now.date {
            return Some("made with another reference date".to_string());
        }
        let then = |path: &str| self.files.iter().find(|k| k.path == path);
        let added = now.files.iter().filter(|f| then(&f.path).is_none()).count();
        let changed = now
            .files
            .iter()
            .filter(|f| then(&f.path).is_some_and(|k| k.hash != f.hash))
            .count();
        let gone = self
            .files
            .iter()
            .filter(|k| !now.files.iter().any(|f| f.path == k.path))
            .count();
        let mut parts = Vec::new();
        for (n, what) in [(added, "new"), (changed, "changed"), (gone, "gone")] {
            if n > 0 {
                parts.push(format!("{n} file{} {what}", plural(n)));
            }
        }
        let order = |fp: &Fingerprint| -> Vec<(String, String)> {
            fp.files
                .iter()
                .map(|f| (f.path.clone(), f.hash.clone()))
                .collect()
        };
        if parts.is_empty() && order(self) != order(now) {
            // Equal files, read in another order (a renamed folder level).
            parts.push("files reordered".to_string());
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// xxh3-128 of a file's bytes, in hex, read in blocks.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(format!("{:032x}", hasher.digest128()))
}

/// The identity of this build: xxh3-128 of the running executable, which holds the extraction
/// code and every model and lexicon embedded in it, and the store's format. Any change to
/// either makes earlier analyses stale.
pub fn this_build() -> std::io::Result<String> {
    let exe = std::env::current_exe()?;
    Ok(format!("{}-f{}", hash_file(&exe)?, super::codec::FORMAT))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kanbao-stamp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).expect("folder");
        std::fs::write(dir.join("a.txt"), "甲").expect("write");
        std::fs::write(dir.join("sub/b.txt"), "乙").expect("write");
        std::fs::write(dir.join("notes.pdf"), "x").expect("write");
        dir
    }

    #[test]
    fn a_folder_is_stamped_by_the_files_the_loader_reads() {
        let dir = folder("walk");
        let fp = Fingerprint::of(&dir, None, "build", &[]).expect("stamp");
        let names: Vec<&str> = fp.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            ["a.txt", &format!("sub{}b.txt", std::path::MAIN_SEPARATOR)]
        );
        assert!(fp.files.iter().all(|f| f.size == 3 && f.hash.len() == 32));
        assert_ne!(fp.files[0].hash, fp.files[1].hash);
        std::fs::remove_dir_all(&dir).expect("clean");
    }

    #[test]
    fn changes_are_told_and_a_touched_file_with_equal_bytes_is_unchanged() {
        let dir = folder("change");
        let before = Fingerprint::of(&dir, None, "build", &[]).expect("stamp");
        assert_eq!(before.differs_from(&before), None);
        // Same bytes, new modification time: hashed again, and equal.
        let file = std::fs::File::options()
            .write(true)
            .open(dir.join("a.txt"))
            .expect("open");
        file.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
            .expect("touch");
        let touched = Fingerprint::of(&dir, None, "build", &before.files).expect("stamp");
        assert_eq!(before.differs_from(&touched), None);
        std::fs::write(dir.join("c.txt"), "丙").expect("write");
        std::fs::write(dir.join("a.txt"), "丁").expect("write");
        let after = Fingerprint::of(&dir, None, "build", &touched.files).expect("stamp");
        assert_eq!(
            before.differs_from(&after).as_deref(),
            Some("1 file new, 1 file changed")
        );
        let other_build = Fingerprint::of(&dir, None, "other", &after.files).expect("stamp");
        assert!(after.differs_from(&other_build).is_some());
        let dated = Fingerprint::of(&dir, NaiveDate::from_ymd_opt(2024, 1, 1), "build", &[])
            .expect("stamp");
        assert!(after.differs_from(&dated).is_some());
        std::fs::remove_dir_all(&dir).expect("clean");
    }

    #[test]
    fn a_recorded_hash_is_trusted_only_while_size_and_time_agree() {
        let dir = folder("trust");
        let mut known = Fingerprint::of(&dir, None, "build", &[])
            .expect("stamp")
            .files;
        known[0].hash = "recorded".into();
        let fp = Fingerprint::of(&dir, None, "build", &known).expect("stamp");
        assert_eq!(fp.files[0].hash, "recorded");
        known[0].size += 1;
        let fp = Fingerprint::of(&dir, None, "build", &known).expect("stamp");
        assert_ne!(fp.files[0].hash, "recorded");
        std::fs::remove_dir_all(&dir).expect("clean");
    }
}
