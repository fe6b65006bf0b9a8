//! `kanbao search PATH QUERY [--json] [--limit N] [--order relevance|newest|oldest]`: articles
//! holding every word of the query (`"a phrase"`, `-excluded`), in bundle order unless ordered.

use super::analysis::{AnalysisArgs, Need, analyse};
use crate::bundle::{Article, TextSpan};
use crate::knowledge::search::{Query, Ranking, SearchOrder};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Chars of context either side of a hit in a snippet.
const SNIPPET_CHARS: usize = 24;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    #[arg(help = super::path_help())]
    pub path: PathBuf,
    /// Words separated by spaces; an article must hold all of them. "a phrase" is one word,
    /// -word drops the articles holding it.
    pub query: String,
    /// Order of the articles (bundle order by default).
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
    /// Print a JSON array of hits (article id, title, date, hit count, snippet).
    #[arg(long)]
    pub json: bool,
    /// At most this many articles (all by default).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Reference date for every article (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub store: AnalysisArgs,
}

/// `--order`: the orders of [`SearchOrder`].
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OrderArg {
    /// Best match first (BM25, title hits weighted).
    Relevance,
    /// Latest date first, undated last.
    Newest,
    /// Earliest date first, undated last.
    Oldest,
}

impl From<OrderArg> for SearchOrder {
    fn from(order: OrderArg) -> SearchOrder {
        match order {
            OrderArg::Relevance => SearchOrder::Relevance,
            OrderArg::Newest => SearchOrder::Newest,
            OrderArg::Oldest => SearchOrder::Oldest,
        }
    }
}

/// One article found.
#[derive(Debug, Serialize)]
struct Hit<'a> {
    article: crate::ArticleId,
    title: &'a str,
    date: Option<NaiveDate>,
    file: &'a str,
    line: usize,
    hits: usize,
    /// The first hit in its context.
    snippet: String,
}

pub fn run(args: &SearchArgs) -> Result<()> {
    let knowledge = analyse(&args.path, args.date, &args.store, Need::Everything)?;
    let results = knowledge.search.search(knowledge.articles(), &args.query);
    let positions: Vec<usize> = match (args.order, Query::new(&args.query)) {
        (Some(order), Some(query)) => {
            let ranking = Ranking::new(&knowledge.search, knowledge.articles(), &query);
            let scores: Vec<f64> = results.articles.iter().map(|a| ranking.score(a)).collect();
            Ranking::order(order.into(), &results.articles, &scores, |id| {
                knowledge.article(id).and_then(|a| a.date)
            })
        }
        _ => (0..results.articles.len()).collect(),
    };
    let hits: Vec<Hit> = positions
        .iter()
        .filter_map(|&i| results.articles.get(i))
        .take(args.limit.unwrap_or(usize::MAX))
        .filter_map(|found| {
            let article = knowledge.article(found.article)?;
            let first = found.hits.first()?;
            Some(Hit {
                article: article.id,
                title: &article.title,
                date: article.date,
                file: &article.source.file,
                line: article.source.line_start,
                hits: found.hits.len(),
                snippet: snippet(article, *first),
            })
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hits)?;
        writeln!(out)?;
    } else {
        for h in &hits {
            let date = h
                .date
                .map_or_else(|| "----------".to_string(), |d| d.to_string());
            writeln!(
                out,
                "{:>6}  {date}  {}  ({} hit{})  {}",
                h.article.to_string(),
                h.title,
                h.hits,
                if h.hits == 1 { "" } else { "s" },
                h.snippet
            )?;
        }
        eprintln!(
            "kanbao: {} articles, {} hits",
            results.articles.len(),
            results.total_hits
        );
    }
    out.flush()?;
    Ok(())
}

/// The hit in its text, the hit itself in 【】.
fn snippet(article: &Article, hit: TextSpan) -> String {
    let text = article.text_at(hit).unwrap_or_default();
    let (left, word, right) =
        crate::text::context(text, hit.start as usize, hit.end as usize, SNIPPET_CHARS);
    format!("{left}【{word}】{right}")
}
