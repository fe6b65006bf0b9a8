//! The read-only model of one opened bundle: articles, entities, events and their indexes.

pub mod abbreviations;
pub mod entities;
pub mod entity_lexicon;
pub mod entity_table;
mod event_source;
pub mod grouping;
mod model;
pub mod reduce;
pub mod search;
mod search_build;
pub mod timeline;

pub use model::{
    ArticleFindings, BuildCounter, BuildOptions, BuildPhase, BuildTimings, Cancelled, KeepFindings,
    Knowledge,
};
