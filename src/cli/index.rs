//! `kanbao index PATH [--store DIR] [--date YYYY-MM-DD]`: analyse a bundle and store the
//! analysis, or say the stored one is up to date.

use super::analysis::{AnalysisArgs, Need, Origin, analyse_uncorrected};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

pub fn run(args: &IndexArgs) -> Result<()> {
    if args.store.no_store {
        bail!("index keeps the analysis in the store: --no-store leaves it nothing to do");
    }
    let started = Instant::now();
    let (knowledge, origin) =
        analyse_uncorrected(&args.path, args.date, &args.store, Need::Entities)?;
    let how = match origin {
        Origin::Stored => "up to date",
        Origin::Built => "analysed",
    };
    super::say(format_args!(
        "{how}: {} entities, {} mentions, {} events in {:.1} s",
        knowledge.entities.entities.len(),
        knowledge.entities.mentions.len(),
        knowledge.timeline.events.len(),
        started.elapsed().as_secs_f64()
    ))?;
    Ok(())
}
