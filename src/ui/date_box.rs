//! The date bound box of the timeline's and the entity page's filters: a year, a month or a
//! day as typed (`2024`, `2024-11`, `2024-11-04`), red where it does not parse.

use crate::knowledge::timeline::parse_date_bound;
use crate::ui::i18n::Lang;

/// The example a date box shows while empty, where no dates of the view are known.
const EXAMPLE_BOUND: &str = "2024-11";

/// The hints of a pair of date boxes (from, to): the first and last month of the view as
/// `(first, last)` (`2012-07`), or the example where the view has no dates.
pub fn month_hints(months: Option<(String, String)>) -> (String, String) {
    months.unwrap_or_else(|| (EXAMPLE_BOUND.to_owned(), EXAMPLE_BOUND.to_owned()))
}

/// A date bound box holding `text`; `hint` shows while it is empty (the first or last month
/// the view covers, so an empty box says what it leaves open). `last_day`: the bound is an
/// end, so `2024-11` means the 30th.
pub fn date_bound_box(
    ui: &mut egui::Ui,
    text: &mut String,
    id: &str,
    last_day: bool,
    hint: &str,
    lang: Lang,
) -> egui::Response {
    let bad = !text.trim().is_empty() && parse_date_bound(text, last_day).is_none();
    let mut edit = egui::TextEdit::singleline(text)
        .id_salt(id)
        .hint_text(hint)
        .desired_width(86.0);
    if bad {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    let response = ui.add(edit);
    if bad {
        response.clone().on_hover_text(lang.tr().date_format_hint);
    }
    response
}
