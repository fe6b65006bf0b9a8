//! `kanbao stats PATH [--date YYYY-MM-DD] [--json]`: what a load reads and what it costs.

use crate::bundle::{self, Bundle};
use crate::knowledge::entities;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also run entity extraction and grouping; report entities, mentions and chars/s.
    #[arg(long)]
    pub extract: bool,
    #[arg(long, value_name = "ROLE=FIELD,...", help = super::MAP_HELP,
          value_parser = crate::bundle::FieldOverrides::parse)]
    pub map: Option<crate::bundle::FieldOverrides>,
}

/// Everything `stats` reports; the `--json` output.
#[derive(Debug, Serialize)]
struct Report {
    path: String,
    files: usize,
    /// Files in a folder left out because their extension is not a bundle format.
    skipped_files: usize,
    articles: usize,
    /// Files per reader that took them (`page dump`, `crawl, labelled`, `JSON Lines`, …).
    readers: Vec<ReaderFiles>,
    /// The record fields read for each role, per mapping found, with its file count.
    field_maps: Vec<FieldMapFiles>,
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
    /// Entity extraction (`--extract`).
    #[serde(skip_serializing_if = "Option::is_none")]
    extract: Option<Extract>,
}

/// What `--extract` found and what it cost.
#[derive(Debug, Serialize)]
struct Extract {
    /// Characters of every text tagged: titles, subtitles, headings, paragraphs, captions.
    text_chars: u64,
    entities: usize,
    mentions: usize,
    /// Worker threads of the parallel phase.
    threads: usize,
    /// Loading the NER model and lexicons (once per process).
    model_load_ms: f64,
    /// Tagging and rules, in parallel over articles (wall clock).
    find_ms: f64,
    /// Grouping mentions into entities (wall clock).
    group_ms: f64,
    /// `text_chars` over find + group wall time.
    chars_per_s: f64,
    /// `chars_per_s` over `threads`.
    chars_per_s_per_thread: f64,
    /// CPU time (user + system, all threads) of find + group, where the system reports it: on a
    /// shared machine, `text_chars` over this is the per-core speed.
    cpu_ms: Option<f64>,
    /// `text_chars` per CPU second of find + group.
    chars_per_cpu_s: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ReaderFiles {
    reader: String,
    files: usize,
}

#[derive(Debug, Serialize)]
struct FieldMapFiles {
    mapping: String,
    files: usize,
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
    let opts = super::load_options(args.date, args.map.as_ref())?;
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
    let extract = args.extract.then(|| extract(&bundle)).transpose()?;
    let mut report = report(&bundle, phases, started);
    report.extract = extract;
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

/// Runs entity extraction and grouping over the bundle, timing each phase.
fn extract(bundle: &Bundle) -> Result<Extract> {
    let t = Instant::now();
    let models = super::shipped_models()?;
    let model_load_ms = t.elapsed().as_secs_f64() * 1e3;
    let cpu_before = process_cpu_ms();
    let tag = |text: &str| models.ner.tag(text);
    let entity_models = entities::EntityModels {
        tag: &tag,
        rules: &models.rules,
        dictionary: Some(models.ner.lexicon()),
        names: &models.names,
    };
    let (table, phases) = entities::build(&bundle.articles, entity_models, &|| false, &|| {});
    let cpu_ms = cpu_before
        .zip(process_cpu_ms())
        .map(|(before, after)| after - before);
    let text_chars: u64 = bundle
        .articles
        .iter()
        .flat_map(|a| a.texts())
        .map(|(_, _, t)| t.chars().count() as u64)
        .sum();
    let threads = rayon::current_num_threads();
    let secs = (phases.find_ms + phases.group_ms) / 1e3;
    let chars_per_s = if secs > 0.0 {
        text_chars as f64 / secs
    } else {
        0.0
    };
    let extract = Extract {
        text_chars,
        entities: table.entities.len(),
        mentions: table.mentions.len(),
        threads,
        model_load_ms,
        find_ms: phases.find_ms,
        group_ms: phases.group_ms,
        chars_per_s,
        chars_per_s_per_thread: chars_per_s / threads.max(1) as f64,
        cpu_ms,
        chars_per_cpu_s: cpu_ms
            .filter(|&ms| ms > 0.0)
            .map(|ms| text_chars as f64 / (ms / 1e3)),
    };
    // Freed by the OS at exit (see `run`).
    std::mem::forget(table);
    Ok(extract)
}

fn report(bundle: &Bundle, phases: Vec<Phase>, started: Instant) -> Report {
    let s = &bundle.stats;
    Report {
        path: bundle.name.clone(),
        files: s.files,
        skipped_files: s.skipped_files,
        articles: bundle.articles.len(),
        readers: s
            .readers
            .iter()
            .map(|(reader, &files)| ReaderFiles {
                reader: reader.clone(),
                files,
            })
            .collect(),
        field_maps: s
            .field_maps
            .iter()
            .map(|(mapping, &files)| FieldMapFiles {
                mapping: mapping.clone(),
                files,
            })
            .collect(),
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
        extract: None,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
    for rf in &r.readers {
        writeln!(
            out,
            "reader        {}: {} file{}",
            rf.reader,
            rf.files,
            plural(rf.files)
        )?;
    }
    for m in &r.field_maps {
        writeln!(
            out,
            "fields        {} ({} file{})",
            m.mapping,
            m.files,
            plural(m.files)
        )?;
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
    if let Some(x) = &r.extract {
        writeln!(out, "model load    {:.1} ms", x.model_load_ms)?;
        writeln!(
            out,
            "entities      {} ({} mentions) in {} chars of text",
            x.entities, x.mentions, x.text_chars
        )?;
        writeln!(
            out,
            "tag+rules     {:.1} ms (wall, {} threads)",
            x.find_ms, x.threads
        )?;
        writeln!(out, "grouping      {:.1} ms", x.group_ms)?;
        writeln!(
            out,
            "extraction    {:.0} chars/s ({:.0} per thread)",
            x.chars_per_s, x.chars_per_s_per_thread
        )?;
        if let (Some(cpu), Some(speed)) = (x.cpu_ms, x.chars_per_cpu_s) {
            writeln!(
                out,
                "extract CPU   {:.1} ms ({speed:.0} chars per CPU second)",
                cpu
            )?;
        }
    }
    writeln!(out, "total (wall)  {:.1} ms", r.wall_ms)?;
    match r.peak_memory_bytes {
        Some(b) => writeln!(out, "peak memory   {:.1} MB (VmHWM)", b as f64 / 1e6)?,
        None => writeln!(out, "peak memory   unknown")?,
    }
    Ok(())
}

/// CPU time of this process so far, all threads, user + system (`/proc/self/stat`; Linux only).
fn process_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_cpu_ms(&stat)
}

/// Fields 14 and 15 (utime, stime) of `/proc/PID/stat`, in clock ticks of 1/100 s (the fixed
/// `USER_HZ` of Linux's user-space interface); the command name may hold spaces, so fields are
/// counted after its closing parenthesis.
fn parse_cpu_ms(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 * 10.0)
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
    use crate::bundle::LoadOptions;

    #[test]
    fn cpu_time_is_read_from_proc_stat() {
        let stat = "1234 (kan bao) R 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 3 0 100";
        assert_eq!(parse_cpu_ms(stat), Some(3000.0));
        assert_eq!(parse_cpu_ms("garbage"), None);
    }

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
        assert!(!text.contains("grouping"), "{text}");
    }

    #[test]
    fn extraction_reports_entities_mentions_and_speed() {
        let bundle = bundle::load_sample(&LoadOptions::default());
        let x = extract(&bundle).unwrap();
        assert!(x.entities > 20 && x.mentions > x.entities, "{x:?}");
        assert!(x.text_chars >= bundle.stats.chars, "{x:?}");
        assert!(x.chars_per_s > 0.0 && x.threads >= 1);
        let mut r = report(&bundle, Vec::new(), Instant::now());
        r.extract = Some(x);
        let mut out = Vec::new();
        print_table(&mut out, &r).expect("writing to a Vec cannot fail");
        let text = String::from_utf8(out).expect("the table is UTF-8");
        assert!(text.contains("grouping"), "{text}");
        assert!(text.contains("chars/s"), "{text}");
    }
}
