//! Bindings of the OLS, NNLS and Ridge core (`crate::linear::{ols, nnls, ridge, inference}`).
//!
//! Targets always arrive as 2-D arrays (n_samples, n_targets); the Python layer
//! reshapes them back.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use crate::linear::{inference, nnls, ols, ridge};

type Arr1<'py> = Bound<'py, PyArray1<f64>>;
type Arr2<'py> = Bound<'py, PyArray2<f64>>;

/// OLS fit: returns (coef (t, p), intercept (t,), rank, singular values,
/// (X_cᵀX_c)⁺ (p, p), residual sums of squares (t,), residual degrees of freedom,
/// (e_x, e_y)); the Gram pseudo-inverse and the residual sums are those of the data
/// rescaled by 2^-e_x and 2^-e_y (see `ols::OlsFit::exponents`).
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn ols_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    fit_intercept: bool,
) -> PyResult<(
    Arr2<'py>,
    Arr1<'py>,
    usize,
    Arr1<'py>,
    Arr2<'py>,
    Arr1<'py>,
    i64,
    (i32, i32),
)> {
    let (x, y) = (x.as_array(), y.as_array());
    let fit = py.detach(|| ols::fit(x, y, fit_intercept))?;
    Ok((
        fit.coef.into_pyarray(py),
        fit.intercept.into_pyarray(py),
        fit.rank,
        fit.singular_values.into_pyarray(py),
        fit.gram_pinv.into_pyarray(py),
        fit.rss.into_pyarray(py),
        fit.df_resid,
        fit.exponents,
    ))
}

/// Non-negative least squares with Ridge penalty `alpha` (0 for none): returns
/// (coef (t, p), intercept (t,), converged (t,)).
#[pyfunction]
#[pyo3(signature = (x, y, fit_intercept, alpha=0.0))]
pub fn nnls_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    fit_intercept: bool,
    alpha: f64,
) -> PyResult<(Arr2<'py>, Arr1<'py>, Bound<'py, PyArray1<bool>>)> {
    let (x, y) = (x.as_array(), y.as_array());
    let fit = py.detach(|| nnls::fit(x, y, fit_intercept, alpha))?;
    Ok((
        fit.coef.into_pyarray(py),
        fit.intercept.into_pyarray(py),
        fit.converged.into_pyarray(py),
    ))
}

/// Ridge fit for each alpha: returns (coef (a, t, p), intercept (a, t)).
#[pyfunction]
pub fn ridge_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
) -> PyResult<(Bound<'py, PyArray3<f64>>, Arr2<'py>)> {
    let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array());
    let alphas = alphas.to_vec();
    let fit = py.detach(|| ridge::fit(x, y, &alphas, fit_intercept))?;
    Ok((fit.coef.into_pyarray(py), fit.intercept.into_pyarray(py)))
}

/// Squared leave-one-out errors of Ridge for each alpha (> 0): (their sums per alpha
/// and target (a, t), and with `store` every one (n, t, a), else None, both times
/// 2^-exponent; exponent), see `ridge::LooErrors`.
#[pyfunction]
#[pyo3(signature = (x, y, alphas, fit_intercept, store=false))]
#[allow(clippy::type_complexity)]
pub fn ridge_loo_errors<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
    store: bool,
) -> PyResult<(Arr2<'py>, Option<Bound<'py, PyArray3<f64>>>, i32)> {
    let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array());
    let alphas = alphas.to_vec();
    let errors = py.detach(|| ridge::loo_squared_errors(x, y, &alphas, fit_intercept, store))?;
    Ok((
        errors.sums.into_pyarray(py),
        errors.all.map(|a| a.into_pyarray(py)),
        errors.exponent,
    ))
}

/// Mean k-fold test R² of Ridge for each alpha (>= 0).
#[pyfunction]
pub fn ridge_kfold_r2<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
    n_folds: usize,
) -> PyResult<Arr1<'py>> {
    let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array());
    let alphas = alphas.to_vec();
    let scores = py.detach(|| ridge::kfold_r2(x, y, &alphas, fit_intercept, n_folds))?;
    Ok(scores.into_pyarray(py))
}

/// The q-quantile of Student's t distribution with df degrees of freedom.
#[pyfunction]
pub fn student_t_quantile(q: f64, df: f64) -> PyResult<f64> {
    Ok(inference::student_t_quantile(q, df)?)
}
