//! Measures the store's candidate engines on one bundle: the same encoded sections (entities,
//! timeline, search index, warnings) written and read back by SQLite (the shipped container),
//! redb, and one plain file per section. Each read runs in a fresh process, so its peak memory
//! is its own.
//!
//! `cargo run --release --example store_engines -- PATH [--date YYYY-MM-DD]`
//! (the analysis is taken from the default store when it is fresh, else built).

use anyhow::{Context as _, Result, bail};
use kanbao::cli::analysis::{AnalysisArgs, Need, analyse};
use kanbao::knowledge::Knowledge;
use kanbao::store::codec::{self, EntitiesSection, EntitiesView};
use kanbao::store::db::{StoreFile, StoreWriter};
use kanbao::store::{Fingerprint, this_build};
use redb::ReadableTable as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SECTIONS: [&str; 4] = ["entities", "timeline", "search", "warnings"];
const REDB_TABLE: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("sections");

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--read") {
        let [_, engine, dir, articles] = args.as_slice() else {
            bail!("usage: --read ENGINE DIR ARTICLES");
        };
        return read(engine, Path::new(dir), articles.parse()?);
    }
    let Some(path) = args.first() else {
        bail!("usage: store_engines PATH [--date YYYY-MM-DD]");
    };
    let date = args
        .iter()
        .position(|a| a == "--date")
        .and_then(|i| args.get(i + 1))
        .map(|d| d.parse())
        .transpose()?;
    let path = PathBuf::from(path);
    let knowledge = analyse(&path, date, &AnalysisArgs::default(), Need::Everything)?;
    let started = Instant::now();
    let sections = encode(&knowledge)?;
    let encode_ms = ms(started);
    let plain: usize = sections.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{} articles; sections encoded in {encode_ms:.0} ms, {:.1} MB compressed",
        knowledge.articles().len(),
        plain as f64 / 1e6
    );
    let fingerprint = Fingerprint::of(&path, date, &this_build()?, &[])?;
    let dir = std::env::temp_dir().join(format!("kanbao-engines-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    println!(
        "| engine | write (ms, synced) | size on disk (MB) | reopen + read (ms) | decode (ms) | peak memory of the read (MB) |"
    );
    println!("|---|---|---|---|---|---|");
    for engine in ["sqlite", "redb", "files"] {
        let target = dir.join(engine);
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(&target)?;
        let started = Instant::now();
        write(
            engine,
            &target,
            &fingerprint,
            knowledge.articles().len(),
            &sections,
        )?;
        let write_ms = ms(started);
        let size = folder_size(&target)?;
        // Read in a fresh process: the page cache is warm (as at a reopen), the heap is not.
        let out = std::process::Command::new(std::env::current_exe()?)
            .args(["--read", engine])
            .arg(&target)
            .arg(knowledge.articles().len().to_string())
            .output()?;
        if !out.status.success() {
            bail!("{engine}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let read = String::from_utf8_lossy(&out.stdout);
        println!(
            "| {engine} | {write_ms:.0} | {:.1} | {} |",
            size as f64 / 1e6,
            read.trim()
        );
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn encode(k: &Knowledge) -> Result<Vec<(&'static str, Vec<u8>)>> {
    Ok(vec![
        (
            "entities",
            codec::encode("entities", &EntitiesView::from(&k.entities))?,
        ),
        ("timeline", codec::encode("timeline", &k.timeline)?),
        ("search", codec::encode("search", &*k.search)?),
        (
            "warnings",
            codec::encode("warnings", &codec::warnings_section(&k.bundle.warnings))?,
        ),
    ])
}

fn write(
    engine: &str,
    dir: &Path,
    fingerprint: &Fingerprint,
    articles: usize,
    sections: &[(&str, Vec<u8>)],
) -> Result<()> {
    let sum = |b: &[u8]| xxhash_rust::xxh3::xxh3_64(b);
    match engine {
        "sqlite" => {
            let w = StoreWriter::create(&dir.join("store.sqlite")).map_err(anyhow::Error::msg)?;
            w.header(fingerprint, articles)
                .map_err(anyhow::Error::msg)?;
            for (name, bytes) in sections {
                w.section(name, bytes).map_err(anyhow::Error::msg)?;
            }
            w.commit().map_err(anyhow::Error::msg)?;
        }
        "redb" => {
            let db = redb::Database::create(dir.join("store.redb"))?;
            let tx = db.begin_write()?;
            {
                let mut table = tx.open_table(REDB_TABLE)?;
                table.insert("fingerprint", serde_json::to_vec(fingerprint)?.as_slice())?;
                for (name, bytes) in sections {
                    table.insert(*name, bytes.as_slice())?;
                    table.insert(
                        format!("{name}.sum").as_str(),
                        &sum(bytes).to_le_bytes()[..],
                    )?;
                }
            }
            tx.commit()?;
        }
        "files" => {
            let mut manifest = serde_json::json!({ "fingerprint": fingerprint });
            for (name, bytes) in sections {
                kanbao::atomic::write_atomic(&dir.join(format!("{name}.bin")), bytes)
                    .context("section file")?;
                manifest[*name] = serde_json::json!(format!("{:016x}", sum(bytes)));
            }
            kanbao::atomic::write_atomic(
                &dir.join("manifest.json"),
                manifest.to_string().as_bytes(),
            )
            .context("manifest")?;
        }
        _ => bail!("unknown engine {engine}"),
    }
    Ok(())
}

/// Reopens a store and reads every section, then decodes them: prints the cells of one row.
fn read(engine: &str, dir: &Path, articles: usize) -> Result<()> {
    let started = Instant::now();
    let mut sections: Vec<(String, Vec<u8>, u64)> = Vec::new();
    match engine {
        "sqlite" => {
            let file = StoreFile::open(&dir.join("store.sqlite"))
                .map_err(anyhow::Error::msg)?
                .context("no store")?;
            file.header().map_err(anyhow::Error::msg)?;
            for name in SECTIONS {
                let (bytes, sum) = file.section(name).map_err(anyhow::Error::msg)?;
                sections.push((name.into(), bytes, sum));
            }
        }
        "redb" => {
            let db = redb::ReadOnlyDatabase::open(dir.join("store.redb"))?;
            let tx = redb::ReadableDatabase::begin_read(&db)?;
            let table = tx.open_table(REDB_TABLE)?;
            for name in SECTIONS {
                let bytes = table.get(name)?.context("no section")?.value().to_vec();
                let sum = table
                    .get(format!("{name}.sum").as_str())?
                    .context("no sum")?;
                let sum = u64::from_le_bytes(sum.value().try_into()?);
                sections.push((name.into(), bytes, sum));
            }
        }
        "files" => {
            let manifest: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)?;
            for name in SECTIONS {
                let bytes = std::fs::read(dir.join(format!("{name}.bin")))?;
                let sum = manifest[name].as_str().context("no sum")?;
                sections.push((name.into(), bytes, u64::from_str_radix(sum, 16)?));
            }
        }
        _ => bail!("unknown engine {engine}"),
    }
    let read_ms = ms(started);
    let started = Instant::now();
    let names = std::sync::Arc::new(kanbao::knowledge::entity_lexicon::EntityLexicon::shipped()?);
    for (name, bytes, sum) in &sections {
        match name.as_str() {
            "entities" => {
                let s: EntitiesSection = codec::decode(name, bytes, *sum)?;
                std::hint::black_box(s.into_table(articles, names.clone()).ok());
            }
            "timeline" => {
                let t: kanbao::knowledge::timeline::Timeline = codec::decode(name, bytes, *sum)?;
                std::hint::black_box(t);
            }
            "search" => {
                let s: kanbao::knowledge::search::SearchIndex = codec::decode(name, bytes, *sum)?;
                std::hint::black_box(s);
            }
            _ => {
                let w: Vec<(String, String)> = codec::decode(name, bytes, *sum)?;
                std::hint::black_box(w);
            }
        }
    }
    let decode_ms = ms(started);
    println!("{read_ms:.0} | {decode_ms:.0} | {:.0}", peak_mb());
    Ok(())
}

fn folder_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(dir)? {
        total += e?.metadata()?.len();
    }
    Ok(total)
}

/// Peak resident memory of this process (VmHWM), in MB; 0 where /proc is absent.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
