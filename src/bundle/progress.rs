//! Progress of a running load, shared by its threads: counters, throttled reports, cancellation.

use super::{LoadOptions, LoadProgress};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Smallest interval between two progress reports.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Shared state of a running load: progress counters, throttled reports, cancellation.
pub(super) struct Tracker<'a> {
    callback: &'a (dyn Fn(LoadProgress) + Sync),
    cancel: Option<&'a AtomicBool>,
    files_total: usize,
    bytes_total: u64,
    files_done: AtomicUsize,
    articles: AtomicUsize,
    pub(super) bytes_read: AtomicU64,
    started: Instant,
    /// Milliseconds since `started` of the last report, plus one (0: none yet).
    last_report: AtomicU64,
}

impl<'a> Tracker<'a> {
    pub(super) fn new(
        opts: &'a LoadOptions,
        callback: &'a (dyn Fn(LoadProgress) + Sync),
        files_total: usize,
        bytes_total: u64,
    ) -> Self {
        Tracker {
            callback,
            cancel: opts.cancel.as_deref(),
            files_total,
            bytes_total,
            files_done: AtomicUsize::new(0),
            articles: AtomicUsize::new(0),
            bytes_read: AtomicU64::new(0),
            started: Instant::now(),
            last_report: AtomicU64::new(0),
        }
    }

    pub(super) fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    pub(super) fn add_articles(&self, n: usize) {
        self.articles.fetch_add(n, Ordering::Relaxed);
        self.tick();
    }

    pub(super) fn file_done(&self) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
        self.tick();
    }

    /// Reports progress unless the last report is more recent than [`PROGRESS_INTERVAL`].
    pub(super) fn tick(&self) {
        let now = self.started.elapsed().as_millis() as u64 + 1;
        let last = self.last_report.load(Ordering::Relaxed);
        let due = last == 0 || now >= last + PROGRESS_INTERVAL.as_millis() as u64;
        if due
            && self
                .last_report
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.report();
        }
    }

    pub(super) fn report(&self) {
        (self.callback)(LoadProgress {
            files_done: self.files_done.load(Ordering::Relaxed),
            files_total: self.files_total,
            articles: self.articles.load(Ordering::Relaxed),
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
            bytes_total: self.bytes_total,
        });
    }
}
