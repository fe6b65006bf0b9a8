//! The field map: which field of a bundle's records is the title, the text, the date, … where
//! their names say nothing the readers know (`heading`, `story`, `when`). The app's `--map`:
//! the user picks a field per role from those the records held, and the bundle is read again.

use crate::bundle::FieldOverrides;
use crate::bundle::fields::Role;
use crate::ui::i18n::Lang;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The roles offered, most needed first.
const ROLES: [Role; 7] = [
    Role::Title,
    Role::Text,
    Role::Date,
    Role::Url,
    Role::Media,
    Role::Kicker,
    Role::Subtitle,
];

/// What the user did in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldMapAction {
    /// Read `path` again with `map`.
    Reopen {
        path: PathBuf,
        map: FieldOverrides,
    },
    Close,
}

/// The open window: the bundle it maps, the field names its records held, the choice so far.
#[derive(Debug, Clone)]
pub struct FieldMapWindow {
    path: PathBuf,
    fields: Vec<String>,
    map: FieldOverrides,
    /// The bundle gave no article: say why the window opened by itself.
    nothing_read: bool,
}

impl FieldMapWindow {
    /// The window for `path`, whose records held `fields`, starting from the map in force.
    pub fn new(
        path: PathBuf,
        fields: &BTreeSet<String>,
        current: &FieldOverrides,
        nothing_read: bool,
    ) -> Self {
        Self {
            path,
            fields: fields.iter().cloned().collect(),
            map: current.clone(),
            nothing_read,
        }
    }

    /// Draws the window; the action when the user reopens or closes it.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Option<FieldMapAction> {
        let mut open = true;
        let mut action = None;
        egui::Window::new(lang.field_map_title())
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 100.0])
            .show(ctx, |ui| {
                if self.nothing_read {
                    ui.label(
                        egui::RichText::new(lang.field_map_nothing_read())
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                ui.add(egui::Label::new(lang.field_map_intro()).wrap());
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(self.path.display().to_string())
                            .monospace()
                            .small(),
                    )
                    .truncate(),
                );
                ui.add_space(6.0);
                egui::Grid::new("kanbao.field_map")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for role in ROLES {
                            self.role_row(ui, role, lang);
                            ui.end_row();
                        }
                    });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(lang.field_map_reopen()).clicked() {
                        action = Some(FieldMapAction::Reopen {
                            path: self.path.clone(),
                            map: self.map.clone(),
                        });
                    }
                    if ui.button(lang.tr().cancel).clicked() {
                        action = Some(FieldMapAction::Close);
                    }
                });
            });
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            action = Some(FieldMapAction::Close);
        }
        action
    }

    /// One role: its name and a choice of "by name" or one of the fields.
    fn role_row(&mut self, ui: &mut egui::Ui, role: Role, lang: Lang) {
        let label = ui.label(lang.field_role(role));
        let auto = lang.field_map_auto();
        let current = self.map.field(role).map(str::to_owned);
        let mut chosen = current.clone();
        egui::ComboBox::from_id_salt(("kanbao.field_map", role.name()))
            .selected_text(current.as_deref().unwrap_or(auto))
            .width(220.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, auto);
                for field in &self.fields {
                    ui.selectable_value(&mut chosen, Some(field.clone()), field);
                }
            })
            .response
            .labelled_by(label.id);
        if chosen != current {
            self.map.set(role, chosen.as_deref());
        }
    }
}
