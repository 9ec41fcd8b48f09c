//! Bindings of `linear::lasso`: the ElasticNet parameters and path solver.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use ndarray::{Array2, Array3, ArrayView1, ArrayView2};
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use super::error::guard;

use super::signals::Signals;
use crate::linear::lasso::{
    check_path_size, default_alphas, describes_centred_design, ElasticNetParams, Form, GramParams,
    PathSolver, Precomputed, Selection,
};
use crate::linear::weights::WeightedRows;
use crate::Error;

/// The checked hyper-parameters of coordinate descent (`lasso::ElasticNetParams`),
/// built from the names of scikit-learn's `ElasticNet`; errors name them.
#[pyclass(frozen, name = "ElasticNetParams", module = "physml._core")]
#[derive(Clone)]
pub struct PyElasticNetParams {
    params: ElasticNetParams,
}

#[pymethods]
impl PyElasticNetParams {
    /// `selection` is 'cyclic' or 'random' (coordinates drawn with `random_seed`);
    /// `precompute` chooses the covariance (True) or residual (False) form, None
    /// picks by shape.
    #[new]
    #[pyo3(signature = (*, l1_ratio=1.0, fit_intercept=true, max_iter=1000, tol=1e-4, selection="cyclic", random_seed=None, positive=false, precompute=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        l1_ratio: f64,
        fit_intercept: bool,
        max_iter: i64,
        tol: f64,
        selection: &str,
        random_seed: Option<u64>,
        positive: bool,
        precompute: Option<bool>,
    ) -> PyResult<Self> {
        guard(|| {
            let selection = match selection {
                "cyclic" => Selection::Cyclic,
                "random" => Selection::Random {
                    seed: random_seed.unwrap_or(0),
                },
                other => {
                    return Err(Error::param(
                        "selection",
                        "must be 'cyclic' or 'random'",
                        format!("'{other}'"),
                    )
                    .into())
                }
            };
            let params = ElasticNetParams {
                l1_ratio,
                fit_intercept,
                max_iter: usize::try_from(max_iter)
                    .map_err(|_| Error::param("max_iter", "must be >= 1", max_iter))?,
                tol,
                selection,
                positive,
                form: match precompute {
                    None => Form::Auto,
                    Some(true) => Form::Covariance,
                    Some(false) => Form::Residual,
                },
                tuning: GramParams::default(),
            };
            params.validate()?;
            Ok(PyElasticNetParams { params })
        })
    }

    #[getter]
    fn max_iter(&self) -> usize {
        self.params.max_iter
    }
}

/// A flag shared between threads that stops the path solvers polling it: the
/// caller's thread sets it (on Ctrl-C) and every `enet_path` given it, on any
/// thread, stops after its current coordinate-descent sweep with a
/// KeyboardInterrupt. Signals reach only the main thread; this reaches the workers.
#[pyclass(frozen, module = "physml._core")]
#[derive(Clone, Default)]
pub struct StopFlag {
    flag: Arc<AtomicBool>,
}

#[pymethods]
impl StopFlag {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Ask every solver polling this flag to stop.
    fn set(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether `set` was called.
    fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}

/// A solved path (see `enet_path`): alphas (k,), coefs (t, p, k), intercepts (t, k),
/// dual_gaps (t, k), n_iter (t, k), converged (t, k).
#[pyclass(frozen, get_all, module = "physml._core")]
pub struct EnetPath {
    alphas: Py<PyArray1<f64>>,
    coefs: Py<PyArray3<f64>>,
    intercepts: Py<PyArray2<f64>>,
    dual_gaps: Py<PyArray2<f64>>,
    n_iter: Py<PyArray2<u64>>,
    converged: Py<PyArray2<bool>>,
    /// The caller's Gram matrix was set aside: centring for the intercept moved X.
    gram_dropped: bool,
}

/// The design the solver sees: X and Y, or with weights the rows of the weights
/// summing to n (scikit-learn's objective, see `WeightedRows::summing_to_n`).
fn design<'a>(
    x: ArrayView2<'a, f64>,
    y: ArrayView2<'a, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    params: &ElasticNetParams,
) -> crate::Result<(Option<WeightedRows>, ElasticNetParams)> {
    let Some(w) = sample_weight else {
        return Ok((None, *params));
    };
    let rows = WeightedRows::summing_to_n(x, y, w, params.fit_intercept)?;
    Ok((
        Some(rows),
        ElasticNetParams {
            fit_intercept: false,
            ..*params
        },
    ))
}

/// scikit-learn's default grid of `n_alphas` alphas for X, y (with `sample_weight`,
/// of the weighted problem), from alpha_max down to eps·alpha_max.
#[pyfunction]
#[pyo3(signature = (x, y, params, *, n_alphas=100, eps=1e-3, sample_weight=None))]
pub fn enet_alpha_grid<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    params: &PyElasticNetParams,
    n_alphas: usize,
    eps: f64,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(|| {
        let (x, y) = (x.as_array(), y.as_array());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let alphas = py.detach(|| {
            let (rows, params) = design(x, y, w, &params.params)?;
            let (xd, yd) = rows.as_ref().map_or((x, y), |r| (r.x.view(), r.y.view()));
            default_alphas(&PathSolver::new(xd, yd, params)?, n_alphas, eps)
        })?;
        Ok(alphas.into_pyarray(py))
    })
}

/// Coordinate descent along `alphas` (or `n_alphas` log-spaced values from alpha_max
/// down to eps·alpha_max), warm-starting each alpha from the previous one; y is
/// (n_samples, n_targets). `gram` (p × p) and `xy` (p × n_targets) are the caller's
/// XᵀX and Xᵀy of the (centred) design, checked against X. With `sample_weight`,
/// the objective `1/(2n) Σ_i u_i r_i² + penalty` with the weights `u` rescaled to
/// sum to n, as scikit-learn. The GIL is released for each alpha; signals are
/// checked between alphas and, within the solve of one alpha, after the sweeps of
/// coordinate descent (at most every 20 ms): a KeyboardInterrupt propagates and no
/// path is returned. `stop`, when given and set (from any thread), stops the solve
/// after the current sweep the same way, for worker threads that signals do not
/// reach. `progress(i, n)`, if given, is called after the i-th of n alphas.
#[pyfunction]
#[pyo3(signature = (x, y, params, *, alphas=None, n_alphas=100, eps=1e-3, coef_init=None, gram=None, xy=None, sample_weight=None, progress=None, stop=None))]
#[allow(clippy::too_many_arguments)]
pub fn enet_path<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    params: &PyElasticNetParams,
    alphas: Option<PyReadonlyArray1<'py, f64>>,
    n_alphas: usize,
    eps: f64,
    coef_init: Option<PyReadonlyArray2<'py, f64>>,
    gram: Option<PyReadonlyArray2<'py, f64>>,
    xy: Option<PyReadonlyArray2<'py, f64>>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    progress: Option<Bound<'py, PyAny>>,
    stop: Option<&StopFlag>,
) -> PyResult<EnetPath> {
    guard(|| {
        let (x, y) = (x.as_array(), y.as_array());
        let w = sample_weight.as_ref().map(|w| w.as_array());
        let (rows, params) = py.detach(|| design(x, y, w, &params.params))?;
        let (xd, yd) = rows.as_ref().map_or((x, y), |r| (r.x.view(), r.y.view()));
        // the weighted rows are centred already: their means decide for the Gram matrix
        let weighted_dropped = gram.is_some()
            && rows.as_ref().is_some_and(|r| {
                !describes_centred_design(r.x_mean.as_slice().expect("contiguous"))
            });
        let pre = Precomputed {
            gram: gram
                .as_ref()
                .map(|g| g.as_array())
                .filter(|_| !weighted_dropped),
            xy: xy.as_ref().map(|v| v.as_array()),
        };
        let mut solver = py.detach(|| PathSolver::with_precomputed(xd, yd, params, pre))?;
        if let Some(coef) = &coef_init {
            solver.set_coef(coef.as_array())?;
        }
        let alphas_given = alphas.is_some();
        let alphas = match &alphas {
            Some(a) => a.as_array().to_vec(),
            None => default_alphas(&solver, n_alphas, eps)?,
        };
        let (t, p, k) = (y.ncols(), solver.n_features(), alphas.len());
        check_path_size(if alphas_given { "alphas" } else { "n_alphas" }, k, t, p)?;
        let signals = Signals::new();
        let mut coefs = Array3::zeros((t, p, k));
        let mut intercepts = Array2::zeros((t, k));
        let mut gaps = Array2::zeros((t, k));
        let mut n_iter = Array2::zeros((t, k));
        let mut converged = Array2::from_elem((t, k), false);
        for (i, &alpha) in alphas.iter().enumerate() {
            let poll = || stop.is_some_and(|s| s.is_set()) || signals.poll();
            let sol = signals.result(py.detach(|| solver.solve_interruptible(alpha, &poll)))?;
            let intercept = match &rows {
                Some(rows) => rows.intercepts(sol.coef.view()),
                None => ndarray::Array1::from(sol.intercept.clone()),
            };
            for target in 0..t {
                coefs
                    .slice_mut(ndarray::s![target, .., i])
                    .assign(&sol.coef.row(target));
                intercepts[[target, i]] = intercept[target];
                gaps[[target, i]] = sol.dual_gap[target];
                n_iter[[target, i]] = sol.n_iter[target] as u64;
                converged[[target, i]] = sol.converged[target];
            }
            if let Some(callback) = &progress {
                callback.call1((i, k))?;
            }
            py.check_signals()?;
            if stop.is_some_and(|s| s.is_set()) {
                return Err(Error::Interrupted.into());
            }
        }
        Ok(EnetPath {
            alphas: alphas.into_pyarray(py).unbind(),
            coefs: coefs.into_pyarray(py).unbind(),
            intercepts: intercepts.into_pyarray(py).unbind(),
            dual_gaps: gaps.into_pyarray(py).unbind(),
            n_iter: n_iter.into_pyarray(py).unbind(),
            converged: converged.into_pyarray(py).unbind(),
            gram_dropped: weighted_dropped || solver.gram_dropped,
        })
    })
}
