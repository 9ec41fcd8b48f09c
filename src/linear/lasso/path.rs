//! The regularisation path: scikit-learn's grid of alphas and the warm-started
//! solve along it.

use ndarray::ArrayView2;

use super::params::ElasticNetParams;
use super::solver::{AlphaSolution, PathSolver};
use crate::error::{Error, Result};

/// Log-spaced alphas from `alpha_max` down to `eps·alpha_max` (scikit-learn's grid).
///
/// **Errors** if `n_alphas` is 0, the grid would not fit in memory, or `eps` is
/// not in (0, 1].
pub fn alpha_grid(alpha_max: f64, n_alphas: usize, eps: f64) -> Result<Vec<f64>> {
    if n_alphas == 0 {
        return Err(Error::param("n_alphas", "must be >= 1", n_alphas));
    }
    crate::memory::check_f64s(
        "n_alphas",
        n_alphas,
        &format!("a grid of {n_alphas} alphas"),
        &[n_alphas as u128],
    )?;
    if !(eps > 0.0 && eps <= 1.0) {
        return Err(Error::param("eps", "must be in (0, 1]", eps));
    }
    if n_alphas == 1 {
        return Ok(vec![alpha_max]);
    }
    let (hi, lo) = (alpha_max.log10(), (alpha_max * eps).log10());
    Ok((0..n_alphas)
        .map(|k| 10f64.powf(hi + (lo - hi) * k as f64 / (n_alphas - 1) as f64))
        .collect())
}

/// Checks that a path of `n_alphas` solutions of `n_targets` × `n_features`
/// coefficients (and a gap, an intercept and an iteration count per target and
/// alpha) fits in memory; `name` is the parameter that chose `n_alphas`.
///
/// **Errors** with [`Error::InvalidParameter`] naming `name` and the memory needed.
pub fn check_path_size(
    name: &str,
    n_alphas: usize,
    n_targets: usize,
    n_features: usize,
) -> Result<()> {
    let per_alpha = (n_targets as u128) * (n_features as u128 + 4);
    crate::memory::check_f64s(
        name,
        n_alphas,
        &format!(
            "the path of {n_alphas} alphas ({n_targets} target(s) × {n_features} features each)"
        ),
        &[n_alphas as u128, per_alpha],
    )
}

/// The whole path of one design: coefficients (n_targets × n_features per alpha).
#[derive(Clone, Debug)]
pub struct Path {
    /// The alphas, in the order solved.
    pub alphas: Vec<f64>,
    /// One solution per alpha.
    pub solutions: Vec<AlphaSolution>,
}

/// Solve along `alphas` (or, if `None`, `n_alphas` log-spaced values from alpha_max
/// down to `eps`·alpha_max), each warm-started from the previous one.
///
/// **Errors** on invalid input or parameters.
pub fn enet_path(
    x: ArrayView2<f64>,
    y: ArrayView2<f64>,
    alphas: Option<&[f64]>,
    n_alphas: usize,
    eps: f64,
    params: ElasticNetParams,
) -> Result<Path> {
    let mut solver = PathSolver::new(x, y, params)?;
    let alphas = match alphas {
        Some(a) => a.to_vec(),
        None => default_alphas(&solver, n_alphas, eps)?,
    };
    check_path_size("n_alphas", alphas.len(), y.ncols(), solver.n_features())?;
    let solutions = alphas
        .iter()
        .map(|&a| solver.solve(a))
        .collect::<Result<_>>()?;
    Ok(Path { alphas, solutions })
}

/// scikit-learn's default grid for this problem; an l1_ratio of 0 has no alpha_max.
///
/// **Errors** if l1_ratio is 0 or the grid parameters are invalid.
pub fn default_alphas(solver: &PathSolver<'_>, n_alphas: usize, eps: f64) -> Result<Vec<f64>> {
    if solver.params.l1_ratio == 0.0 {
        return Err(Error::param(
            "l1_ratio",
            "must be > 0 to choose alphas automatically",
            0.0,
        ));
    }
    let alpha_max = solver.alpha_max();
    if alpha_max == 0.0 {
        // y is orthogonal to every column: the solution is 0 for every alpha.
        return alpha_grid(f64::MIN_POSITIVE.sqrt(), n_alphas, eps);
    }
    alpha_grid(alpha_max, n_alphas, eps)
}
