#![cfg(feature = "gui")]
//! The desktop app driven headless through egui_kittest, with the embedded CJK font.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use kanbao::bundle::fields::Role as FieldRole;
use kanbao::ids::ArticleId;
use kanbao::ui::i18n::{EN, Lang, ZH};
use kanbao::ui::{BundleSource, KanbaoApp, NoticeLevel, Route, Settings};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The six articles of the embedded sample page, in page order.
const SAMPLE_TITLES: [&str; 6] = [
    "谱写新时代社会工作高质量发展新篇章",
    "李强分别会见哈萨克斯坦总理、乌兹别克斯坦总理",
    "李强同进博会参展商、采购商代表座谈 中国开放的大门只会越开越大",
    "李强将出席大湄公河次区域经济合作第八次领导人会议",
    "杭州援建阿克苏苹果实景气象监测站",
    "神舟十八号乘组刷新我国航天员在轨飞行时长纪录 在轨时长达192天 昨在东风着陆场成功着陆返回地球",
];

/// The app in a harness, before its first frame.
fn unsettled(settings: Settings) -> Harness<'static, KanbaoApp> {
    common::builder([1280.0, 800.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(settings),
    )
}

fn harness_with(settings: Settings) -> Harness<'static, KanbaoApp> {
    let mut h = unsettled(settings);
    settle(&mut h);
    h
}

/// Lets the analysis that follows every load end, then the UI settle (the analysis wakes the
/// UI as it moves through its phases).
fn settle(h: &mut Harness<'static, KanbaoApp>) {
    h.step();
    h.state_mut().wait_for_analysis();
    h.run();
}

fn harness() -> Harness<'static, KanbaoApp> {
    harness_with(Settings::default())
}

/// Steps frames until the background load has answered, then lets the UI settle.
fn wait_for_load(h: &mut Harness<'static, KanbaoApp>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().is_loading() {
        assert!(Instant::now() < deadline, "load did not finish in 30 s");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(h);
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A fresh directory under the system temp dir for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kanbao-ui-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir can be created");
    dir
}

fn listed_titles(h: &Harness<'static, KanbaoApp>) -> Vec<String> {
    h.query_all_by_role(Role::ListBoxOption)
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

/// The titles listed, sorted (the list groups by date, so its order is not the page's).
fn listed_sorted(h: &Harness<'static, KanbaoApp>) -> Vec<String> {
    let mut titles = listed_titles(h);
    titles.sort();
    titles
}

fn sample_sorted() -> Vec<String> {
    let mut titles: Vec<String> = SAMPLE_TITLES.iter().map(|t| t.to_string()).collect();
    titles.sort();
    titles
}

#[test]
fn starts_on_the_sample_and_lists_its_six_articles() {
    let h = harness();
    assert_eq!(h.state().source(), &BundleSource::Sample);
    assert_eq!(listed_sorted(&h), sample_sorted());
    // The first article is open in the reader.
    assert_eq!(h.state().route(), &Route::Article(ArticleId::new(0)));
    let first = &h.state().bundle().articles[0];
    h.get_by_role_and_label(Role::Label, &first.title);
}

#[test]
fn clicking_a_title_shows_that_articles_first_paragraph() {
    let mut h = harness();
    let id = h
        .state()
        .bundle()
        .articles
        .iter()
        .position(|a| a.title == SAMPLE_TITLES[4])
        .expect("the sample has the 杭州 article");
    let first_paragraph = h.state().bundle().articles[id].paragraphs[0].clone();
    assert!(
        h.query_by_label(&first_paragraph).is_none(),
        "not shown before the click"
    );

    h.get_by_role_and_label(Role::ListBoxOption, SAMPLE_TITLES[4])
        .click();
    h.run();

    assert_eq!(
        h.state().route(),
        &Route::Article(ArticleId::new(id as u32))
    );
    h.get_by_label(&first_paragraph);
    h.get_by_role_and_label(Role::Label, SAMPLE_TITLES[4]);
    assert!(h.state().history().has_back());
}

#[test]
fn the_filter_box_narrows_the_list_with_chinese_input() {
    let mut h = harness();
    h.get_by_role_and_label(Role::TextInput, ZH.filter_label)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.filter_label)
        .type_text("李强");
    h.run();

    let titles = listed_titles(&h);
    assert_eq!(titles, SAMPLE_TITLES[1..4]);
    h.get_by_label_contains("3 / 6 篇");

    // Keyboard: down arrow from the filter box walks the filtered list.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    let first_match = h
        .state()
        .bundle()
        .articles
        .iter()
        .position(|a| a.title == SAMPLE_TITLES[1])
        .expect("the sample has the 哈萨克斯坦 article") as u32;
    assert_eq!(
        h.state().route(),
        &Route::Article(ArticleId::new(first_match))
    );
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(
        h.state().route(),
        &Route::Article(ArticleId::new(first_match + 1))
    );
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(
        h.state().route(),
        &Route::Article(ArticleId::new(first_match))
    );

    // A term no title holds empties the list and says so.
    h.get_by_role_and_label(Role::TextInput, ZH.filter_label)
        .type_text(" 火星");
    h.run();
    assert!(listed_titles(&h).is_empty());
    h.get_by_label(ZH.no_match);
}

#[test]
fn opening_a_path_loads_another_bundle() {
    let mut h = harness();
    let path = fixture("days/2019-01-03.txt");
    h.state_mut().request_open(BundleSource::Path(path.clone()));
    wait_for_load(&mut h);

    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Path(path.clone()));
    assert!(app.notices().is_empty(), "{:?}", app.notices());
    assert_eq!(app.settings.recent.first(), Some(&path));
    assert_eq!(app.settings.last_bundle.as_ref(), Some(&path));
    let titles = listed_titles(&h);
    assert_eq!(titles.len(), h.state().bundle().articles.len());
    assert!(titles.len() > 6, "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("嫦娥四号")), "{titles:?}");
    assert!(titles.iter().all(|t| !SAMPLE_TITLES.contains(&t.as_str())));
    assert_eq!(h.state().route(), &Route::Article(ArticleId::new(0)));
}

#[test]
fn a_path_given_at_start_is_opened_without_analysing_the_sample_first() {
    let path = fixture("days/2019-01-03.txt");
    let app = KanbaoApp::opening(Settings::default(), Some(path.clone()));
    assert!(app.is_loading());
    assert!(!app.is_analysing(), "the sample is not to be analysed");
    let mut h = common::builder([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut KanbaoApp| app.show(ui), app);
    wait_for_load(&mut h);
    let app = h.state();
    let analysis = app.analysis().expect("the path's bundle is analysed");
    assert!(std::ptr::eq(&*analysis.knowledge.bundle, app.bundle()));
    assert_eq!(app.source(), &BundleSource::Path(path));

    // A path that cannot be opened leaves the sample, analysed after all.
    let missing = temp_dir("start-missing").join("none.txt");
    let mut h = common::builder([1280.0, 800.0]).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::opening(Settings::default(), Some(missing)),
    );
    wait_for_load(&mut h);
    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Sample);
    assert!(app.analysis().is_some(), "the sample is analysed");
}

#[test]
fn a_bundle_opened_while_the_previous_one_is_analysed_gets_its_own_analysis() {
    let mut h = unsettled(Settings::default());
    h.step(); // starts the analysis of the sample
    assert!(h.state().is_analysing());
    let path = fixture("days/2019-01-03.txt");
    h.state_mut().request_open(BundleSource::Path(path.clone()));
    wait_for_load(&mut h);

    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Path(path));
    assert!(!app.is_analysing());
    let analysis = app.analysis().expect("the new bundle is analysed");
    assert!(std::ptr::eq(&*analysis.knowledge.bundle, app.bundle()));
    assert!(!analysis.knowledge.entities.entities.is_empty());
}

#[test]
fn the_path_field_opens_a_typed_path() {
    let mut h = harness();
    h.state_mut().open_path_prompt();
    h.run();
    let path = fixture("days/2019-01-03.txt");
    h.get_by_role_and_label(Role::TextInput, ZH.path_label)
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_role_and_label(Role::Button, ZH.open).click();
    // One frame: the load (and the analysis after it) wake the UI on their own schedule.
    h.step();
    wait_for_load(&mut h);
    assert_eq!(h.state().source(), &BundleSource::Path(path));
    assert!(
        h.query_by_role_and_label(Role::TextInput, ZH.path_label)
            .is_none()
    );
}

/// Picks `field` in the field map's choice for `role`.
fn choose_field(h: &mut Harness<'static, KanbaoApp>, role: FieldRole, field: &str) {
    h.get_by_role_and_label(Role::ComboBox, Lang::Zh.field_role(role))
        .click();
    h.run();
    h.get_all_by_label(field)
        .last()
        .expect("the field is offered")
        .click();
    h.run();
}

#[test]
fn records_whose_field_names_say_nothing_are_read_again_with_the_fields_picked() {
    let mut h = harness();
    let dir = temp_dir("field-map");
    let path = dir.join("odd.jsonl");
    let records = [
        r#"{"heading":"标题一","story":"李强出席会议。","when":"2024-11-04"}"#,
        r#"{"heading":"标题二","story":"王毅会见外宾。","when":"2024-11-05"}"#,
    ];
    std::fs::write(&path, records.join("\n")).expect("temp file can be written");
    h.state_mut().request_open(BundleSource::Path(path.clone()));
    wait_for_load(&mut h);
    assert!(h.state().bundle().articles.is_empty());
    // No article: the field map opens by itself and says why.
    h.get_by_label(Lang::Zh.field_map_nothing_read());

    choose_field(&mut h, FieldRole::Title, "heading");
    choose_field(&mut h, FieldRole::Text, "story");
    choose_field(&mut h, FieldRole::Date, "when");
    h.get_by_role_and_label(Role::Button, Lang::Zh.field_map_reopen())
        .click();
    h.step();
    wait_for_load(&mut h);

    let app = h.state();
    let titles: Vec<&str> = app
        .bundle()
        .articles
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(titles, ["标题一", "标题二"]);
    let date = app.bundle().articles[1].date.map(|d| d.to_string());
    assert_eq!(date.as_deref(), Some("2024-11-05"));
    assert_eq!(
        app.settings.field_maps.get(&path).map(String::as_str),
        Some("title=heading,text=story,date=when")
    );
    assert!(app.analysis().is_some(), "the mapped bundle is analysed");
    // The status bar says a map is in force; it reopens the window.
    h.get_by_role_and_label(Role::Button, Lang::Zh.field_map_in_force())
        .click();
    h.run();
    h.get_by_label(Lang::Zh.field_map_intro());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_path_shows_an_error_and_keeps_the_previous_bundle() {
    let mut h = harness();
    let missing = temp_dir("missing").join("没有这个文件.txt");
    h.state_mut()
        .request_open(BundleSource::Path(missing.clone()));
    wait_for_load(&mut h);

    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Sample);
    assert_eq!(app.bundle().articles.len(), 6);
    let notice = app.notices().last().expect("an error notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice.title.contains(&missing.display().to_string()),
        "{notice:?}"
    );
    h.get_by_label_contains(ZH.cannot_open);
    assert_eq!(listed_sorted(&h), sample_sorted());

    // The notice can be dismissed; the app keeps running.
    h.get_by_role_and_label(Role::Button, ZH.dismiss).click();
    h.run();
    assert!(h.state().notices().is_empty());
}

#[test]
fn a_binary_file_shows_an_error_and_keeps_the_previous_bundle() {
    let mut h = harness();
    let dir = temp_dir("binary");
    let path = dir.join("image.txt");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(&path, bytes).expect("temp file can be written");
    h.state_mut().request_open(BundleSource::Path(path.clone()));
    wait_for_load(&mut h);

    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Sample, "the sample stays open");
    assert_eq!(app.bundle().articles.len(), 6);
    let notice = app.notices().last().expect("an error notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(notice.title.contains("image.txt"), "{notice:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_on_the_window_opens_it() {
    let mut h = harness();
    let path = fixture("days/2019-01-03.txt");
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(path.clone())));
    h.step();
    wait_for_load(&mut h);
    assert_eq!(h.state().source(), &BundleSource::Path(path));
}

#[test]
fn the_ui_speaks_english_when_asked() {
    let settings = Settings {
        lang: kanbao::ui::i18n::Lang::En,
        ..Settings::default()
    };
    let h = harness_with(settings);
    h.get_by_role_and_label(Role::TextInput, EN.filter_label);
    h.get_by_label("6 articles");
    assert!(
        h.query_by_role_and_label(Role::TextInput, ZH.filter_label)
            .is_none()
    );
}

#[test]
fn back_and_forward_follow_the_articles_visited() {
    let mut h = harness();
    h.get_by_role_and_label(Role::ListBoxOption, SAMPLE_TITLES[2])
        .click();
    h.run();
    let visited = h.state().route().clone();
    assert_ne!(visited, Route::Article(ArticleId::new(0)));
    h.get_by_role_and_label(Role::Button, "←").click();
    h.run();
    assert_eq!(h.state().route(), &Route::Article(ArticleId::new(0)));
    h.get_by_role_and_label(Role::Button, "→").click();
    h.run();
    assert_eq!(h.state().route(), &visited);
}

/// A load reading a named pipe waits for text while the cancel click arrives; then the pipe
/// gets a little text and closes, and the loader, checking between reads, stops. The test holds
/// the pipe open for reading and writing itself, so no open ever blocks, whichever side is first.
#[cfg(target_os = "linux")]
#[test]
fn cancelling_a_load_keeps_the_previous_bundle_and_says_so() {
    use std::io::Write as _;
    let mut h = harness();
    let dir = temp_dir("cancel");
    let pipe = dir.join("page.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", pipe.display());
    let mut held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&pipe)
        .expect("a FIFO opens read-write on Linux without blocking");
    h.state_mut().request_open(BundleSource::Path(pipe.clone()));
    h.step(); // starts the load, which waits for text; the status bar shows cancel
    assert!(h.state().is_loading());
    h.get_by_role_and_label(Role::Button, ZH.cancel).click();
    h.step();
    // Close our end only once the loader holds the pipe open too (or has stopped without
    // opening it): a reader opening a FIFO after its last writer left would wait forever.
    let loader_has_it = || {
        std::fs::read_dir("/proc/self/fd")
            .map(|fds| {
                fds.filter_map(Result::ok)
                    .filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t == pipe))
                    .count()
                    >= 2
            })
            .unwrap_or(false)
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().is_loading() && !loader_has_it() {
        assert!(
            Instant::now() < deadline,
            "the loader neither opened the pipe nor ended"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    // Less than the pipe's buffer, so the write never blocks even if nobody reads.
    held.write_all("国务院新闻办公室4日举行发布会。\n".repeat(40).as_bytes())
        .expect("the pipe takes the text");
    drop(held);
    wait_for_load(&mut h);

    let app = h.state();
    assert_eq!(app.source(), &BundleSource::Sample, "the sample stays open");
    assert_eq!(app.bundle().articles.len(), 6);
    let notice = app.notices().last().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Info);
    assert_eq!(notice.title, ZH.load_cancelled);
    let _ = std::fs::remove_dir_all(dir);
}

/// The app at a window size, settled on the sample.
fn sized(size: [f32; 2]) -> Harness<'static, KanbaoApp> {
    let mut h = common::builder(size).build_ui_state(
        |ui, app: &mut KanbaoApp| app.show(ui),
        KanbaoApp::new(Settings::default()),
    );
    settle(&mut h);
    h
}

#[test]
fn typing_in_a_filter_never_widens_a_panel() {
    let mut h = sized([1280.0, 800.0]);
    let before = h.state().panel_widths();
    assert_eq!(before, (Some(340.0), Some(260.0)));
    let twenty = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸";
    assert_eq!(twenty.chars().count(), 20);
    for label in [ZH.filter_label, ZH.entity_filter_label] {
        h.get_by_role_and_label(Role::TextInput, label).click();
        h.run();
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(twenty);
        h.run();
        assert_eq!(
            h.state().panel_widths(),
            before,
            "after typing into {label}"
        );
    }
    // The list's filter box and its clear button stay inside the list.
    let list_right = before.0.unwrap_or_default();
    let filter = h.get_by_role_and_label(Role::TextInput, ZH.filter_label);
    assert!(filter.rect().right() <= list_right, "{:?}", filter.rect());
    assert_eq!(
        h.state().settings.panels,
        kanbao::ui::panels::SidePanels::default()
    );
}

#[test]
fn a_small_window_narrows_the_panels_and_the_reader_keeps_a_usable_width() {
    let h = sized([1024.0, 700.0]);
    let (Some(list), Some(entities)) = h.state().panel_widths() else {
        panic!("both panels shown: {:?}", h.state().panel_widths());
    };
    assert!(1024.0 - list - entities >= kanbao::ui::panels::READER_MIN);
    // The article's title is drawn between the panels, not under them.
    let title = &h.state().bundle().articles[0].title;
    let rect = h.get_by_role_and_label(Role::Label, title).rect();
    assert!(
        rect.left() >= list && rect.right() <= 1024.0 - entities,
        "{rect:?}"
    );
    // The dragged widths are what the user asked for, unchanged by the squeeze.
    assert_eq!(h.state().settings.panels.list.width, 340);
}

#[test]
fn panels_hide_and_show_from_the_toolbar_and_by_shortcut() {
    let mut h = sized([1280.0, 800.0]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::OpenBracket);
    h.run();
    assert_eq!(h.state().panel_widths(), (None, Some(260.0)));
    assert!(!h.state().settings.panels.list.shown);
    assert!(listed_titles(&h).is_empty(), "the list is hidden");
    h.get_by_role_and_label(Role::Button, ZH.panel_list).click();
    h.run();
    assert_eq!(h.state().panel_widths().0, Some(340.0));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::CloseBracket);
    h.run();
    assert_eq!(h.state().panel_widths(), (Some(340.0), None));
    // Help ▸ Shortcuts lists them in a window; F1 closes it.
    h.get_by_label(ZH.menu_help).click();
    h.run();
    h.query_all(by().role(Role::Button).label_contains(ZH.shortcuts))
        .next()
        .expect("Help > Shortcuts…")
        .click();
    h.run();
    h.get_by_label("Ctrl+[");
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.query_by_label("Ctrl+[").is_none(), "F1 closes the window");
}

#[test]
fn dragging_a_panels_edge_sets_its_width_which_typing_then_keeps() {
    let mut h = sized([1280.0, 800.0]);
    let pointer = |h: &Harness<'static, KanbaoApp>, x: f32, pressed: Option<bool>| {
        let pos = egui::pos2(x, 400.0);
        h.event(egui::Event::PointerMoved(pos));
        if let Some(pressed) = pressed {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
    };
    pointer(&h, 340.0, None);
    h.step();
    pointer(&h, 340.0, Some(true));
    h.step();
    for x in [360.0, 380.0, 400.0] {
        pointer(&h, x, None);
        h.step();
    }
    pointer(&h, 400.0, Some(false));
    h.run();
    // The edge follows the pointer (pressed near the edge, moved 60 points right).
    let width = h.state().settings.panels.list.width;
    assert!((390..=400).contains(&width), "{width}");
    assert_eq!(h.state().panel_widths().0, Some(f32::from(width)));
    h.get_by_role_and_label(Role::TextInput, ZH.filter_label)
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, ZH.filter_label)
        .type_text("神舟十八号乘组刷新我国航天员在轨飞行时长");
    h.run();
    assert_eq!(h.state().panel_widths().0, Some(f32::from(width)));
}

#[test]
fn an_error_banner_goes_with_the_next_good_open() {
    let mut h = harness();
    let missing = temp_dir("banner").join("没有这个文件.txt");
    h.state_mut().request_open(BundleSource::Path(missing));
    wait_for_load(&mut h);
    assert_eq!(h.state().notices().len(), 1);
    h.get_by_label_contains(ZH.cannot_open);
    h.state_mut()
        .request_open(BundleSource::Path(fixture("days/2019-01-03.txt")));
    wait_for_load(&mut h);
    assert!(h.state().notices().is_empty(), "{:?}", h.state().notices());
    assert!(h.query_by_label_contains(ZH.cannot_open).is_none());
}

#[test]
fn an_empty_file_says_so_in_words_in_the_language_shown() {
    let mut h = harness();
    let dir = temp_dir("empty");
    let empty = dir.join("空.txt");
    std::fs::write(&empty, "").expect("temp file can be written");
    h.state_mut()
        .request_open(BundleSource::Path(empty.clone()));
    wait_for_load(&mut h);
    assert_eq!(h.state().source(), &BundleSource::Path(empty.clone()));
    let notice = h.state().notices().last().expect("a notice").clone();
    assert_eq!(notice.level, NoticeLevel::Info);
    assert!(notice.title.contains("空.txt"), "{notice:?}");
    assert_eq!(notice.detail, ZH.file_empty);
    h.get_by_label(ZH.file_empty);
    // Switched to English, the notice speaks English.
    h.state_mut().settings.lang = kanbao::ui::i18n::Lang::En;
    h.run();
    let notice = h.state().notices().last().expect("a notice").clone();
    let name = empty.display().to_string();
    assert_eq!(
        notice.title,
        kanbao::ui::i18n::Lang::En.no_articles_in(&name)
    );
    assert_eq!(notice.detail, EN.file_empty);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_warnings_window_lists_each_damaged_files_full_path_and_skipped_files() {
    let mut h = harness();
    let dir = temp_dir("warnings").join("一个相当长的文件夹名字用来检验路径会不会被截断");
    std::fs::create_dir_all(&dir).expect("temp dir can be created");
    std::fs::copy(fixture("days/2019-01-03.txt"), dir.join("2019-01-03.txt"))
        .expect("fixture copied");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(dir.join("image.txt"), bytes).expect("temp file can be written");
    std::fs::write(dir.join("notes.pdf"), b"%PDF").expect("temp file can be written");
    h.state_mut().request_open(BundleSource::Path(dir.clone()));
    wait_for_load(&mut h);
    let warnings = h.state().bundle().warnings.clone();
    assert!(!warnings.is_empty(), "the binary file gives a warning");
    h.get_by_label(&kanbao::ui::i18n::Lang::Zh.warnings(warnings.len()))
        .click();
    h.run();
    for w in &warnings {
        h.get_by_label(&w.file);
        h.get_by_label(&w.message);
    }
    assert!(
        warnings.iter().any(|w| w.file.contains("image.txt")),
        "{warnings:?}"
    );
    h.get_by_label_contains(ZH.skipped_files_reason);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_fixed_string_has_a_chinese_and_an_english_text() {
    // One field per line at the first indent in the pretty form: `    name: value,`.
    let fields = |debug: String| -> Vec<(String, String)> {
        debug
            .lines()
            .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
            .filter_map(|l| l.trim().split_once(": "))
            .map(|(k, v)| (k.to_owned(), v.trim_end_matches(',').to_owned()))
            .collect()
    };
    let zh = fields(format!("{ZH:#?}"));
    let en = fields(format!("{EN:#?}"));
    assert!(zh.len() > 100, "{}", zh.len());
    assert_eq!(zh.len(), en.len());
    for ((kz, vz), (ke, ve)) in zh.iter().zip(&en) {
        assert_eq!(kz, ke);
        assert!(
            vz != "\"\"" && ve != "\"\"" && vz != "[]" && ve != "[]",
            "{kz} is empty"
        );
    }
    // English strings hold no Chinese, apart from names kept in Chinese on purpose.
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let chinese_in_english: Vec<&String> =
        en.iter().filter(|(_, v)| han(v)).map(|(k, _)| k).collect();
    assert!(chinese_in_english.len() <= 2, "{chinese_in_english:?}");
}
