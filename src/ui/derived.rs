//! A value derived from some inputs, recomputed when they change: inline when the work is small,
//! on a worker thread when it is not, the last value shown meanwhile so the page never blanks.

use crate::ui::jobs::{Job, JobPanic};

pub struct Derived<K, T> {
    /// The inputs `value` was computed from.
    key: Option<K>,
    value: Option<T>,
    /// A computation under way and the inputs it serves.
    job: Option<(K, Job<T>)>,
    failed: Option<JobPanic>,
}

impl<K, T> Default for Derived<K, T> {
    fn default() -> Self {
        Self {
            key: None,
            value: None,
            job: None,
            failed: None,
        }
    }
}

impl<K: PartialEq + Clone, T: Send + 'static> Derived<K, T> {
    /// The value for `key`: kept if it was computed for `key`, else computed by `work` (inline
    /// when `inline`, else on a worker named `name`, whose answer wakes `ctx`). Until the worker
    /// answers, the last value is returned and [`Self::pending`] is true.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        key: &K,
        inline: bool,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<&T> {
        if self.key.as_ref() != Some(key) {
            self.poll(key);
        }
        if self.key.as_ref() != Some(key) && !self.job.as_ref().is_some_and(|(k, _)| k == key) {
            self.failed = None;
            if inline {
                self.job = None;
                self.value = Some(work());
                self.key = Some(key.clone());
            } else {
                // A job for other inputs is dropped: its answer is never read.
                self.job = Some((key.clone(), Job::spawn(name, ctx, work)));
            }
        }
        self.value.as_ref()
    }

    /// Takes the worker's answer if it serves `key`.
    fn poll(&mut self, key: &K) {
        let Some((job_key, job)) = &self.job else {
            return;
        };
        if job_key != key {
            return;
        }
        if let Some(answer) = job.poll() {
            match answer {
                Ok(value) => {
                    self.value = Some(value);
                    self.key = Some(key.clone());
                }
                Err(panic) => {
                    self.failed = Some(panic);
                    self.key = Some(key.clone());
                    self.value = None;
                }
            }
            self.job = None;
        }
    }

    /// The value last computed, whatever it was computed for.
    pub fn peek(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Whether a worker is computing a newer value than the one shown.
    pub fn pending(&self) -> bool {
        self.job.is_some()
    }

    /// The panic of the last computation, if it failed.
    pub fn failed(&self) -> Option<&JobPanic> {
        self.failed.as_ref()
    }

    /// Forgets the value and any computation (another bundle or entity).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn inline_values_are_computed_once_per_key() {
        let ctx = egui::Context::default();
        let mut d: Derived<u32, u32> = Derived::default();
        assert_eq!(d.get(&ctx, "t", &2, true, || 4).copied(), Some(4));
        assert_eq!(d.get(&ctx, "t", &2, true, || 99).copied(), Some(4));
        assert_eq!(d.get(&ctx, "t", &3, true, || 9).copied(), Some(9));
        assert!(!d.pending());
    }

    #[test]
    fn a_worker_keeps_the_last_value_until_it_answers() {
        let ctx = egui::Context::default();
        let mut d: Derived<u32, u32> = Derived::default();
        assert_eq!(d.get(&ctx, "t", &1, true, || 1).copied(), Some(1));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let shown = d.get(&ctx, "t", &2, false, move || {
            let _ = rx.recv();
            20
        });
        assert_eq!(
            shown.copied(),
            Some(1),
            "the old value while the worker runs"
        );
        assert!(d.pending());
        let _ = tx.send(());
        let deadline = Instant::now() + Duration::from_secs(10);
        while d.pending() {
            assert!(Instant::now() < deadline, "the worker never answered");
            std::thread::sleep(Duration::from_millis(1));
            d.get(&ctx, "t", &2, false, || 0);
        }
        assert_eq!(d.get(&ctx, "t", &2, false, || 0).copied(), Some(20));
    }

    #[test]
    fn a_panicking_worker_is_reported() {
        let ctx = egui::Context::default();
        let mut d: Derived<u32, u32> = Derived::default();
        d.get(&ctx, "t", &1, false, || panic!("boom"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while d.pending() {
            assert!(Instant::now() < deadline, "the worker never answered");
            std::thread::sleep(Duration::from_millis(1));
            d.get(&ctx, "t", &1, false, || 0);
        }
        assert!(d.failed().is_some_and(|p| p.0.contains("boom")));
        assert_eq!(d.get(&ctx, "t", &1, false, || 0), None);
    }
}
