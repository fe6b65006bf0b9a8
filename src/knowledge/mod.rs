//! The read-only model of one opened bundle: articles, entities, events and their indexes.

pub mod entities;
pub mod search;
