//! Shared set-up of the integration tests: the `kanbao` binary for CLI tests, and the harness of
//! the UI tests (egui_kittest). Each test crate uses part of it.
#![allow(dead_code, reason = "each test crate uses only some of these helpers")]

use std::process::Command;

/// The `kanbao` binary of this build, to give arguments and run.
pub fn kanbao() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kanbao"));
    // Analyses are stored in a folder of this test process, never the user's cache.
    let store = std::env::temp_dir().join(format!("kanbao-test-stores-{}", std::process::id()));
    command.env("KANBAO_STORE", store);
    // Corrections go to a journal of this test process, never the user's.
    let journal = std::env::temp_dir().join(format!(
        "kanbao-test-corrections-{}.sqlite",
        std::process::id()
    ));
    command.env("KANBAO_CORRECTIONS", journal);
    command
}

/// A fresh folder `kanbao-NAME-PID` under the system's temp folder.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kanbao-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Copies the first two page dumps of `tests/fixtures/days` into `dir` (made if missing): a
/// small bundle folder of two days.
pub fn copy_two_fixture_days(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("bundle folder");
    let days = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/days");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&days)
        .expect("fixture days")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files.iter().take(2) {
        std::fs::copy(f, dir.join(f.file_name().expect("name"))).expect("copy");
    }
}

/// A harness builder of the given size with the app's fonts and style installed. Up to 64 frames
/// may pass before the UI comes to rest: progressive work (search, layout) can span more than
/// kittest's default 4 on a loaded machine, while a UI that never rests still fails.
#[cfg(feature = "gui")]
pub fn builder<State>(size: [f32; 2]) -> egui_kittest::HarnessBuilder<State> {
    egui_kittest::Harness::builder()
        .with_max_steps(64)
        .with_size(size)
        .with_context_setup(kanbao::ui::setup_context)
        .allow_missing_glyphs()
}
