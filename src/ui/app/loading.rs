//! Bundles coming in: the file dialog (the typed path its fallback) and the answers of a load
//! or an analysis, taken when their background jobs finish.

use super::chrome::NoticeLevel;
use super::windows::PathPrompt;
use super::{KanbaoApp, first_article};
use crate::bundle::{Bundle, BundleError};
use crate::ui::analysis::Analysis;
use crate::ui::jobs::{BundleSource, Job, JobPanic, LoadedBundle};
use crate::ui::route::History;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A `None` from the file dialog this soon means no dialog could be shown (rfd answers at
/// once when neither a portal nor zenity exists); later, the user cancelled.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

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
                PickKind::File => dialog
                    .add_filter(filter, &["txt", "md", "json", "jsonl", "xz", "gz"])
                    .pick_file(),
                PickKind::Folder => dialog.pick_folder(),
            }
        });
        self.dialog = Some(job);
    }
}
