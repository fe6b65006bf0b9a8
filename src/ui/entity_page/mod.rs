//! An entity's page: canonical name, kind, aliases, then five tabs that scale to the most
//! mentioned names (66,788 mentions in the big corpus): every mention as a keyword-in-context
//! line under its article's date and title, filtered by date range and text and ordered newest,
//! oldest or by article ([`mentions`]); the entities it shares articles with, all of them
//! ([`related`]); the network of its top neighbours ([`network`]); its mentions over time beside
//! other entities' ([`compare`]); its events with the timeline's kind and relation toggles
//! ([`events`]). Lists are virtualised; what is slow to derive runs on a worker
//! ([`crate::ui::derived`]).

pub mod compare;
mod edit;
pub mod events;
pub mod mentions;
pub mod monthly;
pub mod network;
pub mod related;
mod relations;

use crate::knowledge::Knowledge;
use crate::knowledge::entities::EntityId;
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::date_box::date_bound_box;
use crate::ui::derived::Derived;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::{Nav, TimelineFilterInputs};
use crate::ui::theme;
use events::{EventRows, event_rows, page_filter_inputs};
use mentions::{MentionOrder, MentionQuery, kwic_row_height, kwic_row_ui, mention_rows};
use network::{Network, NetworkQuery};
use related::{RelatedQuery, related_rows};
use std::sync::{Arc, Weak};

pub use mentions::context;

/// An entity and the number of articles it shares with the page's.
type Shared = (EntityId, u32);

/// What the page asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityPageAction {
    Go(Nav),
    /// Open the timeline on this entity with these toggles (what the page's events tab shows).
    ShowOnTimeline(EntityId, TimelineFilterInputs),
}

/// Entities with at most this many mentions have them filtered and ordered inside the frame;
/// more go to a worker.
const INLINE_MENTIONS: usize = 5_000;

/// The page's model and entity: weak, so a page left open keeps no old bundle alive, yet its
/// address is never reused while held.
#[derive(Clone)]
struct PageKey {
    knowledge: Weak<Knowledge>,
    entity: EntityId,
}

impl PartialEq for PageKey {
    fn eq(&self, other: &Self) -> bool {
        Weak::ptr_eq(&self.knowledge, &other.knowledge) && self.entity == other.entity
    }
}

/// The parts of the page below its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageTab {
    #[default]
    Mentions,
    CoOccurring,
    Network,
    Compare,
    Events,
}

#[derive(Default)]
pub struct EntityPage {
    pub tab: PageTab,
    /// The mention lines' filter and order (kept from one entity to the next).
    pub mention_query: MentionQuery,
    pub related_query: RelatedQuery,
    /// The events tab's kind and relation toggles (every relation on by default).
    pub event_inputs: Option<TimelineFilterInputs>,
    pub newest_events_first: bool,
    page: Option<PageKey>,
    mentions: Derived<MentionQuery, Vec<u32>>,
    co_occurring: Derived<(), Vec<(EntityId, u32)>>,
    /// The co-occurring entities shown: for a query and a count of all of them.
    related: Option<(RelatedQuery, usize, Vec<Shared>)>,
    events: Option<((TimelineFilterInputs, bool), EventRows)>,
    /// The Correct menu and its editors.
    edit: edit::EntityEdit,
    /// The articles naming the entity per month (the chart over its mention lines).
    monthly: Option<Vec<monthly::Bar>>,
    /// The network's controls (kept from one entity to the next) and the network laid out.
    pub network_query: NetworkQuery,
    network: Derived<NetworkQuery, Arc<Network>>,
    /// Networks laid out lately, newest last, for the model they were counted in.
    recent_networks: RecentNetworks,
    /// The comparison over time: the entities added beside the page's own (kept from one
    /// entity to the next), per year or per month, the name box, what it last said.
    pub compared: Vec<EntityId>,
    pub compare_by_year: bool,
    compare_name: String,
    compare_message: Option<String>,
    comparison: Derived<(Vec<EntityId>, bool), compare::Comparison>,
}

/// Networks laid out lately: going back to an entity shows its network at once.
#[derive(Default)]
struct RecentNetworks {
    knowledge: Weak<Knowledge>,
    entries: Vec<((EntityId, NetworkQuery), Arc<Network>)>,
}

/// Networks kept in [`RecentNetworks`].
const RECENT_NETWORKS: usize = 12;

impl RecentNetworks {
    fn get(&mut self, k: &Arc<Knowledge>, key: &(EntityId, NetworkQuery)) -> Option<Arc<Network>> {
        if !Weak::ptr_eq(&self.knowledge, &Arc::downgrade(k)) {
            self.knowledge = Arc::downgrade(k);
            self.entries.clear();
        }
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| Arc::clone(n))
    }

    fn keep(&mut self, key: (EntityId, NetworkQuery), network: &Arc<Network>) {
        if self.entries.iter().any(|(k, _)| *k == key) {
            return;
        }
        if self.entries.len() >= RECENT_NETWORKS {
            self.entries.remove(0);
        }
        self.entries.push((key, Arc::clone(network)));
    }
}

impl EntityPage {
    /// Forgets what was derived for another page.
    fn open(&mut self, k: &Arc<Knowledge>, entity: EntityId) {
        let key = PageKey {
            knowledge: Arc::downgrade(k),
            entity,
        };
        if self.page.as_ref() != Some(&key) {
            self.page = Some(key);
            self.mentions.clear();
            self.co_occurring.clear();
            self.related = None;
            self.events = None;
            self.monthly = None;
            self.network.clear();
            self.comparison.clear();
            self.compare_message = None;
        }
    }

    /// Whether the page last drawn is still laying out its network.
    pub fn is_laying_out(&self) -> bool {
        self.network.pending()
    }

    /// The network last laid out (tests, benchmarks).
    pub fn network(&self) -> Option<&Arc<Network>> {
        self.network.peek()
    }

    /// Whether the page last drawn is still counting its comparison.
    pub fn is_comparing(&self) -> bool {
        self.comparison.pending()
    }

    /// Whether the page last drawn is still counting its co-occurring entities.
    pub fn is_counting(&self) -> bool {
        self.co_occurring.pending()
    }

    /// Whether the page last drawn is still filtering its mentions on a worker.
    pub fn is_filtering(&self) -> bool {
        self.mentions.pending()
    }

    /// The mention lines shown (indexes into the entity table's mentions), once derived.
    pub fn mention_rows(&self) -> Option<&[u32]> {
        self.mentions.peek().map(Vec::as_slice)
    }

    /// Draws the page of `entity`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        entity: EntityId,
        lang: Lang,
    ) -> Option<EntityPageAction> {
        let tr = lang.tr();
        let Some(e) = analysis.entity(entity) else {
            ui.add_space(40.0);
            ui.label(egui::RichText::new(tr.entity_not_found).weak());
            return None;
        };
        let k = &analysis.knowledge;
        self.open(k, entity);
        let group = EntityGroup::of(e);
        let color = theme::entity_color(ui.visuals(), group);

        ui.add_space(12.0);
        let mut correction = None;
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(&e.name)
                        .size(28.0)
                        .strong()
                        .color(color),
                )
                .truncate(),
            );
            ui.label(egui::RichText::new(lang.entity_kind(e.kind)).weak());
            if group == EntityGroup::Reporters {
                ui.label(egui::RichText::new(format!("· {}", tr.role_reporter)).weak());
            }
            correction = self.edit.menu_ui(ui, e, lang);
        });
        ui.label(
            egui::RichText::new(format!(
                "{} · {}",
                lang.times(e.count as usize),
                lang.articles(e.articles.len())
            ))
            .weak(),
        );
        if !e.aliases.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(tr.aliases).weak());
                ui.label(e.aliases.join("、"));
            });
        }
        if let Some(c) = self.edit.editor_ui(ui, k, e, lang) {
            correction = Some(c);
        }
        ui.add_space(8.0);

        let event_rows = self.event_rows(analysis, entity);
        let co_count = self
            .co_occurring_counted(ui.ctx(), k, entity)
            .map(<[_]>::len);
        let mut action = None;
        ui.horizontal_wrapped(|ui| {
            let r = lang.relations();
            for (t, name, n) in [
                (PageTab::Mentions, tr.mentions, Some(e.count as usize)),
                (PageTab::CoOccurring, tr.co_occurring, co_count),
                (PageTab::Network, r.network_tab, None),
                (PageTab::Compare, r.compare_tab, None),
                (PageTab::Events, tr.its_events, Some(event_rows.rows.len())),
            ] {
                let text = match n {
                    Some(n) => format!("{name} {}", group_digits(n)),
                    None => name.to_owned(),
                };
                ui.selectable_value(&mut self.tab, t, text);
            }
            if !event_rows.rows.is_empty() && ui.button(tr.show_on_timeline).clicked() {
                let inputs = self.event_inputs.clone().unwrap_or_else(page_filter_inputs);
                action = Some(EntityPageAction::ShowOnTimeline(entity, inputs));
            }
        });
        ui.separator();
        let nav = match self.tab {
            PageTab::Mentions => self.mentions_tab_ui(ui, k, entity, color, lang),
            PageTab::CoOccurring => self.related_tab_ui(ui, analysis, entity, lang),
            PageTab::Network => self.network_tab_ui(ui, k, entity, lang),
            PageTab::Compare => self.compare_tab_ui(ui, k, entity, lang),
            PageTab::Events => {
                let inputs = self.event_inputs.get_or_insert_with(page_filter_inputs);
                events::toggles_ui(ui, inputs, &mut self.newest_events_first, &event_rows, lang);
                events::events_ui(ui, k, &event_rows, lang)
            }
        };
        let correction = correction.map(|c| EntityPageAction::Go(Nav::Correct(c)));
        correction.or(action).or(nav.map(EntityPageAction::Go))
    }

    /// The entity's events passing the events tab's toggles, derived when they change.
    fn event_rows(&mut self, analysis: &Analysis, entity: EntityId) -> EventRows {
        let inputs = self
            .event_inputs
            .get_or_insert_with(page_filter_inputs)
            .clone();
        let key = (inputs, self.newest_events_first);
        match &self.events {
            Some((k, rows)) if *k == key => rows.clone(),
            _ => {
                let rows = event_rows(
                    &analysis.knowledge,
                    analysis.events_of(entity),
                    &key.0,
                    key.1,
                );
                self.events = Some((key, rows.clone()));
                rows
            }
        }
    }

    /// The co-occurring entities, counted on a worker; `None` until it answers.
    fn co_occurring_counted(
        &mut self,
        ctx: &egui::Context,
        k: &Arc<Knowledge>,
        entity: EntityId,
    ) -> Option<&[(EntityId, u32)]> {
        let k = Arc::clone(k);
        self.co_occurring
            .get(ctx, "co-occurring", &(), false, move || {
                k.entities.co_occurring(entity, usize::MAX)
            })
            .map(Vec::as_slice)
    }

    fn mentions_tab_ui(
        &mut self,
        ui: &mut egui::Ui,
        k: &Arc<Knowledge>,
        entity: EntityId,
        color: egui::Color32,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        let months = self
            .monthly
            .get_or_insert_with(|| monthly::monthly_articles(k, entity));
        if let Some(bar) = monthly::monthly_ui(ui, months, color, lang) {
            self.mention_query.from = bar.bound();
            self.mention_query.to = bar.bound();
        }
        let span = monthly::span_hints(months);
        mention_query_ui(ui, &mut self.mention_query, &span, lang);
        let total = k.entities.by_entity.get(entity.index()).map_or(0, Vec::len);
        let query = self.mention_query.clone();
        let worker_k = Arc::clone(k);
        let worker_query = self.mention_query.clone();
        let rows = self.mentions.get(
            ui.ctx(),
            "mentions",
            &query,
            total <= INLINE_MENTIONS,
            move || mention_rows(&worker_k, entity, &worker_query),
        );
        let shown = rows.map(Vec::len);
        ui.horizontal(|ui| {
            // Until the first lines are derived, only the total is known.
            let count = match shown {
                Some(shown) => lang.mentions_shown(shown, total),
                None => lang.times(total),
            };
            ui.label(egui::RichText::new(count).small().weak());
            if self.mentions.pending() {
                ui.label(egui::RichText::new(tr.filtering).small().weak());
            }
        });
        let rows = self.mentions.peek()?;
        if rows.is_empty() {
            ui.add_space(12.0);
            ui.label(egui::RichText::new(tr.no_mentions_match).weak());
            return None;
        }
        let row_h = kwic_row_height(ui);
        let mut nav = None;
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.entity.mentions", entity))
            .auto_shrink([false, false])
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                for &m in rows.get(range).unwrap_or_default() {
                    let Some(mention) = k.entities.mentions.get(m as usize) else {
                        continue;
                    };
                    if let Some(n) = kwic_row_ui(ui, k, mention, color, lang) {
                        nav = Some(n);
                    }
                }
            });
        nav
    }

    fn related_tab_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        entity: EntityId,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        if let Some(panic) = self.co_occurring.failed() {
            ui.label(egui::RichText::new(format!("{}: {panic}", tr.job_panicked)).weak());
            return None;
        }
        let Some(counted) = self.co_occurring_counted(ui.ctx(), &analysis.knowledge, entity) else {
            // No spinner: the worker's answer wakes the UI.
            ui.label(egui::RichText::new(tr.counting).weak());
            return None;
        };
        let total = counted.len();
        related::query_ui(ui, &mut self.related_query, lang);
        let stale = self
            .related
            .as_ref()
            .is_none_or(|(q, n, _)| *q != self.related_query || *n != total);
        if stale {
            let counted = self.co_occurring.peek().map_or(&[][..], Vec::as_slice);
            let rows = related_rows(analysis, counted, &self.related_query);
            self.related = Some((self.related_query.clone(), total, rows));
        }
        let rows = self
            .related
            .as_ref()
            .map_or(&[][..], |(_, _, r)| r.as_slice());
        ui.label(
            egui::RichText::new(lang.entities_shown(rows.len(), total))
                .small()
                .weak(),
        );
        related::related_ui(ui, analysis, rows, lang)
    }
}

/// The date boxes (empty, they show the first and last month naming the entity), the text box
/// and the order of the mention lines.
fn mention_query_ui(
    ui: &mut egui::Ui,
    query: &mut MentionQuery,
    (first, last): &(String, String),
    lang: Lang,
) {
    let tr = lang.tr();
    ui.horizontal_wrapped(|ui| {
        for (label, text, last_day, id, hint) in [
            (
                tr.date_from,
                &mut query.from,
                false,
                "kanbao.entity.from",
                first,
            ),
            (tr.date_to, &mut query.to, true, "kanbao.entity.to", last),
        ] {
            let label = ui.label(label);
            date_bound_box(ui, text, id, last_day, hint, lang).labelled_by(label.id);
        }
        let label = ui.label(tr.mention_text_label);
        ui.add(
            egui::TextEdit::singleline(&mut query.text)
                .id_salt("kanbao.entity.text")
                .hint_text(tr.mention_text_hint)
                .desired_width(120.0),
        )
        .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        for order in MentionOrder::ALL {
            let name = match order {
                MentionOrder::Newest => tr.newest_first,
                MentionOrder::Oldest => tr.oldest_first,
                MentionOrder::ByArticle => tr.by_article,
            };
            ui.radio_value(&mut query.order, order, name);
        }
    });
}
