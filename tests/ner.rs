//! The shipped NER model: accuracy on the dev fixture, the `ner` / `eval-ner` command lines,
//! and odd input.

mod common;

use common::kanbao;
use kanbao::extract::ner::train::{evaluate, read_gold};
use kanbao::extract::ner::{EntityKind, Ner};
use std::path::Path;

const DEV: &str = "tests/fixtures/ner-dev.jsonl";

/// Dev F1 the shipped model reached, minus 0.005 (see assets/ner/README.md).
const MIN_F1: [(EntityKind, f64); 3] = [
    (EntityKind::Per, MIN_PER),
    (EntityKind::Loc, MIN_LOC),
    (EntityKind::Org, MIN_ORG),
];
const MIN_PER: f64 = 0.9562 - 0.005;
const MIN_LOC: f64 = 0.9537 - 0.005;
const MIN_ORG: f64 = 0.9073 - 0.005;
const MIN_MICRO: f64 = 0.9424 - 0.005;

#[test]
fn shipped_model_keeps_its_dev_scores() {
    let gold = read_gold(Path::new(DEV)).expect("dev fixture is valid");
    assert_eq!(gold.len(), 2315);
    let scores = evaluate(&Ner::shipped().unwrap(), &gold, true);
    let table = scores.table();
    for (kind, min) in MIN_F1 {
        let f1 = scores.kind(kind).f1();
        assert!(f1 >= min, "{kind} F1 {f1:.4} < {min}\n{table}");
    }
    let micro = scores.micro().f1();
    assert!(
        micro >= MIN_MICRO,
        "micro F1 {micro:.4} < {MIN_MICRO}\n{table}"
    );
}

#[test]
fn ner_command_prints_one_json_line_per_input_line() {
    let dir = std::env::temp_dir().join(format!("kanbao-ner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("lines.txt");
    let long = "新华社北京电,国家主席习近平在人民大会堂会见联合国秘书长古特雷斯。".repeat(40);
    let text = format!(
        "国务院总理李鹏在北京会见了美国国务卿奥尔布赖特。\n\n   \r\n{long}\n中美关系\r\n。\nabc 123"
    );
    std::fs::write(&input, &text).expect("write input");
    let out = kanbao()
        .args(["ner", "--lines"])
        .arg(&input)
        .output()
        .expect("the kanbao binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let lines: Vec<&str> = stdout.lines().collect();
    let inputs: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), inputs.len(), "{stdout}");
    for (line, input) in lines.iter().zip(&inputs) {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let obj = v.as_object().expect("an object");
        assert_eq!(obj.len(), 1, "only `entities`: {line}");
        let entities = v["entities"].as_array().expect("entities array");
        let n = input.trim_end_matches('\r').chars().count() as u64;
        for e in entities {
            let e = e.as_array().expect("[start, end, kind]");
            assert_eq!(e.len(), 3);
            let (start, end) = (e[0].as_u64().expect("start"), e[1].as_u64().expect("end"));
            assert!(start < end && end <= n, "{line}");
            assert!(["PER", "LOC", "ORG"].contains(&e[2].as_str().expect("kind")));
        }
    }
    assert!(lines[0].contains(r#"[5,7,"PER"]"#), "{}", lines[0]);
    assert_eq!(lines[1], r#"{"entities":[]}"#);
    assert!(
        lines[3].matches("PER").count() >= 40,
        "long lines are tagged throughout"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn eval_ner_command_reports_scores_and_speed() {
    let out = kanbao()
        .args(["eval-ner", DEV])
        .output()
        .expect("the kanbao binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    for word in ["PER", "LOC", "ORG", "micro", "chars/s"] {
        assert!(stdout.contains(word), "{word} in {stdout}");
    }
}

#[test]
fn missing_files_fail_with_the_path() {
    let out = kanbao()
        .args(["ner", "--lines", "/nonexistent/lines.txt"])
        .output()
        .expect("the kanbao binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/lines.txt"));
    let out = kanbao()
        .args(["eval-ner", "/nonexistent/gold.jsonl"])
        .output()
        .expect("the kanbao binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/gold.jsonl"));
}

/// The micro F1 `eval-ner` prints for `gold` with `model` alone.
fn micro_f1(gold: &Path, model: &Path) -> f64 {
    let out = kanbao()
        .args(["eval-ner", "--model"])
        .arg(model)
        .arg(gold)
        .output()
        .expect("the kanbao binary runs");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("micro"))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|f| f.parse().ok())
        .unwrap_or_else(|| panic!("no micro F1 in {stdout}"))
}

#[test]
fn a_model_averaged_with_itself_tags_as_it_did() {
    let dir = common::scratch("average-ner");
    let gold = dir.join("gold.jsonl");
    let dev = std::fs::read_to_string(DEV).expect("dev fixture");
    let head: String = dev.lines().take(400).map(|l| format!("{l}\n")).collect();
    std::fs::write(&gold, head).expect("scratch is writable");
    let shipped = Path::new("assets/ner/model.bin.gz");
    let averaged = dir.join("average.bin.gz");
    let out = kanbao()
        .args(["average-ner", "--dev"])
        .arg(&gold)
        .arg("-o")
        .arg(&averaged)
        .args([shipped, shipped])
        .output()
        .expect("the kanbao binary runs");
    assert!(out.status.success(), "{out:?}");
    let (before, after) = (micro_f1(&gold, shipped), micro_f1(&gold, &averaged));
    assert!((before - after).abs() <= 0.002, "{before} → {after}");
    // A file that is no model fails with its path, and nothing is written.
    let out = kanbao()
        .args(["average-ner", "--dev"])
        .arg(&gold)
        .arg("-o")
        .arg(dir.join("never.bin.gz"))
        .arg(shipped)
        .arg(&gold)
        .output()
        .expect("the kanbao binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.jsonl"));
    assert!(!dir.join("never.bin.gz").exists());
}
