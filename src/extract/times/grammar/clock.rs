//! Times of day: parts of the day (上午, 凌晨, 4日晚) and clock times (13时24分, 10点半, 8:30).

use crate::extract::times::numeral::NumKind;
use crate::extract::times::scan::Scanner;
use crate::extract::times::words::PARTS_OF_DAY;

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
                if unit == '点'
                    && minute.is_none()
                    && !half
                    && !after_part
                    && !["钟", "整", "左右", "许", "多"]
                        .iter()
                        .any(|w| self.lit(e, w).is_some())
                {
                    return None;
                }
                if !n.is_arabic() && minute.is_none() && !after_part && !half {
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
                } else if let Some(k) = self.lit(e, "整").or_else(|| self.lit(e, "钟")) {
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
