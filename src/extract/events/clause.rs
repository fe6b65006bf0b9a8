//! Clauses of a sentence, and a trigger's clause cut into subject, predicate and object with its
//! time mentions removed: the pieces a title is made of.

use crate::lexicon::Sections;

/// The word lists of clause cutting (`assets/events/words.txt`, sections `clause.*`, `time.*`).
#[derive(Debug, Clone, Default)]
pub(super) struct ClauseWords {
    /// Adverbs kept with the trigger in the predicate (`成功`, `已经`), longest first.
    adverbs: Vec<String>,
    /// Prepositions opening the adverbials after a subject (`在`, `同`).
    prepositions: Vec<char>,
    /// Conjunctions introducing a partner before the trigger (`同`, `与`).
    partners: Vec<char>,
    /// Prepositions removed with the time they stand before (`于`).
    time_prepositions: Vec<char>,
    /// Words a sentence may open on before its own time (`截至`).
    pub(super) time_openings: Vec<String>,
    /// Vague times of the days just before the report (`近日`, `日前`).
    pub(super) recent: Vec<String>,
    /// Words before a time that make it a comparison's base (`比`上年), as chars.
    comparison_before: Vec<Vec<char>>,
    /// Words after a time that make it a comparison's base (2019年`相比`), as chars.
    comparison_after: Vec<Vec<char>>,
}

/// The words of a section, each as its chars.
fn char_words(sections: &Sections, name: &str) -> Vec<Vec<char>> {
    sections
        .words(name)
        .iter()
        .map(|w| w.chars().collect())
        .collect()
}

/// The chars of a section, each one counting on its own.
fn chars_of(sections: &Sections, name: &str) -> Vec<char> {
    sections
        .words(name)
        .iter()
        .flat_map(|w| w.chars())
        .collect()
}

impl ClauseWords {
    pub(super) const SECTIONS: &[&str] = &[
        "clause.adverb",
        "clause.preposition",
        "clause.partner",
        "time.preposition",
        "time.opening",
        "time.comparison_before",
        "time.comparison_after",
        "time.recent",
    ];

    pub(super) fn from_sections(sections: &Sections) -> ClauseWords {
        let mut adverbs = sections.words("clause.adverb").to_vec();
        adverbs.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        ClauseWords {
            adverbs,
            prepositions: chars_of(sections, "clause.preposition"),
            partners: chars_of(sections, "clause.partner"),
            time_prepositions: chars_of(sections, "time.preposition"),
            time_openings: sections.words("time.opening").to_vec(),
            recent: sections.words("time.recent").to_vec(),
            comparison_before: char_words(sections, "time.comparison_before"),
            comparison_after: char_words(sections, "time.comparison_after"),
        }
    }

    /// Is the time at chars `start..end` of `sent` the base a figure is compared with
    /// (`比上年增长8%`, `与2019年相比`), not when something happened?
    pub(super) fn is_comparison_base(&self, sent: &[char], start: usize, end: usize) -> bool {
        let before = sent.get(..start).unwrap_or_default();
        let after = sent.get(end..).unwrap_or_default();
        self.comparison_before.iter().any(|w| before.ends_with(w))
            || self.comparison_after.iter().any(|w| after.starts_with(w))
    }
}

/// Clause ranges of a sentence: split at commas, colons, dashes and wide spaces (titles).
pub(super) fn clauses(sent: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sent.iter().enumerate() {
        if matches!(
            c,
            '，' | ',' | '：' | ':' | '　' | ' ' | '—' | '。' | '！' | '？' | '；' | ';'
        ) {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if sent.len() > start {
        out.push((start, sent.len()));
    }
    if out.is_empty() {
        out.push((0, sent.len()));
    }
    out
}

/// One sentence with its time mentions, as char ranges in it, in text order.
pub(super) struct TimedSentence<'a> {
    pub(super) chars: &'a [char],
    pub(super) times: &'a [(usize, usize)],
    pub(super) words: &'a ClauseWords,
}

/// A trigger clause cut into subject, trigger and object, times removed.
pub(super) struct ClauseParts {
    pub(super) subject: String,
    /// Adverbs right before the trigger (`成功`, `顺利`) plus the trigger.
    pub(super) predicate: String,
    pub(super) object: String,
    /// The whole clause, times removed.
    pub(super) clause: String,
    /// The object is the `同/与/和` partner before the trigger.
    pub(super) partner_before: bool,
    /// The clause before, times removed, when the subject is empty (`报名人数达188.9万` for
    /// `再创历史新高`).
    pub(super) topic: String,
}

impl TimedSentence<'_> {
    /// The chars of `chars[a..b]` without the time mentions (and a preposition just before one).
    pub(super) fn without_times(&self, a: usize, b: usize) -> Vec<char> {
        let mut out = Vec::with_capacity(b.saturating_sub(a));
        // The times are in text order: the next one to meet is found once, not per char.
        let mut next = self.times.partition_point(|&(s, _)| s < a);
        let mut i = a;
        while i < b {
            while self.times.get(next).is_some_and(|&(s, _)| s < i) {
                next += 1;
            }
            if let Some(&(_, e)) = self.times.get(next).filter(|&&(s, _)| s == i) {
                if out
                    .last()
                    .is_some_and(|c| self.words.time_prepositions.contains(c))
                {
                    out.pop();
                }
                i = e.max(i + 1);
                continue;
            }
            if let Some(&c) = self.chars.get(i) {
                out.push(c);
            }
            i += 1;
        }
        out
    }

    /// The clause `c_start..c_end` holding the trigger at `t_start..t_end`, cut into its parts.
    pub(super) fn parts(
        &self,
        c_start: usize,
        c_end: usize,
        t_start: usize,
        t_end: usize,
    ) -> ClauseParts {
        let before: String = self.without_times(c_start, t_start).into_iter().collect();
        let trigger: String = self
            .chars
            .get(t_start..t_end)
            .unwrap_or_default()
            .iter()
            .collect();
        let after: String = self.without_times(t_end, c_end).into_iter().collect();
        let mut adverbs = String::new();
        let mut rest = before.as_str();
        while let Some(a) = self
            .words
            .adverbs
            .iter()
            .find(|a| rest.ends_with(a.as_str()))
        {
            rest = &rest[..rest.len() - a.len()];
            adverbs.insert_str(0, a);
        }
        let rest = rest.trim_end_matches(['了', '的']);
        // The subject ends where the adverbials (在上海, 同…) begin.
        let rest_chars: Vec<char> = rest.chars().collect();
        let cut = rest_chars
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, c)| self.words.prepositions.contains(c))
            .map_or(rest_chars.len(), |(i, _)| i);
        let subject: String = rest_chars.get(..cut).unwrap_or_default().iter().collect();
        let mut object = after.trim_start_matches(['了', '的']).to_string();
        let mut partner_before = false;
        if object.is_empty() {
            // `同…代表座谈`: the partner stands between 同/与/和 and the trigger.
            if let Some(p) = rest_chars
                .iter()
                .enumerate()
                .skip(cut)
                .find(|(_, c)| self.words.partners.contains(c))
                .map(|(i, _)| i)
            {
                object = rest_chars.get(p + 1..).unwrap_or_default().iter().collect();
                partner_before = !object.is_empty();
            }
        }
        let clause: String = before.clone() + &trigger + &after;
        let topic = if subject.chars().count() < 2 {
            clauses(self.chars)
                .into_iter()
                .rfind(|&(_, b)| b < c_start)
                .map(|(a, b)| self.without_times(a, b).into_iter().collect())
                .unwrap_or_default()
        } else {
            String::new()
        };
        ClauseParts {
            subject,
            predicate: adverbs + &trigger,
            object,
            clause,
            partner_before,
            topic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::shipped_lexicon;
    use super::*;

    #[test]
    fn adverbs_join_the_trigger_and_prepositions_end_the_subject() {
        let chars: Vec<char> = "天舟九号货运飞船于7月15日在文昌航天发射场成功发射"
            .chars()
            .collect();
        let sentence = TimedSentence {
            chars: &chars,
            times: &[(9, 14)],
            words: &shipped_lexicon().clause,
        };
        let parts = sentence.parts(0, chars.len(), chars.len() - 2, chars.len());
        assert_eq!(parts.subject, "天舟九号货运飞船");
        assert_eq!(parts.predicate, "成功发射");
        assert_eq!(parts.clause, "天舟九号货运飞船在文昌航天发射场成功发射");
        assert!(parts.object.is_empty() && !parts.partner_before);
    }

    #[test]
    fn clauses_split_at_commas_and_colons() {
        let chars: Vec<char> = "甲，乙：丙".chars().collect();
        assert_eq!(clauses(&chars), [(0, 1), (2, 3), (4, 5)]);
    }
}
