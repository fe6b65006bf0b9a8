#![cfg(feature = "gui")]
//! Relationships over time driven headless through egui_kittest: the co-occurrence network
//! around an entity (a node's click opens it, Back returns), the comparison of mentions per
//! month (a bar's click opens the articles behind it), and the search's order and facets kept
//! in its history entry and derived on a worker.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable as _, by};
use kanbao::ids::EntityId;
use kanbao::knowledge::search::SearchOrder;
use kanbao::ui::entity_page::PageTab;
use kanbao::ui::entity_page::network::node_label;
use kanbao::ui::i18n::{Lang, VIEWS_ZH};
use kanbao::ui::search_facets::DateFacet;
use kanbao::ui::{KanbaoApp, Nav, Route, Settings};
use std::time::{Duration, Instant};

/// The app on the sample, its analysis finished.
fn analysed() -> Harness<'static, KanbaoApp> {
    let mut h = common::builder([1400.0, 900.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(Settings::default()),
    );
    h.step();
    h.state_mut().wait_for_analysis();
    h.run();
    h
}

fn entity(h: &Harness<'static, KanbaoApp>, name: &str) -> EntityId {
    let analysis = h.state().analysis().expect("analysed");
    *analysis
        .knowledge
        .entities
        .find_by_name(name)
        .first()
        .expect("an entity of the sample")
}

/// Steps frames until `done` holds (workers answer between frames).
fn step_until(h: &mut Harness<'static, KanbaoApp>, done: impl Fn(&mut KanbaoApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(h.state_mut()) {
        assert!(Instant::now() < deadline, "not done after 20 s");
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    h.run();
}

#[test]
fn a_network_node_click_opens_the_entity_and_back_returns() {
    let mut h = analysed();
    let li = entity(&h, "李强");
    h.state_mut().go(Route::Entity(li));
    h.state_mut().entity_page().tab = PageTab::Network;
    h.run();
    step_until(&mut h, |app| {
        !app.entity_page().is_laying_out() && app.entity_page().network().is_some()
    });
    let network = h
        .state_mut()
        .entity_page()
        .network()
        .cloned()
        .expect("laid out");
    let analysis = h.state().analysis().expect("analysed").clone();
    let k = &analysis.knowledge;
    // The network is the entity's most shared neighbours, the centre first.
    let expected = k.entities.co_occurring(li, 20);
    assert_eq!(network.nodes[0].entity, li);
    let neighbours: Vec<(EntityId, u32)> = network.nodes[1..]
        .iter()
        .map(|n| (n.entity, n.shared))
        .collect();
    assert_eq!(neighbours, expected);
    assert!(
        network.links.iter().any(|l| l.a > 0),
        "links among the neighbours"
    );
    let (top, shared) = expected[0];
    let name = k.entities.entities[top.index()].name.clone();
    h.get_by_role_and_label(Role::Button, &node_label(&name, shared, Lang::Zh))
        .click();
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(top));
    h.state_mut().navigate(Nav::Back);
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(li));
}

#[test]
fn the_network_follows_the_kind_filter() {
    let mut h = analysed();
    let li = entity(&h, "李强");
    h.state_mut().go(Route::Entity(li));
    h.state_mut().entity_page().tab = PageTab::Network;
    h.state_mut().entity_page().network_query.group =
        Some(kanbao::ui::analysis::EntityGroup::Places);
    h.run();
    step_until(&mut h, |app| {
        !app.entity_page().is_laying_out() && app.entity_page().network().is_some()
    });
    let network = h
        .state_mut()
        .entity_page()
        .network()
        .cloned()
        .expect("laid out");
    let analysis = h.state().analysis().expect("analysed").clone();
    assert!(network.nodes.len() > 1, "李强 shares articles with places");
    for n in &network.nodes[1..] {
        let e = analysis.entity(n.entity).expect("an entity");
        assert_eq!(
            kanbao::ui::analysis::EntityGroup::of(e),
            kanbao::ui::analysis::EntityGroup::Places,
            "{}",
            e.name
        );
    }
}

#[test]
fn a_chart_bar_opens_its_articles() {
    let mut h = analysed();
    let li = entity(&h, "李强");
    h.state_mut().go(Route::Entity(li));
    h.state_mut().entity_page().tab = PageTab::Compare;
    h.run();
    // Add a second entity by name.
    let r = Lang::Zh.relations();
    h.get_by_role_and_label(Role::TextInput, r.compare_add_label)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, r.compare_add_label)
        .type_text("哈萨克斯坦");
    h.run();
    h.get_by_role_and_label(Role::Button, r.add).click();
    h.run();
    let kz = entity(&h, "哈萨克斯坦");
    assert_eq!(h.state_mut().entity_page().compared, [kz]);
    step_until(&mut h, |app| !app.entity_page().is_comparing());
    // The sample is one page of 2024-11-04: one November bar per entity.
    let analysis = h.state().analysis().expect("analysed").clone();
    let articles = analysis.entity(kz).expect("an entity").articles.len();
    let label = Lang::Zh.series_bar("哈萨克斯坦", "2024 11月", articles);
    h.get_by_role_and_label(Role::Button, &label).click();
    h.run();
    assert_eq!(h.state().route(), &Route::Entity(kz));
    let page = h.state_mut().entity_page();
    assert_eq!(page.tab, PageTab::Mentions);
    assert_eq!(
        (
            page.mention_query.from.as_str(),
            page.mention_query.to.as_str()
        ),
        ("2024-11", "2024-11")
    );
    step_until(&mut h, |app| !app.entity_page().is_filtering());
    let rows = h
        .state_mut()
        .entity_page()
        .mention_rows()
        .expect("mention lines")
        .to_vec();
    let k = &analysis.knowledge;
    let mut shown: Vec<_> = rows
        .iter()
        .map(|&m| k.entities.mentions[m as usize].span.article)
        .collect();
    shown.sort();
    shown.dedup();
    assert_eq!(shown.len(), articles, "the bar's articles, each once");
}

#[test]
fn back_restores_the_order_and_facets_a_search_was_left_with() {
    let mut h = analysed();
    h.state_mut().search_for("李强");
    h.run();
    h.get_by_label(VIEWS_ZH.order_oldest).click();
    h.run();
    h.query_all(by().role(Role::Button).label_contains("2024："))
        .next()
        .expect("the year bar")
        .click();
    h.run();
    h.state_mut().search_for("会见");
    h.run();
    let filter = h.state_mut().search_view().filter;
    assert_eq!(
        filter.order,
        SearchOrder::Oldest,
        "a new query keeps the order"
    );
    assert_eq!(filter.date, None, "and drops the facets");
    h.state_mut().navigate(Nav::Back);
    h.run();
    assert!(matches!(h.state().route(), Route::Search(q, _) if q == "李强"));
    let filter = h.state_mut().search_view().filter;
    assert_eq!(filter.order, SearchOrder::Oldest);
    assert_eq!(filter.date, Some(DateFacet::Year(2024)));
    h.state_mut().navigate(Nav::Forward);
    h.run();
    assert_eq!(h.state_mut().search_view().filter.date, None);
}

#[test]
fn a_large_answer_is_ordered_on_a_worker_with_the_old_rows_shown_meanwhile() {
    let mut h = analysed();
    h.state_mut().search_view().inline_results = 0;
    h.state_mut().search_for("李强");
    h.run();
    let analysis = h.state().analysis().expect("analysed").clone();
    let ctx = h.ctx.clone();
    let relevance = h
        .state_mut()
        .search_view()
        .wait_shown(&ctx, &analysis)
        .expect("ordered");
    h.state_mut().search_view().filter.order = SearchOrder::Oldest;
    // Before the worker answers, the view shows the rows it had.
    let meanwhile = h
        .state_mut()
        .search_view()
        .shown(&ctx, &analysis)
        .expect("rows");
    if h.state_mut().search_view().is_ordering() {
        assert_eq!(meanwhile.rows, relevance.rows);
    }
    step_until(&mut h, |app| !app.search_view().is_ordering());
    let oldest = h
        .state_mut()
        .search_view()
        .wait_shown(&ctx, &analysis)
        .expect("ordered");
    let mut sorted = relevance.rows.clone();
    sorted.sort_unstable();
    let mut again = oldest.rows.clone();
    again.sort_unstable();
    assert_eq!(sorted, again, "the same results, in another order");
    let inline = kanbao::ui::search_facets::derive(
        &analysis.knowledge,
        &h.state_mut()
            .search_view()
            .results(&analysis, "李强", None)
            .0
            .articles
            .clone(),
        &[],
        &h.state_mut().search_view().filter,
    );
    assert_eq!(
        oldest.rows, inline.rows,
        "the worker orders as the frame would"
    );
}
