//! The timeline of a bundle: event candidates of all articles merged into events (one happening
//! told in several sentences or articles becomes one event with several sources), sorted by date.

use crate::bundle::{Article, ArticleId, Part, TextSpan};
use crate::extract::events::{self, EventCandidate, EventKind, EventModels, Participant, Relation};
use crate::extract::times::{self, Mod, Precision};
use crate::ids::{EntityId, EventId};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One happening on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Deterministic id: the same bundle always gives the same ids.
    pub id: String,
    /// TIMEX3 value of the date (`2024-11-04`, `2024-11`, `2024-11-06/2024-11-07`).
    pub value: String,
    pub precision: Precision,
    #[serde(rename = "mod")]
    pub modifier: Mod,
    /// First and last day the value covers.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub kind: EventKind,
    /// How it stands to the dates of the articles telling it.
    pub relation: Relation,
    /// How much the bundle makes of it: distinct articles, a headline, people and bodies taking
    /// part (see [`salience`]).
    pub salience: f32,
    pub title: String,
    pub sources: Vec<EventSource>,
    /// Entities taking part, sorted.
    pub entities: Vec<EntityId>,
}

/// One sentence telling an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    from = "super::event_source::EventSourceRecord",
    into = "super::event_source::EventSourceRecord"
)]
pub struct EventSource {
    /// Where the sentence stands.
    pub span: TextSpan,
    /// The article it stands in, as a reader finds it again.
    pub citation: Citation,
    pub sentence: String,
    pub trigger: String,
    /// The time expression as written (`4日`, `2023年12月`).
    pub time_text: String,
}

/// An article as a citation names it: title, reference date, the file and first line it was
/// read from, and its web address when the record or page gave one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub title: String,
    pub date: Option<NaiveDate>,
    pub file: String,
    pub line: usize,
    pub url: Option<String>,
}

impl Citation {
    pub fn of(article: &Article) -> Citation {
        Citation {
            title: article.title.clone(),
            date: article.date,
            file: article.source.file.clone(),
            line: article.source.line_start,
            url: article.url.clone(),
        }
    }
}

/// All events of a bundle, sorted by date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub events: Vec<Event>,
}

/// Which events to show or export. Empty fields let everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// Any of these kinds.
    pub kinds: Vec<EventKind>,
    /// Any of these relations to the articles' dates (reported, recalled, planned).
    pub relations: Vec<Relation>,
    /// Events with any of these entities (set by the knowledge layer from a name or alias).
    pub entities: Option<BTreeSet<EntityId>>,
    /// Fallback for names without entity ids: the name appears in a source sentence or the title.
    pub names: Vec<String>,
    /// Text in the title or a source sentence.
    pub text: Option<String>,
    /// Events whose dates overlap `from..=to`.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl TimelineFilter {
    /// The seam for the entity layer: keep events taking part with any of these entities.
    pub fn with_entity_ids(mut self, ids: impl IntoIterator<Item = EntityId>) -> Self {
        self.entities = Some(ids.into_iter().collect());
        self
    }

    pub fn matches(&self, e: &Event) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&e.kind) {
            return false;
        }
        if !self.relations.is_empty() && !self.relations.contains(&e.relation) {
            return false;
        }
        let in_text = |needle: &str| {
            e.title.contains(needle) || e.sources.iter().any(|s| s.sentence.contains(needle))
        };
        let by_id = self
            .entities
            .as_ref()
            .map(|ids| e.entities.iter().any(|id| ids.contains(id)));
        let by_name = (!self.names.is_empty()).then(|| self.names.iter().any(|n| in_text(n)));
        match (by_id, by_name) {
            (None, None) => {}
            (a, b) => {
                if !(a.unwrap_or(false) || b.unwrap_or(false)) {
                    return false;
                }
            }
        }
        if let Some(t) = self.text.as_deref().filter(|t| !t.is_empty())
            && !in_text(t)
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let (Some(start), Some(end)) = (e.start, e.end) else {
                return false;
            };
            if self.from.is_some_and(|f| end < f) || self.to.is_some_and(|t| start > t) {
                return false;
            }
        }
        true
    }
}

/// Reads a `--from`/`--to` bound: `2024`, `2024-11`, `2024-11-04`; the first or last day it covers.
pub fn parse_date_bound(s: &str, last_day: bool) -> Option<NaiveDate> {
    let s = s.trim();
    let ok = s.len() >= 4 && s.chars().all(|c| c.is_ascii_digit() || c == '-');
    if !ok {
        return None;
    }
    times::value_range(s).map(|(a, b)| if last_day { b } else { a })
}

/// The first and last reference date of the articles: the span the bundle was published over,
/// `None` when no article has a date.
pub fn publication_span(articles: &[Article]) -> Option<(NaiveDate, NaiveDate)> {
    articles
        .iter()
        .filter_map(|a| a.date)
        .fold(None, |span, d| match span {
            None => Some((d, d)),
            Some((a, b)) => Some((a.min(d), b.max(d))),
        })
}

/// Event candidates of all articles, in parallel, returned in article order.
pub fn extract_candidates(
    articles: &[Article],
    models: EventModels,
    participants: &(dyn Fn(&Article) -> Vec<Participant> + Sync),
) -> Vec<EventCandidate> {
    let per_article: Vec<Vec<EventCandidate>> = articles
        .par_iter()
        .map(|a| events::extract_events(a, models, &participants(a)))
        .collect();
    per_article.into_iter().flatten().collect()
}

impl Timeline {
    /// The event with this id.
    pub fn get(&self, id: EventId) -> Option<&Event> {
        self.events.get(id.index())
    }

    /// The timeline of these articles, without entities.
    pub fn build(articles: &[Article], models: EventModels) -> Timeline {
        Timeline::merge(
            extract_candidates(articles, models, &|_| Vec::new()),
            articles,
        )
    }

    /// Merges candidates (in article order) into events sorted by date; `articles` are the ones
    /// the candidates were read from, for the sources' citations.
    pub fn merge(mut candidates: Vec<EventCandidate>, articles: &[Article]) -> Timeline {
        align_headlines(&mut candidates);
        let cite = |i: usize| {
            let article = candidates.get(i).map(|c| c.article().index());
            article
                .and_then(|a| articles.get(a))
                .map(Citation::of)
                .unwrap_or_default()
        };
        let ranked = merge_aligned(&candidates, |i| i as u64, &cite);
        Timeline::of_ranked(ranked)
    }

    /// The timeline of events merged apart ([`merge_aligned`]), in the order one merge of all
    /// their candidates would give.
    pub(crate) fn of_ranked(mut ranked: Vec<(Rank, Event)>) -> Timeline {
        ranked.sort_unstable_by(ranked_order);
        let mut ids = UniqueIds::default();
        let events = ranked
            .into_iter()
            .map(|(_, mut e)| {
                ids.apply(&mut e);
                e
            })
            .collect();
        Timeline { events }
    }
    /// Events passing the filter, in timeline order.
    pub fn filtered<'a>(&'a self, filter: &TimelineFilter) -> Vec<&'a Event> {
        self.events.iter().filter(|e| filter.matches(e)).collect()
    }

    /// Events on or overlapping a day.
    pub fn on(&self, day: NaiveDate) -> Vec<&Event> {
        self.filtered(&TimelineFilter {
            from: Some(day),
            to: Some(day),
            ..TimelineFilter::default()
        })
    }
}

/// Where an event stands before the timeline is sorted: the place in the bundle of the first
/// candidate of its group (kind, day, qualifier), then its place among that group's clusters.
pub(crate) type Rank = (u64, u32);

/// What candidates must share to be merged: kind, day (or value, when coarser than a day) and
/// qualifier. Candidates of different keys never merge, so the timeline can be merged a share
/// of the keys at a time (`kanbao merge`).
pub(crate) fn merge_key(c: &EventCandidate) -> (EventKind, &str, Mod) {
    // `13时57分左右` and `14时7分` of one landing are one day's happening.
    let modifier = match c.time.modifier {
        Mod::Approx => Mod::None,
        m => m,
    };
    (c.kind, day_of_value(&c.time.value), modifier)
}

/// The events of `candidates` (headlines aligned: [`align_headlines`]), each with its
/// [`Rank`]; `place(i)` is candidate `i`'s place in the bundle's candidates (in article order)
/// and `cite(i)` the citation of its article. Every candidate of a [`merge_key`] must be among
/// `candidates`.
pub(crate) fn merge_aligned(
    candidates: &[EventCandidate],
    place: impl Fn(usize) -> u64,
    cite: &dyn Fn(usize) -> Citation,
) -> Vec<(Rank, Event)> {
    // Group by key, keeping first-seen order: `21时11分`, `晚上` and `14日` of one landing are
    // one happening.
    let mut groups: HashMap<(EventKind, &str, Mod), Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let key = merge_key(c);
        let g = groups.entry(key).or_default();
        if g.is_empty() {
            order.push(key);
        }
        g.push(i);
    }
    let mut ranked = Vec::new();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for key in order {
        let Some(members) = groups.get(&key) else {
            continue;
        };
        let Some(&first) = members.first() else {
            continue;
        };
        let first = place(first);
        clusters.clear();
        cluster_group(candidates, members, &mut clusters);
        for (n, cluster) in clusters.iter().enumerate() {
            if let Some(event) = make_event(candidates, cluster, cite) {
                ranked.push(((first, n as u32), event));
            }
        }
    }
    ranked
}

/// A headline restates its article's story: a headline event one day off an event of the same kind
/// in the body (`昨…着陆` read against a dispatch date) takes the body's date.
pub(crate) fn align_headlines(cands: &mut [EventCandidate]) {
    let is_head =
        |c: &EventCandidate| matches!(c.sentence.span.part, Part::Title | Part::Subtitles);
    let day = |c: &EventCandidate| {
        times::value_range(&c.time.value)
            .filter(|(a, b)| a == b)
            .map(|r| r.0)
    };
    // The body's dated candidates by article and kind, in text order: a headline looks only at
    // its own article's (a scan of the whole bundle per headline grew with their product).
    let mut body: HashMap<(ArticleId, EventKind), Vec<(NaiveDate, usize)>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.sentence.span.part == Part::Paragraphs
            && let Some(d) = day(c)
        {
            body.entry((c.article(), c.kind)).or_default().push((d, i));
        }
    }
    for i in 0..cands.len() {
        let Some(c) = cands.get(i) else { continue };
        if !is_head(c) {
            continue;
        }
        let Some(d) = day(c) else { continue };
        let Some(told) = body.get(&(c.article(), c.kind)) else {
            continue;
        };
        let same_day = told.iter().any(|&(bd, _)| bd == d);
        let near = told.iter().find(|&&(bd, _)| (bd - d).num_days().abs() == 1);
        if let (false, Some(&(_, j))) = (same_day, near)
            && let Some(time) = cands.get(j).map(|b| b.time.clone())
            && let Some(c) = cands.get_mut(i)
        {
            c.time = time;
        }
    }
}

/// Clusters one group (same kind, value, qualifier); at most this many clusters are compared.
const MAX_COMPARED: usize = 64;

fn cluster_group(cands: &[EventCandidate], members: &[usize], clusters: &mut Vec<Vec<usize>>) {
    let first_cluster = clusters.len();
    // Craft named by each cluster of a mission kind (神舟十号): one day, one craft, one happening.
    let mut crafts_of: HashMap<usize, Vec<String>> = HashMap::new();
    // Trigram of a subject → clusters holding it; title → cluster for loosely typed kinds.
    let mut by_trigram: HashMap<[char; 3], Vec<usize>> = HashMap::new();
    let mut by_entity: HashMap<EntityId, Vec<usize>> = HashMap::new();
    let mut by_article: HashMap<ArticleId, Vec<usize>> = HashMap::new();
    let mut by_title: HashMap<&str, usize> = HashMap::new();
    for &i in members {
        let Some(c) = cands.get(i) else { continue };
        let loose = matches!(c.kind, EventKind::Other | EventKind::Statement);
        let grams = if loose {
            Vec::new()
        } else {
            trigrams(&c.subject)
        };
        let crafts = if is_mission(c.kind) {
            craft_names(&c.sentence.text)
        } else {
            Vec::new()
        };
        let same_craft = || {
            (first_cluster..clusters.len()).find(|k| {
                crafts_of
                    .get(k)
                    .is_some_and(|named| named.iter().any(|n| crafts.contains(n)))
            })
        };
        let found = if loose {
            by_title.get(c.title.as_str()).copied()
        } else if let Some(k) = same_craft() {
            Some(k)
        } else {
            let mut seen: Vec<usize> = grams
                .iter()
                .filter_map(|t| by_trigram.get(t))
                .chain(c.entities.iter().filter_map(|e| by_entity.get(e)))
                .chain(by_article.get(&c.article()))
                .flatten()
                .copied()
                .collect();
            seen.sort_unstable();
            seen.dedup();
            if c.subject.is_empty() && c.entities.is_empty() {
                // Subject-less: compare with every cluster of the group (bounded).
                seen = (first_cluster..clusters.len()).collect();
            }
            let craft_conflict = |k: &usize| {
                !crafts.is_empty() && crafts_of.get(k).is_some_and(|named| !named.is_empty())
            };
            seen.into_iter().take(MAX_COMPARED).find(|&k| {
                !craft_conflict(&k)
                    && clusters.get(k).is_some_and(|cl| {
                        let others = || cl.iter().take(16).filter_map(|&j| cands.get(j));
                        others().all(|o| !objects_conflict(c, o))
                            && others().any(|o| tell_one_happening(c, o))
                    })
            })
        };
        // A mission report naming no craft (`探测器…落月`) is the day's one mission when the
        // group holds only one.
        let found = found.or_else(|| {
            (is_mission(c.kind) && crafts.is_empty() && clusters.len() == first_cluster + 1)
                .then_some(first_cluster)
        });
        let k = match found {
            Some(k) => {
                if let Some(cl) = clusters.get_mut(k) {
                    cl.push(i);
                }
                k
            }
            None => {
                clusters.push(vec![i]);
                clusters.len() - 1
            }
        };
        if !crafts.is_empty() {
            let named = crafts_of.entry(k).or_default();
            for n in crafts {
                if !named.contains(&n) {
                    named.push(n);
                }
            }
        }
        if loose {
            by_title.entry(c.title.as_str()).or_insert(k);
        } else {
            let list = by_article.entry(c.article()).or_default();
            if list.last() != Some(&k) {
                list.push(k);
            }
            for t in grams {
                let list = by_trigram.entry(t).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
            for &e in &c.entities {
                let list = by_entity.entry(e).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
    }
}

/// Kinds of spacecraft missions: on one day each craft has at most one happening of each.
fn is_mission(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Launch | EventKind::Landing | EventKind::Docking | EventKind::Spacewalk
    )
}

/// Craft a text names: two Han chars, a number and 号 (神舟十号, 天问一号, 长征5号), not a date's
/// day (`6月26号`) nor an ordinal (`第1号`). At most a few per sentence are read.
fn craft_names(text: &str) -> Vec<String> {
    const MAX_CRAFT: usize = 8;
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, _) in chars.iter().enumerate().filter(|&(_, &c)| c == '号') {
        let digits = chars
            .get(..i)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&c| crate::extract::rules::is_numeral(c))
            .count();
        let Some(stem) = (digits > 0)
            .then(|| i.checked_sub(digits + 2))
            .flatten()
            .and_then(|s| chars.get(s..i - digits))
        else {
            continue;
        };
        if stem
            .iter()
            .all(|&c| crate::text::is_han(c) && !"年月日第".contains(c))
        {
            let name: String = chars
                .get(i - digits - 2..=i)
                .unwrap_or_default()
                .iter()
                .collect();
            if !out.contains(&name) {
                out.push(name);
            }
            if out.len() == MAX_CRAFT {
                break;
            }
        }
    }
    out
}

/// Do two candidates of the same kind and date, whose objects do not conflict
/// ([`objects_conflict`], checked first by the caller), tell the same happening?
fn tell_one_happening(a: &EventCandidate, b: &EventCandidate) -> bool {
    // One article telling the same kind of happening on the same date tells one happening
    // (unless the objects differ, as with two meetings of one premier).
    if a.article() == b.article() {
        return true;
    }
    if !a.entities.is_empty() && !b.entities.is_empty() {
        return a.entities.iter().any(|e| b.entities.contains(e));
    }
    if a.subject.is_empty() || b.subject.is_empty() {
        // One side has no subject: the objects must say who.
        return !a.object.is_empty() && !b.object.is_empty()
            || a.subject.is_empty() && b.subject.is_empty();
    }
    let ta = trigrams(&a.subject);
    trigrams(&b.subject)
        .iter()
        .any(|t| ta.binary_search(t).is_ok())
}

/// Both candidates name what was acted on, and not the same thing.
/// Not for missions, where the object is a landing zone one report names and another does not
/// (craft names tell missions apart).
fn objects_conflict(a: &EventCandidate, b: &EventCandidate) -> bool {
    !is_mission(a.kind)
        && !a.object.is_empty()
        && !b.object.is_empty()
        && !objects_agree(&a.object, &b.object)
}

/// Objects agree when one holds the other or they end alike (the head noun: a name, a place).
fn objects_agree(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Prefix and suffix first: they are the usual containment and cost a comparison, where
    // `contains` first studies the needle (a clause may run to a thousand characters).
    if long.starts_with(short) || long.ends_with(short) || long.contains(short) {
        return true;
    }
    a.chars().rev().take(2).eq(b.chars().rev().take(2))
}

/// The distinct trigrams of the letters, digits and CJK chars of a text, sorted.
fn trigrams(s: &str) -> Vec<[char; 3]> {
    let c: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut grams: Vec<[char; 3]> = c.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

fn make_event(
    cands: &[EventCandidate],
    members: &[usize],
    cite: &dyn Fn(usize) -> Citation,
) -> Option<Event> {
    let all: Vec<&EventCandidate> = members.iter().filter_map(|&i| cands.get(i)).collect();
    let first = *all.first()?;
    // The title comes from a body sentence with a subject when there is one.
    let rep = all
        .iter()
        .copied()
        .find(|c| c.sentence.span.part == Part::Paragraphs && !c.subject.is_empty())
        .or_else(|| all.iter().copied().find(|c| !c.subject.is_empty()))
        .unwrap_or(first);
    let mut sources: Vec<EventSource> = Vec::new();
    let mut seen: HashSet<TextSpan> = HashSet::with_capacity(all.len());
    for &i in members {
        let Some(c) = cands.get(i) else { continue };
        if seen.insert(c.sentence.span) {
            sources.push(EventSource {
                span: c.sentence.span,
                citation: cite(i),
                sentence: c.sentence.text.clone(),
                trigger: c.trigger.clone(),
                time_text: c.time.text.clone(),
            });
        }
    }
    let entities: Vec<EntityId> = all
        .iter()
        .flat_map(|c| c.entities.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The most precise time any report gives (`21时11分` over `14日`).
    let time = &all
        .iter()
        .min_by_key(|c| c.time.precision.specificity_rank())
        .map_or(rep, |c| *c)
        .time;
    let range = times::value_range(&time.value);
    let id_text = format!(
        "{}|{}|{:?}|{}|{}|{:?}|{}|{}",
        rep.kind,
        rep.time.value,
        rep.time.modifier,
        rep.title,
        first.article(),
        first.sentence.span.part,
        first.sentence.span.index,
        first.sentence.span.start
    );
    Some(Event {
        id: format!("ev{:016x}", fnv1a64(id_text.as_bytes())),
        value: time.value.clone(),
        precision: time.precision,
        modifier: time.modifier,
        start: range.map(|r| r.0),
        end: range.map(|r| r.1),
        kind: rep.kind,
        relation: Relation::strongest(all.iter().map(|c| c.relation)),
        salience: salience(&sources, &entities),
        title: rep.title.clone(),
        sources,
        entities,
    })
}

/// Events in timeline order: by first and last day (undated last), the finer date first, then
/// kind, title and id.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(event_order);
}

/// The timeline's order: by start, end, precision, kind, then title and id.
fn event_order(a: &Event, b: &Event) -> std::cmp::Ordering {
    let key = |e: &Event| {
        (
            e.start.unwrap_or(NaiveDate::MAX),
            e.end.unwrap_or(NaiveDate::MAX),
            e.precision.specificity_rank(),
            e.kind,
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.id.cmp(&b.id))
}

/// The order of ranked events on the timeline: [`sort_events`]'s, events it holds equal in
/// the order one merge made them (their [`Rank`]).
pub(crate) fn ranked_order(a: &(Rank, Event), b: &(Rank, Event)) -> std::cmp::Ordering {
    event_order(&a.1, &b.1).then(a.0.cmp(&b.0))
}

/// Event ids are hashes: a second event with an id gets `-2`, a third `-3`, in timeline order.
#[derive(Default)]
pub(crate) struct UniqueIds(HashMap<String, usize>);

impl UniqueIds {
    /// Makes the id of `event` (the next in timeline order) unique.
    pub(crate) fn apply(&mut self, event: &mut Event) {
        let n = self.0.entry(event.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            event.id = format!("{}-{n}", event.id);
        }
    }
}

/// The `n` most salient of `events` (the earlier first among equals), kept in their order.
pub fn most_salient(events: Vec<&Event>, n: usize) -> Vec<&Event> {
    if events.len() <= n {
        return events;
    }
    let mut ranked: Vec<usize> = (0..events.len()).collect();
    ranked.sort_by(|&a, &b| {
        events[b]
            .salience
            .total_cmp(&events[a].salience)
            .then(a.cmp(&b))
    });
    let mut keep = vec![false; events.len()];
    for &i in ranked.iter().take(n) {
        keep[i] = true;
    }
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

/// The day a value falls on (`2013-12-14` of `2013-12-14T21:11`), or the value itself when it
/// names no single day.
fn day_of_value(value: &str) -> &str {
    match value.get(..10) {
        Some(day) if value.len() == 10 || value[10..].starts_with('T') => day,
        _ => value,
    }
}

/// How much a bundle makes of an event: one point per distinct article telling it, one more
/// when a headline does, and a tenth per entity taking part (at most five).
pub fn salience(sources: &[EventSource], entities: &[EntityId]) -> f32 {
    let articles: BTreeSet<ArticleId> = sources.iter().map(|s| s.span.article).collect();
    let headline = sources
        .iter()
        .any(|s| matches!(s.span.part, Part::Title | Part::Subtitles));
    articles.len() as f32 + f32::from(u8::from(headline)) + 0.1 * entities.len().min(5) as f32
}

/// FNV-1a, 64 bits: a stable hash for ids (unlike `DefaultHasher`, fixed across Rust releases).
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::events::{EventCandidate, SourceSentence};
    use crate::extract::times::TimeMention;

    fn ids(raw: &[u32]) -> Vec<EntityId> {
        raw.iter().copied().map(EntityId::new).collect()
    }

    fn cand(
        article: u32,
        kind: EventKind,
        value: &str,
        subject: &str,
        object: &str,
    ) -> EventCandidate {
        EventCandidate {
            kind,
            relation: Relation::Reported,
            trigger: "t".into(),
            title: format!("{subject}{object}"),
            time: TimeMention {
                start: 0,
                end: 2,
                text: "4日".into(),
                value: value.into(),
                precision: if value.len() == 10 {
                    Precision::Day
                } else {
                    Precision::Month
                },
                modifier: Mod::None,
            },
            sentence: SourceSentence {
                span: TextSpan::new(ArticleId::new(article), Part::Paragraphs, 0, 0, 10),
                text: format!("{subject}{object}。"),
            },
            subject: subject.into(),
            object: object.into(),
            entities: Vec::new(),
        }
    }

    #[test]
    fn one_happening_in_two_articles_is_one_event_with_two_sources() {
        let t = Timeline::merge(
            vec![
                cand(
                    0,
                    EventKind::Landing,
                    "2024-11-04",
                    "神舟十八号载人飞船返回舱",
                    "",
                ),
                cand(
                    3,
                    EventKind::Landing,
                    "2024-11-04",
                    "神舟十八号航天员乘组",
                    "",
                ),
            ],
            &[],
        );
        assert_eq!(t.events.len(), 1, "{t:#?}");
        let arts: Vec<u32> = t.events[0]
            .sources
            .iter()
            .map(|s| s.span.article.get())
            .collect();
        assert_eq!(arts, vec![0, 3]);
    }

    #[test]
    fn one_craft_lands_once_a_day_and_two_crafts_twice() {
        let landing = |article, subject: &str, object: &str| {
            cand(article, EventKind::Landing, "2024-06-25", subject, object)
        };
        let t = Timeline::merge(
            vec![
                landing(0, "嫦娥六号返回器", "内蒙古四子王旗预定区域"),
                // Another report, other words and another object: the craft tells it is the same.
                landing(5, "国际媒体关注嫦娥六号", "月球样品"),
                landing(9, "天舟七号货运飞船", "大气层"),
                // Naming no craft, with two missions that day: which one is not known.
                landing(11, "科研人员分析探测器", "数据"),
            ],
            &[],
        );
        let mut sources: Vec<usize> = t.events.iter().map(|e| e.sources.len()).collect();
        sources.sort_unstable();
        assert_eq!(sources, vec![1, 1, 2], "{t:#?}");
        // With one mission that day, it is that one.
        let t = Timeline::merge(
            vec![
                landing(0, "嫦娥三号探测器", "虹湾地区"),
                landing(11, "科研人员分析探测器", "数据"),
            ],
            &[],
        );
        assert_eq!(t.events.len(), 1, "{t:#?}");
        assert_eq!(
            craft_names("神舟十号与天宫一号6月26号分离，第1号"),
            ["神舟十号", "天宫一号"]
        );
    }

    #[test]
    fn each_sentence_is_one_source_however_often_it_is_read() {
        let copies: Vec<EventCandidate> = (0..50)
            .map(|i| {
                let mut c = cand(0, EventKind::Landing, "2024-11-04", "神舟十八号返回舱", "");
                c.sentence.span.index = i % 5;
                c
            })
            .collect();
        let t = Timeline::merge(copies, &[]);
        assert_eq!(t.events.len(), 1, "{t:#?}");
        let sentences: Vec<u32> = t.events[0].sources.iter().map(|s| s.span.index).collect();
        assert_eq!(sentences, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn headline_one_day_off_its_body_takes_the_body_date() {
        let mut head = cand(2, EventKind::Landing, "2024-11-03", "", "");
        head.sentence.span.part = Part::Title;
        let body = cand(2, EventKind::Landing, "2024-11-04", "返回舱", "");
        let mut other = cand(3, EventKind::Landing, "2024-11-03", "", "");
        other.sentence.span.part = Part::Title;
        let t = Timeline::merge(vec![head, body, other], &[]);
        let got: Vec<(&str, usize)> = t
            .events
            .iter()
            .map(|e| (e.value.as_str(), e.sources.len()))
            .collect();
        // Article 3 has no body event: its headline keeps its own date.
        assert_eq!(got, vec![("2024-11-03", 1), ("2024-11-04", 2)]);
    }

    #[test]
    fn meetings_with_different_partners_stay_apart() {
        let t = Timeline::merge(
            vec![
                cand(
                    0,
                    EventKind::Meeting,
                    "2024-11-04",
                    "国务院总理李强",
                    "哈萨克斯坦总理别克捷夫",
                ),
                cand(
                    1,
                    EventKind::Meeting,
                    "2024-11-04",
                    "国务院总理李强",
                    "乌兹别克斯坦总理阿里波夫",
                ),
            ],
            &[],
        );
        assert_eq!(t.events.len(), 2);
    }

    #[test]
    fn different_dates_or_kinds_stay_apart_and_sort_by_date() {
        let t = Timeline::merge(
            vec![
                cand(0, EventKind::Landing, "2024-11-04", "神舟十八号", ""),
                cand(0, EventKind::Launch, "2024-04-25", "神舟十八号", ""),
                cand(0, EventKind::Launch, "2024-04", "神舟十八号", ""),
            ],
            &[],
        );
        let got: Vec<(&str, EventKind)> = t
            .events
            .iter()
            .map(|e| (e.value.as_str(), e.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2024-04", EventKind::Launch),
                ("2024-04-25", EventKind::Launch),
                ("2024-11-04", EventKind::Landing)
            ]
        );
        assert_eq!(t.events[1].start, NaiveDate::from_ymd_opt(2024, 4, 25));
    }

    #[test]
    fn the_most_salient_are_kept_in_date_order() {
        let mut t = Timeline::merge(
            vec![
                cand(0, EventKind::Launch, "2024-04-25", "神舟十八号", ""),
                cand(1, EventKind::Landing, "2024-11-04", "神舟十八号", ""),
                cand(2, EventKind::Policy, "2023-12", "中央", "意见"),
            ],
            &[],
        );
        for (e, s) in t.events.iter_mut().zip([1.0, 3.0, 2.0]) {
            e.salience = s;
        }
        let all: Vec<&Event> = t.events.iter().collect();
        let top: Vec<f32> = most_salient(all.clone(), 2)
            .iter()
            .map(|e| e.salience)
            .collect();
        assert_eq!(top, [3.0, 2.0]);
        assert_eq!(most_salient(all, 5).len(), 3);
    }

    #[test]
    fn ids_are_deterministic_and_unique() {
        let make = || {
            Timeline::merge(
                vec![
                    cand(0, EventKind::Meeting, "2024-11-04", "甲方代表", "乙方"),
                    cand(1, EventKind::Meeting, "2024-11-04", "丙方代表", "丁方"),
                    cand(2, EventKind::Visit, "2024-10", "总书记", "安徽"),
                ],
                &[],
            )
        };
        let a = make();
        let b = make();
        assert_eq!(a, b);
        let ids: BTreeSet<&str> = a.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), a.events.len());
        assert!(a.events.iter().all(|e| e.id.starts_with("ev")));
    }

    #[test]
    fn shared_entities_merge_and_disjoint_entities_split() {
        let mut a = cand(0, EventKind::Visit, "2024-10", "总书记", "");
        a.entities = ids(&[5]);
        let mut b = cand(1, EventKind::Visit, "2024-10", "习近平", "");
        b.entities = ids(&[5, 8]);
        let mut c = cand(2, EventKind::Visit, "2024-10", "总书记来到", "");
        c.entities = ids(&[9]);
        let t = Timeline::merge(vec![a, b, c], &[]);
        assert_eq!(t.events.len(), 2, "{t:#?}");
        assert_eq!(t.events.iter().map(|e| e.sources.len()).max(), Some(2));
        assert!(t.events.iter().any(|e| e.entities == ids(&[5, 8])));
    }

    #[test]
    fn filters_by_kind_entity_name_text_and_dates() {
        let mut m = cand(0, EventKind::Meeting, "2024-11-04", "李强", "别克捷夫");
        m.entities = ids(&[1]);
        let t = Timeline::merge(
            vec![
                m,
                cand(1, EventKind::Launch, "2024-04-25", "神舟十八号", ""),
                cand(2, EventKind::Policy, "2023-12", "中央", "意见"),
            ],
            &[],
        );
        let count = |f: TimelineFilter| t.filtered(&f).len();
        assert_eq!(count(TimelineFilter::default()), 3);
        let kinds = TimelineFilter {
            kinds: vec![EventKind::Launch, EventKind::Policy],
            ..Default::default()
        };
        assert_eq!(count(kinds), 2);
        assert_eq!(
            count(TimelineFilter::default().with_entity_ids([EntityId::new(1)])),
            1
        );
        assert_eq!(
            count(TimelineFilter::default().with_entity_ids([EntityId::new(2)])),
            0
        );
        let names = TimelineFilter {
            names: vec!["神舟".into()],
            ..Default::default()
        };
        assert_eq!(count(names), 1);
        let text = TimelineFilter {
            text: Some("意见".into()),
            ..Default::default()
        };
        assert_eq!(count(text), 1);
        let dates = TimelineFilter {
            from: parse_date_bound("2023-12-31", false),
            to: parse_date_bound("2024-04", true),
            ..Default::default()
        };
        // The December 2023 month overlaps from its last day; the April launch is inside.
        assert_eq!(count(dates), 2);
        assert_eq!(
            t.on(NaiveDate::from_ymd_opt(2024, 11, 4).expect("date"))
                .len(),
            1
        );
    }

    #[test]
    fn filters_by_relation() {
        let mut recalled = cand(1, EventKind::Founding, "1924-06-16", "黄埔军校", "");
        recalled.relation = Relation::Recalled;
        let mut planned = cand(2, EventKind::Launch, "2025-04", "神舟二十号", "");
        planned.relation = Relation::Planned;
        let t = Timeline::merge(
            vec![
                cand(0, EventKind::Landing, "2024-11-04", "神舟十八号", ""),
                recalled,
                planned,
            ],
            &[],
        );
        let relations = |f: TimelineFilter| -> Vec<Relation> {
            t.filtered(&f).iter().map(|e| e.relation).collect()
        };
        let only = |relations: &[Relation]| TimelineFilter {
            relations: relations.to_vec(),
            ..Default::default()
        };
        assert_eq!(relations(only(&[])).len(), 3, "no relation named: all");
        assert_eq!(relations(only(&[Relation::Reported])), [Relation::Reported]);
        assert_eq!(
            relations(only(&[Relation::Reported, Relation::Recalled])),
            [Relation::Recalled, Relation::Reported],
            "in date order"
        );
        let planned_launches = TimelineFilter {
            kinds: vec![EventKind::Launch],
            ..only(&[Relation::Planned])
        };
        assert_eq!(relations(planned_launches), [Relation::Planned]);
        let recalled_launches = TimelineFilter {
            kinds: vec![EventKind::Launch],
            ..only(&[Relation::Recalled])
        };
        assert!(relations(recalled_launches).is_empty());
    }

    #[test]
    fn the_publication_span_runs_from_the_first_to_the_last_article_date() {
        let article = |date: Option<NaiveDate>| Article {
            date,
            ..Article::default()
        };
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(publication_span(&[]), None);
        assert_eq!(publication_span(&[article(None)]), None);
        let articles = [
            article(d(2024, 11, 4)),
            article(None),
            article(d(2009, 1, 1)),
            article(d(2016, 6, 30)),
        ];
        assert_eq!(
            publication_span(&articles),
            d(2009, 1, 1).zip(d(2024, 11, 4))
        );
    }

    #[test]
    fn date_bounds_take_first_or_last_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date_bound("2024", false), d(2024, 1, 1));
        assert_eq!(parse_date_bound("2024", true), d(2024, 12, 31));
        assert_eq!(parse_date_bound("2024-02", true), d(2024, 2, 29));
        assert_eq!(parse_date_bound("2024-11-04", true), d(2024, 11, 4));
        assert_eq!(parse_date_bound("soon", true), None);
    }

    #[test]
    fn json_has_the_stable_field_names() {
        let t = Timeline::merge(
            vec![cand(4, EventKind::Launch, "2024-04-25", "飞船", "")],
            &[],
        );
        let v = serde_json::to_value(&t.events[0]).expect("serialise");
        for key in [
            "id",
            "value",
            "precision",
            "mod",
            "kind",
            "title",
            "sources",
            "entities",
        ] {
            assert!(v.get(key).is_some(), "missing {key}: {v}");
        }
        assert_eq!(v["sources"][0]["article"], 4);
        assert_eq!(v["kind"], "launch");
        assert_eq!(v["precision"], "day");
        assert_eq!(v["mod"], "");
    }
}
