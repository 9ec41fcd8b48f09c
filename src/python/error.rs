//! The one place where [`crate::Error`] becomes a Python exception.

use pyo3::exceptions::{PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    physml._core,
    PhysmlError,
    pyo3::exceptions::PyRuntimeError,
    "A numerical method in physml failed."
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
