//! Counts that name a date (三天后, 3年前, 两个月后): what a forward count counts from — a date
//! named before, the reference date, or nothing (a length of time) — read from the words around
//! it (时隔, 成立, 将, 再次).

use super::duration::Measured;
use super::{Hit, Parts, Unit, Val};
use crate::extract::times::Mod;
use crate::extract::times::scan::Scanner;
use crate::extract::times::words::TimeWords;
use crate::extract::times::{add_months, shift_days, shift_year};
use chrono::{Datelike as _, NaiveDate};

/// How far after a count its wording is read (chars): a clause or two of news, and a bound that
/// keeps the scanner linear on text without sentence ends.
const FORWARD_WINDOW: usize = 60;

/// How many adverbs may stand between a clause start and a count.
const MAX_ADVERBS: usize = 4;

/// What a forward count (`N年后`, `N个月后`, `N天后`) counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterBase {
    /// A date the text named just before.
    Anchor(NaiveDate),
    /// The sentence's day, else the reference date (forward-looking news).
    Reference,
    /// A length of time after something unnamed (时隔22年后, 成立23年后): no date.
    Duration,
}

/// What stands before a count: nothing of a clause (sentence start, punctuation), an interval word
/// (时隔), or the event the count runs from (成立, 去世).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeadIn {
    Bare,
    Interval,
    Event,
}

impl Scanner<'_> {
    /// A whole count of days to years followed by 后/前 (三天后, 3年前, 两个月以后) starting at
    /// `start`: the date it names, or the length of time when it counts from nothing named.
    pub(super) fn counted_date(
        &self,
        start: usize,
        m: &Measured,
        amount: f64,
        approx: bool,
    ) -> Option<Hit> {
        if m.compound || !matches!(m.unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year) {
            return None;
        }
        // 半年前, 一年半以前: whole months.
        let (unit, amount) = if m.unit == Unit::Year && amount.fract() != 0.0 {
            (Unit::Month, amount * 12.0)
        } else {
            (m.unit, amount)
        };
        let n = (amount.fract() == 0.0).then_some(amount as i64)?;
        let limit = match unit {
            Unit::Day => 60,
            Unit::Week => 12,
            Unit::Month => 24,
            _ => i64::MAX,
        };
        let shift_words: [(&str, i64); 6] = [
            ("以后", 1),
            ("之后", 1),
            ("后", 1),
            ("以前", -1),
            ("之前", -1),
            ("前", -1),
        ];
        let words = &self.lex.words;
        for (w, sign) in shift_words {
            let Some(k) = self.lit(m.end, w) else {
                continue;
            };
            let blocked = match w {
                "后" => words.after_next.holds(self.at(k)),
                "前" => words.before_next.holds(self.at(k)),
                _ => false,
            };
            if blocked || n > limit {
                return None;
            }
            let val = if sign > 0 {
                match self.after_base(start, k, unit) {
                    AfterBase::Anchor(day) => shift_date(day, unit, n),
                    AfterBase::Reference => self.shift(unit, n),
                    AfterBase::Duration => Val::Duration(m.value.clone()),
                }
            } else {
                self.shift(unit, n * sign)
            };
            let mut hit = Hit::new(k, val);
            if approx {
                hit.modifier = Mod::Approx;
            }
            return Some(hit);
        }
        None
    }

    /// A date counted from the sentence's date (or the reference date).
    fn shift(&self, unit: Unit, n: i64) -> Val {
        let base = self.sentence_day.or(self.reference);
        let Some(b) = base else {
            return Val::Date(Parts::unknown());
        };
        shift_date(b, unit, n)
    }

    /// What the forward count spanning `start..end` (`10年后`) counts from. A count at a clause
    /// start counts from the date named before it in this sentence or the one before
    /// (`1998年建成，10年后扩建` → 2008); after an interval word (时隔) or an event (成立23年后) it is
    /// a length of time. Without an anchor, days count from the reference date as news tells them
    /// (三天后启程); years and months do only in forward-looking wording (两年后将建成), else
    /// they tell a story (三年后，他又…) and stay a length of time.
    fn after_base(&self, start: usize, end: usize, unit: Unit) -> AfterBase {
        let lead = self.lead_in(start);
        // “布雷顿森林：75年后”: the count ends a quoted name.
        let closes_quote = self.at(end).is_some_and(|c| "”』」》\"".contains(c));
        if lead == LeadIn::Interval || closes_quote {
            return AfterBase::Duration;
        }
        let needed_depth = match unit {
            Unit::Year => 0,
            Unit::Month => 1,
            _ => 2,
        };
        let anchor = self
            .sentence_anchor
            .or(self.prev_anchor)
            .filter(|a| a.depth >= needed_depth);
        if lead == LeadIn::Bare
            && let Some(a) = anchor
        {
            return AfterBase::Anchor(a.day);
        }
        if matches!(unit, Unit::Day | Unit::Week) || self.forward_looking(start, end) {
            AfterBase::Reference
        } else {
            AfterBase::Duration
        }
    }

    /// What stands before the count starting at `start`, adverbs (在, 约, 近) skipped.
    fn lead_in(&self, start: usize) -> LeadIn {
        let ends_with = |j: usize, w: &str| {
            let n = w.chars().count();
            j >= self.sent_start + n
                && self
                    .s
                    .get(j - n..j)
                    .is_some_and(|seg| seg.iter().copied().eq(w.chars()))
        };
        let words = &self.lex.words;
        let mut j = start;
        // A few adverbs at most (仅仅在, 又再): the look back stays short on any text.
        for _ in 0..MAX_ADVERBS {
            let Some(w) = words.count_adverbs.iter().find(|w| ends_with(j, w)) else {
                break;
            };
            j -= w.chars().count();
        }
        if words.interval_words.iter().any(|w| ends_with(j, w)) {
            return LeadIn::Interval;
        }
        match j.checked_sub(1).filter(|&p| p >= self.sent_start) {
            Some(p) if self.s.get(p).is_some_and(|&c| c.is_alphanumeric()) => LeadIn::Event,
            _ => LeadIn::Bare,
        }
    }

    /// Forward-looking wording around a count (将, 计划 before it; 将, 相聚 after it in the
    /// sentence, as far as [`FORWARD_WINDOW`]), unless the words after it tell a past or a return
    /// (再次, 终于, 了).
    fn forward_looking(&self, start: usize, end: usize) -> bool {
        let window_end = (end + FORWARD_WINDOW).min(self.sent_end);
        let after: String = self
            .s
            .get(end..window_end)
            .unwrap_or_default()
            .iter()
            .collect();
        let words = &self.lex.words;
        if words.past_words.iter().any(|w| after.contains(w.as_str()))
            || has_perfective_le(words, &after)
        {
            return false;
        }
        self.future_cue(start, end)
            || words
                .forward_words
                .iter()
                .any(|w| after.contains(w.as_str()))
            || has_modal_yao(words, &after)
    }
}

/// A date `n` units after `base`: a day for days and weeks, a month, a year. Vague when it
/// leaves the years a date may have.
fn shift_date(base: NaiveDate, unit: Unit, n: i64) -> Val {
    let day = |days: Option<i64>| match days.and_then(|d| shift_days(base, d)) {
        Some(d) => Val::Date(Parts::from_date(d)),
        None => Val::Vague,
    };
    match unit {
        Unit::Day => day(Some(n)),
        Unit::Week => day(n.checked_mul(7)),
        Unit::Month => match i32::try_from(n).ok().and_then(|n| add_months(base, n)) {
            Some(d) => Val::Date(Parts {
                year: Some(d.year()),
                month: Some(d.month()),
                year_given: true,
                ..Parts::default()
            }),
            None => Val::Vague,
        },
        _ => match shift_year(base.year(), n) {
            Some(year) => Val::Date(Parts {
                year: Some(year),
                year_given: true,
                ..Parts::default()
            }),
            None => Val::Vague,
        },
    }
}

/// 要 as a modal of intent (要达到, 要再来), not inside 重要, 主要, 需要, 要求.
fn has_modal_yao(words: &TimeWords, text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        c == '要'
            && !words
                .modal_yao_prev
                .holds(k.checked_sub(1).and_then(|p| chars.get(p)).copied())
            && !words.modal_yao_next.holds(chars.get(k + 1).copied())
    })
}

/// 了 as the perfective particle (修成了，), not inside 为了, 除了, 了解, 了不起, and not the
/// sentence-final particle (长得怎么样了。), which also ends future sentences.
fn has_perfective_le(words: &TimeWords, text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        c == '了'
            && !chars
                .get(k + 1)
                .is_none_or(|a| "。！？!?；;\n”\"".contains(*a))
            && !words
                .perfective_le_prev
                .holds(k.checked_sub(1).and_then(|p| chars.get(p)).copied())
            && !words.perfective_le_next.holds(chars.get(k + 1).copied())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modal_yao_and_perfective_le_skip_the_words_holding_them() {
        let words = TimeWords::shipped().expect("shipped time words");
        assert!(has_modal_yao(&words, "研发投入要达到3%"));
        assert!(!has_modal_yao(&words, "这是重要的一步，主要需要资金"));
        assert!(has_perfective_le(&words, "水渠修成了，泉水流进了田间"));
        assert!(!has_perfective_le(
            &words,
            "为了了解情况，看看树苗长得怎么样了。"
        ));
    }
}
