//! What the search view derives from a finished answer: the rows in the chosen order under the
//! chosen filters, the date histogram (years, or the months of the chosen year), the entities
//! most often in the results (one kind at a time), and the rows as CSV. No egui.

use crate::bundle::{ArticleId, TextSpan};
use crate::ids::EntityId;
use crate::knowledge::Knowledge;
use crate::knowledge::search::{ArticleHits, Ranking};
use crate::ui::analysis::{Analysis, EntityGroup};
pub use crate::ui::route::{DateFacet, SearchFilter};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Entities listed per kind in the entity facet.
pub const FACET_ENTITIES: usize = 12;

/// The histogram's bars: years, or the months of the chosen year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Histogram {
    /// (year, articles), ascending.
    Years(Vec<(i32, usize)>),
    /// The chosen year and its (month, articles), months 1–12 all present.
    Months(i32, Vec<(u32, usize)>),
}

/// The rows shown and the facets beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// Positions in the answer's articles, in display order.
    pub rows: Vec<usize>,
    pub histogram: Histogram,
    /// Undated articles among the results the histogram counts.
    pub undated: usize,
    /// The kind's entities in the most results under the date filter: (entity, articles),
    /// most first, at most [`FACET_ENTITIES`].
    pub entities: Vec<(EntityId, usize)>,
}

/// The rows of `results` under `filter`, with their facets: the date histogram counts the
/// results the entity filter keeps, the entity facet those the date filter keeps, so each facet
/// shows what choosing in it would give.
pub fn derive(
    k: &Knowledge,
    results: &[ArticleHits],
    scores: &[f64],
    filter: &SearchFilter,
) -> Shown {
    let date = |id: ArticleId| k.article(id).and_then(|a| a.date);
    let mentions = |id: ArticleId, entity: EntityId| {
        k.entities
            .article_mentions(id)
            .iter()
            .any(|m| m.entity == entity)
    };
    let by_entity: Vec<usize> = (0..results.len())
        .filter(|&i| {
            filter
                .entity
                .is_none_or(|e| mentions(results[i].article, e))
        })
        .collect();
    let by_date: Vec<usize> = (0..results.len())
        .filter(|&i| {
            filter
                .date
                .is_none_or(|d| d.holds(date(results[i].article)))
        })
        .collect();
    let (histogram, undated) = histogram(
        by_entity.iter().map(|&i| date(results[i].article)),
        filter.date,
    );
    let entities = top_entities(k, by_date.iter().map(|&i| results[i].article), filter.group);
    let keep: Vec<bool> = {
        let mut keep = vec![false; results.len()];
        let mut in_date = vec![false; results.len()];
        for &i in &by_date {
            in_date[i] = true;
        }
        for &i in &by_entity {
            keep[i] = in_date[i];
        }
        keep
    };
    let rows = Ranking::order(filter.order, results, scores, date)
        .into_iter()
        .filter(|&i| keep[i])
        .collect();
    Shown {
        rows,
        histogram,
        undated,
        entities,
    }
}

/// Years of the dates (or months of the chosen year) and how many are undated.
fn histogram(
    dates: impl Iterator<Item = Option<NaiveDate>>,
    chosen: Option<DateFacet>,
) -> (Histogram, usize) {
    let mut undated = 0;
    let mut years: HashMap<i32, usize> = HashMap::new();
    let mut months = [0usize; 12];
    let in_year = chosen.map(DateFacet::year);
    for date in dates {
        let Some(d) = date else {
            undated += 1;
            continue;
        };
        *years.entry(d.year()).or_default() += 1;
        if in_year == Some(d.year()) {
            months[d.month0() as usize] += 1;
        }
    }
    let histogram = match in_year {
        Some(y) => Histogram::Months(y, (1..=12).zip(months).collect()),
        None => {
            let mut years: Vec<(i32, usize)> = years.into_iter().collect();
            years.sort_unstable();
            Histogram::Years(years)
        }
    };
    (histogram, undated)
}

/// The entities of `group` in the most of `articles`, each article counted once per entity.
fn top_entities(
    k: &Knowledge,
    articles: impl Iterator<Item = ArticleId>,
    group: EntityGroup,
) -> Vec<(EntityId, usize)> {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    let mut seen: Vec<EntityId> = Vec::new();
    for id in articles {
        seen.clear();
        seen.extend(k.entities.article_mentions(id).iter().map(|m| m.entity));
        seen.sort_unstable();
        seen.dedup();
        for &e in &seen {
            if k.entities
                .entities
                .get(e.index())
                .is_some_and(|x| EntityGroup::of(x) == group)
            {
                *counts.entry(e).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(EntityId, usize)> = counts.into_iter().collect();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(FACET_ENTITIES);
    top
}

/// The rows as CSV: a header, then title, date (ISO or empty), source (`file:line`) and the first
/// hit in context per article.
pub fn csv(
    analysis: &Analysis,
    results: &[ArticleHits],
    rows: &[usize],
) -> Result<Vec<u8>, String> {
    let k = &analysis.knowledge;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ["title", "date", "source", "snippet"];
    out.write_record(header).map_err(|e| e.to_string())?;
    for found in rows.iter().filter_map(|&i| results.get(i)) {
        let Some(article) = k.article(found.article) else {
            continue;
        };
        let date = article.date.map(|d| d.to_string()).unwrap_or_default();
        let source = format!("{}:{}", article.source.file, article.source.line_start);
        let snippet = found
            .hits
            .first()
            .and_then(|&hit| {
                let text = article.text_at(hit)?;
                let (left, word, right) =
                    crate::text::context(text, hit.start as usize, hit.end as usize, 30);
                Some(format!("{left}{word}{right}"))
            })
            .unwrap_or_default();
        out.write_record([article.title.as_str(), &date, &source, &snippet])
            .map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// The text around `hit` (`width` chars either side, `…` where cut) in pieces, each marked when
/// it is one of `hits` in the same text: every word of the query shows, not only the first.
pub fn snippet(text: &str, hit: TextSpan, hits: &[TextSpan], width: usize) -> Vec<(String, bool)> {
    let chars: Vec<char> = text
        .chars()
        .take((hit.end as usize).saturating_add(width) + 1)
        .collect();
    let end = (hit.end as usize).min(chars.len());
    let from = (hit.start as usize).min(end).saturating_sub(width);
    let to = end.saturating_add(width).min(chars.len());
    let mut marks: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.part == hit.part && h.index == hit.index)
        .map(|h| ((h.start as usize).max(from), (h.end as usize).min(to)))
        .filter(|(s, e)| s < e)
        .collect();
    marks.sort_unstable();
    let mut pieces = Vec::new();
    if from > 0 {
        pieces.push(("…".to_owned(), false));
    }
    let mut at = from;
    for (s, e) in marks {
        let s = s.max(at);
        if s >= e {
            continue;
        }
        if s > at {
            pieces.push((chars[at..s].iter().collect(), false));
        }
        pieces.push((chars[s..e].iter().collect(), true));
        at = e;
    }
    if at < to {
        pieces.push((chars[at..to].iter().collect(), false));
    }
    if to < chars.len() {
        pieces.push(("…".to_owned(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_histogram_counts_years_then_the_months_of_the_chosen_year() {
        let dates = [
            day(2023, 5, 1),
            day(2024, 1, 3),
            day(2024, 1, 9),
            day(2024, 11, 4),
            None,
        ];
        let (years, undated) = histogram(dates.into_iter(), None);
        assert_eq!(years, Histogram::Years(vec![(2023, 1), (2024, 3)]));
        assert_eq!(undated, 1);
        let (months, _) = histogram(dates.into_iter(), Some(DateFacet::Month(2024, 11)));
        let Histogram::Months(2024, months) = months else {
            panic!("months of 2024 expected, got {months:?}");
        };
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], (1, 2));
        assert_eq!(months[10], (11, 1));
        assert_eq!(months.iter().map(|m| m.1).sum::<usize>(), 3);
    }

    #[test]
    fn a_snippet_marks_every_hit_in_its_window() {
        use crate::bundle::Part;
        let span = |s: usize, e: usize| TextSpan::new(ArticleId::new(0), Part::Paragraphs, 0, s, e);
        let other_text = TextSpan::new(ArticleId::new(0), Part::Title, 0, 0, 2);
        let text = "李强会见哈萨克斯坦总理，李强表示，中方愿同哈方加强合作。";
        // Hits: 李强 at 0 and 12, 哈方 at 21; the window of 4 chars around the second 李强.
        let hits = [span(0, 2), span(12, 14), span(21, 23), other_text];
        let pieces = snippet(text, span(12, 14), &hits, 4);
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect();
        assert_eq!(marked, ["李强"]);
        assert_eq!(pieces.first().map(|p| p.0.as_str()), Some("…"));
        assert_eq!(pieces.last().map(|p| p.0.as_str()), Some("…"));
        // A wider window holds all three.
        let pieces = snippet(text, span(12, 14), &hits, 14);
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect();
        assert_eq!(marked, ["李强", "李强", "哈方"]);
        let joined: String = pieces.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(joined, format!("{text}"), "nothing cut, nothing doubled");
    }

    #[test]
    fn a_date_facet_holds_its_year_or_month_only() {
        assert!(DateFacet::Year(2024).holds(day(2024, 12, 31)));
        assert!(!DateFacet::Year(2024).holds(day(2025, 1, 1)));
        assert!(DateFacet::Month(2024, 11).holds(day(2024, 11, 4)));
        assert!(!DateFacet::Month(2024, 11).holds(day(2023, 11, 4)));
        assert!(!DateFacet::Year(2024).holds(None));
    }
}
