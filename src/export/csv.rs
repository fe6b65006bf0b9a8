//! CSV export: RFC 4180 (CRLF, quoted where needed) with a header row, UTF-8 with a BOM so that
//! spreadsheet programs read the Chinese text correctly. `value` is the TIMEX3 value (the machine
//! field), `date` the same date as people read it; the `source_*` columns cite each source (one
//! line per source, in the same order in each column): its article's title, reference date, and
//! `file:line`.

use super::ExportOptions;
use super::sources::file_line;
use crate::ArticleId;
use crate::knowledge::timeline::{Citation, Event};

/// The header row.
pub const HEADER: [&str; 18] = [
    "id",
    "start",
    "end",
    "value",
    "precision",
    "mod",
    "kind",
    "title",
    "entities",
    "articles",
    "sources",
    "time_text",
    "sentence",
    "date",
    "source_titles",
    "source_dates",
    "source_files",
    "source_urls",
];

/// The events as CSV bytes, BOM first.
pub fn render(events: &[Event], opts: &ExportOptions) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(HEADER);
    for e in events {
        let join = |it: &mut dyn Iterator<Item = String>| it.collect::<Vec<_>>().join(";");
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let precision = serde_plain(&e.precision);
        let modifier = serde_plain(&e.modifier);
        let mut articles: Vec<ArticleId> = e.sources.iter().map(|s| s.span.article).collect();
        articles.dedup();
        let first = e.sources.first();
        let cited = |f: &dyn Fn(&Citation) -> String| {
            e.sources
                .iter()
                .map(|s| f(&s.citation))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let _ = w.write_record([
            e.id.as_str(),
            &date(e.start),
            &date(e.end),
            &e.value,
            &precision,
            &modifier,
            e.kind.as_str(),
            &e.title,
            &join(&mut e.entities.iter().map(|id| id.to_string())),
            &join(&mut articles.iter().map(|id| id.to_string())),
            &e.sources.len().to_string(),
            first.map_or("", |s| s.time_text.as_str()),
            first.map_or("", |s| s.sentence.as_str()),
            &opts.date(e),
            &cited(&|c| c.title.clone()),
            &cited(&|c| date(c.date)),
            &cited(&file_line),
            &cited(&|c| c.url.clone().unwrap_or_default()),
        ]);
    }
    let _ = w.flush();
    drop(w);
    out
}

/// The JSON string form of a unit enum (`day`, `since`, ``).
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
