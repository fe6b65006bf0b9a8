//! Resolution: a grammar hit to its TIMEX3 value, precision and qualifier, filling what the text
//! leaves out from the reference date and the dates named before (wrapping month-day dates to
//! the nearest year, rolling range ends over, clock times onto the day named before).

use super::grammar::{Hit, LunarDate, Parts, Pos, Val, pos_mod};
use super::scan::Scanner;
use super::{Mod, Precision, add_months, days_between, month_last_day};
use chrono::{Datelike as _, Duration, NaiveDate};

impl Scanner<'_> {
    /// The value, precision and qualifier of the hit starting at `start`.
    pub fn resolve(&self, start: usize, hit: &Hit) -> (String, Precision, Mod) {
        let future = || self.future_cue(start, hit.end);
        let mut modifier = hit.modifier;
        if let Some((festival, year, period)) = hit.festival {
            let calendar = &self.lex.calendar;
            let day = |y| calendar.festival_day(y, festival).map(|d| (d, d));
            let year = year.or_else(|| self.yearly(day, future()));
            let Some(y) = year else {
                return (String::new(), Precision::Day, modifier);
            };
            if period && let Some((a, b)) = calendar.holiday_period(y, festival) {
                return (format!("{a}/{b}"), Precision::Interval, modifier);
            }
            let v = calendar.festival_day(y, festival).map(|d| d.to_string());
            return (v.unwrap_or_default(), Precision::Day, modifier);
        }
        match &hit.val {
            Val::Vague => (String::new(), Precision::Vague, modifier),
            Val::Duration(v) => (v.clone(), Precision::Duration, modifier),
            Val::Final(v, p) => {
                if let Some(pos) = hit.pos
                    && modifier == Mod::None
                {
                    modifier = pos_mod(pos);
                }
                (v.clone(), *p, modifier)
            }
            Val::Date(p) => {
                let p = self.fill(*p, future());
                let (mut value, mut precision) = format_parts(&p);
                if let Some(pos) = hit.pos {
                    if modifier == Mod::None || value.is_empty() {
                        modifier = pos_mod(pos);
                    } else if let Some((v, pr)) = pos_value(&p, pos) {
                        // 截至10月底 = the last day of October, until.
                        value = v;
                        precision = pr;
                    }
                }
                (value, precision, modifier)
            }
            Val::Range(a, b) => (
                self.range_value(a, b, future()),
                Precision::Interval,
                modifier,
            ),
            Val::Lunar(l) => {
                let (value, precision) = self.lunar_value(l, future());
                (value, precision, modifier)
            }
        }
    }

    /// A lunar date's Gregorian day, or a lunar month's days `a/b`; without a year in the text, in
    /// the lunar year around the reference date.
    fn lunar_value(&self, l: &LunarDate, future: bool) -> (String, Precision) {
        let calendar = &self.lex.calendar;
        let days = |year: i32| match l.day {
            Some(d) => calendar
                .lunar_to_solar(year, l.month, l.leap, d)
                .map(|d| (d, d)),
            None => calendar.lunar_month(year, l.month, l.leap),
        };
        let precision = match l.day {
            Some(_) => Precision::Day,
            None => Precision::Interval,
        };
        let year = if l.unknown {
            None
        } else {
            l.year.or_else(|| self.yearly(days, future))
        };
        let value = match year.and_then(days) {
            Some((a, _)) if l.day.is_some() => a.to_string(),
            Some((a, b)) => format!("{a}/{b}"),
            None => String::new(),
        };
        (value, precision)
    }

    /// The year of a day that comes once a year (a festival, a lunar date: its first and last
    /// Gregorian day in year `y` is `days(y)`) when the text names none: the reference year's,
    /// unless it lies over half a year ahead (then the year before, without future wording) or
    /// over half a year back (then the next, with future wording or when that one is at most
    /// two months ahead: 元旦 said in late December is the coming one).
    fn yearly(
        &self,
        days: impl Fn(i32) -> Option<(NaiveDate, NaiveDate)>,
        future: bool,
    ) -> Option<i32> {
        let r = self.reference?;
        let y = r.year();
        let (first, last) = days(y)?;
        if days_between(r, first) > 183 && !future {
            return Some(y - 1);
        }
        if days_between(last, r) > 183 {
            let soon = days(y + 1).is_some_and(|(next, _)| days_between(r, next) <= 60);
            if future || soon {
                return Some(y + 1);
            }
        }
        Some(y)
    }

    /// `a/b` of a range, the end filled from the start and rolled over when it falls before it;
    /// empty when either end is unknown.
    fn range_value(&self, a: &Parts, b: &Parts, future: bool) -> String {
        let a = self.fill(*a, future);
        let mut b = *b;
        if b.year.is_none() {
            b.year = a.year;
            b.year_given = a.year_given || a.year.is_some();
        }
        if b.month.is_none() && b.day.is_some() {
            b.month = a.month;
        }
        // 早上8点至12点: a clock alone ends the range on the start's day.
        if b.month.is_none() && b.day.is_none() && b.has_clock() {
            b.month = a.month;
            b.day = a.day;
        }
        let mut b = self.fill(b, future);
        // 昨晚10点到零点: an end earlier in the same day is on the next day.
        if let (Some(da), Some(db), Some(ha), Some(hb)) = (a.date(), b.date(), a.hour, b.hour)
            && da == db
            && adjust_hour(hb, b.part) < adjust_hour(ha, a.part)
            && let Some(next) = da.succ_opt()
        {
            b.set_date(next);
        }
        // An end before the start rolls over (12月28日至1月3日).
        if let (Some(da), Some(db)) = (a.date(), b.date())
            && db < da
        {
            if b.month == a.month {
                if let Some(d) = add_months(db, 1) {
                    b.set_date(d);
                }
            } else if let Some(y) = b.year {
                b.year = Some(y + 1);
            }
        } else if let (Some(ya), Some(yb), Some(ma), Some(mb)) = (a.year, b.year, a.month, b.month)
            && (yb, mb) < (ya, ma)
        {
            b.year = Some(yb + 1);
        }
        let (va, _) = format_parts(&a);
        let (vb, _) = format_parts(&b);
        if va.is_empty() || vb.is_empty() || va.contains('X') || vb.contains('X') {
            return String::new();
        }
        format!("{va}/{vb}")
    }

    /// The year around the reference date: a date far ahead without future wording is last year's.
    fn wrap_year(&self, year: i32, first: NaiveDate, last: NaiveDate, future: bool) -> i32 {
        let Some(r) = self.reference else { return year };
        if days_between(r, first) > 183 && !future {
            year - 1
        } else if days_between(last, r) > 183 && future {
            year + 1
        } else {
            year
        }
    }

    /// Fills year and month from the reference date (with wrap-around) and clock-only times from
    /// the sentence's date.
    fn fill(&self, mut p: Parts, future: bool) -> Parts {
        if p.unknown {
            return p;
        }
        if p.year.is_none() && p.month.is_none() && p.day.is_none() {
            // A clock time or part of day alone: the day named before, else the reference.
            if let Some(d) = self.sentence_day.or(self.last_day).or(self.reference) {
                p.set_date(d);
            } else {
                p.unknown = true;
            }
            return p;
        }
        let Some(r) = self.reference else { return p };
        if p.year.is_none() && p.month.is_none() {
            // A day of the reference month: 4日.
            let day = p.day.unwrap_or(1);
            let candidates = [-1, 0, 1].map(|k| {
                add_months(r.with_day(1).unwrap_or(r), k)
                    .and_then(|m| NaiveDate::from_ymd_opt(m.year(), m.month(), day))
            });
            let [prev, this, next] = candidates;
            let chosen = match this {
                Some(d) if d > r + Duration::days(1) && !future => prev.or(Some(d)),
                Some(d) if d < r - Duration::days(7) && future => next.or(Some(d)),
                Some(d) => Some(d),
                None => prev,
            };
            if let Some(d) = chosen {
                p.year = Some(d.year());
                p.month = Some(d.month());
            }
            return p;
        }
        if p.year.is_none()
            && p.month.is_some()
            && let Some(y) = self.sentence_year
        {
            // 2013年9月和10月: the year the sentence named.
            p.year = Some(y);
            return p;
        }
        if p.year.is_none()
            && let Some(m) = p.month
        {
            let y = r.year();
            let first = NaiveDate::from_ymd_opt(y, m, p.day.unwrap_or(1));
            let last = match p.day {
                Some(d) => NaiveDate::from_ymd_opt(y, m, d),
                None => month_last_day(y, m),
            };
            p.year = Some(match (first, last) {
                (Some(a), Some(b)) => self.wrap_year(y, a, b, future),
                _ => y,
            });
        }
        p
    }
}

/// With another qualifier, 底/末 name the last day and 初 the first (截至10月底 = 10-31).
fn pos_value(p: &Parts, pos: Pos) -> Option<(String, Precision)> {
    let y = p.year?;
    match (p.month, p.day, pos) {
        (Some(m), None, Pos::End) => Some((month_last_day(y, m)?.to_string(), Precision::Day)),
        (Some(m), None, Pos::Start) => Some((
            NaiveDate::from_ymd_opt(y, m, 1)?.to_string(),
            Precision::Day,
        )),
        (None, None, Pos::End) => Some((format!("{y:04}-12-31"), Precision::Day)),
        (None, None, Pos::Start) => Some((format!("{y:04}-01"), Precision::Month)),
        _ => None,
    }
}

/// The TIMEX3 value and precision of resolved parts; `XXXX` for a year the text leaves open.
fn format_parts(p: &Parts) -> (String, Precision) {
    if p.unknown {
        let precision = if p.hour.is_some() {
            Precision::Hour
        } else if p.day.is_some() || p.part.is_some() {
            Precision::Day
        } else if p.month.is_some() {
            Precision::Month
        } else {
            Precision::Year
        };
        return (String::new(), precision);
    }
    let year = p
        .year
        .map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
    let Some(month) = p.month else {
        if let Some(d) = p.day {
            return (format!("{year}-XX-{d:02}"), Precision::Day);
        }
        return (year, Precision::Year);
    };
    let Some(day) = p.day else {
        return (format!("{year}-{month:02}"), Precision::Month);
    };
    if p.year.is_some() && NaiveDate::from_ymd_opt(p.year.unwrap_or(0), month, day).is_none() {
        return (String::new(), Precision::Day);
    }
    let date = format!("{year}-{month:02}-{day:02}");
    match (p.hour, p.minute, p.part) {
        (Some(h), m, part) => {
            let h = adjust_hour(h, part);
            match m {
                Some(m) => (format!("{date}T{h:02}:{m:02}"), Precision::Minute),
                None => (format!("{date}T{h:02}"), Precision::Hour),
            }
        }
        (None, _, Some(part)) => (format!("{date}T{part}"), Precision::Hour),
        (None, _, None) => (date, Precision::Day),
    }
}

/// 下午3时 is 15:00, 晚上12时 the day's end (24:00); 凌晨 and 上午 keep the hour. NI is both 凌晨
/// and 夜里: 夜里9点 is 21:00, 凌晨6点 6:00 (the night's hours from 8 on are the evening's).
pub(super) fn adjust_hour(h: u32, part: Option<&str>) -> u32 {
    match part {
        Some("EV" | "NI") if h == 12 => 24,
        Some("AF" | "EV") if h < 12 => h + 12,
        Some("MI") if h < 6 => h + 12,
        Some("NI") if (8..12).contains(&h) => h + 12,
        _ => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn afternoon_hours_move_past_noon() {
        assert_eq!(adjust_hour(3, Some("AF")), 15);
        assert_eq!(adjust_hour(2, Some("NI")), 2);
        assert_eq!(adjust_hour(6, Some("NI")), 6);
        assert_eq!(adjust_hour(9, Some("NI")), 21);
        assert_eq!(adjust_hour(10, Some("MO")), 10);
        assert_eq!(adjust_hour(12, Some("EV")), 24);
        assert_eq!(adjust_hour(12, Some("MI")), 12);
    }
}
