//! The timeline of real pages: the sample's required events, a broadcast day, the CLI.

mod common;

use chrono::NaiveDate;
use common::kanbao;
use kanbao::bundle::{self, Article, LoadOptions};
use kanbao::extract::events::EventKind;
use kanbao::knowledge::timeline::{Event, Timeline, TimelineFilter};
use kanbao::models::Models;
use std::path::Path;

static MODELS: std::sync::LazyLock<Models> =
    std::sync::LazyLock::new(|| Models::shipped().expect("the shipped models load"));

/// The timeline of articles with the shipped lexicon and tagger.
fn build(articles: &[Article]) -> Timeline {
    let tag = |text: &str| MODELS.ner.tag(text);
    Timeline::build(articles, MODELS.event_models(&tag))
}

fn sample_timeline() -> Timeline {
    let bundle = bundle::load_sample(&LoadOptions {
        date: NaiveDate::from_ymd_opt(2024, 11, 4),
        ..LoadOptions::default()
    });
    build(&bundle.articles)
}

/// Events of a kind and value, for messages: every event of the timeline on failure.
fn find<'a>(tl: &'a Timeline, kind: EventKind, value: &str) -> Vec<&'a Event> {
    tl.events
        .iter()
        .filter(|e| e.kind == kind && e.value == value)
        .collect()
}

fn dump(tl: &Timeline) -> String {
    tl.events
        .iter()
        .map(|e| format!("{} {:?} {} {}", e.value, e.modifier, e.kind, e.title))
        .collect::<Vec<_>>()
        .join("\n")
}

fn has_source_with(events: &[&Event], text: &str) -> bool {
    events
        .iter()
        .any(|e| e.sources.iter().any(|s| s.sentence.contains(text)))
}

#[test]
fn sample_holds_the_shenzhou_18_mission() {
    let tl = sample_timeline();
    let launch = find(&tl, EventKind::Launch, "2024-04-25");
    assert!(has_source_with(&launch, "酒泉"), "{}", dump(&tl));
    let landing = find(&tl, EventKind::Landing, "2024-11-04");
    assert!(has_source_with(&landing, "东风着陆场"), "{}", dump(&tl));
    for day in ["2024-05-28", "2024-07-03"] {
        assert!(
            !find(&tl, EventKind::Spacewalk, day).is_empty(),
            "spacewalk {day}:\n{}",
            dump(&tl)
        );
    }
}

#[test]
fn one_landing_told_in_several_sentences_is_one_event() {
    let tl = sample_timeline();
    let landing = find(&tl, EventKind::Landing, "2024-11-04");
    assert_eq!(landing.len(), 1, "{}", dump(&tl));
    assert!(landing[0].sources.len() >= 2, "{:#?}", landing[0]);
}

#[test]
fn sample_holds_the_shenzhou_13_mission_dates() {
    let tl = sample_timeline();
    assert!(
        !find(&tl, EventKind::Launch, "2021-10-16").is_empty(),
        "{}",
        dump(&tl)
    );
    assert!(
        !find(&tl, EventKind::Landing, "2022-04-16").is_empty(),
        "{}",
        dump(&tl)
    );
}

#[test]
fn sample_holds_the_mekong_summit_and_the_meetings_of_4_november() {
    let tl = sample_timeline();
    let summit = find(&tl, EventKind::Conference, "2024-11-06/2024-11-07");
    assert!(has_source_with(&summit, "湄公河"), "{}", dump(&tl));
    // 下午 makes `2024-11-04TAF`: every meeting dated on the day counts.
    let meetings: Vec<&Event> = tl
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Meeting && e.value.starts_with("2024-11-04"))
        .collect();
    // Two 会见 with different premiers and one 座谈: three happenings, not one.
    assert!(meetings.len() >= 3, "{}", dump(&tl));
    assert!(has_source_with(&meetings, "别克捷夫"));
    assert!(has_source_with(&meetings, "阿里波夫"));
    assert!(has_source_with(&meetings, "座谈"));
}

#[test]
fn sample_holds_the_social_work_milestones() {
    let tl = sample_timeline();
    let on = |value: &str| tl.events.iter().filter(|e| e.value == value).count();
    for value in ["2012", "2015-06", "2023-12"] {
        assert!(on(value) > 0, "{value}:\n{}", dump(&tl));
    }
    // `党的十八大以来` is an era, not a happening: the sentences it opens make no 2012-11 event.
    let era = tl
        .events
        .iter()
        .filter(|e| e.value == "2012-11" && e.modifier == kanbao::extract::times::Mod::Since)
        .count();
    assert_eq!(era, 0, "{}", dump(&tl));
    assert!(
        !find(&tl, EventKind::Policy, "2012").is_empty(),
        "{}",
        dump(&tl)
    );
}

#[test]
fn timeline_is_sorted_titled_and_stable() {
    let a = sample_timeline();
    let b = sample_timeline();
    assert_eq!(a, b);
    assert!(a.events.len() >= 10);
    for w in a.events.windows(2) {
        assert!(
            w[0].start <= w[1].start,
            "{} before {}",
            w[0].value,
            w[1].value
        );
    }
    for e in &a.events {
        let n = e.title.chars().count();
        assert!(n > 0 && n <= 30, "title of {} chars: {}", n, e.title);
        assert!(!e.sources.is_empty());
    }
}

#[test]
fn filters_select_kinds_names_and_dates() {
    let tl = sample_timeline();
    let f = TimelineFilter {
        kinds: vec![EventKind::Spacewalk],
        from: NaiveDate::from_ymd_opt(2024, 6, 1),
        ..TimelineFilter::default()
    };
    let got: Vec<&str> = tl.filtered(&f).iter().map(|e| e.value.as_str()).collect();
    assert_eq!(got, vec!["2024-07-03"]);
    let f = TimelineFilter {
        names: vec!["湄公河".into()],
        ..TimelineFilter::default()
    };
    assert!(
        tl.filtered(&f)
            .iter()
            .all(|e| e.sources.iter().any(|s| s.sentence.contains("湄公河")))
    );
    assert!(!tl.filtered(&f).is_empty());
}

#[test]
fn a_broadcast_day_dates_its_launch_by_the_file_name() {
    let bundle = bundle::load_path(
        Path::new("tests/fixtures/days/2023-05-30.txt"),
        &LoadOptions::default(),
        &|_| {},
    )
    .expect("fixture loads");
    let tl = build(&bundle.articles);
    let launch: Vec<&Event> = tl
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Launch && e.value.starts_with("2023-05-30"))
        .collect();
    assert!(has_source_with(&launch, "神舟十六号"), "{}", dump(&tl));
}

#[test]
fn cli_prints_events_as_json_with_the_stable_fields() {
    let out = kanbao()
        .args([
            "timeline",
            "assets/sample/000_ecbc3fa7240ad993.txt",
            "--json",
            "--date",
            "2024-11-04",
        ])
        .output()
        .expect("run kanbao");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let events = v.as_array().expect("an array");
    assert!(!events.is_empty());
    for e in events {
        for key in [
            "id",
            "value",
            "precision",
            "mod",
            "kind",
            "title",
            "sources",
            "entities",
        ] {
            assert!(e.get(key).is_some(), "missing {key}: {e}");
        }
        let src = &e["sources"][0];
        assert!(
            src["article"].is_u64() && src["sentence"].is_string(),
            "{src}"
        );
    }
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "launch" && e["value"] == "2024-04-25")
    );
}

#[test]
fn cli_prints_one_line_per_event_and_timing_on_stderr() {
    let out = kanbao()
        .args([
            "timeline",
            "assets/sample/000_ecbc3fa7240ad993.txt",
            "--date",
            "2024-11-04",
            "--timing",
        ])
        .output()
        .expect("run kanbao");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("2024-04-25") && l.contains("launch")),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("timing:"));
}

/// Titles name the actor: across the fixture days and pages none opens on a pronoun or a
/// demonstrative (他, 她们, 这是, 该, 其中 …), though their sentences do.
#[test]
fn fixture_titles_never_open_on_a_pronoun() {
    let mut events = 0;
    let mut pronoun_sentences = 0;
    for dir in ["tests/fixtures/days", "tests/fixtures/pages"] {
        let bundle =
            bundle::load_path(Path::new(dir), &LoadOptions::default(), &|_| {}).expect("loads");
        let tl = build(&bundle.articles);
        for e in &tl.events {
            events += 1;
            assert!(
                !kanbao::extract::events::opens_on_pronoun(&e.title),
                "{} ({})",
                e.title,
                e.sources[0].sentence
            );
            if e.sources.iter().any(|s| {
                s.sentence
                    .split(['，', '。'])
                    .any(kanbao::extract::events::opens_on_pronoun)
            }) {
                pronoun_sentences += 1;
            }
        }
    }
    assert!(events > 100, "only {events} events");
    assert!(
        pronoun_sentences > 5,
        "only {pronoun_sentences} events from sentences with a pronoun clause"
    );
}

#[test]
fn every_source_cites_its_article_by_title_date_file_and_line() {
    let bundle = bundle::load_sample(&LoadOptions::default());
    let tl = build(&bundle.articles);
    assert!(!tl.events.is_empty());
    for s in tl.events.iter().flat_map(|e| &e.sources) {
        let article = bundle
            .article(s.span.article)
            .expect("the source's article");
        assert_eq!(s.citation.title, article.title);
        assert_eq!(s.citation.date, article.date);
        assert_eq!(s.citation.file, article.source.file);
        assert_eq!(s.citation.line, article.source.line_start);
        assert!(s.citation.line >= 1);
    }
    let json = serde_json::to_value(&tl.events[0]).expect("json");
    let source = &json["sources"][0];
    assert!(
        source["title"].is_string() && source["file"].is_string(),
        "{source}"
    );
}
