//! Optimisers of the variational energy E(θ) = ⟨E_L⟩.
//!
//! The energy gradient is g_i = 2(⟨E_L O_i⟩ − ⟨E_L⟩⟨O_i⟩) with O_i = ∂ ln|Ψ|/∂θ_i.
//!
//! * Gradient methods (SGD with momentum, Adam, …) from [`crate::nn::optim`] step
//!   along −g.
//! * Stochastic reconfiguration (Sorella 1998; Carleo & Troyer 2017): with the
//!   covariance S_ij = ⟨O_i O_j⟩ − ⟨O_i⟩⟨O_j⟩ and a diagonal shift ε, solve
//!   (S + ε 1) δ = −η g and set θ ← θ + δ.

use crate::error::{Error, Result};
use crate::nn::optim::{Method, Optimizer, Schedule};

/// Stochastic reconfiguration: learning rate η and diagonal shift ε.
#[derive(Clone, Debug, PartialEq)]
pub struct Sr {
    learning_rate: f64,
    diag_shift: f64,
}

impl Sr {
    /// The learning rate η.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// The diagonal shift ε.
    pub fn diag_shift(&self) -> f64 {
        self.diag_shift
    }
}

/// The optimiser of a VMC run.
#[derive(Clone, Debug, PartialEq)]
pub enum VmcOptimizer {
    /// A first-order method on the energy gradient.
    Gradient(Optimizer),
    /// Stochastic reconfiguration.
    Sr(Sr),
}

fn positive(name: &str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, "must be > 0", v))
    }
}

impl VmcOptimizer {
    /// Plain gradient descent θ ← θ − η g.
    ///
    /// **Errors** if η ≤ 0.
    pub fn sgd(learning_rate: f64) -> Result<Self> {
        Ok(VmcOptimizer::Gradient(Optimizer::new(
            Method::sgd(),
            learning_rate,
            Schedule::Constant,
        )?))
    }

    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    ///
    /// **Errors** if η ≤ 0.
    pub fn adam(learning_rate: f64) -> Result<Self> {
        Ok(VmcOptimizer::Gradient(Optimizer::new(
            Method::adam(),
            learning_rate,
            Schedule::Constant,
        )?))
    }

    /// Stochastic reconfiguration with learning rate η and diagonal shift ε.
    ///
    /// **Errors** if η ≤ 0 or ε ≤ 0.
    pub fn sr(learning_rate: f64, diag_shift: f64) -> Result<Self> {
        positive("learning_rate", learning_rate)?;
        positive("diag_shift", diag_shift)?;
        Ok(VmcOptimizer::Sr(Sr {
            learning_rate,
            diag_shift,
        }))
    }

    /// Whether [`VmcOptimizer::step`] needs the covariance matrix S.
    pub fn needs_covariance(&self) -> bool {
        matches!(self, VmcOptimizer::Sr(_))
    }

    /// Forgets moments and step counts.
    pub fn reset(&mut self) {
        if let VmcOptimizer::Gradient(o) = self {
            o.reset();
        }
    }

    /// One update of `params` from the energy gradient `grad` and, for SR, the
    /// covariance `s` (row-major P × P).
    ///
    /// **Errors** on mismatched lengths, a missing S for SR, or an S + ε 1 that is
    /// not positive definite.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], s: Option<&[f64]>) -> Result<()> {
        match self {
            VmcOptimizer::Gradient(o) => o.step(params, grad),
            VmcOptimizer::Sr(sr) => {
                let p = params.len();
                let s = s.ok_or_else(|| {
                    Error::Shape("stochastic reconfiguration needs the matrix S".into())
                })?;
                if grad.len() != p || s.len() != p * p {
                    return Err(Error::Shape(format!(
                        "SR with {p} parameters got a gradient of {} and S of {} entries",
                        grad.len(),
                        s.len()
                    )));
                }
                let mut a = s.to_vec();
                for i in 0..p {
                    a[i * p + i] += sr.diag_shift;
                }
                let mut delta: Vec<f64> = grad.iter().map(|g| -sr.learning_rate * g).collect();
                cholesky_solve(&mut a, p, &mut delta)?;
                for (t, d) in params.iter_mut().zip(&delta) {
                    *t += d;
                }
                Ok(())
            }
        }
    }
}

/// Solves A z = b in place for a symmetric positive-definite A (row-major n × n,
/// overwritten by its Cholesky factor); `b` becomes z.
///
/// **Errors** with [`Error::Numerical`] naming the failing pivot if A is not
/// positive definite.
pub fn cholesky_solve(a: &mut [f64], n: usize, b: &mut [f64]) -> Result<()> {
    for j in 0..n {
        let mut diag = a[j * n + j];
        for k in 0..j {
            diag -= a[j * n + k] * a[j * n + k];
        }
        if diag.is_nan() || diag <= 0.0 || diag.is_infinite() {
            return Err(Error::Numerical(format!(
                "the SR matrix is not positive definite (pivot {j} is {diag}); increase diag_shift"
            )));
        }
        let l = diag.sqrt();
        a[j * n + j] = l;
        for i in (j + 1)..n {
            let mut v = a[i * n + j];
            for k in 0..j {
                v -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = v / l;
        }
    }
    for i in 0..n {
        let mut v = b[i];
        for k in 0..i {
            v -= a[i * n + k] * b[k];
        }
        b[i] = v / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut v = b[i];
        for k in (i + 1)..n {
            v -= a[k * n + i] * b[k];
        }
        b[i] = v / a[i * n + i];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_small_system() {
        let a0 = [4.0, 2.0, 0.4, 2.0, 5.0, 1.0, 0.4, 1.0, 3.0];
        let z = [1.0, -2.0, 0.5];
        let mut b: Vec<f64> = (0..3)
            .map(|i| (0..3).map(|j| a0[i * 3 + j] * z[j]).sum())
            .collect();
        let mut a = a0.to_vec();
        cholesky_solve(&mut a, 3, &mut b).unwrap();
        for i in 0..3 {
            assert!((b[i] - z[i]).abs() < 1e-12);
        }
        let mut bad = vec![1.0, 2.0, 2.0, 1.0];
        assert!(cholesky_solve(&mut bad, 2, &mut [1.0, 1.0]).is_err());
    }

    #[test]
    fn sr_with_identity_metric_is_gradient_descent() {
        let mut sr = VmcOptimizer::sr(0.5, 1e-12).unwrap();
        let s = [1.0, 0.0, 0.0, 1.0];
        let mut theta = [1.0, 1.0];
        sr.step(&mut theta, &[2.0, -4.0], Some(&s)).unwrap();
        assert!((theta[0] - 0.0).abs() < 1e-9 && (theta[1] - 3.0).abs() < 1e-9);
        assert!(VmcOptimizer::sr(0.1, 0.0).is_err());
        assert!(sr.step(&mut theta, &[1.0, 1.0], None).is_err());
    }
}
