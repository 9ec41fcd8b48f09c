//! Ctrl-C while the core works with the GIL released: the core's
//! [`Interrupt`](crate::interrupt::Interrupt) hook, and the way back from
//! [`Error::Interrupted`](crate::Error) to the exception Python's signal handler raised.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use pyo3::prelude::*;

/// Python's signal handlers run at most this often from a polling loop.
const EVERY: Duration = Duration::from_millis(20);

/// A poller of Python's signal handlers for one call into the core.
pub(crate) struct Signals {
    last: Mutex<Instant>,
    raised: Mutex<Option<PyErr>>,
}

impl Signals {
    pub(crate) fn new() -> Self {
        Signals {
            last: Mutex::new(Instant::now()),
            raised: Mutex::new(None),
        }
    }

    /// The hook: at most every 20 ms, re-attach to Python and run its signal
    /// handlers (`PyErr_CheckSignals`, which does nothing off the main thread);
    /// `true`, keeping the exception, when one raised (KeyboardInterrupt for Ctrl-C).
    pub(crate) fn poll(&self) -> bool {
        {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.elapsed() < EVERY {
                return false;
            }
            *last = Instant::now();
        }
        match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(err) => {
                *self.raised.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
                true
            }
        }
    }

    /// The core's result as Python's: [`Error::Interrupted`](crate::Error) becomes
    /// the exception the signal handler raised.
    pub(crate) fn result<T>(&self, result: crate::Result<T>) -> PyResult<T> {
        match result {
            Err(crate::Error::Interrupted) => Err(self
                .raised
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or_else(|| crate::Error::Interrupted.into())),
            other => other.map_err(PyErr::from),
        }
    }
}
