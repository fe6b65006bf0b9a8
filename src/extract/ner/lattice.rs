//! Forward-backward over a line's tag lattice in scaled probabilities, with the BIOES
//! constraints of decoding: the marginals the CRF trainer's gradient needs, and the span
//! probabilities of the organization pass ([`super::span`]).

use super::model::{self, NT, START};

/// Buffers of one forward-backward pass.
#[derive(Debug, Default)]
pub struct Lattice {
    /// Emission scores, `emit[i * NT + t]`.
    pub emit: Vec<f64>,
    /// `exp(emit - max of the row)`.
    pot: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    /// Scaling factor of each position in the forward pass.
    scale: Vec<f64>,
    /// Marginal probability of each tag at each position.
    pub marg: Vec<f64>,
    /// Sum over tags of alpha × beta at any position.
    norm: f64,
}

impl Lattice {
    /// Runs forward-backward over `self.emit` with transition potentials `exp_trans` (zero for
    /// forbidden transitions). Fills the marginals, adds the expected transition counts to
    /// `trans_exp` (when given: training needs them, the tagger does not) and returns `ln Z`.
    pub fn forward_backward(
        &mut self,
        exp_trans: &[[f64; NT]; NT + 1],
        trans_exp: Option<&mut [[f64; NT]; NT + 1]>,
    ) -> f64 {
        let n = self.emit.len() / NT;
        if n == 0 {
            self.marg.clear();
            return 0.0;
        }
        self.pot.clear();
        self.pot.resize(n * NT, 0.0);
        let mut log_z = 0.0;
        for (row, pot) in self
            .emit
            .chunks_exact(NT)
            .zip(self.pot.chunks_exact_mut(NT))
        {
            let m = row.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            for (p, &e) in pot.iter_mut().zip(row) {
                *p = (e - m).exp();
            }
            log_z += m;
        }
        self.alpha.clear();
        self.alpha.resize(n * NT, 0.0);
        self.scale.clear();
        self.scale.resize(n, 1.0);
        for i in 0..n {
            let (done, rest) = self.alpha.split_at_mut(i * NT);
            let cur = &mut rest[..NT];
            let pot = &self.pot[i * NT..(i + 1) * NT];
            if i == 0 {
                for t in 0..NT {
                    cur[t] = exp_trans[START][t] * pot[t];
                }
            } else {
                let prev = &done[(i - 1) * NT..];
                for t in 0..NT {
                    let mut s = 0.0;
                    for p in 0..NT {
                        s += prev[p] * exp_trans[p][t];
                    }
                    cur[t] = s * pot[t];
                }
            }
            let sum: f64 = cur.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            for v in cur.iter_mut() {
                *v /= sum;
            }
            self.scale[i] = sum;
            log_z += sum.ln();
        }
        self.beta.clear();
        self.beta.resize(n * NT, 0.0);
        for t in 0..NT {
            self.beta[(n - 1) * NT + t] = if model::allowed_last(t) { 1.0 } else { 0.0 };
        }
        for i in (0..n - 1).rev() {
            let (head, tail) = self.beta.split_at_mut((i + 1) * NT);
            let next = &tail[..NT];
            let cur = &mut head[i * NT..];
            let pot = &self.pot[(i + 1) * NT..(i + 2) * NT];
            let c = self.scale[i + 1];
            let mut weighted = [0.0; NT];
            for t in 0..NT {
                weighted[t] = pot[t] * next[t] / c;
            }
            for p in 0..NT {
                let mut s = 0.0;
                for t in 0..NT {
                    s += exp_trans[p][t] * weighted[t];
                }
                cur[p] = s;
            }
        }
        let last = (n - 1) * NT;
        let k: f64 = (0..NT)
            .map(|t| self.alpha[last + t] * self.beta[last + t])
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        log_z += k.ln();
        self.norm = k;
        self.marg.clear();
        self.marg.resize(n * NT, 0.0);
        for (m, (a, b)) in self.marg.iter_mut().zip(self.alpha.iter().zip(&self.beta)) {
            *m = a * b / k;
        }
        let Some(trans_exp) = trans_exp else {
            return log_z;
        };
        for (e, m) in trans_exp[START].iter_mut().zip(&self.marg[..NT]) {
            *e += m;
        }
        for i in 1..n {
            let prev = &self.alpha[(i - 1) * NT..i * NT];
            let pot = &self.pot[i * NT..(i + 1) * NT];
            let beta = &self.beta[i * NT..(i + 1) * NT];
            let c = self.scale[i] * k;
            for p in 0..NT {
                if prev[p] == 0.0 {
                    continue;
                }
                for t in 0..NT {
                    trans_exp[p][t] += prev[p] * exp_trans[p][t] * pot[t] * beta[t] / c;
                }
            }
        }
        log_z
    }
}

impl Lattice {
    /// Number of positions of the last pass.
    pub fn len(&self) -> usize {
        self.marg.len() / NT
    }

    /// Whether the last pass had no position.
    pub fn is_empty(&self) -> bool {
        self.marg.is_empty()
    }

    /// Posterior probability of tag `t` at position `i`.
    pub fn marginal(&self, i: usize, t: usize) -> f64 {
        self.marg[i * NT + t]
    }

    /// Scaled forward score of tag `t` at `i` (paths up to `i` ending in `t`).
    pub fn forward(&self, i: usize, t: usize) -> f64 {
        self.alpha[i * NT + t]
    }

    /// Scaled backward score of tag `t` at `i` (paths from `i` on, starting in `t`).
    pub fn backward(&self, i: usize, t: usize) -> f64 {
        self.beta[i * NT + t]
    }

    /// The factor of tag `t` at `i` > 0 in a path's scaled score (its potential over the
    /// position's scale); a transition's potential multiplies it.
    pub fn step(&self, i: usize, t: usize) -> f64 {
        self.pot[i * NT + t] / self.scale[i]
    }

    /// The normaliser of scaled paths: a path's scaled score over it is its probability.
    pub fn norm(&self) -> f64 {
        self.norm
    }
}
