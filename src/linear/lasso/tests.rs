use ndarray::{Array2, ArrayView1};
use rand_distr::{Distribution, StandardNormal};

use super::gram::GramCache;
use super::*;
use crate::rng;

/// A random problem with `k` true non-zero coefficients and noise.
fn problem(n: usize, p: usize, k: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
    let mut r = rng::stream(seed, 0);
    let x = Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut r));
    let mut w = vec![0.0; p];
    for j in 0..k.min(p) {
        w[(j * 7) % p] = 1.0 + j as f64 * 0.3;
    }
    let y = Array2::from_shape_fn((n, 1), |(i, _)| {
        let noise: f64 = StandardNormal.sample(&mut r);
        (0..p).map(|j| x[[i, j]] * w[j]).sum::<f64>() + 0.5 * noise + 3.0
    });
    (x, y)
}

/// Centred X, y (when fitting an intercept).
fn centred(x: &Array2<f64>, y: &Array2<f64>, center: bool) -> (Array2<f64>, Vec<f64>) {
    let mut xc = x.clone();
    let mut yc: Vec<f64> = y.column(0).to_vec();
    if center {
        for mut col in xc.columns_mut() {
            let m = col.mean().unwrap();
            col.mapv_inplace(|v| v - m);
        }
        let m = yc.iter().sum::<f64>() / yc.len() as f64;
        yc.iter_mut().for_each(|v| *v -= m);
    }
    (xc, yc)
}

/// Largest violation of the KKT conditions of ½‖y − Xw‖²/n + αρ‖w‖₁ + ½α(1−ρ)‖w‖²,
/// relative to αρ: X_jᵀr/n − α(1−ρ)w_j = αρ sign(w_j) if w_j ≠ 0, |·| ≤ αρ otherwise.
fn kkt_violation(
    x: &Array2<f64>,
    y: &Array2<f64>,
    w: ArrayView1<f64>,
    alpha: f64,
    rho: f64,
    center: bool,
    positive: bool,
) -> f64 {
    let (xc, yc) = centred(x, y, center);
    let n = x.nrows() as f64;
    let r: Vec<f64> = (0..x.nrows()).map(|i| yc[i] - xc.row(i).dot(&w)).collect();
    let l1 = alpha * rho;
    (0..x.ncols())
        .map(|j| {
            let g = xc.column(j).iter().zip(&r).map(|(a, b)| a * b).sum::<f64>() / n
                - alpha * (1.0 - rho) * w[j];
            if w[j] != 0.0 {
                (g - l1 * w[j].signum()).abs()
            } else if positive {
                (g - l1).max(0.0)
            } else {
                (g.abs() - l1).max(0.0)
            }
        })
        .fold(0.0, f64::max)
        / l1
}

fn params(rho: f64, center: bool) -> ElasticNetParams {
    ElasticNetParams {
        l1_ratio: rho,
        fit_intercept: center,
        max_iter: 100_000,
        tol: 1e-12,
        selection: Selection::Cyclic,
        positive: false,
        form: Form::Auto,
        tuning: GramParams::default(),
    }
}

#[test]
fn kkt_conditions_hold_along_the_path() {
    for &(n, p, rho, center) in &[
        (60, 10, 1.0, true),
        (30, 80, 1.0, false),
        (50, 20, 0.5, true),
        (40, 40, 0.2, false),
    ] {
        let (x, y) = problem(n, p, 5, (n * p) as u64);
        let path = enet_path(x.view(), y.view(), None, 30, 1e-3, params(rho, center)).unwrap();
        for (alpha, sol) in path.alphas.iter().zip(&path.solutions) {
            assert!(sol.converged[0]);
            let v = kkt_violation(&x, &y, sol.coef.row(0), *alpha, rho, center, false);
            assert!(
                v < 1e-4,
                "KKT violated by {v} at alpha {alpha} (n={n}, p={p}, rho={rho})"
            );
        }
    }
}

#[test]
fn sign_constrained_path_meets_its_kkt_conditions() {
    // w ≥ 0: X_jᵀr/n − α(1−ρ)w_j = αρ where w_j > 0, ≤ αρ where w_j = 0; covariance
    // and residual forms, with and without centring
    for &(n, p, rho, center) in &[
        (60, 10, 1.0, true),
        (30, 80, 1.0, false),
        (50, 20, 0.5, false),
        (40, 60, 0.3, true),
    ] {
        let (x, y) = problem(n, p, 6, (3 * n + p) as u64);
        let params = ElasticNetParams {
            positive: true,
            ..params(rho, center)
        };
        let path = enet_path(x.view(), y.view(), None, 30, 1e-3, params).unwrap();
        let mut negative_pull = false;
        for (alpha, sol) in path.alphas.iter().zip(&path.solutions) {
            let w = sol.coef.row(0);
            assert!(sol.converged[0] && sol.dual_gap[0] >= 0.0);
            assert!(
                w.iter().all(|&v| v >= 0.0),
                "negative coefficient at {alpha}"
            );
            let v = kkt_violation(&x, &y, w, *alpha, rho, center, true);
            assert!(
                v < 1e-4,
                "KKT violated by {v} at alpha {alpha} (n={n}, p={p})"
            );
            // the unconstrained conditions fail somewhere: the constraint binds
            negative_pull |= kkt_violation(&x, &y, w, *alpha, rho, center, false) > 1e-2;
        }
        assert!(negative_pull, "n={n} p={p}: the constraint never mattered");
    }
}

#[test]
fn both_forms_and_a_given_gram_matrix_meet_the_kkt_conditions() {
    // tall and wide designs in either form, forced; and with the caller's XᵀX
    for &(n, p, center) in &[(60, 10, true), (30, 80, false), (40, 25, true)] {
        let (x, y) = problem(n, p, 5, (7 * n + p) as u64);
        let (xc, _) = centred(&x, &y, center);
        let gram = xc.t().dot(&xc);
        let xy = xc.t().dot(&y);
        let cases = [
            (Form::Covariance, None),
            (Form::Residual, None),
            (Form::Auto, Some(gram.view())),
        ];
        for (form, g) in cases {
            let params = ElasticNetParams {
                form,
                ..params(0.8, center)
            };
            let pre = Precomputed {
                gram: g,
                xy: Some(xy.view()),
            };
            let mut solver = PathSolver::with_precomputed(x.view(), y.view(), params, pre).unwrap();
            assert_eq!(solver.covariance, form != Form::Residual);
            let alphas = default_alphas(&solver, 20, 1e-3).unwrap();
            for &alpha in &alphas {
                let sol = solver.solve(alpha).unwrap();
                assert!(sol.converged[0]);
                let v = kkt_violation(&x, &y, sol.coef.row(0), alpha, 0.8, center, false);
                assert!(v < 1e-4, "KKT violated by {v} ({form:?}, n={n}, p={p})");
            }
        }
    }
}

#[test]
fn a_gram_matrix_of_x_as_given_is_centred_and_zero_columns_stay_zero() {
    // X with means ≈ 0.1 (as given: G_c + n·x̄x̄ᵀ) and a constant column: the path
    // is the one of the centred Gram matrix the solver builds itself
    let (mut x, y) = problem(60, 6, 3, 13);
    x.column_mut(2).fill(0.1);
    let built = enet_path(x.view(), y.view(), None, 15, 1e-2, params(1.0, true)).unwrap();
    let (xc, _) = centred(&x, &y, true);
    for gram in [x.t().dot(&x), xc.t().dot(&xc)] {
        let pre = Precomputed {
            gram: Some(gram.view()),
            xy: None,
        };
        let mut solver =
            PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre).unwrap();
        for (alpha, sol) in built.alphas.iter().zip(&built.solutions) {
            let given = solver.solve(*alpha).unwrap();
            assert_eq!(given.coef[[0, 2]], 0.0);
            for (a, b) in given.coef.iter().zip(sol.coef.iter()) {
                assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{a} vs {b}");
            }
        }
    }
}

#[test]
fn a_gram_matrix_or_xy_that_does_not_describe_x_is_refused() {
    let (x, y) = problem(50, 8, 3, 11);
    let (xc, _) = centred(&x, &y, true);
    let gram = xc.t().dot(&xc);
    let mut off = gram.clone();
    off[[4, 5]] *= 1.01;
    off[[5, 4]] *= 1.01;
    let mut asym = gram.clone();
    asym[[0, 1]] += 1e-3 * gram[[0, 0]];
    let scaled = &gram * 2.0;
    for bad in [off, asym, scaled] {
        let pre = Precomputed {
            gram: Some(bad.view()),
            xy: None,
        };
        // X centred already, so that the Gram matrix is not set aside (see below)
        let err = PathSolver::with_precomputed(xc.view(), y.view(), params(1.0, true), pre)
            .err()
            .expect("a wrong Gram matrix is refused");
        assert!(err.to_string().contains("precompute"), "{err}");
    }
    let wrong_xy = xc.t().dot(&y) * 1.5;
    let pre = Precomputed {
        gram: None,
        xy: Some(wrong_xy.view()),
    };
    let err = PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre)
        .err()
        .expect("a wrong Xy is refused");
    assert!(err.to_string().contains("Xy"), "{err}");
    let residual = ElasticNetParams {
        form: Form::Residual,
        ..params(1.0, true)
    };
    let pre = Precomputed {
        gram: Some(gram.view()),
        xy: None,
    };
    assert!(PathSolver::with_precomputed(x.view(), y.view(), residual, pre).is_err());
}

#[test]
fn sign_constrained_alpha_max_is_the_largest_positive_pull() {
    let (x, mut y) = problem(50, 12, 3, 4);
    y.mapv_inplace(|v| -v);
    let positive = ElasticNetParams {
        positive: true,
        ..params(1.0, true)
    };
    let mut solver = PathSolver::new(x.view(), y.view(), positive).unwrap();
    let amax = solver.alpha_max();
    assert!(amax > 0.0);
    assert!(solver.solve(amax).unwrap().coef.iter().all(|&v| v == 0.0));
    assert!(solver
        .solve(0.9 * amax)
        .unwrap()
        .coef
        .iter()
        .any(|&v| v > 0.0));
    let free = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
    assert!(
        free.alpha_max() > amax,
        "the negative pulls set the unconstrained top"
    );
}

#[test]
fn zero_l1_ratio_is_ridge() {
    // ½‖y − Xw‖² + ½·nα‖w‖² is Ridge with penalty nα; the gap (formulation B) must
    // not stop the sweeps early
    for &(n, p, center) in &[(80, 15, true), (25, 60, false), (40, 40, true)] {
        let (x, y) = problem(n, p, 5, (7 * n + p) as u64);
        let alpha = 0.3;
        let path = enet_path(
            x.view(),
            y.view(),
            Some(&[alpha]),
            1,
            1.0,
            params(0.0, center),
        )
        .unwrap();
        let sol = &path.solutions[0];
        assert!(sol.converged[0] && sol.dual_gap[0] >= 0.0);
        let ridge =
            crate::linear::ridge::fit(x.view(), y.view(), &[n as f64 * alpha], center).unwrap();
        let expected = ridge.coef.index_axis(ndarray::Axis(0), 0);
        // the objective is l₂-strongly convex: ½l₂‖w − w*‖² ≤ P(w) − P* ≤ gap
        let dist_sq = (&sol.coef.row(0) - &expected.row(0)).mapv(|d| d * d).sum();
        let (l2, gap) = (n as f64 * alpha, n as f64 * sol.dual_gap[0]);
        assert!(
            dist_sq <= 2.0 * gap / l2 + 1e-24,
            "n={n} p={p}: ‖Δw‖² {dist_sq}, gap {gap}"
        );
        assert!(dist_sq < 1e-10, "n={n} p={p}: ‖Δw‖² {dist_sq}");
    }
}

#[test]
fn alpha_at_or_above_alpha_max_gives_zero() {
    let (x, y) = problem(50, 12, 3, 1);
    let mut solver = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
    let amax = solver.alpha_max();
    for a in [amax, 1.5 * amax] {
        let sol = solver.solve(a).unwrap();
        assert!(sol.coef.iter().all(|&v| v == 0.0));
        assert!((sol.intercept[0] - y.column(0).mean().unwrap()).abs() < 1e-12);
    }
    let sol = solver.solve(0.99 * amax).unwrap();
    assert_eq!(sol.coef.iter().filter(|&&v| v != 0.0).count(), 1);
}

#[test]
fn cold_and_warm_starts_agree_and_random_selection_converges() {
    let (x, y) = problem(80, 30, 6, 2);
    let path = enet_path(x.view(), y.view(), None, 20, 1e-2, params(0.7, true)).unwrap();
    let alpha = path.alphas[15];
    let mut cold = PathSolver::new(x.view(), y.view(), params(0.7, true)).unwrap();
    let c = cold.solve(alpha).unwrap();
    let mut p = params(0.7, true);
    p.selection = Selection::Random { seed: 3 };
    let mut random = PathSolver::new(x.view(), y.view(), p).unwrap();
    let r = random.solve(alpha).unwrap();
    for ((a, b), d) in c
        .coef
        .iter()
        .zip(path.solutions[15].coef.iter())
        .zip(r.coef.iter())
    {
        assert!((a - b).abs() < 1e-6 && (a - d).abs() < 1e-6);
    }
}

#[test]
fn multi_target_equals_separate_fits() {
    let (x, y1) = problem(40, 15, 4, 5);
    let (_, y2) = problem(40, 15, 2, 6);
    let mut y = Array2::zeros((40, 2));
    y.column_mut(0).assign(&y1.column(0));
    y.column_mut(1).assign(&y2.column(0));
    let mut both = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
    let joint = both.solve(0.05).unwrap();
    for (t, yt) in [y1, y2].iter().enumerate() {
        let mut one = PathSolver::new(x.view(), yt.view(), params(1.0, true)).unwrap();
        let single = one.solve(0.05).unwrap();
        // Equal up to rounding: the Gram columns are shared, computed in another order.
        for (a, b) in joint.coef.row(t).iter().zip(single.coef.row(0)) {
            assert!((a - b).abs() < 1e-10);
        }
        assert!((joint.intercept[t] - single.intercept[0]).abs() < 1e-10);
    }
}

#[test]
fn column_major_input_gives_the_same_solution() {
    use ndarray::ShapeBuilder;
    let (x, y) = problem(70, 25, 5, 9);
    let mut xf = Array2::zeros(x.dim().f());
    xf.assign(&x);
    let a = PathSolver::new(x.view(), y.view(), params(0.8, true))
        .unwrap()
        .solve(0.02)
        .unwrap();
    let b = PathSolver::new(xf.view(), y.view(), params(0.8, true))
        .unwrap()
        .solve(0.02)
        .unwrap();
    assert_eq!(a.coef, b.coef);
}

#[test]
fn same_numbers_for_any_number_of_threads() {
    let (x, y) = problem(300, 200, 10, 10);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| enet_path(x.view(), y.view(), None, 20, 1e-3, params(0.9, true)).unwrap())
    };
    let (one, four) = (run(1), run(4));
    for (a, b) in one.solutions.iter().zip(&four.solutions) {
        assert_eq!(a.coef, b.coef);
    }
}

#[test]
fn max_iter_reached_is_reported() {
    let (x, y) = problem(50, 20, 8, 7);
    let mut p = params(1.0, true);
    p.max_iter = 1;
    let mut solver = PathSolver::new(x.view(), y.view(), p).unwrap();
    let sol = solver.solve(0.001).unwrap();
    assert!(!sol.converged[0]);
    assert_eq!(sol.n_iter[0], 1);
}

#[test]
fn bad_input_is_an_error() {
    let (x, y) = problem(10, 3, 1, 8);
    let mut p = params(1.0, true);
    p.l1_ratio = 1.5;
    let message = PathSolver::new(x.view(), y.view(), p)
        .err()
        .expect("an error")
        .to_string();
    assert!(message.contains("l1_ratio"));
    let mut solver = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
    assert!(solver
        .solve(-1.0)
        .unwrap_err()
        .to_string()
        .contains("alpha must be >= 0"));
    let mut bad = x.clone();
    bad[[0, 0]] = f64::NAN;
    assert!(PathSolver::new(bad.view(), y.view(), params(1.0, true)).is_err());
    assert!(PathSolver::new(x.slice(ndarray::s![..5, ..]), y.view(), params(1.0, true)).is_err());
    assert!(alpha_grid(1.0, 0, 1e-3).is_err());
}

#[test]
fn gram_blocks_match_the_centred_products() {
    use ndarray::ShapeBuilder;
    // more samples than a row group and several blocks, including the tiled
    // block-with-itself product; one constant column (zero once centred)
    let (n, p) = (2500, 150);
    let tuning = GramParams::default();
    let (mut x, _) = problem(n, p, 3, 11);
    x.column_mut(7).fill(4.0);
    let mut xf = Array2::zeros(x.dim().f());
    xf.assign(&x);
    for center in [false, true] {
        let (xc, _) = centred(&x, &Array2::zeros((n, 1)), center);
        let exact = xc.t().dot(&xc);
        for xv in [x.view(), xf.view()] {
            let (mut gram, _) = GramCache::new(xv, center, true, &[], tuning);
            let mut order: Vec<usize> = (0..p).rev().collect();
            order.rotate_left(5);
            // blocks against all features (t·n_cached ≤ all_features·p), then
            // against the uncached ones only
            assert!(60 * 40 <= tuning.all_features * p && 50 * 100 > tuning.all_features * p);
            for chunk in [&order[..3], &order[3..40], &order[40..100], &order[100..]] {
                gram.cache(chunk);
            }
            for j in 0..p {
                assert!(gram.is_cached(j));
                for (i, &g) in gram.column(j).iter().enumerate() {
                    let e = exact[[i, j]];
                    assert_eq!(g, gram.column(i)[j], "G[{i},{j}] symmetric");
                    assert!(
                        (g - e).abs() <= 1e-9 * (1.0 + e.abs()),
                        "G[{i},{j}] = {g}, expected {e}"
                    );
                }
                assert!((gram.diag[j] - exact[[j, j]]).abs() <= 1e-9 * (1.0 + exact[[j, j]]));
            }
            if center {
                assert!(gram.column(7).iter().all(|&v| v == 0.0) && gram.diag[7] == 0.0);
            }
        }
    }
}

#[test]
fn alpha_grid_is_log_spaced() {
    let g = alpha_grid(2.0, 3, 1e-2).unwrap();
    assert!(
        (g[0] - 2.0).abs() < 1e-12 && (g[1] - 0.2).abs() < 1e-12 && (g[2] - 0.02).abs() < 1e-12
    );
}

#[test]
fn a_gram_matrix_of_x_not_centred_is_set_aside_when_fitting_an_intercept() {
    let (x, y) = problem(50, 8, 3, 11);
    let gram = x.t().dot(&x);
    let pre = Precomputed {
        gram: Some(gram.view()),
        xy: None,
    };
    let solver = PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre).unwrap();
    assert!(solver.gram_dropped);
    let solver = PathSolver::with_precomputed(x.view(), y.view(), params(1.0, false), pre).unwrap();
    assert!(!solver.gram_dropped);
}
