//! Bindings of the statistics core (`crate::stats`): the automated blocking estimate
//! for users' own Monte Carlo series (`physml.testing.blocking`).

use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::stats;

/// (mean, population variance, blocking error, integrated autocorrelation time) of
/// a series, see `stats::summarize` and `stats::autocorrelation_time`. The Python
/// layer passes `x` 1-D, contiguous and finite.
#[pyfunction]
pub fn blocking_summary(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
) -> PyResult<(f64, f64, f64, f64)> {
    let values = x
        .as_slice()
        .map_err(|_| PyValueError::new_err("x must be a contiguous array"))?;
    Ok(py.detach(|| {
        let s = stats::summarize(values);
        (
            s.mean,
            s.variance,
            s.error,
            stats::autocorrelation_time(&s, values.len()),
        )
    }))
}
