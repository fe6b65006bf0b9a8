//! Times the hostile input shapes of issues 13 and 18 at 1×, 4× and 16× their base size, to show
//! that time grows linearly with the text (a ratio near 16 from 1× to 16×, not near 256):
//! `cargo run --release --example hostile_scaling [-- SCALE]`
//! (`SCALE` multiplies every base size, default 1).
//!
//! Each shape is one article of one paragraph (or, for the copies of one event, of many),
//! analysed as the CLI and the app do (`Knowledge::build`: entities, timeline, search index);
//! `mention_texts` is what `entities --json` prints. Peak memory is best read from the CLI
//! (`/usr/bin/time -v kanbao entities FILE`), as one process holds every size here.

use kanbao::bundle::{Article, ArticleId, Bundle, DateSource, SAMPLE_TEXT};
use kanbao::knowledge::timeline::{self, Timeline};
use kanbao::knowledge::{BuildOptions, Knowledge};
use kanbao::models::Models;
use std::time::Instant;

/// One shape: its name, its base size in characters, its paragraphs at a size, and whether the
/// texts of its mentions are timed too (the shape with the most mentions).
struct Shape {
    name: &'static str,
    base: usize,
    paragraphs: fn(usize) -> Vec<String>,
    mention_texts: bool,
}

/// `unit` repeated to at least `chars` characters, as one paragraph.
fn repeated(unit: &str, chars: usize) -> Vec<String> {
    vec![unit.repeat(chars.div_ceil(unit.chars().count()))]
}

const SHAPES: [Shape; 6] = [
    Shape {
        name: "one line, no punctuation (中国人民大学北京市委员会…)",
        base: 50_000,
        paragraphs: |n| repeated("中国人民大学北京市委员会", n),
        mention_texts: true,
    },
    Shape {
        name: "short dated sentences (前年。…)",
        base: 10_000,
        paragraphs: |n| repeated("前年。", n),
        mention_texts: false,
    },
    Shape {
        name: "dated events in one sentence (前年会见联合国秘书长…)",
        base: 10_000,
        paragraphs: |n| repeated("前年会见联合国秘书长", n),
        mention_texts: false,
    },
    Shape {
        name: "repeated names (习近平李强王毅…)",
        base: 10_000,
        paragraphs: |n| repeated("习近平李强王毅", n),
        mention_texts: false,
    },
    Shape {
        name: "digit runs (1234567890…)",
        base: 10_000,
        paragraphs: |n| repeated("1234567890", n),
        mention_texts: false,
    },
    Shape {
        name: "the sample page joined into one line",
        base: 10_000,
        paragraphs: |n| repeated(&SAMPLE_TEXT.replace('\n', ""), n),
        mention_texts: false,
    },
];

/// The dated sentence whose copies are merged into one event.
const EVENT_SENTENCE: &str = "2024年11月4日，国家主席习近平在北京会见联合国秘书长古特雷斯。";

fn article(paragraphs: Vec<String>) -> Article {
    Article {
        id: ArticleId::new(0),
        title: "标题".into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 11, 4),
        date_source: DateSource::Record,
        paragraphs,
        ..Article::default()
    }
}

/// Seconds of `f`, and its answer.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let started = Instant::now();
    let answer = f();
    (started.elapsed().as_secs_f64(), answer)
}

/// One row: the sizes and seconds at 1×, 4× and 16×, and the growth from 1× to 16×.
fn row(name: &str, what: &str, sizes: &[usize], secs: &[f64]) {
    let cells: Vec<String> = sizes
        .iter()
        .zip(secs)
        .map(|(n, s)| format!("{n:>9} {s:>7.3}s"))
        .collect();
    let growth = secs[2] / secs[0].max(1e-6);
    println!(
        "{name} — {what}\n   {}   16×/1×: {growth:.1}",
        cells.join("  ")
    );
}

fn main() -> anyhow::Result<()> {
    let scale: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1);
    let models = Models::shipped()?;
    let factors = [1, 4, 16];
    for shape in &SHAPES {
        let sizes: Vec<usize> = factors.iter().map(|f| shape.base * scale * f).collect();
        let (mut build, mut texts) = (Vec::new(), Vec::new());
        for &n in &sizes {
            let bundle = Bundle {
                name: "hostile".into(),
                articles: vec![article((shape.paragraphs)(n))],
                ..Bundle::default()
            };
            let (secs, knowledge) = timed(|| Knowledge::build(bundle, &BuildOptions::new(&models)));
            let Ok(knowledge) = knowledge else {
                anyhow::bail!("a build without a cancel flag was cancelled");
            };
            build.push(secs);
            texts.push(timed(|| knowledge.mention_texts().len()).0);
        }
        row(shape.name, "entities, timeline, search", &sizes, &build);
        if shape.mention_texts {
            row(
                shape.name,
                "mention texts (entities --json)",
                &sizes,
                &texts,
            );
        }
    }
    // Copies of one event, one paragraph each: merged into one event with every source.
    let copies: Vec<usize> = factors.iter().map(|f| 4000 * scale * f).collect();
    let tag = |text: &str| models.ner.tag(text);
    let mut merge = Vec::new();
    for &n in &copies {
        let articles = vec![article(vec![EVENT_SENTENCE.to_string(); n])];
        let candidates =
            timeline::extract_candidates(&articles, models.event_models(&tag), &|_| Vec::new());
        let (secs, merged) = timed(|| Timeline::merge(candidates, &articles));
        anyhow::ensure!(!merged.events.is_empty(), "no event merged");
        merge.push(secs);
    }
    row("copies of one event", "Timeline::merge", &copies, &merge);
    Ok(())
}
