//! Lunar (农历) dates: 农历八月十五, 正月初一, 腊月二十三, 闰二月初一, 大年初二, and a lunar month
//! alone (腊月, 农历七月) as the days it covers. Days are spelled the traditional way (初一 … 初十,
//! 十一 … 三十, 廿一 … 廿九); without 农历, a Chinese-numeral month and day with no 日 (八月十五) is
//! lunar, while 八月十五日 stays Gregorian.

use super::{Hit, Parts, Val};
use crate::extract::times::numeral::{NumKind, chinese_digit};
use crate::extract::times::scan::Scanner;

/// A lunar date as the text gives it, resolved to Gregorian days in `resolve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// The lunar year, when the text names one (2024年农历八月十五).
    pub year: Option<i32>,
    /// The year is a relative word and the reference date is missing.
    pub unknown: bool,
    pub month: u32,
    /// The repeated (闰) month.
    pub leap: bool,
    /// `None`: the whole month.
    pub day: Option<u32>,
}

/// Month names of the lunar calendar that no Gregorian month shares.
const NAMED_MONTHS: [(&str, u32); 3] = [("正月", 1), ("冬月", 11), ("腊月", 12)];

impl Scanner<'_> {
    /// A lunar date or month at `i`, after the year `p` names (if any).
    pub(super) fn lunar_at(&self, i: usize, p: &Parts) -> Option<Hit> {
        let mut j = i;
        let prefixed = match self.lit(i, "农历").or_else(|| self.lit(i, "阴历")) {
            Some(e) => {
                j = e;
                // 农历新年, 农历春节: a festival.
                if let Some(hit) = self.festival_at(e, p.year_given, p.year, p.unknown) {
                    return Some(hit);
                }
                true
            }
            None => false,
        };
        let date = |month, leap, day| LunarDate {
            year: p.year,
            unknown: p.unknown,
            month,
            leap,
            day,
        };
        // 大年初二 … 大年初十: days of the first month (大年三十 is a festival).
        if let Some(e) = self.lit(j, "大年")
            && self.lit(e, "初").is_some()
        {
            let (end, day) = self.lunar_day_at(e, prefixed)?;
            return Some(Hit::new(end, Val::Lunar(date(1, false, Some(day)))));
        }
        let leap_end = self.lit(j, "闰");
        let (month_end, month, named) = self.lunar_month_at(leap_end.unwrap_or(j), prefixed)?;
        let leap = leap_end.is_some();
        match self.lunar_day_at(month_end, prefixed) {
            Some((end, day)) => Some(Hit::new(end, Val::Lunar(date(month, leap, Some(day))))),
            // 腊月, 农历七月, 闰二月: the month.
            None if prefixed || named || leap => {
                if self.lex.words.lunar_month_next.holds(self.at(month_end)) {
                    return None;
                }
                Some(Hit::new(month_end, Val::Lunar(date(month, leap, None))))
            }
            None => None,
        }
    }

    /// A lunar month: 正月, 腊月, 冬月, or a numeral and 月 (Chinese numerals only without 农历).
    /// Returns (end, month, whether the name is lunar only).
    fn lunar_month_at(&self, j: usize, prefixed: bool) -> Option<(usize, u32, bool)> {
        if let Some((e, month)) = self.lit_any(j, &NAMED_MONTHS) {
            // 真正月薪, 希腊月度: the first char ends another word.
            if self.lex.words.lunar_month_prev.holds(self.before(j)) {
                return None;
            }
            return Some((e, month, true));
        }
        let n = self.num(j)?;
        let month = n.whole().filter(|m| (1..=12).contains(m))?;
        // 八月 (Chinese numerals), or with 农历 also 8月.
        let spelled = n.kind == NumKind::Chinese || prefixed && n.is_arabic();
        if !spelled {
            return None;
        }
        Some((self.lit(n.end, "月")?, month, false))
    }

    /// A lunar day: 初一 … 初十, 十一 … 三十, 廿一 … 廿九 (with 农历 also 5日, 十五日). Without 农历,
    /// a day followed by 日 or 号 is a Gregorian date, and one followed by a counted noun a number.
    fn lunar_day_at(&self, j: usize, prefixed: bool) -> Option<(usize, u32)> {
        let (end, day) = if let Some(e) = self.lit(j, "初") {
            let n = self.num(e)?;
            (n.end, n.whole().filter(|d| (1..=10).contains(d))?)
        } else if let Some(e) = self.lit(j, "廿") {
            let d = self.at(e).and_then(chinese_digit).filter(|d| *d > 0)?;
            (e + 1, 20 + d)
        } else {
            let n = self.num(j)?;
            let d = n.whole().filter(|d| (1..=30).contains(d))?;
            let traditional = n.kind == NumKind::Chinese && d > 10;
            if !traditional && !prefixed {
                return None;
            }
            (n.end, d)
        };
        let next = self.at(end);
        if matches!(next, Some('日' | '号')) {
            return prefixed.then_some((end + 1, day));
        }
        if self
            .at(end)
            .is_some_and(|c| chinese_digit(c).is_some() || c == '十')
            || self.lex.words.lunar_day_next.holds(next)
        {
            return None;
        }
        Some((end, day))
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::times::{Precision, TimeLexicon, find_times};

    /// (text, value, precision) of each time in `text`, read on `reference`.
    fn times(text: &str, reference: &str) -> Vec<(String, String, Precision)> {
        let lexicon = TimeLexicon::shipped().expect("shipped time lexicon");
        let day = reference.parse().ok();
        find_times(&lexicon, text, day)
            .into_iter()
            .map(|m| (m.text, m.value, m.precision))
            .collect()
    }

    fn one(text: &str, value: &str) -> Vec<(String, String, Precision)> {
        vec![(text.to_string(), value.to_string(), Precision::Day)]
    }

    #[test]
    fn lunar_days_in_every_spelling() {
        // 2024 lunar year: 正月初一 2024-02-10; 2023 had a leap second month.
        assert_eq!(
            times("正月初十，", "2024-03-01"),
            one("正月初十", "2024-02-19")
        );
        assert_eq!(
            times("腊月廿三，", "2025-01-25"),
            one("腊月廿三", "2025-01-22")
        );
        assert_eq!(
            times("农历八月十五日，", "2024-09-20"),
            one("农历八月十五日", "2024-09-17")
        );
        assert_eq!(
            times("闰二月初一，", "2023-03-25"),
            one("闰二月初一", "2023-03-22")
        );
        assert_eq!(
            times("大年初三，", "2024-02-15"),
            one("大年初三", "2024-02-12")
        );
    }

    #[test]
    fn the_lunar_year_is_the_one_around_the_reference_date() {
        // 腊月 said in January is the month just before the lunar new year.
        assert_eq!(
            times("腊月二十，", "2025-01-05"),
            one("腊月二十", "2025-01-19")
        );
        // Said in late December, 正月初一 is the coming one; in March the one just past.
        assert_eq!(
            times("正月初一，", "2025-12-28"),
            one("正月初一", "2026-02-17")
        );
        assert_eq!(
            times("正月十五，", "2025-03-20"),
            one("正月十五", "2025-02-12")
        );
        // Without a reference date and a year, the value stays empty.
        assert_eq!(times("正月十五，", ""), one("正月十五", ""));
    }

    #[test]
    fn gregorian_dates_and_counts_stay_what_they_are() {
        let found = times("八月十五日，", "2024-11-04");
        assert_eq!(found, one("八月十五日", "2024-08-15"));
        // A count after the day (二十万), a word ending in 正 (真正月薪): no lunar date.
        assert!(times("真正月薪过万", "2024-11-04").is_empty());
        let found = times("八月二十万人次", "2024-11-04");
        assert!(found.iter().all(|(t, _, _)| t == "八月"), "{found:?}");
    }
}
