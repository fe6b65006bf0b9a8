//! Measures NER throughput on unlabelled news (default: the big xwlb corpus):
//! `cargo run --release --no-default-features --features train --example ner_throughput [-- FILE.jsonl.xz [THREADS]]`.
//! Prints model load time, chars/s on one thread and on all threads.

use kanbao::extract::ner::Ner;
use kanbao::extract::ner::train::read_raw_corpus;
use rayon::prelude::*;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/data/big/xwlb.jsonl.xz".into());
    let threads: usize = args.next().map(|t| t.parse()).transpose()?.unwrap_or(2);
    let started = Instant::now();
    let ner = Ner::shipped()?;
    println!(
        "model loaded in {:.2}s ({} features)",
        started.elapsed().as_secs_f64(),
        ner.feature_count()
    );
    let lines: Vec<String> = read_raw_corpus(std::path::Path::new(&path))?
        .into_iter()
        .map(|codes| codes.into_iter().filter_map(char::from_u32).collect())
        .collect();
    let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    // One thread on a tenth of the corpus.
    let sample = &lines[..lines.len() / 10];
    let sample_chars: usize = sample.iter().map(|l| l.chars().count()).sum();
    let started = Instant::now();
    let mut entities = 0;
    for line in sample {
        entities += ner.tag(line).len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "1 thread: {sample_chars} chars in {secs:.1}s = {:.0} chars/s ({entities} entities)",
        sample_chars as f64 / secs
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let started = Instant::now();
    let entities: usize = pool.install(|| lines.par_iter().map(|l| ner.tag(l).len()).sum());
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{threads} threads: {chars} chars in {secs:.1}s = {:.0} chars/s ({entities} entities)",
        chars as f64 / secs
    );
    Ok(())
}
