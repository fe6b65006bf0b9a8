//! [`Knowledge`]: everything known about one opened bundle, built once, then read-only.

use super::entities::{self, EntityTable};
use super::search::SearchIndex;
use super::timeline::{self, Timeline};
use crate::bundle::{Article, Bundle, Part};
use crate::extract::events::{Participant, Triggers};
use crate::extract::ner::{EntitySpan, Ner};
use std::time::Instant;

/// The model of one bundle: its articles, entities with their mentions, the timeline of dated
/// events (with the entities taking part), and the search index.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub bundle: Bundle,
    pub entities: EntityTable,
    pub timeline: Timeline,
    pub search: SearchIndex,
    pub timings: BuildTimings,
}

/// Milliseconds each stage of [`Knowledge::build`] took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BuildTimings {
    pub entities_ms: f64,
    pub timeline_ms: f64,
    pub search_ms: f64,
}

impl Knowledge {
    /// Extracts and indexes everything with the embedded models.
    pub fn build(bundle: Bundle) -> Knowledge {
        let ner = Ner::embedded();
        Knowledge::build_with(bundle, &|text: &str| ner.tag(text))
    }

    /// Same as [`Knowledge::build`] with another tagger (tests, experiments).
    pub fn build_with(bundle: Bundle, tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync)) -> Knowledge {
        let t = Instant::now();
        let entities = entities::build(&bundle.articles, tag);
        let entities_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let participants = |a: &Article| -> Vec<Participant> {
            entities
                .article_mentions(a.id)
                .iter()
                .map(|m| Participant {
                    part: m.part,
                    index: m.index as usize,
                    start: m.start as usize,
                    end: m.end as usize,
                    entity: m.entity,
                })
                .collect()
        };
        let candidates =
            timeline::extract_candidates(&bundle.articles, Triggers::embedded(), &participants);
        let timeline = Timeline::merge(candidates);
        let timeline_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let search = SearchIndex::build(&bundle.articles);
        let search_ms = t.elapsed().as_secs_f64() * 1e3;
        Knowledge {
            bundle,
            entities,
            timeline,
            search,
            timings: BuildTimings {
                entities_ms,
                timeline_ms,
                search_ms,
            },
        }
    }

    pub fn articles(&self) -> &[Article] {
        &self.bundle.articles
    }

    /// The text a mention or hit points into: `part`/`index` of an article.
    pub fn text(&self, article: u32, part: Part, index: u32) -> Option<&str> {
        let a = self.bundle.articles.get(article as usize)?;
        a.part(part).get(index as usize).map(String::as_str)
    }
}
