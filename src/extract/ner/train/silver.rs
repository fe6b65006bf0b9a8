//! Self-training: silver sentences from unlabelled news, tagged by an earlier model (the
//! teacher) and kept only where the teacher is sure of every character and names an
//! organization. The teacher's posterior marginals come from forward-backward over its
//! quantised weights; the unknown quantisation scale is replaced by a temperature fitted to the
//! likelihood of the gold tags of the development set, so the marginals are calibrated.

use super::data::GoldLine;
use super::learner::Rng;
use crate::extract::ner::EntityKind;
use crate::extract::ner::chars::normalize_all;
use crate::extract::ner::features::{FeatureContext, LineFeatures, Scratch};
use crate::extract::ner::lattice::Lattice;
use crate::extract::ner::lexicon::{KeyMap, Lexicon, seq_step};
use crate::extract::ner::model::{self, Model, NT};
use rayon::prelude::*;
use std::collections::HashSet;

/// Settings of [`silver_sentences`].
#[derive(Debug, Clone)]
pub struct SilverOptions {
    /// At most this many sentences are kept (a seeded sample of those that qualify).
    pub max_sentences: usize,
    /// Every character's tag must have at least this posterior probability.
    pub min_confidence: f64,
    /// Keep only sentences naming an organization the training set does not name.
    pub unseen_only: bool,
    pub seed: u64,
}

/// Sentences shorter or longer than this are skipped (training sentences hold at most 100).
const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 100;

/// The teacher: a model with the lexicon it was trained with and its fitted temperature.
pub struct Teacher<'a> {
    pub model: &'a Model,
    pub lexicon: &'a Lexicon,
    /// Multiplies the quantised scores into log-potentials.
    pub scale: f64,
}

#[derive(Default)]
struct Work {
    scratch: Scratch,
    features: LineFeatures,
    emit: Vec<i32>,
    lattice: Lattice,
    back: Vec<u8>,
    tags: Vec<u8>,
}

impl Teacher<'_> {
    /// Fills `w.lattice` with the scaled emissions of `codes` and runs forward-backward; returns
    /// `ln Z`.
    fn posteriors(&self, codes: &[u32], w: &mut Work, exp_trans: &[[f64; NT]; NT + 1]) -> f64 {
        let ctx = FeatureContext {
            lexicon: self.lexicon,
            clusters: self.model.clusters.as_ref(),
            flags: self.model.flags,
        };
        ctx.extract(codes, &mut w.scratch, &mut w.features);
        self.model.emissions(codes, &w.features, &mut w.emit);
        w.lattice.emit.clear();
        w.lattice
            .emit
            .extend(w.emit.iter().map(|&e| f64::from(e) * self.scale));
        w.lattice.forward_backward(exp_trans, None)
    }

    fn exp_trans(&self) -> [[f64; NT]; NT + 1] {
        let mut out = [[0.0; NT]; NT + 1];
        for (p, row) in out.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate() {
                if model::allowed(p, t) {
                    *v = (f64::from(self.model.trans[p][t]) * self.scale).exp();
                }
            }
        }
        out
    }

    /// Mean log-likelihood per character of the gold tags of `gold` at the current scale.
    fn log_likelihood(&self, gold: &[GoldLine]) -> f64 {
        let exp_trans = self.exp_trans();
        let (sum, chars) = gold
            .par_iter()
            .map_init(Work::default, |w, g| {
                let codes = normalize_all(&g.text);
                let log_z = self.posteriors(&codes, w, &exp_trans);
                let tags = model::spans_to_tags(codes.len(), &g.spans);
                let mut score = 0.0;
                let mut prev = model::START;
                for (i, &t) in tags.iter().enumerate() {
                    let t = t as usize;
                    score += w.lattice.emit[i * NT + t]
                        + f64::from(self.model.trans[prev][t]) * self.scale;
                    prev = t;
                }
                (score - log_z, codes.len())
            })
            .collect::<Vec<_>>()
            // Summed in order: the same scale whatever the number of threads.
            .into_iter()
            .fold((0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        sum / chars.max(1) as f64
    }

    /// Sets the scale that maximises the likelihood of `gold` (a golden-section search over
    /// its logarithm); returns the mean log-likelihood per character there.
    pub fn calibrate(&mut self, gold: &[GoldLine]) -> f64 {
        let (mut lo, mut hi) = ((1e-7f64).ln(), (1e-1f64).ln());
        let ratio = (5f64.sqrt() - 1.0) / 2.0;
        let at = |s: f64, this: &mut Self| {
            this.scale = s.exp();
            this.log_likelihood(gold)
        };
        for _ in 0..20 {
            let a = hi - ratio * (hi - lo);
            let b = lo + ratio * (hi - lo);
            if at(a, self) >= at(b, self) {
                hi = b;
            } else {
                lo = a;
            }
        }
        at((lo + hi) / 2.0, self)
    }
}

/// Sentences of the corpus lines: split after `。！？!?；;`, trimmed of spaces.
fn corpus_sentences(lines: &[Vec<u32>]) -> Vec<&[u32]> {
    let ends = |c: u32| {
        matches!(
            char::from_u32(c),
            Some('。' | '！' | '？' | '!' | '?' | '；' | ';')
        )
    };
    let mut out = Vec::new();
    for line in lines {
        let mut start = 0;
        for (i, &c) in line.iter().enumerate() {
            if ends(c) || i + 1 == line.len() {
                let s = &line[start..=i];
                let space = |c: &u32| *c == u32::from(' ');
                let from = s.iter().position(|c| !space(c)).unwrap_or(s.len());
                let to = s.iter().rposition(|c| !space(c)).map_or(from, |x| x + 1);
                out.push(&s[from..to]);
                start = i + 1;
            }
        }
    }
    out
}

/// Silver training sentences: corpus sentences (each text once) whose every character the
/// teacher tags with at least `min_confidence`, naming at least one organization (one the
/// training set does not name, with `unseen_only`); a seeded sample of `max_sentences`.
pub fn silver_sentences(
    teacher: &Teacher,
    corpus: &[Vec<u32>],
    train: &[GoldLine],
    opts: &SilverOptions,
) -> Vec<GoldLine> {
    let known: HashSet<String> = train
        .iter()
        .flat_map(|g| {
            let chars: Vec<char> = g.text.chars().collect();
            g.spans
                .iter()
                .filter(|s| s.kind == EntityKind::Org && s.end <= chars.len())
                .map(|s| chars[s.start..s.end].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut seen: KeyMap<()> = KeyMap::default();
    let sentences: Vec<&[u32]> = corpus_sentences(corpus)
        .into_iter()
        .filter(|s| (MIN_CHARS..=MAX_CHARS).contains(&s.len()))
        .filter(|s| {
            let key = s.iter().fold(0u64, |k, &c| seq_step(k, c));
            seen.insert(key, ()).is_none()
        })
        .collect();
    let exp_trans = teacher.exp_trans();
    let mut kept: Vec<GoldLine> = sentences
        .par_iter()
        .map_init(Work::default, |w, codes| {
            teacher.posteriors(codes, w, &exp_trans);
            model::viterbi(&w.emit, &teacher.model.trans, &mut w.back, &mut w.tags);
            let sure = w
                .tags
                .iter()
                .enumerate()
                .all(|(i, &t)| w.lattice.marg[i * NT + t as usize] >= opts.min_confidence);
            if !sure {
                return None;
            }
            let spans = model::tags_to_spans(&w.tags);
            let text: String = codes.iter().filter_map(|&c| char::from_u32(c)).collect();
            if text.chars().count() != codes.len() {
                return None;
            }
            let chars: Vec<char> = text.chars().collect();
            let names_org = spans.iter().any(|s| {
                s.kind == EntityKind::Org
                    && (!opts.unseen_only
                        || !known.contains(&chars[s.start..s.end].iter().collect::<String>()))
            });
            names_org.then_some(GoldLine { text, spans })
        })
        .flatten()
        .collect();
    Rng::new(opts.seed).shuffle(&mut kept);
    kept.truncate(opts.max_sentences);
    kept
}

#[cfg(test)]
mod tests {
    use super::super::TrainOptions;
    use super::super::test_support::{tiny_lexicon, train_quietly};
    use super::*;
    use crate::extract::ner::EntitySpan;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

    /// Gold sentences of a tiny language: person 去 organization 了.
    fn tiny(people: &[&str], orgs: &[&str]) -> Vec<GoldLine> {
        let mut out = Vec::new();
        for person in people {
            for org in orgs {
                let n = org.chars().count();
                out.push(GoldLine {
                    text: format!("{person}去{org}了"),
                    spans: vec![span(0, 2, EntityKind::Per), span(3, 3 + n, EntityKind::Org)],
                });
            }
            out.push(GoldLine {
                text: format!("{person}来了"),
                spans: vec![span(0, 2, EntityKind::Per)],
            });
        }
        out
    }

    #[test]
    fn a_teacher_is_calibrated_and_keeps_the_sentences_it_is_sure_of() {
        let lexicon = tiny_lexicon("org_suffix\t大学\n");
        let mut gold = tiny(
            &["王明", "李强", "王刚"],
            &["北京大学", "南开大学", "复旦大学"],
        );
        // One sentence annotated both ways: the best scale is finite.
        gold.push(GoldLine {
            text: "王明来了".into(),
            spans: Vec::new(),
        });
        let opts = TrainOptions {
            epochs: 5,
            prune: 1e-4,
            ..TrainOptions::default()
        };
        let parts = train_quietly(&gold, &gold, &lexicon, &opts);
        let model = parts.to_model();
        let mut teacher = Teacher {
            model: &model,
            lexicon: &lexicon,
            scale: 1.0,
        };
        let best = teacher.calibrate(&gold);
        let fitted = teacher.scale;
        assert!(best.is_finite() && best < 0.0 && fitted > 0.0);
        for other in [fitted * 10.0, fitted / 10.0] {
            teacher.scale = other;
            assert!(teacher.log_likelihood(&gold) < best, "scale {other}");
        }
        teacher.scale = fitted;
        let corpus = vec![
            normalize_all("王刚去燕京大学了。李强去燕京大学了。王明去南开大学了。"),
            normalize_all("王刚来了，李强来了。"),
        ];
        let mut silver = SilverOptions {
            max_sentences: 10,
            min_confidence: 0.5,
            unseen_only: false,
            seed: 1,
        };
        let texts = |lines: Vec<GoldLine>| -> Vec<String> {
            let mut t: Vec<String> = lines.into_iter().map(|g| g.text).collect();
            t.sort();
            t
        };
        let all = silver_sentences(&teacher, &corpus, &gold, &silver);
        assert!(
            all.iter()
                .all(|g| g.spans.iter().any(|s| s.kind == EntityKind::Org))
        );
        assert_eq!(
            texts(all),
            vec![
                "李强去燕京大学了。",
                "王刚去燕京大学了。",
                "王明去南开大学了。"
            ]
        );
        silver.unseen_only = true;
        assert_eq!(
            texts(silver_sentences(&teacher, &corpus, &gold, &silver)),
            vec!["李强去燕京大学了。", "王刚去燕京大学了。"]
        );
        silver.max_sentences = 1;
        assert_eq!(silver_sentences(&teacher, &corpus, &gold, &silver).len(), 1);
        silver.min_confidence = 1.0;
        assert!(silver_sentences(&teacher, &corpus, &gold, &silver).is_empty());
    }

    #[test]
    fn corpus_lines_split_into_trimmed_sentences() {
        let lines = vec![normalize_all(" 甲乙。丙丁！ 戊己"), normalize_all("庚")];
        let got: Vec<String> = corpus_sentences(&lines)
            .iter()
            .map(|s| s.iter().filter_map(|&c| char::from_u32(c)).collect())
            .collect();
        assert_eq!(got, vec!["甲乙。", "丙丁!", "戊己", "庚"]);
    }
}
