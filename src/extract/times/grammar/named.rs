//! Times a word names: era anchors (十八大以来), five-year plans (“十四五”时期), festivals
//! (国庆期间) and solar terms (立春).

use super::{Hit, Pos, Val, pos_mod};
use crate::extract::times::scan::{Scanner, opens_with};
use crate::extract::times::words::{FESTIVAL_TAILS, SOLAR_TERMS};
use crate::extract::times::{Mod, Precision, days_between};
use chrono::Datelike as _;

impl Scanner<'_> {
    /// 党的十八大以来, 改革开放以来, 新中国成立后.
    pub(super) fn era_at(&self, i: usize) -> Option<Hit> {
        let words = &self.lex.words;
        let j = self.lit_first(i, &words.era_prefixes).unwrap_or(i);
        let first = self.at(j)?;
        let (e, value) = self
            .lex
            .calendar
            .anchors()
            .iter()
            .filter(|(n, _)| opens_with(n, first))
            .find_map(|(n, v)| self.lit(j, n).map(|e| (e, v)))?;
        let e = self.lit_first(e, &words.era_verbs).unwrap_or(e);
        let (end, modifier) = self.relation_at(e)?;
        let precision = if value.contains('-') {
            Precision::Month
        } else {
            Precision::Year
        };
        let mut hit = Hit::new(end, Val::Final(value.clone(), precision));
        hit.modifier = modifier;
        Some(hit)
    }

    /// “十四五”时期 (2021/2025), “十四五”以来 (2021 since).
    pub(super) fn plan_at(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let quoted = matches!(self.at(j), Some('“' | '"' | '「'));
        if quoted {
            j += 1;
        }
        let (mut e, first) = self.lit_any(j, &self.lex.words.plans)?;
        if quoted {
            if matches!(self.at(e), Some('”' | '"' | '」')) {
                e += 1;
            } else {
                return None;
            }
        }
        let last = first + 4;
        for w in ["期间", "时期"] {
            if let Some(k) = self.lit(e, w) {
                let val = Val::Final(format!("{first}/{last}"), Precision::Interval);
                return Some(Hit::new(k, val));
            }
        }
        for (w, year, pos) in [
            ("末期", last, Pos::End),
            ("末", last, Pos::End),
            ("初期", first, Pos::Start),
            ("开局之年", first, Pos::Start),
        ] {
            if let Some(k) = self.lit(e, w) {
                let mut hit = Hit::new(k, Val::Final(year.to_string(), Precision::Year));
                if w != "开局之年" {
                    hit.modifier = pos_mod(pos);
                }
                return Some(hit);
            }
        }
        let (k, m) = self.relation_at(e)?;
        let mut hit = Hit::new(k, Val::Final(first.to_string(), Precision::Year));
        hit.modifier = m;
        Some(hit)
    }

    /// A festival (春节, 国庆期间, 五一前夕) or a solar term (立春, 2024年冬至), after a year or
    /// alone.
    pub(super) fn festival_at(
        &self,
        j: usize,
        year_given: bool,
        year: Option<i32>,
        unknown: bool,
    ) -> Option<Hit> {
        let words = &self.lex.words;
        // “五一”假期, “十一”黄金周: a festival in quotation marks.
        let quoted = matches!(self.at(j), Some('“' | '"' | '「'));
        let name_start = j + usize::from(quoted);
        if let Some((mut e, named)) = self.longest(name_start, &words.festivals, |f| &f.name) {
            if quoted {
                if !matches!(self.at(e), Some('”' | '"' | '」')) {
                    return None;
                }
                e += 1;
            }
            if self.lit_first(e, &words.festival_shows).is_some() {
                return None;
            }
            let tail = FESTIVAL_TAILS
                .iter()
                .filter_map(|(w, m, period)| self.lit(e, w).map(|k| (k, *m, *period)))
                .max_by_key(|(k, _, _)| *k);
            let (end, modifier, period) = match tail {
                Some(t) => t,
                // 春节前, 国庆后: a plain relation (and it makes 五一, 国庆 a time).
                None => match self.relation_at(e).filter(|(_, m)| *m != Mod::Since) {
                    Some((k, m)) => (k, m, false),
                    None if named.needs_tail => return None,
                    None => (e, Mod::None, false),
                },
            };
            let mut hit = Hit::new(end, Val::Vague);
            hit.modifier = modifier;
            if unknown {
                hit.val = Val::Final(String::new(), Precision::Day);
            } else {
                let y = if year_given { year } else { None };
                hit.festival = Some((named.festival, y, period));
            }
            return Some(hit);
        }
        self.solar_term_at(j, year_given, year, unknown)
    }

    fn solar_term_at(
        &self,
        j: usize,
        year_given: bool,
        year: Option<i32>,
        unknown: bool,
    ) -> Option<Hit> {
        let first = self.at(j)?;
        let calendar = &self.lex.calendar;
        for &(name, index, ambiguous) in SOLAR_TERMS {
            if !opens_with(name, first) {
                continue;
            }
            let Some(e) = self.lit(j, name) else {
                continue;
            };
            let tail = [
                "节气", "时节", "当天", "当日", "之际", "前后", "到来", "来临",
            ]
            .iter()
            .find_map(|w| self.lit(e, w));
            if ambiguous && !year_given && tail.is_none() {
                return None;
            }
            let y = if year_given {
                year
            } else {
                let r = self.reference?;
                let d = calendar.solar_term(r.year(), index)?;
                Some(if days_between(r, d) > 183 {
                    r.year() - 1
                } else {
                    r.year()
                })
            };
            let value = if unknown {
                String::new()
            } else {
                y.and_then(|y| calendar.solar_term(y, index))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            let end = if tail.is_some() && self.lit(e, "节气").is_some() {
                e + 2
            } else {
                e
            };
            return Some(Hit::new(end, Val::Final(value, Precision::Day)));
        }
        None
    }
}
