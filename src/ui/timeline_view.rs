//! The timeline view: a horizontal time axis with lanes (by kind or by entity), zoom and pan,
//! filters, a details pane and keyboard navigation.
//!
//! Speed: the view keeps a [`Layout`] built once per `Knowledge` and filter (O(events)); a frame
//! only does binary searches over it. Lanes with few events in view draw each event as a mark
//! (with an accessible, clickable twin and a label where one fits); dense lanes draw per-column
//! density bars counted from sorted start and end days.

use crate::extract::events::EventKind;
use crate::extract::times::{Mod, Precision};
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::knowledge::timeline::{Event, TimelineFilter, parse_date_bound};
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Passage, Route, TimelineFilterInputs};
use chrono::{Datelike, NaiveDate};
use egui::accesskit::Role;
use egui::epaint::Mesh;
use egui::{
    Align2, Color32, CornerRadius, FontId, Id, Key, Pos2, Rect, RichText, Sense, Shape, Stroke,
    StrokeKind, Vec2, WidgetInfo,
};
use std::collections::HashMap;

/// A day as counted by `NaiveDate::num_days_from_ce`; day `d` covers `[d, d + 1)` on the axis.
type Day = i32;

/// The string of `lang`.
fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn day_of(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

fn date_of(day: Day) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// Lanes group events by kind or by the entities taking part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LaneMode {
    #[default]
    Kind,
    Entity,
}

/// Entity lanes shown (the most frequent entities of the filtered events), plus one for the rest.
const ENTITY_LANES: usize = 10;
/// A lane draws single marks when at most this many of its events are in view (and at most one
/// per [`MARK_PX`] of width); denser lanes draw density bars.
const MAX_LANE_MARKS: usize = 120;
const MARK_PX: f32 = 8.0;
/// Width of one density bar.
const BIN_PX: f32 = 2.0;
/// Narrowest and widest visible range, in days.
const MIN_SPAN: f64 = 3.0;
const MAX_SPAN: f64 = 400.0 * 365.25;
/// Events up to this many days long count as precise in density bars; longer ones as spans.
const FINE_DAYS: Day = 7;
/// Upper bounds of the length classes (days): an event is looked up among events of its class,
/// which start at most the class's longest length before the visible range.
const CLASS_BOUNDS: [Day; 7] = [1, 7, 31, 92, 366, 3660, Day::MAX];
const LABEL_GUTTER: f32 = 112.0;
const AXIS_H: f32 = 38.0;
const LABEL_ROW_H: f32 = 15.0;
const MARK_ROW: f32 = 11.0;

/// An event placed on the axis: its index in the timeline and its days `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    event: u32,
    start: Day,
    end: Day,
}

impl Item {
    fn len(&self) -> Day {
        self.end - self.start
    }
}

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

/// Sorted start and end days of a lane's events, to count the events overlapping any range.
#[derive(Debug, Default)]
struct Density {
    starts: Vec<Day>,
    ends: Vec<Day>,
}

/// What a lane holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LaneKey {
    Kind(EventKind),
    Entity(EntityId),
    /// Events with none of the entities that have a lane.
    Rest,
}

#[derive(Debug)]
struct Lane {
    key: LaneKey,
    count: usize,
    classes: Vec<Class>,
    fine: Density,
    coarse: Density,
}

impl Lane {
    fn new(key: LaneKey, items: &[Item]) -> Lane {
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
            d.starts.push(it.start);
            d.ends.push(it.end);
        }
        for c in &mut classes {
            c.items.sort_by_key(|it| (it.start, it.event));
        }
        for d in [&mut fine, &mut coarse] {
            d.starts.sort_unstable();
            d.ends.sort_unstable();
        }
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
    fn candidate_count(&self, a: Day, b: Day) -> usize {
        self.classes.iter().map(|c| c.candidates(a, b).len()).sum()
    }

    /// The events overlapping `[a, b)`, sorted by start.
    fn visible(&self, a: Day, b: Day) -> Vec<Item> {
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

/// The filter inputs of the view (what the text boxes and toggles say) and the lanes mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Inputs {
    filter: TimelineFilterInputs,
    mode: LaneMode,
}

/// Which knowledge a layout was built for: its address and event count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KnowledgeKey {
    addr: usize,
    events: usize,
}

impl KnowledgeKey {
    fn of(k: &Knowledge) -> Self {
        Self {
            addr: std::ptr::from_ref(k) as usize,
            events: k.timeline.events.len(),
        }
    }
}

/// Everything a frame needs, built once per knowledge and filter.
#[derive(Debug)]
struct Layout {
    knowledge: KnowledgeKey,
    inputs: Inputs,
    /// Dated events passing the filter, in timeline (date) order.
    shown: Vec<Item>,
    /// Events passing the filter without a date.
    undated: usize,
    /// Dated events per kind passing every filter but the kind toggles.
    kind_counts: [usize; EventKind::ALL.len()],
    /// Entities the entity box resolved to.
    entity_ids: Vec<EntityId>,
    lanes: Vec<Lane>,
    /// First day and the day after the last day of the shown events.
    extent: Option<(Day, Day)>,
    /// The same without the earliest and latest 0.5 % of a big timeline (misread dates far
    /// from the rest would otherwise squeeze the data into a few pixels when fitting).
    bulk: Option<(Day, Day)>,
}

impl Layout {
    fn build(k: &Knowledge, inputs: &Inputs) -> Layout {
        let filter = inputs.filter.resolve(k);
        let entity_ids: Vec<EntityId> = filter
            .entities
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>();
        let mut any_kind = filter.clone();
        any_kind.kinds.clear();
        let mut kind_counts = [0; EventKind::ALL.len()];
        let mut shown = Vec::new();
        let mut undated = 0;
        for (i, e) in k.timeline.events.iter().enumerate() {
            if !any_kind.matches(e) {
                continue;
            }
            let dated = match (e.start, e.end) {
                (Some(s), Some(end)) => Some(Item {
                    event: i as u32,
                    start: day_of(s),
                    end: day_of(end) + 1,
                }),
                _ => None,
            };
            if dated.is_some()
                && let Some(n) = kind_counts.get_mut(e.kind as usize)
            {
                *n += 1;
            }
            if inputs.filter.kinds_off[e.kind as usize] {
                continue;
            }
            match dated {
                Some(it) => shown.push(it),
                None => undated += 1,
            }
        }
        let lanes = match inputs.mode {
            LaneMode::Kind => kind_lanes(k, &shown),
            LaneMode::Entity => entity_lanes(k, &shown),
        };
        let extent = shown
            .iter()
            .map(|it| (it.start, it.end))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let bulk = if shown.len() < 1000 {
            extent
        } else {
            let cut = shown.len() / 200;
            let lo = shown.get(cut).map(|it| it.start);
            let hi = shown
                .get(shown.len() - 1 - cut)
                .map(|it| it.end.max(it.start + 1));
            lo.zip(hi)
        };
        Layout {
            knowledge: KnowledgeKey::of(k),
            inputs: inputs.clone(),
            shown,
            undated,
            kind_counts,
            entity_ids,
            lanes,
            extent,
            bulk,
        }
    }

    /// Index into `shown` of the first event starting on or after `day`.
    fn first_from(&self, day: Day) -> usize {
        self.shown.partition_point(|it| it.start < day)
    }
}

fn kind_lanes(k: &Knowledge, shown: &[Item]) -> Vec<Lane> {
    let mut per_kind: Vec<Vec<Item>> = EventKind::ALL.iter().map(|_| Vec::new()).collect();
    for &it in shown {
        if let Some(e) = k.timeline.events.get(it.event as usize)
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

fn entity_lanes(k: &Knowledge, shown: &[Item]) -> Vec<Lane> {
    let events = &k.timeline.events;
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for it in shown {
        if let Some(e) = events.get(it.event as usize) {
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
        let Some(e) = events.get(it.event as usize) else {
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

/// The timeline view's state: visible range, lanes mode, filters, selection and the layout cache.
#[derive(Default)]
pub struct TimelineView {
    inputs: Inputs,
    /// Visible days `[start, end)`; `None` until the first frame fits the data.
    range: Option<(f64, f64)>,
    /// Fit the range to the data once the layout is rebuilt.
    fit_pending: bool,
    selected: Option<u32>,
    /// The focus the app passed last frame, to act only when it changes.
    last_focus: Option<u32>,
    layout: Option<Layout>,
    /// Middle day of the selected event: buttons and keys zoom around it when it is in view.
    selected_day: Option<f64>,
}

/// Maps days to x and back on the plot.
#[derive(Debug, Clone, Copy)]
struct Axis {
    a: f64,
    b: f64,
    left: f32,
    width: f32,
}

impl Axis {
    fn x(&self, day: f64) -> f32 {
        let x = self.left as f64 + (day - self.a) / (self.b - self.a) * self.width as f64;
        // Far off-screen positions are clamped so shapes stay finite and small.
        x.clamp(
            self.left as f64 - 1e4,
            (self.left + self.width) as f64 + 1e4,
        ) as f32
    }

    fn day(&self, x: f32) -> f64 {
        self.a + (x - self.left) as f64 / self.width as f64 * (self.b - self.a)
    }

    fn px_per_day(&self) -> f64 {
        self.width as f64 / (self.b - self.a)
    }
}

impl TimelineView {
    /// Draws the whole view into `ui` (the app's central panel). `focus`: index into
    /// `k.timeline.events` to select and centre on (from a date link in the reader, or history).
    /// Returns navigation: selecting an event, opening a source sentence or an entity.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        focus: Option<u32>,
        lang: Lang,
    ) -> Option<Nav> {
        let mut nav = None;
        self.ensure_layout(k);
        self.apply_focus(k, focus);
        self.selected_day = self
            .selected
            .and_then(|i| k.timeline.events.get(i as usize))
            .and_then(|e| Some((day_of(e.start?) as f64 + day_of(e.end?) as f64 + 1.0) / 2.0));

        egui::Panel::top("kanbao.timeline.filters")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 6)),
            )
            .show(ui, |ui| self.filters_ui(ui, k, lang));
        self.ensure_layout(k);
        if self.range.is_none() || self.fit_pending {
            self.fit_all();
        }

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
        if let Some(e) = k.entities.entities.get(entity as usize) {
            self.inputs.filter.entity = e.name.clone();
            self.fit_pending = true;
        }
    }

    /// The selected event (an index into the timeline's events).
    pub fn selected(&self) -> Option<u32> {
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

    pub fn set_lane_mode(&mut self, mode: LaneMode) {
        self.inputs.mode = mode;
    }

    fn ensure_layout(&mut self, k: &Knowledge) {
        let key = KnowledgeKey::of(k);
        let stale = match &self.layout {
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

    fn apply_focus(&mut self, k: &Knowledge, focus: Option<u32>) {
        if focus == self.last_focus {
            return;
        }
        self.last_focus = focus;
        match focus {
            Some(i) if (i as usize) < k.timeline.events.len() => {
                if self.selected != Some(i) {
                    self.selected = Some(i);
                    self.centre_on(k, i);
                }
            }
            _ => self.selected = None,
        }
    }

    /// Centres the range on an event, widening it when the event would not fit.
    fn centre_on(&mut self, k: &Knowledge, i: u32) {
        let Some(e) = k.timeline.events.get(i as usize) else {
            return;
        };
        let (Some(s), Some(end)) = (e.start, e.end) else {
            return;
        };
        let (s, end) = (day_of(s) as f64, day_of(end) as f64 + 1.0);
        let len = end - s;
        let span = match self.range {
            Some((a, b)) if b - a >= len * 1.5 => b - a,
            Some(_) => len * 3.0,
            None => (len * 3.0).max(92.0),
        };
        let mid = (s + end) / 2.0;
        self.range = Some((mid - span / 2.0, mid + span / 2.0));
        self.fit_pending = false;
        self.clamp_range();
    }

    fn fit_all(&mut self) {
        self.fit_pending = false;
        let extent = self.layout.as_ref().and_then(|l| l.bulk);
        let Some((a, b)) = extent else {
            if self.range.is_none() {
                let today = day_of(chrono::Local::now().date_naive()) as f64;
                self.range = Some((today - 365.0, today + 30.0));
            }
            return;
        };
        let (a, b) = (a as f64, b as f64);
        let pad = ((b - a) * 0.04).max(2.0);
        self.range = Some((a - pad, b + pad));
        self.clamp_range();
    }

    /// Keeps the span within bounds and the data in reach.
    fn clamp_range(&mut self) {
        let Some((mut a, mut b)) = self.range else {
            return;
        };
        let extent = self.layout.as_ref().and_then(|l| l.extent);
        let max_span = extent
            .map(|(x, y)| ((y - x) as f64 * 1.5).max(3.0 * 365.25))
            .unwrap_or(MAX_SPAN)
            .min(MAX_SPAN);
        let span = (b - a).clamp(MIN_SPAN, max_span.max(MIN_SPAN));
        let mid = (a + b) / 2.0;
        a = mid - span / 2.0;
        b = mid + span / 2.0;
        if let Some((x, y)) = extent {
            let (x, y) = (x as f64, y as f64);
            // Keep the centre within the data.
            let mid = (a + b) / 2.0;
            let shift = if mid < x {
                x - mid
            } else if mid > y {
                y - mid
            } else {
                0.0
            };
            a += shift;
            b += shift;
        }
        // Stay inside the years chrono can name.
        let lo = day_of(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)) as f64;
        let hi = day_of(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)) as f64;
        if a < lo {
            b += lo - a;
            a = lo;
        }
        if b > hi {
            a -= b - hi;
            b = hi;
        }
        self.range = Some((a, b));
    }

    /// Zooms by `factor` (> 1 zooms in) keeping `anchor` (a day) where it is.
    fn zoom(&mut self, factor: f64, anchor: Option<f64>) {
        let Some((a, b)) = self.range else {
            return;
        };
        let anchor = anchor
            .or(self.selected_day.filter(|d| (a..b).contains(d)))
            .unwrap_or((a + b) / 2.0);
        let span = ((b - a) / factor).clamp(MIN_SPAN, MAX_SPAN);
        let ratio = span / (b - a);
        let na = anchor - (anchor - a) * ratio;
        self.range = Some((na, na + span));
        self.clamp_range();
    }

    fn pan(&mut self, days: f64) {
        if let Some((a, b)) = self.range {
            self.range = Some((a + days, b + days));
            self.clamp_range();
        }
    }

    fn select(&mut self, i: u32) -> Nav {
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
        let layout = self.layout.as_ref()?;
        let shown = &layout.shown;
        let next = match self.selected {
            Some(sel) => {
                // `shown` is in event order, which is date order.
                let pos = shown.partition_point(|it| it.event < sel);
                let here = shown.get(pos).is_some_and(|it| it.event == sel);
                if right {
                    shown.get(if here { pos + 1 } else { pos })
                } else {
                    pos.checked_sub(1).and_then(|p| shown.get(p))
                }
            }
            None => {
                let (a, b) = self.range?;
                if right {
                    shown.get(layout.first_from(a.floor() as Day))
                } else {
                    layout
                        .first_from(b.ceil() as Day)
                        .checked_sub(1)
                        .and_then(|p| shown.get(p))
                }
            }
        }
        .copied()?;
        let nav = self.select(next.event);
        self.centre_on(k, next.event);
        Some(nav)
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, k: &Knowledge, lang: Lang) {
        let Some(layout) = self.layout.as_ref() else {
            return;
        };
        let kind_counts = layout.kind_counts;
        let entity_ids = layout.entity_ids.clone();
        let (shown, undated) = (layout.shown.len(), layout.undated);
        let in_view = self.range.map_or(0, |(a, b)| {
            layout
                .first_from(b.ceil() as Day)
                .saturating_sub(layout.first_from(a.floor() as Day))
        });
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t(lang, "类型", "Kinds")).strong());
            for kind in EventKind::ALL {
                let idx = kind as usize;
                let on = !self.inputs.filter.kinds_off[idx];
                let n = kind_counts.get(idx).copied().unwrap_or(0);
                let text = RichText::new(format!("{} {n}", kind_label(kind, lang)))
                    .color(kind_color(kind, dark));
                let r = ui.selectable_label(on, text).on_hover_text(t(
                    lang,
                    "点击切换；右键只看此类",
                    "Click to toggle; right-click to show only this kind",
                ));
                if r.clicked() {
                    let others_on = EventKind::ALL
                        .iter()
                        .any(|&o| o != kind && !self.inputs.filter.kinds_off[o as usize]);
                    // The last kind shown stays on (an empty kind list means every kind).
                    if !on || others_on {
                        self.inputs.filter.kinds_off[idx] = on;
                    }
                }
                if r.secondary_clicked() {
                    for o in EventKind::ALL {
                        self.inputs.filter.kinds_off[o as usize] = o != kind;
                    }
                }
            }
            if ui.button(t(lang, "全部类型", "All kinds")).clicked() {
                self.inputs.filter.kinds_off = Default::default();
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(t(lang, "分道", "Lanes"));
            ui.selectable_value(
                &mut self.inputs.mode,
                LaneMode::Kind,
                t(lang, "按类型", "By kind"),
            );
            ui.selectable_value(
                &mut self.inputs.mode,
                LaneMode::Entity,
                t(lang, "按实体", "By entity"),
            );
            ui.separator();
            let entity = ui.add(
                egui::TextEdit::singleline(&mut self.inputs.filter.entity)
                    .id_salt("kanbao.timeline.entity")
                    .hint_text(t(lang, "实体", "Entity"))
                    .desired_width(110.0),
            );
            let entity_hint = if self.inputs.filter.entity.trim().is_empty() {
                None
            } else if entity_ids.is_empty() {
                Some(
                    t(
                        lang,
                        "无此实体，按文字匹配",
                        "No such entity; matching the text",
                    )
                    .to_string(),
                )
            } else {
                let names: Vec<&str> = entity_ids
                    .iter()
                    .take(3)
                    .filter_map(|&id| k.entities.entities.get(id as usize))
                    .map(|e| e.name.as_str())
                    .collect();
                Some(names.join("、"))
            };
            if let Some(h) = entity_hint {
                entity.on_hover_text(h);
            }
            ui.label(t(lang, "从", "From"));
            date_box(
                ui,
                &mut self.inputs.filter.from,
                "kanbao.timeline.from",
                false,
                lang,
            );
            ui.label(t(lang, "到", "To"));
            date_box(
                ui,
                &mut self.inputs.filter.to,
                "kanbao.timeline.to",
                true,
                lang,
            );
            ui.add(
                egui::TextEdit::singleline(&mut self.inputs.filter.text)
                    .id_salt("kanbao.timeline.text")
                    .hint_text(t(lang, "文字", "Text"))
                    .desired_width(130.0),
            );
            if ui.button(t(lang, "清除筛选", "Clear filters")).clicked() {
                self.inputs.filter = TimelineFilterInputs::default();
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("-")
                .on_hover_text(t(lang, "缩小（-）", "Zoom out (-)"))
                .clicked()
            {
                self.zoom(0.5, None);
            }
            if ui
                .button("+")
                .on_hover_text(t(lang, "放大（+）", "Zoom in (+)"))
                .clicked()
            {
                self.zoom(2.0, None);
            }
            if ui.button(t(lang, "全部", "Fit all")).clicked() {
                self.fit_all();
            }
            ui.separator();
            let total = k.timeline.events.len();
            ui.label(counts_text(lang, shown, total, undated, in_view));
            if let Some((a, b)) = self.visible_range() {
                ui.weak(format!("{a} – {b}"));
            }
        });
    }

    /// Details of the selected event and the list of events starting in view.
    fn side_ui(&mut self, ui: &mut egui::Ui, k: &Knowledge, lang: Lang) -> Option<Nav> {
        let mut nav = None;
        let full = ui.available_height();
        if let Some(e) = self
            .selected
            .and_then(|i| k.timeline.events.get(i as usize))
        {
            egui::ScrollArea::vertical()
                .id_salt("kanbao.timeline.details.scroll")
                .max_height(full * 0.6)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(n) = self.details_ui(ui, k, e, lang) {
                        nav = Some(n);
                    }
                });
            ui.separator();
        } else {
            ui.weak(t(
                lang,
                "点击事件查看详情。←/→ 切换事件，+/- 缩放，滚轮缩放，拖动平移。",
                "Click an event for its details. ←/→ move between events, +/- zoom, wheel zooms, drag pans.",
            ));
            ui.separator();
        }
        let Some(layout) = self.layout.as_ref() else {
            return nav;
        };
        let Some((a, b)) = self.range else {
            return nav;
        };
        let lo = layout.first_from(a.floor() as Day);
        let hi = layout.first_from(b.ceil() as Day).max(lo);
        let items = layout.shown.get(lo..hi).unwrap_or_default();
        ui.label(RichText::new(in_view_text(lang, items.len())).strong());
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let dark = ui.visuals().dark_mode;
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("kanbao.timeline.list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, items.len(), |ui, rows| {
                for it in items.get(rows).unwrap_or_default() {
                    let Some(e) = k.timeline.events.get(it.event as usize) else {
                        continue;
                    };
                    let sel = self.selected == Some(it.event);
                    if list_row(ui, e, sel, row_h, dark).clicked() {
                        clicked = Some(it.event);
                    }
                }
            });
        if let Some(i) = clicked {
            nav = Some(self.select(i));
        }
        nav
    }

    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        e: &Event,
        lang: Lang,
    ) -> Option<Nav> {
        let mut nav = None;
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(&e.title).size(17.0).strong());
        egui::Grid::new("kanbao.timeline.details.grid")
            .num_columns(2)
            .spacing([10.0, 3.0])
            .show(ui, |ui| {
                ui.weak(t(lang, "日期", "Date"));
                ui.label(&e.value);
                ui.end_row();
                if let (Some(s), Some(end)) = (e.start, e.end)
                    && s != end
                {
                    ui.weak(t(lang, "范围", "Covers"));
                    ui.label(format!("{s} – {end}"));
                    ui.end_row();
                }
                ui.weak(t(lang, "精度", "Precision"));
                ui.label(precision_label(e.precision, lang));
                ui.end_row();
                if e.modifier != Mod::None {
                    ui.weak(t(lang, "限定", "Qualifier"));
                    ui.label(mod_label(e.modifier, lang));
                    ui.end_row();
                }
                ui.weak(t(lang, "类型", "Kind"));
                ui.label(RichText::new(kind_label(e.kind, lang)).color(kind_color(e.kind, dark)));
                ui.end_row();
            });
        if !e.entities.is_empty() {
            ui.add_space(4.0);
            ui.weak(t(lang, "参与实体", "Entities"));
            ui.horizontal_wrapped(|ui| {
                for &id in &e.entities {
                    let Some(ent) = k.entities.entities.get(id as usize) else {
                        continue;
                    };
                    if ui
                        .button(&ent.name)
                        .on_hover_text(t(lang, "打开实体页", "Open the entity's page"))
                        .clicked()
                    {
                        nav = Some(Nav::Go(Route::Entity(id)));
                    }
                }
            });
        }
        ui.add_space(4.0);
        ui.weak(sources_text(lang, e.sources.len()));
        for s in &e.sources {
            let title = k
                .articles()
                .get(s.article as usize)
                .map(|a| a.title.as_str())
                .unwrap_or_default();
            ui.label(RichText::new(title).small().strong());
            if ui
                .add(egui::Link::new(&s.sentence))
                .on_hover_text(t(
                    lang,
                    "在文章中打开此句",
                    "Open this sentence in its article",
                ))
                .clicked()
            {
                nav = Some(Nav::Go(Route::Passage(Passage {
                    article: s.article,
                    part: s.part,
                    index: s.index as u32,
                    start: s.start as u32,
                    end: s.end as u32,
                })));
            }
            ui.add_space(2.0);
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui.button(t(lang, "← 上一个", "← Previous")).clicked()
                && let Some(i) = self.step_from_selected(-1)
            {
                nav = Some(self.select(i));
                self.centre_on(k, i);
            }
            if ui.button(t(lang, "下一个 →", "Next →")).clicked()
                && let Some(i) = self.step_from_selected(1)
            {
                nav = Some(self.select(i));
                self.centre_on(k, i);
            }
        });
        nav
    }

    /// The shown event before (`-1`) or after (`1`) the selection.
    fn step_from_selected(&self, dir: i32) -> Option<u32> {
        let shown = &self.layout.as_ref()?.shown;
        let sel = self.selected?;
        let pos = shown.partition_point(|it| it.event < sel);
        let here = shown.get(pos).is_some_and(|it| it.event == sel);
        let target = if dir > 0 {
            if here { pos + 1 } else { pos }
        } else {
            pos.checked_sub(1)?
        };
        shown.get(target).map(|it| it.event)
    }

    /// The axis, the lanes and their marks or density bars.
    fn canvas_ui(&mut self, ui: &mut egui::Ui, k: &Knowledge, lang: Lang) -> Option<Nav> {
        let size = ui.available_size().max(Vec2::new(200.0, 120.0));
        let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
        let rect = response.rect;
        let plot = Rect::from_min_max(
            Pos2::new(rect.left() + LABEL_GUTTER, rect.top()),
            Pos2::new(rect.right() - 4.0, rect.bottom() - AXIS_H),
        );
        if plot.width() < 20.0 || plot.height() < 20.0 {
            return None;
        }
        // Input: drag pans, wheel and pinch zoom around the pointer, horizontal wheel pans.
        if let Some((a, b)) = self.range {
            let days_per_px = (b - a) / plot.width() as f64;
            let dx = response.drag_delta().x;
            if dx != 0.0 {
                self.pan(-dx as f64 * days_per_px);
            }
            if response.hovered() {
                let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta(), i.zoom_delta()));
                let pointer = response.hover_pos().map(|p| p.x);
                let axis = Axis {
                    a,
                    b,
                    left: plot.left(),
                    width: plot.width(),
                };
                let anchor = pointer.map(|x| axis.day(x));
                let factor = zoom as f64 * (scroll.y as f64 * 0.004).exp();
                if (factor - 1.0).abs() > 1e-4 {
                    self.zoom(factor, anchor);
                }
                if scroll.x != 0.0 {
                    self.pan(-scroll.x as f64 * days_per_px);
                }
            }
            if response.double_clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                let axis = Axis {
                    a,
                    b,
                    left: plot.left(),
                    width: plot.width(),
                };
                self.zoom(2.0, Some(axis.day(p.x)));
            }
        }
        let (a, b) = self.range?;
        let axis = Axis {
            a,
            b,
            left: plot.left(),
            width: plot.width(),
        };
        let visuals = ui.visuals().clone();
        let dark = visuals.dark_mode;
        let text_color = visuals.text_color();
        let weak = visuals.weak_text_color();
        let grid = visuals.widgets.noninteractive.bg_stroke.color;
        painter.rect_filled(plot, 0.0, visuals.extreme_bg_color);
        draw_axis(
            &painter,
            &axis,
            plot,
            rect.bottom(),
            grid,
            text_color,
            weak,
            lang,
        );

        let layout = self.layout.as_ref()?;
        let n = layout.lanes.len();
        if n == 0 {
            painter.text(
                plot.center(),
                Align2::CENTER_CENTER,
                t(lang, "没有符合条件的事件", "No events match"),
                FontId::proportional(15.0),
                weak,
            );
            return None;
        }
        let lane_h = (plot.height() / n as f32).max(22.0);
        let (da, db) = (a.floor() as Day, b.ceil() as Day);
        let mut clicked: Option<u32> = None;
        let mut entity_click: Option<EntityId> = None;
        let mut dense_click = false;
        let pointer = response.interact_pointer_pos();
        let max_marks = MAX_LANE_MARKS.min((plot.width() / MARK_PX) as usize);
        for (li, lane) in layout.lanes.iter().enumerate() {
            let top = plot.top() + li as f32 * lane_h;
            if top >= plot.bottom() {
                break;
            }
            let lane_rect = Rect::from_min_max(
                Pos2::new(plot.left(), top),
                Pos2::new(plot.right(), (top + lane_h).min(plot.bottom())),
            );
            if li % 2 == 1 {
                painter.rect_filled(lane_rect, 0.0, visuals.faint_bg_color.gamma_multiply(0.6));
            }
            painter.hline(plot.x_range(), lane_rect.bottom(), Stroke::new(0.5, grid));
            // Lane label in the gutter.
            let label_rect = Rect::from_min_max(
                Pos2::new(rect.left(), top),
                Pos2::new(plot.left() - 4.0, lane_rect.bottom()),
            );
            if let Some(id) = lane_label(ui, &painter, k, lane, label_rect, lang, dark) {
                entity_click = Some(id);
            }
            let lane_color = match lane.key {
                LaneKey::Kind(kind) => kind_color(kind, dark),
                _ => visuals.hyperlink_color,
            };
            // The candidate count bounds the visible count from above.
            if lane.candidate_count(da, db) <= max_marks {
                let items = lane.visible(da, db);
                let hit = draw_marks(
                    ui,
                    &painter,
                    k,
                    &axis,
                    lane_rect,
                    &items,
                    self.selected,
                    li,
                    lang,
                );
                if hit.is_some() {
                    clicked = hit;
                }
            } else {
                draw_density(&painter, &axis, lane_rect, lane, lane_color, weak, lang);
                if response.clicked() && pointer.is_some_and(|p| lane_rect.contains(p)) {
                    dense_click = true;
                }
            }
        }
        // The selection's day across all lanes.
        if let Some(e) = self
            .selected
            .and_then(|i| k.timeline.events.get(i as usize))
            && let (Some(s), Some(end)) = (e.start, e.end)
        {
            let x = axis.x((day_of(s) as f64 + day_of(end) as f64 + 1.0) / 2.0);
            if plot.x_range().contains(x) {
                painter.vline(
                    x,
                    plot.y_range(),
                    Stroke::new(1.0, visuals.selection.stroke.color.gamma_multiply(0.35)),
                );
            }
        }
        // Hover: the day under the pointer.
        if let Some(p) = response.hover_pos()
            && plot.x_range().contains(p.x)
            && let Some(d) = date_of(axis.day(p.x).floor() as Day)
        {
            painter.vline(p.x, plot.y_range(), Stroke::new(0.5, weak));
            painter.text(
                Pos2::new(p.x + 3.0, plot.top() + 1.0),
                Align2::LEFT_TOP,
                d.to_string(),
                FontId::proportional(11.0),
                weak,
            );
        }
        if dense_click && let Some(p) = pointer {
            self.zoom(4.0, Some(axis.day(p.x)));
        }
        if let Some(id) = entity_click {
            return Some(Nav::Go(Route::Entity(id)));
        }
        clicked.map(|i| self.select(i))
    }
}

/// A date bound box; red text when it does not parse.
fn date_box(ui: &mut egui::Ui, text: &mut String, id: &str, last_day: bool, lang: Lang) {
    let bad = !text.trim().is_empty() && parse_date_bound(text, last_day).is_none();
    let mut edit = egui::TextEdit::singleline(text)
        .id_salt(id)
        .hint_text("2024-11")
        .desired_width(86.0);
    if bad {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    let r = ui.add(edit);
    if bad {
        r.on_hover_text(t(
            lang,
            "日期格式：2024、2024-11 或 2024-11-04",
            "Date as 2024, 2024-11 or 2024-11-04",
        ));
    }
}

/// One row of the in-view list: date and title, selectable.
fn list_row(
    ui: &mut egui::Ui,
    e: &Event,
    selected: bool,
    row_h: f32,
    dark: bool,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, row_h), Sense::click());
    let label = format!("{} {}", e.value, e.title);
    response.widget_info(|| WidgetInfo::selected(Role::ListItem, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if selected {
            ui.painter()
                .rect_filled(rect, 2.0, visuals.selection.bg_fill);
        } else if response.hovered() {
            ui.painter().rect_filled(rect, 2.0, visuals.faint_bg_color);
        }
        let c = kind_color(e.kind, dark);
        ui.painter()
            .circle_filled(Pos2::new(rect.left() + 5.0, rect.center().y), 3.5, c);
        let font = FontId::proportional(13.0);
        let date = ui.painter().text(
            Pos2::new(rect.left() + 13.0, rect.center().y),
            Align2::LEFT_CENTER,
            &e.value,
            font.clone(),
            visuals.weak_text_color(),
        );
        let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
        painter.text(
            Pos2::new(date.right() + 6.0, rect.center().y),
            Align2::LEFT_CENTER,
            &e.title,
            font,
            visuals.text_color(),
        );
    }
    response
}

/// Draws a lane's label; a click on an entity lane's label opens the entity.
fn lane_label(
    ui: &egui::Ui,
    painter: &egui::Painter,
    k: &Knowledge,
    lane: &Lane,
    rect: Rect,
    lang: Lang,
    dark: bool,
) -> Option<EntityId> {
    let visuals = ui.visuals();
    let (name, color) = match lane.key {
        LaneKey::Kind(kind) => (kind_label(kind, lang).to_string(), kind_color(kind, dark)),
        LaneKey::Entity(id) => (
            k.entities
                .entities
                .get(id as usize)
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            visuals.hyperlink_color,
        ),
        LaneKey::Rest => (
            t(lang, "其他", "Others").to_string(),
            visuals.weak_text_color(),
        ),
    };
    let clip = painter.with_clip_rect(rect);
    let name_rect = clip.text(
        Pos2::new(rect.left() + 4.0, rect.top() + 3.0),
        Align2::LEFT_TOP,
        &name,
        FontId::proportional(13.0),
        color,
    );
    if rect.height() >= 30.0 {
        clip.text(
            Pos2::new(rect.left() + 4.0, name_rect.bottom() + 1.0),
            Align2::LEFT_TOP,
            lane.count.to_string(),
            FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
    }
    if let LaneKey::Entity(id) = lane.key {
        let r = ui.interact(
            name_rect,
            Id::unique(("kanbao.timeline.lane", id)),
            Sense::click(),
        );
        r.widget_info(|| WidgetInfo::labeled(Role::Link, true, &name));
        if r.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        if r.clicked() {
            return Some(id);
        }
    }
    None
}

/// Short text drawn next to a mark: the qualifier and the title, cut to a few chars.
fn mark_label(e: &Event) -> String {
    const MAX_CHARS: usize = 14;
    let prefix = match e.modifier {
        Mod::Approx => "~",
        Mod::Before | Mod::Until => "‹",
        Mod::After | Mod::Since => "›",
        _ => "",
    };
    let mut title: String = e.title.chars().take(MAX_CHARS).collect();
    if e.title.chars().nth(MAX_CHARS).is_some() {
        title.push('…');
    }
    format!("{prefix}{title}")
}

/// Draws one lane's events as marks with labels that do not overlap; returns a clicked event.
#[allow(clippy::too_many_arguments)]
fn draw_marks(
    ui: &egui::Ui,
    painter: &egui::Painter,
    k: &Knowledge,
    axis: &Axis,
    lane: Rect,
    items: &[Item],
    selected: Option<u32>,
    lane_index: usize,
    lang: Lang,
) -> Option<u32> {
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let clip = painter.with_clip_rect(lane.intersect(painter.clip_rect()));
    let y = lane.top() + MARK_ROW;
    let rows = (((lane.height() - MARK_ROW - 8.0) / LABEL_ROW_H)
        .floor()
        .max(0.0)) as usize;
    let mut row_end = vec![f32::NEG_INFINITY; rows];
    let font = FontId::proportional(12.0);
    let mut fades = Mesh::default();
    let mut clicked = None;
    for it in items {
        let Some(e) = k.timeline.events.get(it.event as usize) else {
            continue;
        };
        let color = kind_color(e.kind, dark);
        let (s, end) = narrowed(it, e.modifier);
        let x0 = axis.x(s);
        let x1 = axis.x(end);
        let is_span = x1 - x0 >= 4.0;
        let mark = if is_span {
            Rect::from_min_max(Pos2::new(x0, y - 4.0), Pos2::new(x1, y + 4.0))
        } else {
            Rect::from_center_size(Pos2::new((x0 + x1) / 2.0, y), Vec2::splat(9.0))
        };
        // Fuzzy qualifiers: a fading extension on the side the date is open to.
        let ext = ((x1 - x0) * 0.5).clamp(14.0, 40.0);
        let faded = color.gamma_multiply(0.0);
        let band = |x_from: f32, x_to: f32| {
            Rect::from_min_max(Pos2::new(x_from, y - 2.5), Pos2::new(x_to, y + 2.5))
        };
        match e.modifier {
            Mod::Before | Mod::Until => fade_rect(
                &mut fades,
                band(mark.left() - ext, mark.left()),
                faded,
                color,
            ),
            Mod::After | Mod::Since => fade_rect(
                &mut fades,
                band(mark.right(), mark.right() + ext),
                color,
                faded,
            ),
            Mod::Approx => {
                let ext = ext * 0.5;
                fade_rect(
                    &mut fades,
                    band(mark.left() - ext, mark.left()),
                    faded,
                    color,
                );
                fade_rect(
                    &mut fades,
                    band(mark.right(), mark.right() + ext),
                    color,
                    faded,
                );
            }
            _ => {}
        }
        if is_span {
            clip.rect(
                mark,
                CornerRadius::same(3),
                color.gamma_multiply(0.45),
                Stroke::new(1.0, color),
                StrokeKind::Inside,
            );
        } else {
            clip.circle_filled(mark.center(), 4.5, color);
        }
        if selected == Some(it.event) {
            clip.rect_stroke(
                mark.expand(3.0),
                CornerRadius::same(5),
                Stroke::new(2.0, visuals.selection.stroke.color),
                StrokeKind::Outside,
            );
        }
        // The clickable, accessible twin of the mark.
        let hit = mark.expand2(Vec2::new(3.0, 3.0)).intersect(lane);
        if hit.width() > 0.0 && hit.height() > 0.0 {
            let id = Id::unique(("kanbao.timeline.mark", lane_index, it.event));
            let r = ui.interact(hit, id, Sense::click());
            let label = format!("{} {}", e.value, e.title);
            r.widget_info(|| {
                WidgetInfo::selected(Role::Button, true, selected == Some(it.event), &label)
            });
            if r.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            let r = r.on_hover_text(hover_text(e, lang));
            if r.clicked() {
                clicked = Some(it.event);
            }
        }
        // Label: first row it fits in, else dropped.
        if rows > 0 {
            let galley = clip.layout_no_wrap(mark_label(e), font.clone(), visuals.text_color());
            let w = galley.size().x;
            // Near the right edge the label ends at the edge instead of being cut.
            let lx = mark
                .left()
                .min(lane.right() - w - 2.0)
                .max(lane.left() + 1.0);
            if let Some(r) = row_end.iter().position(|&end| end + 6.0 <= lx) {
                let ly = y + 7.0 + r as f32 * LABEL_ROW_H;
                clip.galley(Pos2::new(lx, ly), galley, visuals.text_color());
                if let Some(end) = row_end.get_mut(r) {
                    *end = lx + w;
                }
            }
        }
    }
    if !fades.is_empty() {
        clip.add(Shape::mesh(fades));
    }
    clicked
}

/// The days a mark covers: the part of the period a qualifier names (early, mid, late).
fn narrowed(it: &Item, m: Mod) -> (f64, f64) {
    let (s, e) = (it.start as f64, it.end as f64);
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

/// A rectangle whose colour goes from `left` to `right`.
fn fade_rect(mesh: &mut Mesh, r: Rect, left: Color32, right: Color32) {
    let i = mesh.vertices.len() as u32;
    mesh.colored_vertex(r.left_top(), left);
    mesh.colored_vertex(r.right_top(), right);
    mesh.colored_vertex(r.right_bottom(), right);
    mesh.colored_vertex(r.left_bottom(), left);
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

fn hover_text(e: &Event, lang: Lang) -> String {
    let qualifier = if e.modifier == Mod::None {
        String::new()
    } else {
        format!(" {}", mod_label(e.modifier, lang))
    };
    format!(
        "{}{qualifier} · {} · {}\n{}",
        e.value,
        kind_label(e.kind, lang),
        precision_label(e.precision, lang),
        e.title
    )
}

/// Per-column counts of the lane's events overlapping each column: precise events solid,
/// spans (longer than a week) lighter, stacked; heights on a log scale of the lane's maximum.
fn draw_density(
    painter: &egui::Painter,
    axis: &Axis,
    lane: Rect,
    l: &Lane,
    color: Color32,
    weak: Color32,
    lang: Lang,
) {
    let bins = ((lane.width() / BIN_PX).ceil() as usize).max(1);
    let mut fine = vec![0u32; bins];
    let mut coarse = vec![0u32; bins];
    count_bins(&l.fine, axis, lane.left(), &mut fine);
    count_bins(&l.coarse, axis, lane.left(), &mut coarse);
    let max = fine
        .iter()
        .zip(&coarse)
        .map(|(a, b)| a + b)
        .max()
        .unwrap_or(0);
    if max == 0 {
        return;
    }
    let full = (lane.height() - 6.0).max(4.0);
    let scale = full / (1.0 + max as f32).ln();
    let h = |c: u32| (1.0 + c as f32).ln() * scale;
    let mut mesh = Mesh::default();
    let light = color.gamma_multiply(0.35);
    for (i, (&f, &c)) in fine.iter().zip(&coarse).enumerate() {
        if f + c == 0 {
            continue;
        }
        let x = lane.left() + i as f32 * BIN_PX;
        let right = (x + BIN_PX).min(lane.right());
        let total = h(f + c);
        let solid = h(f);
        if c > 0 {
            mesh.add_colored_rect(
                Rect::from_min_max(
                    Pos2::new(x, lane.bottom() - total),
                    Pos2::new(right, lane.bottom() - solid),
                ),
                light,
            );
        }
        if f > 0 {
            mesh.add_colored_rect(
                Rect::from_min_max(
                    Pos2::new(x, lane.bottom() - solid),
                    Pos2::new(right, lane.bottom()),
                ),
                color,
            );
        }
    }
    painter.add(Shape::mesh(mesh));
    painter.text(
        Pos2::new(lane.right() - 4.0, lane.top() + 2.0),
        Align2::RIGHT_TOP,
        density_text(lang, max, BIN_PX as f64 / axis.px_per_day()),
        FontId::proportional(11.0),
        weak,
    );
}

/// Counts, per bin of `BIN_PX` pixels from `left`, the events `[start, end)` overlapping it:
/// `#(start < bin end) - #(end <= bin start)`, walking both sorted lists forward once.
fn count_bins(d: &Density, axis: &Axis, left: f32, out: &mut [u32]) {
    if d.starts.is_empty() {
        return;
    }
    let (mut si, mut ei) = (0usize, 0usize);
    for (i, slot) in out.iter_mut().enumerate() {
        let x = left + i as f32 * BIN_PX;
        let t0 = axis.day(x).floor();
        let t1 = axis.day(x + BIN_PX).ceil();
        let (t0, t1) = (
            t0.clamp(Day::MIN as f64, Day::MAX as f64) as Day,
            t1.clamp(Day::MIN as f64, Day::MAX as f64) as Day,
        );
        si = seek(&d.starts, si, t1);
        // Ends are exclusive: an event ending at or before t0 no longer overlaps.
        ei = seek(&d.ends, ei, t0.saturating_add(1));
        *slot = si.saturating_sub(ei) as u32;
    }
}

/// The first index at or after `from` whose value is `>= x` in sorted `v` (galloping forward,
/// so a sweep of increasing `x` costs O(log gap) per step).
fn seek(v: &[Day], from: usize, x: Day) -> usize {
    let mut lo = from.min(v.len());
    if v.get(lo).is_none_or(|&y| y >= x) {
        return lo;
    }
    let mut step = 1usize;
    let mut hi = lo + 1;
    while hi < v.len() && v.get(hi).is_some_and(|&y| y < x) {
        lo = hi;
        step *= 2;
        hi = (lo + step).min(v.len());
    }
    // v[lo] < x and (hi == len or v[hi] >= x).
    let hi = hi.min(v.len());
    lo + 1
        + v.get(lo + 1..hi)
            .map_or(0, |s| s.partition_point(|&y| y < x))
}

/// Tick spacing on the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Days(i32),
    Months(i32),
    Years(i32),
}

const STEPS: [Step; 16] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
];

impl Step {
    fn days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Months(n) => n as f64 * 30.44,
            Step::Years(n) => n as f64 * 365.25,
        }
    }

    /// The finest step whose ticks are at least `min_px` apart.
    fn choose(px_per_day: f64, min_px: f64) -> Step {
        STEPS
            .into_iter()
            .find(|s| s.days() * px_per_day >= min_px)
            .unwrap_or(Step::Years(500))
    }
}

/// One tick: its day, its label, and the label of the coarser unit where that unit changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tick {
    day: Day,
    label: String,
    context: Option<String>,
}

/// Ticks of `step` within days `[a, b]`.
fn ticks(a: Day, b: Day, step: Step, lang: Lang) -> Vec<Tick> {
    let mut out = Vec::new();
    let Some(first) = date_of(a) else {
        return out;
    };
    match step {
        Step::Days(n) => {
            let mut d = a.div_euclid(n) * n;
            if d < a {
                d += n;
            }
            let mut last_month = None;
            while d <= b {
                if let Some(date) = date_of(d) {
                    let month = (date.year(), date.month());
                    let context = (last_month != Some(month))
                        .then(|| format!("{}-{:02}", date.year(), date.month()));
                    last_month = Some(month);
                    let label = match lang {
                        Lang::Zh => format!("{}日", date.day()),
                        Lang::En => date.day().to_string(),
                    };
                    out.push(Tick {
                        day: d,
                        label,
                        context,
                    });
                }
                d += n;
            }
        }
        Step::Months(n) => {
            let mut m = first.year() * 12 + first.month0() as i32;
            m = m.div_euclid(n) * n;
            let mut last_year = None;
            loop {
                let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
                let Some(date) = NaiveDate::from_ymd_opt(y, mo, 1) else {
                    break;
                };
                let d = day_of(date);
                if d > b {
                    break;
                }
                if d >= a {
                    let context = (last_year != Some(y)).then(|| y.to_string());
                    last_year = Some(y);
                    let label = match lang {
                        Lang::Zh => format!("{mo}月"),
                        Lang::En => MONTHS_EN
                            .get(mo as usize - 1)
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                    };
                    out.push(Tick {
                        day: d,
                        label,
                        context,
                    });
                }
                m += n;
            }
        }
        Step::Years(n) => {
            let mut y = first.year().div_euclid(n) * n;
            while let Some(date) = NaiveDate::from_ymd_opt(y, 1, 1) {
                let d = day_of(date);
                if d > b {
                    break;
                }
                if d >= a {
                    out.push(Tick {
                        day: d,
                        label: y.to_string(),
                        context: None,
                    });
                }
                y += n;
            }
        }
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[allow(clippy::too_many_arguments)]
fn draw_axis(
    painter: &egui::Painter,
    axis: &Axis,
    plot: Rect,
    bottom: f32,
    grid: Color32,
    text: Color32,
    weak: Color32,
    lang: Lang,
) {
    let step = Step::choose(axis.px_per_day(), 64.0);
    let (a, b) = (axis.a.floor() as Day, axis.b.ceil() as Day);
    let font = FontId::proportional(12.0);
    painter.hline(plot.x_range(), plot.bottom(), Stroke::new(1.0, weak));
    let mut last_context_right = f32::NEG_INFINITY;
    for tick in ticks(a, b, step, lang) {
        let x = axis.x(tick.day as f64);
        if !plot.x_range().contains(x) {
            continue;
        }
        painter.vline(x, plot.y_range(), Stroke::new(0.5, grid));
        painter.vline(
            x,
            plot.bottom()..=plot.bottom() + 4.0,
            Stroke::new(1.0, weak),
        );
        painter.text(
            Pos2::new(x + 2.0, plot.bottom() + 4.0),
            Align2::LEFT_TOP,
            &tick.label,
            font.clone(),
            text,
        );
        if let Some(c) = tick.context
            && x > last_context_right
        {
            let r = painter.text(
                Pos2::new(x + 2.0, bottom - 2.0),
                Align2::LEFT_BOTTOM,
                c,
                font.clone(),
                weak,
            );
            last_context_right = r.right() + 8.0;
        }
    }
}

/// Colour of a kind's marks, legible on the light and the dark background.
pub fn kind_color(kind: EventKind, dark: bool) -> Color32 {
    let (light, dark_c) = match kind {
        EventKind::Launch => ((0xc8, 0x4b, 0x22), (0xff, 0x8f, 0x66)),
        EventKind::Landing => ((0x23, 0x7a, 0x3b), (0x6c, 0xd0, 0x82)),
        EventKind::Spacewalk => ((0x75, 0x4c, 0xb4), (0xb8, 0x9c, 0xf2)),
        EventKind::Docking => ((0x13, 0x80, 0x90), (0x5c, 0xcf, 0xdc)),
        EventKind::Meeting => ((0x2f, 0x5f, 0x9e), (0x82, 0xaa, 0xe6)),
        EventKind::Visit => ((0xa8, 0x62, 0x00), (0xf0, 0xb4, 0x5a)),
        EventKind::Policy => ((0x8e, 0x2c, 0x5c), (0xe6, 0x88, 0xb6)),
        EventKind::Founding => ((0x5a, 0x78, 0x12), (0xb2, 0xd2, 0x6a)),
        EventKind::Record => ((0xb0, 0x2e, 0x2e), (0xf2, 0x7c, 0x7c)),
        EventKind::Statement => ((0x4f, 0x5a, 0x6a), (0xaa, 0xb4, 0xc2)),
        EventKind::Other => ((0x78, 0x74, 0x6c), (0xa4, 0xa0, 0x98)),
    };
    let (r, g, b) = if dark { dark_c } else { light };
    Color32::from_rgb(r, g, b)
}

pub fn kind_label(kind: EventKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => kind.label_zh(),
        Lang::En => match kind {
            EventKind::Launch => "Launch",
            EventKind::Landing => "Landing",
            EventKind::Spacewalk => "Spacewalk",
            EventKind::Docking => "Docking",
            EventKind::Meeting => "Meeting",
            EventKind::Visit => "Visit",
            EventKind::Policy => "Policy",
            EventKind::Founding => "Founding",
            EventKind::Record => "Record",
            EventKind::Statement => "Statement",
            EventKind::Other => "Other",
        },
    }
}

fn precision_label(p: Precision, lang: Lang) -> &'static str {
    match p {
        Precision::Year => t(lang, "年", "year"),
        Precision::Month => t(lang, "月", "month"),
        Precision::Day => t(lang, "日", "day"),
        Precision::Hour => t(lang, "时段", "part of day"),
        Precision::Minute => t(lang, "分钟", "minute"),
        Precision::Quarter => t(lang, "季度", "quarter"),
        Precision::Decade => t(lang, "年代", "decade"),
        Precision::Interval => t(lang, "区间", "interval"),
        Precision::Duration => t(lang, "时长", "duration"),
        Precision::Vague => t(lang, "模糊", "vague"),
    }
}

fn mod_label(m: Mod, lang: Lang) -> &'static str {
    match m {
        Mod::None => "",
        Mod::Before => t(lang, "之前", "before"),
        Mod::After => t(lang, "之后", "after"),
        Mod::Since => t(lang, "以来", "since"),
        Mod::Until => t(lang, "截至", "until"),
        Mod::Approx => t(lang, "左右", "approximately"),
        Mod::Start => t(lang, "初", "early"),
        Mod::Mid => t(lang, "中", "mid"),
        Mod::End => t(lang, "末", "late"),
    }
}

fn counts_text(lang: Lang, shown: usize, total: usize, undated: usize, in_view: usize) -> String {
    match lang {
        Lang::Zh => {
            format!("显示 {shown} / 共 {total} 个事件 · 视图内 {in_view} · 无日期 {undated}")
        }
        Lang::En => format!("{shown} of {total} events · {in_view} in view · {undated} undated"),
    }
}

fn in_view_text(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("视图内的事件（{n}）"),
        Lang::En => format!("Events in view ({n})"),
    }
}

fn sources_text(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("来源句（{n}）"),
        Lang::En => format!("Source sentences ({n})"),
    }
}

/// The density legend: the most events overlapping one bar, and how many days a bar spans.
fn density_text(lang: Lang, max: u32, days_per_bin: f64) -> String {
    let span = if days_per_bin >= 1.5 {
        format!("{days_per_bin:.0}")
    } else {
        format!("{days_per_bin:.1}")
    };
    match lang {
        Lang::Zh => format!("每条 {span} 天，最多 {max} 个"),
        Lang::En => format!("{span} d per bar, max {max}"),
    }
}

/// A compact timeline of some events (the entity page's "its events"): a small axis strip with
/// the events as marks plus a short list; clicking an event opens it on the timeline.
pub fn mini_timeline_ui(
    ui: &mut egui::Ui,
    k: &Knowledge,
    events: &[u32],
    lang: Lang,
) -> Option<Nav> {
    const LIST_MAX: usize = 12;
    let mut nav = None;
    let dark = ui.visuals().dark_mode;
    let mut dated: Vec<(u32, Day, Day)> = events
        .iter()
        .filter_map(|&i| {
            let e = k.timeline.events.get(i as usize)?;
            Some((i, day_of(e.start?), day_of(e.end?) + 1))
        })
        .collect();
    dated.sort_by_key(|&(i, s, _)| (s, i));
    let width = ui.available_width().max(120.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 46.0), Sense::hover());
    if let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.1).min(),
        dated.iter().map(|d| d.2).max(),
    ) {
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 3.0, visuals.extreme_bg_color);
        let pad = ((last - first) as f64 * 0.05).max(2.0);
        let axis = Axis {
            a: first as f64 - pad,
            b: last as f64 + pad,
            left: rect.left() + 4.0,
            width: rect.width() - 8.0,
        };
        let base = rect.bottom() - 16.0;
        painter.hline(
            rect.x_range(),
            base,
            Stroke::new(1.0, visuals.weak_text_color()),
        );
        let step = Step::choose(axis.px_per_day(), 70.0);
        for tick in ticks(axis.a.floor() as Day, axis.b.ceil() as Day, step, lang) {
            let x = axis.x(tick.day as f64);
            painter.vline(
                x,
                base..=base + 3.0,
                Stroke::new(1.0, visuals.weak_text_color()),
            );
            let label = match (step, tick.context) {
                (Step::Years(_), _) => tick.label,
                (_, Some(c)) => c,
                (_, None) => tick.label,
            };
            painter.text(
                Pos2::new(x + 2.0, base + 2.0),
                Align2::LEFT_TOP,
                label,
                FontId::proportional(11.0),
                visuals.weak_text_color(),
            );
        }
        // Marks: stacked when they overlap, so several on one day stay visible.
        let mut stack_end = [f32::NEG_INFINITY; 3];
        for (n, &(i, s, end)) in dated.iter().enumerate() {
            let Some(e) = k.timeline.events.get(i as usize) else {
                continue;
            };
            let (x0, x1) = (axis.x(s as f64), axis.x(end as f64));
            let row = stack_end
                .iter()
                .position(|&r| r + 2.0 <= x0)
                .unwrap_or(n % stack_end.len());
            if let Some(r) = stack_end.get_mut(row) {
                *r = x1.max(x0 + 6.0);
            }
            let y = rect.top() + 7.0 + row as f32 * 8.0;
            let color = kind_color(e.kind, dark);
            let mark = if x1 - x0 >= 4.0 {
                Rect::from_min_max(Pos2::new(x0, y - 3.0), Pos2::new(x1, y + 3.0))
            } else {
                Rect::from_center_size(Pos2::new((x0 + x1) / 2.0, y), Vec2::splat(7.0))
            };
            painter.rect_filled(mark, 3.0, color);
            if dated.len() <= 400 {
                let r = ui.interact(
                    mark.expand(2.0),
                    Id::unique(("kanbao.mini.mark", i)),
                    Sense::click(),
                );
                let label = format!("{} {}", e.value, e.title);
                r.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
                if r.on_hover_text(hover_text(e, lang)).clicked() {
                    nav = Some(Nav::Timeline(Some(i)));
                }
            }
        }
    } else {
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            t(lang, "没有带日期的事件", "No dated events"),
            FontId::proportional(13.0),
            ui.visuals().weak_text_color(),
        );
    }
    for &(i, _, _) in dated.iter().take(LIST_MAX) {
        let Some(e) = k.timeline.events.get(i as usize) else {
            continue;
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&e.value)
                    .small()
                    .color(kind_color(e.kind, dark)),
            );
            if ui.link(&e.title).clicked() {
                nav = Some(Nav::Timeline(Some(i)));
            }
        });
    }
    if dated.len() > LIST_MAX {
        ui.weak(match lang {
            Lang::Zh => format!("另有 {} 个事件", dated.len() - LIST_MAX),
            Lang::En => format!("{} more events", dated.len() - LIST_MAX),
        });
    }
    nav
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Day {
        day_of(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
    }

    #[test]
    fn seek_finds_the_first_value_not_below_x() {
        let v = [1, 3, 3, 5, 8, 13, 21];
        for from in 0..v.len() {
            for x in -1..25 {
                let want = from.max(v.partition_point(|&y| y < x));
                let got = seek(&v, from, x);
                // From a later start the answer cannot be before `from`.
                assert_eq!(got, want, "from {from} x {x}");
            }
        }
        assert_eq!(seek(&[], 0, 4), 0);
    }

    #[test]
    fn bins_count_events_overlapping_each_column() {
        // A day event, a month event and a year event.
        let items = [
            Item {
                event: 0,
                start: d(2024, 11, 4),
                end: d(2024, 11, 5),
            },
            Item {
                event: 1,
                start: d(2024, 11, 1),
                end: d(2024, 12, 1),
            },
            Item {
                event: 2,
                start: d(2024, 1, 1),
                end: d(2025, 1, 1),
            },
        ];
        let lane = Lane::new(LaneKey::Rest, &items);
        assert_eq!(lane.fine.starts.len(), 1);
        assert_eq!(lane.coarse.starts.len(), 2);
        // One bin per day across November 2024 (BIN_PX px per day).
        let a = d(2024, 11, 1) as f64;
        let axis = Axis {
            a,
            b: a + 30.0,
            left: 0.0,
            width: 30.0 * BIN_PX,
        };
        let mut fine = vec![0; 30];
        let mut coarse = vec![0; 30];
        count_bins(&lane.fine, &axis, 0.0, &mut fine);
        count_bins(&lane.coarse, &axis, 0.0, &mut coarse);
        assert_eq!(fine.iter().sum::<u32>(), 1);
        assert_eq!(fine[3], 1, "{fine:?}");
        assert!(coarse.iter().all(|&c| c == 2), "{coarse:?}");
    }

    #[test]
    fn visible_items_include_long_events_started_before_the_range() {
        let items = [
            Item {
                event: 0,
                start: d(2023, 1, 1),
                end: d(2024, 1, 1),
            },
            Item {
                event: 1,
                start: d(2023, 6, 1),
                end: d(2023, 6, 2),
            },
            Item {
                event: 2,
                start: d(2023, 7, 1),
                end: d(2023, 7, 2),
            },
        ];
        let lane = Lane::new(LaneKey::Rest, &items);
        let got: Vec<u32> = lane
            .visible(d(2023, 6, 15), d(2023, 8, 1))
            .iter()
            .map(|it| it.event)
            .collect();
        assert_eq!(got, vec![0, 2]);
        assert!(lane.candidate_count(d(2023, 6, 15), d(2023, 8, 1)) >= 2);
    }

    #[test]
    fn tick_steps_follow_the_zoom() {
        assert_eq!(Step::choose(40.0, 64.0), Step::Days(2));
        assert_eq!(Step::choose(3.0, 64.0), Step::Months(1));
        assert_eq!(Step::choose(0.2, 64.0), Step::Years(1));
        assert_eq!(Step::choose(0.001, 64.0), Step::Years(200));
        let months = ticks(d(2024, 10, 15), d(2025, 2, 10), Step::Months(1), Lang::En);
        let labels: Vec<&str> = months.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Nov", "Dec", "Jan", "Feb"]);
        assert_eq!(months[0].context.as_deref(), Some("2024"));
        assert_eq!(months[1].context, None);
        assert_eq!(months[2].context.as_deref(), Some("2025"));
        let days = ticks(d(2024, 11, 3), d(2024, 11, 5), Step::Days(1), Lang::Zh);
        let labels: Vec<&str> = days.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["3日", "4日", "5日"]);
        let years = ticks(d(1949, 10, 1), d(2030, 1, 1), Step::Years(20), Lang::Zh);
        let labels: Vec<&str> = years.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1960", "1980", "2000", "2020"]);
    }

    #[test]
    fn qualifiers_narrow_the_period() {
        let oct = Item {
            event: 0,
            start: d(2024, 10, 1),
            end: d(2024, 11, 1),
        };
        let (s, e) = narrowed(&oct, Mod::End);
        assert!((e - s - 31.0 / 3.0).abs() < 1e-9);
        assert_eq!(e, d(2024, 11, 1) as f64);
        assert_eq!(
            narrowed(&oct, Mod::Approx),
            (oct.start as f64, oct.end as f64)
        );
    }
}
