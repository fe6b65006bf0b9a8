//! Measures the timeline of a JSON Lines corpus (default: the big xwlb corpus, 74,545 articles):
//! time expressions and events of every article (rayon), then the merge.
//! `cargo run --release --no-default-features --example timeline_big [-- FILE.jsonl.xz]`
//! Reads `{"date","title","text"}` lines itself, so the numbers measure extraction and merging only.

use kanbao::bundle::{Article, ArticleId, DateSource};
use kanbao::knowledge::timeline::{self, Timeline};
use std::io::{BufRead as _, BufReader};
use std::time::Instant;

#[derive(serde::Deserialize)]
struct Record {
    date: Option<chrono::NaiveDate>,
    title: String,
    text: String,
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/big/xwlb.jsonl.xz".into());
    let started = Instant::now();
    let file = std::fs::File::open(&path)?;
    let reader: Box<dyn std::io::Read> = if path.ends_with(".xz") {
        Box::new(liblzma::read::XzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut articles = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(&line)?;
        articles.push(Article {
            id: ArticleId::new(articles.len() as u32),
            title: r.title,
            date: r.date,
            date_source: DateSource::Record,
            paragraphs: r.text.split('\n').map(String::from).collect(),
            ..Article::default()
        });
    }
    let read = started.elapsed().as_secs_f64();
    let models = kanbao::models::Models::shipped()?;
    let tag = |text: &str| models.ner.tag(text);
    let started = Instant::now();
    let candidates =
        timeline::extract_candidates(&articles, models.event_models(&tag), &|_| Vec::new());
    let extract = started.elapsed().as_secs_f64();
    let n = candidates.len();
    let started = Instant::now();
    let tl = Timeline::merge(candidates, &articles);
    let merge = started.elapsed().as_secs_f64();
    println!(
        "{} articles read in {read:.1} s; times+events {extract:.1} s ({n} candidates, {} threads); merge {merge:.2} s ({} events); timeline {:.1} s",
        articles.len(),
        rayon::current_num_threads(),
        tl.events.len(),
        extract + merge
    );
    Ok(())
}
