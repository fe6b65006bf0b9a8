//! The entity page's events: the timeline's kind and relation toggles over the entity's events,
//! a strip of the dated ones and a virtualised list of all of them. The count the tab shows is
//! what "show on timeline" shows: the timeline opens on this entity with these toggles.

use crate::extract::events::{EventKind, Relation};
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::{Nav, TimelineFilterInputs};
use crate::ui::theme::kind_color;
use crate::ui::timeline::mini_timeline_ui;
use egui::RichText;

/// The events of one entity that pass the page's toggles, and what each toggle would let through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventRows {
    /// Event ids in the order listed.
    pub rows: Vec<EventId>,
    /// Of `rows`, those with a date (the timeline draws them) and those without.
    pub dated: usize,
    pub undated: usize,
    /// Events per kind passing the relation toggles; per relation passing the kind toggles.
    pub kind_counts: [usize; EventKind::ALL.len()],
    pub relation_counts: [usize; Relation::ALL.len()],
}

/// The events of `events` (ascending, as `Analysis::events_of` gives them) passing the kind and
/// relation toggles of `inputs`, newest first if asked.
pub fn event_rows(
    k: &Knowledge,
    events: &[EventId],
    inputs: &TimelineFilterInputs,
    newest_first: bool,
) -> EventRows {
    let mut out = EventRows::default();
    for &id in events {
        let Some(e) = k.timeline.get(id) else {
            continue;
        };
        let kind_on = !inputs.kinds_off[e.kind as usize];
        let relation_on = inputs.shows(e.relation);
        if relation_on {
            out.kind_counts[e.kind as usize] += 1;
        }
        if kind_on {
            out.relation_counts[e.relation as usize] += 1;
        }
        if kind_on && relation_on {
            out.rows.push(id);
            if e.start.is_some() && e.end.is_some() {
                out.dated += 1;
            } else {
                out.undated += 1;
            }
        }
    }
    if newest_first {
        out.rows.reverse();
    }
    out
}

/// The page's toggles: every relation on (the page is the entity's whole history), every kind.
pub fn page_filter_inputs() -> TimelineFilterInputs {
    TimelineFilterInputs {
        relations_on: [true; Relation::ALL.len()],
        ..TimelineFilterInputs::default()
    }
}

/// The kind and relation toggles with their counts, then the order.
pub fn toggles_ui(
    ui: &mut egui::Ui,
    inputs: &mut TimelineFilterInputs,
    newest_first: &mut bool,
    rows: &EventRows,
    lang: Lang,
) {
    let tr = lang.tr();
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        for kind in EventKind::ALL {
            let idx = kind as usize;
            let n = rows.kind_counts[idx];
            if n == 0 && !inputs.kinds_off[idx] {
                continue;
            }
            let text = RichText::new(format!("{} {}", lang.event_kind(kind), group_digits(n)))
                .color(kind_color(kind, dark));
            let on = !inputs.kinds_off[idx];
            if ui.selectable_label(on, text).clicked() {
                let others_on = EventKind::ALL
                    .iter()
                    .any(|&o| o != kind && !inputs.kinds_off[o as usize]);
                if !on || others_on {
                    inputs.kinds_off[idx] = on;
                }
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for relation in Relation::ALL {
            let idx = relation as usize;
            let mut on = inputs.relations_on[idx];
            let text = format!(
                "{} {}",
                lang.relation(relation),
                group_digits(rows.relation_counts[idx])
            );
            let r = ui
                .checkbox(&mut on, text)
                .on_hover_text(lang.relation_hint(relation));
            let others_on = Relation::ALL
                .iter()
                .any(|&o| o != relation && inputs.shows(o));
            if r.changed() && (on || others_on) {
                inputs.relations_on[idx] = on;
            }
        }
        ui.separator();
        ui.radio_value(newest_first, true, tr.newest_first);
        ui.radio_value(newest_first, false, tr.oldest_first);
    });
}

/// The strip of the dated events and the list of all, virtualised.
pub fn events_ui(ui: &mut egui::Ui, k: &Knowledge, rows: &EventRows, lang: Lang) -> Option<Nav> {
    let tr = lang.tr();
    ui.label(
        RichText::new(lang.entity_event_counts(rows.rows.len(), rows.dated, rows.undated)).weak(),
    );
    if rows.rows.is_empty() {
        ui.label(RichText::new(tr.no_events).weak());
        return None;
    }
    let mut nav = mini_timeline_ui(ui, k, &rows.rows, lang);
    ui.add_space(4.0);
    let dark = ui.visuals().dark_mode;
    let row_h = (ui.text_style_height(&egui::TextStyle::Body) + 6.0).round();
    egui::ScrollArea::vertical()
        .id_salt("kanbao.entity.events")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, rows.rows.len(), |ui, range| {
            for &id in rows.rows.get(range).unwrap_or_default() {
                let Some(e) = k.timeline.get(id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.set_height(row_h - ui.spacing().item_spacing.y);
                    ui.label(
                        RichText::new(lang.event_date(e))
                            .small()
                            .color(kind_color(e.kind, dark)),
                    );
                    if e.relation != Relation::Reported {
                        ui.label(RichText::new(lang.relation(e.relation)).small().weak())
                            .on_hover_text(lang.relation_hint(e.relation));
                    }
                    let link = ui.add(
                        egui::Button::new(
                            RichText::new(&e.title).color(ui.visuals().hyperlink_color),
                        )
                        .frame(false)
                        .truncate(),
                    );
                    if link.on_hover_text(&e.title).clicked() {
                        nav = Some(Nav::Timeline(Some(id)));
                    }
                });
            }
        });
    nav
}
