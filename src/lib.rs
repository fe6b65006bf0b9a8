//! kanbao (看报): read bundles of Chinese news, find who, where, which organizations and when.
//!
//! Data flows one way: [`bundle`] (bytes to articles) → [`extract`] (per-article mentions, times,
//! events) → [`knowledge`] (the read-only model of one bundle) → [`export`] and the UI.
//! Nothing in this library imports egui; the desktop app lives in `ui` behind the `gui` feature.

pub mod atomic;
pub mod bundle;
pub mod cli;
pub mod corrections;
pub mod export;
pub mod extract;
pub mod ids;
pub mod knowledge;
pub mod lexicon;
pub mod models;
pub mod names;
pub mod readable_date;
pub mod store;
pub mod text;
pub mod timeline_chart;
#[cfg(feature = "gui")]
pub mod ui;

pub use bundle::{Article, ArticleId, Bundle};
