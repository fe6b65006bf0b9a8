//! Linear-chain CRF training over the tagger's features: the log-likelihood of the gold tags,
//! with the BIOES constraints built into the partition function (the same constraints as
//! decoding), forward-backward in scaled probabilities, and per-sentence AdaGrad updates.
//! Optional decoupled L2 weight decay. Besides the current weights, their average over
//! snapshots taken every [`SNAPSHOT_EVERY`] sentences is offered as a candidate model each epoch
//! (averaged SGD). Optional feature dropout (each feature of a sentence's pass left out at random,
//! the rest scaled up) and an emission network learnt jointly ([`super::net`]).

use super::learner::{Candidates, Prepared, Rng, TrainOptions, quantise};
use super::net::NetTrainer;
use crate::extract::ner::clusters::Clusters;
use crate::extract::ner::lattice::Lattice;
use crate::extract::ner::model::{self, NT, START};
use rayon::prelude::*;

/// Sentences between two applications of the weight decay and two snapshots of the average.
const SNAPSHOT_EVERY: usize = 1024;
/// Gradient entries smaller than this are skipped (marginals that already match the gold).
const MIN_GRAD: f64 = 1e-5;
/// Initial AdaGrad accumulator: without it the first step of every weight is the full learning
/// rate however small its gradient, which makes every feature ever touched a strong one.
const INIT_ACC: f32 = 0.1;

/// `exp` of the transition weights, zero where BIOES forbids the transition.
fn exp_transitions(trans: &[[f64; NT]; NT + 1]) -> [[f64; NT]; NT + 1] {
    let mut out = [[0.0; NT]; NT + 1];
    for (p, row) in out.iter_mut().enumerate() {
        for (t, v) in row.iter_mut().enumerate() {
            if model::allowed(p, t) {
                *v = trans[p][t].exp();
            }
        }
    }
    out
}

/// Trains CRF weights; after every epoch hands the current (and, without decay, the averaged)
/// weights to `candidates`.
pub(super) fn fit(
    data: &Prepared,
    flags: u32,
    clusters: Option<&Clusters>,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
    candidates: &mut Candidates,
) {
    let (keys, examples, droppable) = (&data.keys[..], &data.examples[..], &data.droppable[..]);
    let nf = keys.len();
    let eta = f64::from(opts.eta);
    let mut w = vec![0f32; nf * NT];
    let mut g2 = vec![INIT_ACC; nf * NT];
    // Sum of the snapshots of the weights, for the average.
    let mut sum = vec![0f32; nf * NT];
    let mut tw = [[0f64; NT]; NT + 1];
    let mut tg2 = [[f64::from(INIT_ACC); NT]; NT + 1];
    let mut tsum = [[0f64; NT]; NT + 1];
    let mut snapshots = 0u32;
    let decay_factor = (1.0 - f64::from(opts.decay).clamp(0.0, 0.999))
        .powf(SNAPSHOT_EVERY as f64 / examples.len().max(1) as f64);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut lat = Lattice::default();
    let mut net = opts.net.map(|net_opts| {
        let lines: Vec<&[u32]> = examples.iter().map(|e| &e.codes[..]).collect();
        let trainer = NetTrainer::new(&lines, clusters, &net_opts, opts.seed);
        log(&format!(
            "emission network: {} characters, {} parameters",
            trainer.chars(),
            trainer.len()
        ));
        trainer
    });
    let mut d_scores: Vec<f32> = Vec::new();
    // Feature dropout: each feature of a character is left out of a sentence's pass with
    // probability `dropout`, and those kept weigh 1 / (1 - dropout), so that all of them at
    // once (tagging) add up to the same on average.
    let dropout = opts.dropout.clamp(0.0, 0.9);
    let drop_below = (f64::from(dropout) * f64::from(u32::MAX)) as u64;
    let inv_keep = 1.0 / (1.0 - dropout);
    let mut drop_rng = Rng::new(opts.seed ^ 0xD80F_0017);
    let mut scale: Vec<f32> = Vec::new();
    let warmup = opts.net.map_or(0, |n| n.warmup);
    for epoch in 1..=opts.epochs + warmup {
        // The features learn once the network's warm-up is over.
        let features_learn = epoch > warmup;
        if warmup > 0 && epoch == warmup + 1 {
            // The average starts with the features.
            sum.fill(0.0);
            tsum = [[0f64; NT]; NT + 1];
            snapshots = 0;
            if let Some(net) = &mut net {
                net.restart_average();
            }
        }
        let started = std::time::Instant::now();
        rng.shuffle(&mut order);
        let mut loss = 0.0;
        for (done, &e) in order.iter().enumerate() {
            let ex = &examples[e];
            let n = ex.gold.len();
            if n == 0 {
                continue;
            }
            let weight = f64::from(ex.weight);
            // Each feature's factor in this pass: 0 (left out), 1, or 1 / (1 - dropout).
            scale.clear();
            if dropout > 0.0 {
                scale.extend(ex.ids.iter().map(|&f| {
                    if !droppable[f as usize] {
                        1.0
                    } else if drop_rng.next_u64() >> 32 >= drop_below {
                        inv_keep
                    } else {
                        0.0
                    }
                }));
            } else {
                scale.resize(ex.ids.len(), 1.0);
            }
            lat.emit.clear();
            lat.emit.resize(n * NT, 0.0);
            for i in 0..n {
                let mut acc_row = [0f32; NT];
                let first = ex.starts[i] as usize;
                for (k, &f) in ex.at(i).iter().enumerate() {
                    let s = scale[first + k];
                    if s == 0.0 {
                        continue;
                    }
                    let wf = &w[f as usize * NT..(f as usize + 1) * NT];
                    for (a, v) in acc_row.iter_mut().zip(wf) {
                        *a += s * v;
                    }
                }
                for (e, a) in lat.emit[i * NT..(i + 1) * NT].iter_mut().zip(acc_row) {
                    *e = f64::from(a);
                }
            }
            if let Some(net) = &mut net {
                let scores = net.scores(&ex.codes, clusters);
                for (e, s) in lat.emit.iter_mut().zip(scores) {
                    *e += f64::from(*s);
                }
            }
            let exp_trans = exp_transitions(&tw);
            let mut tgrad = [[0f64; NT]; NT + 1];
            let log_z = lat.forward_backward(&exp_trans, Some(&mut tgrad));
            let mut gold_score = 0.0;
            let mut prev = START;
            for (i, &g) in ex.gold.iter().enumerate() {
                let g = g as usize;
                gold_score += lat.emit[i * NT + g] + tw[prev][g];
                tgrad[prev][g] -= 1.0;
                prev = g;
            }
            loss += weight * (log_z - gold_score);
            if weight != 1.0 {
                tgrad.iter_mut().flatten().for_each(|d| *d *= weight);
            }
            if let Some(net) = &mut net {
                d_scores.clear();
                d_scores.extend(lat.marg.iter().enumerate().map(|(x, m)| {
                    let gold = if ex.gold[x / NT] as usize == x % NT {
                        1.0
                    } else {
                        0.0
                    };
                    (weight * (m - gold)) as f32
                }));
                net.learn(&d_scores);
            }
            // Emission features: gradient = marginal - gold indicator.
            for i in 0..n {
                let mut grad = [(0usize, 0f64); NT];
                let mut m = 0;
                for t in 0..NT {
                    let gold = if ex.gold[i] as usize == t { 1.0 } else { 0.0 };
                    let d = weight * (lat.marg[i * NT + t] - gold);
                    if d.abs() > MIN_GRAD {
                        grad[m] = (t, d);
                        m += 1;
                    }
                }
                if m == 0 || !features_learn {
                    continue;
                }
                let first = ex.starts[i] as usize;
                for (k, &f) in ex.at(i).iter().enumerate() {
                    let s = f64::from(scale[first + k]);
                    if s == 0.0 {
                        continue;
                    }
                    let base = f as usize * NT;
                    for &(t, d) in &grad[..m] {
                        let d = d * s;
                        let x = base + t;
                        let acc = f64::from(g2[x]) + d * d;
                        g2[x] = acc as f32;
                        w[x] -= (eta * d / acc.sqrt()) as f32;
                    }
                }
            }
            for (p, row) in tgrad.iter().enumerate() {
                for (t, &d) in row.iter().enumerate() {
                    if d.abs() > MIN_GRAD {
                        tg2[p][t] += d * d;
                        tw[p][t] -= eta * d / tg2[p][t].sqrt();
                    }
                }
            }
            if (done + 1) % SNAPSHOT_EVERY == 0 || done + 1 == order.len() {
                let f = decay_factor as f32;
                w.par_iter_mut().zip(sum.par_iter_mut()).for_each(|(v, s)| {
                    *v *= f;
                    *s += *v;
                });
                for (v, s) in tw.iter_mut().flatten().zip(tsum.iter_mut().flatten()) {
                    *v *= decay_factor;
                    *s += *v;
                }
                snapshots += 1;
                if let Some(net) = &mut net {
                    net.snapshot();
                }
            }
        }
        let above = |min: f32| {
            w.par_chunks(NT)
                .filter(|row| row.iter().any(|v| v.abs() >= min))
                .count()
        };
        log(&format!(
            "epoch {epoch}: loss {loss:.0}, {:.1}s; features with a weight >= 0.01: {}, 0.03: {}, 0.1: {}",
            started.elapsed().as_secs_f64(),
            above(0.01),
            above(0.03),
            above(0.1)
        ));
        let to_f32 = |t: &[[f64; NT]; NT + 1]| {
            let mut out = [[0f32; NT]; NT + 1];
            for (o, r) in out.iter_mut().zip(t) {
                for (a, b) in o.iter_mut().zip(r) {
                    *a = *b as f32;
                }
            }
            out
        };
        let n = snapshots.max(1) as f32;
        let avg_w: Vec<f32> = sum.par_iter().map(|&s| s / n).collect();
        let mut avg_t = [[0f32; NT]; NT + 1];
        for (a, s) in avg_t.iter_mut().flatten().zip(tsum.iter().flatten()) {
            *a = (*s / f64::from(n)) as f32;
        }
        let list = vec![
            (
                "averaged",
                quantise(
                    keys,
                    &avg_w,
                    &avg_t,
                    flags,
                    opts,
                    clusters.cloned(),
                    net.as_ref().map(|n| n.net(true)),
                ),
            ),
            (
                "last",
                quantise(
                    keys,
                    &w,
                    &to_f32(&tw),
                    flags,
                    opts,
                    clusters.cloned(),
                    net.as_ref().map(|n| n.net(false)),
                ),
            ),
        ];
        candidates(epoch, list, log);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All well-formed tag sequences of length `n`, by brute force.
    fn sequences(n: usize) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = vec![vec![]];
        for _ in 0..n {
            let mut next = Vec::new();
            for s in &out {
                let prev = s.last().copied().unwrap_or(START);
                for t in 0..NT {
                    if model::allowed(prev, t) {
                        let mut s = s.clone();
                        s.push(t);
                        next.push(s);
                    }
                }
            }
            out = next;
        }
        out.retain(|s| s.last().is_none_or(|&t| model::allowed_last(t)));
        out
    }

    #[test]
    fn forward_backward_matches_brute_force() {
        let n = 3;
        let mut rng = Rng::new(7);
        let mut r = || (rng.below(1000) as f64 / 250.0) - 2.0;
        let mut trans = [[0.0; NT]; NT + 1];
        for v in trans.iter_mut().flatten() {
            *v = r();
        }
        let mut lat = Lattice::default();
        lat.emit.extend((0..n * NT).map(|_| r()));
        let mut texp = [[0.0; NT]; NT + 1];
        let log_z = lat.forward_backward(&exp_transitions(&trans), Some(&mut texp));
        let mut z = 0.0;
        let mut marg = vec![0.0; n * NT];
        let mut tcount = [[0.0; NT]; NT + 1];
        let seqs = sequences(n);
        for s in &seqs {
            let mut score = 0.0;
            let mut prev = START;
            for (i, &t) in s.iter().enumerate() {
                score += lat.emit[i * NT + t] + trans[prev][t];
                prev = t;
            }
            let p = f64::exp(score);
            z += p;
            let mut prev = START;
            for (i, &t) in s.iter().enumerate() {
                marg[i * NT + t] += p;
                tcount[prev][t] += p;
                prev = t;
            }
        }
        assert!((log_z - z.ln()).abs() < 1e-9, "{log_z} vs {}", z.ln());
        for (a, b) in lat.marg.iter().zip(&marg) {
            assert!((a - b / z).abs() < 1e-9);
        }
        for (ra, rb) in texp.iter().zip(&tcount) {
            for (a, b) in ra.iter().zip(rb) {
                assert!((a - b / z).abs() < 1e-9);
            }
        }
        // Forbidden endings and transitions carry no mass.
        for t in 0..NT {
            if !model::allowed_last(t) {
                assert_eq!(lat.marg[(n - 1) * NT + t], 0.0);
            }
        }
    }
}
