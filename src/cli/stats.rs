//! `kanbao stats PATH [--date YYYY-MM-DD] [--json]`: what a load reads and what it costs.

use crate::bundle::{self, Bundle, LoadOptions};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// A file or folder (.txt, .md, .jsonl, .json, optionally .xz or .gz).
    pub path: PathBuf,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    // `--extract` (entities and times) belongs here; `run` times it as one more phase.
}

/// Everything `stats` reports; the `--json` output.
#[derive(Debug, Serialize)]
struct Report {
    path: String,
    files: usize,
    /// Files in a folder left out because their extension is not a bundle format.
    skipped_files: usize,
    articles: usize,
    chars: Chars,
    /// Bytes of decoded (decompressed) text.
    decoded_bytes: u64,
    warnings: usize,
    /// Phases in order. Read and parse overlap (two threads), so they can add up to more than
    /// the load's wall time.
    phases: Vec<Phase>,
    /// Wall-clock milliseconds of the whole command before printing.
    wall_ms: f64,
    /// Peak resident memory of the process (VmHWM), where the system reports it.
    peak_memory_bytes: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Chars {
    total: u64,
    body: u64,
    titles: u64,
}

#[derive(Debug, Serialize)]
struct Phase {
    name: &'static str,
    ms: f64,
}

pub fn run(args: &StatsArgs) -> Result<()> {
    let started = Instant::now();
    let opts = LoadOptions {
        date: args.date,
        ..LoadOptions::default()
    };
    let bundle = bundle::load_path(&args.path, &opts, &|_| {})?;
    let phases = vec![
        Phase {
            name: "read_decode",
            ms: bundle.stats.read_ms,
        },
        Phase {
            name: "split_parse",
            ms: bundle.stats.split_ms,
        },
        Phase {
            name: "load_wall",
            ms: bundle.stats.wall_ms,
        },
    ];
    // With `--extract`, extraction runs here over `bundle.articles` and pushes its own phases.
    let report = report(&bundle, phases, started);
    for w in &bundle.warnings {
        eprintln!("kanbao: warning: {w}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &report)?;
    }
    out.flush()?;
    // The process ends next: the OS takes the memory back faster than freeing it article by
    // article would (tens of ms on a big corpus).
    std::mem::forget(bundle);
    Ok(())
}

fn report(bundle: &Bundle, phases: Vec<Phase>, started: Instant) -> Report {
    let s = &bundle.stats;
    Report {
        path: bundle.name.clone(),
        files: s.files,
        skipped_files: s.skipped_files,
        articles: bundle.articles.len(),
        chars: Chars {
            total: s.chars,
            body: s.body_chars,
            titles: s.title_chars,
        },
        decoded_bytes: s.bytes,
        warnings: bundle.warnings.len(),
        phases,
        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
        peak_memory_bytes: peak_memory_bytes(),
    }
}

fn print_table(out: &mut dyn Write, r: &Report) -> Result<()> {
    writeln!(out, "path          {}", r.path)?;
    if r.skipped_files > 0 {
        writeln!(
            out,
            "files         {} ({} skipped: not a bundle format)",
            r.files, r.skipped_files
        )?;
    } else {
        writeln!(out, "files         {}", r.files)?;
    }
    writeln!(out, "articles      {}", r.articles)?;
    writeln!(
        out,
        "characters    {} (body {}, titles {})",
        r.chars.total, r.chars.body, r.chars.titles
    )?;
    writeln!(out, "decoded       {} bytes", r.decoded_bytes)?;
    writeln!(out, "warnings      {}", r.warnings)?;
    for p in &r.phases {
        let label = match p.name {
            "read_decode" => "read+decode",
            "split_parse" => "split/parse",
            "load_wall" => "load (wall)",
            other => other,
        };
        writeln!(out, "{label:<13} {:.1} ms", p.ms)?;
    }
    writeln!(out, "total (wall)  {:.1} ms", r.wall_ms)?;
    match r.peak_memory_bytes {
        Some(b) => writeln!(out, "peak memory   {:.1} MB (VmHWM)", b as f64 / 1e6)?,
        None => writeln!(out, "peak memory   unknown")?,
    }
    Ok(())
}

/// Peak resident set size of this process (`VmHWM` in `/proc/self/status`; Linux only).
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim();
    kb.parse::<u64>().ok().map(|kb| kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_bytes() {
        let status = "Name:\tkanbao\nVmPeak:\t  300000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(123_456 * 1024));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn the_table_names_every_phase() {
        let bundle = bundle::load_sample(&LoadOptions::default());
        let phases = vec![
            Phase {
                name: "read_decode",
                ms: 1.0,
            },
            Phase {
                name: "split_parse",
                ms: 2.0,
            },
        ];
        let r = report(&bundle, phases, Instant::now());
        let mut out = Vec::new();
        print_table(&mut out, &r).expect("writing to a Vec cannot fail");
        let text = String::from_utf8(out).expect("the table is UTF-8");
        assert!(text.contains("read+decode   1.0 ms"), "{text}");
        assert!(text.contains("split/parse   2.0 ms"), "{text}");
        assert!(text.contains(&format!("articles      {}", bundle.articles.len())));
    }
}
