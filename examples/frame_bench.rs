//! Headless frame timing of the app: the first frame on the sample, frames while the big corpus
//! loads in the background, frames while scrolling and filtering its article list, then, once
//! its analysis (entities, timeline, search index) is built, frames while scrolling the entity
//! sidebar, an entity page with thousands of mentions, its co-occurrence network and its
//! mentions over time beside others', the timeline at several zooms, the time searches take
//! (and re-ordering their results on a worker), and how soon a cancelled analysis stops.
//!
//! Each frame is the app's whole egui pass plus tessellation (what the renderer gets); only the
//! GPU upload is left out. Memory is the process's resident set from `/proc/self/status`.
//!
//! `cargo run --release --example frame_bench [-- PATH]`
//! (default PATH: `../shared/data/big/xwlb.jsonl.xz`, the 74k-article corpus).

use chrono::Datelike;
use kanbao::ids::{ArticleId, EntityId};
use kanbao::knowledge::search::SearchOrder;
use kanbao::ui::analysis::{AnalysisJob, SharedModels};
use kanbao::ui::search_facets::DateFacet;
use kanbao::ui::{BundleSource, KanbaoApp, Nav, Route, Settings};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::{FrameClock, summary};

struct Bench {
    clock: FrameClock,
    app: KanbaoApp,
}

impl Bench {
    /// Runs one frame of the app with `events`; returns its duration in milliseconds.
    fn frame(&mut self, events: Vec<egui::Event>) -> f64 {
        let app = &mut self.app;
        self.clock.frame(events, |ui| app.show(ui))
    }
}

/// Resident and peak resident memory in MB, from /proc (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let path = std::env::args_os().nth(1).map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/data/big/xwlb.jsonl.xz"
            ))
        },
        PathBuf::from,
    );

    // 1. First frame on the sample, from a fresh context (font parsing and atlas included).
    let started = Instant::now();
    let ctx = egui::Context::default();
    kanbao::ui::setup_context(&ctx);
    let app = KanbaoApp::new(Settings::default());
    let mut bench = Bench {
        clock: FrameClock::new(ctx),
        app,
    };
    let first = bench.frame(Vec::new());
    let first_total = started.elapsed().as_secs_f64() * 1000.0;
    println!("first frame on the sample: {first:.1} ms (frame), {first_total:.1} ms from start");
    let mut warm: Vec<f64> = (0..30).map(|_| bench.frame(Vec::new())).collect();
    println!("idle frames on the sample: {}", summary(&mut warm));

    // 2. Frames while the big corpus loads on the background thread.
    let load_started = Instant::now();
    bench.app.request_open(BundleSource::Path(path.clone()));
    let mut loading = Vec::new();
    while bench.app.is_loading() {
        loading.push(bench.frame(Vec::new()));
        std::thread::sleep(Duration::from_millis(16));
        if load_started.elapsed() > Duration::from_secs(600) {
            eprintln!("frame_bench: load did not finish in 10 minutes");
            std::process::exit(1);
        }
    }
    let load_s = load_started.elapsed().as_secs_f64();
    bench.frame(Vec::new());
    let articles = bench.app.bundle().articles.len();
    if let Some(notice) = bench.app.notices().last() {
        eprintln!("frame_bench: {}: {}", notice.title, notice.detail);
    }
    println!(
        "loaded {} articles from {} in {load_s:.1} s; frames during the load: {}",
        articles,
        path.display(),
        summary(&mut loading)
    );
    let (rss, peak) = memory_mb();
    println!("memory after load: {rss:.0} MB resident, {peak:.0} MB peak");

    // 3. Scrolling the article list: the pointer over the list, wheel events every frame.
    let over_list = egui::pos2(170.0, 420.0);
    bench.frame(vec![egui::Event::PointerMoved(over_list)]);
    let wheel = |dy: f32| egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    };
    let mut scrolling: Vec<f64> = (0..600).map(|_| bench.frame(vec![wheel(-120.0)])).collect();
    println!("frames scrolling the list: {}", summary(&mut scrolling));

    // 4. Keyboard paging through the list (selection moves, reader redraws a new article).
    let page_down = egui::Event::Key {
        key: egui::Key::PageDown,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    let mut paging: Vec<f64> = (0..200)
        .map(|_| bench.frame(vec![page_down.clone()]))
        .collect();
    println!(
        "frames paging the list (new article each frame): {}",
        summary(&mut paging)
    );

    // 5. Filtering: one keystroke recomputes the rows over every title.
    let mut filtering = Vec::new();
    for term in ["着", "着陆", "着", ""] {
        bench.app.set_filter(term);
        filtering.push(bench.frame(Vec::new()));
    }
    println!(
        "frames after a filter keystroke: {}",
        summary(&mut filtering)
    );

    // 6. The analysis: entities, events and the search index, on background threads.
    let analysis_started = Instant::now();
    bench.frame(Vec::new()); // starts the analysis
    bench.app.wait_for_analysis();
    let analysis_s = analysis_started.elapsed().as_secs_f64();
    bench.frame(Vec::new());
    let Some(analysis) = bench.app.analysis().cloned() else {
        eprintln!("frame_bench: the analysis failed");
        std::process::exit(1);
    };
    let k = &analysis.knowledge;
    println!(
        "analysis: {} entities, {} mentions, {} events in {analysis_s:.1} s \
         (articles read {:.1} s, grouped and merged {:.1} s, search index {:.1} s)",
        k.entities.entities.len(),
        k.entities.mentions.len(),
        k.timeline.events.len(),
        k.timings.findings_ms / 1e3,
        k.timings.grouping_ms / 1e3,
        k.timings.search_ms / 1e3,
    );
    let (rss, peak) = memory_mb();
    println!("memory after the analysis: {rss:.0} MB resident, {peak:.0} MB peak");

    // 7. The article list again, now that no analysis competes for the cores, then the entity
    // sidebar (the people, most mentioned first).
    bench.app.go(Route::Article(ArticleId::new(0)));
    bench.frame(vec![egui::Event::PointerMoved(over_list)]);
    let mut quiet: Vec<f64> = (0..600).map(|_| bench.frame(vec![wheel(120.0)])).collect();
    println!(
        "frames scrolling the list after the analysis: {}",
        summary(&mut quiet)
    );
    bench.frame(vec![egui::Event::PointerMoved(egui::pos2(1150.0, 500.0))]);
    let mut sidebar: Vec<f64> = (0..600).map(|_| bench.frame(vec![wheel(-120.0)])).collect();
    println!(
        "frames scrolling the entity sidebar: {}",
        summary(&mut sidebar)
    );

    // 8. The page of the most mentioned entity, scrolling its mentions.
    let top = k
        .entities
        .entities
        .first()
        .map_or(EntityId::new(0), |e| e.id);
    let top_mentions = k.entities.by_entity.get(top.index()).map_or(0, Vec::len);
    bench.app.go(Route::Entity(top));
    let opened = Instant::now();
    let open_page = bench.frame(vec![egui::Event::PointerMoved(egui::pos2(640.0, 600.0))]);
    // Its co-occurring entities are counted on a worker thread; frames go on meanwhile.
    // So are its mention lines, ordered newest first (past 5,000 mentions).
    let mut counting = Vec::new();
    let mut listed_ms = None;
    while bench.app.entity_page().is_counting() || bench.app.entity_page().is_filtering() {
        std::thread::sleep(Duration::from_millis(1));
        counting.push(bench.frame(Vec::new()));
        if listed_ms.is_none() && !bench.app.entity_page().is_filtering() {
            listed_ms = Some(opened.elapsed().as_secs_f64() * 1e3);
        }
    }
    let counted_ms = opened.elapsed().as_secs_f64() * 1e3;
    println!(
        "its mention lines (newest first) listed {:.0} ms after opening",
        listed_ms.unwrap_or(counted_ms)
    );
    bench.app.entity_page().tab = kanbao::ui::entity_page::PageTab::CoOccurring;
    let co_tab = bench.frame(Vec::new());
    bench.app.entity_page().tab = kanbao::ui::entity_page::PageTab::Mentions;
    bench.frame(Vec::new());
    let mut page: Vec<f64> = (0..600).map(|_| bench.frame(vec![wheel(-120.0)])).collect();
    // Opened again after another entity's page: the text was laid out (and its glyphs drawn)
    // before, so this frame is the page's own work.
    bench.app.go(Route::Entity(EntityId::new(top.get() + 1)));
    bench.frame(Vec::new());
    while bench.app.entity_page().is_counting() || bench.app.entity_page().is_filtering() {
        std::thread::sleep(Duration::from_millis(1));
        bench.frame(Vec::new());
    }
    bench.app.go(Route::Entity(top));
    let reopen_page = bench.frame(Vec::new());
    while bench.app.entity_page().is_counting() || bench.app.entity_page().is_filtering() {
        std::thread::sleep(Duration::from_millis(1));
        bench.frame(Vec::new());
    }
    // What the opening frame used to do itself: count the co-occurring entities.
    let t = Instant::now();
    std::hint::black_box(k.entities.co_occurring(top, usize::MAX));
    let inline_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("co-occurring entities of the top entity counted inline: {inline_ms:.1} ms");
    println!(
        "entity page of {} ({top_mentions} mentions): first frame {open_page:.1} ms \
         (opened again: {reopen_page:.1} ms); \
         co-occurring entities counted {counted_ms:.0} ms after opening ({} frames meanwhile: {}), \
         their tab drawn in {co_tab:.1} ms; scrolling: {}",
        k.entities.entities.first().map_or("-", |e| e.name.as_str()),
        counting.len(),
        if counting.is_empty() {
            "-".to_owned()
        } else {
            summary(&mut counting)
        },
        summary(&mut page)
    );

    // 8b. The same page: its mention lines filtered by text and by year on a worker (frames go
    // on), then its events and co-occurring tabs scrolled.
    for (what, text, year) in [("text 会见", "会见", ""), ("year 2019", "", "2019")] {
        let page = bench.app.entity_page();
        page.mention_query.text = text.to_owned();
        page.mention_query.from = year.to_owned();
        page.mention_query.to = year.to_owned();
        let started = Instant::now();
        let mut frames = vec![bench.frame(Vec::new())];
        while bench.app.entity_page().is_filtering() {
            std::thread::sleep(Duration::from_millis(1));
            frames.push(bench.frame(Vec::new()));
        }
        let ms = started.elapsed().as_secs_f64() * 1e3;
        let shown = bench
            .app
            .entity_page()
            .mention_rows()
            .map_or(0, <[u32]>::len);
        println!(
            "mentions filtered by {what}: {shown} lines after {ms:.0} ms; frames meanwhile: {}",
            summary(&mut frames)
        );
    }
    let page = bench.app.entity_page();
    page.mention_query = Default::default();
    page.tab = kanbao::ui::entity_page::PageTab::Events;
    let events_open = bench.frame(Vec::new());
    let mut events: Vec<f64> = (0..300).map(|_| bench.frame(vec![wheel(-120.0)])).collect();
    println!(
        "entity page events tab: first frame {events_open:.1} ms; scrolling: {}",
        summary(&mut events)
    );
    bench.app.entity_page().tab = kanbao::ui::entity_page::PageTab::CoOccurring;
    let related_open = bench.frame(Vec::new());
    let mut related: Vec<f64> = (0..300).map(|_| bench.frame(vec![wheel(-120.0)])).collect();
    println!(
        "entity page co-occurring tab (all entities): first frame {related_open:.1} ms; \
         scrolling: {}",
        summary(&mut related)
    );
    bench.app.entity_page().tab = kanbao::ui::entity_page::PageTab::Mentions;

    // 8c. The network and the comparison over time, around the top entity and 习近平.
    let xi = k.entities.find_by_name("习近平").first().copied();
    for entity in std::iter::once(top).chain(xi) {
        relations_bench(&mut bench, k, entity);
    }

    // 9. The timeline: fitted to everything, then zoomed in step by step, and panned.
    bench.app.navigate(Nav::Timeline(None));
    let open_timeline = bench.frame(vec![egui::Event::PointerMoved(egui::pos2(500.0, 400.0))]);
    let zoom = |factor: f32| egui::Event::Zoom(factor);
    let mut timeline = Vec::new();
    for _ in 0..60 {
        timeline.push(bench.frame(vec![zoom(1.15)]));
    }
    for _ in 0..120 {
        timeline.push(bench.frame(vec![wheel(-120.0)]));
    }
    for _ in 0..60 {
        timeline.push(bench.frame(vec![zoom(1.0 / 1.15)]));
    }
    for _ in 0..60 {
        timeline.push(bench.frame(Vec::new()));
    }
    println!(
        "timeline: first frame {open_timeline:.1} ms; zooming and panning: {}",
        summary(&mut timeline)
    );

    // 10. Searches through the app's search view: the frame that shows the first results, then
    // frames until every candidate article is checked (a few milliseconds of checking per frame).
    for query in ["着陆", "神舟十八号", "中国", "习近平 会见", "联合国 气候"] {
        bench.app.search_for(query);
        let started = Instant::now();
        let first = bench.frame(Vec::new());
        let mut frames = vec![first];
        while bench.app.search_progress().is_some_and(|p| !p.done()) {
            frames.push(bench.frame(Vec::new()));
        }
        let total = started.elapsed().as_secs_f64() * 1e3;
        let hits = bench.app.search_progress().map_or(0, |p| p.candidates);
        println!(
            "search {query:?}: first results in a {first:.1} ms frame; all {hits} candidates checked \
             after {} frames, {total:.0} ms; {}",
            frames.len(),
            summary(&mut frames)
        );
        // The orders and facets: the frame that orders the finished answer and counts its
        // facets, then a frame per order, a year of the histogram, and scrolling the rows.
        let (facets_ms, facets) = frames_while(&mut bench, |app| app.search_view().is_ordering());
        let facets = facets.iter().copied().fold(0.0, f64::max);
        let mut reorder = Vec::new();
        let mut ordered_ms = Vec::new();
        for order in SearchOrder::ALL {
            bench.app.search_view().filter.order = order;
            let (ms, frames) = frames_while(&mut bench, |app| app.search_view().is_ordering());
            reorder.extend(frames);
            ordered_ms.push(format!("{ms:.0}"));
        }
        let year = bench
            .app
            .bundle()
            .articles
            .iter()
            .find_map(|a| a.date)
            .map(|d| d.year());
        bench.app.search_view().filter.date = year.map(DateFacet::Year);
        let (ms, frames) = frames_while(&mut bench, |app| app.search_view().is_ordering());
        reorder.extend(frames);
        ordered_ms.push(format!("{ms:.0}"));
        bench.app.search_view().filter.date = None;
        for _ in 0..30 {
            reorder.push(bench.frame(vec![wheel(-120.0)]));
        }
        println!(
            "search {query:?}: ordered with facets {facets_ms:.0} ms after the last candidate \
             (longest frame meanwhile {facets:.1} ms); orders and a year shown after {} ms; \
             frames through them and scrolling: {}",
            ordered_ms.join(", "),
            summary(&mut reorder)
        );
    }

    let (rss, peak) = memory_mb();
    println!("memory at the end: {rss:.0} MB resident, {peak:.0} MB peak");

    // 11. A superseded analysis: a second analysis of the bundle, cancelled 10 s in (in its
    // entity stage, as when another bundle is opened); how long its threads take to stop.
    let models = SharedModels::default();
    let job = AnalysisJob::spawn(Arc::clone(&k.bundle), &models, None, None, &bench.clock.ctx);
    std::thread::sleep(Duration::from_secs(10));
    let phase = job.phase();
    let cancelled = Instant::now();
    job.cancel();
    let answer = job.wait();
    println!(
        "analysis cancelled 10 s in ({phase:?}): stopped {:.0} ms later ({})",
        cancelled.elapsed().as_secs_f64() * 1e3,
        match answer {
            Ok(None) => "no answer, as asked",
            Ok(Some(_)) => "it had finished",
            Err(_) => "it panicked",
        }
    );
}

/// Frames until the entity page's worker (`busy`) answers: (milliseconds until it did, the
/// frames meanwhile).
fn frames_while(bench: &mut Bench, busy: impl Fn(&mut KanbaoApp) -> bool) -> (f64, Vec<f64>) {
    let started = Instant::now();
    let mut frames = vec![bench.frame(Vec::new())];
    while busy(&mut bench.app) {
        std::thread::sleep(Duration::from_millis(1));
        frames.push(bench.frame(Vec::new()));
    }
    (started.elapsed().as_secs_f64() * 1e3, frames)
}

/// Frames with the pointer sweeping the middle of the window (hover tooltips of nodes or bars).
fn hover_frames(bench: &mut Bench, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let x = 420.0 + (i % 60) as f32 * 8.0;
            let y = 260.0 + (i / 60 % 5) as f32 * 60.0;
            bench.frame(vec![egui::Event::PointerMoved(egui::pos2(x, y))])
        })
        .collect()
}

/// The network tab of `entity` (20 neighbours; then 60 with their links; then places in one
/// year) and its comparison with its two most shared neighbours, by month and by year.
fn relations_bench(bench: &mut Bench, k: &kanbao::knowledge::Knowledge, entity: EntityId) {
    use kanbao::ui::entity_page::PageTab;
    let name = k
        .entities
        .entities
        .get(entity.index())
        .map_or("-", |e| e.name.as_str());
    let mentions = k.entities.by_entity.get(entity.index()).map_or(0, Vec::len);
    bench.app.go(Route::Entity(entity));
    bench.app.entity_page().tab = PageTab::Network;
    let year = k
        .bundle
        .articles
        .iter()
        .rev()
        .find_map(|a| a.date)
        .map_or(String::new(), |d| d.year().to_string());
    for (what, size, group, from) in [
        ("20 neighbours", 20, None, ""),
        ("60 neighbours", 60, None, ""),
        (
            "places, last year",
            20,
            Some(kanbao::ui::analysis::EntityGroup::Places),
            year.as_str(),
        ),
    ] {
        let q = &mut bench.app.entity_page().network_query;
        q.size = size;
        q.group = group;
        q.from = from.to_owned();
        q.to = from.to_owned();
        let (ms, mut frames) = frames_while(bench, |app| {
            app.entity_page().is_laying_out() || app.entity_page().is_counting()
        });
        let links = bench
            .app
            .entity_page()
            .network()
            .map_or(0, |n| n.links.len());
        let mut hover = hover_frames(bench, 180);
        println!(
            "network of {name} ({mentions} mentions), {what}: counted and laid out {ms:.0} ms \
             after asking ({links} links; frames meanwhile: {}); hovering: {}",
            summary(&mut frames),
            summary(&mut hover)
        );
    }
    let page = bench.app.entity_page();
    page.network_query = Default::default();
    let others: Vec<EntityId> = k
        .entities
        .co_occurring(entity, 2)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    page.compared = others;
    page.tab = PageTab::Compare;
    for by_year in [false, true] {
        bench.app.entity_page().compare_by_year = by_year;
        let (ms, mut frames) = frames_while(bench, |app| app.entity_page().is_comparing());
        let mut hover = hover_frames(bench, 180);
        println!(
            "{name} over time beside its two most shared neighbours ({}): counted {ms:.0} ms \
             after asking (frames meanwhile: {}); hovering the bars: {}",
            if by_year { "by year" } else { "by month" },
            summary(&mut frames),
            summary(&mut hover)
        );
    }
    let page = bench.app.entity_page();
    page.compared.clear();
    page.compare_by_year = false;
    page.tab = PageTab::Mentions;
}
