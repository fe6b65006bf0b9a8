//! The user's corrections of an analysis: entities merged, split, renamed, re-kinded or hidden;
//! events rejected, retitled, re-kinded or re-dated. They are user data, kept apart from the
//! store (which holds only what can be computed again) in a transactional journal
//! ([`journal`]), and applied to every analysis of their bundle ([`apply`]), in the CLI's
//! outputs, exports and the app alike.
//!
//! A correction names what it changes the way a person and a newer model would both find it
//! again: an entity by its canonical name (or an alias), an event by the sentence that first
//! tells it (file, the article's first line, part, paragraph and character offset) and its kind;
//! never by an internal id, which changes when the bundle or the model does.

pub mod apply;
pub mod journal;

use crate::bundle::Part;
use crate::extract::events::EventKind;
use crate::extract::ner::EntityKind;
use crate::extract::times::{self, Precision};
use crate::knowledge::timeline::Event;
use serde::{Deserialize, Serialize};

pub use apply::{Applied, apply};
pub use journal::{Entry, Journal, JournalError};

/// One correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Correction {
    /// `from` and its mentions become part of `into`; `from`'s names become aliases.
    Merge {
        into: String,
        from: String,
    },
    /// The mentions of `entity` written `alias` become an entity of their own.
    Split {
        entity: String,
        alias: String,
    },
    /// `entity` is called `to`; the old name stays an alias.
    Rename {
        entity: String,
        to: String,
    },
    /// `entity` is of another kind.
    SetKind {
        entity: String,
        kind: EntityKind,
    },
    /// `entity` and its mentions are gone from entities, events and exports.
    Hide {
        entity: String,
    },
    /// The event is not one.
    RejectEvent {
        event: EventKey,
    },
    RetitleEvent {
        event: EventKey,
        title: String,
    },
    SetEventKind {
        event: EventKey,
        kind: EventKind,
    },
    /// The event happened on another date (a TIMEX3 value: `2024-11-04`, `2024-11`, `2024`).
    SetEventDate {
        event: EventKey,
        value: String,
    },
}

/// An event as a correction names it: the first sentence telling it, and its kind and title
/// when the correction was made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventKey {
    /// The file the article was read from, as the bundle names it.
    pub file: String,
    /// The article's first line in that file.
    pub line: usize,
    pub part: Part,
    pub index: u32,
    /// The sentence's first character in its text.
    pub start: u32,
    pub kind: EventKind,
    /// For people reading a corrections file; not used to match.
    pub title: String,
}

impl EventKey {
    /// The key of an event as it stands: its first source, kind and title. `None` for an event
    /// without a source (none is built so).
    pub fn of(event: &Event) -> Option<EventKey> {
        let source = event.sources.first()?;
        Some(EventKey {
            file: source.citation.file.clone(),
            line: source.citation.line,
            part: source.span.part,
            index: source.span.index,
            start: source.span.start,
            kind: event.kind,
            title: event.title.clone(),
        })
    }
}

impl Correction {
    /// Whether applying it needs the entity table (entity corrections, which also renumber the
    /// entities events name).
    pub fn needs_entities(&self) -> bool {
        !self.is_event_correction()
    }

    /// Whether applying it needs the articles' text (a split reads how each mention is written).
    pub fn needs_text(&self) -> bool {
        matches!(self, Correction::Split { .. })
    }

    fn is_event_correction(&self) -> bool {
        matches!(
            self,
            Correction::RejectEvent { .. }
                | Correction::RetitleEvent { .. }
                | Correction::SetEventKind { .. }
                | Correction::SetEventDate { .. }
        )
    }

    /// One line for people: `merge 中华人民共和国 into 中国`.
    pub fn describe(&self) -> String {
        match self {
            Correction::Merge { into, from } => format!("merge {from} into {into}"),
            Correction::Split { entity, alias } => format!("split {alias} off {entity}"),
            Correction::Rename { entity, to } => format!("rename {entity} to {to}"),
            Correction::SetKind { entity, kind } => format!("make {entity} {kind}"),
            Correction::Hide { entity } => format!("hide {entity}"),
            Correction::RejectEvent { event } => format!("reject event {}", event.describe()),
            Correction::RetitleEvent { event, title } => {
                format!("retitle event {} as {title}", event.describe())
            }
            Correction::SetEventKind { event, kind } => {
                format!("make event {} {}", event.describe(), kind.as_str())
            }
            Correction::SetEventDate { event, value } => {
                format!("date event {} {value}", event.describe())
            }
        }
    }
}

impl EventKey {
    fn describe(&self) -> String {
        format!("《{}》 ({}:{})", self.title, self.file, self.line)
    }
}

/// The precision a TIMEX3 date value states: `2024` a year, `2024-11` a month, `2024-Q3` a
/// quarter, `2024-11-04` a day, `…T15` an hour, `…T15:30` a minute, `a/b` an interval. `None`
/// for what a timeline cannot place (no dates in the supported years).
pub fn date_value_precision(value: &str) -> Option<Precision> {
    times::value_range(value)?;
    if value.contains('/') {
        return Some(Precision::Interval);
    }
    let (date, clock) = match value.split_once('T') {
        Some((d, c)) => (d, Some(c)),
        None => (value, None),
    };
    if let Some(clock) = clock {
        return Some(if clock.contains(':') {
            Precision::Minute
        } else {
            Precision::Hour
        });
    }
    Some(match date.len() {
        4 => Precision::Year,
        7 if date.contains('Q') => Precision::Quarter,
        7 => Precision::Month,
        _ => Precision::Day,
    })
}

/// The corrections of one bundle as a file people share: `{"kanbao_corrections": 1,
/// "corrections": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionsFile {
    /// The file format's version.
    pub kanbao_corrections: u32,
    pub corrections: Vec<Correction>,
}

/// The version [`CorrectionsFile`] writes and reads.
pub const FILE_VERSION: u32 = 1;

impl CorrectionsFile {
    pub fn new(corrections: Vec<Correction>) -> CorrectionsFile {
        CorrectionsFile {
            kanbao_corrections: FILE_VERSION,
            corrections,
        }
    }

    /// Pretty JSON, ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// A corrections file read back; an error says what is wrong in one line.
    pub fn from_json(bytes: &[u8]) -> Result<CorrectionsFile, String> {
        let file: CorrectionsFile = serde_json::from_slice(bytes)
            .map_err(|e| format!("not a kanbao corrections file ({e})"))?;
        if file.kanbao_corrections != FILE_VERSION {
            return Err(format!(
                "corrections file version {} (this build reads {FILE_VERSION})",
                file.kanbao_corrections
            ));
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_follows_the_value() {
        assert_eq!(date_value_precision("2024"), Some(Precision::Year));
        assert_eq!(date_value_precision("2024-11"), Some(Precision::Month));
        assert_eq!(date_value_precision("2024-Q3"), Some(Precision::Quarter));
        assert_eq!(date_value_precision("2024-11-04"), Some(Precision::Day));
        assert_eq!(date_value_precision("2024-11-04T15"), Some(Precision::Hour));
        assert_eq!(
            date_value_precision("2024-11-04T15:30"),
            Some(Precision::Minute)
        );
        assert_eq!(
            date_value_precision("2024-11-04/2024-11-06"),
            Some(Precision::Interval)
        );
        assert_eq!(date_value_precision("yesterday"), None);
        assert_eq!(date_value_precision("2024-13-01"), None);
    }

    #[test]
    fn a_corrections_file_reads_back_and_names_its_faults() {
        let file = CorrectionsFile::new(vec![
            Correction::Merge {
                into: "中国".into(),
                from: "中华人民共和国".into(),
            },
            Correction::SetKind {
                entity: "华为".into(),
                kind: EntityKind::Org,
            },
        ]);
        let json = file.to_json();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(text.contains("\"op\": \"merge\""), "{text}");
        assert_eq!(CorrectionsFile::from_json(&json).unwrap(), file);
        let err = CorrectionsFile::from_json(b"{\"kanbao_corrections\": 9, \"corrections\": []}")
            .unwrap_err();
        assert!(err.contains("version 9"), "{err}");
        let err = CorrectionsFile::from_json(b"[1, 2]").unwrap_err();
        assert!(err.starts_with("not a kanbao corrections file"), "{err}");
    }
}
