//! What both learners share: their settings, the training set as feature ids per character with
//! gold tags, the callback that receives each epoch's candidate models, the random generator,
//! and the pruning and quantisation of float weights into model parts.

use super::net::NetOptions;
use crate::extract::ner::clusters::Clusters;
use crate::extract::ner::features;
use crate::extract::ner::model::{ModelParts, NT};
use crate::extract::ner::net::EmissionNet;
use rayon::prelude::*;

/// Learning algorithm of [`super::train`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged structured perceptron.
    Perceptron,
    /// Linear-chain CRF (log-likelihood, AdaGrad); see [`super::crf`].
    Crf,
}

/// Settings of [`super::train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub algorithm: Algorithm,
    pub epochs: usize,
    pub flags: u32,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
    /// Weights below this are dropped (perceptron: in update units; CRF: absolute).
    pub prune: f32,
    /// At most this many features are kept (those with the largest weights); 0: no limit.
    pub max_features: usize,
    /// CRF: AdaGrad learning rate.
    pub eta: f32,
    /// CRF: L2 penalty per epoch, as a fraction each weight decays by over one epoch.
    pub decay: f32,
    pub seed: u64,
    /// CRF: weight of a silver (self-trained) sentence's gradient; gold sentences weigh 1.
    pub silver_weight: f32,
    /// CRF: the probability that a feature of a character is left out of a sentence's pass
    /// (feature noising; 0: none).
    pub dropout: f32,
    /// CRF: the feature groups dropout applies to (bits as `--flags`).
    pub dropout_groups: u32,
    /// CRF: an emission network learnt with it (see [`super::net`]).
    pub net: Option<NetOptions>,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            algorithm: Algorithm::Crf,
            epochs: 12,
            flags: features::flags::ALL,
            min_count: 1,
            prune: 0.05,
            max_features: 0,
            eta: 0.1,
            decay: 0.0,
            seed: 1,
            silver_weight: 1.0,
            dropout: 0.0,
            dropout_groups: u32::MAX,
            net: None,
        }
    }
}

/// One training sentence: feature ids per character and gold tags.
pub(super) struct Example {
    /// The normalised characters.
    pub codes: Vec<u32>,
    pub ids: Vec<u32>,
    pub starts: Vec<u32>,
    pub gold: Vec<u8>,
    /// Weight of the sentence's gradient (CRF): 1 for gold sentences.
    pub weight: f32,
}

impl Example {
    /// Feature ids of character `i`.
    #[inline]
    pub fn at(&self, i: usize) -> &[u32] {
        &self.ids[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// The training set as the learners read it: the feature keys kept, the sentences as feature
/// ids into them, and which features dropout may leave out.
pub(super) struct Prepared {
    pub keys: Vec<u64>,
    pub examples: Vec<Example>,
    pub droppable: Vec<bool>,
}

/// Receives the candidate models of an epoch (named, e.g. `averaged`).
pub(super) type Candidates<'a> =
    dyn FnMut(usize, Vec<(&str, ModelParts)>, &mut dyn FnMut(&str)) + 'a;

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Pruned, 16-bit quantised model parts from float weights `w[f * NT + t]` and transitions,
/// with the emission network (if any) in their unit.
pub(super) fn quantise(
    keys: &[u64],
    w: &[f32],
    trans: &[[f32; NT]; NT + 1],
    flags: u32,
    opts: &TrainOptions,
    clusters: Option<Clusters>,
    net: Option<EmissionNet>,
) -> ModelParts {
    let row_max = |row: &[f32]| row.iter().fold(0f32, |m, v| m.max(v.abs()));
    // A feature is kept when its strongest weight reaches `keep`; weights below `prune` are zeroed.
    let prune = opts.prune;
    let mut keep = prune;
    if opts.max_features > 0 && keys.len() > opts.max_features {
        // Only the strongest `max_features` features remain.
        let mut maxima: Vec<f32> = w.par_chunks(NT).map(row_max).collect();
        let cut = maxima.len() - opts.max_features;
        let (_, nth, _) = maxima.select_nth_unstable_by(cut, f32::total_cmp);
        keep = keep.max(*nth);
    }
    let max = w
        .iter()
        .chain(trans.iter().flatten())
        .fold(0f32, |m, v| m.max(v.abs()))
        .max(1e-6);
    let scale = max / 32_000.0;
    let q = |v: f32| (v / scale).round().clamp(-32_767.0, 32_767.0) as i16;
    let mut parts = ModelParts {
        flags,
        clusters,
        net: net.map(|n| n.with_unit(scale)),
        ..ModelParts::default()
    };
    for (f, &k) in keys.iter().enumerate() {
        let row = &w[f * NT..(f + 1) * NT];
        if row_max(row) < keep {
            continue;
        }
        let qrow: Vec<i16> = row
            .iter()
            .map(|&v| if v.abs() < prune { 0 } else { q(v) })
            .collect();
        if qrow.iter().all(|v| *v == 0) {
            continue;
        }
        parts.keys.push(k);
        parts.weights.extend_from_slice(&qrow);
    }
    for (r, row) in trans.iter().enumerate() {
        for (t, &v) in row.iter().enumerate() {
            parts.trans[r][t] = (v / scale).round() as i32;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_keeps_the_strongest_features_up_to_the_cap() {
        let keys = [10u64, 20, 30, 40];
        let mut w = vec![0f32; 4 * NT];
        for (f, strength) in [0.5f32, 2.0, 0.01, 1.0].into_iter().enumerate() {
            w[f * NT + 1] = strength;
            w[f * NT + 2] = -strength / 2.0;
        }
        let trans = [[0.25f32; NT]; NT + 1];
        let mut opts = TrainOptions {
            prune: 0.05,
            ..TrainOptions::default()
        };
        let all = quantise(&keys, &w, &trans, 3, &opts, None, None);
        assert_eq!(all.keys, vec![10, 20, 40]);
        assert_eq!(all.weights[NT + 1], 32_000);
        assert_eq!(all.weights[NT + 2], -16_000);
        assert_eq!(all.trans[0][0], 4_000);
        opts.max_features = 2;
        let capped = quantise(&keys, &w, &trans, 3, &opts, None, None);
        assert_eq!(capped.keys, vec![20, 40]);
        assert_eq!(capped.weights.len(), 2 * NT);
        // Weights of kept features are zeroed by `prune` only, not by the cap.
        assert_eq!(capped.weights[NT + 2], -8_000);
    }
}
