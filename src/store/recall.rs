//! What the store answers for a bundle about to be analysed, with the line to tell the user:
//! the one sequence (fingerprint, lookup, why not) the CLI and the app both follow.

use super::{Fingerprint, Lookup, Snapshot, Store, StoredModel};
use crate::knowledge::entity_lexicon::EntityLexicon;
use std::path::Path;
use std::sync::Arc;

/// The store's answer for a bundle as it is now.
pub enum Recall {
    /// An analysis of exactly these files: read it (if it cannot be decoded, analyse under
    /// `fingerprint`, telling [`Recall::unreadable`]'s note).
    Fresh {
        fingerprint: Fingerprint,
        snapshot: Snapshot,
    },
    /// Nothing fresh is stored: analyse and store the analysis under `fingerprint`. `note`
    /// says why a stored analysis was not used, where there was one.
    Analyse {
        fingerprint: Fingerprint,
        note: Option<String>,
    },
    /// The bundle's files cannot be fingerprinted: analyse without the store. `note` is `None`
    /// where the bundle does not exist (the load says so, once).
    Off { note: Option<String> },
}

/// What [`Store::prefetch`] found: the bundle's fingerprint, and its stored model if fresh.
pub struct Prefetched {
    pub fingerprint: Fingerprint,
    pub model: Option<StoredModel>,
}

impl Store {
    /// The bundle at `path` fingerprinted, and its stored model decoded without its articles
    /// (to be read while they load) if the store answers for its files as they are now;
    /// `None` if the files cannot be fingerprinted. Silent: the analysis that follows
    /// ([`Store::recall`] with this fingerprint) says why a stored analysis is not used.
    pub fn prefetch(
        &self,
        path: &Path,
        date: Option<chrono::NaiveDate>,
        names: Arc<EntityLexicon>,
    ) -> Option<Prefetched> {
        let fingerprint = self.fingerprint(path, date).ok()?;
        let model = match self.lookup(path, &fingerprint) {
            Ok(Lookup::Fresh(snapshot)) => snapshot
                .sections()
                .ok()
                .and_then(|sections| sections.decode(names).ok()),
            _ => None,
        };
        Some(Prefetched { fingerprint, model })
    }

    /// Fingerprints the bundle at `path` (unless `known` is its fingerprint taken moments ago,
    /// as the app's prefetch does) and looks it up.
    pub fn recall(
        &self,
        path: &Path,
        date: Option<chrono::NaiveDate>,
        known: Option<Fingerprint>,
    ) -> Recall {
        let fingerprint = match known.map_or_else(|| self.fingerprint(path, date), Ok) {
            Ok(fp) => fp,
            Err(err) => {
                let note = path
                    .exists()
                    .then(|| format!("{err}; the store is not used"));
                return Recall::Off { note };
            }
        };
        let note = match self.lookup(path, &fingerprint) {
            Ok(Lookup::Fresh(snapshot)) => {
                return Recall::Fresh {
                    fingerprint,
                    snapshot,
                };
            }
            Ok(Lookup::Absent) => None,
            Ok(Lookup::Stale(why)) => {
                Some(format!("the stored analysis was {why}; analysing again"))
            }
            Err(err) => Some(format!("{err}; analysing again")),
        };
        Recall::Analyse { fingerprint, note }
    }
}

impl Recall {
    /// The note for a fresh analysis that could not be decoded.
    pub fn unreadable(err: &dyn std::fmt::Display) -> String {
        format!("{err}; analysing again")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("kanbao-recall-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn a_missing_bundle_turns_the_store_off_silently_and_a_new_one_is_analysed_without_a_note() {
        let dir = scratch("absent");
        let store = Store::new(dir.join("store"), "test-build");
        assert!(matches!(
            store.recall(&dir.join("none.txt"), None, None),
            Recall::Off { note: None }
        ));
        let bundle = dir.join("a.txt");
        std::fs::write(&bundle, "标题\n\n正文。\n").expect("bundle");
        let Recall::Analyse { fingerprint, note } = store.recall(&bundle, None, None) else {
            panic!("nothing stored yet");
        };
        assert_eq!(note, None);
        // A fingerprint handed on is used as it is.
        assert!(matches!(
            store.recall(&bundle, None, Some(fingerprint)),
            Recall::Analyse { note: None, .. }
        ));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_damaged_store_file_is_named_in_the_note() {
        let dir = scratch("damaged");
        let store = Store::new(dir.join("store"), "test-build");
        let bundle = dir.join("a.txt");
        std::fs::write(&bundle, "标题\n\n正文。\n").expect("bundle");
        std::fs::create_dir_all(store.dir()).expect("store dir");
        std::fs::write(store.file_for(&bundle), b"not sqlite at all").expect("junk");
        let Recall::Analyse {
            note: Some(note), ..
        } = store.recall(&bundle, None, None)
        else {
            panic!("a damaged store is analysed again, with a note");
        };
        assert!(note.ends_with("analysing again"), "{note}");
    }
}
