//! Shared set-up of the UI tests (egui_kittest).

use egui_kittest::{Harness, HarnessBuilder};

/// A harness builder of the given size with the app's fonts and style installed. Up to 64 frames
/// may pass before the UI comes to rest: progressive work (search, layout) can span more than
/// kittest's default 4 on a loaded machine, while a UI that never rests still fails.
pub fn builder<State>(size: [f32; 2]) -> HarnessBuilder<State> {
    Harness::builder()
        .with_max_steps(64)
        .with_size(size)
        .with_context_setup(kanbao::ui::setup_context)
        .allow_missing_glyphs()
}
