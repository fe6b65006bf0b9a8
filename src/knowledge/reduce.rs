//! The reduce of an analysis as separate steps, for articles whose findings come as a stream
//! (`kanbao merge`): the entities grouped from every article's mentions, then the timeline
//! merged from the event candidates with their entities attached. [`Knowledge::build`] does
//! the same in one go; these steps let a caller hold the mentions, the candidates and the
//! articles' text at different times. The articles given need only what grouping and
//! citations read (id, title, date, source, address, datelines): [`without_text`].
//!
//! [`Knowledge::build`]: super::Knowledge::build

use super::entities::{EntityModels, EntityTable};
use super::grouping::{self, FoundSource};
use super::model::attach_entities;
use super::timeline::Timeline;
use crate::bundle::Article;
use crate::extract::events::EventCandidate;
use crate::models::Models;

/// The article as grouping and the timeline's citations read it: its texts and reading layout
/// dropped.
pub fn without_text(article: Article) -> Article {
    Article {
        kicker: None,
        subtitles: Vec::new(),
        headings: Vec::new(),
        paragraphs: Vec::new(),
        captions: Vec::new(),
        layout: Vec::new(),
        meta: Default::default(),
        ..article
    }
}

/// The entities of `articles` (in bundle order, numbered 0..) from each one's mentions as
/// found (`mentions` yields article `i`'s list `i`th, three times over), grouped as
/// [`Knowledge::build`] groups them; `Err` if `mentions` cannot be read.
///
/// [`Knowledge::build`]: super::Knowledge::build
pub fn group_entities<S: FoundSource>(
    articles: &[Article],
    mentions: S,
    models: &Models,
) -> Result<EntityTable, S::Error> {
    // Grouping reads no text: the tagger is never called.
    let tag = |_: &str| Vec::new();
    let entity_models = EntityModels {
        tag: &tag,
        rules: &models.rules,
        dictionary: Some(models.ner.lexicon()),
        names: &models.names,
    };
    grouping::group(articles, mentions, entity_models)
}

/// The timeline of `articles` from their event candidates (in article order), each given the
/// entities of its sentence from `table`, merged as [`Knowledge::build`] merges them.
///
/// [`Knowledge::build`]: super::Knowledge::build
pub fn timeline(
    mut candidates: Vec<EventCandidate>,
    table: &EntityTable,
    articles: &[Article],
) -> Timeline {
    attach_entities(&mut candidates, table);
    Timeline::merge(candidates, articles)
}
