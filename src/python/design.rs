//! Bindings of `linear::design`: polynomial design matrices.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
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

/// scikit-learn's `PolynomialFeatures` of the rows of `x` (n_samples × n_features):
/// every monomial of total degree <= `degree`, in scikit-learn's order; see
/// `physml.data.PolynomialFeatures`.
#[pyfunction]
#[pyo3(signature = (x, degree, include_bias=true, interaction_only=false))]
pub fn polynomial_features<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    degree: usize,
    include_bias: bool,
    interaction_only: bool,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let x = x.as_array();
        let out =
            py.detach(|| design::polynomial_features(x, degree, include_bias, interaction_only))?;
        Ok(out.into_pyarray(py))
    })
}

/// The exponents of the output columns of [`polynomial_features`], one row per column.
#[pyfunction]
#[pyo3(signature = (n_features, degree, include_bias=true, interaction_only=false))]
pub fn polynomial_powers<'py>(
    py: Python<'py>,
    n_features: usize,
    degree: usize,
    include_bias: bool,
    interaction_only: bool,
) -> PyResult<Bound<'py, PyArray2<i64>>> {
    guard(|| {
        let out = py.detach(|| {
            design::monomial_powers(n_features, degree, include_bias, interaction_only)
        })?;
        Ok(out.into_pyarray(py))
    })
}
