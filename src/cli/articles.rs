//! `kanbao articles PATH [--json] [--date YYYY-MM-DD]`

use crate::bundle::Article;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ArticlesArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Print a JSON array instead of one line per article.
    #[arg(long)]
    pub json: bool,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long, value_parser = crate::bundle::refdate::parse_reference)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_name = "ROLE=FIELD,...", help = super::MAP_HELP,
          value_parser = crate::bundle::FieldOverrides::parse)]
    pub map: Option<crate::bundle::FieldOverrides>,
}

pub fn run(args: &ArticlesArgs) -> Result<()> {
    let bundle = super::load_bundle_mapped(&args.path, args.date, args.map.as_ref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &bundle.articles)?;
        writeln!(out)?;
    } else {
        print_lines(&mut out, &bundle.articles)?;
    }
    out.flush()?;
    Ok(())
}

/// One readable line per article: id, date, title, paragraph count, source lines.
pub fn print_lines(out: &mut dyn Write, articles: &[Article]) -> Result<()> {
    for a in articles {
        let date = a
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "----------".into());
        writeln!(
            out,
            "{:>5}  {date}  {}  ({} paragraphs; {}:{}-{})",
            a.id,
            a.title,
            a.paragraphs.len(),
            a.source.file,
            a.source.line_start,
            a.source.line_end
        )?;
    }
    Ok(())
}
