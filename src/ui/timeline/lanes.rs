//! Lanes of the timeline: events grouped by kind or by the entities taking part, each lane
//! indexed by length class (to find the events in view) and by density. No egui.

use super::density::Density;
use super::layout::Item;
use crate::extract::events::EventKind;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::timeline_chart::Day;
use std::collections::HashMap;

/// Lanes group events by kind or by the entities taking part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LaneMode {
    #[default]
    Kind,
    Entity,
}

/// Entity lanes shown (the most frequent entities of the filtered events), plus one for the rest.
const ENTITY_LANES: usize = 10;
/// Events up to this many days long count as precise in density bars; longer ones as spans.
const FINE_DAYS: Day = 7;
/// Upper bounds of the length classes (days): an event is looked up among events of its class,
/// which start at most the class's longest length before the visible range.
const CLASS_BOUNDS: [Day; 7] = [1, 7, 31, 92, 366, 3660, Day::MAX];

/// Items of one lane whose lengths fall in one class, sorted by start.
#[derive(Debug, Default)]
struct Class {
    max_len: Day,
    items: Vec<Item>,
}

impl Class {
    /// Indexes of the items that may overlap days `[a, b)`: those starting in `[a - max_len, b)`.
    fn candidates(&self, a: Day, b: Day) -> std::ops::Range<usize> {
        let lo = self
            .items
            .partition_point(|it| it.start < a.saturating_sub(self.max_len));
        let hi = self.items.partition_point(|it| it.start < b);
        lo..hi.max(lo)
    }
}

/// What a lane holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LaneKey {
    Kind(EventKind),
    Entity(EntityId),
    /// Events with none of the entities that have a lane.
    Rest,
}

#[derive(Debug)]
pub(super) struct Lane {
    pub key: LaneKey,
    pub count: usize,
    classes: Vec<Class>,
    /// Events up to a week long.
    pub fine: Density,
    /// Longer events.
    pub coarse: Density,
}

impl Lane {
    pub fn new(key: LaneKey, items: &[Item]) -> Lane {
        let mut classes: Vec<Class> = CLASS_BOUNDS.iter().map(|_| Class::default()).collect();
        let mut fine = Density::default();
        let mut coarse = Density::default();
        for &it in items {
            let len = it.len();
            let c = CLASS_BOUNDS
                .iter()
                .position(|&b| len <= b)
                .unwrap_or(CLASS_BOUNDS.len() - 1);
            if let Some(class) = classes.get_mut(c) {
                class.max_len = class.max_len.max(len);
                class.items.push(it);
            }
            let d = if len <= FINE_DAYS {
                &mut fine
            } else {
                &mut coarse
            };
            d.push(it.start, it.end);
        }
        for c in &mut classes {
            c.items.sort_by_key(|it| (it.start, it.event));
        }
        fine.sort();
        coarse.sort();
        Lane {
            key,
            count: items.len(),
            classes,
            fine,
            coarse,
        }
    }

    /// At most how many events overlap `[a, b)` (exact for short events; long ones may be counted
    /// though they end before `a`).
    pub fn candidate_count(&self, a: Day, b: Day) -> usize {
        self.classes.iter().map(|c| c.candidates(a, b).len()).sum()
    }

    /// The events overlapping `[a, b)`, sorted by start.
    pub fn visible(&self, a: Day, b: Day) -> Vec<Item> {
        let mut out: Vec<Item> = self
            .classes
            .iter()
            .flat_map(|c| c.items.get(c.candidates(a, b)).unwrap_or_default())
            .filter(|it| it.end > a && it.start < b)
            .copied()
            .collect();
        out.sort_by_key(|it| (it.start, it.event));
        out
    }
}

/// The lanes of `shown` (events of `k`'s timeline) in `mode`.
pub(super) fn lanes(k: &Knowledge, shown: &[Item], mode: LaneMode) -> Vec<Lane> {
    match mode {
        LaneMode::Kind => kind_lanes(k, shown),
        LaneMode::Entity => entity_lanes(k, shown),
    }
}

/// One lane per kind that has events, in the kinds' order.
fn kind_lanes(k: &Knowledge, shown: &[Item]) -> Vec<Lane> {
    let mut per_kind: Vec<Vec<Item>> = EventKind::ALL.iter().map(|_| Vec::new()).collect();
    for &it in shown {
        if let Some(e) = k.timeline.events.get(it.event.index())
            && let Some(v) = per_kind.get_mut(e.kind as usize)
        {
            v.push(it);
        }
    }
    EventKind::ALL
        .into_iter()
        .zip(per_kind)
        .filter(|(_, items)| !items.is_empty())
        .map(|(kind, items)| Lane::new(LaneKey::Kind(kind), &items))
        .collect()
}

/// One lane per frequent entity (an event shows in the lane of each of its entities), most
/// events first, then the rest.
fn entity_lanes(k: &Knowledge, shown: &[Item]) -> Vec<Lane> {
    let events = &k.timeline.events;
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for it in shown {
        if let Some(e) = events.get(it.event.index()) {
            for &id in &e.entities {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(EntityId, usize)> = counts.into_iter().collect();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(ENTITY_LANES);
    let mut per: Vec<Vec<Item>> = top.iter().map(|_| Vec::new()).collect();
    let mut rest = Vec::new();
    for &it in shown {
        let Some(e) = events.get(it.event.index()) else {
            continue;
        };
        let mut placed = false;
        for (lane, (id, _)) in per.iter_mut().zip(&top) {
            if e.entities.contains(id) {
                lane.push(it);
                placed = true;
            }
        }
        if !placed {
            rest.push(it);
        }
    }
    let mut lanes: Vec<Lane> = top
        .iter()
        .zip(per)
        .map(|((id, _), items)| Lane::new(LaneKey::Entity(*id), &items))
        .collect();
    if !rest.is_empty() {
        lanes.push(Lane::new(LaneKey::Rest, &rest));
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::times::{Mod, Precision};
    use crate::ids::EventId;
    use crate::knowledge::timeline::{Event, Timeline};
    use crate::timeline_chart::day_of;
    use crate::ui::timeline::axis::Axis;
    use crate::ui::timeline::density::BIN_PX;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Day {
        day_of(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
    }

    fn item(event: u32, start: Day, end: Day) -> Item {
        Item {
            event: EventId::new(event),
            start,
            end,
        }
    }

    /// A knowledge whose events have the given kinds and entities, all on one day.
    fn knowledge(events: &[(EventKind, &[EntityId])]) -> Knowledge {
        let day = NaiveDate::from_ymd_opt(2024, 11, 4);
        let events = events
            .iter()
            .enumerate()
            .map(|(i, (kind, entities))| Event {
                id: format!("ev{i}"),
                value: "2024-11-04".into(),
                precision: Precision::Day,
                modifier: Mod::None,
                start: day,
                end: day,
                kind: *kind,
                relation: crate::extract::events::Relation::Reported,
                salience: 1.0,
                title: format!("事件{i}"),
                sources: Vec::new(),
                entities: entities.to_vec(),
            })
            .collect();
        Knowledge {
            timeline: Timeline { events },
            ..Knowledge::default()
        }
    }

    fn shown(k: &Knowledge) -> Vec<Item> {
        let day = d(2024, 11, 4);
        (0..k.timeline.events.len() as u32)
            .map(|i| item(i, day, day + 1))
            .collect()
    }

    #[test]
    fn kind_lanes_follow_the_kinds_order_and_skip_empty_kinds() {
        let k = knowledge(&[
            (EventKind::Meeting, &[]),
            (EventKind::Launch, &[]),
            (EventKind::Meeting, &[]),
        ]);
        let lanes = lanes(&k, &shown(&k), LaneMode::Kind);
        let keys: Vec<(LaneKey, usize)> = lanes.iter().map(|l| (l.key, l.count)).collect();
        assert_eq!(
            keys,
            [
                (LaneKey::Kind(EventKind::Launch), 1),
                (LaneKey::Kind(EventKind::Meeting), 2)
            ]
        );
    }

    #[test]
    fn entity_lanes_put_an_event_in_each_of_its_entities_lanes_and_the_rest_last() {
        let k = knowledge(&[
            (EventKind::Meeting, &[EntityId::new(7), EntityId::new(3)]),
            (EventKind::Visit, &[EntityId::new(3)]),
            (EventKind::Other, &[]),
        ]);
        let lanes = lanes(&k, &shown(&k), LaneMode::Entity);
        let keys: Vec<(LaneKey, usize)> = lanes.iter().map(|l| (l.key, l.count)).collect();
        // Entity 3 has two events, entity 7 one; the event without entities goes to the rest.
        assert_eq!(
            keys,
            [
                (LaneKey::Entity(EntityId::new(3)), 2),
                (LaneKey::Entity(EntityId::new(7)), 1),
                (LaneKey::Rest, 1)
            ]
        );
    }

    #[test]
    fn at_most_ten_entity_lanes_and_the_rest() {
        let ids: Vec<[EntityId; 1]> = (0..12).map(|i| [EntityId::new(i)]).collect();
        let events: Vec<(EventKind, &[EntityId])> =
            ids.iter().map(|id| (EventKind::Other, &id[..])).collect();
        let k = knowledge(&events);
        let lanes = lanes(&k, &shown(&k), LaneMode::Entity);
        assert_eq!(lanes.len(), ENTITY_LANES + 1);
        assert_eq!(
            lanes.last().map(|l| (l.key, l.count)),
            Some((LaneKey::Rest, 2))
        );
    }

    #[test]
    fn density_bars_count_precise_and_long_events_apart() {
        // A day event, a month event and a year event.
        let items = [
            item(0, d(2024, 11, 4), d(2024, 11, 5)),
            item(1, d(2024, 11, 1), d(2024, 12, 1)),
            item(2, d(2024, 1, 1), d(2025, 1, 1)),
        ];
        let lane = Lane::new(LaneKey::Rest, &items);
        // One bar per day across November 2024.
        let a = d(2024, 11, 1) as f64;
        let axis = Axis {
            a,
            b: a + 30.0,
            left: 0.0,
            width: 30.0 * BIN_PX,
        };
        let mut fine = vec![0; 30];
        let mut coarse = vec![0; 30];
        lane.fine.count_bins(&axis, 0.0, &mut fine);
        lane.coarse.count_bins(&axis, 0.0, &mut coarse);
        assert_eq!(fine.iter().sum::<u32>(), 1);
        assert_eq!(fine[3], 1, "{fine:?}");
        assert!(coarse.iter().all(|&c| c == 2), "{coarse:?}");
    }

    #[test]
    fn visible_items_include_long_events_started_before_the_range() {
        let items = [
            item(0, d(2023, 1, 1), d(2024, 1, 1)),
            item(1, d(2023, 6, 1), d(2023, 6, 2)),
            item(2, d(2023, 7, 1), d(2023, 7, 2)),
        ];
        let lane = Lane::new(LaneKey::Rest, &items);
        let got: Vec<u32> = lane
            .visible(d(2023, 6, 15), d(2023, 8, 1))
            .iter()
            .map(|it| it.event.get())
            .collect();
        assert_eq!(got, vec![0, 2]);
        assert!(lane.candidate_count(d(2023, 6, 15), d(2023, 8, 1)) >= 2);
    }
}
