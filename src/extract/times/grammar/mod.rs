//! The grammar of time expressions: what it finds at a position before resolution (`Hit`: date
//! parts, a final value, a duration), where a match may open, and the qualifiers around one; its
//! parts read dates, lunar dates, clocks, durations and ranges, named periods, named and vague
//! times.

mod clock;
mod count;
mod date;
mod duration;
mod lunar;
mod named;
mod period;
mod range;
mod vague;

use super::calendar::{Calendar, Festival};
use super::numeral;
use super::scan::Scanner;
use super::words::{self, TimeWords};
use super::{Mod, Precision};
use crate::text::is_han;
use chrono::{Datelike as _, NaiveDate};
use std::collections::HashSet;

pub use lunar::LunarDate;

/// How many chars before a time `in_a_set` looks for a `每`.
const SET_LOOKBACK: usize = 16;

/// Parts of a calendar date or clock time, as far as the text gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub part: Option<&'static str>,
    pub hour: Option<u32>,
    pub minute: Option<u32>,
    /// The year came from the text (a number or a relative word), so it never wraps.
    pub year_given: bool,
    /// A relative word that needs a reference date that is missing.
    pub unknown: bool,
    /// Counted back from the year or month named before (上年, 上月): it names none of its own.
    pub counted: bool,
}

impl Parts {
    pub fn has_clock(&self) -> bool {
        self.hour.is_some() || self.part.is_some()
    }

    /// The highest field the text names (0 year, 1 month, 2 day, 3 clock).
    pub fn top(&self) -> u8 {
        if self.year.is_some() {
            0
        } else if self.month.is_some() {
            1
        } else if self.day.is_some() {
            2
        } else {
            3
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    pub fn set_date(&mut self, d: NaiveDate) {
        self.year = Some(d.year());
        self.month = Some(d.month());
        self.day = Some(d.day());
        self.year_given = true;
    }

    pub fn from_date(d: NaiveDate) -> Parts {
        let mut p = Parts::default();
        p.set_date(d);
        p
    }

    /// Parts the reference date leaves open (a relative word without one).
    pub fn unknown() -> Parts {
        Parts {
            unknown: true,
            ..Parts::default()
        }
    }
}

/// Position inside a period: 初, 中, 底.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Start,
    Mid,
    End,
}

/// The qualifier a position gives a value (`2024年底` = 2024, end).
pub fn pos_mod(pos: Pos) -> Mod {
    match pos {
        Pos::Start => Mod::Start,
        Pos::Mid => Mod::Mid,
        Pos::End => Mod::End,
    }
}

/// What an expression says, before resolution.
#[derive(Debug, Clone)]
pub enum Val {
    Date(Parts),
    /// `a/b` of two dates.
    Range(Parts, Parts),
    Final(String, Precision),
    /// A lunar date or month, resolved with the lunar table.
    Lunar(LunarDate),
    Duration(String),
    Vague,
}

/// A day the text names: a day of a month, or a date counted from another (`昨天`, `次日`) with a
/// part of day.
#[derive(Debug, Clone, Copy)]
pub enum DayVal {
    Day(u32),
    Date(Option<NaiveDate>, Option<&'static str>),
}

/// Units of durations and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

/// An expression the grammar matched: where it ends, what it says, and its qualifiers.
#[derive(Debug, Clone)]
pub struct Hit {
    pub end: usize,
    pub val: Val,
    pub modifier: Mod,
    pub pos: Option<Pos>,
    /// A holiday followed by 期间/假期: the official days off.
    pub festival: Option<(Festival, Option<i32>, bool)>,
}

impl Hit {
    pub fn new(end: usize, val: Val) -> Hit {
        Hit {
            end,
            val,
            modifier: Mod::None,
            pos: None,
            festival: None,
        }
    }
}

/// Chars that can open an expression (besides digits and numerals): the first char of every word
/// the grammar knows. Everything else is skipped at once.
pub fn starters(words: &TimeWords, calendar: &Calendar) -> HashSet<char> {
    let mut set: HashSet<char> = HashSet::new();
    let mut add = |w: &str| set.extend(w.chars().next());
    words.vague.iter().for_each(|v| add(&v.word));
    words.stretch_leads.iter().for_each(|w| add(w));
    words::REL_DAYS.iter().for_each(|t| add(t.0));
    words::ANCHOR_DAYS.iter().for_each(|t| add(t.0));
    words::REL_YEARS.iter().for_each(|t| add(t.0));
    words::REL_MONTHS.iter().for_each(|t| add(t.0));
    words.festivals.iter().for_each(|f| add(&f.name));
    words::SOLAR_TERMS.iter().for_each(|t| add(t.0));
    words.plans.iter().for_each(|t| add(&t.0));
    words::PARTS_OF_DAY.iter().for_each(|t| add(t.0));
    calendar.anchors().iter().for_each(|t| add(&t.0));
    // Prefixes and openers spelled out in the grammar: 截至, 约, 党的, 中共, “, 上世纪, 本世纪,
    // 公元, 这个周末, 当年, 同月, 次年, 翌日, 今起, 今春, 去冬, 今冬明春, 前三季度, 第三季度, 首季度, 半年, 数十年,
    // 几天, 上周, 下周, 本周, 这周, 周三, 星期五, 年底, 月初, 上旬, 中旬, 下旬; 农历, 阴历, 正月,
    // 冬月, 腊月, 闰月; 全年.
    set.extend(
        "公截大约党中“\"「上本二当同次翌今去明前第首半数几下这周星年月农阴正冬腊闰全".chars(),
    );
    set
}

impl Scanner<'_> {
    fn can_start(&self, c: char) -> bool {
        numeral::arabic_digit(c).is_some()
            || numeral::is_chinese_numeral(c)
            || self.lex.starters.contains(&c)
    }

    /// The longest time expression starting at `i`, with prefixes and qualifiers.
    pub fn hit_at(&self, i: usize) -> Option<Hit> {
        let c = self.at(i)?;
        // Prefixes: 截至 (until), 约 (approx).
        let prefixes: [(&str, Mod); 7] = [
            ("截至到", Mod::Until),
            ("截止到", Mod::Until),
            ("截至", Mod::Until),
            ("截止", Mod::Until),
            ("大约", Mod::Approx),
            ("大概", Mod::Approx),
            ("约", Mod::Approx),
        ];
        if matches!(c, '截' | '大' | '约') {
            for (word, m) in prefixes {
                if let Some(e) = self.lit(i, word)
                    && let Some(mut hit) = self.core_at(e)
                {
                    if m == Mod::Until || hit.modifier == Mod::None {
                        hit.modifier = m;
                    }
                    return Some(hit);
                }
            }
        }
        // 近两年来, 最近三年: a count of recent years; 将近7个小时, 接近2000个小时: nearly so
        // many. The word is taken in; 近 inside another word (附近, 邻近: `near.prev`) is not.
        let near = match c {
            '将' | '接' if self.at(i + 1) == Some('近') => Some((i + 2, Mod::Approx)),
            '最' if self.at(i + 1) == Some('近') => Some((i + 2, Mod::None)),
            '近' if !self.lex.words.near_prev.holds(self.before(i)) => Some((i + 1, Mod::None)),
            _ => None,
        };
        if let Some((j, m)) = near
            && let Some(mut hit) = self.core_at(j)
            && matches!(hit.val, Val::Duration(_))
        {
            if hit.modifier == Mod::None {
                hit.modifier = m;
            }
            return Some(hit);
        }
        self.core_at(i)
    }

    /// Does a `每` stand before `i` with only the parts of a time between (`每年6到`9月,
    /// `每年春季4、5和秋季`9)? Then the time at `i` continues a set of times.
    fn in_a_set(&self, i: usize) -> bool {
        const TIME_PARTS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十百零〇两\
                                  年月日号周季春夏秋冬至到—－-～~、和及个";
        let mut j = i;
        for _ in 0..SET_LOOKBACK {
            if j <= self.sent_start {
                return false;
            }
            j -= 1;
            match self.at(j) {
                Some('每') => return true,
                Some(c) if TIME_PARTS.contains(c) => {}
                _ => return false,
            }
        }
        false
    }

    fn core_at(&self, i: usize) -> Option<Hit> {
        let c = self.at(i)?;
        if !self.can_start(c) {
            return None;
        }
        let prev = self.before(i);
        if prev == Some('第') {
            // 第三天: an ordinal.
            return None;
        }
        let near = self
            .s
            .get(i.saturating_sub(3).max(self.sent_start)..i)
            .unwrap_or_default();
        if near.contains(&'每') || self.in_a_set(i) {
            // 每年3月, 每天上午, 每个周六, 每年6到9月: a set of times, not one.
            return None;
        }
        // 如今, 至今, 当今 (如今年轻人); 光明日报; 多架次日本; 20来年.
        let w = &self.lex.words;
        let glued = match c {
            // 截至今天, 至今晨6时: 至 before 今 glued as 至今 only where no time word follows.
            '今' if prev == Some('至')
                && (self.before(i - 1) == Some('截')
                    || ["今晨", "今早", "今晚", "今夜"]
                        .iter()
                        .any(|w| self.lit(i, w).is_some())) =>
            {
                false
            }
            // 至今年均: 至今 + 年均 (on average each year).
            '今' if self.lit(i, "今年").is_some() => {
                w.this_year_prev.holds(prev)
                    || matches!(prev, Some('至' | '迄')) && self.at(i + 2) == Some('均')
            }
            '今' => w.today_prev.holds(prev),
            '明' => w.tomorrow_prev.holds(prev),
            '次' => w.following_prev.holds(prev),
            '来' => prev.is_some_and(|p| {
                "0123456789０１２３４５６７８９一二三四五六七八九十百千".contains(p)
            }),
            _ => false,
        };
        if glued {
            return None;
        }
        let mut best: Option<Hit> = None;
        let mut keep = |h: Option<Hit>| {
            if let Some(h) = h
                && best.as_ref().is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        };
        keep(self.vague_at(i));
        keep(self.era_at(i));
        keep(self.plan_at(i));
        keep(self.decade_at(i));
        keep(self.century_at(i));
        keep(self.common_era_at(i));
        keep(self.numeric_date_at(i));
        keep(self.date_chain_at(i));
        keep(self.lunar_at(i, &Parts::default()));
        keep(self.duration_at(i));
        keep(self.range_at(i));
        if matches!(c, '年' | '月' | '上' | '中' | '下') {
            keep(self.period_word_at(i));
        }
        if c == '全' {
            keep(self.whole_year_alone_at(i));
        }
        best.map(|h| self.with_suffix(h))
    }

    /// A relation word after an anchor: 以来, 之后, 前 …
    fn relation_at(&self, j: usize) -> Option<(usize, Mod)> {
        let words: [(&str, Mod); 10] = [
            ("以来", Mod::Since),
            ("至今", Mod::Since),
            ("之后", Mod::After),
            ("以后", Mod::After),
            ("之前", Mod::Before),
            ("以前", Mod::Before),
            ("前夕", Mod::Before),
            ("前后", Mod::Approx),
            ("后", Mod::After),
            ("前", Mod::Before),
        ];
        let lex = &self.lex.words;
        for (w, m) in words {
            if let Some(e) = self.lit(j, w) {
                if w == "后" && lex.after_next.holds(self.at(e)) {
                    continue;
                }
                if w == "前" && lex.before_next.holds(self.at(e)) {
                    continue;
                }
                return Some((e, m));
            }
        }
        None
    }

    /// 初, 中, 底, 末, 上旬, 中旬, 下旬 after a year, month or decade.
    fn position_at(&self, j: usize, month_like: bool) -> Option<(usize, Pos)> {
        let c = self.at(j)?;
        let next = self.at(j + 1);
        match c {
            '初' if !self.lex.words.start_next.holds(next) => {
                Some((self.lit(j, "初期").unwrap_or(j + 1), Pos::Start))
            }
            '底' => Some((j + 1, Pos::End)),
            '末' => Some((self.lit(j, "末期").unwrap_or(j + 1), Pos::End)),
            '中' => {
                if let Some(e) = self.lit(j, "中期") {
                    return Some((e, Pos::Mid));
                }
                // 年中 only before a boundary or a relation (年中国… is 年 + 中国).
                let ok = next.is_none_or(|n| !is_han(n) || "以前后时的起至到左旬".contains(n));
                if next == Some('旬') && month_like {
                    return Some((j + 2, Pos::Mid));
                }
                ok.then_some((j + 1, Pos::Mid))
            }
            '上' if month_like => self.lit(j, "上旬").map(|e| (e, Pos::Start)),
            '下' if month_like => self.lit(j, "下旬").map(|e| (e, Pos::End)),
            _ => None,
        }
    }

    /// Qualifiers after an expression: 以来, 前夕, 左右, 之后, 起, 至今 …
    fn with_suffix(&self, mut hit: Hit) -> Hit {
        if !matches!(
            hit.val,
            Val::Date(_) | Val::Range(..) | Val::Final(..) | Val::Lunar(_) | Val::Vague
        ) || hit.festival.is_some()
        {
            return hit;
        }
        if matches!(hit.val, Val::Vague)
            || hit.modifier != Mod::None && !matches!(hit.val, Val::Date(_))
        {
            return hit;
        }
        let e = hit.end;
        let words: [(&str, Mod); 15] = [
            ("以来", Mod::Since),
            ("至今", Mod::Since),
            ("开始", Mod::Since),
            ("起", Mod::Since),
            ("前夕", Mod::Before),
            ("前后", Mod::Approx),
            ("左右", Mod::Approx),
            ("许", Mod::Approx),
            ("之后", Mod::After),
            ("以后", Mod::After),
            ("之前", Mod::Before),
            ("以前", Mod::Before),
            ("后", Mod::After),
            ("前", Mod::Before),
            ("期间", Mod::None),
        ];
        let lex = &self.lex.words;
        for (w, m) in words {
            let Some(k) = self.lit(e, w) else { continue };
            let next = self.at(k);
            let blocked = match w {
                "起" => lex.since_next.holds(next),
                "后" => lex.after_next.holds(next),
                "前" => lex.before_next.holds(next),
                "开始" => next.is_some_and(|c| "的时".contains(c)) || !self.opened_by_from(e),
                "许" => !matches!(hit.val, Val::Date(p) if p.hour.is_some()),
                _ => false,
            };
            if blocked {
                continue;
            }
            hit.end = k;
            if m != Mod::None && hit.modifier != Mod::Until {
                hit.modifier = m;
            }
            break;
        }
        hit
    }
}
