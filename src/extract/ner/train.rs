//! Training (linear-chain CRF or averaged structured perceptron) and evaluation (exact-span precision, recall, F1).

use super::chars::normalize_all;
use super::clusters::{Clusters, Rng};
use super::features::{FeatureContext, LineFeatures, Scratch};
use super::lexicon::{KeyMap, Lexicon};
use super::model::{self, ModelParts, NT};
use super::{EntityKind, EntitySpan, Ner, NerError};
use rayon::prelude::*;
use std::io::BufRead as _;
use std::path::Path;
use std::sync::Arc;

/// One gold sentence: text and entity spans (char offsets).
#[derive(Debug, Clone)]
pub struct GoldLine {
    pub text: String,
    pub spans: Vec<EntitySpan>,
}

#[derive(serde::Deserialize)]
struct RawLine {
    text: String,
    #[serde(default)]
    entities: Vec<(usize, usize, String)>,
}

/// Reads a gold file: JSONL `{"text": …, "entities": [[start, end, "PER"], …]}`.
pub fn read_gold(path: &Path) -> Result<Vec<GoldLine>, NerError> {
    let p = || path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| NerError::Io {
        what: "gold file",
        path: p(),
        source,
    })?;
    let mut lines = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| NerError::Io {
            what: "gold file",
            path: p(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let gold = |message: String| NerError::Gold {
            line: i + 1,
            message,
            path: p(),
        };
        let raw: RawLine = serde_json::from_str(&line).map_err(|e| gold(e.to_string()))?;
        let mut spans = Vec::with_capacity(raw.entities.len());
        for (start, end, label) in raw.entities {
            let kind = EntityKind::from_label(&label)
                .ok_or_else(|| gold(format!("unknown entity kind {label}")))?;
            spans.push(EntitySpan { start, end, kind });
        }
        lines.push(GoldLine {
            text: raw.text,
            spans,
        });
    }
    Ok(lines)
}

/// Reads unlabelled news for clustering: JSONL (optionally `.xz`/`.gz`) with `title` and `text`
/// fields, or plain text; returns normalised lines.
pub fn read_raw_corpus(path: &Path) -> Result<Vec<Vec<u32>>, NerError> {
    let io = |source| NerError::Io {
        what: "corpus",
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let name = path.to_string_lossy();
    let reader: Box<dyn std::io::Read> = if name.ends_with(".xz") {
        Box::new(liblzma::read::XzDecoder::new(file))
    } else if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    #[derive(serde::Deserialize)]
    struct Doc {
        #[serde(default)]
        title: String,
        #[serde(default)]
        text: String,
    }
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(reader).lines() {
        let line = line.map_err(io)?;
        let doc = match serde_json::from_str::<Doc>(&line) {
            Ok(doc) => doc,
            Err(_) => Doc {
                title: String::new(),
                text: line,
            },
        };
        for part in std::iter::once(doc.title.as_str()).chain(doc.text.lines()) {
            let part = part.trim();
            if !part.is_empty() {
                lines.push(normalize_all(part));
            }
        }
    }
    Ok(lines)
}

/// True positives, false positives and false negatives per kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Exact-span scores per model kind, plus micro totals.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub per_kind: [Counts; 3],
}

impl Scores {
    /// Adds one sentence.
    pub fn add(&mut self, gold: &[EntitySpan], predicted: &[EntitySpan]) {
        for (k, kind) in EntityKind::MODEL_KINDS.iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|s| s.kind == *kind).collect();
            let p: Vec<_> = predicted.iter().filter(|s| s.kind == *kind).collect();
            let tp = p.iter().filter(|s| g.contains(s)).count();
            let c = &mut self.per_kind[k];
            c.tp += tp;
            c.fp += p.len() - tp;
            c.fn_ += g.len() - tp;
        }
    }

    pub fn kind(&self, kind: EntityKind) -> Counts {
        EntityKind::MODEL_KINDS
            .iter()
            .position(|k| *k == kind)
            .map(|i| self.per_kind[i])
            .unwrap_or_default()
    }

    pub fn micro(&self) -> Counts {
        self.per_kind.iter().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    }

    /// A small table: kind, precision, recall, F1, gold count.
    pub fn table(&self) -> String {
        let mut out = String::from("kind  precision  recall  f1      gold\n");
        let row = |name: &str, c: Counts| {
            format!(
                "{name:<5} {:.4}     {:.4}  {:.4}  {}\n",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp + c.fn_
            )
        };
        for kind in EntityKind::MODEL_KINDS {
            out += &row(kind.as_str(), self.kind(kind));
        }
        out += &row("micro", self.micro());
        out
    }
}

/// Tags every gold line (in parallel when `parallel`) and scores the result.
pub fn evaluate(ner: &Ner, gold: &[GoldLine], parallel: bool) -> Scores {
    let predicted: Vec<Vec<EntitySpan>> = if parallel {
        gold.par_iter().map(|g| ner.tag(&g.text)).collect()
    } else {
        gold.iter().map(|g| ner.tag(&g.text)).collect()
    };
    let mut scores = Scores::default();
    for (g, p) in gold.iter().zip(&predicted) {
        scores.add(&g.spans, p);
    }
    scores
}

/// Learning algorithm of [`train`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged structured perceptron.
    Perceptron,
    /// Linear-chain CRF (log-likelihood, AdaGrad); see [`super::crf`].
    Crf,
}

/// Settings of [`train`].
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
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            algorithm: Algorithm::Crf,
            epochs: 12,
            flags: super::features::flags::ALL,
            min_count: 1,
            prune: 0.05,
            max_features: 0,
            eta: 0.1,
            decay: 0.0,
            seed: 1,
        }
    }
}

/// One training sentence: feature ids per character and gold tags.
pub(super) struct Example {
    pub ids: Vec<u32>,
    pub starts: Vec<u32>,
    pub gold: Vec<u8>,
}

impl Example {
    /// Feature ids of character `i`.
    #[inline]
    pub fn at(&self, i: usize) -> &[u32] {
        &self.ids[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Extracts the features of every training sentence; returns the sorted feature keys kept (seen
/// at least `min_count` times) and the sentences as feature ids into them.
fn prepare(train: &[GoldLine], ctx: &FeatureContext, min_count: u32) -> (Vec<u64>, Vec<Example>) {
    let extract = |g: &GoldLine, scratch: &mut Scratch, out: &mut LineFeatures| {
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
        .map_init(
            || (Scratch::default(), LineFeatures::default()),
            |(scratch, feats), g| {
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
                let gold = model::spans_to_tags(feats.len(), &g.spans);
                Example { ids, starts, gold }
            },
        )
        .collect();
    (keys, examples)
}

/// Trains a model; after each epoch the model is scored on `dev` and the best kept.
pub fn train(
    train: &[GoldLine],
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
        opts.flags & !super::features::flags::CLUSTERS
    };
    let ctx = FeatureContext {
        lexicon: &lexicon,
        clusters: clusters.as_ref(),
        flags,
    };
    let (keys, examples) = prepare(train, &ctx, opts.min_count);
    log(&format!(
        "{} features from {} sentences",
        keys.len(),
        train.len()
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
        Algorithm::Perceptron => perceptron,
        Algorithm::Crf => super::crf::fit,
    };
    fit(
        &keys,
        &examples,
        flags,
        clusters.as_ref(),
        opts,
        log,
        &mut candidates,
    );
    match best {
        Some((f1, parts)) => {
            log(&format!("kept the model with dev F1 {f1:.4}"));
            parts
        }
        None => last.unwrap_or_default(),
    }
}

/// Receives the candidate models of an epoch (named, e.g. `averaged`).
pub(super) type Candidates<'a> =
    dyn FnMut(usize, Vec<(&str, ModelParts)>, &mut dyn FnMut(&str)) + 'a;

fn perceptron(
    keys: &[u64],
    examples: &[Example],
    flags: u32,
    clusters: Option<&Clusters>,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
    candidates: &mut Candidates,
) {
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
        let parts = quantise(keys, &avg_w, &avg_t, flags, opts, clusters.cloned());
        candidates(epoch, vec![("averaged", parts)], log);
    }
}

/// Pruned, 16-bit quantised model parts from float weights `w[f * NT + t]` and transitions.
pub(super) fn quantise(
    keys: &[u64],
    w: &[f32],
    trans: &[[f32; NT]; NT + 1],
    flags: u32,
    opts: &TrainOptions,
    clusters: Option<Clusters>,
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
    use crate::names::Surnames;

    fn span(start: usize, end: usize, kind: EntityKind) -> EntitySpan {
        EntitySpan { start, end, kind }
    }

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
        let all = quantise(&keys, &w, &trans, 3, &opts, None);
        assert_eq!(all.keys, vec![10, 20, 40]);
        assert_eq!(all.weights[NT + 1], 32_000);
        assert_eq!(all.weights[NT + 2], -16_000);
        assert_eq!(all.trans[0][0], 4_000);
        opts.max_features = 2;
        let capped = quantise(&keys, &w, &trans, 3, &opts, None);
        assert_eq!(capped.keys, vec![20, 40]);
        assert_eq!(capped.weights.len(), 2 * NT);
        // Weights of kept features are zeroed by `prune` only, not by the cap.
        assert_eq!(capped.weights[NT + 2], -8_000);
    }

    #[test]
    fn scores_count_exact_spans_only() {
        let mut s = Scores::default();
        let gold = [span(0, 2, EntityKind::Per), span(3, 5, EntityKind::Loc)];
        let pred = [span(0, 2, EntityKind::Per), span(3, 6, EntityKind::Loc)];
        s.add(&gold, &pred);
        assert_eq!(s.kind(EntityKind::Per).f1(), 1.0);
        assert_eq!(s.kind(EntityKind::Loc).tp, 0);
        let m = s.micro();
        assert_eq!((m.tp, m.fp, m.fn_), (1, 1, 1));
        assert!((m.f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn perceptron_and_crf_learn_a_tiny_language() {
        let lex = Arc::new(Lexicon::from_text(
            "",
            "",
            &Surnames::parse_text("s.txt", "[single]\n王 李\n").expect("valid"),
        ));
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
        for (algorithm, decay) in [
            (Algorithm::Perceptron, 0.0),
            (Algorithm::Crf, 0.0),
            (Algorithm::Crf, 0.1),
        ] {
            let opts = TrainOptions {
                algorithm,
                epochs: 5,
                decay,
                prune: 1e-4,
                ..TrainOptions::default()
            };
            let mut saved = 0;
            let parts = train(
                &data,
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
                "{algorithm:?} decay {decay}"
            );
        }
    }
}
