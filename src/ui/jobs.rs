//! Background jobs: work on a thread, an answer over a channel, panics caught and reported.
//!
//! [`Job`] is the general form (file dialogs, the export, the analysis, an entity page's
//! co-occurring entities); [`LoadJob`] adds progress and cancellation for loading a bundle.

use crate::bundle::{self, Bundle, BundleError, FieldOverrides, LoadOptions, LoadProgress};
use crate::knowledge::entity_lexicon::EntityLexicon;
use crate::store::{Prefetched, Store};
use crate::ui::article_list::ListIndex;
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A panic caught in a job: its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPanic(pub String);

impl std::fmt::Display for JobPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Work running on its own thread; poll it once a frame.
pub struct Job<T> {
    rx: Receiver<Result<T, JobPanic>>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread. When it ends (or panics), `ctx` is asked to repaint so
    /// the UI polls the answer at once.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let body = move || {
            let answer =
                catch_unwind(AssertUnwindSafe(work)).map_err(|p| JobPanic(panic_message(&p)));
            // The receiver is gone only if the app dropped the job; nobody is left to tell.
            let _ = tx.send(answer);
            ctx.request_repaint();
        };
        let spawned = std::thread::Builder::new()
            .name(format!("kanbao-{name}"))
            .spawn(body);
        if let Err(err) = spawned {
            // No thread: answer at once with the reason, so the UI never waits forever.
            let (tx, rx2) = mpsc::channel();
            let _ = tx.send(Err(JobPanic(format!("cannot start a thread: {err}"))));
            return Self {
                rx: rx2,
                started: Instant::now(),
            };
        }
        Self {
            rx,
            started: Instant::now(),
        }
    }
}

impl<T> Job<T> {
    /// The answer, once the work has ended.
    pub fn poll(&self) -> Option<Result<T, JobPanic>> {
        match self.rx.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => None,
            // The sender is dropped without an answer only if the thread died outside the
            // catch (e.g. an abort in a destructor); report it rather than wait forever.
            Err(TryRecvError::Disconnected) => Some(Err(JobPanic(
                "the worker thread ended without an answer".to_owned(),
            ))),
        }
    }

    /// Blocks until the work ends (tests, benchmarks; never on the UI thread).
    pub fn wait(&self) -> Result<T, JobPanic> {
        self.rx.recv().unwrap_or_else(|_| {
            Err(JobPanic(
                "the worker thread ended without an answer".to_owned(),
            ))
        })
    }

    /// Time since the job started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

fn panic_message(payload: &Box<dyn Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

/// What a load reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleSource {
    /// The page embedded in the binary.
    Sample,
    /// A file or folder.
    Path(PathBuf),
}

impl BundleSource {
    /// A short name for messages and the window title.
    pub fn display_name(&self) -> String {
        match self {
            BundleSource::Sample => bundle::SAMPLE_NAME.to_owned(),
            BundleSource::Path(p) => p.display().to_string(),
        }
    }
}

/// A bundle ready to show: the articles and the list's precomputed groups and search keys.
pub struct LoadedBundle {
    pub source: BundleSource,
    pub bundle: Arc<Bundle>,
    pub index: Arc<ListIndex>,
    /// Wall time of the load, index included.
    pub load_ms: f64,
    /// The bundle's fingerprint and its analysis as the store holds it, read while the
    /// articles loaded; taken by the analysis that follows.
    pub stored: Option<Prefetched>,
    /// The fields the user named for records' roles (empty: the names decided).
    pub map: FieldOverrides,
}

impl LoadedBundle {
    /// Loads synchronously (the sample at start, which is small; tests; benchmarks).
    pub fn load(
        source: BundleSource,
        opts: &LoadOptions,
        progress: &(dyn Fn(LoadProgress) + Sync),
    ) -> Result<Self, BundleError> {
        let started = Instant::now();
        let bundle = match &source {
            BundleSource::Sample => bundle::load_sample(opts),
            // A store folder (`kanbao merge`) carries its articles.
            BundleSource::Path(path) if crate::store::carried::is_store(path) => {
                crate::store::carried::bundle(path).map_err(|e| BundleError::Refused {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?
            }
            BundleSource::Path(path) => bundle::load_path(path, opts, progress)?,
        };
        let index = ListIndex::new(&bundle);
        Ok(Self {
            source,
            bundle: Arc::new(bundle),
            index: Arc::new(index),
            load_ms: started.elapsed().as_secs_f64() * 1000.0,
            stored: None,
            map: opts.map.clone(),
        })
    }
}

/// A bundle loading on a background thread, with progress and a cancel flag.
pub struct LoadJob {
    pub source: BundleSource,
    job: Job<Result<LoadedBundle, BundleError>>,
    progress: Arc<Mutex<LoadProgress>>,
    cancel: Arc<AtomicBool>,
}

/// How often a load's progress may wake the UI.
const PROGRESS_REPAINT_INTERVAL: Duration = Duration::from_millis(50);

impl LoadJob {
    /// Loads `source`, reading records' fields as `map` names them; a file or folder the
    /// `store` holds a fresh analysis of has it read meanwhile ([`LoadedBundle::stored`]). The
    /// store knows no field map: with one, it is not read (as `--map` in the CLI).
    pub fn spawn(
        source: BundleSource,
        store: Option<Store>,
        map: FieldOverrides,
        ctx: &egui::Context,
    ) -> Self {
        let progress = Arc::new(Mutex::new(LoadProgress::default()));
        let cancel = Arc::new(AtomicBool::new(false));
        let store = store.filter(|_| map.is_empty());
        let opts = LoadOptions {
            cancel: Some(Arc::clone(&cancel)),
            map,
            ..LoadOptions::default()
        };
        let job = {
            let progress = Arc::clone(&progress);
            let source = source.clone();
            let ctx = ctx.clone();
            Job::spawn("load", &ctx.clone(), move || {
                let last_repaint = Mutex::new(Instant::now());
                let report = |p: LoadProgress| {
                    if let Ok(mut shared) = progress.lock() {
                        *shared = p;
                    }
                    if let Ok(mut last) = last_repaint.lock()
                        && last.elapsed() >= PROGRESS_REPAINT_INTERVAL
                    {
                        *last = Instant::now();
                        ctx.request_repaint();
                    }
                };
                let stored = |path: &std::path::Path| {
                    let store = store.as_ref()?;
                    let names = Arc::new(EntityLexicon::shipped().ok()?);
                    store.prefetch(path, None, names)
                };
                match &source {
                    BundleSource::Path(path) => std::thread::scope(|scope| {
                        let prefetch = scope.spawn(|| stored(path));
                        let loaded = LoadedBundle::load(source.clone(), &opts, &report);
                        let prefetched = prefetch.join().ok().flatten();
                        loaded.map(|l| LoadedBundle {
                            stored: prefetched,
                            ..l
                        })
                    }),
                    BundleSource::Sample => LoadedBundle::load(source, &opts, &report),
                }
            })
        };
        Self {
            source,
            job,
            progress,
            cancel,
        }
    }

    /// The latest progress reported by the loader.
    pub fn progress(&self) -> LoadProgress {
        self.progress.lock().map(|p| *p).unwrap_or_default()
    }

    /// Asks the loader to stop; it answers [`BundleError::Cancelled`] soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn poll(&self) -> Option<Result<Result<LoadedBundle, BundleError>, JobPanic>> {
        self.job.poll()
    }

    pub fn elapsed(&self) -> Duration {
        self.job.elapsed()
    }
}

/// Fraction done in `0..=1`, by bytes when their total is known, else by files.
pub fn progress_fraction(p: &LoadProgress) -> Option<f32> {
    if p.bytes_total > 0 {
        Some((p.bytes_read as f64 / p.bytes_total as f64).clamp(0.0, 1.0) as f32)
    } else if p.files_total > 0 {
        Some((p.files_done as f64 / p.files_total as f64).clamp(0.0, 1.0) as f32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T>(job: &Job<T>) -> Result<T, JobPanic> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(answer) = job.poll() {
                return answer;
            }
            assert!(Instant::now() < deadline, "job did not finish");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_job_answers_with_its_result() {
        let ctx = egui::Context::default();
        let job = Job::spawn("test", &ctx, || 6 * 7);
        assert_eq!(wait(&job), Ok(42));
    }

    #[test]
    fn a_panic_in_a_job_is_caught_and_reported() {
        let ctx = egui::Context::default();
        let job: Job<()> = Job::spawn("test", &ctx, || panic!("boom in the loader"));
        assert_eq!(wait(&job), Err(JobPanic("boom in the loader".to_owned())));
        let job: Job<()> = Job::spawn("test", &ctx, || panic!("formatted {}", 7));
        assert_eq!(wait(&job), Err(JobPanic("formatted 7".to_owned())));
    }

    #[test]
    fn loading_a_missing_path_fails_with_the_path_in_the_message() {
        let ctx = egui::Context::default();
        let path = std::env::temp_dir().join("kanbao-no-such-dir/none.txt");
        let job = LoadJob::spawn(
            BundleSource::Path(path.clone()),
            None,
            FieldOverrides::default(),
            &ctx,
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        let answer = loop {
            if let Some(a) = job.poll() {
                break a;
            }
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(2));
        };
        let Ok(Err(err)) = answer else {
            panic!("expected a load error");
        };
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn progress_fraction_prefers_bytes_then_files() {
        let mut p = LoadProgress::default();
        assert_eq!(progress_fraction(&p), None);
        p.files_total = 4;
        p.files_done = 1;
        assert_eq!(progress_fraction(&p), Some(0.25));
        p.bytes_total = 200;
        p.bytes_read = 150;
        assert_eq!(progress_fraction(&p), Some(0.75));
    }
}
