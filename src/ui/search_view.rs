//! Full-text search results: one row per article with its hit count and its first hit in
//! context; clicking opens the article at that hit. The query runs against the model's index
//! once per new query, never per frame.

use crate::knowledge::search::SearchResults;
use crate::ui::analysis::Analysis;
use crate::ui::app::{Nav, Passage, Route};
use crate::ui::entity_page::context;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::theme;
use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, Sense};
use std::sync::Arc;
use std::time::Instant;

/// The answer to the last query asked.
struct Answer {
    analysis: usize,
    query: String,
    results: SearchResults,
    ms: f64,
}

#[derive(Default)]
pub struct SearchView {
    answer: Option<Answer>,
}

impl SearchView {
    /// The results of `query`, searched now if it was not the last query.
    pub fn results(&mut self, analysis: &Analysis, query: &str) -> (&SearchResults, f64) {
        let key = Arc::as_ptr(&analysis.knowledge) as usize;
        let stale = self
            .answer
            .as_ref()
            .is_none_or(|a| a.analysis != key || a.query != query);
        if stale {
            let started = Instant::now();
            let k = &analysis.knowledge;
            let results = k.search.search(&k.bundle.articles, query);
            self.answer = Some(Answer {
                analysis: key,
                query: query.to_owned(),
                results,
                ms: started.elapsed().as_secs_f64() * 1e3,
            });
        }
        let a = self.answer.as_ref().expect("set just above when stale");
        (&a.results, a.ms)
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
        let (results, ms) = self.results(analysis, query);
        ui.label(egui::RichText::new(tr.search).size(22.0).strong());
        ui.label(
            egui::RichText::new(lang.search_summary(
                query,
                results.total_hits,
                results.articles.len(),
                ms,
            ))
            .weak(),
        );
        ui.add_space(8.0);
        if results.articles.is_empty() {
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
                        k.bundle.articles.get(found.article as usize),
                        found.hits.first(),
                    ) else {
                        continue;
                    };
                    let text = k
                        .text(found.article, hit.part, hit.index)
                        .unwrap_or_default();
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
                            format!("{}: {left}{word}{right}", article.title),
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
                        head.append(&article.title, 0.0, fmt(15.0, strong));
                        head.append(
                            &format!("  {date} · {}", group_digits(found.hits.len())),
                            0.0,
                            fmt(12.0, weak),
                        );
                        head.wrap.max_width = rect.width() - 12.0;
                        head.wrap.max_rows = 1;
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
                        line.wrap.max_width = rect.width() - 12.0;
                        line.wrap.max_rows = 1;
                        let galley = painter.layout_job(line);
                        let y = rect.bottom() - 6.0 - galley.size().y;
                        painter.galley(egui::pos2(rect.left() + 6.0, y), galley, text_color);
                    }
                    if response.clicked() {
                        nav = Some(Nav::Go(Route::Passage(Passage {
                            article: found.article,
                            part: hit.part,
                            index: hit.index,
                            start: hit.start,
                            end: hit.end,
                        })));
                    }
                }
            });
        nav
    }
}
