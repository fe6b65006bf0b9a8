//! An entity's mentions as the page lists them: filtered by the articles' dates and by text,
//! ordered newest first, oldest first or by article ([`mention_rows`], plain data), and drawn one
//! keyword-in-context line under its article's date and title ([`kwic_row_ui`]).

use crate::knowledge::Knowledge;
use crate::knowledge::entities::{EntityId, Mention};
use crate::knowledge::timeline::parse_date_bound;
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use chrono::NaiveDate;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, FontId, Sense};

/// Chars of context on each side of a mention.
pub const CONTEXT_CHARS: usize = 22;

/// The order of the mention lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MentionOrder {
    #[default]
    Newest,
    Oldest,
    /// In the bundle's order of articles, each article's mentions in reading order.
    ByArticle,
}

impl MentionOrder {
    pub const ALL: [MentionOrder; 3] = [
        MentionOrder::Newest,
        MentionOrder::Oldest,
        MentionOrder::ByArticle,
    ];
}

/// What the mention lines are filtered and ordered by, as the page's boxes say it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MentionQuery {
    /// Date bounds as typed (`2019`, `2019-11`, `2019-11-04`), over the articles' dates.
    pub from: String,
    pub to: String,
    /// Text in the article's title or in the line's context.
    pub text: String,
    pub order: MentionOrder,
}

/// The mentions of `entity` (indexes into `k.entities.mentions`) that pass `query`, in its order.
/// A date bound that does not parse filters nothing; with a bound, undated articles drop out.
/// Undated articles come last in both date orders.
pub fn mention_rows(k: &Knowledge, entity: EntityId, query: &MentionQuery) -> Vec<u32> {
    let all: &[u32] = k
        .entities
        .by_entity
        .get(entity.index())
        .map_or(&[], Vec::as_slice);
    let from = parse_date_bound(&query.from, false);
    let to = parse_date_bound(&query.to, true);
    let needle = query.text.trim().to_lowercase();
    let date_of = |m: &Mention| k.article(m.span.article).and_then(|a| a.date);
    let in_range = |date: Option<NaiveDate>| match (from, to, date) {
        (None, None, _) => true,
        (_, _, None) => false,
        (from, to, Some(d)) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
    };
    let has_text = |m: &Mention| {
        if needle.is_empty() {
            return true;
        }
        let title = k.article(m.span.article).map_or("", |a| a.title.as_str());
        if title.to_lowercase().contains(&needle) {
            return true;
        }
        let text = k.text(m.span).unwrap_or_default();
        let (left, word, right) = context(text, m.span.start as usize, m.span.end as usize);
        format!("{left}{word}{right}")
            .to_lowercase()
            .contains(&needle)
    };
    let mut rows: Vec<(Option<NaiveDate>, u32)> = all
        .iter()
        .filter_map(|&i| {
            let m = k.entities.mentions.get(i as usize)?;
            let date = date_of(m);
            (in_range(date) && has_text(m)).then_some((date, i))
        })
        .collect();
    // Mentions are numbered in article order, so the index breaks ties by article and position.
    match query.order {
        MentionOrder::ByArticle => {}
        MentionOrder::Oldest => rows.sort_by_key(|&(d, i)| (d.is_none(), d, i)),
        MentionOrder::Newest => {
            rows.sort_by_key(|&(d, i)| (d.is_none(), std::cmp::Reverse(d), i));
        }
    }
    rows.into_iter().map(|(_, i)| i).collect()
}

/// The text around a mention: (left, mention, right), each at most [`CONTEXT_CHARS`] wide.
pub fn context(text: &str, start: usize, end: usize) -> (String, String, String) {
    crate::text::context(text, start, end, CONTEXT_CHARS)
}

/// The height of a mention line: its article's line and the context.
pub fn kwic_row_height(ui: &egui::Ui) -> f32 {
    (ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 12.0).round()
}

/// One mention: the article's date and title, then the mention at 40 % of the width in its
/// context; the left context is cut at its start (never clipped by the edge) and the whole line
/// shows on hover. Clicking opens the article scrolled to the mention.
pub fn kwic_row_ui(
    ui: &mut egui::Ui,
    k: &Knowledge,
    m: &Mention,
    color: egui::Color32,
    lang: Lang,
) -> Option<Nav> {
    let row_h = kwic_row_height(ui);
    let article = k.article(m.span.article);
    let title = article.map_or("", |a| a.title.as_str());
    let date = article
        .and_then(|a| a.date)
        .map_or_else(|| lang.tr().undated.to_owned(), |d| d.to_string());
    let text = k.text(m.span).unwrap_or_default();
    let (left, word, right) = context(text, m.span.start as usize, m.span.end as usize);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::click());
    let line = format!("{left}{word}{right}");
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{date} {title}: {line}"))
    });
    if ui.is_rect_visible(rect) {
        paint_kwic(
            ui,
            rect,
            &response,
            (&date, title),
            (&left, &word, &right),
            color,
        );
    }
    let response = response.on_hover_text(format!("{date} 《{title}》\n{line}"));
    response
        .clicked()
        .then_some(Nav::Go(Route::Passage(m.span)))
}

fn paint_kwic(
    ui: &egui::Ui,
    rect: egui::Rect,
    response: &egui::Response,
    (date, title): (&str, &str),
    (left, word, right): (&str, &str, &str),
    color: egui::Color32,
) {
    let visuals = ui.visuals();
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    let weak = visuals.weak_text_color();
    let text_color = visuals.text_color();
    let small = FontId::proportional(12.0);
    let body = FontId::proportional(15.0);
    let painter = ui.painter_at(rect);
    let inner = rect.shrink2(egui::vec2(6.0, 0.0));
    // The article's line: its date, then its title cut to the width.
    let mut head = LayoutJob::default();
    let plain = |font: &FontId, color| TextFormat {
        font_id: font.clone(),
        color,
        ..TextFormat::default()
    };
    head.append(date, 0.0, plain(&small, weak));
    head.append(title, 8.0, plain(&small, weak));
    head.wrap = TextWrapping::truncate_at_width(inner.width());
    let head = painter.layout_job(head);
    painter.galley(egui::pos2(inner.left(), rect.top() + 4.0), head, weak);

    let y = rect.bottom() - 6.0;
    let center = inner.left() + inner.width() * 0.4;
    let left = fit_from_the_end(&painter, left, &body, center - inner.left() - 2.0);
    painter.text(
        egui::pos2(center - 2.0, y),
        Align2::RIGHT_BOTTOM,
        left,
        body.clone(),
        text_color,
    );
    let mut job = LayoutJob::default();
    job.append(
        word,
        0.0,
        TextFormat {
            background: theme::marker(visuals),
            ..plain(&body, color)
        },
    );
    job.append(right, 2.0, plain(&body, text_color));
    job.wrap = TextWrapping::truncate_at_width(inner.right() - center);
    let galley = painter.layout_job(job);
    painter.galley(egui::pos2(center, y - galley.size().y), galley, text_color);
}

/// The end of `text` that fits in `width` on one line, led by `…` when cut. One layout of the
/// whole text gives each char's place, so a row costs no more than drawing it.
fn fit_from_the_end(painter: &egui::Painter, text: &str, font: &FontId, width: f32) -> String {
    let layout = |s: &str| painter.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE);
    let galley = layout(text);
    let total = galley.size().x;
    if total <= width {
        return text.to_owned();
    }
    let room = width - layout("…").size().x;
    let chars: Vec<char> = text.chars().collect();
    let glyphs = galley.rows.first().map_or(&[][..], |r| r.glyphs.as_slice());
    // The first char from which the rest fits; past the end when none does.
    let from = if glyphs.len() == chars.len() {
        glyphs
            .iter()
            .position(|g| total - g.pos.x <= room)
            .unwrap_or(chars.len())
    } else {
        // Shaping joined some chars into one glyph: measure suffixes instead.
        (0..=chars.len())
            .find(|&i| layout(&chars[i..].iter().collect::<String>()).size().x <= room)
            .unwrap_or(chars.len())
    };
    std::iter::once('…')
        .chain(chars[from..].iter().copied().skip_while(|&c| c == '…'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_with_ellipses_and_keeps_the_mention() {
        let text = "国务院总理李强4日在北京人民大会堂会见哈萨克斯坦总理别克塔耶夫。";
        let (l, w, r) = context(text, 5, 7);
        assert_eq!(w, "李强");
        assert_eq!(l, "国务院总理");
        assert!(r.starts_with("4日在北京"));
        let long = "一".repeat(60) + "李强" + &"二".repeat(60);
        let (l, w, r) = context(&long, 60, 62);
        assert_eq!((l.chars().count(), w.as_str()), (CONTEXT_CHARS + 1, "李强"));
        assert!(l.starts_with('…') && r.ends_with('…'));
        // Offsets past the end never panic.
        let (_, w, r) = context("李强", 5, 9);
        assert_eq!((w.as_str(), r.as_str()), ("", ""));
    }

    #[test]
    fn the_left_context_keeps_its_end_when_cut() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(Default::default(), |ui| {
            let painter = ui.painter();
            let font = FontId::proportional(15.0);
            let width = |s: &str| {
                painter
                    .layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            };
            for text in [
                "abcdefghijklmnopqrstuvwxyz",
                "…国务院总理李强4日在北京人民大会堂会见",
            ] {
                assert_eq!(fit_from_the_end(painter, text, &font, 1000.0), text);
                let cut = fit_from_the_end(painter, text, &font, 60.0);
                assert!(cut.starts_with('…') && !cut.starts_with("……"), "{cut}");
                assert!(text.ends_with(cut.trim_start_matches('…')), "{cut}");
                assert!(width(&cut) <= 60.0, "{cut}");
                assert!(cut.chars().count() >= 3, "{cut}");
                assert_eq!(fit_from_the_end(painter, text, &font, 0.0), "…");
            }
        });
        output.textures_delta.clear();
    }
}
