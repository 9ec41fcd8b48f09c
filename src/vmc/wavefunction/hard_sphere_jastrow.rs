//! The hard-sphere Jastrow factor J = Π_{i<j} f(r_ij) with f(r) = 1 − a/r for
//! r > a and 0 otherwise (bosons of radius a; no variational parameters).
//!
//! With u = ln f: u' = a/(r(r − a)), u'' = a(a − 2r)/(r²(r − a)²).

use super::pairs::{add_all_pair_gradients, add_pair_gradient, PairDistances};
use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
use crate::vmc::hamiltonian::check_shape;

/// Π_{i<j} (1 − a/r_ij) for r_ij > a, 0 otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct HardSphereJastrow {
    n_particles: usize,
    dim: usize,
    a: f64,
}

impl HardSphereJastrow {
    /// The factor for N particles of hard-sphere radius a in d dimensions.
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3} or a < 0 (or not finite).
    pub fn new(n_particles: usize, dim: usize, a: f64) -> Result<Self> {
        check_shape(n_particles, dim)?;
        if !(a.is_finite() && a >= 0.0) {
            return Err(Error::param("radius", "must be >= 0", a));
        }
        Ok(HardSphereJastrow {
            n_particles,
            dim,
            a,
        })
    }

    /// The hard-sphere radius a.
    pub fn a(&self) -> f64 {
        self.a
    }

    #[inline]
    fn u(&self, r: f64) -> f64 {
        if r > self.a {
            (1.0 - self.a / r).ln()
        } else {
            f64::NEG_INFINITY
        }
    }

    #[inline]
    fn du(&self, r: f64) -> f64 {
        self.a / (r * (r - self.a))
    }
}

impl WaveFunction for HardSphereJastrow {
    type State = PairDistances;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        0
    }
    fn write_params(&self, _out: &mut [f64]) {}
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, 0)
    }
    fn state(&self, x: &[f64]) -> PairDistances {
        PairDistances::new(x, self.n_particles, self.dim)
    }
    fn log_value(&self, s: &PairDistances, _x: &[f64]) -> f64 {
        let mut v = 0.0;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                v += self.u(s.get(i, j));
            }
        }
        v
    }
    fn add_gradient(&self, s: &PairDistances, x: &[f64], grad: &mut [f64]) {
        add_all_pair_gradients(x, self.dim, s, |_, _, r| self.du(r), grad);
    }
    fn add_particle_gradient(&self, s: &PairDistances, x: &[f64], k: usize, grad: &mut [f64]) {
        let p = &x[k * self.dim..(k + 1) * self.dim];
        add_pair_gradient(x, self.dim, k, p, s.row(k), |_, r| self.du(r), grad);
    }
    fn laplacian(&self, s: &PairDistances, _x: &[f64]) -> f64 {
        let (a, dm1) = (self.a, self.dim as f64 - 1.0);
        let mut lap = 0.0;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                let r = s.get(i, j);
                let du = a / (r * (r - a));
                let d2u = a * (a - 2.0 * r) / (r * r * (r - a) * (r - a));
                lap += 2.0 * (d2u + dm1 * du / r);
            }
        }
        lap
    }
    fn param_derivatives(&self, _s: &PairDistances, _x: &[f64], _out: &mut [f64]) {}
    fn propose(&self, s: &mut PairDistances, x: &[f64], k: usize, new: &[f64]) -> f64 {
        s.propose(x, k, new);
        let (old, prop) = (s.row(k), s.proposed_row());
        // ln Π_j f(r'_kj)/f(r_kj): one logarithm per move; the factors are close to
        // 1 away from the cores, and the product is renormalised every 256 factors.
        let mut product = 1.0;
        let mut log_product = 0.0;
        for j in 0..self.n_particles {
            if j == k {
                continue;
            }
            if prop[j] <= self.a {
                return f64::NEG_INFINITY;
            }
            product *= (1.0 - self.a / prop[j]) / (1.0 - self.a / old[j]);
            if j % 256 == 255 {
                log_product += product.ln();
                product = 1.0;
            }
        }
        log_product + product.ln()
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
            |_, r| self.du(r),
            grad,
        );
    }
    fn accept(&self, s: &mut PairDistances, k: usize, _new: &[f64]) {
        s.accept(k);
    }
    fn pair_distances<'a>(&self, s: &'a PairDistances) -> Option<&'a PairDistances> {
        Some(s)
    }
}
