//! The app's side of corrections: the journal of the bundle shown, the analysis as extracted
//! (kept while corrections are in force, so that undo needs no new analysis), and the worker
//! applying them. The app shows the corrected analysis this module hands back.
//!
//! While corrections are shown, the analysis as extracted is kept packed: its entity table and
//! timeline encoded and compressed as the store keeps them (about a fifth of their size), its
//! articles and search index shared with the analysis shown. Two full copies of a big corpus's
//! entities and events would cost the memory of a third of the app.

use crate::corrections::{self, Applied, Correction, Entry, Journal};
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityTable;
use crate::knowledge::timeline::Timeline;
use crate::store::codec::{self, EntitiesSection, EntitiesView};
use crate::ui::analysis::Analysis;
use crate::ui::jobs::{Job, JobPanic};
use std::path::PathBuf;
use std::sync::Arc;

/// Corrections of the bundle shown.
#[derive(Default)]
pub struct Corrections {
    /// Where the journal is (`None`: corrections off, as in tests that do not ask for them).
    journal_path: Option<PathBuf>,
    journal: Option<Journal>,
    /// The journal's name for the bundle shown.
    bundle: Option<String>,
    /// The analysis as extracted, the base every application starts from.
    base: Option<Base>,
    entries: Vec<Entry>,
    can_redo: bool,
    job: Option<Job<Result<Applying, String>>>,
    /// The corrections in force changed (or a new base came): apply them at the next poll.
    stale: bool,
    /// What the last application left unmatched.
    unmatched: usize,
    /// Why the journal could not be read, until the app has told the user.
    unreadable: Option<String>,
}

/// The analysis as extracted: the one shown (no corrections in force), or packed.
#[derive(Clone)]
enum Base {
    Shown(Arc<Knowledge>),
    Packed(Arc<Packed>),
}

/// An analysis with its entity table and timeline encoded and compressed.
struct Packed {
    /// The analysis without its entity table and timeline (articles and search index shared).
    shell: Knowledge,
    entities: Vec<u8>,
    timeline: Vec<u8>,
}

impl Packed {
    fn of(k: &Knowledge) -> Result<Packed, String> {
        let entities = codec::encode("entities", &EntitiesView::from(&k.entities))
            .map_err(|e| e.to_string())?;
        let timeline = codec::encode("timeline", &k.timeline).map_err(|e| e.to_string())?;
        let shell = Knowledge {
            entities: EntityTable::from_parts(
                Vec::new(),
                Vec::new(),
                0,
                Arc::clone(k.entities.names()),
            ),
            timeline: Timeline::default(),
            ..k.clone_shared()
        };
        Ok(Packed {
            shell,
            entities,
            timeline,
        })
    }

    /// The analysis again.
    fn unpack(&self) -> Result<Knowledge, String> {
        let sum = |bytes: &[u8]| xxhash_rust::xxh3::xxh3_64(bytes);
        let section: EntitiesSection =
            codec::decode("entities", &self.entities, sum(&self.entities))
                .map_err(|e| e.to_string())?;
        let names = Arc::clone(self.shell.entities.names());
        let entities = section
            .into_table(self.shell.articles().len(), names)
            .map_err(|e| e.to_string())?;
        let timeline = codec::decode("timeline", &self.timeline, sum(&self.timeline))
            .map_err(|e| e.to_string())?;
        Ok(Knowledge {
            entities,
            timeline,
            ..self.shell.clone_shared()
        })
    }
}

/// What a worker applying corrections hands back: the analysis to show, the base packed, and
/// what applying did.
struct Applying {
    analysis: Analysis,
    base: Base,
    applied: Applied,
}

/// The corrections applied to `base` (packed first if it is the analysis shown).
fn applying(base: Base, list: &[Correction]) -> Result<Applying, String> {
    if list.is_empty() {
        // All taken back: the analysis as extracted is shown again, and is the base.
        let k = match base {
            Base::Shown(k) => k,
            Base::Packed(p) => Arc::new(p.unpack()?),
        };
        return Ok(Applying {
            analysis: Analysis::from_knowledge(Arc::clone(&k)),
            base: Base::Shown(k),
            applied: Applied::default(),
        });
    }
    let packed = match base {
        Base::Shown(k) => Arc::new(Packed::of(&k)?),
        Base::Packed(p) => p,
    };
    let (knowledge, applied) = corrections::apply(packed.unpack()?, list);
    Ok(Applying {
        analysis: Analysis::from_knowledge(Arc::new(knowledge)),
        base: Base::Packed(packed),
        applied,
    })
}

impl Corrections {
    /// Corrections kept in the journal at `path`.
    pub fn with_journal(path: Option<PathBuf>) -> Corrections {
        Corrections {
            journal_path: path,
            ..Corrections::default()
        }
    }

    /// The bundle shown is now the one the journal calls `bundle` (its analysis comes later).
    pub fn show_bundle(&mut self, bundle: Option<String>) {
        self.bundle = bundle;
        self.base = None;
        self.job = None;
        self.unmatched = 0;
        self.reload();
    }

    /// Whether corrections can be made (a journal and a bundle it names).
    pub fn enabled(&self) -> bool {
        self.journal_path.is_some() && self.bundle.is_some()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn can_undo(&self) -> bool {
        !self.entries.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        self.can_redo
    }

    /// Whether corrections are being applied (or about to be).
    pub fn applying(&self) -> bool {
        self.job.is_some() || (self.stale && self.base.is_some())
    }

    /// Corrections in force that found nothing to change in this analysis.
    pub fn unmatched(&self) -> usize {
        self.unmatched
    }

    /// Why the journal could not be read, once: the app tells the user, the analysis is shown
    /// uncorrected.
    pub fn take_unreadable(&mut self) -> Option<String> {
        self.unreadable.take()
    }

    fn journal(&mut self) -> Result<&mut Journal, String> {
        if self.journal.is_none() {
            let path = self
                .journal_path
                .as_ref()
                .ok_or_else(|| "corrections are off".to_string())?;
            self.journal = Some(Journal::open(path).map_err(|e| e.to_string())?);
        }
        self.journal
            .as_mut()
            .ok_or_else(|| "corrections are off".to_string())
    }

    /// Reads the bundle's corrections in force from the journal.
    fn reload(&mut self) {
        let Some(bundle) = self.bundle.clone() else {
            self.entries.clear();
            self.can_redo = false;
            return;
        };
        // Reading needs no journal file to be made.
        let exists = self.journal_path.as_ref().is_some_and(|p| p.exists());
        if !exists && self.journal.is_none() {
            self.entries.clear();
            self.can_redo = false;
            return;
        }
        let read = self.journal().and_then(|j| {
            let entries = j.entries(&bundle).map_err(|e| e.to_string())?;
            let can_redo = j.can_redo(&bundle).map_err(|e| e.to_string())?;
            Ok((entries, can_redo))
        });
        let (entries, can_redo) = read.unwrap_or_else(|why| {
            self.unreadable = Some(why);
            (Vec::new(), false)
        });
        self.entries = entries;
        self.can_redo = can_redo;
    }

    /// A new analysis of the bundle shown, as extracted: kept as the base; the corrections in
    /// force, if any, are applied from the next poll on.
    pub fn analysed(&mut self, knowledge: &Arc<Knowledge>) {
        self.base = Some(Base::Shown(Arc::clone(knowledge)));
        self.job = None;
        self.reload();
        self.unmatched = 0;
        self.stale = !self.entries.is_empty();
    }

    /// Records a correction; the corrections in force are applied again.
    pub fn make(&mut self, correction: &Correction) -> Result<(), String> {
        let bundle = self.bundle.clone().ok_or("no bundle")?;
        self.journal()?
            .add(&bundle, correction)
            .map_err(|e| e.to_string())?;
        self.reload();
        self.stale = true;
        Ok(())
    }

    /// Takes back the latest correction (or, with `redo`, makes it count again); the one it
    /// concerned, if any.
    pub fn undo(&mut self, redo: bool) -> Result<Option<Entry>, String> {
        let bundle = self.bundle.clone().ok_or("no bundle")?;
        let journal = self.journal()?;
        let entry = if redo {
            journal.redo(&bundle)
        } else {
            journal.undo(&bundle)
        }
        .map_err(|e| e.to_string())?;
        self.reload();
        self.stale |= entry.is_some();
        Ok(entry)
    }

    /// Writes the corrections in force to `path` as one JSON file (atomically); how many.
    pub fn export(&self, path: &std::path::Path) -> Result<usize, String> {
        let list: Vec<Correction> = self.entries.iter().map(|e| e.correction.clone()).collect();
        crate::atomic::write_atomic(path, &corrections::CorrectionsFile::new(list).to_json())
            .map_err(|e| format!("{e}: {}", path.display()))?;
        Ok(self.entries.len())
    }

    /// Adds the corrections of a JSON file that are not in force yet: (added, in the file).
    pub fn import(&mut self, path: &std::path::Path) -> Result<(usize, usize), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{e}: {}", path.display()))?;
        let file = corrections::CorrectionsFile::from_json(&bytes)
            .map_err(|e| format!("{e}: {}", path.display()))?;
        let bundle = self.bundle.clone().ok_or("no bundle")?;
        let added = self
            .journal()?
            .import(&bundle, &file.corrections)
            .map_err(|e| e.to_string())?;
        self.reload();
        self.stale |= added > 0;
        Ok((added, file.corrections.len()))
    }

    /// Applies the corrections in force to the base on a worker (a newer request replaces an
    /// older one still running).
    fn start(&mut self, ctx: &egui::Context) {
        let Some(base) = self.base.clone() else {
            return;
        };
        self.stale = false;
        let list: Vec<Correction> = self.entries.iter().map(|e| e.correction.clone()).collect();
        self.job = Some(Job::spawn("corrections", ctx, move || {
            applying(base, &list)
        }));
    }

    /// Starts what is due; the corrected analysis, once applied.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Result<Analysis, JobPanic>> {
        if self.stale {
            self.start(ctx);
        }
        let answer = self.job.as_ref()?.poll()?;
        Some(self.finish(answer))
    }

    /// Blocks until the corrections being applied are (tests; never on the UI thread).
    pub fn wait(&mut self) -> Option<Result<Analysis, JobPanic>> {
        let answer = self.job.as_ref()?.wait();
        Some(self.finish(answer))
    }

    fn finish(
        &mut self,
        answer: Result<Result<Applying, String>, JobPanic>,
    ) -> Result<Analysis, JobPanic> {
        self.job = None;
        match answer? {
            Ok(done) => {
                self.unmatched = done.applied.unmatched.len();
                self.base = Some(done.base);
                Ok(done.analysis)
            }
            Err(message) => Err(JobPanic(message)),
        }
    }
}
