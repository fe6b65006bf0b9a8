//! The read-only model of one opened bundle: articles, entities, events and their indexes.

pub mod entities;
mod model;
pub mod search;
pub mod timeline;

pub use model::{BuildPhase, BuildTimings, Knowledge};
