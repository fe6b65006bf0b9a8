//! The calendar tables of `assets/times/`, read through `crate::lexicon`: the Chinese lunisolar
//! calendar (1948–2100 lunar years), the 24 solar terms (1949–2100), official holiday periods and
//! era anchors; and the festival days computed from them.

use crate::asset_text;
use crate::lexicon::{self, AssetText, LexiconError, Row};
use chrono::{Datelike as _, Duration, NaiveDate};
use std::collections::HashMap;

/// One lunar year: the Gregorian day of 正月初一, its leap month (0 = none) and month lengths in
/// order (a leap month follows the month it repeats).
#[derive(Debug, Clone)]
struct LunarYear {
    new_year: NaiveDate,
    leap_month: u32,
    lengths: Vec<u32>,
}

/// A public holiday as `holidays.tsv` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Holiday {
    NewYear,
    SpringFestival,
    Qingming,
    Labour,
    DragonBoat,
    MidAutumn,
    National,
    /// 中秋 and 国庆 joined into one break.
    NationalMidAutumn,
    VictoryDay,
}

impl Holiday {
    fn from_name(name: &str) -> Option<Holiday> {
        Some(match name {
            "元旦" => Holiday::NewYear,
            "春节" => Holiday::SpringFestival,
            "清明" => Holiday::Qingming,
            "劳动节" => Holiday::Labour,
            "端午" => Holiday::DragonBoat,
            "中秋" => Holiday::MidAutumn,
            "国庆" => Holiday::National,
            "国庆中秋" => Holiday::NationalMidAutumn,
            "抗战胜利日" => Holiday::VictoryDay,
            _ => return None,
        })
    }
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
    /// The festival a key of `festivals.tsv` names: `lunar-new-year`, `mid-autumn` …, or a fixed
    /// Gregorian day `MM-DD`.
    pub fn from_key(key: &str) -> Option<Festival> {
        Some(match key {
            "lunar-new-year" => Festival::LunarNewYear,
            "new-years-eve" => Festival::NewYearsEve,
            "lantern" => Festival::Lantern,
            "qingming" => Festival::Qingming,
            "dragon-boat" => Festival::DragonBoat,
            "qixi" => Festival::Qixi,
            "mid-autumn" => Festival::MidAutumn,
            "double-ninth" => Festival::DoubleNinth,
            "laba" => Festival::Laba,
            _ => {
                let (month, day) = key.split_once('-')?;
                let (month, day) = (month.parse().ok()?, day.parse().ok()?);
                // Any leap year checks the day exists.
                NaiveDate::from_ymd_opt(2024, month, day)?;
                Festival::Fixed(month, day)
            }
        })
    }

    /// The official holiday the festival is, if it is one.
    fn holiday(self) -> Option<Holiday> {
        Some(match self {
            Festival::LunarNewYear | Festival::NewYearsEve => Holiday::SpringFestival,
            Festival::Qingming => Holiday::Qingming,
            Festival::DragonBoat => Holiday::DragonBoat,
            Festival::MidAutumn => Holiday::MidAutumn,
            Festival::Fixed(1, 1) => Holiday::NewYear,
            Festival::Fixed(5, 1) => Holiday::Labour,
            Festival::Fixed(10, 1) => Holiday::National,
            _ => return None,
        })
    }
}

/// The calendar tables, parsed.
#[derive(Debug, Clone)]
pub struct Calendar {
    lunar: HashMap<i32, LunarYear>,
    terms: HashMap<i32, [NaiveDate; 24]>,
    holidays: HashMap<(i32, Holiday), (NaiveDate, NaiveDate)>,
    /// The first and last year of the holiday table.
    holiday_years: Option<(i32, i32)>,
    /// Era anchors (`十八大` → `2012-11`), longest names first.
    anchors: Vec<(String, String)>,
}

impl Calendar {
    /// The tables shipped in `assets/times/`.
    pub fn shipped() -> Result<Calendar, LexiconError> {
        Calendar::parse(
            asset_text!("times/lunar.tsv"),
            asset_text!("times/solar-terms.tsv"),
            asset_text!("times/holidays.tsv"),
            asset_text!("times/anchors.tsv"),
        )
    }

    fn parse(
        lunar: AssetText,
        terms: AssetText,
        holidays: AssetText,
        anchors: AssetText,
    ) -> Result<Calendar, LexiconError> {
        let holidays = parse_holidays(holidays)?;
        let years = holidays.keys().map(|(year, _)| *year);
        let holiday_years = years.clone().min().zip(years.max());
        Ok(Calendar {
            lunar: parse_lunar(lunar)?,
            terms: parse_terms(terms)?,
            holidays,
            holiday_years,
            anchors: parse_anchors(anchors)?,
        })
    }

    /// The Gregorian day of a lunar date (`leap` for the repeated month), 1948–2100 lunar years.
    pub fn lunar_to_solar(
        &self,
        lunar_year: i32,
        month: u32,
        leap: bool,
        day: u32,
    ) -> Option<NaiveDate> {
        let (first, last) = self.lunar_month(lunar_year, month, leap)?;
        let date = first + Duration::days(i64::from(day.checked_sub(1)?));
        (date <= last).then_some(date)
    }

    /// The first and last Gregorian day of a lunar month (`leap` for the repeated month).
    pub fn lunar_month(
        &self,
        lunar_year: i32,
        month: u32,
        leap: bool,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let y = self.lunar.get(&lunar_year)?;
        if !(1..=12).contains(&month) || (leap && y.leap_month != month) {
            return None;
        }
        // Index of the month in the year's month list.
        let mut index = (month - 1) as usize;
        if y.leap_month != 0 && (month > y.leap_month || (leap && month == y.leap_month)) {
            index += 1;
        }
        let length = *y.lengths.get(index)?;
        let offset: u32 = y.lengths.get(..index)?.iter().sum();
        let first = y.new_year + Duration::days(i64::from(offset));
        Some((first, first + Duration::days(i64::from(length) - 1)))
    }

    /// The day of a festival in a Gregorian year.
    pub fn festival_day(&self, year: i32, festival: Festival) -> Option<NaiveDate> {
        let lunar = |m, d| self.lunar_to_solar(year, m, false, d);
        match festival {
            Festival::LunarNewYear => lunar(1, 1),
            Festival::NewYearsEve => lunar(1, 1).map(|d| d - Duration::days(1)),
            Festival::Lantern => lunar(1, 15),
            Festival::Qingming => self.solar_term(year, 6),
            Festival::DragonBoat => lunar(5, 5),
            Festival::Qixi => lunar(7, 7),
            Festival::MidAutumn => lunar(8, 15),
            Festival::DoubleNinth => lunar(9, 9),
            Festival::Laba => [year - 1, year]
                .into_iter()
                .filter_map(|y| self.lunar_to_solar(y, 12, false, 8))
                .find(|d| d.year() == year),
            Festival::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        }
    }

    /// The official days off around a festival in a Gregorian year: the published schedule where
    /// the table has it (2001–2026), else the usual pattern; `None` if the festival is no public
    /// holiday.
    pub fn holiday_period(&self, year: i32, festival: Festival) -> Option<(NaiveDate, NaiveDate)> {
        let holiday = festival.holiday()?;
        let t = &self.holidays;
        if let Some(p) = t.get(&(year, holiday)) {
            return Some(*p);
        }
        // 国庆 and 中秋 joined into one break in some years.
        if matches!(holiday, Holiday::National | Holiday::MidAutumn)
            && let Some(p) = t.get(&(year, Holiday::NationalMidAutumn))
        {
            return Some(*p);
        }
        let day = self.festival_day(year, festival)?;
        if self
            .holiday_years
            .is_some_and(|(first, last)| (first..=last).contains(&year))
        {
            // The table covers this year but the festival fell inside another break (or none).
            return None;
        }
        let span = |first: NaiveDate, days: i64| Some((first, first + Duration::days(days - 1)));
        match holiday {
            Holiday::SpringFestival => span(self.festival_day(year, Festival::NewYearsEve)?, 7),
            Holiday::National => span(day, 7),
            Holiday::Labour => span(day, 5),
            _ => span(day, 1),
        }
    }

    /// The day of solar term `index` (0 = 小寒 … 6 = 清明 … 23 = 冬至) in a Gregorian year.
    pub fn solar_term(&self, year: i32, index: usize) -> Option<NaiveDate> {
        self.terms.get(&year)?.get(index).copied()
    }

    /// Era anchors (`十八大` → `2012-11`), longest names first.
    pub fn anchors(&self) -> &[(String, String)] {
        &self.anchors
    }
}

fn parse_lunar(asset: AssetText) -> Result<HashMap<i32, LunarYear>, LexiconError> {
    let mut years = HashMap::new();
    for row in lexicon::table(asset, 4, 4)? {
        let leap_month: u32 = row.parse(2, "leap month")?;
        let lengths = row
            .field(3)
            .chars()
            .map(|c| match c {
                '1' => Ok(30),
                '0' => Ok(29),
                _ => Err(row.error(format!("bad month length `{c}`"))),
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let expected = if leap_month == 0 { 12 } else { 13 };
        if leap_month > 12 || lengths.len() != expected {
            return Err(row.error(format!(
                "{} month lengths with leap month {leap_month}",
                lengths.len()
            )));
        }
        let year = LunarYear {
            new_year: row.parse(1, "new year day")?,
            leap_month,
            lengths,
        };
        years.insert(row.parse(0, "lunar year")?, year);
    }
    Ok(years)
}

fn parse_terms(asset: AssetText) -> Result<HashMap<i32, [NaiveDate; 24]>, LexiconError> {
    let mut years = HashMap::new();
    for row in lexicon::table(asset, 25, 25)? {
        let year: i32 = row.parse(0, "year")?;
        let mut days = [NaiveDate::MIN; 24];
        for (i, day) in days.iter_mut().enumerate() {
            let mmdd: u32 = row.parse(i + 1, "MMDD day")?;
            *day = NaiveDate::from_ymd_opt(year, mmdd / 100, mmdd % 100)
                .ok_or_else(|| row.error(format!("no day {mmdd} in {year}")))?;
        }
        years.insert(year, days);
    }
    Ok(years)
}

type HolidayTable = HashMap<(i32, Holiday), (NaiveDate, NaiveDate)>;

fn parse_holidays(asset: AssetText) -> Result<HolidayTable, LexiconError> {
    let mut periods = HashMap::new();
    for row in lexicon::table(asset, 4, 4)? {
        let holiday = Holiday::from_name(row.field(1))
            .ok_or_else(|| row.error(format!("unknown holiday `{}`", row.field(1))))?;
        let period = (row.parse(2, "first day")?, row.parse(3, "last day")?);
        periods.insert((row.parse(0, "year")?, holiday), period);
    }
    Ok(periods)
}

fn parse_anchors(asset: AssetText) -> Result<Vec<(String, String)>, LexiconError> {
    let mut anchors = lexicon::table(asset, 2, 3)?
        .iter()
        .map(|row: &Row| {
            let value = row.field(1);
            if super::value_range(value).is_none() {
                return Err(row.error(format!("bad value `{value}`")));
            }
            Ok((row.field(0).to_string(), value.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Longest names first, so `十八届三中全会` wins over a shorter name it contains.
    anchors.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
    Ok(anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn shipped() -> Calendar {
        Calendar::shipped().expect("shipped calendar tables")
    }

    #[test]
    fn spring_festival_on_known_dates() {
        let c = shipped();
        for (year, expected) in [
            (1949, "1949-01-29"),
            (1950, "1950-02-17"),
            (2000, "2000-02-05"),
            (2019, "2019-02-05"),
            (2024, "2024-02-10"),
            (2100, "2100-02-09"),
        ] {
            assert_eq!(
                c.festival_day(year, Festival::LunarNewYear),
                Some(day(expected)),
                "{year}"
            );
        }
    }

    #[test]
    fn lunar_festivals_and_qingming_on_known_dates() {
        let c = shipped();
        assert_eq!(
            c.festival_day(2024, Festival::MidAutumn),
            Some(day("2024-09-17"))
        );
        assert_eq!(
            c.festival_day(2024, Festival::DragonBoat),
            Some(day("2024-06-10"))
        );
        assert_eq!(
            c.festival_day(2024, Festival::NewYearsEve),
            Some(day("2024-02-09"))
        );
        assert_eq!(
            c.festival_day(2024, Festival::Qingming),
            Some(day("2024-04-04"))
        );
        assert_eq!(
            c.festival_day(2023, Festival::DoubleNinth),
            Some(day("2023-10-23"))
        );
        assert_eq!(
            c.festival_day(2024, Festival::Laba),
            Some(day("2024-01-18"))
        );
        // A leap month: 2023 had a leap second month (闰二月), starting 2023-03-22.
        assert_eq!(c.lunar_to_solar(2023, 2, true, 1), Some(day("2023-03-22")));
        assert_eq!(c.lunar_to_solar(2023, 3, false, 1), Some(day("2023-04-20")));
        assert_eq!(c.lunar_to_solar(2023, 3, true, 1), None);
        assert_eq!(c.lunar_to_solar(2024, 1, false, 0), None);
        assert_eq!(
            c.lunar_month(2023, 2, true),
            Some((day("2023-03-22"), day("2023-04-19")))
        );
        // 腊月 of lunar 2024 ends on the eve of lunar 2025.
        assert_eq!(
            c.lunar_month(2024, 12, false).map(|(_, last)| last),
            Some(day("2025-01-28"))
        );
    }

    #[test]
    fn official_holiday_periods() {
        let c = shipped();
        assert_eq!(
            c.holiday_period(2024, Festival::Fixed(10, 1)),
            Some((day("2024-10-01"), day("2024-10-07")))
        );
        assert_eq!(
            c.holiday_period(2023, Festival::Fixed(10, 1)),
            Some((day("2023-09-29"), day("2023-10-06")))
        );
        assert_eq!(
            c.holiday_period(2024, Festival::LunarNewYear),
            Some((day("2024-02-10"), day("2024-02-17")))
        );
        assert_eq!(c.holiday_period(2024, Festival::Qixi), None);
    }

    #[test]
    fn tables_cover_1949_to_2100() {
        let c = shipped();
        assert!((1948..=2100).all(|y| c.lunar.contains_key(&y)));
        assert!((1949..=2100).all(|y| c.terms.contains_key(&y)));
        assert!(
            c.anchors()
                .iter()
                .any(|(n, v)| n == "十八大" && v == "2012-11")
        );
    }

    #[test]
    fn festival_keys_name_lunar_festivals_and_gregorian_days() {
        assert_eq!(Festival::from_key("mid-autumn"), Some(Festival::MidAutumn));
        assert_eq!(Festival::from_key("10-01"), Some(Festival::Fixed(10, 1)));
        assert_eq!(Festival::from_key("02-30"), None);
        assert_eq!(Festival::from_key("easter"), None);
    }

    #[test]
    fn malformed_rows_fail_with_file_and_line() {
        let asset = |text| AssetText {
            path: "t.tsv",
            text,
        };
        let err = parse_lunar(asset("# header\n1949\t1949-01-29\t0\t10102\n")).unwrap_err();
        assert_eq!(err.to_string(), "bad month length `2`: t.tsv:2");
        let err = parse_holidays(asset("2024\t国庆节\t2024-10-01\t2024-10-07\n")).unwrap_err();
        assert_eq!(err.to_string(), "unknown holiday `国庆节`: t.tsv:1");
        let err = parse_anchors(asset("十八大\t2012-13\n")).unwrap_err();
        assert_eq!(err.to_string(), "bad value `2012-13`: t.tsv:1");
        let err = parse_terms(asset("1949\t0105\n")).unwrap_err();
        assert_eq!(err.line, 1);
    }
}
