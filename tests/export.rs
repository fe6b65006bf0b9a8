//! Every export format parsed back with a real parser; atomic writes; the `export` command.

mod common;

use chrono::NaiveDate;
use common::kanbao;
use kanbao::bundle::{Part, TextSpan};
use kanbao::export::{self, ExportFormat, ExportOptions};
use kanbao::extract::events::EventKind;
use kanbao::extract::times::{Mod, Precision};
use kanbao::ids::{ArticleId, EntityId};
use kanbao::knowledge::timeline::{Citation, Event, EventSource, Timeline};
use kanbao::readable_date::Language;
use std::path::PathBuf;

fn event(id: &str, value: &str, precision: Precision, kind: EventKind, title: &str) -> Event {
    let range = kanbao::extract::times::value_range(value);
    Event {
        id: id.into(),
        value: value.into(),
        precision,
        modifier: Mod::None,
        start: range.map(|r| r.0),
        end: range.map(|r| r.1),
        kind,
        relation: kanbao::extract::events::Relation::Reported,
        salience: 1.0,
        title: title.into(),
        sources: vec![EventSource {
            span: TextSpan::new(
                ArticleId::new(3),
                Part::Paragraphs,
                1,
                0,
                title.chars().count() + 1,
            ),
            citation: Citation {
                title: format!("{title}（报道）"),
                date: NaiveDate::from_ymd_opt(2024, 11, 4),
                file: "page.txt".into(),
                line: 12,
                url: None,
            },
            sentence: format!("{title}。"),
            trigger: "t".into(),
            time_text: value.into(),
        }],
        entities: vec![EntityId::new(2), EntityId::new(5)],
    }
}

fn events() -> Vec<Event> {
    let mut since = event(
        "ev3",
        "2012-11",
        Precision::Month,
        EventKind::Other,
        "各地积极探索, \"两新\"党建",
    );
    since.modifier = Mod::Since;
    vec![
        since,
        event(
            "ev1",
            "2024-04-25",
            Precision::Day,
            EventKind::Launch,
            "神舟十八号载人飞船在酒泉卫星发射中心成功升空",
        ),
        event(
            "ev5",
            "2024-11-04T13:24",
            Precision::Minute,
            EventKind::Landing,
            "返回舱;成功着陆\\东风着陆场",
        ),
        event(
            "ev6",
            "2024-11-04T13",
            Precision::Hour,
            EventKind::Meeting,
            "国务院总理李强 会见…哈萨克斯坦总理别克捷夫",
        ),
        event(
            "ev2",
            "2024-11-06/2024-11-07",
            Precision::Interval,
            EventKind::Meeting,
            "大湄公河次区域经济合作第八次领导人会议<举行>&",
        ),
        event(
            "ev4",
            "2024",
            Precision::Year,
            EventKind::Record,
            "报名人数达188.9万\n再创历史新高",
        ),
    ]
}

fn opts() -> ExportOptions {
    ExportOptions {
        title: "样例 & <test>".into(),
        now: NaiveDate::from_ymd_opt(2024, 11, 5)
            .and_then(|d| d.and_hms_opt(8, 30, 0))
            .expect("valid time"),
        lang: Language::Zh,
    }
}

fn render(format: ExportFormat) -> Vec<u8> {
    export::render(format, &events(), &opts())
}

fn text(format: ExportFormat) -> String {
    String::from_utf8(render(format)).expect("UTF-8")
}

#[test]
fn json_is_the_timeline_json() {
    let v: serde_json::Value = serde_json::from_slice(&render(ExportFormat::Json)).expect("JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 6);
    assert_eq!(arr[0]["mod"], "since");
    assert_eq!(arr[1]["kind"], "launch");
    assert_eq!(arr[1]["sources"][0]["article"], 3);
    let back: Vec<Event> = serde_json::from_value(v).expect("events deserialise");
    assert_eq!(back, events());
}

#[test]
fn csv_has_bom_header_and_round_trips_chinese_and_quotes() {
    let bytes = render(ExportFormat::Csv);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert!(String::from_utf8_lossy(&bytes).contains("\r\n"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, export::csv::HEADER);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 6);
    let title = header
        .iter()
        .position(|h| h == "title")
        .expect("title column");
    assert_eq!(&rows[0][title], "各地积极探索, \"两新\"党建");
    assert_eq!(&rows[5][title], "报名人数达188.9万\n再创历史新高");
    let start = header
        .iter()
        .position(|h| h == "start")
        .expect("start column");
    assert_eq!(&rows[4][start], "2024-11-06");
    let entities = header
        .iter()
        .position(|h| h == "entities")
        .expect("entities column");
    assert_eq!(&rows[1][entities], "2;5");
}

#[test]
fn timelinejs_dates_match_precision() {
    let v: serde_json::Value =
        serde_json::from_slice(&render(ExportFormat::TimelineJs)).expect("JSON");
    let evs = v["events"].as_array().expect("events");
    assert_eq!(evs.len(), 6);
    let fields = |d: &serde_json::Value| {
        let mut k: Vec<String> = d
            .as_object()
            .expect("date object")
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    assert_eq!(fields(&evs[0]["start_date"]), ["month", "year"]);
    assert_eq!(fields(&evs[1]["start_date"]), ["day", "month", "year"]);
    assert_eq!(
        fields(&evs[2]["start_date"]),
        ["day", "hour", "minute", "month", "year"]
    );
    assert_eq!(
        fields(&evs[3]["start_date"]),
        ["day", "hour", "month", "year"]
    );
    assert_eq!(evs[4]["end_date"]["day"], "7");
    assert_eq!(fields(&evs[5]["start_date"]), ["year"]);
    assert!(evs[1].get("end_date").is_none());
    assert_eq!(evs[1]["group"], "launch");
    assert!(
        evs[1]["text"]["headline"]
            .as_str()
            .expect("headline")
            .contains("神舟十八号")
    );
    assert!(
        evs[1]["text"]["text"]
            .as_str()
            .expect("text")
            .contains("酒泉")
    );
    assert!(v["title"]["text"]["headline"].is_string());
}

#[test]
fn ics_parses_with_all_day_events_and_folded_crlf_lines() {
    let s = text(ExportFormat::Ics);
    assert!(s.ends_with("\r\n"));
    assert!(!s.replace("\r\n", "").contains('\n'), "bare LF");
    for l in s.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    let unfolded = icalendar::parser::unfold(&s);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), 6);
    let prop = |i: usize, name: &str| {
        events[i]
            .find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_default()
    };
    let mut uids: Vec<String> = (0..6).map(|i| prop(i, "UID")).collect();
    uids.dedup();
    assert_eq!(uids.len(), 6);
    assert!((0..6).all(|i| prop(i, "DTSTAMP") == "20241105T083000Z"));
    // Day precision: all-day, DTEND the next day (exclusive).
    let start = events[1].find_prop("DTSTART").expect("DTSTART");
    assert!(
        start.params.iter().any(
            |p| p.key.as_str() == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE")
        )
    );
    assert_eq!(start.val.as_str(), "20240425");
    assert_eq!(prop(1, "DTEND"), "20240426");
    // A month since and a year: their first day, titled with the period; an interval of days:
    // both days.
    assert_eq!(
        (prop(0, "DTSTART"), prop(0, "DTEND")),
        ("20121101".into(), "20121102".into())
    );
    assert_eq!(
        (prop(5, "DTSTART"), prop(5, "DTEND")),
        ("20240101".into(), "20240102".into())
    );
    assert_eq!(
        (prop(4, "DTSTART"), prop(4, "DTEND")),
        ("20241106".into(), "20241108".into())
    );
    // Times of day are local date-times.
    assert_eq!(prop(2, "DTSTART"), "20241104T132400");
    assert_eq!(
        (prop(3, "DTSTART"), prop(3, "DTEND")),
        ("20241104T130000".into(), "20241104T140000".into())
    );
    // Escaped text comes back intact.
    let summary = events[2].find_prop("SUMMARY").expect("SUMMARY").val.clone();
    assert_eq!(
        summary.unescape_text().as_str(),
        "返回舱;成功着陆\\东风着陆场"
    );
    let summary = events[0].find_prop("SUMMARY").expect("SUMMARY").val.clone();
    assert_eq!(
        summary.unescape_text().as_str(),
        "2012-11 以来 · 各地积极探索, \"两新\"党建"
    );
}

#[test]
fn svg_is_xml_with_cjk_fonts_lanes_and_no_overlapping_labels() {
    let s = text(ExportFormat::Svg);
    let doc = roxmltree::Document::parse(&s).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let fonts = root.attribute("font-family").expect("font-family");
    for f in [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "PingFang SC",
        "Microsoft YaHei",
        "sans-serif",
    ] {
        assert!(fonts.contains(f), "{fonts}");
    }
    let lanes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("lane"))
        .filter_map(|n| n.attribute("data-kind"))
        .collect();
    assert_eq!(lanes, ["launch", "landing", "meeting", "record", "other"]);
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("event"))
            .count(),
        6
    );
    assert!(
        doc.descendants()
            .any(|n| n.attribute("class") == Some("tick"))
    );
    assert_no_overlap(&doc);
}

/// Labels on the same baseline must not share any horizontal span.
fn assert_no_overlap(doc: &roxmltree::Document) {
    let num = |n: &roxmltree::Node, a: &str| -> f64 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .expect("numeric attribute")
    };
    let labels: Vec<(f64, f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("label"))
        .map(|n| {
            (
                num(&n, "y"),
                num(&n, "x"),
                num(&n, "x") + num(&n, "textLength"),
            )
        })
        .collect();
    assert!(!labels.is_empty());
    for (i, a) in labels.iter().enumerate() {
        for b in labels.iter().skip(i + 1) {
            if (a.0 - b.0).abs() < 1.0 {
                assert!(a.2 <= b.1 || b.2 <= a.1, "labels overlap: {a:?} {b:?}");
            }
        }
    }
}

#[test]
fn svg_labels_of_a_crowded_day_stack_without_overlap() {
    let many: Vec<Event> = (0..40)
        .map(|i| {
            event(
                &format!("e{i}"),
                "2024-11-04",
                Precision::Day,
                EventKind::Meeting,
                &format!("第{i}场会见外国领导人并共同见证签署合作文件"),
            )
        })
        .chain([event(
            "x",
            "2020-01-01",
            Precision::Day,
            EventKind::Launch,
            "早先的发射",
        )])
        .collect();
    let s = String::from_utf8(export::render(ExportFormat::Svg, &many, &opts())).expect("UTF-8");
    let doc = roxmltree::Document::parse(&s).expect("well-formed SVG");
    assert_no_overlap(&doc);
}

#[test]
fn html_is_self_contained_well_formed_and_holds_the_sentences() {
    let s = text(ExportFormat::Html);
    assert!(s.starts_with("<!DOCTYPE html>"));
    assert!(
        !s.contains("http://") && !s.contains("https://"),
        "network reference"
    );
    assert!(
        !s.contains(" src=") && !s.contains("<link"),
        "external resource"
    );
    let doc = roxmltree::Document::parse_with_options(
        &s,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed markup");
    assert_eq!(doc.root_element().tag_name().name(), "html");
    let quotes: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("blockquote"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .map(|t| t.text().unwrap_or(""))
                .collect()
        })
        .collect();
    for e in events() {
        assert!(
            quotes.iter().any(|q| q.contains(&e.sources[0].sentence)),
            "{}",
            e.title
        );
    }
    assert!(doc.descendants().any(|n| n.has_tag_name("svg")));
    assert!(doc.descendants().any(|n| n.has_tag_name("script")));
    assert!(doc.descendants().any(|n| n.has_tag_name("style")));
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanbao-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

#[test]
fn every_format_is_written_atomically() {
    let d = temp_dir("atomic");
    for f in ExportFormat::ALL {
        let p = d.join(format!("out.{}", f.extension()));
        export::write_export(f, &events(), &opts(), &p).expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), render(f));
    }
    let bad = d.join("missing/out.csv");
    assert!(export::write_export(ExportFormat::Csv, &events(), &opts(), &bad).is_err());
    let names: Vec<String> = std::fs::read_dir(&d)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cli_export_filters_and_writes_csv() {
    let d = temp_dir("cli");
    let out = d.join("launches.csv");
    let status = kanbao()
        .args([
            "export",
            "assets/sample/000_ecbc3fa7240ad993.txt",
            "--date",
            "2024-11-04",
        ])
        .args([
            "--format", "csv", "--kind", "launch", "--from", "2024", "-o",
        ])
        .arg(&out)
        .output()
        .expect("run kanbao");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(&out).expect("written");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|row| &row[6] == "launch" && row[1].starts_with("2024"))
    );
    let bad = kanbao()
        .args([
            "export",
            "assets/sample/000_ecbc3fa7240ad993.txt",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(d.join("x.pdf"))
        .output()
        .expect("run kanbao");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown export format"));
    let _ = std::fs::remove_dir_all(&d);
}

/// Events whose values are codes a reader does not know: parts of day, a bare clock time, a
/// partial date, a season, a quarter, a decade; the same sentence told in two articles.
fn coded_events() -> Vec<Event> {
    let mut afternoon = event(
        "c1",
        "2024-11-04TAF",
        Precision::Hour,
        EventKind::Landing,
        "返回舱成功着陆",
    );
    let mut retold = afternoon.sources[0].clone();
    retold.span.article = ArticleId::new(8);
    retold.citation.title = "神舟十八号返回".into();
    retold.citation.line = 40;
    afternoon.sources.push(retold);
    let mut bare = event(
        "c2",
        "T24",
        Precision::Hour,
        EventKind::Other,
        "免费通行结束",
    );
    bare.sources[0].citation.date = NaiveDate::from_ymd_opt(2025, 4, 30);
    let partial = event(
        "c3",
        "XXXX-11-04",
        Precision::Day,
        EventKind::Meeting,
        "双方会谈",
    );
    let mut season = event(
        "c4",
        "2024-SP",
        Precision::Interval,
        EventKind::Other,
        "春耕",
    );
    (season.start, season.end) = (
        NaiveDate::from_ymd_opt(2024, 3, 1),
        NaiveDate::from_ymd_opt(2024, 5, 31),
    );
    let mut decade = event(
        "c6",
        "1990/1999",
        Precision::Decade,
        EventKind::Other,
        "改革开放深入",
    );
    decade.modifier = Mod::End;
    vec![
        afternoon,
        bare,
        partial,
        season,
        event(
            "c5",
            "2024-Q3",
            Precision::Quarter,
            EventKind::Record,
            "增长",
        ),
        decade,
        event(
            "c7",
            "2021-05-14T24",
            Precision::Hour,
            EventKind::Other,
            "确诊病例",
        ),
    ]
}

/// TIMEX3 codes no reader should meet.
fn assert_no_code(what: &str, text: &str) {
    for code in [
        "TAF",
        "TMO",
        "TEV",
        "TNI",
        "T24",
        "XXXX",
        "-Q3",
        "-SP",
        "1990/1999",
    ] {
        assert!(!text.contains(code), "{what} shows {code}: {text}");
    }
}

#[test]
fn no_visible_text_shows_a_raw_timex_code() {
    let events = coded_events();
    let render = |f| export::render(f, &events, &opts());
    // HTML and SVG: the text of every element (attributes keep the value as a machine field).
    for f in [ExportFormat::Html, ExportFormat::Svg] {
        let s = String::from_utf8(render(f)).expect("UTF-8");
        let doc = roxmltree::Document::parse_with_options(
            &s,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter(|n| n.parent().is_some_and(|p| !p.has_tag_name("script")))
            .filter_map(|n| n.text())
            .collect();
        assert_no_code(f.name(), &text);
        assert!(s.contains("data-value=\"2024-11-04TAF\""), "machine field");
    }
    let html = String::from_utf8(render(ExportFormat::Html)).expect("UTF-8");
    for shown in [
        "2024-11-04 下午",
        "2025-04-30 24:00",
        "11月4日（年份不详）",
        "2024年春",
        "2024年第三季度",
        "1990年代末",
        "2021-05-14 24:00",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    // iCalendar: SUMMARY and DESCRIPTION.
    let ics = String::from_utf8(render(ExportFormat::Ics)).expect("UTF-8");
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    for c in cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
    {
        for p in ["SUMMARY", "DESCRIPTION"] {
            let v = c.find_prop(p).expect("property").val.clone();
            assert_no_code(p, v.unescape_text().as_str());
        }
        assert!(c.find_prop("X-KANBAO-VALUE").is_some(), "machine field");
    }
    // TimelineJS: headline, text and display_date.
    let v: serde_json::Value =
        serde_json::from_slice(&render(ExportFormat::TimelineJs)).expect("JSON");
    for e in v["events"].as_array().expect("events") {
        for field in [
            &e["display_date"],
            &e["text"]["headline"],
            &e["text"]["text"],
        ] {
            assert_no_code("timelinejs", field.as_str().expect("text"));
        }
    }
    // CSV: every column but the machine ones.
    let bytes = render(ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let machine = [
        "id",
        "start",
        "end",
        "value",
        "precision",
        "mod",
        "time_text",
    ];
    for row in r.records() {
        let row = row.expect("row");
        for (h, cell) in header.iter().zip(row.iter()) {
            if !machine.contains(&h.as_str()) {
                assert_no_code(h, cell);
            }
        }
    }
}

#[test]
fn every_exported_event_is_in_the_calendar_and_no_sentence_repeats() {
    let mut events = coded_events();
    let n = events.len();
    let s = String::from_utf8(export::render(ExportFormat::Ics, &events, &opts())).expect("UTF-8");
    let unfolded = icalendar::parser::unfold(&s);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let vevents: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(vevents.len(), n, ".ics events = exported events");
    let prop = |i: usize, name: &str| {
        vevents[i]
            .find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_default()
    };
    // `T24` on its article's day is the next day's midnight; `2021-05-14T24` too.
    assert_eq!(prop(1, "DTSTART"), "20250501T000000");
    assert_eq!(prop(6, "DTSTART"), "20210515T000000");
    // A partial date stands on its article's date, saying so.
    assert_eq!(prop(2, "DTSTART"), "20241104");
    let desc = |i: usize| {
        vevents[i]
            .find_prop("DESCRIPTION")
            .expect("DESCRIPTION")
            .val
            .clone()
            .unescape_text()
            .to_string()
    };
    assert!(desc(2).contains("按报道日期 2024-11-04"), "{}", desc(2));
    // A season: one day, titled with the period, its days named.
    assert_eq!(
        (prop(3, "DTSTART"), prop(3, "DTEND")),
        ("20240301".into(), "20240302".into())
    );
    assert!(desc(3).contains("2024-03-01 至 2024-05-31"), "{}", desc(3));
    // The afternoon's sentence is told by two articles: once, with both citations.
    let d0 = desc(0);
    assert_eq!(d0.matches("返回舱成功着陆。").count(), 1, "{d0}");
    assert!(
        d0.contains("《返回舱成功着陆（报道）》 2024-11-04 · page.txt:12"),
        "{d0}"
    );
    assert!(
        d0.contains("《神舟十八号返回》 2024-11-04 · page.txt:40"),
        "{d0}"
    );
    assert_eq!(export::ics::placements(&events).on_article_date, 2);
    // An event without any date is left out, and counted.
    for src in &mut events[2].sources {
        src.citation.date = None;
    }
    let s = String::from_utf8(export::render(ExportFormat::Ics, &events, &opts())).expect("UTF-8");
    assert_eq!(s.matches("BEGIN:VEVENT").count(), n - 1);
    assert_eq!(
        export::ics::placements(&events),
        export::ics::Placements {
            on_article_date: 1,
            left_out: 1
        }
    );
}

#[test]
fn every_format_cites_title_date_and_file_line() {
    let cite = "《神舟十八号载人飞船在酒泉卫星发射中心成功升空（报道）》 2024-11-04 · page.txt:12";
    for f in [
        ExportFormat::Html,
        ExportFormat::Ics,
        ExportFormat::TimelineJs,
    ] {
        let s = text(f);
        let s = if f == ExportFormat::Ics {
            icalendar::parser::unfold(&s).replace("\\,", ",")
        } else {
            s
        };
        assert!(s.contains(cite), "{} lacks the citation", f.name());
        assert!(!s.contains("article 3"), "{}", f.name());
    }
    let v: serde_json::Value = serde_json::from_slice(&render(ExportFormat::Json)).expect("JSON");
    let src = &v[1]["sources"][0];
    assert_eq!(
        (&src["title"], &src["date"], &src["file"], &src["line"]),
        (
            &serde_json::json!("神舟十八号载人飞船在酒泉卫星发射中心成功升空（报道）"),
            &serde_json::json!("2024-11-04"),
            &serde_json::json!("page.txt"),
            &serde_json::json!(12)
        )
    );
    let bytes = render(ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = r.records().nth(1).expect("row").expect("row");
    assert_eq!(&row[col("date")], "2024-04-25");
    assert_eq!(
        &row[col("source_titles")],
        "神舟十八号载人飞船在酒泉卫星发射中心成功升空（报道）"
    );
    assert_eq!(&row[col("source_dates")], "2024-11-04");
    assert_eq!(&row[col("source_files")], "page.txt:12");
    assert_eq!(&row[col("value")], "2024-04-25");
}

#[test]
fn export_dates_follow_the_language() {
    let events = coded_events();
    let en = opts().in_language(Language::En);
    let html = String::from_utf8(export::render(ExportFormat::Html, &events, &en)).expect("UTF-8");
    for shown in [
        "2024-11-04 afternoon",
        "spring 2024",
        "Q3 2024",
        "the late 1990s",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
}

/// A bundle file with the sample's text in a fresh folder: (folder, file, its bytes).
fn source_copy(name: &str) -> (PathBuf, PathBuf, Vec<u8>) {
    let d = temp_dir(name);
    let sub = d.join("day");
    std::fs::create_dir_all(&sub).expect("folder");
    let file = sub.join("news.txt");
    std::fs::copy("assets/sample/000_ecbc3fa7240ad993.txt", &file).expect("copy sample");
    let bytes = std::fs::read(&file).expect("read");
    (d, file, bytes)
}

/// Runs `kanbao export BUNDLE --format json -o OUT`; the exit status and stderr.
fn export_json(bundle: &std::path::Path, out: &std::path::Path) -> (bool, String) {
    let o = kanbao()
        .arg("export")
        .arg(bundle)
        .args(["--date", "2024-11-04", "--format", "json", "-o"])
        .arg(out)
        .output()
        .expect("run kanbao");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn cli_export_onto_a_source_fails_and_leaves_it_byte_identical() {
    let (d, news, bytes) = source_copy("guard");
    let hard = d.join("hard.json");
    std::fs::hard_link(&news, &hard).expect("hard link");
    let mut cases = vec![
        ("the same path", news.clone(), news.clone()),
        ("a hard link", news.clone(), hard),
        ("a file inside the folder", d.clone(), news.clone()),
        (
            "a new bundle file inside the folder",
            d.clone(),
            d.join("day/out.jsonl"),
        ),
    ];
    #[cfg(unix)]
    {
        let soft = d.join("soft.json");
        std::os::unix::fs::symlink(&news, &soft).expect("symlink");
        cases.push(("a symbolic link", news.clone(), soft));
    }
    for (what, bundle, out) in cases {
        let (ok, err) = export_json(&bundle, &out);
        assert!(!ok, "{what}: the export must fail");
        assert_eq!(err.trim_end().lines().count(), 1, "{what}: one line: {err}");
        assert!(
            err.contains(&out.display().to_string()),
            "{what}: names the output: {err}"
        );
        assert!(
            err.contains("news.txt") || err.contains(&d.display().to_string()),
            "{what}: {err}"
        );
        assert_eq!(
            std::fs::read(&news).expect("read"),
            bytes,
            "{what}: source changed"
        );
    }
    assert!(!d.join("day/out.jsonl").exists());
    // Beside the source (not a file the folder would read) the export is written.
    // (A `.csv` is a bundle file since issue 15: the walk would read it.)
    let beside = d.join("day/timeline.svg");
    let o = kanbao()
        .arg("export")
        .arg(&d)
        .args(["--date", "2024-11-04", "--format", "svg", "-o"])
        .arg(&beside)
        .output()
        .expect("run kanbao");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&news).expect("read"), bytes);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cli_ics_holds_every_exported_event_and_the_help_says_how() {
    let d = temp_dir("ics");
    let out = d.join("t.ics");
    let json = d.join("t.json");
    for (format, path) in [("ics", &out), ("json", &json)] {
        let o = kanbao()
            .args([
                "export",
                "assets/sample/000_ecbc3fa7240ad993.txt",
                "--format",
                format,
            ])
            .args(["--date", "2024-11-04", "-o"])
            .arg(path)
            .output()
            .expect("run kanbao");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let events: Vec<Event> =
        serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("events");
    let ics = std::fs::read_to_string(&out).expect("ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), events.len());
    let help = kanbao()
        .args(["export", "--help"])
        .output()
        .expect("run kanbao");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("on its first day"), "{help}");
    assert!(help.contains("first article's date"), "{help}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cli_export_keeps_the_relations_asked_for() {
    let d = temp_dir("relation");
    let export = |relation: &str, out: &std::path::Path| {
        kanbao()
            .args([
                "export",
                "assets/sample/000_ecbc3fa7240ad993.txt",
                "--format",
                "json",
                "--relation",
                relation,
                "-o",
            ])
            .arg(out)
            .output()
            .expect("run kanbao")
    };
    let relations = |out: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(out).expect("written");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        v.as_array()
            .expect("an array of events")
            .iter()
            .map(|e| e["relation"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let out = d.join("recalled.json");
    let run = export("recalled", &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let got = relations(&out);
    assert!(
        !got.is_empty() && got.iter().all(|r| r == "recalled"),
        "{got:?}"
    );
    let out = d.join("both.json");
    assert!(export("reported,planned", &out).status.success());
    let got = relations(&out);
    assert!(got.iter().any(|r| r == "planned") && got.iter().any(|r| r == "reported"));
    assert!(!got.iter().any(|r| r == "recalled"), "{got:?}");
    let bad = export("someday", &d.join("bad.json"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown relation `someday`"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_articles_web_address_is_cited_where_it_has_one_and_json_omits_it_where_not() {
    let url = "http://paper.people.com.cn/rmrb/html/2020-03/02/nw.D110000renmrb_20200302_1-01.htm";
    let mut list = events();
    list[0].sources[0].citation.url = Some(url.to_string());
    for format in [ExportFormat::Csv, ExportFormat::Html, ExportFormat::Json] {
        let bytes = kanbao::export::render(format, &list, &opts());
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.contains(url), "{format:?} cites the URL");
    }
    // Without one, the JSON is as before: no url field at all.
    let plain = String::from_utf8(kanbao::export::render(
        ExportFormat::Json,
        &events(),
        &opts(),
    ))
    .expect("utf-8");
    assert!(!plain.contains("\"url\""), "{plain}");
    // The timeline round-trips through the store's binary encoding either way.
    for timeline in [Timeline { events: list }, Timeline { events: events() }] {
        let packed = kanbao::store::codec::encode("timeline", &timeline).expect("encode");
        let sum = xxhash_rust::xxh3::xxh3_64(&packed);
        let back: Timeline =
            kanbao::store::codec::decode("timeline", &packed, sum).expect("decode");
        assert_eq!(back, timeline);
    }
}
