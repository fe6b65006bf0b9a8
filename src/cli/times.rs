//! `kanbao times --lines FILE --ref YYYY-MM-DD`: time expressions of each line, one JSON line each.

use crate::extract::times::{TimeLexicon, TimeMention, find_times};
use anyhow::Result;
use chrono::NaiveDate;
use std::io::{BufRead as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct TimesArgs {
    /// A UTF-8 text file read line by line (`-` for standard input).
    #[arg(long)]
    pub lines: PathBuf,
    /// Reference date (the article's date) for relative expressions.
    #[arg(long = "ref", value_parser = crate::bundle::refdate::parse_reference)]
    pub reference: Option<NaiveDate>,
    /// Print the line count and lines per second to standard error.
    #[arg(long)]
    pub timing: bool,
}

#[derive(serde::Serialize)]
struct Line<'a> {
    times: &'a [TimeMention],
}

pub fn run(args: &TimesArgs) -> Result<()> {
    let lexicon = TimeLexicon::shipped()?;
    let input: Box<dyn std::io::BufRead> = if args.lines.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.lines)
            .map_err(|e| super::file_error("cannot read", &args.lines, e))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let started = Instant::now();
    let mut count = 0usize;
    let mut busy = std::time::Duration::ZERO;
    for line in input.lines() {
        let line = line.map_err(|e| super::file_error("cannot read", &args.lines, e))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let t = Instant::now();
        let times = find_times(&lexicon, line, args.reference);
        busy += t.elapsed();
        serde_json::to_writer(&mut out, &Line { times: &times })?;
        writeln!(out)?;
        count += 1;
    }
    out.flush()?;
    if args.timing {
        let secs = busy.as_secs_f64().max(1e-9);
        eprintln!(
            "kanbao times: {count} lines, recognition {:.3} s ({:.0} lines/s), total {:.3} s",
            secs,
            count as f64 / secs,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
