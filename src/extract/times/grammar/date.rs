//! Calendar dates: [year] [month] [day] [part of day] [clock] in order, each optional (2024年11月4日
//! 上午10时, 去年7月, 昨天, 次日), and weekdays and weeks (周三, 上星期五, 本周).

use super::{DayVal, Hit, Parts, Pos, Val};
use crate::extract::times::numeral::{self, NumKind};
use crate::extract::times::scan::Scanner;
use crate::extract::times::words::{ANCHOR_DAYS, REL_DAYS, REL_MONTHS, REL_YEARS};
use crate::extract::times::{Precision, add_months, shift_days, shift_year};
use chrono::Datelike as _;

/// A month: its end, the month, and the year a relative word (`上个月`) gives, `None` in the year
/// when it needs the missing reference date.
type MonthMatch = (usize, u32, Option<(Option<i32>, bool)>);

impl Scanner<'_> {
    /// A date and time: [year] [month] [day] [part of day] [clock], each optional but in order;
    /// or a year followed by a half, quarter, season or festival.
    pub(super) fn date_chain_at(&self, i: usize) -> Option<Hit> {
        let mut p = Parts::default();
        let mut j = i;
        let mut any = false;
        if let Some((e, year, unknown)) = self.year_at(j) {
            p.year = year;
            p.year_given = true;
            p.unknown |= unknown;
            p.counted = self.year_before_at(j).is_some();
            j = e;
            any = true;
            // After a year: halves, quarters, seasons, festivals, solar terms, 前N个月, lunar dates.
            if let Some(hit) = self.year_sub_at(j, &p).or_else(|| self.lunar_at(j, &p)) {
                return Some(hit);
            }
            if let Some(hit) = self.months_of_year_at(j, &p) {
                return Some(hit);
            }
            // 去年全年, 2020年全年: the whole of the year named (not 全年级, the whole grade).
            if let Some(e) = self.lit(j, "全年")
                && self.at(e) != Some('级')
            {
                return Some(Hit::new(e, Val::Date(p)));
            }
            let after_year = self.lit(j, "年").unwrap_or(j);
            // 2015年年中组建: after a repeated 年, 中 is the middle of the year whatever follows.
            let repeated_mid = (after_year > j)
                .then(|| self.lit(after_year, "中").map(|e| (e, Pos::Mid)))
                .flatten();
            if let Some((e, pos)) = self.position_at(after_year, false).or(repeated_mid) {
                let mut hit = Hit::new(e, Val::Date(p));
                hit.pos = Some(pos);
                return Some(hit);
            }
        } else if let Some(hit) = self.year_sub_at(i, &p) {
            return Some(hit);
        }
        let year_given = any;
        if let Some((e, month, year_shift)) = self.month_at(j, year_given) {
            p.month = Some(month);
            p.counted |= self.month_before_named(j).is_some();
            if let Some((y, unknown)) = year_shift {
                p.year = y;
                p.year_given = true;
                p.unknown |= unknown;
            }
            j = e;
            any = true;
            if let Some((e, pos)) = self.position_at(j, true) {
                let mut hit = Hit::new(e, Val::Date(p));
                hit.pos = Some(pos);
                return Some(hit);
            }
        }
        let month_known = p.month.is_some();
        if let Some((e, day)) = self.day_at(j, month_known, year_given) {
            match day {
                DayVal::Day(d) => p.day = Some(d),
                DayVal::Date(date, part) => {
                    match date {
                        Some(d) => p.set_date(d),
                        None => p.unknown = true,
                    }
                    p.part = part;
                }
            }
            j = e;
            any = true;
        } else if !any && let Some(hit) = self.weekday_at(i) {
            // 本周五晚8点: a weekday takes a part of the day and a clock as a date does.
            match hit.val {
                Val::Date(parts) => {
                    p = parts;
                    j = hit.end;
                    any = true;
                }
                _ => return Some(hit),
            }
        }
        let had_day = p.day.is_some() || p.unknown && any;
        // Part of day, then clock.
        let part_start = j;
        if let Some((e, code)) = self
            .part_at(j, had_day)
            .or_else(|| self.part_before_clock(j))
        {
            p.part = Some(code);
            j = e;
        }
        let after_part = p.part.is_some() && j > part_start || p.part.is_some() && had_day;
        if let Some((e, h, m)) = self.clock_at(j, had_day || after_part, p.part.is_some()) {
            p.hour = Some(h);
            p.minute = m;
            j = e;
        }
        if j == i {
            return None;
        }
        // A bare year or month alone never comes from here without its unit, so `any` or a clock.
        if !any && !p.has_clock() {
            return None;
        }
        Some(Hit::new(j, Val::Date(p)))
    }

    /// A range of months without a year after a year (2024年1至6月, 去年1—9月): the months of
    /// that year.
    fn months_of_year_at(&self, j: usize, year: &Parts) -> Option<Hit> {
        self.num(j)?;
        let hit = self.range_at(j)?;
        let Val::Range(mut a, mut b) = hit.val else {
            return None;
        };
        let months_only = |p: &Parts| p.month.is_some() && p.day.is_none() && !p.has_clock();
        if a.year.is_some() || b.year.is_some() || !months_only(&a) || !months_only(&b) {
            return None;
        }
        for end in [&mut a, &mut b] {
            end.year = year.year;
            end.year_given = true;
            end.unknown |= year.unknown;
        }
        Some(Hit::new(hit.end, Val::Range(a, b)))
    }

    /// A year: `2024年`, `二〇二四年`, `今年`, `去年`, `同年`. Returns (end, year, unknown).
    fn year_at(&self, j: usize) -> Option<(usize, Option<i32>, bool)> {
        let words = &self.lex.words;
        if let Some(n) = self.num(j)
            && n.is_four_digits()
            && let Some(v) = n.whole()
            && (1000..=2200).contains(&v)
            && let Some(e) = self.lit(n.end, "年")
        {
            // 2024年级, 3年期 (a term); 1945年期间 is the year.
            if words.year_next.holds(self.at(e)) && self.lit(e, "期间").is_none() {
                return None;
            }
            let e = self.lit(e, "度").unwrap_or(e);
            return Some((e, Some(v as i32), false));
        }
        if let Some((e, shift)) = self.lit_any(j, REL_YEARS) {
            if words.relative_year_next.holds(self.at(e)) {
                return None;
            }
            let e = self.lit(e, "度").unwrap_or(e);
            // 明年 of 9999 is no year: unknown, as without a reference.
            return Some(
                match self
                    .reference
                    .and_then(|r| shift_year(r.year(), shift.into()))
                {
                    Some(y) => (e, Some(y), false),
                    None => (e, None, true),
                },
            );
        }
        for (w, shift) in [("当年", 0), ("同年", 0), ("次年", 1), ("翌年", 1)] {
            if let Some(e) = self.lit(j, w) {
                // Only when a year was named before; `当年` alone is "back then".
                let year = shift_year(self.last_year?, shift)?;
                return Some((e, Some(year), false));
            }
        }
        self.year_before_at(j)
    }

    /// A date written in digits with one separator throughout: 2024-11-04, 2024/11/4, 2024.11.4
    /// (as crawled pages and tables write them). Not inside a longer token (v2024-11-04-1, IP
    /// addresses, 2024.11.4.5).
    pub(super) fn numeric_date_at(&self, i: usize) -> Option<Hit> {
        const SEPARATORS: &str = "-/.－／．";
        let digits_at = |j: usize, max: usize| -> Option<(usize, u32)> {
            let mut k = j;
            let mut v = 0;
            while k < j + max
                && let Some(d) = self.at(k).and_then(numeral::arabic_digit)
            {
                v = v * 10 + d;
                k += 1;
            }
            (k > j).then_some((k, v))
        };
        if self.before(i).is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || numeral::arabic_digit(c).is_some()
                || SEPARATORS.contains(c)
        }) {
            return None;
        }
        let (e, year) = digits_at(i, 4).filter(|&(e, _)| e == i + 4)?;
        let sep = self.at(e).filter(|c| SEPARATORS.contains(*c))?;
        let (e, month) = digits_at(e + 1, 2)?;
        if self.at(e) != Some(sep) {
            return None;
        }
        let (e, day) = digits_at(e + 1, 2)?;
        let next = self.at(e);
        let glued = next
            .is_some_and(|c| c.is_ascii_alphanumeric() || numeral::arabic_digit(c).is_some())
            || next.is_some_and(|c| SEPARATORS.contains(c))
                && self.at(e + 1).and_then(numeral::arabic_digit).is_some();
        if glued || !(1000..=2200).contains(&year) {
            return None;
        }
        let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
        Some(Hit::new(e, Val::Date(Parts::from_date(date))))
    }

    /// 公元前221年 (`BC0221`, as TIMEX3 writes years before the common era), 公元618年 (`0618`),
    /// 公元2024年5月 (the date after 公元).
    pub(super) fn common_era_at(&self, i: usize) -> Option<Hit> {
        let e = self.lit(i, "公元")?;
        let (j, before) = match self.lit(e, "前") {
            Some(k) => (k, true),
            None => (e, false),
        };
        let n = self.num(j)?;
        let v = n.whole().filter(|v| (1..=9999).contains(v))?;
        let end = self.lit(n.end, "年")?;
        if before {
            return Some(Hit::new(
                end,
                Val::Final(format!("BC{v:04}"), Precision::Year),
            ));
        }
        if let Some(hit) = self.date_chain_at(j).filter(|h| h.end >= end) {
            return Some(hit);
        }
        let p = Parts {
            year: i32::try_from(v).ok(),
            year_given: true,
            ..Parts::default()
        };
        Some(Hit::new(end, Val::Date(p)))
    }

    /// 上年, 上一年, 前一年: the year before the one this sentence, or else the one before, is
    /// about (its first year: 2022年……比上年增长 → 2021); without one, 上年 is the year before
    /// the reference year.
    fn year_before_at(&self, j: usize) -> Option<(usize, Option<i32>, bool)> {
        let (e, w) = ["上一年", "前一年", "上年"]
            .iter()
            .find_map(|w| self.lit(j, w).map(|e| (e, *w)))?;
        if self.lex.words.relative_year_next.holds(self.at(e)) {
            return None;
        }
        let e = self.lit(e, "度").unwrap_or(e);
        let named = self.topic_year.or(self.prev_year);
        let year = match (named, self.reference) {
            (Some(y), _) => shift_year(y, -1),
            // 前一年 of nothing named is a count (前一年免租).
            _ if w == "前一年" => return None,
            (None, Some(r)) => shift_year(r.year(), -1),
            (None, None) => None,
        };
        Some((e, year, year.is_none()))
    }

    /// A month: `11月`, `十一月`, `本月`, `上个月`, `次月`.
    fn month_at(&self, j: usize, year_given: bool) -> Option<MonthMatch> {
        let words = &self.lex.words;
        if let Some(n) = self.num(j)
            && !matches!(
                n.kind,
                NumKind::Arabic { decimal: true, .. } | NumKind::ChineseSeq { .. }
            )
            && let Some(v) = n.whole()
            && (1..=12).contains(&v)
            && let Some(e) = self.lit(n.end, "月")
        {
            if words.month_next.holds(self.at(e)) {
                return None;
            }
            let e = self.lit(e, "份").unwrap_or(e);
            return Some((e, v, None));
        }
        if year_given {
            return None;
        }
        if let Some((e, shift)) = self.lit_any(j, REL_MONTHS) {
            if words.relative_month_next.holds(self.at(e)) {
                return None;
            }
            if let Some((y, m)) = self.month_before_named(j) {
                return Some((e, m, Some((Some(y), false))));
            }
            return Some(match self.reference.and_then(|r| add_months(r, shift)) {
                Some(d) => (e, d.month(), Some((Some(d.year()), false))),
                None => (e, 1, Some((None, true))),
            });
        }
        for (w, shift) in [("当月", 0), ("同月", 0), ("次月", 1)] {
            if let Some(e) = self.lit(j, w) {
                // 首次月背着陆: 次 belongs to 首次.
                if words.anchored_month_prev.holds(self.before(j)) {
                    return None;
                }
                let base = self.last_day.or(self.reference)?;
                let d = add_months(base, shift)?;
                return Some((e, d.month(), Some((Some(d.year()), false))));
            }
        }
        None
    }

    /// 上月 after a month the sentence names (10月份，……环比上月): the month before it.
    fn month_before_named(&self, j: usize) -> Option<(i32, u32)> {
        self.lit(j, "上月")?;
        let (y, m) = self.sentence_month?;
        Some(if m == 1 {
            (shift_year(y, -1)?, 12)
        } else {
            (y, m - 1)
        })
    }

    /// A day: `4日`, `14号` (with a month or a time of that day), `昨天`, `今起`, `次日`.
    fn day_at(&self, j: usize, month_known: bool, year_given: bool) -> Option<(usize, DayVal)> {
        if let Some(n) = self.num(j)
            && !matches!(
                n.kind,
                NumKind::Arabic { decimal: true, .. } | NumKind::ChineseSeq { .. }
            )
            && let Some(v) = n.whole()
            && (1..=31).contains(&v)
        {
            let unit = self.at(n.end)?;
            let e = n.end + 1;
            let words = &self.lex.words;
            let ok = match unit {
                '日' => !words.day_next.holds(self.at(e)),
                // 14号凌晨, 30号当天, 普京8号表示: a bare day with 号 only where a date stands.
                '号' => {
                    month_known
                        || n.is_arabic()
                            && (self.part_at(e, true).is_some()
                                || self.lit_first(e, &words.day_number_cues).is_some()
                                || self.clock_at(e, true, false).is_some()
                                || self.bare_number_day(j, e))
                }
                _ => false,
            };
            // A bare Chinese-numeral day (三日) is often a count: a date only where one stands.
            let chinese_bare = !n.is_arabic() && !month_known;
            if ok && (!chinese_bare || self.bare_chinese_day(j, e, v)) {
                return Some((e, DayVal::Day(v)));
            }
            return None;
        }
        if month_known || year_given {
            return None;
        }
        if let Some((e, &(_, shift, part))) = self.longest(j, REL_DAYS, |t| t.0) {
            if self.lit(j, "昨").is_some()
                && e == j + 1
                && self.at(e).is_some_and(|c| "天日晚夜晨".contains(c))
            {
                return None;
            }
            let date = self.reference.and_then(|r| shift_days(r, shift));
            return Some((e, DayVal::Date(date, part)));
        }
        if let Some(e) = self.lit(j, "今")
            && matches!(self.at(e), Some('起'))
        {
            return Some((e, DayVal::Date(self.reference, None)));
        }
        let (e, &(_, shift, sentence_only, part)) = self.longest(j, ANCHOR_DAYS, |t| t.0)?;
        let base = if sentence_only {
            self.sentence_day.or(self.prev_day).or(self.reference)
        } else {
            self.sentence_day.or(self.last_day).or(self.reference)
        };
        Some((
            e,
            DayVal::Date(base.and_then(|b| shift_days(b, shift)), part),
        ))
    }

    /// Whether a bare Arabic day with 号 (`j..e`) dates a clause, as broadcast copy writes it: a
    /// verb or preposition of `day_number.verb` follows (普京8号表示, 5号在, 26号的袭击); or,
    /// unless a numbered thing's noun follows (3号机组), it opens a clause (23号，; ：11号伊朗),
    /// follows 时间 or a preposition of `bare_day.prev` (当地时间8号, 截至7号, 于4号), stands in
    /// brackets (今天(13号)), or ends a range after another such day (21号到27号, also before 和).
    /// Never after a numbered thing's char (卫星1号已, 3号楼).
    fn bare_number_day(&self, j: usize, e: usize) -> bool {
        let words = &self.lex.words;
        let before = self.before(j);
        if words.day_number_prev.holds(before) {
            return false;
        }
        if self.lit_first(e, &words.day_number_nouns).is_some() || self.numbered_range_end(e) {
            return false;
        }
        if self.lit_first(e, &words.day_number_verbs).is_some() {
            return true;
        }
        if self.after_day_connector(j) {
            return true;
        }
        // 17号和22号举行 lists days, 9号和10号台风 numbered things: the list's last item tells.
        let next = self.at(e);
        if matches!(next, Some('和' | '、' | '及')) {
            return self.list_ends_in_a_day(e);
        }
        self.clause_start(j)
            || words.bare_day_prev.holds(before)
            || j.checked_sub(2).and_then(|k| self.lit(k, "时间")) == Some(j)
            || matches!(before, Some('(' | '（')) && matches!(next, Some(')' | '）'))
    }

    /// Whether the list of bare days going on at `e` (和, 、 or 及 then `N号`, a few times) ends in
    /// a day a verb follows (17号、18号和22号举行).
    fn list_ends_in_a_day(&self, mut e: usize) -> bool {
        const MAX_ITEMS: usize = 8;
        for _ in 0..MAX_ITEMS {
            if !matches!(self.at(e), Some('和' | '、' | '及')) {
                return false;
            }
            let Some(n) = self
                .num(e + 1)
                .filter(|n| n.whole().is_some_and(|d| (1..=31).contains(&d)))
            else {
                return false;
            };
            let Some(k) = self.lit(n.end, "号") else {
                return false;
            };
            if self
                .lit_first(k, &self.lex.words.day_number_verbs)
                .is_some()
            {
                return true;
            }
            e = k;
        }
        false
    }

    /// Whether a connector at `e` leads to a numbered thing (1号至4号机组): the range is of things.
    fn numbered_range_end(&self, e: usize) -> bool {
        self.connector_at(e)
            .and_then(|k| self.num(k))
            .and_then(|n| self.lit(n.end, "号"))
            .is_some_and(|k| {
                self.lit_first(k, &self.lex.words.day_number_nouns)
                    .is_some()
            })
    }

    /// Whether a range connector stands right before `j` after a day with 号 or 日 (21号到|27号).
    fn after_day_connector(&self, j: usize) -> bool {
        (1..=2).any(|len| {
            j.checked_sub(len).is_some_and(|c| {
                self.connector_at(c) == Some(j)
                    && c.checked_sub(1)
                        .is_some_and(|d| matches!(self.at(d), Some('号' | '日')))
            })
        })
    }

    /// Whether a Chinese-numeral day without a month (`j..e`, ending in 日 or 号) is a date, not a
    /// count (历时三日, 两日内): a time of that day follows (十二日上午, 十二日电, 十二日起, 三十日至下月
    /// 二日), or it opens a clause before a comma (十二日，), or a preposition stands before it
    /// (于十二日). 一日 and 两日 only with a time of that day after them.
    fn bare_chinese_day(&self, j: usize, e: usize, day: u32) -> bool {
        let words = &self.lex.words;
        let time_follows = self.part_at(e, true).is_some()
            || self.clock_at(e, true, false).is_some()
            || self.lit_first(e, &words.bare_day_cues).is_some()
            || self.connector_at(e).is_some();
        if time_follows {
            return true;
        }
        if day == 1 || self.at(j) == Some('两') || self.at(e) == Some('内') {
            return false;
        }
        let clause = self.clause_start(j) && matches!(self.at(e), Some('，' | '、' | ','));
        clause || words.bare_day_prev.holds(self.before(j))
    }

    /// Days `first..=last` (0 = Monday) of the week `weeks` after the reference date's, as an
    /// interval ending the hit at `end` (本周: 0..=6, 本周末: 5..=6); empty without a reference.
    fn days_of_week(&self, end: usize, weeks: i64, first: i64, last: i64) -> Hit {
        let v = self.reference.and_then(|r| {
            let back = i64::from(r.weekday().num_days_from_monday());
            let from = shift_days(r, 7 * weeks - back + first)?;
            Some(format!("{from}/{}", shift_days(from, last - first)?))
        });
        Hit::new(end, Val::Final(v.unwrap_or_default(), Precision::Interval))
    }

    /// 周三, 星期五, 上周一, 下星期天; 本周, 上周 as a range of days.
    fn weekday_at(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut weeks = 0i64;
        for (w, shift) in [
            ("上个", -1),
            ("下个", 1),
            ("这个", 0),
            ("上", -1),
            ("下", 1),
            ("本", 0),
            ("这", 0),
        ] {
            if let Some(e) = self.lit(j, w)
                && (self.lit(e, "周").is_some() || self.lit(e, "星期").is_some())
            {
                weeks = shift;
                j = e;
                break;
            }
        }
        let relative_week = j > i;
        let e = self.lit(j, "星期").or_else(|| self.lit(j, "周"))?;
        let words = &self.lex.words;
        let wd = match self.at(e)? {
            '一' => 0,
            '二' => 1,
            '三' => 2,
            '四' => 3,
            '五' => 4,
            '六' => 5,
            '日' | '天' if self.lit(j, "星期").is_some() || self.at(e) == Some('日') => 6,
            // 本周末, 上周末, 这个周末: that week's Saturday and Sunday (周末 alone is any weekend).
            '末' if relative_week => {
                // 刚刚过去的这个周末: the weekend just gone.
                let gone = weeks == 0
                    && i.checked_sub(3)
                        .is_some_and(|k| self.lit(k, "过去的") == Some(i));
                return Some(self.days_of_week(e + 1, weeks - i64::from(gone), 5, 6));
            }
            _ => {
                // 本周, 上周, 下周: the week as a range of days.
                if !relative_week || words.week_next.holds(self.at(e)) {
                    return None;
                }
                return Some(self.days_of_week(e, weeks, 0, 6));
            }
        };
        let end = e + 1;
        if words.weekday_next.holds(self.at(end)) {
            return None;
        }
        let Some(r) = self.reference else {
            return Some(Hit::new(end, Val::Date(Parts::unknown())));
        };
        let back = i64::from(r.weekday().num_days_from_monday());
        let mut shift = wd + 7 * weeks - back;
        if !relative_week && shift > 0 && !self.future_cue(i, end) {
            shift -= 7;
        }
        let parts = shift_days(r, shift).map_or_else(Parts::unknown, Parts::from_date);
        Some(Hit::new(end, Val::Date(parts)))
    }
}
