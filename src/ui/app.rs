//! The app: its state, the frame's layout (panels, then the view of the current route) and the
//! public surface tests and benchmarks drive.
//!
//! Views draw and return an `Option<Nav>`; the app applies it once at the end of the frame.
//! Background work (loading, the file dialog) runs in [`crate::ui::jobs`] and is polled each frame.
//! The toolbar, menus, status bar and notices are in [`chrome`], the windows over the frame in
//! [`windows`], taking loads and the file dialog's answers in [`loading`].

mod chrome;
mod corrections;
mod loading;
mod side;
mod windows;

pub use chrome::{Notice, NoticeLevel, NoticeTopic};

use crate::bundle::{ArticleId, Bundle, LoadOptions};
use crate::ui::analysis::{Analysis, AnalysisJob, SharedModels, StoreTarget};
use crate::ui::article_list::ArticleList;
use crate::ui::corrections::Corrections;
use crate::ui::entity_page::{EntityPage, EntityPageAction};
use crate::ui::entity_sidebar::EntitySidebar;
use crate::ui::export_dialog::ExportDialog;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{BundleSource, Job, LoadJob, LoadedBundle};
use crate::ui::links::ModelSpans;
use crate::ui::reader::{self, PlainText, ReaderStyle, SpanSource};
use crate::ui::route::{History, Nav, Route};
use crate::ui::search_view::SearchView;
use crate::ui::settings::{AppliedSettings, Settings};
use crate::ui::theme;
use crate::ui::timeline::TimelineView;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use windows::PathPrompt;

/// The desktop app.
pub struct KanbaoApp {
    pub settings: Settings,
    loaded: LoadedBundle,
    history: History,
    list: ArticleList,
    load: Option<LoadJob>,
    /// A load asked for, started on the next frame (which has a context to wake).
    pending_open: Option<BundleSource>,
    dialog: Option<Job<Option<PathBuf>>>,
    path_prompt: Option<PathPrompt>,
    /// The field map window, while open.
    field_map: Option<crate::ui::field_map::FieldMapWindow>,
    notices: Vec<Notice>,
    /// The action whose outcome is being reported: the topic of the notices made meanwhile.
    reporting: NoticeTopic,
    /// The language the notices were last shown in.
    notices_lang: Lang,
    show_warnings: bool,
    /// The corrections window is open.
    show_corrections: bool,
    /// The corrections window's file to export to or import from, and its file dialog.
    corrections_path: String,
    corrections_dialog: Option<Job<Option<PathBuf>>>,
    /// The Help ▸ Shortcuts window is open.
    show_shortcuts: bool,
    reader_style: ReaderStyle,
    /// Entities, timeline and search of the bundle shown, once built.
    analysis: Option<Arc<Analysis>>,
    analysis_job: Option<AnalysisJob>,
    /// The user's corrections of the analysis shown, and the analysis as extracted.
    corrections: Corrections,
    /// The shipped models, loaded by the first analysis.
    models: SharedModels,
    /// Where analyses of bundles opened from a path are kept; `None`: never kept.
    store: Option<crate::store::Store>,
    /// Analyse the bundle shown on the next frame.
    analysis_pending: bool,
    sidebar: EntitySidebar,
    entity_page: EntityPage,
    timeline: TimelineView,
    search: SearchView,
    /// The toolbar's search box.
    search_text: String,
    /// Put the keyboard focus in the search box on the next frame.
    focus_search: bool,
    export: ExportDialog,
    /// The route last drawn, to scroll a newly opened passage into view once.
    drawn_route: Option<Route>,
    applied: AppliedSettings,
    /// Process start, to report the first frame's time (`KANBAO_TIMING=1`).
    started: Option<Instant>,
    frames: u64,
    last_frame_ms: f32,
    /// A side panel the user shows is hidden this frame: the window is too narrow for it.
    squeezed: bool,
    /// Outer widths of the list and entity panels as last drawn (`None`: not drawn).
    drawn_panels: (Option<f32>, Option<f32>),
}

impl KanbaoApp {
    /// The app on the embedded sample. The context needs [`crate::ui::setup_context`] once.
    pub fn new(settings: Settings) -> Self {
        let loaded = LoadedBundle::load(BundleSource::Sample, &LoadOptions::default(), &|_| {})
            .unwrap_or_else(|_| empty_bundle());
        let start = first_article(&loaded.bundle);
        let lang = settings.lang;
        Self {
            settings,
            loaded,
            history: History::new(start),
            list: ArticleList::default(),
            load: None,
            pending_open: None,
            dialog: None,
            path_prompt: None,
            field_map: None,
            notices: Vec::new(),
            reporting: NoticeTopic::Other,
            notices_lang: lang,
            show_warnings: false,
            show_corrections: false,
            corrections_path: String::new(),
            corrections_dialog: None,
            show_shortcuts: false,
            reader_style: ReaderStyle::default(),
            analysis: None,
            analysis_job: None,
            corrections: Corrections::default(),
            models: SharedModels::default(),
            store: None,
            analysis_pending: true,
            sidebar: EntitySidebar::default(),
            entity_page: EntityPage::default(),
            timeline: TimelineView::default(),
            search: SearchView::default(),
            search_text: String::new(),
            focus_search: false,
            export: ExportDialog::default(),
            drawn_route: None,
            applied: AppliedSettings::default(),
            started: None,
            frames: 0,
            last_frame_ms: 0.0,
            squeezed: false,
            drawn_panels: (None, None),
        }
    }

    /// The app opening `path`, else the last bundle if the settings say so and it still exists,
    /// else showing the sample. The sample is not analysed on the way to a path (nor the
    /// tagger loaded for it); if the path cannot be opened, its analysis starts then.
    pub fn opening(settings: Settings, path: Option<PathBuf>) -> Self {
        let mut app = Self::new(settings);
        let reopen = app
            .settings
            .reopen_last
            .then(|| app.settings.last_bundle.clone())
            .flatten()
            .filter(|p| p.exists());
        if let Some(path) = path.or(reopen) {
            app.request_open(BundleSource::Path(path));
            app.analysis_pending = false;
        }
        app
    }

    /// Keeps and reads analyses of bundles opened from a path in `store` (the app as started
    /// from the command line; tests leave it unset).
    pub fn with_store(mut self, store: Option<crate::store::Store>) -> Self {
        self.store = store;
        self
    }

    /// The app as eframe starts it: settings from storage, then `path` (or the last bundle).
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        started: Instant,
    ) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        crate::ui::setup_context(&cc.egui_ctx);
        let mut app = Self::opening(settings, path);
        app.started = Some(started);
        app
    }

    /// Asks to load `source` in the background (from the next frame on).
    pub fn request_open(&mut self, source: BundleSource) {
        self.pending_open = Some(source);
    }

    /// Opens the typed-path field.
    pub fn open_path_prompt(&mut self) {
        self.path_prompt = Some(PathPrompt::new(false));
    }

    /// Whether a load is pending or running.
    pub fn is_loading(&self) -> bool {
        self.pending_open.is_some() || self.load.is_some()
    }

    pub fn bundle(&self) -> &Bundle {
        &self.loaded.bundle
    }

    pub fn source(&self) -> &BundleSource {
        &self.loaded.source
    }

    pub fn route(&self) -> &Route {
        self.history.current()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The analysis of the bundle shown, once built.
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.analysis.as_ref()
    }

    /// Whether the analysis of the bundle shown is pending or running.
    pub fn is_analysing(&self) -> bool {
        self.analysis_pending || self.analysis_job.is_some()
    }

    /// Blocks until the running analysis has answered and takes its answer (tests, benchmarks;
    /// the analysis starts on the first frame after a load).
    pub fn wait_for_analysis(&mut self) {
        if let Some(job) = self.analysis_job.take() {
            let answer = job.wait();
            self.finish_analysis(&job.bundle, answer);
        }
    }

    /// Goes to `route` as a click would.
    pub fn go(&mut self, route: Route) {
        self.navigate(Nav::Go(route));
    }

    /// Follows `nav` as a view's request would (a timeline request keeps the timeline's filter).
    pub fn navigate(&mut self, nav: Nav) {
        match nav {
            Nav::Correct(_) | Nav::UndoCorrection | Nav::RedoCorrection => {
                self.request_correction(nav);
            }
            nav => self.history.apply(nav, self.timeline.filter_inputs()),
        }
    }

    /// The corrections of the bundle shown.
    pub fn corrections(&self) -> &Corrections {
        &self.corrections
    }

    /// Sets the toolbar's search text and shows its results.
    pub fn search_for(&mut self, query: &str) {
        query.clone_into(&mut self.search_text);
        let filter = self.search.filter.for_new_query();
        self.history
            .visit(Route::Search(query.trim().to_owned(), filter));
    }

    /// How far the search shown has got (benchmarks).
    pub fn search_progress(&self) -> Option<crate::ui::search_view::SearchProgress> {
        self.search.progress()
    }

    pub fn timeline_view(&self) -> &TimelineView {
        &self.timeline
    }

    pub fn entity_page(&mut self) -> &mut EntityPage {
        &mut self.entity_page
    }

    pub fn export_dialog(&mut self) -> &mut ExportDialog {
        &mut self.export
    }

    /// Writes the events the timeline view shows to `path` in `format`, as the Export window's
    /// button does, and waits for the answer (tests).
    pub fn export_now(
        &mut self,
        ctx: &egui::Context,
        format: crate::export::ExportFormat,
        path: PathBuf,
    ) {
        self.export.format = format;
        self.start_export(ctx, path);
        if let Some(outcome) = self.export.wait() {
            self.report_outcome(NoticeTopic::Export, |app| app.export_done(outcome));
        }
    }

    /// Sets the article list's filter text (as if typed).
    pub fn set_filter(&mut self, text: &str) {
        text.clone_into(&mut self.list.filter);
    }

    /// Outer widths of the article list and the entity panel as last drawn; `None` for a panel
    /// not drawn (hidden, squeezed out, or a view without side panels).
    pub fn panel_widths(&self) -> (Option<f32>, Option<f32>) {
        self.drawn_panels
    }

    /// Time spent building the last frame, in milliseconds.
    pub fn last_frame_ms(&self) -> f32 {
        self.last_frame_ms
    }

    /// One whole frame: poll background work, then draw. (eframe calls the two halves apart.)
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll(ui.ctx());
        self.draw(ui);
    }

    /// Starts requested loads, takes finished jobs' answers, applies changed settings.
    pub fn poll(&mut self, ctx: &egui::Context) {
        if let Some(source) = self.pending_open.take() {
            if let Some(old) = self.load.take() {
                old.cancel();
            }
            let map = self.field_map_for(&source);
            self.load = Some(LoadJob::spawn(source, self.store.clone(), map, ctx));
        }
        if let Some(answer) = self.load.as_ref().and_then(LoadJob::poll) {
            let source = self.load.take().map(|job| job.source);
            let opened = matches!(answer, Ok(Ok(_)));
            self.report_outcome(NoticeTopic::Open, |app| {
                app.finish_load(source, answer);
                if opened {
                    app.tell_if_empty();
                    app.offer_field_map();
                }
            });
        }
        if self.analysis_pending {
            self.analysis_pending = false;
            self.analysis = None;
            self.corrections_follow_bundle();
            // The store knows no field map: a mapped bundle's analysis is neither read nor kept.
            let store = match (&self.store, &self.loaded.source) {
                (Some(store), BundleSource::Path(path)) if self.loaded.map.is_empty() => {
                    Some(StoreTarget {
                        store: store.clone(),
                        path: path.clone(),
                        date: None,
                    })
                }
                _ => None,
            };
            self.analysis_job = Some(AnalysisJob::spawn(
                Arc::clone(&self.loaded.bundle),
                &self.models,
                store,
                self.loaded.stored.take(),
                ctx,
            ));
        }
        if let Some(answer) = self.analysis_job.as_ref().and_then(AnalysisJob::poll)
            && let Some(job) = self.analysis_job.take()
        {
            self.finish_analysis(&job.bundle, answer);
        }
        self.poll_corrections(ctx);
        self.poll_corrections_dialog();
        if let Some(outcome) = self.export.poll() {
            self.report_outcome(NoticeTopic::Export, |app| app.export_done(outcome));
        }
        if let Some((answer, elapsed)) = self
            .dialog
            .as_ref()
            .and_then(|job| job.poll().map(|a| (a, job.elapsed())))
        {
            self.dialog = None;
            self.reporting = NoticeTopic::Open;
            self.finish_dialog(answer, elapsed);
            self.reporting = NoticeTopic::Other;
        }
        let lang = self.settings.lang;
        if self.notices_lang != lang {
            self.notices_lang = lang;
            self.localize_notices();
        }
        let title = lang.window_title(&display_name(&self.loaded.source, lang));
        self.applied.apply(ctx, &self.settings, title);
    }

    /// Opens the Export window with a default file name in the last export folder (else beside
    /// the bundle).
    pub fn open_export(&mut self) {
        let dir = self.export_dir();
        self.export.show(&dir, &self.loaded.bundle.name);
    }

    /// Where exports go unless the user says otherwise: the folder last written to, else the
    /// bundle's folder (the working folder for the sample).
    fn export_dir(&self) -> PathBuf {
        if let Some(dir) = self.settings.export_dir.as_ref().filter(|d| d.is_dir()) {
            return dir.clone();
        }
        match &self.loaded.source {
            BundleSource::Path(p) if p.is_dir() => p.clone(),
            BundleSource::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            BundleSource::Sample => std::env::current_dir().unwrap_or_default(),
        }
    }

    /// The search view (tests).
    pub fn search_view(&mut self) -> &mut SearchView {
        &mut self.search
    }

    /// Lays out the frame: toolbar, status bar, list, reader, windows; applies navigation.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        let mut nav = self.handle_input(&ctx);

        egui::Panel::top("kanbao.toolbar")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 6)),
            )
            .show(ui, |ui| {
                if let Some(n) = self.toolbar_ui(ui) {
                    nav = Some(n);
                }
            });
        egui::Panel::bottom("kanbao.status")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 4)),
            )
            .show(ui, |ui| self.status_ui(ui));
        // The timeline takes the whole width: its own side pane shows the selected event.
        let wide = matches!(self.history.current(), Route::Timeline { .. });
        if wide {
            self.drawn_panels = (None, None);
        } else {
            self.side_panels_ui(ui, &mut nav);
        }
        let paper = theme::paper(ui.visuals());
        egui::CentralPanel::default()
            .frame(
                egui::Frame::central_panel(ui.style())
                    .fill(paper)
                    .inner_margin(0),
            )
            .show(ui, |ui| {
                self.notices_ui(ui);
                if let Some(n) = self.main_view_ui(ui) {
                    nav = Some(n);
                }
            });

        self.export_window(&ctx);
        self.warnings_window(&ctx);
        self.corrections_window(&ctx);
        self.shortcuts_window(&ctx);
        self.path_prompt_window(&ctx);
        self.field_map_window(&ctx);
        self.drop_overlay(&ctx);

        if let Some(nav) = nav {
            self.navigate(nav);
        }
        self.last_frame_ms = frame_start.elapsed().as_secs_f32() * 1000.0;
        self.frames += 1;
        if self.frames == 1
            && let Some(started) = self.started
            && std::env::var_os("KANBAO_TIMING").is_some()
        {
            eprintln!(
                "kanbao: first frame built {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    /// The central view of the current route.
    fn main_view_ui(&mut self, ui: &mut egui::Ui) -> Option<Nav> {
        let route = self.history.current().clone();
        let newly_shown = self.drawn_route.as_ref() != Some(&route);
        self.drawn_route = Some(route.clone());
        let lang = self.settings.lang;
        let analysis = self.analysis.clone();
        let needs_analysis = matches!(
            route,
            Route::Entity(_) | Route::Timeline { .. } | Route::Search(..)
        );
        if needs_analysis && analysis.is_none() {
            centered_column(ui, self.reader_style.max_width, |ui| {
                ui.add_space(40.0);
                ui.label(egui::RichText::new(lang.analysing(self.analysis_phase())).weak());
            });
            return None;
        }
        match (&route, analysis.as_deref()) {
            (Route::Entity(id), Some(a)) => {
                let mut action = None;
                centered_column(ui, self.reader_style.max_width + 120.0, |ui| {
                    action = self.entity_page.ui(ui, a, *id, lang);
                });
                match action? {
                    EntityPageAction::Go(nav) => Some(nav),
                    EntityPageAction::ShowOnTimeline(id, toggles) => {
                        self.timeline.show_entity(&a.knowledge, id, &toggles);
                        Some(Nav::Timeline(None))
                    }
                }
            }
            (Route::Timeline { focus, filter }, Some(a)) => {
                // Back and Forward bring the filter last seen on this entry; changing it updates
                // the entry in place.
                self.timeline.set_filter_inputs(filter);
                let nav = self.timeline.ui(ui, &a.knowledge, *focus, lang);
                self.history
                    .update_timeline_filter(self.timeline.filter_inputs());
                nav
            }
            (Route::Search(query, filter), Some(a)) => {
                // Back and Forward bring the order and facets last seen on this entry; changing
                // them updates the entry in place.
                if newly_shown {
                    self.search.filter = *filter;
                }
                let export_dir = self.export_dir();
                let bundle = self.bundle_path();
                let cx = crate::ui::search_view::SearchContext {
                    lang,
                    export_dir: &export_dir,
                    bundle: bundle.as_deref(),
                };
                let (nav, written) =
                    centered_column(ui, self.reader_style.max_width + 120.0, |ui| {
                        self.search.ui(ui, a, query, &cx)
                    });
                if let Some(crate::ui::search_view::CsvWritten(dir)) = written {
                    self.settings.export_dir = Some(dir);
                }
                self.history.update_search_filter(&self.search.filter);
                nav
            }
            _ => self.reader_ui(ui, &route, analysis.as_deref(), newly_shown),
        }
    }

    fn analysis_phase(&self) -> Option<crate::knowledge::BuildPhase> {
        self.analysis_job.as_ref().and_then(AnalysisJob::phase)
    }

    fn analysis_progress(&self) -> Option<crate::ui::analysis::AnalysisProgress> {
        self.analysis_job.as_ref().and_then(AnalysisJob::progress)
    }

    fn reader_ui(
        &mut self,
        ui: &mut egui::Ui,
        route: &Route,
        analysis: Option<&Analysis>,
        newly_shown: bool,
    ) -> Option<Nav> {
        let lang = self.settings.lang;
        let bundle = &self.loaded.bundle;
        let article = route
            .article()
            .and_then(|id| bundle.articles.get(id.index()));
        let focus = match route {
            Route::Passage(p) => Some(*p),
            _ => None,
        };
        let style = self.reader_style;
        let visuals = ui.visuals().clone();
        let marks = focus
            .map(|f| self.search.marks_beside(f))
            .unwrap_or_default();
        let model_spans = analysis.map(|analysis| ModelSpans {
            analysis,
            focus,
            marks: &marks,
            visuals: &visuals,
            lang,
        });
        let spans: &dyn SpanSource = match &model_spans {
            Some(m) => m,
            None => &PlainText,
        };
        if analysis.is_some()
            && article.is_some()
            && self.loaded.source == BundleSource::Sample
            && !self.settings.link_hint_dismissed
        {
            link_hint_ui(ui, &mut self.settings.link_hint_dismissed, lang);
        }
        let salt = article.map_or(u64::MAX, |a| u64::from(a.id.get()));
        // The scroll position belongs to the article; a new passage scrolls once to its mention.
        let scroll_to_focus = newly_shown && focus.is_some();
        egui::ScrollArea::vertical()
            .id_salt(("kanbao.reader", salt))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                centered_column(ui, style.max_width, |ui| match article {
                    Some(article) => {
                        reader::article_ui(ui, article, spans, &style, lang, scroll_to_focus)
                    }
                    None => {
                        home_ui(ui, bundle, &self.loaded.source, lang);
                        None
                    }
                })
            })
            .inner
    }
}

impl eframe::App for KanbaoApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.poll(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }
}

/// The first-run hint over the reader: names and dates are links; dismissed for good.
fn link_hint_ui(ui: &mut egui::Ui, dismissed: &mut bool, lang: Lang) {
    let accent = ui.visuals().hyperlink_color;
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .stroke(egui::Stroke::new(1.0, accent))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(10, 4))
        .outer_margin(egui::Margin::symmetric(12, 6))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let close = ui.small_button(lang.views().hint_understood);
                ui.add(egui::Label::new(lang.views().first_run_hint).truncate());
                if close.clicked() {
                    *dismissed = true;
                }
            });
        });
}

/// The route to start a bundle on: its first article, or home when it has none.
fn first_article(bundle: &Bundle) -> Route {
    if bundle.articles.is_empty() {
        Route::Home
    } else {
        Route::Article(ArticleId::new(0))
    }
}

fn empty_bundle() -> LoadedBundle {
    let bundle = Bundle::default();
    LoadedBundle {
        source: BundleSource::Sample,
        index: std::sync::Arc::new(crate::ui::article_list::ListIndex::new(&bundle)),
        bundle: std::sync::Arc::new(bundle),
        load_ms: 0.0,
        stored: None,
        map: crate::bundle::FieldOverrides::default(),
    }
}

/// The bundle's name for the title bar and toolbar: "sample page" or the path.
fn display_name(source: &BundleSource, lang: Lang) -> String {
    match source {
        BundleSource::Sample => lang.tr().sample.to_owned(),
        BundleSource::Path(p) => p.display().to_string(),
    }
}

/// Runs `add` in a column at most `max_width` wide, centred in the available width, with a
/// margin on each side that narrows in small windows; never wider than the space it is given.
fn centered_column<R>(
    ui: &mut egui::Ui,
    max_width: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let available = ui.available_width();
    let side = (available * 0.04).clamp(8.0, 28.0);
    let width = (available - 2.0 * side).min(max_width).max(0.0);
    let margin = ((available - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.add_space(16.0);
            add(ui)
        })
        .inner
    })
    .inner
}

/// The page shown when no article is open.
fn home_ui(ui: &mut egui::Ui, bundle: &Bundle, source: &BundleSource, lang: Lang) {
    let tr = lang.tr();
    ui.add_space(60.0);
    ui.label(egui::RichText::new(tr.app_name).size(40.0).strong());
    ui.add_space(8.0);
    ui.label(egui::RichText::new(display_name(source, lang)).size(18.0));
    ui.label(
        egui::RichText::new(format!(
            "{} · {}",
            lang.articles(bundle.articles.len()),
            lang.files(bundle.stats.files)
        ))
        .weak(),
    );
    ui.add_space(24.0);
    let text = if bundle.articles.is_empty() {
        tr.empty_bundle
    } else {
        tr.welcome
    };
    ui.label(egui::RichText::new(text).size(17.0));
    ui.add_space(6.0);
    ui.label(egui::RichText::new(tr.keyboard_hint).weak());
}
