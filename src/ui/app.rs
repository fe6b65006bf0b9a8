//! The app: state, navigation (routes and history), persisted settings, and the frame's layout.
//!
//! Views draw and return an `Option<Nav>`; the app applies it once at the end of the frame.
//! Background work (loading, the file dialog) runs in [`crate::ui::jobs`] and is polled each frame.

use crate::bundle::{ArticleId, Bundle, BundleError, LoadOptions, Part};
use crate::knowledge::entities::EntityId;
use crate::ui::analysis::{Analysis, AnalysisJob, SharedModels};
use crate::ui::article_list::ArticleList;
use crate::ui::entity_page::{EntityPage, EntityPageAction};
use crate::ui::entity_sidebar::EntitySidebar;
use crate::ui::export_dialog::{ExportDialog, ExportOutcome};
use crate::ui::i18n::Lang;
use crate::ui::jobs::{BundleSource, Job, JobPanic, LoadJob, LoadedBundle, progress_fraction};
use crate::ui::links::ModelSpans;
use crate::ui::reader::{self, PlainText, ReaderStyle, SpanSource};
use crate::ui::search_view::SearchView;
use crate::ui::theme::{self, Theme};
use crate::ui::timeline_view::TimelineView;
use egui::{Key, KeyboardShortcut, Modifiers, PointerButton};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where the user is: every view a user can go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// No article open: a welcome page with the bundle's summary.
    Home,
    Article(ArticleId),
    /// An article scrolled to a passage that is highlighted (a mention, a search hit, an
    /// event's sentence).
    Passage(Passage),
    /// The page of one entity of the bundle's [`Knowledge`](crate::knowledge::Knowledge).
    Entity(EntityId),
    /// The timeline, centred on one event (an index into the timeline's events) if given.
    Timeline(Option<u32>),
    /// Full-text search results for a query.
    Search(String),
}

impl Route {
    /// The article this route shows, if any.
    pub fn article(&self) -> Option<ArticleId> {
        match self {
            Route::Article(id) => Some(*id),
            Route::Passage(p) => Some(p.article),
            _ => None,
        }
    }
}

/// A stretch of one text of an article: `article.part(part)[index]`, chars `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Passage {
    pub article: ArticleId,
    pub part: Part,
    pub index: u32,
    pub start: u32,
    pub end: u32,
}

/// A navigation request from a view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Nav {
    Go(Route),
    Back,
    Forward,
}

/// Routes visited, with a cursor: visiting drops the forward tail; back and forward move the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    routes: Vec<Route>,
    cursor: usize,
}

/// Routes kept in the history; older ones are dropped.
const MAX_HISTORY: usize = 500;

impl History {
    pub fn new(start: Route) -> Self {
        Self {
            routes: vec![start],
            cursor: 0,
        }
    }

    pub fn current(&self) -> &Route {
        // The cursor always points into the non-empty list.
        &self.routes[self.cursor.min(self.routes.len() - 1)]
    }

    /// Goes to `route`, unless it is where we are.
    pub fn visit(&mut self, route: Route) {
        if *self.current() == route {
            return;
        }
        self.routes.truncate(self.cursor + 1);
        self.routes.push(route);
        if self.routes.len() > MAX_HISTORY {
            self.routes.remove(0);
        }
        self.cursor = self.routes.len() - 1;
    }

    pub fn has_back(&self) -> bool {
        self.cursor > 0
    }

    pub fn has_forward(&self) -> bool {
        self.cursor + 1 < self.routes.len()
    }

    pub fn back(&mut self) -> bool {
        let moved = self.has_back();
        if moved {
            self.cursor -= 1;
        }
        moved
    }

    pub fn forward(&mut self) -> bool {
        let moved = self.has_forward();
        if moved {
            self.cursor += 1;
        }
        moved
    }

    pub fn apply(&mut self, nav: Nav) {
        match nav {
            Nav::Go(route) => self.visit(route),
            Nav::Back => {
                self.back();
            }
            Nav::Forward => {
                self.forward();
            }
        }
    }
}

/// Settings kept between runs (eframe persistence; the window size is persisted by eframe).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub theme: Theme,
    /// Most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
    /// The last file or folder opened; `None` for the sample.
    pub last_bundle: Option<PathBuf>,
    /// Open `last_bundle` at start when no path is given.
    pub reopen_last: bool,
    pub show_frame_time: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: Lang::default(),
            theme: Theme::default(),
            recent: Vec::new(),
            last_bundle: None,
            reopen_last: true,
            show_frame_time: false,
        }
    }
}

pub const MAX_RECENT: usize = 10;

impl Settings {
    /// Puts `path` first in the recent list and remembers it as the last bundle.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
        self.last_bundle = Some(path.to_path_buf());
    }
}

/// How a notice looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

/// A message shown above the reader until dismissed: a title naming the file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub title: String,
    pub detail: String,
}

/// Notices kept on screen at once; older ones are dropped.
const MAX_NOTICES: usize = 4;

/// A `None` from the file dialog this soon means no dialog could be shown (rfd answers at
/// once when neither a portal nor zenity exists); later, the user cancelled.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// What the file dialog was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PickKind {
    File,
    Folder,
}

/// The typed-path fallback to the file dialog.
#[derive(Debug, Default)]
struct PathPrompt {
    text: String,
    /// Opened because no dialog is available (then say so).
    no_dialog: bool,
    /// Focus the field on the first frame.
    focus: bool,
}

/// The state of the egui settings last applied, to act only on change.
#[derive(Debug, Default)]
struct Applied {
    lang: Option<Lang>,
    theme: Option<Theme>,
    title: String,
}

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
    notices: Vec<Notice>,
    show_warnings: bool,
    reader_style: ReaderStyle,
    /// Entities, timeline and search of the bundle shown, once built.
    analysis: Option<Arc<Analysis>>,
    analysis_job: Option<AnalysisJob>,
    /// The shipped models, loaded by the first analysis.
    models: SharedModels,
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
    applied: Applied,
    /// Process start, to report the first frame's time (`KANBAO_TIMING=1`).
    started: Option<Instant>,
    frames: u64,
    last_frame_ms: f32,
}

impl KanbaoApp {
    /// The app on the embedded sample. The context needs [`crate::ui::setup_context`] once.
    pub fn new(settings: Settings) -> Self {
        let loaded = LoadedBundle::load(BundleSource::Sample, &LoadOptions::default(), &|_| {})
            .unwrap_or_else(|_| empty_bundle());
        let start = first_article(&loaded.bundle);
        Self {
            settings,
            loaded,
            history: History::new(start),
            list: ArticleList::default(),
            load: None,
            pending_open: None,
            dialog: None,
            path_prompt: None,
            notices: Vec::new(),
            show_warnings: false,
            reader_style: ReaderStyle::default(),
            analysis: None,
            analysis_job: None,
            models: SharedModels::default(),
            analysis_pending: true,
            sidebar: EntitySidebar::default(),
            entity_page: EntityPage::default(),
            timeline: TimelineView::default(),
            search: SearchView::default(),
            search_text: String::new(),
            focus_search: false,
            export: ExportDialog::default(),
            drawn_route: None,
            applied: Applied::default(),
            started: None,
            frames: 0,
            last_frame_ms: 0.0,
        }
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
        let mut app = Self::new(settings);
        app.started = Some(started);
        let reopen = app
            .settings
            .reopen_last
            .then(|| app.settings.last_bundle.clone())
            .flatten()
            .filter(|p| p.exists());
        if let Some(path) = path.or(reopen) {
            app.request_open(BundleSource::Path(path));
        }
        app
    }

    /// Asks to load `source` in the background (from the next frame on).
    pub fn request_open(&mut self, source: BundleSource) {
        self.pending_open = Some(source);
    }

    /// Opens the typed-path field.
    pub fn open_path_prompt(&mut self) {
        self.path_prompt = Some(PathPrompt {
            focus: true,
            ..PathPrompt::default()
        });
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
        self.history.visit(route);
    }

    /// Sets the toolbar's search text and shows its results.
    pub fn search_for(&mut self, query: &str) {
        query.clone_into(&mut self.search_text);
        self.history.visit(Route::Search(query.trim().to_owned()));
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
            self.export_done(outcome);
        }
    }

    /// Sets the article list's filter text (as if typed).
    pub fn set_filter(&mut self, text: &str) {
        text.clone_into(&mut self.list.filter);
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
            self.load = Some(LoadJob::spawn(source, ctx));
        }
        if let Some(answer) = self.load.as_ref().and_then(LoadJob::poll) {
            let source = self.load.take().map(|job| job.source);
            self.finish_load(source, answer);
        }
        if self.analysis_pending {
            self.analysis_pending = false;
            self.analysis = None;
            self.analysis_job = Some(AnalysisJob::spawn(
                Arc::clone(&self.loaded.bundle),
                &self.models,
                ctx,
            ));
        }
        if let Some(answer) = self.analysis_job.as_ref().and_then(AnalysisJob::poll)
            && let Some(job) = self.analysis_job.take()
        {
            self.finish_analysis(&job.bundle, answer);
        }
        if let Some(outcome) = self.export.poll() {
            self.export_done(outcome);
        }
        if let Some((answer, elapsed)) = self
            .dialog
            .as_ref()
            .and_then(|job| job.poll().map(|a| (a, job.elapsed())))
        {
            self.dialog = None;
            self.finish_dialog(answer, elapsed);
        }
        self.apply_settings(ctx);
    }

    fn finish_load(
        &mut self,
        source: Option<BundleSource>,
        answer: Result<Result<LoadedBundle, BundleError>, JobPanic>,
    ) {
        let lang = self.settings.lang;
        let tr = lang.tr();
        let name = source
            .as_ref()
            .map(BundleSource::display_name)
            .unwrap_or_default();
        match answer {
            Ok(Ok(loaded)) => {
                if let BundleSource::Path(path) = &loaded.source {
                    self.settings.remember(path);
                } else {
                    self.settings.last_bundle = None;
                }
                self.history = History::new(first_article(&loaded.bundle));
                self.loaded = loaded;
                self.list.new_bundle();
                self.show_warnings = false;
                self.analysis = None;
                // Dropping a running analysis of the previous bundle cancels it.
                self.analysis_job = None;
                self.analysis_pending = true;
            }
            Ok(Err(BundleError::Cancelled)) => {
                self.notify(NoticeLevel::Info, tr.load_cancelled, name)
            }
            Ok(Err(err)) => {
                let why = match &err {
                    BundleError::Io { source, .. } => source.to_string(),
                    BundleError::Refused { message, .. } => message.clone(),
                    other => other.to_string(),
                };
                self.notify(
                    NoticeLevel::Error,
                    &format!("{} {name}", tr.cannot_open),
                    why,
                );
            }
            Err(panic) => self.notify(
                NoticeLevel::Error,
                &format!("{}: {name}", tr.job_panicked),
                panic.to_string(),
            ),
        }
    }

    fn finish_analysis(
        &mut self,
        bundle: &Arc<Bundle>,
        answer: Result<Option<Analysis>, JobPanic>,
    ) {
        if !Arc::ptr_eq(bundle, &self.loaded.bundle) {
            return; // a bundle no longer shown
        }
        match answer {
            Ok(Some(analysis)) => self.analysis = Some(Arc::new(analysis)),
            // Cancelled: the app cancels only the jobs it drops, and those are never polled.
            Ok(None) => {}
            Err(panic) => {
                let tr = self.settings.lang.tr();
                self.notify(
                    NoticeLevel::Error,
                    &format!("{}: {}", tr.job_panicked, tr.analysing),
                    panic.to_string(),
                );
            }
        }
    }

    /// Opens the Export window with a default file name beside the bundle.
    pub fn open_export(&mut self) {
        let dir = match &self.loaded.source {
            BundleSource::Path(p) if p.is_dir() => p.clone(),
            BundleSource::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            BundleSource::Sample => std::env::current_dir().unwrap_or_default(),
        };
        self.export.show(&dir, &self.loaded.bundle.name);
    }

    /// The events the timeline view's filter lets through.
    fn filtered_events(&self) -> Vec<crate::knowledge::timeline::Event> {
        let Some(a) = &self.analysis else {
            return Vec::new();
        };
        let filter = self.timeline.filter(&a.knowledge);
        a.knowledge
            .timeline
            .filtered(&filter)
            .into_iter()
            .cloned()
            .collect()
    }

    fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let events = self.filtered_events();
        let title = Path::new(&self.loaded.bundle.name).file_name().map_or_else(
            || self.loaded.bundle.name.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.export.start_export(ctx, path, events, title);
    }

    fn export_done(&mut self, outcome: ExportOutcome) {
        let lang = self.settings.lang;
        match outcome {
            ExportOutcome::Written { path, events } => self.notify(
                NoticeLevel::Info,
                &lang.exported(events, &path.display().to_string()),
                String::new(),
            ),
            ExportOutcome::Failed { path, why } => self.notify(
                NoticeLevel::Error,
                &format!("{}: {}", lang.tr().export_failed, path.display()),
                why,
            ),
        }
    }

    fn finish_dialog(&mut self, answer: Result<Option<PathBuf>, JobPanic>, elapsed: Duration) {
        match answer {
            Ok(Some(path)) => self.request_open(BundleSource::Path(path)),
            Ok(None) if elapsed < NO_DIALOG_WITHIN => {
                self.path_prompt = Some(PathPrompt {
                    no_dialog: true,
                    focus: true,
                    ..PathPrompt::default()
                });
            }
            Ok(None) => {} // cancelled by the user
            Err(panic) => {
                let tr = self.settings.lang.tr();
                self.notify(NoticeLevel::Error, tr.job_panicked, panic.to_string());
                self.open_path_prompt();
            }
        }
    }

    fn notify(&mut self, level: NoticeLevel, title: &str, detail: String) {
        self.notices.push(Notice {
            level,
            title: title.to_owned(),
            detail,
        });
        if self.notices.len() > MAX_NOTICES {
            self.notices.remove(0);
        }
    }

    fn apply_settings(&mut self, ctx: &egui::Context) {
        if self.applied.theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.egui());
            self.applied.theme = Some(self.settings.theme);
        }
        let title = self
            .settings
            .lang
            .window_title(&display_name(&self.loaded.source, self.settings.lang));
        if self.applied.title != title || self.applied.lang != Some(self.settings.lang) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied.title = title;
            self.applied.lang = Some(self.settings.lang);
        }
    }

    /// Opens rfd's native dialog on a worker thread; the UI keeps running.
    fn start_pick(&mut self, ctx: &egui::Context, kind: PickKind) {
        if self.dialog.is_some() {
            return;
        }
        let tr = self.settings.lang.tr();
        let (title, filter) = (tr.dialog_title, tr.dialog_filter);
        let start_dir = self
            .settings
            .recent
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        let job = Job::spawn("dialog", ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title(title);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            match kind {
                PickKind::File => dialog
                    .add_filter(filter, &["txt", "md", "json", "jsonl", "xz", "gz"])
                    .pick_file(),
                PickKind::Folder => dialog.pick_folder(),
            }
        });
        self.dialog = Some(job);
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
        let wide = matches!(self.history.current(), Route::Timeline(_));
        if !wide {
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

        if self.export.open {
            // The filter (entity names resolved over every entity) and its count only while
            // the Export window shows them.
            let (filter, filtered) = match &self.analysis {
                Some(a) => {
                    let filter = self.timeline.filter(&a.knowledge);
                    let n = a.knowledge.timeline.filtered(&filter).len();
                    (filter, n)
                }
                None => Default::default(),
            };
            if let Some(path) = self
                .export
                .window(&ctx, &filter, filtered, self.settings.lang)
            {
                self.start_export(&ctx, path);
            }
        }
        self.warnings_window(&ctx);
        self.path_prompt_window(&ctx);
        self.drop_overlay(&ctx);

        if let Some(nav) = nav {
            self.history.apply(nav);
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

    /// The article list on the left and the entity sidebar on the right.
    fn side_panels_ui(&mut self, ui: &mut egui::Ui, nav: &mut Option<Nav>) {
        egui::Panel::left("kanbao.list")
            .resizable(true)
            .default_size(340.0)
            .size_range(220.0..=640.0)
            .frame(
                egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin {
                    left: 10,
                    right: 6,
                    top: 10,
                    bottom: 4,
                }),
            )
            .show(ui, |ui| {
                let selected = self.history.current().article();
                let lang = self.settings.lang;
                if let Some(n) =
                    self.list
                        .ui(ui, &self.loaded.bundle, &self.loaded.index, selected, lang)
                {
                    *nav = Some(n);
                }
            });
        egui::Panel::right("kanbao.entities")
            .resizable(true)
            .default_size(260.0)
            .size_range(200.0..=520.0)
            .frame(
                egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin {
                    left: 8,
                    right: 10,
                    top: 10,
                    bottom: 4,
                }),
            )
            .show(ui, |ui| {
                let route = self.history.current();
                let article = route.article();
                let selected = match route {
                    Route::Entity(id) => Some(*id),
                    _ => None,
                };
                let lang = self.settings.lang;
                if let Some(n) =
                    self.sidebar
                        .ui(ui, self.analysis.as_deref(), article, selected, lang)
                {
                    *nav = Some(n);
                }
            });
    }

    /// Shortcuts, mouse back/forward buttons, dropped files.
    fn handle_input(&mut self, ctx: &egui::Context) -> Option<Nav> {
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let find = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let timeline = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);
        let (find, export, timeline) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&find),
                i.consume_shortcut(&export),
                i.consume_shortcut(&timeline),
            )
        });
        if find {
            self.focus_search = true;
        }
        if export {
            self.open_export();
        }
        let back = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft);
        let forward = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight);
        let (open, back, forward, extra_back, extra_forward, dropped) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&open),
                i.consume_shortcut(&back),
                i.consume_shortcut(&forward),
                i.pointer.button_pressed(PointerButton::Extra1),
                i.pointer.button_pressed(PointerButton::Extra2),
                std::mem::take(&mut i.raw.dropped_files),
            )
        });
        if open {
            self.start_pick(ctx, PickKind::File);
        }
        if let Some(first) = dropped.first() {
            self.request_open(BundleSource::Path(first.path().to_path_buf()));
            if dropped.len() > 1 {
                let tr = self.settings.lang.tr();
                self.notify(
                    NoticeLevel::Info,
                    tr.dropped_many,
                    first.path().display().to_string(),
                );
            }
        }
        if back || extra_back {
            Some(Nav::Back)
        } else if timeline {
            Some(Nav::Go(Route::Timeline(None)))
        } else if forward || extra_forward {
            Some(Nav::Forward)
        } else {
            None
        }
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) -> Option<Nav> {
        let lang = self.settings.lang;
        let tr = lang.tr();
        let mut nav = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.label(
                egui::RichText::new(tr.app_name)
                    .size(18.0)
                    .color(ui.visuals().hyperlink_color),
            );
            ui.add_space(6.0);
            ui.menu_button(tr.menu_file, |ui| self.file_menu_ui(ui));
            ui.menu_button(tr.menu_view, |ui| self.view_menu_ui(ui));
            ui.add_space(8.0);
            ui.separator();
            let back = ui
                .add_enabled(self.history.has_back(), egui::Button::new("←"))
                .on_hover_text(format!("{} (Alt+←)", tr.back));
            if back.clicked() {
                nav = Some(Nav::Back);
            }
            let forward = ui
                .add_enabled(self.history.has_forward(), egui::Button::new("→"))
                .on_hover_text(format!("{} (Alt+→)", tr.forward));
            if forward.clicked() {
                nav = Some(Nav::Forward);
            }
            ui.separator();
            let open = ui
                .add_enabled(self.dialog.is_none(), egui::Button::new(tr.open_file))
                .on_hover_text("Ctrl+O");
            if open.clicked() {
                self.start_pick(ui.ctx(), PickKind::File);
            }
            let on_timeline = matches!(self.history.current(), Route::Timeline(_));
            let timeline = ui
                .add(egui::Button::selectable(on_timeline, tr.timeline))
                .on_hover_text("Ctrl+T");
            if timeline.clicked() && !on_timeline {
                nav = Some(Nav::Go(Route::Timeline(None)));
            }
            let export = ui
                .add_enabled(self.analysis.is_some(), egui::Button::new(tr.export))
                .on_hover_text("Ctrl+E");
            if export.clicked() {
                self.open_export();
            }
            ui.separator();
            let label = ui.label(tr.search);
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search_text)
                        .id(search_box_id())
                        .hint_text(tr.search_hint)
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
            }
            let query = self.search_text.trim();
            if search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && !query.is_empty() {
                nav = Some(Nav::Go(Route::Search(query.to_owned())));
            }
            ui.add_space(8.0);
            let name = display_name(&self.loaded.source, lang);
            ui.add(egui::Label::new(egui::RichText::new(name).strong()).truncate());
        });
        nav
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let tr = self.settings.lang.tr();
        let idle = self.dialog.is_none();
        if ui
            .add_enabled(
                idle,
                egui::Button::new(tr.open_file).shortcut_text("Ctrl+O"),
            )
            .clicked()
        {
            self.start_pick(ui.ctx(), PickKind::File);
        }
        if ui
            .add_enabled(idle, egui::Button::new(tr.open_folder))
            .clicked()
        {
            self.start_pick(ui.ctx(), PickKind::Folder);
        }
        if ui.button(tr.open_path).clicked() {
            self.open_path_prompt();
        }
        ui.menu_button(tr.recent, |ui| {
            if self.settings.recent.is_empty() {
                ui.add_enabled(false, egui::Button::new(tr.recent_empty));
            }
            let mut picked = None;
            for path in &self.settings.recent {
                let label = path.display().to_string();
                if ui.add(egui::Button::new(&label).truncate()).clicked() {
                    picked = Some(path.clone());
                }
            }
            if !self.settings.recent.is_empty() {
                ui.separator();
                if ui.button(tr.clear_recent).clicked() {
                    self.settings.recent.clear();
                }
            }
            if let Some(path) = picked {
                self.request_open(BundleSource::Path(path));
            }
        });
        if ui.button(tr.open_sample).clicked() {
            self.request_open(BundleSource::Sample);
        }
        ui.separator();
        if ui.button(tr.quit).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn view_menu_ui(&mut self, ui: &mut egui::Ui) {
        let tr = self.settings.lang.tr();
        ui.label(egui::RichText::new(tr.theme).small().weak());
        ui.radio_value(&mut self.settings.theme, Theme::Light, tr.theme_light);
        ui.radio_value(&mut self.settings.theme, Theme::Dark, tr.theme_dark);
        ui.separator();
        ui.label(egui::RichText::new(tr.language).small().weak());
        for lang in Lang::ALL {
            ui.radio_value(&mut self.settings.lang, lang, lang.native_name());
        }
        ui.separator();
        ui.checkbox(&mut self.settings.reopen_last, tr.reopen_last);
        ui.checkbox(&mut self.settings.show_frame_time, tr.show_frame_time);
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        let tr = lang.tr();
        ui.horizontal(|ui| {
            if let Some(job) = &self.load {
                let p = job.progress();
                ui.label(lang.loading(&display_name(&job.source, lang)));
                let bar = egui::ProgressBar::new(progress_fraction(&p).unwrap_or(0.0))
                    .desired_width(220.0)
                    .desired_height(12.0);
                ui.add(bar);
                ui.label(
                    egui::RichText::new(lang.load_progress(
                        p.files_done,
                        p.files_total,
                        p.articles,
                        p.bytes_read,
                        p.bytes_total,
                    ))
                    .small()
                    .weak(),
                );
                if ui
                    .add_enabled(!job.is_cancelled(), egui::Button::new(tr.cancel))
                    .clicked()
                {
                    job.cancel();
                }
                // Elapsed time moves even when the loader reports nothing.
                ui.ctx().request_repaint_after(Duration::from_millis(250));
            } else if self.dialog.is_some() {
                ui.label(egui::RichText::new(tr.dialog_open).weak());
            } else {
                let b = &self.loaded.bundle;
                let summary = format!(
                    "{} · {} · {} · {}",
                    lang.articles(b.articles.len()),
                    lang.files(b.stats.files),
                    lang.chars(b.stats.chars),
                    lang.loaded_in(self.loaded.load_ms),
                );
                ui.label(egui::RichText::new(summary).small().weak());
                if let Some(a) = &self.analysis {
                    let k = &a.knowledge;
                    let text = lang.analysis_summary(
                        k.entities.entities.len(),
                        k.timeline.events.len(),
                        a.build_ms,
                    );
                    ui.label(egui::RichText::new(format!("· {text}")).small().weak());
                } else if self.is_analysing() {
                    // No spinner: a minutes-long analysis should not repaint every frame; each
                    // phase change wakes the UI.
                    let text = lang.analysing(self.analysis_phase());
                    ui.label(egui::RichText::new(text).small().weak());
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if self.settings.show_frame_time {
                    ui.label(
                        egui::RichText::new(lang.frame_time(self.last_frame_ms))
                            .small()
                            .monospace(),
                    );
                }
                let n = self.loaded.bundle.warnings.len();
                if n > 0 {
                    let warn = ui.visuals().warn_fg_color;
                    let text = egui::RichText::new(lang.warnings(n)).small().color(warn);
                    if ui.button(text).clicked() {
                        self.show_warnings = !self.show_warnings;
                    }
                }
            });
        });
    }

    fn notices_ui(&mut self, ui: &mut egui::Ui) {
        if self.notices.is_empty() {
            return;
        }
        let tr = self.settings.lang.tr();
        let mut dismissed = None;
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                for (i, notice) in self.notices.iter().enumerate() {
                    let color = match notice.level {
                        NoticeLevel::Error => ui.visuals().error_fg_color,
                        NoticeLevel::Info => ui.visuals().hyperlink_color,
                    };
                    egui::Frame::new()
                        .fill(ui.visuals().faint_bg_color)
                        .stroke(egui::Stroke::new(1.0, color))
                        .corner_radius(6.0)
                        .inner_margin(egui::Margin::symmetric(12, 8))
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.horizontal(|ui| {
                                ui.vertical(|ui| {
                                    ui.set_width(ui.available_width() - 60.0);
                                    ui.label(
                                        egui::RichText::new(&notice.title).color(color).strong(),
                                    );
                                    if !notice.detail.is_empty() {
                                        ui.label(egui::RichText::new(&notice.detail).small());
                                    }
                                });
                                if ui.button(tr.dismiss).clicked() {
                                    dismissed = Some(i);
                                }
                            });
                        });
                    ui.add_space(4.0);
                }
            });
        if let Some(i) = dismissed {
            self.notices.remove(i);
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
            Route::Entity(_) | Route::Timeline(_) | Route::Search(_)
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
                    EntityPageAction::ShowOnTimeline(id) => {
                        self.timeline.set_entity(&a.knowledge, id);
                        Some(Nav::Go(Route::Timeline(None)))
                    }
                }
            }
            (Route::Timeline(focus), Some(a)) => self.timeline.ui(ui, &a.knowledge, *focus, lang),
            (Route::Search(query), Some(a)) => {
                centered_column(ui, self.reader_style.max_width + 120.0, |ui| {
                    self.search.ui(ui, a, query, lang)
                })
            }
            _ => self.reader_ui(ui, &route, analysis.as_deref(), newly_shown),
        }
    }

    fn analysis_phase(&self) -> Option<crate::knowledge::BuildPhase> {
        self.analysis_job.as_ref().and_then(AnalysisJob::phase)
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
            .and_then(|id| bundle.articles.get(id as usize));
        let focus = match route {
            Route::Passage(p) => Some(*p),
            _ => None,
        };
        let style = self.reader_style;
        let visuals = ui.visuals().clone();
        let model_spans = analysis.map(|analysis| ModelSpans {
            analysis,
            focus,
            visuals: &visuals,
            lang,
        });
        let spans: &dyn SpanSource = match &model_spans {
            Some(m) => m,
            None => &PlainText,
        };
        let salt = article.map_or(u64::MAX, |a| u64::from(a.id));
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

    fn warnings_window(&mut self, ctx: &egui::Context) {
        if !self.show_warnings {
            return;
        }
        let lang = self.settings.lang;
        let warnings = &self.loaded.bundle.warnings;
        let mut open = true;
        egui::Window::new(lang.tr().warnings_title)
            .open(&mut open)
            .default_size([640.0, 360.0])
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(lang.warnings(warnings.len())).weak());
                ui.separator();
                let row_h = ui.text_style_height(&egui::TextStyle::Body);
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(ui, row_h, warnings.len(), |ui, range| {
                        for w in warnings.get(range).unwrap_or_default() {
                            ui.add(egui::Label::new(w.to_string()).truncate());
                        }
                    });
            });
        self.show_warnings = open;
    }

    fn path_prompt_window(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.path_prompt else {
            return;
        };
        let tr = self.settings.lang.tr();
        let mut open = true;
        let mut cancelled = false;
        let mut submit = false;
        egui::Window::new(tr.path_title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
            .show(ctx, |ui| {
                if prompt.no_dialog {
                    ui.label(egui::RichText::new(tr.no_dialog).color(ui.visuals().warn_fg_color));
                    ui.add_space(4.0);
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr.path_label);
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut prompt.text)
                                .hint_text(tr.path_hint)
                                .desired_width(420.0),
                        )
                        .labelled_by(label.id);
                    if prompt.focus {
                        edit.request_focus();
                        prompt.focus = false;
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        submit = true;
                    }
                });
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    let ready = !prompt.text.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new(tr.open)).clicked() {
                        submit = true;
                    }
                    if ui.button(tr.cancel).clicked() {
                        cancelled = true;
                    }
                });
            });
        if submit && !prompt.text.trim().is_empty() {
            let path = PathBuf::from(prompt.text.trim());
            self.path_prompt = None;
            self.request_open(BundleSource::Path(path));
        } else if !open || cancelled || ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.path_prompt = None;
        }
    }

    /// While files are dragged over the window: a veil that says dropping opens them.
    fn drop_overlay(&self, ctx: &egui::Context) {
        if ctx.input(|i| i.raw.hovered_files.is_empty()) {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("kanbao.drop"),
        ));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(150));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            self.settings.lang.tr().drop_to_open,
            egui::FontId::proportional(26.0),
            egui::Color32::WHITE,
        );
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

/// The toolbar's search box (tests type into it; Ctrl+F focuses it).
pub fn search_box_id() -> egui::Id {
    egui::Id::unique("kanbao.search")
}

/// The route to start a bundle on: its first article, or home when it has none.
fn first_article(bundle: &Bundle) -> Route {
    if bundle.articles.is_empty() {
        Route::Home
    } else {
        Route::Article(0)
    }
}

fn empty_bundle() -> LoadedBundle {
    let bundle = Bundle::default();
    LoadedBundle {
        source: BundleSource::Sample,
        index: std::sync::Arc::new(crate::ui::article_list::ListIndex::new(&bundle)),
        bundle: std::sync::Arc::new(bundle),
        load_ms: 0.0,
    }
}

/// The bundle's name for the title bar and toolbar: "sample page" or the path.
fn display_name(source: &BundleSource, lang: Lang) -> String {
    match source {
        BundleSource::Sample => lang.tr().sample.to_owned(),
        BundleSource::Path(p) => p.display().to_string(),
    }
}

/// Runs `add` in a column at most `max_width` wide, centred in the available width.
fn centered_column<R>(
    ui: &mut egui::Ui,
    max_width: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let available = ui.available_width();
    let side = 28.0;
    let width = (available - 2.0 * side).clamp(200.0, max_width);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_goes_back_and_forward_and_visiting_drops_the_forward_tail() {
        let mut h = History::new(Route::Home);
        assert!(!h.has_back());
        h.visit(Route::Article(1));
        h.visit(Route::Article(2));
        h.visit(Route::Article(2)); // no duplicate
        assert!(h.back());
        assert_eq!(h.current(), &Route::Article(1));
        assert!(h.has_forward());
        h.visit(Route::Article(5));
        assert!(!h.has_forward(), "forward tail dropped");
        h.apply(Nav::Back);
        h.apply(Nav::Back);
        assert_eq!(h.current(), &Route::Home);
        assert!(!h.back());
        h.apply(Nav::Forward);
        assert_eq!(h.current(), &Route::Article(1));
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::new(Route::Home);
        for i in 0..(MAX_HISTORY as u32 + 20) {
            h.visit(Route::Article(i));
        }
        assert_eq!(h.routes.len(), MAX_HISTORY);
        assert_eq!(h.current(), &Route::Article(MAX_HISTORY as u32 + 19));
    }

    #[test]
    fn recent_files_are_most_recent_first_without_duplicates_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/data/{i}.txt")));
        }
        s.remember(Path::new("/data/5.txt"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], Path::new("/data/5.txt"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.txt")).count(), 1);
        assert_eq!(s.last_bundle.as_deref(), Some(Path::new("/data/5.txt")));
    }

    #[test]
    fn settings_round_trip_and_old_fields_default() {
        let mut s = Settings {
            lang: Lang::En,
            theme: Theme::Dark,
            ..Settings::default()
        };
        s.remember(Path::new("/data/新闻.txt"));
        let json = serde_json::to_string(&s).expect("settings serialise");
        assert_eq!(serde_json::from_str::<Settings>(&json).ok(), Some(s));
        let partial: Settings = serde_json::from_str(r#"{"lang":"En"}"#).expect("partial settings");
        assert_eq!(partial.lang, Lang::En);
        assert!(partial.reopen_last);
    }
}
