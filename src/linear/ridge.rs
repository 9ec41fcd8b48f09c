//! Ridge regression: `min_w ‖y − b − Xw‖² + α‖w‖²` (scikit-learn's objective; the
//! intercept `b` is not penalised), for one or many `α` from one factorisation,
//! and the cross-validation scores that choose `α`.
//!
//! **Method.** With an intercept the data are centred. For `p <= n` the primal
//! system `(X_cᵀX_c + αI) w = X_cᵀy_c` is solved; for `p > n` the dual (kernel)
//! form `w = X_cᵀ (X_cX_cᵀ + αI)⁻¹ y_c`. One `α`: Cholesky. Several: one
//! eigendecomposition `A = V diag(λ) Vᵀ` of the Gram (or kernel) matrix serves all,
//! `(A + αI)⁻¹ c = V diag(1/(λ + α)) Vᵀ c`. `α = 0` gives the minimum-norm
//! least-squares solution (the limit `α → 0⁺`), computed by [`ols::fit`].
//!
//! **Leave-one-out.** For a linear smoother `ŷ = H y`, the leave-one-out residual
//! is `e_i = (y_i − ŷ_i)/(1 − H_ii)`. With an unpenalised intercept
//! `H = 11ᵀ/n + X_c(X_cᵀX_c + αI)⁻¹X_cᵀ`. For `p < n`, with `Z = X_c V`,
//! `H_ii = 1/n + Σ_j Z_ij²/(λ_j + α)` and `ŷ_c = Z diag(1/(λ + α)) Zᵀ y_c`; for
//! `p >= n` the complete eigenbasis of the kernel gives `1 − H_ii` without
//! cancellation (see [`loo_mean_squared_errors`]). Each `α` then costs `O(n·p)`
//! after one decomposition (Golub, Heath & Wahba, Technometrics 21, 215 (1979)).

use ndarray::{
    concatenate, s, Array1, Array2, Array3, ArrayView1, ArrayView2, Axis, CowArray, Ix1, Ix2,
};

use crate::error::{Error, Result};
use crate::linalg;
use crate::linear::problem::{rescale_penalties, scale_pow2, Problem};
use crate::linear::weights::WeightedRows;
use crate::linear::{ols, predict};

/// Ridge coefficients for several penalties.
#[derive(Debug, Clone)]
pub struct RidgeFit {
    /// Coefficients (n_alphas × t × p).
    pub coef: Array3<f64>,
    /// Intercepts (n_alphas × t); zeros without intercept.
    pub intercept: Array2<f64>,
}

fn check_alphas(alphas: &[f64], name: &str, strictly_positive: bool) -> Result<()> {
    if alphas.is_empty() {
        return Err(Error::param(
            name,
            "must hold at least one value",
            "an empty array",
        ));
    }
    for &a in alphas {
        let ok = a.is_finite() && if strictly_positive { a > 0.0 } else { a >= 0.0 };
        if !ok {
            let expected = if strictly_positive {
                "must be finite and > 0"
            } else {
                "must be finite and >= 0"
            };
            return Err(Error::param(name, expected, a));
        }
    }
    Ok(())
}

/// Fits Ridge for every `α` in `alphas` (each finite and `>= 0`).
///
/// **Errors** on invalid `alphas` or data (see [`Problem::new`]).
pub fn fit(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    alphas: &[f64],
    fit_intercept: bool,
) -> Result<RidgeFit> {
    check_alphas(alphas, "alpha", false)?;
    let problem = Problem::new(x, y, fit_intercept)?;
    let Some((ex, ey)) = problem.rescaling() else {
        return fit_problem(&problem, alphas);
    };
    // data far from 1 in magnitude: solve the exactly rescaled problem (see
    // Problem::rescaling) and scale W by 2^(ey−ex), b by 2^ey
    let (xs, ys) = (scale_pow2(x, -ex), scale_pow2(y, -ey));
    let alphas = rescale_penalties(alphas, ex)?;
    let fit = fit_problem(&Problem::new(xs.view(), ys.view(), fit_intercept)?, &alphas)?;
    let coef = scale_pow2(fit.coef.view(), ey - ex);
    if !coef.iter().all(|v| v.is_finite()) {
        return Err(Error::Numerical(
            "Ridge coefficients overflowed; rescale X and y".into(),
        ));
    }
    Ok(RidgeFit {
        coef,
        intercept: scale_pow2(fit.intercept.view(), ey),
    })
}

/// Fits weighted Ridge, `min Σ_i w_i (y_i − b − x_iᵀβ)² + α‖β‖²`, for every `α`
/// in `alphas`: Ridge without intercept of the weighted rows with penalties `α/c`
/// (see [`WeightedRows`]), and `b = ȳ_w − x̄_wᵀβ`. Without `sample_weight` every
/// weight is 1: that is [`fit`].
///
/// **Errors** on invalid `alphas`, `sample_weight` or data.
pub fn fit_weighted(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    alphas: &[f64],
    fit_intercept: bool,
) -> Result<RidgeFit> {
    let Some(sample_weight) = sample_weight else {
        return fit(x, y, alphas, fit_intercept);
    };
    check_alphas(alphas, "alpha", false)?;
    let rows = WeightedRows::new(x, y, sample_weight, fit_intercept)?;
    let fit = fit(
        rows.x.view(),
        rows.y.view(),
        &rows.penalties(alphas)?,
        false,
    )?;
    let mut intercept = Array2::zeros(fit.intercept.raw_dim());
    for (mut b, coef) in intercept.outer_iter_mut().zip(fit.coef.outer_iter()) {
        b.assign(&rows.intercepts(coef));
    }
    Ok(RidgeFit {
        coef: fit.coef,
        intercept,
    })
}

fn fit_problem(problem: &Problem<'_>, alphas: &[f64]) -> Result<RidgeFit> {
    let (p, t) = (problem.n_features(), problem.n_targets());
    let positive: Vec<f64> = alphas.iter().copied().filter(|&a| a > 0.0).collect();
    let mut solved = if positive.is_empty() {
        Vec::new()
    } else if p <= problem.n_samples() {
        let (g, b) = problem.gram_cross();
        shifted_solves(g.view(), b.view(), &positive)?
    } else {
        let xc = problem.centred_x();
        let kernel = linalg::matmul(xc.view(), xc.t());
        let duals = shifted_solves(kernel.view(), problem.centred_y().view(), &positive)?;
        duals
            .iter()
            .map(|d| linalg::matmul(xc.t(), d.view()))
            .collect()
    }
    .into_iter();
    let least_squares = if alphas.contains(&0.0) {
        Some(ols::fit(problem.x, problem.y, problem.fit_intercept)?.coef)
    } else {
        None
    };
    let mut coef = Array3::zeros((alphas.len(), t, p));
    let mut intercept = Array2::zeros((alphas.len(), t));
    for (i, &a) in alphas.iter().enumerate() {
        let w = if a > 0.0 {
            solved
                .next()
                .expect("one solution per positive alpha")
                .reversed_axes()
        } else {
            least_squares
                .clone()
                .expect("computed when an alpha is zero")
        };
        if !w.iter().all(|v| v.is_finite()) {
            return Err(Error::Numerical(
                "Ridge coefficients overflowed; rescale X and y".into(),
            ));
        }
        intercept.row_mut(i).assign(&problem.intercepts(w.view()));
        coef.slice_mut(s![i, .., ..]).assign(&w);
    }
    Ok(RidgeFit { coef, intercept })
}

/// Solves `(A + αI) X = B` for each `α > 0` (symmetric positive semi-definite `A`):
/// Cholesky for one `α`, one eigendecomposition shared by several.
fn shifted_solves(
    a: ArrayView2<'_, f64>,
    b: ArrayView2<'_, f64>,
    alphas: &[f64],
) -> Result<Vec<Array2<f64>>> {
    if !a.iter().all(|v| v.is_finite()) {
        return Err(Error::Numerical(
            "the Gram matrix overflowed; rescale X".into(),
        ));
    }
    if let [alpha] = alphas {
        let mut shifted = a.to_owned();
        shifted.diag_mut().mapv_inplace(|d| d + alpha);
        if let Ok(x) = linalg::cholesky_solve(shifted.view(), b) {
            return Ok(vec![x]);
        }
    }
    let (lambda, v) = linalg::sym_eigen(a)?;
    let lambda = lambda.mapv(|l| l.max(0.0));
    let vtb = linalg::matmul(v.t(), b);
    let t = b.ncols();
    let mut scaled = Array2::zeros((v.ncols(), alphas.len() * t));
    for (i, &alpha) in alphas.iter().enumerate() {
        let mut block = scaled.slice_mut(s![.., i * t..(i + 1) * t]);
        for (j, mut row) in block.rows_mut().into_iter().enumerate() {
            row.assign(&(&vtb.row(j) / (lambda[j] + alpha)));
        }
    }
    let all = linalg::matmul(v.view(), scaled.view());
    Ok((0..alphas.len())
        .map(|i| all.slice(s![.., i * t..(i + 1) * t]).to_owned())
        .collect())
}

/// Mean squared leave-one-out error `(1/(n t)) Σ_ik e_ik²` for each `α > 0`,
/// from one decomposition (see the module docs). scikit-learn's `RidgeCV` with
/// `cv=None` picks the `α` that minimises it and reports its negative as `best_score_`.
///
/// **Errors** if an `α` is not finite and `> 0`, or on invalid data.
pub fn loo_mean_squared_errors(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    alphas: &[f64],
    fit_intercept: bool,
) -> Result<Array1<f64>> {
    let errors = loo_squared_errors(x, y, None, alphas, fit_intercept, false)?;
    let (n, t) = (x.nrows(), y.ncols());
    let mean = errors.sums.sum_axis(Axis(1)) / (n * t) as f64;
    Ok(scale_pow2(mean.view(), errors.exponent))
}

/// Squared leave-one-out errors of Ridge: their sums per `α` and target, and with
/// `store`, every one of them.
#[derive(Debug, Clone)]
pub struct LooErrors {
    /// `Σ_i w_i e_ik² · 2^-exponent` (n_alphas × t).
    pub sums: Array2<f64>,
    /// `w_i e_ik² · 2^-exponent` (n × t × n_alphas), if asked for.
    pub all: Option<Array3<f64>>,
    /// 0 unless y lies beyond `2^±300` in magnitude (see `Problem::rescaling`) or
    /// the weights are not 1: the errors are then those of `y·2^-e_y` and of the
    /// weights `w/c` (`c = m·2^e_c`, `m` in `[1, 2)`) times `m`, and
    /// `exponent = 2e_y + e_c`, so that comparing alphas never meets an overflow
    /// or underflow of the errors themselves.
    pub exponent: i32,
}

/// The squared leave-one-out errors `w_i e_ik²` of (weighted) Ridge for each
/// `α > 0`, from one decomposition (see the module docs): summed per `α` and target
/// (scikit-learn's `alpha_per_target`), and with `store` also each one (its
/// `cv_results_`). Without `sample_weight` every weight is 1.
///
/// **Errors** if an `α` is not finite and `> 0`, on invalid data or weights, and
/// if a sample of positive weight has leverage 1 to rounding.
pub fn loo_squared_errors(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    alphas: &[f64],
    fit_intercept: bool,
    store: bool,
) -> Result<LooErrors> {
    let residuals = loo_residuals(x, y, sample_weight, alphas, fit_intercept, store)?;
    let (mantissa, exponent) = residuals.weight_scale;
    let all = residuals.signed.map(|signed| {
        let mut all = Array3::zeros((x.nrows(), y.ncols(), alphas.len()));
        for (&i, e) in residuals.kept.iter().zip(signed.outer_iter()) {
            all.slice_mut(s![i, .., ..])
                .assign(&e.mapv(|e| e * e * mantissa));
        }
        all
    });
    Ok(LooErrors {
        sums: residuals.sums * mantissa,
        all,
        exponent: 2 * residuals.ey + exponent,
    })
}

/// Leave-one-out predictions `ŷ_(−i)k = y_ik − e_ik` (n × t × n_alphas) of
/// (weighted) Ridge for each `α > 0` (what a scorer of scikit-learn's `RidgeCV`
/// sees). A sample of zero weight takes no part in the fit, so its prediction is
/// the full fit's.
///
/// **Errors** as [`loo_squared_errors`].
pub fn loo_predictions(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    alphas: &[f64],
    fit_intercept: bool,
) -> Result<Array3<f64>> {
    let residuals = loo_residuals(x, y, sample_weight, alphas, fit_intercept, true)?;
    let signed = residuals.signed.expect("asked for");
    let mut predictions = Array3::zeros((x.nrows(), y.ncols(), alphas.len()));
    for (&i, e) in residuals.kept.iter().zip(signed.outer_iter()) {
        let root = residuals.weights[i].sqrt();
        let error = scale_pow2((&e / root).view(), residuals.ey);
        let observed = y.row(i).insert_axis(Axis(1));
        predictions
            .slice_mut(s![i, .., ..])
            .assign(&(&observed - &error));
    }
    if let Some(w) = sample_weight.filter(|_| residuals.kept.len() < x.nrows()) {
        let fit = fit_weighted(x, y, Some(w), alphas, fit_intercept)?;
        for i in (0..x.nrows()).filter(|&i| w[i] == 0.0) {
            for (a, (coef, b)) in fit
                .coef
                .outer_iter()
                .zip(fit.intercept.outer_iter())
                .enumerate()
            {
                let predicted = &coef.dot(&x.row(i)) + &b;
                predictions.slice_mut(s![i, .., a]).assign(&predicted);
            }
        }
    }
    Ok(predictions)
}

/// The leave-one-out residuals behind [`loo_squared_errors`] and [`loo_predictions`].
struct LooResiduals {
    /// `Σ_i u_i e_ik² · 2^(−2e_y)` over the kept samples (n_alphas × t).
    sums: Array2<f64>,
    /// `√u_i e_ik · 2^(−e_y)` of the kept samples (m × t × n_alphas), if asked for.
    signed: Option<Array3<f64>>,
    /// The samples taking part (those of positive weight).
    kept: Vec<usize>,
    /// `u_i` of every sample (ones without weights).
    weights: Array1<f64>,
    /// `e_y` of the rescaling (see `Problem::rescaling`).
    ey: i32,
    /// `(m, e_c)` with `c = max w = m·2^e_c`, `m` in `[1, 2)`; `(1, 0)` without weights.
    weight_scale: (f64, i32),
}

/// The leave-one-out residuals of (weighted) Ridge. Without `sample_weight` every
/// weight is 1 (as scikit-learn's `_RidgeGCV`): the one difference is where the rows
/// come from, X itself (centred by `Problem` without a copy) or the weighted rows
/// `√u(x − x̄_w)` of the samples of positive weight.
fn loo_residuals(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    alphas: &[f64],
    fit_intercept: bool,
    signed: bool,
) -> Result<LooResiduals> {
    check_alphas(alphas, "alphas", true)?;
    let n = x.nrows();
    let (rows, weights, scale, alphas) = match sample_weight {
        Some(w) => {
            let rows = WeightedRows::new(x, y, w, fit_intercept)?;
            let alphas = rows.penalties(alphas)?;
            let (weights, scale) = (rows.weights.clone(), rows.scale);
            (Some(rows), weights, scale, alphas)
        }
        None => (None, Array1::ones(n), 1.0, alphas.to_vec()),
    };
    let kept: Vec<usize> = (0..n).filter(|&i| weights[i] > 0.0).collect();
    let (xk, yk): (CowArray<'_, f64, Ix2>, CowArray<'_, f64, Ix2>) = match &rows {
        Some(r) if kept.len() < n => (
            r.x.select(Axis(0), &kept).into(),
            r.y.select(Axis(0), &kept).into(),
        ),
        Some(r) => (r.x.view().into(), r.y.view().into()),
        None => (x.into(), y.into()),
    };
    // weighted rows are centred already
    let centre = fit_intercept && rows.is_none();
    let problem = Problem::new(xk.view(), yk.view(), centre)?;
    let m = kept.len();
    if fit_intercept && m < 2 {
        return Err(Error::Shape(match rows {
            Some(_) => format!(
                "leave-one-out cross-validation with an intercept needs at least 2 samples of \
                 positive sample_weight, got {m} sample(s)"
            ),
            None => format!(
                "leave-one-out cross-validation with an intercept needs at least 2 samples, \
                 got n_samples = {m}"
            ),
        }));
    }
    // the residuals of the exactly rescaled problem; those of y are 2^ey times them
    let rescaled = problem.rescaling().map(|(ex, ey)| {
        (
            scale_pow2(problem.x, -ex),
            scale_pow2(problem.y, -ey),
            ex,
            ey,
        )
    });
    let (problem, ex, ey) = match &rescaled {
        Some((xs, ys, ex, ey)) => (Problem::new(xs.view(), ys.view(), centre)?, *ex, *ey),
        None => (problem, 0, 0),
    };
    let alphas = rescale_penalties(&alphas, ex)?;
    let unit: CowArray<'_, f64, Ix1> = if kept.len() < n {
        weights.select(Axis(0), &kept).into()
    } else {
        weights.view().into()
    };
    let total = unit.sum();
    let norm = total.sqrt();
    let intercept = fit_intercept.then(|| Intercept {
        direction: unit.mapv(|u| u.sqrt() / norm),
        leverage: unit.mapv(|u| u / total),
    });
    let (sums, signed) = loo_rows(&problem, intercept.as_ref(), &alphas, signed)?;
    if !sums.iter().all(|v| v.is_finite()) {
        return Err(Error::param(
            "alphas",
            "must be larger for these data: a sample has leverage 1 to rounding (or \
             sample_weight spans too many orders of magnitude); use larger alphas, less \
             extreme sample_weight or cv=k",
            "non-finite leave-one-out errors",
        ));
    }
    let exponent = scale.log2().floor() as i32;
    Ok(LooResiduals {
        sums,
        signed,
        kept,
        weights,
        ey,
        weight_scale: (
            scale_pow2(ndarray::arr0(scale).view(), -exponent).into_scalar(),
            exponent,
        ),
    })
}

/// The unpenalised intercept in the hat matrix `H = qqᵀ + …` of the rows:
/// `q = √u/‖√u‖` and its squares `q_i²` (`1/√n` and `1/n` without weights).
struct Intercept {
    direction: Array1<f64>,
    leverage: Array1<f64>,
}

/// `(Σ_i r_ik², r)` over the rows of `problem` with `r_ik = ((I − H)y_k)_i/(1 − H_ii)`
/// for each `α` (module docs), `r` (n × t × n_alphas) only if `signed` is asked for.
fn loo_rows(
    problem: &Problem<'_>,
    intercept: Option<&Intercept>,
    alphas: &[f64],
    signed: bool,
) -> Result<(Array2<f64>, Option<Array3<f64>>)> {
    let (n, p, t) = (
        problem.n_samples(),
        problem.n_features(),
        problem.n_targets(),
    );
    let yc = problem.centred_y();
    // Primal (p < n): Z = X_c V, residual y_c − Z diag(d) Zᵀy_c and
    // 1 − H_ii = 1 − q_i² − Σ_j Z_ij² d_j with d_j = 1/(λ_j + α).
    // Dual (p >= n): an orthonormal basis B of the samples (of the complement of
    // q, with an intercept) diagonalising X_cX_cᵀ = BΛBᵀ gives the
    // residual B diag(c) Bᵀy_c and 1 − H_ii = Σ_j B_ij² c_j with c_j = α/(λ_j + α),
    // free of the cancellation in 1 − H_ii near interpolation.
    let dual = p >= n;
    let (lambda, basis) = if dual {
        dual_basis(problem.x, intercept.map(|i| i.direction.view()))?
    } else {
        let (g, _) = problem.gram_cross();
        let (lambda, v) = linalg::sym_eigen(g.view())?;
        let z = linalg::matmul(problem.x, v.view()) - problem.x_mean.dot(&v);
        (lambda, z)
    };
    let leverage = match intercept {
        Some(i) if !dual => i.leverage.clone(),
        _ => Array1::zeros(n),
    };
    let lambda = lambda.mapv(|l| l.max(0.0));
    let bty = linalg::matmul(basis.t(), yc.view());
    let weights: Vec<Array1<f64>> = alphas
        .iter()
        .map(|&a| lambda.mapv(|l| if dual { a / (l + a) } else { 1.0 / (l + a) }))
        .collect();
    let shrunk: Vec<Array2<f64>> = weights
        .iter()
        .map(|w| &bty * &w.view().insert_axis(Axis(1)))
        .collect();
    let partial: Vec<(Array2<f64>, Option<Array3<f64>>)> = linalg::map_row_blocks(n, p, |rows| {
        let bb = basis.slice(s![rows.clone(), ..]);
        let yb = yc.slice(s![rows.clone(), ..]);
        let lb = leverage.slice(s![rows.clone()]);
        let b2 = bb.mapv(|v| v * v);
        let mut sums = Array2::zeros((alphas.len(), t));
        let mut all = signed.then(|| Array3::zeros((rows.len(), t, alphas.len())));
        for (ia, (w, m)) in weights.iter().zip(&shrunk).enumerate() {
            let diag = b2.dot(w);
            let projected = bb.dot(m);
            let rows_of = projected
                .rows()
                .into_iter()
                .zip(yb.rows())
                .zip(&diag)
                .zip(&lb);
            for (r, (((fi, yi), &di), &offset)) in rows_of.enumerate() {
                let denom = if dual { di } else { 1.0 - offset - di };
                for k in 0..t {
                    let resid = if dual { fi[k] } else { yi[k] - fi[k] };
                    let e = resid / denom;
                    sums[[ia, k]] += e * e;
                    if let Some(all) = all.as_mut() {
                        all[[r, k, ia]] = e;
                    }
                }
            }
        }
        (sums, all)
    });
    let sums = partial
        .iter()
        .fold(Array2::zeros((alphas.len(), t)), |acc, (s, _)| acc + s);
    let all = signed.then(|| {
        let blocks: Vec<_> = partial
            .iter()
            .filter_map(|(_, a)| a.as_ref())
            .map(|a| a.view())
            .collect();
        concatenate(Axis(0), &blocks).expect("blocks of the same shape")
    });
    Ok((sums, all))
}

/// Eigenpairs `(λ, B)` of the kernel `X_cX_cᵀ` restricted to the space the
/// residuals live in. Without intercept, `B` (n × n) diagonalises `XXᵀ`. With an
/// intercept of direction `q` (unit norm), the Householder reflection
/// `Q = I − 2vvᵀ/(vᵀv)`, `v = q − e_1`, maps `e_1` to `q`, so `Q[:, 1:]` spans its
/// orthogonal complement exactly; `M = (QX)[1:, :]` is the centred design in that
/// basis and `B = Q[:, 1:] U'` with `MMᵀ = U'ΛU'ᵀ` ((n − 1) columns).
fn dual_basis(
    x: ArrayView2<'_, f64>,
    direction: Option<ArrayView1<'_, f64>>,
) -> Result<(Array1<f64>, Array2<f64>)> {
    let n = x.nrows();
    let Some(direction) = direction else {
        let kernel = linalg::matmul(x, x.t());
        return linalg::sym_eigen(kernel.view());
    };
    debug_assert!(
        n >= 2,
        "loo_residuals refuses fewer than 2 samples with an intercept"
    );
    let mut v = direction.to_owned();
    v[0] -= 1.0;
    let scale = 2.0 / v.dot(&v);
    // Rows 1.. of QX = X − scale·v (vᵀX).
    let vtx = v.dot(&x);
    let m = &x.slice(s![1.., ..]) - &(&v.slice(s![1..]).insert_axis(Axis(1)) * &(&vtx * scale));
    let kernel = linalg::matmul(m.view(), m.t());
    let (lambda, u) = linalg::sym_eigen(kernel.view())?;
    // Q[:, 1:] U' = [0; U'] − scale·v (v[1:]ᵀ U').
    let vtu = v.slice(s![1..]).dot(&u) * scale;
    let mut basis = Array2::zeros((n, n - 1));
    basis.slice_mut(s![1.., ..]).assign(&u);
    basis -= &(&v.view().insert_axis(Axis(1)) * &vtu);
    Ok((lambda, basis))
}

/// Contiguous k-fold test ranges, as scikit-learn's `KFold` without shuffling:
/// the first `n mod k` folds hold `⌊n/k⌋ + 1` samples, the others `⌊n/k⌋`.
pub fn kfold_ranges(n: usize, n_folds: usize) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    (0..n_folds)
        .map(|f| {
            let size = n / n_folds + usize::from(f < n % n_folds);
            let r = start..start + size;
            start += size;
            r
        })
        .collect()
}

/// Coefficient of determination per target, averaged over targets, with
/// scikit-learn's convention for a constant target (1 if predicted exactly, else 0).
fn r2_uniform(y: ArrayView2<'_, f64>, pred: ArrayView2<'_, f64>) -> f64 {
    let mean = y.mean_axis(Axis(0)).expect("non-empty fold");
    let scores = (0..y.ncols()).map(|k| {
        let (yk, pk) = (y.column(k), pred.column(k));
        let ss_res: f64 = yk.iter().zip(pk).map(|(a, b)| (a - b) * (a - b)).sum();
        let ss_tot: f64 = yk.iter().map(|a| (a - mean[k]) * (a - mean[k])).sum();
        if ss_tot > 0.0 {
            1.0 - ss_res / ss_tot
        } else if ss_res == 0.0 {
            1.0
        } else {
            0.0
        }
    });
    scores.sum::<f64>() / y.ncols() as f64
}

/// Mean over `n_folds` contiguous folds of the test R² of Ridge fitted on the
/// other folds, for each `α >= 0` (what scikit-learn's `RidgeCV(cv=k)` maximises).
///
/// **Errors** unless `2 <= n_folds <= n_samples`, on invalid `alphas` or data.
pub fn kfold_r2(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    alphas: &[f64],
    fit_intercept: bool,
    n_folds: usize,
) -> Result<Array1<f64>> {
    check_alphas(alphas, "alphas", false)?;
    let problem = Problem::new(x, y, fit_intercept)?;
    if let Some((ex, ey)) = problem.rescaling() {
        // R² does not depend on the scale of y; the penalties follow that of X
        let (xs, ys) = (scale_pow2(x, -ex), scale_pow2(y, -ey));
        let alphas = rescale_penalties(alphas, ex)?;
        return kfold_r2(xs.view(), ys.view(), &alphas, fit_intercept, n_folds);
    }
    let n = x.nrows();
    if n_folds < 2 || n_folds > n {
        return Err(Error::param(
            "cv",
            &format!("must be >= 2 and <= n_samples = {n}"),
            n_folds,
        ));
    }
    let mut scores = Array1::zeros(alphas.len());
    for test in kfold_ranges(n, n_folds) {
        let (head, tail) = (s![..test.start, ..], s![test.end.., ..]);
        let x_train = concatenate(Axis(0), &[x.slice(head), x.slice(tail)]).expect("same columns");
        let y_train = concatenate(Axis(0), &[y.slice(head), y.slice(tail)]).expect("same columns");
        let train = Problem::new(x_train.view(), y_train.view(), fit_intercept)?;
        let fitted = fit_problem(&train, alphas)?;
        let x_test = x.slice(s![test.clone(), ..]);
        let y_test = y.slice(s![test, ..]);
        for i in 0..alphas.len() {
            let w = fitted.coef.slice(s![i, .., ..]);
            let pred = predict::predict(x_test, w, fitted.intercept.row(i))?;
            scores[i] += r2_uniform(y_test, pred.view());
        }
    }
    Ok(scores / n_folds as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand_distr::{Distribution, StandardNormal};

    fn random(n: usize, p: usize, seed: u64) -> Array2<f64> {
        let mut r = rng::stream(seed, 0);
        Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut r))
    }

    fn max_abs_diff(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> f64 {
        (&a - &b).iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    /// Direct solve of `(X_cᵀX_c + αI) w = X_cᵀy_c` with explicit centring.
    fn reference(x: &Array2<f64>, y: &Array2<f64>, alpha: f64) -> Array2<f64> {
        let xc = x - &x.mean_axis(Axis(0)).unwrap();
        let yc = y - &y.mean_axis(Axis(0)).unwrap();
        let mut a = xc.t().dot(&xc);
        a.diag_mut().mapv_inplace(|d| d + alpha);
        linalg::cholesky_solve(a.view(), xc.t().dot(&yc).view())
            .unwrap()
            .reversed_axes()
    }

    #[test]
    fn one_and_many_alphas_agree_with_direct_solve() {
        for (n, p) in [(80, 6), (10, 30)] {
            let x = random(n, p, 1);
            let y = random(n, 2, 2);
            let alphas = [0.1, 1.0, 10.0];
            let many = fit(x.view(), y.view(), &alphas, true).unwrap();
            for (i, &a) in alphas.iter().enumerate() {
                let one = fit(x.view(), y.view(), &[a], true).unwrap();
                let expect = reference(&x, &y, a);
                assert!(max_abs_diff(many.coef.slice(s![i, .., ..]), expect.view()) < 1e-10);
                assert!(max_abs_diff(one.coef.slice(s![0, .., ..]), expect.view()) < 1e-10);
            }
        }
    }

    #[test]
    fn zero_alpha_is_least_squares() {
        let x = random(40, 3, 3);
        let y = random(40, 1, 4);
        let r = fit(x.view(), y.view(), &[0.0, 1.0], true).unwrap();
        let o = ols::fit(x.view(), y.view(), true).unwrap();
        assert!(max_abs_diff(r.coef.slice(s![0, .., ..]), o.coef.view()) < 1e-14);
    }

    #[test]
    fn loo_shortcut_equals_brute_force_leave_one_out() {
        for (n, p) in [(25, 4), (8, 12)] {
            let x = random(n, p, 5);
            let y = random(n, 2, 6);
            let alphas = [0.3, 3.0];
            let fast = loo_mean_squared_errors(x.view(), y.view(), &alphas, true).unwrap();
            let each = loo_squared_errors(x.view(), y.view(), None, &alphas, true, true).unwrap();
            let all = each.all.unwrap();
            assert!(
                loo_squared_errors(x.view(), y.view(), None, &alphas, true, false)
                    .unwrap()
                    .all
                    .is_none()
            );
            for (ia, &a) in alphas.iter().enumerate() {
                let mut sse = 0.0;
                for i in 0..n {
                    let keep: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                    let xt = x.select(Axis(0), &keep);
                    let yt = y.select(Axis(0), &keep);
                    let f = fit(xt.view(), yt.view(), &[a], true).unwrap();
                    let w: ArrayView2<f64> = f.coef.slice(s![0, .., ..]);
                    let pred = w.dot(&x.row(i)) + f.intercept.row(0);
                    let sq = (&y.row(i) - &pred).mapv(|e| e * e);
                    for k in 0..2 {
                        assert!((all[[i, k, ia]] - sq[k]).abs() < 1e-10 * (sq[k] + 1e-3));
                    }
                    sse += sq.sum();
                }
                let per_target = each.sums.row(ia).sum();
                assert!((per_target - sse).abs() < 1e-10 * sse);
                let brute = sse / (n * 2) as f64;
                assert!(
                    (fast[ia] - brute).abs() < 1e-10 * brute,
                    "{} vs {}",
                    fast[ia],
                    brute
                );
            }
        }
    }

    #[test]
    fn stored_errors_of_many_row_blocks_are_in_sample_order() {
        // n = 8000, p = 20: several row blocks; each stored error against the
        // residual formula e_i = (y_i − ŷ_i)/(1 − H_ii) computed here directly
        let (n, p) = (8000, 20);
        assert!(linalg::row_blocks(n, p).len() > 1);
        let x = random(n, p, 9);
        let y = random(n, 1, 10);
        let each = loo_squared_errors(x.view(), y.view(), None, &[2.0], false, true).unwrap();
        let all = each.all.unwrap();
        let g = linalg::matmul(x.t(), x.view()) + Array2::<f64>::eye(p) * 2.0;
        let ginv_xt = linalg::cholesky_solve(g.view(), x.t()).unwrap();
        let w = ginv_xt.dot(&y.column(0));
        for i in (0..n).step_by(97) {
            let h = x.row(i).dot(&ginv_xt.column(i));
            let e = (y[[i, 0]] - x.row(i).dot(&w)) / (1.0 - h);
            assert!(
                (all[[i, 0, 0]] - e * e).abs() < 1e-9 * (e * e + 1e-6),
                "row {i}"
            );
        }
        assert!((all.sum() - each.sums[[0, 0]]).abs() < 1e-9 * each.sums[[0, 0]]);
    }

    #[test]
    fn cross_validation_of_tiny_or_huge_data_is_that_of_the_rescaled_data() {
        let x = random(30, 4, 13);
        let y = random(30, 2, 14);
        let alphas = [0.5, 5.0];
        let loo = loo_squared_errors(x.view(), y.view(), None, &alphas, true, false).unwrap();
        let kfold = kfold_r2(x.view(), y.view(), &alphas, true, 3).unwrap();
        for (s, u) in [(1e-150, 1e-100), (1e150, 1.0), (1.0, 1e140)] {
            let (xs, ys) = (x.mapv(|v| v * s), y.mapv(|v| v * u));
            let scaled: Vec<f64> = alphas.iter().map(|a| a * s * s).collect();
            let l = loo_squared_errors(xs.view(), ys.view(), None, &scaled, true, false).unwrap();
            for (a, b) in l.sums.iter().zip(&loo.sums) {
                let a = a * 2f64.powi(l.exponent);
                assert!(
                    (a / (b * u * u) - 1.0).abs() < 1e-9,
                    "s={s} u={u}: {a} vs {b}"
                );
            }
            let k = kfold_r2(xs.view(), ys.view(), &scaled, true, 3).unwrap();
            assert!((&k - &kfold).iter().all(|d| d.abs() < 1e-10), "s={s} u={u}");
        }
    }

    #[test]
    fn kfold_ranges_follow_sklearn() {
        let r = kfold_ranges(10, 3);
        assert_eq!(r, vec![0..4, 4..7, 7..10]);
    }

    #[test]
    fn rejects_negative_alpha_and_bad_folds() {
        let x = random(10, 2, 7);
        let y = random(10, 1, 8);
        let e = fit(x.view(), y.view(), &[-1.0], true).unwrap_err();
        assert_eq!(e.to_string(), "alpha must be finite and >= 0, got -1");
        assert!(loo_mean_squared_errors(x.view(), y.view(), &[0.0], true).is_err());
        assert!(kfold_r2(x.view(), y.view(), &[1.0], true, 11).is_err());
        assert!(kfold_r2(x.view(), y.view(), &[1.0], true, 1).is_err());
    }

    #[test]
    fn weighted_loo_is_the_unweighted_one_for_equal_weights() {
        // weights c·1 and penalties c·α: the unweighted fit of α, and every
        // w_i e_ik² is c times the unweighted e_ik²
        for (n, p) in [(25, 4), (8, 12)] {
            let (x, y) = (random(n, p, 7), random(n, 2, 8));
            let alphas = [0.3, 3.0];
            let plain = loo_squared_errors(x.view(), y.view(), None, &alphas, true, true).unwrap();
            let w = Array1::from_elem(n, 3.0);
            let tripled = alphas.map(|a| 3.0 * a);
            let weighted =
                loo_squared_errors(x.view(), y.view(), Some(w.view()), &tripled, true, true)
                    .unwrap();
            let (a, b) = (
                scale_pow2(plain.sums.view(), plain.exponent) * 3.0,
                scale_pow2(weighted.sums.view(), weighted.exponent),
            );
            assert!(max_abs_diff(a.view(), b.view()) < 1e-10 * a.sum());
        }
    }

    #[test]
    fn loo_prediction_of_a_sample_of_zero_weight_is_the_full_fit() {
        let (x, y) = (random(20, 3, 9), random(20, 1, 10));
        let mut w = Array1::from_elem(20, 1.0);
        w[4] = 0.0;
        let alphas = [0.5];
        let predictions =
            loo_predictions(x.view(), y.view(), Some(w.view()), &alphas, true).unwrap();
        let fit = fit_weighted(x.view(), y.view(), Some(w.view()), &alphas, true).unwrap();
        let full: f64 = x.row(4).dot(&fit.coef.slice(s![0, 0, ..])) + fit.intercept[[0, 0]];
        assert!((predictions[[4, 0, 0]] - full).abs() < 1e-12);
        // the others are leave-one-out predictions: not the observed values
        assert!((predictions[[5, 0, 0]] - y[[5, 0]]).abs() > 1e-6);
    }
}
