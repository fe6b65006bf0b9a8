//! Full-text search results: one row per article with its hit count and its first hit in
//! context; clicking opens the article at that hit. A new query asks the index for candidate
//! articles, then checks them a few milliseconds per frame, so the first results show at once
//! even when a common word matches most of a large corpus.

use crate::bundle::ArticleId;
use crate::knowledge::search::{Query, SearchResults};
use crate::ui::analysis::Analysis;
use crate::ui::entity_page::context;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::route::{Nav, Route};
use crate::ui::theme;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, Sense};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The answer to the last query asked, filled a slice at a time.
struct Answer {
    analysis: usize,
    query: String,
    /// The prepared query; `None` for a query of no words.
    prepared: Option<Query>,
    /// Articles the index says may match, ascending; `checked` of them are done.
    candidates: Vec<ArticleId>,
    checked: usize,
    results: SearchResults,
    /// Time spent so far, and until the first results were shown.
    ms: f64,
    first_ms: f64,
}

impl Answer {
    fn progress(&self) -> SearchProgress {
        SearchProgress {
            checked: self.checked,
            candidates: self.candidates.len(),
            first_ms: self.first_ms,
            ms: self.ms,
        }
    }
}

/// Time one frame may spend checking candidates; the rest waits for the next frames.
const FRAME_BUDGET: Duration = Duration::from_millis(6);

#[derive(Default)]
pub struct SearchView {
    answer: Option<Answer>,
}

/// Where a search stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchProgress {
    pub checked: usize,
    pub candidates: usize,
    /// Milliseconds until the first results were on screen, and in total so far.
    pub first_ms: f64,
    pub ms: f64,
}

impl SearchProgress {
    pub fn done(&self) -> bool {
        self.checked >= self.candidates
    }
}

impl SearchView {
    /// The results of `query` so far: a new query starts over; each call checks candidates for
    /// at most `budget` (all of them with `None`).
    pub fn results(
        &mut self,
        analysis: &Analysis,
        query: &str,
        budget: Option<Duration>,
    ) -> (&SearchResults, SearchProgress) {
        let started = Instant::now();
        let key = Arc::as_ptr(&analysis.knowledge) as usize;
        let k = &analysis.knowledge;
        let stale = self
            .answer
            .as_ref()
            .is_none_or(|a| a.analysis != key || a.query != query);
        if stale {
            let prepared = Query::new(query);
            let candidates = prepared
                .as_ref()
                .map(|q| k.search.candidates_of(q))
                .unwrap_or_default();
            self.answer = Some(Answer {
                analysis: key,
                query: query.to_owned(),
                prepared,
                candidates,
                checked: 0,
                results: SearchResults::default(),
                ms: 0.0,
                first_ms: 0.0,
            });
        }
        let a = self.answer.as_mut().expect("set just above when stale");
        let first = a.checked == 0;
        if let Some(q) = &a.prepared {
            while a.checked < a.candidates.len() {
                let id = a.candidates[a.checked];
                a.checked += 1;
                if let Some(hits) = k.bundle.articles.get(id.index()).and_then(|x| q.hits(x)) {
                    a.results.total_hits += hits.hits.len();
                    a.results.articles.push(hits);
                }
                if a.checked.is_multiple_of(32) && budget.is_some_and(|b| started.elapsed() >= b) {
                    break;
                }
            }
        }
        let spent = started.elapsed().as_secs_f64() * 1e3;
        a.ms += spent;
        if first {
            a.first_ms = spent;
        }
        (&a.results, a.progress())
    }

    /// Where the last query stands.
    pub fn progress(&self) -> Option<SearchProgress> {
        self.answer.as_ref().map(Answer::progress)
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        query: &str,
        lang: Lang,
    ) -> Option<Nav> {
        let tr = lang.tr();
        ui.add_space(20.0);
        let (results, progress) = self.results(analysis, query, Some(FRAME_BUDGET));
        ui.label(egui::RichText::new(tr.search).size(22.0).strong());
        let summary = if progress.done() {
            lang.search_summary(
                query,
                results.total_hits,
                results.articles.len(),
                progress.ms,
            )
        } else {
            ui.ctx().request_repaint();
            lang.search_running(
                query,
                results.total_hits,
                results.articles.len(),
                progress.checked,
                progress.candidates,
            )
        };
        ui.label(egui::RichText::new(summary).weak());
        ui.add_space(8.0);
        if results.articles.is_empty() && progress.done() {
            ui.add_space(16.0);
            ui.label(egui::RichText::new(tr.no_results).weak());
            return None;
        }
        let k = &analysis.knowledge;
        let row_h = (ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 16.0).round();
        let mut nav = None;
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.search.rows", query))
            .auto_shrink([false, false])
            .show_rows(ui, row_h, results.articles.len(), |ui, range| {
                for found in results.articles.get(range).unwrap_or_default() {
                    let (Some(article), Some(hit)) = (
                        k.bundle.articles.get(found.article.index()),
                        found.hits.first(),
                    ) else {
                        continue;
                    };
                    let text = k.text(*hit).unwrap_or_default();
                    let (left, word, right) = context(text, hit.start as usize, hit.end as usize);
                    let (rect, response) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), row_h),
                        Sense::click(),
                    );
                    let date = article
                        .date
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default();
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("{date} {}: {left}{word}{right}", article.title),
                        )
                    });
                    if ui.is_rect_visible(rect) {
                        let visuals = ui.visuals();
                        if response.hovered() {
                            ui.painter().rect_filled(
                                rect,
                                4.0,
                                visuals.widgets.hovered.weak_bg_fill,
                            );
                        }
                        let strong = visuals.strong_text_color();
                        let weak = visuals.weak_text_color();
                        let text_color = visuals.text_color();
                        let painter = ui.painter_at(rect);
                        let mut head = LayoutJob::default();
                        let fmt = |size: f32, color| TextFormat {
                            font_id: FontId::proportional(size),
                            color,
                            ..TextFormat::default()
                        };
                        // Date and hit count first: a long title is cut, never the date.
                        head.append(
                            &format!("{date} · {}  ", group_digits(found.hits.len())),
                            0.0,
                            fmt(12.0, weak),
                        );
                        head.append(&article.title, 0.0, fmt(15.0, strong));
                        head.wrap = TextWrapping::truncate_at_width(rect.width() - 12.0);
                        let galley = painter.layout_job(head);
                        painter.galley(rect.left_top() + egui::vec2(6.0, 5.0), galley, strong);
                        let mut line = LayoutJob::default();
                        line.append(&left, 0.0, fmt(14.0, text_color));
                        line.append(
                            &word,
                            0.0,
                            TextFormat {
                                background: theme::marker(visuals),
                                ..fmt(14.0, strong)
                            },
                        );
                        line.append(&right, 0.0, fmt(14.0, text_color));
                        line.wrap = TextWrapping::truncate_at_width(rect.width() - 12.0);
                        let galley = painter.layout_job(line);
                        let y = rect.bottom() - 6.0 - galley.size().y;
                        painter.galley(egui::pos2(rect.left() + 6.0, y), galley, text_color);
                    }
                    if response.clicked() {
                        nav = Some(Nav::Go(Route::Passage(*hit)));
                    }
                }
            });
        nav
    }
}
