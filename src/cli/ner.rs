//! `kanbao ner --lines FILE`: tag each line with the shipped (or a given) model.

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
    /// A model file instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// The shipped tagger, or one with the model at `model`.
pub(super) fn load(model: Option<&Path>) -> Result<Ner> {
    match model {
        Some(path) => Ok(Ner::from_file(path)?),
        None => Ok(Ner::shipped()?),
    }
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
    let ner = load(args.model.as_deref())?;
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
