//! The entity page's corrections: a menu (rename, merge another in, change kind, split off an
//! alias, hide) and the one-line editors it opens under the header. What the user confirms is
//! returned as a [`Correction`] naming entities by their canonical names.

use crate::corrections::Correction;
use crate::extract::ner::EntityKind;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::{Entity, EntityId};
use crate::ui::i18n::Lang;
use crate::ui::line_editor::{LineEdit, line_editor_ui};

/// Names suggested while typing the entity to merge in.
const SUGGESTIONS: usize = 8;

/// An editor open on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    Rename,
    MergeIn,
}

/// The editor open (for one entity) and what is typed in it.
#[derive(Default)]
pub struct EntityEdit {
    open: Option<(EntityId, Editing)>,
    text: String,
    /// Suggestions for the merge box: for the text they were found for.
    suggested: Option<(String, Vec<EntityId>)>,
}

impl EntityEdit {
    /// The Correct menu button (in the header row).
    pub fn menu_ui(&mut self, ui: &mut egui::Ui, e: &Entity, lang: Lang) -> Option<Correction> {
        let tr = lang.tr();
        let mut made = None;
        ui.menu_button(tr.correct_menu, |ui| {
            if ui.button(tr.rename_entity).clicked() {
                self.open(e, Editing::Rename, e.name.clone());
                ui.close();
            }
            if ui.button(tr.merge_in).clicked() {
                self.open(e, Editing::MergeIn, String::new());
                ui.close();
            }
            ui.menu_button(tr.change_kind, |ui| {
                for kind in EntityKind::ALL {
                    let label = lang.entity_kind(kind);
                    if ui
                        .add_enabled(kind != e.kind, egui::Button::new(label))
                        .clicked()
                    {
                        made = Some(Correction::SetKind {
                            entity: e.name.clone(),
                            kind,
                        });
                        ui.close();
                    }
                }
            });
            ui.add_enabled_ui(!e.aliases.is_empty(), |ui| {
                ui.menu_button(tr.split_alias, |ui| {
                    for alias in e.aliases.iter().take(40) {
                        if ui.button(alias).clicked() {
                            made = Some(Correction::Split {
                                entity: e.name.clone(),
                                alias: alias.clone(),
                            });
                            ui.close();
                        }
                    }
                });
            });
            ui.separator();
            if ui.button(tr.hide_entity).clicked() {
                made = Some(Correction::Hide {
                    entity: e.name.clone(),
                });
                ui.close();
            }
        });
        made
    }

    fn open(&mut self, e: &Entity, editing: Editing, text: String) {
        self.open = Some((e.id, editing));
        self.text = text;
        self.suggested = None;
    }

    /// The open editor, if it is this entity's: a text box, Apply and Cancel.
    pub fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        e: &Entity,
        lang: Lang,
    ) -> Option<Correction> {
        let tr = lang.tr();
        let editing = match &self.open {
            Some((id, editing)) if *id == e.id => editing.clone(),
            _ => return None,
        };
        let (title, hint) = match editing {
            Editing::Rename => (tr.rename_entity, tr.new_name_hint),
            Editing::MergeIn => (tr.merge_in, tr.merge_hint),
        };
        let name = self.text.trim().to_string();
        let outcome = line_editor_ui(ui, title, hint, &mut self.text, !name.is_empty(), lang);
        let mut made = (outcome == Some(LineEdit::Apply)).then(|| match editing {
            Editing::Rename => Correction::Rename {
                entity: e.name.clone(),
                to: name,
            },
            Editing::MergeIn => Correction::Merge {
                into: e.name.clone(),
                from: name,
            },
        });
        let close = outcome == Some(LineEdit::Cancel);
        if editing == Editing::MergeIn && made.is_none() {
            made = self.suggestions_ui(ui, k, e);
        }
        if made.is_some() || close {
            self.open = None;
        }
        made
    }

    /// Entities whose name holds the typed text, most mentioned first: a click merges one in.
    fn suggestions_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        e: &Entity,
    ) -> Option<Correction> {
        let typed = self.text.trim().to_string();
        if typed.is_empty() {
            return None;
        }
        if self.suggested.as_ref().is_none_or(|(t, _)| *t != typed) {
            let found = k
                .entities
                .entities
                .iter()
                .filter(|x| x.id != e.id && x.name.contains(typed.as_str()))
                .take(SUGGESTIONS)
                .map(|x| x.id)
                .collect();
            self.suggested = Some((typed, found));
        }
        let mut made = None;
        ui.horizontal_wrapped(|ui| {
            for &id in self
                .suggested
                .as_ref()
                .map(|s| s.1.as_slice())
                .unwrap_or_default()
            {
                let Some(x) = k.entities.entities.get(id.index()) else {
                    continue;
                };
                if ui.button(format!("{} ({})", x.name, x.count)).clicked() {
                    made = Some(Correction::Merge {
                        into: e.name.clone(),
                        from: x.name.clone(),
                    });
                }
            }
        });
        made
    }
}
