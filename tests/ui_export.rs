#![cfg(feature = "gui")]
//! The Export window driven headless through egui_kittest: it asks before replacing an existing
//! file (in both languages) and refuses a file of the loaded bundle, which stays byte-identical.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kanbao::knowledge::timeline::TimelineFilter;
use kanbao::ui::export_dialog::{ExportDialog, ExportOutcome, ExportRequest};
use kanbao::ui::i18n::{EN, Lang, ZH};
use std::path::{Path, PathBuf};

/// The window with what the app would keep: the bundle's path and the paths submitted.
struct State {
    dialog: ExportDialog,
    lang: Lang,
    bundle: Option<PathBuf>,
    submitted: Vec<PathBuf>,
}

fn harness(path: &Path, bundle: Option<PathBuf>, lang: Lang) -> Harness<'static, State> {
    let mut dialog = ExportDialog::default();
    dialog.open = true;
    dialog.path = path.display().to_string();
    let state = State {
        dialog,
        lang,
        bundle,
        submitted: Vec::new(),
    };
    let mut h = common::builder([900.0, 600.0]).build_ui_state(
        |ui, s: &mut State| {
            let filter = TimelineFilter::default();
            if let Some(p) = s
                .dialog
                .window(ui.ctx(), &filter, 3, s.lang, s.bundle.as_deref())
            {
                s.submitted.push(p);
            }
        },
        state,
    );
    h.run();
    h
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanbao-ui-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn click(h: &mut Harness<'static, State>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

#[test]
fn a_new_file_is_written_without_a_question() {
    let d = temp_dir("new");
    let path = d.join("timeline.html");
    let mut h = harness(&path, None, Lang::Zh);
    click(&mut h, ZH.export_do);
    assert_eq!(h.state().submitted, [path]);
    assert!(!h.state().dialog.is_confirming());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn replacing_an_existing_file_asks_first_in_both_languages() {
    let d = temp_dir("exists");
    let path = d.join("timeline.csv");
    std::fs::write(&path, "keep me").expect("write");
    for (lang, tr, question) in [
        (Lang::Zh, &ZH, "已存在。要替换它吗？"),
        (Lang::En, &EN, "already exists. Replace it?"),
    ] {
        let mut h = harness(&path, None, lang);
        click(&mut h, tr.export_do);
        assert!(h.state().submitted.is_empty(), "asked, not written");
        assert!(h.query_by_label_contains(question).is_some(), "{lang:?}");
        // Keeping the file: no export, the question goes away.
        click(&mut h, tr.export_keep);
        assert!(h.state().submitted.is_empty());
        assert!(h.query_by_label_contains(question).is_none());
        // Asked again, then replaced.
        click(&mut h, tr.export_do);
        click(&mut h, tr.export_replace);
        assert_eq!(h.state().submitted, std::slice::from_ref(&path), "{lang:?}");
    }
    assert_eq!(std::fs::read(&path).expect("read"), b"keep me");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn editing_the_path_drops_the_question() {
    let d = temp_dir("edit");
    let path = d.join("timeline.csv");
    std::fs::write(&path, "x").expect("write");
    let mut h = harness(&path, None, Lang::Zh);
    click(&mut h, ZH.export_do);
    assert!(h.state().dialog.is_confirming());
    h.state_mut().dialog.path = d.join("other.csv").display().to_string();
    h.run();
    assert!(!h.state().dialog.is_confirming());
    click(&mut h, ZH.export_do);
    assert_eq!(h.state().submitted, [d.join("other.csv")]);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_file_of_the_bundle_is_refused_and_stays_byte_identical() {
    let d = temp_dir("source");
    let news = d.join("news.jsonl");
    let bytes = "{\"title\": \"标题\", \"text\": \"正文。\"}\n".as_bytes();
    std::fs::write(&news, bytes).expect("write");
    // The loaded file itself, and a file inside a loaded folder.
    for bundle in [news.clone(), d.clone()] {
        let mut h = harness(&news, Some(bundle.clone()), Lang::Zh);
        click(&mut h, ZH.export_do);
        assert!(h.state().submitted.is_empty(), "refused, not asked");
        assert!(!h.state().dialog.is_confirming());
        assert!(h.query_by_label_contains("不能覆盖数据源文件").is_some());
        // The writing job refuses it too (the app's last word before the disk).
        let ctx = egui::Context::default();
        let mut dialog = ExportDialog::default();
        dialog.start_export(
            &ctx,
            ExportRequest {
                path: news.clone(),
                events: Vec::new(),
                title: "t".into(),
                bundle: Some(bundle),
                lang: Lang::En,
            },
        );
        match dialog.wait() {
            Some(ExportOutcome::Failed { why, .. }) => {
                assert!(why.contains("Will not overwrite a source"), "{why}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(std::fs::read(&news).expect("read"), bytes);
    }
    // A new bundle file in the loaded folder is refused as well.
    let mut h = harness(&d.join("export.json"), Some(d.clone()), Lang::En);
    click(&mut h, EN.export_do);
    assert!(h.state().submitted.is_empty());
    assert!(h.query_by_label_contains("would be read as news").is_some());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_save_dialog_that_answers_nothing_at_once_says_none_is_available_and_focuses_the_path() {
    let d = temp_dir("no-dialog");
    let path = d.join("timeline.html");
    let mut h = harness(&path, None, Lang::En);
    // Answered with nothing after 5 ms: no dialog was shown.
    h.state_mut()
        .dialog
        .dialog_answered(Ok(None), std::time::Duration::from_millis(5));
    h.run();
    assert!(
        h.query_by_label(EN.no_dialog).is_some(),
        "the window says so"
    );
    assert!(
        !h.state().dialog.wants_path_focus(),
        "the focus went to the path field"
    );
    let focused = h.ctx.memory(|m| m.focused());
    assert_eq!(focused, Some(kanbao::ui::export_dialog::path_id()));
    // A user who cancels a dialog shown for seconds is not told there is none.
    h.state_mut()
        .dialog
        .dialog_answered(Ok(None), std::time::Duration::from_secs(3));
    h.run();
    assert!(h.query_by_label(EN.no_dialog).is_none());
    // A chosen path fills the field.
    let chosen = d.join("chosen.html");
    h.state_mut()
        .dialog
        .dialog_answered(Ok(Some(chosen.clone())), std::time::Duration::from_secs(2));
    h.run();
    assert_eq!(h.state().dialog.path, chosen.display().to_string());
    let _ = std::fs::remove_dir_all(&d);
}
