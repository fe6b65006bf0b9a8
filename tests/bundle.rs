//! Reading bundles: encodings, formats, compression, folders, bad input (issue 2 §2, §6).

use kanbao::bundle::{
    self, Article, Bundle, BundleError, DateSource, LoadOptions, LoadProgress, split,
};
use kanbao::names::Surnames;
use proptest::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/sample/000_ecbc3fa7240ad993.txt"
);

fn fixture(rel: &str) -> PathBuf {
    Path::new(FIXTURES).join(rel)
}

fn load(path: &Path) -> Bundle {
    bundle::load_path(path, &LoadOptions::default(), &|_| {})
        .unwrap_or_else(|e| panic!("{} should load: {e}", path.display()))
}

/// A fresh, empty directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("kanbao-bundle-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        TempDir(dir)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("temp dir is writable");
        }
        std::fs::write(&path, bytes).expect("temp dir is writable");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The article without where it came from, for comparing the same text read from other files.
fn content(a: &Article) -> Article {
    Article {
        source: bundle::Source {
            file: String::new(),
            ..a.source.clone()
        },
        ..a.clone()
    }
}

fn contents(b: &Bundle) -> Vec<Article> {
    b.articles.iter().map(content).collect()
}

/// Title and paragraphs: what every format keeps.
fn texts(b: &Bundle) -> Vec<(String, Vec<String>)> {
    b.articles
        .iter()
        .map(|a| (a.title.clone(), a.paragraphs.clone()))
        .collect()
}

fn xz(bytes: &[u8]) -> Vec<u8> {
    xz_at(bytes, 6)
}

fn xz_at(bytes: &[u8], preset: u32) -> Vec<u8> {
    let mut enc = liblzma::write::XzEncoder::new(Vec::new(), preset);
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

#[test]
fn every_encoding_gives_the_articles_of_its_utf8_twin() {
    let dir = std::fs::read_dir(fixture("encodings")).expect("fixtures/encodings exists");
    let mut checked = 0;
    for entry in dir {
        let path = entry.expect("readable fixture dir").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let twin = if name.starts_with("000_ecbc3fa7240ad993.") {
            PathBuf::from(SAMPLE)
        } else if name.starts_with("2019-01-03.") {
            fixture("days/2019-01-03.txt")
        } else {
            continue;
        };
        if name.contains("truncated") {
            continue;
        }
        let got = load(&path);
        let want = load(&twin);
        assert!(got.warnings.is_empty(), "{name}: {:?}", got.warnings);
        assert!(!want.articles.is_empty(), "{name}: twin has articles");
        assert_eq!(contents(&got), contents(&want), "{name} vs its UTF-8 twin");
        checked += 1;
    }
    assert_eq!(checked, 8, "crlf, gb18030, utf16le, utf8bom of both twins");
}

#[test]
fn a_truncated_file_warns_with_the_offset_and_keeps_what_is_there() {
    let path = fixture("encodings/000_ecbc3fa7240ad993.truncated.txt");
    let got = load(&path);
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    let w = &got.warnings[0];
    assert!(w.message.contains("byte 11356"), "{w}");
    assert!(
        w.file.ends_with("000_ecbc3fa7240ad993.truncated.txt"),
        "{w}"
    );
    let full = load(Path::new(SAMPLE));
    assert!(!got.articles.is_empty() && got.articles.len() <= full.articles.len());
    assert_eq!(got.articles[0].title, full.articles[0].title);
}

#[test]
fn an_empty_file_warns_and_gives_no_articles() {
    let got = load(&fixture("encodings/empty.txt"));
    assert!(got.articles.is_empty());
    assert_eq!(got.warnings.len(), 1);
    assert_eq!(got.warnings[0].message, "empty file");
}

#[test]
fn supplementary_plane_characters_survive() {
    let got = load(&fixture("encodings/supplementary_plane.txt"));
    let all: String = got
        .articles
        .iter()
        .flat_map(|a| a.texts())
        .map(|t| t.2)
        .collect();
    assert!(all.contains("北𨟠村"), "{all}");
}

#[test]
fn a_folder_loads_sorted_skipping_hidden_and_foreign_files() {
    let tmp = TempDir::new("folder");
    let day = std::fs::read(fixture("days/2019-01-03.txt")).expect("fixture");
    let sample = std::fs::read(SAMPLE).expect("sample");
    tmp.write("b/2024-11-04.txt", &sample);
    tmp.write("a/2019-01-03.txt", &day);
    tmp.write(".hidden/2019-01-03.txt", &day);
    tmp.write("a/.draft.txt", &day);
    tmp.write("a/photo.png", b"\x89PNG\r\n\x1a\n\x00\x00");
    let got = load(&tmp.0);
    let want_a = load(&fixture("days/2019-01-03.txt"));
    let want_b = load(Path::new(SAMPLE));
    assert_eq!(got.stats.files, 2);
    assert_eq!(got.stats.skipped_files, 1);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        got.articles.len(),
        want_a.articles.len() + want_b.articles.len()
    );
    let ids: Vec<u32> = got.articles.iter().map(|a| a.id.get()).collect();
    assert_eq!(ids, (0..ids.len() as u32).collect::<Vec<_>>());
    let first = &got.articles[0];
    assert!(
        first.source.file.ends_with("a/2019-01-03.txt"),
        "{}",
        first.source.file
    );
    let last = got.articles.last().expect("articles");
    assert!(last.source.file.ends_with("b/2024-11-04.txt"));
    // The file name gives the reference date of the sample copy.
    assert_eq!(last.date_source, DateSource::FileName);
    assert_eq!(
        last.date.map(|d| d.to_string()).as_deref(),
        Some("2024-11-04")
    );
}

#[test]
fn a_binary_file_in_a_folder_is_a_warning_and_the_rest_loads() {
    let tmp = TempDir::new("binary");
    let day = std::fs::read(fixture("days/2019-01-03.txt")).expect("fixture");
    tmp.write("2019-01-03.txt", &day);
    tmp.write("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    tmp.write("dump.jsonl", b"{\"title\": \"x\"}\x00\x00\x00\x01\x02");
    let got = load(&tmp.0);
    assert_eq!(
        got.articles.len(),
        load(&fixture("days/2019-01-03.txt")).articles.len()
    );
    let mut warned: Vec<_> = got
        .warnings
        .iter()
        .map(|w| {
            (
                w.file.rsplit('/').next().unwrap_or_default().to_owned(),
                w.message.clone(),
            )
        })
        .collect();
    warned.sort();
    assert_eq!(
        warned,
        [
            ("dump.jsonl".into(), "not a text file (NUL bytes)".into()),
            ("scan.txt".into(), "not a text file (PNG image)".into()),
        ],
    );
}

#[test]
fn a_binary_file_given_alone_is_refused_in_one_line() {
    let tmp = TempDir::new("refused");
    let path = tmp.write("report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    let err = bundle::load_path(&path, &LoadOptions::default(), &|_| {})
        .expect_err("a PDF is not a bundle");
    assert!(matches!(err, BundleError::Refused { .. }), "{err:?}");
    let line = err.to_string();
    assert!(!line.contains('\n'));
    assert!(
        line.starts_with("not a text file (PDF document): "),
        "{line}"
    );
    assert!(line.ends_with("report.pdf"), "{line}");
}

#[test]
fn a_missing_path_is_an_io_error_naming_it() {
    let err = bundle::load_path(
        Path::new("no/such/bundle"),
        &LoadOptions::default(),
        &|_| {},
    )
    .expect_err("nothing there");
    assert!(matches!(err, BundleError::Io { .. }));
    assert!(err.to_string().ends_with(": no/such/bundle"), "{err}");
}

/// JSON records of the day's articles, as a bundle tool would write them.
fn records_of(b: &Bundle, date: &str) -> Vec<serde_json::Value> {
    b.articles
        .iter()
        .map(|a| {
            serde_json::json!({
                "title": a.title,
                "text": a.paragraphs.join("\n"),
                "date": date,
                "url": "ignored",
            })
        })
        .collect()
}

#[test]
fn jsonl_json_gz_and_xz_give_the_same_articles() {
    let day = load(&fixture("days/2019-01-03.txt"));
    let records = records_of(&day, "2019-01-03");
    let jsonl: String = records.iter().map(|r| format!("{r}\n")).collect();
    let json = serde_json::to_string_pretty(&records).expect("values serialize");
    let tmp = TempDir::new("formats");
    let files = [
        tmp.write("day.jsonl", jsonl.as_bytes()),
        tmp.write("day.json", json.as_bytes()),
        tmp.write("day.jsonl.gz", &gz(jsonl.as_bytes())),
        tmp.write("day.jsonl.xz", &xz(jsonl.as_bytes())),
        tmp.write("day.json.xz", &xz(json.as_bytes())),
        // Given by name, an unknown extension is read by content.
        tmp.write("day.export", jsonl.as_bytes()),
    ];
    for file in &files {
        let got = load(file);
        assert!(
            got.warnings.is_empty(),
            "{}: {:?}",
            file.display(),
            got.warnings
        );
        assert_eq!(texts(&got), texts(&day), "{}", file.display());
        assert!(
            got.articles
                .iter()
                .all(|a| a.date_source == DateSource::Record)
        );
        assert_eq!(got.stats.body_chars, day.stats.body_chars);
    }
    let jsonl_lines: Vec<usize> = load(&files[0])
        .articles
        .iter()
        .map(|a| a.source.line_start)
        .collect();
    assert_eq!(jsonl_lines, (1..=day.articles.len()).collect::<Vec<_>>());
}

#[test]
fn compressed_pages_give_the_same_articles() {
    let path = fixture("days/2019-01-03.txt");
    let plain = std::fs::read(&path).expect("fixture");
    let tmp = TempDir::new("pages");
    let want = load(&path);
    for file in [
        tmp.write("2019-01-03.txt.xz", &xz(&plain)),
        tmp.write("2019-01-03.txt.gz", &gz(&plain)),
    ] {
        assert_eq!(
            contents(&load(&file)),
            contents(&want),
            "{}",
            file.display()
        );
    }
}

#[test]
fn a_truncated_xz_stream_warns_and_keeps_the_records_before_the_cut() {
    let day = load(&fixture("days/2019-01-03.txt"));
    let jsonl: String = records_of(&day, "2019-01-03")
        .iter()
        .map(|r| format!("{r}\n"))
        .collect();
    // Enough records that the cut falls well inside the stream.
    let many = jsonl.repeat(40);
    let packed = xz(many.as_bytes());
    let tmp = TempDir::new("cut-xz");
    let path = tmp.write("cut.jsonl.xz", &packed[..packed.len() / 2]);
    let got = load(&path);
    assert!(!got.articles.is_empty());
    assert!(got.articles.len() < day.articles.len() * 40);
    assert!(
        got.warnings
            .iter()
            .any(|w| w.message.contains("xz data truncated or corrupt")),
        "{:?}",
        got.warnings
    );
}

/// `n` records of pseudo-random Chinese text (it compresses about as badly as real news), with
/// escapes, blank lines and CRLF inside `text`.
fn random_records(n: usize, seed: u64) -> (String, Vec<(String, Vec<String>)>) {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let mut word = |len: u32| -> String {
        (0..len)
            .map(|_| char::from_u32(0x4E00 + next() % 3000).unwrap_or('字'))
            .collect()
    };
    let mut jsonl = String::new();
    let mut want = Vec::new();
    for i in 0..n {
        let title = format!("{}“{}”{i}", word(6), word(4));
        let paragraphs: Vec<String> = (0..1 + i % 5)
            .map(|k| word(40 + (k as u32 * 37) % 200))
            .collect();
        let text = format!("　{}\r\n\n\t", paragraphs.join("\n  "));
        let record =
            serde_json::json!({"title": title, "text": text, "date": "2020-02-29", "n": i});
        jsonl.push_str(&record.to_string());
        jsonl.push('\n');
        want.push((title, paragraphs));
    }
    (jsonl, want)
}

#[test]
fn big_jsonl_streams_give_every_record_in_order() {
    let (jsonl, want) = random_records(6_000, 7);
    assert!(
        jsonl.len() > 9 << 19,
        "big enough to be streamed in many batches"
    );
    let tmp = TempDir::new("stream");
    for file in [
        tmp.write("big.jsonl", jsonl.as_bytes()),
        tmp.write("big.jsonl.gz", &gz(jsonl.as_bytes())),
        // Held compressed until the xz decoder is gone, then built on two threads.
        tmp.write("big.jsonl.xz", &xz_at(jsonl.as_bytes(), 0)),
    ] {
        let got = load(&file);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        assert_eq!(texts(&got), want, "{}", file.display());
        let last = got.articles.last().expect("articles");
        assert_eq!(
            (last.id.index(), last.source.line_start),
            (want.len() - 1, want.len())
        );
        assert_eq!(got.stats.bytes, jsonl.len() as u64);
    }
}

#[test]
fn a_truncated_big_xz_stream_keeps_the_records_before_the_cut() {
    let (jsonl, want) = random_records(2_500, 11);
    let packed = xz_at(jsonl.as_bytes(), 0);
    assert!(
        packed.len() as u64 * 5 > 4 << 20,
        "big enough to be streamed"
    );
    let tmp = TempDir::new("cut-stream");
    let path = tmp.write("cut.jsonl.xz", &packed[..packed.len() * 2 / 3]);
    let got = load(&path);
    let n = got.articles.len();
    assert!(
        n > want.len() / 3 && n < want.len(),
        "{n} of {}",
        want.len()
    );
    assert_eq!(texts(&got), want[..n]);
    let messages: Vec<_> = got.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("xz data truncated or corrupt")),
        "{messages:?}"
    );
}

#[test]
fn the_command_line_date_overrides_json_dates() {
    let tmp = TempDir::new("date");
    let path = tmp.write(
        "a.jsonl",
        b"{\"title\":\"t\",\"text\":\"p\",\"date\":\"2019-01-03\"}\n",
    );
    let date = chrono::NaiveDate::from_ymd_opt(2024, 11, 4);
    let opts = LoadOptions {
        date,
        ..LoadOptions::default()
    };
    let got = bundle::load_path(&path, &opts, &|_| {}).expect("loads");
    assert_eq!(
        (got.articles[0].date, got.articles[0].date_source),
        (date, DateSource::Cli)
    );
}

#[test]
fn progress_is_reported_and_ends_complete() {
    let last = std::sync::Mutex::new(LoadProgress::default());
    let calls = AtomicUsize::new(0);
    let report = |p: LoadProgress| {
        calls.fetch_add(1, Ordering::Relaxed);
        *last.lock().expect("no panics while holding it") = p;
    };
    let got =
        bundle::load_path(&fixture("days"), &LoadOptions::default(), &report).expect("days load");
    let last = *last.lock().expect("no panics while holding it");
    assert!(calls.load(Ordering::Relaxed) >= 1);
    assert_eq!(last.files_done, last.files_total);
    assert_eq!(last.articles, got.articles.len());
    assert_eq!(
        (last.bytes_read, last.bytes_total),
        (last.bytes_total, last.bytes_total)
    );
}

#[test]
fn a_cancelled_load_stops_with_cancelled() {
    let cancel = Arc::new(AtomicBool::new(true));
    let opts = LoadOptions {
        cancel: Some(cancel.clone()),
        ..LoadOptions::default()
    };
    let err = bundle::load_path(&fixture("days"), &opts, &|_| {}).expect_err("cancelled");
    assert!(matches!(err, BundleError::Cancelled));

    // Cancelled from the progress callback, in the middle of a streamed file.
    let day = load(&fixture("days/2019-01-03.txt"));
    let jsonl: String = records_of(&day, "2019-01-03")
        .iter()
        .map(|r| format!("{r}\n"))
        .collect();
    let tmp = TempDir::new("cancel");
    let path = tmp.write("big.jsonl", jsonl.repeat(600).as_bytes());
    let cancel = Arc::new(AtomicBool::new(false));
    let opts = LoadOptions {
        cancel: Some(cancel.clone()),
        ..LoadOptions::default()
    };
    let stop = |p: LoadProgress| {
        if p.articles > 0 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let err = bundle::load_path(&path, &opts, &stop).expect_err("cancelled mid-file");
    assert!(matches!(err, BundleError::Cancelled));
}

#[test]
fn the_sample_loads_through_the_same_steps_as_a_file() {
    let sample = bundle::load_sample(&LoadOptions::default());
    let file = load(Path::new(SAMPLE));
    assert_eq!(contents(&sample), contents(&file));
    assert_eq!(sample.stats.chars, file.stats.chars);
}

/// Runs `f` on a thread and fails if it takes longer than `limit` (an endless loop).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("no answer within {limit:?}"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("the loader panicked"),
    }
}

const LIMIT: Duration = Duration::from_secs(20);

/// Loads bytes written to a temp file under `name`: never a panic, never an endless loop.
fn load_bytes(name: &str, bytes: Vec<u8>) {
    let tmp = TempDir::new("prop");
    let path = tmp.write(name, &bytes);
    within(LIMIT, move || {
        let _ = bundle::load_path(&path, &LoadOptions::default(), &|_| {});
    });
}

fn split_text(text: String) {
    within(LIMIT, move || {
        let surnames = Surnames::shipped().expect("the shipped surnames parse");
        let articles = split::split_page(&text, "prop.txt", &surnames);
        for a in &articles {
            assert!(a.source.line_start <= a.source.line_end);
        }
    });
}

/// A mutation of a byte string: flip, insert, delete or duplicate at a position.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize),
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match e {
            Edit::Set(i, b) => {
                if let Some(x) = bytes.get_mut(i % n) {
                    *x = *b;
                }
            }
            Edit::Insert(i, ins) => {
                let at = (i % n).min(bytes.len());
                bytes.splice(at..at, ins.iter().copied());
            }
            Edit::Delete(i, len) => {
                let at = (i % n).min(bytes.len());
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Repeat(i, len) => {
                let at = (i % n).min(bytes.len());
                let end = (at + len).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(end..end, piece);
            }
        }
    }
    bytes
}

fn edit() -> impl Strategy<Value = Edit> {
    // Inserted bytes favour the characters page rules look at.
    let tricky = prop::sample::select(
        [
            "\n",
            "\r\n",
            "\r",
            "——",
            "新华社",
            "电(记者",
            ")",
            "（",
            "摄",
            "日电",
            "本报讯",
            "　",
            "国内联播快讯",
            "：",
            "。",
            "\u{FEFF}",
            "{\"title\":",
            "[",
            "\"",
            "\\",
        ]
        .map(|s| s.as_bytes().to_vec())
        .to_vec(),
    );
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), tricky).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), 1usize..400).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Repeat(i, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_break_the_loader(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        name in prop::sample::select(vec!["x.txt", "x.jsonl", "x.json", "x.jsonl.xz", "x"]),
    ) {
        load_bytes(name, bytes);
    }

    #[test]
    fn random_text_never_breaks_the_splitter(text in "\\PC{0,2000}") {
        split_text(text);
    }

    #[test]
    fn mutations_of_the_sample_never_break_the_loader_or_the_splitter(
        edits in prop::collection::vec(edit(), 1..12),
        name in prop::sample::select(vec!["x.txt", "x.jsonl", "x"]),
    ) {
        let sample = std::fs::read(SAMPLE).expect("sample");
        let mutated = apply(sample, &edits);
        split_text(String::from_utf8_lossy(&mutated).into_owned());
        load_bytes(name, mutated);
    }

    #[test]
    fn mutations_of_compressed_records_never_break_the_loader(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let text = "{\"title\":\"一\",\"text\":\"甲\\n乙\",\"date\":\"2019-01-03\"}\n".repeat(30);
        load_bytes("x.jsonl.xz", apply(xz(text.as_bytes()), &edits));
        load_bytes("x.jsonl.gz", apply(gz(text.as_bytes()), &edits));
    }
}
