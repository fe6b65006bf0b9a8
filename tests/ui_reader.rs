#![cfg(feature = "gui")]
//! The reader on a paragraph of a million characters, driven headless through egui_kittest:
//! only the pieces on screen are laid out, and the whole text is reachable by scrolling.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kanbao::bundle::{Article, ArticleId};
use kanbao::ui::i18n::Lang;
use kanbao::ui::reader::{self, PlainText, ReaderStyle};
use std::time::Instant;

/// A million chars: numbered sentences, so each piece's text says where it stands.
fn long_article() -> Article {
    let mut paragraph = String::new();
    let mut n = 0;
    while paragraph.chars().count() < 1_000_000 {
        paragraph.push_str(&format!(
            "第{n}句，神舟十八号乘组在东风着陆场成功着陆，航天员状态良好。"
        ));
        n += 1;
    }
    Article {
        id: ArticleId::new(0),
        title: "一段很长的文字".into(),
        paragraphs: vec![paragraph],
        ..Article::default()
    }
}

struct State {
    article: Article,
    scroll_to_end: bool,
}

fn labels(h: &Harness<'static, State>) -> Vec<String> {
    // A label's text is its node's value in AccessKit.
    h.query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value())
        .filter(|l| l.contains("着陆"))
        .collect()
}

#[test]
fn a_million_char_paragraph_lays_out_only_its_visible_pieces() {
    let state = State {
        article: long_article(),
        scroll_to_end: false,
    };
    let mut h = common::builder([900.0, 700.0]).build_ui_state(
        |ui, s: &mut State| {
            let area = egui::ScrollArea::vertical().auto_shrink([false, false]);
            area.show(ui, |ui| {
                let _ = reader::article_ui(
                    ui,
                    &s.article,
                    &PlainText,
                    &ReaderStyle::default(),
                    Lang::Zh,
                    false,
                );
                if std::mem::take(&mut s.scroll_to_end) {
                    ui.scroll_to_cursor(Some(egui::Align::BOTTOM));
                }
            });
        },
        state,
    );
    let started = Instant::now();
    h.run();
    let first = started.elapsed();
    let shown = labels(&h);
    assert!(!shown.is_empty(), "the first piece is drawn");
    assert!(shown[0].starts_with("第0句"), "{}", &shown[0][..30]);
    // About 500 pieces of 2,000 chars; a window shows a few.
    assert!(shown.len() <= 4, "{} pieces laid out", shown.len());
    // Later frames reuse the heights: as cheap as a short article.
    let started = Instant::now();
    for _ in 0..10 {
        h.step();
    }
    let per_frame = started.elapsed() / 10;
    eprintln!("first frames {first:?}, then {per_frame:?} a frame");
    // Scrolled to the end, the last sentence is drawn and the first is not.
    h.state_mut().scroll_to_end = true;
    h.run();
    let shown = labels(&h);
    assert!(shown.len() <= 4, "{} pieces laid out", shown.len());
    let last = shown.last().expect("a piece at the end");
    assert!(
        last.ends_with("航天员状态良好。"),
        "the text's end is reachable"
    );
    assert!(!shown.iter().any(|l| l.starts_with("第0句")));
}
