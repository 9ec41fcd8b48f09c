//! Neural-network Jastrow factors Ψ_J = exp(J_θ(x)), exchange-symmetric by
//! construction (functions of the pair distances r_ij only):
//!
//! * the pair form J = Σ_{i<j} u_θ(r_ij), one network u of the pair feature;
//! * the DeepSets form J = ρ_θ(Σ_{i<j} φ_θ(r_ij)) with φ: feature → ℝ^L (its last
//!   layer activated) and ρ: ℝ^L → ℝ (linear output), as NetKet's
//!   `DeepSetRelDistance`.
//!
//! The pair form is the DeepSets form with L = 1 and ρ the identity, and both share
//! the code below: Φ = Σ_{i<j} φ(r_ij) ∈ ℝ^L, J = ρ(Φ).
//!
//! **Feature.** The networks see q(r) = r²/(1 + r) (and, with `spin_dependent`, a
//! second input s_ij = +1 for parallel and −1 for antiparallel spins; particles
//! 0 … n_up − 1 are spin up). q'(0) = 0, so J is smooth at coalescence and leaves
//! the electron–electron cusp to a [`super::PadeJastrow`] factor (with the feature
//! r, the network would change the cusp and the local energy would diverge like
//! 1/r); q grows like r at large distances, so tanh units do not saturate as they
//! would on r². q' = r(2 + r)/(1 + r)², q'/r = (2 + r)/(1 + r)², q'' = 2/(1 + r)³.
//!
//! **Derivatives.** With φ_l, φ'_l, φ''_l the forward-mode jet of output l in q
//! ([`crate::nn::forward_mode::Mlp::jet`]), the pair term of φ_l gives
//! ∇_k φ_l(r_kj) = F_l (x_k − x_j) with F_l = φ'_l q'/r, and
//! ∇_k² φ_l(r_kj) = Λ_l = φ''_l q'² + φ'_l q'' + (d − 1) φ'_l q'/r (each particle of
//! the pair). With v_kc,l = ∂Φ_l/∂x_kc, ρ_l = ∂ρ/∂Φ_l and H = ∂²ρ/∂Φ²:
//! ∇_k J = Σ_l ρ_l v_k,l and ∇²J = Σ_l ρ_l Σ_k ∇_k² Φ_l + Σ_{l,m} H_lm Σ_{k,c}
//! v_kc,l v_kc,m. ∂J/∂θ by backpropagation: ρ's at Φ, φ's summed over pairs with
//! the upstream ρ_l.
//!
//! **Moves.** The state caches φ_l, F_l and Λ_l of every pair, φ's activations of
//! every layer at every pair, and Φ: moving particle k re-evaluates its N − 1 pairs,
//! O(N) network evaluations (and one ρ for DeepSets). A proposal needs only the new
//! J, so it runs value-only passes keeping the activations; if the move is
//! accepted, the derivative passes (F, Λ of the row, ∂ρ/∂Φ) start from those
//! activations, with the arithmetic of a full jet (the same numbers), and ∂J/∂θ
//! backpropagates from the cached activations without a forward pass. The gradient and Laplacian of
//! the local energy then need no evaluation of φ: one pass over the cached pair
//! terms, O(N² L), and for DeepSets ρ's Hessian term tr(H G), G = Σ_{k,c} v_kc v_kcᵀ
//! (O(N d L²)): G = Σ_i u_i u_iᵀ by pivoted Cholesky (r ≤ min(L, (N − 1) d) terms,
//! since Σ_k v_kc = 0), and Σ_i u_iᵀ H u_i from one pass of ρ carrying r forward
//! jets from ρ's activations at Φ, which the state keeps
//! ([`crate::nn::forward_mode::Mlp::curvatures_from_acts`]: no value pass, no
//! activation evaluated), never forming H: O(r) passes of ρ instead of L² per layer. Two particles need no G: v_1c = −v_0c, so
//! G = 2 Σ_c v_1c v_1cᵀ, and the d directions are √2 v_1c.
//!
//! **Importance sampling** needs the proposed row's F and ∂ρ/∂Φ for the drift
//! ([`WaveFunction::add_proposed_gradient`]); it keeps them (and Λ) in per-thread
//! buffers tagged with the proposal's id, and an accept of that proposal copies them
//! instead of computing them again.

// Index loops over units (o) and features (m) mirror the formulas above.
#![allow(clippy::needless_range_loop)]

use super::pairs::PairDistances;
use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
use crate::nn::forward_mode::{Mlp, Scratch};
use crate::nn::Activation;
use crate::rng;
use crate::simd::widest_simd;
use crate::vmc::hamiltonian::check_shape;
use rand_distr::{Distribution, Uniform};

mod passes;
mod walker;

#[cfg(test)]
mod tests;

/// The architecture of a [`NeuralJastrow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JastrowForm {
    /// J = Σ_{i<j} u(r_ij).
    Pair,
    /// J = ρ(Σ_{i<j} φ(r_ij)).
    DeepSets,
}

impl JastrowForm {
    /// `"pair"` or `"deepsets"`.
    ///
    /// **Errors** for any other name.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "pair" => Ok(JastrowForm::Pair),
            "deepsets" => Ok(JastrowForm::DeepSets),
            other => Err(Error::param(
                "form",
                "must be 'pair' or 'deepsets'",
                format!("'{other}'"),
            )),
        }
    }

    /// The name accepted by [`JastrowForm::from_name`].
    pub fn name(&self) -> &'static str {
        match self {
            JastrowForm::Pair => "pair",
            JastrowForm::DeepSets => "deepsets",
        }
    }
}

/// Recompute Φ from the cached pair terms after this many accepted moves (the
/// incremental updates drift by round-off).
const RESUM_EVERY: usize = 64;

/// exp(J_θ(x)) with J a network of the pair distances; θ = φ's layers, then ρ's.
#[derive(Clone, Debug, PartialEq)]
pub struct NeuralJastrow {
    n_particles: usize,
    dim: usize,
    n_up: usize,
    form: JastrowForm,
    activation: Activation,
    spin_dependent: bool,
    hidden_layer_sizes: Vec<usize>,
    rho_hidden_layer_sizes: Vec<usize>,
    phi: Mlp,
    rho: Option<Mlp>,
    params: Vec<f64>,
    /// `params` with each layer's W transposed ([`Mlp::transpose_weights`]), for the
    /// products W δ of backpropagation; kept in step with `params`.
    params_t: Vec<f64>,
}

/// Per-walker state of a [`NeuralJastrow`].
#[derive(Clone, Debug)]
pub struct NeuralJastrowState {
    pairs: PairDistances,
    /// φ_l(r_ij) at [(i N + j) L + l], symmetric, zero on the diagonal.
    value: Vec<f64>,
    /// F_l(r_ij) = φ'_l q'/r, laid out as `value`.
    factor: Vec<f64>,
    /// Λ_l(r_ij) = ∇_i² φ_l(r_ij), laid out as `value`.
    lap: Vec<f64>,
    /// Φ, ρ(Φ) and ∂ρ/∂Φ.
    sum: Vec<f64>,
    j: f64,
    drho: Vec<f64>,
    /// Every layer's outputs of φ at each pair ([`Mlp::value_keeping`], A = φ's
    /// [`Mlp::n_acts`] entries at [(i N + j) A], i < j only: the lower triangle is
    /// never read nor written), and of ρ at Φ: the derivative
    /// passes (on acceptance, for ∂J/∂θ) need no activation evaluated again.
    acts: Vec<f64>,
    rho_acts: Vec<f64>,
    /// The proposed row of the moving particle (φ's activations of its pairs with
    /// j at [j A]), and the proposed Φ, ρ and ρ's activations. A proposal computes
    /// values only; the derivative terms of the row (F, Λ, ∂ρ/∂Φ) are computed from
    /// these activations if the move is accepted.
    new_acts: Vec<f64>,
    new_sum: Vec<f64>,
    new_j: f64,
    new_rho_acts: Vec<f64>,
    accepted: usize,
    /// The id of the last proposal ([`next_proposal_id`]), 0 before the first.
    proposal: u64,
    /// Pairs (i < j, at [i N + j]) whose F and Λ, and whether ∂ρ/∂Φ, wait for
    /// [`WaveFunction::finish_moves`] (after [`WaveFunction::accept_deferred`]).
    stale: Vec<bool>,
    n_stale: usize,
    stale_drho: bool,
    phi_scratch: Scratch,
    rho_scratch: Option<Scratch>,
    d1: Vec<f64>,
    d2: Vec<f64>,
}

/// q(r) = r²/(1 + r), q'/r, q'².
#[inline]
fn feature(r: f64) -> (f64, f64, f64, f64) {
    let p = 1.0 + r;
    let q = r * r / p;
    let q1_over_r = (2.0 + r) / (p * p);
    let q1 = r * q1_over_r;
    let q2 = 2.0 / (p * p * p);
    (q, q1, q1_over_r, q2)
}

impl NeuralJastrow {
    /// A neural Jastrow factor for N particles in d dimensions (the first `n_up`
    /// spin up, used only if `spin_dependent`), with all parameters zero.
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3}, n_up > N, a layer size is 0, the
    /// DeepSets form has no φ layer (its last hidden size is the width L of Φ), or
    /// the activation is not twice differentiable (the Laplacian of ReLU-like
    /// activations is not defined).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        n_particles: usize,
        dim: usize,
        n_up: usize,
        form: JastrowForm,
        hidden_layer_sizes: &[usize],
        rho_hidden_layer_sizes: &[usize],
        activation: Activation,
        spin_dependent: bool,
    ) -> Result<Self> {
        check_shape(n_particles, dim)?;
        if n_up > n_particles {
            return Err(Error::param(
                "n_up",
                &format!("must be <= n_particles = {n_particles}"),
                n_up,
            ));
        }
        if !activation.is_twice_differentiable() {
            return Err(Error::param(
                "activation",
                "must be twice differentiable for a NeuralJastrow (identity, logistic, tanh or exp): \
                 the local energy needs the Laplacian, which is not defined at the kink of a ReLU-like activation",
                format!("'{}'", activation.name()),
            ));
        }
        let sizes_ok = |s: &[usize]| s.iter().all(|&h| h >= 1);
        if !sizes_ok(hidden_layer_sizes) {
            return Err(Error::param(
                "hidden_layer_sizes",
                "must hold sizes >= 1",
                format!("{hidden_layer_sizes:?}"),
            ));
        }
        if !sizes_ok(rho_hidden_layer_sizes) {
            return Err(Error::param(
                "rho_hidden_layer_sizes",
                "must hold sizes >= 1",
                format!("{rho_hidden_layer_sizes:?}"),
            ));
        }
        let n_in = if spin_dependent { 2 } else { 1 };
        let mut sizes = vec![n_in];
        sizes.extend_from_slice(hidden_layer_sizes);
        // the weights, before allocating them (with their gradients and a layer's
        // activations, a few copies: counted as four)
        let weights = |s: &[usize]| -> u128 {
            s.windows(2)
                .map(|w| (w[0] as u128 + 1).saturating_mul(w[1] as u128))
                .fold(0, u128::saturating_add)
        };
        let check = |name: &str, given: &[usize], layers: &[usize]| {
            crate::memory::check_f64s(
                name,
                format!("{given:?}"),
                "the network's weights, their gradients and activations",
                &[weights(layers), 4],
            )
        };
        check(
            "hidden_layer_sizes",
            hidden_layer_sizes,
            &[&sizes[..], &[1]].concat(),
        )?;
        if form == JastrowForm::DeepSets {
            let last = hidden_layer_sizes.last().copied().unwrap_or(1);
            let rho_layers = [&[last][..], rho_hidden_layer_sizes, &[1]].concat();
            check(
                "rho_hidden_layer_sizes",
                rho_hidden_layer_sizes,
                &rho_layers,
            )?;
        }
        let (phi, rho) = match form {
            JastrowForm::Pair => {
                sizes.push(1);
                (Mlp::new(&sizes, activation, Activation::Identity, 0), None)
            }
            JastrowForm::DeepSets => {
                if hidden_layer_sizes.is_empty() {
                    return Err(Error::param(
                        "hidden_layer_sizes",
                        "must hold at least one size for form='deepsets' (the last is the width of the sum over pairs)",
                        "()",
                    ));
                }
                let phi = Mlp::new(&sizes, activation, activation, 0);
                let mut rho_sizes = vec![phi.n_out()];
                rho_sizes.extend_from_slice(rho_hidden_layer_sizes);
                rho_sizes.push(1);
                let rho = Mlp::new(&rho_sizes, activation, Activation::Identity, phi.n_params());
                (phi, Some(rho))
            }
        };
        let n_params = phi.n_params() + rho.as_ref().map_or(0, Mlp::n_params);
        Ok(NeuralJastrow {
            n_particles,
            dim,
            n_up,
            form,
            activation,
            spin_dependent,
            hidden_layer_sizes: hidden_layer_sizes.to_vec(),
            rho_hidden_layer_sizes: rho_hidden_layer_sizes.to_vec(),
            phi,
            rho,
            params: vec![0.0; n_params],
            params_t: vec![0.0; n_params],
        })
    }

    /// Brings `params_t` in step with `params`.
    pub(super) fn transpose_weights(&mut self) {
        let (params, params_t) = (&self.params, &mut self.params_t);
        self.phi.transpose_weights(params, params_t);
        if let Some(rho) = &self.rho {
            rho.transpose_weights(params, params_t);
        }
    }

    /// As [`NeuralJastrow::new`], with the hidden layers' weights drawn from
    /// Glorot's uniform distribution U(±√(6/(n_in + n_out))) of the stream
    /// (`seed`, 0), and zero biases and zero output weights: J starts constant (the
    /// other factors' wave function), and the first optimisation step moves the
    /// output layer.
    #[allow(clippy::too_many_arguments)]
    pub fn random(
        n_particles: usize,
        dim: usize,
        n_up: usize,
        form: JastrowForm,
        hidden_layer_sizes: &[usize],
        rho_hidden_layer_sizes: &[usize],
        activation: Activation,
        spin_dependent: bool,
        seed: u64,
    ) -> Result<Self> {
        let mut nj = Self::new(
            n_particles,
            dim,
            n_up,
            form,
            hidden_layer_sizes,
            rho_hidden_layer_sizes,
            activation,
            spin_dependent,
        )?;
        let mut r = rng::stream(seed, 0);
        let last = nj.layers().count() - 1;
        let layers: Vec<_> = nj.layers().cloned().collect();
        for (l, layer) in layers.iter().enumerate() {
            if l == last {
                continue;
            }
            let bound = (6.0 / (layer.n_in + layer.n_out) as f64).sqrt();
            let dist = Uniform::new(-bound, bound).expect("bound > 0");
            for v in &mut nj.params[layer.weight_range()] {
                *v = dist.sample(&mut r);
            }
        }
        nj.transpose_weights();
        Ok(nj)
    }

    /// All layers in parameter order: φ's (the pair network u for the pair form),
    /// then ρ's.
    pub fn layers(&self) -> impl Iterator<Item = &crate::nn::layer::Dense> {
        self.phi
            .layers()
            .iter()
            .chain(self.rho.iter().flat_map(|r| r.layers().iter()))
    }

    /// The form.
    pub fn form(&self) -> JastrowForm {
        self.form
    }
    /// The hidden activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }
    /// Whether the networks see the spins of the pair.
    pub fn spin_dependent(&self) -> bool {
        self.spin_dependent
    }
    /// Number of spin-up particles (the first `n_up`).
    pub fn n_up(&self) -> usize {
        self.n_up
    }
    /// Hidden sizes of u (pair) or φ (DeepSets).
    pub fn hidden_layer_sizes(&self) -> &[usize] {
        &self.hidden_layer_sizes
    }
    /// Hidden sizes of ρ (DeepSets).
    pub fn rho_hidden_layer_sizes(&self) -> &[usize] {
        &self.rho_hidden_layer_sizes
    }
}
