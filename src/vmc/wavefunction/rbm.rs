//! The Gaussian–binary restricted Boltzmann machine (Carleo & Troyer, Science 355,
//! 602 (2017); continuous visible units as in Flugsrud's and Nordhagen's theses).
//!
//! With M = N·d visible coordinates x_k, H hidden units, visible biases a, hidden
//! biases b, weights W (M × H) and a fixed width σ:
//!
//! F(x) = exp(−Σ_k (x_k − a_k)²/(2σ²)) Π_j (1 + exp(θ_j)),  θ_j = b_j + Σ_k x_k W_kj/σ².
//!
//! The trial function is Ψ = F (for Metropolis and importance sampling) or Ψ = √F
//! (for Gibbs sampling, whose joint distribution of visible and hidden units has
//! marginal F = |Ψ|²); with s = 1 for Ψ = F and s = ½ for Ψ = √F and the logistic
//! function S(θ) = 1/(1 + e^{−θ}):
//!
//! * ln Ψ = s [−Σ_k (x_k − a_k)²/(2σ²) + Σ_j ln(1 + e^{θ_j})]
//! * ∂ ln Ψ/∂x_k = s [−(x_k − a_k)/σ² + Σ_j W_kj S(θ_j)/σ²]
//! * ∂² ln Ψ/∂x_k² = s [−1/σ² + Σ_j W_kj² S(θ_j) S(−θ_j)/σ⁴]
//! * O_{a_k} = s (x_k − a_k)/σ², O_{b_j} = s S(θ_j), O_{W_kj} = s x_k S(θ_j)/σ².
//!
//! Parameters are flattened as θ = (a_0 … a_{M−1}, b_0 … b_{H−1}, W_00, W_01, …)
//! with W row-major (index k·H + j). With W = a = b = 0 the RBM is the exact
//! non-interacting ground state for σ² = 1/ω (Ψ = F) or σ² = 1/(2ω) (Ψ = √F).
//!
//! The state keeps θ, exp(−|θ|) and S(θ) for every hidden unit; a move of one
//! particle updates them in O(d·H). θ, the softplus and the logistic are the ones of
//! the generative RBMs ([`crate::rbm::units`]): F(x) = e^{−F_free(x)} with the free
//! energy of an RBM with Gaussian visible units and coupling c = 1/σ².

use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
pub(crate) use crate::rbm::units::logistic;
use crate::rbm::units::{hidden_input, logistic_from, softplus_from};
use crate::vmc::hamiltonian::check_shape;
use rand_distr::{Distribution, Normal};

/// Which power of F the trial function is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RbmForm {
    /// Ψ = F (Metropolis and importance sampling).
    F,
    /// Ψ = √F (required by Gibbs sampling).
    SqrtF,
}

/// The Gaussian–binary RBM trial function.
#[derive(Clone, Debug, PartialEq)]
pub struct Rbm {
    n_particles: usize,
    dim: usize,
    n_hidden: usize,
    sigma: f64,
    form: RbmForm,
    a: Vec<f64>,
    b: Vec<f64>,
    w: Vec<f64>,
}

/// Per-walker state of an [`Rbm`]: for every hidden unit θ_j, e_j = exp(−|θ_j|)
/// and the logistic S(θ_j), and the proposed θ'_j, e'_j of a pending move.
///
/// With e cached, ln(1 + e^θ) = max(θ, 0) + ln(1 + e) and S(θ) = 1/(1 + e) (θ ≥ 0)
/// or e/(1 + e) (θ < 0) need no further exponential, and the ratio of a move is
/// Π_j e^{max(θ'_j,0) − max(θ_j,0)} (1 + e'_j)/(1 + e_j): H exponentials and one
/// logarithm per move.
#[derive(Clone, Debug, PartialEq)]
pub struct RbmState {
    theta: Vec<f64>,
    expneg: Vec<f64>,
    logistic: Vec<f64>,
    theta_new: Vec<f64>,
    expneg_new: Vec<f64>,
}

impl RbmState {
    fn fill(&mut self) {
        for j in 0..self.theta.len() {
            let t = self.theta[j];
            self.expneg[j] = (-t.abs()).exp();
            self.logistic[j] = logistic_from(t, self.expneg[j]);
        }
    }
}

impl Rbm {
    /// An RBM with all parameters zero (the non-interacting ground state for
    /// σ² = 1/ω with Ψ = F, or σ² = 1/(2ω) with Ψ = √F).
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3}, n_hidden < 1, the parameters would not fit
    /// in memory ([`crate::memory`]), or σ ≤ 0, σ² or 1/σ² not finite.
    pub fn new(
        n_particles: usize,
        dim: usize,
        n_hidden: usize,
        sigma: f64,
        form: RbmForm,
    ) -> Result<Self> {
        check_shape(n_particles, dim)?;
        if n_hidden < 1 {
            return Err(Error::param("n_hidden", "must be >= 1", n_hidden));
        }
        // ln Ψ needs 1/σ² and σ² as finite, nonzero float64 (σ = 5e-324 passes
        // σ > 0 but gives 1/σ² = inf and NaN values)
        let inv_s2 = 1.0 / (sigma * sigma);
        if !(sigma.is_finite() && sigma > 0.0 && inv_s2.is_finite() && inv_s2 > 0.0) {
            return Err(Error::param(
                "sigma",
                "must be > 0 with sigma² and 1/sigma² finite and nonzero in float64 (about 1.5e-154 <= sigma <= 1.3e154)",
                format!("{sigma:e}"),
            ));
        }
        let m = n_particles * dim;
        // the parameters, and as many again while they are drawn or set
        crate::memory::check_f64s(
            "n_hidden",
            n_hidden,
            &format!("an RBM of {m} visible and {n_hidden} hidden units"),
            &[2, (m as u128 + 1) * (n_hidden as u128) + m as u128],
        )?;
        Ok(Rbm {
            n_particles,
            dim,
            n_hidden,
            sigma,
            form,
            a: vec![0.0; m],
            b: vec![0.0; n_hidden],
            w: vec![0.0; m * n_hidden],
        })
    }

    /// An RBM with parameters drawn from N(0, scale²), from stream 0 of `seed`.
    ///
    /// **Errors** as [`Rbm::new`], and if scale < 0 (or not finite).
    pub fn random(
        n_particles: usize,
        dim: usize,
        n_hidden: usize,
        sigma: f64,
        form: RbmForm,
        scale: f64,
        seed: u64,
    ) -> Result<Self> {
        let mut rbm = Self::new(n_particles, dim, n_hidden, sigma, form)?;
        if !(scale.is_finite() && scale >= 0.0) {
            return Err(Error::param("scale", "must be >= 0", scale));
        }
        let normal =
            Normal::new(0.0, scale).map_err(|_| Error::param("scale", "must be >= 0", scale))?;
        let mut rng = crate::rng::stream(seed, 0);
        let p: Vec<f64> = (0..rbm.n_params())
            .map(|_| normal.sample(&mut rng))
            .collect();
        rbm.set_params(&p)?;
        Ok(rbm)
    }

    /// Number of hidden units H.
    pub fn n_hidden(&self) -> usize {
        self.n_hidden
    }

    /// Number of visible units M = N·d.
    pub fn n_visible(&self) -> usize {
        self.a.len()
    }

    /// The width σ.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// Ψ = F or Ψ = √F.
    pub fn form(&self) -> RbmForm {
        self.form
    }

    /// Visible biases a (M).
    pub fn visible_bias(&self) -> &[f64] {
        &self.a
    }

    /// Hidden biases b (H).
    pub fn hidden_bias(&self) -> &[f64] {
        &self.b
    }

    /// Weights W, row-major M × H.
    pub fn weights(&self) -> &[f64] {
        &self.w
    }

    /// The power s of F (1 or ½).
    #[inline]
    fn power(&self) -> f64 {
        match self.form {
            RbmForm::F => 1.0,
            RbmForm::SqrtF => 0.5,
        }
    }

    /// θ_j = b_j + Σ_k x_k W_kj/σ² for every hidden unit, written into `theta`.
    pub fn hidden_activations(&self, x: &[f64], theta: &mut [f64]) {
        hidden_input(&self.b, &self.w, 1.0 / (self.sigma * self.sigma), x, theta);
    }

    /// Adds s·∂ ln F/∂x_k for the coordinates k0, k0 + 1, … (as many as `grad`
    /// has) at values `p` and hidden probabilities S(θ_j) `logistic` to `grad`.
    fn add_coord_gradient(&self, k0: usize, p: &[f64], logistic: &[f64], grad: &mut [f64]) {
        let h = self.n_hidden;
        let inv_s2 = 1.0 / (self.sigma * self.sigma);
        let s = self.power();
        for (c, g) in grad.iter_mut().enumerate() {
            let k = k0 + c;
            let row = &self.w[k * h..(k + 1) * h];
            let hid: f64 = row.iter().zip(logistic).map(|(w, q)| w * q).sum();
            *g += s * inv_s2 * (hid - (p[c] - self.a[k]));
        }
    }
}

impl WaveFunction for Rbm {
    type State = RbmState;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        self.a.len() + self.b.len() + self.w.len()
    }
    fn write_params(&self, out: &mut [f64]) {
        let (m, h) = (self.a.len(), self.n_hidden);
        out[..m].copy_from_slice(&self.a);
        out[m..m + h].copy_from_slice(&self.b);
        out[m + h..].copy_from_slice(&self.w);
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, self.n_params())?;
        let (m, h) = (self.a.len(), self.n_hidden);
        self.a.copy_from_slice(&params[..m]);
        self.b.copy_from_slice(&params[m..m + h]);
        self.w.copy_from_slice(&params[m + h..]);
        Ok(())
    }
    fn state(&self, x: &[f64]) -> RbmState {
        let h = self.n_hidden;
        let mut theta = vec![0.0; h];
        self.hidden_activations(x, &mut theta);
        let mut st = RbmState {
            theta,
            expneg: vec![0.0; h],
            logistic: vec![0.0; h],
            theta_new: vec![0.0; h],
            expneg_new: vec![0.0; h],
        };
        st.fill();
        st
    }
    fn refresh(&self, st: &mut RbmState, x: &[f64]) {
        self.hidden_activations(x, &mut st.theta);
        st.fill();
    }
    fn log_value(&self, st: &RbmState, x: &[f64]) -> f64 {
        let s2 = self.sigma * self.sigma;
        let gauss: f64 = x
            .iter()
            .zip(&self.a)
            .map(|(v, a)| (v - a) * (v - a))
            .sum::<f64>()
            / (2.0 * s2);
        let hidden: f64 = st
            .theta
            .iter()
            .zip(&st.expneg)
            .map(|(&t, &e)| softplus_from(t, e))
            .sum();
        self.power() * (hidden - gauss)
    }
    fn add_gradient(&self, st: &RbmState, x: &[f64], grad: &mut [f64]) {
        self.add_coord_gradient(0, x, &st.logistic, grad);
    }
    fn add_particle_gradient(&self, st: &RbmState, x: &[f64], k: usize, grad: &mut [f64]) {
        let d = self.dim;
        self.add_coord_gradient(k * d, &x[k * d..(k + 1) * d], &st.logistic, grad);
    }
    fn laplacian(&self, st: &RbmState, _x: &[f64]) -> f64 {
        let h = self.n_hidden;
        let inv_s2 = 1.0 / (self.sigma * self.sigma);
        let mut curv = 0.0;
        for k in 0..self.a.len() {
            let row = &self.w[k * h..(k + 1) * h];
            curv += row
                .iter()
                .zip(&st.logistic)
                .map(|(w, q)| w * w * q * (1.0 - q))
                .sum::<f64>();
        }
        self.power() * (curv * inv_s2 * inv_s2 - self.a.len() as f64 * inv_s2)
    }
    fn param_derivatives(&self, st: &RbmState, x: &[f64], out: &mut [f64]) {
        let (m, h) = (self.a.len(), self.n_hidden);
        let s = self.power();
        let inv_s2 = 1.0 / (self.sigma * self.sigma);
        for k in 0..m {
            out[k] = s * (x[k] - self.a[k]) * inv_s2;
        }
        for j in 0..h {
            out[m + j] = s * st.logistic[j];
        }
        for k in 0..m {
            let f = x[k] * inv_s2;
            for j in 0..h {
                out[m + h + k * h + j] = f * out[m + j];
            }
        }
    }
    fn propose(&self, st: &mut RbmState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let (d, h) = (self.dim, self.n_hidden);
        let inv_s2 = 1.0 / (self.sigma * self.sigma);
        st.theta_new.copy_from_slice(&st.theta);
        let mut gauss = 0.0;
        for (c, &nw) in new.iter().enumerate() {
            let kc = k * d + c;
            let old = x[kc];
            gauss +=
                (nw - self.a[kc]) * (nw - self.a[kc]) - (old - self.a[kc]) * (old - self.a[kc]);
            let f = (nw - old) * inv_s2;
            for (t, w) in st.theta_new.iter_mut().zip(&self.w[kc * h..(kc + 1) * h]) {
                *t += f * w;
            }
        }
        // Σ_j ln(1 + e^θ'_j) − ln(1 + e^θ_j) as linear terms plus the logarithm of
        // a product of factors in [½, 2], taken every 512 factors.
        let mut linear = 0.0;
        let mut product = 1.0;
        let mut log_product = 0.0;
        for j in 0..h {
            let (t, tn) = (st.theta[j], st.theta_new[j]);
            let en = (-tn.abs()).exp();
            st.expneg_new[j] = en;
            linear += tn.max(0.0) - t.max(0.0);
            product *= (1.0 + en) / (1.0 + st.expneg[j]);
            if j % 512 == 511 {
                log_product += product.ln();
                product = 1.0;
            }
        }
        self.power() * (linear + log_product + product.ln() - 0.5 * gauss * inv_s2)
    }
    fn add_proposed_gradient(
        &self,
        st: &RbmState,
        _x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        let (h, d) = (self.n_hidden, self.dim);
        let inv_s2 = 1.0 / (self.sigma * self.sigma);
        let s = self.power();
        for (c, g) in grad.iter_mut().enumerate() {
            let kc = k * d + c;
            let row = &self.w[kc * h..(kc + 1) * h];
            let hid: f64 = row
                .iter()
                .zip(st.theta_new.iter().zip(&st.expneg_new))
                .map(|(w, (&t, &e))| w * logistic_from(t, e))
                .sum();
            *g += s * inv_s2 * (hid - (new[c] - self.a[kc]));
        }
    }
    fn accept(&self, st: &mut RbmState, _k: usize, _new: &[f64]) {
        std::mem::swap(&mut st.theta, &mut st.theta_new);
        std::mem::swap(&mut st.expneg, &mut st.expneg_new);
        for j in 0..self.n_hidden {
            st.logistic[j] = logistic_from(st.theta[j], st.expneg[j]);
        }
    }
    fn as_rbm(&self) -> Option<&Rbm> {
        Some(self)
    }
}
