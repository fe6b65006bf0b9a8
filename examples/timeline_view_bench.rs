//! Headless frame timing of the timeline view on the big corpus: frames at several zoom levels,
//! while panning, and with the pointer over the plot (hover line and tooltips).
//!
//! Each frame is the view's whole egui pass plus tessellation (what the renderer gets).
//! By default only the timeline is built (events without entities: minutes less); `--full`
//! builds the whole `Knowledge` (entities, so entity lanes are measured too).
//!
//! `cargo run --release --example timeline_view_bench [-- PATH] [--full]`
//! (default PATH: `../shared/data/big/xwlb.jsonl.xz`).

use anyhow::Context as _;
use chrono::NaiveDate;
use kanbao::bundle::LoadOptions;
use kanbao::knowledge::Knowledge;
use kanbao::knowledge::timeline::Timeline;
use kanbao::ui::i18n::Lang;
use kanbao::ui::timeline::{LaneMode, TimelineView};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

const FRAMES: usize = 40;

mod common;

use common::{FrameClock, summary};

struct Bench {
    clock: FrameClock,
    view: TimelineView,
}

impl Bench {
    /// Runs one frame of the view with `events`; returns its duration in milliseconds.
    fn frame(&mut self, k: &Knowledge, events: Vec<egui::Event>) -> f64 {
        let view = &mut self.view;
        self.clock.frame(events, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let _ = view.ui(ui, k, None, Lang::Zh);
            });
        })
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
    let mut path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/big/xwlb.jsonl.xz"
    ));
    let mut full = false;
    for arg in std::env::args_os().skip(1) {
        if arg == "--full" {
            full = true;
        } else {
            path = PathBuf::from(arg);
        }
    }
    let started = Instant::now();
    let bundle = kanbao::bundle::load_path(&path, &LoadOptions::default(), &|_| {})
        .with_context(|| format!("cannot load {}", path.display()))?;
    println!(
        "loaded {} articles in {:.1} s",
        bundle.articles.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let models = kanbao::models::Models::shipped()?;
    let k = if full {
        Knowledge::build(bundle, &kanbao::knowledge::BuildOptions::new(&models))?
    } else {
        let tag = |text: &str| models.ner.tag(text);
        let timeline = Timeline::build(&bundle.articles, models.event_models(&tag));
        Knowledge {
            bundle: Arc::new(bundle),
            timeline,
            ..Knowledge::default()
        }
    };
    let dated = k
        .timeline
        .events
        .iter()
        .filter(|e| e.start.is_some())
        .count();
    println!(
        "{} built in {:.1} s: {} events ({dated} dated)",
        if full { "knowledge" } else { "timeline" },
        started.elapsed().as_secs_f64(),
        k.timeline.events.len()
    );

    let mut starts: Vec<NaiveDate> = k.timeline.events.iter().filter_map(|e| e.start).collect();
    starts.sort_unstable();
    if let (Some(a), Some(z)) = (starts.first(), starts.last()) {
        let pct = |q: f64| starts[((starts.len() - 1) as f64 * q) as usize];
        println!(
            "event starts: {a} .. {z} (1%: {}, 99%: {})",
            pct(0.01),
            pct(0.99)
        );
    }
    let ctx = egui::Context::default();
    kanbao::ui::setup_context(&ctx);
    let mut b = Bench {
        clock: FrameClock::new(ctx),
        view: TimelineView::default(),
    };
    let first = b.frame(&k, Vec::new());
    println!("first frame (builds the layout): {first:.1} ms");
    let modes: &[LaneMode] = if full {
        &[LaneMode::Kind, LaneMode::Entity]
    } else {
        &[LaneMode::Kind]
    };
    let pointer = egui::Event::PointerMoved(egui::pos2(600.0, 400.0));
    for &mode in modes {
        b.view.set_lane_mode(mode);
        let t = Instant::now();
        b.frame(&k, Vec::new());
        println!(
            "lanes {mode:?}: layout rebuilt in {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let levels = [
            ("fit all", None),
            ("decade", Some((date(2010, 1, 1), date(2019, 12, 31)))),
            ("year", Some((date(2015, 1, 1), date(2015, 12, 31)))),
            ("quarter", Some((date(2015, 4, 1), date(2015, 6, 30)))),
            ("month", Some((date(2015, 6, 1), date(2015, 6, 30)))),
            ("week", Some((date(2015, 6, 8), date(2015, 6, 14)))),
            ("3 days", Some((date(2015, 6, 10), date(2015, 6, 12)))),
        ];
        for (name, range) in levels {
            match range {
                Some((a, z)) => b.view.set_visible_range(a, z),
                None => {
                    // The fit-all button; its label is the view's own.
                    b.view = TimelineView::default();
                    b.view.set_lane_mode(mode);
                    b.frame(&k, Vec::new());
                }
            }
            if let Some((a, z)) = b.view.visible_range() {
                println!("{mode:?} {name}: showing {a} .. {z}");
            }
            let mut still: Vec<f64> = (0..FRAMES).map(|_| b.frame(&k, Vec::new())).collect();
            let mut hover: Vec<f64> = (0..FRAMES)
                .map(|_| b.frame(&k, vec![pointer.clone()]))
                .collect();
            // Panning: the visible range moves every frame.
            let mut pan = Vec::new();
            if let Some((a, z)) = b.view.visible_range() {
                let span = (z - a).num_days().max(1);
                for i in 0..FRAMES as i64 {
                    let shift = chrono::Duration::days(span * i / FRAMES as i64);
                    b.view.set_visible_range(a + shift, z + shift);
                    pan.push(b.frame(&k, Vec::new()));
                }
            }
            println!(
                "{mode:?} {name:8} still {} | hover {} | pan {}",
                summary(&mut still),
                summary(&mut hover),
                summary(&mut pan)
            );
        }
    }
    Ok(())
}
