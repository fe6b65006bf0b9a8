//! The entity sidebar: people, places, organizations, other names and reporters, with counts,
//! a filter box, two sort orders and a toggle to show only the current article's entities.
//!
//! The rows shown are computed when something they depend on changes (never per frame over
//! all entities) and drawn virtualised, so hundreds of thousands of entities scroll smoothly.

use crate::bundle::ArticleId;
use crate::knowledge::entities::EntityId;
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use std::sync::Arc;

/// Order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Count,
    Name,
}

/// What the rows were computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RowsKey {
    /// Identity of the analysis (its knowledge's address).
    analysis: usize,
    group: EntityGroup,
    filter: String,
    sort: SortOrder,
    article: Option<ArticleId>,
}

/// The sidebar's view state.
#[derive(Debug, Default)]
pub struct EntitySidebar {
    pub group: EntityGroup,
    pub filter: String,
    pub sort: SortOrder,
    /// Show only the entities of the article being read.
    pub this_article_only: bool,
    rows: Vec<EntityId>,
    /// Per group, how many entities it holds under the current scope.
    counts: [usize; 5],
    key: Option<RowsKey>,
}

/// The filter box's id (tests and keyboard focus).
pub fn filter_id() -> egui::Id {
    egui::Id::unique("kanbao.entities.filter")
}

impl EntitySidebar {
    /// The entity ids shown, in order, recomputed when the inputs changed.
    pub fn rows(&mut self, analysis: &Analysis, article: Option<ArticleId>) -> &[EntityId] {
        let scope = if self.this_article_only {
            article
        } else {
            None
        };
        let key = RowsKey {
            analysis: Arc::as_ptr(&analysis.knowledge) as usize,
            group: self.group,
            filter: self.filter.trim().to_owned(),
            sort: self.sort,
            article: scope,
        };
        if self.key.as_ref() != Some(&key) {
            self.compute(analysis, &key);
            self.key = Some(key);
        }
        &self.rows
    }

    fn compute(&mut self, analysis: &Analysis, key: &RowsKey) {
        let in_scope: Option<Vec<EntityId>> = key.article.map(|a| {
            let mut ids: Vec<EntityId> = analysis
                .knowledge
                .entities
                .article_mentions(a)
                .iter()
                .map(|m| m.entity)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        let scoped = |id: &EntityId| {
            in_scope
                .as_ref()
                .is_none_or(|ids| ids.binary_search(id).is_ok())
        };
        for (slot, group) in EntityGroup::ALL.into_iter().enumerate() {
            self.counts[slot] = match &in_scope {
                None => analysis.group(group).len(),
                Some(_) => analysis.group(group).iter().filter(|id| scoped(id)).count(),
            };
        }
        let needle = analysis
            .knowledge
            .entities
            .normalize(&key.filter)
            .to_lowercase();
        let matches = |id: &EntityId| {
            needle.is_empty()
                || analysis.entity(*id).is_some_and(|e| {
                    e.name.to_lowercase().contains(&needle)
                        || e.aliases.iter().any(|a| a.to_lowercase().contains(&needle))
                })
        };
        self.rows = analysis
            .group(key.group)
            .iter()
            .copied()
            .filter(|id| scoped(id) && matches(id))
            .collect();
        if key.sort == SortOrder::Name {
            // Pinyin order, other scripts after (`ui::collate`).
            self.rows.sort_by_cached_key(|id| {
                let name = analysis.entity(*id).map_or("", |e| e.name.as_str());
                (crate::ui::collate::NameKey::new(name), *id)
            });
        }
    }

    /// Draws the sidebar. Without an analysis (still running), says what is happening.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: Option<&Analysis>,
        article: Option<ArticleId>,
        selected: Option<EntityId>,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        ui.label(egui::RichText::new(tr.entities).strong());
        ui.add_space(4.0);
        let Some(analysis) = analysis else {
            ui.add_space(12.0);
            ui.label(egui::RichText::new(tr.analysis_pending).weak());
            return None;
        };
        // Counts follow the scope: compute before drawing the tabs.
        self.rows(analysis, article);

        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
            for (slot, group) in EntityGroup::ALL.into_iter().enumerate() {
                let color = theme::entity_color(ui.visuals(), group);
                let text = egui::RichText::new(format!(
                    "{} {}",
                    lang.group(group),
                    group_digits(self.counts[slot])
                ))
                .color(color);
                ui.selectable_value(&mut self.group, group, text);
            }
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label(tr.entity_filter_label);
            // Room for the clear button, so the row never asks for more than the panel has.
            let clear_width = if self.filter.is_empty() {
                0.0
            } else {
                ui.spacing().interact_size.y + 2.0 * ui.spacing().item_spacing.x
            };
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .id(filter_id())
                    .hint_text(tr.entity_filter_hint)
                    .desired_width(ui.available_width() - clear_width),
            )
            .labelled_by(label.id);
            if !self.filter.is_empty() && ui.small_button("×").clicked() {
                self.filter.clear();
            }
        });
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.sort, SortOrder::Count, tr.sort_by_count);
            ui.radio_value(&mut self.sort, SortOrder::Name, tr.sort_by_name);
        });
        ui.add_enabled_ui(article.is_some(), |ui| {
            ui.checkbox(&mut self.this_article_only, tr.this_article_only);
        });
        ui.add_space(2.0);

        self.rows(analysis, article);
        let rows = &self.rows;
        if rows.is_empty() {
            ui.add_space(16.0);
            ui.label(egui::RichText::new(tr.no_entities).weak());
            return None;
        }
        let row_h = (ui.text_style_height(&egui::TextStyle::Body) + 8.0).round();
        let color = theme::entity_color(ui.visuals(), self.group);
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.entities.rows", self.group as u8))
            .auto_shrink([false, false])
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                let mut nav = None;
                for &id in rows.get(range).unwrap_or_default() {
                    let Some(e) = analysis.entity(id) else {
                        continue;
                    };
                    let button = egui::Button::selectable(
                        selected == Some(id),
                        egui::RichText::new(&e.name).color(color),
                    )
                    .right_text(egui::RichText::new(group_digits(e.count)).small().weak())
                    .min_size(egui::vec2(ui.available_width(), row_h))
                    .truncate();
                    let response = ui.add(button);
                    if response.clicked() {
                        nav = Some(Nav::Go(Route::Entity(id)));
                    }
                    // The whole name (a long one is cut short) and the other forms seen.
                    if e.aliases.is_empty() {
                        response.on_hover_text(&e.name);
                    } else {
                        response.on_hover_text(format!("{}\n{}", e.name, e.aliases.join("、")));
                    }
                }
                nav
            })
            .inner
    }
}
