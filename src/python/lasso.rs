//! Bindings of `linear::lasso`: the ElasticNet path solver.

use ndarray::{Array2, Array3};
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use crate::linear::lasso::{
    default_alphas, ElasticNetParams, Form, GramParams, PathSolver, Precomputed, Selection,
};

/// (alphas, coefs (t, p, k), intercepts (t, k), dual_gaps (t, k), n_iter (t, k), converged (t, k)).
type PathArrays<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray3<f64>>,
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<u64>>,
    Bound<'py, PyArray2<bool>>,
);

/// Coordinate descent along `alphas` (or `n_alphas` log-spaced values from alpha_max
/// down to eps·alpha_max), warm-starting each alpha from the previous one; y is
/// (n_samples, n_targets); `positive` constrains the coefficients to w ≥ 0.
/// `precompute` chooses the covariance (true) or residual (false) form, None picks
/// by shape; `gram` (p × p) and `xy` (p × n_targets) are the caller's XᵀX and Xᵀy
/// of the (centred) design, checked against X. The GIL is released for each alpha
/// and signals are checked between alphas; `progress(i, n)`, if given, is called
/// after the i-th of n alphas.
#[pyfunction]
#[pyo3(signature = (x, y, alphas, n_alphas, eps, l1_ratio, fit_intercept, max_iter, tol, random_seed=None, coef_init=None, positive=false, precompute=None, gram=None, xy=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn enet_path<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    alphas: Option<PyReadonlyArray1<'py, f64>>,
    n_alphas: usize,
    eps: f64,
    l1_ratio: f64,
    fit_intercept: bool,
    max_iter: usize,
    tol: f64,
    random_seed: Option<u64>,
    coef_init: Option<PyReadonlyArray2<'py, f64>>,
    positive: bool,
    precompute: Option<bool>,
    gram: Option<PyReadonlyArray2<'py, f64>>,
    xy: Option<PyReadonlyArray2<'py, f64>>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<PathArrays<'py>> {
    let params = ElasticNetParams {
        l1_ratio,
        fit_intercept,
        max_iter,
        tol,
        selection: random_seed.map_or(Selection::Cyclic, |seed| Selection::Random { seed }),
        positive,
        form: match precompute {
            None => Form::Auto,
            Some(true) => Form::Covariance,
            Some(false) => Form::Residual,
        },
        tuning: GramParams::default(),
    };
    let (x, y) = (x.as_array(), y.as_array());
    let pre = Precomputed {
        gram: gram.as_ref().map(|g| g.as_array()),
        xy: xy.as_ref().map(|v| v.as_array()),
    };
    let mut solver = py.detach(|| PathSolver::with_precomputed(x, y, params, pre))?;
    if let Some(coef) = &coef_init {
        solver.set_coef(coef.as_array())?;
    }
    let alphas = match &alphas {
        Some(a) => a.as_array().to_vec(),
        None => default_alphas(&solver, n_alphas, eps)?,
    };
    let (t, p, k) = (y.ncols(), solver.n_features(), alphas.len());
    let mut coefs = Array3::zeros((t, p, k));
    let mut intercepts = Array2::zeros((t, k));
    let mut gaps = Array2::zeros((t, k));
    let mut n_iter = Array2::zeros((t, k));
    let mut converged = Array2::from_elem((t, k), false);
    for (i, &alpha) in alphas.iter().enumerate() {
        let sol = py.detach(|| solver.solve(alpha))?;
        for target in 0..t {
            coefs
                .slice_mut(ndarray::s![target, .., i])
                .assign(&sol.coef.row(target));
            intercepts[[target, i]] = sol.intercept[target];
            gaps[[target, i]] = sol.dual_gap[target];
            n_iter[[target, i]] = sol.n_iter[target] as u64;
            converged[[target, i]] = sol.converged[target];
        }
        if let Some(callback) = &progress {
            callback.call1((i, k))?;
        }
        py.check_signals()?;
    }
    Ok((
        alphas.into_pyarray(py),
        coefs.into_pyarray(py),
        intercepts.into_pyarray(py),
        gaps.into_pyarray(py),
        n_iter.into_pyarray(py),
        converged.into_pyarray(py),
    ))
}
