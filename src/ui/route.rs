//! Where the user is and how they move: [`Route`], the [`Nav`] requests views return, and the
//! [`History`] of routes visited.
//!
//! Views and the app both use this module; it imports no view.

use crate::bundle::{ArticleId, Part};
use crate::knowledge::entities::EntityId;

/// Where the user is: every view a user can go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// No article open: a welcome page with the bundle's summary.
    Home,
    Article(ArticleId),
    /// An article scrolled to a passage that is highlighted (a mention, a search hit, an
    /// event's sentence).
    Passage(Passage),
    /// The page of one entity of the bundle's [`Knowledge`](crate::knowledge::Knowledge).
    Entity(EntityId),
    /// The timeline, centred on one event (an index into the timeline's events) if given.
    Timeline(Option<u32>),
    /// Full-text search results for a query.
    Search(String),
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

/// A stretch of one text of an article: `article.part(part)[index]`, chars `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Passage {
    pub article: ArticleId,
    pub part: Part,
    pub index: u32,
    pub start: u32,
    pub end: u32,
}

/// A navigation request from a view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Nav {
    Go(Route),
    Back,
    Forward,
}

/// Routes visited, with a cursor: visiting drops the forward tail; back and forward move the cursor.
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

    pub fn apply(&mut self, nav: Nav) {
        match nav {
            Nav::Go(route) => self.visit(route),
            Nav::Back => {
                self.back();
            }
            Nav::Forward => {
                self.forward();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_goes_back_and_forward_and_visiting_drops_the_forward_tail() {
        let mut h = History::new(Route::Home);
        assert!(!h.has_back());
        h.visit(Route::Article(1));
        h.visit(Route::Article(2));
        h.visit(Route::Article(2)); // no duplicate
        assert!(h.back());
        assert_eq!(h.current(), &Route::Article(1));
        assert!(h.has_forward());
        h.visit(Route::Article(5));
        assert!(!h.has_forward(), "forward tail dropped");
        h.apply(Nav::Back);
        h.apply(Nav::Back);
        assert_eq!(h.current(), &Route::Home);
        assert!(!h.back());
        h.apply(Nav::Forward);
        assert_eq!(h.current(), &Route::Article(1));
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::new(Route::Home);
        for i in 0..(MAX_HISTORY as u32 + 20) {
            h.visit(Route::Article(i));
        }
        assert_eq!(h.routes.len(), MAX_HISTORY);
        assert_eq!(h.current(), &Route::Article(MAX_HISTORY as u32 + 19));
    }
}
