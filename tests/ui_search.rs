#![cfg(feature = "gui")]
//! The search view driven headless through egui_kittest: orders, the date histogram and entity
//! facets, phrases and exclusions, every word marked, the list following the opened hit, CSV.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use kanbao::knowledge::search::SearchOrder;
use kanbao::ui::i18n::VIEWS_ZH;
use kanbao::ui::search_facets::DateFacet;
use kanbao::ui::search_view::SearchContext;
use kanbao::ui::{KanbaoApp, Route, Settings};
use std::path::Path;

/// The app on the sample at `size`, analysed, showing the results of `query`.
fn searched(size: [f32; 2], query: &str) -> Harness<'static, KanbaoApp> {
    let mut h = common::builder(size).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(Settings::default()),
    );
    h.step();
    h.state_mut().wait_for_analysis();
    h.run();
    h.state_mut().search_for(query);
    h.run();
    h
}

/// The titles of the rows shown, in order.
fn shown_titles(h: &mut Harness<'static, KanbaoApp>) -> Vec<String> {
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    let query = match h.state().route() {
        Route::Search(q, _) => q.clone(),
        other => panic!("expected the search route, got {other:?}"),
    };
    let ctx = h.ctx.clone();
    let view = h.state_mut().search_view();
    let (results, _) = view.results(&analysis, &query, None);
    let ids: Vec<_> = results.articles.iter().map(|a| a.article).collect();
    let rows = view
        .wait_shown(&ctx, &analysis)
        .expect("search finished")
        .rows
        .clone();
    rows.iter()
        .map(|&i| k.bundle.articles[ids[i].index()].title.clone())
        .collect()
}

#[test]
fn relevance_puts_the_article_about_the_word_first_and_the_order_buttons_switch() {
    let mut h = searched([1400.0, 900.0], "着陆");
    let titles = shown_titles(&mut h);
    assert!(!titles.is_empty());
    assert!(
        titles[0].contains("着陆"),
        "the article with 着陆 in its title comes first: {titles:?}"
    );
    for (label, order) in [
        (VIEWS_ZH.order_newest, SearchOrder::Newest),
        (VIEWS_ZH.order_oldest, SearchOrder::Oldest),
        (VIEWS_ZH.order_relevance, SearchOrder::Relevance),
    ] {
        h.get_by_label(label).click();
        h.run();
        assert_eq!(h.state_mut().search_view().filter.order, order);
    }
}

#[test]
fn a_year_bar_then_a_month_bar_filter_the_results() {
    let mut h = searched([1400.0, 900.0], "李强");
    let all = shown_titles(&mut h).len();
    assert!(all >= 3, "李强 is in several sample articles");
    // The sample is one page of 2024-11-04: one year bar holding every result.
    h.get_by_role_and_label(Role::Button, &format!("2024：{all} 篇"))
        .click();
    h.run();
    assert_eq!(
        h.state_mut().search_view().filter.date,
        Some(DateFacet::Year(2024))
    );
    // The year's months are shown now; November holds them all, October none.
    assert!(
        h.query_by_label("10月：0 篇").is_some(),
        "the months of 2024 are bars"
    );
    h.get_by_label(&format!("11月：{all} 篇")).click();
    h.run();
    assert_eq!(
        h.state_mut().search_view().filter.date,
        Some(DateFacet::Month(2024, 11))
    );
    assert_eq!(shown_titles(&mut h).len(), all);
    // The chosen range's × shows every year again.
    h.get_by_label("2024 11月 ×").click();
    h.run();
    assert_eq!(h.state_mut().search_view().filter.date, None);
}

#[test]
fn an_entity_of_the_facet_keeps_the_results_that_mention_it() {
    let mut h = searched([1400.0, 900.0], "会见");
    // The entity panel has kind tabs of its own: hidden here, the facet's are the only ones.
    h.state_mut().settings.panels.entities.shown = false;
    h.run();
    let before = shown_titles(&mut h);
    // Places: the facet lists the places of the results, most first.
    h.get_by_role_and_label(Role::Button, kanbao::ui::i18n::ZH.group_places)
        .click();
    h.run();
    let chip = h
        .query_all(by().label_contains("哈萨克斯坦"))
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("哈萨克斯坦 is among the places of the results");
    chip.click();
    h.run();
    let chosen = h
        .state_mut()
        .search_view()
        .filter
        .entity
        .expect("an entity chosen");
    let analysis = h.state().analysis().expect("analysed").clone();
    let name = &analysis.entity(chosen).expect("the entity").name;
    assert!(name.contains("哈萨克斯坦"), "{name}");
    let after = shown_titles(&mut h);
    assert!(!after.is_empty() && after.len() <= before.len());
    for title in &after {
        let article = analysis
            .knowledge
            .bundle
            .articles
            .iter()
            .find(|a| &a.title == title)
            .expect("listed article");
        assert!(
            analysis
                .knowledge
                .entities
                .article_mentions(article.id)
                .iter()
                .any(|m| m.entity == chosen),
            "{title} mentions the chosen entity"
        );
    }
}

#[test]
fn an_excluded_word_drops_articles_and_a_phrase_must_stand_together() {
    let mut h = searched([1400.0, 900.0], "李强");
    let all = shown_titles(&mut h);
    h.state_mut().search_for("李强 -会见");
    h.run();
    let kept = shown_titles(&mut h);
    assert!(kept.len() < all.len(), "{kept:?} vs {all:?}");
    let analysis = h.state().analysis().expect("analysed").clone();
    for title in &kept {
        let a = analysis
            .knowledge
            .bundle
            .articles
            .iter()
            .find(|a| &a.title == title)
            .expect("listed");
        assert!(a.texts().all(|(_, _, t)| !t.contains("会见")), "{title}");
    }
    h.state_mut().search_for("\"会见哈萨克斯坦\"");
    h.run();
    assert_eq!(shown_titles(&mut h).len(), 1);
    h.state_mut().search_for("\"哈萨克斯坦会见\"");
    h.run();
    assert!(h.query_by_label(kanbao::ui::i18n::ZH.no_results).is_some());
}

#[test]
fn the_opened_hit_marks_every_word_and_its_article_is_selected_in_the_list() {
    // A short window: the list shows only its first rows until it follows the opened article.
    let mut h = searched([1100.0, 200.0], "东风 着陆");
    let title = "神舟十八号乘组刷新我国航天员在轨飞行时长纪录 在轨时长达192天 昨在东风着陆场成功着陆返回地球";
    assert!(
        h.query_all(by().role(Role::ListBoxOption).label(title))
            .next()
            .is_none(),
        "the article's row is out of the list's view at first"
    );
    // Opened as a click on its result row opens it (the window is too short to show the row).
    let analysis = h.state().analysis().expect("analysed").clone();
    let (results, _) = h
        .state_mut()
        .search_view()
        .results(&analysis, "东风 着陆", None);
    let first_hit = results
        .articles
        .iter()
        .find(|a| analysis.knowledge.bundle.articles[a.article.index()].title == title)
        .and_then(|a| a.hits.first().copied())
        .expect("the 神舟十八号 article is a result");
    h.state_mut().go(Route::Passage(first_hit));
    h.run();
    let Route::Passage(hit) = *h.state().route() else {
        panic!("expected a passage, got {:?}", h.state().route());
    };
    let marks = h.state_mut().search_view().marks_beside(hit);
    let analysis = h.state().analysis().expect("analysed").clone();
    let words: Vec<String> = marks
        .iter()
        .map(|m| analysis.knowledge.span_text(*m).expect("text"))
        .collect();
    assert!(
        words.contains(&"东风".to_owned()) && words.contains(&"着陆".to_owned()),
        "{words:?}"
    );
    let row = h
        .query_all(by().role(Role::ListBoxOption).label(title))
        .next()
        .expect("the list scrolled to the opened article");
    // egui says a selected row is toggled on.
    assert_eq!(
        row.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

#[test]
fn the_rows_shown_are_written_as_csv() {
    let mut h = searched([1400.0, 900.0], "李强");
    let dir = std::env::temp_dir().join(format!("kanbao-search-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("李强.csv");
    let analysis = h.state().analysis().expect("analysed").clone();
    let rows = shown_titles(&mut h);
    let ctx = h.ctx.clone();
    let cx = SearchContext {
        lang: kanbao::ui::i18n::Lang::Zh,
        export_dir: Path::new("."),
        bundle: None,
    };
    let view = h.state_mut().search_view();
    view.start_csv(&ctx, &analysis, path.clone(), &cx);
    let (ok, message) = view.wait_csv(cx.lang).expect("an outcome");
    assert!(ok, "{message}");
    let mut reader = csv::Reader::from_path(&path).expect("the CSV reads back");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["title", "date", "source", "snippet"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), rows.len());
    for (record, title) in records.iter().zip(&rows) {
        assert_eq!(&record[0], title);
        assert_eq!(&record[1], "2024-11-04");
        assert!(record[2].contains(':'), "file:line");
        assert!(record[3].contains("李强"), "{}", &record[3]);
    }
    std::fs::remove_dir_all(&dir).ok();
}
