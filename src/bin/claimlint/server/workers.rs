//! Threads that do the work, so the loop that reads the editor's messages
//! never waits on a lint: a small pool for the open documents (lints,
//! hovers, code actions, completions), and one thread at a time for the
//! workspace (checking every file, exporting the register), which steps
//! aside while the pool is busy so typing always comes first.
//!
//! Owns the threads, the count of busy foreground jobs, and catching a
//! panic in a job so one bad document cannot take the server down. Does
//! not own what a job does.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, unbounded};

type Job = Box<dyn FnOnce() + Send>;

/// The foreground pool.
pub(crate) struct Pool {
    tx: Option<Sender<Job>>,
    busy: Arc<AtomicUsize>,
    threads: Vec<JoinHandle<()>>,
}

impl Pool {
    /// A pool of `n` threads (at least one).
    pub(crate) fn new(n: usize) -> Pool {
        let (tx, rx) = unbounded::<Job>();
        let threads = (0..n.max(1))
            .filter_map(|i| {
                let rx: Receiver<Job> = rx.clone();
                std::thread::Builder::new()
                    .name(format!("claimlint-lsp-{i}"))
                    .spawn(move || {
                        for job in rx {
                            job();
                        }
                    })
                    .ok()
            })
            .collect();
        Pool {
            tx: Some(tx),
            busy: Arc::new(AtomicUsize::new(0)),
            threads,
        }
    }

    /// Runs `job` on the pool. `on_panic` runs instead of the rest of the
    /// job if it panics, so the loop still hears back.
    pub(crate) fn spawn(
        &self,
        job: impl FnOnce() + Send + 'static,
        on_panic: impl FnOnce() + Send + 'static,
    ) {
        let busy = self.busy.clone();
        busy.fetch_add(1, Ordering::SeqCst);
        let wrapped: Job = Box::new(move || {
            if catch_unwind(AssertUnwindSafe(job)).is_err() {
                on_panic();
            }
            busy.fetch_sub(1, Ordering::SeqCst);
        });
        if let Some(tx) = &self.tx
            && let Err(e) = tx.send(wrapped)
        {
            // No thread could be started: run it here rather than never.
            (e.into_inner())();
        }
    }

    /// A handle that says whether foreground work is waiting or running.
    pub(crate) fn busy(&self) -> Busy {
        Busy(self.busy.clone())
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the queue ends the threads once their jobs are done; a
        // job still running (a huge document) is not waited for.
        self.tx = None;
        for t in self.threads.drain(..) {
            if t.is_finished() {
                let _ = t.join();
            }
        }
    }
}

/// Whether the foreground pool has work, for background work to yield to.
#[derive(Clone)]
pub(crate) struct Busy(Arc<AtomicUsize>);

impl Busy {
    /// Waits while foreground work is queued or running, up to `limit`
    /// (so a stuck job cannot stall the workspace forever).
    pub(crate) fn yield_to_foreground(&self, limit: Duration) {
        let start = std::time::Instant::now();
        while self.0.load(Ordering::SeqCst) > 0 && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// A cancellation flag for one background task.
#[derive(Clone, Default)]
pub(crate) struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub(crate) fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Runs `task` on a thread of its own, named `name`, catching a panic
/// (then `on_panic` runs).
pub(crate) fn background(
    name: &str,
    task: impl FnOnce() + Send + 'static,
    on_panic: impl FnOnce() + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            if catch_unwind(AssertUnwindSafe(task)).is_err() {
                on_panic();
            }
        });
    // Threads cannot be started: the task is dropped, and its caller
    // hears nothing, as when it is cancelled.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_job_reports_and_leaves_the_pool_working() {
        let pool = Pool::new(1);
        let (tx, rx) = unbounded();
        let tx2 = tx.clone();
        pool.spawn(|| panic!("boom"), move || tx2.send("panicked").unwrap());
        pool.spawn(move || tx.send("ran").unwrap(), || {});
        let got: Vec<&str> = rx.iter().take(2).collect();
        assert_eq!(got, ["panicked", "ran"]);
        pool.busy().yield_to_foreground(Duration::from_secs(5));
        assert_eq!(pool.busy.load(Ordering::SeqCst), 0);
    }
}
