//! Corrections in the app: made from the entity page and the timeline (a view returns
//! [`Nav::Correct`]), undone and redone from the Edit menu and Ctrl+Z / Ctrl+Shift+Z, listed in
//! a window. The corrected analysis is swapped in when it is ready, every route following its
//! entity (by name) and event (by id).

use super::KanbaoApp;
use crate::corrections::journal;
use crate::ids::{EntityId, EventId};
use crate::knowledge::Knowledge;
use crate::ui::analysis::Analysis;
use crate::ui::app::chrome::NoticeLevel;
use crate::ui::jobs::{BundleSource, Job};
use crate::ui::route::Nav;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

impl KanbaoApp {
    /// Keeps corrections in the journal at `path` (`None`: corrections off).
    pub fn with_corrections(mut self, path: Option<PathBuf>) -> Self {
        self.corrections = crate::ui::corrections::Corrections::with_journal(path);
        self
    }

    /// The bundle just loaded is the one corrections are made for.
    pub(super) fn corrections_follow_bundle(&mut self) {
        let key = match &self.loaded.source {
            BundleSource::Path(p) => journal::bundle_key(p),
            BundleSource::Sample => journal::SAMPLE_KEY.to_string(),
        };
        self.corrections.show_bundle(Some(key));
    }

    /// Makes, undoes or redoes a correction a view or a shortcut asked for.
    pub(super) fn request_correction(&mut self, nav: Nav) {
        let result = match nav {
            Nav::Correct(c) => self.corrections.make(&c),
            Nav::UndoCorrection => self.corrections.undo(false).map(|_| ()),
            Nav::RedoCorrection => self.corrections.undo(true).map(|_| ()),
            _ => return,
        };
        if let Err(message) = result {
            let tr = self.settings.lang.tr();
            self.notify(NoticeLevel::Error, tr.correction_failed, message);
        }
    }

    /// Starts applying what is due; swaps in the corrected analysis once ready.
    pub(super) fn poll_corrections(&mut self, ctx: &egui::Context) {
        if let Some(answer) = self.corrections.poll(ctx) {
            self.corrected(answer);
        }
        if let Some(why) = self.corrections.take_unreadable() {
            self.notify_localized(NoticeLevel::Error, |lang| {
                (lang.corrections_unreadable().to_owned(), why.clone())
            });
        }
    }

    /// Blocks until corrections being applied are, and shows them (tests, benchmarks).
    pub fn wait_for_corrections(&mut self, ctx: &egui::Context) {
        if let Some(answer) = self
            .corrections
            .poll(ctx)
            .or_else(|| self.corrections.wait())
        {
            self.corrected(answer);
        }
    }

    fn corrected(&mut self, answer: Result<Analysis, crate::ui::jobs::JobPanic>) {
        let mut analysis = match answer {
            Ok(analysis) => analysis,
            Err(panic) => {
                let tr = self.settings.lang.tr();
                self.notify(NoticeLevel::Error, tr.correction_failed, panic.to_string());
                return;
            }
        };
        if let Some(old) = &self.analysis {
            analysis.build_ms = old.build_ms;
            analysis.from_store = old.from_store;
            let (before, after) = (&old.knowledge, &analysis.knowledge);
            let events = event_ids(after);
            let entity =
                |id: EntityId| entity_named(after, &before.entities.entities.get(id.index())?.name);
            let event = |id: EventId| {
                events
                    .get(before.timeline.events.get(id.index())?.id.as_str())
                    .copied()
            };
            self.history.remap(entity, event);
            self.timeline.follow_correction(event);
        }
        // The analysis shown before is dropped here: give its heap back.
        self.analysis = Some(Arc::new(analysis));
        crate::ui::analysis::return_freed_memory();
    }
}

impl KanbaoApp {
    /// The Edit menu: undo and redo the latest correction, the list of corrections.
    pub(super) fn edit_menu_ui(&mut self, ui: &mut egui::Ui) -> Option<Nav> {
        let lang = self.settings.lang;
        let tr = lang.tr();
        let mut nav = None;
        let last = self.corrections.entries().last();
        let undo_text = match last {
            Some(e) => format!("{}：{}", tr.undo, lang.correction(&e.correction)),
            None => tr.undo.to_string(),
        };
        let undo = ui.add_enabled(
            self.corrections.can_undo(),
            egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
        );
        if undo.clicked() {
            nav = Some(Nav::UndoCorrection);
            ui.close();
        }
        let redo = ui.add_enabled(
            self.corrections.can_redo(),
            egui::Button::new(tr.redo).shortcut_text("Ctrl+Shift+Z"),
        );
        if redo.clicked() {
            nav = Some(Nav::RedoCorrection);
            ui.close();
        }
        ui.separator();
        let n = self.corrections.entries().len();
        if ui
            .button(format!("{} ({n})…", tr.corrections_title))
            .clicked()
        {
            self.show_corrections = true;
            ui.close();
        }
        nav
    }

    /// The corrections in force, latest first, each with its time.
    pub(super) fn corrections_window(&mut self, ctx: &egui::Context) {
        if !self.show_corrections {
            return;
        }
        let lang = self.settings.lang;
        let tr = lang.tr();
        let mut open = true;
        let mut undo = false;
        let mut file = None;
        egui::Window::new(tr.corrections_title)
            .open(&mut open)
            .default_size([520.0, 320.0])
            .show(ctx, |ui| {
                if !self.corrections.enabled() {
                    ui.label(egui::RichText::new(tr.corrections_off).weak());
                    return;
                }
                if self.corrections.entries().is_empty() {
                    ui.label(egui::RichText::new(tr.no_corrections).weak());
                    ui.separator();
                    file = self.corrections_file_ui(ui);
                    return;
                }
                let entries = self.corrections.entries();
                ui.label(
                    egui::RichText::new(
                        lang.corrections_count(entries.len(), self.corrections.unmatched()),
                    )
                    .weak(),
                );
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for e in entries.iter().rev() {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(egui::RichText::new(&e.made).small().monospace().weak());
                                ui.label(lang.correction(&e.correction));
                            });
                        }
                    });
                ui.separator();
                undo = ui.button(tr.undo).clicked();
                file = self.corrections_file_ui(ui);
            });
        self.show_corrections = open;
        if undo {
            self.request_correction(Nav::UndoCorrection);
        }
        if let Some(action) = file {
            self.corrections_file(ctx, action);
        }
    }

    /// The corrections window's file row: a path (typed or chosen) to export to or import from.
    fn corrections_file_ui(&mut self, ui: &mut egui::Ui) -> Option<FileAction> {
        let tr = self.settings.lang.tr();
        let mut action = None;
        ui.horizontal(|ui| {
            let label = ui.label(tr.corrections_file);
            ui.add(
                egui::TextEdit::singleline(&mut self.corrections_path)
                    .hint_text("corrections.json")
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
            let path = self.corrections_path.trim();
            if ui.button(tr.choose_file).clicked() {
                action = Some(FileAction::Choose);
            }
            let can_export = !path.is_empty() && !self.corrections.entries().is_empty();
            if ui
                .add_enabled(can_export, egui::Button::new(tr.export_corrections))
                .clicked()
            {
                action = Some(FileAction::Export);
            }
            if ui
                .add_enabled(!path.is_empty(), egui::Button::new(tr.import_corrections))
                .clicked()
            {
                action = Some(FileAction::Import);
            }
        });
        action
    }

    /// Exports to or imports from the path in the window, telling how it went.
    fn corrections_file(&mut self, ctx: &egui::Context, action: FileAction) {
        let lang = self.settings.lang;
        let path = PathBuf::from(self.corrections_path.trim());
        let told = match action {
            FileAction::Choose => {
                let current = path.clone();
                let title = lang.tr().corrections_title;
                self.corrections_dialog = Some(Job::spawn("corrections-dialog", ctx, move || {
                    let mut dialog = rfd::FileDialog::new()
                        .set_title(title)
                        .add_filter("JSON", &["json"]);
                    if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                        dialog = dialog.set_directory(dir);
                    }
                    dialog.save_file()
                }));
                return;
            }
            FileAction::Export => self
                .corrections
                .export(&path)
                .map(|n| lang.corrections_exported(n, &path.display().to_string())),
            FileAction::Import => self
                .corrections
                .import(&path)
                .map(|(added, of)| lang.corrections_imported(added, of)),
        };
        match told {
            Ok(text) => self.notify(NoticeLevel::Info, &text, String::new()),
            Err(message) => {
                let tr = lang.tr();
                self.notify(NoticeLevel::Error, tr.correction_failed, message);
            }
        }
    }

    /// The path the file dialog chose, into the window's field.
    pub(super) fn poll_corrections_dialog(&mut self) {
        let Some(answer) = self.corrections_dialog.as_ref().and_then(Job::poll) else {
            return;
        };
        self.corrections_dialog = None;
        if let Ok(Some(path)) = answer {
            self.corrections_path = path.display().to_string();
        }
    }

    /// The status bar's word on corrections: being applied, or how many are in force.
    pub(super) fn corrections_status_ui(&self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        let text = if self.corrections.applying() {
            lang.tr().applying_corrections.to_string()
        } else if self.corrections.entries().is_empty() {
            return;
        } else {
            lang.corrections_count(
                self.corrections.entries().len(),
                self.corrections.unmatched(),
            )
        };
        ui.label(egui::RichText::new(format!("· {text}")).small().weak());
    }
}

/// What the corrections window's file row asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileAction {
    Choose,
    Export,
    Import,
}

/// Each event's position by its id.
fn event_ids(k: &Knowledge) -> HashMap<&str, EventId> {
    k.timeline
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.id.as_str(), EventId::from_index(i)?)))
        .collect()
}

/// The entity now called `name`, or the one that took it as an alias (renamed, merged).
fn entity_named(k: &Knowledge, name: &str) -> Option<EntityId> {
    let table = &k.entities;
    table
        .entities
        .iter()
        .find(|e| e.name == name)
        .or_else(|| {
            table
                .find_by_name(name)
                .into_iter()
                .filter_map(|id| table.entities.get(id.index()))
                .max_by_key(|e| e.count)
        })
        .map(|e| e.id)
}
