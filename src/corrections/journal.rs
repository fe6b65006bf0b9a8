//! The journal of corrections: one SQLite file for every bundle (in the user's data folder, not
//! the cache: these are the user's own work), written in transactions with a full sync in WAL
//! mode, so a kill at any moment loses none that was reported made. Each row is one correction
//! of one bundle, kept as JSON; undo marks the latest one undone, redo takes it back, and a new
//! correction drops what was undone.

use super::Correction;
use rusqlite::{Connection, OptionalExtension as _, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable naming the journal file (tests, or a team's shared place).
pub const JOURNAL_ENV: &str = "KANBAO_CORRECTIONS";

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS corrections(
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bundle TEXT NOT NULL,
        record TEXT NOT NULL,
        made TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS corrections_by_bundle ON corrections(bundle, seq);
";

/// A journal that cannot be opened, read or written: one line, with its path.
#[derive(Debug, thiserror::Error)]
#[error("corrections journal {path}: {message}")]
pub struct JournalError {
    pub path: String,
    pub message: String,
}

/// One correction as the journal keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: i64,
    pub correction: Correction,
    /// When it was made (RFC 3339, UTC).
    pub made: String,
}

/// An open journal.
pub struct Journal {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.path).finish()
    }
}

/// The journal's place: `$KANBAO_CORRECTIONS`, else `corrections.sqlite` in the user's data
/// folder; `None` where the platform names none.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(JOURNAL_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "kanbao")
        .map(|d| d.data_dir().join("corrections.sqlite"))
}

/// The name corrections of the bundle at `path` are kept under: its canonical path (as given,
/// if it has none).
pub fn bundle_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The bundle key of the app's embedded sample.
pub const SAMPLE_KEY: &str = "kanbao:embedded-sample";

impl Journal {
    /// Opens (creating if needed) the journal at `path`.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let fail = |e: &dyn std::fmt::Display| JournalError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(&e))?;
        // A second program writing waits its turn rather than failing.
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| fail(&e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fail(&e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| fail(&e))?;
        conn.execute_batch(SCHEMA).map_err(|e| fail(&e))?;
        Ok(Journal {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the journal at `path` if it exists (reading needs no file to be made).
    pub fn open_existing(path: &Path) -> Result<Option<Journal>, JournalError> {
        if path.exists() {
            Journal::open(path).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, e: impl std::fmt::Display) -> JournalError {
        JournalError {
            path: self.path.display().to_string(),
            message: e.to_string(),
        }
    }

    /// The corrections of `bundle` in force, oldest first.
    pub fn entries(&self, bundle: &str) -> Result<Vec<Entry>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, record, made FROM corrections WHERE bundle = ?1 AND undone = 0
                 ORDER BY seq",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([bundle], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.fail(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, record, made) = row.map_err(|e| self.fail(e))?;
            let correction = serde_json::from_str(&record)
                .map_err(|e| self.fail(format!("correction {seq} unreadable ({e})")))?;
            out.push(Entry {
                seq,
                correction,
                made,
            });
        }
        Ok(out)
    }

    /// The corrections of `bundle` in force, in the order they apply.
    pub fn corrections(&self, bundle: &str) -> Result<Vec<Correction>, JournalError> {
        Ok(self
            .entries(bundle)?
            .into_iter()
            .map(|e| e.correction)
            .collect())
    }

    /// Records a correction of `bundle`; what was undone before can no longer be redone.
    pub fn add(&mut self, bundle: &str, correction: &Correction) -> Result<i64, JournalError> {
        self.add_all(bundle, std::slice::from_ref(correction))
            .map(|seqs| seqs.first().copied().unwrap_or_default())
    }

    /// Records several corrections in one transaction (all or none).
    pub fn add_all(
        &mut self,
        bundle: &str,
        corrections: &[Correction],
    ) -> Result<Vec<i64>, JournalError> {
        let made = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction().map_err(|e| fail(&self.path, e))?;
        tx.execute(
            "DELETE FROM corrections WHERE bundle = ?1 AND undone = 1",
            [bundle],
        )
        .map_err(|e| fail(&self.path, e))?;
        let mut seqs = Vec::with_capacity(corrections.len());
        for c in corrections {
            let record = serde_json::to_string(c).map_err(|e| fail(&self.path, e))?;
            tx.execute(
                "INSERT INTO corrections(bundle, record, made) VALUES (?1, ?2, ?3)",
                params![bundle, record, made],
            )
            .map_err(|e| fail(&self.path, e))?;
            seqs.push(tx.last_insert_rowid());
        }
        tx.commit().map_err(|e| fail(&self.path, e))?;
        Ok(seqs)
    }

    /// Takes back the latest correction of `bundle` in force; `None` if there is none.
    pub fn undo(&mut self, bundle: &str) -> Result<Option<Entry>, JournalError> {
        let last = self.entries(bundle)?.pop();
        if let Some(entry) = &last {
            self.conn
                .execute(
                    "UPDATE corrections SET undone = 1 WHERE seq = ?1",
                    [entry.seq],
                )
                .map_err(|e| self.fail(e))?;
        }
        Ok(last)
    }

    /// Makes the earliest undone correction of `bundle` count again; `None` if none is undone.
    pub fn redo(&mut self, bundle: &str) -> Result<Option<Entry>, JournalError> {
        let next: Option<(i64, String, String)> = self
            .conn
            .query_row(
                "SELECT seq, record, made FROM corrections WHERE bundle = ?1 AND undone = 1
                 ORDER BY seq LIMIT 1",
                [bundle],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        let Some((seq, record, made)) = next else {
            return Ok(None);
        };
        let correction = serde_json::from_str(&record)
            .map_err(|e| self.fail(format!("correction {seq} unreadable ({e})")))?;
        self.conn
            .execute("UPDATE corrections SET undone = 0 WHERE seq = ?1", [seq])
            .map_err(|e| self.fail(e))?;
        Ok(Some(Entry {
            seq,
            correction,
            made,
        }))
    }

    /// Whether `bundle` has an undone correction to redo.
    pub fn can_redo(&self, bundle: &str) -> Result<bool, JournalError> {
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM corrections WHERE bundle = ?1 AND undone = 1)",
                [bundle],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))
    }

    /// Adds those of `corrections` that `bundle` does not have in force yet, in their order, in
    /// one transaction; how many were added.
    pub fn import(
        &mut self,
        bundle: &str,
        corrections: &[Correction],
    ) -> Result<usize, JournalError> {
        let have = self.corrections(bundle)?;
        let new: Vec<Correction> = corrections
            .iter()
            .filter(|c| !have.contains(c))
            .cloned()
            .collect();
        if new.is_empty() {
            return Ok(0);
        }
        self.add_all(bundle, &new)?;
        Ok(new.len())
    }
}

fn fail(path: &Path, e: impl std::fmt::Display) -> JournalError {
    JournalError {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hide(name: &str) -> Correction {
        Correction::Hide {
            entity: name.into(),
        }
    }

    #[test]
    fn corrections_are_kept_per_bundle_with_undo_and_redo() {
        let dir = tempfile_dir("journal");
        let path = dir.join("nested/corrections.sqlite");
        let mut j = Journal::open(&path).unwrap();
        j.add("a", &hide("甲")).unwrap();
        j.add("a", &hide("乙")).unwrap();
        j.add("b", &hide("丙")).unwrap();
        assert_eq!(j.corrections("a").unwrap(), vec![hide("甲"), hide("乙")]);
        assert_eq!(j.undo("a").unwrap().unwrap().correction, hide("乙"));
        assert_eq!(j.corrections("a").unwrap(), vec![hide("甲")]);
        assert!(j.can_redo("a").unwrap());
        assert_eq!(j.redo("a").unwrap().unwrap().correction, hide("乙"));
        assert!(!j.can_redo("a").unwrap());
        // A new correction after an undo drops what was undone.
        j.undo("a").unwrap();
        j.add("a", &hide("丁")).unwrap();
        assert!(j.redo("a").unwrap().is_none());
        assert_eq!(j.corrections("a").unwrap(), vec![hide("甲"), hide("丁")]);
        drop(j);
        // Kept across openings; the other bundle untouched.
        let mut j = Journal::open(&path).unwrap();
        assert_eq!(j.corrections("b").unwrap(), vec![hide("丙")]);
        assert_eq!(j.import("b", &[hide("丙"), hide("戊")]).unwrap(), 1);
        assert_eq!(j.corrections("b").unwrap(), vec![hide("丙"), hide("戊")]);
        assert!(
            Journal::open_existing(&dir.join("none.sqlite"))
                .unwrap()
                .is_none()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_journal_that_is_not_one_is_an_error_naming_it() {
        let dir = tempfile_dir("garbage");
        let path = dir.join("corrections.sqlite");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let err = Journal::open(&path).unwrap_err().to_string();
        assert!(err.starts_with("corrections journal "), "{err}");
        assert!(err.contains("corrections.sqlite"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "kanbao-journal-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
