//! Density of a lane's events: sorted start and end days, counted per bar of the plot in one
//! forward sweep. No egui.

use super::axis::Axis;
use crate::timeline_chart::Day;

/// Width of one density bar, in pixels.
pub(super) const BIN_PX: f32 = 2.0;

/// Sorted start and end days of a lane's events, to count the events overlapping any range.
#[derive(Debug, Default)]
pub(super) struct Density {
    starts: Vec<Day>,
    ends: Vec<Day>,
}

impl Density {
    /// Adds an event of days `[start, end)`; [`Density::sort`] once all are in.
    pub fn push(&mut self, start: Day, end: Day) {
        self.starts.push(start);
        self.ends.push(end);
    }

    pub fn sort(&mut self) {
        self.starts.sort_unstable();
        self.ends.sort_unstable();
    }

    /// Counts, per bar of [`BIN_PX`] pixels from `left`, the events `[start, end)` overlapping it:
    /// `#(start < bar end) - #(end <= bar start)`, walking both sorted lists forward once.
    pub fn count_bins(&self, axis: &Axis, left: f32, out: &mut [u32]) {
        if self.starts.is_empty() {
            return;
        }
        let (mut si, mut ei) = (0usize, 0usize);
        for (i, slot) in out.iter_mut().enumerate() {
            let x = left + i as f32 * BIN_PX;
            let t0 = axis.day(x).floor();
            let t1 = axis.day(x + BIN_PX).ceil();
            let (t0, t1) = (
                t0.clamp(Day::MIN as f64, Day::MAX as f64) as Day,
                t1.clamp(Day::MIN as f64, Day::MAX as f64) as Day,
            );
            si = seek(&self.starts, si, t1);
            // Ends are exclusive: an event ending at or before t0 no longer overlaps.
            ei = seek(&self.ends, ei, t0.saturating_add(1));
            *slot = si.saturating_sub(ei) as u32;
        }
    }
}

/// The first index at or after `from` whose value is `>= x` in sorted `v` (galloping forward,
/// so a sweep of increasing `x` costs O(log gap) per step).
fn seek(v: &[Day], from: usize, x: Day) -> usize {
    let mut lo = from.min(v.len());
    if v.get(lo).is_none_or(|&y| y >= x) {
        return lo;
    }
    let mut step = 1usize;
    let mut hi = lo + 1;
    while hi < v.len() && v.get(hi).is_some_and(|&y| y < x) {
        lo = hi;
        step *= 2;
        hi = (lo + step).min(v.len());
    }
    // v[lo] < x and (hi == len or v[hi] >= x).
    let hi = hi.min(v.len());
    lo + 1
        + v.get(lo + 1..hi)
            .map_or(0, |s| s.partition_point(|&y| y < x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seek_finds_the_first_value_not_below_x() {
        let v = [1, 3, 3, 5, 8, 13, 21];
        for from in 0..v.len() {
            for x in -1..25 {
                let want = from.max(v.partition_point(|&y| y < x));
                let got = seek(&v, from, x);
                // From a later start the answer cannot be before `from`.
                assert_eq!(got, want, "from {from} x {x}");
            }
        }
        assert_eq!(seek(&[], 0, 4), 0);
    }

    #[test]
    fn bars_count_every_event_overlapping_them() {
        // Days 10–11, 10–20 and 15–16, one bar per day from day 8 (powers of two keep the
        // day ↔ pixel arithmetic exact).
        let mut d = Density::default();
        for (s, e) in [(10, 11), (15, 16), (10, 20)] {
            d.push(s, e);
        }
        d.sort();
        let axis = Axis {
            a: 8.0,
            b: 24.0,
            left: 0.0,
            width: 16.0 * BIN_PX,
        };
        let mut bars = vec![0; 16];
        d.count_bins(&axis, 0.0, &mut bars);
        assert_eq!(bars, [0, 0, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn a_bar_wider_than_a_day_counts_each_event_once() {
        let mut d = Density::default();
        for day in 0..32 {
            d.push(day, day + 1);
        }
        d.sort();
        // Sixteen days per bar.
        let axis = Axis {
            a: 0.0,
            b: 32.0,
            left: 0.0,
            width: 2.0 * BIN_PX,
        };
        let mut bars = vec![0; 2];
        d.count_bins(&axis, 0.0, &mut bars);
        assert_eq!(bars, [16, 16]);
    }
}
