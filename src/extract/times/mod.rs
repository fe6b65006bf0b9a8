//! Time expressions found in text and normalised against a reference date (TIMEX3 values).
//! A hand-written scanner over chars; its word lists and calendar tables (lunar, solar terms,
//! holidays, era anchors) are read from `assets/times/` into one [`TimeLexicon`].
//!
//! ```
//! use kanbao::extract::times::{TimeLexicon, find_times, Mod, Precision};
//! let lexicon = TimeLexicon::shipped().expect("shipped lexicon");
//! let day = chrono::NaiveDate::from_ymd_opt(2024, 11, 4);
//! let found = find_times(&lexicon, "党的十八大以来，截至10月底", day);
//! assert_eq!(found[0].value, "2012-11");
//! assert_eq!(found[0].modifier, Mod::Since);
//! assert_eq!((found[1].value.as_str(), found[1].precision), ("2024-10-31", Precision::Day));
//! ```

mod calendar;
mod grammar;
mod numeral;
mod resolve;
mod scan;
mod words;

use crate::bundle::refdate;
use crate::lexicon::LexiconError;
use calendar::Calendar;
use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use words::TimeWords;

/// One time expression in a text: its char span and its TIMEX3-style value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMention {
    /// Char offset of the first character.
    pub start: usize,
    /// Char offset just past the last character.
    pub end: usize,
    pub text: String,
    /// TIMEX3 value: `2024`, `2024-11`, `2024-11-04`, `2024-11-04TMO`, `2024-11-04T13:24`,
    /// `2024-Q3`, `1990/1999`, `2024-11-06/2024-11-07`, `P192D`; empty when vague or unknown.
    pub value: String,
    pub precision: Precision,
    #[serde(rename = "mod")]
    pub modifier: Mod,
}

/// How fine a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
    /// Also parts of the day (`2024-11-04TAF`).
    Hour,
    Minute,
    Quarter,
    Decade,
    /// Ranges, holiday periods, seasons and half-years.
    Interval,
    Duration,
    Vague,
}

impl Precision {
    /// Rank from finest to coarsest (minute 0 … vague 9): lower is more specific.
    pub fn specificity_rank(self) -> u8 {
        match self {
            Precision::Minute => 0,
            Precision::Hour => 1,
            Precision::Day => 2,
            Precision::Interval => 3,
            Precision::Month => 4,
            Precision::Quarter => 5,
            Precision::Year => 6,
            Precision::Decade => 7,
            Precision::Duration => 8,
            Precision::Vague => 9,
        }
    }
}

/// The qualifier of a value (TIMEX3 `mod`, plus `since` and `until`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mod {
    #[default]
    #[serde(rename = "")]
    None,
    /// 前夕, 前, 之前
    Before,
    /// 之后, 以后
    After,
    /// 以来, 起
    Since,
    /// 截至
    Until,
    /// 左右, 前后, 约
    Approx,
    /// 初, 上旬
    Start,
    /// 中旬, 年中
    Mid,
    /// 底, 末, 下旬
    End,
}

/// Everything the time grammar reads from `assets/times/`: the word lists, festival names,
/// five-year plans and calendar tables, and the chars that can open an expression.
#[derive(Debug, Clone)]
pub struct TimeLexicon {
    calendar: Calendar,
    words: TimeWords,
    starters: HashSet<char>,
}

impl TimeLexicon {
    /// The lexicon shipped in `assets/times/`; a malformed file is an error naming file and line.
    pub fn shipped() -> Result<TimeLexicon, LexiconError> {
        let calendar = Calendar::shipped()?;
        let words = TimeWords::shipped()?;
        let starters = grammar::starters(&words, &calendar);
        Ok(TimeLexicon {
            calendar,
            words,
            starters,
        })
    }
}

/// Finds every time expression in `text`, normalised against `reference` (the article's date).
///
/// Relative expressions (`昨`, `4日`, `今年7月`) need the reference date; without it their value is
/// empty, or keeps only what the text says (`XXXX-11-04`). The text is read sentence by sentence
/// (`crate::text::sentences`: split after `。！？；;` and at newlines): `次日` and `三天后` count
/// from the date the same sentence names before them, else from the reference date. `N年后` and
/// `N个月后` at a clause start count from the date named before in the same or the previous
/// sentence (`1998年建成，10年后扩建` → 2008); after 时隔 or an event (`成立23年后`), or unanchored
/// outside forward-looking wording, they are durations (`P23Y`).
///
/// A reference date outside [`refdate::YEARS`] counts as none, and an expression whose value
/// would leave those years (明年 of 9999-12-31) gets an empty value.
pub fn find_times(
    lexicon: &TimeLexicon,
    text: &str,
    reference: Option<NaiveDate>,
) -> Vec<TimeMention> {
    scan::find(lexicon, text, reference.filter(|d| refdate::in_range(*d)))
}

/// `date` moved by `days`, if the result stays in [`refdate::YEARS`].
fn shift_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let moved = date.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    refdate::in_range(moved).then_some(moved)
}

/// `year + shift`, if it stays in [`refdate::YEARS`].
fn shift_year(year: i32, shift: i64) -> Option<i32> {
    let moved = i32::try_from(i64::from(year).checked_add(shift)?).ok()?;
    refdate::YEARS.contains(&moved).then_some(moved)
}

/// Whether every date of a value has a four-digit year in [`refdate::YEARS`] (or an open
/// `XXXX`, or a year before the common era, `BC0221`); durations and empty values pass.
fn value_in_years(value: &str) -> bool {
    value.split('/').all(|point| {
        if point.is_empty() || point.starts_with('P') {
            return true;
        }
        let point = point.strip_prefix("BC").unwrap_or(point);
        let year = point.get(..4).unwrap_or_default();
        let digits = year.bytes().all(|b| b.is_ascii_digit());
        let open = year == "XXXX";
        let ends = matches!(point.as_bytes().get(4), None | Some(b'-' | b'T'));
        ends && (open || digits && year != "0000")
    })
}

/// The days a value covers, for sorting and filtering a timeline: `2024` → 2024-01-01..2024-12-31,
/// `2024-Q3`, `2024-11-04TMO` → that day, `a/b` → start of `a`..end of `b`. `None` for durations,
/// vague and partly unknown values (`XXXX-11-04`).
pub fn value_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some((a, b)) = value.split_once('/') {
        let (start, _) = point_range(a)?;
        let (_, end) = point_range(b)?;
        return (start <= end).then_some((start, end));
    }
    point_range(value)
}

fn point_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let date_part = value.split('T').next()?;
    let mut parts = date_part.split('-');
    let year_text = parts.next()?;
    if year_text.len() != 4 {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let Some(second) = parts.next() else {
        return Some((NaiveDate::from_ymd_opt(year, 1, 1)?, year_end));
    };
    if let Some(q) = second.strip_prefix('Q') {
        let q: u32 = q.parse().ok()?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?;
        return Some((first, month_last_day(year, q * 3)?));
    }
    if let Some(w) = second.strip_prefix('W') {
        let monday = NaiveDate::from_isoywd_opt(year, w.parse().ok()?, chrono::Weekday::Mon)?;
        return Some((monday, monday + chrono::Duration::days(6)));
    }
    let month: u32 = second.parse().ok()?;
    let Some(third) = parts.next() else {
        return Some((
            NaiveDate::from_ymd_opt(year, month, 1)?,
            month_last_day(year, month)?,
        ));
    };
    let day = NaiveDate::from_ymd_opt(year, month, third.parse().ok()?)?;
    Some((day, day))
}

/// The last day of a month.
fn month_last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Days between two dates (b − a).
fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// A date shifted by whole months, the day clamped to the month's end.
fn add_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    let total = (date.year().checked_mul(12)? + date.month0() as i32).checked_add(months)?;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = month_last_day(year, month)?;
    NaiveDate::from_ymd_opt(year, month, date.day().min(last.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn value_range_covers_each_precision() {
        assert_eq!(
            value_range("2024"),
            Some((d("2024-01-01"), d("2024-12-31")))
        );
        assert_eq!(
            value_range("2024-02"),
            Some((d("2024-02-01"), d("2024-02-29")))
        );
        assert_eq!(
            value_range("2024-11-04TMO"),
            Some((d("2024-11-04"), d("2024-11-04")))
        );
        assert_eq!(
            value_range("2024-11-04T13:24"),
            Some((d("2024-11-04"), d("2024-11-04")))
        );
        assert_eq!(
            value_range("2024-Q3"),
            Some((d("2024-07-01"), d("2024-09-30")))
        );
        assert_eq!(
            value_range("1990/1999"),
            Some((d("1990-01-01"), d("1999-12-31")))
        );
        assert_eq!(
            value_range("2024-12/2025-02"),
            Some((d("2024-12-01"), d("2025-02-28")))
        );
        assert_eq!(
            value_range("2024-W45"),
            Some((d("2024-11-04"), d("2024-11-10")))
        );
    }

    #[test]
    fn value_range_is_none_for_durations_vague_and_unknown() {
        for v in ["P192D", "PT8H30M", "", "XXXX-11-04", "2024-13", "2025/2024"] {
            assert_eq!(value_range(v), None, "{v}");
        }
    }

    #[test]
    fn mentions_serialise_with_the_issue_field_names() {
        let m = TimeMention {
            start: 0,
            end: 2,
            text: "明年".into(),
            value: "2025".into(),
            precision: Precision::Year,
            modifier: Mod::None,
        };
        let json = serde_json::to_string(&m).expect("serialise");
        assert_eq!(
            json,
            r#"{"start":0,"end":2,"text":"明年","value":"2025","precision":"year","mod":""}"#
        );
    }

    #[test]
    fn shipped_lexicon_parses() {
        let lexicon = TimeLexicon::shipped().expect("shipped time lexicon");
        assert!(lexicon.starters.contains(&'春') && lexicon.starters.contains(&'十'));
        let day = NaiveDate::from_ymd_opt(2024, 11, 4);
        let found = find_times(&lexicon, "国庆期间", day);
        assert_eq!(found[0].value, "2024-10-01/2024-10-07");
    }

    #[test]
    fn add_months_clamps_the_day() {
        assert_eq!(add_months(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(add_months(d("2024-01-15"), -1), Some(d("2023-12-15")));
    }
}
