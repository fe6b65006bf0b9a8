//! Ranges of two dates with a connector, the second taking what it leaves out from the first:
//! 1至10月, 2021—2025年, 11月6日至7日, 2024年12月至2025年2月.

use super::{Hit, Parts, Val};
use crate::extract::times::resolve::adjust_hour;
use crate::extract::times::scan::Scanner;

impl Scanner<'_> {
    /// Ranges with a shared unit or an abbreviated end: 1至10月, 2021—2025年, 11月6日至7日.
    pub(super) fn range_at(&self, i: usize) -> Option<Hit> {
        // A full first date, or a bare number that takes its unit from the second date.
        let first = match self.date_chain_at(i) {
            Some(Hit {
                end,
                val: Val::Date(p),
                ..
            }) if !p.unknown => Some((end, p)),
            Some(_) => return None,
            None => None,
        };
        let conn_start = match first {
            Some((end, _)) => end,
            None => self.num(i)?.end,
        };
        let c_end = self.connector_at(conn_start)?;
        let (b_end, mut pb) = match self.date_chain_at(c_end) {
            Some(Hit {
                end,
                val: Val::Date(p),
                ..
            }) => (end, p),
            Some(_) => return None,
            // 8点至12点: after a clock time, an hour with 点 alone ends the range.
            None => {
                let (_, pa) = first.filter(|(_, pa)| pa.hour.is_some())?;
                let (end, hour, minute) = self.clock_at(c_end, true, pa.part.is_some())?;
                let pb = Parts {
                    hour: Some(hour),
                    minute,
                    ..Parts::default()
                };
                (end, pb)
            }
        };
        if pb.unknown {
            return None;
        }
        let mut pa = match first {
            Some((_, pa)) => pa,
            None => self.bare_range_start(i, &pb)?,
        };
        // The second date takes what it leaves out from the first.
        if pb.top() > pa.top() || pb.top() == pa.top() && pb.year.is_none() {
            if pb.year.is_none() {
                pb.year = pa.year;
                pb.year_given = pa.year_given;
            }
            if pb.month.is_none() && pb.day.is_some() {
                pb.month = pa.month;
            }
            if pb.day.is_none() && pb.has_clock() {
                pb.day = pa.day;
                if pb.month.is_none() {
                    pb.month = pa.month;
                }
                // 今晚八点到十点: an hour alone is in the start's part of the day when it can be
                // (22:00), else the next day's (昨晚10点到零点).
                if pb.part.is_none()
                    && let (Some(ha), Some(hb)) = (pa.hour, pb.hour)
                    && adjust_hour(hb, pa.part) >= adjust_hour(ha, pa.part)
                {
                    pb.part = pa.part;
                }
            }
        }
        // 三十日至下月二日: a day alone takes the end's month, or the month before it.
        if pa.top() == 2
            && let (Some(da), Some(db), Some(mb)) = (pa.day, pb.day, pb.month)
        {
            let (year, month) = match (da > db, pb.year) {
                (false, y) => (y, mb),
                (true, y) if mb > 1 => (y, mb - 1),
                (true, y) => (y.map(|y| y - 1), 12),
            };
            pa.month = Some(month);
            if let Some(y) = year {
                pa.year = Some(y);
                pa.year_given = pb.year_given;
            }
        }
        if pa.year.is_none() && pa.month.is_some() && pb.year.is_some() && pb.year_given {
            pa.year = pb.year;
            pa.year_given = true;
        }
        Some(Hit::new(b_end, Val::Range(pa, pb)))
    }

    /// The number at `i` read in the unit the range's end `pb` names first: a year (2021—2025年),
    /// a month (1至10月) or a day (6至7日).
    fn bare_range_start(&self, i: usize, pb: &Parts) -> Option<Parts> {
        let n = self.num(i)?;
        let v = n.whole()?;
        let mut pa = Parts::default();
        match pb.top() {
            0 if n.is_four_digits() => {
                pa.year = Some(v as i32);
                pa.year_given = true;
            }
            1 if (1..=12).contains(&v) && pb.day.is_none() => {
                pa.month = Some(v);
                pa.year = pb.year;
                pa.year_given = pb.year_given;
            }
            2 if (1..=31).contains(&v) && !pb.has_clock() => {
                pa.day = Some(v);
            }
            _ => return None,
        }
        if pb.top() == 0 && pb.month.is_some() {
            return None;
        }
        Some(pa)
    }

    /// The end of a range connector (至, 到, —, ~) at `j`.
    pub(super) fn connector_at(&self, j: usize) -> Option<usize> {
        ["——", "至", "到", "—", "–", "-", "~", "～", "－"]
            .iter()
            .find_map(|w| self.lit(j, w))
    }
}
