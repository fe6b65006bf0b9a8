//! Training the emission network (`extract::ner::net`) jointly with the CRF: the CRF's gradient
//! with respect to each emission (marginal − gold) flows back through the network, whose
//! parameters take AdaGrad steps sentence by sentence like the features' weights, and are
//! averaged over the same snapshots.

use super::learner::Rng;
use crate::extract::ner::clusters::Clusters;
use crate::extract::ner::model::NT;
use crate::extract::ner::net::{self, DILATIONS, EmissionNet, NetShape, NetWork, axpy, dot};
use std::collections::HashMap;

/// Settings of the network (`train-ner --net-hidden …`).
#[derive(Debug, Clone, Copy)]
pub struct NetOptions {
    pub dim: usize,
    pub hidden: usize,
    /// AdaGrad learning rate of the network's parameters.
    pub eta: f32,
    /// Characters seen fewer times in training share the unknown row.
    pub min_count: u32,
    /// Epochs in which the network learns alone (with the transitions) before the features join.
    pub warmup: usize,
}

impl Default for NetOptions {
    fn default() -> NetOptions {
        NetOptions {
            dim: 32,
            hidden: 32,
            eta: 0.02,
            min_count: 2,
            warmup: 0,
        }
    }
}

/// The network's parameters while it learns, with AdaGrad's accumulators and the running sum of
/// snapshots.
pub(super) struct NetTrainer {
    shape: NetShape,
    vocab: HashMap<u32, u32>,
    codes: Vec<u32>,
    params: Vec<f32>,
    g2: Vec<f32>,
    grad: Vec<f32>,
    sum: Vec<f32>,
    snapshots: u32,
    /// Embedding rows with a gradient in this sentence.
    touched: Vec<u32>,
    work: NetWork,
    /// Gradients of the convolutions' outputs and inputs.
    d_act: Vec<f32>,
    d_in: Vec<f32>,
    d_pre: Vec<f32>,
    eta: f32,
}

impl NetTrainer {
    /// A network over the characters of `lines` seen at least `min_count` times, with random
    /// parameters (`seed`); cluster tables as large as the clusters' ids.
    pub fn new(
        lines: &[&[u32]],
        clusters: Option<&Clusters>,
        opts: &NetOptions,
        seed: u64,
    ) -> NetTrainer {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for c in lines.iter().flat_map(|l| l.iter()) {
            *counts.entry(*c).or_default() += 1;
        }
        let mut codes: Vec<u32> = counts
            .into_iter()
            .filter(|(_, n)| *n >= opts.min_count)
            .map(|(c, _)| c)
            .collect();
        codes.sort_unstable();
        let vocab = codes
            .iter()
            .enumerate()
            .map(|(r, &c)| (c, r as u32 + 1))
            .collect();
        let shape = NetShape {
            dim: opts.dim,
            hidden: opts.hidden,
            chars: codes.len() + 1,
            clusters: clusters.map_or(0, Clusters::max_id) as usize + 1,
        };
        let off = shape.offsets();
        let mut rng = Rng::new(seed ^ 0x5EED_0F4E);
        let mut uniform = |r: f32| (rng.below(1 << 20) as f32 / (1 << 20) as f32 * 2.0 - 1.0) * r;
        let mut params = vec![0f32; off.len];
        for p in &mut params[..off.conv[0]] {
            *p = uniform(0.1);
        }
        for l in 0..3 {
            let fan = (3 * shape.input(l) + shape.hidden) as f32;
            let r = (6.0 / fan).sqrt();
            for p in &mut params[off.conv[l]..off.bias[l]] {
                *p = uniform(r);
            }
        }
        // The output map starts at zero: the CRF's features lead and the network joins in.
        NetTrainer {
            shape,
            vocab,
            codes,
            g2: vec![0.1; off.len],
            grad: vec![0.0; off.len],
            sum: vec![0.0; off.len],
            snapshots: 0,
            params,
            touched: Vec::new(),
            work: NetWork::default(),
            d_act: Vec::new(),
            d_in: Vec::new(),
            d_pre: Vec::new(),
            eta: opts.eta,
        }
    }

    /// Rows of the character table.
    pub fn chars(&self) -> usize {
        self.shape.chars
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// The network's tag scores of `codes`, `[i * NT + t]`.
    pub fn scores(&mut self, codes: &[u32], clusters: Option<&Clusters>) -> &[f32] {
        EmissionNet::rows(&self.shape, &self.vocab, codes, clusters, &mut self.work);
        net::forward(&self.shape, &self.params, &mut self.work);
        &self.work.scores
    }

    /// Back-propagates `d_scores` (the loss's gradient with respect to the last
    /// [`NetTrainer::scores`]) and takes an AdaGrad step.
    pub fn learn(&mut self, d_scores: &[f32]) {
        #[cfg(target_arch = "x86_64")]
        if net::has_avx2() {
            // SAFETY: the processor has the features the function is compiled for.
            unsafe { self.backward_avx2(d_scores) };
            self.step();
            return;
        }
        self.backward(d_scores);
        self.step();
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn backward_avx2(&mut self, d_scores: &[f32]) {
        self.backward(d_scores);
    }

    /// Fills `self.grad` (and the embedding rows `self.touched`) from `d_scores`.
    #[inline(always)]
    fn backward(&mut self, d_scores: &[f32]) {
        let shape = self.shape;
        let off = shape.offsets();
        let h = shape.hidden;
        let w = &self.work;
        let n = w.rows.len();
        let (p, g) = (&self.params, &mut self.grad);
        // Output map.
        self.d_act.clear();
        self.d_act.resize(n * h, 0.0);
        for i in 0..n {
            let hi = &w.act[2][i * h..(i + 1) * h];
            let dh = &mut self.d_act[i * h..(i + 1) * h];
            for t in 0..NT {
                let ds = d_scores[i * NT + t];
                if ds == 0.0 {
                    continue;
                }
                let row = off.out + t * h;
                axpy(ds, hi, &mut g[row..row + h]);
                axpy(ds, &p[row..row + h], dh);
            }
        }
        for l in (0..3).rev() {
            let width = shape.input(l);
            let input: &[f32] = if l == 0 { &w.x } else { &w.act[l - 1] };
            self.d_in.clear();
            self.d_in.resize(n * width, 0.0);
            if l > 0 {
                // The residual path.
                self.d_in.copy_from_slice(&self.d_act);
            }
            let dil = DILATIONS[l];
            for i in 0..n {
                // The gradient of the pre-activation: zero where the unit was off.
                let da = &mut self.d_pre;
                da.clear();
                da.extend((i * h..(i + 1) * h).map(|x| {
                    if w.pre[l][x] > 0.0 {
                        self.d_act[x]
                    } else {
                        0.0
                    }
                }));
                axpy(1.0, da, &mut g[off.bias[l]..off.bias[l] + h]);
                for o in 0..3 {
                    let Some(j) = (i + o * dil).checked_sub(dil).filter(|&j| j < n) else {
                        continue;
                    };
                    let wo = off.conv[l] + o * width * h;
                    for d in 0..width {
                        let row = wo + d * h;
                        axpy(input[j * width + d], da, &mut g[row..row + h]);
                        self.d_in[j * width + d] += dot(&p[row..row + h], da);
                    }
                }
            }
            std::mem::swap(&mut self.d_act, &mut self.d_in);
        }
        // self.d_act now holds the gradient of the embeddings' sum.
        let d = shape.dim;
        self.touched.clear();
        for (i, rows) in w.rows.iter().enumerate() {
            for &r in rows {
                axpy(
                    1.0,
                    &self.d_act[i * d..(i + 1) * d],
                    &mut g[r as usize..r as usize + d],
                );
                self.touched.push(r);
            }
        }
        self.touched.sort_unstable();
        self.touched.dedup();
    }

    /// An AdaGrad step on the rows touched and the dense layers; clears the gradient.
    fn step(&mut self) {
        let d = self.shape.dim;
        let off = self.shape.offsets();
        let eta = self.eta;
        let step = |range: std::ops::Range<usize>, p: &mut [f32], g: &mut [f32], g2: &mut [f32]| {
            for x in range {
                let gx = g[x];
                if gx != 0.0 {
                    g2[x] += gx * gx;
                    p[x] -= eta * gx / g2[x].sqrt();
                    g[x] = 0.0;
                }
            }
        };
        for &r in &self.touched {
            let r = r as usize;
            step(r..r + d, &mut self.params, &mut self.grad, &mut self.g2);
        }
        step(
            off.conv[0]..off.len,
            &mut self.params,
            &mut self.grad,
            &mut self.g2,
        );
    }

    /// Adds the current parameters to the running sum (with the CRF's snapshots).
    pub fn snapshot(&mut self) {
        for (s, p) in self.sum.iter_mut().zip(&self.params) {
            *s += p;
        }
        self.snapshots += 1;
    }

    /// Forgets the snapshots taken so far.
    pub fn restart_average(&mut self) {
        self.sum.fill(0.0);
        self.snapshots = 0;
    }

    /// The current network, or the average of the snapshots, in the CRF's weight unit
    /// (set when the model is quantised).
    pub fn net(&self, averaged: bool) -> EmissionNet {
        let params = if averaged {
            let k = self.snapshots.max(1) as f32;
            self.sum.iter().map(|s| s / k).collect()
        } else {
            self.params.clone()
        };
        EmissionNet::new(self.shape, self.codes.clone(), params, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loss `Σ c[i,t] s[i,t]` for fixed `c`: its gradient with respect to the scores is `c`.
    fn loss(t: &mut NetTrainer, codes: &[u32], c: &[f32]) -> f64 {
        t.scores(codes, None)
            .iter()
            .zip(c)
            .map(|(s, c)| f64::from(s * c))
            .sum()
    }

    #[test]
    fn back_propagation_matches_finite_differences() {
        let text: Vec<u32> = "新华社北京电国务院总理会见了代表团新华社"
            .chars()
            .map(|c| c as u32)
            .collect();
        let opts = NetOptions {
            dim: 4,
            hidden: 5,
            eta: 0.1,
            min_count: 1,
            warmup: 0,
        };
        let mut t = NetTrainer::new(&[&text], None, &opts, 3);
        // Non-zero output map and biases so every layer carries gradient.
        let off = t.shape.offsets();
        let mut rng = Rng::new(9);
        for p in &mut t.params[off.conv[0]..] {
            *p += (rng.below(1000) as f32 / 1000.0 - 0.5) * 0.6;
        }
        let c: Vec<f32> = (0..text.len() * NT)
            .map(|k| ((k * 13 % 7) as f32 - 3.0) / 3.0)
            .collect();
        loss(&mut t, &text, &c);
        let before = t.params.clone();
        t.backward(&c);
        let grad = t.grad.clone();
        let probe = [
            off.chars + 2 * opts.dim + 1,
            off.conv[0] + 7,
            off.bias[0] + 2,
            off.conv[1] + 11,
            off.conv[2] + 30,
            off.bias[2],
            off.out + 3,
        ];
        for &x in &probe {
            let eps = 1e-3;
            t.params[x] = before[x] + eps;
            let up = loss(&mut t, &text, &c);
            t.params[x] = before[x] - eps;
            let down = loss(&mut t, &text, &c);
            t.params[x] = before[x];
            let numeric = (up - down) / (2.0 * f64::from(eps));
            let analytic = f64::from(grad[x]);
            assert!(
                (numeric - analytic).abs() < 2e-2 * (1.0 + analytic.abs()),
                "parameter {x}: numeric {numeric}, analytic {analytic}"
            );
        }
    }
}
