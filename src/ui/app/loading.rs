//! Bundles coming in: the file dialog (the typed path its fallback), the answers of a load or an
//! analysis, taken when their background jobs finish, and the field map a bundle is read with.

use super::chrome::NoticeLevel;
use super::windows::PathPrompt;
use super::{KanbaoApp, first_article};
use crate::bundle::{Bundle, BundleError, FieldOverrides};
use crate::ui::analysis::Analysis;
use crate::ui::field_map::{FieldMapAction, FieldMapWindow};
use crate::ui::jobs::{BundleSource, Job, JobPanic, LoadedBundle};
use crate::ui::route::History;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A `None` from the file dialog this soon means no dialog could be shown (rfd answers at
/// once when neither a portal nor zenity exists); later, the user cancelled.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// The extensions the file dialog offers: those the readers take (any file opens when typed or
/// dropped: readers sniff the content).
const OPENED_EXTENSIONS: &[&str] = &[
    "txt", "md", "json", "jsonl", "ndjson", "csv", "tsv", "xml", "html", "htm", "xz", "gz",
];

/// What the file dialog was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PickKind {
    File,
    Folder,
}

impl KanbaoApp {
    /// Shows a loaded bundle from its first article (remembering its path), or says why it
    /// could not be opened.
    pub(super) fn finish_load(
        &mut self,
        source: Option<BundleSource>,
        answer: Result<Result<LoadedBundle, BundleError>, JobPanic>,
    ) {
        let name = source
            .as_ref()
            .map(BundleSource::display_name)
            .unwrap_or_default();
        // A bundle kept on screen because this one did not open gets its analysis if it has
        // none (the sample when the path given at start cannot be opened).
        if !matches!(answer, Ok(Ok(_))) && self.analysis.is_none() && self.analysis_job.is_none() {
            self.analysis_pending = true;
        }
        match answer {
            Ok(Ok(loaded)) => {
                if let BundleSource::Path(path) = &loaded.source {
                    self.settings.remember(path);
                } else {
                    self.settings.last_bundle = None;
                }
                self.history = History::new(first_article(&loaded.bundle));
                self.loaded = loaded;
                self.list.new_bundle();
                self.show_warnings = false;
                self.analysis = None;
                // Dropping a running analysis of the previous bundle cancels it.
                self.analysis_job = None;
                self.analysis_pending = true;
            }
            Ok(Err(BundleError::Cancelled)) => self.notify_localized(NoticeLevel::Info, |lang| {
                (lang.tr().load_cancelled.to_owned(), name.clone())
            }),
            Ok(Err(err)) => {
                let why = match &err {
                    BundleError::Io { source, .. } => source.to_string(),
                    BundleError::Refused { message, .. } => message.clone(),
                    other => other.to_string(),
                };
                self.notify_localized(NoticeLevel::Error, |lang| {
                    (format!("{} {name}", lang.tr().cannot_open), why.clone())
                });
            }
            Err(panic) => self.notify_localized(NoticeLevel::Error, |lang| {
                (
                    format!("{}: {name}", lang.tr().job_panicked),
                    panic.to_string(),
                )
            }),
        }
    }

    /// Keeps the analysis if its bundle is still shown; a panic becomes an error notice.
    pub(super) fn finish_analysis(
        &mut self,
        bundle: &Arc<Bundle>,
        answer: Result<Option<Analysis>, JobPanic>,
    ) {
        if !Arc::ptr_eq(bundle, &self.loaded.bundle) {
            return; // a bundle no longer shown
        }
        match answer {
            Ok(Some(analysis)) => {
                self.corrections.analysed(&analysis.knowledge);
                self.analysis = Some(Arc::new(analysis));
            }
            // Cancelled: the app cancels only the jobs it drops, and those are never polled.
            Ok(None) => {}
            Err(panic) => self.notify_localized(NoticeLevel::Error, |lang| {
                let tr = lang.tr();
                (
                    format!("{}: {}", tr.job_panicked, tr.analysing),
                    panic.to_string(),
                )
            }),
        }
    }

    /// Opens the path picked; an answer too quick to be the user's opens the typed-path prompt.
    pub(super) fn finish_dialog(
        &mut self,
        answer: Result<Option<PathBuf>, JobPanic>,
        elapsed: Duration,
    ) {
        match answer {
            Ok(Some(path)) => self.request_open(BundleSource::Path(path)),
            Ok(None) if elapsed < NO_DIALOG_WITHIN => {
                self.path_prompt = Some(PathPrompt::new(true));
            }
            Ok(None) => {} // cancelled by the user
            Err(panic) => {
                self.notify_localized(NoticeLevel::Error, |lang| {
                    (lang.tr().job_panicked.to_owned(), panic.to_string())
                });
                self.open_path_prompt();
            }
        }
    }

    /// Opens rfd's native dialog on a worker thread; the UI keeps running.
    pub(super) fn start_pick(&mut self, ctx: &egui::Context, kind: PickKind) {
        if self.dialog.is_some() {
            return;
        }
        let tr = self.settings.lang.tr();
        let (title, filter) = (tr.dialog_title, tr.dialog_filter);
        let start_dir = self
            .settings
            .recent
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        let job = Job::spawn("dialog", ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title(title);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            match kind {
                PickKind::File => dialog.add_filter(filter, OPENED_EXTENSIONS).pick_file(),
                PickKind::Folder => dialog.pick_folder(),
            }
        });
        self.dialog = Some(job);
    }

    /// The field map the user chose for `source` (empty for the sample and unmapped bundles).
    pub(super) fn field_map_for(&self, source: &BundleSource) -> FieldOverrides {
        match source {
            BundleSource::Path(path) => self
                .settings
                .field_maps
                .get(path)
                .and_then(|spec| FieldOverrides::parse(spec).ok())
                .unwrap_or_default(),
            BundleSource::Sample => FieldOverrides::default(),
        }
    }

    /// Whether the bundle shown came from records whose fields can be mapped.
    pub(super) fn can_map_fields(&self) -> bool {
        matches!(self.loaded.source, BundleSource::Path(_))
            && !self.loaded.bundle.stats.fields.is_empty()
    }

    /// Opens the field map for the bundle shown; `nothing_read` says it gave no article.
    pub(super) fn open_field_map(&mut self, nothing_read: bool) {
        if let BundleSource::Path(path) = &self.loaded.source
            && self.can_map_fields()
        {
            self.field_map = Some(FieldMapWindow::new(
                path.clone(),
                &self.loaded.bundle.stats.fields,
                &self.loaded.map,
                nothing_read,
            ));
        }
    }

    /// After an open: records were read but gave no article, so their names said nothing of
    /// the title or the text: the field map opens by itself.
    pub(super) fn offer_field_map(&mut self) {
        self.field_map = None;
        if self.loaded.bundle.articles.is_empty() {
            self.open_field_map(true);
        }
    }

    /// The field map while open; Read again remembers the map for the path and reloads it.
    pub(super) fn field_map_window(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let Some(action) = self.field_map.as_mut().and_then(|w| w.show(ctx, lang)) else {
            return;
        };
        self.field_map = None;
        if let FieldMapAction::Reopen { path, map } = action {
            if map.is_empty() {
                self.settings.field_maps.remove(&path);
            } else {
                self.settings
                    .field_maps
                    .insert(path.clone(), map.to_string());
            }
            self.request_open(BundleSource::Path(path));
        }
    }
}
