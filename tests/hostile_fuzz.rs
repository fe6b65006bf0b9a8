//! The hostile-input fuzz harness (issue 18): proptest strategies that generate hostile text and
//! bytes (noncharacters, BOMs, NULs, lone surrogate escapes, stray bytes, extreme dates, time words
//! and punctuation) for the decoder, the readers (page dumps, JSON, and issue 15's crawl files,
//! CSV/TSV, Sogou XML and HTML), the splitter, the time scanner and the exports.
//! Each property says: no panic, and valid output (text without CR, offsets on their text, years
//! of four digits, exports that parse back). The repros of `tests/fixtures/hostile/` are read
//! whole and serve as seeds for mutations.
//!
//! Cases per property: `KANBAO_FUZZ_CASES` (default 32), so the whole suite stays fast; a long
//! run is `KANBAO_FUZZ_CASES=5000 cargo test --release --test hostile_fuzz`.

use chrono::NaiveDate;
use kanbao::bundle::decode;
use kanbao::bundle::split;
use kanbao::bundle::{self, LoadOptions};
use kanbao::bundle::{Part, TextSpan};
use kanbao::export::{self, ExportFormat, ExportOptions};
use kanbao::extract::events::{EventKind, Relation};
use kanbao::extract::times::{Mod, Precision, TimeLexicon, find_times, value_range};
use kanbao::ids::{ArticleId, EntityId};
use kanbao::knowledge::timeline::{Citation, Event, EventSource};
use kanbao::names::Surnames;
use proptest::prelude::*;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

static TIMES: LazyLock<TimeLexicon> =
    LazyLock::new(|| TimeLexicon::shipped().expect("shipped time lexicon"));
static SURNAMES: LazyLock<Surnames> =
    LazyLock::new(|| Surnames::shipped().expect("shipped surnames"));
/// The repro files, name and bytes.
static CORPUS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(FIXTURES)
        .expect("the hostile fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "README.md")
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read a fixture");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
});

/// Cases per property: `KANBAO_FUZZ_CASES`, else 32.
fn config() -> ProptestConfig {
    let cases = std::env::var("KANBAO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Pieces of hostile text: news words, time words, punctuation, marks a file may carry, and
/// chars no text should hold.
const PIECES: &[&str] = &[
    "国务院",
    "李强",
    "会议",
    "新华社北京11月4日电",
    "（记者张三）",
    "召开",
    "习近平",
    "·",
    "?",
    "·?·",
    "。",
    "，",
    "！",
    "？",
    "；",
    "、",
    "《",
    "》",
    "“",
    "”",
    "——",
    "明天",
    "昨天",
    "下周",
    "上周",
    "本周",
    "次日",
    "三天后",
    "三天前",
    "明年",
    "次年",
    "前年",
    "去年",
    "一万年后",
    "一亿天后",
    "9999年",
    "2024年11月4日",
    "12月31日",
    "1月1日",
    "上午10时",
    "周三",
    "春节",
    "十八大以来",
    "截至10月底",
    "1990年代",
    "3000年后",
    "\n",
    "\r\n",
    "\r",
    "\u{FEFF}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{FDD0}",
    "\u{1FFFF}",
    "\u{10FFFF}",
    "\u{0}",
    "\u{1}",
    "\u{7F}",
    "\u{2028}",
    "\u{200B}",
    "\u{FFFD}",
    "e\u{301}",
    "😀",
    "𠀀",
    "<",
    "&",
    "\"",
    "'",
    "\\",
    ";",
    ",",
    "]]>",
    "-->",
    "{\"title\":",
    "\\ud800",
    "\\udc00",
    " ",
    "\t",
    "1234567890",
    "ABC",
];

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

/// A reference date: ordinary, at the ends of the range, or beyond them (a caller's unchecked
/// date).
fn reference() -> impl Strategy<Value = Option<NaiveDate>> {
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    prop_oneof![
        Just(None),
        (1i32..=9999, 1u32..=12, 1u32..=28).prop_map(move |(y, m, d)| day(y, m, d)),
        prop::sample::select(vec![
            day(1, 1, 1),
            day(9999, 12, 31),
            day(0, 1, 1),
            day(10000, 1, 1),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ]),
    ]
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

/// A temp folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let d = std::env::temp_dir().join(format!("kanbao-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        TempDir(d)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads `bytes` written under `name` and checks what came out: articles hold no CR, titles no
/// line end, and their dates lie in the range.
fn load_checked(name: &str, bytes: &[u8]) {
    let tmp = TempDir::new();
    let path = tmp.0.join(name);
    let bytes = match name.rsplit('.').next() {
        Some("gz") => gzip(bytes),
        Some("xz") => xz(bytes),
        _ => bytes.to_vec(),
    };
    std::fs::write(&path, bytes).expect("write");
    check_bundle(&path);
}

fn check_bundle(path: &Path) {
    let Ok(b) = bundle::load_path(path, &LoadOptions::default(), &|_| {}) else {
        return;
    };
    for a in &b.articles {
        assert!(!a.title.contains(['\r', '\n']), "{:?}", a.title);
        assert!(
            a.kicker
                .iter()
                .chain(&a.subtitles)
                .all(|s| !s.contains(['\r', '\n']))
        );
        assert!(a.paragraphs.iter().all(|p| !p.contains('\r')));
        assert!(a.date.is_none_or(bundle::refdate::in_range), "{:?}", a.date);
        assert!(a.source.line_start <= a.source.line_end);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 0);
    e.write_all(bytes).expect("compress");
    e.finish().expect("compress")
}

/// A JSON Lines record around hostile strings (escaped as JSON, or raw with lone surrogate
/// escapes and BOMs spliced in).
fn record(title: &str, text: &str, date: &str) -> String {
    let esc = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "{{\"title\":{},\"text\":{},\"date\":{}}}",
        esc(title),
        esc(text),
        esc(date)
    )
}

fn event(title: &str, sentence: &str, value: &str) -> Event {
    let range = value_range(value);
    Event {
        id: format!("ev{}", title.len()),
        value: value.into(),
        precision: Precision::Day,
        modifier: Mod::None,
        start: range.map(|r| r.0),
        end: range.map(|r| r.1),
        kind: EventKind::Meeting,
        relation: Relation::Reported,
        salience: 1.0,
        title: title.into(),
        sources: vec![EventSource {
            span: TextSpan::new(ArticleId::new(0), Part::Paragraphs, 0, 0, 1),
            citation: Citation {
                title: title.into(),
                date: range.map(|r| r.0),
                file: sentence.into(),
                line: 1,
                url: None,
            },
            sentence: sentence.into(),
            trigger: "召开".into(),
            time_text: value.into(),
        }],
        entities: vec![EntityId::new(0)],
    }
}

/// Every export of `events` parses back: JSON, XML (SVG, HTML), iCalendar; none holds a
/// noncharacter or a control char other than line ends and tabs.
fn check_exports(events: &[Event], title: &str) {
    let opts = ExportOptions::new(title);
    for format in ExportFormat::ALL {
        let bytes = export::render(format, events, &opts);
        let text = String::from_utf8(bytes).expect("UTF-8");
        match format {
            ExportFormat::Json | ExportFormat::TimelineJs => {
                serde_json::from_str::<serde_json::Value>(&text).expect("JSON");
            }
            ExportFormat::Svg | ExportFormat::Html => {
                let opts = roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                };
                roxmltree::Document::parse_with_options(&text, opts)
                    .unwrap_or_else(|e| panic!("{format:?} is not XML ({e})"));
                assert!(!text.chars().any(is_noncharacter), "{format:?}");
            }
            ExportFormat::Ics => {
                let unfolded = icalendar::parser::unfold(&text);
                icalendar::parser::read_calendar(&unfolded).expect("iCalendar");
                assert!(!text.chars().any(is_noncharacter), "ics");
            }
            ExportFormat::Csv => {}
        }
    }
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

#[test]
fn every_repro_of_the_corpus_loads_without_panic() {
    assert!(CORPUS.len() >= 8, "{} fixtures", CORPUS.len());
    for (name, _) in CORPUS.iter() {
        check_bundle(&Path::new(FIXTURES).join(name));
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_decoder_takes_any_bytes(
        text in hostile_text(),
        stray in prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        encoding in 0usize..4,
    ) {
        let mut bytes = match encoding {
            0 => text.clone().into_bytes(),
            1 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            2 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
        };
        for (at, b) in stray {
            let at = at % (bytes.len() + 1);
            bytes.insert(at, b);
        }
        if let Ok(d) = decode::decode(bytes) {
            prop_assert!(!d.text.contains('\r'));
            let line_bom = d.text.starts_with('\u{FEFF}') || d.text.contains("\n\u{FEFF}");
            prop_assert!(!line_bom, "a BOM opens a line");
        }
    }

    #[test]
    fn the_readers_take_hostile_pages_and_records(
        title in hostile_text(),
        text in hostile_text(),
        date in prop::sample::select(vec!["2024-11-04", "0000-01-01", "9999-12-31", "+10000-01-01", "20241104", ""]),
        raw in prop::sample::select(vec!["", "\\ud800", "\\udfff\\ud800", "\u{FEFF}", "\u{0}", "\\u"]),
        name in prop::sample::select(vec!["x.txt", "x.jsonl", "x.json", "x.txt.gz", "x.jsonl.xz", "x"]),
    ) {
        let line = record(&title, &text, date);
        // A raw splice right after the opening quote of the title.
        let spliced = line.replacen("{\"title\":\"", &format!("{{\"title\":\"{raw}"), 1);
        let body = match name {
            "x.json" => format!("[{line},\n{spliced}]"),
            "x.txt" | "x.txt.gz" => format!("{title}\n\n{text}\n"),
            _ => format!("{raw}{line}\n{spliced}\n{raw}{line}"),
        };
        load_checked(name, body.as_bytes());
    }

    #[test]
    fn the_new_readers_take_hostile_files(
        title in hostile_text(),
        text in hostile_text(),
        extra in hostile_text(),
        shape in 0usize..7,
        cut in any::<prop::sample::Index>(),
    ) {
        let (name, body) = match shape {
            0 => ("x.txt", format!("连接：http://x.cn/{extra}\n标题：{extra}\n{title}\n\n内容：\n　　{text}\n")),
            1 => ("x.txt", format!("{extra}\n{title}\n\n　　{text}\n　　{extra}\n")),
            2 => ("x.csv", format!("标题,正文,发布时间,{extra}\n\"{title}\",\"{text}\",{extra},1\n{extra}\n")),
            3 => ("x.tsv", format!("title\ttext\tdate\n{title}\t{text}\t{extra}\n")),
            4 => ("x.txt", format!("<doc>\n<url>{extra}</url>\n<contenttitle>{title}</contenttitle>\n<content>{text}</content>\n</doc>\n<doc><content>{extra}")),
            5 => ("x.html", format!("<!DOCTYPE html><html><head><title>{title}</title><meta property=\"og:title\" content=\"{extra}\"><script>{text}</script></head><body><h3>{extra}</h3><h1>{title}</h1><div><p>{text}</p><p>{extra}<br>{text}</p></div></body></html>")),
            _ => ("x.jsonl", format!("{{\"headline\":{t},\"body\":{x},\"publish_time\":{e},\"link\":{e},{e}:{x}}}\n",
                t = serde_json::to_string(&title).unwrap_or_default(),
                x = serde_json::to_string(&text).unwrap_or_default(),
                e = serde_json::to_string(&extra).unwrap_or_default())),
        };
        // The whole file, and the same cut anywhere (a record or tag left open).
        load_checked(name, body.as_bytes());
        let at = cut.index(body.len() + 1);
        load_checked(name, body.as_bytes().get(..at).unwrap_or_default());
    }

    #[test]
    fn mutations_of_the_repros_never_break_the_loader(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), 0usize..3), 1..10),
    ) {
        let (name, bytes) = which.get(&CORPUS);
        let mut bytes = bytes.clone();
        for (at, b, op) in edits {
            let at = at % (bytes.len() + 1);
            match op {
                0 => bytes.insert(at, b),
                1 if at < bytes.len() => bytes[at] = b,
                _ => bytes.truncate(at.max(bytes.len() / 2)),
            }
        }
        // Compressed repros are mutated as they are on disk.
        let tmp = TempDir::new();
        let path = tmp.0.join(name);
        std::fs::write(&path, &bytes).expect("write");
        check_bundle(&path);
    }

    #[test]
    fn the_splitter_takes_hostile_pages(text in hostile_text()) {
        let lines = text.split('\n').count();
        for a in split::split_page(&text, "fuzz.txt", &SURNAMES) {
            prop_assert!(a.source.line_start <= a.source.line_end);
            prop_assert!(a.source.line_end <= lines + 1);
        }
    }

    #[test]
    fn the_time_scanner_never_leaves_the_range(text in hostile_text(), reference in reference()) {
        let chars: Vec<char> = text.chars().collect();
        for t in find_times(&TIMES, &text, reference) {
            prop_assert!(t.start < t.end && t.end <= chars.len());
            let span: String = chars[t.start..t.end].iter().collect();
            prop_assert_eq!(&span, &t.text);
            prop_assert!(four_digit_years(&t.value), "{} → {}", t.text, t.value);
        }
    }

    #[test]
    fn exports_of_hostile_text_parse_back(
        titles in prop::collection::vec(hostile_text(), 1..4),
        sentence in hostile_text(),
        value in prop::sample::select(vec!["2024-11-04", "0001-01-01", "9999-12-31", "2024", "2024-11-04T13:24", ""]),
    ) {
        let events: Vec<Event> = titles.iter().map(|t| event(t, &sentence, value)).collect();
        check_exports(&events, &sentence);
    }
}
