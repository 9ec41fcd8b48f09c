//! Bindings of `linear::design`: polynomial design matrices.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1};
use pyo3::prelude::*;

use super::error::guard;

use crate::linear::design;

/// One-variable polynomial design matrix (1, x, …, x^degree); see `physml.data.design_matrix`.
#[pyfunction]
#[pyo3(signature = (x, degree, include_bias=true))]
pub fn polynomial_design_1d<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'py, f64>,
    degree: usize,
    include_bias: bool,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let x = x.as_array();
        let out = py.detach(|| design::polynomial_1d(x, degree, include_bias))?;
        Ok(out.into_pyarray(py))
    })
}

/// Two-variable polynomial design matrix (all x^i y^k, i + k <= degree); see
/// `physml.data.design_matrix`.
#[pyfunction]
#[pyo3(signature = (x, y, degree, include_bias=true))]
pub fn polynomial_design_2d<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
    degree: usize,
    include_bias: bool,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let (x, y) = (x.as_array(), y.as_array());
        let out = py.detach(|| design::polynomial_2d(x, y, degree, include_bias))?;
        Ok(out.into_pyarray(py))
    })
}
