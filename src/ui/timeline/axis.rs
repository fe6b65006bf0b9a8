//! The plot's horizontal scale: days ↔ pixels, and the visible range's zoom, centring and bounds.
//! Plain numbers, no egui.

use crate::timeline_chart::{Day, day_of};
use chrono::NaiveDate;

/// Narrowest and widest visible range, in days.
pub(super) const MIN_SPAN: f64 = 3.0;
pub(super) const MAX_SPAN: f64 = 400.0 * 365.25;

/// Visible days `[start, end)`.
pub(super) type Range = (f64, f64);

/// Maps days `[a, b)` to pixels `[left, left + width)` and back.
#[derive(Debug, Clone, Copy)]
pub(super) struct Axis {
    pub a: f64,
    pub b: f64,
    pub left: f32,
    pub width: f32,
}

impl Axis {
    /// The visible `range` across pixels `[left, left + width)`.
    pub fn new(range: Range, left: f32, width: f32) -> Axis {
        Axis {
            a: range.0,
            b: range.1,
            left,
            width,
        }
    }

    pub fn x(&self, day: f64) -> f32 {
        let x = self.left as f64 + (day - self.a) / (self.b - self.a) * self.width as f64;
        // Far off-screen positions are clamped so shapes stay finite and small.
        x.clamp(
            self.left as f64 - 1e4,
            (self.left + self.width) as f64 + 1e4,
        ) as f32
    }

    pub fn day(&self, x: f32) -> f64 {
        self.a + (x - self.left) as f64 / self.width as f64 * (self.b - self.a)
    }

    pub fn px_per_day(&self) -> f64 {
        self.width as f64 / (self.b - self.a)
    }
}

/// `range` zoomed by `factor` (> 1 zooms in), keeping day `anchor` where it is.
pub(super) fn zoomed((a, b): Range, factor: f64, anchor: f64) -> Range {
    let span = ((b - a) / factor).clamp(MIN_SPAN, MAX_SPAN);
    let ratio = span / (b - a);
    let start = anchor - (anchor - a) * ratio;
    (start, start + span)
}

/// The range showing days `[a, b)` with a margin on each side.
pub(super) fn fitted((a, b): (Day, Day)) -> Range {
    let (a, b) = (a as f64, b as f64);
    let pad = ((b - a) * 0.04).max(2.0);
    (a - pad, b + pad)
}

/// The range centred on days `[start, end)`: as wide as `range` if they fit in it with room,
/// else three times their length (at least a quarter year without a range yet).
pub(super) fn centred(range: Option<Range>, start: f64, end: f64) -> Range {
    let len = end - start;
    let span = match range {
        Some((a, b)) if b - a >= len * 1.5 => b - a,
        Some(_) => len * 3.0,
        None => (len * 3.0).max(92.0),
    };
    let mid = (start + end) / 2.0;
    (mid - span / 2.0, mid + span / 2.0)
}

/// `range` with its span within bounds (at most 1.5 times the data's `extent`, at least three
/// years of room), its centre within the data, and inside the years chrono can name.
pub(super) fn clamped((mut a, mut b): Range, extent: Option<(Day, Day)>) -> Range {
    let max_span = extent
        .map(|(x, y)| ((y - x) as f64 * 1.5).max(3.0 * 365.25))
        .unwrap_or(MAX_SPAN)
        .min(MAX_SPAN);
    let span = (b - a).clamp(MIN_SPAN, max_span.max(MIN_SPAN));
    let mid = (a + b) / 2.0;
    a = mid - span / 2.0;
    b = mid + span / 2.0;
    if let Some((x, y)) = extent {
        let (x, y) = (x as f64, y as f64);
        // Keep the centre within the data.
        let mid = (a + b) / 2.0;
        let shift = if mid < x {
            x - mid
        } else if mid > y {
            y - mid
        } else {
            0.0
        };
        a += shift;
        b += shift;
    }
    let lo = day_of(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)) as f64;
    let hi = day_of(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)) as f64;
    if a < lo {
        b += lo - a;
        a = lo;
    }
    if b > hi {
        a -= b - hi;
        b = hi;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-6
    }

    #[test]
    fn pixels_and_days_map_both_ways() {
        let axis = Axis::new((100.0, 200.0), 50.0, 400.0);
        assert_eq!(axis.x(100.0), 50.0);
        assert_eq!(axis.x(150.0), 250.0);
        assert_eq!(axis.x(200.0), 450.0);
        assert!(close(axis.day(250.0), 150.0));
        assert!(close(axis.day(axis.x(123.5)), 123.5));
        assert_eq!(axis.px_per_day(), 4.0);
        // Far off-screen days stay near the plot.
        assert_eq!(axis.x(1e9), 450.0 + 1e4);
        assert_eq!(axis.x(-1e9), 50.0 - 1e4);
    }

    #[test]
    fn zooming_keeps_the_anchor_in_place() {
        let range = (0.0, 100.0);
        let (a, b) = zoomed(range, 2.0, 80.0);
        assert!(close(b - a, 50.0));
        // The anchor stays at 80 % of the width.
        assert!(close((80.0 - a) / (b - a), 0.8));
        let (a, b) = zoomed(range, 0.5, 50.0);
        assert!(close(a, -50.0) && close(b, 150.0));
        // Never narrower than MIN_SPAN.
        let (a, b) = zoomed((0.0, 4.0), 100.0, 2.0);
        assert!(close(b - a, MIN_SPAN));
    }

    #[test]
    fn fitting_and_centring() {
        assert_eq!(fitted((1000, 1100)), (996.0, 1104.0));
        assert_eq!(fitted((1000, 1001)), (998.0, 1003.0));
        // A day event in a 30-day range keeps the span; a year event widens it.
        assert_eq!(centred(Some((0.0, 30.0)), 100.0, 101.0), (85.5, 115.5));
        assert_eq!(centred(Some((0.0, 30.0)), 0.0, 366.0), (-366.0, 732.0));
        assert_eq!(centred(None, 100.0, 101.0), (54.5, 146.5));
    }

    #[test]
    fn clamping_bounds_the_span_and_keeps_the_data_in_reach() {
        let extent = Some((730_000, 731_000));
        // Too narrow: widened around its middle.
        let (a, b) = clamped((730_500.0, 730_501.0), extent);
        assert!(close(b - a, MIN_SPAN) && close(a + b, 2.0 * 730_500.5));
        // Too wide for the data: at most 1.5 times its 1,000 days.
        let (a, b) = clamped((700_000.0, 760_000.0), extent);
        assert!(close(b - a, 1500.0));
        // A short extent still allows three years.
        let (a, b) = clamped((700_000.0, 760_000.0), Some((730_000, 730_010)));
        assert!(close(b - a, 3.0 * 365.25));
        // Far from the data: moved until its centre reaches the data.
        let (a, b) = clamped((800_000.0, 800_100.0), extent);
        assert!(close((a + b) / 2.0, 731_000.0) && close(b - a, 100.0));
        // Before year 1: moved inside the calendar.
        let (a, _) = clamped((-500.0, 500.0), None);
        assert!(a >= 0.0);
    }
}
