#![cfg(feature = "gui")]
//! Corrections in the app, driven headless through egui_kittest: an entity hidden and merged
//! from its page, an event rejected from the timeline, each undone from the Edit menu, and the
//! corrections applied again when the app starts anew on the same journal.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kanbao::ui::i18n::ZH;
use kanbao::ui::{KanbaoApp, Route, Settings};
use std::path::{Path, PathBuf};

fn journal(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "kanbao-ui-corrections-{name}-{}.sqlite",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

/// The app on the sample with corrections kept in `journal`, its analysis (and corrections) done.
fn analysed(journal: &Path) -> Harness<'static, KanbaoApp> {
    let mut h = common::builder([1400.0, 900.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(Settings::default()).with_corrections(Some(journal.to_path_buf())),
    );
    h.step(); // the first frame starts the analysis
    h.state_mut().wait_for_analysis();
    settle(&mut h);
    assert!(h.state().analysis().is_some(), "the sample is analysed");
    h
}

/// Runs frames until corrections being applied are shown.
fn settle(h: &mut Harness<'static, KanbaoApp>) {
    h.step();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_corrections(&ctx);
    h.run();
}

fn entity_names(h: &Harness<'static, KanbaoApp>) -> Vec<String> {
    let a = h.state().analysis().expect("analysis");
    a.knowledge
        .entities
        .entities
        .iter()
        .map(|e| e.name.clone())
        .collect()
}

fn open_entity(h: &mut Harness<'static, KanbaoApp>, name: &str) {
    let k = &h.state().analysis().expect("analysis").knowledge;
    let id = k
        .entities
        .entities
        .iter()
        .find(|e| e.name == name)
        .expect(name)
        .id;
    h.state_mut().go(Route::Entity(id));
    h.run();
}

#[test]
fn an_entity_hidden_from_its_page_is_gone_until_undone_and_stays_hidden_at_the_next_start() {
    let journal = journal("hide");
    let mut h = analysed(&journal);
    let names = entity_names(&h);
    let name = names[3].clone();
    open_entity(&mut h, &name);
    h.get_by_label(ZH.correct_menu).click();
    h.run();
    h.get_by_label(ZH.hide_entity).click();
    settle(&mut h);
    let after = entity_names(&h);
    assert_eq!(after.len(), names.len() - 1);
    assert!(!after.contains(&name));
    assert_eq!(*h.state().route(), Route::Home, "its page is gone");
    assert_eq!(h.state().corrections().entries().len(), 1);
    // A new start on the same journal applies it again.
    drop(h);
    let h2 = analysed(&journal);
    assert!(!entity_names(&h2).contains(&name));
    drop(h2);
    // Undone from the Edit menu.
    let mut h = analysed(&journal);
    h.get_by_label(ZH.menu_edit).click();
    h.run();
    let undo = format!("{}：隐藏：{name}", ZH.undo);
    h.get_by_label_contains(&undo).click();
    settle(&mut h);
    assert_eq!(entity_names(&h), names);
    assert!(h.state().corrections().can_redo());
    let _ = std::fs::remove_file(&journal);
}

#[test]
fn merging_from_the_page_keeps_the_page_on_the_merged_entity() {
    let journal = journal("merge");
    let mut h = analysed(&journal);
    let k = h.state().analysis().expect("analysis").knowledge.clone();
    let places: Vec<&kanbao::knowledge::entities::Entity> = k
        .entities
        .entities
        .iter()
        .filter(|e| e.kind == kanbao::extract::ner::EntityKind::Loc)
        .collect();
    let (keep, absorb) = (places[1].name.clone(), places[0].name.clone());
    let total = places[0].count + places[1].count;
    open_entity(&mut h, &keep);
    h.get_by_label(ZH.correct_menu).click();
    h.run();
    h.get_by_label(ZH.merge_in).click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.merge_in)
        .type_text(&absorb);
    h.run();
    h.get_by_role_and_label(Role::Button, ZH.apply_correction)
        .click();
    settle(&mut h);
    let a = h.state().analysis().expect("analysis");
    let Route::Entity(id) = *h.state().route() else {
        panic!("still on an entity page: {:?}", h.state().route());
    };
    let e = &a.knowledge.entities.entities[id.index()];
    assert_eq!((e.name.as_str(), e.count), (keep.as_str(), total));
    assert!(e.aliases.contains(&absorb));
    let _ = std::fs::remove_file(&journal);
}

#[test]
fn an_event_rejected_on_the_timeline_leaves_it() {
    let journal = journal("event");
    let mut h = analysed(&journal);
    let k = h.state().analysis().expect("analysis").knowledge.clone();
    let event = k.timeline.events[0].clone();
    h.state_mut().go(Route::Timeline {
        focus: Some(kanbao::ids::EventId::new(0)),
        filter: kanbao::ui::route::TimelineFilterInputs::default(),
    });
    h.run();
    h.get_by_role_and_label(Role::Button, ZH.reject_event)
        .click();
    settle(&mut h);
    let after = &h.state().analysis().expect("analysis").knowledge.timeline;
    assert_eq!(after.events.len(), k.timeline.events.len() - 1);
    assert!(after.events.iter().all(|e| e.id != event.id));
    let _ = std::fs::remove_file(&journal);
}

/// Edit ▸ Corrections, the file typed in the window's field, then the button `action`.
fn through_the_window(h: &mut Harness<'static, KanbaoApp>, file: &Path, action: &str) {
    h.get_by_label(ZH.menu_edit).click();
    h.run();
    h.get_by_label_contains(&format!("{} (", ZH.corrections_title))
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.corrections_file)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.corrections_file)
        .type_text(file.to_str().expect("a UTF-8 path"));
    h.run();
    h.get_by_role_and_label(Role::Button, action).click();
    h.run();
}

#[test]
fn corrections_export_and_import_through_the_window() {
    let journal_a = journal("window-a");
    let mut h = analysed(&journal_a);
    let names = entity_names(&h);
    let name = names[5].clone();
    h.state_mut().navigate(kanbao::ui::route::Nav::Correct(
        kanbao::corrections::Correction::Hide {
            entity: name.clone(),
        },
    ));
    settle(&mut h);
    let file = std::env::temp_dir().join(format!("kanbao-ui-corr-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&file);
    through_the_window(&mut h, &file, ZH.export_corrections);
    let notices: Vec<String> = h
        .state()
        .notices()
        .iter()
        .map(|n| format!("{n:?}"))
        .collect();
    let written = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {notices:?}"));
    assert!(written.contains(&name), "{written}");
    drop(h);
    // A colleague's app, with a journal of its own, imports the file.
    let journal_b = journal("window-b");
    let mut h = analysed(&journal_b);
    assert!(entity_names(&h).contains(&name));
    through_the_window(&mut h, &file, ZH.import_corrections);
    settle(&mut h);
    assert!(!entity_names(&h).contains(&name));
    for path in [journal_a, journal_b, file] {
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn an_unreadable_journal_is_told_and_the_analysis_shown_uncorrected() {
    let journal = journal("unreadable");
    std::fs::write(&journal, vec![0x5a_u8; 8192]).expect("junk journal");
    let h = analysed(&journal);
    let app = h.state();
    let notice = app.notices().last().expect("a notice");
    assert_eq!(notice.level, kanbao::ui::NoticeLevel::Error);
    assert_eq!(
        notice.title,
        kanbao::ui::i18n::Lang::Zh.corrections_unreadable()
    );
    assert!(!entity_names(&h).is_empty(), "the analysis is shown");
    let _ = std::fs::remove_file(&journal);
}
