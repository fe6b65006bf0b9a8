//! The store's sections as bytes: each a postcard encoding, lz4-compressed (the frame format,
//! compressed as it is encoded: no plain copy of a section is ever held), checked by xxh3.
//!
//! The entity table is kept by columns (mentions as six runs of small integers, article lists
//! delta-coded); its indexes by entity and by article are rebuilt on reading, which costs less
//! than storing them. The timeline and search index are kept as they are.

use crate::bundle::{ArticleId, Part, TextSpan, Warning};
use crate::extract::ner::EntityKind;
use crate::ids::EntityId;
use crate::knowledge::entities::{Entity, EntityTable, Mention, Role};
use crate::knowledge::entity_lexicon::EntityLexicon;
use lz4_flex::frame::{FrameDecoder, FrameEncoder};
use serde::de::DeserializeOwned;
use serde::ser::SerializeStruct as _;
use serde::{Deserialize, Serialize, Serializer};
use std::io::{Read as _, Write};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// The version of the sections' encoding; part of every fingerprint, so a store written in
/// another format is stale, never misread.
pub const FORMAT: u32 = 3;

/// A section that failed its check or its decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("section {section}: {problem}")]
pub struct SectionError {
    pub section: String,
    pub problem: String,
}

/// `value` encoded and compressed.
pub fn encode<T: Serialize>(section: &str, value: &T) -> Result<Vec<u8>, SectionError> {
    encode_into(section, value, Vec::new())
}

/// `value` encoded and compressed into `out` as it is encoded; `out` back, flushed.
pub fn encode_into<T: Serialize, W: Write>(
    section: &str,
    value: &T,
    out: W,
) -> Result<W, SectionError> {
    compress_into(section, out, |lz| {
        postcard::to_io(value, lz)
            .map(drop)
            .map_err(|e| e.to_string())
    })
}

/// What `write` writes, compressed into `out` as it is written; `out` back, flushed. For
/// sections whose encoding is written by hand ([`crate::knowledge::search::SearchIndexBuilder`]).
pub fn compress_into<W: Write>(
    section: &str,
    out: W,
    write: impl FnOnce(&mut FrameEncoder<W>) -> Result<(), String>,
) -> Result<W, SectionError> {
    let cannot = |e: String| problem(section, format!("cannot encode: {e}"));
    let mut lz = FrameEncoder::new(out);
    write(&mut lz).map_err(cannot)?;
    lz.finish().map_err(|e| cannot(e.to_string()))
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
    compress_into(section, Vec::new(), |lz| {
        serde_json::to_writer(lz, value).map_err(|e| e.to_string())
    })
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

/// Stored bytes checked against their checksum and decompressed.
fn unpack(section: &str, packed: &[u8], sum: u64) -> Result<Vec<u8>, SectionError> {
    if xxh3_64(packed) != sum {
        return Err(problem(section, "checksum mismatch".into()));
    }
    let mut plain = Vec::with_capacity(packed.len().saturating_mul(2));
    FrameDecoder::new(packed)
        .read_to_end(&mut plain)
        .map_err(|e| problem(section, format!("cannot decompress: {e}")))?;
    Ok(plain)
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
pub struct MentionColumns {
    /// Article ids, each as the step from the one before (mentions are sorted by article).
    article: Vec<u32>,
    part: Vec<u8>,
    index: Vec<u32>,
    start: Vec<u32>,
    /// `end - start`.
    len: Vec<u32>,
    entity: Vec<u32>,
}

/// The entity table as encoded: its entities, and its mentions inline (in memory) or none (a
/// store keeps them in [`mentions_section`]s).
#[derive(Serialize, Deserialize)]
pub struct EntitiesSection {
    entities: Vec<EntityRecord>,
    mentions: MentionColumns,
}

/// Ids as the step from the one before.
fn steps(ids: impl ExactSizeIterator<Item = u32>) -> impl ExactSizeIterator<Item = u32> {
    let mut last = 0u32;
    ids.map(move |id| {
        let step = id.wrapping_sub(last);
        last = id;
        step
    })
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

/// An entity table as its [`EntitiesSection`] is encoded, read from the table as it is encoded
/// (the mention columns are never built: a store of millions of mentions is written without
/// a second copy of them).
pub struct EntitiesView<'t> {
    pub entities: &'t [Entity],
    /// Sorted by place.
    pub mentions: &'t [Mention],
}

impl<'t> From<&'t EntityTable> for EntitiesView<'t> {
    fn from(table: &'t EntityTable) -> EntitiesView<'t> {
        EntitiesView {
            entities: &table.entities,
            mentions: &table.mentions,
        }
    }
}

impl Serialize for EntitiesView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let records: Vec<EntityRecord> = self
            .entities
            .iter()
            .map(|e| EntityRecord {
                name: e.name.clone(),
                kind: e.kind,
                aliases: e.aliases.clone(),
                reporter: e.role == Some(Role::Reporter),
                count: e.count,
                articles: steps(e.articles.iter().map(|a| a.index() as u32)).collect(),
            })
            .collect();
        let m = self.mentions;
        let mut section = s.serialize_struct("EntitiesSection", 2)?;
        section.serialize_field("entities", &records)?;
        section.serialize_field("mentions", &MentionsView(m))?;
        section.end()
    }
}

/// Mentions (sorted by place) as their [`MentionColumns`] are encoded: a store's
/// [`mentions_section`].
pub struct MentionsView<'m>(pub &'m [Mention]);

impl Serialize for MentionsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut columns = s.serialize_struct("MentionColumns", 6)?;
        let article = || steps(m.iter().map(|m| m.span.article.index() as u32));
        columns.serialize_field("article", &Column(article))?;
        columns.serialize_field("part", &Column(|| m.iter().map(|m| part_code(m.span.part))))?;
        columns.serialize_field("index", &Column(|| m.iter().map(|m| m.span.index)))?;
        columns.serialize_field("start", &Column(|| m.iter().map(|m| m.span.start)))?;
        let len = || m.iter().map(|m| m.span.end.saturating_sub(m.span.start));
        columns.serialize_field("len", &Column(len))?;
        let entity = || m.iter().map(|m| m.entity.index() as u32);
        columns.serialize_field("entity", &Column(entity))?;
        columns.end()
    }
}

/// A column encoded as the `Vec` its items would be collected into.
struct Column<F>(F);

impl<F, I> Serialize for Column<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator<Item: Serialize>,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

impl EntitiesSection {
    /// The table again, for a bundle of `articles` articles; `Err` if the columns disagree or
    /// point outside the bundle (a damaged store that passed its checksum).
    pub fn into_table(
        self,
        articles: usize,
        names: Arc<EntityLexicon>,
    ) -> Result<EntityTable, SectionError> {
        self.into_table_with(Vec::new(), articles, names)
    }

    /// The table again, its mentions those held inline followed by those of `chunks` (a
    /// store's `mentions/N` sections, in order: [`mentions_section`]).
    pub fn into_table_with(
        self,
        chunks: Vec<MentionColumns>,
        articles: usize,
        names: Arc<EntityLexicon>,
    ) -> Result<EntityTable, SectionError> {
        let entity_count = self.entities.len();
        let mut mentions = Vec::new();
        for columns in std::iter::once(&self.mentions).chain(&chunks) {
            columns.mentions_into(&mut mentions, articles, entity_count)?;
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

/// The section holding the mentions of articles `n × ARTICLES_PER_SECTION` on (a store keeps
/// its entity table's mentions apart from the entities, a block of articles a section, so
/// that a merge writes them as it places them).
pub fn mentions_section(n: usize) -> String {
    format!("mentions/{n}")
}

impl MentionColumns {
    /// Appends the mentions these columns hold to `mentions`; `Err` if the columns disagree
    /// or point outside a bundle of `articles` articles and `entities` entities.
    fn mentions_into(
        &self,
        mentions: &mut Vec<Mention>,
        articles: usize,
        entities: usize,
    ) -> Result<(), SectionError> {
        let damaged = |problem: &str| SectionError {
            section: "entities".into(),
            problem: problem.into(),
        };
        let c = self;
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
        mentions.reserve(n);
        for (i, article) in undeltas(&c.article).enumerate() {
            let part = part_of(c.part[i]).ok_or_else(|| damaged("unknown part"))?;
            if article as usize >= articles || c.entity[i] as usize >= entities {
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
        Ok(())
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
        let junk = compress_into("t", Vec::new(), |lz| {
            lz.write_all(&[0xff; 3]).map_err(|e| e.to_string())
        })
        .expect("compressed");
        let sum = xxh3_64(&junk);
        assert!(decode::<Timeline>("t", &junk, sum).is_err());
    }

    #[test]
    fn delta_coding_round_trips() {
        let ids = [0u32, 3, 3, 9, 4_000_000];
        let steps: Vec<u32> = steps(ids.iter().copied()).collect();
        assert_eq!(undeltas(&steps).collect::<Vec<_>>(), ids);
    }
}
