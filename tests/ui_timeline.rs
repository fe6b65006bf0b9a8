#![cfg(feature = "gui")]
//! The timeline view driven headless through egui_kittest, on the sample's knowledge.

mod common;

use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kanbao::bundle::LoadOptions;
use kanbao::extract::events::EventKind;
use kanbao::extract::times::{Mod, Precision};
use kanbao::ids::EventId;
use kanbao::knowledge::Knowledge;
use kanbao::knowledge::timeline::{Event, Timeline};
use kanbao::ui::i18n::Lang;
use kanbao::ui::timeline::{LaneMode, TimelineView, mini_timeline_ui};
use kanbao::ui::{Nav, Route};
use std::sync::LazyLock;

static SAMPLE: LazyLock<Knowledge> = LazyLock::new(|| {
    let models = kanbao::models::Models::shipped().unwrap();
    let bundle = kanbao::bundle::load_sample(&LoadOptions::default());
    Knowledge::build(bundle, &kanbao::knowledge::BuildOptions::new(&models)).unwrap()
});

/// The view with what the app would keep: the focus from the route and the navigation asked for.
struct State {
    view: TimelineView,
    k: &'static Knowledge,
    focus: Option<EventId>,
    navs: Vec<Nav>,
    lang: Lang,
}

impl State {
    fn new(k: &'static Knowledge) -> Self {
        Self {
            view: TimelineView::default(),
            k,
            focus: None,
            navs: Vec::new(),
            lang: Lang::Zh,
        }
    }
}

fn harness_on(k: &'static Knowledge, focus: Option<EventId>) -> Harness<'static, State> {
    let mut state = State::new(k);
    state.focus = focus;
    let mut h = common::builder([1400.0, 820.0]).build_ui_state(
        |ui, s: &mut State| {
            if let Some(nav) = s.view.ui(ui, s.k, s.focus, s.lang) {
                // The app's history: a timeline request becomes next frame's focus.
                if let Nav::Timeline(f) = &nav {
                    s.focus = *f;
                }
                s.navs.push(nav);
            }
        },
        state,
    );
    h.run();
    h
}

fn harness() -> Harness<'static, State> {
    harness_on(&SAMPLE, None)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The index of the sample's Shenzhou-18 landing event.
fn landing_index() -> EventId {
    SAMPLE
        .timeline
        .events
        .iter()
        .position(|e| {
            e.kind == EventKind::Landing
                && e.start == Some(date(2024, 11, 4))
                && e.title.contains("着陆")
        })
        .and_then(EventId::from_index)
        .expect("the sample has the 2024-11-04 landing")
}

/// Labels of the drawn event marks (buttons labelled `value title`).
fn mark_labels(h: &Harness<'static, State>) -> Vec<String> {
    h.query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(' '))
        .collect()
}

fn landing_mark_label() -> String {
    let e = &SAMPLE.timeline.events[landing_index().index()];
    format!("{} {}", Lang::Zh.event_date(e), e.title)
}

/// The filter box whose hint is `hint`.
fn text_box<'a>(h: &'a Harness<'static, State>, hint: &str) -> egui_kittest::Node<'a> {
    h.query_all_by_role(Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some(hint))
        .expect("the filter box")
}

fn last_nav(h: &Harness<'static, State>) -> Option<Nav> {
    h.state().navs.last().cloned()
}

#[test]
fn opens_on_the_sample_page_with_its_reported_events() {
    let mut h = harness();
    // The page is dated 2024-11-04: the view opens around it, not on the 2012 history it recalls.
    let (a, b) = h.state().view.visible_range().expect("a range");
    assert!(
        a <= date(2024, 11, 4) && b >= date(2024, 11, 6),
        "{a} – {b}"
    );
    assert!(a >= date(2024, 10, 1), "{a} – {b}");
    let marks = mark_labels(&h);
    assert!(
        marks
            .iter()
            .any(|l| l.starts_with("2024-11-04") && l.contains("着陆")),
        "no landing mark in {marks:?}"
    );
    assert!(marks.iter().any(|l| l.contains("李强")), "{marks:?}");
    // Recalled (the April launch) and planned (the Mekong summit) are off by default.
    assert!(!marks.iter().any(|l| l.contains("升空")), "{marks:?}");
    let summit = |l: &String| l.contains("湄公河") && l.contains("昆明");
    assert!(!marks.iter().any(summit), "{marks:?}");
    h.get_by_label_contains("计划 ").click();
    h.run();
    let marks = mark_labels(&h);
    assert!(marks.iter().any(summit), "no Mekong summit in {marks:?}");
}

#[test]
fn clicking_the_landing_selects_it_and_its_sentence_opens_the_article() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, &landing_mark_label())
        .click();
    h.run();
    let Some(Nav::Timeline(Some(i))) = last_nav(&h) else {
        panic!("no timeline navigation: {:?}", h.state().navs);
    };
    let e = &SAMPLE.timeline.events[i.index()];
    assert_eq!(e.kind, EventKind::Landing);
    assert_eq!(e.start, Some(date(2024, 11, 4)));
    assert_eq!(h.state().view.selected(), Some(i));

    // The details pane lists every source sentence as a link.
    for s in &e.sources {
        assert!(
            h.query_by_role_and_label(Role::Link, &s.sentence).is_some(),
            "source sentence not shown: {}",
            s.sentence
        );
    }
    let source = e
        .sources
        .iter()
        .find(|s| s.sentence.contains("着陆"))
        .expect("a source tells the landing");
    h.query_all_by_role_and_label(Role::Link, &source.sentence)
        .next()
        .expect("the sentence's link")
        .click();
    h.run();
    let Some(Nav::Go(Route::Passage(p))) = last_nav(&h) else {
        panic!("no passage navigation: {:?}", h.state().navs);
    };
    let article = &SAMPLE.articles()[p.article.index()];
    assert!(article.title.contains("神舟十八号"), "{}", article.title);
    let sentence = SAMPLE.span_text(p).expect("the passage's text exists");
    assert!(sentence.contains("着陆"), "{sentence}");
}

#[test]
fn focus_from_the_route_selects_and_centres_the_event() {
    let i = landing_index();
    let h = harness_on(&SAMPLE, Some(i));
    assert_eq!(h.state().view.selected(), Some(i));
    let (a, b) = h.state().view.visible_range().expect("a range");
    let day = date(2024, 11, 4);
    assert!(a <= day && day <= b, "{a} – {b}");
    let mid = a + (b - a) / 2;
    assert!((mid - day).num_days().abs() <= 2, "not centred: {a} – {b}");
    assert!(
        h.query_by_role_and_label(
            Role::Link,
            &SAMPLE.timeline.events[i.index()].sources[0].sentence
        )
        .is_some()
    );
}

#[test]
fn kind_filter_hides_other_kinds() {
    let mut h = harness();
    let before = mark_labels(&h);
    assert!(before.iter().any(|l| l.contains("李强")));
    // Right-click: only this kind.
    h.get_by_label_contains("着陆 ").click_secondary();
    h.run();
    let filter = h.state().view.filter(&SAMPLE);
    assert_eq!(filter.kinds, vec![EventKind::Landing]);
    let after = mark_labels(&h);
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|l| {
            SAMPLE
                .timeline
                .events
                .iter()
                .any(|e| e.kind == EventKind::Landing && *l == format!("{} {}", e.value, e.title))
        }),
        "{after:?}"
    );
    assert!(after.len() < before.len());
    // A left click on another kind adds it back; the launch is recalled history, shown once
    // recalled events are on.
    h.get_by_label_contains("发射 ").click();
    h.run();
    let filter = h.state().view.filter(&SAMPLE);
    assert_eq!(filter.kinds, vec![EventKind::Launch, EventKind::Landing]);
    h.get_by_label_contains("回顾 ").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    assert!(mark_labels(&h).iter().any(|l| l.contains("升空")));
}

#[test]
fn arrow_keys_move_the_selection_in_date_order() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, &landing_mark_label())
        .click();
    h.run();
    let first = h.state().view.selected().expect("selected");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let next = h.state().view.selected().expect("still selected");
    assert!(next > first, "{first} -> {next}");
    let (a, b) = (
        &SAMPLE.timeline.events[first.index()],
        &SAMPLE.timeline.events[next.index()],
    );
    assert!(b.start >= a.start);
    assert_eq!(last_nav(&h), Some(Nav::Timeline(Some(next))));
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().view.selected(), Some(first));
}

#[test]
fn zoom_buttons_and_keys_change_the_visible_range() {
    let mut h = harness();
    let span = |h: &Harness<'static, State>| {
        let (a, b) = h.state().view.visible_range().expect("a range");
        (b - a).num_days()
    };
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    let start = span(&h);
    h.get_by_role_and_label(Role::Button, "+").click();
    h.run();
    let zoomed = span(&h);
    assert!(zoomed * 3 < start * 2, "{start} -> {zoomed}");
    h.get_by_role_and_label(Role::Button, "-").click();
    h.run();
    let back = span(&h);
    assert!(back > zoomed, "{zoomed} -> {back}");
    h.key_press(egui::Key::Plus);
    h.run();
    assert!(span(&h) < back);
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    assert_eq!(span(&h), start);
}

#[test]
fn zoomed_in_to_days_only_events_in_range_are_drawn() {
    let mut h = harness();
    h.state_mut()
        .view
        .set_visible_range(date(2024, 11, 1), date(2024, 11, 10));
    h.run();
    let marks = mark_labels(&h);
    assert!(marks.iter().any(|l| l.contains("着陆")), "{marks:?}");
    // Events outside the range are not drawn.
    assert!(!marks.iter().any(|l| l.starts_with("2012")), "{marks:?}");
}

#[test]
fn entity_lanes_and_the_entity_filter() {
    let mut h = harness();
    h.state_mut().view.set_lane_mode(LaneMode::Entity);
    h.run();
    assert!(!mark_labels(&h).is_empty());
    let id = SAMPLE.entities.find_by_name("李强");
    let id = *id.first().expect("the sample names 李强");
    h.state_mut().view.set_entity(&SAMPLE, id);
    h.run();
    let marks = mark_labels(&h);
    assert!(!marks.is_empty());
    assert!(
        marks.iter().all(|l| SAMPLE
            .timeline
            .events
            .iter()
            .any(|e| e.entities.contains(&id)
                && *l == format!("{} {}", Lang::Zh.event_date(e), e.title))),
        "{marks:?}"
    );
    let filter = h.state().view.filter(&SAMPLE);
    assert!(filter.entities.is_some_and(|ids| ids.contains(&id)));
}

#[test]
fn typing_a_text_filter_narrows_the_events() {
    let mut h = harness();
    let before = mark_labels(&h).len();
    text_box(&h, "文字").click();
    h.run();
    text_box(&h, "文字").type_text("神舟");
    h.run();
    let marks = mark_labels(&h);
    assert!(
        !marks.is_empty() && marks.len() < before,
        "{before} -> {marks:?}"
    );
}

/// A timeline of `n` events spread over 1949–2030, of every kind and several precisions.
fn synthetic(n: usize) -> Knowledge {
    let first = date(1949, 10, 1);
    let days = (date(2030, 12, 31) - first).num_days() as u64;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut events: Vec<Event> = (0..n)
        .map(|i| {
            let r = next();
            let start = first + chrono::Duration::days((r % days) as i64);
            let (precision, end) = match (r >> 40) % 10 {
                0 => (Precision::Year, start + chrono::Duration::days(364)),
                1 | 2 => (Precision::Month, start + chrono::Duration::days(29)),
                3 => (
                    Precision::Interval,
                    start + chrono::Duration::days(((r >> 20) % 90) as i64),
                ),
                _ => (Precision::Day, start),
            };
            let kind = EventKind::ALL[(r >> 32) as usize % EventKind::ALL.len()];
            let modifier = [
                Mod::None,
                Mod::None,
                Mod::Approx,
                Mod::Since,
                Mod::Before,
                Mod::End,
            ][(r >> 50) as usize % 6];
            Event {
                id: format!("ev{i}"),
                value: start.to_string(),
                precision,
                modifier,
                start: Some(start),
                end: Some(end),
                kind,
                relation: kanbao::extract::events::Relation::Reported,
                salience: 1.0,
                title: format!("事件{i}"),
                sources: Vec::new(),
                entities: Vec::new(),
            }
        })
        .collect();
    // Misread dates far from the rest, as a real corpus has.
    for (i, y) in [(n, 16), (n + 1, 2623)] {
        let day = date(y, 1, 1);
        events.push(Event {
            id: format!("ev{i}"),
            value: day.to_string(),
            precision: Precision::Day,
            modifier: Mod::None,
            start: Some(day),
            end: Some(day),
            kind: EventKind::Other,
            relation: kanbao::extract::events::Relation::Reported,
            salience: 1.0,
            title: format!("事件{i}"),
            sources: Vec::new(),
            entities: Vec::new(),
        });
    }
    events.sort_by_key(|e| (e.start, e.end));
    Knowledge {
        timeline: Timeline { events },
        ..Knowledge::default()
    }
}

static DENSE: LazyLock<Knowledge> = LazyLock::new(|| synthetic(50_000));

#[test]
fn fifty_thousand_events_draw_at_every_zoom() {
    let mut h = harness_on(&DENSE, None);
    // Fitting shows the bulk of the data, not the outliers.
    let (a, b) = h.state().view.visible_range().expect("a range");
    assert!(a <= date(1952, 1, 1) && b >= date(2028, 1, 1), "{a} – {b}");
    assert!(a >= date(1900, 1, 1) && b <= date(2100, 1, 1), "{a} – {b}");
    // Fit all: density bars, so only a bounded number of marks.
    assert!(mark_labels(&h).len() <= 11 * 120);
    for (a, b) in [
        (date(1990, 1, 1), date(2000, 1, 1)),
        (date(2010, 1, 1), date(2010, 12, 31)),
        (date(2010, 6, 1), date(2010, 6, 30)),
        (date(2010, 6, 10), date(2010, 6, 12)),
    ] {
        h.state_mut().view.set_visible_range(a, b);
        h.run();
        let marks = mark_labels(&h);
        assert!(marks.len() <= 11 * 120, "{} marks", marks.len());
    }
    // A day's worth of the synthetic data is few events: marks are drawn.
    assert!(!mark_labels(&h).is_empty());
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert!(h.state().view.selected().is_some());
    h.key_press(egui::Key::Minus);
    h.run();
}

#[test]
fn english_strings() {
    let mut h = harness();
    h.state_mut().lang = Lang::En;
    h.run();
    assert!(h.query_by_label("Fit all").is_some());
    assert!(h.query_by_label_contains("Landing ").is_some());
}

#[test]
fn mini_timeline_opens_an_event_on_the_timeline() {
    let landing = landing_index();
    let launch = SAMPLE
        .timeline
        .events
        .iter()
        .position(|e| e.kind == EventKind::Launch && e.start == Some(date(2024, 4, 25)))
        .and_then(EventId::from_index)
        .expect("the sample has the launch");
    let events = vec![launch, landing];
    let mut h = common::builder([600.0, 400.0]).build_ui_state(
        move |ui, navs: &mut Vec<Nav>| {
            if let Some(n) = mini_timeline_ui(ui, &SAMPLE, &events, Lang::Zh) {
                navs.push(n);
            }
        },
        Vec::new(),
    );
    h.run();
    h.get_by_role_and_label(Role::Button, &landing_mark_label())
        .click();
    h.run();
    assert_eq!(h.state().last(), Some(&Nav::Timeline(Some(landing))));
}

#[test]
fn zooming_in_keeps_the_selected_event_in_view() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, &landing_mark_label())
        .click();
    h.run();
    for _ in 0..8 {
        h.get_by_role_and_label(Role::Button, "+").click();
        h.run();
    }
    let (a, b) = h.state().view.visible_range().expect("a range");
    assert!((b - a).num_days() < 100, "{a} – {b}");
    let day = date(2024, 11, 4);
    assert!(a <= day && day <= b, "{a} – {b}");
    assert!(
        mark_labels(&h).contains(&landing_mark_label()),
        "the landing mark is drawn"
    );
}

/// TIMEX3 codes no reader should meet.
const CODES: [&str; 8] = ["TAF", "TMO", "TEV", "TNI", "T24", "-Q3", "-SP", "XXXX"];

fn assert_no_code(labels: &[String]) {
    for l in labels {
        for code in CODES {
            assert!(!l.contains(code), "{l}");
        }
    }
}

#[test]
fn marks_and_details_read_dates_as_words_in_both_languages() {
    let marks = mark_labels(&harness());
    assert_no_code(&marks);
    assert!(
        marks
            .iter()
            .any(|l| l.starts_with("2024-11-04 下午") && l.contains("会见")),
        "an afternoon meeting in {marks:?}"
    );
    // The meeting selected: the details pane's date row.
    let meeting = SAMPLE
        .timeline
        .events
        .iter()
        .position(|e| e.value == "2024-11-04TAF")
        .and_then(EventId::from_index)
        .expect("the sample has an afternoon meeting");
    let mut h = harness_on(&SAMPLE, Some(meeting));
    assert_eq!(h.state().view.selected(), Some(meeting));
    assert!(h.query_by_label("2024-11-04 下午").is_some());
    h.state_mut().lang = Lang::En;
    h.run();
    assert!(h.query_by_label("2024-11-04 afternoon").is_some());
    assert!(h.query_by_label("2024-11-04 下午").is_none());
    let marks = mark_labels(&h);
    assert_no_code(&marks);
    assert!(marks.iter().any(|l| l.starts_with("2024-11-04 afternoon")));
}

/// Events valued as the extractor writes them: a part of day, a clock time at 24, a season, a
/// quarter, a decade.
fn coded() -> Knowledge {
    let ev = |i: usize, value: &str, precision, start: NaiveDate, end: NaiveDate| Event {
        id: format!("c{i}"),
        value: value.into(),
        precision,
        modifier: Mod::None,
        start: Some(start),
        end: Some(end),
        kind: EventKind::Other,
        relation: kanbao::extract::events::Relation::Reported,
        salience: 1.0,
        title: format!("事件{i}"),
        sources: Vec::new(),
        entities: Vec::new(),
    };
    let events = vec![
        ev(
            0,
            "1990/1999",
            Precision::Decade,
            date(1990, 1, 1),
            date(1999, 12, 31),
        ),
        ev(
            1,
            "2021-05-14T24",
            Precision::Hour,
            date(2021, 5, 14),
            date(2021, 5, 14),
        ),
        ev(
            2,
            "2024-SP",
            Precision::Interval,
            date(2024, 3, 1),
            date(2024, 5, 31),
        ),
        ev(
            3,
            "2024-Q3",
            Precision::Quarter,
            date(2024, 7, 1),
            date(2024, 9, 30),
        ),
        ev(
            4,
            "2024-11-04TEV",
            Precision::Hour,
            date(2024, 11, 4),
            date(2024, 11, 4),
        ),
    ];
    Knowledge {
        timeline: Timeline { events },
        ..Knowledge::default()
    }
}

static CODED: LazyLock<Knowledge> = LazyLock::new(coded);

#[test]
fn the_mini_timeline_of_an_entity_page_reads_dates_as_words() {
    let ids: Vec<EventId> = (0..5).filter_map(EventId::from_index).collect();
    for (lang, shown) in [
        (
            Lang::Zh,
            [
                "1990年代",
                "2021-05-14 24:00",
                "2024年春",
                "2024年第三季度",
                "2024-11-04 晚上",
            ],
        ),
        (
            Lang::En,
            [
                "the 1990s",
                "2021-05-14 24:00",
                "spring 2024",
                "Q3 2024",
                "2024-11-04 evening",
            ],
        ),
    ] {
        let ids = ids.clone();
        let h = common::builder([900.0, 400.0]).build_ui_state(
            move |ui, _: &mut ()| {
                let _ = entity_events_ui(ui, &CODED, &ids, lang);
            },
            (),
        );
        let labels: Vec<String> = h
            .query_all_by_role(Role::Button)
            .filter_map(|n| n.accesskit_node().label())
            .collect();
        assert_no_code(&labels);
        for s in shown {
            assert!(
                labels.iter().any(|l| l.starts_with(s)),
                "{s} not in {labels:?}"
            );
            // The list under the strip.
            assert!(h.query_by_label(s).is_some(), "{s} not listed");
        }
    }
}

#[test]
fn the_timeline_view_reads_coded_values_as_words() {
    let mut h = harness_on(&CODED, None);
    h.state_mut()
        .view
        .set_visible_range(date(1985, 1, 1), date(2026, 1, 1));
    h.run();
    let marks = mark_labels(&h);
    assert_no_code(&marks);
    assert!(marks.iter().any(|l| l.starts_with("2024年春")), "{marks:?}");
}

/// A bundle of two articles published 2024-11-03 and 2024-11-04 telling a landing and a meeting
/// closed a month before (reported), the founding of a school a century earlier (recalled) and a
/// launch next spring (planned).
fn relations() -> Knowledge {
    use kanbao::bundle::{Article, Bundle};
    use kanbao::extract::events::Relation;
    let article = |day: u32| Article {
        title: format!("11月{day}日的报道"),
        date: Some(date(2024, 11, day)),
        ..Article::default()
    };
    let ev = |i: usize, kind, relation, day: NaiveDate, title: &str| Event {
        id: format!("r{i}"),
        value: day.to_string(),
        precision: Precision::Day,
        modifier: Mod::None,
        start: Some(day),
        end: Some(day),
        kind,
        relation,
        salience: 1.0,
        title: title.into(),
        sources: Vec::new(),
        entities: Vec::new(),
    };
    let events = vec![
        ev(
            0,
            EventKind::Founding,
            Relation::Recalled,
            date(1924, 6, 16),
            "黄埔军校开学",
        ),
        ev(
            1,
            EventKind::Conference,
            Relation::Reported,
            date(2024, 10, 8),
            "全国人大常委会会议闭幕",
        ),
        ev(
            2,
            EventKind::Landing,
            Relation::Reported,
            date(2024, 11, 4),
            "神舟十八号返回舱着陆",
        ),
        ev(
            3,
            EventKind::Launch,
            Relation::Planned,
            date(2025, 4, 24),
            "神舟二十号发射",
        ),
    ];
    Knowledge {
        bundle: std::sync::Arc::new(Bundle {
            articles: vec![article(3), article(4)],
            ..Bundle::default()
        }),
        timeline: Timeline { events },
        ..Knowledge::default()
    }
}

static RELATIONS: LazyLock<Knowledge> = LazyLock::new(relations);

/// The titles of the event marks drawn.
fn mark_titles(h: &Harness<'static, State>) -> Vec<String> {
    let marks = mark_labels(h);
    RELATIONS
        .timeline
        .events
        .iter()
        .filter(|e| marks.contains(&format!("{} {}", Lang::Zh.event_date(e), e.title)))
        .map(|e| e.title.clone())
        .collect()
}

#[test]
fn reported_events_show_by_default_and_recalled_ones_by_their_toggle() {
    use kanbao::extract::events::Relation;
    let mut h = harness_on(&RELATIONS, None);
    assert_eq!(
        h.state().view.filter(&RELATIONS).relations,
        [Relation::Reported]
    );
    // The counts follow the filter: two of four events shown.
    assert!(h.query_by_label_contains("显示 2 / 共 4 个事件").is_some());
    // Fitted to every shown event, the recalled one stays hidden.
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    assert_eq!(
        mark_titles(&h),
        ["全国人大常委会会议闭幕", "神舟十八号返回舱着陆"]
    );

    h.get_by_role_and_label(Role::CheckBox, "回顾 1").click();
    h.run();
    assert_eq!(
        h.state().view.filter(&RELATIONS).relations,
        [Relation::Reported, Relation::Recalled]
    );
    assert!(h.query_by_label_contains("显示 3 / 共 4 个事件").is_some());
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    assert_eq!(
        mark_titles(&h),
        [
            "黄埔军校开学",
            "全国人大常委会会议闭幕",
            "神舟十八号返回舱着陆"
        ],
        "fit all shows them all"
    );
    // The last relation shown stays on.
    h.get_by_role_and_label(Role::CheckBox, "回顾 1").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "报道 2").click();
    h.run();
    assert_eq!(
        h.state().view.filter(&RELATIONS).relations,
        [Relation::Reported]
    );
}

#[test]
fn the_view_opens_on_the_publication_span_and_fit_all_shows_every_event() {
    use kanbao::extract::events::Relation;
    let mut h = harness_on(&RELATIONS, None);
    let (a, b) = h.state().view.visible_range().expect("a range");
    // The two days of the articles, with the weeks around them: neither the century of history
    // nor the reported meeting a month before.
    assert!(
        a <= date(2024, 11, 3) && b >= date(2024, 11, 4),
        "{a} – {b}"
    );
    assert!(
        a >= date(2024, 10, 15) && b <= date(2024, 11, 30),
        "{a} – {b}"
    );
    assert_eq!(mark_titles(&h), ["神舟十八号返回舱着陆"]);
    // Turning every relation on does not move the view; fitting does.
    for r in [Relation::Recalled, Relation::Planned] {
        h.get_by_label_contains(&format!("{} 1", Lang::Zh.relation(r)))
            .click();
        h.run();
    }
    assert_eq!(h.state().view.visible_range(), Some((a, b)));
    h.get_by_role_and_label(Role::Button, "全部").click();
    h.run();
    let (a, b) = h.state().view.visible_range().expect("a range");
    assert!(
        a <= date(1924, 6, 16) && b >= date(2025, 4, 24),
        "{a} – {b}"
    );
}

#[test]
fn without_dated_articles_the_view_opens_on_the_events() {
    // The synthetic timelines have no articles: the view fits the events' bulk.
    let h = harness_on(&CODED, None);
    let (a, b) = h.state().view.visible_range().expect("a range");
    assert!(a <= date(1990, 1, 1) && b >= date(2024, 11, 4), "{a} – {b}");
}

#[test]
fn recalled_and_planned_events_are_told_apart_in_details_and_tooltips() {
    let recalled = EventId::new(0);
    // Focus on a hidden relation's event (a date link in the reader) switches it on.
    let mut h = harness_on(&RELATIONS, Some(recalled));
    assert_eq!(h.state().view.selected(), Some(recalled));
    assert!(
        h.state()
            .view
            .filter_inputs()
            .shows(kanbao::extract::events::Relation::Recalled)
    );
    assert!(mark_titles(&h).contains(&"黄埔军校开学".to_owned()));
    // The details pane names the relation, in each language.
    assert!(h.query_by_label("叙述").is_some());
    assert!(h.query_by_label("回顾").is_some());
    h.state_mut().lang = Lang::En;
    h.run();
    assert!(h.query_by_label("Told as").is_some());
    assert!(h.query_by_label("Recalled").is_some());
    assert!(
        h.query_by_label_contains("Recalled 1").is_some(),
        "the toggle"
    );
    assert!(
        h.query_by_label_contains("Planned 1").is_some(),
        "the toggle"
    );
}

/// An entity page's events: the strip and the list under it, every relation shown.
fn entity_events_ui(ui: &mut egui::Ui, k: &Knowledge, ids: &[EventId], lang: Lang) -> Option<Nav> {
    use kanbao::ui::entity_page::events::{event_rows, events_ui, page_filter_inputs};
    let rows = event_rows(k, ids, &page_filter_inputs(), false);
    events_ui(ui, k, &rows, lang)
}

#[test]
fn the_mini_timeline_shows_every_relation_and_names_the_unreported() {
    let ids: Vec<EventId> = (0..4).filter_map(EventId::from_index).collect();
    let h = common::builder([900.0, 400.0]).build_ui_state(
        move |ui, _: &mut ()| {
            let _ = entity_events_ui(ui, &RELATIONS, &ids, Lang::Zh);
        },
        (),
    );
    for e in &RELATIONS.timeline.events {
        assert!(h.query_by_label(&e.title).is_some(), "{} listed", e.title);
    }
    assert!(h.query_by_label("回顾").is_some());
    assert!(h.query_by_label("计划").is_some());
    assert!(
        h.query_by_label("报道").is_none(),
        "reported is the default, not named"
    );
}

/// Whether `hint` is a month as a date box takes it (`2024-11`).
fn is_month(hint: &str) -> bool {
    let b = hint.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// The date boxes (hinted with the first and last month of the shown events): from, then to.
fn date_boxes<'a>(h: &'a Harness<'static, State>) -> Vec<egui_kittest::Node<'a>> {
    h.query_all_by_role(Role::TextInput)
        .filter(|n| n.accesskit_node().placeholder().is_some_and(is_month))
        .collect()
}

#[test]
fn the_empty_date_boxes_show_the_first_and_last_month_of_the_shown_events() {
    let h = harness();
    let hints: Vec<String> = date_boxes(&h)
        .iter()
        .filter_map(|n| n.accesskit_node().placeholder().map(str::to_owned))
        .collect();
    assert_eq!(hints.len(), 2, "{hints:?}");
    assert!(hints[0] <= hints[1], "{hints:?}");
    // The sample page's reports reach back years before its day (2024-11-04).
    assert!(hints[0].as_str() < "2024-11", "{hints:?}");
    assert!(hints[1].as_str() >= "2024-11", "{hints:?}");
}

#[test]
fn dates_typed_in_the_from_and_to_boxes_zoom_the_view_once_left() {
    let mut h = harness();
    let opened = h.state().view.visible_range();
    date_boxes(&h)[0].click();
    h.run();
    date_boxes(&h)[0].type_text("2024-06");
    h.run();
    assert_eq!(
        h.state().view.visible_range(),
        opened,
        "no zoom while typing"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let (first, _) = h.state().view.visible_range().expect("a range");
    assert_eq!(first, date(2024, 6, 1), "from the first day of the month");
    // The from box shows its date now, not the hint: the to box is the one hinted box left.
    let to = date_boxes(&h);
    assert_eq!(to.len(), 1);
    to[0].click();
    h.run();
    date_boxes(&h)[0].type_text("2024-09");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().view.visible_range(),
        Some((date(2024, 6, 1), date(2024, 9, 30)))
    );
}
