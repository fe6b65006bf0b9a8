//! The scanner: reads a text sentence by sentence, tries the grammar (`grammar`) at each char and
//! keeps the longest match, resolves it (`resolve`) and remembers the dates it named, which the
//! expressions after it count from.

use super::grammar::{Hit, Parts, Val};
use super::numeral::{Num, parse_num};
use super::{Mod, Precision, TimeLexicon, TimeMention};
use crate::text;
use chrono::NaiveDate;

/// The time expressions of `text`, normalised against `reference`.
pub fn find(lexicon: &TimeLexicon, text: &str, reference: Option<NaiveDate>) -> Vec<TimeMention> {
    let chars: Vec<char> = text.chars().collect();
    let mut scanner = Scanner {
        lex: lexicon,
        s: &chars,
        sent_start: 0,
        sent_end: 0,
        reference,
        sentence_day: None,
        sentence_year: None,
        sentence_month: None,
        topic_year: None,
        prev_day: None,
        prev_year: None,
        last_day: None,
        last_year: None,
        sentence_anchor: None,
        prev_anchor: None,
        out: Vec::new(),
    };
    for (start, end) in text::sentences(&chars) {
        scanner.sentence(start, end);
    }
    scanner.out
}

/// The state of a scan: the text, the current sentence, and the dates named so far.
pub struct Scanner<'a> {
    pub lex: &'a TimeLexicon,
    pub s: &'a [char],
    pub sent_start: usize,
    pub sent_end: usize,
    pub reference: Option<NaiveDate>,
    /// The last day, year and month (year, month) named in the current sentence.
    pub sentence_day: Option<NaiveDate>,
    pub sentence_year: Option<i32>,
    pub sentence_month: Option<(i32, u32)>,
    /// The year of the first period the current sentence names: what it is about (2022年，……比上年
    /// 增长).
    pub topic_year: Option<i32>,
    /// The last day the sentence before named and its first year (翌日 and 上年 count from them).
    pub prev_day: Option<NaiveDate>,
    pub prev_year: Option<i32>,
    /// The last day and year named anywhere before.
    pub last_day: Option<NaiveDate>,
    pub last_year: Option<i32>,
    /// The last plain date named in the current sentence and in the sentence before it: the
    /// anchors a narrative `10年后` counts from.
    pub sentence_anchor: Option<Anchor>,
    pub prev_anchor: Option<Anchor>,
    out: Vec<TimeMention>,
}

/// A plain date the text named: its first day and how much of it the text gave.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    pub day: NaiveDate,
    /// 0 year, 1 month, 2 day (as `Parts::top`).
    pub depth: u8,
}

impl Anchor {
    /// The anchor of a resolved value: `2008` (year), `2008-05` (month), `2008-05-12…` (day).
    fn of_value(value: &str) -> Option<Anchor> {
        let first = value.split('/').next()?.split('T').next()?;
        let (day, _) = super::value_range(first)?;
        let fields = first.split('-').count();
        let depth = match fields {
            1 => 0,
            2 if !first.contains('Q') && !first.contains('W') => 1,
            2 => 0,
            _ => 2,
        };
        Some(Anchor { day, depth })
    }
}

/// Whether `word` begins with `c` (decodes one char; no byte comparison call).
pub fn opens_with(word: &str, c: char) -> bool {
    word.chars().next().is_some_and(|f| f == c)
}

impl Scanner<'_> {
    /// The char at `j`, if inside the sentence.
    pub fn at(&self, j: usize) -> Option<char> {
        if j < self.sent_end {
            self.s.get(j).copied()
        } else {
            None
        }
    }

    /// The char before `j` (the sentence boundary does not stop it).
    pub fn before(&self, j: usize) -> Option<char> {
        j.checked_sub(1).and_then(|p| self.s.get(p)).copied()
    }

    /// End of `word` if the text at `j` spells it.
    pub fn lit(&self, j: usize, word: &str) -> Option<usize> {
        let mut k = j;
        for c in word.chars() {
            if self.at(k)? != c {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    /// End of the first of `words` the text at `j` spells.
    pub fn lit_first(&self, j: usize, words: &[String]) -> Option<usize> {
        words.iter().find_map(|w| self.lit(j, w))
    }

    /// The longest entry of `table` spelled at `j`, with its end.
    pub fn longest<'t, T>(
        &self,
        j: usize,
        table: &'t [T],
        word: impl Fn(&T) -> &str,
    ) -> Option<(usize, &'t T)> {
        let first = self.at(j)?;
        table
            .iter()
            .filter(|t| opens_with(word(t), first))
            .filter_map(|t| self.lit(j, word(t)).map(|e| (e, t)))
            .max_by_key(|(e, _)| *e)
    }

    /// The longest `(word, value)` entry spelled at `j`.
    pub fn lit_any<W: AsRef<str>, T: Copy>(
        &self,
        j: usize,
        table: &[(W, T)],
    ) -> Option<(usize, T)> {
        self.longest(j, table, |t| t.0.as_ref())
            .map(|(e, t)| (e, t.1))
    }

    /// The number at `j`, if it ends inside the sentence.
    pub fn num(&self, j: usize) -> Option<Num> {
        if j >= self.sent_end {
            return None;
        }
        let n = parse_num(self.s, j)?;
        (n.end <= self.sent_end).then_some(n)
    }

    fn sentence(&mut self, start: usize, end: usize) {
        self.sent_start = start;
        self.sent_end = end;
        self.prev_day = self.sentence_day.take();
        self.prev_year = self.topic_year.take();
        self.sentence_year = None;
        self.sentence_month = None;
        self.prev_anchor = self.sentence_anchor.take();
        let mut i = start;
        while i < end {
            match self.hit_at(i) {
                Some(hit) if hit.end > i => {
                    let hit_end = hit.end;
                    self.emit(i, hit);
                    i = hit_end;
                }
                _ => i += 1,
            }
        }
    }

    /// Whether 从/自 stands shortly before the expression ending at `end` (从昨天开始).
    pub fn opened_by_from(&self, end: usize) -> bool {
        let from = end.saturating_sub(16).max(self.sent_start);
        self.s
            .get(from..end)
            .is_some_and(|w| w.iter().any(|&c| c == '从' || c == '自'))
    }

    /// Future wording around an expression (将于, 预计, …起, …前): month-day dates then lie ahead.
    pub fn future_cue(&self, start: usize, end: usize) -> bool {
        let from = start.saturating_sub(8).max(self.sent_start);
        let before: String = self.s.get(from..start).unwrap_or_default().iter().collect();
        let cues = &self.lex.words.future_cues;
        if cues.iter().any(|w| before.contains(w.as_str())) || before.ends_with('到') {
            return true;
        }
        let after: String = self
            .s
            .get(end..(end + 3).min(self.sent_end))
            .unwrap_or_default()
            .iter()
            .collect();
        after.starts_with('起') || after.starts_with("前") || after.starts_with('将')
    }

    /// Resolves a hit, records it, and remembers the day, year and anchor it names.
    fn emit(&mut self, start: usize, hit: Hit) {
        let (mut value, precision, modifier) = self.resolve(start, &hit);
        // A value that left the years a reference may have is no value (明年 of 9999).
        if !super::value_in_years(&value) {
            value.clear();
        }
        let text: String = self
            .s
            .get(start..hit.end)
            .unwrap_or_default()
            .iter()
            .collect();
        if let Some((day, _)) = super::value_range(&value)
            && matches!(
                precision,
                Precision::Day | Precision::Hour | Precision::Minute
            )
        {
            self.sentence_day = Some(day);
            self.last_day = Some(day);
        }
        if let Some(y) = value.get(..4).and_then(|y| y.parse::<i32>().ok())
            && !matches!(
                precision,
                Precision::Duration | Precision::Vague | Precision::Decade
            )
        {
            self.last_year = Some(y);
            // Only a plain date or part of a year names the sentence's year (not 十八大以来, not
            // 2023年以来).
            let plain = matches!(
                hit.val,
                Val::Date(Parts { counted: false, .. })
                    | Val::Range(..)
                    | Val::Lunar(_)
                    | Val::Final(_, Precision::Quarter | Precision::Interval)
            );
            if plain && modifier == Mod::None {
                self.sentence_year = Some(y);
                // A sentence is about a period (2022年，上半年), not the day it is told (今天).
                if !matches!(
                    precision,
                    Precision::Day | Precision::Hour | Precision::Minute
                ) {
                    self.topic_year.get_or_insert(y);
                }
                if let Some(m) = value.get(5..7).and_then(|m| m.parse::<u32>().ok())
                    && !matches!(precision, Precision::Quarter | Precision::Interval)
                {
                    self.sentence_month = Some((y, m));
                }
            }
            // A plain or positioned date or part of a year (2008年底, 1998年前后, 2013年春)
            // anchors a later `10年后`; a deadline (到2020年) does not.
            let deadline = self.before(start) == Some('到');
            if !deadline
                && plain
                && matches!(
                    modifier,
                    Mod::None | Mod::Approx | Mod::Start | Mod::Mid | Mod::End
                )
                && let Some(anchor) = Anchor::of_value(&value)
            {
                self.sentence_anchor = Some(anchor);
            }
        }
        self.out.push(TimeMention {
            start,
            end: hit.end,
            text,
            value,
            precision,
            modifier,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_keep_the_depth_of_their_value() {
        let depth = |v: &str| Anchor::of_value(v).map(|a| a.depth);
        assert_eq!(depth("2008"), Some(0));
        assert_eq!(depth("2024-Q3"), Some(0));
        assert_eq!(depth("2023-05"), Some(1));
        assert_eq!(depth("2024-11-04TMO"), Some(2));
        assert_eq!(depth("2024-11-06/2024-11-07"), Some(2));
        assert_eq!(depth("P3Y"), None);
        assert_eq!(depth(""), None);
    }
}
