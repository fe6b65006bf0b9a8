//! `kanbao eval-ner GOLD.jsonl` and `kanbao train-ner …` (the `train` feature).

use crate::extract::ner::EntityKind;
use crate::extract::ner::lexicon::Lexicon;
use crate::extract::ner::model::ModelParts;
use crate::extract::ner::train::clusters::{self, LearnOptions};
use crate::extract::ner::train::{self, Algorithm, TrainOptions};
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {
    #[arg(help = gold_help())]
    pub gold: PathBuf,
    /// A model file instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
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
    /// Unlabelled news (JSONL with title/text, optionally .xz) to learn character clusters from.
    #[arg(long, conflicts_with = "clusters_from")]
    pub corpus: Option<PathBuf>,
    /// Reuse the clusters of an earlier model file instead of learning them from a corpus.
    #[arg(long)]
    pub clusters_from: Option<PathBuf>,
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
    /// Feature groups (bits): 1 n-grams, 2 dictionary, 4 cues, 8 clusters, 16 segmentation.
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
    let ner = super::ner::load(args.model.as_deref())?;
    let load_secs = started.elapsed().as_secs_f64();
    let gold = train::read_gold(&args.gold)?;
    let chars: usize = gold.iter().map(|g| g.text.chars().count()).sum();
    // Single-threaded, so chars/s is per core.
    let started = Instant::now();
    let scores = train::evaluate(&ner, &gold, false);
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    print!("{}", scores.table());
    println!(
        "{} sentences, {chars} chars, {:.0} chars/s (1 thread), model loaded in {load_secs:.2}s",
        gold.len(),
        chars as f64 / secs
    );
    Ok(())
}

pub fn run_train(args: &TrainNerArgs) -> Result<()> {
    let started = Instant::now();
    let train_data = train::read_gold(&args.train)?;
    let dev = train::read_gold(&args.dev)?;
    let lexicon = Arc::new(Lexicon::shipped()?);
    let clusters = match &args.corpus {
        Some(path) => {
            let lines = train::read_raw_corpus(path)?;
            let chars: usize = lines.iter().map(Vec::len).sum();
            eprintln!(
                "corpus: {} lines, {chars} chars ({:.0}s)",
                lines.len(),
                started.elapsed().as_secs_f64()
            );
            let c = clusters::learn(&lines, &LearnOptions::default());
            let (nc, nb) = c.sizes();
            eprintln!(
                "clusters: {nc} chars, {nb} bigrams ({:.0}s)",
                started.elapsed().as_secs_f64()
            );
            Some(c)
        }
        None => match &args.clusters_from {
            Some(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| super::file_error("cannot read", path, e))?;
                let name = path.display().to_string();
                let parts = ModelParts::read(std::io::BufReader::new(file), &name)?;
                let clusters = parts
                    .clusters
                    .ok_or_else(|| anyhow!("no clusters in the model: {name}"))?;
                Some(clusters)
            }
            None => None,
        },
    };
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
    };
    // The best model so far is written after every improving epoch, so a long run can be cut.
    let mut saved: Result<()> = Ok(());
    train::train(
        &train_data,
        &dev,
        lexicon,
        clusters,
        &opts,
        &mut |msg| eprintln!("{msg} [{:.0}s]", started.elapsed().as_secs_f64()),
        &mut |parts| saved = write_model(parts, &args.output),
    );
    saved?;
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0}s",
        args.output.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes a model atomically: the file at `path` is either complete or untouched.
fn write_model(parts: &ModelParts, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    parts
        .write(&mut bytes)
        .and_then(|()| crate::atomic::write_atomic(path, &bytes))
        .map_err(|e| super::file_error("cannot write", path, e))
}
