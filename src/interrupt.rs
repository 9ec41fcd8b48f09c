//! Interrupting long loops (Ctrl-C in a notebook).
//!
//! The core knows nothing of signals: a long loop takes an [`Interrupt`], a
//! function it polls between units of work (a coordinate-descent sweep, a chunk
//! of Monte Carlo sweeps), and stops with [`Error::Interrupted`](crate::Error)
//! when it returns `true`, leaving what each loop documents. The Python binding
//! passes one that checks for signals at most every few tens of milliseconds; Rust
//! callers pass [`NEVER`] or their own flag.

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
