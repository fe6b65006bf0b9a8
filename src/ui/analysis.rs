//! The bundle's [`Knowledge`] as the app uses it, built in the background after a load, plus
//! the few indexes only the views need (date links per article, entity groups of the sidebar).

use crate::bundle::{ArticleId, Bundle, Part};
use crate::extract::ner::EntityKind;
use crate::knowledge::entities::{Entity, EntityId, Role};
use crate::knowledge::{BuildPhase, Knowledge};
use crate::ui::jobs::{Job, JobPanic};
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
            #[allow(unreachable_patterns)] // the rule kinds (works, craft, …)
            _ => EntityGroup::Other,
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

    /// The view indexes of a model built elsewhere (tests, benchmarks).
    pub fn from_knowledge(knowledge: Arc<Knowledge>) -> Analysis {
        let date_links = date_links(&knowledge);
        let mut groups: [Vec<EntityId>; 5] = Default::default();
        for e in &knowledge.entities.entities {
            groups[EntityGroup::of(e).slot()].push(e.id);
        }
        Analysis {
            knowledge,
            date_links,
            groups,
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

    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.knowledge.entities.entities.get(id as usize)
    }
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

/// An analysis running on a background thread.
pub struct AnalysisJob {
    /// The bundle being analysed: the answer is used only if it is still the one shown.
    pub bundle: Arc<Bundle>,
    job: Job<Analysis>,
    phase: Arc<Mutex<Option<BuildPhase>>>,
}

impl AnalysisJob {
    pub fn spawn(bundle: Arc<Bundle>, ctx: &egui::Context) -> AnalysisJob {
        let phase = Arc::new(Mutex::new(None));
        let job = {
            let (bundle, phase, ctx) = (Arc::clone(&bundle), Arc::clone(&phase), ctx.clone());
            Job::spawn("analyse", &ctx.clone(), move || {
                let report = |p: BuildPhase| {
                    if let Ok(mut shared) = phase.lock() {
                        *shared = Some(p);
                    }
                    ctx.request_repaint();
                };
                match analysis_pool() {
                    Some(pool) => pool.install(|| Analysis::build(bundle, &report)),
                    None => Analysis::build(bundle, &report),
                }
            })
        };
        AnalysisJob { bundle, job, phase }
    }

    pub fn phase(&self) -> Option<BuildPhase> {
        self.phase.lock().ok().and_then(|p| *p)
    }

    pub fn poll(&self) -> Option<Result<Analysis, JobPanic>> {
        self.job.poll()
    }

    /// Waits for the answer (tests and benchmarks).
    pub fn wait(&self) -> Result<Analysis, JobPanic> {
        self.job.wait()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
