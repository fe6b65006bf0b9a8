//! The Export window (Ctrl+E): a format, a path (rfd's save dialog on a worker thread, or typed),
//! and the timeline's current filter; the file is written in the background through the same
//! core function as `kanbao export`, atomically, dates in the UI's language.
//!
//! An export never replaces a source: a path that is a file of the loaded bundle (or one its
//! folder would read) is refused in the window, and again by the writing job
//! ([`export::guard`]). A typed path to an existing file asks first (Replace, or keep the file);
//! a path the save dialog chose was already confirmed there (every rfd backend asks before
//! replacing).

use crate::export::{self, ExportFormat, ExportOptions, guard};
use crate::knowledge::timeline::{Event, TimelineFilter};
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Job, JobPanic};
use std::path::{Path, PathBuf};

/// How an export ended, for the app's notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    Written { path: PathBuf, events: usize },
    Failed { path: PathBuf, why: String },
}

/// What one export writes.
pub struct ExportRequest {
    pub path: PathBuf,
    pub events: Vec<Event>,
    /// The document's title (the bundle's name).
    pub title: String,
    /// The path the bundle was loaded from (none for the sample): the output may not be one of
    /// its files.
    pub bundle: Option<PathBuf>,
    /// The language of the export's dates and of the error messages.
    pub lang: Lang,
}

/// The window's state; `open` while shown.
pub struct ExportDialog {
    pub open: bool,
    pub format: ExportFormat,
    /// Where to write; the save dialog fills it, the user may type it.
    pub path: String,
    save_dialog: Option<Job<Option<PathBuf>>>,
    writing: Option<(PathBuf, Job<Result<usize, String>>)>,
    /// Focus the path field on the next frame.
    focus_path: bool,
    /// The path the save dialog answered: replacing it was confirmed there.
    chosen: Option<PathBuf>,
    /// An existing file the user is asked about before it is replaced.
    confirm: Option<PathBuf>,
    /// A path refused and why (shown while the path field holds it).
    refused: Option<(PathBuf, String)>,
    /// The save dialog answered at once with nothing: none can be shown here (no portal, no
    /// zenity), so the window says so and the path field takes the focus.
    pub no_dialog: bool,
}

/// A save dialog that answers nothing this soon was never shown (rfd answers at once when
/// neither a portal nor zenity exists); later, the user cancelled it.
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(400);

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: ExportFormat::Html,
            path: String::new(),
            save_dialog: None,
            writing: None,
            focus_path: false,
            chosen: None,
            confirm: None,
            refused: None,
            no_dialog: false,
        }
    }
}

/// The path field's id (tests type into it).
pub fn path_id() -> egui::Id {
    egui::Id::unique("kanbao.export.path")
}

/// `dir/kanbao-timeline-<bundle>.<ext>`: a name that says what the file holds.
pub fn default_path(dir: &Path, bundle_name: &str, format: ExportFormat) -> PathBuf {
    let stem: String = Path::new(bundle_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let name = if stem.is_empty() {
        format!("kanbao-timeline.{}", format.extension())
    } else {
        format!("kanbao-timeline-{stem}.{}", format.extension())
    };
    dir.join(name)
}

impl ExportDialog {
    /// Opens the window with a default path in `dir` (kept if the user already chose one).
    pub fn show(&mut self, dir: &Path, bundle_name: &str) {
        self.open = true;
        self.focus_path = true;
        if self.path.trim().is_empty() {
            self.path = default_path(dir, bundle_name, self.format)
                .display()
                .to_string();
        }
    }

    /// Whether a file is being written.
    pub fn is_writing(&self) -> bool {
        self.writing.is_some()
    }

    /// Whether the window asks before replacing an existing file.
    pub fn is_confirming(&self) -> bool {
        self.confirm.is_some()
    }

    /// Writes the request's events in the background, unless the path is a file of the bundle
    /// (tests call it with an injected path).
    pub fn start_export(&mut self, ctx: &egui::Context, req: ExportRequest) {
        let format = self.format;
        let ExportRequest {
            path,
            events,
            title,
            bundle,
            lang,
        } = req;
        let target = path.clone();
        let job = Job::spawn("export", ctx, move || {
            if let Some(bundle) = &bundle {
                guard::check_output(&target, bundle).map_err(|e| lang.export_error(&e))?;
            }
            let opts = ExportOptions::new(title).in_language(lang);
            export::write_export(format, &events, &opts, &target)
                .map(|()| events.len())
                .map_err(|e| lang.export_error(&e))
        });
        self.writing = Some((path, job));
    }

    /// Takes the answers of the save dialog and of a finished write.
    pub fn poll(&mut self) -> Option<ExportOutcome> {
        if let Some(answer) = self.save_dialog.as_ref().and_then(Job::poll) {
            let elapsed = self.save_dialog.take().map(|job| job.elapsed());
            self.dialog_answered(answer, elapsed.unwrap_or_default());
        }
        let answer = self.writing.as_ref().and_then(|(_, job)| job.poll())?;
        let (path, _) = self.writing.take()?;
        Some(match answer {
            Ok(Ok(events)) => {
                self.open = false;
                ExportOutcome::Written { path, events }
            }
            Ok(Err(why)) => ExportOutcome::Failed { path, why },
            Err(JobPanic(why)) => ExportOutcome::Failed { path, why },
        })
    }

    /// Takes the save dialog's answer after `elapsed`: a path chosen, or (none shown, a panic
    /// in it, or cancelled) the typed path stays and takes the focus.
    pub fn dialog_answered(
        &mut self,
        answer: Result<Option<PathBuf>, JobPanic>,
        elapsed: std::time::Duration,
    ) {
        match answer {
            Ok(Some(path)) => {
                self.path = path.display().to_string();
                self.chosen = Some(path);
                self.no_dialog = false;
            }
            Ok(None) => {
                self.no_dialog = elapsed < NO_DIALOG_WITHIN;
                self.focus_path = true;
            }
            Err(_) => {
                self.no_dialog = true;
                self.focus_path = true;
            }
        }
    }

    /// Whether the path field asked for the keyboard focus and has not had it yet.
    pub fn wants_path_focus(&self) -> bool {
        self.focus_path
    }

    /// Waits for a running write (tests).
    pub fn wait(&mut self) -> Option<ExportOutcome> {
        let (path, job) = self.writing.take()?;
        Some(match job.wait() {
            Ok(Ok(events)) => {
                self.open = false;
                ExportOutcome::Written { path, events }
            }
            Ok(Err(why)) | Err(JobPanic(why)) => ExportOutcome::Failed { path, why },
        })
    }

    /// Draws the window. `filtered` counts the events the filter lets through; `bundle` is the
    /// path the bundle was loaded from. Returns the path when the user asks to write (and has
    /// confirmed replacing an existing file).
    pub fn window(
        &mut self,
        ctx: &egui::Context,
        filter: &TimelineFilter,
        filtered: usize,
        lang: Lang,
        bundle: Option<&Path>,
    ) -> Option<PathBuf> {
        if !self.open {
            return None;
        }
        let tr = lang.tr();
        let mut open = true;
        let mut submit = None;
        // A question or refusal holds only for the path it was about.
        let current = PathBuf::from(self.path.trim());
        if self.confirm.as_ref().is_some_and(|p| *p != current) {
            self.confirm = None;
        }
        if self.refused.as_ref().is_some_and(|(p, _)| *p != current) {
            self.refused = None;
        }
        egui::Window::new(tr.export_title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 100.0])
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(tr.export_note).weak());
                ui.label(lang.events(filtered));
                if *filter != TimelineFilter::default() {
                    ui.label(egui::RichText::new(describe(filter, lang)).small().weak());
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.label(tr.export_format);
                    let before = self.format;
                    for f in ExportFormat::ALL {
                        ui.radio_value(&mut self.format, f, f.name());
                    }
                    if self.format != before {
                        self.path = with_extension(&self.path, self.format);
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label(tr.export_path);
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.path)
                                .id(path_id())
                                .desired_width(380.0),
                        )
                        .labelled_by(label.id);
                    if self.focus_path {
                        edit.request_focus();
                        self.focus_path = false;
                    }
                    let choose =
                        ui.add_enabled(self.save_dialog.is_none(), egui::Button::new(tr.choose));
                    if choose.clicked() {
                        self.start_save_dialog(ui.ctx(), lang);
                    }
                });
                if self.no_dialog {
                    ui.colored_label(ui.visuals().warn_fg_color, tr.no_dialog);
                }
                if let Some(path) = self.refusal_or_question_ui(ui, lang) {
                    submit = Some(path);
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let ready = !self.path.trim().is_empty()
                        && self.writing.is_none()
                        && self.confirm.is_none();
                    if ui
                        .add_enabled(ready, egui::Button::new(tr.export_do))
                        .clicked()
                    {
                        submit = self.vet(current.clone(), bundle, lang);
                    }
                    if self.writing.is_some() {
                        ui.spinner();
                    }
                    if ui.button(tr.cancel).clicked() {
                        self.open = false;
                    }
                });
            });
        if !open {
            self.open = false;
        }
        submit
    }

    /// Why the path was refused, or the question before replacing it; the path once the user
    /// chose Replace.
    fn refusal_or_question_ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<PathBuf> {
        let tr = lang.tr();
        if let Some((_, why)) = &self.refused {
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
        let path = self.confirm.clone()?;
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.export_exists(&path.display().to_string()),
        );
        let mut replace = None;
        ui.horizontal(|ui| {
            if ui.button(tr.export_replace).clicked() {
                self.confirm = None;
                replace = Some(path);
            }
            if ui.button(tr.export_keep).clicked() {
                self.confirm = None;
                self.focus_path = true;
            }
        });
        replace
    }

    /// The path if it may be written now: a file of the bundle is refused, an existing file not
    /// confirmed in the save dialog is asked about first.
    fn vet(&mut self, path: PathBuf, bundle: Option<&Path>, lang: Lang) -> Option<PathBuf> {
        if let Some(bundle) = bundle
            && let Err(e) = guard::check_output(&path, bundle)
        {
            self.refused = Some((path, lang.export_error(&e)));
            return None;
        }
        if path.is_file() && self.chosen.as_ref() != Some(&path) {
            self.confirm = Some(path);
            return None;
        }
        Some(path)
    }

    fn start_save_dialog(&mut self, ctx: &egui::Context, lang: Lang) {
        let current = PathBuf::from(self.path.trim());
        let format = self.format;
        let title = lang.tr().export_title;
        self.no_dialog = false;
        self.save_dialog = Some(Job::spawn("save-dialog", ctx, move || {
            let started = std::time::Instant::now();
            let mut dialog = rfd::FileDialog::new()
                .set_title(title)
                .add_filter(format.name(), &[format.extension()]);
            if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = current.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            let answer = dialog.save_file();
            if answer.is_none() && started.elapsed() < NO_DIALOG_WITHIN {
                // Neither a portal nor zenity answered: KDE's own dialog, where it is installed.
                return kdialog_save(&current);
            }
            answer
        }));
    }
}

/// The path KDE's `kdialog` saves to, starting at `current`; `None` when it is missing or the
/// user cancels.
fn kdialog_save(current: &Path) -> Option<PathBuf> {
    let output = std::process::Command::new("kdialog")
        .arg("--getsavefilename")
        .arg(current)
        .output()
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?;
    let path = path.trim_end_matches(['\n', '\r']);
    (output.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// `path` with the extension of `format` (the user switched formats after a default was set).
fn with_extension(path: &str, format: ExportFormat) -> String {
    if path.trim().is_empty() {
        return path.to_owned();
    }
    Path::new(path.trim())
        .with_extension(format.extension())
        .display()
        .to_string()
}

/// A one-line summary of the active filter, in the UI's language.
fn describe(f: &TimelineFilter, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !f.kinds.is_empty() {
        let kinds: Vec<&str> = f.kinds.iter().map(|&k| lang.event_kind(k)).collect();
        parts.push(kinds.join(", "));
    }
    if !f.relations.is_empty() {
        let relations: Vec<&str> = f.relations.iter().map(|&r| lang.relation(r)).collect();
        parts.push(relations.join(", "));
    }
    if let Some(ids) = &f.entities {
        parts.push(lang.entity_count(ids.len()));
    }
    if let Some(t) = f.text.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("“{t}”"));
    }
    match (f.from, f.to) {
        (None, None) => {}
        (a, b) => parts.push(format!(
            "{}–{}",
            a.map(|d| d.to_string()).unwrap_or_default(),
            b.map(|d| d.to_string()).unwrap_or_default()
        )),
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_say_timeline_and_the_bundle_and_follow_the_format() {
        let p = default_path(
            Path::new("/tmp"),
            "/data/人民日报 2024.txt",
            ExportFormat::Csv,
        );
        assert_eq!(p, Path::new("/tmp/kanbao-timeline-人民日报_2024.csv"));
        let p = default_path(Path::new("/tmp"), "", ExportFormat::TimelineJs);
        assert_eq!(p, Path::new("/tmp/kanbao-timeline.json"));
        assert_eq!(
            with_extension("/tmp/a.csv", ExportFormat::Ics),
            "/tmp/a.ics"
        );
        assert_eq!(with_extension(" ", ExportFormat::Ics), " ");
    }
}
