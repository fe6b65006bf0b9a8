//! Training the second pass over organizations ([`crate::extract::ner::span`],
//! `kanbao train-org-spans`): the classifier must learn the errors the CRF makes on text it has
//! not seen, so each training sentence is tagged by a CRF trained without it (cross-validation:
//! fold `k` of `N` holds the sentences whose index is `k` modulo `N`, tagged by the model trained
//! on the others, `train-ner --fold k/N`). Every candidate span of the CRF's posteriors is an
//! example, positive when it is a gold organization; a logistic regression learns them
//! (AdaGrad, features seen once dropped). The threshold is then chosen on dev with the shipped
//! CRF.

use super::data::GoldLine;
use super::eval::evaluate;
use super::learner::Rng;
use super::silver::Teacher;
use crate::extract::ner::chars::normalize_all;
use crate::extract::ner::features::{FeatureContext, LineFeatures, Scratch};
use crate::extract::ner::lexicon::{KeyMap, Lexicon};
use crate::extract::ner::model::{self, Model};
use crate::extract::ner::span::{self, SpanModel, SpanWork};
use crate::extract::ner::{EntityKind, EntitySpan, Ner};
use rayon::prelude::*;

/// One candidate span: its feature keys and whether it is a gold organization.
#[derive(Debug, Clone)]
pub struct SpanExample {
    /// The CRF's probability of the span.
    pub prob: f64,
    pub keys: Vec<u64>,
    pub positive: bool,
}

/// Settings of [`fit`].
#[derive(Debug, Clone)]
pub struct SpanOptions {
    pub epochs: usize,
    pub eta: f64,
    /// Least CRF probability of a candidate.
    pub floor: f64,
    pub min_count: u32,
    pub seed: u64,
    /// The feature templates in use.
    pub templates: u64,
}

impl Default for SpanOptions {
    fn default() -> SpanOptions {
        SpanOptions {
            epochs: 5,
            eta: 0.1,
            floor: 0.01,
            min_count: 2,
            seed: 7,
            templates: span::ALL_TEMPLATES,
        }
    }
}

#[derive(Default)]
struct Work {
    scratch: Scratch,
    features: LineFeatures,
    emit: Vec<i32>,
    back: Vec<u8>,
    tags: Vec<u8>,
    spans: SpanWork,
}

/// The candidates of `gold` as the CRF `model` (its potentials scaled by `scale`) sees them,
/// whole lines at a time, with their features and labels.
pub fn examples(
    model: &Model,
    lexicon: &Lexicon,
    scale: f64,
    opts: &SpanOptions,
    gold: &[GoldLine],
) -> Vec<SpanExample> {
    let floor = opts.floor;
    let ctx = FeatureContext {
        lexicon,
        clusters: model.clusters.as_ref(),
        flags: model.flags,
    };
    let exp_trans = span::exp_transitions(&model.trans, scale);
    gold.par_iter()
        .map_init(Work::default, |w, g| {
            let codes = normalize_all(&g.text);
            ctx.extract(&codes, &mut w.scratch, &mut w.features);
            model.emissions(&codes, &w.features, &mut w.emit);
            model::viterbi(&w.emit, &model.trans, &mut w.back, &mut w.tags);
            let viterbi = model::tags_to_spans(&w.tags);
            let sw = &mut w.spans;
            sw.lattices.resize_with(1, Default::default);
            let lattice = &mut sw.lattices[0];
            span::posteriors(&w.emit, &exp_trans, scale, lattice);
            span::candidates(lattice, &exp_trans, &viterbi, floor, &mut sw.candidates);
            sw.candidates
                .iter()
                .map(|c| {
                    let mut keys = Vec::new();
                    span::span_features(
                        lexicon,
                        &codes,
                        lattice,
                        &viterbi,
                        c,
                        opts.templates,
                        &mut keys,
                    );
                    let positive = g.spans.contains(&EntitySpan {
                        start: c.start,
                        end: c.end,
                        kind: EntityKind::Org,
                    });
                    SpanExample {
                        prob: c.prob,
                        keys,
                        positive,
                    }
                })
                .collect::<Vec<_>>()
        })
        .flatten()
        .collect()
}

/// The temperature that calibrates `model`'s posteriors on `dev`.
pub fn calibrate(model: &Model, lexicon: &Lexicon, dev: &[GoldLine]) -> f64 {
    let mut teacher = Teacher {
        model,
        lexicon,
        scale: 1.0,
    };
    teacher.calibrate(dev);
    teacher.scale
}

/// Learns the classifier's weights (logistic loss, AdaGrad, sequential and seeded).
pub fn fit(examples: &[SpanExample], opts: &SpanOptions) -> KeyMap<f32> {
    let mut counts: KeyMap<u32> = KeyMap::default();
    for ex in examples {
        for &k in &ex.keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut weights: KeyMap<(f64, f64)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= opts.min_count)
        .map(|(k, _)| (k, (0.0, 0.1)))
        .collect();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(opts.seed);
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            let z: f64 = span::log_odds(ex.prob)
                + ex.keys
                    .iter()
                    .filter_map(|k| weights.get(k))
                    .map(|w| w.0)
                    .sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - f64::from(u8::from(ex.positive));
            if g.abs() < 1e-6 {
                continue;
            }
            for k in &ex.keys {
                if let Some((w, acc)) = weights.get_mut(k) {
                    *acc += g * g;
                    *w -= opts.eta * g / acc.sqrt();
                }
            }
        }
    }
    weights
        .into_iter()
        .filter(|(_, (w, _))| w.abs() >= 1e-4)
        .map(|(k, (w, _))| (k, w as f32))
        .collect()
}

/// The threshold of `thresholds` and the fallback of `fallbacks` with the best micro F1 on
/// `dev` for `ner` with `spans` (each pair set in turn), and that F1.
pub fn tune_threshold(
    ner: Ner,
    mut spans: SpanModel,
    dev: &[GoldLine],
    thresholds: &[f64],
    fallbacks: &[f64],
    log: &mut dyn FnMut(&str),
) -> (SpanModel, f64) {
    let mut best: Option<(f64, f64, f64)> = None;
    let mut ner = ner;
    for &fallback in fallbacks {
        for &threshold in thresholds {
            spans.threshold = threshold;
            spans.fallback = fallback;
            ner = ner.with_org_spans(Some(spans.clone()));
            let scores = evaluate(&ner, dev, true);
            let f1 = scores.micro().f1();
            log(&format!(
                "threshold {threshold:.3} fallback {fallback:.2}: dev F1 {f1:.4} (PER {:.4} LOC {:.4} ORG {:.4})",
                scores.kind(EntityKind::Per).f1(),
                scores.kind(EntityKind::Loc).f1(),
                scores.kind(EntityKind::Org).f1(),
            ));
            if best.is_none_or(|(b, _, _)| f1 > b) {
                best = Some((f1, threshold, fallback));
            }
        }
    }
    let (f1, threshold, fallback) = best.unwrap_or((0.0, 0.5, 2.0));
    spans.threshold = threshold;
    spans.fallback = fallback;
    (spans, f1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::train::test_support::{tiny_lexicon, train_quietly};
    use crate::extract::ner::train::{Algorithm, TrainOptions};

    #[test]
    fn candidates_of_a_trained_crf_hold_the_gold_organizations() {
        let lex = tiny_lexicon("org_suffix\t公司\n");
        let org = |start, end| EntitySpan {
            start,
            end,
            kind: EntityKind::Org,
        };
        let mut data = Vec::new();
        for name in ["华光", "新星", "长城", "东方"] {
            for verb in ["成立", "上市", "亏损"] {
                data.push(GoldLine {
                    text: format!("{name}公司{verb}了"),
                    spans: vec![org(0, 4)],
                });
            }
        }
        let opts = TrainOptions {
            algorithm: Algorithm::Crf,
            epochs: 5,
            prune: 1e-4,
            ..TrainOptions::default()
        };
        let parts = train_quietly(&data, &data, &lex, &opts);
        let model = parts.to_model();
        let scale = calibrate(&model, &lex, &data);
        assert!(scale > 0.0);
        let found = examples(&model, &lex, scale, &SpanOptions::default(), &data);
        assert_eq!(found.iter().filter(|e| e.positive).count(), data.len());
        assert!(found.iter().all(|e| !e.keys.is_empty()));
        let weights = fit(&found, &SpanOptions::default());
        let spans = SpanModel {
            scale,
            member_scales: Vec::new(),
            floor: 0.01,
            threshold: 0.5,
            fallback: 2.0,
            templates: span::ALL_TEMPLATES,
            weights,
        };
        let ner = Ner::new(lex, &parts);
        let (tuned, f1) = tune_threshold(ner, spans, &data, &[0.3, 0.5], &[0.9, 2.0], &mut |_| {});
        assert!([0.3, 0.5].contains(&tuned.threshold));
        assert!([0.9, 2.0].contains(&tuned.fallback));
        assert!(f1 > 0.99, "{f1}");
    }

    #[test]
    fn the_classifier_learns_a_feature_that_tells_positives() {
        let mk = |keys: &[u64], positive| SpanExample {
            prob: 0.5,
            keys: keys.to_vec(),
            positive,
        };
        let mut data = Vec::new();
        for _ in 0..50 {
            data.push(mk(&[1, 10], true));
            data.push(mk(&[1, 20], false));
        }
        let w = fit(&data, &SpanOptions::default());
        let m = SpanModel {
            weights: w,
            ..SpanModel::default()
        };
        assert!(m.probability(0.5, &[1, 10]) > 0.8);
        assert!(m.probability(0.5, &[1, 20]) < 0.2);
    }
}
