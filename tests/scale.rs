//! Beyond one machine without a cluster: `kanbao extract` in parts, `kanbao merge` of the shards,
//! and the merged store answering `timeline`, `entities` and `search` byte for byte as the
//! commands do on the input itself.

mod common;

use common::kanbao;
use kanbao::bundle::{self, LoadOptions};
use kanbao::knowledge::Knowledge;
use kanbao::store::shard::{self, ShardRecord};
use kanbao::store::{FindingSections, Lookup, Store, StoreError, carried};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::Arc;

/// A fresh folder under the system's temp folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kanbao-scale-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The articles of three days of the fixtures as canonical JSON Lines records, with a blank
/// line and a broken record among them (line numbers must still match the loader's).
fn records_file(dir: &Path) -> PathBuf {
    let days = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    let mut lines = Vec::new();
    for day in ["2013-12-15.txt", "2019-01-03.txt", "2025-04-30.txt"] {
        let loaded = bundle::load_path(&days.join(day), &LoadOptions::default(), &|_| {})
            .expect("fixture day");
        for a in loaded.articles {
            let record = serde_json::json!({
                "id": format!("{day}#{}", a.id.get()),
                "title": a.title,
                "text": a.paragraphs.join("\n"),
                "date": a.date.map(|d| d.to_string()),
            });
            lines.push(record.to_string());
        }
    }
    lines.insert(3, String::new());
    lines.insert(7, "{\"title\": broken".into());
    let path = dir.join("news.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write records");
    path
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = kanbao();
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().expect("run kanbao");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(input).expect("feed stdin");
    }
    let out = child.wait_with_output().expect("kanbao ends");
    assert!(
        out.status.success(),
        "kanbao {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What `timeline`, `entities` and `search` print for `path`, analysed from scratch.
fn answers(path: &Path) -> Vec<Vec<u8>> {
    let p = path.to_str().expect("utf-8 path");
    [
        vec!["timeline", p, "--json", "--no-store"],
        vec!["entities", p, "--json", "--no-store"],
        vec!["search", p, "中国", "--json", "--no-store"],
    ]
    .iter()
    .map(|args| run(args, None).stdout)
    .collect()
}

/// What the same commands print for a store folder, read as stored.
fn stored_answers(store: &Path) -> Vec<Vec<u8>> {
    let p = store.to_str().expect("utf-8 path");
    [
        vec!["timeline", p, "--json"],
        vec!["entities", p, "--json"],
        vec!["search", p, "中国", "--json"],
    ]
    .iter()
    .map(|args| {
        let out = run(args, None);
        let notes = String::from_utf8_lossy(&out.stderr);
        assert!(
            notes.contains("read the stored analysis"),
            "{args:?}: {notes}"
        );
        out.stdout
    })
    .collect()
}

fn assert_same_answers(expected: &[Vec<u8>], got: &[Vec<u8>]) {
    for (what, (e, g)) in ["timeline", "entities", "search"]
        .iter()
        .zip(expected.iter().zip(got))
    {
        assert!(e.len() > 100, "{what} has something to compare");
        assert!(
            e == g,
            "{what} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(e),
            String::from_utf8_lossy(g)
        );
    }
}

#[test]
fn parts_extracted_from_standard_input_merge_into_the_analysis_of_the_whole_file() {
    let dir = scratch("stdin");
    let file = records_file(&dir);
    let name = file.to_str().expect("utf-8 path");
    let text = std::fs::read_to_string(&file).expect("records");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let cut = lines.len() / 2;
    let (head, tail) = (lines[..cut].concat(), lines[cut..].concat());
    let before = cut.to_string();
    let first = run(&["extract", "--name", name], Some(head.as_bytes())).stdout;
    let second = run(
        &["extract", "--name", name, "--lines-before", &before],
        Some(tail.as_bytes()),
    )
    .stdout;
    // One line per article, in input order.
    let records: Vec<ShardRecord> = String::from_utf8(first.clone())
        .expect("utf-8")
        .lines()
        .map(|l| shard::parse_record(l).expect("a record"))
        .collect();
    assert!(records.windows(2).all(|w| w[0].order < w[1].order));
    assert_eq!(records[0].article.source.file, name);
    assert_eq!(
        records[3].article.source.line_start, 5,
        "after the blank line"
    );

    let shards = dir.join("shards");
    std::fs::create_dir_all(&shards).expect("shards folder");
    // The second part first: the merge puts articles back in the input's order.
    std::fs::write(shards.join("a.jsonl"), &second).expect("shard");
    std::fs::write(shards.join("b.jsonl"), &first).expect("shard");
    std::fs::write(shards.join("_SUCCESS"), "").expect("marker");
    let store = dir.join("store");
    let merged = run(
        &[
            "merge",
            shards.to_str().expect("path"),
            "-o",
            store.to_str().expect("path"),
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&merged.stdout).starts_with("merged: "));
    assert_same_answers(&answers(&file), &stored_answers(&store));

    // The store carries the articles: listed as the loader lists the input.
    let listed = |p: &Path| run(&["articles", p.to_str().expect("path"), "--json"], None).stdout;
    assert_eq!(listed(&file), listed(&store));

    // The same shards twice are refused, not merged into doubled articles.
    let again = kanbao()
        .args(["merge", shards.to_str().expect("path")])
        .arg(shards.join("a.jsonl"))
        .args(["-o", dir.join("twice").to_str().expect("path")])
        .output()
        .expect("run kanbao");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("twice"));
}

#[test]
fn a_folder_of_pages_extracted_as_a_path_merges_into_its_analysis() {
    let dir = scratch("pages");
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).expect("pages folder");
    let days = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    for day in ["2017-04-20.txt", "2023-05-30.txt"] {
        std::fs::copy(days.join(day), pages.join(day)).expect("copy page");
    }
    let out = run(&["extract", pages.to_str().expect("path")], None).stdout;
    let shard = dir.join("pages.jsonl");
    std::fs::write(&shard, &out).expect("shard");
    let store = dir.join("store");
    run(
        &[
            "merge",
            shard.to_str().expect("path"),
            "-o",
            store.to_str().expect("path"),
        ],
        None,
    );
    assert_same_answers(&answers(&pages), &stored_answers(&store));
    // A folder of other files is never taken for the output.
    let refused = kanbao()
        .args(["merge", shard.to_str().expect("path"), "-o"])
        .arg(&pages)
        .output()
        .expect("run kanbao");
    assert!(!refused.status.success());
}

#[test]
fn a_store_folder_answers_for_the_build_that_wrote_it_and_damage_is_an_error() {
    let dir = scratch("carried");
    let folder = dir.join("store");
    let sample = bundle::load_sample(&LoadOptions::default());
    let knowledge = Knowledge {
        bundle: Arc::new(sample.clone()),
        ..Knowledge::default()
    };
    carried::write(&folder, "build-1", &knowledge).expect("write");
    assert!(carried::is_store(&folder) && !carried::is_store(&dir));
    assert_eq!(
        carried::bundle(&folder).expect("articles").articles,
        sample.articles
    );

    // The store folder is its own store, whatever the store folder of the caller.
    let store = |build: &str| Store::new(dir.join("cache"), build);
    let now = store("build-1")
        .fingerprint(&folder, None)
        .expect("fingerprint");
    assert!(now.files.is_empty());
    assert!(matches!(
        store("build-1").lookup(&folder, &now),
        Ok(Lookup::Fresh(_))
    ));
    let other = store("build-2")
        .fingerprint(&folder, None)
        .expect("fingerprint");
    let Ok(Lookup::Stale(why)) = store("build-2").lookup(&folder, &other) else {
        panic!("another build's store is stale");
    };
    assert!(why.contains("another build"), "{why}");
    // Analysed again by that build, it is written back in place, not into the cache.
    store("build-2")
        .save(&folder, &other, &knowledge, &FindingSections::default())
        .expect("write back");
    assert!(matches!(
        store("build-2").lookup(&folder, &other),
        Ok(Lookup::Fresh(_))
    ));
    assert!(!dir.join("cache").exists());

    // Cut in half: an error naming the store, never a panic or fewer articles.
    let file = carried::file_of(&folder);
    let bytes = std::fs::read(&file).expect("store file");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    let read = carried::bundle(&folder);
    assert!(matches!(read, Err(StoreError::Damaged { .. })), "{read:?}");
}
