//! A one-line editor: a label, a text field, Apply and Cancel. The corrections' editors (an
//! entity's new name or the entity to merge in; an event's title or date) are all this row.

use crate::ui::i18n::Lang;

/// What the user did with the row this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEdit {
    /// Apply clicked or Enter pressed, with a valid text.
    Apply,
    /// Cancel clicked or Escape pressed.
    Cancel,
}

/// The row: `title` labels the field (for screen readers and tests too), `hint` shows while it is
/// empty; Apply is enabled while `valid`. An empty field takes the keyboard focus.
pub fn line_editor_ui(
    ui: &mut egui::Ui,
    title: &str,
    hint: &str,
    text: &mut String,
    valid: bool,
    lang: Lang,
) -> Option<LineEdit> {
    let tr = lang.tr();
    ui.horizontal(|ui| {
        let label = ui.label(title);
        let field = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
        if !field.has_focus() && text.is_empty() {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let apply = ui
            .add_enabled(valid, egui::Button::new(tr.apply_correction))
            .clicked();
        let cancel =
            ui.button(tr.cancel).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
        if cancel {
            Some(LineEdit::Cancel)
        } else if (apply || entered) && valid {
            Some(LineEdit::Apply)
        } else {
            None
        }
    })
    .inner
}
