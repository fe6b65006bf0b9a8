//! What a frame of the timeline needs, built once per knowledge and filter: the filter inputs,
//! the dated events that pass them, counts, extent and lanes. No egui.

use super::lanes::{Lane, LaneMode, lanes};
use crate::extract::events::{EventKind, Relation};
use crate::extract::times::Mod;
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::timeline_chart::{Day, day_of};
use crate::ui::route::TimelineFilterInputs;

/// An event placed on the axis: its index in the timeline and its days `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Item {
    pub event: EventId,
    pub start: Day,
    pub end: Day,
}

impl Item {
    pub fn len(&self) -> Day {
        self.end - self.start
    }

    /// The days its mark covers: the part of the period a qualifier names (early, mid, late).
    pub fn narrowed(&self, m: Mod) -> (f64, f64) {
        let (s, e) = (self.start as f64, self.end as f64);
        let len = e - s;
        if len < 3.0 {
            return (s, e);
        }
        match m {
            Mod::Start => (s, s + len / 3.0),
            Mod::Mid => (s + len / 3.0, s + 2.0 * len / 3.0),
            Mod::End => (e - len / 3.0, e),
            _ => (s, e),
        }
    }
}

/// The filter inputs of the view (what the text boxes and toggles say) and the lanes mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Inputs {
    pub filter: TimelineFilterInputs,
    pub mode: LaneMode,
}

/// Which knowledge a layout was built for: its address and event count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KnowledgeKey {
    addr: usize,
    events: usize,
}

impl KnowledgeKey {
    pub fn of(k: &Knowledge) -> Self {
        Self {
            addr: std::ptr::from_ref(k) as usize,
            events: k.timeline.events.len(),
        }
    }
}

/// Everything a frame needs, built once per knowledge and filter.
#[derive(Debug)]
pub(super) struct Layout {
    pub knowledge: KnowledgeKey,
    pub inputs: Inputs,
    /// Dated events passing the filter, in timeline (date) order.
    pub shown: Vec<Item>,
    /// Events passing the filter without a date.
    pub undated: usize,
    /// Dated events per kind passing every filter but the kind toggles.
    pub kind_counts: [usize; EventKind::ALL.len()],
    /// Dated events per relation passing every filter but the relation toggles.
    pub relation_counts: [usize; Relation::ALL.len()],
    /// Entities the entity box resolved to.
    pub entity_ids: Vec<EntityId>,
    pub lanes: Vec<Lane>,
    /// First day and the day after the last day of the shown events.
    pub extent: Option<(Day, Day)>,
    /// The same without the earliest and latest 0.5 % of a big timeline (misread dates far
    /// from the rest would otherwise squeeze the data into a few pixels when fitting).
    pub bulk: Option<(Day, Day)>,
}

impl Layout {
    pub fn build(k: &Knowledge, inputs: &Inputs) -> Layout {
        let filter = inputs.filter.resolve(k);
        let entity_ids: Vec<EntityId> = filter.entities.iter().flatten().copied().collect();
        // The toggles are checked here, so each row of toggles can count what the others let
        // through.
        let mut boxes = filter.clone();
        boxes.kinds.clear();
        boxes.relations.clear();
        let mut kind_counts = [0; EventKind::ALL.len()];
        let mut relation_counts = [0; Relation::ALL.len()];
        let mut shown = Vec::new();
        let mut undated = 0;
        for (i, e) in k.timeline.events.iter().enumerate() {
            if !boxes.matches(e) {
                continue;
            }
            let kind_on = !inputs.filter.kinds_off[e.kind as usize];
            let relation_on = inputs.filter.shows(e.relation);
            let dated = match (e.start, e.end) {
                (Some(s), Some(end)) => Some(Item {
                    event: EventId::new(i as u32),
                    start: day_of(s),
                    end: day_of(end) + 1,
                }),
                _ => None,
            };
            if dated.is_some() {
                if relation_on && let Some(n) = kind_counts.get_mut(e.kind as usize) {
                    *n += 1;
                }
                if kind_on && let Some(n) = relation_counts.get_mut(e.relation as usize) {
                    *n += 1;
                }
            }
            if !(kind_on && relation_on) {
                continue;
            }
            match dated {
                Some(it) => shown.push(it),
                None => undated += 1,
            }
        }
        let lanes = lanes(k, &shown, inputs.mode);
        let extent = shown
            .iter()
            .map(|it| (it.start, it.end))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        Layout {
            knowledge: KnowledgeKey::of(k),
            inputs: inputs.clone(),
            bulk: bulk(&shown, extent),
            shown,
            undated,
            kind_counts,
            relation_counts,
            entity_ids,
            lanes,
            extent,
        }
    }

    /// Index into `shown` of the first event starting on or after `day`.
    pub fn first_from(&self, day: Day) -> usize {
        self.shown.partition_point(|it| it.start < day)
    }

    /// The shown events starting in days `[a, b)`.
    pub fn starting_in(&self, a: Day, b: Day) -> &[Item] {
        let lo = self.first_from(a);
        let hi = self.first_from(b).max(lo);
        self.shown.get(lo..hi).unwrap_or_default()
    }
}

/// The days of the bulk of `shown` (in date order): the `extent` of up to 1,000 events; of more,
/// the range without the earliest and latest 0.5 %.
fn bulk(shown: &[Item], extent: Option<(Day, Day)>) -> Option<(Day, Day)> {
    if shown.len() < 1000 {
        return extent;
    }
    let cut = shown.len() / 200;
    let lo = shown.get(cut).map(|it| it.start);
    let hi = shown
        .get(shown.len() - 1 - cut)
        .map(|it| it.end.max(it.start + 1));
    lo.zip(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::times::Precision;
    use crate::knowledge::timeline::{Event, Timeline};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Day {
        day_of(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
    }

    fn event(i: usize, kind: EventKind, start: Option<NaiveDate>) -> Event {
        Event {
            id: format!("ev{i}"),
            value: start.map(|s| s.to_string()).unwrap_or_default(),
            precision: Precision::Day,
            modifier: Mod::None,
            start,
            end: start,
            kind,
            relation: Relation::Reported,
            salience: 1.0,
            title: format!("事件{i}"),
            sources: Vec::new(),
            entities: Vec::new(),
        }
    }

    #[test]
    fn qualifiers_narrow_the_period() {
        let oct = Item {
            event: EventId::new(0),
            start: d(2024, 10, 1),
            end: d(2024, 11, 1),
        };
        let (s, e) = oct.narrowed(Mod::End);
        assert!((e - s - 31.0 / 3.0).abs() < 1e-9);
        assert_eq!(e, d(2024, 11, 1) as f64);
        assert_eq!(
            oct.narrowed(Mod::Approx),
            (oct.start as f64, oct.end as f64)
        );
    }

    #[test]
    fn the_layout_counts_kinds_before_the_kind_toggles() {
        let day = NaiveDate::from_ymd_opt(2024, 11, 4);
        let events = vec![
            event(0, EventKind::Launch, day),
            event(1, EventKind::Landing, day),
            event(2, EventKind::Landing, None),
        ];
        let k = Knowledge {
            timeline: Timeline { events },
            ..Knowledge::default()
        };
        let mut inputs = Inputs::default();
        inputs.filter.kinds_off[EventKind::Launch as usize] = true;
        let layout = Layout::build(&k, &inputs);
        assert_eq!(
            layout
                .shown
                .iter()
                .map(|it| it.event.get())
                .collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(layout.undated, 1);
        assert_eq!(layout.kind_counts[EventKind::Launch as usize], 1);
        assert_eq!(layout.kind_counts[EventKind::Landing as usize], 1);
        let day = d(2024, 11, 4);
        assert_eq!(layout.extent, Some((day, day + 1)));
        assert_eq!(layout.starting_in(day, day + 1).len(), 1);
        assert!(layout.starting_in(day + 1, day).is_empty());
    }

    #[test]
    fn the_layout_shows_reported_events_by_default_and_counts_each_relation() {
        let day = NaiveDate::from_ymd_opt(2024, 11, 4);
        let mut events = vec![
            event(0, EventKind::Founding, NaiveDate::from_ymd_opt(1924, 6, 16)),
            event(1, EventKind::Landing, day),
            event(2, EventKind::Launch, NaiveDate::from_ymd_opt(2025, 4, 24)),
            event(3, EventKind::Launch, NaiveDate::from_ymd_opt(2025, 10, 31)),
        ];
        events[0].relation = Relation::Recalled;
        events[2].relation = Relation::Planned;
        events[3].relation = Relation::Planned;
        let k = Knowledge {
            timeline: Timeline { events },
            ..Knowledge::default()
        };
        let shown = |inputs: &Inputs| -> Vec<u32> {
            Layout::build(&k, inputs)
                .shown
                .iter()
                .map(|it| it.event.get())
                .collect()
        };
        let mut inputs = Inputs::default();
        let layout = Layout::build(&k, &inputs);
        assert_eq!(shown(&inputs), [1]);
        assert_eq!(layout.relation_counts, [1, 1, 2]);
        // Kind counts follow the relation toggles; relation counts the kind toggles.
        assert_eq!(layout.kind_counts[EventKind::Launch as usize], 0);
        inputs.filter.relations_on[Relation::Recalled as usize] = true;
        assert_eq!(shown(&inputs), [0, 1]);
        inputs.filter.kinds_off[EventKind::Launch as usize] = true;
        inputs.filter.relations_on[Relation::Planned as usize] = true;
        let layout = Layout::build(&k, &inputs);
        assert_eq!(layout.relation_counts, [1, 1, 0]);
        assert_eq!(layout.kind_counts[EventKind::Launch as usize], 2);
    }

    #[test]
    fn the_bulk_leaves_out_far_outliers_of_a_big_timeline() {
        let mut shown: Vec<Item> = (0..2000)
            .map(|i| Item {
                event: EventId::new(i),
                start: 1000 + i as Day,
                end: 1001 + i as Day,
            })
            .collect();
        shown[0].start = 0;
        let extent = Some((0, 3000));
        assert_eq!(bulk(&shown, extent), Some((1010, 2990)));
        assert_eq!(bulk(&shown[..10], extent), extent);
    }
}
