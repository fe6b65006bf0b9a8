//! An entity's mentions over time: the articles naming it in each month (each year when the
//! months would not fit) as bars above its mention lines; a bar's click narrows the lines to
//! its month or year, so the bar opens the articles behind it.

use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::ui::date_box;
use crate::ui::i18n::Lang;
use chrono::Datelike;
use egui::{FontId, Sense};

/// One bar: a year, or a month (1–12) of a year, and the articles naming the entity then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub year: i32,
    /// `None`: the bar is the whole year.
    pub month: Option<u32>,
    pub articles: usize,
}

impl Bar {
    /// The date bound both date boxes take to show this bar's articles (`2024` or `2024-11`).
    pub fn bound(&self) -> String {
        match self.month {
            Some(m) => format!("{}-{m:02}", self.year),
            None => self.year.to_string(),
        }
    }
}

/// Per month from the first to the last dated article naming `entity` (empty months kept, so
/// the bars keep time's proportions): how many articles name it. Undated articles are left out.
pub fn monthly_articles(k: &Knowledge, entity: EntityId) -> Vec<Bar> {
    let Some(mentions) = k.entities.by_entity.get(entity.index()) else {
        return Vec::new();
    };
    let mut counts: std::collections::BTreeMap<(i32, u32), usize> = Default::default();
    let mut last_article = None;
    for &i in mentions {
        let Some(m) = k.entities.mentions.get(i as usize) else {
            continue;
        };
        // Mentions come in article order: an article counts once.
        if last_article.replace(m.span.article) == Some(m.span.article) {
            continue;
        }
        if let Some(d) = k.article(m.span.article).and_then(|a| a.date) {
            *counts.entry((d.year(), d.month())).or_default() += 1;
        }
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let mut bars = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last {
        bars.push(Bar {
            year,
            month: Some(month),
            articles: counts.get(&(year, month)).copied().unwrap_or(0),
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    bars
}

/// The first and last month of `months` (`2012-07`, `2026-06`), what a date box left empty
/// covers; the date boxes' example where no article naming the entity is dated.
pub fn span_hints(months: &[Bar]) -> (String, String) {
    date_box::month_hints(
        months
            .first()
            .zip(months.last())
            .map(|(a, b)| (a.bound(), b.bound())),
    )
}

/// The months summed per year.
pub fn by_year(months: &[Bar]) -> Vec<Bar> {
    let mut years: Vec<Bar> = Vec::new();
    for bar in months {
        match years.last_mut() {
            Some(y) if y.year == bar.year => y.articles += bar.articles,
            _ => years.push(Bar {
                year: bar.year,
                month: None,
                articles: bar.articles,
            }),
        }
    }
    years
}

/// Bars narrower than this are drawn per year instead.
const MIN_BAR: f32 = 4.0;

/// Draws the bars of `months` (per year when too many to fit); returns the bar clicked.
pub fn monthly_ui(
    ui: &mut egui::Ui,
    months: &[Bar],
    color: egui::Color32,
    lang: Lang,
) -> Option<Bar> {
    if months.is_empty() {
        return None;
    }
    let width = ui.available_width();
    let years;
    let bars = if months.len() as f32 * MIN_BAR > width {
        years = by_year(months);
        &years
    } else {
        months
    };
    let max = bars.iter().map(|b| b.articles).max().filter(|&m| m > 0)?;
    let height = 56.0;
    let bar_w = (width / bars.len() as f32).min(40.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height + 14.0), Sense::hover());
    let weak = ui.visuals().weak_text_color();
    let mut next_label_x = rect.left();
    let mut clicked = None;
    for (i, bar) in bars.iter().enumerate() {
        let x = rect.left() + i as f32 * bar_w;
        let cell = egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(bar_w, height));
        let response = ui.interact(
            cell,
            ui.scope_id().with(("kanbao.monthly", i)),
            Sense::click(),
        );
        let label = match bar.month {
            Some(m) => format!("{} {}", bar.year, lang.month_label(m)),
            None => bar.year.to_string(),
        };
        let tip = lang.facet_count(&label, bar.articles);
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, bar.articles > 0, &tip));
        let h = bar.articles as f32 / max as f32 * height;
        let h = if bar.articles > 0 { h.max(2.0) } else { 0.0 };
        let fill = if response.hovered() {
            color
        } else {
            color.gamma_multiply(0.6)
        };
        ui.painter().rect_filled(
            egui::Rect::from_min_max(
                egui::pos2(x + 0.5, cell.bottom() - h),
                egui::pos2(x + (bar_w - 0.5).max(1.0), cell.bottom()),
            ),
            1.0,
            fill,
        );
        // Each year's first bar names the year, where the last name leaves room.
        let opens_year = bar.month.is_none_or(|m| m == 1) || i == 0;
        if opens_year && x >= next_label_x {
            ui.painter().text(
                egui::pos2(x, cell.bottom() + 1.0),
                egui::Align2::LEFT_TOP,
                bar.year.to_string(),
                FontId::proportional(10.0),
                weak,
            );
            next_label_x = x + 36.0;
        }
        if response.on_hover_text(tip).clicked() && bar.articles > 0 {
            clicked = Some(*bar);
        }
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_sum_into_years_and_bars_say_their_date_bound() {
        let bar = |year, month, articles| Bar {
            year,
            month: Some(month),
            articles,
        };
        let months = [bar(2023, 11, 2), bar(2023, 12, 0), bar(2024, 1, 5)];
        let years = by_year(&months);
        assert_eq!(years.len(), 2);
        assert_eq!((years[0].year, years[0].articles), (2023, 2));
        assert_eq!((years[1].year, years[1].articles), (2024, 5));
        assert_eq!(months[2].bound(), "2024-01");
        assert_eq!(years[1].bound(), "2024");
    }
}
