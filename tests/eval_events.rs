//! The hand-made event gold of `tests/fixtures/events/`: every file reads and names articles of
//! its source, the shipped timeline scores well-formed numbers on it, the gold against itself is
//! perfect and a damaged copy is not, and `kanbao eval-events` prints the same scores.

mod common;

use common::kanbao;
use kanbao::bundle::{self, LoadOptions};
use kanbao::cli::eval_events::{GoldFile, Score, evaluate, score};
use kanbao::extract::events::EventKind;
use kanbao::models::Models;
use std::path::{Path, PathBuf};

static MODELS: std::sync::LazyLock<Models> =
    std::sync::LazyLock::new(|| Models::shipped().expect("the shipped models load"));

const GOLD_FILES: [&str; 3] = ["2013-12-15.json", "2021-05-15.json", "2023-09-11_p2.json"];

fn gold_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/events")
        .join(name)
}

fn read(name: &str) -> GoldFile {
    GoldFile::read(&gold_path(name)).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

#[test]
fn every_gold_event_names_an_article_of_its_source() {
    for name in GOLD_FILES {
        let gold = read(name);
        let source = gold.source_path(&gold_path(name));
        // The copy beside the gold is the shared fixture, byte for byte.
        let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(&gold.source);
        assert_eq!(
            std::fs::read(&source).expect("source copy"),
            std::fs::read(&shared).expect("shared fixture"),
            "{name}"
        );
        let bundle = bundle::load_path(&source, &LoadOptions::default(), &|_| {}).expect("loads");
        let titles: Vec<&str> = bundle.articles.iter().map(|a| a.title.trim()).collect();
        assert!(
            gold.events.iter().filter(|e| !e.optional).count() >= 10,
            "{name}"
        );
        for event in &gold.events {
            assert!(titles.contains(&event.article.trim()), "{name}: {event:?}");
        }
    }
}

fn assert_well_formed(name: &str, s: &Score) {
    assert!(
        s.missing_articles.is_empty(),
        "{name}: {:?}",
        s.missing_articles
    );
    assert_eq!(s.matched() + s.unmatched_gold.len(), s.gold, "{name}");
    assert_eq!(
        s.matches.len() + s.unmatched_predictions.len(),
        s.predicted,
        "{name}"
    );
    let per_kind = s.per_kind();
    assert_eq!(
        per_kind.iter().map(|k| k.gold).sum::<usize>(),
        s.gold,
        "{name}"
    );
    assert_eq!(
        per_kind.iter().map(|k| k.matched).sum::<usize>(),
        s.matched(),
        "{name}"
    );
    for value in [
        s.recall(),
        s.precision(),
        s.f1(),
        s.kind_accuracy(),
        s.date_exactness(),
    ] {
        let value = value.unwrap_or_else(|| panic!("{name}: a ratio of nothing"));
        assert!((0.0..=1.0).contains(&value), "{name}: {value}");
    }
    if let Some(r) = s.relation_accuracy() {
        assert!((0.0..=1.0).contains(&r), "{name}: {r}");
    }
}

#[test]
fn the_shipped_timeline_scores_well_formed_numbers_on_each_gold_file() {
    for name in GOLD_FILES {
        let s = evaluate(&gold_path(name), &MODELS).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert_well_formed(name, &s);
        // A timeline that finds nothing (a source not loaded, no reference date) scores 0.
        assert!(s.matched() > 0, "{name}: nothing matched");
    }
}

#[test]
fn each_gold_file_against_itself_is_perfect_and_a_damaged_copy_is_not() {
    for name in GOLD_FILES {
        let gold = read(name);
        let perfect = score(&gold.events, &gold.perfect_predictions());
        assert_well_formed(name, &perfect);
        for value in [
            perfect.recall(),
            perfect.precision(),
            perfect.f1(),
            perfect.kind_accuracy(),
            perfect.relation_accuracy(),
            perfect.date_exactness(),
        ] {
            assert_eq!(value, Some(1.0), "{name}");
        }
        // The first required event told a year later and of another kind: one miss, one
        // wrong prediction, and nothing else changes.
        let mut damaged = gold.perfect_predictions();
        let first = gold.events.iter().position(|e| !e.optional).expect("one");
        let year: i32 = damaged[first].value[..4].parse().expect("a year");
        damaged[first].value = format!("{}", year + 1);
        let s = score(&gold.events, &damaged);
        assert_eq!(s.matched(), perfect.gold - 1, "{name}");
        assert_eq!(s.unmatched_predictions.len(), 1, "{name}");
        assert!(
            s.recall() < Some(1.0) && s.precision() < Some(1.0),
            "{name}"
        );
        let mut relabelled = gold.perfect_predictions();
        relabelled[first].kind = if relabelled[first].kind == EventKind::Other {
            EventKind::Record
        } else {
            EventKind::Other
        };
        let s = score(&gold.events, &relabelled);
        assert_eq!(s.recall(), Some(1.0), "{name}: matching is kind-blind");
        assert!(s.kind_accuracy() < Some(1.0), "{name}");
    }
}

#[test]
fn the_command_prints_the_scores_as_text_and_json() {
    let path = gold_path(GOLD_FILES[2]);
    let out = kanbao()
        .args(["eval-events", "--gold"])
        .arg(&path)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let s = evaluate(&path, &MODELS).expect("scores");
    assert_eq!(json["gold"], s.gold);
    assert_eq!(json["matched"], s.matched());
    assert_eq!(json["recall"].as_f64(), s.recall());
    assert_eq!(
        json["unmatched_gold"].as_array().map(Vec::len),
        Some(s.unmatched_gold.len())
    );

    let mut text = Vec::new();
    kanbao::cli::eval_events::print_report(&mut text, &s).expect("prints");
    let text = String::from_utf8(text).expect("UTF-8");
    let recall = format!("recall {:.3}", s.recall().unwrap_or_default());
    assert!(text.contains(&recall), "{text}");
    let missing = kanbao()
        .args(["eval-events", "--gold", "/nonexistent/gold.json"])
        .output()
        .expect("runs");
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.starts_with("kanbao: cannot read ("), "{err}");
}
