//! Products Ψ = Π_f Ψ_f of wave functions.
//!
//! ln|Ψ| = Σ_f ln|Ψ_f|, so log-ratios, gradients and Laplacians of ln|Ψ| add, and the
//! parameter vector is the concatenation of the factors' vectors in factor order.

use super::{Ansatz, AnsatzState, PairDistances, WaveFunction};
use crate::error::{Error, Result};

/// A product of ansätze (nested products are flattened).
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    factors: Vec<Ansatz>,
}

/// Per-walker state of a [`Product`]: one state per factor.
#[derive(Clone, Debug)]
pub struct ProductState {
    states: Vec<AnsatzState>,
}

impl Product {
    /// The product of `factors` in order.
    ///
    /// **Errors** if there are no factors or they disagree on N or d.
    pub fn new(factors: Vec<Ansatz>) -> Result<Self> {
        let mut flat = Vec::new();
        for f in factors {
            match f {
                Ansatz::Product(p) => flat.extend(p.factors),
                other => flat.push(other),
            }
        }
        let first = flat
            .first()
            .ok_or_else(|| Error::param("factors", "must hold at least one wave function", 0))?;
        let (n, d) = (first.n_particles(), first.dim());
        for f in &flat[1..] {
            if f.n_particles() != n || f.dim() != d {
                return Err(Error::Shape(format!(
                    "cannot multiply a wave function of {n} particles in {d}-D by one of {} particles in {}-D",
                    f.n_particles(),
                    f.dim()
                )));
            }
        }
        let mut spin: Option<(usize, &'static str)> = None;
        for f in &flat {
            if let Some(up) = f.spin_up() {
                match spin {
                    Some((other, name)) if other != up => {
                        return Err(Error::Shape(format!(
                        "cannot multiply a {name} for {other} spin-up particles by a {} for {up}: \
                             the factors must share one spin assignment",
                        f.name()
                    )))
                    }
                    _ => spin = Some((up, f.name())),
                }
            }
        }
        if flat.iter().filter(|f| f.has_determinant()).count() > 1 {
            return Err(Error::param(
                "factors",
                "must hold at most one SlaterDeterminant (a product of two is symmetric under exchange, not antisymmetric)",
                "two or more",
            ));
        }
        Ok(Product { factors: flat })
    }

    /// The factors.
    pub fn factors(&self) -> &[Ansatz] {
        &self.factors
    }
}

impl WaveFunction for Product {
    type State = ProductState;

    fn n_particles(&self) -> usize {
        self.factors[0].n_particles()
    }
    fn dim(&self) -> usize {
        self.factors[0].dim()
    }
    fn n_params(&self) -> usize {
        self.factors.iter().map(|f| f.n_params()).sum()
    }
    fn write_params(&self, out: &mut [f64]) {
        let mut off = 0;
        for f in &self.factors {
            let n = f.n_params();
            f.write_params(&mut out[off..off + n]);
            off += n;
        }
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        super::check_params(params, self.n_params())?;
        let mut trial = self.factors.clone();
        let mut off = 0;
        for f in &mut trial {
            let n = f.n_params();
            f.set_params(&params[off..off + n])?;
            off += n;
        }
        self.factors = trial;
        Ok(())
    }
    fn constrain_params(&self, old: &[f64], new: &mut [f64]) {
        let mut off = 0;
        for f in &self.factors {
            let n = f.n_params();
            f.constrain_params(&old[off..off + n], &mut new[off..off + n]);
            off += n;
        }
    }
    fn state(&self, x: &[f64]) -> ProductState {
        ProductState {
            states: self.factors.iter().map(|f| f.state(x)).collect(),
        }
    }
    fn log_value(&self, st: &ProductState, x: &[f64]) -> f64 {
        self.factors
            .iter()
            .zip(&st.states)
            .map(|(f, s)| f.log_value(s, x))
            .sum()
    }
    fn sign(&self, st: &ProductState) -> f64 {
        self.factors
            .iter()
            .zip(&st.states)
            .map(|(f, s)| f.sign(s))
            .product()
    }
    fn spin_up(&self) -> Option<usize> {
        self.factors.iter().find_map(|f| f.spin_up())
    }
    fn has_determinant(&self) -> bool {
        self.factors.iter().any(|f| f.has_determinant())
    }
    fn add_gradient(&self, st: &ProductState, x: &[f64], grad: &mut [f64]) {
        for (f, s) in self.factors.iter().zip(&st.states) {
            f.add_gradient(s, x, grad);
        }
    }
    fn add_particle_gradient(&self, st: &ProductState, x: &[f64], k: usize, grad: &mut [f64]) {
        for (f, s) in self.factors.iter().zip(&st.states) {
            f.add_particle_gradient(s, x, k, grad);
        }
    }
    fn add_gradient_laplacian(&self, st: &ProductState, x: &[f64], grad: &mut [f64]) -> f64 {
        self.factors
            .iter()
            .zip(&st.states)
            .map(|(f, s)| f.add_gradient_laplacian(s, x, grad))
            .sum()
    }
    fn laplacian(&self, st: &ProductState, x: &[f64]) -> f64 {
        self.factors
            .iter()
            .zip(&st.states)
            .map(|(f, s)| f.laplacian(s, x))
            .sum()
    }
    fn param_derivatives(&self, st: &ProductState, x: &[f64], out: &mut [f64]) {
        let mut off = 0;
        for (f, s) in self.factors.iter().zip(&st.states) {
            let n = f.n_params();
            f.param_derivatives(s, x, &mut out[off..off + n]);
            off += n;
        }
    }
    fn propose(&self, st: &mut ProductState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let mut lr = 0.0;
        for (f, s) in self.factors.iter().zip(&mut st.states) {
            lr += f.propose(s, x, k, new);
        }
        lr
    }
    fn add_proposed_gradient(
        &self,
        st: &ProductState,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        for (f, s) in self.factors.iter().zip(&st.states) {
            f.add_proposed_gradient(s, x, k, new, grad);
        }
    }
    fn accept(&self, st: &mut ProductState, k: usize, new: &[f64]) {
        for (f, s) in self.factors.iter().zip(&mut st.states) {
            f.accept(s, k, new);
        }
    }
    fn accept_deferred(&self, st: &mut ProductState, k: usize, new: &[f64]) {
        for (f, s) in self.factors.iter().zip(&mut st.states) {
            f.accept_deferred(s, k, new);
        }
    }
    fn finish_moves(&self, st: &mut ProductState) {
        for (f, s) in self.factors.iter().zip(&mut st.states) {
            f.finish_moves(s);
        }
    }
    fn pair_distances<'a>(&self, st: &'a ProductState) -> Option<&'a PairDistances> {
        self.factors
            .iter()
            .zip(&st.states)
            .find_map(|(f, s)| f.pair_distances(s))
    }
}
