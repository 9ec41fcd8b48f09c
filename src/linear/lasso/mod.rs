//! Lasso and ElasticNet by coordinate descent, with scikit-learn's objective
//!
//! ```text
//!   P(w) = 1/(2n) ‖y − Xw − b‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖²        (ρ = l1_ratio)
//! ```
//!
//! (Friedman, Hastie & Tibshirani, J. Stat. Softw. 33 (2010)). The intercept b is
//! handled by centering X and y; each column of a multi-target y is an independent
//! problem. Multiplied by n, the problem reads ½‖y − Xw‖² + l₁‖w‖₁ + ½ l₂‖w‖² with
//! l₁ = nαρ, l₂ = nα(1 − ρ), and the coordinate update is
//!
//! ```text
//!   w_j ← S(X_jᵀ r + G_jj w_j, l₁) / (G_jj + l₂),   S(z, t) = sign(z) max(|z| − t, 0),
//! ```
//!
//! with r = y − Xw. When n > p it is written in covariance form, Xᵀr = Xᵀy − G w with
//! G = XᵀX, but only the Gram columns of features that have ever been candidates
//! are computed (lazily, and cached across alphas and targets). X is then read as
//! given, never copied: each block of new columns is one pass over its rows, centred
//! on the fly, and the blocks grow geometrically so that the passes stay few and the
//! matrix products wide. When p ≥ n the residual r is updated instead
//! (r ← r − Δw_j X_j) on a centred column-major copy of X.
//!
//! At each alpha of a path the solver
//! 1. screens with the sequential strong rule (Tibshirani et al., J. R. Stat. Soc. B
//!    74 (2012)): the working set is the current support plus every feature with
//!    |X_jᵀ r(α_prev)| ≥ 2l₁ − l₁,prev;
//! 2. runs coordinate descent on the working set until the duality gap of the
//!    restricted problem is below tol·‖y‖²;
//! 3. checks the full KKT conditions, |X_jᵀ r| ≤ l₁ for every feature outside the
//!    working set, and repeats from 2 with the violators added.
//!
//! It stops when scikit-learn's duality gap of the full problem is below tol·‖y‖²,
//! so the answer is as exact as scikit-learn's at the same `tol`.
//!
//! The parts: `params` (the checked hyper-parameters and the Gram cache's block
//! sizes), `gram` (the Gram cache), `gap` (the duality gap), `solver` (coordinate
//! descent at one alpha after another) and `path` (the grid of alphas and the path).

mod gap;
mod gram;
mod params;
mod path;
mod solver;
#[cfg(test)]
mod tests;

pub use params::{ElasticNetParams, Form, GramParams, Selection};
pub use path::{alpha_grid, check_path_size, default_alphas, enet_path, Path};
pub use solver::{describes_centred_design, AlphaSolution, PathSolver, Precomputed};

/// Dot product with eight independent accumulators (vectorises; fixed order).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f64>() + tail
}

/// y ← y + a·x.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}
