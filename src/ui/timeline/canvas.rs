//! The plot: pan and zoom input, the date axis, the lanes with their labels, marks or density
//! bars, and the selection and hover lines.

use super::TimelineView;
use super::axis::Axis;
use super::lanes::{Lane, LaneKey};
use super::marks::{MarkPainter, draw_density};
use crate::extract::events::Relation;
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::timeline_chart::{Day, Step, date_of, day_of, ticks};
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Route};
use crate::ui::theme::kind_color;
use egui::accesskit::Role;
use egui::{Align2, Color32, FontId, Id, Pos2, Rect, Sense, Stroke, Vec2, WidgetInfo};

/// A lane draws single marks when at most this many of its events are in view (and at most one
/// per [`MARK_PX`] of width); denser lanes draw density bars.
const MAX_LANE_MARKS: usize = 120;
const MARK_PX: f32 = 8.0;
/// Width of the lane labels left of the plot, and height of the axis below it.
const LABEL_GUTTER: f32 = 112.0;
const AXIS_H: f32 = 38.0;
/// Least distance between two axis ticks, in pixels.
const TICK_GAP: f64 = 64.0;

/// What a click in the lanes asked for.
#[derive(Default)]
struct LaneClicks {
    event: Option<EventId>,
    entity: Option<EntityId>,
    /// A click on density bars: zoom in there.
    dense: bool,
}

impl TimelineView {
    /// The axis, the lanes and their marks or density bars.
    pub(super) fn canvas_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Knowledge,
        lang: Lang,
    ) -> Option<Nav> {
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
        self.pan_and_zoom(ui, &response, plot);
        let axis = Axis::new(self.range?, plot.left(), plot.width());
        let visuals = ui.visuals().clone();
        let weak = visuals.weak_text_color();
        painter.rect_filled(plot, 0.0, visuals.extreme_bg_color);
        draw_axis(&painter, &axis, plot, rect.bottom(), &visuals, lang);

        let layout = self.layout.as_ref()?;
        if layout.lanes.is_empty() {
            painter.text(
                plot.center(),
                Align2::CENTER_CENTER,
                lang.tr().no_matching_events,
                FontId::proportional(15.0),
                weak,
            );
            let hidden: usize = Relation::ALL
                .into_iter()
                .filter(|&r| !self.inputs.filter.shows(r))
                .filter_map(|r| layout.relation_counts.get(r as usize))
                .sum();
            if hidden > 0 {
                painter.text(
                    plot.center() + Vec2::new(0.0, 22.0),
                    Align2::CENTER_CENTER,
                    lang.hidden_by_relation(hidden),
                    FontId::proportional(13.0),
                    weak,
                );
            }
            return None;
        }
        let clicks = self.lanes_ui(ui, &painter, &response, k, &axis, plot, lang);
        self.draw_selection_line(&painter, k, &axis, plot, &visuals);
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
        if clicks.dense
            && let Some(p) = response.interact_pointer_pos()
        {
            self.zoom(4.0, Some(axis.day(p.x)));
        }
        if let Some(id) = clicks.entity {
            return Some(Nav::Go(Route::Entity(id)));
        }
        clicks.event.map(|i| self.select(i))
    }

    /// Drag pans, wheel and pinch zoom around the pointer, horizontal wheel pans, double click
    /// zooms in.
    fn pan_and_zoom(&mut self, ui: &egui::Ui, response: &egui::Response, plot: Rect) {
        let Some(range) = self.range else {
            return;
        };
        let axis = Axis::new(range, plot.left(), plot.width());
        let days_per_px = (range.1 - range.0) / plot.width() as f64;
        let dx = response.drag_delta().x;
        if dx != 0.0 {
            self.pan(-dx as f64 * days_per_px);
        }
        if response.hovered() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta(), i.zoom_delta()));
            let anchor = response.hover_pos().map(|p| axis.day(p.x));
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
            self.zoom(2.0, Some(axis.day(p.x)));
        }
    }

    /// Draws every lane that fits: its background, label, and marks or density bars.
    #[allow(clippy::too_many_arguments)]
    fn lanes_ui(
        &self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        response: &egui::Response,
        k: &Knowledge,
        axis: &Axis,
        plot: Rect,
        lang: Lang,
    ) -> LaneClicks {
        let mut clicks = LaneClicks::default();
        let Some(layout) = self.layout.as_ref() else {
            return clicks;
        };
        let visuals = ui.visuals();
        let dark = visuals.dark_mode;
        let grid = visuals.widgets.noninteractive.bg_stroke.color;
        let lane_h = (plot.height() / layout.lanes.len() as f32).max(22.0);
        let (da, db) = (axis.a.floor() as Day, axis.b.ceil() as Day);
        let pointer = response.interact_pointer_pos();
        let max_marks = MAX_LANE_MARKS.min((plot.width() / MARK_PX) as usize);
        let marks = MarkPainter {
            ui,
            painter,
            k,
            axis,
            selected: self.selected,
            lang,
        };
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
            let label_rect = Rect::from_min_max(
                Pos2::new(response.rect.left(), top),
                Pos2::new(plot.left() - 4.0, lane_rect.bottom()),
            );
            if let Some(id) = lane_label(ui, painter, k, lane, label_rect, lang) {
                clicks.entity = Some(id);
            }
            // The candidate count bounds the visible count from above.
            if lane.candidate_count(da, db) <= max_marks {
                let items = lane.visible(da, db);
                if let Some(i) = marks.draw(lane_rect, &items, li) {
                    clicks.event = Some(i);
                }
            } else {
                let lane_color = match lane.key {
                    LaneKey::Kind(kind) => kind_color(kind, dark),
                    _ => visuals.hyperlink_color,
                };
                let weak = visuals.weak_text_color();
                draw_density(painter, axis, lane_rect, lane, lane_color, weak, lang);
                if response.clicked() && pointer.is_some_and(|p| lane_rect.contains(p)) {
                    clicks.dense = true;
                }
            }
        }
        clicks
    }

    /// The selection's day, across all lanes.
    fn draw_selection_line(
        &self,
        painter: &egui::Painter,
        k: &Knowledge,
        axis: &Axis,
        plot: Rect,
        visuals: &egui::Visuals,
    ) {
        if let Some(e) = self.selected.and_then(|i| k.timeline.events.get(i.index()))
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
    }
}

/// The date axis under the plot: grid lines, tick labels, and the coarser unit's label (month or
/// year) where it changes, along the bottom.
fn draw_axis(
    painter: &egui::Painter,
    axis: &Axis,
    plot: Rect,
    bottom: f32,
    visuals: &egui::Visuals,
    lang: Lang,
) {
    let grid: Color32 = visuals.widgets.noninteractive.bg_stroke.color;
    let (text, weak) = (visuals.text_color(), visuals.weak_text_color());
    let step = Step::choose(axis.px_per_day(), TICK_GAP);
    let (a, b) = (axis.a.floor() as Day, axis.b.ceil() as Day);
    let font = FontId::proportional(12.0);
    painter.hline(plot.x_range(), plot.bottom(), Stroke::new(1.0, weak));
    let mut last_context_right = f32::NEG_INFINITY;
    for tick in ticks(a, b, step) {
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
            lang.tick_label(&tick),
            font.clone(),
            text,
        );
        if let Some(c) = tick.context()
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

/// Draws a lane's label and count; a click on an entity lane's label opens the entity.
fn lane_label(
    ui: &egui::Ui,
    painter: &egui::Painter,
    k: &Knowledge,
    lane: &Lane,
    rect: Rect,
    lang: Lang,
) -> Option<EntityId> {
    let visuals = ui.visuals();
    let (name, color) = match lane.key {
        LaneKey::Kind(kind) => (
            lang.event_kind(kind).to_string(),
            kind_color(kind, visuals.dark_mode),
        ),
        LaneKey::Entity(id) => (
            k.entities
                .entities
                .get(id.index())
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            visuals.hyperlink_color,
        ),
        LaneKey::Rest => (
            lang.tr().other_entities_lane.to_string(),
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
    let LaneKey::Entity(id) = lane.key else {
        return None;
    };
    let r = ui.interact(
        name_rect,
        Id::unique(("kanbao.timeline.lane", id)),
        Sense::click(),
    );
    r.widget_info(|| WidgetInfo::labeled(Role::Link, true, &name));
    if r.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    r.clicked().then_some(id)
}
