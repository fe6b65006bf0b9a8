//! The trigger lexicon (`assets/events/triggers.tsv`): words that mark a happening of a kind, with
//! the words a sentence must hold and the longer words that are no happening; and matching it.

use super::EventKind;
use crate::lexicon::{self, AssetText, LexiconError};
use std::collections::HashMap;

/// One trigger of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub word: String,
    pub kind: EventKind,
    /// The sentence must contain one of these (empty: no condition).
    pub requires: Vec<String>,
    /// Longer words holding the trigger that are not happenings.
    pub except: Vec<String>,
}

/// The trigger lexicon: words that mark happenings, looked up by their first char.
#[derive(Debug, Clone, Default)]
pub struct Triggers {
    triggers: Vec<Trigger>,
    /// First char → trigger indexes, longest word first, then lexicon order.
    by_first: HashMap<char, Vec<usize>>,
}

/// The `|`-separated words of a column (empty column: none).
fn word_list(column: &str) -> Vec<String> {
    column
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl Triggers {
    /// Parses a table in the `triggers.tsv` format: trigger, kind, then optional `requires` and
    /// `except` columns; errors name the file and the line.
    pub fn parse(asset: AssetText) -> Result<Triggers, LexiconError> {
        let mut triggers = Vec::new();
        for row in lexicon::table(asset, 2, 4)? {
            let word = row.field(0);
            if word.is_empty() {
                return Err(row.error("empty trigger"));
            }
            let kind: EventKind = row.parse(1, "event kind")?;
            let requires = word_list(row.field(2));
            let except = word_list(row.field(3));
            if let Some(x) = except.iter().find(|x| !x.contains(word)) {
                return Err(row.error(format!("exception `{x}` does not contain `{word}`")));
            }
            triggers.push(Trigger {
                word: word.to_string(),
                kind,
                requires,
                except,
            });
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, t) in triggers.iter().enumerate() {
            if let Some(c) = t.word.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| {
                (
                    std::cmp::Reverse(triggers.get(i).map_or(0, |t| t.word.chars().count())),
                    i,
                )
            });
        }
        Ok(Triggers { triggers, by_first })
    }

    pub fn len(&self) -> usize {
        self.triggers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triggers.is_empty()
    }

    /// Trigger matches in `chars` (one sentence): (char start, char end, trigger), left to right,
    /// longest first, never overlapping.
    pub(super) fn find(&self, chars: &[char], sentence: &str) -> Vec<(usize, usize, &Trigger)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let hit = chars
                .get(i)
                .and_then(|c| self.by_first.get(c))
                .and_then(|list| {
                    list.iter()
                        .filter_map(|&t| self.triggers.get(t))
                        .find(|t| t.matches_at(chars, i, sentence))
                });
            match hit {
                Some(t) => {
                    let len = t.word.chars().count();
                    if !names_an_anniversary(chars, i + len) {
                        found.push((i, i + len, t));
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }
}

impl Trigger {
    /// Does this trigger stand at `at` in `chars`, its sentence holding a required word and the
    /// trigger not inside one of its exceptions?
    fn matches_at(&self, chars: &[char], at: usize, sentence: &str) -> bool {
        let len = self.word.chars().count();
        chars
            .get(at..at + len)
            .is_some_and(|w| w.iter().copied().eq(self.word.chars()))
            && (self.requires.is_empty()
                || self.requires.iter().any(|r| sentence.contains(r.as_str())))
            && !self
                .except
                .iter()
                .any(|x| inside_exception(chars, at, &self.word, x))
    }
}

/// Does a count of years and `周年` follow at `at` (成立`一百周年`, 逝世`20周年`)? Then the trigger
/// before it names what an anniversary remembers, not a happening of the report's time.
fn names_an_anniversary(chars: &[char], at: usize) -> bool {
    const MAX_COUNT_CHARS: usize = 6;
    let rest = chars.get(at..).unwrap_or_default();
    let count = rest
        .iter()
        .take(MAX_COUNT_CHARS)
        .take_while(|&&c| crate::extract::rules::is_numeral(c) || c == '千')
        .count();
    count > 0 && rest.get(count..count + 2) == Some(&['周', '年'])
}

/// Is the trigger `word` at `at` part of the longer word `exception` there?
fn inside_exception(chars: &[char], at: usize, word: &str, exception: &str) -> bool {
    let x: Vec<char> = exception.chars().collect();
    let w: Vec<char> = word.chars().collect();
    (0..=x.len().saturating_sub(w.len()))
        .filter(|&o| x.get(o..o + w.len()) == Some(&w[..]))
        .any(|o| {
            at.checked_sub(o)
                .and_then(|s| chars.get(s..s + x.len()))
                .is_some_and(|span| span == &x[..])
        })
}

#[cfg(test)]
mod tests {
    use super::super::tests::events;
    use super::*;

    fn parse(text: &'static str) -> Result<Triggers, LexiconError> {
        Triggers::parse(AssetText {
            path: "x.tsv",
            text,
        })
    }

    #[test]
    fn shipped_triggers_cover_every_kind() {
        let t = Triggers::parse(crate::asset_text!("events/triggers.tsv")).expect("lexicon parses");
        assert!(t.len() > 50);
        // `other` is a dated sentence with no trigger: no word names it.
        for kind in EventKind::ALL
            .into_iter()
            .filter(|&k| k != EventKind::Other)
        {
            assert!(
                t.triggers.iter().any(|tr| tr.kind == kind),
                "no trigger for {kind}"
            );
        }
    }

    #[test]
    fn bad_lexicon_lines_are_reported_with_file_and_line() {
        let err = parse("# c\n发射\tlaunchx\n").expect_err("bad kind");
        assert_eq!(err.to_string(), "bad event kind `launchx`: x.tsv:2");
        let err = parse("发射\tlaunch\t\t着陆场\n").expect_err("bad except");
        assert!(err.to_string().contains("does not contain"));
        assert_eq!(err.line, 1);
        let err = parse("发射\n").expect_err("no kind");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn news_beyond_missions_and_diplomacy_has_its_kinds() {
        let kinds = |s: &str| -> Vec<EventKind> {
            events(&[s], "2023-06-07").iter().map(|e| e.kind).collect()
        };
        assert_eq!(
            kinds("6日，北方多地出现大风降温和降雪天气。"),
            [EventKind::Weather]
        );
        assert_eq!(
            kinds("6月6日0—24时，全省报告新增确诊病例11例。"),
            [EventKind::Epidemic]
        );
        assert_eq!(
            kinds("法院6日一审宣判，判处被告人有期徒刑十年。"),
            [EventKind::Justice]
        );
        assert_eq!(
            kinds("两国海军6日开始举行联合演习。"),
            [EventKind::Military]
        );
        assert_eq!(
            kinds("6日，数千名民众在首都举行集会，抗议物价上涨。"),
            [EventKind::Protest]
        );
        assert_eq!(
            kinds("今天，全国铁路预计发送旅客1100万人次。"),
            [EventKind::Travel]
        );
        assert_eq!(
            kinds("1至5月，全省进出口总值同比增长6.2%。"),
            [EventKind::Economy]
        );
        // A growth with no figure is no economic figure.
        assert!(
            kinds("今年，全省经济持续增长。")
                .iter()
                .all(|&k| k == EventKind::Other)
        );
    }

    #[test]
    fn an_anniversary_is_no_happening_of_what_it_remembers() {
        let ev = events(
            &["庆祝中国共产党成立一百周年大会1日上午在北京天安门广场隆重举行。"],
            "2021-07-02",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].kind, EventKind::Conference);
        assert_eq!(ev[0].time.value, "2021-07-01TMO");
        let ev = events(
            &["2019年10月1日，新中国成立70周年纪念活动在京举行。"],
            "2019-10-02",
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Founding), "{ev:#?}");
        // A founding itself still is one.
        let ev = events(&["2019年10月1日，研究院在京成立。"], "2019-10-02");
        assert_eq!(ev.first().map(|e| e.kind), Some(EventKind::Founding));
    }

    #[test]
    fn place_names_holding_a_trigger_are_not_triggers() {
        // 发射场 and 着陆场 alone are places, not happenings.
        let ev = events(&["5月3日，记者来到海南文昌航天发射场参观。"], "2025-05-04");
        assert!(ev.iter().all(|e| e.kind != EventKind::Launch), "{ev:#?}");
    }
}
