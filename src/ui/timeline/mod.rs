//! The timeline view: a horizontal time axis with lanes (by kind or by entity), zoom and pan,
//! filters, a details pane and keyboard navigation.
//!
//! Speed: the view keeps a `Layout` built once per `Knowledge` and filter (O(events)); a frame
//! only does binary searches over it. Lanes with few events in view draw each event as a mark
//! (with an accessible, clickable twin and a label where one fits); dense lanes draw per-column
//! density bars counted from sorted start and end days.
//!
//! The data side (`layout`, `lanes`, `density`, the `axis` scale) is plain numbers, free of egui;
//! drawing lives in `canvas`, `marks`, `filters`, `details` and `mini`.

mod axis;
mod canvas;
mod density;
mod details;
mod edit;
mod filters;
mod lanes;
mod layout;
mod marks;
mod mini;

pub use crate::ui::theme::kind_color;
pub use lanes::LaneMode;
pub use mini::mini_timeline_ui;

use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::knowledge::timeline::{TimelineFilter, parse_date_bound, publication_span};
use crate::timeline_chart::{Day, date_of, day_of};
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, TimelineFilterInputs};
use axis::MIN_SPAN;
use chrono::{Days, NaiveDate};
use egui::Key;
use layout::{Inputs, KnowledgeKey, Layout};

/// The least span the view opens on, in days: a bundle of one day opens on the weeks before it,
/// where the events its reports tell (`昨天`, `上周`) lie, and the week after.
const OPENING_DAYS: f64 = 21.0;

/// The timeline view's state: visible range, lanes mode, filters, selection and the layout cache.
#[derive(Default)]
pub struct TimelineView {
    inputs: Inputs,
    /// Visible days `[start, end)`; `None` until the first frame fits the data.
    range: Option<axis::Range>,
    /// Fit the range to the data once the layout is rebuilt.
    fit_pending: bool,
    selected: Option<EventId>,
    /// The focus the app passed last frame, to act only when it changes.
    last_focus: Option<EventId>,
    layout: Option<Layout>,
    /// Middle day of the selected event: buttons and keys zoom around it when it is in view.
    selected_day: Option<f64>,
    /// The next model is the same bundle corrected: keep the range and the selection.
    same_bundle_next: bool,
    /// The selected event's corrections.
    edit: edit::EventEdit,
    /// A from/to box was just left: zoom the view to the dates on the next layout.
    zoom_to_dates: bool,
}

impl TimelineView {
    /// Draws the whole view into `ui` (the app's central panel). `focus`: index into
    /// `k.timeline.events` to select and centre on (from a date link in the reader, or history).
    /// Returns navigation: selecting an event, opening a source sentence or an entity.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        focus: Option<EventId>,
        lang: Lang,
    ) -> Option<Nav> {
        let mut nav = None;
        self.ensure_layout(k);
        self.apply_focus(k, focus);
        self.selected_day = self
            .selected
            .and_then(|i| k.timeline.events.get(i.index()))
            .and_then(|e| Some((day_of(e.start?) as f64 + day_of(e.end?) as f64 + 1.0) / 2.0));

        egui::Panel::top("kanbao.timeline.filters")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 6)),
            )
            .show(ui, |ui| self.filters_ui(ui, k, lang));
        self.ensure_layout(k);
        if self.range.is_none() {
            self.open_on_publication(k);
        }
        if self.fit_pending {
            self.fit_all();
        }
        self.zoom_to_date_boxes();

        egui::Panel::right("kanbao.timeline.details")
            .resizable(true)
            .default_size(360.0)
            .size_range(240.0..=640.0)
            .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::same(10)))
            .show(ui, |ui| {
                if let Some(n) = self.side_ui(ui, k, lang) {
                    nav = Some(n);
                }
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin::same(6)))
            .show(ui, |ui| {
                if let Some(n) = self.canvas_ui(ui, k, lang) {
                    nav = Some(n);
                }
            });
        if let Some(n) = self.keyboard(ui.ctx(), k) {
            nav = Some(n);
        }
        nav
    }

    /// The filter currently applied (kinds, entity, date range, text), so an export writes exactly
    /// what the view shows.
    pub fn filter(&self, k: &Knowledge) -> TimelineFilter {
        self.inputs.filter.resolve(k)
    }

    /// The filter as its toggles and boxes say it (what a timeline route keeps).
    pub fn filter_inputs(&self) -> &TimelineFilterInputs {
        &self.inputs.filter
    }

    /// Shows `filter` (a timeline route's, on Back or Forward); no change when it is shown.
    pub fn set_filter_inputs(&mut self, filter: &TimelineFilterInputs) {
        if self.inputs.filter != *filter {
            self.inputs.filter.clone_from(filter);
        }
    }

    /// Restricts the view to one entity and fits the range to its events.
    pub fn set_entity(&mut self, k: &Knowledge, entity: EntityId) {
        if let Some(e) = k.entities.entities.get(entity.index()) {
            self.inputs.filter.entity = e.name.clone();
            self.inputs.filter.entity_id = Some(entity);
            self.fit_pending = true;
        }
    }

    /// Shows one entity's events with the kind and relation toggles of `toggles` (an entity
    /// page's), the other boxes cleared, fitted to them: what the page counted.
    pub fn show_entity(&mut self, k: &Knowledge, entity: EntityId, toggles: &TimelineFilterInputs) {
        self.inputs.filter = TimelineFilterInputs {
            kinds_off: toggles.kinds_off,
            relations_on: toggles.relations_on,
            ..TimelineFilterInputs::default()
        };
        self.set_entity(k, entity);
    }

    /// Dated and undated events the view's filter lets through (the counts line's figures).
    pub fn shown_counts(&self) -> Option<(usize, usize)> {
        self.layout.as_ref().map(|l| (l.shown.len(), l.undated))
    }

    /// The selected event (an index into the timeline's events).
    pub fn selected(&self) -> Option<EventId> {
        self.selected
    }

    /// The visible range, first day and last day.
    pub fn visible_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (a, b) = self.range?;
        Some((
            date_of(a.floor() as Day)?,
            date_of((b.ceil() as Day - 1).max(a.floor() as Day))?,
        ))
    }

    /// Sets the visible range (first and last day, inclusive).
    pub fn set_visible_range(&mut self, first: NaiveDate, last: NaiveDate) {
        let (a, b) = (day_of(first) as f64, day_of(last) as f64 + 1.0);
        self.range = Some((a.min(b - MIN_SPAN), b));
        self.fit_pending = false;
    }

    pub fn lane_mode(&self) -> LaneMode {
        self.inputs.mode
    }

    /// The next model is this bundle corrected: the view keeps its range, and the selected
    /// event follows `event` (old position → new; `None`: rejected).
    pub fn follow_correction(&mut self, event: impl Fn(EventId) -> Option<EventId>) {
        self.same_bundle_next = self.layout.is_some();
        self.selected = self.selected.and_then(&event);
        self.last_focus = self.last_focus.and_then(&event);
    }

    pub fn set_lane_mode(&mut self, mode: LaneMode) {
        self.inputs.mode = mode;
    }

    fn ensure_layout(&mut self, k: &Knowledge) {
        let key = KnowledgeKey::of(k);
        let stale = match &self.layout {
            Some(l) if l.knowledge != key && std::mem::take(&mut self.same_bundle_next) => true,
            Some(l) if l.knowledge != key => {
                // Another bundle: forget the selection and the range.
                self.selected = None;
                self.last_focus = None;
                self.range = None;
                true
            }
            Some(l) => l.inputs != self.inputs,
            None => true,
        };
        if stale {
            self.layout = Some(Layout::build(k, &self.inputs));
        }
    }

    /// Selects and centres on the event the app asks for; an event of a relation switched off
    /// (a recalled date opened from the reader or an entity page) switches it on.
    fn apply_focus(&mut self, k: &Knowledge, focus: Option<EventId>) {
        if focus == self.last_focus {
            return;
        }
        self.last_focus = focus;
        match focus.and_then(|i| Some((i, k.timeline.get(i)?))) {
            Some((i, e)) => {
                if !self.inputs.filter.shows(e.relation) {
                    self.inputs.filter.relations_on[e.relation as usize] = true;
                    self.ensure_layout(k);
                }
                if self.selected != Some(i) {
                    self.selected = Some(i);
                    self.centre_on(k, i);
                }
            }
            _ => self.selected = None,
        }
    }

    /// The first day and the day after the last day of the shown events.
    fn extent(&self) -> Option<(Day, Day)> {
        self.layout.as_ref().and_then(|l| l.extent)
    }

    /// Centres the range on an event, widening it when the event would not fit.
    fn centre_on(&mut self, k: &Knowledge, i: EventId) {
        let Some(e) = k.timeline.events.get(i.index()) else {
            return;
        };
        let (Some(s), Some(end)) = (e.start, e.end) else {
            return;
        };
        let (s, end) = (day_of(s) as f64, day_of(end) as f64 + 1.0);
        self.range = Some(axis::centred(self.range, s, end));
        self.fit_pending = false;
        self.clamp_range();
    }

    /// Opens on the days the bundle's articles were published (what its reports are about),
    /// widened to at least [`OPENING_DAYS`]; without dated articles, fits the shown events.
    fn open_on_publication(&mut self, k: &Knowledge) {
        match publication_span(k.articles()) {
            Some((first, last)) => {
                let (a, b) = axis::fitted((day_of(first), day_of(last) + 1));
                // Reports tell more of the days before them than of the days after.
                let widen = (OPENING_DAYS - (b - a)).max(0.0);
                self.range = Some((a - widen * 2.0 / 3.0, b + widen / 3.0));
            }
            None => self.fit_all(),
        }
    }

    /// Zooms the view to the from/to boxes once one was left: both set, to that span; one set,
    /// from it (or up to it) keeping the visible span's length.
    fn zoom_to_date_boxes(&mut self) {
        if !std::mem::take(&mut self.zoom_to_dates) {
            return;
        }
        let filter = &self.inputs.filter;
        let bounds = (
            parse_date_bound(&filter.from, false),
            parse_date_bound(&filter.to, true),
        );
        let span = self
            .range
            .map_or(OPENING_DAYS, |(a, b)| b - a)
            .round()
            .max(1.0) as u64;
        let (first, last) = match bounds {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a.checked_add_days(Days::new(span - 1)).unwrap_or(a)),
            (None, Some(b)) => (b.checked_sub_days(Days::new(span - 1)).unwrap_or(b), b),
            (None, None) => return,
        };
        if first <= last {
            self.set_visible_range(first, last);
        }
    }

    /// Fits the range to the bulk of the shown events (a year up to today without any).
    fn fit_all(&mut self) {
        self.fit_pending = false;
        match self.layout.as_ref().and_then(|l| l.bulk) {
            Some(bulk) => {
                self.range = Some(axis::fitted(bulk));
                self.clamp_range();
            }
            None if self.range.is_none() => {
                let today = day_of(chrono::Local::now().date_naive()) as f64;
                self.range = Some((today - 365.0, today + 30.0));
            }
            None => {}
        }
    }

    /// Keeps the span within bounds and the data in reach.
    fn clamp_range(&mut self) {
        if let Some(range) = self.range {
            self.range = Some(axis::clamped(range, self.extent()));
        }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping `anchor` (a day) where it is; without an anchor,
    /// around the selected event when it is in view, else the middle.
    fn zoom(&mut self, factor: f64, anchor: Option<f64>) {
        let Some((a, b)) = self.range else {
            return;
        };
        let anchor = anchor
            .or(self.selected_day.filter(|d| (a..b).contains(d)))
            .unwrap_or((a + b) / 2.0);
        self.range = Some(axis::zoomed((a, b), factor, anchor));
        self.clamp_range();
    }

    fn pan(&mut self, days: f64) {
        if let Some((a, b)) = self.range {
            self.range = Some((a + days, b + days));
            self.clamp_range();
        }
    }

    fn select(&mut self, i: EventId) -> Nav {
        self.selected = Some(i);
        self.last_focus = Some(i);
        Nav::Timeline(Some(i))
    }

    /// Arrow keys move the selection in date order; +/- zoom. Not while a text field has focus.
    fn keyboard(&mut self, ctx: &egui::Context, k: &Knowledge) -> Option<Nav> {
        if ctx.text_edit_focused() {
            return None;
        }
        let (left, right, zoom_in, zoom_out) = ctx.input_mut(|i| {
            let plain = !i.modifiers.alt && !i.modifiers.command && !i.modifiers.ctrl;
            if !plain {
                return (false, false, false, false);
            }
            (
                i.key_pressed(Key::ArrowLeft),
                i.key_pressed(Key::ArrowRight),
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                i.key_pressed(Key::Minus),
            )
        });
        if zoom_in {
            self.zoom(2.0, None);
        }
        if zoom_out {
            self.zoom(0.5, None);
        }
        if !(left || right) {
            return None;
        }
        let next = match self.selected {
            Some(_) => self.step_from_selected(if right { 1 } else { -1 }),
            None => self.first_in_view(right),
        }?;
        let nav = self.select(next);
        self.centre_on(k, next);
        Some(nav)
    }

    /// The shown event before (`-1`) or after (`1`) the selection.
    fn step_from_selected(&self, dir: i32) -> Option<EventId> {
        let shown = &self.layout.as_ref()?.shown;
        let sel = self.selected?;
        // `shown` is in event order, which is date order.
        let pos = shown.partition_point(|it| it.event < sel);
        let here = shown.get(pos).is_some_and(|it| it.event == sel);
        let target = if dir > 0 {
            if here { pos + 1 } else { pos }
        } else {
            pos.checked_sub(1)?
        };
        shown.get(target).map(|it| it.event)
    }

    /// The first shown event starting in view (`forward`), or the last one starting before the
    /// view's end.
    fn first_in_view(&self, forward: bool) -> Option<EventId> {
        let layout = self.layout.as_ref()?;
        let (a, b) = self.range?;
        let pos = if forward {
            layout.first_from(a.floor() as Day)
        } else {
            layout.first_from(b.ceil() as Day).checked_sub(1)?
        };
        layout.shown.get(pos).map(|it| it.event)
    }
}
