//! The windows over the frame: Export, the load warnings, the typed-path prompt, and the veil
//! shown while files are dragged over the window.

use super::KanbaoApp;
use super::chrome::NoticeLevel;
use crate::knowledge::timeline::Event;
use crate::ui::export_dialog::{ExportOutcome, ExportRequest};
use crate::ui::jobs::BundleSource;
use egui::Key;
use std::path::{Path, PathBuf};

/// The typed-path fallback to the file dialog.
#[derive(Debug)]
pub(super) struct PathPrompt {
    text: String,
    /// Opened because no dialog is available (then say so).
    no_dialog: bool,
    /// Focus the field on the first frame.
    focus: bool,
}

impl PathPrompt {
    /// An empty prompt that takes the keyboard focus; `no_dialog` says no dialog could be shown.
    pub(super) fn new(no_dialog: bool) -> Self {
        Self {
            text: String::new(),
            no_dialog,
            focus: true,
        }
    }
}

impl KanbaoApp {
    /// The Export window while it is open, with the timeline's filter and how many events pass.
    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        // The filter (entity names resolved over every entity) and its count only while the
        // Export window shows them.
        let (filter, filtered) = match &self.analysis {
            Some(a) => {
                let filter = self.timeline.filter(&a.knowledge);
                let n = a.knowledge.timeline.filtered(&filter).len();
                (filter, n)
            }
            None => Default::default(),
        };
        let bundle = self.bundle_path();
        if let Some(path) = self.export.window(
            ctx,
            &filter,
            filtered,
            self.settings.lang,
            bundle.as_deref(),
        ) {
            self.start_export(ctx, path);
        }
    }

    /// The events the timeline view's filter lets through.
    fn filtered_events(&self) -> Vec<Event> {
        let Some(a) = &self.analysis else {
            return Vec::new();
        };
        let filter = self.timeline.filter(&a.knowledge);
        a.knowledge
            .timeline
            .filtered(&filter)
            .into_iter()
            .cloned()
            .collect()
    }

    /// Writes the filtered events to `path` in the background.
    pub(super) fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let events = self.filtered_events();
        let title = Path::new(&self.loaded.bundle.name).file_name().map_or_else(
            || self.loaded.bundle.name.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
        let request = ExportRequest {
            path,
            events,
            title,
            bundle: self.bundle_path(),
            lang: self.settings.lang,
        };
        self.export.start_export(ctx, request);
    }

    /// The file or folder the bundle shown was loaded from; none for the sample.
    pub(super) fn bundle_path(&self) -> Option<PathBuf> {
        match &self.loaded.source {
            BundleSource::Path(p) => Some(p.clone()),
            BundleSource::Sample => None,
        }
    }

    /// Says where the export was written, or why it failed.
    pub(super) fn export_done(&mut self, outcome: ExportOutcome) {
        match outcome {
            ExportOutcome::Written { path, events } => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.settings.export_dir = Some(dir.to_path_buf());
                }
                self.notify_localized(NoticeLevel::Info, |lang| {
                    (
                        lang.exported(events, &path.display().to_string()),
                        String::new(),
                    )
                });
            }
            ExportOutcome::Failed { path, why } => {
                self.notify_localized(NoticeLevel::Error, |lang| {
                    let title = format!("{}: {}", lang.tr().export_failed, path.display());
                    (title, why.clone())
                });
            }
        }
    }

    /// The load warnings while the status bar's button has it open: each file's full path,
    /// wrapped, under the reason; and how many files a folder walk skipped.
    pub(super) fn warnings_window(&mut self, ctx: &egui::Context) {
        if !self.show_warnings {
            return;
        }
        let lang = self.settings.lang;
        let tr = lang.tr();
        let bundle = &self.loaded.bundle;
        let warnings = &bundle.warnings;
        let skipped = bundle.stats.skipped_files;
        let mut open = true;
        egui::Window::new(tr.warnings_title)
            .open(&mut open)
            .default_size([640.0, 360.0])
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(lang.warnings(warnings.len())).weak());
                if skipped > 0 {
                    ui.label(format!(
                        "{}: {}",
                        lang.skipped_files(skipped),
                        tr.skipped_files_reason
                    ));
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for w in warnings {
                            ui.label(egui::RichText::new(&w.message).strong());
                            ui.add(
                                egui::Label::new(egui::RichText::new(&w.file).monospace().small())
                                    .wrap(),
                            );
                            ui.add_space(6.0);
                        }
                    });
            });
        self.show_warnings = open;
    }

    /// The typed-path field; Enter or Open loads the path, Escape or Cancel closes it.
    pub(super) fn path_prompt_window(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.path_prompt else {
            return;
        };
        let tr = self.settings.lang.tr();
        let mut open = true;
        let mut cancelled = false;
        let mut submit = false;
        egui::Window::new(tr.path_title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
            .show(ctx, |ui| {
                if prompt.no_dialog {
                    ui.label(egui::RichText::new(tr.no_dialog).color(ui.visuals().warn_fg_color));
                    ui.add_space(4.0);
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr.path_label);
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut prompt.text)
                                .hint_text(tr.path_hint)
                                .desired_width(420.0),
                        )
                        .labelled_by(label.id);
                    if prompt.focus {
                        edit.request_focus();
                        prompt.focus = false;
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        submit = true;
                    }
                });
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    let ready = !prompt.text.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new(tr.open)).clicked() {
                        submit = true;
                    }
                    if ui.button(tr.cancel).clicked() {
                        cancelled = true;
                    }
                });
            });
        if submit && !prompt.text.trim().is_empty() {
            let path = PathBuf::from(prompt.text.trim());
            self.path_prompt = None;
            self.request_open(BundleSource::Path(path));
        } else if !open || cancelled || ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.path_prompt = None;
        }
    }

    /// While files are dragged over the window: a veil that says dropping opens them.
    pub(super) fn drop_overlay(&self, ctx: &egui::Context) {
        if ctx.input(|i| i.raw.hovered_files.is_empty()) {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("kanbao.drop"),
        ));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(150));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            self.settings.lang.tr().drop_to_open,
            egui::FontId::proportional(26.0),
            egui::Color32::WHITE,
        );
    }
}
