//! The Gaussian trial function Ψ = exp(−α Σ_i (x_i² + y_i² + β z_i²)).
//!
//! β scales the z coordinate (d = 3 only; in d < 3 it has no effect and its
//! derivative is 0). The exact ground state of non-interacting particles in a trap
//! with frequencies ω (x, y) and ω_z (z) is α = ω/2, β = ω_z/ω.
//!
//! Per particle: ∇ ln Ψ = −2α (x, y, β z); ∇² ln Ψ = −2α (d − 1 + β) in d = 3 and
//! −2α d otherwise; O_α = −Σ (x² + y² + β z²), O_β = −α Σ z².

use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
use crate::vmc::hamiltonian::check_shape;

/// exp(−α Σ (x² + y² + β z²)) with variational parameters θ = (α, β).
#[derive(Clone, Debug, PartialEq)]
pub struct Gaussian {
    n_particles: usize,
    dim: usize,
    alpha: f64,
    beta: f64,
}

impl Gaussian {
    /// The Gaussian for N particles in d dimensions.
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3}, α ≤ 0 or β ≤ 0 (or not finite).
    pub fn new(n_particles: usize, dim: usize, alpha: f64, beta: f64) -> Result<Self> {
        check_shape(n_particles, dim)?;
        let mut g = Gaussian {
            n_particles,
            dim,
            alpha: 1.0,
            beta: 1.0,
        };
        g.set_params(&[alpha, beta])?;
        Ok(g)
    }

    /// α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// β.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Weight of coordinate c in the exponent: β for z, 1 otherwise.
    #[inline]
    fn weight(&self, c: usize) -> f64 {
        if c == 2 {
            self.beta
        } else {
            1.0
        }
    }

    fn exponent(&self, p: &[f64]) -> f64 {
        p.iter()
            .enumerate()
            .map(|(c, v)| self.weight(c) * v * v)
            .sum()
    }
}

impl WaveFunction for Gaussian {
    type State = ();

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        2
    }
    fn write_params(&self, out: &mut [f64]) {
        out[0] = self.alpha;
        out[1] = self.beta;
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, 2)?;
        if params[0] <= 0.0 {
            return Err(Error::param("alpha", "must be > 0", params[0]));
        }
        if params[1] <= 0.0 {
            return Err(Error::param("beta", "must be > 0", params[1]));
        }
        self.alpha = params[0];
        self.beta = params[1];
        Ok(())
    }
    /// α, β must stay > 0: a step that would cross zero halves the old value.
    fn constrain_params(&self, old: &[f64], new: &mut [f64]) {
        for (n, o) in new.iter_mut().zip(old) {
            if *n <= 0.0 {
                *n = 0.5 * o;
            }
        }
    }
    fn state(&self, _x: &[f64]) {}
    fn log_value(&self, _: &(), x: &[f64]) -> f64 {
        -self.alpha
            * x.chunks_exact(self.dim)
                .map(|p| self.exponent(p))
                .sum::<f64>()
    }
    fn add_gradient(&self, _: &(), x: &[f64], grad: &mut [f64]) {
        let d = self.dim;
        for k in 0..self.n_particles {
            self.add_particle_gradient(&(), x, k, &mut grad[k * d..(k + 1) * d]);
        }
    }
    fn add_particle_gradient(&self, _: &(), x: &[f64], k: usize, grad: &mut [f64]) {
        let p = &x[k * self.dim..(k + 1) * self.dim];
        for (c, g) in grad.iter_mut().enumerate() {
            *g -= 2.0 * self.alpha * self.weight(c) * p[c];
        }
    }
    fn laplacian(&self, _: &(), _x: &[f64]) -> f64 {
        let per_particle: f64 = (0..self.dim).map(|c| self.weight(c)).sum();
        -2.0 * self.alpha * per_particle * self.n_particles as f64
    }
    fn param_derivatives(&self, _: &(), x: &[f64], out: &mut [f64]) {
        out[0] = -x
            .chunks_exact(self.dim)
            .map(|p| self.exponent(p))
            .sum::<f64>();
        out[1] = if self.dim == 3 {
            -self.alpha * x.chunks_exact(3).map(|p| p[2] * p[2]).sum::<f64>()
        } else {
            0.0
        };
    }
    fn propose(&self, _: &mut (), x: &[f64], k: usize, new: &[f64]) -> f64 {
        let old = &x[k * self.dim..(k + 1) * self.dim];
        -self.alpha * (self.exponent(new) - self.exponent(old))
    }
    fn add_proposed_gradient(&self, _: &(), _x: &[f64], _k: usize, new: &[f64], grad: &mut [f64]) {
        self.add_particle_gradient(&(), new, 0, grad);
    }
    fn accept(&self, _: &mut (), _k: usize, _new: &[f64]) {}
}
