//! The entity page's two relationship tabs: the co-occurrence network (laid out on a worker,
//! recent ones kept) and the comparison of mentions over time (the page's entity and the ones
//! added from the network, the name box or the suggestions).

use super::compare::{self, Comparison, MAX_SERIES};
use super::network::{self, NetworkAction};
use super::{EntityPage, PageTab, monthly};
use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::ui::i18n::Lang;
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use std::sync::Arc;

/// Entities with at most this many mentions have their network or comparison counted inside the
/// frame; more go to a worker.
const INLINE_MENTIONS: usize = 2_000;

/// Height of the network's canvas and of the comparison chart, at most.
const NETWORK_HEIGHT: f32 = 520.0;
const CHART_HEIGHT: f32 = 260.0;

impl EntityPage {
    pub(super) fn network_tab_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Arc<Knowledge>,
        entity: EntityId,
        lang: Lang,
    ) -> Option<Nav> {
        let r = lang.relations();
        let months = self
            .monthly
            .get_or_insert_with(|| monthly::monthly_articles(k, entity));
        let span = monthly::span_hints(months);
        network::query_ui(ui, &mut self.network_query, &span, lang);
        let query = self.network_query.clone();
        let key = (entity, query.clone());
        let mentions = k.entities.by_entity.get(entity.index()).map_or(0, Vec::len);
        let recent = self.recent_networks.get(k, &key);
        let inline = recent.is_some() || mentions <= INLINE_MENTIONS;
        let worker_k = Arc::clone(k);
        let worker_query = query.clone();
        let shown = self
            .network
            .get(ui.ctx(), "network", &query, inline, move || {
                recent.unwrap_or_else(|| {
                    Arc::new(network::build_network(&worker_k, entity, &worker_query))
                })
            });
        if let Some(n) = shown.cloned() {
            self.recent_networks.keep(key, &n);
        }
        if let Some(panic) = self.network.failed() {
            ui.label(egui::RichText::new(format!("{}: {panic}", lang.tr().job_panicked)).weak());
            return None;
        }
        ui.horizontal_wrapped(|ui| {
            if let Some(n) = self.network.peek() {
                let articles = n.nodes.first().map_or(0, |c| c.shared as usize);
                let summary =
                    lang.network_summary(n.nodes.len().saturating_sub(1), n.neighbours, articles);
                ui.label(egui::RichText::new(summary).small().weak());
            }
            if self.network.pending() {
                ui.label(egui::RichText::new(r.laying_out).small().weak());
                ui.ctx().request_repaint();
            }
        })
        .response
        .on_hover_text(r.network_help);
        let n = Arc::clone(self.network.peek()?);
        if n.nodes.len() <= 1 {
            ui.add_space(12.0);
            ui.label(egui::RichText::new(r.no_neighbours).weak());
            return None;
        }
        let height = (ui.available_height() - 8.0).clamp(240.0, NETWORK_HEIGHT);
        match network::network_ui(ui, k, &n, height, lang)? {
            NetworkAction::Open(id) => Some(Nav::Go(Route::Entity(id))),
            NetworkAction::Compare(id) => {
                self.add_to_comparison(entity, id);
                self.tab = PageTab::Compare;
                None
            }
        }
    }

    /// Adds `other` beside the page's `entity` in the comparison (not twice, at most
    /// [`MAX_SERIES`] in all: the oldest added gives way).
    pub fn add_to_comparison(&mut self, entity: EntityId, other: EntityId) {
        if other == entity || self.compared.contains(&other) {
            return;
        }
        if self.compared.len() + 1 >= MAX_SERIES {
            self.compared.remove(0);
        }
        self.compared.push(other);
    }

    pub(super) fn compare_tab_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Arc<Knowledge>,
        entity: EntityId,
        lang: Lang,
    ) -> Option<Nav> {
        let r = lang.relations();
        self.compare_picker_ui(ui, k, entity, lang);
        let mut series = vec![entity];
        series.extend(self.compared.iter().copied().filter(|&e| e != entity));
        let mut removed = None;
        ui.horizontal_wrapped(|ui| {
            for (i, &id) in series.iter().enumerate() {
                let Some(e) = k.entities.entities.get(id.index()) else {
                    continue;
                };
                let color = theme::series_color(ui.visuals(), i);
                let text = egui::RichText::new(format!("■ {}", e.name)).color(color);
                if i == 0 {
                    ui.label(text.strong());
                } else if ui
                    .small_button(egui::RichText::new(format!("■ {} ×", e.name)).color(color))
                    .on_hover_text(r.remove_series)
                    .clicked()
                {
                    removed = Some(id);
                }
            }
            ui.separator();
            ui.selectable_value(&mut self.compare_by_year, false, r.by_month);
            ui.selectable_value(&mut self.compare_by_year, true, r.by_year);
        });
        if let Some(id) = removed {
            self.compared.retain(|&e| e != id);
        }
        // Months spanned by the comparison shown (twelve per bar when it is per year).
        let months = self.comparison.peek().map_or(0, |c| {
            let per_year = c.periods.first().is_some_and(|p| p.month.is_none());
            c.periods.len() * if per_year { 12 } else { 1 }
        });
        // Months that cannot be told apart are shown per year.
        let by_year =
            self.compare_by_year || !compare::fits(months, series.len(), ui.available_width());
        let key = (series.clone(), by_year);
        let mentions: usize = series
            .iter()
            .map(|e| k.entities.by_entity.get(e.index()).map_or(0, Vec::len))
            .sum();
        let worker_k = Arc::clone(k);
        let worker_series = series.clone();
        self.comparison.get(
            ui.ctx(),
            "comparison",
            &key,
            mentions <= INLINE_MENTIONS,
            move || compare::comparison(&worker_k, &worker_series, by_year),
        );
        if self.comparison.pending() {
            ui.ctx().request_repaint();
        }
        if by_year && !self.compare_by_year {
            ui.label(egui::RichText::new(r.months_too_narrow).small().weak());
        }
        ui.label(egui::RichText::new(r.compare_help).small().weak());
        let c: &Comparison = self.comparison.peek()?;
        let (other, bar) = compare::comparison_ui(ui, k, c, CHART_HEIGHT, lang)?;
        // The bar's articles: the mention lines of its entity within its month or year.
        self.mention_query.from = bar.bound();
        self.mention_query.to = bar.bound();
        self.tab = PageTab::Mentions;
        (other != entity).then_some(Nav::Go(Route::Entity(other)))
    }

    /// The name box and its Add button, then the entities most often beside the page's as
    /// one-click suggestions.
    fn compare_picker_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Arc<Knowledge>,
        entity: EntityId,
        lang: Lang,
    ) {
        let r = lang.relations();
        let mut add = None;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(r.compare_add_label);
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.compare_name)
                        .id_salt("kanbao.compare.name")
                        .hint_text(r.compare_add_hint)
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(r.add).clicked() || enter {
                let found = k
                    .entities
                    .find_by_name(self.compare_name.trim())
                    .into_iter()
                    .max_by_key(|id| k.entities.entities.get(id.index()).map_or(0, |e| e.count));
                match found {
                    Some(id) => {
                        add = Some(id);
                        self.compare_name.clear();
                        self.compare_message = None;
                    }
                    None => self.compare_message = Some(r.no_such_entity.to_owned()),
                }
            }
            if let Some(message) = &self.compare_message {
                ui.label(
                    egui::RichText::new(message)
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
        });
        let suggested: Vec<EntityId> = self
            .co_occurring
            .peek()
            .map(|c| {
                c.iter()
                    .map(|&(id, _)| id)
                    .filter(|id| !self.compared.contains(id))
                    .take(6)
                    .collect()
            })
            .unwrap_or_default();
        if !suggested.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(r.suggestions).small().weak());
                for id in suggested {
                    let Some(e) = k.entities.entities.get(id.index()) else {
                        continue;
                    };
                    if ui.small_button(format!("+ {}", e.name)).clicked() {
                        add = Some(id);
                    }
                }
            });
        }
        if let Some(id) = add {
            self.add_to_comparison(entity, id);
        }
    }
}
