#![cfg(feature = "gui")]
//! The app's knowledge views driven headless through egui_kittest: entity links in the reader,
//! entity pages, the entity sidebar, search, the timeline route and export.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use kanbao::bundle::TextSpan;
use kanbao::export::ExportFormat;
use kanbao::ids::{ArticleId, EventId};
use kanbao::ui::i18n::ZH;
use kanbao::ui::route::TimelineFilterInputs;
use kanbao::ui::{KanbaoApp, Route, Settings};
use std::time::{Duration, Instant};

const MEETING: &str = "李强分别会见哈萨克斯坦总理、乌兹别克斯坦总理";
const EXPO: &str = "李强同进博会参展商、采购商代表座谈 中国开放的大门只会越开越大";

/// The app on the sample, its analysis finished.
fn analysed() -> Harness<'static, KanbaoApp> {
    let mut h = common::builder([1400.0, 900.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(Settings::default()),
    );
    h.step(); // the first frame starts the analysis
    h.state_mut().wait_for_analysis();
    h.run();
    assert!(h.state().analysis().is_some(), "the sample is analysed");
    h
}

fn article_id(h: &Harness<'static, KanbaoApp>, title: &str) -> ArticleId {
    h.state()
        .bundle()
        .articles
        .iter()
        .find(|a| a.title == title)
        .expect("the sample has the article")
        .id
}

/// The timeline route with no filter, centred on `focus` if given.
fn timeline(focus: Option<EventId>) -> Route {
    Route::Timeline {
        focus,
        filter: TimelineFilterInputs::default(),
    }
}

/// The characters a passage covers.
fn passage_text(k: &kanbao::knowledge::Knowledge, p: &TextSpan) -> String {
    k.span_text(*p).expect("the passage's text exists")
}

fn open_article(h: &mut Harness<'static, KanbaoApp>, title: &str) -> ArticleId {
    h.get_by_role_and_label(Role::ListBoxOption, title).click();
    h.run();
    let id = article_id(h, title);
    assert_eq!(h.state().route(), &Route::Article(id));
    id
}

#[test]
fn a_person_link_opens_the_persons_page_with_mentions_in_other_articles_and_back_returns() {
    let mut h = analysed();
    let meeting = open_article(&mut h, MEETING);
    // 李强 is a link in the reader (title and paragraphs).
    h.query_all(by().role(Role::Link).label("李强"))
        .next()
        .expect("李强 is a link")
        .click();
    h.run();
    let Route::Entity(id) = *h.state().route() else {
        panic!("expected an entity page, got {:?}", h.state().route());
    };
    let analysis = h.state().analysis().expect("analysed").clone();
    let entity = &analysis.knowledge.entities.entities[id.index()];
    assert_eq!(entity.name, "李强");
    assert!(entity.articles.len() >= 3, "{:?}", entity.articles);
    // The page names it and lists mentions, among them one in the 进博会 article.
    h.get_by_role_and_label(Role::Label, "李强");
    let in_expo = h
        .query_all(by().role(Role::Button).label_contains(EXPO))
        .count();
    assert!(in_expo > 0, "a mention in the 进博会 article is listed");
    // Clicking that mention opens the article there, highlighted.
    h.query_all(by().role(Role::Button).label_contains(EXPO))
        .next()
        .expect("listed")
        .click();
    h.run();
    let Route::Passage(p) = *h.state().route() else {
        panic!("expected a passage, got {:?}", h.state().route());
    };
    assert_eq!(p.article, article_id(&h, EXPO));
    assert_eq!(passage_text(&analysis.knowledge, &p), "李强");
    // Back twice: the entity page, then the article we came from.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(id));
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().route(), &Route::Article(meeting));
}

#[test]
fn the_entity_filter_takes_chinese_input_and_narrows_the_sidebar() {
    let mut h = analysed();
    let analysis = h.state().analysis().expect("analysed").clone();
    // The most mentioned person whose name does not hold 李强 (the People tab is shown first).
    let other = analysis
        .group(kanbao::ui::analysis::EntityGroup::People)
        .iter()
        .map(|&id| {
            analysis.knowledge.entities.entities[id.index()]
                .name
                .clone()
        })
        .find(|n| !n.contains("李强"))
        .expect("the sample names other people");
    let listed = |h: &Harness<'static, KanbaoApp>, name: &str| {
        h.query_all(by().role(Role::Button).label_contains(name))
            .count()
    };
    assert!(listed(&h, "李强") > 0, "李强 is listed among the people");
    assert!(listed(&h, &other) > 0, "{other} is listed before filtering");
    h.get_by_role_and_label(Role::TextInput, ZH.entity_filter_label)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.entity_filter_label)
        .type_text("李强");
    h.run();
    assert!(listed(&h, "李强") > 0, "李强 still listed");
    assert_eq!(listed(&h, &other), 0, "{other} filtered out");
}

#[test]
fn searching_opens_a_hit_at_its_place() {
    let mut h = analysed();
    h.get_by_role_and_label(Role::TextInput, ZH.search).click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.search)
        .type_text("着陆");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        matches!(h.state().route(), Route::Search(q, _) if q == "着陆"),
        "{:?}",
        h.state().route()
    );
    let landing = article_id(
        &h,
        "神舟十八号乘组刷新我国航天员在轨飞行时长纪录 在轨时长达192天 昨在东风着陆场成功着陆返回地球",
    );
    let title = h.state().bundle().articles[landing.index()].title.clone();
    h.query_all(by().role(Role::Button).label_contains(&title))
        .next()
        .expect("the 神舟十八号 article is a result")
        .click();
    h.run();
    let Route::Passage(p) = *h.state().route() else {
        panic!("expected a passage, got {:?}", h.state().route());
    };
    assert_eq!(p.article, landing);
    let analysis = h.state().analysis().expect("analysed").clone();
    assert_eq!(passage_text(&analysis.knowledge, &p), "着陆");
}

#[test]
fn dates_on_the_timeline_are_links_to_their_event() {
    let mut h = analysed();
    open_article(
        &mut h,
        "神舟十八号乘组刷新我国航天员在轨飞行时长纪录 在轨时长达192天 昨在东风着陆场成功着陆返回地球",
    );
    let analysis = h.state().analysis().expect("analysed").clone();
    let link = h
        .query_all(by().role(Role::Link))
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.ends_with('日') || l.ends_with('年') || l.ends_with('月') || l == "昨")
        .expect("a date link in the article");
    h.query_all(by().role(Role::Link).label(&link))
        .next()
        .expect("found again")
        .click();
    h.run();
    let Route::Timeline {
        focus: Some(event), ..
    } = *h.state().route()
    else {
        panic!(
            "expected the timeline at an event, got {:?}",
            h.state().route()
        );
    };
    let e = &analysis.knowledge.timeline.events[event.index()];
    assert!(
        e.sources.iter().any(|s| s.time_text == link),
        "{link} dates {e:?}"
    );
}

#[test]
fn the_timeline_opens_from_the_toolbar_and_its_events_export_through_an_injected_path() {
    let mut h = analysed();
    h.get_by_role_and_label(Role::Button, ZH.timeline).click();
    h.run();
    assert_eq!(h.state().route(), &timeline(None));

    let dir = std::env::temp_dir().join(format!("kanbao-ui-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("时间线.csv");
    let ctx = h.ctx.clone();
    h.state_mut()
        .export_now(&ctx, ExportFormat::Csv, path.clone());
    h.run();
    let bytes = std::fs::read(&path).expect("the export was written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().expect("a header row").clone();
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    let knowledge = &h.state().analysis().expect("analysed").knowledge;
    let filter = h.state().timeline_view().filter(knowledge);
    let shown = knowledge.timeline.filtered(&filter).len();
    assert_eq!(rows.len(), shown, "the events the timeline shows");
    assert!(
        shown < knowledge.timeline.events.len(),
        "the recalled history is not shown by default, so not exported"
    );
    let title = headers
        .iter()
        .position(|h| h == "title")
        .expect("a title column");
    assert!(
        rows.iter().any(|r| r[title].contains("着陆")),
        "the landing is exported"
    );
    // The app says where it wrote.
    let notice = &h.state().notices().last().expect("a notice").title;
    assert!(notice.contains("时间线.csv"), "{notice}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_export_window_writes_the_typed_path() {
    let mut h = analysed();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label(ZH.export_title);
    let dir = std::env::temp_dir().join(format!("kanbao-ui-exportwin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("timeline.ics");
    h.state_mut().export_dialog().path = path.display().to_string();
    h.get_by_role_and_label(Role::RadioButton, "ics").click();
    h.run();
    h.get_by_role_and_label(Role::Button, ZH.export_do).click();
    h.step();
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state_mut().export_dialog().is_writing() {
        assert!(Instant::now() < deadline, "export did not finish");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        text.starts_with("BEGIN:VCALENDAR"),
        "{}",
        &text[..40.min(text.len())]
    );
    assert!(
        h.query_by_label(ZH.export_title).is_none(),
        "the window closed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_landing_on_the_timeline_opens_its_sentence_and_back_returns_to_the_event() {
    let mut h = analysed();
    h.get_by_role_and_label(Role::Button, ZH.timeline).click();
    h.run();
    let analysis = h.state().analysis().expect("analysed").clone();
    let events = &analysis.knowledge.timeline.events;
    let landing = h
        .query_all(by().role(Role::Button))
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("2024-11-04") && l.contains("着陆"))
        .expect("the 神舟十八号 landing is on the timeline");
    h.get_by_role_and_label(Role::Button, &landing).click();
    h.run();
    let Route::Timeline { focus: Some(i), .. } = *h.state().route() else {
        panic!("expected a focused event, got {:?}", h.state().route());
    };
    let event = &events[i.index()];
    let source = event
        .sources
        .iter()
        .find(|s| s.sentence.contains("着陆"))
        .expect("a sentence tells the landing");
    h.query_all(by().role(Role::Link).label(&source.sentence))
        .next()
        .expect("the sentence is a link")
        .click();
    h.run();
    let Route::Passage(p) = *h.state().route() else {
        panic!("expected a passage, got {:?}", h.state().route());
    };
    assert_eq!(p.article, source.span.article);
    // The highlighted passage is that sentence.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().route(), &timeline(Some(i)));
}

/// The timeline's empty filter box whose hint is `hint`.
fn timeline_box<'a>(h: &'a Harness<'static, KanbaoApp>, hint: &str) -> egui_kittest::Node<'a> {
    h.query_all_by_role(Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some(hint))
        .expect("the timeline's filter box")
}

/// The focus and the text filter of the timeline route shown.
fn timeline_focus_and_text(h: &Harness<'static, KanbaoApp>) -> (Option<EventId>, String) {
    match h.state().route() {
        Route::Timeline { focus, filter } => (*focus, filter.text.clone()),
        other => panic!("expected the timeline, got {other:?}"),
    }
}

#[test]
fn back_returns_to_the_timeline_with_the_filter_last_set_there() {
    let mut h = analysed();
    h.get_by_role_and_label(Role::Button, ZH.timeline).click();
    h.run();
    timeline_box(&h, "文字").click();
    h.run();
    timeline_box(&h, "文字").type_text("神舟");
    h.run();
    assert_eq!(timeline_focus_and_text(&h), (None, "神舟".to_owned()));
    // Opening an event makes an entry with the same filter.
    let landing = h
        .query_all(by().role(Role::Button))
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("2024-11-04") && l.contains("着陆"))
        .expect("the landing passes the filter");
    h.get_by_role_and_label(Role::Button, &landing).click();
    h.run();
    let (Some(event), text) = timeline_focus_and_text(&h) else {
        panic!("expected the landing, got {:?}", h.state().route());
    };
    assert_eq!(text, "神舟");
    // Clearing the filter there changes that entry in place, not the one before.
    h.get_by_role_and_label(Role::Button, "清除筛选").click();
    h.run();
    assert_eq!(timeline_focus_and_text(&h), (Some(event), String::new()));
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(timeline_focus_and_text(&h), (None, "神舟".to_owned()));
    assert_eq!(h.state().timeline_view().filter_inputs().text, "神舟");
    assert!(
        h.query_all_by_role(Role::TextInput)
            .any(|n| n.accesskit_node().value().as_deref() == Some("神舟")),
        "the text box shows the filter again"
    );
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(timeline_focus_and_text(&h), (Some(event), String::new()));
    assert_eq!(h.state().timeline_view().filter_inputs().text, "");
}

#[test]
fn a_search_checked_a_slice_at_a_time_equals_the_whole_search() {
    use kanbao::ui::search_view::SearchView;
    let h = analysed();
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    for query in ["着陆", "李强 会见", "中国", "没有这个词"] {
        let whole = k.search.search(&k.bundle.articles, query);
        let mut view = SearchView::default();
        let mut calls = 0;
        loop {
            calls += 1;
            let (_, progress) = view.results(&analysis, query, Some(Duration::ZERO));
            if progress.done() {
                break;
            }
            assert!(calls < 1000, "the search never ends");
        }
        let (sliced, _) = view.results(&analysis, query, Some(Duration::ZERO));
        assert_eq!(sliced, &whole, "{query}");
    }
}

/// Steps frames until the entity page has its co-occurring entities (counted on a worker).
fn wait_for_co_occurring(h: &mut Harness<'static, KanbaoApp>) {
    let counting = kanbao::ui::i18n::Lang::Zh.tr().counting;
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.query_by_label(counting).is_some() {
        assert!(Instant::now() < deadline, "still counting after 20 s");
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    h.run();
}

/// The chips of the co-occurring tab: unselectable buttons (the sidebar's are selectable).
fn chips(h: &Harness<'static, KanbaoApp>, name: &str) -> usize {
    h.query_all(by().role(Role::Button).label_contains(name))
        .filter(|n| n.accesskit_node().is_selected().is_none())
        .count()
}

#[test]
fn the_co_occurring_entities_fill_in_from_a_worker_and_open_their_pages() {
    let mut h = analysed();
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    let id = *k
        .entities
        .find_by_name("李强")
        .first()
        .expect("李强 is an entity of the sample");
    let expected = k.entities.co_occurring(id, usize::MAX);
    assert!(!expected.is_empty(), "李强 shares articles with others");
    let (top, shared) = expected[0];
    let top_name = k.entities.entities[top.index()].name.clone();

    h.state_mut().go(Route::Entity(id));
    h.step();
    // The mentions and events show in the page's first frame, whether or not the counting is
    // done.
    let events = analysis.events_of(id).len();
    assert!(events > 0, "李强 takes part in events");
    h.get_by_label(&format!("{} {events}", ZH.its_events));
    assert!(
        h.query_all(by().role(Role::Button).label_contains(EXPO))
            .count()
            > 0
    );
    h.query_all(by().label_contains(ZH.co_occurring))
        .next()
        .expect("the co-occurring tab")
        .click();
    h.step();
    wait_for_co_occurring(&mut h);
    h.get_by_label(&format!("{} {}", ZH.co_occurring, expected.len()));
    assert!(chips(&h, &top_name) > 0, "{top_name} ({shared}) is a chip");
    h.query_all(by().role(Role::Button).label_contains(&top_name))
        .find(|n| n.accesskit_node().is_selected().is_none())
        .expect("the chip")
        .click();
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(top));
    // The new page counts its own co-occurring entities; the tab stays open.
    wait_for_co_occurring(&mut h);
    let theirs = k.entities.co_occurring(top, usize::MAX);
    h.get_by_label(&format!("{} {}", ZH.co_occurring, theirs.len()));
    let first = &k.entities.entities[theirs[0].0.index()].name;
    assert!(chips(&h, first) > 0, "{first} appears with {top_name}");
}

/// The id of 李强, the sample's most mentioned person.
fn li_qiang(h: &Harness<'static, KanbaoApp>) -> kanbao::ids::EntityId {
    let analysis = h.state().analysis().expect("analysed").clone();
    *analysis
        .knowledge
        .entities
        .find_by_name("李强")
        .first()
        .expect("李强 is an entity of the sample")
}

#[test]
fn each_mention_line_names_its_articles_date_and_title_and_the_lines_filter_and_order() {
    use kanbao::ui::entity_page::mentions::{MentionOrder, MentionQuery, mention_rows};
    let mut h = analysed();
    let id = li_qiang(&h);
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    h.state_mut().go(Route::Entity(id));
    h.run();
    let all = mention_rows(k, id, &MentionQuery::default());
    assert_eq!(all.len(), k.entities.by_entity[id.index()].len());
    assert_eq!(h.state_mut().entity_page().mention_rows(), Some(&all[..]));
    // Newest first: dates never rise down the list.
    let date = |m: &u32| {
        k.article(k.entities.mentions[*m as usize].span.article)
            .and_then(|a| a.date)
    };
    let dates: Vec<_> = all.iter().map(date).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1] || w[1].is_none()),
        "{dates:?}"
    );
    let oldest = mention_rows(
        k,
        id,
        &MentionQuery {
            order: MentionOrder::Oldest,
            ..MentionQuery::default()
        },
    );
    let mut sorted = oldest.clone();
    sorted.sort_by_key(|m| (date(m).is_none(), date(m), *m));
    assert_eq!(oldest, sorted);
    // The line shows the article's date and title.
    let first = &k.entities.mentions[all[0] as usize];
    let article = k.article(first.span.article).expect("its article");
    let day = article.date.expect("the sample is dated").to_string();
    let line = format!("{day} {}", article.title);
    assert!(
        h.query_all(by().role(Role::Button).label_contains(&line))
            .count()
            > 0,
        "{line}"
    );
    // Text in the box narrows the lines to those with it in the title or the context.
    h.get_by_role_and_label(Role::TextInput, ZH.mention_text_label)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.mention_text_label)
        .type_text("进博会");
    h.run();
    let shown = h
        .state_mut()
        .entity_page()
        .mention_rows()
        .map(<[u32]>::to_vec);
    let shown = shown.expect("derived");
    assert!(
        !shown.is_empty() && shown.len() < all.len(),
        "{} of {}",
        shown.len(),
        all.len()
    );
    for m in &shown {
        let mention = &k.entities.mentions[*m as usize];
        let title = &k.article(mention.span.article).expect("article").title;
        let (l, w, r) = kanbao::ui::entity_page::context(
            k.text(mention.span).unwrap_or_default(),
            mention.span.start as usize,
            mention.span.end as usize,
        );
        assert!(title.contains("进博会") || format!("{l}{w}{r}").contains("进博会"));
    }
    // A date range after every article leaves none.
    let later = MentionQuery {
        from: "2030".into(),
        ..MentionQuery::default()
    };
    assert!(mention_rows(k, id, &later).is_empty());
    let year = MentionQuery {
        from: day[..4].to_owned(),
        to: day[..4].to_owned(),
        ..MentionQuery::default()
    };
    assert_eq!(
        mention_rows(k, id, &year).len(),
        all.iter().filter(|m| date(m).is_some()).count()
    );
}

#[test]
fn the_pages_event_count_is_what_show_on_timeline_shows() {
    let mut h = analysed();
    let analysis = h.state().analysis().expect("analysed").clone();
    // 中国 is a name other entities carry as an alias too: the timeline must still show this one.
    let k = &analysis.knowledge;
    let id = k
        .entities
        .entities
        .iter()
        .filter(|e| !analysis.events_of(e.id).is_empty())
        .max_by_key(|e| analysis.events_of(e.id).len())
        .expect("some entity takes part in events")
        .id;
    let all = analysis.events_of(id).len();
    h.state_mut().go(Route::Entity(id));
    h.run();
    h.get_by_label(&format!("{} {all}", ZH.its_events));
    h.get_by_role_and_label(Role::Button, ZH.show_on_timeline)
        .click();
    h.run();
    let (dated, undated) = h.state().timeline_view().shown_counts().expect("laid out");
    assert_eq!(
        dated + undated,
        all,
        "the timeline shows what the page counted"
    );

    // With the page's toggles narrowed to reported events, both still agree.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(id));
    let mut toggles = kanbao::ui::entity_page::events::page_filter_inputs();
    toggles.relations_on = kanbao::extract::events::Relation::ALL
        .map(|r| r == kanbao::extract::events::Relation::Reported);
    h.state_mut().entity_page().event_inputs = Some(toggles.clone());
    h.run();
    let reported =
        kanbao::ui::entity_page::events::event_rows(k, analysis.events_of(id), &toggles, false);
    h.get_by_label(&format!("{} {}", ZH.its_events, reported.rows.len()));
    h.get_by_role_and_label(Role::Button, ZH.show_on_timeline)
        .click();
    h.run();
    let (dated, undated) = h.state().timeline_view().shown_counts().expect("laid out");
    assert_eq!((dated, undated), (reported.dated, reported.undated));
}

#[test]
fn a_bar_of_the_monthly_chart_opens_the_mention_lines_of_its_month() {
    use kanbao::ui::entity_page::monthly::monthly_articles;
    let mut h = analysed();
    let id = li_qiang(&h);
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    // 李强 is named in three articles of the sample page, all of 2024-11-04.
    let bars = monthly_articles(k, id);
    assert_eq!(bars.len(), 1);
    let articles = bars[0].articles;
    assert!(articles >= 3, "{bars:?}");
    h.state_mut().go(Route::Entity(id));
    h.run();
    h.get_by_role_and_label(Role::Button, &format!("2024 11月：{articles} 篇"))
        .click();
    h.run();
    let query = h.state_mut().entity_page().mention_query.clone();
    assert_eq!(
        (query.from.as_str(), query.to.as_str()),
        ("2024-11", "2024-11")
    );
    let rows = h
        .state_mut()
        .entity_page()
        .mention_rows()
        .expect("the lines")
        .to_vec();
    let mut behind: Vec<_> = rows
        .iter()
        .map(|&m| k.entities.mentions[m as usize].span.article)
        .collect();
    behind.dedup();
    assert_eq!(behind.len(), articles, "the lines are the bar's articles");
}

#[test]
fn empty_date_boxes_show_the_first_and_last_month_naming_the_entity() {
    let bundle = common::scratch("ui-date-hints");
    common::copy_two_fixture_days(&bundle); // 2013-12-15 and 2015-03-31
    let app = KanbaoApp::opening(Settings::default(), Some(bundle));
    let mut h = common::builder([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut KanbaoApp| app.show(ui), app);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_loading() || h.state().analysis().is_none() {
        assert!(
            Instant::now() < deadline,
            "the two days were not analysed in 60 s"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    // An entity both days name, so its span is theirs.
    let both = k
        .entities
        .entities
        .iter()
        .find(|e| {
            let days: std::collections::BTreeSet<_> = e
                .articles
                .iter()
                .filter_map(|&a| k.article(a).and_then(|a| a.date))
                .collect();
            days.len() == 2
        })
        .expect("an entity named on both days");
    h.state_mut().go(Route::Entity(both.id));
    h.run();
    let placeholders: Vec<String> = h
        .query_all_by_role(Role::TextInput)
        .filter_map(|n| n.accesskit_node().placeholder().map(str::to_owned))
        .collect();
    assert!(
        placeholders.iter().any(|p| p == "2013-12"),
        "{placeholders:?}"
    );
    assert!(
        placeholders.iter().any(|p| p == "2015-03"),
        "{placeholders:?}"
    );
}
