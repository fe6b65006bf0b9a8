//! [`Knowledge`]: everything known about one opened bundle, built once, then read-only.

use super::entities::{self, EntityTable};
use super::search::SearchIndex;
use super::timeline::{self, Timeline};
use crate::bundle::{Article, Bundle, Part};
use crate::extract::events::{self, EventCandidate, EventLexicon, Participant};
use crate::extract::ner::{EntitySpan, Ner};
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Articles whose event candidates are extracted between two looks at the cancel flag (a
/// fraction of a second of work).
const TIMELINE_CHUNK: usize = 4096;

/// A build stopped by its cancel flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cancelled;

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

    /// Same as [`Knowledge::build_reporting`], stopping early once `cancel` is set: the flag is
    /// read before each text is tagged (so the rest of the entity stage is cheap), between
    /// stages and between chunks of the timeline's articles. `None` if it was cancelled.
    pub fn build_cancellable(
        bundle: impl Into<Arc<Bundle>>,
        phase: &(dyn Fn(BuildPhase) + Sync),
        cancel: &AtomicBool,
    ) -> Option<Knowledge> {
        let ner = Ner::embedded();
        let tag = |text: &str| ner.tag(text);
        Knowledge::build_with_cancellable(bundle, &tag, phase, cancel)
    }

    /// [`Knowledge::build_cancellable`] with another tagger (tests, experiments).
    pub fn build_with_cancellable(
        bundle: impl Into<Arc<Bundle>>,
        tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
        phase: &(dyn Fn(BuildPhase) + Sync),
        cancel: &AtomicBool,
    ) -> Option<Knowledge> {
        let cancelled = || cancel.load(Ordering::Relaxed);
        // Once cancelled, texts are no longer tagged and articles not yet begun are skipped.
        let tag = |text: &str| if cancelled() { Vec::new() } else { tag(text) };
        let go_on = || if cancelled() { Err(Cancelled) } else { Ok(()) };
        Knowledge::build_stages(bundle, &tag, phase, &go_on).ok()
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
        let go_on = || Ok::<(), Infallible>(());
        let Ok(knowledge) = Knowledge::build_stages(bundle, tag, phase, &go_on);
        knowledge
    }

    /// The build: `phase` is told as each stage starts; `go_on`, asked before each stage and
    /// each chunk of the timeline's articles, stops the build with `Err`.
    fn build_stages<E>(
        bundle: impl Into<Arc<Bundle>>,
        tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
        phase: &(dyn Fn(BuildPhase) + Sync),
        go_on: &(dyn Fn() -> Result<(), E> + Sync),
    ) -> Result<Knowledge, E> {
        let bundle: Arc<Bundle> = bundle.into();
        go_on()?;
        phase(BuildPhase::Entities);
        let t = Instant::now();
        let (entities, _) = entities::build_until(&bundle.articles, tag, &|| go_on().is_err());
        let entities_ms = t.elapsed().as_secs_f64() * 1e3;
        go_on()?;
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
        let candidates = candidates_in_chunks(
            &bundle.articles,
            TIMELINE_CHUNK,
            events::shipped_lexicon(),
            tag,
            &participants,
            go_on,
        )?;
        let timeline = Timeline::merge(candidates);
        let timeline_ms = t.elapsed().as_secs_f64() * 1e3;
        go_on()?;
        phase(BuildPhase::Search);
        let t = Instant::now();
        let search = SearchIndex::build(&bundle.articles);
        let search_ms = t.elapsed().as_secs_f64() * 1e3;
        Ok(Knowledge {
            bundle,
            entities,
            timeline,
            search,
            timings: BuildTimings {
                entities_ms,
                timeline_ms,
                search_ms,
            },
        })
    }

    pub fn articles(&self) -> &[Article] {
        &self.bundle.articles
    }

    /// The text a mention or hit points into: `part`/`index` of an article.
    pub fn text(&self, article: u32, part: Part, index: u32) -> Option<&str> {
        let a = self.bundle.articles.get(article as usize)?;
        a.part(part).get(index as usize).map(String::as_str)
    }

    /// The characters `start..end` (char offsets) of that text: what a mention or passage covers.
    pub fn span_text(
        &self,
        article: u32,
        part: Part,
        index: u32,
        start: u32,
        end: u32,
    ) -> Option<String> {
        let text = self.text(article, part, index)?;
        Some(
            text.chars()
                .skip(start as usize)
                .take(end.saturating_sub(start) as usize)
                .collect(),
        )
    }
}

/// The event candidates of `articles`, extracted `chunk` articles at a time, asking `go_on`
/// before each chunk; the same candidates, in the same order, as one pass over all.
fn candidates_in_chunks<E>(
    articles: &[Article],
    chunk: usize,
    lexicon: &EventLexicon,
    tag: &(dyn Fn(&str) -> Vec<EntitySpan> + Sync),
    participants: &(dyn Fn(&Article) -> Vec<Participant> + Sync),
    go_on: &(dyn Fn() -> Result<(), E> + Sync),
) -> Result<Vec<EventCandidate>, E> {
    let mut candidates = Vec::new();
    for block in articles.chunks(chunk.max(1)) {
        go_on()?;
        candidates.extend(timeline::extract_candidates(
            block,
            lexicon,
            tag,
            participants,
        ));
    }
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadOptions, load_sample};
    use std::sync::Mutex;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_cancelled_build_stops_tagging_and_answers_none() {
        let bundle = load_sample(&LoadOptions::default());
        let texts: usize = bundle.articles.iter().map(|a| a.texts().count()).sum();
        assert!(texts > 10, "the sample has {texts} texts");
        let cancel = AtomicBool::new(false);
        let tagged = AtomicUsize::new(0);
        // The first text tagged cancels the build, as a new bundle would.
        let tag = |_: &str| {
            tagged.fetch_add(1, Ordering::Relaxed);
            cancel.store(true, Ordering::Relaxed);
            Vec::new()
        };
        let phases = Mutex::new(Vec::new());
        let phase = |p: BuildPhase| phases.lock().expect("not poisoned").push(p);
        // One thread, so no other text is in flight when the flag is set.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool starts");
        let built =
            pool.install(|| Knowledge::build_with_cancellable(bundle, &tag, &phase, &cancel));
        assert!(built.is_none());
        assert_eq!(tagged.load(Ordering::Relaxed), 1, "of {texts} texts");
        assert_eq!(
            *phases.lock().expect("not poisoned"),
            [BuildPhase::Entities]
        );
    }

    #[test]
    fn candidates_in_chunks_equal_one_pass_and_stop_when_asked() {
        let bundle = load_sample(&LoadOptions::default());
        let none = |_: &Article| Vec::new();
        let ner = Ner::embedded();
        let tag = |text: &str| ner.tag(text);
        let lexicon = events::shipped_lexicon();
        let whole = timeline::extract_candidates(&bundle.articles, lexicon, &tag, &none);
        assert!(!whole.is_empty());
        let asked = AtomicUsize::new(0);
        let go_on = || {
            asked.fetch_add(1, Ordering::Relaxed);
            Ok::<(), Infallible>(())
        };
        let Ok(chunked) = candidates_in_chunks(&bundle.articles, 4, lexicon, &tag, &none, &go_on);
        assert_eq!(chunked, whole);
        assert_eq!(
            asked.load(Ordering::Relaxed),
            bundle.articles.len().div_ceil(4)
        );
        // Stopped before the second chunk.
        let asked = AtomicUsize::new(0);
        let go_on = || match asked.fetch_add(1, Ordering::Relaxed) {
            0 => Ok(()),
            _ => Err(Cancelled),
        };
        let stopped = candidates_in_chunks(&bundle.articles, 4, lexicon, &tag, &none, &go_on);
        assert_eq!(stopped.err(), Some(Cancelled));
    }

    #[test]
    fn an_uncancelled_build_equals_the_plain_build() {
        let ner = Ner::embedded();
        let tag = |text: &str| ner.tag(text);
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let plain = Knowledge::build_with(Arc::clone(&bundle), &tag);
        let phases = Mutex::new(Vec::new());
        let phase = |p: BuildPhase| phases.lock().expect("not poisoned").push(p);
        let built =
            Knowledge::build_with_cancellable(bundle, &tag, &phase, &AtomicBool::new(false))
                .expect("never cancelled");
        assert_eq!(built.entities.entities, plain.entities.entities);
        assert_eq!(built.entities.mentions, plain.entities.mentions);
        assert_eq!(built.timeline.events.len(), plain.timeline.events.len());
        assert!(!built.timeline.events.is_empty());
        assert_eq!(
            *phases.lock().expect("not poisoned"),
            [
                BuildPhase::Entities,
                BuildPhase::Timeline,
                BuildPhase::Search
            ]
        );
    }
}
