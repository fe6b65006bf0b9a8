//! A second pass over organizations that sees whole spans, which the character CRF with its
//! ±3 window cannot.
//!
//! The CRF's posteriors (forward-backward over its quantised weights, scaled by a temperature
//! fitted on dev; with an [`super::ensemble`], the mean over its CRFs) give every span its
//! probability of being one organization; spans above a low floor, and the organizations of the
//! Viterbi path, are the candidates. The organizations kept are the non-overlapping candidates
//! of greatest total probability above a threshold; a Viterbi organization that none of them
//! overlaps stands too when its characters are surely inside some organization (its mass split
//! between one long name and two short ones, none above the threshold); the Viterbi path's
//! people and places stand where no kept organization overlaps them. A logistic classifier can
//! correct the candidates' probabilities from whole-span features ([`span_features`]: first and
//! last characters, length, class suffix and the suffixes nested inside, a place word opening
//! the span, dictionary words crossing its edges, the words around it, the CRF's edge
//! marginals, how the Viterbi path reads the span), trained by `train::span` on
//! cross-validated CRF output; the shipped pass (`assets/ner/org-spans.bin.gz`) has none, as it
//! did not pay.

use super::lattice::Lattice;
use super::lexicon::{KeyMap, Lexicon, class, cue, mix64};
use super::model::{self, NT, Part};
use super::{EntityKind, EntitySpan, NerError};
use std::io::{Read, Write};

/// Every feature template of [`span_features`].
pub const ALL_TEMPLATES: u64 = (1 << 28) - 1;

/// Longest candidate organization, in characters (the longest in the training data has 38;
/// 99.6 % have at most 24).
pub const MAX_LEN: usize = 24;
const ORG: usize = 2;

/// The classifier and its settings.
#[derive(Debug, Clone, Default)]
pub struct SpanModel {
    /// Multiplies the CRF's quantised scores into log-potentials.
    pub scale: f64,
    /// The same for each member of an ensemble ([`super::ensemble`]), in order.
    pub member_scales: Vec<f64>,
    /// Least CRF probability of a candidate span.
    pub floor: f64,
    /// Least classifier probability of a kept organization.
    pub threshold: f64,
    /// Least mean organization marginal of the characters of a Viterbi organization that no
    /// kept candidate overlaps for it to stand (its probability is split between readings);
    /// above 1, none stands.
    pub fallback: f64,
    /// The feature templates in use (bit `t` for template `t` of [`span_features`]).
    pub templates: u64,
    pub weights: KeyMap<f32>,
}

/// A candidate organization: its span in the window and its CRF probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub prob: f64,
}

/// Reusable buffers of the second pass.
#[derive(Debug, Default)]
pub struct SpanWork {
    /// The posteriors of each CRF.
    pub lattices: Vec<Lattice>,
    pub candidates: Vec<Candidate>,
    more: Vec<Candidate>,
    pub keys: Vec<u64>,
    scored: Vec<(Candidate, f64)>,
    best: Vec<(f64, usize)>,
}

const MAGIC: &[u8; 8] = b"KBORGSP\x02";

/// `exp` of the transition weights times `scale`, zero where BIOES forbids the transition.
pub fn exp_transitions(trans: &[[i32; NT]; NT + 1], scale: f64) -> [[f64; NT]; NT + 1] {
    let mut out = [[0.0; NT]; NT + 1];
    for (p, row) in out.iter_mut().enumerate() {
        for (t, v) in row.iter_mut().enumerate() {
            if model::allowed(p, t) {
                *v = (f64::from(trans[p][t]) * scale).exp();
            }
        }
    }
    out
}

/// Runs forward-backward over the quantised emissions `emit` scaled by `scale`.
pub fn posteriors(emit: &[i32], exp_trans: &[[f64; NT]; NT + 1], scale: f64, lat: &mut Lattice) {
    lat.emit.clear();
    lat.emit.extend(emit.iter().map(|&e| f64::from(e) * scale));
    lat.forward_backward(exp_trans, None);
}

/// Candidate organizations of a window whose posteriors `lat` holds: every span of at most
/// [`MAX_LEN`] characters with probability ≥ `floor`, and each organization of `viterbi`.
pub fn candidates(
    lat: &Lattice,
    exp_trans: &[[f64; NT]; NT + 1],
    viterbi: &[EntitySpan],
    floor: f64,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    let n = lat.len();
    let b = model::tag_id(ORG, Part::Begin) as usize;
    let i_ = model::tag_id(ORG, Part::Inside) as usize;
    let e = model::tag_id(ORG, Part::End) as usize;
    let s = model::tag_id(ORG, Part::Single) as usize;
    for start in 0..n {
        let single = lat.marginal(start, s);
        if single >= floor {
            out.push(Candidate {
                start,
                end: start + 1,
                prob: single,
            });
        }
        // The probability of B I… up to `at`, without the backward factor.
        let mut open = lat.forward(start, b);
        let mut prev = b;
        if open * lat.backward(start, b) < floor * lat.norm() {
            continue;
        }
        for at in start + 1..n.min(start + MAX_LEN) {
            let step = |t: usize| exp_trans[prev][t] * lat.step(at, t);
            let closed = open * step(e) * lat.backward(at, e) / lat.norm();
            if closed >= floor {
                out.push(Candidate {
                    start,
                    end: at + 1,
                    prob: closed,
                });
            }
            open *= step(i_);
            prev = i_;
            if open * lat.backward(at, i_) < floor * lat.norm() {
                break;
            }
        }
    }
    for v in viterbi.iter().filter(|v| v.kind == EntityKind::Org) {
        if !out.iter().any(|c| c.start == v.start && c.end == v.end) {
            let prob = span_probability(lat, exp_trans, v.start, v.end);
            out.push(Candidate {
                start: v.start,
                end: v.end,
                prob,
            });
        }
    }
}

/// The CRF probability that `start..end` is one organization.
pub fn span_probability(
    lat: &Lattice,
    exp_trans: &[[f64; NT]; NT + 1],
    start: usize,
    end: usize,
) -> f64 {
    let tag = |p: Part| model::tag_id(ORG, p) as usize;
    if end == start + 1 {
        return lat.marginal(start, tag(Part::Single));
    }
    let mut p = lat.forward(start, tag(Part::Begin));
    let mut prev = tag(Part::Begin);
    for at in start + 1..end {
        let t = if at + 1 == end {
            tag(Part::End)
        } else {
            tag(Part::Inside)
        };
        p *= exp_trans[prev][t] * lat.step(at, t);
        prev = t;
    }
    p * lat.backward(end - 1, prev) / lat.norm()
}

/// The log-odds of a probability kept within 1e-4 of 0 and 1.
pub fn log_odds(p: f64) -> f64 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// Bucket of a probability: tenths, with the ends finer (0.01, 0.05, 0.95, 0.99).
fn prob_bucket(p: f64) -> u64 {
    match p {
        p if p < 0.01 => 0,
        p if p < 0.05 => 1,
        p if p < 0.95 => 2 + (p * 10.0) as u64,
        p if p < 0.99 => 12,
        _ => 13,
    }
}

fn len_bucket(n: usize) -> u64 {
    match n {
        0..=6 => n as u64,
        7..=8 => 7,
        9..=12 => 8,
        _ => 9,
    }
}

/// How the Viterbi path reads a candidate: 0 nothing there, 1 the same organization, 2 the same
/// span of another kind, 3 names inside it only, 4 inside an organization, 5 inside another
/// name, 6 a name across an edge.
fn viterbi_relation(viterbi: &[EntitySpan], start: usize, end: usize) -> u64 {
    let mut relation = 0;
    for v in viterbi.iter().filter(|v| v.start < end && start < v.end) {
        let r = if v.start == start && v.end == end {
            if v.kind == EntityKind::Org { 1 } else { 2 }
        } else if start <= v.start && v.end <= end {
            3
        } else if v.start <= start && end <= v.end {
            if v.kind == EntityKind::Org { 4 } else { 5 }
        } else {
            6
        };
        relation = relation.max(r);
    }
    relation
}

/// The class of the longest dictionary word starting at `at` within `limit`, and its length.
fn word_at(lex: &Lexicon, codes: &[u32], at: usize) -> (u8, usize) {
    let mut best = (0, 0);
    lex.dict
        .for_each_match(codes, at, |len, c, _| best = (c, len));
    best
}

/// Whether a dictionary word of 2+ characters covers both `at - 1` and `at` (starting at most
/// three characters before).
fn word_across(lex: &Lexicon, codes: &[u32], at: usize, from: usize) -> bool {
    let mut across = false;
    for p in at.saturating_sub(3).max(from)..at {
        lex.dict
            .for_each_match(codes, p, |len, _, _| across |= p + len > at);
    }
    across
}

/// The length of the organization suffix (a cue word or character) ending at `end`, 0 if none.
fn org_suffix_at(lex: &Lexicon, codes: &[u32], from: usize, end: usize) -> usize {
    let mut best = 0;
    for p in end.saturating_sub(5).max(from)..end.saturating_sub(1) {
        lex.cue_words.for_each_match(codes, p, |len, value, _| {
            if value == cue::ORG_SUFFIX && p + len == end {
                best = best.max(len);
            }
        });
    }
    if best == 0 && end > from && lex.org_suffix_char.contains(&codes[end - 1]) {
        best = 1;
    }
    best
}

/// Feature keys of one candidate in a window of normalised characters `codes`, with its CRF
/// posteriors `lat` and Viterbi spans.
pub fn span_features(
    lex: &Lexicon,
    codes: &[u32],
    lat: &Lattice,
    viterbi: &[EntitySpan],
    c: &Candidate,
    templates: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let (s, e) = (c.start, c.end);
    let n = codes.len();
    let at = |i: isize| -> u64 {
        if i < 0 {
            1 << 40
        } else if i as usize >= n {
            2 << 40
        } else {
            u64::from(codes[i as usize])
        }
    };
    let (si, ei) = (s as isize, e as isize);
    let len = len_bucket(e - s);
    let prob = prob_bucket(c.prob);
    let relation = viterbi_relation(viterbi, s, e);
    let mut push = |template: u64, a: u64, b: u64| {
        if templates & (1 << template) != 0 {
            out.push(mix64(mix64((template << 56) ^ a) ^ b.rotate_left(21)));
        }
    };
    push(0, 0, 0);
    push(1, prob, 0);
    push(2, prob, len);
    push(3, relation, 0);
    push(4, relation, prob);
    push(5, len, 0);
    push(6, at(si), 0);
    push(7, at(si), at(si + 1));
    push(8, at(ei - 1), 0);
    push(9, at(ei - 2), at(ei - 1));
    push(10, (at(ei - 3) << 21) ^ at(ei - 2), at(ei - 1));
    push(11, at(ei - 1), len);
    push(12, at(si - 1), 0);
    push(13, at(si - 2), at(si - 1));
    push(14, at(ei), 0);
    push(15, at(ei), at(ei + 1));
    push(16, at(ei - 1), at(ei));
    push(17, at(si - 1), at(si));
    // The CRF's edges: entering an organization at the start, leaving it at the end, and
    // outside just before and after.
    let b_or_s = |i: usize| {
        lat.marginal(i, model::tag_id(ORG, Part::Begin) as usize)
            + lat.marginal(i, model::tag_id(ORG, Part::Single) as usize)
    };
    let e_or_s = |i: usize| {
        lat.marginal(i, model::tag_id(ORG, Part::End) as usize)
            + lat.marginal(i, model::tag_id(ORG, Part::Single) as usize)
    };
    push(18, prob_bucket(b_or_s(s)), 0);
    push(19, prob_bucket(e_or_s(e - 1)), 0);
    let outside_before = if s > 0 { lat.marginal(s - 1, 0) } else { 1.0 };
    let outside_after = if e < n { lat.marginal(e, 0) } else { 1.0 };
    push(20, prob_bucket(outside_before), prob_bucket(outside_after));
    // The dictionary: the whole span a word, the word opening it, words across its edges.
    let (first_class, first_len) = word_at(lex, codes, s);
    let whole = if first_len == e - s { first_class } else { 0 };
    push(21, u64::from(whole), 0);
    let opening = match first_len.cmp(&(e - s)) {
        std::cmp::Ordering::Less => 1,
        std::cmp::Ordering::Equal => 2,
        std::cmp::Ordering::Greater => 3,
    };
    push(22, u64::from(first_class), opening);
    push(
        23,
        u64::from(word_across(lex, codes, s, 0)),
        u64::from(word_across(lex, codes, e, s)),
    );
    if first_class == class::PLACE && first_len < e - s {
        push(24, at(ei - 1), 0);
    }
    // The class suffix and the suffixes nested inside (科学技术部|农村科技司).
    let suffix = org_suffix_at(lex, codes, s, e);
    push(25, suffix as u64, len);
    let nested = (s + 2..e.saturating_sub(1))
        .filter(|&i| org_suffix_at(lex, codes, s, i) > 0)
        .count()
        .min(3);
    push(26, nested as u64, suffix as u64);
    push(27, u64::from(suffix > 0), prob);
}

/// `exp` of one CRF's transitions at its temperature ([`exp_transitions`]).
pub type ExpTrans = [[f64; NT]; NT + 1];

/// One window's spans: the spans `viterbi` decoded from the posteriors of one CRF or more
/// (`w.lattices[m]`, filled by [`posteriors`] with the transitions `exp_trans[m]`), their
/// organizations chosen again by `spans` from the CRFs' mean span probabilities.
pub fn rescore(
    spans: &SpanModel,
    lex: &Lexicon,
    codes: &[u32],
    exp_trans: &[ExpTrans],
    viterbi: &[EntitySpan],
    w: &mut SpanWork,
) -> Vec<EntitySpan> {
    let lattices = &w.lattices[..exp_trans.len()];
    candidates(
        &lattices[0],
        &exp_trans[0],
        viterbi,
        spans.floor,
        &mut w.candidates,
    );
    if lattices.len() > 1 {
        // Any span whose mean probability reaches the floor reaches it in some CRF.
        for (lat, trans) in lattices.iter().zip(exp_trans).skip(1) {
            candidates(lat, trans, &[], spans.floor, &mut w.more);
            w.candidates.extend_from_slice(&w.more);
        }
        w.candidates.sort_by_key(|c| (c.start, c.end));
        w.candidates.dedup_by_key(|c| (c.start, c.end));
        let share = 1.0 / lattices.len() as f64;
        for c in &mut w.candidates {
            c.prob = lattices
                .iter()
                .zip(exp_trans)
                .map(|(lat, trans)| span_probability(lat, trans, c.start, c.end) * share)
                .sum();
        }
        let is_viterbi = |c: &Candidate| {
            viterbi
                .iter()
                .any(|v| (v.start, v.end, v.kind) == (c.start, c.end, EntityKind::Org))
        };
        w.candidates
            .retain(|c| c.prob >= spans.floor || is_viterbi(c));
    }
    w.scored.clear();
    for c in &w.candidates {
        // Without weights the classifier is the CRF: no features to compute.
        let p = if spans.weights.is_empty() {
            c.prob
        } else {
            let keys = &mut w.keys;
            span_features(lex, codes, &lattices[0], viterbi, c, spans.templates, keys);
            spans.probability(c.prob, keys)
        };
        if p > spans.threshold {
            w.scored.push((*c, p - spans.threshold));
        }
    }
    let mut kept = best_set(&mut w.scored, &mut w.best);
    let overlaps_kept = |v: &EntitySpan| kept.iter().any(|k| k.start < v.end && v.start < k.end);
    // A Viterbi organization whose probability is split between readings (one long name or
    // two short ones, none above the threshold) stands where its characters are surely inside
    // some organization.
    let split: Vec<EntitySpan> = viterbi
        .iter()
        .filter(|v| v.kind == EntityKind::Org && !overlaps_kept(v))
        .filter(|v| {
            let mass: f64 = lattices.iter().map(|l| org_mass(l, v.start, v.end)).sum();
            mass / lattices.len() as f64 >= spans.fallback
        })
        .copied()
        .collect();
    let mut out: Vec<EntitySpan> = viterbi
        .iter()
        .filter(|v| v.kind != EntityKind::Org && !overlaps_kept(v))
        .copied()
        .collect();
    out.append(&mut kept);
    out.extend(split);
    out.sort();
    out
}

/// The mean over `start..end` of each character's probability of being inside an organization.
pub fn org_mass(lat: &Lattice, start: usize, end: usize) -> f64 {
    let parts = [Part::Begin, Part::Inside, Part::End, Part::Single];
    let total: f64 = (start..end)
        .flat_map(|i| parts.map(|p| lat.marginal(i, model::tag_id(ORG, p) as usize)))
        .sum();
    total / (end - start).max(1) as f64
}

/// The non-overlapping candidates of greatest total gain (weighted interval scheduling).
fn best_set(scored: &mut [(Candidate, f64)], best: &mut Vec<(f64, usize)>) -> Vec<EntitySpan> {
    scored.sort_by_key(|(c, _)| (c.end, c.start));
    // best[i]: the greatest gain of the first i candidates, and whether candidate i-1 is in it.
    best.clear();
    best.push((0.0, 0));
    for i in 0..scored.len() {
        let (c, gain) = scored[i];
        // The last candidate ending at or before this one starts.
        let before = scored[..i].partition_point(|(d, _)| d.end <= c.start);
        let with = best[before].0 + gain;
        let without = best[i].0;
        best.push(if with > without {
            (with, 1)
        } else {
            (without, 0)
        });
    }
    let mut kept = Vec::new();
    let mut i = scored.len();
    while i > 0 {
        if best[i].1 == 1 {
            let (c, _) = scored[i - 1];
            kept.push(EntitySpan {
                start: c.start,
                end: c.end,
                kind: EntityKind::Org,
            });
            i = scored[..i - 1].partition_point(|(d, _)| d.end <= c.start);
        } else {
            i -= 1;
        }
    }
    kept.reverse();
    kept
}

impl SpanModel {
    /// The classifier's probability for a candidate of CRF probability `prob` with feature
    /// keys `keys`: the weights correct the CRF's log-odds, so a classifier without weights
    /// agrees with the CRF.
    pub fn probability(&self, prob: f64, keys: &[u64]) -> f64 {
        let z: f32 = keys.iter().filter_map(|k| self.weights.get(k)).sum();
        1.0 / (1.0 + (-(log_odds(prob) + f64::from(z))).exp())
    }

    /// Writes the model: header, settings, delta-coded sorted keys and weights, gzip.
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        for v in [self.scale, self.floor, self.threshold, self.fallback] {
            raw.extend_from_slice(&v.to_le_bytes());
        }
        raw.extend_from_slice(&self.templates.to_le_bytes());
        raw.extend_from_slice(&(self.member_scales.len() as u64).to_le_bytes());
        for v in &self.member_scales {
            raw.extend_from_slice(&v.to_le_bytes());
        }
        let mut keys: Vec<(u64, f32)> = self.weights.iter().map(|(k, w)| (*k, *w)).collect();
        keys.sort_by_key(|(k, _)| *k);
        raw.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for (k, w) in keys {
            raw.extend_from_slice(&k.to_le_bytes());
            raw.extend_from_slice(&w.to_le_bytes());
        }
        let mut enc = flate2::write::GzEncoder::new(out, flate2::Compression::new(9));
        enc.write_all(&raw)?;
        enc.finish()?.flush()
    }

    /// Reads a model written by [`SpanModel::write`]; `path` names the input in errors.
    pub fn read(input: impl Read, path: &str) -> Result<SpanModel, NerError> {
        let model_error = |message: &str| NerError::Model {
            message: message.to_string(),
            path: path.to_string(),
        };
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(input)
            .read_to_end(&mut raw)
            .map_err(|_| model_error("cannot decompress the organization classifier"))?;
        if raw.get(..8) != Some(&MAGIC[..]) {
            return Err(model_error("not a kanbao organization classifier"));
        }
        let mut fields = raw[8..].chunks_exact(8);
        let mut next = || {
            fields
                .next()
                .map(|b| <[u8; 8]>::try_from(b).unwrap_or_default())
                .ok_or_else(|| model_error("truncated organization classifier"))
        };
        let scale = f64::from_le_bytes(next()?);
        let floor = f64::from_le_bytes(next()?);
        let threshold = f64::from_le_bytes(next()?);
        let fallback = f64::from_le_bytes(next()?);
        let templates = u64::from_le_bytes(next()?);
        let members = u64::from_le_bytes(next()?);
        if members > 64 {
            return Err(model_error("too many ensemble members"));
        }
        let member_scales = (0..members)
            .map(|_| next().map(f64::from_le_bytes))
            .collect::<Result<Vec<f64>, NerError>>()?;
        let count = u64::from_le_bytes(next()?) as usize;
        let body = &raw[8 + (7 + member_scales.len()) * 8..];
        if body.len() != count * 12 {
            return Err(model_error("truncated organization classifier"));
        }
        let weights = body
            .chunks_exact(12)
            .map(|b| {
                let k = u64::from_le_bytes(b[..8].try_into().unwrap_or_default());
                let w = f32::from_le_bytes(b[8..].try_into().unwrap_or_default());
                (k, w)
            })
            .collect();
        Ok(SpanModel {
            scale,
            member_scales,
            floor,
            threshold,
            fallback,
            templates,
            weights,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    /// A lattice of `n` characters whose emissions favour `tags` by `strength` (log units).
    fn lattice_for(tags: &[u8], strength: f64) -> (Lattice, [[f64; NT]; NT + 1]) {
        let exp_trans = exp_transitions(&[[0; NT]; NT + 1], 1.0);
        let mut lat = Lattice::default();
        lat.emit.resize(tags.len() * NT, 0.0);
        for (i, &t) in tags.iter().enumerate() {
            lat.emit[i * NT + t as usize] = strength;
        }
        lat.forward_backward(&exp_trans, None);
        (lat, exp_trans)
    }

    #[test]
    fn span_probabilities_follow_the_posteriors() {
        let spans = [span(1, 4, EntityKind::Org)];
        let tags = model::spans_to_tags(6, &spans);
        let (lat, exp_trans) = lattice_for(&tags, 8.0);
        let p = span_probability(&lat, &exp_trans, 1, 4);
        assert!(p > 0.9, "{p}");
        assert!(span_probability(&lat, &exp_trans, 1, 3) < 0.05);
        // All probabilities of spans starting at 1 sum to at most the B-or-S marginal there.
        let total: f64 = (2..=6)
            .map(|end| span_probability(&lat, &exp_trans, 1, end))
            .sum();
        let b = lat.marginal(1, model::tag_id(ORG, Part::Begin) as usize)
            + lat.marginal(1, model::tag_id(ORG, Part::Single) as usize);
        assert!((total - b).abs() < 1e-9, "{total} vs {b}");
        let mut found = Vec::new();
        candidates(&lat, &exp_trans, &[], 0.5, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (1, 4));
        assert!((found[0].prob - p).abs() < 1e-12);
    }

    #[test]
    fn weak_evidence_gives_many_candidates_and_viterbi_ones_are_always_there() {
        let tags = vec![0u8; 8];
        let (lat, exp_trans) = lattice_for(&tags, 0.0);
        let mut found = Vec::new();
        candidates(
            &lat,
            &exp_trans,
            &[span(2, 7, EntityKind::Org)],
            0.001,
            &mut found,
        );
        assert!(found.len() > 8);
        assert!(found.iter().any(|c| (c.start, c.end) == (2, 7)));
        assert!(found.iter().all(|c| c.end - c.start <= MAX_LEN));
    }

    #[test]
    fn the_best_set_takes_the_heaviest_non_overlapping_candidates() {
        let c = |start, end| Candidate {
            start,
            end,
            prob: 0.5,
        };
        let mut scored = vec![
            (c(0, 6), 0.5),
            (c(0, 2), 0.3),
            (c(3, 6), 0.3),
            (c(6, 8), 0.1),
        ];
        let kept = best_set(&mut scored, &mut Vec::new());
        assert_eq!(
            kept,
            vec![
                span(0, 2, EntityKind::Org),
                span(3, 6, EntityKind::Org),
                span(6, 8, EntityKind::Org)
            ]
        );
        let mut scored = vec![(c(0, 6), 0.7), (c(0, 2), 0.3), (c(3, 6), 0.3)];
        let kept = best_set(&mut scored, &mut Vec::new());
        assert_eq!(kept, vec![span(0, 6, EntityKind::Org)]);
    }

    #[test]
    fn a_name_split_between_readings_stands_by_the_fallback() {
        // One long organization or two short ones, each reading about half the mass.
        let tag = |p| model::tag_id(ORG, p) as usize;
        let mut emit = vec![0i32; 6 * NT];
        let mut favour = |i: usize, t: usize| emit[i * NT + t] = 5;
        favour(0, tag(Part::Begin));
        favour(1, tag(Part::Inside));
        favour(2, tag(Part::Inside));
        favour(2, tag(Part::End));
        favour(3, tag(Part::Inside));
        favour(3, tag(Part::Begin));
        favour(4, tag(Part::Inside));
        favour(5, tag(Part::End));
        let trans = [[0; NT]; NT + 1];
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        model::viterbi(&emit, &trans, &mut back, &mut tags);
        let viterbi = model::tags_to_spans(&tags);
        assert!(viterbi.iter().all(|v| v.kind == EntityKind::Org) && !viterbi.is_empty());
        let lex = Lexicon::default();
        let mut pass = SpanModel {
            scale: 1.0,
            floor: 0.01,
            threshold: 0.6,
            fallback: 2.0,
            ..SpanModel::default()
        };
        let exp_trans = [exp_transitions(&trans, pass.scale)];
        let mut w = SpanWork::default();
        w.lattices.resize_with(1, Default::default);
        posteriors(&emit, &exp_trans[0], pass.scale, &mut w.lattices[0]);
        let p = span_probability(&w.lattices[0], &exp_trans[0], 0, 6);
        assert!((0.4..0.6).contains(&p), "{p}");
        let codes = [0u32; 6];
        assert!(rescore(&pass, &lex, &codes, &exp_trans, &viterbi, &mut w).is_empty());
        pass.fallback = 0.9;
        assert_eq!(
            rescore(&pass, &lex, &codes, &exp_trans, &viterbi, &mut w),
            viterbi
        );
    }

    #[test]
    fn the_model_file_round_trips() {
        let mut weights = KeyMap::default();
        weights.insert(mix64(3), 0.5f32);
        weights.insert(mix64(4), -1.25f32);
        let m = SpanModel {
            scale: 4.9e-5,
            member_scales: vec![4.7e-5, 5.2e-5],
            floor: 0.01,
            threshold: 0.45,
            fallback: 0.8,
            templates: 0b1011,
            weights,
        };
        let mut buf = Vec::new();
        m.write(&mut buf).expect("a Vec");
        let back = SpanModel::read(&buf[..], "buf").expect("just written");
        assert_eq!(
            (
                back.scale,
                back.floor,
                back.threshold,
                back.fallback,
                back.templates
            ),
            (m.scale, m.floor, m.threshold, m.fallback, m.templates)
        );
        assert_eq!(back.weights, m.weights);
        assert_eq!(back.member_scales, m.member_scales);
        let p = back.probability(0.5, &[mix64(3), mix64(4), mix64(5)]);
        assert!((p - 1.0 / (1.0 + 0.75f64.exp())).abs() < 1e-9);
        let p = back.probability(0.9, &[mix64(5)]);
        assert!((p - 0.9).abs() < 1e-9);
        assert!(SpanModel::read(&b"junk"[..], "x").is_err());
    }
}
