//! Periods: decades (90年代), the parts of a year (上半年, 三季度, 前10个月, 今年春季) and the
//! reference year's or month's start, middle and end said alone (年初, 月底, 中旬).

use super::{Hit, Parts, Pos, Val};
use crate::extract::times::numeral::NumKind;
use crate::extract::times::scan::Scanner;
use crate::extract::times::{Precision, days_between, month_last_day, numeral};
use crate::text::is_han;
use chrono::{Datelike as _, NaiveDate};

impl Scanner<'_> {
    /// 90年代, 20世纪90年代, 上世纪八十年代, 1990年代.
    pub(super) fn decade_at(&self, i: usize) -> Option<Hit> {
        let (j, century) = match self.century_word_at(i) {
            Some((e, first, _)) => (e, Some(first)),
            None => (i, None),
        };
        // 上世纪六七十年代: two decades in a row, an interval; otherwise one decade.
        let (e, from, to, precision) = if let (Some(a), Some(b)) = (
            self.at(j).and_then(numeral::chinese_digit),
            self.at(j + 1).and_then(numeral::chinese_digit),
        ) && a >= 1
            && b == a + 1
            && let Some(e) = self.lit(j + 2, "十年代")
        {
            let base = century.unwrap_or(1900);
            let from = base + 10 * a as i32;
            (e, from, from + 19, Precision::Interval)
        } else {
            let n = self.num(j)?;
            let e = self.lit(n.end, "年代")?;
            let v = n.whole()?;
            let start = if n.is_four_digits() {
                (1000..=2200).contains(&v).then_some(v as i32)?
            } else if v < 100 && v % 10 == 0 {
                let base = century.unwrap_or(1900);
                if v == 0 && century.is_none() {
                    return None;
                }
                base + v as i32
            } else {
                return None;
            };
            if start % 10 != 0 {
                return None;
            }
            (e, start, start + 9, Precision::Decade)
        };
        let mut hit = Hit::new(e, Val::Final(format!("{from:04}/{to:04}"), precision));
        if let Some((k, pos)) = self.position_at(e, true) {
            hit.end = k;
            hit.pos = Some(pos);
        }
        Some(hit)
    }

    /// A century as the interval of its years, as TIMEX3 counts them (21世纪 = 2000/2099): 本世纪,
    /// 上世纪 (counted from the reference year: 本世纪末 in 1998 is the 1990s), 20世纪, 十九世纪;
    /// with 初, 中叶, 末 (start, mid, end) or a half (上半叶 2000/2049). A numbered century alone
    /// only before a boundary or a word of `century.tail` (21世纪海上丝绸之路 is a name).
    pub(super) fn century_at(&self, i: usize) -> Option<Hit> {
        let (e, first, relative) = self.century_word_at(i)?;
        for (w, from, to) in [("上半叶", 0, 49), ("下半叶", 50, 99)] {
            if let Some(k) = self.lit(e, w) {
                let value = format!("{:04}/{:04}", first + from, first + to);
                return Some(Hit::new(k, Val::Final(value, Precision::Interval)));
            }
        }
        let pos = [
            ("初叶", Pos::Start),
            ("初期", Pos::Start),
            ("初", Pos::Start),
            ("中叶", Pos::Mid),
            ("中期", Pos::Mid),
            ("末叶", Pos::End),
            ("末期", Pos::End),
            ("末", Pos::End),
        ]
        .into_iter()
        .find_map(|(w, pos)| self.lit(e, w).map(|k| (k, pos)))
        .filter(|&(k, _)| !self.lex.words.start_next.holds(self.at(k)));
        let tail_ok = self.at(e).is_none_or(|c| !is_han(c))
            || self.lit_first(e, &self.lex.words.century_tails).is_some();
        if pos.is_none() && !relative && !tail_ok {
            return None;
        }
        let value = format!("{first:04}/{:04}", first + 99);
        let mut hit = Hit::new(e, Val::Final(value, Precision::Interval));
        if let Some((k, pos)) = pos {
            hit.end = k;
            hit.pos = Some(pos);
        }
        Some(hit)
    }

    /// A century's name at `i`: its end, its first year, and whether it is counted from the
    /// reference year (本世纪, 上世纪; without a reference date, the 2000s are this century).
    fn century_word_at(&self, i: usize) -> Option<(usize, i32, bool)> {
        // Most positions start no century: look for 世纪 before reading words and numbers.
        let window = self
            .s
            .get(i..(i + 8).min(self.sent_end))
            .unwrap_or_default();
        if !window.contains(&'世') {
            return None;
        }
        let this = self
            .reference
            .map_or(2000, |r| r.year().div_euclid(100) * 100);
        for (w, shift) in [
            ("上个世纪", -1),
            ("上世纪", -1),
            ("本世纪", 0),
            ("这个世纪", 0),
            ("下个世纪", 1),
            ("下世纪", 1),
        ] {
            if let Some(e) = self.lit(i, w) {
                return Some((e, this + 100 * shift, true));
            }
        }
        let n = self.num(i)?;
        let v = n.whole().filter(|v| {
            (1..=30).contains(v) && !matches!(n.kind, NumKind::Arabic { decimal: true, .. })
        })?;
        let e = self.lit(n.end, "世纪")?;
        Some((e, (v as i32 - 1) * 100, false))
    }

    /// 年初, 年底, 月底, 上旬 …: the reference year or month and a position.
    pub(super) fn period_word_at(&self, i: usize) -> Option<Hit> {
        let prev = self.before(i);
        let words = &self.lex.words;
        // 青年中, 岁月中: 年/月 is the end of another word.
        let ends_word = match self.at(i) {
            Some('年') => words.year_alone_prev.holds(prev),
            Some('月') => words.month_alone_prev.holds(prev),
            // 上旬, 中旬, 下旬 right after a month belong to it.
            _ => prev == Some('月'),
        };
        let free = prev.is_none_or(|p| {
            !ends_word && !numeral::is_chinese_numeral(p) && numeral::arabic_digit(p).is_none()
        });
        let c = self.at(i)?;
        let (unit_end, year_level) = match c {
            '年' => (i + 1, true),
            '月' => (i + 1, false),
            _ => (i, false),
        };
        if c == '年' || c == '月' {
            if !free {
                return None;
            }
            if c == '年' && self.lit(i, "年内").is_some() {
                return Some(Hit::new(i + 2, Val::Date(self.ref_parts(true))));
            }
        }
        if !matches!(c, '年' | '月') && self.lit(i + 1, "旬").is_none() {
            return None;
        }
        let (e, pos) = self.position_at(unit_end, !year_level)?;
        if c != '年' && c != '月' && !free {
            return None;
        }
        let mut p = self.ref_parts(year_level);
        if self.reference.is_none() {
            p.unknown = true;
        }
        let mut hit = Hit::new(e, Val::Date(p));
        hit.pos = Some(pos);
        Some(hit)
    }

    /// 全年 alone (完成全年目标): the year this sentence or the one before names (去年海关全年立案),
    /// else the reference year; not 全年级 or 安全年.
    pub(super) fn whole_year_alone_at(&self, i: usize) -> Option<Hit> {
        let e = self.lit(i, "全年")?;
        let words = &self.lex.words;
        if words.year_next.holds(self.at(e)) || words.whole_year_prev.holds(self.before(i)) {
            return None;
        }
        let parts = match self.sentence_year.or(self.prev_year) {
            Some(y) => Parts {
                year: Some(y),
                year_given: true,
                ..Parts::default()
            },
            None => self.ref_parts(true),
        };
        Some(Hit::new(e, Val::Date(parts)))
    }

    /// The reference year (or year and month) as parts.
    fn ref_parts(&self, year_only: bool) -> Parts {
        let mut p = Parts {
            year_given: true,
            ..Parts::default()
        };
        match self.reference {
            Some(r) => {
                p.year = Some(r.year());
                if !year_only {
                    p.month = Some(r.month());
                }
            }
            None => p.unknown = true,
        }
        p
    }

    /// After a year (or alone): 上半年, 三季度, 前三季度, 前10个月, 春季, 春节, 清明.
    pub(super) fn year_sub_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        self.half_year_at(j, p)
            .or_else(|| self.first_months_at(j, p))
            .or_else(|| self.quarter_at(j, p))
            .or_else(|| self.season_at(j, p))
            .or_else(|| self.festival_at(j, p.year_given, p.year, p.unknown))
    }

    /// The year of a part of a year the text gives without one: the reference year, or the year
    /// before when the part starts more than half a year ahead or ends over two months ahead.
    fn part_year(
        &self,
        p: &Parts,
        start: Option<(u32, u32)>,
        end: Option<(u32, u32)>,
    ) -> Option<i32> {
        if p.year_given {
            return p.year;
        }
        let r = self.reference?;
        let mut y = r.year();
        if let Some((sm, _)) = start
            && let Some(s) = NaiveDate::from_ymd_opt(y, sm, 1)
            && days_between(r, s) > 183
        {
            y -= 1;
        } else if let Some((em, ed)) = end
            && let Some(e) = NaiveDate::from_ymd_opt(y, em, ed)
            && days_between(r, e) > 60
        {
            y -= 1;
        }
        Some(y)
    }

    /// 上半年 / 下半年.
    fn half_year_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        for (w, first, last) in [("上半年", 1, 6), ("下半年", 7, 12)] {
            if let Some(e) = self.lit(j, w) {
                let y = if p.year_given {
                    p.year
                } else {
                    self.reference.map(|r| r.year())
                };
                let v = y.map(|y| format!("{y:04}-{first:02}/{y:04}-{last:02}"));
                return Some(final_hit(e, v, Precision::Interval, p));
            }
        }
        None
    }

    /// 前三季度, 前10个月: from January.
    fn first_months_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        let e = self.lit(j, "前")?;
        let n = self.num(e)?;
        let v = n.whole()?;
        let (end, last) = if let Some(e2) = self.lit(n.end, "季度") {
            (1..=4).contains(&v).then_some((e2, v * 3))?
        } else if let Some(e2) = self.lit(n.end, "个月") {
            (1..=12).contains(&v).then_some((e2, v))?
        } else {
            return None;
        };
        let end_day = month_last_day(2001, last).map_or(28, |d| d.day());
        let y = self.part_year(p, None, Some((last, end_day)));
        let v = y.map(|y| format!("{y:04}-01/{y:04}-{last:02}"));
        Some(final_hit(end, v, Precision::Interval, p))
    }

    /// Quarters: 第三季度, 三季度, 一季度, 首季度, with a position (三季度末).
    fn quarter_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        let q_start = self.lit(j, "第").unwrap_or(j);
        let (e, q) = if let Some(e) = self
            .lit(q_start, "首季度")
            .or_else(|| self.lit(q_start, "首季"))
        {
            (e, 1)
        } else {
            let n = self.num(q_start)?;
            let v = n.whole().filter(|v| (1..=4).contains(v))?;
            (self.lit(n.end, "季度")?, v)
        };
        let y = self.part_year(p, Some((q * 3 - 2, 1)), None);
        let v = y.map(|y| format!("{y:04}-Q{q}"));
        let mut hit = final_hit(e, v, Precision::Quarter, p);
        if let Some((k, pos)) = self.position_at(e, false) {
            hit.end = k;
            hit.pos = Some(pos);
        }
        Some(hit)
    }

    /// Seasons after a year (2024年春季, 今年夏天, 2019年春, 去年秋冬, 2020年初夏) or alone with a
    /// relative year (今春, 去冬).
    fn season_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        if p.year_given {
            return self.named_year_season_at(j, p);
        }
        // 今冬明春: this winter and the next spring; 去冬今春: last winter and this spring.
        for (w, shift) in [("今冬明春", 0), ("去冬今春", -1)] {
            if let Some(e) = self.lit(j, w) {
                let v = self.reference.map(|r| {
                    let winter_back = shift == 0 && r.month() <= 2;
                    season_value(r.year() + shift - i32::from(winter_back), 12, 3)
                });
                return Some(final_hit(e, v, Precision::Interval, p));
            }
        }
        for (w, shift, first) in [
            ("今春", 0, 3),
            ("今夏", 0, 6),
            ("今秋", 0, 9),
            ("今冬", 0, 12),
            ("去春", -1, 3),
            ("去夏", -1, 6),
            ("去秋", -1, 9),
            ("去冬", -1, 12),
        ] {
            if let Some(e) = self.lit(j, w) {
                let v = self.reference.map(|r| {
                    // Early in the year, this winter began last December.
                    let winter_back = first == 12 && shift == 0 && r.month() <= 2;
                    season_value(r.year() + shift - i32::from(winter_back), first, first)
                });
                return Some(final_hit(e, v, Precision::Interval, p));
            }
        }
        None
    }

    /// A season after a year: [初, 盛, 深 …] 春|夏|秋|冬 [a second season] [季|天] [初|末]. A bare
    /// season char only before a boundary or a qualifier (2019年春，), never opening another word
    /// (2019年春节, 春运, 夏粮, 冬奥会).
    fn named_year_season_at(&self, j: usize, p: &Parts) -> Option<Hit> {
        // The season char: the last of a part (初夏) or the first at `j`.
        let (mut e, mut pos) = match self.lit_any(j, &SEASON_PARTS) {
            Some((e, pos)) => (e - 1, Some(pos)),
            None => (j, None),
        };
        let first = season_month(self.at(e)?)?;
        let mut last = first;
        e += 1;
        // 春夏, 秋冬: two seasons in a row.
        if let Some(second) = self.at(e).and_then(season_month)
            && second == first % 12 + 3
        {
            last = second;
            e += 1;
        }
        let unit = ["季", "天", "两季"].iter().find_map(|w| self.lit(e, w));
        if let Some(k) = unit {
            e = k;
        }
        if pos.is_none()
            && let Some(k) = self.lit(e, "末").or_else(|| self.lit(e, "初"))
            && !self.lex.words.start_next.holds(self.at(k))
        {
            pos = Some(if self.at(e) == Some('末') {
                Pos::End
            } else {
                Pos::Start
            });
            e = k;
        } else if unit.is_none() && !self.season_may_end(e) {
            return None;
        }
        let v = p.year.map(|y| season_value(y, first, last));
        let mut hit = final_hit(e, v, Precision::Interval, p);
        hit.pos = pos;
        Some(hit)
    }

    /// Whether a bare season char may end at `e`: a boundary or a qualifier follows.
    fn season_may_end(&self, e: usize) -> bool {
        let next = self.at(e);
        next.is_none_or(|c| !is_han(c)) || self.lit_first(e, &self.lex.words.season_tails).is_some()
    }
}

/// Words before a season char that place a time inside it (初春, 盛夏, 深秋, 隆冬).
const SEASON_PARTS: [(&str, Pos); 13] = [
    ("初春", Pos::Start),
    ("早春", Pos::Start),
    ("暮春", Pos::End),
    ("晚春", Pos::End),
    ("初夏", Pos::Start),
    ("盛夏", Pos::Mid),
    ("仲夏", Pos::Mid),
    ("初秋", Pos::Start),
    ("深秋", Pos::End),
    ("晚秋", Pos::End),
    ("初冬", Pos::Start),
    ("隆冬", Pos::Mid),
    ("深冬", Pos::Mid),
];

/// The first month of a season named by its char.
fn season_month(c: char) -> Option<u32> {
    match c {
        '春' => Some(3),
        '夏' => Some(6),
        '秋' => Some(9),
        '冬' => Some(12),
        _ => None,
    }
}

/// A hit with a final value, empty when the year is a relative word without a reference date.
fn final_hit(end: usize, value: Option<String>, precision: Precision, p: &Parts) -> Hit {
    let value = if p.unknown { None } else { value };
    Hit::new(end, Val::Final(value.unwrap_or_default(), precision))
}

/// The months of seasons `first` to `last` (first months): spring 03–05, summer 06–08, autumn
/// 09–11, winter 12–02 of the next year.
fn season_value(year: i32, first: u32, last: u32) -> String {
    // Months counted from January of `year`: 冬春 ends in May of the next year.
    let end = if last < first { last + 12 } else { last } + 2;
    let (end_year, end_month) = (year + (end as i32 - 1) / 12, (end - 1) % 12 + 1);
    format!("{year:04}-{first:02}/{end_year:04}-{end_month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasons_run_three_months_and_winter_into_the_next_year() {
        assert_eq!(season_value(2019, 3, 3), "2019-03/2019-05");
        assert_eq!(season_value(2023, 12, 12), "2023-12/2024-02");
        assert_eq!(season_value(2024, 9, 12), "2024-09/2025-02");
        assert_eq!(season_value(2024, 12, 3), "2024-12/2025-05");
        assert_eq!(season_value(2024, 3, 6), "2024-03/2024-08");
    }
}
