//! The analysis store: what it reads back equals what was built; changed files, another build,
//! damaged, truncated and half-written stores never give a wrong answer.

mod common;

use common::kanbao;
use kanbao::bundle::{self, LoadOptions};
use kanbao::knowledge::{ArticleFindings, BuildOptions, Knowledge};
use kanbao::models::Models;
use kanbao::store::{FindingSections, Fingerprint, Lookup, Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

static MODELS: LazyLock<Models> = LazyLock::new(|| Models::shipped().expect("shipped models"));

/// A fresh folder under the system's temp folder.
fn scratch(name: &str) -> PathBuf {
    common::scratch(&format!("store-{name}"))
}

/// A bundle folder of two days of the fixtures.
fn bundle_folder(name: &str) -> PathBuf {
    let dir = scratch(&format!("{name}-bundle")).join("bundle");
    common::copy_two_fixture_days(&dir);
    dir
}

/// The analysis of a bundle, with its articles' findings encoded for `store` (what the
/// store keeps per file).
fn analyse_kept(store: &Store, path: &Path, fp: &Fingerprint) -> (Knowledge, FindingSections) {
    let bundle = Arc::new(bundle::load_path(path, &LoadOptions::default(), &|_| {}).expect("load"));
    let mut sections = FindingSections::default();
    let mut keep = |found: &[ArticleFindings]| {
        sections = store
            .encode_findings(path, fp, &bundle, found)
            .expect("encode");
    };
    let built = Knowledge::build_reusing(
        Arc::clone(&bundle),
        &BuildOptions::new(&MODELS),
        Vec::new(),
        Some(&mut keep),
    )
    .expect("build");
    (built, sections)
}

fn analyse(path: &Path) -> Knowledge {
    let bundle = bundle::load_path(path, &LoadOptions::default(), &|_| {}).expect("load");
    Knowledge::build(bundle, &BuildOptions::new(&MODELS)).expect("build")
}

fn assert_same(a: &Knowledge, b: &Knowledge) {
    assert_eq!(a.entities.entities, b.entities.entities);
    assert_eq!(a.entities.mentions, b.entities.mentions);
    assert_eq!(a.entities.by_entity, b.entities.by_entity);
    assert_eq!(a.entities.by_article, b.entities.by_article);
    assert_eq!(a.timeline, b.timeline);
    assert_eq!(a.search, b.search);
}

fn fresh(lookup: Lookup) -> kanbao::store::Snapshot {
    match lookup {
        Lookup::Fresh(s) => s,
        Lookup::Stale(why) => panic!("stale: {why}"),
        Lookup::Absent => panic!("absent"),
    }
}

#[test]
fn a_stored_analysis_reads_back_equal_and_answers_only_for_the_same_files() {
    let bundle = bundle_folder("roundtrip");
    let store = Store::new(scratch("roundtrip").join("stores"), "build-1");
    let fp = store.fingerprint(&bundle, None).expect("fingerprint");
    assert!(matches!(store.lookup(&bundle, &fp), Ok(Lookup::Absent)));
    let (built, findings) = analyse_kept(&store, &bundle, &fp);
    assert!(!built.timeline.events.is_empty() && !built.entities.entities.is_empty());
    let saved = store.save(&bundle, &fp, &built, &findings).expect("save");
    assert!(saved.bytes > 0 && saved.path.exists());

    let snapshot = fresh(store.lookup(&bundle, &fp).expect("lookup"));
    let loaded = bundle::load_path(&bundle, &LoadOptions::default(), &|_| {}).expect("load");
    let read = snapshot
        .knowledge(Arc::new(loaded), Arc::clone(&MODELS.names))
        .expect("read");
    assert_same(&built, &read);
    assert_eq!(snapshot.timeline().expect("timeline"), built.timeline);
    // Read before the articles are loaded (the app reads it while they load).
    let prefetched = store
        .prefetch(&bundle, None, Arc::clone(&MODELS.names))
        .expect("a fingerprint");
    assert_eq!(prefetched.fingerprint, fp);
    let model = prefetched.model.expect("a fresh store prefetches");
    let loaded = bundle::load_path(&bundle, &LoadOptions::default(), &|_| {}).expect("load");
    assert_same(
        &built,
        &model.into_knowledge(Arc::new(loaded)).expect("model"),
    );
    let model = store
        .prefetch(&bundle, None, Arc::clone(&MODELS.names))
        .and_then(|p| p.model)
        .expect("a fresh store prefetches");
    let other = kanbao::bundle::load_sample(&LoadOptions::default());
    assert!(
        model.into_knowledge(Arc::new(other)).is_err(),
        "another bundle's articles"
    );

    // The same files by another build, or with another reference date: stale.
    let other = Store::new(store.dir(), "build-2");
    let fp2 = other.fingerprint(&bundle, None).expect("fingerprint");
    assert!(matches!(other.lookup(&bundle, &fp2), Ok(Lookup::Stale(_))));
    let dated = store
        .fingerprint(&bundle, chrono::NaiveDate::from_ymd_opt(2020, 1, 1))
        .expect("fingerprint");
    assert!(matches!(
        store.lookup(&bundle, &dated),
        Ok(Lookup::Stale(_))
    ));

    // A file added: stale, saying so.
    std::fs::write(
        bundle.join("extra.txt"),
        "新华社北京1月1日电 今天举行会议。\n",
    )
    .expect("add");
    let fp3 = store.fingerprint(&bundle, None).expect("fingerprint");
    match store.lookup(&bundle, &fp3) {
        Ok(Lookup::Stale(why)) => assert_eq!(why, "1 file new"),
        _ => panic!("a new file must make the store stale"),
    }
}

#[test]
fn a_file_added_is_analysed_alone_and_the_others_reused() {
    let bundle = bundle_folder("incremental");
    let store = Store::new(scratch("incremental").join("stores"), "build-1");
    let fp = store.fingerprint(&bundle, None).expect("fingerprint");
    let (before, findings) = analyse_kept(&store, &bundle, &fp);
    store.save(&bundle, &fp, &before, &findings).expect("save");
    // A day added before the others (its articles come first, the others move).
    let days = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    std::fs::copy(days.join("2017-04-20.txt"), bundle.join("0000-first.txt")).expect("copy");
    let now = store.fingerprint(&bundle, None).expect("fingerprint");
    let loaded = bundle::load_path(&bundle, &LoadOptions::default(), &|_| {}).expect("load");
    let reusable = store.reusable(&bundle, &now, &loaded);
    assert_eq!(reusable.files, 2);
    assert_eq!(reusable.articles, before.articles().len());
    assert!(
        reusable.known[0].is_none(),
        "the new file's articles are not known"
    );
    let reused =
        Knowledge::build_reusing(loaded, &BuildOptions::new(&MODELS), reusable.known, None)
            .expect("build");
    assert_same(&reused, &analyse(&bundle));
    // Another reference date: nothing is reused.
    let dated = store
        .fingerprint(&bundle, chrono::NaiveDate::from_ymd_opt(2020, 1, 1))
        .expect("fingerprint");
    let loaded = bundle::load_path(&bundle, &LoadOptions::default(), &|_| {}).expect("load");
    assert_eq!(store.reusable(&bundle, &dated, &loaded).files, 0);
}

#[test]
fn damaged_truncated_and_foreign_stores_are_refused_in_one_line() {
    let bundle = bundle_folder("damaged");
    let store = Store::new(scratch("damaged").join("stores"), "build-1");
    let fp = store.fingerprint(&bundle, None).expect("fingerprint");
    let built = analyse(&bundle);
    let saved = store
        .save(&bundle, &fp, &built, &FindingSections::default())
        .expect("save");
    let good = std::fs::read(&saved.path).expect("read store");

    let refused = |bytes: &[u8]| -> StoreError {
        std::fs::write(&saved.path, bytes).expect("write");
        let snapshot = match store.lookup(&bundle, &fp) {
            Err(err) => return err,
            Ok(lookup) => fresh(lookup),
        };
        let read = snapshot
            .timeline()
            .and_then(|_| snapshot.search())
            .and_then(|_| snapshot.warnings())
            .and_then(|_| snapshot.entities(Arc::clone(&MODELS.names)));
        match read {
            Err(err) => err,
            Ok(_) => panic!("a damaged store was read"),
        }
    };
    let truncated = refused(&good[..good.len() / 2]);
    let garbage = refused(&vec![0x5a; good.len()]);
    // Bytes flipped over the sections' data (every 4,001st byte of the second half).
    let mut flipped = good.clone();
    for at in (good.len() / 2..good.len()).step_by(4001) {
        flipped[at] ^= 0x40;
    }
    let flipped = refused(&flipped);
    for err in [truncated, garbage, flipped] {
        let line = err.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains(&saved.path.display().to_string()), "{line}");
    }
}

#[test]
fn a_write_cut_short_leaves_the_previous_store_usable_and_its_leftovers_are_cleared() {
    let bundle = bundle_folder("killed");
    let dir = scratch("killed").join("stores");
    let store = Store::new(&dir, "build-1");
    let fp = store.fingerprint(&bundle, None).expect("fingerprint");
    let built = analyse(&bundle);
    let saved = store
        .save(&bundle, &fp, &built, &FindingSections::default())
        .expect("save");
    // What a writer killed mid-write leaves: a half file beside the store (pid of no process).
    let name = saved.path.file_name().expect("name").to_string_lossy();
    let stray = dir.join(format!("{name}.writing-4000000000"));
    std::fs::write(&stray, b"SQLite format 3\0half").expect("stray");
    let snapshot = fresh(store.lookup(&bundle, &fp).expect("lookup"));
    assert_eq!(snapshot.timeline().expect("timeline"), built.timeline);
    store
        .save(&bundle, &fp, &built, &FindingSections::default())
        .expect("save again");
    assert!(!stray.exists(), "the stray temporary file is removed");
}

#[test]
fn the_folder_keeps_under_its_cap_dropping_the_least_recently_used() {
    let dir = scratch("cap").join("stores");
    let a = bundle_folder("cap-a");
    let b = bundle_folder("cap-b");
    let store = Store::new(&dir, "build-1").with_cap(1);
    let fa = store.fingerprint(&a, None).expect("fingerprint");
    let ka = analyse(&a);
    store
        .save(&a, &fa, &ka, &FindingSections::default())
        .expect("save a");
    let fb = store.fingerprint(&b, None).expect("fingerprint");
    let saved = store
        .save(&b, &fb, &ka, &FindingSections::default())
        .expect("save b");
    assert_eq!(saved.evicted, 1);
    assert!(matches!(store.lookup(&a, &fa), Ok(Lookup::Absent)));
    assert!(saved.path.exists(), "the store just written stays");
}

/// `kanbao ARGS` with its own store folder: (stdout, stderr).
fn run(store: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let out = kanbao()
        .env("KANBAO_STORE", store)
        .args(args)
        .output()
        .expect("run kanbao");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_reads_its_store_the_second_time_with_identical_output() {
    let bundle = bundle_folder("cli");
    let stores = scratch("cli").join("stores");
    let path = bundle.to_str().expect("utf-8 path");
    for args in [
        vec!["timeline", path, "--json"],
        vec!["entities", path, "--json"],
        vec!["entities", path, "--kind", "PER"],
        vec!["search", path, "会议", "--json"],
    ] {
        let (first, _) = run(&stores, &args);
        let (second, notice) = run(&stores, &args);
        assert_eq!(first, second, "{args:?}");
        assert!(
            notice.contains("read the stored analysis"),
            "{args:?}: {notice}"
        );
        let mut fresh_args = args.clone();
        fresh_args.push("--no-store");
        let (unstored, quiet) = run(&stores, &fresh_args);
        assert_eq!(first, unstored, "{args:?}");
        assert!(!quiet.contains("store"), "{quiet}");
    }
    // A garbage store: the same output and one line saying so.
    for entry in std::fs::read_dir(&stores).expect("stores") {
        std::fs::write(entry.expect("entry").path(), b"not a store").expect("spoil");
    }
    let (first, _) = run(&stores, &["timeline", path, "--json", "--no-store"]);
    let (spoiled, notice) = run(&stores, &["timeline", path, "--json"]);
    assert_eq!(first, spoiled);
    assert!(notice.contains("damaged"), "{notice}");
    let (again, notice) = run(&stores, &["timeline", path, "--json"]);
    assert_eq!(first, again);
    assert!(notice.contains("read the stored analysis"), "{notice}");
    // A file added: `index` reads it alone, and the output equals a fresh analysis.
    let days = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    std::fs::copy(days.join("2025-04-30.txt"), bundle.join("2025-04-30.txt")).expect("copy");
    let (said, notice) = run(&stores, &["index", path]);
    assert!(
        String::from_utf8_lossy(&said).starts_with("analysed"),
        "{notice}"
    );
    assert!(
        notice.contains("reusing the stored findings of 2 unchanged files"),
        "{notice}"
    );
    let (said, _) = run(&stores, &["index", path]);
    assert!(String::from_utf8_lossy(&said).starts_with("up to date"));
    let (stored, _) = run(&stores, &["timeline", path, "--json"]);
    let (fresh, _) = run(&stores, &["timeline", path, "--json", "--no-store"]);
    assert_eq!(stored, fresh);
}

/// The app keeps the analysis of a bundle opened from a path and reads it at the next open.
#[cfg(feature = "gui")]
mod app {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use kanbao::ui::jobs::BundleSource;
    use kanbao::ui::{KanbaoApp, Settings};
    use std::time::{Duration, Instant};

    fn opened(store: &Store, bundle: &Path) -> Harness<'static, KanbaoApp> {
        let app = KanbaoApp::new(Settings::default()).with_store(Some(store.clone()));
        let mut h = common::builder([1280.0, 800.0])
            .build_ui_state(|ui, app: &mut KanbaoApp| app.show(ui), app);
        h.step();
        h.state_mut().wait_for_analysis();
        h.state_mut()
            .request_open(BundleSource::Path(bundle.to_path_buf()));
        let deadline = Instant::now() + Duration::from_secs(60);
        while h.state().is_loading() || h.state().analysis().is_none() {
            assert!(Instant::now() < deadline, "no analysis in 60 s");
            h.step();
            h.state_mut().wait_for_analysis();
            std::thread::sleep(Duration::from_millis(5));
        }
        h.run();
        h
    }

    #[test]
    fn a_bundle_opened_again_is_read_from_the_store() {
        let bundle = bundle_folder("app");
        let store = Store::new(scratch("app").join("stores"), "build-1");
        let first = opened(&store, &bundle);
        let built = first.state().analysis().expect("analysed");
        assert!(!built.from_store);
        // The store is written beside the views, on a thread of its own.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !store.file_for(&bundle).exists() {
            assert!(Instant::now() < deadline, "nothing stored in 60 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        let second = opened(&store, &bundle);
        let read = second.state().analysis().expect("read");
        assert!(read.from_store, "the second open reads the store");
        assert_eq!(
            read.knowledge.entities.entities,
            built.knowledge.entities.entities
        );
        assert_eq!(read.knowledge.timeline, built.knowledge.timeline);
        assert!(
            second
                .query_all_by_label_contains("读自存储")
                .next()
                .is_some(),
            "the status bar says where the analysis came from"
        );
    }
}

#[test]
fn a_kill_at_any_point_of_index_leaves_a_store_that_answers_right() {
    let bundle = bundle_folder("kill");
    let stores = scratch("kill").join("stores");
    let path = bundle.to_str().expect("utf-8 path");
    let (expected, _) = run(&stores, &["timeline", path, "--json", "--no-store"]);
    // Killed early (loading), mid-analysis and late (while or after storing).
    for delay_ms in [5u64, 40, 150, 400, 900, 1_600] {
        let mut child = kanbao()
            .env("KANBAO_STORE", &stores)
            .args(["index", path, "--quiet"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start index");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGKILL: nothing of the process runs after it.
        let _ = child.kill();
        let _ = child.wait();
        let (after, notice) = run(&stores, &["timeline", path, "--json"]);
        assert_eq!(after, expected, "killed after {delay_ms} ms: {notice}");
    }
}
