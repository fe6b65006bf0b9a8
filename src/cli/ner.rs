//! `kanbao ner --lines FILE`: tag each line with the shipped (or a given) model.

use crate::extract::ner::span::SpanModel;
use crate::extract::ner::{EntitySpan, Ner};
use anyhow::Result;
use rayon::prelude::*;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct NerArgs {
    /// Tag each line of this file (`-` for stdin); prints one JSON line per input line.
    #[arg(long)]
    pub lines: PathBuf,
    /// A model file instead of the shipped one (alone: the CRF without a second pass).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// A second pass over organizations (`train-org-spans`) instead of the shipped one (a model
    /// given by `--model` has none unless given here).
    #[arg(long)]
    pub org_spans: Option<PathBuf>,
}

/// The shipped tagger (with its second pass), or the CRF at `model` alone; with the second pass
/// at `org_spans` instead.
pub(super) fn load(model: Option<&Path>, org_spans: Option<&Path>) -> Result<Ner> {
    let ner = match model {
        Some(path) => Ner::from_file(path)?,
        None => Ner::shipped()?,
    };
    Ok(match org_spans {
        Some(path) => {
            let file =
                std::fs::File::open(path).map_err(|e| super::file_error("cannot read", path, e))?;
            let spans =
                SpanModel::read(std::io::BufReader::new(file), &path.display().to_string())?;
            ner.with_org_spans(Some(spans))
        }
        None => ner,
    })
}

/// One output line: `{"entities": [[start, end, "PER"], …]}`.
fn json_line(spans: &[EntitySpan]) -> String {
    let entities: Vec<(usize, usize, &str)> = spans
        .iter()
        .map(|s| (s.start, s.end, s.kind.as_str()))
        .collect();
    serde_json::json!({ "entities": entities }).to_string()
}

pub fn run_ner(args: &NerArgs) -> Result<()> {
    let ner = load(args.model.as_deref(), args.org_spans.as_deref())?;
    let reader: Box<dyn std::io::BufRead> = if args.lines.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(&args.lines)
            .map_err(|e| super::file_error("cannot read", &args.lines, e))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut batch: Vec<String> = Vec::new();
    let flush = |batch: &mut Vec<String>, out: &mut dyn std::io::Write| -> Result<()> {
        let tagged: Vec<String> = batch.par_iter().map(|l| json_line(&ner.tag(l))).collect();
        for line in tagged {
            writeln!(out, "{line}")?;
        }
        batch.clear();
        Ok(())
    };
    for line in reader.split(b'\n') {
        let mut bytes = line.map_err(|e| super::file_error("cannot read", &args.lines, e))?;
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        batch.push(String::from_utf8_lossy(&bytes).into_owned());
        if batch.len() >= 4096 {
            flush(&mut batch, &mut out)?;
        }
    }
    flush(&mut batch, &mut out)?;
    out.flush()?;
    Ok(())
}
