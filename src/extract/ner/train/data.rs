//! Reading training data: gold sentences (JSONL with entity spans) and unlabelled news for the
//! clusters.

use crate::extract::ner::chars::normalize_all;
use crate::extract::ner::{EntityKind, EntitySpan, NerError};
use std::io::BufRead as _;
use std::path::Path;

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
    let io = |cause| NerError::Io {
        what: "gold file",
        path: p(),
        cause,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut lines = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
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
    let io = |cause| NerError::Io {
        what: "corpus",
        path: path.display().to_string(),
        cause,
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
