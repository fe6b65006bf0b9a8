//! Mentions over time for several entities side by side: the articles naming each entity per
//! month or per year ([`comparison`], plain data over [`monthly::monthly_articles`]), drawn as
//! grouped bars, one colour per entity ([`comparison_ui`]); a bar's click opens that entity's
//! mention lines narrowed to the bar's month or year, the articles behind it.

use super::monthly::{self, Bar};
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::theme;
use egui::{Align2, FontId, Sense};

/// Entities a comparison holds at most (the page's own and the ones added).
pub const MAX_SERIES: usize = theme::SERIES;

/// A month (1–12) of a year, or a whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: Option<u32>,
}

/// The articles naming each entity per period, over the periods from the first dated article
/// of any of them to the last (empty periods kept, so bars keep time's proportions).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    pub entities: Vec<EntityId>,
    pub periods: Vec<Period>,
    /// `counts[s][p]`: articles naming entity `s` in period `p`.
    pub counts: Vec<Vec<usize>>,
}

impl Comparison {
    /// The bar of entity `s` in period `p`, as the single-entity chart says it (its date bound
    /// narrows the mention lines).
    pub fn bar(&self, s: usize, p: usize) -> Option<Bar> {
        let period = self.periods.get(p)?;
        Some(Bar {
            year: period.year,
            month: period.month,
            articles: *self.counts.get(s)?.get(p)?,
        })
    }

    /// The most articles of any bar.
    pub fn most(&self) -> usize {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// The comparison of `entities`, per month or per year.
pub fn comparison(k: &Knowledge, entities: &[EntityId], by_year: bool) -> Comparison {
    let series: Vec<Vec<Bar>> = entities
        .iter()
        .map(|&e| {
            let months = monthly::monthly_articles(k, e);
            if by_year {
                monthly::by_year(&months)
            } else {
                months
            }
        })
        .collect();
    let first = series.iter().filter_map(|s| s.first()).map(period_of).min();
    let last = series.iter().filter_map(|s| s.last()).map(period_of).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Comparison {
            entities: entities.to_vec(),
            periods: Vec::new(),
            counts: vec![Vec::new(); entities.len()],
        };
    };
    let mut periods = Vec::new();
    let mut p = first;
    while p <= last {
        periods.push(p);
        p = next(p);
    }
    let counts = series
        .iter()
        .map(|bars| {
            let mut row = vec![0; periods.len()];
            for bar in bars {
                if let Ok(i) = periods.binary_search(&period_of(bar)) {
                    row[i] = bar.articles;
                }
            }
            row
        })
        .collect();
    Comparison {
        entities: entities.to_vec(),
        periods,
        counts,
    }
}

fn period_of(bar: &Bar) -> Period {
    Period {
        year: bar.year,
        month: bar.month,
    }
}

fn next(p: Period) -> Period {
    match p.month {
        Some(12) => Period {
            year: p.year + 1,
            month: Some(1),
        },
        Some(m) => Period {
            year: p.year,
            month: Some(m + 1),
        },
        None => Period {
            year: p.year + 1,
            month: None,
        },
    }
}

/// A period as a bar's label says it.
fn period_label(p: Period, lang: Lang) -> String {
    match p.month {
        Some(m) => format!("{} {}", p.year, lang.month_label(m)),
        None => p.year.to_string(),
    }
}

/// Groups narrower than this many points per series cannot be drawn per month.
pub const MIN_BAR: f32 = 2.0;

/// Whether `periods` groups of `series` bars fit `width` at [`MIN_BAR`] per bar.
pub fn fits(periods: usize, series: usize, width: f32) -> bool {
    periods as f32 * series.max(1) as f32 * MIN_BAR <= width
}

/// Draws `c` as grouped bars in the width available, the count of the highest bar at the top
/// and the years below; returns the entity and bar clicked.
pub fn comparison_ui(
    ui: &mut egui::Ui,
    k: &Knowledge,
    c: &Comparison,
    height: f32,
    lang: Lang,
) -> Option<(EntityId, Bar)> {
    let most = c.most();
    if c.periods.is_empty() || most == 0 {
        return None;
    }
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height + 16.0), Sense::hover());
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    let weak = visuals.weak_text_color();
    let plot = egui::Rect::from_min_max(
        rect.left_top() + egui::vec2(0.0, 14.0),
        egui::pos2(rect.right(), rect.top() + height),
    );
    painter.text(
        rect.left_top(),
        Align2::LEFT_TOP,
        group_digits(most),
        FontId::proportional(10.0),
        weak,
    );
    painter.hline(
        plot.x_range(),
        plot.top(),
        egui::Stroke::new(0.5, weak.gamma_multiply(0.4)),
    );
    painter.hline(plot.x_range(), plot.bottom(), egui::Stroke::new(0.5, weak));
    let series = c.counts.len().max(1);
    let group_w = plot.width() / c.periods.len() as f32;
    let bar_w = group_w / series as f32;
    let gap = if bar_w > 4.0 { 0.5 } else { 0.0 };
    let mut clicked = None;
    let mut next_label_x = plot.left();
    for (p, period) in c.periods.iter().enumerate() {
        let x0 = plot.left() + p as f32 * group_w;
        let opens_year = period.month.is_none_or(|m| m == 1) || p == 0;
        if opens_year && x0 >= next_label_x {
            painter.text(
                egui::pos2(x0, plot.bottom() + 2.0),
                Align2::LEFT_TOP,
                period.year.to_string(),
                FontId::proportional(10.0),
                weak,
            );
            next_label_x = x0 + 36.0;
        }
        for (s, row) in c.counts.iter().enumerate() {
            let n = row.get(p).copied().unwrap_or(0);
            let x = x0 + s as f32 * bar_w;
            let cell = egui::Rect::from_min_max(
                egui::pos2(x, plot.top()),
                egui::pos2(x + bar_w, plot.bottom()),
            );
            let Some(&entity) = c.entities.get(s) else {
                continue;
            };
            let name = k
                .entities
                .entities
                .get(entity.index())
                .map_or("", |e| e.name.as_str());
            let response = ui.interact(
                cell,
                ui.scope_id().with(("kanbao.compare.bar", s, p)),
                Sense::click(),
            );
            let tip = lang.series_bar(name, &period_label(*period, lang), n);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, n > 0, &tip));
            let color = theme::series_color(&visuals, s);
            let fill = if response.hovered() {
                color
            } else {
                color.gamma_multiply(0.75)
            };
            let h = n as f32 / most as f32 * plot.height();
            if n > 0 {
                let bar = egui::Rect::from_min_max(
                    egui::pos2(x + gap, plot.bottom() - h.max(1.5)),
                    egui::pos2((x + bar_w - gap).max(x + 1.0), plot.bottom()),
                );
                painter.rect_filled(bar, 0.0, fill);
            }
            if response.on_hover_text(tip).clicked() && n > 0 {
                clicked = c.bar(s, p).map(|bar| (entity, bar));
            }
        }
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_run_on_across_years_and_bars_say_their_bounds() {
        let p = |year, month| Period {
            year,
            month: Some(month),
        };
        assert_eq!(next(p(2023, 12)), p(2024, 1));
        assert_eq!(next(p(2024, 3)), p(2024, 4));
        let c = Comparison {
            entities: vec![EntityId::new(4), EntityId::new(7)],
            periods: vec![p(2023, 12), p(2024, 1)],
            counts: vec![vec![1, 0], vec![3, 5]],
        };
        assert_eq!(c.most(), 5);
        let bar = c.bar(1, 1).expect("a bar");
        assert_eq!((bar.bound(), bar.articles), ("2024-01".to_owned(), 5));
        assert_eq!(c.bar(2, 0), None);
        assert!(fits(100, 3, 600.0) && !fits(100, 4, 600.0));
    }
}
