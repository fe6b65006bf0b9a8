//! The filter bar above the plot: kind toggles with counts, lanes mode, entity, date and text
//! boxes, the relation check boxes with counts, zoom buttons and the counts of what is shown.

use super::TimelineView;
use super::lanes::LaneMode;
use super::marks::relation_dot;
use crate::extract::events::{EventKind, Relation};
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::timeline_chart::{Day, date_of};
use crate::ui::date_box::{self, date_bound_box};
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::TimelineFilterInputs;
use crate::ui::theme::kind_color;
use egui::RichText;

impl TimelineView {
    pub(super) fn filters_ui(&mut self, ui: &mut egui::Ui, k: &Knowledge, lang: Lang) {
        let Some(layout) = self.layout.as_ref() else {
            return;
        };
        let kind_counts = layout.kind_counts;
        let relation_counts = layout.relation_counts;
        let entity_ids = layout.entity_ids.clone();
        let (shown, undated) = (layout.shown.len(), layout.undated);
        let hints = month_hints(layout.bulk.or(layout.extent));
        ui.horizontal_wrapped(|ui| self.kind_toggles_ui(ui, &kind_counts, lang));
        ui.horizontal_wrapped(|ui| self.filter_boxes_ui(ui, k, &entity_ids, &hints, lang));
        ui.horizontal_wrapped(|ui| {
            let tr = lang.tr();
            self.relation_toggles_ui(ui, &relation_counts, lang);
            ui.separator();
            if ui.button("-").on_hover_text(tr.zoom_out).clicked() {
                self.zoom(0.5, None);
            }
            if ui.button("+").on_hover_text(tr.zoom_in).clicked() {
                self.zoom(2.0, None);
            }
            if ui.button(tr.fit_all).clicked() {
                self.fit_all();
            }
            ui.separator();
            let total = k.timeline.events.len();
            ui.label(lang.timeline_counts(shown, total, undated));
            if let Some((a, b)) = self.visible_range() {
                ui.weak(format!("{a} – {b}"));
            }
        });
    }

    /// One toggle per kind with its count: a click switches it, a right click shows only it.
    fn kind_toggles_ui(&mut self, ui: &mut egui::Ui, kind_counts: &[usize], lang: Lang) {
        let tr = lang.tr();
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(tr.kinds).strong());
        for kind in EventKind::ALL {
            let idx = kind as usize;
            let on = !self.inputs.filter.kinds_off[idx];
            let n = kind_counts.get(idx).copied().unwrap_or(0);
            let text = RichText::new(format!("{} {n}", lang.event_kind(kind)))
                .color(kind_color(kind, dark));
            let r = ui
                .selectable_label(on, text)
                .on_hover_text(tr.kind_toggle_hint);
            if r.clicked() {
                let others_on = EventKind::ALL
                    .iter()
                    .any(|&o| o != kind && !self.inputs.filter.kinds_off[o as usize]);
                // The last kind shown stays on (an empty kind list means every kind).
                if !on || others_on {
                    self.inputs.filter.kinds_off[idx] = on;
                }
            }
            if r.secondary_clicked() {
                for o in EventKind::ALL {
                    self.inputs.filter.kinds_off[o as usize] = o != kind;
                }
            }
        }
        if ui.button(tr.all_kinds).clicked() {
            self.inputs.filter.kinds_off = Default::default();
        }
    }

    /// One check box per relation with its count and the mark it draws: reported on by
    /// default, recalled and planned off; the last relation shown stays on.
    fn relation_toggles_ui(&mut self, ui: &mut egui::Ui, counts: &[usize], lang: Lang) {
        let ink = ui.visuals().text_color();
        for relation in Relation::ALL {
            let idx = relation as usize;
            let mut on = self.inputs.filter.relations_on[idx];
            let n = counts.get(idx).copied().unwrap_or(0);
            let text = format!("{} {}", lang.relation(relation), group_digits(n));
            let r = ui
                .checkbox(&mut on, text)
                .on_hover_text(lang.relation_hint(relation));
            // The mark this relation draws, as a legend.
            let (icon, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            relation_dot(ui.painter(), icon.center(), 4.5, ink, relation);
            ui.add_space(6.0);
            let others_on = Relation::ALL
                .iter()
                .any(|&o| o != relation && self.inputs.filter.shows(o));
            if r.changed() && (on || others_on) {
                self.inputs.filter.relations_on[idx] = on;
            }
        }
    }

    /// Lanes mode, the entity, date and text boxes, and the button clearing them.
    fn filter_boxes_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        entity_ids: &[EntityId],
        (first, last): &(String, String),
        lang: Lang,
    ) {
        let tr = lang.tr();
        ui.label(tr.lanes);
        ui.selectable_value(&mut self.inputs.mode, LaneMode::Kind, tr.lanes_by_kind);
        ui.selectable_value(&mut self.inputs.mode, LaneMode::Entity, tr.lanes_by_entity);
        ui.separator();
        let entity = ui.add(
            egui::TextEdit::singleline(&mut self.inputs.filter.entity)
                .id_salt("kanbao.timeline.entity")
                .hint_text(tr.entity_hint)
                .desired_width(110.0),
        );
        // What the entity box resolved to.
        if !self.inputs.filter.entity.trim().is_empty() {
            let hint = if entity_ids.is_empty() {
                tr.entity_as_text.to_string()
            } else {
                let names: Vec<&str> = entity_ids
                    .iter()
                    .take(3)
                    .filter_map(|&id| k.entities.entities.get(id.index()))
                    .map(|e| e.name.as_str())
                    .collect();
                names.join("、")
            };
            entity.on_hover_text(hint);
        }
        ui.label(tr.date_from);
        let from = date_bound_box(
            ui,
            &mut self.inputs.filter.from,
            "kanbao.timeline.from",
            false,
            first,
            lang,
        )
        .lost_focus();
        ui.label(tr.date_to);
        let to = date_bound_box(
            ui,
            &mut self.inputs.filter.to,
            "kanbao.timeline.to",
            true,
            last,
            lang,
        )
        .lost_focus();
        // A date typed and left (Enter, Tab, a click elsewhere) zooms the view to it.
        self.zoom_to_dates |= from || to;
        ui.add(
            egui::TextEdit::singleline(&mut self.inputs.filter.text)
                .id_salt("kanbao.timeline.text")
                .hint_text(tr.text_hint)
                .desired_width(130.0),
        );
        if ui.button(tr.clear_timeline_filters).clicked() {
            self.inputs.filter = TimelineFilterInputs::default();
        }
    }
}

/// The first and last month of the shown events (`[first, after last)` in days), what the
/// empty date boxes leave open; the example bound where no event is shown.
fn month_hints(span: Option<(Day, Day)>) -> (String, String) {
    let month = |day: Day| date_of(day).map(|d| d.format("%Y-%m").to_string());
    date_box::month_hints(span.and_then(|(a, b)| Some((month(a)?, month((b - 1).max(a))?))))
}
