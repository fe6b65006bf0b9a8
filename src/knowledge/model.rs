//! [`Knowledge`]: everything known about one opened bundle, built once, then read-only.

use super::entities::{self, EntityModels, EntityTable};
use super::search::SearchIndex;
use super::timeline::Timeline;
use crate::bundle::{Article, ArticleId, Bundle, Part, TextSpan};
use crate::extract::events::{self, EventCandidate, EventModels, Participant};
use crate::extract::ner::Tagger;
use crate::models::Models;
use rayon::prelude::*;
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

/// The stage a [`Knowledge::build`] is in, or that a stored analysis is being read instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildPhase {
    /// Reading an analysis from the store ([`crate::store`]); no build runs.
    Reading,
    Entities,
    Timeline,
    Search,
}

/// Articles whose event candidates are extracted in parallel in one go (a fraction of a second
/// of work); the cancel flag is read before each chunk and inside each article, text by text.
const TIMELINE_CHUNK: usize = 4096;

/// A build stopped by its cancel flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the analysis was cancelled")]
pub struct Cancelled;

/// Milliseconds each stage of [`Knowledge::build`] took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BuildTimings {
    pub entities_ms: f64,
    pub timeline_ms: f64,
    pub search_ms: f64,
}

/// How to build a [`Knowledge`]: the models, and optionally another tagger, a progress report
/// and a cancel flag. `BuildOptions::new(&models)` is the plain build.
#[derive(Clone, Copy)]
pub struct BuildOptions<'a> {
    pub models: &'a Models,
    /// Tags texts instead of `models.ner` (tests, experiments).
    pub tagger: Option<&'a Tagger<'a>>,
    /// Told as each stage starts (the app's status bar).
    pub progress: Option<&'a (dyn Fn(BuildPhase) + Sync)>,
    /// Once set, the build stops: texts are no longer tagged, articles not yet begun are
    /// skipped, and the flag is read between stages, between the texts of an article and
    /// between the windows of a long line ([`crate::extract::ner::windows`]).
    pub cancel: Option<&'a AtomicBool>,
}

impl<'a> BuildOptions<'a> {
    pub fn new(models: &'a Models) -> BuildOptions<'a> {
        BuildOptions {
            models,
            tagger: None,
            progress: None,
            cancel: None,
        }
    }

    pub fn tagger(self, tagger: &'a Tagger<'a>) -> Self {
        BuildOptions {
            tagger: Some(tagger),
            ..self
        }
    }

    pub fn progress(self, progress: &'a (dyn Fn(BuildPhase) + Sync)) -> Self {
        BuildOptions {
            progress: Some(progress),
            ..self
        }
    }

    pub fn cancel(self, cancel: &'a AtomicBool) -> Self {
        BuildOptions {
            cancel: Some(cancel),
            ..self
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn go_on(&self) -> Result<(), Cancelled> {
        if self.cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    fn report(&self, phase: BuildPhase) {
        if let Some(progress) = self.progress {
            progress(phase);
        }
    }
}

impl Knowledge {
    /// Extracts and indexes everything: entities, then the timeline (with each event's
    /// participants), then the search index. `Err` only if the options' cancel flag was set.
    pub fn build(
        bundle: impl Into<Arc<Bundle>>,
        options: &BuildOptions,
    ) -> Result<Knowledge, Cancelled> {
        let bundle: Arc<Bundle> = bundle.into();
        let models = options.models;
        // The model asks the flag between the windows of a long line too.
        let ner_tag = |text: &str| models.ner.tag_until(text, &|| options.cancelled());
        let tag = options.tagger.unwrap_or(&ner_tag);
        // Once cancelled, texts are no longer tagged and articles not yet begun are skipped.
        let tag = |text: &str| {
            if options.cancelled() {
                Vec::new()
            } else {
                tag(text)
            }
        };
        options.go_on()?;
        options.report(BuildPhase::Entities);
        let t = Instant::now();
        let entity_models = EntityModels {
            tag: &tag,
            rules: &models.rules,
            dictionary: Some(models.ner.lexicon()),
            names: &models.names,
        };
        let (entities, _) =
            entities::build(&bundle.articles, entity_models, &|| options.cancelled());
        let entities_ms = t.elapsed().as_secs_f64() * 1e3;
        options.go_on()?;
        options.report(BuildPhase::Timeline);
        let t = Instant::now();
        let participants = |a: &Article| -> Vec<Participant> {
            entities
                .article_mentions(a.id)
                .iter()
                .map(|m| Participant {
                    span: m.span,
                    entity: m.entity,
                })
                .collect()
        };
        let candidates = candidates_in_chunks(
            &bundle.articles,
            TIMELINE_CHUNK,
            models.event_models(&tag),
            &participants,
            &|| options.cancelled(),
        )?;
        let timeline = Timeline::merge(candidates, &bundle.articles);
        let timeline_ms = t.elapsed().as_secs_f64() * 1e3;
        options.go_on()?;
        options.report(BuildPhase::Search);
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

    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> Option<&Article> {
        self.bundle.article(id)
    }

    /// The text a mention or hit points into: `part`/`index` of an article.
    pub fn text(&self, span: TextSpan) -> Option<&str> {
        self.bundle
            .articles
            .get(span.article.index())?
            .text_at(span)
    }

    /// The characters a mention or passage covers.
    pub fn span_text(&self, span: TextSpan) -> Option<String> {
        Some(span.slice(self.text(span)?))
    }

    /// The text of every mention, in the order of `entities.mentions` (empty where a mention
    /// points at no text): each text is walked once, however many mentions it has, where
    /// [`Knowledge::span_text`] walks it from its start for each.
    pub fn mention_texts(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.entities.mentions.len());
        // Byte offsets of the chars of the text the last mention pointed into, and one past.
        let mut offsets: Vec<usize> = Vec::new();
        let mut current: Option<(ArticleId, Part, u32)> = None;
        let mut text = "";
        for m in &self.entities.mentions {
            let here = (m.span.article, m.span.part, m.span.index);
            if current != Some(here) {
                current = Some(here);
                text = self.text(m.span).unwrap_or_default();
                offsets.clear();
                offsets.extend(text.char_indices().map(|(i, _)| i));
                offsets.push(text.len());
            }
            // Clamped to the text, as `span_text` is.
            let at = |i: u32| offsets[(i as usize).min(offsets.len() - 1)];
            out.push(text[at(m.span.start)..at(m.span.end.max(m.span.start))].to_string());
        }
        out
    }
}

/// The event candidates of `articles`, extracted `chunk` articles at a time; `stop` is asked
/// before each chunk (`Err` once it says so) and before each text of an article. The same
/// candidates, in the same order, as one pass over all.
fn candidates_in_chunks(
    articles: &[Article],
    chunk: usize,
    models: EventModels,
    participants: &(dyn Fn(&Article) -> Vec<Participant> + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Vec<EventCandidate>, Cancelled> {
    let mut candidates = Vec::new();
    for block in articles.chunks(chunk.max(1)) {
        if stop() {
            return Err(Cancelled);
        }
        let per_article: Vec<Vec<EventCandidate>> = block
            .par_iter()
            .map(|a| events::extract_events_until(a, models, &participants(a), stop))
            .collect();
        candidates.extend(per_article.into_iter().flatten());
    }
    // A flag set during the last chunk may have cut it short.
    if stop() {
        return Err(Cancelled);
    }
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadOptions, load_sample};
    use crate::knowledge::timeline;
    use std::sync::atomic::AtomicUsize;
    use std::sync::{LazyLock, Mutex};

    static MODELS: LazyLock<Models> = LazyLock::new(|| Models::shipped().unwrap());

    #[test]
    fn a_cancelled_build_stops_tagging_and_answers_cancelled() {
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
        let options = BuildOptions::new(&MODELS)
            .tagger(&tag)
            .progress(&phase)
            .cancel(&cancel);
        let built = pool.install(|| Knowledge::build(bundle, &options));
        assert_eq!(built.err(), Some(Cancelled));
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
        let tag = |text: &str| MODELS.ner.tag(text);
        let models = MODELS.event_models(&tag);
        let whole = timeline::extract_candidates(&bundle.articles, models, &none);
        assert!(!whole.is_empty());
        let asked = AtomicUsize::new(0);
        let never = || {
            asked.fetch_add(1, Ordering::Relaxed);
            false
        };
        let chunked = candidates_in_chunks(&bundle.articles, 4, models, &none, &never);
        assert_eq!(chunked, Ok(whole));
        // Before each chunk, each text and once at the end.
        let texts: usize = bundle.articles.iter().map(|a| a.texts().count()).sum();
        assert_eq!(
            asked.load(Ordering::Relaxed),
            bundle.articles.len().div_ceil(4) + texts + 1
        );
        let asked = AtomicUsize::new(0);
        let always = || {
            asked.fetch_add(1, Ordering::Relaxed);
            true
        };
        let stopped = candidates_in_chunks(&bundle.articles, 4, models, &none, &always);
        assert_eq!(stopped.err(), Some(Cancelled));
        assert_eq!(asked.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn event_extraction_stops_between_the_texts_of_an_article() {
        let bundle = load_sample(&LoadOptions::default());
        let tag = |text: &str| MODELS.ner.tag(text);
        let models = MODELS.event_models(&tag);
        // The article with the most events, from more than one text.
        let (article, all) = bundle
            .articles
            .iter()
            .map(|a| (a, events::extract_events(a, models, &[])))
            .max_by_key(|(_, all)| all.len())
            .expect("the sample has articles");
        let first = article
            .texts()
            .next()
            .map(|(part, index, _)| (part, index as u32));
        assert!(
            all.iter()
                .any(|c| Some((c.sentence.span.part, c.sentence.span.index)) != first)
        );
        // The flag is set once the first text is done.
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        let cut = events::extract_events_until(article, models, &[], &stop);
        assert_eq!(asked.get(), 2);
        let in_first =
            |c: &EventCandidate| Some((c.sentence.span.part, c.sentence.span.index)) == first;
        assert!(cut.iter().all(in_first));
        assert_eq!(cut.len(), all.iter().filter(|c| in_first(c)).count());
    }

    #[test]
    fn mention_texts_are_the_texts_of_the_mentions() {
        let mut bundle = load_sample(&LoadOptions::default());
        // And a long line of names without punctuation.
        let line = "中国人民大学北京市委员会习近平".repeat(400);
        bundle.articles[0].paragraphs.push(line);
        let k = Knowledge::build(bundle, &BuildOptions::new(&MODELS)).expect("no cancel flag");
        let texts = k.mention_texts();
        assert_eq!(texts.len(), k.entities.mentions.len());
        assert!(texts.len() > 1000);
        for (m, text) in k.entities.mentions.iter().zip(&texts) {
            assert_eq!(Some(text), k.span_text(m.span).as_ref());
            assert!(!text.is_empty());
        }
    }

    #[test]
    fn an_uncancelled_build_equals_the_plain_build() {
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let plain = Knowledge::build(Arc::clone(&bundle), &BuildOptions::new(&MODELS))
            .expect("no cancel flag");
        let phases = Mutex::new(Vec::new());
        let phase = |p: BuildPhase| phases.lock().expect("not poisoned").push(p);
        let never = AtomicBool::new(false);
        let options = BuildOptions::new(&MODELS).progress(&phase).cancel(&never);
        let built = Knowledge::build(bundle, &options).expect("never cancelled");
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
