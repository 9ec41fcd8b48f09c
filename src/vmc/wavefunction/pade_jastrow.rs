//! The Padé–Jastrow factor J = exp(Σ_{i<j} a_ij r_ij / (1 + β r_ij)).
//!
//! The cusp a_ij fulfils Kato's cusp condition for Coulomb repulsion in d
//! dimensions: a = 1/(d − 1) for antiparallel and 1/(d + 1) for parallel spins
//! (2-D: 1 and 1/3; 3-D: 1/2 and 1/4). Particles 0 … n_up − 1 are spin up, the rest
//! spin down (two electrons with n_up = 1 are antiparallel). β is variational.
//!
//! With u(r) = a r/(1 + β r): u' = a/(1 + β r)², u'' = −2aβ/(1 + β r)³,
//! ∂u/∂β = −a r²/(1 + β r)².

use super::pairs::{add_all_pair_gradients, add_pair_gradient, commit_row, PairDistances};
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

/// Per-walker state of a [`PadeJastrow`]: the cached distances r_ij and pair terms
/// u_ij(r_ij) (a proposal then evaluates u only at the new distances: one division
/// per pair instead of two), and the pair terms of the pending proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct PadeJastrowState {
    pairs: PairDistances,
    /// u_ij(r_ij), symmetric n × n (zero diagonal).
    u: Vec<f64>,
    /// u_kj(r'_kj) of the pending proposal of particle k.
    proposed_u: Vec<f64>,
}

impl PadeJastrowState {
    /// The cached distances.
    pub fn pairs(&self) -> &PairDistances {
        &self.pairs
    }
}

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
        crate::memory::check_f64s(
            "n_particles",
            n_particles,
            "the cusp factors of N² particle pairs",
            &[n_particles as u128, n_particles as u128],
        )?;
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
    type State = PadeJastrowState;

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
    fn state(&self, x: &[f64]) -> PadeJastrowState {
        let n = self.n_particles;
        let pairs = PairDistances::new(x, n, self.dim);
        let mut u = vec![0.0; n * n];
        for i in 0..n {
            for j in (i + 1)..n {
                let v = self.u(i, j, pairs.get(i, j));
                u[i * n + j] = v;
                u[j * n + i] = v;
            }
        }
        PadeJastrowState {
            pairs,
            u,
            proposed_u: vec![0.0; n],
        }
    }
    /// Σ_{i<j} u_ij from the cache (the same values, summed in the same order, as
    /// evaluating u at the cached distances).
    fn log_value(&self, s: &PadeJastrowState, _x: &[f64]) -> f64 {
        let n = self.n_particles;
        let mut v = 0.0;
        for i in 0..n {
            for &uij in &s.u[i * n + i + 1..(i + 1) * n] {
                v += uij;
            }
        }
        v
    }
    fn add_gradient(&self, s: &PadeJastrowState, x: &[f64], grad: &mut [f64]) {
        add_all_pair_gradients(x, self.dim, &s.pairs, |i, j, r| self.du(i, j, r), grad);
    }
    fn add_particle_gradient(&self, s: &PadeJastrowState, x: &[f64], k: usize, grad: &mut [f64]) {
        let p = &x[k * self.dim..(k + 1) * self.dim];
        add_pair_gradient(
            x,
            self.dim,
            k,
            p,
            s.pairs.row(k),
            |j, r| self.du(k, j, r),
            grad,
        );
    }
    fn laplacian(&self, s: &PadeJastrowState, _x: &[f64]) -> f64 {
        let s = &s.pairs;
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
    fn add_gradient_laplacian(&self, s: &PadeJastrowState, x: &[f64], grad: &mut [f64]) -> f64 {
        match self.dim {
            2 => self.gradient_laplacian_d::<2>(&s.pairs, x, grad),
            _ => self.gradient_laplacian_d::<3>(&s.pairs, x, grad),
        }
    }
    fn param_derivatives(&self, s: &PadeJastrowState, _x: &[f64], out: &mut [f64]) {
        let s = &s.pairs;
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
    /// ln J(x')/J(x) = Σ_{j≠k} [u_kj(r'_kj) − u_kj(r_kj)] with the old terms from the
    /// cache.
    fn propose(&self, s: &mut PadeJastrowState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let n = self.n_particles;
        let old = &s.u[k * n..(k + 1) * n];
        let cusp = &self.cusp[k * n..(k + 1) * n];
        let proposed_u = &mut s.proposed_u;
        let beta = self.beta;
        let mut lr = 0.0;
        s.pairs.propose_with(x, k, new, |j, r| {
            let u = cusp[j] * r / (1.0 + beta * r);
            proposed_u[j] = u;
            lr += u - old[j];
        });
        proposed_u[k] = 0.0; // the diagonal of the cache stays 0 on acceptance
        lr
    }
    fn add_proposed_gradient(
        &self,
        s: &PadeJastrowState,
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
            s.pairs.proposed_row(),
            |j, r| self.du(k, j, r),
            grad,
        );
    }
    fn accept(&self, s: &mut PadeJastrowState, k: usize, _new: &[f64]) {
        s.pairs.accept(k);
        commit_row(&mut s.u, self.n_particles, k, &s.proposed_u);
    }
    fn spin_up(&self) -> Option<usize> {
        Some(self.n_up)
    }
    fn pair_distances<'a>(&self, s: &'a PadeJastrowState) -> Option<&'a PairDistances> {
        Some(&s.pairs)
    }
}

impl PadeJastrow {
    /// [`WaveFunction::add_gradient_laplacian`] for d = D known at compile time;
    /// particle i's gradient is held in registers over its pairs j > i (loaded from
    /// and stored back to `grad`: the additions happen in the original order).
    #[inline]
    fn gradient_laplacian_d<const D: usize>(
        &self,
        s: &PairDistances,
        x: &[f64],
        grad: &mut [f64],
    ) -> f64 {
        let n = self.n_particles;
        let dm1 = D as f64 - 1.0;
        let beta = self.beta;
        let mut lap = 0.0;
        for i in 0..n {
            let cusp = &self.cusp[i * n..(i + 1) * n];
            let row = s.row(i);
            let xi: [f64; D] = x[i * D..(i + 1) * D].try_into().expect("d coordinates");
            let mut gi: [f64; D] = grad[i * D..(i + 1) * D].try_into().expect("d entries");
            for j in (i + 1)..n {
                let r = row[j];
                let a = cusp[j];
                let q = 1.0 + beta * r;
                let w = a / (q * q * q * r);
                let f = q * w;
                lap += 2.0 * w * (dm1 * q - 2.0 * beta * r);
                let xj = &x[j * D..(j + 1) * D];
                let gj = &mut grad[j * D..(j + 1) * D];
                for c in 0..D {
                    let v = f * (xi[c] - xj[c]);
                    gi[c] += v;
                    gj[c] -= v;
                }
            }
            grad[i * D..(i + 1) * D].copy_from_slice(&gi);
        }
        lap
    }
}
