//! `kanbao eval-ner GOLD.jsonl` and `kanbao train-ner …` (the `train` feature).

use crate::extract::ner::ensemble::Member;
use crate::extract::ner::lexicon::Lexicon;
use crate::extract::ner::model::ModelParts;
use crate::extract::ner::span::SpanModel;
use crate::extract::ner::train::GoldLine;
use crate::extract::ner::train::clusters::{self, LearnOptions};
use crate::extract::ner::train::errors;
use crate::extract::ner::train::net::NetOptions;
use crate::extract::ner::train::silver::{SilverOptions, Teacher, silver_sentences};
use crate::extract::ner::train::span::{self, SpanOptions};
use crate::extract::ner::train::{self, Algorithm, TrainOptions};
use crate::extract::ner::train::{augment, average};
use crate::extract::ner::{EntityKind, Ner};
use anyhow::{Result, anyhow};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {
    #[arg(help = gold_help())]
    pub gold: PathBuf,
    /// A model file instead of the shipped one (alone: the CRF without a second pass).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// A second pass over organizations (`train-org-spans`) instead of the shipped one (a model
    /// given by `--model` has none unless given here).
    #[arg(long)]
    pub org_spans: Option<PathBuf>,
    /// Also print where the errors of this kind are (PER, LOC or ORG): outcomes, seen and
    /// unseen names, lengths, suffixes, examples.
    #[arg(long, value_name = "KIND")]
    pub errors: Option<String>,
    /// With `--errors`: the training data, which tells seen names from unseen ones.
    #[arg(long, requires = "errors")]
    pub seen_in: Option<PathBuf>,
    /// Further CRFs whose posteriors are averaged with the model's (each calibrated on the
    /// gold file; needs `--org-spans`).
    #[arg(long, num_args = 1.., requires = "org_spans")]
    pub members: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TrainNerArgs {
    /// Training data (gold JSONL).
    #[arg(long)]
    pub train: PathBuf,
    /// Development data (gold JSONL); the best epoch on it is kept.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model (`.bin.gz`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Unlabelled news (JSONL with title/text, optionally .xz) to learn character clusters from
    /// (unless `--clusters-from`) and to draw silver sentences from (with `--teacher`).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Reuse the clusters of an earlier model file instead of learning them from a corpus.
    #[arg(long)]
    pub clusters_from: Option<PathBuf>,
    /// Self-training: an earlier model that tags the corpus; the sentences it is sure of join
    /// the training data (needs `--corpus`).
    #[arg(long, requires = "corpus")]
    pub teacher: Option<PathBuf>,
    /// Self-training: at most this many silver sentences.
    #[arg(long, default_value_t = 20_000)]
    pub silver: usize,
    /// Self-training: the least posterior probability of every character's tag in a silver
    /// sentence.
    #[arg(long, default_value_t = 0.95)]
    pub silver_confidence: f64,
    /// Self-training: weight of a silver sentence (a gold one weighs 1).
    #[arg(long, default_value_t = TrainOptions::default().silver_weight)]
    pub silver_weight: f32,
    /// Self-training: only silver sentences naming an organization absent from the training data.
    #[arg(long)]
    pub silver_unseen: bool,
    /// Train an averaged perceptron instead of a CRF.
    #[arg(long)]
    pub perceptron: bool,
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// CRF: AdaGrad learning rate.
    #[arg(long, default_value_t = TrainOptions::default().eta)]
    pub eta: f32,
    /// CRF: L2 weight decay, the fraction each weight loses per epoch (0: none, and the
    /// averaged weights are a candidate too).
    #[arg(long, default_value_t = TrainOptions::default().decay)]
    pub decay: f32,
    /// Feature groups (bits): 1 n-grams, 2 dictionary, 4 cues, 8 clusters, 16 segmentation,
    /// 32 context, 64 the segmentation two words out.
    #[arg(long, default_value_t = TrainOptions::default().flags)]
    pub flags: u32,
    #[arg(long, default_value_t = TrainOptions::default().min_count)]
    pub min_count: u32,
    /// Weights below this are dropped (perceptron: in update units; CRF: absolute).
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    pub prune: f32,
    /// Keep at most this many features, those with the largest weights (0: all).
    #[arg(long, default_value_t = TrainOptions::default().max_features)]
    pub max_features: usize,
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
    /// Cross-validation: train on all sentences but fold K of N (those whose index is K modulo
    /// N), written `K/N`; `train-org-spans` tags fold K with this model.
    #[arg(long, value_name = "K/N", value_parser = parse_fold)]
    pub fold: Option<(usize, usize)>,
    /// CRF: the probability that a feature of a character is left out of a sentence's pass in
    /// training (feature dropout; 0: none).
    #[arg(long, default_value_t = 0.0)]
    pub dropout: f32,
    /// CRF: the feature groups dropout applies to (bits as `--flags`; default all).
    #[arg(long, default_value_t = TrainOptions::default().dropout_groups)]
    pub dropout_groups: u32,
    /// Mention replacement: this many copies of every training sentence holding a name, each
    /// name of two characters or more replaced by one of its kind drawn from the training data
    /// (for a member of `average-ner`).
    #[arg(long, default_value_t = 0)]
    pub augment: usize,
    /// The seed of the names drawn by `--augment`.
    #[arg(long, default_value_t = 1)]
    pub augment_seed: u64,
    /// More names for `--augment` to draw from, beside those of the training data: a file of
    /// `KIND<TAB>NAME` lines (KIND is PER, LOC or ORG), such as names the shipped tagger found
    /// in unlabelled news.
    #[arg(long)]
    pub augment_names: Option<PathBuf>,
    /// CRF: learn an emission network with it (a dilated convolution over 15 characters) of
    /// this width (0: none).
    #[arg(long, default_value_t = 0)]
    pub net_hidden: usize,
    /// The emission network's embedding width.
    #[arg(long, default_value_t = NetOptions::default().dim)]
    pub net_dim: usize,
    /// The emission network's AdaGrad learning rate.
    #[arg(long, default_value_t = NetOptions::default().eta)]
    pub net_eta: f32,
    /// Epochs in which the emission network learns alone before the features join (added to
    /// `--epochs`).
    #[arg(long, default_value_t = 0)]
    pub net_warmup: usize,
}

#[derive(Debug, clap::Args)]
pub struct AverageNerArgs {
    /// The models to average (`train-ner` output with the same clusters; the feature groups of all are used).
    #[arg(required = true, num_args = 1..)]
    pub models: Vec<PathBuf>,
    /// Development data (gold JSONL): calibrates each model's temperature.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the averaged model (`.bin.gz`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Mean log-potentials below this are dropped.
    #[arg(long, default_value_t = 0.02)]
    pub prune: f64,
}

fn parse_fold(text: &str) -> Result<(usize, usize), String> {
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
    match parsed {
        Some((k, n)) if k < n => Ok((k, n)),
        _ => Err(format!("expected K/N with K < N, like 0/5, not {text}")),
    }
}

#[derive(Debug, clap::Args)]
pub struct TrainOrgSpansArgs {
    /// Development data (gold JSONL): calibrates the CRFs and chooses the threshold.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the second pass (`.bin.gz`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The CRF the second pass will serve (default: the shipped one).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Train the classifier: the fold models in order, the K-th trained with `train-ner --fold
    /// K/N` (without them, the second pass decodes from the CRF's span probabilities alone).
    #[arg(long, num_args = 1.., requires = "train")]
    pub folds: Vec<PathBuf>,
    /// The number of folds the models were trained with, if more than given: the folds without
    /// a model are left out.
    #[arg(long)]
    pub of: Option<usize>,
    /// Training data (gold JSONL), the file the fold models were trained from.
    #[arg(long)]
    pub train: Option<PathBuf>,
    #[arg(long, default_value_t = SpanOptions::default().epochs)]
    pub epochs: usize,
    #[arg(long, default_value_t = SpanOptions::default().eta)]
    pub eta: f64,
    /// Least CRF probability of a candidate span.
    #[arg(long, default_value_t = SpanOptions::default().floor)]
    pub floor: f64,
    /// Features seen fewer times are dropped.
    #[arg(long, default_value_t = SpanOptions::default().min_count)]
    pub min_count: u32,
    /// The feature templates in use (bits, see `extract::ner::span::span_features`).
    #[arg(long, default_value_t = SpanOptions::default().templates)]
    pub templates: u64,
    /// The fallbacks tried (least mean organization marginal of a Viterbi organization no kept
    /// candidate overlaps; above 1: none kept).
    #[arg(long, num_args = 1.., default_values_t = [0.5, 0.6, 0.7, 0.8, 0.9, 2.0])]
    pub fallbacks: Vec<f64>,
    /// The thresholds tried (least total probability of the organizations kept).
    #[arg(long, num_args = 1.., default_values_t = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8])]
    pub thresholds: Vec<f64>,
    /// Further CRFs whose posteriors are averaged with the model's (each calibrated on dev).
    #[arg(long, num_args = 1..)]
    pub members: Vec<PathBuf>,
}

/// The gold file's format, with the kinds the model tags.
fn gold_help() -> String {
    let kinds = EntityKind::MODEL_KINDS.map(|k| format!("\"{k}\""));
    format!(
        "Gold JSONL: {{\"text\": …, \"entities\": [[start, end, {}], …]}}",
        kinds.join("|")
    )
}

pub fn run_eval(args: &EvalNerArgs) -> Result<()> {
    let started = Instant::now();
    let ner = super::ner::load(args.model.as_deref(), args.org_spans.as_deref())?;
    let gold = train::read_gold(&args.gold)?;
    let ner = with_members(ner, &args.members, &gold)?;
    let load_secs = started.elapsed().as_secs_f64();
    let chars: usize = gold.iter().map(|g| g.text.chars().count()).sum();
    // Single-threaded, so chars/s is per core.
    let started = Instant::now();
    let predicted = train::predict(&ner, &gold, false);
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let scores = train::score(&gold, &predicted);
    // Written, not printed: a reader that stops early (`| head`) ends the command quietly.
    let mut out = std::io::stdout().lock();
    write!(out, "{}", scores.table())?;
    writeln!(
        out,
        "{} sentences, {chars} chars, {:.0} chars/s (1 thread), model loaded in {load_secs:.2}s",
        gold.len(),
        chars as f64 / secs
    )?;
    if let Some(label) = &args.errors {
        let kind = EntityKind::from_label(label)
            .filter(|k| EntityKind::MODEL_KINDS.contains(k))
            .ok_or_else(|| anyhow!("--errors takes PER, LOC or ORG, not {label}"))?;
        let known = match &args.seen_in {
            Some(path) => errors::known_names(&train::read_gold(path)?, kind),
            None => Default::default(),
        };
        write!(
            out,
            "{}",
            errors::ErrorReport::new(&gold, &predicted, &known, kind).table(20)
        )?;
    }
    Ok(())
}

pub fn run_train(args: &TrainNerArgs) -> Result<()> {
    let started = Instant::now();
    let mut train_data = train::read_gold(&args.train)?;
    if let Some((k, n)) = args.fold {
        train_data = fold_out(train_data, k, n, false);
    }
    if args.augment > 0 {
        let more_names = match &args.augment_names {
            Some(path) => augment::read_names(path)?,
            None => Vec::new(),
        };
        let copies =
            augment::replace_mentions(&train_data, args.augment, args.augment_seed, &more_names);
        eprintln!(
            "{} sentences with names replaced ({} copies, seed {}, {} more names)",
            copies.len(),
            args.augment,
            args.augment_seed,
            more_names.len()
        );
        train_data.extend(copies);
    }
    let dev = train::read_gold(&args.dev)?;
    let lexicon = Arc::new(Lexicon::shipped()?);
    let corpus = match &args.corpus {
        Some(path) => {
            let lines = train::read_raw_corpus(path)?;
            let chars: usize = lines.iter().map(Vec::len).sum();
            eprintln!(
                "corpus: {} lines, {chars} chars ({:.0}s)",
                lines.len(),
                started.elapsed().as_secs_f64()
            );
            lines
        }
        None => Vec::new(),
    };
    let clusters = match &args.clusters_from {
        Some(path) => {
            let name = path.display().to_string();
            let clusters = read_model(path)?
                .clusters
                .ok_or_else(|| anyhow!("no clusters in the model: {name}"))?;
            Some(clusters)
        }
        None if args.corpus.is_some() => {
            let c = clusters::learn(&corpus, &LearnOptions::default());
            let (nc, nb) = c.sizes();
            eprintln!(
                "clusters: {nc} chars, {nb} bigrams ({:.0}s)",
                started.elapsed().as_secs_f64()
            );
            Some(c)
        }
        None => None,
    };
    let silver = match &args.teacher {
        Some(path) => {
            let model = read_model(path)?.to_model();
            let mut teacher = Teacher {
                model: &model,
                lexicon: &lexicon,
                scale: 1.0,
            };
            let fit = teacher.calibrate(&dev);
            let opts = SilverOptions {
                max_sentences: args.silver,
                min_confidence: args.silver_confidence,
                unseen_only: args.silver_unseen,
                seed: args.seed,
            };
            let silver = silver_sentences(&teacher, &corpus, &train_data, &opts);
            let chars: usize = silver.iter().map(|g| g.text.chars().count()).sum();
            eprintln!(
                "teacher scale {:.3e} (dev log-likelihood {fit:.4} per char); {} silver sentences, {chars} chars ({:.0}s)",
                teacher.scale,
                silver.len(),
                started.elapsed().as_secs_f64()
            );
            silver
        }
        None => Vec::new(),
    };
    drop(corpus);
    let opts = TrainOptions {
        algorithm: if args.perceptron {
            Algorithm::Perceptron
        } else {
            Algorithm::Crf
        },
        epochs: args.epochs,
        eta: args.eta,
        decay: args.decay,
        flags: args.flags,
        min_count: args.min_count,
        prune: args.prune,
        max_features: args.max_features,
        seed: args.seed,
        silver_weight: args.silver_weight,
        dropout: args.dropout,
        dropout_groups: args.dropout_groups,
        net: (args.net_hidden > 0).then(|| NetOptions {
            hidden: args.net_hidden,
            dim: args.net_dim,
            eta: args.net_eta,
            warmup: args.net_warmup,
            ..NetOptions::default()
        }),
    };
    // The best model so far is written after every improving epoch, so a long run can be cut.
    let mut saved: Result<()> = Ok(());
    let set = train::TrainingSet {
        gold: &train_data,
        silver: &silver,
    };
    train::train(
        set,
        &dev,
        lexicon,
        clusters,
        &opts,
        &mut |msg| eprintln!("{msg} [{:.0}s]", started.elapsed().as_secs_f64()),
        &mut |parts| saved = write_model(parts, &args.output),
    );
    saved?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0}s",
        args.output.display(),
        megabytes(&args.output),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The lines of fold `k` of `n` (index ≡ k mod n) when `inside`, else all others.
fn fold_out(lines: Vec<GoldLine>, k: usize, n: usize, inside: bool) -> Vec<GoldLine> {
    lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| (i % n == k) == inside)
        .map(|(_, g)| g)
        .collect()
}

pub fn run_train_org_spans(args: &TrainOrgSpansArgs) -> Result<()> {
    let started = Instant::now();
    let mut log = |msg: &str| eprintln!("{msg} [{:.0}s]", started.elapsed().as_secs_f64());
    let train_data = match &args.train {
        Some(path) => train::read_gold(path)?,
        None => Vec::new(),
    };
    let dev = train::read_gold(&args.dev)?;
    let lexicon = Lexicon::shipped()?;
    let opts = SpanOptions {
        epochs: args.epochs,
        eta: args.eta,
        floor: args.floor,
        min_count: args.min_count,
        templates: args.templates,
        ..SpanOptions::default()
    };
    let n = args.of.unwrap_or(args.folds.len()).max(args.folds.len());
    let mut examples = Vec::new();
    for (k, path) in args.folds.iter().enumerate() {
        let model = read_model(path)?.to_model();
        let scale = span::calibrate(&model, &lexicon, &dev);
        let fold = fold_out(train_data.clone(), k, n, true);
        let found = span::examples(&model, &lexicon, scale, &opts, &fold);
        let positive = found.iter().filter(|e| e.positive).count();
        log(&format!(
            "fold {k}/{n}: scale {scale:.3e}, {} sentences, {} candidates ({positive} organizations)",
            fold.len(),
            found.len()
        ));
        examples.extend(found);
    }
    let weights = span::fit(&examples, &opts);
    log(&format!("{} weights", weights.len()));
    let lexicon = Arc::new(lexicon);
    let parts = match &args.model {
        Some(path) => read_model(path)?,
        None => ModelParts::read(crate::extract::ner::MODEL_GZ, "assets/ner/model.bin.gz")?,
    };
    let ner = with_members(Ner::new(lexicon.clone(), &parts), &args.members, &dev)?;
    let scale = span::calibrate(ner.model(), &lexicon, &dev);
    let classifier = SpanModel {
        scale,
        member_scales: ner.members().iter().map(|m| m.scale).collect(),
        floor: opts.floor,
        threshold: 0.5,
        fallback: 2.0,
        templates: opts.templates,
        weights,
    };
    let (classifier, f1) = span::tune_threshold(
        ner,
        classifier,
        &dev,
        &args.thresholds,
        &args.fallbacks,
        &mut log,
    );
    log(&format!(
        "threshold {:.2}, fallback {:.2} (dev F1 {f1:.4})",
        classifier.threshold, classifier.fallback
    ));
    let mut bytes = Vec::new();
    classifier
        .write(&mut bytes)
        .and_then(|()| crate::atomic::write_atomic(&args.output, &bytes))
        .map_err(|e| super::file_error("cannot write", &args.output, e))?;
    log(&format!("wrote {}", args.output.display()));
    Ok(())
}

pub fn run_average(args: &AverageNerArgs) -> Result<()> {
    let started = Instant::now();
    let dev = train::read_gold(&args.dev)?;
    let lexicon = Lexicon::shipped()?;
    let mut members = Vec::new();
    for path in &args.models {
        let parts = read_model(path)?;
        let scale = span::calibrate(&parts.to_model(), &lexicon, &dev);
        eprintln!(
            "{}: {} features, scale {scale:.3e} [{:.0}s]",
            path.display(),
            parts.keys.len(),
            started.elapsed().as_secs_f64()
        );
        members.push((parts, scale));
    }
    let refs: Vec<(&ModelParts, f64)> = members.iter().map(|(p, s)| (p, *s)).collect();
    let (parts, _) = average::average(&refs, args.prune)?;
    drop(members);
    write_model(&parts, &args.output)?;
    eprintln!(
        "wrote {} ({} features, {:.1} MB) in {:.0}s",
        args.output.display(),
        parts.keys.len(),
        megabytes(&args.output),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `ner` with the CRFs at `paths` as its ensemble members (none: as it is), at the temperatures
/// its second pass holds for them, else each calibrated on `dev`.
fn with_members(ner: Ner, paths: &[PathBuf], dev: &[GoldLine]) -> Result<Ner> {
    if paths.is_empty() {
        return Ok(ner);
    }
    let known = ner
        .org_spans()
        .map(|s| s.member_scales.clone())
        .filter(|scales| scales.len() == paths.len());
    let mut members = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let model = read_model(path)?.to_model();
        let scale = match &known {
            Some(scales) => scales[i],
            None => span::calibrate(&model, ner.lexicon(), dev),
        };
        eprintln!("member {}: scale {scale:.3e}", path.display());
        members.push(Member::new(model, scale, ner.model()));
    }
    Ok(ner.with_members(members))
}

fn read_model(path: &Path) -> Result<ModelParts> {
    let file = std::fs::File::open(path).map_err(|e| super::file_error("cannot read", path, e))?;
    let name = path.display().to_string();
    Ok(ModelParts::read(std::io::BufReader::new(file), &name)?)
}

/// The size of the file at `path` in MB (0 if it cannot be read), for the log.
fn megabytes(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// Writes a model atomically: the file at `path` is either complete or untouched.
fn write_model(parts: &ModelParts, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    parts
        .write(&mut bytes)
        .and_then(|()| crate::atomic::write_atomic(path, &bytes))
        .map_err(|e| super::file_error("cannot write", path, e))
}
