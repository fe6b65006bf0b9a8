//! The command line: the same core without a window. Each subcommand lives in its own file;
//! this module parses arguments and dispatches. Errors reach the user as one line.

pub mod analysis;
mod articles;
mod correct;
mod entities;
// Public so integration tests score gold files through the library.
pub mod eval_events;
mod export;
mod extract;
mod index;
mod merge;
mod ner;
mod search;
mod shell;
mod stats;
mod timeline;
mod times;
#[cfg(feature = "train")]
mod train_ner;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// 看报 kanbao: read Chinese news bundles; see who, where, which organizations and when.
#[derive(Debug, Parser)]
#[command(name = "kanbao", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A file or folder to open in the app (default: the embedded sample page).
    pub path: Option<PathBuf>,
    /// Where the app keeps analyses.
    #[command(flatten)]
    pub store: analysis::AnalysisArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles of a bundle (one line each, or JSON).
    Articles(articles::ArticlesArgs),
    /// List the people, places, organizations, works, craft, facilities and events of a bundle
    /// with their aliases and mentions.
    Entities(entities::EntitiesArgs),
    /// Tag each line of a file with PER/LOC/ORG spans (one JSON line per input line).
    Ner(ner::NerArgs),
    /// Score the NER model on a gold JSONL file (precision, recall, F1 per kind; chars/s).
    #[cfg(feature = "train")]
    EvalNer(train_ner::EvalNerArgs),
    /// Train the NER model (a CRF, or an averaged perceptron) from gold JSONL files.
    #[cfg(feature = "train")]
    TrainNer(train_ner::TrainNerArgs),
    /// Train the NER model's second pass over organizations from cross-validated CRF output.
    #[cfg(feature = "train")]
    TrainOrgSpans(train_ner::TrainOrgSpansArgs),
    /// Average NER models into one (each weighed by its temperature calibrated on dev).
    #[cfg(feature = "train")]
    AverageNer(train_ner::AverageNerArgs),
    /// Find and normalise the time expressions of each line (one JSON line per input line).
    Times(times::TimesArgs),
    /// Count files, articles and characters of a bundle; time each load phase; peak memory.
    Stats(stats::StatsArgs),
    /// Dated events sorted by date (one line each, or JSON).
    Timeline(timeline::TimelineArgs),
    /// Find articles holding every word of a query (one line per article, or JSON with snippets).
    Search(search::SearchArgs),
    /// Analyse a bundle and keep the analysis in the store (or say it is up to date).
    Index(index::IndexArgs),
    /// The per-article analysis as a filter: articles (JSON Lines on stdin, or PATH) → one JSON
    /// line each with its findings, in input order (for `kanbao merge`, or a cluster job).
    Extract(extract::ExtractArgs),
    /// Merge the output of `kanbao extract` (JSON Lines or Parquet shards) into a store folder
    /// that every command and the app open as a bundle.
    Merge(merge::MergeArgs),
    /// Score the timeline on a hand-made event gold file (recall, precision, F1; kind and
    /// relation accuracy; the misses).
    EvalEvents(eval_events::EvalEventsArgs),
    /// Correct what extraction got wrong (merge, split, rename, re-kind or hide entities; reject,
    /// retitle, re-kind or re-date events), undo, list, export or import the corrections.
    Correct(correct::CorrectArgs),
    // The help lists the formats of `ExportFormat::ALL`.
    #[command(about = format!("Write the timeline as {} (atomically)", export::format_names()))]
    Export(export::ExportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), every subcommand included.
    Man,
}

/// Runs a subcommand; returns the process exit code.
pub fn run(command: Command) -> i32 {
    match execute(command) {
        Ok(()) => 0,
        // The reader of the output has gone (`kanbao entities … | head`): nothing to tell.
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            eprintln!("{}", error_line(&err));
            1
        }
    }
}

fn execute(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Articles(args) => articles::run(&args),
        Command::Entities(args) => entities::run(&args),
        Command::Ner(args) => ner::run_ner(&args),
        #[cfg(feature = "train")]
        Command::EvalNer(args) => train_ner::run_eval(&args),
        #[cfg(feature = "train")]
        Command::TrainNer(args) => train_ner::run_train(&args),
        #[cfg(feature = "train")]
        Command::TrainOrgSpans(args) => train_ner::run_train_org_spans(&args),
        #[cfg(feature = "train")]
        Command::AverageNer(args) => train_ner::run_average(&args),
        Command::Times(args) => times::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::EvalEvents(args) => eval_events::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Correct(args) => correct::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man => shell::man(),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints one line of a command's report on standard output, as `println!` does, but a closed
/// pipe (`kanbao correct FILE | head -1`) is an error the caller returns, never a panic.
pub(crate) fn say(line: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    use std::io::Write as _;
    writeln!(std::io::stdout().lock(), "{line}")
}

/// How an error reaches the user: one line, `kanbao: MESSAGE (CAUSE): PATH`. Every error of the
/// core renders its cause itself and has no `source()`, so the chain holds each part once.
pub fn error_line(err: &anyhow::Error) -> String {
    format!("kanbao: {err:#}")
}

/// `a, b, c or d`: a list of values for a help text or an error.
fn one_of<const N: usize>(words: [&str; N]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// The help of a bundle path argument, with the extensions the loader reads.
fn path_help() -> String {
    format!(
        "A file or folder ({})",
        crate::bundle::source::bundle_extensions_text()
    )
}

/// An I/O error on a file in that shape: `cannot read (CAUSE): PATH`.
pub(crate) fn file_error(
    action: &str,
    path: &std::path::Path,
    cause: std::io::Error,
) -> anyhow::Error {
    anyhow::anyhow!("{action} ({cause}): {}", path.display())
}

/// The environment variable that sets how far a compressed file may expand (a ratio, or `off`).
pub const EXPANSION_ENV: &str = "KANBAO_MAX_EXPANSION";

/// Load options for a subcommand: its reference date, and the expansion limit of
/// [`EXPANSION_ENV`] if set.
pub(crate) fn load_options(
    date: Option<chrono::NaiveDate>,
    map: Option<&crate::bundle::FieldOverrides>,
) -> anyhow::Result<crate::bundle::LoadOptions> {
    use crate::bundle::ExpansionLimit;
    let expansion = match std::env::var(EXPANSION_ENV) {
        Ok(v) => ExpansionLimit::parse(&v).map_err(|e| anyhow::anyhow!("{e}: {EXPANSION_ENV}"))?,
        Err(_) => ExpansionLimit::default(),
    };
    Ok(crate::bundle::LoadOptions {
        date,
        expansion,
        map: map.cloned().unwrap_or_default(),
        ..crate::bundle::LoadOptions::default()
    })
}

/// Loads a bundle for a subcommand (or the articles a store folder carries), printing its
/// warnings on stderr.
pub(crate) fn load_bundle(
    path: &std::path::Path,
    date: Option<chrono::NaiveDate>,
) -> anyhow::Result<crate::bundle::Bundle> {
    load_bundle_mapped(path, date, None)
}

/// [`load_bundle`] with the record fields named by `--map`.
pub(crate) fn load_bundle_mapped(
    path: &std::path::Path,
    date: Option<chrono::NaiveDate>,
    map: Option<&crate::bundle::FieldOverrides>,
) -> anyhow::Result<crate::bundle::Bundle> {
    let bundle = if crate::store::carried::is_store(path) {
        if date.is_some() {
            anyhow::bail!(
                "a store's articles keep the reference dates they were extracted with: {}",
                path.display()
            );
        }
        crate::store::carried::bundle(path)?
    } else {
        crate::bundle::load_path(path, &load_options(date, map)?, &|_| {})?
    };
    for w in &bundle.warnings {
        eprintln!("kanbao: warning: {w}");
    }
    Ok(bundle)
}

/// The help of `--map`, shared by every command that loads.
pub(crate) const MAP_HELP: &str = "Record fields for each role, where their names are not the \
usual ones: title=F,text=F,date=F,url=F,source=F (also kicker=F, subtitle=F)";

/// The shipped models and lexicons, loaded once per command.
pub(crate) fn shipped_models() -> anyhow::Result<crate::models::Models> {
    use anyhow::Context as _;
    crate::models::Models::shipped().context("cannot load the shipped models")
}

/// Prints the sample's articles, one line each (the binary's job where no window can open).
pub fn print_sample() -> i32 {
    let bundle = crate::bundle::load_sample(&crate::bundle::LoadOptions::default());
    let mut out = std::io::stdout().lock();
    match articles::print_lines(&mut out, &bundle.articles) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("{}", error_line(&err));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::source::{Compression, Format};
    use crate::export::ExportFormat;
    use crate::extract::events::EventKind;

    /// Clap checks a definition only when a command is parsed; this checks every subcommand's.
    #[test]
    fn every_subcommand_is_defined_consistently() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
    use crate::extract::ner::EntityKind;
    use clap::CommandFactory as _;

    /// The help of `--arg` (or positional `arg`) of `subcommand`.
    fn help(subcommand: &str, arg: &str) -> String {
        let cli = Cli::command();
        let sub = cli.find_subcommand(subcommand).expect("subcommand");
        let arg = sub
            .get_arguments()
            .find(|a| a.get_id() == arg)
            .expect("argument");
        arg.get_help().map(ToString::to_string).unwrap_or_default()
    }

    /// The values listed after `prefix` in `text`: `a, b or c.` → [a, b, c].
    fn listed(text: &str, prefix: &str, end: &str) -> Vec<String> {
        let start = text.find(prefix).map_or(0, |i| i + prefix.len());
        let rest = &text[start..];
        let rest = rest.find(end).map_or(rest, |i| &rest[..i]);
        rest.split(", ")
            .flat_map(|w| w.split(" or "))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn help_lists_follow_the_all_arrays() {
        let formats: Vec<&str> = ExportFormat::ALL.map(ExportFormat::name).to_vec();
        assert_eq!(listed(&help("export", "format"), "", "."), formats);
        let export = Cli::command();
        let about = export.find_subcommand("export").and_then(|c| c.get_about());
        let about = about.map(ToString::to_string).unwrap_or_default();
        assert_eq!(listed(&about, "as ", " (atomically)"), formats);
        let err = "pdf"
            .parse::<ExportFormat>()
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert_eq!(listed(&err, "(", ")"), formats);
        let event_kinds: Vec<&str> = EventKind::ALL.map(EventKind::as_str).to_vec();
        assert_eq!(listed(&help("export", "kind"), ": ", "."), event_kinds);
        let entity_kinds: Vec<&str> = EntityKind::ALL.map(EntityKind::as_str).to_vec();
        assert_eq!(listed(&help("entities", "kind"), ": ", "."), entity_kinds);
        #[cfg(feature = "train")]
        {
            let gold = help("eval-ner", "gold");
            let model_kinds = EntityKind::MODEL_KINDS
                .map(|k| format!("\"{k}\""))
                .join("|");
            assert!(gold.contains(&model_kinds), "{gold}");
        }
        let extensions: Vec<String> = Format::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .chain(Compression::COMPRESSED.iter().filter_map(|c| c.extension()))
            .map(|e| format!(".{e}"))
            .collect();
        for subcommand in ["articles", "entities", "timeline", "export", "stats"] {
            let words: Vec<String> = listed(&help(subcommand, "path"), "(", ")")
                .into_iter()
                .map(|w| w.trim_start_matches("optionally ").to_string())
                .collect();
            assert_eq!(words, extensions, "{subcommand}");
        }
    }

    fn error_of(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(args).expect("valid arguments");
        let command = cli.command.expect("a subcommand");
        error_line(&execute(command).expect_err("fails"))
    }

    #[test]
    fn a_read_error_is_one_line_with_the_cause_once_then_the_path() {
        let cause = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            error_of(&["kanbao", "articles", "/nonexistent/bundle"]),
            format!("kanbao: cannot read ({cause}): /nonexistent/bundle")
        );
        assert_eq!(
            error_of(&["kanbao", "times", "--lines", "/nonexistent/lines.txt"]),
            format!("kanbao: cannot read ({cause}): /nonexistent/lines.txt")
        );
    }

    #[test]
    fn a_write_error_is_one_line_with_the_cause_once_then_the_path() {
        let cause = std::io::Error::from_raw_os_error(2);
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/sample/000_ecbc3fa7240ad993.txt"
        );
        let out = "/nonexistent/folder/timeline.csv";
        assert_eq!(
            error_of(&["kanbao", "export", sample, "--format", "csv", "-o", out]),
            format!("kanbao: cannot write export ({cause}): {out}")
        );
    }
}
