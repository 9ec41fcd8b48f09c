//! The Padé–Jastrow factor J = exp(Σ_{i<j} a_ij r_ij / (1 + β r_ij)).
//!
//! The cusp a_ij fulfils Kato's cusp condition for Coulomb repulsion in d
//! dimensions: a = 1/(d − 1) for antiparallel and 1/(d + 1) for parallel spins
//! (2-D: 1 and 1/3; 3-D: 1/2 and 1/4). Particles 0 … n_up − 1 are spin up, the rest
//! spin down (two electrons with n_up = 1 are antiparallel). β is variational.
//!
//! With u(r) = a r/(1 + β r): u' = a/(1 + β r)², u'' = −2aβ/(1 + β r)³,
//! ∂u/∂β = −a r²/(1 + β r)².

use super::pairs::{add_all_pair_gradients, add_pair_gradient, PairDistances};
use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
use crate::vmc::hamiltonian::check_shape;

/// exp(Σ_{i<j} a_ij r_ij/(1 + β r_ij)) with variational parameter θ = (β).
#[derive(Clone, Debug, PartialEq)]
pub struct PadeJastrow {
    n_particles: usize,
    dim: usize,
    n_up: usize,
    beta: f64,
    cusp: Vec<f64>,
}

/// Per-walker state of a [`PadeJastrow`]: the cached distances.
pub type PadeJastrowState = PairDistances;

impl PadeJastrow {
    /// The Padé–Jastrow factor for N electrons in d = 2 or 3 dimensions, the first
    /// `n_up` spin up.
    ///
    /// **Errors** if N < 1, d ∉ {2, 3} (the cusp 1/(d − 1) is undefined in 1-D),
    /// n_up > N, or β < 0 (or not finite).
    pub fn new(n_particles: usize, dim: usize, beta: f64, n_up: usize) -> Result<Self> {
        check_shape(n_particles, dim)?;
        if dim < 2 {
            return Err(Error::param(
                "dim",
                "must be 2 or 3 for a Pade-Jastrow factor",
                dim,
            ));
        }
        if n_up > n_particles {
            return Err(Error::param(
                "n_up",
                &format!("must be <= n_particles = {n_particles}"),
                n_up,
            ));
        }
        let d = dim as f64;
        let mut cusp = vec![0.0; n_particles * n_particles];
        for i in 0..n_particles {
            for j in 0..n_particles {
                let parallel = (i < n_up) == (j < n_up);
                cusp[i * n_particles + j] = if parallel {
                    1.0 / (d + 1.0)
                } else {
                    1.0 / (d - 1.0)
                };
            }
        }
        let mut pj = PadeJastrow {
            n_particles,
            dim,
            n_up,
            beta: 0.0,
            cusp,
        };
        pj.set_params(&[beta])?;
        Ok(pj)
    }

    /// β.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Number of spin-up particles (the first `n_up`).
    pub fn n_up(&self) -> usize {
        self.n_up
    }

    /// The cusp a_ij.
    pub fn cusp(&self, i: usize, j: usize) -> f64 {
        self.cusp[i * self.n_particles + j]
    }

    #[inline]
    fn u(&self, i: usize, j: usize, r: f64) -> f64 {
        self.cusp(i, j) * r / (1.0 + self.beta * r)
    }

    #[inline]
    fn du(&self, i: usize, j: usize, r: f64) -> f64 {
        let q = 1.0 + self.beta * r;
        self.cusp(i, j) / (q * q)
    }
}

impl WaveFunction for PadeJastrow {
    type State = PairDistances;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        1
    }
    fn write_params(&self, out: &mut [f64]) {
        out[0] = self.beta;
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, 1)?;
        if params[0] < 0.0 {
            return Err(Error::param("beta", "must be >= 0", params[0]));
        }
        self.beta = params[0];
        Ok(())
    }
    /// β < 0 (a pole at r = 1/|β|) is projected onto β = 0.
    fn constrain_params(&self, _old: &[f64], new: &mut [f64]) {
        new[0] = new[0].max(0.0);
    }
    fn state(&self, x: &[f64]) -> PairDistances {
        PairDistances::new(x, self.n_particles, self.dim)
    }
    fn log_value(&self, s: &PairDistances, _x: &[f64]) -> f64 {
        let mut v = 0.0;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                v += self.u(i, j, s.get(i, j));
            }
        }
        v
    }
    fn add_gradient(&self, s: &PairDistances, x: &[f64], grad: &mut [f64]) {
        add_all_pair_gradients(x, self.dim, s, |i, j, r| self.du(i, j, r), grad);
    }
    fn add_particle_gradient(&self, s: &PairDistances, x: &[f64], k: usize, grad: &mut [f64]) {
        let p = &x[k * self.dim..(k + 1) * self.dim];
        add_pair_gradient(x, self.dim, k, p, s.row(k), |j, r| self.du(k, j, r), grad);
    }
    fn laplacian(&self, s: &PairDistances, _x: &[f64]) -> f64 {
        let dm1 = self.dim as f64 - 1.0;
        let mut lap = 0.0;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                let r = s.get(i, j);
                let a = self.cusp(i, j);
                let q = 1.0 + self.beta * r;
                let du = a / (q * q);
                let d2u = -2.0 * a * self.beta / (q * q * q);
                lap += 2.0 * (d2u + dm1 * du / r);
            }
        }
        lap
    }
    /// One pass over the pairs with one division each: with w = a/(q³ r), q = 1 + βr,
    /// u'/r = q w and u'' + (d − 1) u'/r = w ((d − 1) q − 2βr).
    fn add_gradient_laplacian(&self, s: &PairDistances, x: &[f64], grad: &mut [f64]) -> f64 {
        let (n, dim) = (self.n_particles, self.dim);
        let dm1 = dim as f64 - 1.0;
        let mut lap = 0.0;
        for i in 0..n {
            let cusp = &self.cusp[i * n..(i + 1) * n];
            let row = s.row(i);
            for j in (i + 1)..n {
                let r = row[j];
                let a = cusp[j];
                let q = 1.0 + self.beta * r;
                let w = a / (q * q * q * r);
                let f = q * w;
                lap += 2.0 * w * (dm1 * q - 2.0 * self.beta * r);
                for c in 0..dim {
                    let v = f * (x[i * dim + c] - x[j * dim + c]);
                    grad[i * dim + c] += v;
                    grad[j * dim + c] -= v;
                }
            }
        }
        lap
    }
    fn param_derivatives(&self, s: &PairDistances, _x: &[f64], out: &mut [f64]) {
        let mut o = 0.0;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                let r = s.get(i, j);
                let q = 1.0 + self.beta * r;
                o -= self.cusp(i, j) * r * r / (q * q);
            }
        }
        out[0] = o;
    }
    fn propose(&self, s: &mut PairDistances, x: &[f64], k: usize, new: &[f64]) -> f64 {
        s.propose(x, k, new);
        let (old, prop) = (s.row(k), s.proposed_row());
        let mut lr = 0.0;
        for j in 0..self.n_particles {
            if j != k {
                lr += self.u(k, j, prop[j]) - self.u(k, j, old[j]);
            }
        }
        lr
    }
    fn add_proposed_gradient(
        &self,
        s: &PairDistances,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        add_pair_gradient(
            x,
            self.dim,
            k,
            new,
            s.proposed_row(),
            |j, r| self.du(k, j, r),
            grad,
        );
    }
    fn accept(&self, s: &mut PairDistances, k: usize, _new: &[f64]) {
        s.accept(k);
    }
    fn spin_up(&self) -> Option<usize> {
        Some(self.n_up)
    }
}
