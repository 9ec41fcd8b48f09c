//! Non-negative least squares: `min_w ‖y − b − Xw‖² + α‖w‖²` subject to `w ≥ 0`, per
//! target (scikit-learn's `LinearRegression(positive=True)` for α = 0 and
//! `Ridge(alpha, positive=True)`).
//!
//! **Method.** With an intercept the data are centred: `b = ȳ − x̄ᵀw` is optimal for
//! every `w` and is not constrained. A tall design is first reduced by one QR of
//! `[X_c | Y_c]` to the p × p triangle `R` and `QᵀY_c` ([`linalg::qr_reduce`]): the
//! same minimiser with p rows instead of n. A Ridge penalty appends the rows `√α I`
//! (and zeros to the targets). On that system, the active-set method of
//! Lawson and Hanson (*Solving Least Squares Problems*, 1974, ch. 23): features join
//! the passive (free) set one at a time, the one with the largest gradient
//! `X_jᵀr > 0` first; the least-squares solution on the passive set is taken if it is
//! positive, else the step towards it stops where the first coefficient reaches 0 and
//! that feature leaves. It ends when no feature outside the set has a positive
//! gradient (the KKT conditions), after at most `3p` additions.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::linalg;
use crate::linear::problem::{rescale_penalties, scale_pow2, Problem};
use crate::linear::weights::WeightedRows;

/// A fitted non-negative least-squares model (t targets, p features).
#[derive(Debug, Clone)]
pub struct NnlsFit {
    /// Coefficients `W` (t × p), all `>= 0`.
    pub coef: Array2<f64>,
    /// Intercepts `b = ȳ − W x̄` (t); zeros without intercept.
    pub intercept: Array1<f64>,
    /// Whether the KKT conditions were met within `3p` additions, per target.
    pub converged: Vec<bool>,
}

/// Fits weighted non-negative least squares with Ridge penalty `alpha`: [`fit`]
/// without intercept of the weighted rows with penalty `α/c` (see
/// [`WeightedRows`]), and `b = ȳ_w − W x̄_w`. Without `sample_weight` every weight
/// is 1: that is [`fit`].
///
/// **Errors** as [`fit`], and on invalid `sample_weight`.
pub fn fit_weighted(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    sample_weight: Option<ndarray::ArrayView1<'_, f64>>,
    fit_intercept: bool,
    alpha: f64,
) -> Result<NnlsFit> {
    let Some(sample_weight) = sample_weight else {
        return fit(x, y, fit_intercept, alpha);
    };
    if !(alpha >= 0.0 && alpha.is_finite()) {
        return Err(Error::param("alpha", "must be finite and >= 0", alpha));
    }
    let rows = WeightedRows::new(x, y, sample_weight, fit_intercept)?;
    let fit = fit(
        rows.x.view(),
        rows.y.view(),
        false,
        rows.penalties(&[alpha])?[0],
    )?;
    Ok(NnlsFit {
        intercept: rows.intercepts(fit.coef.view()),
        ..fit
    })
}

/// Fits non-negative least squares with Ridge penalty `alpha` (0 for none) to `X`
/// (n × p) and `Y` (n × t), each target on its own.
///
/// **Errors** on a negative or non-finite `alpha`, empty or non-finite input or
/// mismatched row counts, and [`crate::Error::Numerical`] if an SVD does not converge.
pub fn fit(
    x: ArrayView2<'_, f64>,
    y: ArrayView2<'_, f64>,
    fit_intercept: bool,
    alpha: f64,
) -> Result<NnlsFit> {
    if !(alpha >= 0.0 && alpha.is_finite()) {
        return Err(Error::param("alpha", "must be finite and >= 0", alpha));
    }
    let problem = Problem::new(x, y, fit_intercept)?;
    if let Some((ex, ey)) = problem.rescaling() {
        // the exactly rescaled problem (see Problem::rescaling), scaled back
        let (xs, ys) = (scale_pow2(x, -ex), scale_pow2(y, -ey));
        let alpha = rescale_penalties(&[alpha], ex)?[0];
        let fit = fit(xs.view(), ys.view(), fit_intercept, alpha)?;
        return Ok(NnlsFit {
            coef: scale_pow2(fit.coef.view(), ey - ex),
            intercept: scale_pow2(fit.intercept.view(), ey),
            converged: fit.converged,
        });
    }
    let (n, p, t) = (
        problem.n_samples(),
        problem.n_features(),
        problem.n_targets(),
    );
    let xc = problem.centred_x();
    let yc = &problem.y - &problem.y_mean;
    let (a, c) = if n >= p + t {
        linalg::qr_reduce(xc.view(), yc.view())
    } else {
        (xc, yc)
    };
    let (a, c) = if alpha > 0.0 {
        let ridge = Array2::from_diag_elem(p, alpha.sqrt());
        (
            ndarray::concatenate![Axis(0), a, ridge],
            ndarray::concatenate![Axis(0), c, Array2::zeros((p, t))],
        )
    } else {
        (a, c)
    };
    let solved: Vec<(Vec<f64>, bool)> = (0..t)
        .into_par_iter()
        .map(|k| solve(a.view(), c.column(k)))
        .collect::<Result<_>>()?;
    let mut coef = Array2::zeros((t, p));
    let mut converged = Vec::with_capacity(t);
    for (mut row, (w, ok)) in coef.rows_mut().into_iter().zip(solved) {
        row.assign(&Array1::from(w));
        converged.push(ok);
    }
    let intercept = &problem.y_mean - &coef.dot(&problem.x_mean);
    Ok(NnlsFit {
        coef,
        intercept,
        converged,
    })
}

/// Lawson–Hanson for `min ‖Aw − c‖²`, `w ≥ 0`; returns (w, converged).
fn solve(a: ArrayView2<'_, f64>, c: ArrayView1<'_, f64>) -> Result<(Vec<f64>, bool)> {
    let (m, p) = a.dim();
    let eps = f64::EPSILON;
    // |a_jᵀr| ≤ ‖a_j‖‖r‖ ≤ ‖a_j‖‖c‖ for the iterates (each improves on w = 0): a
    // gradient below 10·ε·max(m, p) of that is rounding. Per column, so that the
    // result does not depend on the units of the features.
    let scale = 10.0 * eps * (m.max(p) as f64) * c.dot(&c).sqrt();
    let grad_tol: Vec<f64> = a
        .columns()
        .into_iter()
        .map(|col| scale * col.dot(&col).sqrt())
        .collect();
    let mut w = vec![0.0; p];
    let mut passive = vec![false; p];
    // features that re-entered with a non-positive coefficient, skipped until w moves
    let mut rejected = vec![false; p];
    for _ in 0..3 * p {
        let r = &c - &a.dot(&ArrayView1::from(&w));
        let g = a.t().dot(&r);
        let entering = (0..p)
            .filter(|&j| !passive[j] && !rejected[j] && g[j] > grad_tol[j])
            .max_by(|&i, &j| g[i].total_cmp(&g[j]));
        let Some(j) = entering else {
            return Ok((w, true));
        };
        passive[j] = true;
        let mut moved = false;
        loop {
            let set: Vec<usize> = (0..p).filter(|&i| passive[i]).collect();
            let z = least_squares(a, c, &set)?;
            if z.iter().all(|&v| v > 0.0) {
                for (&i, &v) in set.iter().zip(&z) {
                    w[i] = v;
                }
                moved = true;
                break;
            }
            // step from w (feasible) towards z until the first coefficient reaches 0
            let (mut step, mut blocking) = (1.0f64, None);
            for (&i, &v) in set.iter().zip(&z) {
                if v <= 0.0 {
                    let s = if w[i] > v { w[i] / (w[i] - v) } else { 0.0 };
                    if blocking.is_none() || s < step {
                        (step, blocking) = (s, Some(i));
                    }
                }
            }
            for (&i, &v) in set.iter().zip(&z) {
                w[i] += step * (v - w[i]);
            }
            if let Some(i) = blocking {
                w[i] = 0.0;
            }
            for &i in &set {
                if w[i] <= 0.0 {
                    w[i] = 0.0;
                    passive[i] = false;
                }
            }
            moved |= step > 0.0;
            if passive.iter().all(|&f| !f) {
                break;
            }
        }
        if moved {
            rejected.iter_mut().for_each(|f| *f = false);
        } else {
            rejected[j] = true;
        }
    }
    Ok((w, false))
}

/// The least-squares solution on the columns `set` of `a` (minimum norm if they are
/// numerically dependent).
fn least_squares(
    a: ArrayView2<'_, f64>,
    c: ArrayView1<'_, f64>,
    set: &[usize],
) -> Result<Vec<f64>> {
    // columns of unit norm: the rank cut-off then judges their directions, not their
    // units (a feature in 1e-7 units would otherwise fall below it next to one in 1e7)
    let mut sub = a.select(Axis(1), set);
    let norms: Vec<f64> = sub
        .columns()
        .into_iter()
        .map(|col| col.dot(&col).sqrt())
        .map(|norm| if norm > 0.0 { norm } else { 1.0 })
        .collect();
    for (mut col, &norm) in sub.columns_mut().into_iter().zip(&norms) {
        col /= norm;
    }
    let rhs = c.insert_axis(Axis(1));
    let rcond = f64::EPSILON * sub.nrows().max(sub.ncols()) as f64;
    let fit = linalg::lstsq_min_norm(sub.view(), rhs, rcond)?;
    Ok(fit
        .solution
        .column(0)
        .iter()
        .zip(&norms)
        .map(|(z, norm)| z / norm)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use rand_distr::{Distribution, StandardNormal};

    fn random(n: usize, p: usize, seed: u64) -> Array2<f64> {
        let mut rng = crate::rng::stream(seed, 0);
        Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut rng))
    }

    /// ‖y − b − Xw‖² with the intercept that is optimal for w.
    fn rss(x: &Array2<f64>, y: ArrayView1<f64>, w: &[f64], center: bool) -> f64 {
        let pred = x.dot(&ArrayView1::from(w));
        let mut r = &y - &pred;
        if center {
            r -= r.mean().unwrap();
        }
        r.dot(&r)
    }

    /// The best feasible least-squares fit over all 2^p supports: the oracle for small p.
    fn brute_force(x: &Array2<f64>, y: ArrayView1<f64>, center: bool) -> f64 {
        let p = x.ncols();
        let mut best = rss(x, y, &vec![0.0; p], center);
        for mask in 1u32..(1 << p) {
            let set: Vec<usize> = (0..p).filter(|&j| mask >> j & 1 == 1).collect();
            let sub = x.select(Axis(1), &set);
            let y2 = y.to_owned().insert_axis(Axis(1));
            let ls = crate::linear::ols::fit(sub.view(), y2.view(), center).unwrap();
            let coef = ls.coef.row(0);
            if coef.iter().all(|&v| v >= 0.0) {
                let mut w = vec![0.0; p];
                for (&j, &v) in set.iter().zip(coef) {
                    w[j] = v;
                }
                best = best.min(rss(x, y, &w, center));
            }
        }
        best
    }

    #[test]
    fn matches_the_best_support_found_by_enumeration() {
        for &(n, p, center) in &[(40, 6, true), (25, 8, false), (7, 6, true), (30, 1, true)] {
            for seed in 0..4u64 {
                let x = random(n, p, 100 * seed + n as u64);
                let truth = random(p, 1, seed + 7);
                let y = x.dot(&truth) + random(n, 1, seed + 11) * 0.3;
                let fit = fit(x.view(), y.view(), center, 0.0).unwrap();
                let w = fit.coef.row(0).to_vec();
                assert!(fit.converged[0] && w.iter().all(|&v| v >= 0.0));
                let ours = rss(&x, y.column(0), &w, center);
                let best = brute_force(&x, y.column(0), center);
                let yy = y.iter().map(|v| v * v).sum::<f64>();
                assert!(
                    (ours - best).abs() <= 1e-10 * best + 1e-24 * yy,
                    "n={n} p={p} seed={seed}: rss {ours} vs {best}"
                );
            }
        }
    }

    #[test]
    fn kkt_conditions_hold_and_positive_truth_gives_ols() {
        let (n, p) = (300, 40);
        let x = random(n, p, 5);
        let mut y = x.dot(&random(p, 2, 6)) + random(n, 2, 7);
        // second target: all-positive truth with little noise, where OLS is feasible
        let positive = x.dot(&random(p, 1, 8).mapv(|v| 1.0 + v.abs()));
        y.column_mut(1).assign(&positive.column(0));
        let fit = fit(x.view(), y.view(), true, 0.0).unwrap();
        let xc = &x - &x.mean_axis(Axis(0)).unwrap();
        for k in 0..2 {
            let w = fit.coef.row(k);
            let r = &y.column(k) - &x.dot(&w) - fit.intercept[k];
            let g = xc.t().dot(&r);
            let size = g.iter().fold(0.0f64, |s, v| s.max(v.abs())).max(1.0);
            for j in 0..p {
                assert!(w[j] >= 0.0);
                if w[j] > 0.0 {
                    assert!(
                        g[j].abs() <= 1e-9 * size * n as f64,
                        "target {k}: g[{j}] = {}",
                        g[j]
                    );
                } else {
                    assert!(
                        g[j] <= 1e-9 * size * n as f64,
                        "target {k}: g[{j}] = {}",
                        g[j]
                    );
                }
            }
        }
        assert!(
            fit.coef.row(0).iter().any(|&v| v == 0.0),
            "the constraint should bind"
        );
        let ols = crate::linear::ols::fit(x.view(), y.slice(ndarray::s![.., 1..]), true).unwrap();
        for (a, b) in fit.coef.row(1).iter().zip(ols.coef.row(0)) {
            assert!((a - b).abs() < 1e-10 * (1.0 + b.abs()), "{a} vs {b}");
        }
    }

    #[test]
    fn multi_target_equals_separate_fits_and_wide_designs_work() {
        for &(n, p) in &[(60, 10), (12, 30)] {
            let x = random(n, p, 21);
            let y = random(n, 3, 22);
            let joint = fit(x.view(), y.view(), true, 0.0).unwrap();
            for k in 0..3 {
                let single = fit(x.view(), y.slice(ndarray::s![.., k..k + 1]), true, 0.0).unwrap();
                for (a, b) in joint.coef.row(k).iter().zip(single.coef.row(0)) {
                    assert!((a - b).abs() < 1e-10, "n={n} p={p}: {a} vs {b}");
                }
                assert!(joint.converged[k]);
            }
        }
    }

    #[test]
    fn ridge_penalty_meets_its_kkt_conditions_and_equals_ridge_when_positive() {
        // ‖y − b − Xw‖² + α‖w‖²: the gradient X_cᵀr − αw is 0 where w_j > 0, ≤ 0 elsewhere
        for &(n, p) in &[(80, 12), (10, 25)] {
            let x = random(n, p, 31);
            let y = x.dot(&random(p, 1, 32)) + random(n, 1, 33);
            let alpha = 3.0;
            let fit = fit(x.view(), y.view(), true, alpha).unwrap();
            let w = fit.coef.row(0);
            let xc = &x - &x.mean_axis(Axis(0)).unwrap();
            let r = &y.column(0) - &x.dot(&w) - fit.intercept[0];
            let g = xc.t().dot(&r) - &w * alpha;
            let size = xc
                .t()
                .dot(&y.column(0))
                .iter()
                .fold(1.0f64, |s, v| s.max(v.abs()));
            for j in 0..p {
                assert!(w[j] >= 0.0);
                let bad = if w[j] > 0.0 {
                    g[j].abs()
                } else {
                    g[j].max(0.0)
                };
                assert!(bad <= 1e-10 * size, "n={n} p={p}: g[{j}] = {}", g[j]);
            }
            assert!(
                w.iter().any(|&v| v == 0.0),
                "n={n} p={p}: the constraint should bind"
            );
        }
        // a positive truth: the constraint is inactive and the fit is Ridge's
        let x = random(100, 8, 34);
        let y = x.dot(&random(8, 1, 35).mapv(|v| 2.0 + v.abs()));
        let ours = fit(x.view(), y.view(), true, 5.0).unwrap();
        let ridge = crate::linear::ridge::fit(x.view(), y.view(), &[5.0], true).unwrap();
        for (a, b) in ours
            .coef
            .row(0)
            .iter()
            .zip(ridge.coef.slice(ndarray::s![0, 0, ..]))
        {
            assert!((a - b).abs() < 1e-10 * (1.0 + b.abs()), "{a} vs {b}");
        }
    }

    #[test]
    fn units_of_the_features_do_not_matter() {
        // columns scaled from 1e-7 to 1e7: the same fit as with unit columns, rescaled
        // (with one tolerance from the largest column, the smallest ones never entered)
        let (n, p) = (100, 10);
        let x = random(n, p, 41);
        let y = x.dot(&random(p, 1, 42));
        let scales: Vec<f64> = (0..p)
            .map(|j| 10f64.powf(-7.0 + 14.0 * j as f64 / 9.0))
            .collect();
        let mut xs = x.clone();
        for (mut col, &s) in xs.columns_mut().into_iter().zip(&scales) {
            col *= s;
        }
        let unit = fit(x.view(), y.view(), true, 0.0).unwrap();
        let scaled = fit(xs.view(), y.view(), true, 0.0).unwrap();
        assert!(unit.coef.iter().filter(|&&v| v > 0.0).count() >= 4);
        for (j, scale) in scales.iter().enumerate() {
            let (a, b) = (scaled.coef[[0, j]] * scale, unit.coef[[0, j]]);
            assert!(
                (a - b).abs() <= 1e-6 * (1.0 + b.abs()),
                "feature {j}: {a} vs {b}"
            );
        }
    }

    #[test]
    fn bad_input_is_an_error() {
        let x = random(10, 3, 1);
        let y = random(9, 1, 2);
        assert!(fit(x.view(), y.view(), true, 0.0).is_err());
        assert!(fit(x.view(), random(10, 1, 2).view(), true, -1.0).is_err());
        let mut x2 = random(10, 3, 1);
        x2[[0, 0]] = f64::NAN;
        assert!(fit(x2.view(), random(10, 1, 2).view(), true, 0.0).is_err());
    }
}
