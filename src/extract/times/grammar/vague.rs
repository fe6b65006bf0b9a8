//! Vague times, reported with an empty value: the words of `vague.tsv` (当前, 近日, 多年来; 以后,
//! 之前 only at a clause start) and stretches of time the text leaves open (近一段时间, 这几天,
//! 前些年, 一段时间以来).

use super::{Hit, Val};
use crate::extract::times::Mod;
use crate::extract::times::scan::{Scanner, opens_with};
use crate::text::is_han;

/// The stretches after a lead word (近, 这, 前 …): a count the text leaves open and its unit.
const STRETCHES: &[&str] = &[
    "一段时间",
    "一段时期",
    "一段日子",
    "段时间",
    "段时期",
    "段日子",
    "一个时期",
    "个时期",
    "一阵子",
    "阵子",
    "几天",
    "几日",
    "几年",
    "几个月",
    "几周",
    "几个星期",
    "些天",
    "些日子",
    "些年",
    "些时候",
    "些时日",
    "一些日子",
];

/// Stretches that are a time without a lead word when 以来 or 来 follows (一段时间以来).
const SINCE_STRETCHES: &[&str] = &["一段时间", "一段时期", "一个时期"];

impl Scanner<'_> {
    /// A vague word or an open stretch of time at `i`, the longer if both.
    pub(super) fn vague_at(&self, i: usize) -> Option<Hit> {
        match (self.vague_word_at(i), self.stretch_at(i)) {
            (Some(w), Some(s)) => Some(if s.end > w.end { s } else { w }),
            (w, s) => w.or(s),
        }
    }

    /// Whether `i` opens a clause: the sentence start, or after punctuation or a space (not
    /// inside a title: 《过去的新闻》).
    pub fn clause_start(&self, i: usize) -> bool {
        i == self.sent_start
            || self
                .before(i)
                .is_none_or(|p| !is_han(p) && !p.is_alphanumeric() && !"《〈".contains(p))
    }

    fn vague_word_at(&self, i: usize) -> Option<Hit> {
        let first = self.at(i)?;
        let (end, word) = self
            .lex
            .words
            .vague
            .iter()
            .filter(|v| opens_with(&v.word, first))
            .filter_map(|v| self.lit(i, &v.word).map(|e| (e, v)))
            .filter(|(e, v)| {
                !v.next.holds(self.at(*e))
                    && !v.prev.holds(self.before(i))
                    && (!v.clause_only || self.clause_start(i))
            })
            .max_by_key(|(e, _)| *e)?;
        let mut hit = Hit::new(end, Val::Vague);
        hit.modifier = word.modifier;
        Some(hit)
    }

    /// 近一段时间, 这几天, 前些年, 今后一个时期; 一段时间以来 without a lead word.
    fn stretch_at(&self, i: usize) -> Option<Hit> {
        let words = &self.lex.words;
        let lead = self.lit_first(i, &words.stretch_leads);
        if lead.is_some() && words.stretch_lead_prev.holds(self.before(i)) {
            return None;
        }
        let j = lead.unwrap_or(i);
        let stretches = if lead.is_some() {
            STRETCHES
        } else {
            SINCE_STRETCHES
        };
        let e = stretches.iter().filter_map(|w| self.lit(j, w)).max()?;
        let mut hit = Hit::new(e, Val::Vague);
        if let Some(k) = self.lit(e, "以来").or_else(|| self.lit(e, "来")) {
            hit.end = k;
            hit.modifier = Mod::Since;
        } else if lead.is_none() {
            return None;
        } else if let Some(k) = ["之内", "以内", "内", "里"]
            .iter()
            .find_map(|w| self.lit(e, w))
        {
            hit.end = k;
        }
        Some(hit)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::times::{Mod, Precision, TimeLexicon, find_times};

    fn vague(text: &str) -> Vec<(String, Mod)> {
        let lexicon = TimeLexicon::shipped().expect("shipped time lexicon");
        let day = chrono::NaiveDate::from_ymd_opt(2024, 11, 4);
        find_times(&lexicon, text, day)
            .into_iter()
            .filter(|m| m.precision == Precision::Vague && m.value.is_empty())
            .map(|m| (m.text, m.modifier))
            .collect()
    }

    #[test]
    fn clause_words_are_times_only_at_a_clause_start() {
        assert_eq!(
            vague("以后，我们还要努力。"),
            [("以后".to_string(), Mod::None)]
        );
        assert_eq!(
            vague("他说：“之前，我们谈过。”"),
            [("之前".to_string(), Mod::None)]
        );
        assert!(vague("毕业以后他回到家乡。").is_empty());
        assert!(vague("所以后来大家都很佩服他。").is_empty());
        assert!(vague("栏目有《过去的新闻》。").is_empty());
    }

    #[test]
    fn words_inside_longer_words_stay_silent() {
        assert!(vague("申请人应当前往派出所办理。").is_empty());
        assert!(vague("项目前期工作进展顺利。").is_empty());
        assert!(vague("问题体现在三个方面。").is_empty());
        assert_eq!(
            vague("目前，工程进展顺利。"),
            [("目前".to_string(), Mod::None)]
        );
    }

    #[test]
    fn open_stretches_take_their_lead_and_since() {
        assert_eq!(
            vague("近一段时间，"),
            [("近一段时间".to_string(), Mod::None)]
        );
        assert_eq!(
            vague("一段时间以来，"),
            [("一段时间以来".to_string(), Mod::Since)]
        );
        assert_eq!(
            vague("今后一个时期，"),
            [("今后一个时期".to_string(), Mod::None)]
        );
        // Without a lead or 以来, 一段时间 is no time of its own.
        assert!(vague("这需要一段时间。").is_empty());
        // 提前几天: 前 belongs to 提前.
        assert_eq!(vague("提前几天抵达"), [("几天".to_string(), Mod::None)]);
    }
}
