//! Times of day: parts of the day (上午, 凌晨, 4日晚) and clock times (13时24分, 10点半, 8:30,
//! 零时).

use crate::extract::times::numeral::{self, NumKind};
use crate::extract::times::scan::Scanner;
use crate::extract::times::words::PARTS_OF_DAY;
use crate::text::is_han;

impl Scanner<'_> {
    /// A part of the day. Single 晚/夜/早 only right after a day.
    pub(super) fn part_at(&self, j: usize, after_day: bool) -> Option<(usize, &'static str)> {
        if let Some((e, code)) = self.lit_any(j, PARTS_OF_DAY) {
            return Some((e, code));
        }
        if after_day {
            let words = &self.lex.words;
            let next = self.at(j + 1);
            return match self.at(j)? {
                '晚' if !words.evening_next.holds(next) => Some((j + 1, "EV")),
                '夜' if !words.night_next.holds(next) => Some((j + 1, "NI")),
                '早' if !words.morning_next.holds(next) => Some((j + 1, "MO")),
                _ => None,
            };
        }
        None
    }

    /// A single 晚, 早 or 夜 right before a clock time (晚7点, 早8时): a part of the day even
    /// without a day before it.
    pub(super) fn part_before_clock(&self, j: usize) -> Option<(usize, &'static str)> {
        let code = match self.at(j)? {
            '晚' => "EV",
            '早' => "MO",
            '夜' => "NI",
            _ => return None,
        };
        self.clock_at(j + 1, true, true)?;
        Some((j + 1, code))
    }

    /// Whether an Arabic hour with 点 (`j..e`, hour `h`) and no day or part of day before it is
    /// a clock time: after 截至 (截至18点), before a word of `clock_point.tail` (22点播出, 12点前)
    /// or before a later clock hour (16点至18点).
    fn arabic_point_is_clock(&self, j: usize, e: usize, h: u32) -> bool {
        let until = j
            .checked_sub(2)
            .is_some_and(|k| self.lit(k, "截至") == Some(j) || self.lit(k, "截止") == Some(j));
        let range = self
            .connector_at(e)
            .and_then(|k| self.num(k))
            .is_some_and(|m| {
                m.is_arabic()
                    && m.whole().is_some_and(|v| v > h && v <= 24)
                    && self.at(m.end) == Some('点')
            });
        until
            || range
            || self
                .lit_first(e, &self.lex.words.clock_point_tails)
                .is_some()
    }

    /// A clock time: 13时24分, 9时, 10点半, 8:30. Returns (end, hour, minute).
    pub(super) fn clock_at(
        &self,
        j: usize,
        after_day: bool,
        after_part: bool,
    ) -> Option<(usize, u32, Option<u32>)> {
        let n = self.num(j)?;
        let h = n.whole()?;
        if h > 24 || matches!(n.kind, NumKind::Arabic { decimal: true, .. }) {
            return None;
        }
        let unit = self.at(n.end)?;
        let mut e = n.end + 1;
        match unit {
            '时' | '点' => {
                let next = self.at(e);
                let minute = self.num(e).and_then(|m| {
                    let v = m.whole()?;
                    let k = self.lit(m.end, "分")?;
                    (v < 60).then_some((k, v))
                });
                let half = next == Some('半');
                if unit == '时' && self.lex.words.hour_next.holds(next) {
                    return None;
                }
                // 零时, 零点: midnight (零点五 is a number).
                let midnight = h == 0
                    && !n.is_arabic()
                    && !next.is_some_and(|c| {
                        numeral::is_chinese_numeral(c) || numeral::arabic_digit(c).is_some()
                    });
                let midnight_point = midnight
                    && (after_day
                        || next.is_none_or(|c| !is_han(c))
                        || self.lit_first(e, &self.lex.words.midnight_tails).is_some());
                // 8点 alone is a count (三点意见, 2000点); after a day (今天16点) or a part of day
                // it is a time.
                let after_day_arabic = after_day && n.is_arabic();
                if unit == '点'
                    && minute.is_none()
                    && !half
                    && !after_part
                    && !after_day_arabic
                    && !midnight_point
                    && !["钟", "整", "左右", "许", "多"]
                        .iter()
                        .any(|w| self.lit(e, w).is_some())
                    && !(n.is_arabic() && self.arabic_point_is_clock(j, e, h))
                {
                    return None;
                }
                // 三时 alone is rare as a time; after a day (十二日三时) or a part of day it is one.
                let chinese_ok = after_day || after_part || half || minute.is_some() || midnight;
                if !n.is_arabic() && !chinese_ok {
                    return None;
                }
                let mut minute_val = None;
                if let Some((k, v)) = minute {
                    e = k;
                    minute_val = Some(v);
                    // Seconds: keep the minute.
                    if let Some(s) = self.num(e)
                        && let Some(k2) = self.lit(s.end, "秒")
                    {
                        e = k2;
                    }
                } else if half {
                    e += 1;
                    minute_val = Some(30);
                } else if let Some(k) = self.lit(e, "整").or_else(|| {
                    // 零点钟声: 钟 opens the next word.
                    self.lit(e, "钟")
                        .filter(|&k| !matches!(self.at(k), Some('声' | '楼' | '表')))
                }) {
                    e = k;
                }
                Some((e, h, minute_val))
            }
            ':' | '：' if after_day || after_part => {
                let m = self.num(e)?;
                let v = m.whole()?;
                if !matches!(
                    m.kind,
                    NumKind::Arabic {
                        digits: 2,
                        decimal: false
                    }
                ) || v >= 60
                {
                    return None;
                }
                e = m.end;
                Some((e, h, Some(v)))
            }
            _ => None,
        }
    }
}
