//! Hostile input (issue 18): each repro, at a small size, as a regression test. Dates out of
//! range, decompression bombs, junk after xz data, export targets, noncharacters in exports, and
//! nothing skipped silently. The repro files live in `tests/fixtures/hostile/`; big ones are
//! generated here.

mod common;

use chrono::NaiveDate;
use common::kanbao;
use kanbao::bundle::{self, Bundle, BundleError, ExpansionLimit, LoadOptions};
use kanbao::extract::times::{TimeLexicon, find_times};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::LazyLock;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/sample/000_ecbc3fa7240ad993.txt"
);

static TIMES: LazyLock<TimeLexicon> =
    LazyLock::new(|| TimeLexicon::shipped().expect("shipped time lexicon"));

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanbao-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

fn load_with(path: &Path, opts: &LoadOptions) -> Result<Bundle, BundleError> {
    bundle::load_path(path, opts, &|_| {})
}

fn load(path: &Path) -> Bundle {
    load_with(path, &LoadOptions::default()).expect("loads")
}

fn run(args: &[&str]) -> Output {
    kanbao().args(args).output().expect("run kanbao")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether every date of a TIMEX3 value has a four-digit year from 0001 to 9999.
fn four_digit_years(value: &str) -> bool {
    value.split('/').all(|p| {
        p.is_empty()
            || p.starts_with('P')
            || (p.get(..4).is_some_and(|y| {
                y == "XXXX" || (y.bytes().all(|b| b.is_ascii_digit()) && y != "0000")
            }) && matches!(p.as_bytes().get(4), None | Some(b'-' | b'T')))
    })
}

// 1. Reference dates: one range, checked arithmetic.

#[test]
fn extreme_reference_dates_are_refused_on_the_command_line() {
    let lines = fixture("ref-dates.txt");
    let lines = lines.to_str().expect("UTF-8 path");
    for bad in [
        "+262142-12-31",
        "+10000-01-01",
        "10000-01-01",
        "0000-12-31",
        "-0001-01-01",
    ] {
        let o = run(&["times", "--lines", lines, &format!("--ref={bad}")]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("0001-01-01 to 9999-12-31"),
            "{bad}: {}",
            stderr(&o)
        );
    }
    for command in ["timeline", "entities", "articles", "stats"] {
        let o = run(&[command, SAMPLE, "--date", "+262142-12-31"]);
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
    }
    let o = run(&[
        "export",
        SAMPLE,
        "-f",
        "json",
        "-o",
        "-",
        "--date",
        "+10000-01-01",
    ]);
    assert_eq!(o.status.code(), Some(2), "export: {}", stderr(&o));
}

#[test]
fn the_ends_of_the_range_resolve_without_leaving_it() {
    let lines = fixture("ref-dates.txt");
    let lines = lines.to_str().expect("UTF-8 path");
    for reference in ["9999-12-31", "0001-01-01"] {
        let o = run(&["times", "--lines", lines, "--ref", reference]);
        assert_eq!(o.status.code(), Some(0), "{reference}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout).expect("UTF-8");
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            for t in v["times"].as_array().expect("times") {
                let value = t["value"].as_str().expect("value");
                assert!(four_digit_years(value), "{reference}: {value} in {line}");
            }
        }
    }
}

#[test]
fn year_arithmetic_stops_at_the_ends_of_the_range() {
    let day = |s: &str| s.parse::<NaiveDate>().ok();
    let values = |text: &str, reference: &str| -> Vec<String> {
        find_times(&TIMES, text, day(reference))
            .into_iter()
            .map(|t| t.value)
            .collect()
    };
    // 明年 of 9999 is no year, and 次年 after it counts from nothing.
    assert_eq!(values("明年会议，次年完成。", "9999-12-31"), [""]);
    assert_eq!(
        values("今年会议，次年完成。", "9998-06-01"),
        ["9998", "9999"]
    );
    assert_eq!(values("前年建成。", "0001-06-01"), [""]);
    assert_eq!(values("去年开工。", "0002-06-01"), ["0001"]);
    assert_eq!(values("明天出发。", "9999-12-31"), [""]);
    assert_eq!(values("昨天出发。", "0001-01-01"), [""]);
    assert_eq!(values("本周完成。", "9999-12-31"), [""]);
    // A reference a caller did not check counts as none: no panic, nothing invented.
    for reference in [NaiveDate::MAX, NaiveDate::MIN] {
        for t in find_times(
            &TIMES,
            "下周会议召开。明天出发。三天后到达。昨天开会。",
            Some(reference),
        ) {
            assert!(four_digit_years(&t.value), "{}: {}", t.text, t.value);
        }
    }
}

#[test]
fn out_of_range_dates_of_records_and_options_are_no_dates() {
    let b = load(&fixture("lone-surrogate.jsonl"));
    let zero = b
        .articles
        .iter()
        .find(|a| a.title == "零年")
        .expect("the record loads");
    assert_eq!(zero.date, None);
    assert!(
        b.warnings
            .iter()
            .any(|w| w.message.contains("\"0000-01-01\" not understood"))
    );
    let opts = LoadOptions {
        date: Some(NaiveDate::MAX),
        ..LoadOptions::default()
    };
    let b = load_with(Path::new(SAMPLE), &opts).expect("loads");
    assert!(
        b.articles
            .iter()
            .all(|a| a.date.is_none_or(bundle::refdate::in_range))
    );
}

// 2. Decompression bombs: a limit checked while streaming, NULs refused as they pass.

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 1);
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

#[test]
fn a_file_that_expands_past_the_limit_is_refused_naming_it() {
    let d = temp_dir("bomb");
    // 8 MiB of repeated text compresses about 1000 times; the limit here is 10 times, 1 MiB.
    let text = "国务院常务会议。\n".repeat(8 << 20 >> 4);
    let limit = LoadOptions {
        expansion: ExpansionLimit {
            ratio: 10,
            floor: 1 << 20,
        },
        ..LoadOptions::default()
    };
    for (name, bytes) in [
        ("bomb.txt.xz", xz(text.as_bytes())),
        ("bomb.txt.gz", gzip(text.as_bytes())),
        ("bomb.jsonl.xz", xz(text.as_bytes())),
    ] {
        let path = d.join(name);
        std::fs::write(&path, &bytes).expect("write");
        let err = load_with(&path, &limit).expect_err("refused").to_string();
        assert!(err.contains("decompression bomb"), "{err}");
        assert!(err.ends_with(&path.display().to_string()), "{err}");
        // Inside a folder it is a warning naming the file; the rest loads.
        let folder = load_with(&d, &limit).expect("a folder loads");
        assert!(
            folder
                .warnings
                .iter()
                .any(|w| w.file.ends_with(name) && w.message.contains("decompression bomb"))
        );
        std::fs::remove_file(&path).expect("remove");
        // The default limit reads it.
        assert!(ExpansionLimit::default().bytes(bytes.len() as u64) >= text.len() as u64);
    }
    let o = kanbao()
        .args(["stats"])
        .arg(d.join("none"))
        .env("KANBAO_MAX_EXPANSION", "lots")
        .output()
        .expect("run");
    assert!(
        stderr(&o).contains("bad expansion limit `lots`"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn nul_bytes_after_text_are_refused_while_streaming() {
    let d = temp_dir("nul");
    let mut bytes = "国务院常务会议。\n".repeat(1 << 14).into_bytes();
    bytes.resize(bytes.len() + (64 << 20), 0);
    let gz = gzip(&bytes);
    for name in ["zeros.txt.gz", "zeros.jsonl.gz"] {
        let path = d.join(name);
        std::fs::write(&path, &gz).expect("write");
        let err = load_with(&path, &LoadOptions::default()).expect_err("refused");
        assert!(
            err.to_string().starts_with("not a text file (NUL bytes)"),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}

// 3. Junk after a complete xz stream.

#[test]
fn junk_after_xz_keeps_every_article_and_warns() {
    let plain = load(Path::new(SAMPLE));
    for name in ["junk-after.txt.xz", "junk-after.txt.gz"] {
        let b = load(&fixture(name));
        assert_eq!(b.articles.len(), plain.articles.len(), "{name}");
        assert_eq!(b.stats.body_chars, plain.stats.body_chars, "{name}");
        assert_eq!(b.warnings.len(), 1, "{name}: {:?}", b.warnings);
    }
    let b = load(&fixture("junk-after.txt.xz"));
    assert!(
        b.warnings[0]
            .message
            .starts_with("14 bytes after the end of the xz data")
    );
    // Junk after gzip data loses nothing either, and the note says so.
    let b = load(&fixture("junk-after.txt.gz"));
    let note = &b.warnings[0].message;
    assert!(
        note.starts_with("bytes after the end of the gzip data are not gzip")
            && note.ends_with("before them are kept"),
        "{note}"
    );
    let two = load(&fixture("two-streams.txt.xz"));
    assert!(two.warnings.is_empty(), "{:?}", two.warnings);
    assert_eq!(two.stats.bytes, 2 * plain.stats.bytes);
}

#[test]
fn a_big_xz_file_with_junk_loses_nothing_at_its_end() {
    let d = temp_dir("xz-junk");
    let records: String = (0..20_000)
        .map(|i| format!("{{\"title\":\"第{i}条\",\"text\":\"正文{i}。\"}}\n"))
        .collect();
    let mut bytes = xz(records.as_bytes());
    bytes.extend_from_slice(b"garbagegarbage");
    let path = d.join("records.jsonl.xz");
    std::fs::write(&path, &bytes).expect("write");
    let b = load(&path);
    assert_eq!(b.articles.len(), 20_000);
    assert_eq!(
        b.articles.last().map(|a| a.title.as_str()),
        Some("第19999条")
    );
    let _ = std::fs::remove_dir_all(&d);
}

// 5. Export targets.

fn export_to(out: &Path) -> Output {
    kanbao()
        .args(["export", SAMPLE, "--date", "2024-11-04", "-f", "json", "-o"])
        .arg(out)
        .output()
        .expect("run kanbao")
}

#[test]
fn export_to_a_dash_writes_standard_output() {
    let d = temp_dir("stdout");
    let o = kanbao()
        .current_dir(&d)
        .args([
            "export",
            SAMPLE,
            "--date",
            "2024-11-04",
            "-f",
            "json",
            "-o",
            "-",
        ])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let events: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert!(events.as_array().is_some_and(|a| !a.is_empty()));
    assert!(!d.join("-").exists(), "a file named -");
    assert!(
        stderr(&o).ends_with(": standard output\n"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
#[test]
fn a_symlinked_target_is_written_through_and_stays_a_link() {
    let d = temp_dir("symlink");
    let real = d.join("real.json");
    std::fs::write(&real, "old").expect("write");
    let link = d.join("link.json");
    std::os::unix::fs::symlink("real.json", &link).expect("symlink");
    let o = export_to(&link);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(&real).expect("read");
    assert!(written.starts_with('['), "{written}");
    // A link to a file of the bundle is still refused, and the source stays as it was.
    let source = d.join("news.txt");
    std::fs::copy(SAMPLE, &source).expect("copy");
    let onto = d.join("onto.json");
    std::os::unix::fs::symlink(&source, &onto).expect("symlink");
    let o = kanbao()
        .arg("export")
        .arg(&source)
        .args(["-f", "json", "-o"])
        .arg(&onto)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("refusing to overwrite a source"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&source).ok(), std::fs::read(SAMPLE).ok());
    // A link to nothing is refused.
    let dangling = d.join("dangling.json");
    std::os::unix::fs::symlink("missing.json", &dangling).expect("symlink");
    let o = export_to(&dangling);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a link to nothing"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
#[test]
fn folders_devices_and_fifos_are_refused_as_targets() {
    let d = temp_dir("special");
    let fifo = d.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut cases = vec![
        (d.clone(), "a folder"),
        (PathBuf::from("/dev/null"), "a device"),
    ];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo.clone(), "a FIFO"));
    }
    for (target, what) in cases {
        let o = export_to(&target);
        assert_eq!(o.status.code(), Some(1), "{what}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("not a regular file but {what}")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(std::fs::symlink_metadata("/dev/null").is_ok_and(|m| !m.is_file()));
    let _ = std::fs::remove_dir_all(&d);
}

// 6. Noncharacters never reach SVG, HTML or iCalendar.

#[test]
fn noncharacters_in_the_text_leave_svg_and_html_well_formed() {
    let b = load(&fixture("nonchar.txt"));
    assert!(
        b.articles.iter().any(|a| a.title.contains('\u{FFFE}')),
        "the text keeps them"
    );
    let d = temp_dir("nonchar");
    for format in ["svg", "html", "ics"] {
        let out = d.join(format!("out.{format}"));
        let o = kanbao()
            .arg("export")
            .arg(fixture("nonchar.txt"))
            .args(["--date", "2024-11-04", "-f", format, "-o"])
            .arg(&out)
            .output()
            .expect("run");
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let text = std::fs::read_to_string(&out).expect("UTF-8");
        for c in ['\u{FFFE}', '\u{FFFF}', '\u{FDD0}', '\u{10FFFF}', '\u{1}'] {
            assert!(!text.contains(c), "{format} holds U+{:04X}", c as u32);
        }
        if format != "ics" {
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            roxmltree::Document::parse_with_options(&text, opts).expect("well-formed XML");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

// 7. Nothing skipped silently.

#[cfg(unix)]
#[test]
fn files_with_names_that_are_not_utf8_load() {
    use std::os::unix::ffi::OsStrExt as _;
    let d = temp_dir("names");
    let name = std::ffi::OsStr::from_bytes(b"\xB0\xC2\xB5\xC4-2024-11-04.txt");
    std::fs::copy(SAMPLE, d.join(name)).expect("copy");
    let b = load(&d);
    assert_eq!(b.stats.files, 1);
    assert_eq!(b.stats.skipped_files, 0);
    assert!(!b.articles.is_empty());
    assert!(
        b.articles[0].source.file.contains('\u{FFFD}'),
        "{}",
        b.articles[0].source.file
    );
    assert_eq!(b.articles[0].date, NaiveDate::from_ymd_opt(2024, 11, 4));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn lone_surrogates_and_line_boms_keep_their_records() {
    let b = load(&fixture("lone-surrogate.jsonl"));
    let titles: Vec<&str> = b.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["孤立代理\u{FFFD}项", "行首字节序标记", "零年", "转义反斜杠"]
    );
    assert_eq!(
        b.articles[0].paragraphs,
        ["正文\u{FFFD}一段。", "第二段😀。"]
    );
    assert_eq!(b.articles[3].paragraphs, ["\\ud800 不是转义。"]);
    assert!(
        b.warnings
            .iter()
            .any(|w| w.message == "line 1: lone surrogate escapes replaced by U+FFFD")
    );
    let page = load(&fixture("bom-lines.txt"));
    assert!(
        page.articles.iter().all(|a| !a.title.contains('\u{FEFF}')
            && a.paragraphs.iter().all(|p| !p.contains('\u{FEFF}')))
    );
}

#[test]
fn stray_bytes_in_utf8_keep_it_utf8() {
    let b = load(&fixture("stray-ff.txt"));
    let text: String = b
        .articles
        .iter()
        .flat_map(|a| a.paragraphs.iter().cloned())
        .collect();
    assert!(text.contains("社会工作"), "{text}");
    assert!(!text.contains('鈥'), "GB18030 mojibake: {text}");
    assert!(
        b.warnings
            .iter()
            .any(|w| w.message.starts_with("invalid UTF-8 at byte"))
    );
}

#[test]
fn punctuation_alone_is_no_entity() {
    let o = kanbao()
        .args(["entities", "--json", "--date", "2024-11-04"])
        .arg(fixture("punct.txt"))
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let entities: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(entities.as_array().map(Vec::len), Some(0), "{entities}");
}
