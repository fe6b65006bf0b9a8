//! The store's sections as bytes: each a postcard encoding, lz4-compressed, checked by xxh3.
//!
//! The entity table is kept by columns (mentions as six runs of small integers, article lists
//! delta-coded); its indexes by entity and by article are rebuilt on reading, which costs less
//! than storing them. The timeline and search index are kept as they are.

use crate::bundle::{ArticleId, Part, TextSpan, Warning};
use crate::extract::ner::EntityKind;
use crate::ids::EntityId;
use crate::knowledge::entities::{Entity, EntityTable, Mention, Role};
use crate::knowledge::entity_lexicon::EntityLexicon;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// The version of the sections' encoding; part of every fingerprint, so a store written in
/// another format is stale, never misread.
pub const FORMAT: u32 = 2;

/// A section that failed its check or its decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("section {section}: {problem}")]
pub struct SectionError {
    pub section: String,
    pub problem: String,
}

/// `value` encoded and compressed.
pub fn encode<T: Serialize>(section: &str, value: &T) -> Result<Vec<u8>, SectionError> {
    compress(section, postcard::to_stdvec(value))
}

/// The value of stored bytes, after checking them against their checksum (xxh3-64, as the
/// container records it).
pub fn decode<T: DeserializeOwned>(
    section: &str,
    packed: &[u8],
    sum: u64,
) -> Result<T, SectionError> {
    let plain = unpack(section, packed, sum)?;
    postcard::from_bytes(&plain).map_err(|e| problem(section, format!("cannot decode: {e}")))
}

/// `value` as JSON, compressed: for types whose serde attributes only a self-describing format
/// reads back (skipped empty fields, tagged enums; the articles a store folder carries).
pub fn encode_json<T: Serialize>(section: &str, value: &T) -> Result<Vec<u8>, SectionError> {
    compress(section, serde_json::to_vec(value))
}

/// The value of bytes written by [`encode_json`], checked as [`decode`] checks.
pub fn decode_json<T: DeserializeOwned>(
    section: &str,
    packed: &[u8],
    sum: u64,
) -> Result<T, SectionError> {
    let plain = unpack(section, packed, sum)?;
    serde_json::from_slice(&plain).map_err(|e| problem(section, format!("cannot decode: {e}")))
}

fn problem(section: &str, problem: String) -> SectionError {
    SectionError {
        section: section.to_string(),
        problem,
    }
}

/// Encoded bytes compressed, or the encoder's error as the section's.
fn compress(
    section: &str,
    plain: Result<Vec<u8>, impl std::fmt::Display>,
) -> Result<Vec<u8>, SectionError> {
    let plain = plain.map_err(|e| problem(section, format!("cannot encode: {e}")))?;
    Ok(lz4_flex::compress_prepend_size(&plain))
}

/// Stored bytes checked against their checksum and decompressed.
fn unpack(section: &str, packed: &[u8], sum: u64) -> Result<Vec<u8>, SectionError> {
    if xxh3_64(packed) != sum {
        return Err(problem(section, "checksum mismatch".into()));
    }
    lz4_flex::decompress_size_prepended(packed)
        .map_err(|e| problem(section, format!("cannot decompress: {e}")))
}

/// One entity as stored: its id is its position.
#[derive(Serialize, Deserialize)]
struct EntityRecord {
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    reporter: bool,
    count: u32,
    /// Article ids, each as the step from the one before.
    articles: Vec<u32>,
}

/// The mentions by column, in table order.
#[derive(Serialize, Deserialize, Default)]
struct MentionColumns {
    /// Article ids, each as the step from the one before (mentions are sorted by article).
    article: Vec<u32>,
    part: Vec<u8>,
    index: Vec<u32>,
    start: Vec<u32>,
    /// `end - start`.
    len: Vec<u32>,
    entity: Vec<u32>,
}

/// The entity table as stored.
#[derive(Serialize, Deserialize)]
pub struct EntitiesSection {
    entities: Vec<EntityRecord>,
    mentions: MentionColumns,
}

fn deltas(ids: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut last = 0u32;
    ids.map(|id| {
        let step = id.wrapping_sub(last);
        last = id;
        step
    })
    .collect()
}

fn undeltas(steps: &[u32]) -> impl Iterator<Item = u32> + '_ {
    steps.iter().scan(0u32, |last, &step| {
        *last = last.wrapping_add(step);
        Some(*last)
    })
}

fn part_code(part: Part) -> u8 {
    match part {
        Part::Title => 0,
        Part::Subtitles => 1,
        Part::Headings => 2,
        Part::Paragraphs => 3,
        Part::Captions => 4,
    }
}

fn part_of(code: u8) -> Option<Part> {
    Part::ALL.get(usize::from(code)).copied()
}

impl EntitiesSection {
    pub fn of(table: &EntityTable) -> EntitiesSection {
        let entities = table
            .entities
            .iter()
            .map(|e| EntityRecord {
                name: e.name.clone(),
                kind: e.kind,
                aliases: e.aliases.clone(),
                reporter: e.role == Some(Role::Reporter),
                count: e.count,
                articles: deltas(e.articles.iter().map(|a| a.index() as u32)),
            })
            .collect();
        let m = &table.mentions;
        let mentions = MentionColumns {
            article: deltas(m.iter().map(|m| m.span.article.index() as u32)),
            part: m.iter().map(|m| part_code(m.span.part)).collect(),
            index: m.iter().map(|m| m.span.index).collect(),
            start: m.iter().map(|m| m.span.start).collect(),
            len: m
                .iter()
                .map(|m| m.span.end.saturating_sub(m.span.start))
                .collect(),
            entity: m.iter().map(|m| m.entity.index() as u32).collect(),
        };
        EntitiesSection { entities, mentions }
    }

    /// The table again, for a bundle of `articles` articles; `Err` if the columns disagree or
    /// point outside the bundle (a damaged store that passed its checksum).
    pub fn into_table(
        self,
        articles: usize,
        names: Arc<EntityLexicon>,
    ) -> Result<EntityTable, SectionError> {
        let damaged = |problem: &str| SectionError {
            section: "entities".into(),
            problem: problem.into(),
        };
        let c = &self.mentions;
        let n = c.article.len();
        if [
            c.part.len(),
            c.index.len(),
            c.start.len(),
            c.len.len(),
            c.entity.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return Err(damaged("mention columns of unequal length"));
        }
        let entity_count = self.entities.len();
        let mut mentions = Vec::with_capacity(n);
        for (i, article) in undeltas(&c.article).enumerate() {
            let part = part_of(c.part[i]).ok_or_else(|| damaged("unknown part"))?;
            if article as usize >= articles || c.entity[i] as usize >= entity_count {
                return Err(damaged("a mention points outside the bundle"));
            }
            mentions.push(Mention {
                span: TextSpan {
                    article: ArticleId::new(article),
                    part,
                    index: c.index[i],
                    start: c.start[i],
                    end: c.start[i].saturating_add(c.len[i]),
                },
                entity: EntityId::new(c.entity[i]),
            });
        }
        let entities = self
            .entities
            .into_iter()
            .enumerate()
            .map(|(i, r)| Entity {
                id: EntityId::new(i as u32),
                name: r.name,
                kind: r.kind,
                aliases: r.aliases,
                role: r.reporter.then_some(Role::Reporter),
                count: r.count,
                articles: undeltas(&r.articles).map(ArticleId::new).collect(),
            })
            .collect();
        Ok(EntityTable::from_parts(entities, mentions, articles, names))
    }
}

/// The load's warnings as stored: (file, message).
pub fn warnings_section(warnings: &[Warning]) -> Vec<(String, String)> {
    warnings
        .iter()
        .map(|w| (w.file.clone(), w.message.clone()))
        .collect()
}

pub fn warnings_of(section: Vec<(String, String)>) -> Vec<Warning> {
    section
        .into_iter()
        .map(|(file, message)| Warning { file, message })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::timeline::Timeline;

    #[test]
    fn a_damaged_section_is_refused_not_misread() {
        let mut bytes = encode("t", &vec![1u32, 2, 3]).expect("encode");
        let sum = xxh3_64(&bytes);
        assert_eq!(decode::<Vec<u32>>("t", &bytes, sum), Ok(vec![1, 2, 3]));
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let err = decode::<Vec<u32>>("t", &bytes, sum).expect_err("damaged");
        assert_eq!(err.problem, "checksum mismatch");
        // Bytes that pass the check but are no encoding of the type.
        let junk = lz4_flex::compress_prepend_size(&[0xff; 3]);
        let sum = xxh3_64(&junk);
        assert!(decode::<Timeline>("t", &junk, sum).is_err());
    }

    #[test]
    fn delta_coding_round_trips() {
        let ids = [0u32, 3, 3, 9, 4_000_000];
        let steps = deltas(ids.iter().copied());
        assert_eq!(undeltas(&steps).collect::<Vec<_>>(), ids);
    }
}
