//! Bindings of the OLS, NNLS and Ridge core (`crate::linear::{ols, nnls, ridge, inference}`).
//!
//! Targets always arrive as 2-D arrays (n_samples, n_targets); the Python layer
//! reshapes them back.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use super::error::guard;

use crate::linear::{inference, nnls, ols, predict, ridge};

type Arr1<'py> = Bound<'py, PyArray1<f64>>;
type Arr2<'py> = Bound<'py, PyArray2<f64>>;

/// A fitted OLS model (`ols::OlsFit`): every field a NumPy array or number, read by name.
#[pyclass(frozen, get_all, module = "physml._core")]
pub struct OlsResult {
    /// Coefficients (t, p).
    coef: Py<PyArray2<f64>>,
    /// Intercepts (t,).
    intercept: Py<PyArray1<f64>>,
    rank: usize,
    /// Singular values of the (centred, weighted) design.
    singular_values: Py<PyArray1<f64>>,
    /// (X_cᵀWX_c)⁺ (p, p) of the data rescaled by 2^-e_x.
    gram_pinv: Py<PyArray2<f64>>,
    /// Residual sums of squares (t,) of the targets rescaled by 2^-e_y and weights w/c.
    rss: Py<PyArray1<f64>>,
    df_resid: i64,
    /// (e_x, e_y), see `ols::OlsFit::exponents`.
    exponents: (i32, i32),
    /// The (weighted) column means of X used for centring (p,).
    x_mean: Py<PyArray1<f64>>,
    /// Σ u_i of the weights u = w/c (n without weights).
    weight_sum: f64,
    /// c = max w (1 without weights).
    weight_scale: f64,
}

/// (Weighted) OLS fit, see `ols::fit_weighted`.
#[pyfunction]
#[pyo3(signature = (x, y, fit_intercept, sample_weight=None))]
pub fn ols_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    fit_intercept: bool,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<OlsResult> {
    guard(|| {
        let (x, y) = (x.as_array(), y.as_array());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let fit = py.detach(|| ols::fit_weighted(x, y, w, fit_intercept))?;
        Ok(OlsResult {
            coef: fit.coef.into_pyarray(py).unbind(),
            intercept: fit.intercept.into_pyarray(py).unbind(),
            rank: fit.rank,
            singular_values: fit.singular_values.into_pyarray(py).unbind(),
            gram_pinv: fit.gram_pinv.into_pyarray(py).unbind(),
            rss: fit.rss.into_pyarray(py).unbind(),
            df_resid: fit.df_resid,
            exponents: fit.exponents,
            x_mean: fit.x_mean.into_pyarray(py).unbind(),
            weight_sum: fit.weight_sum,
            weight_scale: fit.weight_scale,
        })
    })
}

/// (Weighted) non-negative least squares with Ridge penalty `alpha` (0 for none):
/// returns (coef (t, p), intercept (t,), converged (t,)).
#[pyfunction]
#[pyo3(signature = (x, y, fit_intercept, alpha=0.0, sample_weight=None))]
pub fn nnls_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    fit_intercept: bool,
    alpha: f64,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<(Arr2<'py>, Arr1<'py>, Bound<'py, PyArray1<bool>>)> {
    guard(|| {
        let (x, y) = (x.as_array(), y.as_array());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let fit = py.detach(|| nnls::fit_weighted(x, y, w, fit_intercept, alpha))?;
        Ok((
            fit.coef.into_pyarray(py),
            fit.intercept.into_pyarray(py),
            fit.converged.into_pyarray(py),
        ))
    })
}

/// (Weighted) Ridge fit for each alpha: returns (coef (a, t, p), intercept (a, t)).
#[pyfunction]
#[pyo3(signature = (x, y, alphas, fit_intercept, sample_weight=None))]
pub fn ridge_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<(Bound<'py, PyArray3<f64>>, Arr2<'py>)> {
    guard(|| {
        let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array().to_vec());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let fit = py.detach(|| ridge::fit_weighted(x, y, w, &alphas, fit_intercept))?;
        Ok((fit.coef.into_pyarray(py), fit.intercept.into_pyarray(py)))
    })
}

/// Squared leave-one-out errors w_i e_ik² of (weighted) Ridge for each alpha (> 0):
/// (their sums per alpha and target (a, t), and with `store` every one (n, t, a),
/// else None, both times 2^-exponent; exponent), see `ridge::LooErrors`.
#[pyfunction]
#[pyo3(signature = (x, y, alphas, fit_intercept, store=false, sample_weight=None))]
#[allow(clippy::type_complexity)]
pub fn ridge_loo_errors<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
    store: bool,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<(Arr2<'py>, Option<Bound<'py, PyArray3<f64>>>, i32)> {
    guard(|| {
        let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array().to_vec());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let errors =
            py.detach(|| ridge::loo_squared_errors(x, y, w, &alphas, fit_intercept, store))?;
        Ok((
            errors.sums.into_pyarray(py),
            errors.all.map(|a| a.into_pyarray(py)),
            errors.exponent,
        ))
    })
}

/// Leave-one-out predictions (n, t, a) of (weighted) Ridge for each alpha (> 0),
/// see `ridge::loo_predictions`.
#[pyfunction]
#[pyo3(signature = (x, y, alphas, fit_intercept, sample_weight=None))]
pub fn ridge_loo_predictions<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: PyReadonlyArray1<'py, f64>,
    fit_intercept: bool,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Bound<'py, PyArray3<f64>>> {
    guard(|| {
        let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array().to_vec());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let predictions = py.detach(|| ridge::loo_predictions(x, y, w, &alphas, fit_intercept))?;
        Ok(predictions.into_pyarray(py))
    })
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
    guard(|| {
        let (x, y, alphas) = (x.as_array(), y.as_array(), alphas.as_array());
        let alphas = alphas.to_vec();
        let scores = py.detach(|| ridge::kfold_r2(x, y, &alphas, fit_intercept, n_folds))?;
        Ok(scores.into_pyarray(py))
    })
}

/// The q-quantile of Student's t distribution with df degrees of freedom.
#[pyfunction]
pub fn student_t_quantile(q: f64, df: f64) -> PyResult<f64> {
    guard(|| Ok(inference::student_t_quantile(q, df)?))
}

/// Predictions `X Wᵀ + b` (n, m) of the models `W` (m, p), `b` (m), see `predict::predict`.
#[pyfunction]
pub fn linear_predict<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    coef: PyReadonlyArray2<'py, f64>,
    intercept: PyReadonlyArray1<'py, f64>,
) -> PyResult<Arr2<'py>> {
    let (x, coef, intercept) = (x.as_array(), coef.as_array(), intercept.as_array());
    let predictions = py.detach(|| predict::predict(x, coef, intercept))?;
    Ok(predictions.into_pyarray(py))
}

/// (Weighted) mean squared test errors (m,) of the models `W` (m, p), `b` (m) on
/// `X`, `y` (n,), see `predict::mean_squared_errors`.
#[pyfunction]
#[pyo3(signature = (x, y, coef, intercept, sample_weight=None))]
pub fn linear_mean_squared_errors<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
    coef: PyReadonlyArray2<'py, f64>,
    intercept: PyReadonlyArray1<'py, f64>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Arr1<'py>> {
    let (x, y, coef, intercept) = (
        x.as_array(),
        y.as_array(),
        coef.as_array(),
        intercept.as_array(),
    );
    let w = sample_weight.as_ref().map(|w| w.as_array());
    let errors = py.detach(|| predict::mean_squared_errors(x, y, coef, intercept, w))?;
    Ok(errors.into_pyarray(py))
}
