//! How an event stands to its article's date: `reported` (happened at or near publication),
//! `recalled` (earlier history a report looks back on) or `planned` (announced for later), read
//! from cue words before the trigger and from the distance between the event's date and the
//! article's.

use crate::extract::times;
use crate::lexicon::Sections;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An event's relation to the date of the article telling it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Happened at or near the article's date: what the report is about.
    #[default]
    Reported,
    /// Earlier history the report looks back on.
    Recalled,
    /// Announced for later.
    Planned,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::Reported, Relation::Recalled, Relation::Planned];

    /// The lowercase name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Reported => "reported",
            Relation::Recalled => "recalled",
            Relation::Planned => "planned",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Relation::Reported => "报道",
            Relation::Recalled => "回顾",
            Relation::Planned => "计划",
        }
    }

    /// Of the relations the sources of one event have, the one the event takes: once any
    /// report tells it as happening, it happened.
    pub fn strongest(relations: impl IntoIterator<Item = Relation>) -> Relation {
        let mut best = None;
        for r in relations {
            best = Some(match (best, r) {
                (_, Relation::Reported) | (Some(Relation::Reported), _) => Relation::Reported,
                (Some(Relation::Planned), _) | (_, Relation::Planned) => Relation::Planned,
                _ => Relation::Recalled,
            });
        }
        best.unwrap_or_default()
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A happening more than this many days before its article's date is history recalled.
const RECALLED_AFTER_DAYS: i64 = 31;

/// The cue words of `assets/events/words.txt`.
#[derive(Debug, Clone, Default)]
pub(super) struct RelationWords {
    /// Before a trigger in its clause: it is announced for later (`将于`, `计划`, `拟`).
    planned: Vec<String>,
    /// Before a trigger in its clause: the report looks back (`曾`, `早在`, `回顾`).
    recalled: Vec<String>,
    /// In a sentence with no time: it sums up a stretch of time (`期间`, `先后`, `累计`), so
    /// the report's day does not date it.
    span_words: Vec<String>,
    /// In a title, subtitle or kicker: the article reviews years (`综述`, `回眸`), so its
    /// sentences without a time of their own are not dated by its dateline.
    review_words: Vec<String>,
}

impl RelationWords {
    pub(super) const SECTIONS: &[&str] = &[
        "relation.planned",
        "relation.recalled",
        "relation.span",
        "relation.review",
    ];

    pub(super) fn from_sections(sections: &Sections) -> RelationWords {
        RelationWords {
            planned: sections.words("relation.planned").to_vec(),
            recalled: sections.words("relation.recalled").to_vec(),
            span_words: sections.words("relation.span").to_vec(),
            review_words: sections.words("relation.review").to_vec(),
        }
    }

    /// Does a headline (title, subtitle or kicker) say the article reviews a stretch of years?
    pub(super) fn reviews(&self, headline: &str) -> bool {
        holds_any(headline, &self.review_words)
    }

    /// Does a sentence sum up a stretch of time rather than tell one day's happening?
    pub(super) fn sums_up(&self, sentence: &str) -> bool {
        holds_any(sentence, &self.span_words)
    }

    /// Does `lead` (the clause before a trigger) say the happening is yet to come?
    pub(super) fn announces_plan(&self, lead: &str) -> bool {
        lead.ends_with('将') || holds_any(lead, &self.planned)
    }

    /// The relation of a happening whose trigger follows `lead` in its clause (the clause's
    /// text before the trigger), dated `value`, told in an article of `published`.
    pub(super) fn relation(
        &self,
        lead: &str,
        value: &str,
        published: Option<NaiveDate>,
    ) -> Relation {
        let range = times::value_range(value);
        if let (Some((start, end)), Some(day)) = (range, published) {
            if start > day {
                return Relation::Planned;
            }
            if (day - end).num_days() > RECALLED_AFTER_DAYS {
                return Relation::Recalled;
            }
        }
        if self.announces_plan(lead) {
            Relation::Planned
        } else if holds_any(lead, &self.recalled) {
            Relation::Recalled
        } else {
            Relation::Reported
        }
    }
}

/// Does `text` hold any of `words`?
fn holds_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> RelationWords {
        RelationWords {
            planned: vec!["将于".into(), "计划".into()],
            recalled: vec!["早在".into()],
            span_words: Vec::new(),
            review_words: vec!["综述".into()],
        }
    }

    #[test]
    fn dates_far_from_publication_are_recalled_or_planned() {
        let day = NaiveDate::from_ymd_opt(2024, 11, 4);
        let w = words();
        assert_eq!(w.relation("", "2024-11-04", day), Relation::Reported);
        assert_eq!(w.relation("", "2024-10-20", day), Relation::Reported);
        assert_eq!(w.relation("", "1921-07", day), Relation::Recalled);
        assert_eq!(w.relation("", "2024-11-06", day), Relation::Planned);
        assert_eq!(w.relation("", "2025", day), Relation::Planned);
        // Cues decide where the date does not.
        assert_eq!(w.relation("双方将于", "2024-11", day), Relation::Planned);
        assert_eq!(w.relation("早在", "2024-11", day), Relation::Recalled);
        assert_eq!(w.relation("他将", "2024-11", day), Relation::Planned);
        assert_eq!(w.relation("", "2024-11", None), Relation::Reported);
    }

    #[test]
    fn an_event_once_reported_is_reported() {
        use Relation::*;
        assert_eq!(Relation::strongest([Planned, Reported]), Reported);
        assert_eq!(Relation::strongest([Recalled, Planned]), Planned);
        assert_eq!(Relation::strongest([Recalled]), Recalled);
        assert_eq!(Relation::strongest([]), Reported);
    }
}
