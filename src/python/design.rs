//! Bindings of `linear::design`: polynomial design matrices.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray2};
use pyo3::prelude::*;

use super::error::guard;

use crate::linear::design;

/// scikit-learn's `PolynomialFeatures` of the rows of `x` (n_samples × n_features):
/// every monomial of total degree <= `degree`, in scikit-learn's order; see
/// `physml.data.PolynomialFeatures` and `physml.data.design_matrix`.
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
