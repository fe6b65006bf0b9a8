//! Headless frame timing shared by the benchmark examples: one egui pass plus tessellation per
//! frame (what a renderer gets; the GPU upload is left out), and a summary of the times.

use std::time::Instant;

pub const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);
const DT: f64 = 1.0 / 60.0;

/// A context stepped at 60 frames per second of simulated time.
pub struct FrameClock {
    pub ctx: egui::Context,
    time: f64,
}

impl FrameClock {
    pub fn new(ctx: egui::Context) -> Self {
        Self { ctx, time: 0.0 }
    }

    /// Runs one frame of `ui` with `events`; returns its duration in milliseconds.
    pub fn frame(&mut self, events: Vec<egui::Event>, ui: impl FnMut(&mut egui::Ui)) -> f64 {
        self.time += DT;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(self.time),
            predicted_dt: DT as f32,
            events,
            focused: true,
            ..egui::RawInput::default()
        };
        let started = Instant::now();
        let mut output = self.ctx.run_ui(input, ui);
        // No renderer takes the font atlas updates here.
        output.textures_delta.clear();
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        started.elapsed().as_secs_f64() * 1000.0
    }
}

/// Count, median, 95th percentile and maximum of `ms`.
pub fn summary(ms: &mut [f64]) -> String {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    format!(
        "n={} median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    )
}
