//! Durations: an amount and a unit (192天, 8.5小时, 6个半小时, 一年半, 半个世纪, 两三年), smaller
//! units after it (2小时34分), qualifiers (3年来, 两年左右, 三天内) and open counts (数十年来, 几天,
//! 十几年前).

use super::{Hit, Unit, Val};
use crate::extract::times::Mod;
use crate::extract::times::numeral::NumKind;
use crate::extract::times::scan::Scanner;

/// An amount before a unit: `半`, `3`, `三`, `8.5`, with `多`/`余`/`来` and `个`, `个半`.
struct Amount {
    value: f64,
    /// Char index just past the amount and its `个`.
    end: usize,
    approx: bool,
    has_ge: bool,
    /// `个半`: half a unit more (6个半小时).
    half_after: bool,
}

/// A length of time read so far: where it ends, its ISO 8601 value and its smallest unit.
pub(super) struct Measured {
    pub end: usize,
    pub value: String,
    pub unit: Unit,
    /// Smaller units followed the first (2小时34分).
    pub compound: bool,
}

impl Scanner<'_> {
    /// 192天, 8.5小时, 6个半小时, 3年来, 三天后, 300多年前.
    pub(super) fn duration_at(&self, i: usize) -> Option<Hit> {
        if matches!(self.before(i), Some('第' | '每' | '周')) {
            return None;
        }
        if matches!(self.at(i), Some('数' | '几')) {
            return self.unspecified_duration_at(i + 1);
        }
        // 十几年, 二十几天: a count the text leaves open.
        if let Some(n) = self.num(i)
            && n.kind == NumKind::Chinese
            && self.at(n.end) == Some('几')
        {
            return self.unspecified_duration_at(n.end + 1);
        }
        let amount = self.amount_at(i)?;
        let (mut e, unit, scale) = self.duration_unit_at(&amount)?;
        let mut value = amount.value * scale;
        if amount.half_after {
            value += 0.5;
        }
        // 一年半, 两天半.
        if !amount.half_after
            && value >= 1.0
            && self.at(e) == Some('半')
            && !self.at(e + 1).is_some_and(is_cjk_unit_start)
        {
            value += 0.5;
            e += 1;
        }
        let mut approx = amount.approx;
        if let Some(k) = self.lit(e, "多") {
            approx = true;
            e = k;
        }
        let first = duration_value(value, unit)?;
        let measured = self.smaller_units(e, value, unit, first);
        if let Some(hit) = self.counted_date(i, &measured, value, approx) {
            return Some(hit);
        }
        Some(self.duration_qualifiers(measured, approx))
    }

    fn amount_at(&self, i: usize) -> Option<Amount> {
        let mut j = i;
        let mut approx = false;
        // 上百年, 上千年: as many as.
        if self.at(j) == Some('上') && self.at(j + 1).is_some_and(|c| "百千万".contains(c)) {
            approx = true;
            j += 1;
        }
        let value;
        if self.at(j) == Some('半') {
            value = 0.5;
            j += 1;
        } else if let Some((e, first)) = self.lit_any(j, &[("一两", 1.0), ("两三", 2.0)]) {
            // 一两年, 两三天: about the first.
            value = first;
            approx = true;
            j = e;
        } else {
            let n = self.num(j)?;
            if n.is_four_digits()
                && n.whole().is_some_and(|v| (1000..=2200).contains(&v))
                && self.lit(n.end, "年").is_some()
            {
                return None;
            }
            value = match n.kind {
                // 三四年, 七八天: two neighbouring digits, about the first.
                NumKind::ChineseSeq { digits: 2 } => {
                    let (tens, ones) = (n.value as u32 / 10, n.value as u32 % 10);
                    // 三五天 is said too.
                    if tens == 0 || ones != tens + 1 && (tens, ones) != (3, 5) {
                        return None;
                    }
                    approx = true;
                    f64::from(tens)
                }
                NumKind::ChineseSeq { .. } => return None,
                _ => n.value,
            };
            j = n.end;
            // 3-5天, 3至5年: a range of counts, about the first.
            if let Some(c) = self.connector_at(j)
                && let Some(m) = self.num(c)
                && m.value > n.value
                && m.value < 1000.0
            {
                approx = true;
                j = m.end;
            }
            if let Some(e) = ["多", "余", "来"].iter().find_map(|w| self.lit(j, w)) {
                approx = true;
                j = e;
            }
        }
        let has_ge = self.lit(j, "个").is_some();
        let mut half_after = false;
        if has_ge {
            j += 1;
            if self.at(j) == Some('半') {
                half_after = true;
                j += 1;
            } else if self.at(j) == Some('多') {
                // 三个多月, 一个多世纪.
                approx = true;
                j += 1;
            }
        }
        Some(Amount {
            value,
            end: j,
            approx,
            has_ge,
            half_after,
        })
    }

    /// The unit after an amount and the number of units it counts (a century is 100 years),
    /// unless it opens another word (3年级) or a name (1日游).
    fn duration_unit_at(&self, amount: &Amount) -> Option<(usize, Unit, f64)> {
        // 半个世纪, 一个多世纪 (21世纪 is a name).
        if amount.has_ge
            && let Some(e) = self.lit(amount.end, "世纪")
        {
            return Some((e, Unit::Year, 100.0));
        }
        let units: [(&str, Unit, bool); 12] = [
            ("个小时", Unit::Hour, false),
            ("小时", Unit::Hour, false),
            ("钟头", Unit::Hour, true),
            ("分钟", Unit::Minute, false),
            ("秒钟", Unit::Second, false),
            ("秒", Unit::Second, false),
            ("星期", Unit::Week, false),
            ("周", Unit::Week, false),
            ("天", Unit::Day, false),
            ("工作日", Unit::Day, false),
            ("月", Unit::Month, true),
            ("年", Unit::Year, false),
        ];
        let (e, unit) = units.iter().find_map(|(w, u, needs_ge)| {
            if *needs_ge && !amount.has_ge && amount.value >= 1.0 {
                return None;
            }
            self.lit(amount.end, w).map(|e| (e, *u))
        })?;
        if unit == Unit::Year && amount.has_ge {
            return None;
        }
        let words = &self.lex.words;
        let next = self.at(e);
        let glued = match unit {
            // 3年期国债 is a term; 三年期间 the three years.
            Unit::Year => words.duration_year_next.holds(next) && self.lit(e, "期间").is_none(),
            Unit::Week => words.duration_week_next.holds(next),
            Unit::Day => words.duration_day_next.holds(next),
            _ => false,
        };
        if glued
            || words
                .duration_nouns
                .iter()
                .any(|w| self.lit(e, w).is_some())
        {
            return None;
        }
        Some((e, unit, 1.0))
    }

    /// 2小时34分, 1年3个月, 3天5小时, 1小时18分46秒: smaller units after the first.
    fn smaller_units(&self, end: usize, amount: f64, unit: Unit, value: String) -> Measured {
        let mut m = Measured {
            end,
            value,
            unit,
            compound: false,
        };
        while amount.fract() == 0.0
            && let Some(n) = self.num(m.end)
            && let Some(v) = n.whole()
        {
            let smaller: &[(&str, Unit)] = match m.unit {
                Unit::Year => &[("个月", Unit::Month)],
                Unit::Day => &[("个小时", Unit::Hour), ("小时", Unit::Hour)],
                Unit::Hour => &[("分钟", Unit::Minute), ("分", Unit::Minute)],
                Unit::Minute => &[("秒钟", Unit::Second), ("秒", Unit::Second)],
                _ => &[],
            };
            let Some((k, u)) = smaller
                .iter()
                .find_map(|(w, u)| self.lit(n.end, w).map(|k| (k, *u)))
            else {
                break;
            };
            let Some(extra) = duration_value(f64::from(v), u) else {
                break;
            };
            let extra = extra.trim_start_matches('P');
            if m.value.contains('T') {
                m.value.push_str(extra.trim_start_matches('T'));
            } else {
                m.value.push_str(extra);
            }
            m.end = k;
            m.unit = u;
            m.compound = true;
        }
        m
    }

    /// A duration with what follows it: 以来/来 (since), 左右 (approx), 之内/内/间 (taken in).
    fn duration_qualifiers(&self, m: Measured, approx: bool) -> Hit {
        let e = m.end;
        let mut hit = Hit::new(e, Val::Duration(m.value));
        for (w, modifier) in [
            ("以来", Mod::Since),
            ("来", Mod::Since),
            ("左右", Mod::Approx),
        ] {
            if let Some(k) = self.lit(e, w) {
                // 花一个小时来接受培训: with hours and less, 来 is a verb.
                let short = matches!(m.unit, Unit::Hour | Unit::Minute | Unit::Second);
                if w == "来" && (short || self.lex.words.come_next.holds(self.at(k))) {
                    continue;
                }
                hit.end = k;
                hit.modifier = modifier;
                return hit;
            }
        }
        if approx {
            hit.modifier = Mod::Approx;
        }
        for w in ["之内", "以内", "内", "间"] {
            if let Some(k) = self.lit(e, w) {
                // 17年内科医生: 内 opens the next word.
                if w == "内" && self.lex.words.within_next.holds(self.at(k)) {
                    break;
                }
                hit.end = k;
                break;
            }
        }
        hit
    }

    /// 数十年来, 几天, 数月, 数日前, 十几年前: a count the text leaves open (vague; 来 makes it `since`),
    /// read from `j`, just past its 数, 几 or 十几.
    fn unspecified_duration_at(&self, mut j: usize) -> Option<Hit> {
        if self.at(j).is_some_and(|c| "十百千".contains(c)) {
            j += 1;
        }
        if self.at(j) == Some('个') {
            j += 1;
        }
        let e = [
            "个小时",
            "小时",
            "年",
            "个月",
            "月",
            "天",
            "日",
            "周",
            "星期",
            "分钟",
        ]
        .iter()
        .find_map(|w| self.lit(j, w))?;
        if self.lex.words.vague_count_next.holds(self.at(e)) {
            return None;
        }
        let mut hit = Hit::new(e, Val::Vague);
        for w in ["以来", "来"] {
            if let Some(k) = self.lit(e, w) {
                hit.end = k;
                hit.modifier = Mod::Since;
                return Some(hit);
            }
        }
        // 几年前, 十几年前: some time ago.
        if let Some(k) = ["以前", "之前", "前"].iter().find_map(|w| self.lit(e, w))
            && !self.lex.words.before_next.holds(self.at(k))
        {
            hit.end = k;
        }
        Some(hit)
    }
}

fn is_cjk_unit_start(c: char) -> bool {
    "年月天小个".contains(c)
}

/// An ISO 8601 duration; a fraction goes to the next smaller unit (8.5小时 = PT8H30M).
pub(super) fn duration_value(amount: f64, unit: Unit) -> Option<String> {
    if !(amount > 0.0 && amount < 1e7) {
        return None;
    }
    let whole = amount.trunc() as u64;
    let frac = amount.fract();
    let mut date = String::new();
    let mut time = String::new();
    let push = |s: &mut String, n: u64, c: char| {
        if n > 0 {
            s.push_str(&n.to_string());
            s.push(c);
        }
    };
    match unit {
        Unit::Year => {
            push(&mut date, whole, 'Y');
            push(&mut date, (frac * 12.0).round() as u64, 'M');
        }
        Unit::Month => {
            push(&mut date, whole, 'M');
            push(&mut date, (frac * 30.0).round() as u64, 'D');
        }
        Unit::Week => {
            if frac == 0.0 {
                push(&mut date, whole, 'W');
            } else {
                push(&mut date, (amount * 7.0).round() as u64, 'D');
            }
        }
        Unit::Day => {
            push(&mut date, whole, 'D');
            push(&mut time, (frac * 24.0).round() as u64, 'H');
        }
        Unit::Hour => {
            push(&mut time, whole, 'H');
            push(&mut time, (frac * 60.0).round() as u64, 'M');
        }
        Unit::Minute => {
            push(&mut time, whole, 'M');
            push(&mut time, (frac * 60.0).round() as u64, 'S');
        }
        Unit::Second => {
            if frac == 0.0 {
                push(&mut time, whole, 'S');
            } else {
                let text = format!("{amount:.3}");
                time = format!("{}S", text.trim_end_matches('0'));
            }
        }
    }
    if date.is_empty() && time.is_empty() {
        return None;
    }
    let mut v = format!("P{date}");
    if !time.is_empty() {
        v.push('T');
        v.push_str(&time);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_carry_fractions_to_the_next_unit() {
        assert_eq!(duration_value(8.5, Unit::Hour).as_deref(), Some("PT8H30M"));
        assert_eq!(duration_value(192.0, Unit::Day).as_deref(), Some("P192D"));
        assert_eq!(duration_value(1.5, Unit::Year).as_deref(), Some("P1Y6M"));
        assert_eq!(duration_value(2.0, Unit::Week).as_deref(), Some("P2W"));
        assert_eq!(duration_value(0.5, Unit::Hour).as_deref(), Some("PT30M"));
    }
}
