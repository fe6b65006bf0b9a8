//! Calendar tables embedded from `assets/times/`: the Chinese lunisolar calendar (1948–2100 lunar
//! years), the 24 solar terms (1949–2100), official holiday periods, and era anchors.

use chrono::{Datelike as _, Duration, NaiveDate};
use std::collections::HashMap;
use std::sync::LazyLock;

const LUNAR_TSV: &str = include_str!("../../../assets/times/lunar.tsv");
const TERMS_TSV: &str = include_str!("../../../assets/times/solar-terms.tsv");
const HOLIDAYS_TSV: &str = include_str!("../../../assets/times/holidays.tsv");
const ANCHORS_TSV: &str = include_str!("../../../assets/times/anchors.tsv");

/// One lunar year: the Gregorian day of 正月初一, its leap month (0 = none) and month lengths in
/// order (a leap month follows the month it repeats).
#[derive(Debug, Clone)]
struct LunarYear {
    new_year: NaiveDate,
    leap_month: u32,
    lengths: Vec<u32>,
}

struct Tables {
    lunar: HashMap<i32, LunarYear>,
    terms: HashMap<i32, [NaiveDate; 24]>,
    holidays: HashMap<(i32, &'static str), (NaiveDate, NaiveDate)>,
    anchors: Vec<(&'static str, &'static str)>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables {
    lunar: parse_lunar(LUNAR_TSV),
    terms: parse_terms(TERMS_TSV),
    holidays: parse_holidays(HOLIDAYS_TSV),
    anchors: parse_anchors(ANCHORS_TSV),
});

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn parse_lunar(tsv: &str) -> HashMap<i32, LunarYear> {
    rows(tsv)
        .filter_map(|r| {
            let [year, new_year, leap, lengths] = r.as_slice() else {
                return None;
            };
            Some((
                year.parse().ok()?,
                LunarYear {
                    new_year: new_year.parse().ok()?,
                    leap_month: leap.parse().ok()?,
                    lengths: lengths
                        .chars()
                        .map(|c| if c == '1' { 30 } else { 29 })
                        .collect(),
                },
            ))
        })
        .collect()
}

fn parse_terms(tsv: &str) -> HashMap<i32, [NaiveDate; 24]> {
    rows(tsv)
        .filter_map(|r| {
            let year: i32 = r.first()?.parse().ok()?;
            let days: Vec<NaiveDate> = r
                .get(1..)?
                .iter()
                .filter_map(|mmdd| {
                    let n: u32 = mmdd.parse().ok()?;
                    NaiveDate::from_ymd_opt(year, n / 100, n % 100)
                })
                .collect();
            Some((year, days.try_into().ok()?))
        })
        .collect()
}

fn parse_holidays(tsv: &'static str) -> HashMap<(i32, &'static str), (NaiveDate, NaiveDate)> {
    rows(tsv)
        .filter_map(|r| {
            let [year, name, first, last] = r.as_slice() else {
                return None;
            };
            Some((
                (year.parse().ok()?, *name),
                (first.parse().ok()?, last.parse().ok()?),
            ))
        })
        .collect()
}

fn parse_anchors(tsv: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut anchors: Vec<_> = rows(tsv)
        .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
        .collect();
    // Longest names first, so `十八届三中全会` wins over a shorter name it contains.
    anchors.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
    anchors
}

/// The Gregorian day of a lunar date (`leap` for the repeated month), 1948–2100 lunar years.
pub fn lunar_to_solar(lunar_year: i32, month: u32, leap: bool, day: u32) -> Option<NaiveDate> {
    let y = TABLES.lunar.get(&lunar_year)?;
    if !(1..=12).contains(&month) || (leap && y.leap_month != month) {
        return None;
    }
    // Index of the month in the year's month list.
    let mut index = (month - 1) as usize;
    if y.leap_month != 0 && (month > y.leap_month || (leap && month == y.leap_month)) {
        index += 1;
    }
    let length = *y.lengths.get(index)?;
    if day == 0 || day > length {
        return None;
    }
    let offset: u32 = y.lengths.get(..index)?.iter().sum::<u32>() + day - 1;
    Some(y.new_year + Duration::days(i64::from(offset)))
}

/// Festivals of the lunar calendar and the solar term 清明 used as a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Festival {
    LunarNewYear,
    NewYearsEve,
    Lantern,
    Qingming,
    DragonBoat,
    Qixi,
    MidAutumn,
    DoubleNinth,
    Laba,
    /// A fixed Gregorian day (month, day): 元旦, 国庆节, 劳动节 …
    Fixed(u32, u32),
}

impl Festival {
    /// The key used in the official holiday table, when the festival is a public holiday.
    fn holiday_key(self) -> Option<&'static str> {
        Some(match self {
            Festival::LunarNewYear | Festival::NewYearsEve => "春节",
            Festival::Qingming => "清明",
            Festival::DragonBoat => "端午",
            Festival::MidAutumn => "中秋",
            Festival::Fixed(1, 1) => "元旦",
            Festival::Fixed(5, 1) => "劳动节",
            Festival::Fixed(10, 1) => "国庆",
            _ => return None,
        })
    }
}

/// The day of a festival in a Gregorian year.
pub fn festival_day(year: i32, festival: Festival) -> Option<NaiveDate> {
    let lunar = |m, d| lunar_to_solar(year, m, false, d);
    match festival {
        Festival::LunarNewYear => lunar(1, 1),
        Festival::NewYearsEve => lunar(1, 1).map(|d| d - Duration::days(1)),
        Festival::Lantern => lunar(1, 15),
        Festival::Qingming => solar_term(year, 6),
        Festival::DragonBoat => lunar(5, 5),
        Festival::Qixi => lunar(7, 7),
        Festival::MidAutumn => lunar(8, 15),
        Festival::DoubleNinth => lunar(9, 9),
        Festival::Laba => [year - 1, year]
            .into_iter()
            .filter_map(|y| lunar_to_solar(y, 12, false, 8))
            .find(|d| d.year() == year),
        Festival::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
    }
}

/// The official days off around a festival in a Gregorian year: the published schedule where the
/// table has it (2001–2026), else the usual pattern; `None` if the festival is no public holiday.
pub fn holiday_period(year: i32, festival: Festival) -> Option<(NaiveDate, NaiveDate)> {
    let key = festival.holiday_key()?;
    let t = &TABLES.holidays;
    if let Some(p) = t.get(&(year, key)) {
        return Some(*p);
    }
    // 国庆 and 中秋 joined into one break in some years.
    if matches!(key, "国庆" | "中秋")
        && let Some(p) = t.get(&(year, "国庆中秋"))
    {
        return Some(*p);
    }
    let day = festival_day(year, festival)?;
    let years: Vec<i32> = t.keys().map(|(y, _)| *y).collect();
    let in_table = years.iter().min().is_some_and(|&lo| year >= lo)
        && years.iter().max().is_some_and(|&hi| year <= hi);
    if in_table {
        // The table covers this year but the festival fell inside another break (or none).
        return None;
    }
    let span = |first: NaiveDate, days: i64| Some((first, first + Duration::days(days - 1)));
    match key {
        "春节" => span(festival_day(year, Festival::NewYearsEve)?, 7),
        "国庆" => span(day, 7),
        "劳动节" => span(day, 5),
        _ => span(day, 1),
    }
}

/// The day of solar term `index` (0 = 小寒 … 6 = 清明 … 23 = 冬至) in a Gregorian year.
pub fn solar_term(year: i32, index: usize) -> Option<NaiveDate> {
    TABLES.terms.get(&year)?.get(index).copied()
}

/// Era anchors (`十八大` → `2012-11`), longest names first.
pub fn anchors() -> &'static [(&'static str, &'static str)] {
    &TABLES.anchors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn spring_festival_on_known_dates() {
        for (year, expected) in [
            (1949, "1949-01-29"),
            (1950, "1950-02-17"),
            (2000, "2000-02-05"),
            (2019, "2019-02-05"),
            (2024, "2024-02-10"),
            (2100, "2100-02-09"),
        ] {
            assert_eq!(
                festival_day(year, Festival::LunarNewYear),
                Some(day(expected)),
                "{year}"
            );
        }
    }

    #[test]
    fn lunar_festivals_and_qingming_on_known_dates() {
        assert_eq!(
            festival_day(2024, Festival::MidAutumn),
            Some(day("2024-09-17"))
        );
        assert_eq!(
            festival_day(2024, Festival::DragonBoat),
            Some(day("2024-06-10"))
        );
        assert_eq!(
            festival_day(2024, Festival::NewYearsEve),
            Some(day("2024-02-09"))
        );
        assert_eq!(
            festival_day(2024, Festival::Qingming),
            Some(day("2024-04-04"))
        );
        assert_eq!(
            festival_day(2023, Festival::DoubleNinth),
            Some(day("2023-10-23"))
        );
        assert_eq!(festival_day(2024, Festival::Laba), Some(day("2024-01-18")));
        // A leap month: 2023 had a leap second month (闰二月), starting 2023-03-22.
        assert_eq!(lunar_to_solar(2023, 2, true, 1), Some(day("2023-03-22")));
        assert_eq!(lunar_to_solar(2023, 3, false, 1), Some(day("2023-04-20")));
    }

    #[test]
    fn official_holiday_periods() {
        assert_eq!(
            holiday_period(2024, Festival::Fixed(10, 1)),
            Some((day("2024-10-01"), day("2024-10-07")))
        );
        assert_eq!(
            holiday_period(2023, Festival::Fixed(10, 1)),
            Some((day("2023-09-29"), day("2023-10-06")))
        );
        assert_eq!(
            holiday_period(2024, Festival::LunarNewYear),
            Some((day("2024-02-10"), day("2024-02-17")))
        );
        assert_eq!(holiday_period(2024, Festival::Qixi), None);
    }

    #[test]
    fn tables_cover_1949_to_2100() {
        assert!((1948..=2100).all(|y| TABLES.lunar.contains_key(&y)));
        assert!((1949..=2100).all(|y| TABLES.terms.contains_key(&y)));
        assert!(
            anchors()
                .iter()
                .any(|(n, v)| *n == "十八大" && *v == "2012-11")
        );
    }
}
