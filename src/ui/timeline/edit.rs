//! The selected event's corrections: not an event, a new title, another kind, another date.
//! Returned as a [`Correction`] naming the event by the sentence that tells it.

use crate::corrections::{Correction, EventKey, date_value_precision};
use crate::extract::events::EventKind;
use crate::knowledge::timeline::Event;
use crate::ui::i18n::Lang;
use crate::ui::line_editor::{LineEdit, line_editor_ui};

/// An editor open under the event's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    Title,
    Date,
}

/// The editor open (for one event, by id) and what is typed in it.
#[derive(Default)]
pub struct EventEdit {
    open: Option<(String, Editing)>,
    text: String,
}

impl EventEdit {
    /// The row of correction buttons and the editor they open.
    pub fn ui(&mut self, ui: &mut egui::Ui, e: &Event, lang: Lang) -> Option<Correction> {
        let tr = lang.tr();
        let key = EventKey::of(e)?;
        let mut made = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(tr.corrections_title).weak());
            if ui.button(tr.reject_event).clicked() {
                made = Some(Correction::RejectEvent { event: key.clone() });
            }
            if ui.button(tr.retitle_event).clicked() {
                self.open = Some((e.id.clone(), Editing::Title));
                self.text = e.title.clone();
            }
            ui.menu_button(tr.change_kind, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for kind in EventKind::ALL {
                            let button = egui::Button::new(lang.event_kind(kind));
                            if ui.add_enabled(kind != e.kind, button).clicked() {
                                made = Some(Correction::SetEventKind {
                                    event: key.clone(),
                                    kind,
                                });
                                ui.close();
                            }
                        }
                    });
            });
            if ui.button(tr.redate_event).clicked() {
                self.open = Some((e.id.clone(), Editing::Date));
                self.text = e.value.clone();
            }
        });
        let editing = match &self.open {
            Some((id, editing)) if *id == e.id => *editing,
            _ => return made,
        };
        let (title, hint, valid) = match editing {
            Editing::Title => (
                tr.retitle_event,
                tr.new_title_hint,
                !self.text.trim().is_empty(),
            ),
            Editing::Date => (
                tr.redate_event,
                tr.date_value_hint,
                date_value_precision(self.text.trim()).is_some(),
            ),
        };
        let outcome = line_editor_ui(ui, title, hint, &mut self.text, valid, lang);
        if outcome == Some(LineEdit::Apply) {
            let text = self.text.trim().to_string();
            made = Some(match editing {
                Editing::Title => Correction::RetitleEvent {
                    event: key.clone(),
                    title: text,
                },
                Editing::Date => Correction::SetEventDate {
                    event: key.clone(),
                    value: text,
                },
            });
        }
        let close = outcome == Some(LineEdit::Cancel);
        if editing == Editing::Date && !valid && !self.text.trim().is_empty() {
            ui.label(
                egui::RichText::new(tr.not_a_date)
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if made.is_some() || close {
            self.open = None;
        }
        made
    }
}
