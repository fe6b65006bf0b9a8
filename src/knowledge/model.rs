//! [`Knowledge`]: everything known about one opened bundle, built once, then read-only.

use super::entities::{self, EntityTable};
use super::search::SearchIndex;
use super::timeline::{self, Timeline};
use crate::bundle::{Article, Bundle, Part};
use crate::extract::events::{Participant, Triggers};
use crate::extract::ner::{EntitySpan, Ner};
use std::sync::Arc;
use std::time::Instant;

/// The model of one bundle: its articles, entities with their mentions, the timeline of dated
/// events (with the entities taking part), and the search index.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// Shared with whoever loaded it (the app shows the articles while the rest is built).
    pub bundle: Arc<Bundle>,
    pub entities: EntityTable,
    pub timeline: Timeline,
    pub search: SearchIndex,
    pub timings: BuildTimings,
}

/// The stage [`Knowledge::build_reporting`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildPhase {
    Entities,
    Timeline,
    Search,
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
    pub fn build(bundle: impl Into<Arc<Bundle>>) -> Knowledge {
        Knowledge::build_reporting(bundle, &|_| {})
    }

    /// Same as [`Knowledge::build`], telling `phase` as each stage starts (the app's status bar).
    pub fn build_reporting(
        bundle: impl Into<Arc<Bundle>>,
        phase: &(dyn Fn(BuildPhase) + Sync),
    ) -> Knowledge {
        let ner = Ner::embedded();
        Knowledge::build_with_reporting(bundle, &|text: &str| ner.tag(text), phase)
    }

    /// Same as [`Knowledge::build`] with another tagger (tests, experiments).
    pub fn build_with(
        bundle: impl Into<Arc<Bundle>>,
        tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
    ) -> Knowledge {
        Knowledge::build_with_reporting(bundle, tag, &|_| {})
    }

    fn build_with_reporting(
        bundle: impl Into<Arc<Bundle>>,
        tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
        phase: &(dyn Fn(BuildPhase) + Sync),
    ) -> Knowledge {
        let bundle: Arc<Bundle> = bundle.into();
        phase(BuildPhase::Entities);
        let t = Instant::now();
        let entities = entities::build(&bundle.articles, tag);
        let entities_ms = t.elapsed().as_secs_f64() * 1e3;
        phase(BuildPhase::Timeline);
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
        phase(BuildPhase::Search);
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
