//! An entity's page: canonical name, kind, aliases, the entities it appears with, its events,
//! and every mention as a keyword-in-context line that opens the article at the mention.

use crate::knowledge::Knowledge;
use crate::knowledge::entities::{EntityId, Mention};
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::jobs::{Job, JobPanic};
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use crate::ui::timeline::mini_timeline_ui;
use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, FontId, Sense};
use std::sync::{Arc, Weak};

/// What the page asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityPageAction {
    Go(Nav),
    /// Open the timeline limited to this entity.
    ShowOnTimeline(EntityId),
}

/// Chars of context on each side of a mention.
const CONTEXT_CHARS: usize = 22;
/// Co-occurring entities listed.
const CO_OCCURRING: usize = 24;

/// Per-entity data computed when the page opens.
struct PageData {
    /// The model the data was computed from: weak, so a page left open keeps no old bundle
    /// alive, yet its address is never reused while held.
    knowledge: Weak<Knowledge>,
    entity: EntityId,
    co_occurring: CoOccurring,
}

/// The entities sharing articles with the page's: counted on a worker thread, since a frequent
/// entity (160,000 mentions in 35,000 articles) takes tens of milliseconds, too long for a frame.
enum CoOccurring {
    Counting(Job<Vec<(EntityId, u32)>>),
    Counted(Vec<(EntityId, u32)>),
    Failed(JobPanic),
}

impl CoOccurring {
    fn start(ctx: &egui::Context, knowledge: &Arc<Knowledge>, entity: EntityId) -> Self {
        let knowledge = Arc::clone(knowledge);
        CoOccurring::Counting(Job::spawn("co-occurring", ctx, move || {
            knowledge.entities.co_occurring(entity, CO_OCCURRING)
        }))
    }

    /// Takes the worker's answer once it is there.
    fn poll(&mut self) {
        if let CoOccurring::Counting(job) = self
            && let Some(answer) = job.poll()
        {
            *self = match answer {
                Ok(counted) => CoOccurring::Counted(counted),
                Err(panic) => CoOccurring::Failed(panic),
            };
        }
    }

    fn counted(&self) -> Option<&[(EntityId, u32)]> {
        match self {
            CoOccurring::Counted(v) => Some(v),
            _ => None,
        }
    }
}

/// The parts of the page below its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageTab {
    #[default]
    Mentions,
    CoOccurring,
    Events,
}

#[derive(Default)]
pub struct EntityPage {
    pub tab: PageTab,
    data: Option<PageData>,
}

impl EntityPage {
    fn data(&mut self, ctx: &egui::Context, analysis: &Analysis, entity: EntityId) -> &PageData {
        let k = &analysis.knowledge;
        let stale = self
            .data
            .as_ref()
            .is_none_or(|d| d.knowledge.as_ptr() != Arc::as_ptr(k) || d.entity != entity);
        if stale {
            self.data = Some(PageData {
                knowledge: Arc::downgrade(k),
                entity,
                co_occurring: CoOccurring::start(ctx, k, entity),
            });
        }
        let data = self.data.as_mut().expect("set just above when missing");
        data.co_occurring.poll();
        data
    }

    /// Whether the page last drawn is still counting its co-occurring entities.
    pub fn is_counting(&self) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| matches!(d.co_occurring, CoOccurring::Counting(_)))
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
        let group = EntityGroup::of(e);
        let color = theme::entity_color(ui.visuals(), group);
        let mut action = None;

        ui.add_space(20.0);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(&e.name)
                    .size(28.0)
                    .strong()
                    .color(color),
            );
            ui.add_space(8.0);
            ui.label(egui::RichText::new(lang.entity_kind(e.kind)).weak());
            if group == EntityGroup::Reporters {
                ui.label(egui::RichText::new(format!("· {}", tr.role_reporter)).weak());
            }
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
        ui.add_space(10.0);

        let mentions: &[u32] = k
            .entities
            .by_entity
            .get(entity.index())
            .map_or(&[], Vec::as_slice);
        let tab = self.tab;
        let data = self.data(ui.ctx(), analysis, entity);
        let events = analysis.events_of(entity);
        let n_events = events.len();
        let mut picked_tab = tab;
        ui.horizontal(|ui| {
            for (t, name, n) in [
                (PageTab::Mentions, tr.mentions, Some(mentions.len())),
                (
                    PageTab::CoOccurring,
                    tr.co_occurring,
                    data.co_occurring.counted().map(<[_]>::len),
                ),
                (PageTab::Events, tr.its_events, Some(n_events)),
            ] {
                let text = match n {
                    Some(n) => format!("{name} {}", group_digits(n)),
                    None => name.to_owned(),
                };
                ui.selectable_value(&mut picked_tab, t, text);
            }
            if n_events > 0 && ui.button(tr.show_on_timeline).clicked() {
                action = Some(EntityPageAction::ShowOnTimeline(entity));
            }
        });
        ui.separator();
        match tab {
            PageTab::Mentions => {}
            PageTab::CoOccurring => match &data.co_occurring {
                // No spinner: the worker's answer wakes the UI.
                CoOccurring::Counting(_) => {
                    ui.label(egui::RichText::new(tr.counting).weak());
                }
                CoOccurring::Failed(panic) => {
                    ui.label(egui::RichText::new(format!("{}: {panic}", tr.job_panicked)).weak());
                }
                CoOccurring::Counted(co_occurring) => {
                    co_occurring_ui(ui, analysis, co_occurring, lang, &mut action);
                }
            },
            PageTab::Events => {
                if events.is_empty() {
                    ui.label(egui::RichText::new(tr.no_events).weak());
                } else if let Some(nav) = mini_timeline_ui(ui, k, events, lang) {
                    action = Some(EntityPageAction::Go(nav));
                }
            }
        }
        self.tab = picked_tab;
        if tab != PageTab::Mentions {
            return action;
        }
        let row_h = (ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 12.0).round();
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.entity.mentions", entity))
            .auto_shrink([false, false])
            .show_rows(ui, row_h, mentions.len(), |ui, range| {
                for &m in mentions.get(range).unwrap_or_default() {
                    let Some(mention) = k.entities.mentions.get(m as usize) else {
                        continue;
                    };
                    if let Some(nav) = kwic_row_ui(ui, analysis, mention, row_h, color) {
                        action = Some(EntityPageAction::Go(nav));
                    }
                }
            });
        action
    }
}

/// The co-occurring entities as chips (name, shared articles); a click opens one's page.
fn co_occurring_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    co_occurring: &[(EntityId, u32)],
    lang: Lang,
    action: &mut Option<EntityPageAction>,
) {
    if co_occurring.is_empty() {
        ui.label(egui::RichText::new(lang.tr().no_entities).weak());
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(6.0, 6.0);
        for &(other, shared) in co_occurring {
            let Some(o) = analysis.entity(other) else {
                continue;
            };
            let c = theme::entity_color(ui.visuals(), EntityGroup::of(o));
            let chip = egui::Button::new(egui::RichText::new(&o.name).color(c))
                .right_text(egui::RichText::new(shared.to_string()).small().weak());
            if ui
                .add(chip)
                .on_hover_text(lang.articles(shared as usize))
                .clicked()
            {
                *action = Some(EntityPageAction::Go(Nav::Go(Route::Entity(other))));
            }
        }
    });
}

/// The text around a mention: (left, mention, right), each at most [`CONTEXT_CHARS`] wide.
pub fn context(text: &str, start: usize, end: usize) -> (String, String, String) {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (end + CONTEXT_CHARS).min(chars.len());
    let mut left: String = chars[from..start].iter().collect();
    if from > 0 {
        left.insert(0, '…');
    }
    let mut right: String = chars[end..to].iter().collect();
    if to < chars.len() {
        right.push('…');
    }
    (left, chars[start..end].iter().collect(), right)
}

/// One mention: the article's title, then the mention centred in its context. Clicking opens
/// the article scrolled to the mention.
fn kwic_row_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    m: &Mention,
    row_h: f32,
    color: egui::Color32,
) -> Option<Nav> {
    let k = &analysis.knowledge;
    let title = k.article(m.span.article).map_or("", |a| a.title.as_str());
    let text = k.text(m.span).unwrap_or_default();
    let (left, word, right) = context(text, m.span.start as usize, m.span.end as usize);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("{title}: {left}{word}{right}"),
        )
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        let weak = visuals.weak_text_color();
        let text_color = visuals.text_color();
        let small = FontId::proportional(12.0);
        let body = FontId::proportional(15.0);
        let painter = ui.painter_at(rect);
        let top = rect.top() + 4.0;
        painter.text(
            egui::pos2(rect.left() + 6.0, top),
            Align2::LEFT_TOP,
            title,
            small,
            weak,
        );
        // The mention starts at 40 % of the width; its context runs out to each side.
        let y = rect.bottom() - 6.0;
        let center = rect.left() + rect.width() * 0.4;
        painter.text(
            egui::pos2(center - 2.0, y),
            Align2::RIGHT_BOTTOM,
            &left,
            body.clone(),
            text_color,
        );
        let mut job = LayoutJob::default();
        job.append(
            &word,
            0.0,
            TextFormat {
                font_id: body.clone(),
                color,
                background: theme::marker(visuals),
                ..TextFormat::default()
            },
        );
        job.append(
            &right,
            2.0,
            TextFormat {
                font_id: body,
                color: text_color,
                ..TextFormat::default()
            },
        );
        let galley = painter.layout_job(job);
        painter.galley(egui::pos2(center, y - galley.size().y), galley, text_color);
    }
    response
        .clicked()
        .then_some(Nav::Go(Route::Passage(m.span)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_with_ellipses_and_keeps_the_mention() {
        let text = "国务院总理李强4日在北京人民大会堂会见哈萨克斯坦总理别克塔耶夫。";
        let (l, w, r) = context(text, 5, 7);
        assert_eq!(w, "李强");
        assert_eq!(l, "国务院总理");
        assert!(r.starts_with("4日在北京"));
        let long = "一".repeat(60) + "李强" + &"二".repeat(60);
        let (l, w, r) = context(&long, 60, 62);
        assert_eq!((l.chars().count(), w.as_str()), (CONTEXT_CHARS + 1, "李强"));
        assert!(l.starts_with('…') && r.ends_with('…'));
        // Offsets past the end never panic.
        let (_, w, r) = context("李强", 5, 9);
        assert_eq!((w.as_str(), r.as_str()), ("", ""));
    }
}
