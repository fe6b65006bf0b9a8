//! The frame's chrome: the toolbar with its File and View menus, the status bar, the notices over
//! the central view, and the keyboard and mouse shortcuts the toolbar names.

use super::loading::PickKind;
use super::{KanbaoApp, display_name};
use crate::ui::i18n::Lang;
use crate::ui::jobs::{BundleSource, progress_fraction};
use crate::ui::route::{Nav, Route};
use crate::ui::theme::{self, Theme};
use egui::{Key, KeyboardShortcut, Modifiers, PointerButton};
use std::time::Duration;

/// How a notice looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

/// The action a notice reports on: the next outcome of the same action replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoticeTopic {
    /// Opening a bundle (a load, the file dialog).
    Open,
    /// Writing an export.
    Export,
    /// Anything else (the analysis, a drop of several files): kept until dismissed.
    #[default]
    Other,
}

/// A message shown above the reader until dismissed or until the action it reports on next
/// succeeds: a title naming the file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub topic: NoticeTopic,
    /// Title and detail in the UI's language.
    pub title: String,
    pub detail: String,
    /// Title and detail in each language (by `Lang::ALL`), where the notice was made so: it
    /// then follows a change of language.
    localized: Option<Vec<(String, String)>>,
}

impl Notice {
    /// Shows the notice in `lang`, if it was made in every language.
    fn speak(&mut self, lang: Lang) {
        let at = Lang::ALL.iter().position(|&l| l == lang);
        if let Some((title, detail)) = at.and_then(|i| self.localized.as_ref()?.get(i)) {
            title.clone_into(&mut self.title);
            detail.clone_into(&mut self.detail);
        }
    }
}

/// Notices kept on screen at once; older ones are dropped.
const MAX_NOTICES: usize = 4;

impl KanbaoApp {
    /// Shows a notice above the central view about the action being reported on
    /// ([`Self::reporting`]), dropping the oldest beyond [`MAX_NOTICES`].
    pub(super) fn notify(&mut self, level: NoticeLevel, title: &str, detail: String) {
        self.notices.push(Notice {
            level,
            topic: self.reporting,
            title: title.to_owned(),
            detail,
            localized: None,
        });
        if self.notices.len() > MAX_NOTICES {
            self.notices.remove(0);
        }
    }

    /// As [`Self::notify`], with the title and detail `say` gives in each language: the notice
    /// follows a later change of language.
    pub(super) fn notify_localized(
        &mut self,
        level: NoticeLevel,
        say: impl Fn(Lang) -> (String, String),
    ) {
        let lang = self.settings.lang;
        let (title, detail) = say(lang);
        self.notify(level, &title, detail);
        if let Some(notice) = self.notices.last_mut() {
            notice.localized = Some(Lang::ALL.map(&say).to_vec());
        }
    }

    /// Shows the notices in the UI's language (after it changed).
    pub(super) fn localize_notices(&mut self) {
        let lang = self.settings.lang;
        for notice in &mut self.notices {
            notice.speak(lang);
        }
    }

    /// Runs `report` (which may notify) as the outcome of `topic`: the notices of the last
    /// outcome of `topic` go, what `report` says stays.
    pub(super) fn report_outcome(&mut self, topic: NoticeTopic, report: impl FnOnce(&mut Self)) {
        self.notices.retain(|n| n.topic != topic);
        self.reporting = topic;
        report(self);
        self.reporting = NoticeTopic::Other;
    }

    /// After a successful open: says so in words when the bundle holds no article.
    pub(super) fn tell_if_empty(&mut self) {
        let bundle = &self.loaded.bundle;
        if !bundle.articles.is_empty() {
            return;
        }
        let (bytes, skipped) = (bundle.stats.bytes, bundle.stats.skipped_files);
        let source = self.loaded.source.clone();
        self.notify_localized(NoticeLevel::Info, |lang| {
            let why = if bytes == 0 && skipped == 0 {
                lang.tr().file_empty.to_owned()
            } else {
                lang.no_articles_found(bytes, skipped)
            };
            (lang.no_articles_in(&display_name(&source, lang)), why)
        });
    }

    /// Shortcuts, mouse back/forward buttons, dropped files.
    pub(super) fn handle_input(&mut self, ctx: &egui::Context) -> Option<Nav> {
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let find = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let timeline = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);
        let (find, export, timeline, toggle_list, toggle_entities) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&find),
                i.consume_shortcut(&export),
                i.consume_shortcut(&timeline),
                i.consume_shortcut(&TOGGLE_LIST),
                i.consume_shortcut(&TOGGLE_ENTITIES),
            )
        });
        if toggle_list {
            self.settings.panels.list.shown ^= true;
        }
        if toggle_entities {
            self.settings.panels.entities.shown ^= true;
        }
        if find {
            self.focus_search = true;
        }
        if export {
            self.open_export();
        }
        let back = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft);
        let forward = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight);
        let (open, back, forward, extra_back, extra_forward, dropped) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&open),
                i.consume_shortcut(&back),
                i.consume_shortcut(&forward),
                i.pointer.button_pressed(PointerButton::Extra1),
                i.pointer.button_pressed(PointerButton::Extra2),
                std::mem::take(&mut i.raw.dropped_files),
            )
        });
        if open {
            self.start_pick(ctx, PickKind::File);
        }
        if let Some(first) = dropped.first() {
            self.request_open(BundleSource::Path(first.path().to_path_buf()));
            if dropped.len() > 1 {
                let tr = self.settings.lang.tr();
                self.notify(
                    NoticeLevel::Info,
                    tr.dropped_many,
                    first.path().display().to_string(),
                );
            }
        }
        // Ctrl+Z and Ctrl+Shift+Z undo corrections, unless a text field is taking them.
        if !ctx.egui_wants_keyboard_input() {
            let redo = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
            let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
            if ctx.input_mut(|i| i.consume_shortcut(&redo)) {
                return Some(Nav::RedoCorrection);
            }
            if ctx.input_mut(|i| i.consume_shortcut(&undo)) {
                return Some(Nav::UndoCorrection);
            }
        }
        if back || extra_back {
            Some(Nav::Back)
        } else if timeline {
            Some(Nav::Timeline(None))
        } else if forward || extra_forward {
            Some(Nav::Forward)
        } else {
            None
        }
    }

    /// Name, menus, back and forward, open, timeline, export, the search box and the bundle's name.
    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui) -> Option<Nav> {
        let lang = self.settings.lang;
        let tr = lang.tr();
        let mut nav = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.label(
                egui::RichText::new(tr.app_name)
                    .size(18.0)
                    .color(ui.visuals().hyperlink_color),
            );
            ui.add_space(6.0);
            ui.menu_button(tr.menu_file, |ui| self.file_menu_ui(ui));
            ui.menu_button(tr.menu_edit, |ui| {
                if let Some(n) = self.edit_menu_ui(ui) {
                    nav = Some(n);
                }
            });
            ui.menu_button(tr.menu_view, |ui| self.view_menu_ui(ui));
            ui.menu_button(tr.menu_help, |ui| {
                let item = egui::Button::new(format!("{}…", tr.shortcuts)).shortcut_text("F1");
                if ui.add(item).clicked() {
                    self.show_shortcuts = true;
                }
            });
            ui.add_space(8.0);
            ui.separator();
            let back = ui
                .add_enabled(self.history.has_back(), egui::Button::new("←"))
                .on_hover_text(format!("{} (Alt+←)", tr.back));
            if back.clicked() {
                nav = Some(Nav::Back);
            }
            let forward = ui
                .add_enabled(self.history.has_forward(), egui::Button::new("→"))
                .on_hover_text(format!("{} (Alt+→)", tr.forward));
            if forward.clicked() {
                nav = Some(Nav::Forward);
            }
            ui.separator();
            let open = ui
                .add_enabled(self.dialog.is_none(), egui::Button::new(tr.open_file))
                .on_hover_text("Ctrl+O");
            if open.clicked() {
                self.start_pick(ui.ctx(), PickKind::File);
            }
            let on_timeline = matches!(self.history.current(), Route::Timeline { .. });
            let timeline = ui
                .add(egui::Button::selectable(on_timeline, tr.timeline))
                .on_hover_text("Ctrl+T");
            if timeline.clicked() && !on_timeline {
                nav = Some(Nav::Timeline(None));
            }
            let export = ui
                .add_enabled(self.analysis.is_some(), egui::Button::new(tr.export))
                .on_hover_text("Ctrl+E");
            if export.clicked() {
                self.open_export();
            }
            ui.separator();
            self.panel_toggles_ui(ui);
            ui.separator();
            let label = ui.label(tr.search);
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search_text)
                        .id(search_box_id())
                        .hint_text(tr.search_hint)
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
            }
            let query = self.search_text.trim();
            if search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && !query.is_empty() {
                let filter = self.search.filter.for_new_query();
                nav = Some(Nav::Go(Route::Search(query.to_owned(), filter)));
            }
            ui.add_space(8.0);
            let name = display_name(&self.loaded.source, lang);
            ui.add(egui::Label::new(egui::RichText::new(name).strong()).truncate());
        });
        nav
    }

    /// One toggle per side panel; in the views without side panels (the timeline) they are off.
    fn panel_toggles_ui(&mut self, ui: &mut egui::Ui) {
        let tr = self.settings.lang.tr();
        let (list_drawn, entities_drawn) = self.drawn_panels;
        let wide = matches!(self.history.current(), Route::Timeline { .. });
        let toggles = [
            (
                tr.panel_list,
                &TOGGLE_LIST,
                list_drawn.is_some(),
                &mut self.settings.panels.list.shown,
            ),
            (
                tr.panel_entities,
                &TOGGLE_ENTITIES,
                entities_drawn.is_some(),
                &mut self.settings.panels.entities.shown,
            ),
        ];
        for (name, shortcut, drawn, shown) in toggles {
            let hint = if *shown && !drawn && !wide {
                format!(
                    "{} ({})",
                    tr.panel_squeezed,
                    ui.ctx().format_shortcut(shortcut)
                )
            } else {
                format!("{name} ({})", ui.ctx().format_shortcut(shortcut))
            };
            let button = ui
                .add_enabled(!wide, egui::Button::selectable(*shown, name))
                .on_hover_text(hint);
            if button.clicked() {
                *shown ^= true;
            }
        }
    }

    /// Open a file, a folder, a typed path, a recent bundle or the sample; quit.
    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let tr = self.settings.lang.tr();
        let idle = self.dialog.is_none();
        if ui
            .add_enabled(
                idle,
                egui::Button::new(tr.open_file).shortcut_text("Ctrl+O"),
            )
            .clicked()
        {
            self.start_pick(ui.ctx(), PickKind::File);
        }
        if ui
            .add_enabled(idle, egui::Button::new(tr.open_folder))
            .clicked()
        {
            self.start_pick(ui.ctx(), PickKind::Folder);
        }
        if ui.button(tr.open_path).clicked() {
            self.open_path_prompt();
        }
        let map_fields = egui::Button::new(self.settings.lang.field_map_menu());
        if ui.add_enabled(self.can_map_fields(), map_fields).clicked() {
            self.open_field_map(false);
        }
        ui.menu_button(tr.recent, |ui| {
            if self.settings.recent.is_empty() {
                ui.add_enabled(false, egui::Button::new(tr.recent_empty));
            }
            let mut picked = None;
            for path in &self.settings.recent {
                let label = path.display().to_string();
                if ui.add(egui::Button::new(&label).truncate()).clicked() {
                    picked = Some(path.clone());
                }
            }
            if !self.settings.recent.is_empty() {
                ui.separator();
                if ui.button(tr.clear_recent).clicked() {
                    self.settings.recent.clear();
                }
            }
            if let Some(path) = picked {
                self.request_open(BundleSource::Path(path));
            }
        });
        if ui.button(tr.open_sample).clicked() {
            self.request_open(BundleSource::Sample);
        }
        ui.separator();
        if ui.button(tr.quit).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Theme, language and the other settings.
    fn view_menu_ui(&mut self, ui: &mut egui::Ui) {
        let tr = self.settings.lang.tr();
        ui.label(egui::RichText::new(tr.theme).small().weak());
        ui.radio_value(&mut self.settings.theme, Theme::Light, tr.theme_light);
        ui.radio_value(&mut self.settings.theme, Theme::Dark, tr.theme_dark);
        ui.separator();
        ui.label(egui::RichText::new(tr.language).small().weak());
        for lang in Lang::ALL {
            ui.radio_value(&mut self.settings.lang, lang, lang.native_name());
        }
        ui.separator();
        ui.checkbox(&mut self.settings.reopen_last, tr.reopen_last);
        ui.checkbox(&mut self.settings.show_frame_time, tr.show_frame_time);
    }

    /// Load progress (with Cancel), or the bundle's and the analysis' summary; the warnings button.
    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        let tr = lang.tr();
        ui.horizontal(|ui| {
            if let Some(job) = &self.load {
                let p = job.progress();
                ui.label(lang.loading(&display_name(&job.source, lang)));
                let bar = egui::ProgressBar::new(progress_fraction(&p).unwrap_or(0.0))
                    .desired_width(220.0)
                    .desired_height(12.0);
                ui.add(bar);
                ui.label(
                    egui::RichText::new(lang.load_progress(
                        p.files_done,
                        p.files_total,
                        p.articles,
                        p.bytes_read,
                        p.bytes_total,
                    ))
                    .small()
                    .weak(),
                );
                if ui
                    .add_enabled(!job.is_cancelled(), egui::Button::new(tr.cancel))
                    .clicked()
                {
                    job.cancel();
                }
                // Elapsed time moves even when the loader reports nothing.
                ui.ctx().request_repaint_after(Duration::from_millis(250));
            } else if self.dialog.is_some() {
                ui.label(egui::RichText::new(tr.dialog_open).weak());
            } else {
                let b = &self.loaded.bundle;
                let summary = format!(
                    "{} · {} · {} · {}",
                    lang.articles(b.articles.len()),
                    lang.files(b.stats.files),
                    lang.chars(b.stats.chars),
                    lang.loaded_in(self.loaded.load_ms),
                );
                ui.label(egui::RichText::new(summary).small().weak());
                if !self.loaded.map.is_empty()
                    && ui
                        .small_button(lang.field_map_in_force())
                        .on_hover_text(self.loaded.map.to_string())
                        .clicked()
                {
                    self.open_field_map(false);
                }
                if let Some(a) = &self.analysis {
                    let k = &a.knowledge;
                    let text = lang.analysis_summary(
                        k.entities.entities.len(),
                        k.timeline.events.len(),
                        a.build_ms,
                        a.from_store,
                    );
                    ui.label(egui::RichText::new(format!("· {text}")).small().weak());
                    self.corrections_status_ui(ui);
                } else if self.is_analysing() {
                    let text = lang.analysing(self.analysis_phase());
                    ui.label(egui::RichText::new(text).small().weak());
                    if let Some(p) = self.analysis_progress()
                        && let Some(fraction) = p.fraction()
                    {
                        let bar = egui::ProgressBar::new(fraction)
                            .desired_width(160.0)
                            .desired_height(12.0);
                        ui.add(bar);
                        let counts =
                            lang.analysis_progress(p.done, p.total, p.rate(), p.seconds_left());
                        ui.label(egui::RichText::new(counts).small().weak());
                    }
                    // Twice a second, not every frame: the counts move, each phase change
                    // wakes the UI anyway.
                    ui.ctx().request_repaint_after(Duration::from_millis(500));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // While a load or an analysis reports its progress, the key gives it the room.
                if self.load.is_none() && !self.is_analysing() {
                    legend_ui(ui, &mut self.settings.show_legend, lang);
                }
                if self.settings.show_frame_time {
                    ui.label(
                        egui::RichText::new(lang.frame_time(self.last_frame_ms))
                            .small()
                            .monospace(),
                    );
                }
                let n = self.loaded.bundle.warnings.len();
                if n > 0 || self.loaded.bundle.stats.skipped_files > 0 {
                    let warn = ui.visuals().warn_fg_color;
                    let text = egui::RichText::new(lang.warnings(n)).small().color(warn);
                    if ui.button(text).clicked() {
                        self.show_warnings = !self.show_warnings;
                    }
                }
            });
        });
    }

    /// The notices, each with a Dismiss button.
    pub(super) fn notices_ui(&mut self, ui: &mut egui::Ui) {
        if self.notices.is_empty() {
            return;
        }
        let tr = self.settings.lang.tr();
        let mut dismissed = None;
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                for (i, notice) in self.notices.iter().enumerate() {
                    let color = match notice.level {
                        NoticeLevel::Error => ui.visuals().error_fg_color,
                        NoticeLevel::Info => ui.visuals().hyperlink_color,
                    };
                    egui::Frame::new()
                        .fill(ui.visuals().faint_bg_color)
                        .stroke(egui::Stroke::new(1.0, color))
                        .corner_radius(6.0)
                        .inner_margin(egui::Margin::symmetric(12, 8))
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.horizontal(|ui| {
                                ui.vertical(|ui| {
                                    ui.set_width(ui.available_width() - 60.0);
                                    ui.label(
                                        egui::RichText::new(&notice.title).color(color).strong(),
                                    );
                                    if !notice.detail.is_empty() {
                                        ui.label(egui::RichText::new(&notice.detail).small());
                                    }
                                });
                                if ui.button(tr.dismiss).clicked() {
                                    dismissed = Some(i);
                                }
                            });
                        });
                    ui.add_space(4.0);
                }
            });
        if let Some(i) = dismissed {
            self.notices.remove(i);
        }
    }
}

/// Shows or hides the article list.
const TOGGLE_LIST: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::OpenBracket);
/// Shows or hides the entity panel.
const TOGGLE_ENTITIES: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::CloseBracket);

/// The colour key: the colours of links in the reader (entity kinds, dates) and of a search
/// hit, behind a toggle that is remembered.
fn legend_ui(ui: &mut egui::Ui, shown: &mut bool, lang: Lang) {
    let v = lang.views();
    let toggle = ui
        .add(egui::Button::selectable(
            *shown,
            egui::RichText::new(v.legend).small(),
        ))
        .on_hover_text(v.legend);
    if toggle.clicked() {
        *shown = !*shown;
    }
    if !*shown {
        return;
    }
    let visuals = ui.visuals().clone();
    let hit = egui::RichText::new(v.legend_search_hit)
        .small()
        .background_color(theme::marker(&visuals))
        .color(visuals.strong_text_color());
    ui.label(hit);
    // Right to left: the key's last item first, so it reads in order.
    for (item, colour) in theme::link_key(&visuals).into_iter().rev() {
        let name = match item {
            theme::KeyItem::Group(group) => lang.group(group),
            theme::KeyItem::Date => v.legend_dates,
        };
        ui.label(egui::RichText::new(name).small().color(colour).underline());
    }
    ui.separator();
}

impl KanbaoApp {
    /// Help ▸ Shortcuts (F1): every shortcut and what it does, in a window.
    pub(super) fn shortcuts_window(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.show_shortcuts = !self.show_shortcuts;
        }
        if !self.show_shortcuts {
            return;
        }
        let lang = self.settings.lang;
        let mut open = true;
        egui::Window::new(lang.tr().shortcuts)
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| shortcuts_ui(ui, lang));
        self.show_shortcuts = open;
    }
}

/// Every shortcut and what it does.
fn shortcuts_ui(ui: &mut egui::Ui, lang: Lang) {
    let tr = lang.tr();
    egui::Grid::new("kanbao.shortcuts")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (keys, what) in tr.shortcut_list {
                ui.label(egui::RichText::new(*keys).monospace());
                ui.label(*what);
                ui.end_row();
            }
        });
}

/// The toolbar's search box (tests type into it; Ctrl+F focuses it).
fn search_box_id() -> egui::Id {
    egui::Id::unique("kanbao.search")
}
