//! Interrupting long loops (Ctrl-C in a notebook).
//!
//! The core knows nothing of signals: a long loop takes an [`Interrupt`], a
//! function it polls between units of work (a coordinate-descent sweep, a chunk
//! of Monte Carlo sweeps), and stops with [`Error::Interrupted`](crate::Error)
//! when it returns `true`, leaving what each loop documents. The Python binding
//! passes one that checks for signals at most every few tens of milliseconds; Rust
//! callers pass [`NEVER`] or their own flag. A loop that runs in parallel (whose
//! workers cannot call the hook) runs under [`watch`], which polls the hook on the
//! calling thread and hands the workers a stop flag.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};

/// Polled between units of work; `true` stops the loop. Called from the thread
/// that called the loop (never from a worker of the thread pool), so it may look at
/// thread-local state such as Python's signal handlers.
pub type Interrupt<'a> = &'a (dyn Fn() -> bool + Sync);

/// Never interrupts.
pub const NEVER: Interrupt<'static> = &|| false;

/// `Err(Error::Interrupted)` if `interrupt` says so.
pub fn check(interrupt: Interrupt<'_>) -> crate::Result<()> {
    if interrupt() {
        Err(crate::Error::Interrupted)
    } else {
        Ok(())
    }
}

/// How often [`watch`] polls its [`Interrupt`] while the work runs.
pub const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(10);

/// `Err(Error::Interrupted)` once `stop` is set: the check of a parallel loop run
/// under [`watch`], made between its units of work (a sweep of one chain).
#[inline]
pub fn stopped(stop: &AtomicBool) -> crate::Result<()> {
    if stop.load(Ordering::Relaxed) {
        Err(crate::Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Runs `work` — typically a rayon parallel loop, whose workers cannot call the
/// [`Interrupt`] — on a helper thread, while the calling thread polls `interrupt`
/// every [`WATCH_EVERY`] (10 ms). When it fires, the stop flag passed to `work` is
/// set; `work` checks it between units of work (with [`stopped`]) and returns early.
///
/// Returns what `work` returns, except that an interrupt that fired is always
/// [`Error::Interrupted`](crate::Error), also if `work` finished regardless (the
/// interrupt has been consumed: the caller must hear of it). Returns as soon as
/// `work` does (no polling delay). A panic in `work` is resumed on the calling thread.
pub fn watch<T: Send>(
    interrupt: Interrupt<'_>,
    work: impl FnOnce(&AtomicBool) -> crate::Result<T> + Send,
) -> crate::Result<T> {
    let stop = AtomicBool::new(false);
    let (done, finished) = mpsc::channel::<()>();
    let (result, fired) = std::thread::scope(|scope| {
        let stop = &stop;
        let handle = scope.spawn(move || {
            // `done` is dropped when `work` returns or unwinds: the watcher wakes
            let _done = done;
            work(stop)
        });
        let mut fired = false;
        while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(WATCH_EVERY) {
            if !fired && interrupt() {
                fired = true;
                stop.store(true, Ordering::Relaxed);
            }
        }
        (handle.join(), fired)
    });
    match result {
        Err(payload) => std::panic::resume_unwind(payload),
        Ok(_) if fired => Err(crate::Error::Interrupted),
        Ok(result) => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::{Duration, Instant};

    #[test]
    fn work_that_finishes_returns_its_result_at_once() {
        let start = Instant::now();
        let sum = watch(NEVER, |stop| {
            Ok((0..1000u64)
                .into_par_iter()
                .map(|i| {
                    assert!(!stop.load(Ordering::Relaxed));
                    i
                })
                .sum::<u64>())
        });
        assert_eq!(sum.unwrap(), 499_500);
        // no waiting for the next poll when the work is quick
        assert!(start.elapsed() < Duration::from_millis(500));
        let err = watch(NEVER, |_| -> crate::Result<()> {
            Err(crate::Error::Numerical("x".into()))
        });
        assert!(matches!(err, Err(crate::Error::Numerical(_))));
    }

    #[test]
    fn an_interrupt_stops_every_parallel_worker_and_is_reported() {
        let polls = AtomicUsize::new(0);
        let start = Instant::now();
        // fires on the 5th poll: after about 50 ms
        let interrupt = || polls.fetch_add(1, Ordering::Relaxed) >= 4;
        let caller = std::thread::current().id();
        let on_caller = || std::thread::current().id() == caller;
        assert!(on_caller());
        let result = watch(&interrupt, |stop| {
            // endless chains, each checking the flag between its "sweeps"
            (0..4)
                .into_par_iter()
                .map(|_| loop {
                    stopped(stop)?;
                    std::hint::spin_loop();
                })
                .collect::<crate::Result<Vec<()>>>()
        });
        assert!(matches!(result, Err(crate::Error::Interrupted)));
        assert!(polls.load(Ordering::Relaxed) >= 5);
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn the_interrupt_is_polled_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let elsewhere = AtomicUsize::new(0);
        let interrupt = || {
            if std::thread::current().id() != caller {
                elsewhere.fetch_add(1, Ordering::Relaxed);
            }
            false
        };
        let result = watch(&interrupt, |_| {
            std::thread::sleep(Duration::from_millis(60));
            Ok(1)
        });
        assert_eq!(result.unwrap(), 1);
        assert_eq!(elsewhere.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn an_interrupt_after_the_work_could_finish_is_still_reported() {
        // the work ignores the flag and ends normally after the interrupt fired
        let result = watch(&|| true, |_| {
            std::thread::sleep(Duration::from_millis(50));
            Ok(7)
        });
        assert!(matches!(result, Err(crate::Error::Interrupted)));
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            let _ = watch(NEVER, |_| -> crate::Result<()> {
                (0..4).into_par_iter().for_each(|i| {
                    if i == 2 {
                        panic!("a test panic in a worker")
                    }
                });
                Ok(())
            });
        });
        let payload = caught.unwrap_err();
        assert_eq!(
            payload.downcast_ref::<&str>().copied(),
            Some("a test panic in a worker")
        );
    }
}
