#![cfg(feature = "gui")]
//! First-run help driven headless through egui_kittest: the hint that names and dates are
//! links (on the sample, once), and the colour key in the status bar.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kanbao::ui::i18n::{VIEWS_ZH, ZH};
use kanbao::ui::{KanbaoApp, Settings};

fn analysed(settings: Settings) -> Harness<'static, KanbaoApp> {
    let mut h = common::builder([1280.0, 800.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(settings),
    );
    h.step();
    h.state_mut().wait_for_analysis();
    h.run();
    h
}

#[test]
fn the_link_hint_shows_on_the_sample_until_dismissed_and_stays_dismissed() {
    let mut h = analysed(Settings::default());
    assert!(
        h.query_by_label(VIEWS_ZH.first_run_hint).is_some(),
        "the hint shows"
    );
    h.get_by_label(VIEWS_ZH.hint_understood).click();
    h.run();
    assert!(
        h.query_by_label(VIEWS_ZH.first_run_hint).is_none(),
        "dismissed"
    );
    assert!(h.state().settings.link_hint_dismissed);
    // The next start with these settings shows no hint.
    let h = analysed(h.state().settings.clone());
    assert!(h.query_by_label(VIEWS_ZH.first_run_hint).is_none());
}

#[test]
fn the_colour_key_names_every_link_colour_and_hides_on_its_toggle() {
    let mut h = analysed(Settings::default());
    for name in [
        VIEWS_ZH.legend_dates,
        VIEWS_ZH.legend_search_hit,
        ZH.group_orgs,
    ] {
        assert!(
            h.query_all_by_label(name).next().is_some(),
            "{name} in the key"
        );
    }
    h.get_by_label(VIEWS_ZH.legend).click();
    h.run();
    assert!(!h.state().settings.show_legend);
    assert!(
        h.query_by_label(VIEWS_ZH.legend_dates).is_none(),
        "the key is hidden"
    );
}
