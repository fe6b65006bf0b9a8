//! Corrections applied to an analysis, in the order they were made, each against the state the
//! ones before it left. What no longer matches (the entity or event is not found, as after a
//! re-analysis with a newer model) is counted and skipped, never guessed at.

use super::{Correction, EventKey, date_value_precision};
use crate::bundle::{ArticleId, Part};
use crate::extract::ner::EntityKind;
use crate::ids::EntityId;
use crate::knowledge::Knowledge;
use crate::knowledge::entity_table::{Entity, EntityTable, Mention, Role};
use crate::knowledge::timeline::{self, Event, Timeline};
use std::collections::HashMap;
use std::sync::Arc;

/// What applying a list of corrections did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub applied: usize,
    /// The corrections that found nothing to change, in order.
    pub unmatched: Vec<Correction>,
}

/// `knowledge` with `corrections` applied in order. Entity corrections renumber the entities
/// (and the entities each event names); event corrections keep the events' ids. Without
/// corrections, the knowledge comes back as it was.
pub fn apply(mut knowledge: Knowledge, corrections: &[Correction]) -> (Knowledge, Applied) {
    let mut applied = Applied::default();
    if corrections.is_empty() {
        return (knowledge, applied);
    }
    let (entity_list, event_list): (Vec<&Correction>, Vec<&Correction>) =
        corrections.iter().partition(|c| c.needs_entities());
    if !entity_list.is_empty() {
        let texts = if entity_list.iter().any(|c| c.needs_text()) {
            knowledge.mention_texts()
        } else {
            Vec::new()
        };
        let table = std::mem::take(&mut knowledge.entities);
        let mut work = EntityWork::new(table, texts);
        for c in entity_list {
            if work.apply(c) {
                applied.applied += 1;
            } else {
                applied.unmatched.push(c.clone());
            }
        }
        let (table, renumber) = work.finish();
        knowledge.entities = table;
        renumber_events(&mut knowledge.timeline, &renumber);
    }
    if !event_list.is_empty() {
        let mut work = EventWork::new(std::mem::take(&mut knowledge.timeline));
        for c in event_list {
            if work.apply(c) {
                applied.applied += 1;
            } else {
                applied.unmatched.push(c.clone());
            }
        }
        knowledge.timeline = work.finish();
    }
    (knowledge, applied)
}

/// An entity while corrections are applied.
struct Working {
    entity: Entity,
    /// Merged into another or hidden.
    gone: bool,
}

/// The entity table being corrected: entities by working index (the old ids first, splits
/// after), what each was merged into, and each mention's working entity.
struct EntityWork {
    entities: Vec<Working>,
    /// Union-find parents: an entity merged away points at the one it joined.
    parent: Vec<u32>,
    /// Each mention's working entity before merges are followed.
    labels: Vec<u32>,
    mentions: Vec<Mention>,
    /// The text of each mention (only when a split needs it).
    texts: Vec<String>,
    articles: usize,
    names: Arc<crate::knowledge::entity_lexicon::EntityLexicon>,
}

impl EntityWork {
    fn new(table: EntityTable, texts: Vec<String>) -> EntityWork {
        let names = Arc::clone(table.names());
        let articles = table.by_article.len();
        let labels = table
            .mentions
            .iter()
            .map(|m| m.entity.index() as u32)
            .collect();
        let parent = (0..table.entities.len() as u32).collect();
        EntityWork {
            entities: table
                .entities
                .into_iter()
                .map(|entity| Working {
                    entity,
                    gone: false,
                })
                .collect(),
            parent,
            labels,
            mentions: table.mentions,
            texts,
            articles,
            names,
        }
    }

    fn root(&self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            i = self.parent[i as usize];
        }
        i
    }

    /// The live entity called `name`: by canonical name first, else by an alias (the most
    /// mentioned), the name folded as names are.
    fn find(&self, name: &str) -> Option<usize> {
        let folded = self.names.fold_name(name);
        let live = || self.entities.iter().enumerate().filter(|(_, w)| !w.gone);
        let by_name = |key: &str| live().find(|(_, w)| w.entity.name == key).map(|(i, _)| i);
        by_name(name).or_else(|| by_name(&folded)).or_else(|| {
            live()
                .filter(|(_, w)| w.entity.aliases.iter().any(|a| a == name || *a == folded))
                .max_by_key(|(i, w)| (w.entity.count, std::cmp::Reverse(*i)))
                .map(|(i, _)| i)
        })
    }

    fn apply(&mut self, c: &Correction) -> bool {
        match c {
            Correction::Merge { into, from } => match (self.find(into), self.find(from)) {
                (Some(a), Some(b)) if a != b => {
                    self.merge(a, b);
                    true
                }
                _ => false,
            },
            Correction::Split { entity, alias } => match self.find(entity) {
                Some(a) => self.split(a, alias),
                None => false,
            },
            Correction::Rename { entity, to } => {
                let Some(a) = self.find(entity) else {
                    return false;
                };
                match self.find(to) {
                    // Renamed to the name of another: they are one.
                    Some(b) if b != a => {
                        self.merge(b, a);
                        true
                    }
                    Some(_) => false,
                    None => {
                        let e = &mut self.entities[a].entity;
                        let old = std::mem::replace(&mut e.name, to.clone());
                        e.aliases.retain(|x| x != to);
                        e.aliases.insert(0, old);
                        true
                    }
                }
            }
            Correction::SetKind { entity, kind } => match self.find(entity) {
                Some(a) => {
                    let e = &mut self.entities[a].entity;
                    e.kind = *kind;
                    if *kind != EntityKind::Per {
                        e.role = None;
                    }
                    true
                }
                None => false,
            },
            Correction::Hide { entity } => match self.find(entity) {
                Some(a) => {
                    self.entities[a].gone = true;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// `b` joins `a`: its names become aliases, its counts and articles add up.
    fn merge(&mut self, a: usize, b: usize) {
        self.parent[b] = a as u32;
        self.entities[b].gone = true;
        let from = self.entities[b].entity.clone();
        let into = &mut self.entities[a].entity;
        for name in std::iter::once(from.name).chain(from.aliases) {
            if name != into.name && !into.aliases.contains(&name) {
                into.aliases.push(name);
            }
        }
        into.count += from.count;
        into.articles.extend(from.articles);
        into.articles.sort_unstable();
        into.articles.dedup();
        if into.role != from.role {
            into.role = None;
        }
    }

    /// The mentions of `a` written `alias` become a new entity of `a`'s kind.
    fn split(&mut self, a: usize, alias: &str) -> bool {
        let new = self.entities.len() as u32;
        let mut moved = 0u32;
        // Articles where `a` keeps a mention, and those of the moved ones.
        let mut kept_in: Vec<ArticleId> = Vec::new();
        let mut moved_in: Vec<ArticleId> = Vec::new();
        for i in 0..self.mentions.len() {
            if self.root(self.labels[i]) != a as u32 {
                continue;
            }
            let article = self.mentions[i].span.article;
            if self.texts.get(i).is_some_and(|t| t == alias) {
                self.labels[i] = new;
                moved += 1;
                moved_in.push(article);
            } else {
                kept_in.push(article);
            }
        }
        if moved == 0 {
            return false;
        }
        moved_in.dedup();
        kept_in.dedup();
        let old = &mut self.entities[a].entity;
        old.count = old.count.saturating_sub(moved);
        old.aliases.retain(|x| x != alias);
        // An article leaves `a` when all its mentions there moved (datelines' reporters, who
        // have no mention, stay).
        old.articles
            .retain(|x| kept_in.binary_search(x).is_ok() || moved_in.binary_search(x).is_err());
        let entity = Entity {
            id: EntityId::new(new),
            name: alias.to_string(),
            kind: old.kind,
            aliases: Vec::new(),
            role: None,
            count: moved,
            articles: moved_in,
        };
        self.entities.push(Working {
            entity,
            gone: false,
        });
        self.parent.push(new);
        true
    }

    /// The corrected table, and for each old entity id its new one (`None`: hidden).
    fn finish(self) -> (EntityTable, Vec<Option<EntityId>>) {
        let n = self.entities.len();
        // A merged entity answers for its root; a hidden root takes its merged ones with it.
        let roots: Vec<u32> = (0..n as u32).map(|i| self.root(i)).collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| !self.entities[i].gone).collect();
        // The order grouping gives: most mentioned first, then by name.
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.entities[a].entity, &self.entities[b].entity);
            y.count.cmp(&x.count).then_with(|| x.name.cmp(&y.name))
        });
        let mut new_id: Vec<Option<EntityId>> = vec![None; n];
        for (rank, &i) in order.iter().enumerate() {
            new_id[i] = Some(EntityId::new(rank as u32));
        }
        let of = |i: u32| new_id[roots[i as usize] as usize];
        let mut mentions: Vec<Mention> = self
            .mentions
            .iter()
            .zip(&self.labels)
            .filter_map(|(m, &label)| {
                of(label).map(|entity| Mention {
                    span: m.span,
                    entity,
                })
            })
            .collect();
        mentions.sort_unstable();
        mentions.dedup();
        let renumber: Vec<Option<EntityId>> = (0..n as u32).map(of).collect();
        let mut slots: Vec<Option<Working>> = self.entities.into_iter().map(Some).collect();
        let entities: Vec<Entity> = order
            .iter()
            .enumerate()
            .filter_map(|(rank, &i)| {
                let mut e = slots[i].take()?.entity;
                e.id = EntityId::new(rank as u32);
                if e.kind != EntityKind::Per && e.role == Some(Role::Reporter) {
                    e.role = None;
                }
                Some(e)
            })
            .collect();
        let table = EntityTable::from_parts(entities, mentions, self.articles, self.names);
        (table, renumber)
    }
}

/// Each event's entities through `renumber` (old id → new, `None` hidden), salience again.
fn renumber_events(timeline: &mut Timeline, renumber: &[Option<EntityId>]) {
    for e in &mut timeline.events {
        let mut ids: Vec<EntityId> = e
            .entities
            .iter()
            .filter_map(|id| renumber.get(id.index()).copied().flatten())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        e.entities = ids;
        e.salience = timeline::salience(&e.sources, &e.entities);
    }
}

/// Where a sentence telling an event stands, as an [`EventKey`] names it.
type Place = (String, usize, Part, u32, u32);

/// The timeline being corrected: events, which are rejected, and every source's place.
struct EventWork {
    events: Vec<Event>,
    rejected: Vec<bool>,
    by_place: HashMap<Place, Vec<usize>>,
    /// Whether a date changed (the order is then made again).
    redated: bool,
}

impl EventWork {
    fn new(timeline: Timeline) -> EventWork {
        let mut by_place: HashMap<Place, Vec<usize>> = HashMap::new();
        for (i, e) in timeline.events.iter().enumerate() {
            for s in &e.sources {
                let place = (
                    s.citation.file.clone(),
                    s.citation.line,
                    s.span.part,
                    s.span.index,
                    s.span.start,
                );
                let list = by_place.entry(place).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        EventWork {
            rejected: vec![false; timeline.events.len()],
            events: timeline.events,
            by_place,
            redated: false,
        }
    }

    /// The live event a key names: one told by the key's sentence, of its kind; else the only
    /// live one told there.
    fn find(&self, key: &EventKey) -> Option<usize> {
        let place = (key.file.clone(), key.line, key.part, key.index, key.start);
        let live: Vec<usize> = self
            .by_place
            .get(&place)?
            .iter()
            .copied()
            .filter(|&i| !self.rejected[i])
            .collect();
        live.iter()
            .copied()
            .find(|&i| self.events[i].kind == key.kind)
            .or_else(|| (live.len() == 1).then(|| live[0]))
    }

    fn apply(&mut self, c: &Correction) -> bool {
        let key = match c {
            Correction::RejectEvent { event }
            | Correction::RetitleEvent { event, .. }
            | Correction::SetEventKind { event, .. }
            | Correction::SetEventDate { event, .. } => event,
            _ => return false,
        };
        let Some(i) = self.find(key) else {
            return false;
        };
        let event = &mut self.events[i];
        match c {
            Correction::RejectEvent { .. } => self.rejected[i] = true,
            Correction::RetitleEvent { title, .. } => {
                event.title = title.clone();
                self.redated = true;
            }
            Correction::SetEventKind { kind, .. } => {
                event.kind = *kind;
                self.redated = true;
            }
            Correction::SetEventDate { value, .. } => {
                let (Some(precision), Some((start, end))) = (
                    date_value_precision(value),
                    crate::extract::times::value_range(value),
                ) else {
                    return false;
                };
                event.value = value.clone();
                event.precision = precision;
                event.start = Some(start);
                event.end = Some(end);
                self.redated = true;
            }
            _ => return false,
        }
        true
    }

    fn finish(self) -> Timeline {
        let mut events: Vec<Event> = self
            .events
            .into_iter()
            .zip(self.rejected)
            .filter_map(|(e, rejected)| (!rejected).then_some(e))
            .collect();
        if self.redated {
            timeline::sort_events(&mut events);
        }
        Timeline { events }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::TextSpan;
    use crate::extract::events::Relation;
    use crate::extract::times::{Mod, Precision};
    use crate::knowledge::entity_lexicon::EntityLexicon;
    use crate::knowledge::timeline::{Citation, EventSource};

    /// An entity's name, kind and mentions (article, start) in text 0 of the paragraphs.
    type Spec<'a> = (&'a str, EntityKind, &'a [(u32, u32)]);

    fn table(entities: &[Spec]) -> EntityTable {
        let mut list = Vec::new();
        let mut mentions = Vec::new();
        for (i, (name, kind, at)) in entities.iter().enumerate() {
            let id = EntityId::new(i as u32);
            let mut articles: Vec<ArticleId> = at.iter().map(|a| ArticleId::new(a.0)).collect();
            articles.dedup();
            list.push(Entity {
                id,
                name: name.to_string(),
                kind: *kind,
                aliases: Vec::new(),
                role: None,
                count: at.len() as u32,
                articles,
            });
            for &(article, start) in *at {
                mentions.push(Mention {
                    span: TextSpan::new(
                        ArticleId::new(article),
                        Part::Paragraphs,
                        0,
                        start as usize,
                        start as usize + 2,
                    ),
                    entity: id,
                });
            }
        }
        mentions.sort_unstable();
        let names = Arc::new(EntityLexicon::shipped().unwrap());
        EntityTable::from_parts(list, mentions, 3, names)
    }

    fn event(
        id: &str,
        day: &str,
        kind: crate::extract::events::EventKind,
        at: (u32, u32),
        entities: &[u32],
    ) -> Event {
        let (start, end) = crate::extract::times::value_range(day).unwrap();
        Event {
            id: id.into(),
            value: day.into(),
            precision: Precision::Day,
            modifier: Mod::None,
            start: Some(start),
            end: Some(end),
            kind,
            relation: Relation::Reported,
            salience: 1.0,
            title: format!("标题{id}"),
            sources: vec![EventSource {
                span: TextSpan::new(
                    ArticleId::new(at.0),
                    Part::Paragraphs,
                    0,
                    at.1 as usize,
                    at.1 as usize + 10,
                ),
                citation: Citation {
                    title: "文章".into(),
                    date: None,
                    file: "a.txt".into(),
                    line: at.0 as usize * 10 + 1,
                    url: None,
                },
                sentence: "句子".into(),
                trigger: "发射".into(),
                time_text: "4日".into(),
            }],
            entities: entities.iter().map(|&i| EntityId::new(i)).collect(),
        }
    }

    fn knowledge() -> Knowledge {
        use crate::extract::events::EventKind as K;
        use EntityKind::{Loc, Per};
        Knowledge {
            entities: table(&[
                ("中国", Loc, &[(0, 0), (1, 0), (2, 0)]),
                ("中华人民共和国", Loc, &[(0, 10), (2, 10)]),
                ("华为", Loc, &[(1, 5)]),
                ("李强", Per, &[(2, 20)]),
            ]),
            timeline: Timeline {
                events: vec![
                    event("ev1", "2024-11-01", K::Launch, (0, 0), &[0, 1]),
                    event("ev2", "2024-11-02", K::Meeting, (1, 0), &[2, 3]),
                    event("ev3", "2024-11-03", K::Landing, (2, 0), &[1]),
                ],
            },
            ..Knowledge::default()
        }
    }

    fn names(k: &Knowledge) -> Vec<(&str, u32)> {
        k.entities
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.count))
            .collect()
    }

    #[test]
    fn a_merge_joins_mentions_names_and_event_participants() {
        let (k, applied) = apply(
            knowledge(),
            &[Correction::Merge {
                into: "中国".into(),
                from: "中华人民共和国".into(),
            }],
        );
        assert_eq!(applied.applied, 1);
        assert_eq!(names(&k), vec![("中国", 5), ("华为", 1), ("李强", 1)]);
        let china = &k.entities.entities[0];
        assert_eq!(china.aliases, vec!["中华人民共和国".to_string()]);
        assert_eq!(k.entities.entity_mentions(china.id).count(), 5);
        assert_eq!(china.articles.len(), 3);
        // Each article's mentions still in place order, all naming live entities.
        assert!(k.entities.mentions.windows(2).all(|w| w[0] <= w[1]));
        // Events name the merged entity once, the others renumbered.
        assert_eq!(k.timeline.events[0].entities, vec![EntityId::new(0)]);
        assert_eq!(
            k.timeline.events[1].entities,
            vec![EntityId::new(1), EntityId::new(2)]
        );
        assert_eq!(k.timeline.events[2].entities, vec![EntityId::new(0)]);
        // The merged-away name finds the entity it joined.
        assert_eq!(
            k.entities.find_by_name("中华人民共和国"),
            vec![EntityId::new(0)]
        );
    }

    #[test]
    fn hide_rename_and_kind_change_apply_in_order() {
        let (k, applied) = apply(
            knowledge(),
            &[
                Correction::SetKind {
                    entity: "华为".into(),
                    kind: EntityKind::Org,
                },
                Correction::Rename {
                    entity: "华为".into(),
                    to: "华为公司".into(),
                },
                // Found by its new name, as a later correction names it.
                Correction::Hide {
                    entity: "李强".into(),
                },
                Correction::Hide {
                    entity: "无此人".into(),
                },
            ],
        );
        assert_eq!(applied.applied, 3);
        assert_eq!(
            applied.unmatched,
            vec![Correction::Hide {
                entity: "无此人".into()
            }]
        );
        assert_eq!(
            names(&k),
            vec![("中国", 3), ("中华人民共和国", 2), ("华为公司", 1)]
        );
        let huawei = &k.entities.entities[2];
        assert_eq!(huawei.kind, EntityKind::Org);
        assert_eq!(huawei.aliases, vec!["华为".to_string()]);
        assert_eq!(
            k.entities.mentions.len(),
            6,
            "the hidden one's mention is gone"
        );
        assert_eq!(k.timeline.events[1].entities, vec![EntityId::new(2)]);
    }

    #[test]
    fn renaming_to_another_entitys_name_merges_them() {
        let (k, _) = apply(
            knowledge(),
            &[Correction::Rename {
                entity: "中华人民共和国".into(),
                to: "中国".into(),
            }],
        );
        assert_eq!(names(&k)[0], ("中国", 5));
    }

    #[test]
    fn a_split_moves_the_mentions_written_so() {
        let texts: Vec<String> = ["中国", "中华", "中国", "中国", "华为", "李强"]
            .map(String::from)
            .to_vec();
        let base = knowledge();
        // Mentions in place order: (0,0) 中国, (0,10) 中华人民共和国 written 中华, (1,0), (1,5), (2,0), (2,10) …
        let mut work = EntityWork::new(base.entities.clone(), texts);
        assert!(work.apply(&Correction::Split {
            entity: "中华人民共和国".into(),
            alias: "中华".into(),
        }));
        assert!(!work.apply(&Correction::Split {
            entity: "中国".into(),
            alias: "不存在".into(),
        }));
        let (table, renumber) = work.finish();
        let split = table.find_by_name("中华");
        assert_eq!(split.len(), 1);
        let e = &table.entities[split[0].index()];
        assert_eq!((e.count, e.kind), (1, EntityKind::Loc));
        assert_eq!(e.articles, vec![ArticleId::new(0)]);
        let prc = &table.entities[renumber[1].unwrap().index()];
        assert_eq!(prc.count, 1);
        assert_eq!(prc.articles, vec![ArticleId::new(2)]);
    }

    #[test]
    fn event_corrections_find_the_event_by_its_sentence() {
        use crate::extract::events::EventKind as K;
        let base = knowledge();
        let key = |i: usize| EventKey::of(&base.timeline.events[i]).unwrap();
        let corrections = [
            Correction::RejectEvent { event: key(0) },
            Correction::RetitleEvent {
                event: key(1),
                title: "新标题".into(),
            },
            Correction::SetEventKind {
                event: key(1),
                kind: K::Visit,
            },
            // Found again after its kind changed: the key names the kind it has now.
            Correction::SetEventDate {
                event: EventKey {
                    kind: K::Visit,
                    ..key(1)
                },
                value: "2024-12".into(),
            },
            Correction::SetEventDate {
                event: key(2),
                value: "not a date".into(),
            },
        ];
        let (k, applied) = apply(base.clone(), &corrections);
        assert_eq!(applied.applied, 4);
        assert_eq!(applied.unmatched.len(), 1);
        let ids: Vec<&str> = k.timeline.events.iter().map(|e| e.id.as_str()).collect();
        // ev2 moved to December, after ev3.
        assert_eq!(ids, vec!["ev3", "ev2"]);
        let moved = &k.timeline.events[1];
        assert_eq!((moved.title.as_str(), moved.kind), ("新标题", K::Visit));
        assert_eq!(
            (moved.value.as_str(), moved.precision),
            ("2024-12", Precision::Month)
        );
        // The rejected event cannot be corrected again.
        let (_, again) = apply(k, &[Correction::RejectEvent { event: key(0) }]);
        assert_eq!(again.applied, 0);
    }

    #[test]
    fn no_corrections_leave_the_analysis_as_it_was() {
        let base = knowledge();
        let (k, applied) = apply(base.clone(), &[]);
        assert_eq!(applied, Applied::default());
        assert_eq!(k.timeline, base.timeline);
        assert_eq!(k.entities.mentions, base.entities.mentions);
    }
}
