//! Full-text search results: one row per article with its hit count and its first hit in
//! context, every word of the query marked; clicking opens the article at that hit. A new query
//! asks the index for candidate articles, then checks them a few milliseconds per frame, so the
//! first results show at once even when a common word matches most of a large corpus.
//!
//! Once every candidate is checked the rows take the chosen order (relevance, newest, oldest)
//! and the facets beside them ([`crate::ui::search_facets`]): a date histogram (years, then the
//! months of the year clicked) and the entities of one kind most often in the results; both
//! filter on click. Ordering and counting a large answer (35k results of 中国 in the big corpus)
//! runs on a worker, the rows and facets shown before staying up until it answers. The order
//! and facets live in the search's route, so Back returns to them. The rows shown can be
//! written as CSV.

use crate::bundle::{ArticleId, TextSpan};
use crate::knowledge::search::{
    ArticleHits, Query, Ranking, SearchOrder, SearchResults, mean_length,
};
use crate::ui::analysis::{Analysis, EntityGroup};
use crate::ui::derived::Derived;
use crate::ui::i18n::{Lang, group_digits};
use crate::ui::jobs::Job;
use crate::ui::route::{Nav, Route};
use crate::ui::search_facets::{self, DateFacet, Histogram, SearchFilter, Shown};
use crate::ui::theme;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, Sense};
use std::path::{Path, PathBuf};
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
    /// Shared with the worker that orders them once every candidate is checked.
    results: Arc<SearchResults>,
    /// How relevant each result is (by position in `results.articles`).
    ranking: Option<Ranking>,
    scores: Arc<Vec<f64>>,
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

/// The answer before any query.
static NO_RESULTS: SearchResults = SearchResults {
    articles: Vec::new(),
    total_hits: 0,
};

/// Time one frame may spend checking candidates; the rest waits for the next frames.
const FRAME_BUDGET: Duration = Duration::from_millis(6);

/// Answers of at most this many results are ordered and counted inside the frame (a few
/// milliseconds); larger ones on a worker.
pub const INLINE_RESULTS: usize = 2_000;

pub struct SearchView {
    answer: Option<Answer>,
    /// The order and facets chosen (the app sets them from the search's route).
    pub filter: SearchFilter,
    /// The rows and facets of the finished answer under a filter, the last ones shown while a
    /// worker derives them for another.
    shown: Derived<SearchFilter, Arc<Shown>>,
    /// Answers up to this many results are ordered inline ([`INLINE_RESULTS`]; tests lower it).
    pub inline_results: usize,
    /// The CSV export row: the path typed (shown while `Some`), a running write, its outcome.
    csv_path: Option<String>,
    csv_job: Option<(PathBuf, Job<Result<usize, String>>)>,
    csv_message: Option<(bool, String)>,
    /// The mean article length of the analysis (by its address), for relevance.
    mean_length: Option<(usize, f64)>,
}

impl Default for SearchView {
    fn default() -> Self {
        Self {
            answer: None,
            filter: SearchFilter::default(),
            shown: Derived::default(),
            inline_results: INLINE_RESULTS,
            csv_path: None,
            csv_job: None,
            csv_message: None,
            mean_length: None,
        }
    }
}

/// What the search view needs from the app beyond the analysis.
pub struct SearchContext<'a> {
    pub lang: Lang,
    /// The folder an export goes to unless the user says otherwise.
    pub export_dir: &'a Path,
    /// The path the bundle was loaded from: an export may not replace one of its files.
    pub bundle: Option<&'a Path>,
}

/// How a CSV write ended: the folder it went to, to remember.
pub struct CsvWritten(pub PathBuf);

/// Where a search stands.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
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
            // The bundle's mean length is counted once per analysis, not per query.
            if self.mean_length.is_none_or(|(of, _)| of != key) {
                self.mean_length = Some((key, mean_length(&k.bundle.articles)));
            }
            let mean = self.mean_length.map_or(1.0, |(_, m)| m);
            let ranking = prepared
                .as_ref()
                .map(|q| Ranking::with_mean_length(&k.search, k.bundle.articles.len(), mean, q));
            self.answer = Some(Answer {
                analysis: key,
                query: query.to_owned(),
                prepared,
                candidates,
                checked: 0,
                results: Arc::default(),
                ranking,
                scores: Arc::default(),
                ms: 0.0,
                first_ms: 0.0,
            });
            self.shown.clear();
        }
        let Some(a) = self.answer.as_mut() else {
            return (&NO_RESULTS, SearchProgress::default());
        };
        let first = a.checked == 0;
        if let Some(q) = &a.prepared
            && a.checked < a.candidates.len()
        {
            // No worker holds them before every candidate is checked: no copy is made.
            let results = Arc::make_mut(&mut a.results);
            let scores = Arc::make_mut(&mut a.scores);
            while a.checked < a.candidates.len() {
                let id = a.candidates[a.checked];
                a.checked += 1;
                if let Some(hits) = k.bundle.articles.get(id.index()).and_then(|x| q.hits(x)) {
                    results.total_hits += hits.hits.len();
                    scores.push(a.ranking.as_ref().map_or(0.0, |r| r.score(&hits)));
                    results.articles.push(hits);
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

    /// The finished answer's rows (positions in its articles) in the chosen order under the
    /// chosen facets, derived inline for a small answer, else on a worker (whose answer wakes
    /// `ctx`); until it answers, the rows and facets last derived. `None` while candidates
    /// remain.
    pub fn shown(&mut self, ctx: &egui::Context, analysis: &Analysis) -> Option<Arc<Shown>> {
        let a = self.answer.as_ref()?;
        if !a.progress().done() {
            return None;
        }
        let k = Arc::clone(&analysis.knowledge);
        let (results, scores) = (Arc::clone(&a.results), Arc::clone(&a.scores));
        let filter = self.filter;
        let inline = results.articles.len() <= self.inline_results;
        self.shown
            .get(ctx, "search-facets", &filter, inline, move || {
                Arc::new(search_facets::derive(
                    &k,
                    &results.articles,
                    &scores,
                    &filter,
                ))
            })
            .cloned()
    }

    /// Whether a worker is ordering the answer for a newer filter than the rows shown.
    pub fn is_ordering(&self) -> bool {
        self.shown.pending()
    }

    /// The rows and facets for the current filter, waiting for the worker if one is running
    /// (tests and benchmarks; never on the UI thread).
    pub fn wait_shown(&mut self, ctx: &egui::Context, analysis: &Analysis) -> Option<Arc<Shown>> {
        self.shown(ctx, analysis)?;
        while self.shown.pending() {
            std::thread::sleep(Duration::from_millis(1));
            self.shown(ctx, analysis);
        }
        self.shown(ctx, analysis)
    }

    /// Every hit of the last answer in the text `hit` stands in, when `hit` is one of them:
    /// the marks the reader shows for a search hit opened from the results.
    pub fn marks_beside(&self, hit: TextSpan) -> Vec<TextSpan> {
        let Some(a) = &self.answer else {
            return Vec::new();
        };
        let Some(found) = a.results.articles.iter().find(|f| f.article == hit.article) else {
            return Vec::new();
        };
        if !found.hits.contains(&hit) {
            return Vec::new();
        }
        found
            .hits
            .iter()
            .filter(|h| h.part == hit.part && h.index == hit.index)
            .copied()
            .collect()
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        query: &str,
        cx: &SearchContext,
    ) -> (Option<Nav>, Option<CsvWritten>) {
        let lang = cx.lang;
        let tr = lang.tr();
        ui.add_space(20.0);
        let (results, progress) = self.results(analysis, query, Some(FRAME_BUDGET));
        let (total_hits, found) = (results.total_hits, results.articles.len());
        ui.label(egui::RichText::new(tr.search).size(22.0).strong());
        let summary = if progress.done() {
            lang.search_summary(query, total_hits, found, progress.ms)
        } else {
            ui.ctx().request_repaint();
            lang.search_running(
                query,
                total_hits,
                found,
                progress.checked,
                progress.candidates,
            )
        };
        ui.label(egui::RichText::new(summary).weak())
            .on_hover_text(lang.views().query_help);
        ui.add_space(4.0);
        let written = self.poll_csv(lang);
        if found == 0 && progress.done() {
            ui.add_space(16.0);
            ui.label(egui::RichText::new(tr.no_results).weak());
            ui.label(egui::RichText::new(lang.views().query_help).small().weak());
            return (None, written);
        }
        let mut nav = None;
        let shown = self.controls_ui(ui, analysis, cx);
        ui.add_space(6.0);
        let Some(a) = self.answer.as_ref() else {
            return (None, written);
        };
        let arrival: Vec<usize>;
        let rows: &[usize] = match &shown {
            Some(shown) if progress.done() => &shown.rows,
            _ => {
                arrival = (0..a.results.articles.len()).collect();
                &arrival
            }
        };
        let row_h = (ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 16.0).round();
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.search.rows", query, self.filter))
            .auto_shrink([false, false])
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                for &i in rows.get(range).unwrap_or_default() {
                    if let Some(found) = a.results.articles.get(i)
                        && let Some(to) = result_row_ui(ui, analysis, found, row_h)
                    {
                        nav = Some(to);
                    }
                }
            });
        (nav, written)
    }

    /// The order buttons, the CSV export, the date histogram and the entity facet; the rows
    /// and facets shown (the last ones derived while a worker derives newer).
    fn controls_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        cx: &SearchContext,
    ) -> Option<Arc<Shown>> {
        let v = cx.lang.views();
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(v.order_label).weak());
            for (order, label) in SearchOrder::ALL.into_iter().zip([
                v.order_relevance,
                v.order_newest,
                v.order_oldest,
            ]) {
                if ui
                    .selectable_label(self.filter.order == order, label)
                    .clicked()
                {
                    self.filter.order = order;
                }
            }
            ui.separator();
            let open = self.csv_path.is_some();
            if ui
                .add_enabled(
                    self.csv_job.is_none(),
                    egui::Button::selectable(open, v.export_csv),
                )
                .clicked()
            {
                self.csv_path = if open {
                    None
                } else {
                    Some(
                        csv_default_path(cx.export_dir, self.query())
                            .display()
                            .to_string(),
                    )
                };
            }
            if self.shown.pending() {
                ui.separator();
                ui.label(egui::RichText::new(cx.lang.tr().filtering).small().weak());
                ui.ctx().request_repaint();
            }
        });
        self.csv_row_ui(ui, analysis, cx);
        let shown = self.shown(ui.ctx(), analysis)?;
        ui.add_space(4.0);
        if let Some(date) = histogram_ui(ui, &shown, self.filter.date, cx.lang) {
            self.filter.date = date;
        }
        ui.add_space(2.0);
        entity_facet_ui(ui, analysis, &shown, &mut self.filter, cx.lang);
        Some(shown)
    }

    fn query(&self) -> &str {
        self.answer.as_ref().map_or("", |a| a.query.as_str())
    }

    /// The CSV path field and its Save button, with the last outcome.
    fn csv_row_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, cx: &SearchContext) {
        let v = cx.lang.views();
        if let Some((ok, message)) = &self.csv_message {
            let color = if *ok {
                ui.visuals().weak_text_color()
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(egui::RichText::new(message).small().color(color));
        }
        let Some(path) = self.csv_path.as_mut() else {
            return;
        };
        let mut save = false;
        ui.horizontal(|ui| {
            let label = ui.label(v.csv_path);
            let edit = egui::TextEdit::singleline(path)
                .id(csv_path_id())
                .desired_width((ui.available_width() - 80.0).max(120.0));
            let response = ui.add(edit).labelled_by(label.id);
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let ready = self.csv_job.is_none() && !self.shown.pending();
            save = ui.add_enabled(ready, egui::Button::new(v.save)).clicked() || enter;
        });
        if save {
            let path = PathBuf::from(path.trim());
            self.start_csv(ui.ctx(), analysis, path, cx);
        }
    }

    /// Writes the rows shown as CSV to `path` on a worker (tests call it with a path); nothing
    /// while the rows of the filter chosen are still being derived.
    pub fn start_csv(
        &mut self,
        ctx: &egui::Context,
        analysis: &Analysis,
        path: PathBuf,
        cx: &SearchContext,
    ) {
        let lang = cx.lang;
        // The Save button waits for rows of the filter chosen.
        let Some(shown) = self.shown(ctx, analysis).filter(|_| !self.shown.pending()) else {
            return;
        };
        let rows = shown.rows.clone();
        let Some(a) = self.answer.as_ref() else {
            return;
        };
        let bytes = search_facets::csv(analysis, &a.results.articles, &rows);
        let bundle = cx.bundle.map(Path::to_path_buf);
        let target = path.clone();
        let job = Job::spawn("search-csv", ctx, move || {
            if let Some(bundle) = &bundle {
                crate::export::guard::check_output(&target, bundle)
                    .map_err(|e| lang.export_error(&e))?;
            }
            let bytes = bytes?;
            crate::atomic::write_atomic(&target, &bytes).map_err(|e| e.to_string())?;
            Ok(rows.len())
        });
        self.csv_job = Some((path, job));
    }

    /// Takes a finished CSV write's outcome; the folder written to when it succeeded.
    fn poll_csv(&mut self, lang: Lang) -> Option<CsvWritten> {
        let answer = self.csv_job.as_ref().and_then(|(_, job)| job.poll())?;
        let (path, _) = self.csv_job.take()?;
        self.finish_csv(path, answer, lang)
    }

    fn finish_csv(
        &mut self,
        path: PathBuf,
        answer: Result<Result<usize, String>, crate::ui::jobs::JobPanic>,
        lang: Lang,
    ) -> Option<CsvWritten> {
        match answer {
            Ok(Ok(rows)) => {
                self.csv_message =
                    Some((true, lang.csv_written(rows, &path.display().to_string())));
                self.csv_path = None;
                path.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(|dir| CsvWritten(dir.to_path_buf()))
            }
            Ok(Err(why)) | Err(crate::ui::jobs::JobPanic(why)) => {
                self.csv_message = Some((false, format!("{}: {why}", path.display())));
                None
            }
        }
    }

    /// Waits for a running CSV write and takes its outcome (tests).
    pub fn wait_csv(&mut self, lang: Lang) -> Option<(bool, String)> {
        if let Some((path, job)) = self.csv_job.take() {
            let answer = job.wait();
            self.finish_csv(path, answer, lang);
        }
        self.csv_message.clone()
    }
}

/// The CSV path field's id (tests type into it).
pub fn csv_path_id() -> egui::Id {
    egui::Id::unique("kanbao.search.csv_path")
}

/// `dir/kanbao-search-<query>.csv`, the query's letters kept.
pub fn csv_default_path(dir: &Path, query: &str) -> PathBuf {
    let stem: String = query
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    dir.join(format!("kanbao-search-{stem}.csv"))
}

/// Bars of the date histogram, each a button: a year narrows to it (and shows its months), a
/// month to it; the chosen range's × clears it. Returns the new date filter when one is clicked.
fn histogram_ui(
    ui: &mut egui::Ui,
    shown: &Shown,
    chosen: Option<DateFacet>,
    lang: Lang,
) -> Option<Option<DateFacet>> {
    let v = lang.views();
    let bars: Vec<(DateFacet, String, usize)> = match &shown.histogram {
        Histogram::Years(years) => years
            .iter()
            .map(|&(y, n)| (DateFacet::Year(y), y.to_string(), n))
            .collect(),
        Histogram::Months(y, months) => months
            .iter()
            .map(|&(m, n)| (DateFacet::Month(*y, m), lang.month_label(m), n))
            .collect(),
    };
    let mut picked = None;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(v.facet_dates).weak());
        if let Some(date) = chosen {
            let label = match date {
                DateFacet::Year(y) => format!("{y} ×"),
                DateFacet::Month(y, m) => format!("{y} {} ×", lang.month_label(m)),
            };
            if ui
                .small_button(label)
                .on_hover_text(v.clear_facet)
                .clicked()
            {
                picked = Some(None);
            }
        }
        if shown.undated > 0 {
            ui.label(
                egui::RichText::new(lang.facet_count(v.undated_count, shown.undated))
                    .small()
                    .weak(),
            );
        }
    });
    let Some(max) = bars.iter().map(|b| b.2).max().filter(|&m| m > 0) else {
        return picked;
    };
    let height = 36.0;
    let width = ui.available_width();
    let bar_w = (width / bars.len() as f32).clamp(6.0, 48.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height + 14.0), Sense::hover());
    let accent = ui.visuals().hyperlink_color;
    let weak = ui.visuals().weak_text_color();
    let label_every = (28.0 / bar_w).ceil().max(1.0) as usize;
    for (i, (facet, label, n)) in bars.iter().enumerate() {
        let x = rect.left() + i as f32 * bar_w;
        let cell = egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(bar_w, height));
        let response = ui.interact(
            cell,
            ui.scope_id().with(("kanbao.search.bar", i)),
            Sense::click(),
        );
        let tip = lang.facet_count(label, *n);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, *n > 0, &tip));
        let h = (*n as f32 / max as f32 * height).max(if *n > 0 { 2.0 } else { 0.0 });
        let on = chosen == Some(*facet);
        let fill = if on || response.hovered() {
            accent
        } else {
            accent.gamma_multiply(0.55)
        };
        let bar = egui::Rect::from_min_max(
            egui::pos2(x + 1.0, cell.bottom() - h),
            egui::pos2(x + bar_w - 1.0, cell.bottom()),
        );
        ui.painter().rect_filled(bar, 1.0, fill);
        if i % label_every == 0 {
            ui.painter().text(
                egui::pos2(x + 1.0, cell.bottom() + 1.0),
                egui::Align2::LEFT_TOP,
                label,
                FontId::proportional(10.0),
                weak,
            );
        }
        if response.on_hover_text(tip).clicked() && *n > 0 {
            picked = Some(Some(*facet));
        }
    }
    picked
}

/// The entity facet: a kind chooser, then that kind's entities in the most results; a click
/// keeps the results that mention one, its × shows all again.
fn entity_facet_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    shown: &Shown,
    filter: &mut SearchFilter,
    lang: Lang,
) {
    let v = lang.views();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(v.facet_entities).weak());
        for group in [
            EntityGroup::People,
            EntityGroup::Places,
            EntityGroup::Organizations,
            EntityGroup::Other,
        ] {
            if ui
                .selectable_label(filter.group == group, lang.group(group))
                .clicked()
            {
                filter.group = group;
            }
        }
        if let Some(e) = filter.entity.and_then(|id| analysis.entity(id)) {
            ui.separator();
            let color = theme::entity_color(ui.visuals(), EntityGroup::of(e));
            let chip = egui::RichText::new(format!("{} ×", e.name)).color(color);
            if ui.small_button(chip).on_hover_text(v.clear_facet).clicked() {
                filter.entity = None;
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for &(id, n) in &shown.entities {
            let Some(e) = analysis.entity(id) else {
                continue;
            };
            let color = theme::entity_color(ui.visuals(), EntityGroup::of(e));
            let text = egui::RichText::new(format!("{} {}", e.name, group_digits(n))).color(color);
            let on = filter.entity == Some(id);
            if ui
                .selectable_label(on, text)
                .on_hover_text(lang.facet_count(&e.name, n))
                .clicked()
            {
                filter.entity = if on { None } else { Some(id) };
            }
        }
    });
}

/// One result: date, hit count and title, then the first hit in context with every word of the
/// query marked. Clicking opens the article at the first hit.
fn result_row_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    found: &ArticleHits,
    row_h: f32,
) -> Option<Nav> {
    let k = &analysis.knowledge;
    let (article, hit) = (
        k.bundle.articles.get(found.article.index())?,
        found.hits.first()?,
    );
    let text = k.text(*hit).unwrap_or_default();
    let pieces = search_facets::snippet(text, *hit, &found.hits, SNIPPET_CHARS);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), row_h), Sense::click());
    let date = article
        .date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    response.widget_info(|| {
        let snippet: String = pieces.iter().map(|(s, _)| s.as_str()).collect();
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("{date} {}: {snippet}", article.title),
        )
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let strong = visuals.strong_text_color();
        let weak = visuals.weak_text_color();
        let text_color = visuals.text_color();
        let marker = theme::marker(visuals);
        let painter = ui.painter_at(rect);
        let fmt = |size: f32, color| TextFormat {
            font_id: FontId::proportional(size),
            color,
            ..TextFormat::default()
        };
        // Date and hit count first: a long title is cut, never the date.
        let mut head = LayoutJob::default();
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
        for (piece, marked) in &pieces {
            let format = if *marked {
                TextFormat {
                    background: marker,
                    ..fmt(14.0, strong)
                }
            } else {
                fmt(14.0, text_color)
            };
            line.append(piece, 0.0, format);
        }
        line.wrap = TextWrapping::truncate_at_width(rect.width() - 12.0);
        let galley = painter.layout_job(line);
        let y = rect.bottom() - 6.0 - galley.size().y;
        painter.galley(egui::pos2(rect.left() + 6.0, y), galley, text_color);
    }
    response.clicked().then_some(Nav::Go(Route::Passage(*hit)))
}

/// Chars of context either side of the first hit in a result's snippet.
const SNIPPET_CHARS: usize = 24;
