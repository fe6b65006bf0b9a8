//! The side pane: the selected event's details (date, precision, qualifier, kind, relation,
//! entities, source sentences) and the list of events starting in view.

use super::TimelineView;
use super::marks::relation_dot;
use crate::extract::times::Mod;
use crate::knowledge::Knowledge;
use crate::knowledge::timeline::Event;
use crate::timeline_chart::Day;
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Route};
use crate::ui::theme::kind_color;
use egui::accesskit::Role;
use egui::{Align2, FontId, Pos2, RichText, Sense, Vec2, WidgetInfo};

impl TimelineView {
    /// Details of the selected event and the list of events starting in view.
    pub(super) fn side_ui(&mut self, ui: &mut egui::Ui, k: &Knowledge, lang: Lang) -> Option<Nav> {
        let mut nav = None;
        let full = ui.available_height();
        if let Some(e) = self.selected.and_then(|i| k.timeline.events.get(i.index())) {
            egui::ScrollArea::vertical()
                .id_salt("kanbao.timeline.details.scroll")
                .max_height(full * 0.6)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(n) = self.details_ui(ui, k, e, lang) {
                        nav = Some(n);
                    }
                });
        } else {
            ui.weak(lang.tr().timeline_help);
        }
        ui.separator();
        let Some(layout) = self.layout.as_ref() else {
            return nav;
        };
        let Some((a, b)) = self.range else {
            return nav;
        };
        let items = layout.starting_in(a.floor() as Day, b.ceil() as Day);
        ui.label(RichText::new(lang.events_in_view(items.len())).strong());
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("kanbao.timeline.list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, items.len(), |ui, rows| {
                for it in items.get(rows).unwrap_or_default() {
                    let Some(e) = k.timeline.events.get(it.event.index()) else {
                        continue;
                    };
                    let sel = self.selected == Some(it.event);
                    if list_row(ui, e, sel, row_h, lang).clicked() {
                        clicked = Some(it.event);
                    }
                }
            });
        if let Some(i) = clicked {
            nav = Some(self.select(i));
        }
        nav
    }

    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        e: &Event,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        let mut nav = None;
        ui.label(RichText::new(&e.title).size(17.0).strong());
        details_grid(ui, e, lang);
        if !e.entities.is_empty() {
            ui.add_space(4.0);
            ui.weak(tr.participants);
            ui.horizontal_wrapped(|ui| {
                for &id in &e.entities {
                    let Some(ent) = k.entities.entities.get(id.index()) else {
                        continue;
                    };
                    if ui
                        .button(&ent.name)
                        .on_hover_text(tr.open_entity_page)
                        .clicked()
                    {
                        nav = Some(Nav::Go(Route::Entity(id)));
                    }
                }
            });
        }
        ui.add_space(4.0);
        if let Some(n) = sources_ui(ui, k, e, lang) {
            nav = Some(n);
        }
        ui.add_space(4.0);
        if let Some(c) = self.edit.ui(ui, e, lang) {
            nav = Some(Nav::Correct(c));
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui.button(tr.previous_event).clicked()
                && let Some(i) = self.step_from_selected(-1)
            {
                nav = Some(self.select(i));
                self.centre_on(k, i);
            }
            if ui.button(tr.next_event).clicked()
                && let Some(i) = self.step_from_selected(1)
            {
                nav = Some(self.select(i));
                self.centre_on(k, i);
            }
        });
        nav
    }
}

/// Date, covered days, precision, qualifier and kind of an event.
fn details_grid(ui: &mut egui::Ui, e: &Event, lang: Lang) {
    let tr = lang.tr();
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("kanbao.timeline.details.grid")
        .num_columns(2)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            ui.weak(tr.date);
            ui.label(lang.event_date(e));
            ui.end_row();
            if let (Some(s), Some(end)) = (e.start, e.end)
                && s != end
            {
                ui.weak(tr.covers);
                ui.label(format!("{s} – {end}"));
                ui.end_row();
            }
            ui.weak(tr.precision);
            ui.label(lang.precision(e.precision));
            ui.end_row();
            if e.modifier != Mod::None {
                ui.weak(tr.qualifier);
                ui.label(lang.qualifier(e.modifier));
                ui.end_row();
            }
            ui.weak(tr.kind);
            ui.label(RichText::new(lang.event_kind(e.kind)).color(kind_color(e.kind, dark)));
            ui.end_row();
            ui.weak(tr.told_as);
            ui.label(lang.relation(e.relation))
                .on_hover_text(lang.relation_hint(e.relation));
            ui.end_row();
        });
}

/// An event's source sentences under their articles' titles; a click opens the sentence.
fn sources_ui(ui: &mut egui::Ui, k: &Knowledge, e: &Event, lang: Lang) -> Option<Nav> {
    let mut nav = None;
    ui.weak(lang.source_sentences(e.sources.len()));
    for s in &e.sources {
        let title = k
            .articles()
            .get(s.span.article.index())
            .map(|a| a.title.as_str())
            .unwrap_or_default();
        ui.label(RichText::new(title).small().strong());
        if ui
            .add(egui::Link::new(&s.sentence))
            .on_hover_text(lang.tr().open_sentence)
            .clicked()
        {
            nav = Some(Nav::Go(Route::Passage(s.span)));
        }
        ui.add_space(2.0);
    }
    nav
}

/// One row of the in-view list: date and title, selectable.
fn list_row(
    ui: &mut egui::Ui,
    e: &Event,
    selected: bool,
    row_h: f32,
    lang: Lang,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, row_h), Sense::click());
    let date = lang.event_date(e);
    let label = format!("{date} {}", e.title);
    response.widget_info(|| WidgetInfo::selected(Role::ListItem, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if selected {
            ui.painter()
                .rect_filled(rect, 2.0, visuals.selection.bg_fill);
        } else if response.hovered() {
            ui.painter().rect_filled(rect, 2.0, visuals.faint_bg_color);
        }
        let c = kind_color(e.kind, visuals.dark_mode);
        let dot = Pos2::new(rect.left() + 5.0, rect.center().y);
        relation_dot(ui.painter(), dot, 3.5, c, e.relation);
        let font = FontId::proportional(13.0);
        let date = ui.painter().text(
            Pos2::new(rect.left() + 13.0, rect.center().y),
            Align2::LEFT_CENTER,
            &date,
            font.clone(),
            visuals.weak_text_color(),
        );
        let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
        painter.text(
            Pos2::new(date.right() + 6.0, rect.center().y),
            Align2::LEFT_CENTER,
            &e.title,
            font,
            visuals.text_color(),
        );
    }
    response
}
