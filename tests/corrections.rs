//! Corrections through the CLI: made with `kanbao correct`, honoured by `entities`, `timeline`
//! and `export`, surviving a new analysis, undone, shared as JSON; bad requests refused in one line.

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// A test's own bundle (two fixture days), store and journal.
struct Case {
    dir: PathBuf,
    bundle: PathBuf,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = common::scratch(&format!("corr-{name}"));
        let bundle = dir.join("bundle");
        common::copy_two_fixture_days(&bundle);
        Case { dir, bundle }
    }

    fn kanbao(&self, journal: &str) -> Command {
        let mut c = common::kanbao();
        c.env("KANBAO_STORE", self.dir.join("store"))
            .env("KANBAO_CORRECTIONS", self.dir.join(journal));
        c
    }

    /// Runs `kanbao ARGS` (PATH after the first argument) with a journal; stdout, or the
    /// failure's stderr as `Err`.
    fn run_with(&self, journal: &str, args: &[&str]) -> Result<String, String> {
        let mut c = self.kanbao(journal);
        c.arg(args[0]).arg(&self.bundle).args(&args[1..]);
        let out = c.output().expect("run kanbao");
        if out.status.success() {
            Ok(String::from_utf8(out.stdout).expect("utf-8"))
        } else {
            Err(String::from_utf8(out.stderr).expect("utf-8"))
        }
    }

    fn run(&self, args: &[&str]) -> String {
        self.run_with("journal.sqlite", args)
            .unwrap_or_else(|e| panic!("kanbao {args:?} failed: {e}"))
    }

    fn entities(&self) -> Vec<Value> {
        let out = self.run(&["entities", "--json"]);
        serde_json::from_str::<Value>(&out)
            .expect("json")
            .as_array()
            .expect("array")
            .clone()
    }
}

fn named<'a>(entities: &'a [Value], name: &str) -> Option<&'a Value> {
    entities.iter().find(|e| e["name"] == name)
}

fn count(e: &Value) -> u64 {
    e["count"].as_u64().expect("count")
}

#[test]
fn a_merge_shows_in_entities_and_survives_a_new_analysis() {
    let case = Case::new("merge");
    let before = case.entities();
    let places: Vec<&Value> = before.iter().filter(|e| e["kind"] == "LOC").collect();
    let (keep, absorb) = (places[0], places[1]);
    let (a, b) = (
        keep["name"].as_str().unwrap(),
        absorb["name"].as_str().unwrap(),
    );
    let said = case.run(&["correct", "merge", a, b]);
    assert!(said.starts_with("corrected ("), "{said}");
    let after = case.entities();
    assert_eq!(after.len(), before.len() - 1);
    assert!(named(&after, b).is_none(), "{b} is merged away");
    let merged = named(&after, a).expect("kept entity");
    assert_eq!(count(merged), count(keep) + count(absorb));
    assert!(merged["aliases"].as_array().unwrap().iter().any(|x| x == b));
    assert_eq!(
        merged["mentions"].as_array().unwrap().len(),
        keep["mentions"].as_array().unwrap().len() + absorb["mentions"].as_array().unwrap().len()
    );
    // A changed file means a new analysis; the merge still holds.
    let file = std::fs::read_dir(&case.bundle)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n新华社北京12月1日电 本报记者报道。\n");
    std::fs::write(&file, text).unwrap();
    let indexed = case.run(&["index"]);
    assert!(indexed.starts_with("analysed"), "{indexed}");
    assert!(named(&case.entities(), b).is_none());
    // Without corrections, the analysis as extracted.
    let raw = case.run(&["entities", "--json", "--no-corrections"]);
    assert!(raw.contains(&format!("\"name\": \"{b}\"")));
    // Listed, with the time it was made.
    let listed = case.run(&["correct"]);
    assert!(listed.contains(&format!("merge {b} into {a}")), "{listed}");
}

#[test]
fn a_rejected_event_leaves_the_timeline_and_undo_brings_it_back() {
    let case = Case::new("reject");
    let original = case.run(&["timeline", "--json"]);
    let events: Value = serde_json::from_str(&original).unwrap();
    let id = events[0]["id"].as_str().expect("an event").to_string();
    case.run(&["correct", "reject-event", &id]);
    let rejected = case.run(&["timeline", "--json"]);
    assert!(!rejected.contains(&format!("\"id\": \"{id}\"")));
    // Exports honour it too.
    let csv = case.dir.join("timeline.csv");
    case.run(&["export", "--format", "csv", "-o", csv.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&csv).unwrap();
    let title = events[0]["title"].as_str().unwrap();
    let others_with_title = events.as_array().unwrap()[1..]
        .iter()
        .filter(|e| e["title"] == title)
        .count();
    assert_eq!(exported.matches(title).count() > 0, others_with_title > 0);
    let undone = case.run(&["correct", "undo"]);
    assert!(undone.starts_with("undone: reject event"), "{undone}");
    assert_eq!(
        case.run(&["timeline", "--json"]),
        original,
        "byte-identical again"
    );
    assert!(case.run(&["correct", "redo"]).starts_with("redone: "));
    assert_eq!(case.run(&["timeline", "--json"]), rejected);
}

#[test]
fn corrections_export_and_import_as_one_json_file() {
    let case = Case::new("share");
    let entities = case.entities();
    let person = entities
        .iter()
        .find(|e| e["kind"] == "PER")
        .expect("a person");
    let name = person["name"].as_str().unwrap();
    case.run(&["correct", "hide", name]);
    case.run(&[
        "correct",
        "rename",
        entities[0]["name"].as_str().unwrap(),
        "改过的名字",
    ]);
    let file = case.dir.join("shared.json");
    let said = case.run(&["correct", "--export", file.to_str().unwrap()]);
    assert!(said.starts_with("exported 2 corrections"), "{said}");
    let shared: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(shared["kanbao_corrections"], 1);
    assert_eq!(shared["corrections"][0]["op"], "hide");
    // A colleague's journal takes them; twice adds nothing more.
    let import = ["correct", "--import", file.to_str().unwrap()];
    let said = case.run_with("colleague.sqlite", &import).unwrap();
    assert!(said.starts_with("imported 2 of 2"), "{said}");
    let said = case.run_with("colleague.sqlite", &import).unwrap();
    assert!(said.starts_with("imported 0 of 2"), "{said}");
    let theirs = case
        .run_with("colleague.sqlite", &["entities", "--json"])
        .unwrap();
    assert_eq!(theirs, case.run(&["entities", "--json"]));
    assert!(theirs.contains("改过的名字"));
    assert!(!theirs.contains(&format!("\"name\": \"{name}\"")));
}

#[test]
fn bad_corrections_are_refused_in_one_line() {
    let case = Case::new("bad");
    for (args, expect) in [
        (
            vec!["correct", "hide", "没有这个名字"],
            "no entity named 没有这个名字",
        ),
        (vec!["correct", "reject-event", "ev0"], "no event ev0"),
        (vec!["correct", "kind", "中国", "PLANET"], "unknown kind"),
    ] {
        let err = case.run_with("journal.sqlite", &args).unwrap_err();
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(
            err.trim_end()
                .lines()
                .last()
                .unwrap()
                .starts_with("kanbao: "),
            "{err}"
        );
    }
    let garbage = case.dir.join("garbage.json");
    std::fs::write(&garbage, b"\xff\xfe not json").unwrap();
    let err = case
        .run_with(
            "journal.sqlite",
            &["correct", "--import", garbage.to_str().unwrap()],
        )
        .unwrap_err();
    assert!(err.contains("not a kanbao corrections file"), "{err}");
    // A journal that is not a database stops the commands with a way out.
    std::fs::write(case.dir.join("broken.sqlite"), vec![0x5a; 8192]).unwrap();
    let err = case.run_with("broken.sqlite", &["timeline"]).unwrap_err();
    assert!(
        err.contains("corrections journal") && err.contains("--no-corrections"),
        "{err}"
    );
    assert!(
        case.run_with("broken.sqlite", &["timeline", "--no-corrections"])
            .is_ok()
    );
}

#[test]
fn a_kill_during_an_import_leaves_the_journal_whole_with_all_or_none() {
    let case = Case::new("kill");
    let many: Vec<Value> = (0..20_000)
        .map(|i| serde_json::json!({"op": "hide", "entity": format!("名字{i}")}))
        .collect();
    let file = case.dir.join("many.json");
    let body = serde_json::json!({"kanbao_corrections": 1, "corrections": many});
    std::fs::write(&file, serde_json::to_vec(&body).unwrap()).unwrap();
    // How long a whole import takes here, to kill the others at points along it.
    let started = std::time::Instant::now();
    let said = case
        .run_with(
            "whole.sqlite",
            &["correct", "--import", file.to_str().unwrap()],
        )
        .expect("import");
    assert!(said.starts_with("imported 20000 of 20000"), "{said}");
    let whole = started.elapsed().as_millis() as u64;
    let mut seen = std::collections::BTreeSet::new();
    for (round, percent) in [10u64, 30, 50, 70, 85, 95].into_iter().enumerate() {
        let delay_ms = whole * percent / 100;
        let journal = format!("kill{round}.sqlite");
        let mut child = case
            .kanbao(&journal)
            .arg("correct")
            .arg(&case.bundle)
            .args(["--import", file.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // The journal opens and holds every correction of the import or none of them.
        let export = case.dir.join(format!("after{round}.json"));
        let said = case
            .run_with(&journal, &["correct", "--export", export.to_str().unwrap()])
            .expect("the journal opens after a kill");
        let n: usize = said.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(n == 0 || n == 20_000, "round {round}: {said}");
        seen.insert(n);
    }
    eprintln!("imports seen whole or not at all: {seen:?}");
}

#[test]
fn a_reader_that_has_gone_ends_the_listing_quietly() {
    // `kanbao correct FILE | head -0`: the reader closes before the listing is written.
    let case = Case::new("pipe");
    let mut c = case.kanbao("journal.sqlite");
    c.arg("correct")
        .arg(&case.bundle)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().expect("run kanbao");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for kanbao");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
