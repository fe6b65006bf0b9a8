//! The bundle's [`Knowledge`] as the app uses it, built in the background after a load, plus
//! the few indexes only the views need (date links per article, entity groups of the sidebar,
//! the events of each entity).

use crate::bundle::{ArticleId, Bundle, Part};
use crate::extract::ner::EntityKind;
use crate::knowledge::entities::{Entity, EntityId, Role};
use crate::knowledge::{BuildPhase, Knowledge};
use crate::ui::jobs::{Job, JobPanic};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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
    pub part: Part,
    pub index: u32,
    /// Char range in the text.
    pub start: u32,
    pub end: u32,
    /// Index into the timeline's events.
    pub event: u32,
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
    entity_events: Vec<u32>,
    /// Wall time of the build.
    pub build_ms: f64,
}

impl Analysis {
    /// Extracts entities, events and the search index of `bundle` (minutes on a large corpus).
    pub fn build(bundle: Arc<Bundle>, phase: &(dyn Fn(BuildPhase) + Sync)) -> Analysis {
        let started = Instant::now();
        let knowledge = Knowledge::build_reporting(bundle, phase);
        let mut analysis = Analysis::from_knowledge(Arc::new(knowledge));
        analysis.build_ms = started.elapsed().as_secs_f64() * 1e3;
        analysis
    }

    /// Same as [`Analysis::build`], stopping soon after `cancel` is set; `None` then.
    pub fn build_cancellable(
        bundle: Arc<Bundle>,
        phase: &(dyn Fn(BuildPhase) + Sync),
        cancel: &AtomicBool,
    ) -> Option<Analysis> {
        let started = Instant::now();
        let knowledge = Knowledge::build_cancellable(bundle, phase, cancel)?;
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
        }
    }

    /// Date links of one text of an article, by position.
    pub fn date_links(&self, article: ArticleId, part: Part, index: u32) -> &[DateLink] {
        let Some(links) = self.date_links.get(article as usize) else {
            return &[];
        };
        let from = links.partition_point(|l| (l.part, l.index) < (part, index));
        let to = links.partition_point(|l| (l.part, l.index) <= (part, index));
        &links[from..to]
    }

    /// Entity ids of a sidebar group, most mentioned first.
    pub fn group(&self, group: EntityGroup) -> &[EntityId] {
        &self.groups[group.slot()]
    }

    /// Indexes of the timeline events `entity` takes part in, by date.
    pub fn events_of(&self, entity: EntityId) -> &[u32] {
        let at = entity as usize;
        match (
            self.entity_event_starts.get(at),
            self.entity_event_starts.get(at + 1),
        ) {
            (Some(&from), Some(&to)) => &self.entity_events[from as usize..to as usize],
            _ => &[],
        }
    }

    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.knowledge.entities.entities.get(id as usize)
    }
}

/// The events of every entity as (starts, events): entity `e`'s are
/// `events[starts[e]..starts[e + 1]]`, ascending; an entity named twice in an event has it once.
fn events_by_entity(k: &Knowledge) -> (Vec<u32>, Vec<u32>) {
    let n = k.entities.entities.len();
    let of = |e: &crate::knowledge::timeline::Event| {
        let mut ids: Vec<usize> = e
            .entities
            .iter()
            .map(|&id| id as usize)
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
    let mut events = vec![0u32; starts[n] as usize];
    for (i, e) in k.timeline.events.iter().enumerate() {
        for id in of(e) {
            events[next[id] as usize] = i as u32;
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
            let Some(text) = k.text(s.article, s.part, s.index as u32) else {
                continue;
            };
            let Some(at) = find_in_sentence(text, s.start, s.end, &s.time_text) else {
                continue;
            };
            if let Some(list) = links.get_mut(s.article as usize) {
                list.push(DateLink {
                    part: s.part,
                    index: s.index as u32,
                    start: at as u32,
                    end: (at + s.time_text.chars().count()) as u32,
                    event: event as u32,
                });
            }
        }
    }
    for list in &mut links {
        list.sort_unstable();
        // One link per position: the first event wins.
        list.dedup_by(|b, a| (a.part, a.index, a.start) == (b.part, b.index, b.start));
    }
    links
}

/// The char offset of `needle` in `text`, searched within the sentence at chars `start..end`.
fn find_in_sentence(text: &str, start: usize, end: usize, needle: &str) -> Option<usize> {
    let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte_of(start), byte_of(end));
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
    phase: Arc<Mutex<Option<BuildPhase>>>,
    cancel: Arc<AtomicBool>,
}

impl AnalysisJob {
    pub fn spawn(bundle: Arc<Bundle>, ctx: &egui::Context) -> AnalysisJob {
        AnalysisJob::spawn_with(bundle, ctx, Box::new(Analysis::build_cancellable))
    }

    /// Runs `build` instead of the full analysis (tests).
    pub fn spawn_with(
        bundle: Arc<Bundle>,
        ctx: &egui::Context,
        build: Box<BuildAnalysis>,
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
                        *shared = Some(p);
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
            cancel,
        }
    }

    pub fn phase(&self) -> Option<BuildPhase> {
        self.phase.lock().ok().and_then(|p| *p)
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
                    let built = Knowledge::build_with_cancellable(bundle, &tag, phase, cancel);
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

        let next = AnalysisJob::spawn(Arc::clone(&bundle), &ctx);
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
        let analysis = Analysis::build(bundle, &|_| {});
        let k = &analysis.knowledge;
        let mut with_events = 0;
        for e in &k.entities.entities {
            let expected: Vec<u32> = (0..k.timeline.events.len() as u32)
                .filter(|&i| k.timeline.events[i as usize].entities.contains(&e.id))
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
                .events_of(k.entities.entities.len() as EntityId)
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
                Analysis::build_cancellable(bundle, phase, cancel)
            }),
        );
        assert!(matches!(job.wait(), Ok(None)));
        assert_eq!(job.phase(), None);
    }

    #[test]
    fn a_time_expression_is_found_inside_its_sentence_only() {
        //          0123456789
        let text = "4日开会。4日返回地球。";
        assert_eq!(find_in_sentence(text, 5, 12, "4日"), Some(5));
        assert_eq!(find_in_sentence(text, 0, 5, "4日"), Some(0));
        assert_eq!(find_in_sentence(text, 5, 12, "5日"), None);
        assert_eq!(find_in_sentence(text, 40, 50, "4日"), None);
    }
}
