//! Drawing one lane: its events as marks (with fading ends for open qualifiers, a clickable and
//! accessible twin, and labels that do not overlap) or, when dense, as density bars.

use super::axis::Axis;
use super::density::BIN_PX;
use super::lanes::Lane;
use super::layout::Item;
use crate::extract::events::Relation;
use crate::extract::times::Mod;
use crate::ids::EventId;
use crate::knowledge::Knowledge;
use crate::knowledge::timeline::Event;
use crate::ui::i18n::Lang;
use crate::ui::theme::kind_color;
use egui::accesskit::Role;
use egui::epaint::Mesh;
use egui::{
    Align2, Color32, CornerRadius, FontId, Id, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2,
    WidgetInfo,
};

/// Height of one row of mark labels, and where the marks sit below the lane's top.
const LABEL_ROW_H: f32 = 15.0;
const MARK_ROW: f32 = 11.0;

/// What the marks of one lane are drawn with.
pub(super) struct MarkPainter<'a> {
    pub ui: &'a egui::Ui,
    pub painter: &'a egui::Painter,
    pub k: &'a Knowledge,
    pub axis: &'a Axis,
    pub selected: Option<EventId>,
    pub lang: Lang,
}

impl MarkPainter<'_> {
    /// Draws one lane's events as marks with labels that do not overlap; returns a clicked event.
    pub fn draw(&self, lane: Rect, items: &[Item], lane_index: usize) -> Option<EventId> {
        let clip = self
            .painter
            .with_clip_rect(lane.intersect(self.painter.clip_rect()));
        let rows = (((lane.height() - MARK_ROW - 8.0) / LABEL_ROW_H)
            .floor()
            .max(0.0)) as usize;
        let mut row_end = vec![f32::NEG_INFINITY; rows];
        let mut fades = Mesh::default();
        let mut clicked = None;
        for it in items {
            let Some(e) = self.k.timeline.events.get(it.event.index()) else {
                continue;
            };
            let mark = self.draw_mark(&clip, &mut fades, lane, it, e);
            if self.interact(mark, lane, lane_index, it.event, e) {
                clicked = Some(it.event);
            }
            self.place_label(&clip, lane, mark, e, &mut row_end);
        }
        if !fades.is_empty() {
            clip.add(Shape::mesh(fades));
        }
        clicked
    }

    /// Draws one event's mark (a dot, or a bar for a span) and its fading ends; returns its rect.
    fn draw_mark(
        &self,
        clip: &egui::Painter,
        fades: &mut Mesh,
        lane: Rect,
        it: &Item,
        e: &Event,
    ) -> Rect {
        let visuals = self.ui.visuals();
        let color = kind_color(e.kind, visuals.dark_mode);
        let y = lane.top() + MARK_ROW;
        let (s, end) = it.narrowed(e.modifier);
        let (x0, x1) = (self.axis.x(s), self.axis.x(end));
        let is_span = x1 - x0 >= 4.0;
        let mark = if is_span {
            Rect::from_min_max(Pos2::new(x0, y - 4.0), Pos2::new(x1, y + 4.0))
        } else {
            Rect::from_center_size(Pos2::new((x0 + x1) / 2.0, y), Vec2::splat(9.0))
        };
        fuzzy_ends(
            fades,
            mark,
            ((x1 - x0) * 0.5).clamp(14.0, 40.0),
            e.modifier,
            color,
        );
        if is_span {
            relation_bar(clip, mark, color, e.relation);
        } else {
            relation_dot(clip, mark.center(), 4.5, color, e.relation);
        }
        if self.selected == Some(it.event) {
            clip.rect_stroke(
                mark.expand(3.0),
                CornerRadius::same(5),
                Stroke::new(2.0, visuals.selection.stroke.color),
                StrokeKind::Outside,
            );
        }
        mark
    }

    /// Draws a mark's label in the first row below the marks where it fits, else not at all;
    /// `row_end` holds where each row's last label ends.
    fn place_label(
        &self,
        clip: &egui::Painter,
        lane: Rect,
        mark: Rect,
        e: &Event,
        row_end: &mut [f32],
    ) {
        if row_end.is_empty() {
            return;
        }
        let text_color = self.ui.visuals().text_color();
        let galley = clip.layout_no_wrap(mark_label(e), FontId::proportional(12.0), text_color);
        let w = galley.size().x;
        // Near the right edge the label ends at the edge instead of being cut.
        let lx = mark
            .left()
            .min(lane.right() - w - 2.0)
            .max(lane.left() + 1.0);
        if let Some(r) = row_end.iter().position(|&end| end + 6.0 <= lx) {
            let ly = lane.top() + MARK_ROW + 7.0 + r as f32 * LABEL_ROW_H;
            clip.galley(Pos2::new(lx, ly), galley, text_color);
            if let Some(end) = row_end.get_mut(r) {
                *end = lx + w;
            }
        }
    }

    /// The clickable, accessible twin of a mark; true when clicked.
    fn interact(
        &self,
        mark: Rect,
        lane: Rect,
        lane_index: usize,
        event: EventId,
        e: &Event,
    ) -> bool {
        let hit = mark.expand2(Vec2::new(3.0, 3.0)).intersect(lane);
        if hit.width() <= 0.0 || hit.height() <= 0.0 {
            return false;
        }
        let id = Id::unique(("kanbao.timeline.mark", lane_index, event));
        let r = self.ui.interact(hit, id, Sense::click());
        let label = format!("{} {}", self.lang.event_date(e), e.title);
        let selected = self.selected == Some(event);
        r.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
        if r.hovered() {
            self.ui
                .ctx()
                .set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        r.on_hover_text(hover_text(e, self.lang)).clicked()
    }
}

/// Width of the outline of recalled and planned marks.
const OUTLINE: f32 = 1.5;
/// Reported bars narrower than this are filled solid.
const SOLID_BAR_PX: f32 = 12.0;

/// An event's dot as its relation draws it: reported filled, recalled hollow, planned a ring of
/// dots. The plot, the list of events, the mini timeline and the legend of the relation
/// toggles all draw dots so.
pub(super) fn relation_dot(
    painter: &egui::Painter,
    centre: Pos2,
    radius: f32,
    color: Color32,
    relation: Relation,
) {
    let ring = radius - OUTLINE / 2.0;
    match relation {
        Relation::Reported => {
            painter.circle_filled(centre, radius, color);
        }
        Relation::Recalled => {
            painter.circle_stroke(centre, ring, Stroke::new(OUTLINE, color));
        }
        Relation::Planned => {
            // A ring of dots (◌): a dashed ring this small reads as a cog.
            let dots = ((std::f32::consts::TAU * ring / 3.0).round() as usize).max(6);
            for i in 0..dots {
                let angle = i as f32 * std::f32::consts::TAU / dots as f32;
                painter.circle_filled(centre + ring * Vec2::angled(angle), OUTLINE * 0.6, color);
            }
        }
    }
}

/// An event's bar (a span of days) as its relation draws it: reported filled and outlined (solid
/// when short), recalled faintly filled, planned with a dashed outline and no fill.
pub(super) fn relation_bar(painter: &egui::Painter, bar: Rect, color: Color32, relation: Relation) {
    // A short bar light inside would read as a hollow, recalled mark.
    let solid = bar.width() < SOLID_BAR_PX;
    let (fill, stroke) = match relation {
        Relation::Reported if solid => (color, Stroke::NONE),
        Relation::Reported => (color.gamma_multiply(0.45), Stroke::new(1.0, color)),
        Relation::Recalled => (color.gamma_multiply(0.12), Stroke::new(OUTLINE, color)),
        Relation::Planned => {
            let r = bar.shrink(OUTLINE / 2.0);
            let points = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            painter.extend(Shape::dashed_line(
                &points,
                Stroke::new(OUTLINE, color),
                4.0,
                3.0,
            ));
            return;
        }
    };
    painter.rect(bar, CornerRadius::same(3), fill, stroke, StrokeKind::Inside);
}

/// Fuzzy qualifiers: a band of length `ext` fading out on the side the date is open to.
fn fuzzy_ends(fades: &mut Mesh, mark: Rect, ext: f32, m: Mod, color: Color32) {
    let y = mark.center().y;
    let faded = color.gamma_multiply(0.0);
    let band = |x_from: f32, x_to: f32| {
        Rect::from_min_max(Pos2::new(x_from, y - 2.5), Pos2::new(x_to, y + 2.5))
    };
    match m {
        Mod::Before | Mod::Until => {
            fade_rect(fades, band(mark.left() - ext, mark.left()), faded, color);
        }
        Mod::After | Mod::Since => {
            fade_rect(fades, band(mark.right(), mark.right() + ext), color, faded);
        }
        Mod::Approx => {
            let ext = ext * 0.5;
            fade_rect(fades, band(mark.left() - ext, mark.left()), faded, color);
            fade_rect(fades, band(mark.right(), mark.right() + ext), color, faded);
        }
        _ => {}
    }
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

/// An event's tooltip: its date with the qualifier, kind, relation and precision, then the
/// title.
pub(super) fn hover_text(e: &Event, lang: Lang) -> String {
    format!(
        "{} · {} · {} · {}\n{}",
        lang.event_date(e),
        lang.event_kind(e.kind),
        lang.relation(e.relation),
        lang.precision(e.precision),
        e.title
    )
}

/// Per-bar counts of the lane's events overlapping each bar: precise events solid, spans
/// (longer than a week) lighter, stacked; heights on a log scale of the lane's maximum.
pub(super) fn draw_density(
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
    l.fine.count_bins(axis, lane.left(), &mut fine);
    l.coarse.count_bins(axis, lane.left(), &mut coarse);
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
    // The legend sits over the bars' right end: on a backdrop of the panel's colour, so that
    // neither hides the other's reading.
    let legend = lang.density_legend(max, BIN_PX as f64 / axis.px_per_day());
    let galley = painter.layout_no_wrap(legend, FontId::proportional(11.0), weak);
    let rect = Align2::RIGHT_TOP
        .anchor_size(
            Pos2::new(lane.right() - 4.0, lane.top() + 2.0),
            galley.size(),
        )
        .expand2(egui::vec2(3.0, 0.0));
    let backdrop = painter.ctx().global_style().visuals.panel_fill;
    painter.rect_filled(rect, 3.0, backdrop.gamma_multiply(0.85));
    painter.galley(rect.min + egui::vec2(3.0, 0.0), galley, weak);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::events::EventKind;
    use crate::extract::times::Precision;

    fn event(title: &str, modifier: Mod) -> Event {
        Event {
            id: "ev0".into(),
            value: "2024-11".into(),
            precision: Precision::Month,
            modifier,
            start: None,
            end: None,
            kind: EventKind::Meeting,
            relation: Relation::Reported,
            salience: 1.0,
            title: title.into(),
            sources: Vec::new(),
            entities: Vec::new(),
        }
    }

    #[test]
    fn mark_labels_show_open_qualifiers_and_cut_long_titles() {
        assert_eq!(mark_label(&event("会见", Mod::Approx)), "~会见");
        assert_eq!(mark_label(&event("会见", Mod::Since)), "›会见");
        let long = "一二三四五六七八九十一二三四五六";
        assert_eq!(
            mark_label(&event(long, Mod::None)),
            "一二三四五六七八九十一二三四…"
        );
    }

    #[test]
    fn hover_text_names_qualifier_kind_relation_and_precision() {
        assert_eq!(
            hover_text(&event("会见", Mod::Approx), Lang::Zh),
            "2024-11 前后 · 会见 · 报道 · 月\n会见"
        );
        let mut recalled = event("Talks", Mod::None);
        recalled.relation = Relation::Recalled;
        assert_eq!(
            hover_text(&recalled, Lang::En),
            "2024-11 · Meeting · Recalled · month\nTalks"
        );
    }
}
