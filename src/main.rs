//! The `kanbao` binary: subcommands run the core headless; no subcommand opens the app.

use clap::Parser;
use kanbao::cli::{self, Cli};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => cli::run(command),
        None => open_app(cli.path, &cli.store),
    };
    std::process::exit(code);
}

#[cfg(feature = "gui")]
fn open_app(path: Option<std::path::PathBuf>, store: &cli::analysis::AnalysisArgs) -> i32 {
    let started = std::time::Instant::now();
    let corrections = if store.no_corrections {
        None
    } else {
        kanbao::corrections::journal::default_path()
    };
    match kanbao::ui::run(path, cli::analysis::open_store(store), corrections, started) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("kanbao: cannot open the window: {err}");
            2
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(path: Option<std::path::PathBuf>, _store: &cli::analysis::AnalysisArgs) -> i32 {
    if let Some(path) = path {
        eprintln!(
            "kanbao: built without the app (feature `gui`); try `kanbao articles {}`",
            path.display()
        );
        return 2;
    }
    cli::print_sample()
}
