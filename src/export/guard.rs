//! An export never replaces a source. Before writing, [`check_output`] refuses an output path
//! that is a file of the bundle: the loaded file itself, or any file the folder walk reads
//! ([`crate::bundle::source::list_folder`]), compared by canonical path (symbolic links
//! resolved) and, on Unix, by device and inode (hard links); and any path inside the loaded
//! folder that the walk would read next time (a bundle extension, no hidden part), so an export
//! does not become news of its own bundle.

use super::ExportError;
use crate::bundle::source;
use std::fs;
use std::path::{Path, PathBuf};

/// `Ok` when writing `output` leaves every file of the bundle at `bundle` (the path it was loaded
/// from) untouched and out of the folder's walk. A bundle path that no longer exists protects
/// nothing.
pub fn check_output(output: &Path, bundle: &Path) -> Result<(), ExportError> {
    let Ok(meta) = fs::metadata(bundle) else {
        return Ok(());
    };
    let out = Target::of(output);
    if !meta.is_dir() {
        if out.is(bundle) {
            return Err(onto_source(output, bundle));
        }
        return Ok(());
    }
    if let Ok(listing) = source::list_folder(bundle)
        && let Some((file, _)) = listing.files.iter().find(|(f, _)| out.is(f))
    {
        return Err(onto_source(output, file));
    }
    let root = fs::canonicalize(bundle).unwrap_or_else(|_| bundle.to_path_buf());
    if let Ok(inside) = out.path.strip_prefix(&root)
        && walk_reads(inside)
    {
        return Err(ExportError::IntoBundleFolder {
            output: output.display().to_string(),
            folder: bundle.display().to_string(),
        });
    }
    Ok(())
}

fn onto_source(output: &Path, file: &Path) -> ExportError {
    ExportError::OntoSource {
        output: output.display().to_string(),
        source_file: file.display().to_string(),
    }
}

/// Where an output path leads: its canonical path (the folder's, plus the name for a file not
/// written yet) and, when it exists, the file's identity.
struct Target {
    path: PathBuf,
    id: Option<FileId>,
}

impl Target {
    fn of(output: &Path) -> Target {
        let path = fs::canonicalize(output).unwrap_or_else(|_| {
            let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
            match (absolute.parent(), absolute.file_name()) {
                (Some(dir), Some(name)) => fs::canonicalize(dir)
                    .map(|d| d.join(name))
                    .unwrap_or_else(|_| absolute.clone()),
                _ => absolute,
            }
        });
        Target {
            id: FileId::of(&path),
            path,
        }
    }

    /// Whether this is the file at `file` (the same canonical path or the same inode).
    fn is(&self, file: &Path) -> bool {
        let same_path = fs::canonicalize(file).is_ok_and(|f| f == self.path);
        same_path || self.id.is_some_and(|id| FileId::of(file) == Some(id))
    }
}

/// A file's identity on its file system: device and inode on Unix; elsewhere none (canonical
/// paths alone are compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId(u64, u64);

impl FileId {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt as _;
        fs::metadata(path).ok().map(|m| FileId(m.dev(), m.ino()))
    }

    #[cfg(not(unix))]
    fn of(_path: &Path) -> Option<FileId> {
        None
    }
}

/// Whether the folder walk reads a file at this path below its root: no hidden part, and a name
/// the walk takes as a bundle file.
fn walk_reads(inside: &Path) -> bool {
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !hidden && source::format_from_name(inside).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kanbao-guard-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("sub")).expect("temp dir");
        d
    }

    #[test]
    fn walk_reads_bundle_names_that_are_not_hidden() {
        assert!(walk_reads(Path::new("sub/out.jsonl")));
        assert!(walk_reads(Path::new("out.txt.xz")));
        assert!(walk_reads(Path::new("notes")));
        assert!(!walk_reads(Path::new("out.svg")));
        assert!(!walk_reads(Path::new(".cache/out.json")));
        assert!(!walk_reads(Path::new(".out.json")));
    }

    #[test]
    fn a_file_bundle_protects_itself_by_path_and_by_inode() {
        let d = temp_dir("file");
        let news = d.join("news.txt");
        fs::write(&news, "新闻").expect("write");
        assert!(matches!(
            check_output(&news, &news),
            Err(ExportError::OntoSource { .. })
        ));
        let dotted = d.join("sub/../news.txt");
        assert!(check_output(&dotted, &news).is_err(), "a path through ..");
        let linked = d.join("hard.json");
        fs::hard_link(&news, &linked).expect("hard link");
        assert!(check_output(&linked, &news).is_err(), "a hard link");
        #[cfg(unix)]
        {
            let soft = d.join("sub/soft.txt");
            std::os::unix::fs::symlink(&news, &soft).expect("symlink");
            assert!(check_output(&soft, &news).is_err(), "a symbolic link");
            assert!(check_output(&news, &soft).is_err(), "loaded through a link");
        }
        // Beside a file bundle any other name is fine, even a bundle extension.
        assert!(check_output(&d.join("out.json"), &news).is_ok());
        assert!(check_output(&d.join("missing/out.json"), &news).is_ok());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_folder_bundle_protects_its_files_and_its_walk() {
        let d = temp_dir("folder");
        let news = d.join("sub/day.jsonl");
        fs::write(&news, "{}").expect("write");
        fs::write(d.join("notes.svg"), "a").expect("write");
        let err = check_output(&news, &d).expect_err("a file of the folder");
        assert!(err.to_string().contains("day.jsonl"), "{err}");
        assert!(matches!(
            check_output(&d.join("new.json"), &d),
            Err(ExportError::IntoBundleFolder { .. })
        ));
        assert!(check_output(&d.join("notes.svg"), &d).is_ok(), "not read");
        assert!(
            check_output(&d.join(".kanbao/out.json"), &d).is_ok(),
            "hidden"
        );
        let _ = fs::remove_dir_all(&d);
    }
}
