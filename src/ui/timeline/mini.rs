//! A compact timeline of some events (the entity page's "its events"): a small axis strip with
//! the events as marks; clicking one opens it on the timeline. The page lists the events below.
//!
//! Recalled and planned events are drawn hollow as on the timeline; opening one on the timeline
//! switches its relation on there.

use super::axis::Axis;
use super::marks::{hover_text, relation_bar, relation_dot};
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::timeline_chart::{Day, Step, day_of, ticks};
use crate::ui::i18n::Lang;
use crate::ui::route::Nav;
use crate::ui::theme::kind_color;
use egui::accesskit::Role;
use egui::{Align2, FontId, Id, Pos2, Rect, Sense, Stroke, Vec2, WidgetInfo};

/// Rows of marks: overlapping marks stack up to this many.
const MARK_ROWS: usize = 3;
/// Events up to this many are drawn one mark each; more as density bars (a frame stays cheap
/// for an entity with thousands of events).
const MAX_MARKS: usize = 1_500;
/// Width of a density bar, in points.
const BIN_PX: f32 = 3.0;
/// Events up to this many get a clickable, accessible twin of their mark.
const MAX_INTERACTIVE: usize = 400;

/// An event of the strip: its index and days `[start, end)`.
type Dated = (EventId, Day, Day);

/// Draws the strip of `events` (indexes into `k.timeline.events`); returns the
/// navigation to the clicked event.
pub fn mini_timeline_ui(
    ui: &mut egui::Ui,
    k: &Knowledge,
    events: &[EventId],
    lang: Lang,
) -> Option<Nav> {
    let mut nav = None;
    let mut dated: Vec<Dated> = events
        .iter()
        .filter_map(|&i| {
            let e = k.timeline.events.get(i.index())?;
            Some((i, day_of(e.start?), day_of(e.end?) + 1))
        })
        .collect();
    dated.sort_by_key(|&(i, s, _)| (s, i));
    let width = ui.available_width().max(120.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 46.0), Sense::hover());
    if dated.is_empty() {
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            lang.tr().no_dated_events,
            FontId::proportional(13.0),
            ui.visuals().weak_text_color(),
        );
    } else {
        nav = strip_ui(ui, k, rect, &dated, lang);
    }
    nav
}

/// The strip in `rect`: an axis over the events (`dated`, sorted by start) and their marks.
fn strip_ui(ui: &egui::Ui, k: &Knowledge, rect: Rect, dated: &[Dated], lang: Lang) -> Option<Nav> {
    let first = dated.iter().map(|d| d.1).min()?;
    let last = dated.iter().map(|d| d.2).max()?;
    let visuals = ui.visuals().clone();
    let weak = visuals.weak_text_color();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 3.0, visuals.extreme_bg_color);
    let pad = ((last - first) as f64 * 0.05).max(2.0);
    let axis = Axis::new(
        (first as f64 - pad, last as f64 + pad),
        rect.left() + 4.0,
        rect.width() - 8.0,
    );
    let base = rect.bottom() - 16.0;
    painter.hline(rect.x_range(), base, Stroke::new(1.0, weak));
    let step = Step::choose(axis.px_per_day(), 70.0);
    for tick in ticks(axis.a.floor() as Day, axis.b.ceil() as Day, step) {
        let x = axis.x(tick.day as f64);
        painter.vline(x, base..=base + 3.0, Stroke::new(1.0, weak));
        // One row of labels: the coarser unit where it changes, else the tick's own.
        let label = tick.context().unwrap_or_else(|| lang.tick_label(&tick));
        painter.text(
            Pos2::new(x + 2.0, base + 2.0),
            Align2::LEFT_TOP,
            label,
            FontId::proportional(11.0),
            weak,
        );
    }
    if dated.len() > MAX_MARKS {
        density_ui(&painter, &axis, rect.top() + 2.0..=base - 1.0, dated, weak);
        return None;
    }
    // Marks: stacked when they overlap, so several on one day stay visible.
    let mut nav = None;
    let mut stack_end = [f32::NEG_INFINITY; MARK_ROWS];
    for (n, &(i, s, end)) in dated.iter().enumerate() {
        let Some(e) = k.timeline.events.get(i.index()) else {
            continue;
        };
        let (x0, x1) = (axis.x(s as f64), axis.x(end as f64));
        let row = stack_end
            .iter()
            .position(|&r| r + 2.0 <= x0)
            .unwrap_or(n % MARK_ROWS);
        if let Some(r) = stack_end.get_mut(row) {
            *r = x1.max(x0 + 6.0);
        }
        let y = rect.top() + 7.0 + row as f32 * 8.0;
        let color = kind_color(e.kind, visuals.dark_mode);
        let mark = if x1 - x0 >= 4.0 {
            let bar = Rect::from_min_max(Pos2::new(x0, y - 3.0), Pos2::new(x1, y + 3.0));
            relation_bar(&painter, bar, color, e.relation);
            bar
        } else {
            let dot = Pos2::new((x0 + x1) / 2.0, y);
            relation_dot(&painter, dot, 3.5, color, e.relation);
            Rect::from_center_size(dot, Vec2::splat(7.0))
        };
        if dated.len() <= MAX_INTERACTIVE {
            let r = ui.interact(
                mark.expand(2.0),
                Id::unique(("kanbao.mini.mark", i)),
                Sense::click(),
            );
            let label = format!("{} {}", lang.event_date(e), e.title);
            r.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
            if r.on_hover_text(hover_text(e, lang)).clicked() {
                nav = Some(Nav::Timeline(Some(i)));
            }
        }
    }
    nav
}

/// The events as bars of how many start in each few points of the axis, tallest = most.
fn density_ui(
    painter: &egui::Painter,
    axis: &Axis,
    heights: std::ops::RangeInclusive<f32>,
    dated: &[Dated],
    color: egui::Color32,
) {
    let bins = bin_counts(
        dated,
        |day| axis.x(day as f64),
        axis.left,
        BIN_PX,
        axis.width,
    );
    let most = bins.iter().copied().max().unwrap_or(0).max(1) as f32;
    let (top, bottom) = (*heights.start(), *heights.end());
    let left = axis.left;
    for (i, &n) in bins.iter().enumerate().filter(|(_, n)| **n > 0) {
        let x = left + i as f32 * BIN_PX;
        let h = ((bottom - top) * n as f32 / most).max(1.0);
        let bar = Rect::from_min_max(
            Pos2::new(x, bottom - h),
            Pos2::new(x + BIN_PX - 0.5, bottom),
        );
        painter.rect_filled(bar, 0.0, color);
    }
}

/// How many events start in each bin `bin` points wide from `left`, over `width` points.
fn bin_counts(
    dated: &[Dated],
    x_of: impl Fn(Day) -> f32,
    left: f32,
    bin: f32,
    width: f32,
) -> Vec<u32> {
    let n = (width / bin).ceil().max(1.0) as usize;
    let mut bins = vec![0u32; n];
    for &(_, start, _) in dated {
        let i = ((x_of(start) - left) / bin).floor();
        if i >= 0.0
            && let Some(b) = bins.get_mut(i as usize)
        {
            *b += 1;
        }
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_counted_in_the_bin_of_their_start() {
        let dated: Vec<Dated> = [0, 1, 1, 5, 9, 30]
            .iter()
            .map(|&d| (EventId::new(0), d, d + 1))
            .collect();
        // One point per day, bins of three points from day 0 over 12 points.
        let bins = bin_counts(&dated, |d| d as f32, 0.0, 3.0, 12.0);
        assert_eq!(bins, vec![3, 1, 0, 1]);
        assert_eq!(
            bins.iter().sum::<u32>(),
            5,
            "the event past the right edge is left out"
        );
    }
}
