//! The co-occurrence network around an entity: its top neighbours (most shared articles) of
//! one group or all, within a date range, as circles sized by mentions around it, joined by
//! lines as wide as the articles they share (and, if asked, the lines among the neighbours).
//! [`build_network`] counts and lays out (plain data, run on a worker: 习近平's 66,788
//! mentions take longer than a frame); [`network_ui`] draws it, a click opens a node's page.

use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::knowledge::timeline::parse_date_bound;
use crate::ui::analysis::EntityGroup;
use crate::ui::date_box::date_bound_box;
use crate::ui::force_layout::{self, Edge};
use crate::ui::i18n::Lang;
use crate::ui::theme;
use egui::{Align2, FontId, Sense, Stroke};

/// The choices over the network, as its controls say them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetworkQuery {
    /// Only neighbours of this group; `None` for all.
    pub group: Option<EntityGroup>,
    /// Date bounds as typed (`2019`, `2019-11`, `2019-11-04`) over the shared articles' dates.
    pub from: String,
    pub to: String,
    /// How many neighbours to draw.
    pub size: usize,
    /// Also draw the lines among the neighbours.
    pub links_among: bool,
}

impl Default for NetworkQuery {
    fn default() -> Self {
        Self {
            group: None,
            from: String::new(),
            to: String::new(),
            size: 20,
            links_among: true,
        }
    }
}

/// The neighbour counts the size control offers.
pub const SIZES: [usize; 4] = [10, 20, 40, 60];

/// One circle: the entity, its mentions in the bundle, the articles it shares with the centre
/// (the centre's own articles in range for the centre), its radius and place in layout units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    pub entity: EntityId,
    pub mentions: u32,
    pub shared: u32,
    pub radius: f32,
    pub pos: [f32; 2],
}

/// A line between two nodes (indexes into `nodes`) and the articles they share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    pub shared: u32,
}

/// The network drawn: node 0 is the centre.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    /// Neighbours passing the filter before the top ones were taken.
    pub neighbours: usize,
}

/// Radii of the smallest and the largest circle, in layout units (drawn as pixels at scale 1).
const MIN_RADIUS: f32 = 5.0;
const MAX_RADIUS: f32 = 22.0;

/// The network of `centre` under `query`: counted, then laid out (deterministically: the seed
/// is the centre's id). A date bound that does not parse filters nothing; with a bound,
/// undated articles drop out.
pub fn build_network(k: &Knowledge, centre: EntityId, query: &NetworkQuery) -> Network {
    let Some(c) = k.entities.entities.get(centre.index()) else {
        return Network::default();
    };
    let from = parse_date_bound(&query.from, false);
    let to = parse_date_bound(&query.to, true);
    let in_range = |a: crate::bundle::ArticleId| {
        if from.is_none() && to.is_none() {
            return true;
        }
        k.article(a)
            .and_then(|x| x.date)
            .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
    };
    let all = k.entities.co_occurring_where(centre, in_range, |e| {
        query.group.is_none_or(|g| EntityGroup::of(e) == g)
    });
    let neighbours = all.len();
    let top = &all[..all.len().min(query.size)];
    let articles = c.articles.iter().filter(|&&a| in_range(a)).count() as u32;
    let mut nodes = vec![Node {
        entity: centre,
        mentions: c.count,
        shared: articles,
        radius: MAX_RADIUS,
        pos: [0.0, 0.0],
    }];
    nodes.extend(top.iter().map(|&(id, shared)| Node {
        entity: id,
        mentions: k.entities.entities.get(id.index()).map_or(0, |e| e.count),
        shared,
        radius: MIN_RADIUS,
        pos: [0.0, 0.0],
    }));
    // Area by mentions among the neighbours: the centre is always the largest.
    let most = nodes
        .iter()
        .skip(1)
        .map(|n| n.mentions)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    for n in nodes.iter_mut().skip(1) {
        let share = (n.mentions as f32 / most).sqrt();
        n.radius = MIN_RADIUS + (MAX_RADIUS - 4.0 - MIN_RADIUS) * share;
    }
    let mut links: Vec<Link> = (1..nodes.len())
        .map(|b| Link {
            a: 0,
            b,
            shared: nodes[b].shared,
        })
        .collect();
    if query.links_among {
        let ids: Vec<EntityId> = top.iter().map(|&(id, _)| id).collect();
        links.extend(
            k.entities
                .shared_among(centre, &ids, in_range)
                .into_iter()
                .map(|(i, j, shared)| Link {
                    a: i + 1,
                    b: j + 1,
                    shared,
                }),
        );
    }
    let radii: Vec<f32> = nodes.iter().map(|n| n.radius).collect();
    let edges: Vec<Edge> = links
        .iter()
        .map(|l| Edge {
            a: l.a,
            b: l.b,
            weight: (l.shared as f32).ln_1p(),
        })
        .collect();
    let laid = force_layout::layout(&radii, &edges, u64::from(centre.get()), true);
    for (n, p) in nodes.iter_mut().zip(laid.positions) {
        n.pos = p;
    }
    Network {
        nodes,
        links,
        neighbours,
    }
}

/// What a click on the network asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkAction {
    Open(EntityId),
    Compare(EntityId),
}

/// Label of a node's button (tests click it): its name and the articles it shares.
pub fn node_label(name: &str, shared: u32, lang: Lang) -> String {
    format!("{name} {}", lang.articles(shared as usize))
}

/// Draws `network` in the width available and `height`: lines, then circles in their group's
/// colour with names beside; a hovered node shows its counts, a click opens it, the context
/// menu adds it to the comparison.
pub fn network_ui(
    ui: &mut egui::Ui,
    k: &Knowledge,
    network: &Network,
    height: f32,
    lang: Lang,
) -> Option<NetworkAction> {
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), Sense::hover());
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 6.0, theme::paper(&visuals));
    let fit = Fit::new(network, rect.shrink(12.0))?;
    let at = |i: usize| network.nodes.get(i).map(|n| fit.point(n.pos));
    let most = network
        .links
        .iter()
        .map(|l| l.shared)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let line = visuals.weak_text_color();
    for l in &network.links {
        let (Some(p), Some(q)) = (at(l.a), at(l.b)) else {
            continue;
        };
        let share = (l.shared as f32).ln_1p() / most.ln_1p();
        let alpha = if l.a == 0 { 0.45 } else { 0.2 };
        let stroke = Stroke::new(0.6 + 4.0 * share, line.gamma_multiply(alpha + 0.3 * share));
        painter.line_segment([p, q], stroke);
    }
    let mut action = None;
    for (i, n) in network.nodes.iter().enumerate() {
        let Some(e) = k.entities.entities.get(n.entity.index()) else {
            continue;
        };
        let centre = fit.point(n.pos);
        let r = (n.radius * fit.scale.min(1.0)).max(3.0);
        let color = theme::entity_color(&visuals, EntityGroup::of(e));
        let hit = egui::Rect::from_center_size(centre, egui::vec2(2.0 * r, 2.0 * r));
        let response = ui.interact(
            hit,
            ui.scope_id().with(("kanbao.network.node", i)),
            Sense::click(),
        );
        let label = node_label(&e.name, n.shared, lang);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let fill = if response.hovered() {
            color
        } else {
            color.gamma_multiply(0.75)
        };
        painter.circle(centre, r, fill, Stroke::new(1.0, visuals.panel_fill));
        let size = if i == 0 { 15.0 } else { 12.0 };
        painter.text(
            centre + egui::vec2(r + 3.0, 0.0),
            Align2::LEFT_CENTER,
            &e.name,
            FontId::proportional(size),
            if i == 0 {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            },
        );
        let tip = lang.node_counts(&e.name, n.mentions as usize, n.shared as usize);
        let response = response.on_hover_text(tip);
        if response.clicked() && i > 0 {
            action = Some(NetworkAction::Open(n.entity));
        }
        response.context_menu(|ui| {
            let r = lang.relations();
            if ui.button(r.open_page).clicked() {
                action = Some(NetworkAction::Open(n.entity));
                ui.close();
            }
            if ui.button(r.add_to_comparison).clicked() {
                action = Some(NetworkAction::Compare(n.entity));
                ui.close();
            }
        });
    }
    action
}

/// Layout units to screen points: the nodes' bounding box (with their radii) scaled uniformly
/// into a rectangle less room for the labels on the right, spread out at most [`MAX_SPREAD`]
/// times (circles keep their size when spread, shrink with the layout when it shrinks).
struct Fit {
    scale: f32,
    offset: egui::Vec2,
}

/// Room kept right of the nodes for their names, in points.
const LABEL_ROOM: f32 = 70.0;
/// The most a layout is spread out to fill its canvas.
const MAX_SPREAD: f32 = 4.0;

impl Fit {
    fn new(network: &Network, into: egui::Rect) -> Option<Fit> {
        let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
        for n in &network.nodes {
            min[0] = min[0].min(n.pos[0] - n.radius);
            min[1] = min[1].min(n.pos[1] - n.radius);
            max[0] = max[0].max(n.pos[0] + n.radius);
            max[1] = max[1].max(n.pos[1] + n.radius);
        }
        let into = egui::Rect::from_min_max(into.min, into.max - egui::vec2(LABEL_ROOM, 0.0));
        if network.nodes.is_empty() || into.width() <= 0.0 || into.height() <= 0.0 {
            return None;
        }
        let (w, h) = ((max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0));
        let scale = (into.width() / w).min(into.height() / h).min(MAX_SPREAD);
        let mid = egui::vec2((min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0);
        Some(Fit {
            scale,
            offset: into.center().to_vec2() - mid * scale,
        })
    }

    fn point(&self, p: [f32; 2]) -> egui::Pos2 {
        egui::pos2(p[0] * self.scale, p[1] * self.scale) + self.offset
    }
}

/// The network's controls: the group toggles, the date boxes (empty, they show the first and
/// last month naming the entity), the size and the links among neighbours.
pub fn query_ui(
    ui: &mut egui::Ui,
    query: &mut NetworkQuery,
    (first, last): &(String, String),
    lang: Lang,
) {
    let tr = lang.tr();
    let r = lang.relations();
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut query.group, None, tr.all_groups);
        for group in EntityGroup::ALL {
            let color = theme::entity_color(ui.visuals(), group);
            let text = egui::RichText::new(lang.group(group)).color(color);
            ui.selectable_value(&mut query.group, Some(group), text);
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (label, text, last_day, id, hint) in [
            (
                tr.date_from,
                &mut query.from,
                false,
                "kanbao.network.from",
                first,
            ),
            (tr.date_to, &mut query.to, true, "kanbao.network.to", last),
        ] {
            let label = ui.label(label);
            date_bound_box(ui, text, id, last_day, hint, lang).labelled_by(label.id);
        }
        ui.separator();
        ui.label(r.neighbours);
        for size in SIZES {
            ui.selectable_value(&mut query.size, size, size.to_string());
        }
        ui.checkbox(&mut query.links_among, r.links_among);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_keeps_every_node_inside_and_spreads_a_small_layout_at_most_four_times() {
        let network = Network {
            nodes: vec![
                Node {
                    entity: EntityId::new(0),
                    mentions: 9,
                    shared: 3,
                    radius: 20.0,
                    pos: [0.0, 0.0],
                },
                Node {
                    entity: EntityId::new(1),
                    mentions: 2,
                    shared: 2,
                    radius: 5.0,
                    pos: [400.0, -300.0],
                },
            ],
            links: Vec::new(),
            neighbours: 1,
        };
        let into = egui::Rect::from_min_size(egui::pos2(10.0, 10.0), egui::vec2(200.0, 100.0));
        let fit = Fit::new(&network, into).expect("a fit");
        assert!(fit.scale < 1.0);
        for n in &network.nodes {
            let p = fit.point(n.pos);
            assert!(into.expand(0.01).contains(p), "{p:?} outside {into:?}");
        }
        let roomy = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(5000.0, 5000.0));
        assert_eq!(Fit::new(&network, roomy).map(|f| f.scale), Some(MAX_SPREAD));
        assert!(Fit::new(&Network::default(), into).is_none());
    }
}
