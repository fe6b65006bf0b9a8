//! The averaged structured perceptron: Viterbi-decode each sentence with the current weights and
//! move them towards the gold tags where the decoding is wrong.

use super::learner::{Candidates, Prepared, Rng, TrainOptions, quantise};
use crate::extract::ner::clusters::Clusters;
use crate::extract::ner::model::{self, NT};
use rayon::prelude::*;

/// Trains an averaged structured perceptron; after every epoch hands the averaged weights to
/// `candidates`.
pub(super) fn fit(
    data: &Prepared,
    flags: u32,
    clusters: Option<&Clusters>,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
    candidates: &mut Candidates,
) {
    let (keys, examples) = (&data.keys[..], &data.examples[..]);
    let nf = keys.len();
    let mut w = vec![0i32; nf * NT];
    let mut acc = vec![0i64; nf * NT];
    let mut tw = [[0i32; NT]; NT + 1];
    let mut tacc = [[0i64; NT]; NT + 1];
    let mut c: i64 = 1;
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let (mut emit, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 1..=opts.epochs {
        let started = std::time::Instant::now();
        rng.shuffle(&mut order);
        let mut wrong = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let n = ex.gold.len();
            emit.clear();
            emit.resize(n * NT, 0i32);
            for i in 0..n {
                let row = &mut emit[i * NT..(i + 1) * NT];
                for &f in ex.at(i) {
                    let wf = &w[f as usize * NT..(f as usize + 1) * NT];
                    for t in 0..NT {
                        row[t] += wf[t];
                    }
                }
            }
            model::viterbi(&emit, &tw, &mut back, &mut pred);
            if pred != ex.gold {
                wrong += 1;
                for i in 0..n {
                    let (g, p) = (ex.gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &f in ex.at(i) {
                            let f = f as usize * NT;
                            w[f + g] += 1;
                            acc[f + g] += c;
                            w[f + p] -= 1;
                            acc[f + p] -= c;
                        }
                    }
                    let gp = if i == 0 {
                        model::START
                    } else {
                        ex.gold[i - 1] as usize
                    };
                    let pp = if i == 0 {
                        model::START
                    } else {
                        pred[i - 1] as usize
                    };
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1;
                        tacc[gp][g] += c;
                        tw[pp][p] -= 1;
                        tacc[pp][p] -= c;
                    }
                }
            }
            c += 1;
        }
        log(&format!(
            "epoch {epoch}: {wrong} sentences wrong, {:.1}s",
            started.elapsed().as_secs_f64()
        ));
        let avg = |w: i32, a: i64| (f64::from(w) - a as f64 / c as f64) as f32;
        let avg_w: Vec<f32> = w
            .par_iter()
            .zip(acc.par_iter())
            .map(|(&w, &a)| avg(w, a))
            .collect();
        let mut avg_t = [[0f32; NT]; NT + 1];
        for (r, row) in avg_t.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate() {
                *v = avg(tw[r][t], tacc[r][t]);
            }
        }
        let parts = quantise(keys, &avg_w, &avg_t, flags, opts, clusters.cloned(), None);
        candidates(epoch, vec![("averaged", parts)], log);
    }
}
