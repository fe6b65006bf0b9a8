//! Pure per-article extraction: named entities ([`ner`]) and time expressions ([`times`]).
//! Models and lexicons live in `assets/` and are loaded once.

pub mod events;
pub mod ner;
pub mod rules;
pub mod times;
