//! [`Knowledge`]: everything known about one opened bundle, built once, then read-only.

use super::entities::{self, EntityModels, EntityTable, Found, Mention};
use super::grouping;
use super::search::SearchIndex;
use super::timeline::Timeline;
use crate::bundle::{Article, ArticleId, Bundle, Part, TextSpan};
use crate::extract::events::{self, EventCandidate, EventModels};
use crate::extract::ner::Tagger;
use crate::ids::EntityId;
use crate::models::Models;
use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// The model of one bundle: its articles, entities with their mentions, the timeline of dated
/// events (with the entities taking part), and the search index.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Shared with whoever loaded it (the app shows the articles while the rest is built).
    pub bundle: Arc<Bundle>,
    pub entities: EntityTable,
    pub timeline: Timeline,
    /// Shared by an analysis and its corrected copies (corrections never change the text).
    pub search: Arc<SearchIndex>,
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

/// How far a running build is: the articles done in the current stage, of how many (0 where a
/// stage does not count articles). Shared with whoever shows progress (the app's status bar,
/// the CLI's progress bar), who reads it at any time.
#[derive(Debug, Default)]
pub struct BuildCounter {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl BuildCounter {
    /// (done, total) of the current stage.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    fn add(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
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
    /// Each article read on its own: entity mentions and event candidates (in parallel).
    pub findings_ms: f64,
    /// Mentions grouped into entities, candidates merged into the timeline.
    pub grouping_ms: f64,
    pub search_ms: f64,
}

/// What one article yields on its own: its entity mentions as found (before grouping) and its
/// event candidates (before the entities taking part are known). Kept by the store per file,
/// and reused while the file is unchanged.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleFindings {
    pub mentions: Vec<Found>,
    pub events: Vec<EventCandidate>,
}

impl ArticleFindings {
    /// The findings of the same article at another place in the bundle (`by` added to the
    /// article ids they hold; negative moves back).
    pub fn moved(mut self, by: i64) -> ArticleFindings {
        for e in &mut self.events {
            let id = &mut e.sentence.span.article;
            *id = ArticleId::new((i64::from(id.get()) + by).clamp(0, i64::from(u32::MAX)) as u32);
        }
        self
    }
}

/// Handed every article's findings once they are all found (the store encodes them there).
pub type KeepFindings<'a> = &'a mut dyn FnMut(&[ArticleFindings]);

/// Each candidate's entities: those mentioned in its sentence, sorted, distinct. Mentions are
/// sorted by place, so each sentence finds its first mention by binary search.
pub(super) fn attach_entities(candidates: &mut [EventCandidate], table: &EntityTable) {
    for c in candidates {
        c.entities = sentence_entities(&c.sentence.span, table.article_mentions(c.article()));
    }
}

/// The entities mentioned in `sentence`, sorted, distinct; `mentions` are its article's,
/// sorted by place, so the sentence finds its first mention by binary search.
pub(super) fn sentence_entities(sentence: &TextSpan, mentions: &[Mention]) -> Vec<EntityId> {
    let s = sentence;
    let first = mentions.partition_point(|m| {
        (m.span.part, m.span.index, m.span.start) < (s.part, s.index, s.start)
    });
    let mut ids: Vec<EntityId> = mentions[first..]
        .iter()
        .take_while(|m| (m.span.part, m.span.index) == (s.part, s.index) && m.span.start < s.end)
        .filter(|m| m.span.end <= s.end)
        .map(|m| m.entity)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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
    /// Counts the articles done in each stage.
    pub counter: Option<&'a BuildCounter>,
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
            counter: None,
            cancel: None,
        }
    }

    pub fn counter(self, counter: &'a BuildCounter) -> Self {
        BuildOptions {
            counter: Some(counter),
            ..self
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

    /// The tagger of the build: the options' own, else the model's (which asks the cancel flag
    /// between the windows of a long line too); nothing is tagged once cancelled, so articles
    /// not yet begun are skipped.
    fn tag(&self, text: &str) -> Vec<crate::extract::ner::EntitySpan> {
        if self.cancelled() {
            return Vec::new();
        }
        match self.tagger {
            Some(tag) => tag(text),
            None => self.models.ner.tag_until(text, &|| self.cancelled()),
        }
    }

    /// What finding and grouping entities read, with `tag` as the tagger.
    fn entity_models<'t>(&'t self, tag: &'t Tagger<'t>) -> EntityModels<'t> {
        EntityModels {
            tag,
            rules: &self.models.rules,
            dictionary: Some(self.models.ner.lexicon()),
            names: &self.models.names,
        }
    }

    /// Tells the stage starting, and how many articles it will count (0: none).
    fn report(&self, phase: BuildPhase, articles: usize) {
        if let Some(counter) = self.counter {
            counter.start(articles);
        }
        if let Some(progress) = self.progress {
            progress(phase);
        }
    }

    /// One more article done in the current stage.
    fn tick(&self) {
        if let Some(counter) = self.counter {
            counter.add(1);
        }
    }
}

impl Knowledge {
    /// Extracts and indexes everything: each article's entity mentions and event candidates,
    /// then the entities grouped and the events merged across articles (with each event's
    /// participants), then the search index. `Err` only if the options' cancel flag was set.
    pub fn build(
        bundle: impl Into<Arc<Bundle>>,
        options: &BuildOptions,
    ) -> Result<Knowledge, Cancelled> {
        Knowledge::build_reusing(bundle, options, Vec::new(), None)
    }

    /// [`Knowledge::build`], taking an article's findings from `known` where it has them
    /// (`known[i]` for article `i`: the store's, of files unchanged since) and finding the rest;
    /// `keep` is handed every article's findings before grouping consumes them (the store
    /// encodes them there, so they are never held twice).
    pub fn build_reusing(
        bundle: impl Into<Arc<Bundle>>,
        options: &BuildOptions,
        known: Vec<Option<ArticleFindings>>,
        keep: Option<KeepFindings>,
    ) -> Result<Knowledge, Cancelled> {
        let bundle: Arc<Bundle> = bundle.into();
        let models = options.models;
        let tag = |text: &str| options.tag(text);
        let entity_models = options.entity_models(&tag);
        options.go_on()?;
        let to_find =
            bundle.articles.len() - known.iter().flatten().count().min(bundle.articles.len());
        options.report(BuildPhase::Entities, to_find);
        let t = Instant::now();
        let findings = findings_in_chunks(
            &bundle.articles,
            known,
            TIMELINE_CHUNK,
            entity_models,
            models.event_models(&tag),
            options,
        )?;
        let findings_ms = t.elapsed().as_secs_f64() * 1e3;
        options.go_on()?;
        options.report(BuildPhase::Timeline, 0);
        let t = Instant::now();
        if let Some(keep) = keep {
            keep(&findings);
        }
        let (found, candidates): (Vec<_>, Vec<_>) =
            findings.into_iter().map(|f| (f.mentions, f.events)).unzip();
        let source = grouping::InBundle {
            articles: &bundle.articles,
            found: &found,
        };
        let Ok(entities) = grouping::group(source, bundle.articles.len(), entity_models);
        drop(found);
        let mut candidates: Vec<EventCandidate> = candidates.into_iter().flatten().collect();
        attach_entities(&mut candidates, &entities);
        let timeline = Timeline::merge(candidates, &bundle.articles);
        let grouping_ms = t.elapsed().as_secs_f64() * 1e3;
        options.go_on()?;
        options.report(BuildPhase::Search, 0);
        let t = Instant::now();
        let search = Arc::new(SearchIndex::build(&bundle.articles));
        let search_ms = t.elapsed().as_secs_f64() * 1e3;
        let knowledge = Knowledge {
            bundle,
            entities,
            timeline,
            search,
            timings: BuildTimings {
                findings_ms,
                grouping_ms,
                search_ms,
            },
        };
        Ok(knowledge)
    }

    /// A copy sharing the articles and the search index, with the entity table and timeline
    /// left empty (to be filled by whoever makes it).
    pub fn clone_shared(&self) -> Knowledge {
        Knowledge {
            bundle: Arc::clone(&self.bundle),
            entities: EntityTable::default(),
            timeline: Timeline::default(),
            search: Arc::clone(&self.search),
            timings: self.timings,
        }
    }

    /// The per-article pass of [`Knowledge::build`] alone: the findings of each of `articles`
    /// (in parallel, in order), as a build finds them (`kanbao extract`; a build given them as
    /// known skips the pass). Event candidates name each article by its id.
    pub fn find(
        articles: &[Article],
        options: &BuildOptions,
    ) -> Result<Vec<ArticleFindings>, Cancelled> {
        let tag = |text: &str| options.tag(text);
        let entity_models = options.entity_models(&tag);
        findings_in_chunks(
            articles,
            Vec::new(),
            TIMELINE_CHUNK,
            entity_models,
            options.models.event_models(&tag),
            options,
        )
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

/// The findings of `articles`, `chunk` articles at a time: those in `known` as they are, the
/// others found (entities, then events). The options' cancel flag is asked before each chunk
/// (`Err` once it is set) and before each text of an article; each article found is counted.
/// The same findings, in the same order, as one pass over all.
fn findings_in_chunks(
    articles: &[Article],
    mut known: Vec<Option<ArticleFindings>>,
    chunk: usize,
    entity_models: EntityModels,
    event_models: EventModels,
    options: &BuildOptions,
) -> Result<Vec<ArticleFindings>, Cancelled> {
    known.resize(articles.len(), None);
    let stop = || options.cancelled();
    let mut findings = Vec::with_capacity(articles.len());
    let mut known = known.into_iter();
    for block in articles.chunks(chunk.max(1)) {
        options.go_on()?;
        let given: Vec<Option<ArticleFindings>> = known.by_ref().take(block.len()).collect();
        let found: Vec<ArticleFindings> = block
            .par_iter()
            .zip(given)
            .map(|(a, given)| {
                if let Some(f) = given {
                    return f;
                }
                let mentions = entities::find_in_article(a, entity_models, &stop);
                let events = events::extract_events_until(a, event_models, &[], &stop);
                options.tick();
                ArticleFindings { mentions, events }
            })
            .collect();
        findings.extend(found);
    }
    // A flag set during the last chunk may have cut it short.
    options.go_on()?;
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadOptions, load_sample};
    use crate::extract::events::Participant;
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
    fn events_take_their_sentences_entities_as_when_extracted_with_them() {
        let bundle = load_sample(&LoadOptions::default());
        let built = Knowledge::build(bundle.clone(), &BuildOptions::new(&MODELS)).expect("built");
        // The events extracted with the entities handed in as participants.
        let tag = |text: &str| MODELS.ner.tag(text);
        let table = &built.entities;
        let participants = |a: &Article| -> Vec<Participant> {
            table
                .article_mentions(a.id)
                .iter()
                .map(|m| Participant {
                    span: m.span,
                    entity: m.entity,
                })
                .collect()
        };
        let candidates = timeline::extract_candidates(
            &bundle.articles,
            MODELS.event_models(&tag),
            &participants,
        );
        assert!(candidates.iter().any(|c| c.entities.len() > 1));
        let merged = Timeline::merge(candidates, &bundle.articles);
        assert_eq!(built.timeline, merged);
    }

    #[test]
    fn known_findings_are_reused_and_the_rest_found() {
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let tagged = AtomicUsize::new(0);
        let tag = |text: &str| {
            tagged.fetch_add(1, Ordering::Relaxed);
            MODELS.ner.tag(text)
        };
        let counter = BuildCounter::default();
        let options = BuildOptions::new(&MODELS).tagger(&tag).counter(&counter);
        let mut findings = Vec::new();
        let whole = Knowledge::build_reusing(
            Arc::clone(&bundle),
            &options,
            Vec::new(),
            Some(&mut |f: &[ArticleFindings]| findings = f.to_vec()),
        )
        .expect("built");
        assert_eq!(findings.len(), bundle.articles.len());
        assert!(tagged.load(Ordering::Relaxed) > 0);
        // Every other article known: only the others are read again.
        let known: Vec<Option<ArticleFindings>> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| (i % 2 == 0).then(|| f.clone()))
            .collect();
        tagged.store(0, Ordering::Relaxed);
        let mut kept = Vec::new();
        let again = Knowledge::build_reusing(
            Arc::clone(&bundle),
            &options,
            known,
            Some(&mut |f: &[ArticleFindings]| kept = f.to_vec()),
        )
        .expect("built");
        let others: usize = bundle
            .articles
            .iter()
            .skip(1)
            .step_by(2)
            .map(|a| a.texts().count())
            .sum();
        assert!(tagged.load(Ordering::Relaxed) >= others);
        assert!(tagged.load(Ordering::Relaxed) < 2 * others + bundle.articles.len());
        assert_eq!(kept, findings);
        assert_eq!(again.timeline, whole.timeline);
        assert_eq!(again.entities.mentions, whole.entities.mentions);
        // All known: nothing is tagged.
        tagged.store(0, Ordering::Relaxed);
        let all = findings.into_iter().map(Some).collect();
        let third =
            Knowledge::build_reusing(Arc::clone(&bundle), &options, all, None).expect("built");
        assert_eq!(tagged.load(Ordering::Relaxed), 0);
        assert_eq!(third.timeline, whole.timeline);
        // A flag already set: cancelled before anything is read.
        let cancel = AtomicBool::new(true);
        let stopped = Knowledge::build(Arc::clone(&bundle), &options.cancel(&cancel));
        assert_eq!(stopped.err(), Some(Cancelled));
    }

    #[test]
    fn findings_moved_shift_their_article_ids() {
        let bundle = load_sample(&LoadOptions::default());
        let mut findings = Vec::new();
        Knowledge::build_reusing(
            bundle,
            &BuildOptions::new(&MODELS),
            Vec::new(),
            Some(&mut |f: &[ArticleFindings]| findings = f.to_vec()),
        )
        .expect("built");
        let f = findings
            .into_iter()
            .find(|f| !f.events.is_empty())
            .expect("an article with events");
        let at = f.events[0].article().get();
        let moved = f.clone().moved(10);
        assert_eq!(moved.events[0].article().get(), at + 10);
        assert_eq!(moved.moved(-10), f);
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
