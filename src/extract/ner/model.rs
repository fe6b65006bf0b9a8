//! The tagger's weights: a hashed feature table with quantised per-tag weights, first-order
//! transitions, constrained Viterbi decoding over BIOES tags, and the compressed model file.

use super::clusters::Clusters;
use super::net::{EmissionNet, NetWork};
use super::{EntityKind, EntitySpan, NerError};
use std::io::{Read, Write};

/// Number of tags: O plus B, I, E, S for each of PER, LOC, ORG.
pub const NT: usize = 13;
/// Row of the transition matrix used before the first character.
pub const START: usize = NT;
pub const O: u8 = 0;

/// Position of a character in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin = 1,
    Inside = 2,
    End = 3,
    Single = 4,
}

/// Tag id of a part of an entity of kind index `kind` (0 PER, 1 LOC, 2 ORG).
pub fn tag_id(kind: usize, part: Part) -> u8 {
    (kind * 4) as u8 + part as u8
}

fn tag_kind(tag: u8) -> Option<(usize, u8)> {
    if tag == O || tag as usize >= NT {
        None
    } else {
        Some(((tag as usize - 1) / 4, (tag - 1) % 4 + 1))
    }
}

/// Whether `next` may follow `prev` (`prev == START` at the beginning of a line).
pub fn allowed(prev: usize, next: usize) -> bool {
    let open = |t: usize| matches!(tag_kind(t as u8), Some((_, 1 | 2)));
    if prev != START && open(prev) {
        let (kind, _) = tag_kind(prev as u8).unwrap_or((usize::MAX, 0));
        matches!(tag_kind(next as u8), Some((k, 2 | 3)) if k == kind)
    } else {
        !matches!(tag_kind(next as u8), Some((_, 2 | 3)))
    }
}

/// Whether a line may end on `tag`.
pub fn allowed_last(tag: usize) -> bool {
    !matches!(tag_kind(tag as u8), Some((_, 1 | 2)))
}

/// Tags of a line from gold spans (char offsets); spans out of range or overlapping are skipped.
pub fn spans_to_tags(n: usize, spans: &[EntitySpan]) -> Vec<u8> {
    let mut tags = vec![O; n];
    for s in spans {
        let Some(kind) = EntityKind::MODEL_KINDS.iter().position(|k| *k == s.kind) else {
            continue;
        };
        if s.start >= s.end || s.end > n || tags[s.start..s.end].iter().any(|t| *t != O) {
            continue;
        }
        if s.end - s.start == 1 {
            tags[s.start] = tag_id(kind, Part::Single);
        } else {
            tags[s.start] = tag_id(kind, Part::Begin);
            for t in &mut tags[s.start + 1..s.end - 1] {
                *t = tag_id(kind, Part::Inside);
            }
            tags[s.end - 1] = tag_id(kind, Part::End);
        }
    }
    tags
}

/// Entity spans of a well-formed tag sequence.
pub fn tags_to_spans(tags: &[u8]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_kind(t) {
            Some((k, 4)) => {
                spans.push(EntitySpan {
                    start: i,
                    end: i + 1,
                    kind: EntityKind::MODEL_KINDS[k],
                });
                open = None;
            }
            Some((k, 1)) => open = Some((i, k)),
            Some((k, 3)) => {
                if let Some((start, ok)) = open.take()
                    && ok == k
                {
                    spans.push(EntitySpan {
                        start,
                        end: i + 1,
                        kind: EntityKind::MODEL_KINDS[k],
                    });
                }
            }
            Some((k, _)) => {
                if open.is_some_and(|(_, ok)| ok != k) {
                    open = None;
                }
            }
            None => open = None,
        }
    }
    spans
}

/// Best tag sequence under BIOES constraints for emission scores `emit[i * NT + tag]` and
/// transitions `trans[prev][next]` (row [`START`] for the first character).
pub fn viterbi<T>(emit: &[T], trans: &[[T; NT]; NT + 1], back: &mut Vec<u8>, out: &mut Vec<u8>)
where
    T: Copy + PartialOrd + std::ops::Add<Output = T> + Bounded,
{
    out.clear();
    let n = emit.len() / NT;
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * NT, 0);
    let mut score = [T::MIN; NT];
    for t in 0..NT {
        if allowed(START, t) {
            score[t] = trans[START][t] + emit[t];
        }
    }
    let mut next = [T::MIN; NT];
    for i in 1..n {
        let e = &emit[i * NT..(i + 1) * NT];
        for t in 0..NT {
            let mut best = T::MIN;
            let mut arg = 0u8;
            for p in 0..NT {
                if score[p] == T::MIN || !allowed(p, t) {
                    continue;
                }
                let s = score[p] + trans[p][t];
                if best == T::MIN || s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[t] = if best == T::MIN { T::MIN } else { best + e[t] };
            back[i * NT + t] = arg;
        }
        score = next;
    }
    let mut best = T::MIN;
    let mut arg = 0usize;
    for (t, &s) in score.iter().enumerate() {
        if allowed_last(t) && s != T::MIN && (best == T::MIN || s > best) {
            best = s;
            arg = t;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        arg = back[i * NT + arg] as usize;
        out[i - 1] = arg as u8;
    }
}

/// The lowest value of a score type, used as "impossible".
pub trait Bounded {
    const MIN: Self;
}
impl Bounded for i32 {
    const MIN: i32 = i32::MIN;
}
impl Bounded for i64 {
    const MIN: i64 = i64::MIN;
}
impl Bounded for f32 {
    const MIN: f32 = f32::NEG_INFINITY;
}
impl Bounded for f64 {
    const MIN: f64 = f64::NEG_INFINITY;
}

/// One slot of the open-addressing feature table: a check key and the weights of every tag.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    check: u32,
    weights: [i16; NT],
}

/// Feature key → quantised weights per tag, linear probing, one cache line per hit. A small
/// bitmap of present keys (2 MB, cache-resident) answers most lookups of unseen features
/// without touching the big table.
#[derive(Debug, Default)]
pub struct FeatureTable {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
    present: Vec<u64>,
}

const PRESENT_BITS: u32 = 24;

#[inline]
fn present_bit(key: u64) -> (usize, u64) {
    let bit = (key >> (64 - PRESENT_BITS)) as usize;
    (bit >> 6, 1u64 << (bit & 63))
}

#[inline]
fn check_of(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl FeatureTable {
    pub fn with_capacity(n: usize) -> FeatureTable {
        let cap = (n * 2).max(16).next_power_of_two();
        FeatureTable {
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
            len: 0,
            present: vec![0; 1 << (PRESENT_BITS - 6)],
        }
    }

    /// Inserts a feature (keys must be distinct; a repeated key adds a shadowed slot).
    pub fn insert(&mut self, key: u64, weights: [i16; NT]) {
        let check = check_of(key);
        let mut i = key as usize & self.mask;
        while self.slots[i].check != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { check, weights };
        self.len += 1;
        let (word, bit) = present_bit(key);
        self.present[word] |= bit;
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<&[i16; NT]> {
        let (word, bit) = present_bit(key);
        if self.present.get(word).is_none_or(|w| w & bit == 0) {
            return None;
        }
        let check = check_of(key);
        let mut i = key as usize & self.mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.check == check {
                return Some(&slot.weights);
            }
            if slot.check == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A trained model: features, quantised weights, transitions.
#[derive(Debug, Default)]
pub struct Model {
    pub flags: u32,
    pub table: FeatureTable,
    pub trans: [[i32; NT]; NT + 1],
    pub clusters: Option<Clusters>,
    pub net: Option<EmissionNet>,
}

const MAGIC: &[u8; 8] = b"KBNER\x00\x00\x01";

/// A model's contents before it is turned into a lookup table (also what training produces).
#[derive(Debug, Default)]
pub struct ModelParts {
    pub flags: u32,
    /// Sorted, distinct feature keys.
    pub keys: Vec<u64>,
    /// `weights[f * NT + t]`.
    pub weights: Vec<i16>,
    pub trans: [[i32; NT]; NT + 1],
    pub clusters: Option<Clusters>,
    /// A network whose scores join the emissions (written after the clusters, when there is one).
    pub net: Option<EmissionNet>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

impl ModelParts {
    /// Writes the model: a header, delta-coded keys, weights by tag plane, transitions and
    /// clusters, compressed with gzip (fast to load).
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.flags.to_le_bytes());
        put_varint(&mut raw, self.keys.len() as u64);
        let mut prev = 0u64;
        for &k in &self.keys {
            put_varint(&mut raw, k.wrapping_sub(prev));
            prev = k;
        }
        for t in 0..NT {
            for f in 0..self.keys.len() {
                let w = self.weights[f * NT + t];
                raw.extend_from_slice(&w.to_le_bytes());
            }
        }
        for row in &self.trans {
            for &w in row {
                raw.extend_from_slice(&w.to_le_bytes());
            }
        }
        match &self.clusters {
            Some(c) => {
                raw.push(1);
                c.write(&mut raw);
            }
            None => raw.push(0),
        }
        if let Some(net) = &self.net {
            raw.push(1);
            net.write(&mut raw);
        }
        let mut enc = flate2::write::GzEncoder::new(out, flate2::Compression::new(6));
        enc.write_all(&raw)?;
        enc.finish()?.flush()
    }

    /// Reads a model written by [`ModelParts::write`] (gzip; xz is accepted too); `path` names
    /// the input in errors.
    pub fn read(mut input: impl Read, path: &str) -> Result<ModelParts, NerError> {
        let model_error = |message: String| NerError::Model {
            message,
            path: path.to_string(),
        };
        let mut packed = Vec::new();
        input
            .read_to_end(&mut packed)
            .map_err(|e| model_error(format!("cannot read: {e}")))?;
        let mut raw = Vec::new();
        let unpacked = if packed.starts_with(&[0xFD, b'7', b'z', b'X', b'Z']) {
            liblzma::read::XzDecoder::new(&packed[..]).read_to_end(&mut raw)
        } else {
            flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut raw)
        };
        unpacked.map_err(|e| model_error(format!("cannot decompress: {e}")))?;
        let bad = |what: &str| model_error(format!("truncated or corrupt {what}"));
        if raw.get(..8) != Some(&MAGIC[..]) {
            return Err(model_error("not a kanbao NER model".into()));
        }
        let mut pos = 8;
        let flags = raw
            .get(pos..pos + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or_else(|| bad("header"))?;
        pos += 4;
        let n = get_varint(&raw, &mut pos).ok_or_else(|| bad("header"))? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(get_varint(&raw, &mut pos).ok_or_else(|| bad("keys"))?);
            keys.push(prev);
        }
        let plane = raw
            .get(pos..pos + n * NT * 2)
            .ok_or_else(|| bad("weights"))?;
        let mut weights = vec![0i16; n * NT];
        for t in 0..NT {
            for f in 0..n {
                let at = (t * n + f) * 2;
                weights[f * NT + t] = i16::from_le_bytes([plane[at], plane[at + 1]]);
            }
        }
        pos += n * NT * 2;
        let mut trans = [[0i32; NT]; NT + 1];
        for row in &mut trans {
            for w in row.iter_mut() {
                let b = raw.get(pos..pos + 4).ok_or_else(|| bad("transitions"))?;
                *w = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                pos += 4;
            }
        }
        let clusters = match raw.get(pos) {
            Some(1) => {
                pos += 1;
                Some(Clusters::read(&raw, &mut pos).ok_or_else(|| bad("clusters"))?)
            }
            Some(0) => {
                pos += 1;
                None
            }
            _ => return Err(bad("clusters")),
        };
        let net = match raw.get(pos) {
            None => None,
            Some(1) => {
                pos += 1;
                Some(EmissionNet::read(&raw, &mut pos).ok_or_else(|| bad("network"))?)
            }
            _ => return Err(bad("network")),
        };
        Ok(ModelParts {
            flags,
            keys,
            weights,
            trans,
            clusters,
            net,
        })
    }

    /// Builds the lookup table.
    pub fn to_model(&self) -> Model {
        let mut table = FeatureTable::with_capacity(self.keys.len());
        for (f, &k) in self.keys.iter().enumerate() {
            let mut w = [0i16; NT];
            w.copy_from_slice(&self.weights[f * NT..(f + 1) * NT]);
            table.insert(k, w);
        }
        Model {
            flags: self.flags,
            table,
            trans: self.trans,
            clusters: self.clusters.clone(),
            net: self.net.clone(),
        }
    }
}

impl Model {
    /// Emission scores of each position of `codes`: `emit[i * NT + t]`, from the features of
    /// `codes` and the network's scores.
    pub fn emissions(
        &self,
        codes: &[u32],
        features: &super::features::LineFeatures,
        emit: &mut Vec<i32>,
    ) {
        let n = features.len();
        emit.clear();
        emit.resize(n * NT, 0);
        for (i, row) in emit.chunks_exact_mut(NT).enumerate() {
            let mut acc = [0i32; NT];
            for &k in features.position(i) {
                if let Some(w) = self.table.get(k) {
                    for t in 0..NT {
                        acc[t] += i32::from(w[t]);
                    }
                }
            }
            row.copy_from_slice(&acc);
        }
        if let Some(net) = &self.net {
            NET_WORK
                .with(|w| net.add_scores(codes, self.clusters.as_ref(), &mut w.borrow_mut(), emit));
        }
    }
}

thread_local! {
    static NET_WORK: std::cell::RefCell<NetWork> = std::cell::RefCell::new(NetWork::default());
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::mix64;
    use super::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    #[test]
    fn spans_and_tags_round_trip() {
        let spans = vec![
            span(0, 3, EntityKind::Per),
            span(4, 5, EntityKind::Loc),
            span(5, 10, EntityKind::Org),
        ];
        let tags = spans_to_tags(12, &spans);
        assert_eq!(tags_to_spans(&tags), spans);
    }

    #[test]
    fn transitions_respect_bioes() {
        let b_per = tag_id(0, Part::Begin) as usize;
        let e_per = tag_id(0, Part::End) as usize;
        let e_loc = tag_id(1, Part::End) as usize;
        assert!(allowed(b_per, e_per));
        assert!(!allowed(b_per, e_loc));
        assert!(!allowed(START, e_per));
        assert!(allowed(e_per, b_per));
        assert!(!allowed_last(b_per));
    }

    #[test]
    fn viterbi_obeys_constraints_even_against_emissions() {
        // Emissions favour I-PER then E-PER, which alone never start a valid sequence:
        // the only way to collect both is B-PER I-PER E-PER.
        let e_per = tag_id(0, Part::End) as usize;
        let i_per = tag_id(0, Part::Inside) as usize;
        let mut emit = vec![0i32; 3 * NT];
        emit[NT + i_per] = 100;
        emit[2 * NT + e_per] = 100;
        let trans = [[0i32; NT]; NT + 1];
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&emit, &trans, &mut back, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0] as usize, tag_id(0, Part::Begin) as usize);
        assert_eq!(out[2] as usize, e_per);
        assert_eq!(tags_to_spans(&out), vec![span(0, 3, EntityKind::Per)]);
    }

    #[test]
    fn model_file_round_trips() {
        let parts = ModelParts {
            flags: 3,
            keys: vec![mix64(5), mix64(9), mix64(11)],
            weights: (0..3 * NT as i16).collect(),
            trans: [[7; NT]; NT + 1],
            clusters: None,
            net: None,
        };
        let mut buf = Vec::new();
        parts.write(&mut buf).expect("writing to a Vec cannot fail");
        let back = ModelParts::read(&buf[..], "buf").expect("just written");
        assert_eq!(back.keys, parts.keys);
        assert_eq!(back.trans, parts.trans);
        assert_eq!(back.weights, parts.weights);
        let model = back.to_model();
        assert_eq!(model.table.get(mix64(9)).map(|w| w[0]), Some(NT as i16));
        assert_eq!(model.table.get(mix64(10)), None);
        let err = ModelParts::read(&b"junk"[..], "junk.bin.gz").expect_err("not a model");
        assert!(err.to_string().ends_with("): junk.bin.gz"), "{err}");
    }
}
