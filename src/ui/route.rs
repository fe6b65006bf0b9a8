//! Where the user is and how they move: [`Route`] (with the timeline filter a route carries),
//! the [`Nav`] requests views return, and the [`History`] of routes visited.
//!
//! Views and the app both use this module; it imports no view.

use crate::bundle::{ArticleId, TextSpan};
use crate::corrections::Correction;
use crate::extract::events::{EventKind, Relation};
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::knowledge::search::SearchOrder;
use crate::knowledge::timeline::{TimelineFilter, parse_date_bound};
use crate::ui::analysis::EntityGroup;
use chrono::{Datelike, NaiveDate};

/// Where the user is: every view a user can go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// No article open: a welcome page with the bundle's summary.
    Home,
    Article(ArticleId),
    /// An article scrolled to a passage that is highlighted (a mention, a search hit, an
    /// event's sentence).
    Passage(TextSpan),
    /// The page of one entity of the bundle's [`Knowledge`].
    Entity(EntityId),
    /// The timeline with its filter, centred on one event if given.
    Timeline {
        focus: Option<EventId>,
        filter: TimelineFilterInputs,
    },
    /// Full-text search results for a query, under the order and facets chosen there.
    Search(String, SearchFilter),
}

impl Route {
    /// The article this route shows, if any.
    pub fn article(&self) -> Option<ArticleId> {
        match self {
            Route::Article(id) => Some(*id),
            Route::Passage(p) => Some(p.article),
            _ => None,
        }
    }
}

/// The timeline's filter as its toggles and boxes say it, before [`resolve`](Self::resolve)
/// turns it into a [`TimelineFilter`] over one knowledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineFilterInputs {
    /// Kinds switched off, by `EventKind as usize`.
    pub kinds_off: [bool; EventKind::ALL.len()],
    /// Relations shown, by `Relation as usize`: by default only what the articles report, not
    /// the history they recall or the plans they announce.
    pub relations_on: [bool; Relation::ALL.len()],
    /// An entity's name or alias; text to match when no entity has it.
    pub entity: String,
    /// The entity an entity page opened the timeline on: while `entity` still holds its name,
    /// the filter is that entity alone (a name can be another entity's alias too).
    pub entity_id: Option<EntityId>,
    /// Date bounds as typed (`2024`, `2024-11`, `2024-11-04`).
    pub from: String,
    pub to: String,
    pub text: String,
}

impl Default for TimelineFilterInputs {
    fn default() -> Self {
        Self {
            kinds_off: Default::default(),
            relations_on: Relation::ALL.map(|r| r == Relation::Reported),
            entity: String::new(),
            entity_id: None,
            from: String::new(),
            to: String::new(),
            text: String::new(),
        }
    }
}

impl TimelineFilterInputs {
    /// Whether events of this relation are shown.
    pub fn shows(&self, relation: Relation) -> bool {
        self.relations_on[relation as usize]
    }

    /// The filter these inputs mean in `k` (the entity box resolved to entity ids).
    pub fn resolve(&self, k: &Knowledge) -> TimelineFilter {
        let kinds: Vec<EventKind> = if self.kinds_off.iter().any(|&off| off) {
            EventKind::ALL
                .into_iter()
                .filter(|&kind| !self.kinds_off[kind as usize])
                .collect()
        } else {
            Vec::new()
        };
        // Every relation shown is no relation filter, as every kind is no kind filter.
        let relations: Vec<Relation> = if Relation::ALL.iter().all(|&r| self.shows(r)) {
            Vec::new()
        } else {
            Relation::ALL
                .into_iter()
                .filter(|&r| self.shows(r))
                .collect()
        };
        let mut filter = TimelineFilter {
            kinds,
            relations,
            text: Some(self.text.trim().to_string()).filter(|s| !s.is_empty()),
            from: parse_date_bound(&self.from, false),
            to: parse_date_bound(&self.to, true),
            ..TimelineFilter::default()
        };
        let name = self.entity.trim();
        let chosen = self.entity_id.filter(|id| {
            k.entities
                .entities
                .get(id.index())
                .is_some_and(|e| e.name == name)
        });
        if let Some(id) = chosen {
            filter = filter.with_entity_ids([id]);
        } else if !name.is_empty() {
            let ids = k.entities.find_by_name(name);
            if ids.is_empty() {
                filter.names = vec![name.to_string()];
            } else {
                filter = filter.with_entity_ids(ids);
            }
        }
        filter
    }
}

/// A date range chosen in the histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateFacet {
    Year(i32),
    /// A year and a month (1–12).
    Month(i32, u32),
}

impl DateFacet {
    /// Whether an article of this date lies in the range (an undated one never does).
    pub fn holds(self, date: Option<NaiveDate>) -> bool {
        match (self, date) {
            (DateFacet::Year(y), Some(d)) => d.year() == y,
            (DateFacet::Month(y, m), Some(d)) => d.year() == y && d.month() == m,
            (_, None) => false,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            DateFacet::Year(y) | DateFacet::Month(y, _) => y,
        }
    }
}

/// The user's choices over a result list: a search route carries them, so Back returns to a
/// search as it was left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SearchFilter {
    pub order: SearchOrder,
    pub date: Option<DateFacet>,
    pub entity: Option<EntityId>,
    /// The kind the entity facet lists.
    pub group: EntityGroup,
}

impl SearchFilter {
    /// The filter a new query starts with: this one's order and entity kind, no facet chosen.
    pub fn for_new_query(self) -> SearchFilter {
        SearchFilter {
            order: self.order,
            group: self.group,
            ..SearchFilter::default()
        }
    }
}

/// A navigation request from a view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Nav {
    Go(Route),
    /// The timeline with the filter it shows now, centred on an event if given: views other
    /// than the timeline do not know its filter, so [`History::apply`] fills it in.
    Timeline(Option<EventId>),
    Back,
    Forward,
    /// Make a correction of the analysis (kept, applied, undoable); no move.
    Correct(Correction),
    /// Take back the latest correction, or make it count again.
    UndoCorrection,
    RedoCorrection,
}

/// Routes visited, with a cursor: visiting drops the forward tail; back and forward move the cursor.
///
/// Changing the timeline's filter makes no entry: the current timeline entry is updated in place
/// ([`History::update_timeline_filter`]), so Back and Forward return to each timeline entry with
/// the filter last seen there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    routes: Vec<Route>,
    cursor: usize,
}

/// Routes kept in the history; older ones are dropped.
const MAX_HISTORY: usize = 500;

impl History {
    pub fn new(start: Route) -> Self {
        Self {
            routes: vec![start],
            cursor: 0,
        }
    }

    pub fn current(&self) -> &Route {
        // The cursor always points into the non-empty list.
        &self.routes[self.cursor.min(self.routes.len() - 1)]
    }

    /// Goes to `route`, unless it is where we are.
    pub fn visit(&mut self, route: Route) {
        if *self.current() == route {
            return;
        }
        self.routes.truncate(self.cursor + 1);
        self.routes.push(route);
        if self.routes.len() > MAX_HISTORY {
            self.routes.remove(0);
        }
        self.cursor = self.routes.len() - 1;
    }

    pub fn has_back(&self) -> bool {
        self.cursor > 0
    }

    pub fn has_forward(&self) -> bool {
        self.cursor + 1 < self.routes.len()
    }

    pub fn back(&mut self) -> bool {
        let moved = self.has_back();
        if moved {
            self.cursor -= 1;
        }
        moved
    }

    pub fn forward(&mut self) -> bool {
        let moved = self.has_forward();
        if moved {
            self.cursor += 1;
        }
        moved
    }

    /// Applies `nav`; a [`Nav::Timeline`] request gets `timeline_filter`, the filter the
    /// timeline shows now.
    pub fn apply(&mut self, nav: Nav, timeline_filter: &TimelineFilterInputs) {
        match nav {
            Nav::Go(route) => self.visit(route),
            Nav::Timeline(focus) => self.visit(Route::Timeline {
                focus,
                filter: timeline_filter.clone(),
            }),
            Nav::Back => {
                self.back();
            }
            Nav::Forward => {
                self.forward();
            }
            // The app makes corrections; they move nowhere.
            Nav::Correct(_) | Nav::UndoCorrection | Nav::RedoCorrection => {}
        }
    }

    /// After a correction renumbered entities and events: each route's entity and event
    /// through `entity` and `event`; a route whose entity is gone becomes the home page.
    pub fn remap(
        &mut self,
        entity: impl Fn(EntityId) -> Option<EntityId>,
        event: impl Fn(EventId) -> Option<EventId>,
    ) {
        for route in &mut self.routes {
            match route {
                Route::Entity(id) => match entity(*id) {
                    Some(new) => *id = new,
                    None => *route = Route::Home,
                },
                Route::Timeline { focus, filter } => {
                    *focus = focus.and_then(&event);
                    filter.entity_id = filter.entity_id.and_then(&entity);
                }
                _ => {}
            }
        }
        // Two neighbours may now be the same route.
        let cursor = self.cursor;
        let mut kept = 0;
        let mut new_cursor = 0;
        for i in 0..self.routes.len() {
            if kept > 0 && self.routes[i] == self.routes[kept - 1] {
                if i <= cursor {
                    new_cursor = kept - 1;
                }
                continue;
            }
            self.routes.swap(kept, i);
            if i <= cursor {
                new_cursor = kept;
            }
            kept += 1;
        }
        self.routes.truncate(kept);
        self.cursor = new_cursor;
    }

    /// Records `filter` in the current entry when it is a search (no new entry).
    pub fn update_search_filter(&mut self, filter: &SearchFilter) {
        let cursor = self.cursor.min(self.routes.len() - 1);
        if let Some(Route::Search(_, shown)) = self.routes.get_mut(cursor) {
            *shown = *filter;
        }
    }

    /// Records `filter` in the current entry when it is the timeline (no new entry).
    pub fn update_timeline_filter(&mut self, filter: &TimelineFilterInputs) {
        let cursor = self.cursor.min(self.routes.len() - 1);
        if let Some(Route::Timeline { filter: shown, .. }) = self.routes.get_mut(cursor)
            && shown != filter
        {
            shown.clone_from(filter);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(focus: Option<EventId>, entity: &str) -> Route {
        Route::Timeline {
            focus,
            filter: TimelineFilterInputs {
                entity: entity.to_owned(),
                ..TimelineFilterInputs::default()
            },
        }
    }

    #[test]
    fn history_goes_back_and_forward_and_visiting_drops_the_forward_tail() {
        let none = TimelineFilterInputs::default();
        let mut h = History::new(Route::Home);
        assert!(!h.has_back());
        h.visit(Route::Article(ArticleId::new(1)));
        h.visit(Route::Article(ArticleId::new(2)));
        h.visit(Route::Article(ArticleId::new(2))); // no duplicate
        assert!(h.back());
        assert_eq!(h.current(), &Route::Article(ArticleId::new(1)));
        assert!(h.has_forward());
        h.visit(Route::Article(ArticleId::new(5)));
        assert!(!h.has_forward(), "forward tail dropped");
        h.apply(Nav::Back, &none);
        h.apply(Nav::Back, &none);
        assert_eq!(h.current(), &Route::Home);
        assert!(!h.back());
        h.apply(Nav::Forward, &none);
        assert_eq!(h.current(), &Route::Article(ArticleId::new(1)));
    }

    #[test]
    fn the_default_filter_shows_reported_events_only() {
        let k = Knowledge::default();
        let mut inputs = TimelineFilterInputs::default();
        assert!(inputs.shows(Relation::Reported));
        assert!(!inputs.shows(Relation::Recalled) && !inputs.shows(Relation::Planned));
        assert_eq!(inputs.resolve(&k).relations, [Relation::Reported]);
        inputs.relations_on[Relation::Planned as usize] = true;
        assert_eq!(
            inputs.resolve(&k).relations,
            [Relation::Reported, Relation::Planned]
        );
        inputs.relations_on = [true; Relation::ALL.len()];
        assert!(
            inputs.resolve(&k).relations.is_empty(),
            "all shown: no filter"
        );
    }

    #[test]
    fn a_search_entry_keeps_the_filter_it_was_left_with() {
        let oldest = SearchFilter {
            order: SearchOrder::Oldest,
            date: Some(DateFacet::Year(2024)),
            ..SearchFilter::default()
        };
        let mut h = History::new(Route::Search("李强".to_owned(), SearchFilter::default()));
        h.update_search_filter(&oldest);
        let next = oldest.for_new_query();
        assert_eq!((next.order, next.date), (SearchOrder::Oldest, None));
        h.visit(Route::Search("会见".to_owned(), next));
        h.back();
        assert_eq!(h.current(), &Route::Search("李强".to_owned(), oldest));
        h.visit(Route::Article(ArticleId::new(1)));
        h.update_search_filter(&SearchFilter::default());
        assert_eq!(
            h.current(),
            &Route::Article(ArticleId::new(1)),
            "only a search keeps one"
        );
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::new(Route::Home);
        for i in 0..(MAX_HISTORY as u32 + 20) {
            h.visit(Route::Article(ArticleId::new(i)));
        }
        assert_eq!(h.routes.len(), MAX_HISTORY);
        assert_eq!(
            h.current(),
            &Route::Article(ArticleId::new(MAX_HISTORY as u32 + 19))
        );
    }

    #[test]
    fn timeline_requests_take_the_shown_filter_and_filter_changes_update_the_entry_in_place() {
        let filter = |entity: &str| TimelineFilterInputs {
            entity: entity.to_owned(),
            ..TimelineFilterInputs::default()
        };
        let mut h = History::new(Route::Article(ArticleId::new(0)));
        h.apply(Nav::Timeline(None), &filter("李强"));
        assert_eq!(h.current(), &timeline(None, "李强"));
        h.update_timeline_filter(&filter("习近平"));
        assert_eq!(h.current(), &timeline(None, "习近平"));
        h.apply(Nav::Timeline(Some(EventId::new(3))), &filter("习近平"));
        h.update_timeline_filter(&filter(""));
        h.apply(Nav::Back, &filter(""));
        assert_eq!(
            h.current(),
            &timeline(None, "习近平"),
            "back to the filter seen there"
        );
        h.apply(Nav::Forward, &filter("习近平"));
        assert_eq!(h.current(), &timeline(Some(EventId::new(3)), ""));
        h.apply(Nav::Back, &filter(""));
        h.apply(Nav::Back, &filter(""));
        h.update_timeline_filter(&filter("李强"));
        assert_eq!(
            h.current(),
            &Route::Article(ArticleId::new(0)),
            "only a timeline entry keeps a filter"
        );
    }
}
