//! The bundle's [`Knowledge`] as the app uses it, built in the background after a load, plus
//! the few indexes only the views need (date links per article, entity groups of the sidebar,
//! the events of each entity).

use crate::bundle::{ArticleId, Bundle, Part, TextSpan};
use crate::extract::ner::EntityKind;
use crate::ids::EventId;
use crate::knowledge::entities::{Entity, EntityId, Role};
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::knowledge::{
    ArticleFindings, BuildCounter, BuildOptions, BuildPhase, KeepFindings, Knowledge,
};
use crate::models::{Models, ModelsError};
use crate::store::{FindingSections, Fingerprint, Prefetched, Recall, Store};
use crate::ui::jobs::{Job, JobPanic};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Instant;

/// The sidebar's sections: people the news is about, places, organizations, everything else the
/// rules find (works, craft, facilities, events), and the people who wrote or photographed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EntityGroup {
    #[default]
    People,
    Places,
    Organizations,
    Other,
    Reporters,
}

impl EntityGroup {
    pub const ALL: [EntityGroup; 5] = [
        EntityGroup::People,
        EntityGroup::Places,
        EntityGroup::Organizations,
        EntityGroup::Other,
        EntityGroup::Reporters,
    ];

    pub fn of(entity: &Entity) -> EntityGroup {
        if entity.role == Some(Role::Reporter) {
            return EntityGroup::Reporters;
        }
        match entity.kind {
            EntityKind::Per => EntityGroup::People,
            EntityKind::Loc => EntityGroup::Places,
            EntityKind::Org => EntityGroup::Organizations,
            EntityKind::Work
            | EntityKind::Craft
            | EntityKind::Facility
            | EntityKind::NamedEvent => EntityGroup::Other,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// A time expression in an article's text that dates an event of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateLink {
    /// Where the time expression stands.
    pub span: TextSpan,
    pub event: EventId,
}

/// Everything the views read about the current bundle; built once, then shared read-only.
pub struct Analysis {
    pub knowledge: Arc<Knowledge>,
    /// Per article id, its date links sorted by position.
    date_links: Vec<Vec<DateLink>>,
    /// Per group, entity ids by count (most mentioned first).
    groups: [Vec<EntityId>; 5],
    /// The events of each entity: entity `e`'s event indexes are
    /// `entity_events[entity_event_starts[e]..entity_event_starts[e + 1]]`, ascending (by date).
    entity_event_starts: Vec<u32>,
    entity_events: Vec<EventId>,
    /// Wall time of the build, or of reading it from the store.
    pub build_ms: f64,
    /// Read from the store rather than built.
    pub from_store: bool,
}

impl Analysis {
    /// Extracts entities, events and the search index of `bundle` (minutes on a large corpus),
    /// telling `phase` as each stage starts; `None` once `cancel` is set.
    pub fn build(
        bundle: Arc<Bundle>,
        models: &Models,
        phase: &(dyn Fn(BuildPhase) + Sync),
        counter: &BuildCounter,
        cancel: &AtomicBool,
    ) -> Option<Analysis> {
        Analysis::build_reusing(bundle, models, phase, counter, cancel, Vec::new(), None)
    }

    /// [`Analysis::build`] taking the articles' findings from `known` where given, handing
    /// every article's findings to `keep` (for the store).
    fn build_reusing(
        bundle: Arc<Bundle>,
        models: &Models,
        phase: &(dyn Fn(BuildPhase) + Sync),
        counter: &BuildCounter,
        cancel: &AtomicBool,
        known: Vec<Option<ArticleFindings>>,
        keep: Option<KeepFindings>,
    ) -> Option<Analysis> {
        let started = Instant::now();
        let options = BuildOptions::new(models)
            .progress(phase)
            .counter(counter)
            .cancel(cancel);
        let knowledge = Knowledge::build_reusing(bundle, &options, known, keep).ok()?;
        let mut analysis = Analysis::from_knowledge(Arc::new(knowledge));
        analysis.build_ms = started.elapsed().as_secs_f64() * 1e3;
        Some(analysis)
    }

    /// The view indexes of a model built elsewhere (tests, benchmarks).
    pub fn from_knowledge(knowledge: Arc<Knowledge>) -> Analysis {
        let date_links = date_links(&knowledge);
        let mut groups: [Vec<EntityId>; 5] = Default::default();
        for e in &knowledge.entities.entities {
            groups[EntityGroup::of(e).slot()].push(e.id);
        }
        let (entity_event_starts, entity_events) = events_by_entity(&knowledge);
        Analysis {
            knowledge,
            date_links,
            groups,
            entity_event_starts,
            entity_events,
            build_ms: 0.0,
            from_store: false,
        }
    }

    /// Date links of one text of an article, by position.
    pub fn date_links(&self, article: ArticleId, part: Part, index: u32) -> &[DateLink] {
        let Some(links) = self.date_links.get(article.index()) else {
            return &[];
        };
        let from = links.partition_point(|l| (l.span.part, l.span.index) < (part, index));
        let to = links.partition_point(|l| (l.span.part, l.span.index) <= (part, index));
        &links[from..to]
    }

    /// Entity ids of a sidebar group, most mentioned first.
    pub fn group(&self, group: EntityGroup) -> &[EntityId] {
        &self.groups[group.slot()]
    }

    /// Indexes of the timeline events `entity` takes part in, by date.
    pub fn events_of(&self, entity: EntityId) -> &[EventId] {
        let at = entity.index();
        match (
            self.entity_event_starts.get(at),
            self.entity_event_starts.get(at + 1),
        ) {
            (Some(&from), Some(&to)) => &self.entity_events[from as usize..to as usize],
            _ => &[],
        }
    }

    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.knowledge.entities.entities.get(id.index())
    }
}

/// The events of every entity as (starts, events): entity `e`'s are
/// `events[starts[e]..starts[e + 1]]`, ascending; an entity named twice in an event has it once.
fn events_by_entity(k: &Knowledge) -> (Vec<u32>, Vec<EventId>) {
    let n = k.entities.entities.len();
    let of = |e: &crate::knowledge::timeline::Event| {
        let mut ids: Vec<usize> = e
            .entities
            .iter()
            .map(|&id| id.index())
            .filter(|&id| id < n)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut starts = vec![0u32; n + 1];
    for e in &k.timeline.events {
        for id in of(e) {
            starts[id + 1] += 1;
        }
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut next = starts.clone();
    let mut events = vec![EventId::default(); starts[n] as usize];
    for (i, e) in k.timeline.events.iter().enumerate() {
        for id in of(e) {
            events[next[id] as usize] = EventId::new(i as u32);
            next[id] += 1;
        }
    }
    (starts, events)
}

/// Finds each event source's time expression inside its sentence.
fn date_links(k: &Knowledge) -> Vec<Vec<DateLink>> {
    let mut links: Vec<Vec<DateLink>> = vec![Vec::new(); k.bundle.articles.len()];
    for (event, e) in k.timeline.events.iter().enumerate() {
        for s in &e.sources {
            if s.time_text.is_empty() {
                continue;
            }
            let Some(text) = k.text(s.span) else {
                continue;
            };
            let Some(at) = find_in_sentence(text, s.span, &s.time_text) else {
                continue;
            };
            if let Some(list) = links.get_mut(s.span.article.index()) {
                let width = s.time_text.chars().count();
                list.push(DateLink {
                    span: TextSpan::new(
                        s.span.article,
                        s.span.part,
                        s.span.index as usize,
                        at,
                        at + width,
                    ),
                    event: EventId::new(event as u32),
                });
            }
        }
    }
    for list in &mut links {
        list.sort_unstable();
        // One link per position: the first event wins.
        list.dedup_by(|b, a| {
            (a.span.part, a.span.index, a.span.start) == (b.span.part, b.span.index, b.span.start)
        });
    }
    links
}

/// The char offset of `needle` in `text`, searched within the sentence `sentence` covers.
fn find_in_sentence(text: &str, sentence: TextSpan, needle: &str) -> Option<usize> {
    let start = sentence.start as usize;
    let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte_of(start), byte_of(sentence.end as usize));
    let sentence = text.get(from..to)?;
    let at = sentence.find(needle)?;
    Some(start + sentence[..at].chars().count())
}

/// Niceness of the analysis threads: the scheduler prefers the UI thread, so frames stay
/// smooth while a large bundle is analysed on every core.
const ANALYSIS_NICE: i32 = 10;

/// A pool of one thread per core for the analysis, each at [`ANALYSIS_NICE`]; `None` if the
/// threads cannot be started (the global pool is used then).
fn analysis_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("kanbao-analyse-{i}"))
        .start_handler(|_| lower_this_threads_priority())
        .build()
        .ok()
}

#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // SAFETY: setpriority only reads its integer arguments; on Linux, PRIO_PROCESS with who = 0
    // names the calling thread. A failure leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, ANALYSIS_NICE);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

/// Hands the heap freed by a finished analysis (decoding and grouping buffers) back to the
/// system, so the app's resident memory is what the model holds, not its peak.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn return_freed_memory() {
    // SAFETY: malloc_trim only walks glibc's own arenas; 0 keeps no padding. It may release
    // nothing, which is harmless.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn return_freed_memory() {}

/// Where the app keeps the analysis of a bundle opened from a path: the store, the path and the
/// reference date it was loaded with.
#[derive(Debug, Clone)]
pub struct StoreTarget {
    pub store: Store,
    pub path: PathBuf,
    pub date: Option<chrono::NaiveDate>,
}

/// What the store gives an analysis about to run.
enum Stored {
    /// The analysis itself: the files are those analysed before.
    Read(Analysis),
    /// The findings of unchanged files, and the fingerprint to store the new analysis under.
    Build {
        fingerprint: Fingerprint,
        known: Vec<Option<ArticleFindings>>,
    },
    /// Nothing: the store cannot be used for this bundle.
    Off,
}

impl StoreTarget {
    /// The analysis of `bundle` read from the store if the store answers for its files as
    /// they are now (`known`: their fingerprint, taken moments ago); else what it keeps of
    /// unchanged files. Problems with the store are told on stderr and never stop the analysis.
    fn read(
        &self,
        bundle: &Arc<Bundle>,
        names: Arc<EntityLexicon>,
        known: Option<Fingerprint>,
    ) -> Stored {
        let started = Instant::now();
        let (fingerprint, note) = match self.store.recall(&self.path, self.date, known) {
            Recall::Fresh {
                fingerprint,
                snapshot,
            } => match snapshot.knowledge(Arc::clone(bundle), names) {
                Ok(knowledge) => {
                    let mut analysis = Analysis::from_knowledge(Arc::new(knowledge));
                    analysis.build_ms = started.elapsed().as_secs_f64() * 1e3;
                    analysis.from_store = true;
                    return Stored::Read(analysis);
                }
                Err(err) => (fingerprint, Some(Recall::unreadable(&err))),
            },
            Recall::Analyse { fingerprint, note } => (fingerprint, note),
            Recall::Off { note } => {
                if let Some(note) = note {
                    eprintln!("kanbao: {note}");
                }
                return Stored::Off;
            }
        };
        if let Some(note) = note {
            eprintln!("kanbao: {note}");
        }
        let known = self.store.reusable(&self.path, &fingerprint, bundle).known;
        Stored::Build { fingerprint, known }
    }

    /// Stores an analysis on a thread of its own: the views need not wait for the write.
    fn save_in_background(
        &self,
        fingerprint: Fingerprint,
        knowledge: Arc<Knowledge>,
        findings: FindingSections,
    ) {
        let target = self.clone();
        let spawned = std::thread::Builder::new()
            .name("kanbao-store".into())
            .spawn(move || {
                lower_this_threads_priority();
                let saved = target
                    .store
                    .save(&target.path, &fingerprint, &knowledge, &findings);
                if let Err(err) = saved {
                    eprintln!("kanbao: {err}");
                }
            });
        if let Err(err) = spawned {
            eprintln!("kanbao: the analysis is not stored: cannot start a thread ({err})");
        }
    }
}

/// Builds an analysis: the bundle, a callback told as each stage starts, and the cancel flag;
/// `None` if cancelled.
pub type BuildAnalysis =
    dyn FnOnce(Arc<Bundle>, &(dyn Fn(BuildPhase) + Sync), &AtomicBool) -> Option<Analysis> + Send;

/// An analysis running on a background thread. Dropping it cancels the work: a bundle no
/// longer shown costs no more CPU than the stage it is in needs to wind down.
pub struct AnalysisJob {
    /// The bundle being analysed: the answer is used only if it is still the one shown.
    pub bundle: Arc<Bundle>,
    job: Job<Option<Analysis>>,
    /// The stage running and when it began.
    phase: Arc<Mutex<Option<(BuildPhase, Instant)>>>,
    counter: Arc<BuildCounter>,
    cancel: Arc<AtomicBool>,
}

/// How far a running analysis is, for the status bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnalysisProgress {
    pub phase: BuildPhase,
    /// Articles done in this stage, of `total` (0: the stage counts none).
    pub done: usize,
    pub total: usize,
    /// Seconds since the stage began.
    pub seconds: f64,
}

impl AnalysisProgress {
    /// Articles per second in this stage so far.
    pub fn rate(&self) -> Option<f64> {
        (self.seconds > 0.5 && self.done > 0).then(|| self.done as f64 / self.seconds)
    }

    /// Seconds this stage still needs at its rate so far.
    pub fn seconds_left(&self) -> Option<f64> {
        let rate = self.rate()?;
        Some(self.total.saturating_sub(self.done) as f64 / rate)
    }

    /// Fraction of this stage done, when it counts articles.
    pub fn fraction(&self) -> Option<f32> {
        (self.total > 0).then(|| (self.done as f64 / self.total as f64).clamp(0.0, 1.0) as f32)
    }
}

/// The shipped models, loaded by an analysis that needs them (on its worker thread, so the
/// window opens at once) and shared with any other running meanwhile; they are dropped when
/// the last such analysis ends (about 100 MB that a bundle read from the store never needs,
/// and that take well under a second to load again).
#[derive(Clone, Default)]
pub struct SharedModels(Arc<Mutex<Weak<Models>>>);

impl SharedModels {
    /// The models, loading them if no analysis holds them now.
    pub fn get(&self) -> Result<Arc<Models>, ModelsError> {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(models) = slot.upgrade() {
            return Ok(models);
        }
        let models = Arc::new(Models::shipped()?);
        *slot = Arc::downgrade(&models);
        Ok(models)
    }
}

impl AnalysisJob {
    /// The full analysis of `bundle` with the shipped models, read from `store` instead when
    /// it holds one of the same files, and stored there once built.
    pub fn spawn(
        bundle: Arc<Bundle>,
        models: &SharedModels,
        store: Option<StoreTarget>,
        prefetched: Option<Prefetched>,
        ctx: &egui::Context,
    ) -> AnalysisJob {
        let models = models.clone();
        let counter = Arc::new(BuildCounter::default());
        let job_counter = Arc::clone(&counter);
        let build = move |bundle: Arc<Bundle>,
                          phase: &(dyn Fn(BuildPhase) + Sync),
                          cancel: &AtomicBool| {
            // Read while the articles loaded: only the views' indexes are left to build.
            let (known, model) = match prefetched {
                Some(Prefetched { fingerprint, model }) => (Some(fingerprint), model),
                None => (None, None),
            };
            if let Some(model) = model {
                phase(BuildPhase::Reading);
                let started = Instant::now();
                match model.into_knowledge(Arc::clone(&bundle)) {
                    Ok(knowledge) => {
                        let mut analysis = Analysis::from_knowledge(Arc::new(knowledge));
                        analysis.build_ms = started.elapsed().as_secs_f64() * 1e3;
                        analysis.from_store = true;
                        return_freed_memory();
                        return Some(analysis);
                    }
                    Err(err) => eprintln!("kanbao: {}", Recall::unreadable(&err)),
                }
            }
            let mut stored = Stored::Off;
            if let Some(target) = &store {
                phase(BuildPhase::Reading);
                // The grouping tables alone: the tagger is not unpacked for a stored analysis.
                let names = match EntityLexicon::shipped() {
                    Ok(names) => Arc::new(names),
                    Err(err) => {
                        std::panic::panic_any(format!("cannot load the shipped lexicons: {err}"))
                    }
                };
                stored = target.read(&bundle, names, known);
            }
            let (fingerprint, known) = match stored {
                Stored::Read(analysis) => {
                    return_freed_memory();
                    return Some(analysis);
                }
                Stored::Build { fingerprint, known } => (Some(fingerprint), known),
                Stored::Off => (None, Vec::new()),
            };
            // The findings are encoded for the store before grouping consumes them.
            let mut findings = FindingSections::default();
            let mut keep = |found: &[ArticleFindings]| {
                if let (Some(target), Some(fp)) = (&store, &fingerprint) {
                    match target
                        .store
                        .encode_findings(&target.path, fp, &bundle, found)
                    {
                        Ok(encoded) => findings = encoded,
                        Err(err) => eprintln!("kanbao: {err}"),
                    }
                }
            };
            let analysis = match models.get() {
                Ok(models) => Analysis::build_reusing(
                    Arc::clone(&bundle),
                    &models,
                    phase,
                    &counter,
                    cancel,
                    known,
                    Some(&mut keep),
                )?,
                // A broken build, not bad input: reported as the job's failure.
                Err(err) => std::panic::panic_any(format!("cannot load the shipped models: {err}")),
            };
            if let (Some(target), Some(fp)) = (&store, fingerprint) {
                target.save_in_background(fp, Arc::clone(&analysis.knowledge), findings);
            }
            return_freed_memory();
            Some(analysis)
        };
        AnalysisJob::start(bundle, ctx, Box::new(build), job_counter)
    }

    /// Runs `build` instead of the full analysis (tests).
    pub fn spawn_with(
        bundle: Arc<Bundle>,
        ctx: &egui::Context,
        build: Box<BuildAnalysis>,
    ) -> AnalysisJob {
        AnalysisJob::start(bundle, ctx, build, Arc::default())
    }

    /// Runs `build`, whose article counts (if it keeps any) go to `counter`.
    fn start(
        bundle: Arc<Bundle>,
        ctx: &egui::Context,
        build: Box<BuildAnalysis>,
        counter: Arc<BuildCounter>,
    ) -> AnalysisJob {
        let phase = Arc::new(Mutex::new(None));
        let cancel = Arc::new(AtomicBool::new(false));
        let job = {
            let (bundle, phase, cancel) =
                (Arc::clone(&bundle), Arc::clone(&phase), Arc::clone(&cancel));
            let ctx = ctx.clone();
            Job::spawn("analyse", &ctx.clone(), move || {
                let report = |p: BuildPhase| {
                    if let Ok(mut shared) = phase.lock() {
                        *shared = Some((p, Instant::now()));
                    }
                    ctx.request_repaint();
                };
                match analysis_pool() {
                    Some(pool) => pool.install(|| build(bundle, &report, &cancel)),
                    None => build(bundle, &report, &cancel),
                }
            })
        };
        AnalysisJob {
            bundle,
            job,
            phase,
            counter,
            cancel,
        }
    }

    pub fn phase(&self) -> Option<BuildPhase> {
        self.phase.lock().ok().and_then(|p| *p).map(|(p, _)| p)
    }

    /// The stage running, its articles done and time spent.
    pub fn progress(&self) -> Option<AnalysisProgress> {
        let (phase, since) = self.phase.lock().ok().and_then(|p| *p)?;
        let (done, total) = self.counter.get();
        Some(AnalysisProgress {
            phase,
            done,
            total,
            seconds: since.elapsed().as_secs_f64(),
        })
    }

    /// Asks the analysis to stop; it answers `None` soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The answer once the work has ended: the analysis, or `None` if it was cancelled.
    pub fn poll(&self) -> Option<Result<Option<Analysis>, JobPanic>> {
        self.job.poll()
    }

    /// Waits for the answer (tests and benchmarks).
    pub fn wait(&self) -> Result<Option<Analysis>, JobPanic> {
        self.job.wait()
    }
}

impl Drop for AnalysisJob {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadOptions, load_sample};
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;
    use std::time::Duration;

    const PATIENCE: Duration = Duration::from_secs(20);

    #[test]
    fn progress_gives_rate_and_time_left_once_known() {
        let p = AnalysisProgress {
            phase: BuildPhase::Entities,
            done: 2_000,
            total: 10_000,
            seconds: 4.0,
        };
        assert_eq!(p.rate(), Some(500.0));
        assert_eq!(p.seconds_left(), Some(16.0));
        assert_eq!(p.fraction(), Some(0.2));
        let starting = AnalysisProgress { seconds: 0.1, ..p };
        assert_eq!(
            starting.seconds_left(),
            None,
            "no rate in the first moments"
        );
        let uncounted = AnalysisProgress {
            total: 0,
            done: 0,
            ..p
        };
        assert_eq!(uncounted.fraction(), None);
        assert_eq!(
            crate::ui::i18n::Lang::Zh.analysis_progress(2_000, 10_000, p.rate(), p.seconds_left()),
            "2,000 / 10,000 篇 · 每秒 500 篇 · 约剩 16 秒"
        );
    }

    /// Models shared by the tests, loaded once: the `Arc` keeps them alive.
    static MODELS: std::sync::LazyLock<(SharedModels, Arc<Models>)> =
        std::sync::LazyLock::new(|| {
            let shared = SharedModels::default();
            let models = shared.get().unwrap();
            (shared, models)
        });

    #[test]
    fn a_superseded_analysis_stops_early_and_the_next_one_completes() {
        let ctx = egui::Context::default();
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let articles = bundle.articles.len();
        let texts: usize = bundle.articles.iter().map(|a| a.texts().count()).sum();
        assert!(texts > articles, "{texts} texts in {articles} articles");

        // The old job's tagger holds every text until the job is cancelled, so the test knows
        // where the job is when it is dropped.
        let tagged = Arc::new(AtomicUsize::new(0));
        let (started_tx, started) = mpsc::channel();
        let (ended_tx, ended) = mpsc::channel();
        let old = {
            let tagged = Arc::clone(&tagged);
            let started_tx = Mutex::new(started_tx);
            AnalysisJob::spawn_with(
                Arc::clone(&bundle),
                &ctx,
                Box::new(move |bundle, phase, cancel| {
                    let tag = |_: &str| {
                        tagged.fetch_add(1, Ordering::Relaxed);
                        if let Ok(tx) = started_tx.lock() {
                            let _ = tx.send(());
                        }
                        let deadline = Instant::now() + PATIENCE;
                        while !cancel.load(Ordering::Relaxed) && Instant::now() < deadline {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        Vec::new()
                    };
                    let models = Arc::clone(&MODELS.1);
                    let options = BuildOptions::new(&models)
                        .tagger(&tag)
                        .progress(phase)
                        .cancel(cancel);
                    let built = Knowledge::build(bundle, &options).ok();
                    let _ = ended_tx.send(built.is_some());
                    built.map(|k| Analysis::from_knowledge(Arc::new(k)))
                }),
            )
        };
        started
            .recv_timeout(PATIENCE)
            .expect("the old job tags its first text");
        assert_eq!(old.phase(), Some(BuildPhase::Entities));
        // A new bundle replaces the old one: the app drops the old job.
        drop(old);
        assert_eq!(
            ended.recv_timeout(PATIENCE),
            Ok(false),
            "the superseded job ends without an analysis"
        );
        // Articles are tagged in parallel, each text after the other: at most one text per
        // article was in hand when the flag was set, and none is tagged after it.
        let n = tagged.load(Ordering::Relaxed);
        assert!(n <= articles, "{n} of {texts} texts tagged");

        let next = AnalysisJob::spawn(Arc::clone(&bundle), &MODELS.0, None, None, &ctx);
        let analysis = next
            .wait()
            .expect("no panic")
            .expect("the next analysis is not cancelled");
        assert!(Arc::ptr_eq(&analysis.knowledge.bundle, &bundle));
        assert!(!analysis.knowledge.entities.entities.is_empty());
        assert!(!analysis.group(EntityGroup::People).is_empty());
    }

    #[test]
    fn each_entity_has_the_events_that_name_it_by_date() {
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let models = Arc::clone(&MODELS.1);
        let analysis = Analysis::build(
            bundle,
            &models,
            &|_| {},
            &BuildCounter::default(),
            &AtomicBool::new(false),
        )
        .unwrap();
        let k = &analysis.knowledge;
        let mut with_events = 0;
        for e in &k.entities.entities {
            let expected: Vec<EventId> = (0..k.timeline.events.len())
                .filter(|&i| k.timeline.events[i].entities.contains(&e.id))
                .filter_map(EventId::from_index)
                .collect();
            assert_eq!(analysis.events_of(e.id), expected, "{}", e.name);
            with_events += usize::from(!expected.is_empty());
        }
        assert!(
            with_events > 3,
            "{with_events} entities take part in events"
        );
        assert!(
            analysis
                .events_of(EntityId::new(k.entities.entities.len() as u32))
                .is_empty()
        );
    }

    #[test]
    fn a_cancelled_job_answers_none() {
        let ctx = egui::Context::default();
        let bundle = Arc::new(load_sample(&LoadOptions::default()));
        let job = AnalysisJob::spawn_with(
            bundle,
            &ctx,
            Box::new(|bundle, phase, cancel| {
                // Cancelled before the build starts: not one stage runs.
                cancel.store(true, Ordering::Relaxed);
                Analysis::build(bundle, &MODELS.1, phase, &BuildCounter::default(), cancel)
            }),
        );
        assert!(matches!(job.wait(), Ok(None)));
        assert_eq!(job.phase(), None);
    }

    #[test]
    fn a_time_expression_is_found_inside_its_sentence_only() {
        let span = |start, end| TextSpan::new(ArticleId::new(0), Part::Paragraphs, 0, start, end);
        //          0123456789
        let text = "4日开会。4日返回地球。";
        assert_eq!(find_in_sentence(text, span(5, 12), "4日"), Some(5));
        assert_eq!(find_in_sentence(text, span(0, 5), "4日"), Some(0));
        assert_eq!(find_in_sentence(text, span(5, 12), "5日"), None);
        assert_eq!(find_in_sentence(text, span(40, 50), "4日"), None);
    }
}
