//! Training the tagger (`kanbao train-ner`) and scoring it (`kanbao eval-ner`): reading gold and
//! unlabelled data ([`data`]), the training set's features, the two learners (`crf`,
//! `perceptron`) and what they share (`learner`), clusters learnt from news ([`clusters`]),
//! copies of the training data with names replaced ([`augment`]), the average of several models
//! ([`average`]) and exact-span scores ([`eval`]). Built with the `train` feature; the tagger never imports it.

pub mod augment;
pub mod average;
pub mod clusters;
mod crf;
pub mod data;
pub mod errors;
pub mod eval;
mod learner;
pub mod net;
mod perceptron;
pub mod silver;
pub mod span;

pub use data::{GoldLine, read_gold, read_raw_corpus};
pub use eval::{Counts, Scores, evaluate, predict, score};
pub use learner::{Algorithm, TrainOptions};

use super::chars::normalize_all;
use super::clusters::Clusters;
use super::features::{self, FeatureContext, LineFeatures, Scratch};
use super::lexicon::{KeyMap, Lexicon};
use super::model::{self, ModelParts};
use super::{EntityKind, Ner};
use learner::Example;
use rayon::prelude::*;
use std::sync::Arc;

/// Extracts the features of every training sentence, gold then silver; returns the sorted
/// feature keys kept (seen at least `min_count` times) and the sentences as feature ids into
/// them, silver ones weighing `silver_weight`.
fn prepare(
    gold: &[GoldLine],
    silver: &[GoldLine],
    ctx: &FeatureContext,
    min_count: u32,
    silver_weight: f32,
) -> (Vec<u64>, Vec<Example>) {
    let train: Vec<&GoldLine> = gold.iter().chain(silver).collect();
    let extract = |g: &&GoldLine, scratch: &mut Scratch, out: &mut LineFeatures| {
        ctx.extract(&normalize_all(&g.text), scratch, out);
    };
    // Pass 1: count feature keys.
    let counts: KeyMap<u32> = train
        .par_chunks(512)
        .map(|chunk| {
            let (mut scratch, mut feats) = (Scratch::default(), LineFeatures::default());
            let mut counts: KeyMap<u32> = KeyMap::default();
            for g in chunk {
                extract(g, &mut scratch, &mut feats);
                for &k in &feats.keys {
                    *counts.entry(k).or_default() += 1;
                }
            }
            counts
        })
        .reduce(KeyMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    let mut keys: Vec<u64> = counts
        .iter()
        .filter(|(_, n)| **n >= min_count)
        .map(|(k, _)| *k)
        .collect();
    keys.sort_unstable();
    drop(counts);
    let index: KeyMap<u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    // Pass 2: feature ids per sentence.
    let examples: Vec<Example> = train
        .par_iter()
        .enumerate()
        .map_init(
            || (Scratch::default(), LineFeatures::default()),
            |(scratch, feats), (n, g)| {
                extract(g, scratch, feats);
                let mut ids = Vec::with_capacity(feats.keys.len());
                let mut starts = Vec::with_capacity(feats.starts.len());
                starts.push(0);
                for i in 0..feats.len() {
                    ids.extend(
                        feats
                            .position(i)
                            .iter()
                            .filter_map(|k| index.get(k).copied()),
                    );
                    starts.push(ids.len() as u32);
                }
                let tags = model::spans_to_tags(feats.len(), &g.spans);
                let weight = if n < gold.len() { 1.0 } else { silver_weight };
                Example {
                    codes: normalize_all(&g.text),
                    ids,
                    starts,
                    gold: tags,
                    weight,
                }
            },
        )
        .collect();
    (keys, examples)
}

/// Which features (by id into `keys`) feature dropout may leave out: those of the groups
/// `opts.dropout_groups` (all, unless fewer are asked for), found by extracting the training
/// sentences' features of those groups alone (a feature's key does not depend on the others).
fn droppable_features(
    set: TrainingSet,
    ctx: &FeatureContext,
    keys: &[u64],
    opts: &TrainOptions,
) -> Vec<bool> {
    let groups = ctx.flags & opts.dropout_groups;
    if opts.dropout <= 0.0 || groups == ctx.flags {
        return vec![true; keys.len()];
    }
    let only = FeatureContext {
        flags: groups,
        ..*ctx
    };
    let found: KeyMap<()> = set
        .gold
        .par_iter()
        .chain(set.silver)
        .map_init(
            || (Scratch::default(), LineFeatures::default()),
            |(scratch, feats), g| {
                only.extract(&normalize_all(&g.text), scratch, feats);
                feats.keys.clone()
            },
        )
        .flatten_iter()
        .map(|k| (k, ()))
        .collect();
    keys.iter().map(|k| found.contains_key(k)).collect()
}

/// Training sentences: gold ones and silver ones (self-training, see [`silver`]).
#[derive(Debug, Clone, Copy)]
pub struct TrainingSet<'a> {
    pub gold: &'a [GoldLine],
    pub silver: &'a [GoldLine],
}

/// Trains a model; after each epoch the model is scored on `dev` and the best kept.
pub fn train(
    set: TrainingSet,
    dev: &[GoldLine],
    lexicon: Arc<Lexicon>,
    clusters: Option<Clusters>,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
    on_best: &mut dyn FnMut(&ModelParts),
) -> ModelParts {
    let flags = if clusters.is_some() {
        opts.flags
    } else {
        opts.flags & !features::flags::CLUSTERS
    };
    let ctx = FeatureContext {
        lexicon: &lexicon,
        clusters: clusters.as_ref(),
        flags,
    };
    let (keys, examples) = prepare(
        set.gold,
        set.silver,
        &ctx,
        opts.min_count,
        opts.silver_weight,
    );
    let droppable = droppable_features(set, &ctx, &keys, opts);
    let data = learner::Prepared {
        keys,
        examples,
        droppable,
    };
    log(&format!(
        "{} features from {} sentences and {} silver ones",
        data.keys.len(),
        set.gold.len(),
        set.silver.len()
    ));
    let mut best: Option<(f64, ModelParts)> = None;
    let mut last: Option<ModelParts> = None;
    // Scores one candidate model of an epoch; keeps it when best so far.
    let mut score = |epoch: usize, what: &str, parts: ModelParts, log: &mut dyn FnMut(&str)| {
        let n_features = parts.keys.len();
        let ner = Ner::new(lexicon.clone(), &parts);
        let scores = evaluate(&ner, dev, true);
        let f1 = scores.micro().f1();
        log(&format!(
            "epoch {epoch} {what}: dev F1 {f1:.4} (PER {:.4} LOC {:.4} ORG {:.4}), {n_features} features",
            scores.kind(EntityKind::Per).f1(),
            scores.kind(EntityKind::Loc).f1(),
            scores.kind(EntityKind::Org).f1(),
        ));
        drop(ner);
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            on_best(&parts);
            best = Some((f1, parts));
        } else {
            last = Some(parts);
        }
    };
    let mut candidates =
        |epoch: usize, list: Vec<(&str, ModelParts)>, log: &mut dyn FnMut(&str)| {
            for (what, parts) in list {
                score(epoch, what, parts, log);
            }
        };
    let fit = match opts.algorithm {
        Algorithm::Perceptron => perceptron::fit,
        Algorithm::Crf => crf::fit,
    };
    fit(&data, flags, clusters.as_ref(), opts, log, &mut candidates);
    match best {
        Some((f1, parts)) => {
            log(&format!("kept the model with dev F1 {f1:.4}"));
            parts
        }
        None => last.unwrap_or_default(),
    }
}

/// What the learners' tests share: a tiny lexicon and training without logging.
#[cfg(test)]
pub(super) mod test_support {
    use super::{GoldLine, Lexicon, ModelParts, TrainOptions, TrainingSet, train};
    use crate::names::Surnames;
    use std::sync::Arc;

    /// A lexicon of no words, the surnames 王 and 李 and the given cues (`org_suffix\t公司\n`).
    pub fn tiny_lexicon(cues: &str) -> Arc<Lexicon> {
        let surnames = Surnames::parse_text("s.txt", "[single]\n王 李\n").expect("valid");
        Arc::new(Lexicon::from_text("", cues, &surnames))
    }

    /// The model `train` keeps for `gold` (no silver), chosen on `dev`, with nothing logged.
    pub fn train_quietly(
        gold: &[GoldLine],
        dev: &[GoldLine],
        lexicon: &Arc<Lexicon>,
        opts: &TrainOptions,
    ) -> ModelParts {
        let set = TrainingSet { gold, silver: &[] };
        train(
            set,
            dev,
            lexicon.clone(),
            None,
            opts,
            &mut |_| {},
            &mut |_| {},
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::EntitySpan;
    use crate::names::Surnames;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    #[test]
    fn dropout_leaves_out_only_the_groups_asked_for() {
        let lex = Lexicon::from_text(
            "北京\t100\tns\n",
            "",
            &Surnames::parse_text("s.txt", "[single]\n王 李\n").expect("valid"),
        );
        let gold = vec![GoldLine {
            text: "王明去北京了".into(),
            spans: vec![span(0, 2, EntityKind::Per)],
        }];
        let ctx = FeatureContext {
            lexicon: &lex,
            clusters: None,
            flags: features::flags::NGRAMS | features::flags::DICT,
        };
        let (keys, _) = prepare(&gold, &[], &ctx, 1, 1.0);
        let set = TrainingSet {
            gold: &gold,
            silver: &[],
        };
        let opts = |groups| TrainOptions {
            dropout: 0.3,
            dropout_groups: groups,
            ..TrainOptions::default()
        };
        let all = droppable_features(set, &ctx, &keys, &opts(u32::MAX));
        assert!(all.iter().all(|&d| d));
        let ngrams = droppable_features(set, &ctx, &keys, &opts(features::flags::NGRAMS));
        let ngrams_only = FeatureContext {
            flags: features::flags::NGRAMS,
            ..ctx
        };
        let (ngram_keys, _) = prepare(&gold, &[], &ngrams_only, 1, 1.0);
        for (k, d) in keys.iter().zip(&ngrams) {
            // The n-gram features may be left out, the dictionary's never.
            assert_eq!(*d, ngram_keys.binary_search(k).is_ok(), "{k:x}");
        }
        assert!(ngrams.iter().any(|&d| d) && ngrams.iter().any(|&d| !d));
    }

    #[test]
    fn perceptron_and_crf_learn_a_tiny_language() {
        let lex = test_support::tiny_lexicon("");
        let mk = |text: &str, spans: Vec<EntitySpan>| GoldLine {
            text: text.into(),
            spans,
        };
        let mut data = Vec::new();
        for name in ["王明", "李强", "王刚", "李华"] {
            for place in ["北京", "上海", "天津"] {
                data.push(mk(
                    &format!("{name}去{place}了"),
                    vec![span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)],
                ));
            }
        }
        for (algorithm, decay, dropout, dropout_groups) in [
            (Algorithm::Perceptron, 0.0, 0.0, u32::MAX),
            (Algorithm::Crf, 0.0, 0.0, u32::MAX),
            (Algorithm::Crf, 0.1, 0.0, u32::MAX),
            (Algorithm::Crf, 0.0, 0.3, u32::MAX),
            (Algorithm::Crf, 0.0, 0.3, features::flags::NGRAMS),
        ] {
            let opts = TrainOptions {
                algorithm,
                epochs: 5,
                decay,
                dropout,
                dropout_groups,
                prune: 1e-4,
                ..TrainOptions::default()
            };
            let mut saved = 0;
            let set = TrainingSet {
                gold: &data,
                silver: &[],
            };
            let parts = train(
                set,
                &data,
                lex.clone(),
                None,
                &opts,
                &mut |_| {},
                &mut |_| saved += 1,
            );
            assert!(saved >= 1);
            let ner = Ner::new(lex.clone(), &parts);
            assert_eq!(
                ner.tag("王华去天津了"),
                vec![span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)],
                "{algorithm:?} decay {decay} dropout {dropout} of groups {dropout_groups}"
            );
        }
    }

    #[test]
    fn a_model_averaged_with_one_trained_on_replaced_names_still_tags() {
        let lex = test_support::tiny_lexicon("");
        let mut data = Vec::new();
        for name in ["王明", "李强", "王刚"] {
            for place in ["北京", "上海", "天津"] {
                data.push(GoldLine {
                    text: format!("{name}去{place}了"),
                    spans: vec![span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)],
                });
            }
        }
        let opts = TrainOptions {
            epochs: 5,
            prune: 1e-4,
            ..TrainOptions::default()
        };
        let fit = |gold: &[GoldLine]| test_support::train_quietly(gold, &data, &lex, &opts);
        let plain = fit(&data);
        let mut augmented = data.clone();
        augmented.extend(augment::replace_mentions(&data, 2, 1, &[]));
        let replaced = fit(&augmented);
        let scale = |parts: &ModelParts| span::calibrate(&parts.to_model(), &lex, &data);
        let (avg, unit) = average::average(
            &[(&plain, scale(&plain)), (&replaced, scale(&replaced))],
            0.0,
        )
        .expect("same features and clusters");
        assert!(unit > 0.0 && avg.keys.len() >= plain.keys.len());
        let ner = Ner::new(lex.clone(), &avg);
        assert_eq!(
            ner.tag("李刚去上海了"),
            vec![span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)]
        );
    }
}
