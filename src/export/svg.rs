//! SVG export: a static timeline picture. One lane per event kind, a date axis with years, months
//! or days, a marker (and a bar for spans) per event and labels that never overlap: each label
//! gets a row of its lane where its box is free, and `textLength` pins its drawn width to that box.

use super::{ExportOptions, escape_xml};
use crate::extract::events::EventKind;
use crate::knowledge::timeline::Event;
use crate::timeline_chart::{self, Background, Step, Tick, day_of, kind_color};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// CJK-capable fonts first, then the generic family.
pub const FONT_FAMILY: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

const WIDTH: f64 = 1200.0;
const LEFT: f64 = 120.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 70.0;
const ROW: f64 = 22.0;
const LANE_PAD: f64 = 8.0;
const FONT_SIZE: f64 = 12.0;
const MARKER: f64 = 4.5;
/// Gap kept free between two labels of a row.
const GAP: f64 = 6.0;
/// Least distance between two axis ticks: at most 16 ticks across the plot.
const TICK_GAP: f64 = 66.0;

/// The picture as a standalone SVG document.
pub fn render(events: &[Event], opts: &ExportOptions) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&picture(events, opts, true));
    s
}

/// Width of a label in px: full-width chars take one em, others about half.
pub fn label_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.56 })
        .sum::<f64>()
        * FONT_SIZE
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD | 0x2014 | 0x2026 | 0x201C | 0x201D)
}

/// One placed label.
struct Placed<'a> {
    event: &'a Event,
    x_start: f64,
    x_end: f64,
    row: usize,
    label_x: f64,
    label_w: f64,
    /// The date as people read it, then the title.
    label: String,
}

/// The time axis: days from `t0` to `t1` over the plot's width.
#[derive(Clone, Copy)]
struct Scale {
    t0: NaiveDate,
    t1: NaiveDate,
}

impl Scale {
    fn x(self, d: NaiveDate) -> f64 {
        let span = (self.t1 - self.t0).num_days().max(1) as f64;
        LEFT + (d - self.t0).num_days() as f64 / span * (WIDTH - LEFT - RIGHT)
    }
}

/// One lane: an event kind's placed labels and how many rows they take.
struct Lane<'a> {
    kind: EventKind,
    placed: Vec<Placed<'a>>,
    rows: usize,
}

impl Lane<'_> {
    fn height(&self) -> f64 {
        self.rows as f64 * ROW + 2.0 * LANE_PAD
    }
}

/// The `<svg>` element; `standalone` adds the XML namespace (an inline HTML picture needs none).
pub(crate) fn picture(events: &[Event], opts: &ExportOptions, standalone: bool) -> String {
    let dated: Vec<&Event> = events
        .iter()
        .filter(|e| e.start.is_some() && e.end.is_some())
        .collect();
    let (t0, t1) = domain(&dated);
    let scale = Scale { t0, t1 };
    let lanes: Vec<Lane> = EventKind::ALL
        .into_iter()
        .filter_map(|kind| lay_out_lane(&dated, kind, scale, opts))
        .collect();
    let lanes_h: f64 = lanes.iter().map(Lane::height).sum();
    let height = TOP + lanes_h.max(ROW) + 40.0;

    let mut s = String::new();
    let ns = if standalone {
        " xmlns=\"http://www.w3.org/2000/svg\""
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<svg{ns} width=\"{WIDTH}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\" role=\"img\">"
    );
    let _ = writeln!(s, "<title>{}</title>", escape_xml(&opts.title));
    let _ = writeln!(
        s,
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
    );
    let _ = writeln!(
        s,
        "<text class=\"heading\" x=\"{LEFT}\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">{} · {} events</text>",
        escape_xml(&opts.title),
        dated.len()
    );
    write_axis(&mut s, scale, TOP + lanes_h.max(ROW));
    let mut y0 = TOP;
    for (i, lane) in lanes.iter().enumerate() {
        write_lane(&mut s, lane, i, y0);
        y0 += lane.height();
    }
    s.push_str("</svg>\n");
    s
}

/// The events of one kind placed in rows of non-overlapping boxes; `None` if it has none.
fn lay_out_lane<'a>(
    dated: &[&'a Event],
    kind: EventKind,
    scale: Scale,
    opts: &ExportOptions,
) -> Option<Lane<'a>> {
    let mut in_lane: Vec<&Event> = dated.iter().copied().filter(|e| e.kind == kind).collect();
    if in_lane.is_empty() {
        return None;
    }
    in_lane.sort_by_key(|e| (e.start, e.end));
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut placed = Vec::new();
    for e in in_lane {
        let (Some(start), Some(end)) = (e.start, e.end) else {
            continue;
        };
        let x_start = scale.x(start);
        let x_end = scale.x(end.succ_opt().unwrap_or(end)).max(x_start);
        let label = format!("{} {}", opts.date(e), e.title);
        let label_w = label_width(&label);
        // Right of the marker, or left of it near the right edge.
        let right = x_start + MARKER + 3.0;
        let label_x = if right + label_w <= WIDTH - 4.0 {
            right
        } else {
            (x_start - MARKER - 3.0 - label_w).max(4.0)
        };
        let lo = label_x.min(x_start - MARKER);
        let hi = (label_x + label_w).max(x_end + MARKER);
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(a, b)| hi + GAP <= a || lo >= b + GAP);
        let row = match rows.iter().position(free) {
            Some(r) => r,
            None => {
                rows.push(Vec::new());
                rows.len() - 1
            }
        };
        if let Some(r) = rows.get_mut(row) {
            r.push((lo, hi));
        }
        placed.push(Placed {
            event: e,
            x_start,
            x_end,
            row,
            label_x,
            label_w,
            label,
        });
    }
    Some(Lane {
        kind,
        placed,
        rows: rows.len().max(1),
    })
}

/// The date axis over the lanes: its line, ticks and dashed grid lines down to `bottom`.
fn write_axis(s: &mut String, scale: Scale, bottom: f64) {
    let axis_y = TOP - 12.0;
    let _ = writeln!(s, "<g class=\"axis\" stroke=\"#cccccc\" fill=\"#555555\">");
    let _ = writeln!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#888888\"/>",
        WIDTH - RIGHT
    );
    for tick in axis_ticks(scale.t0, scale.t1) {
        let tx = scale.x(tick.date);
        // The coarser unit where it changes, else the tick's own label: 2024, 2月, 3月, …
        let text = tick.context().unwrap_or_else(|| tick.label_zh());
        let _ = writeln!(
            s,
            "<line x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{bottom:.1}\" stroke-dasharray=\"2,3\"/>",
            axis_y - 4.0
        );
        let _ = writeln!(
            s,
            "<text class=\"tick\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" stroke=\"none\">{}</text>",
            axis_y - 8.0,
            escape_xml(&text)
        );
    }
    let _ = writeln!(s, "</g>");
}

/// Lane number `index` at `y0`: its band, its label, and each event's marker and label.
fn write_lane(s: &mut String, lane: &Lane, index: usize, y0: f64) {
    let kind = lane.kind;
    let fill = if index.is_multiple_of(2) {
        "#f4f6fa"
    } else {
        "#ffffff"
    };
    let color = kind_color(kind, Background::Light).hex();
    let _ = writeln!(s, "<g class=\"lane\" data-kind=\"{kind}\">");
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"{y0:.1}\" width=\"{WIDTH}\" height=\"{:.1}\" fill=\"{fill}\"/>",
        lane.height()
    );
    let _ = writeln!(
        s,
        "<text class=\"lane-label\" x=\"8\" y=\"{:.1}\" font-weight=\"bold\" fill=\"{color}\">{} {}</text>",
        y0 + LANE_PAD + ROW * 0.7,
        kind.label_zh(),
        kind.as_str()
    );
    for p in &lane.placed {
        let cy = y0 + LANE_PAD + p.row as f64 * ROW + ROW / 2.0;
        let _ = writeln!(
            s,
            "<g class=\"event\" data-id=\"{}\" data-value=\"{}\">",
            escape_xml(&p.event.id),
            escape_xml(&p.event.value)
        );
        let _ = writeln!(s, "<title>{}</title>", escape_xml(&p.label));
        if p.x_end - p.x_start >= 2.0 * MARKER {
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{color}\" fill-opacity=\"0.35\"/>",
                p.x_start,
                cy - MARKER,
                p.x_end - p.x_start,
                2.0 * MARKER
            );
        }
        let _ = writeln!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{cy:.1}\" r=\"{MARKER}\" fill=\"{color}\"/>",
            p.x_start
        );
        let _ = writeln!(
            s,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\" fill=\"#222222\">{}</text>",
            p.label_x,
            cy + FONT_SIZE * 0.35,
            p.label_w,
            escape_xml(&p.label)
        );
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
}

/// The date range shown: all events, padded; a month around a single day.
fn domain(events: &[&Event]) -> (NaiveDate, NaiveDate) {
    let start = events.iter().filter_map(|e| e.start).min();
    let end = events.iter().filter_map(|e| e.end).max();
    let (Some(a), Some(b)) = (start, end) else {
        let today = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        return (today, today + chrono::Duration::days(30));
    };
    let days = (b - a).num_days();
    let pad = (days / 20).max(15);
    (
        a - chrono::Duration::days(pad),
        b + chrono::Duration::days(pad + 1),
    )
}

/// The axis ticks over `[t0, t1]`: the shared date axis at most 16 ticks across the plot.
fn axis_ticks(t0: NaiveDate, t1: NaiveDate) -> Vec<Tick> {
    let span = (t1 - t0).num_days().max(1) as f64;
    let step = Step::choose((WIDTH - LEFT - RIGHT) / span, TICK_GAP);
    timeline_chart::ticks(day_of(t0), day_of(t1), step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn wide_chars_count_double() {
        assert_eq!(label_width("中文"), 2.0 * FONT_SIZE);
        assert!(label_width("a") < label_width("中"));
    }

    #[test]
    fn tick_scale_follows_the_span() {
        let years = axis_ticks(d(2012, 1, 1), d(2024, 12, 1));
        assert!(years.iter().all(|t| matches!(t.step, Step::Years(_))));
        assert!(years.len() <= 16 && years.len() >= 6, "{years:?}");
        let months = axis_ticks(d(2024, 3, 20), d(2024, 11, 20));
        assert!(months.iter().all(|t| t.date.day() == 1), "{months:?}");
        assert_eq!(months.first().map(|t| t.date), Some(d(2024, 4, 1)));
        assert_eq!(
            months.first().and_then(Tick::context).as_deref(),
            Some("2024")
        );
        let days = axis_ticks(d(2024, 11, 1), d(2024, 11, 20));
        assert!(days.len() <= 16 && days.len() >= 2, "{days:?}");
    }
}
