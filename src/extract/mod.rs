//! Pure per-article extraction: named entities ([`ner`], [`rules`]), time expressions ([`times`])
//! and timeline events ([`events`]).
//! Models and lexicons live in `assets/`; they are loaded once at the edge ([`crate::models`]).

pub mod events;
pub mod ner;
pub mod rules;
pub mod times;
