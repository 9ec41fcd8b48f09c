//! The one place where [`crate::Error`] becomes a Python exception, where a Rust
//! panic (a bug in physml) becomes an ordinary one, and where Python reaches the
//! core's memory check.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    physml._core,
    PhysmlError,
    pyo3::exceptions::PyRuntimeError,
    "A numerical method in physml failed.

The Rust core could not carry out a computation: a singular system, a non-finite
result, a Monte Carlo run that diverged. A ``RuntimeError``; the message says what
failed and, where there is one, how to avoid it.

Examples
--------
>>> import physml
>>> issubclass(physml.PhysmlError, RuntimeError)
True
"
);

pyo3::create_exception!(
    physml._core,
    InternalError,
    pyo3::exceptions::PyRuntimeError,
    "A bug in physml: the Rust core panicked. Please report it with the code that triggered it.

A ``RuntimeError`` raised instead of crashing the interpreter; the estimator or
driver involved keeps its state from before the call.

Examples
--------
>>> import physml
>>> issubclass(physml.InternalError, RuntimeError)
True
"
);

impl From<crate::Error> for PyErr {
    fn from(e: crate::Error) -> PyErr {
        use crate::Error::*;
        match e {
            InvalidParameter { .. } | Shape(_) | NonFinite(_) | Unphysical(_) => {
                PyValueError::new_err(e.to_string())
            }
            Numerical(_) => PhysmlError::new_err(e.to_string()),
            Interrupted => PyKeyboardInterrupt::new_err("interrupted"),
        }
    }
}

/// Runs the body of a binding, turning a panic of the core into [`InternalError`]
/// (a `RuntimeError`). Without it PyO3 raises `pyo3_runtime.PanicException`, a
/// `BaseException` that `except Exception` does not catch, so a notebook cell
/// would fail like a Ctrl-C. Every binding that calls into the core runs inside
/// it; panics in rayon workers reach it too (rayon re-raises them in the caller).
pub(crate) fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Err(InternalError::new_err(format!(
            "internal error in physml's Rust core (this is a bug in physml, not in your code; \
             please report it with the code that triggered it): {message}"
        )))
    })
}

/// Raises `ValueError` naming `name` (whose value is `got`) unless `n_bytes` bytes
/// holding `what` fit in memory: the core's one check ([`crate::memory`]), for sizes
/// the Python layer allocates itself.
#[pyfunction]
pub fn check_memory(name: &str, got: &str, what: &str, n_bytes: f64) -> PyResult<()> {
    let bytes = if n_bytes.is_finite() && n_bytes < u128::MAX as f64 {
        n_bytes.max(0.0) as u128
    } else {
        u128::MAX
    };
    Ok(crate::memory::check_bytes(name, got, what, bytes)?)
}

/// For physml's own tests only (not part of the API): panics inside the core, on
/// the calling thread or, with `in_worker`, in a rayon worker with the GIL
/// released, so that the tests can check that a panic surfaces as [`InternalError`].
#[pyfunction]
#[pyo3(signature = (in_worker=false))]
pub fn _panic_for_tests(py: Python<'_>, in_worker: bool) -> PyResult<()> {
    guard(|| {
        if in_worker {
            py.detach(|| {
                rayon::scope(|s| s.spawn(|_| panic!("a test panic in a rayon worker")));
            });
        }
        panic!("a test panic on the calling thread")
    })
}
