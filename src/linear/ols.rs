//! Ordinary least squares: `min_w ‖y − b − Xw‖²`, per target.
//!
//! **Method.** With an intercept the data are centred (`b = ȳ − x̄ᵀw`). For a tall,
//! well-conditioned design the normal equations `X_cᵀX_c w = X_cᵀy_c` are formed
//! in one parallel pass over the rows and solved by Cholesky; the eigenvalues of
//! `X_cᵀX_c` give the singular values `s_i = √λ_i` of `X_c`. When the Gram matrix
//! is ill-conditioned (`λ_max/λ_min > 10⁶`, which would cost more than about six
//! digits), rank-deficient, or the design is wide (`p >= n`), the solver falls
//! back to the SVD of `X_c` (for a tall design, that of the small R of a QR
//! factorisation of `[X_c | Y_c]`) and returns the minimum-norm least-squares solution
//! with numpy's rank cut-off `s_i > ε·max(n, p)·s_max` — the solution
//! `numpy.linalg.lstsq` gives.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::error::{Error, Result};
use crate::linalg;
use crate::linear::problem::{scale_pow2, scaled_intercepts, Problem};
use crate::linear::weights::WeightedRows;

/// Largest `λ_max/λ_min` of `X_cᵀX_c` for which the normal equations are used;
/// their relative error grows like `cond · ε`, so this keeps about ten digits.
pub const GRAM_CONDITION_LIMIT: f64 = 1e6;

/// A fitted OLS model (t targets, p features).
#[derive(Debug, Clone)]
pub struct OlsFit {
    /// Coefficients `W` (t × p).
    pub coef: Array2<f64>,
    /// Intercepts `b = ȳ − W x̄` (t); zeros without intercept.
    pub intercept: Array1<f64>,
    /// Numerical rank of the (centred) design.
    pub rank: usize,
    /// Singular values of the (centred) design, non-increasing (`min(n, p)` of them).
    pub singular_values: Array1<f64>,
    /// `(X_cᵀX_c)⁺` (p × p): the inverse, or the pseudo-inverse when rank deficient;
    /// of the rescaled design `X·2^-e_x` (see `exponents`): the design's own is
    /// `gram_pinv · 2^(−2e_x)`.
    pub gram_pinv: Array2<f64>,
    /// Residual sums of squares `Σ_i (y_i − ŷ_i)²`, per target (t); of the rescaled
    /// targets `Y·2^-e_y`: the data's own are `rss · 2^(2e_y)`.
    pub rss: Array1<f64>,
    /// `(e_x, e_y)`: (0, 0) unless the data lie beyond `2^±300` in magnitude and
    /// were solved exactly rescaled (see `Problem::rescaling`). The covariance
    /// `σ̂²(X_cᵀX_c)⁺` of data that extreme may not be representable, while the
    /// standard errors `√(rss/ν · gram_pinv_jj) · 2^(e_y − e_x)` are.
    pub exponents: (i32, i32),
    /// Residual degrees of freedom `n − rank − [fit_intercept]` (may be <= 0).
    pub df_resid: i64,
    /// Column means of `X` used for centring (weighted means with weights; zeros
    /// without intercept).
    pub x_mean: Array1<f64>,
    /// `Σ_i u_i` of the weights `u = w/c` the fit used (`n` without weights).
    pub weight_sum: f64,
    /// `c = max_i w_i` (1 without weights): `rss` and `weight_sum` are those of the
    /// weights `w/c`; the noise variance of the weights `w` is `c` times that of `w/c`.
    pub weight_scale: f64,
}

/// Fits OLS to `X` (n × p) and `Y` (n × t).
///
/// **Errors** on empty or non-finite input or mismatched row counts, and
/// [`Error::Numerical`] if the data overflow (e.g. entries near 1e200).
pub fn fit(x: ArrayView2<'_, f64>, y: ArrayView2<'_, f64>, fit_intercept: bool) -> Result<OlsFit> {
    let problem = Problem::new(x, y, fit_intercept)?;
    let Some((ex, ey)) = problem.rescaling() else {
        return fit_problem(problem);
    };
    // X·2^-ex, Y·2^-ey are exact and near 1: W scales by 2^(ey−ex), b by 2^ey
    let (xs, ys) = (scale_pow2(x, -ex), scale_pow2(y, -ey));
    let fit = fit_problem(Problem::new(xs.view(), ys.view(), fit_intercept)?)?;
    let scaled = OlsFit {
        coef: scale_pow2(fit.coef.view(), ey - ex),
        intercept: scale_pow2(fit.intercept.view(), ey),
        singular_values: scale_pow2(fit.singular_values.view(), ex),
        x_mean: scale_pow2(fit.x_mean.view(), ex),
        exponents: (ex, ey),
        ..fit
    };
    if !scaled.coef.iter().all(|v| v.is_finite()) {
        return Err(Error::Numerical(
            "least-squares coefficients overflowed; rescale X and y".into(),
        ));
    }
    Ok(scaled)
}

/// Fits weighted least squares, `min Σ_i w_i (y_i − b − x_iᵀW)²`: OLS without
/// intercept of the weighted rows (see [`WeightedRows`]), `b = ȳ_w − W x̄_w`. Rows
/// beyond `2^±300` are solved exactly rescaled, and the intercept is formed from the
/// rescaled coefficients (`W` may underflow where `x̄_wᵀW` is representable). The
/// singular values are those of `√W X_c`; `df_resid` counts the samples of positive
/// weight. Without `sample_weight` every weight is 1: that is [`fit`].
///
/// **Errors** as [`fit`], and on invalid `sample_weight`.
pub fn fit_weighted(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
    fit_intercept: bool,
) -> Result<OlsFit> {
    let Some(sample_weight) = sample_weight else {
        return fit(x, y, fit_intercept);
    };
    let rows = WeightedRows::new(x, y, sample_weight, fit_intercept)?;
    let (ex, ey) = Problem::new(rows.x.view(), rows.y.view(), false)?
        .rescaling()
        .unwrap_or((0, 0));
    let (xs, ys) = (
        scale_pow2(rows.x.view(), -ex),
        scale_pow2(rows.y.view(), -ey),
    );
    let fit = fit_problem(Problem::new(xs.view(), ys.view(), false)?)?;
    let coef = scale_pow2(fit.coef.view(), ey - ex);
    if !coef.iter().all(|v| v.is_finite()) {
        return Err(Error::Numerical(
            "least-squares coefficients overflowed; rescale X and y".into(),
        ));
    }
    let intercept = scaled_intercepts(
        rows.y_mean.view(),
        rows.x_mean.view(),
        fit.coef.view(),
        (ex, ey),
    )?;
    let positive = sample_weight.iter().filter(|&&v| v > 0.0).count();
    Ok(OlsFit {
        coef,
        intercept,
        singular_values: scale_pow2(fit.singular_values.view(), ex) * rows.scale.sqrt(),
        df_resid: positive as i64 - fit.rank as i64 - i64::from(fit_intercept),
        x_mean: rows.x_mean,
        exponents: (ex, ey),
        weight_sum: rows.weights.sum(),
        weight_scale: rows.scale,
        ..fit
    })
}

fn fit_problem(problem: Problem<'_>) -> Result<OlsFit> {
    let (n, p) = (problem.n_samples(), problem.n_features());
    let fit_intercept = problem.fit_intercept;
    let solved = if n > p {
        solve_normal_equations(&problem)?
    } else {
        None
    };
    let (coef, rank, singular_values, gram_pinv) = match solved {
        Some(s) => s,
        None => solve_svd(&problem)?,
    };
    if !coef.iter().all(|v| v.is_finite()) {
        return Err(Error::Numerical(
            "least-squares coefficients overflowed; rescale X and y".into(),
        ));
    }
    let intercept = problem.intercepts(coef.view());
    let rss = residual_sum_of_squares(&problem, coef.view());
    let df_resid = n as i64 - rank as i64 - i64::from(fit_intercept);
    Ok(OlsFit {
        coef,
        intercept,
        rank,
        singular_values,
        gram_pinv,
        rss,
        df_resid,
        x_mean: problem.x_mean,
        exponents: (0, 0),
        weight_sum: n as f64,
        weight_scale: 1.0,
    })
}

type Solution = (Array2<f64>, usize, Array1<f64>, Array2<f64>);

/// Cholesky on the normal equations; `None` when the Gram matrix is too
/// ill-conditioned (the caller then uses the SVD).
fn solve_normal_equations(problem: &Problem<'_>) -> Result<Option<Solution>> {
    let (g, b) = problem.gram_cross();
    if !g.iter().all(|v| v.is_finite()) {
        return Ok(None);
    }
    // λ_max >= max G_ii and λ_min <= min G_ii: columns of very different norms (a
    // polynomial design, say) already rule the normal equations out, without the
    // eigendecomposition.
    let diag = g.diag();
    let (d_min, d_max) = diag.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &d| {
        (lo.min(d), hi.max(d))
    });
    if !(d_max > 0.0 && d_min * GRAM_CONDITION_LIMIT > d_max) {
        return Ok(None);
    }
    let (lambda, v) = linalg::sym_eigen(g.view())?;
    let p = lambda.len();
    let (l_min, l_max) = (lambda[0], lambda[p - 1]);
    if !(l_max > 0.0 && l_min * GRAM_CONDITION_LIMIT > l_max) {
        return Ok(None);
    }
    let w = match linalg::cholesky_solve(g.view(), b.view()) {
        Ok(w) => w,
        Err(_) => return Ok(None),
    };
    let singular_values = lambda.iter().rev().map(|l| l.sqrt()).collect();
    let gram_pinv = linalg::matmul((&v / &lambda).view(), v.t());
    Ok(Some((w.reversed_axes(), p, singular_values, gram_pinv)))
}

/// Minimum-norm least squares from the SVD of the centred design.
fn solve_svd(problem: &Problem<'_>) -> Result<Solution> {
    let (n, p) = (problem.n_samples(), problem.n_features());
    let xc = problem.centred_x();
    let yc = problem.centred_y();
    let rcond = f64::EPSILON * n.max(p) as f64;
    let ls = if n >= p + yc.ncols() {
        linalg::lstsq_min_norm_tall(xc.view(), yc.view(), rcond)?
    } else {
        linalg::lstsq_min_norm(xc.view(), yc.view(), rcond)?
    };
    Ok((
        ls.solution.reversed_axes(),
        ls.rank,
        ls.singular_values,
        ls.gram_pinv,
    ))
}

/// `Σ_i (y_ik − b_k − Σ_j X_ij W_kj)²` per target `k`, summed over fixed row
/// blocks in parallel (thread-count independent).
pub fn residual_sum_of_squares(problem: &Problem<'_>, coef: ArrayView2<'_, f64>) -> Array1<f64> {
    let (n, p) = (problem.n_samples(), problem.n_features());
    let t = problem.n_targets();
    let (x, y) = (problem.x, problem.y);
    let offset = &problem.y_mean - &coef.dot(&problem.x_mean);
    let partial: Vec<Array1<f64>> = linalg::map_row_blocks(n, p, |rows| {
        let xb = x.slice(s![rows.clone(), ..]);
        let yb = y.slice(s![rows, ..]);
        let mut sums = Array1::zeros(t);
        for (xi, yi) in xb.axis_iter(Axis(0)).zip(yb.axis_iter(Axis(0))) {
            for k in 0..t {
                let r = yi[k] - offset[k] - coef.row(k).dot(&xi);
                sums[k] += r * r;
            }
        }
        sums
    });
    partial.iter().fold(Array1::zeros(t), |acc, s| acc + s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use ndarray::{array, Array2};
    use rand_distr::{Distribution, StandardNormal};

    fn random(n: usize, p: usize, seed: u64) -> Array2<f64> {
        let mut r = rng::stream(seed, 0);
        Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut r))
    }

    fn max_abs(a: ArrayView2<'_, f64>) -> f64 {
        a.iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    #[test]
    fn recovers_exact_linear_model_with_intercept() {
        let x = random(200, 4, 1);
        let w = array![[1.5, -2.0, 0.5, 3.0]];
        let y = (x.dot(&w.t()) + 0.25).to_owned();
        let fit = fit(x.view(), y.view(), true).unwrap();
        assert!(max_abs((&fit.coef - &w).view()) < 1e-12);
        assert!((fit.intercept[0] - 0.25).abs() < 1e-12);
        assert_eq!(fit.rank, 4);
        assert_eq!(fit.df_resid, 195);
        assert!(fit.rss[0] < 1e-20);
    }

    #[test]
    fn normal_equations_and_svd_paths_agree() {
        let x = random(60, 5, 2);
        let y = random(60, 2, 3);
        let problem = Problem::new(x.view(), y.view(), true).unwrap();
        let (w1, r1, s1, c1) = solve_normal_equations(&problem).unwrap().unwrap();
        let (w2, r2, s2, c2) = solve_svd(&problem).unwrap();
        assert_eq!(r1, r2);
        assert!(max_abs((&w1 - &w2).view()) < 1e-12);
        assert!((&s1 - &s2).iter().all(|d| d.abs() < 1e-10));
        assert!(max_abs((&c1 - &c2).view()) < 1e-12);
    }

    #[test]
    fn duplicated_column_gives_minimum_norm_solution() {
        let mut x = random(50, 3, 4);
        let c0 = x.column(0).to_owned();
        x.column_mut(2).assign(&c0);
        let y = (x.column(0).to_owned() * 2.0).insert_axis(Axis(1));
        let fit = fit(x.view(), y.view(), false).unwrap();
        assert_eq!(fit.rank, 2);
        assert!((fit.coef[[0, 0]] - 1.0).abs() < 1e-12);
        assert!(fit.coef[[0, 1]].abs() < 1e-12);
        assert!((fit.coef[[0, 2]] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn wide_design_interpolates_with_minimum_norm() {
        let x = random(5, 12, 5);
        let y = random(5, 1, 6);
        let fit = fit(x.view(), y.view(), true).unwrap();
        assert_eq!(fit.rank, 4);
        assert_eq!(fit.df_resid, 0);
        assert!(fit.rss[0] < 1e-20);
        assert_eq!(fit.singular_values.len(), 5);
    }

    #[test]
    fn data_of_any_magnitude_gives_the_scaled_solution() {
        // X·s and Y·u (entries from 1e-250 to 1e250, where XᵀX would underflow or
        // overflow) have the coefficients W·u/s, intercepts b·u and so on
        use crate::linear::{nnls, ridge};
        let x = random(60, 4, 11);
        let mut y = x.dot(&array![[1.0], [-2.0], [0.5], [3.0]]) + random(60, 1, 12) * 0.1;
        y.mapv_inplace(|v| v + 1.0);
        let base = fit(x.view(), y.view(), true).unwrap();
        let base_ridge = ridge::fit(x.view(), y.view(), &[2.0], true).unwrap();
        let base_nnls = nnls::fit(x.view(), y.view(), true, 0.0).unwrap();
        let close = |a: ArrayView2<f64>, b: ArrayView2<f64>, scale: f64| {
            a.iter().zip(b).all(|(u, v)| {
                (u - v * scale).abs()
                    <= 1e-10 * (v * scale).abs().max(1e-300 * scale.abs())
                        + 1e-12 * (scale * max_abs(b)).abs()
            })
        };
        for (s, u) in [
            (1e-250, 1.0),
            (1e-200, 1e-3),
            (1e-160, 1e5),
            (1e150, 1.0),
            (1e250, 1e200),
            (1.0, 1e-280),
        ] {
            let (xs, ys) = (x.mapv(|v| v * s), y.mapv(|v| v * u));
            let f = fit(xs.view(), ys.view(), true).unwrap();
            assert!(
                close(f.coef.view(), base.coef.view(), u / s),
                "OLS s={s} u={u}: {:?}",
                f.coef
            );
            assert!(
                (f.intercept[0] - base.intercept[0] * u).abs()
                    <= 1e-10 * (base.intercept[0] * u).abs()
            );
            assert_eq!(f.rank, 4);
            if (u * u).is_normal() {
                let ratio = f.rss[0] * 2f64.powi(2 * f.exponents.1) / (base.rss[0] * u * u);
                assert!((ratio - 1.0).abs() < 1e-8, "rss s={s} u={u}: {ratio}");
            }
            assert!((f.singular_values[0] / (base.singular_values[0] * s) - 1.0).abs() < 1e-10);
            // the same penalty relative to XᵀX (where 2·s² is a normal number)
            if (2.0 * s * s).is_normal() {
                let r = ridge::fit(xs.view(), ys.view(), &[2.0 * s * s], true).unwrap();
                let (a, b) = (
                    r.coef.index_axis(Axis(0), 0),
                    base_ridge.coef.index_axis(Axis(0), 0),
                );
                assert!(close(a, b, u / s), "Ridge s={s} u={u}");
            }
            let g = nnls::fit(xs.view(), ys.view(), true, 0.0).unwrap();
            assert!(
                close(g.coef.view(), base_nnls.coef.view(), u / s),
                "NNLS s={s} u={u}"
            );
        }
    }

    #[test]
    fn rejects_bad_input() {
        let x = random(5, 2, 7);
        let y = random(4, 1, 8);
        assert!(matches!(
            fit(x.view(), y.view(), true),
            Err(Error::Shape(_))
        ));
        let mut y = random(5, 1, 8);
        y[[2, 0]] = f64::INFINITY;
        assert_eq!(
            fit(x.view(), y.view(), true).unwrap_err(),
            Error::NonFinite("y".into())
        );
        let huge = Array2::from_elem((4, 2), f64::MAX);
        let e = fit(huge.view(), random(4, 1, 9).view(), true).unwrap_err();
        assert!(e.to_string().starts_with("X must be rescaled"), "{e}");
        let empty = Array2::<f64>::zeros((0, 2));
        let y0 = Array2::<f64>::zeros((0, 1));
        assert!(fit(empty.view(), y0.view(), true).is_err());
    }
}
