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
    /// [`Mlp::n_acts`] entries at [(i N + j) A]), and of ρ at Φ: the derivative
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
        })
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

    /// Width L of Φ.
    fn width(&self) -> usize {
        self.phi.n_out()
    }

    /// The spin input of pair (i, j).
    #[inline]
    fn spin(&self, i: usize, j: usize) -> f64 {
        if (i < self.n_up) == (j < self.n_up) {
            1.0
        } else {
            -1.0
        }
    }

    /// φ's input for pair (i, j) at distance r: q(r) (and the spin input).
    #[inline]
    fn pair_input(&self, i: usize, j: usize, r: f64) -> [f64; 2] {
        let p = 1.0 + r;
        [r * r / p, self.spin(i, j)]
    }

    /// φ's activations at pair (i, j) at distance r into `acts` (A entries; φ_l
    /// are the last L): values only.
    #[inline]
    fn pair_value(&self, i: usize, j: usize, r: f64, s: &mut Scratch, acts: &mut [f64]) {
        let input = self.pair_input(i, j, r);
        self.phi
            .value_keeping(&self.params, &input[..self.phi.n_in()], s, acts);
    }

    /// F_l and Λ_l of a pair at distance r into `factor`, `lap` (L each), from its
    /// activations `acts` ([`NeuralJastrow::pair_value`]); `d1`, `d2` are buffers
    /// of L.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn pair_derivatives(
        &self,
        r: f64,
        acts: &[f64],
        s: &mut Scratch,
        d1: &mut [f64],
        d2: &mut [f64],
        factor: &mut [f64],
        lap: &mut [f64],
    ) {
        let (_, q1, q1_over_r, q2) = feature(r);
        self.phi.jet_from_acts(&self.params, acts, 0, s, d1, d2);
        let dm1 = self.dim as f64 - 1.0;
        let l = d1.len();
        let (d2, factor, lap) = (&d2[..l], &mut factor[..l], &mut lap[..l]);
        for m in 0..l {
            let (d1, d2) = (d1[m], d2[m]);
            factor[m] = d1 * q1_over_r;
            lap[m] = d2 * q1 * q1 + d1 * q2 + dm1 * d1 * q1_over_r;
        }
    }

    /// ρ(Φ), keeping ρ's activations in `rho_acts` (Φ_0 for the pair form).
    fn rho_value(&self, sum: &[f64], s: Option<&mut Scratch>, rho_acts: &mut [f64]) -> f64 {
        match (&self.rho, s) {
            (Some(rho), Some(s)) => {
                rho.value_keeping(&self.params, sum, s, rho_acts);
                // as Mlp::backprop's value Σ_o c_o y_o with c = [1]
                std::iter::once(1.0 * rho_acts[rho_acts.len() - 1]).sum()
            }
            _ => sum[0],
        }
    }

    /// ∂ρ/∂Φ at Φ = `sum` from ρ's activations there (1 for the pair form).
    fn rho_gradient(
        &self,
        sum: &[f64],
        rho_acts: &[f64],
        s: Option<&mut Scratch>,
        drho: &mut [f64],
    ) {
        match (&self.rho, s) {
            (Some(rho), Some(s)) => {
                rho.backprop_from_acts(&self.params, sum, rho_acts, &[1.0], s, None, Some(drho));
            }
            _ => drho[0] = 1.0,
        }
    }

    /// Φ from the cached pair terms.
    fn resum(&self, st: &mut NeuralJastrowState) {
        let (n, l) = (self.n_particles, self.width());
        st.sum.fill(0.0);
        for i in 0..n {
            for j in (i + 1)..n {
                let v = &st.value[(i * n + j) * l..(i * n + j + 1) * l];
                st.sum.iter_mut().zip(v).for_each(|(s, v)| *s += v);
            }
        }
    }

    /// ρ, its activations and ∂ρ/∂Φ at the state's Φ.
    fn refresh_rho(&self, st: &mut NeuralJastrowState) {
        st.stale_drho = false;
        st.j = self.rho_value(&st.sum, st.rho_scratch.as_mut(), &mut st.rho_acts);
        self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
    }

    /// Adds Σ_l ∂ρ/∂Φ_l F_l(r_kj) (p − x_j) over j ≠ k to `grad` (d entries).
    #[allow(clippy::too_many_arguments)]
    fn add_row_gradient(
        &self,
        x: &[f64],
        k: usize,
        p: &[f64],
        factors: impl Fn(usize) -> usize,
        factor: &[f64],
        drho: &[f64],
        grad: &mut [f64],
    ) {
        let (d, l) = (self.dim, self.width());
        for j in 0..self.n_particles {
            if j == k {
                continue;
            }
            let at = factors(j);
            let f: f64 = drho
                .iter()
                .zip(&factor[at..at + l])
                .map(|(a, b)| a * b)
                .sum();
            for c in 0..d {
                grad[c] += f * (p[c] - x[j * d + c]);
            }
        }
    }

    /// The Laplacian ∇²J from the cached pair terms, and with `grad` also ∇J added
    /// to it, in one pass over the particles k: v_kc,l = Σ_{j≠k} F_l(r_kj)
    /// (x_kc − x_jc), ∇_kc J = Σ_l ρ_l v_kc,l, ∇²J = Σ_l ρ_l Σ_k Σ_{j≠k} Λ_l(r_kj)
    /// + Σ_{l,m} H_lm Σ_{k,c} v_kc,l v_kc,m (the second term for DeepSets only).
    fn gradient_laplacian(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        grad: Option<&mut [f64]>,
    ) -> f64 {
        self.gradient_laplacian_with(st, x, grad, true)
    }

    /// [`NeuralJastrow::gradient_laplacian`]; `shortcut` = false takes G's pivoted
    /// Cholesky factor for two particles too (to test the shortcut).
    fn gradient_laplacian_with(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        grad: Option<&mut [f64]>,
        shortcut: bool,
    ) -> f64 {
        let (n, d, l) = (self.n_particles, self.dim, self.width());
        WORK.with_borrow_mut(|w| {
            let deepsets = self.rho.is_some();
            // two particles: v_1c = −v_0c (exactly: F is symmetric and x_1 − x_0 =
            // −(x_0 − x_1)), so G = 2 Σ_c v_1c v_1cᵀ needs neither G nor its
            // Cholesky factor: the d directions √2 v_1c
            let two = shortcut && deepsets && n == 2;
            w.lap_sum.clear();
            w.lap_sum.resize(l, 0.0);
            w.g.clear();
            w.g.resize(if deepsets && !two { l * l } else { 0 }, 0.0);
            w.vk.resize(d * l, 0.0);
            accumulate_pairs(
                (n, d, l),
                x,
                &st.factor,
                &st.lap,
                &st.drho,
                deepsets && !two,
                &mut w.lap_sum,
                &mut w.g,
                &mut w.vk,
                grad,
            );
            let first: f64 = st.drho.iter().zip(&w.lap_sum).map(|(a, b)| a * b).sum();
            let Some(rho) = &self.rho else {
                return first;
            };
            // tr(H G) without H: G = Σ_i u_i u_iᵀ by pivoted Cholesky (rank ≤
            // min(L, (N − 1) d) directions), then Σ_i u_iᵀ H u_i from one forward
            // pass of ρ carrying a jet per direction
            let n_dirs = if two {
                // accumulate_pairs leaves v_1c (the last particle's) in vk
                w.dirs.clear();
                w.dirs
                    .extend(w.vk[..d * l].iter().map(|v| std::f64::consts::SQRT_2 * v));
                d
            } else {
                for a in 0..l {
                    for b in 0..a {
                        w.g[a * l + b] = w.g[b * l + a];
                    }
                }
                pivoted_cholesky(&mut w.g, l, &mut w.dirs)
            };
            w.curv.resize(n_dirs, 0.0);
            let scratch = rho.scratch_in(&mut w.rho);
            // from ρ's activations at Φ (kept by the state): no value pass, no tanh
            rho.curvatures_from_acts(
                &self.params,
                &st.rho_acts,
                &w.dirs[..n_dirs * l],
                scratch,
                &mut w.curv[..n_dirs],
            );
            first + w.curv[..n_dirs].iter().sum::<f64>()
        })
    }
}

widest_simd! {
    /// The pass over the particles k of [`NeuralJastrow::gradient_laplacian`]
    /// (`shape` = (N, d, L)): Σ_k Σ_{j≠k} Λ(r_kj) into `lap_sum`, ∇_k J added to
    /// `grad` when given and, with `deepsets`, the upper triangle of G into `g`;
    /// `vk` ends holding v_kc of the last particle (c-th row of L at [c L]).
    #[allow(clippy::too_many_arguments)]
    fn accumulate_pairs(
        shape: (usize, usize, usize),
        x: &[f64],
        factor: &[f64],
        lap: &[f64],
        drho: &[f64],
        deepsets: bool,
        lap_sum: &mut [f64],
        g: &mut [f64],
        vk: &mut [f64],
        grad: Option<&mut [f64]>,
    ) {
        let (n, d, l) = shape;
        let mut grad = grad;
        for k in 0..n {
            vk.fill(0.0);
            for j in 0..n {
                if j == k {
                    continue;
                }
                let at = (k * n + j) * l;
                let factor = &factor[at..at + l];
                lap_sum
                    .iter_mut()
                    .zip(&lap[at..at + l])
                    .for_each(|(a, b)| *a += b);
                for c in 0..d {
                    let dx = x[k * d + c] - x[j * d + c];
                    let row = &mut vk[c * l..(c + 1) * l];
                    row.iter_mut().zip(factor).for_each(|(v, f)| *v += f * dx);
                }
            }
            if let Some(grad) = grad.as_deref_mut() {
                for c in 0..d {
                    grad[k * d + c] += drho
                        .iter()
                        .zip(&vk[c * l..(c + 1) * l])
                        .map(|(a, b)| a * b)
                        .sum::<f64>();
                }
            }
            if deepsets {
                // G += v vᵀ for each coordinate (upper triangle; mirrored by the caller)
                for c in 0..d {
                    let row = &vk[c * l..(c + 1) * l];
                    for a in 0..l {
                        let ra = row[a];
                        let (ga, rb) = (&mut g[a * l + a..(a + 1) * l], &row[a..]);
                        ga.iter_mut().zip(rb).for_each(|(g, &b)| *g += ra * b);
                    }
                }
            }
        }
    }
}

/// Per-thread buffers of the `&self` evaluations (the local energy and ∂J/∂θ
/// read the walker's state without owning it): no allocation per sample.
#[derive(Default)]
struct Work {
    lap_sum: Vec<f64>,
    g: Vec<f64>,
    vk: Vec<f64>,
    dirs: Vec<f64>,
    curv: Vec<f64>,
    phi: Option<Scratch>,
    rho: Option<Scratch>,
    /// F of the proposed row, a Λ buffer, jet buffers and ∂ρ/∂Φ at the proposal
    /// (importance sampling's proposed drift).
    row_factor: Vec<f64>,
    row_lap: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
    drho: Vec<f64>,
    /// The proposal id whose row the four buffers above hold (0: none).
    row_of: u64,
}

thread_local! {
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
    /// This thread's next proposal id and the end of its block of ids.
    static PROPOSAL_IDS: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// Proposal ids are unique across threads: each thread draws them from its own
/// block of this many, taken from a global counter (no contention per proposal).
const PROPOSAL_ID_BLOCK: u64 = 1 << 20;
static NEXT_PROPOSAL_BLOCK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A proposal id never returned before in this process (never 0).
fn next_proposal_id() -> u64 {
    PROPOSAL_IDS.with(|ids| {
        let (mut next, mut end) = ids.get();
        if next == end {
            next = NEXT_PROPOSAL_BLOCK
                .fetch_add(PROPOSAL_ID_BLOCK, std::sync::atomic::Ordering::Relaxed);
            end = next + PROPOSAL_ID_BLOCK;
        }
        ids.set((next + 1, end));
        next
    })
}

/// Writes u_1 … u_r (L each) into `dirs` with G = Σ_i u_i u_iᵀ for the symmetric
/// positive semi-definite L × L matrix `g` (overwritten), by Cholesky with
/// diagonal pivoting stopped once the largest remaining diagonal entry is below
/// 1e-14 of G's largest (the rest of G is round-off: |G − Σ u uᵀ| ≤ 1e-14 |G| L);
/// returns r ≤ L.
fn pivoted_cholesky(g: &mut [f64], l: usize, dirs: &mut Vec<f64>) -> usize {
    dirs.clear();
    let scale = (0..l).map(|a| g[a * l + a]).fold(0.0, f64::max);
    let tol = 1e-14 * scale;
    let mut r = 0;
    while r < l {
        let (p, pivot) = (0..l)
            .map(|a| (a, g[a * l + a]))
            .fold((0, f64::NEG_INFINITY), |m, v| if v.1 > m.1 { v } else { m });
        if pivot.is_nan() || pivot <= tol {
            break;
        }
        let inv = 1.0 / pivot.sqrt();
        let start = dirs.len();
        dirs.extend((0..l).map(|a| g[a * l + p] * inv));
        let u = &dirs[start..];
        for a in 0..l {
            for b in 0..l {
                g[a * l + b] -= u[a] * u[b];
            }
        }
        r += 1;
    }
    r
}

impl WaveFunction for NeuralJastrow {
    type State = NeuralJastrowState;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        self.params.len()
    }
    fn write_params(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.params);
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, self.params.len())?;
        self.params.copy_from_slice(params);
        Ok(())
    }
    fn spin_up(&self) -> Option<usize> {
        self.spin_dependent.then_some(self.n_up)
    }

    fn state(&self, x: &[f64]) -> NeuralJastrowState {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        let n_rho = self.rho.as_ref().map_or(0, Mlp::n_acts);
        let pairs = PairDistances::new(x, n, self.dim);
        let mut st = NeuralJastrowState {
            pairs,
            value: vec![0.0; n * n * l],
            factor: vec![0.0; n * n * l],
            lap: vec![0.0; n * n * l],
            sum: vec![0.0; l],
            j: 0.0,
            drho: vec![0.0; l],
            acts: vec![0.0; n * n * na],
            rho_acts: vec![0.0; n_rho],
            new_acts: vec![0.0; n * na],
            new_sum: vec![0.0; l],
            new_j: 0.0,
            new_rho_acts: vec![0.0; n_rho],
            accepted: 0,
            proposal: 0,
            stale: vec![false; n * n],
            n_stale: 0,
            stale_drho: false,
            phi_scratch: self.phi.scratch(),
            rho_scratch: self.rho.as_ref().map(Mlp::scratch),
            d1: vec![0.0; l],
            d2: vec![0.0; l],
        };
        let (mut acts, mut f, mut lap) = (vec![0.0; na], vec![0.0; l], vec![0.0; l]);
        for i in 0..n {
            for j in (i + 1)..n {
                let r = st.pairs.get(i, j);
                self.pair_value(i, j, r, &mut st.phi_scratch, &mut acts);
                self.pair_derivatives(
                    r,
                    &acts,
                    &mut st.phi_scratch,
                    &mut st.d1,
                    &mut st.d2,
                    &mut f,
                    &mut lap,
                );
                for (a, b) in [(i, j), (j, i)] {
                    let at = (a * n + b) * l;
                    st.value[at..at + l].copy_from_slice(&acts[na - l..]);
                    st.factor[at..at + l].copy_from_slice(&f);
                    st.lap[at..at + l].copy_from_slice(&lap);
                    let at = (a * n + b) * na;
                    st.acts[at..at + na].copy_from_slice(&acts);
                }
            }
        }
        self.resum(&mut st);
        self.refresh_rho(&mut st);
        st
    }

    fn log_value(&self, st: &NeuralJastrowState, _x: &[f64]) -> f64 {
        st.j
    }

    fn add_gradient(&self, st: &NeuralJastrowState, x: &[f64], grad: &mut [f64]) {
        let (n, d, l) = (self.n_particles, self.dim, self.width());
        for i in 0..n {
            for j in (i + 1)..n {
                let at = (i * n + j) * l;
                let f: f64 = st
                    .drho
                    .iter()
                    .zip(&st.factor[at..at + l])
                    .map(|(a, b)| a * b)
                    .sum();
                for c in 0..d {
                    let v = f * (x[i * d + c] - x[j * d + c]);
                    grad[i * d + c] += v;
                    grad[j * d + c] -= v;
                }
            }
        }
    }

    fn add_particle_gradient(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        k: usize,
        grad: &mut [f64],
    ) {
        let (n, l, d) = (self.n_particles, self.width(), self.dim);
        let p = &x[k * d..(k + 1) * d];
        self.add_row_gradient(x, k, p, |j| (k * n + j) * l, &st.factor, &st.drho, grad);
    }

    fn laplacian(&self, st: &NeuralJastrowState, x: &[f64]) -> f64 {
        self.gradient_laplacian(st, x, None)
    }

    fn add_gradient_laplacian(&self, st: &NeuralJastrowState, x: &[f64], grad: &mut [f64]) -> f64 {
        self.gradient_laplacian(st, x, Some(grad))
    }

    fn param_derivatives(&self, st: &NeuralJastrowState, _x: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        let n = self.n_particles;
        let na = self.phi.n_acts();
        WORK.with_borrow_mut(|w| {
            let s = self.phi.scratch_in(&mut w.phi);
            for i in 0..n {
                for j in (i + 1)..n {
                    let input = self.pair_input(i, j, st.pairs.get(i, j));
                    let at = (i * n + j) * na;
                    self.phi.backprop_from_acts(
                        &self.params,
                        &input[..self.phi.n_in()],
                        &st.acts[at..at + na],
                        &st.drho,
                        s,
                        Some(out),
                        None,
                    );
                }
            }
            if let Some(rho) = &self.rho {
                let s = rho.scratch_in(&mut w.rho);
                rho.backprop_from_acts(
                    &self.params,
                    &st.sum,
                    &st.rho_acts,
                    &[1.0],
                    s,
                    Some(out),
                    None,
                );
            }
        });
    }

    fn propose(&self, st: &mut NeuralJastrowState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        st.pairs.propose(x, k, new);
        st.proposal = next_proposal_id();
        st.new_sum.copy_from_slice(&st.sum);
        for j in 0..n {
            if j == k {
                continue;
            }
            let r = st.pairs.proposed_row()[j];
            let acts = &mut st.new_acts[j * na..(j + 1) * na];
            self.pair_value(k, j, r, &mut st.phi_scratch, acts);
            let new = &acts[na - l..];
            let old = &st.value[(k * n + j) * l..(k * n + j + 1) * l];
            for m in 0..l {
                st.new_sum[m] += new[m] - old[m];
            }
        }
        st.new_j = self.rho_value(&st.new_sum, st.rho_scratch.as_mut(), &mut st.new_rho_acts);
        st.new_j - st.j
    }

    fn add_proposed_gradient(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        // the proposal computed values only: F and Λ of the row and ∂ρ/∂Φ from its
        // activations, into per-thread buffers tagged with the proposal's id, which
        // accept copies instead of computing them again
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        WORK.with_borrow_mut(|w| {
            w.row_factor.resize(n * l, 0.0);
            w.row_lap.resize(n * l, 0.0);
            w.d1.resize(l, 0.0);
            w.d2.resize(l, 0.0);
            w.drho.resize(l, 0.0);
            let s = self.phi.scratch_in(&mut w.phi);
            for j in 0..n {
                if j == k {
                    continue;
                }
                let r = st.pairs.proposed_row()[j];
                self.pair_derivatives(
                    r,
                    &st.new_acts[j * na..(j + 1) * na],
                    s,
                    &mut w.d1,
                    &mut w.d2,
                    &mut w.row_factor[j * l..(j + 1) * l],
                    &mut w.row_lap[j * l..(j + 1) * l],
                );
            }
            let s = self.rho.as_ref().map(|rho| rho.scratch_in(&mut w.rho));
            self.rho_gradient(&st.new_sum, &st.new_rho_acts, s, &mut w.drho);
            self.add_row_gradient(x, k, new, |j| j * l, &w.row_factor, &w.drho, grad);
            w.row_of = st.proposal;
        });
    }

    fn accept(&self, st: &mut NeuralJastrowState, k: usize, _new: &[f64]) {
        self.accept_row(st, k, false);
    }

    fn accept_deferred(&self, st: &mut NeuralJastrowState, k: usize, _new: &[f64]) {
        self.accept_row(st, k, true);
    }

    fn finish_moves(&self, st: &mut NeuralJastrowState) {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        if st.n_stale > 0 {
            for i in 0..n {
                for j in (i + 1)..n {
                    if !std::mem::take(&mut st.stale[i * n + j]) {
                        continue;
                    }
                    let r = st.pairs.get(i, j);
                    let (at, src) = ((i * n + j) * l, (i * n + j) * na);
                    self.pair_derivatives(
                        r,
                        &st.acts[src..src + na],
                        &mut st.phi_scratch,
                        &mut st.d1,
                        &mut st.d2,
                        &mut st.factor[at..at + l],
                        &mut st.lap[at..at + l],
                    );
                    let to = (j * n + i) * l;
                    st.factor.copy_within(at..at + l, to);
                    st.lap.copy_within(at..at + l, to);
                }
            }
            st.n_stale = 0;
        }
        if std::mem::take(&mut st.stale_drho) {
            self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
        }
    }
}

impl NeuralJastrow {
    /// [`WaveFunction::accept`]; with `defer`, F, Λ of the row and ∂ρ/∂Φ are left
    /// for [`WaveFunction::finish_moves`] unless add_proposed_gradient computed
    /// them.
    fn accept_row(&self, st: &mut NeuralJastrowState, k: usize, defer: bool) {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        st.pairs.accept(k);
        // the row's F, Λ and ∂ρ/∂Φ: from add_proposed_gradient's buffers if it ran
        // for this proposal on this thread (the same numbers), else computed here
        let cached = st.proposal != 0
            && WORK.with_borrow_mut(|w| {
                if w.row_of != st.proposal {
                    return false;
                }
                w.row_of = 0;
                for j in (0..n).filter(|&j| j != k) {
                    let at = (k * n + j) * l;
                    st.factor[at..at + l].copy_from_slice(&w.row_factor[j * l..(j + 1) * l]);
                    st.lap[at..at + l].copy_from_slice(&w.row_lap[j * l..(j + 1) * l]);
                }
                st.drho.copy_from_slice(&w.drho[..l]);
                true
            });
        for j in 0..n {
            if j == k {
                continue;
            }
            let r = st.pairs.get(k, j);
            let src = &st.new_acts[j * na..(j + 1) * na];
            let at = (k * n + j) * l;
            let (lo, hi) = (k.min(j), k.max(j));
            if defer && !cached {
                if !std::mem::replace(&mut st.stale[lo * n + hi], true) {
                    st.n_stale += 1;
                }
            } else {
                st.stale[lo * n + hi] = false;
            }
            if !defer && !cached {
                self.pair_derivatives(
                    r,
                    src,
                    &mut st.phi_scratch,
                    &mut st.d1,
                    &mut st.d2,
                    &mut st.factor[at..at + l],
                    &mut st.lap[at..at + l],
                );
            }
            st.value[at..at + l].copy_from_slice(&src[na - l..]);
            let to = (j * n + k) * l;
            st.value.copy_within(at..at + l, to);
            st.factor.copy_within(at..at + l, to);
            st.lap.copy_within(at..at + l, to);
            for at in [(k * n + j) * na, (j * n + k) * na] {
                st.acts[at..at + na].copy_from_slice(src);
            }
        }
        std::mem::swap(&mut st.sum, &mut st.new_sum);
        std::mem::swap(&mut st.rho_acts, &mut st.new_rho_acts);
        st.j = st.new_j;
        if defer && !cached {
            st.stale_drho = true;
        } else if !cached {
            self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
            st.stale_drho = false;
        } else {
            st.stale_drho = false;
        }
        st.proposal = 0;
        st.accepted += 1;
        if st.accepted.is_multiple_of(RESUM_EVERY) {
            self.resum(st);
            self.refresh_rho(st);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng as _;
    use rand_distr::StandardNormal;

    fn random_net(n: usize, d: usize, seed: u64) -> NeuralJastrow {
        random_form(n, d, seed, JastrowForm::DeepSets)
    }

    /// Random weights, output layers included.
    fn random_form(n: usize, d: usize, seed: u64, form: JastrowForm) -> NeuralJastrow {
        let mut nj =
            NeuralJastrow::random(n, d, 1, form, &[5, 4], &[3], Activation::Tanh, true, seed)
                .unwrap();
        let mut r = rng::stream(seed, 1);
        let p: Vec<f64> = nj
            .params
            .iter()
            .map(|v| v + 0.3 * r.sample::<f64, _>(StandardNormal))
            .collect();
        nj.set_params(&p).unwrap();
        nj
    }

    /// Two particles: the d directions √2 v_1c give ∇²J as G's pivoted Cholesky
    /// factor does (to round-off).
    #[test]
    fn two_particle_shortcut_equals_cholesky() {
        for d in 1..=3 {
            let nj = random_net(2, d, 40 + d as u64);
            let mut r = rng::stream(9, d as u64);
            let x: Vec<f64> = (0..2 * d).map(|_| r.sample(StandardNormal)).collect();
            let st = nj.state(&x);
            let (mut g1, mut g2) = (vec![0.0; 2 * d], vec![0.0; 2 * d]);
            let a = nj.gradient_laplacian_with(&st, &x, Some(&mut g1), true);
            let b = nj.gradient_laplacian_with(&st, &x, Some(&mut g2), false);
            assert!(
                (a - b).abs() <= 1e-13 * (1.0 + b.abs()),
                "d={d}: {a} vs {b}"
            );
            assert_eq!(g1, g2);
        }
    }

    /// Metropolis: accept_deferred over a sweep, then finish_moves, leaves the same
    /// state, bit for bit, as accept after every move (for N = 2 and 4, both forms).
    #[test]
    fn deferred_accepts_equal_eager_ones_exactly() {
        for (n, form) in [
            (2, JastrowForm::DeepSets),
            (4, JastrowForm::DeepSets),
            (4, JastrowForm::Pair),
        ] {
            let d = 2;
            let nj = random_form(n, d, 11, form);
            let mut r = rng::stream(6, n as u64);
            let mut x: Vec<f64> = (0..n * d).map(|_| r.sample(StandardNormal)).collect();
            let (mut eager, mut lazy) = (nj.state(&x), nj.state(&x));
            // 200 sweeps: past RESUM_EVERY accepted moves
            for _ in 0..200 {
                for k in 0..n {
                    let new: Vec<f64> = (0..d)
                        .map(|c| x[k * d + c] + 0.7 * r.sample::<f64, _>(StandardNormal))
                        .collect();
                    let a = nj.propose(&mut eager, &x, k, &new);
                    let b = nj.propose(&mut lazy, &x, k, &new);
                    assert_eq!(a, b);
                    if r.random::<f64>() < 0.7 {
                        nj.accept(&mut eager, k, &new);
                        nj.accept_deferred(&mut lazy, k, &new);
                        x[k * d..(k + 1) * d].copy_from_slice(&new);
                    }
                }
                nj.finish_moves(&mut lazy);
                assert_eq!(eager.factor, lazy.factor);
                assert_eq!(eager.lap, lazy.lap);
                assert_eq!(eager.drho, lazy.drho);
                assert_eq!(eager.j, lazy.j);
            }
            assert!(eager.accepted > RESUM_EVERY);
        }
    }

    /// Importance sampling: accept after add_proposed_gradient (which the accept
    /// reuses) leaves the same state, bit for bit, as accept alone.
    #[test]
    fn accept_reuses_the_proposed_row_exactly() {
        let (n, d) = (4, 2);
        let nj = random_net(n, d, 3);
        let mut r = rng::stream(5, 0);
        let mut x: Vec<f64> = (0..n * d).map(|_| r.sample(StandardNormal)).collect();
        let (mut plain, mut reused) = (nj.state(&x), nj.state(&x));
        for step in 0..40 {
            let k = step % n;
            let new: Vec<f64> = (0..d)
                .map(|c| x[k * d + c] + 0.5 * r.sample::<f64, _>(StandardNormal))
                .collect();
            let a = nj.propose(&mut plain, &x, k, &new);
            let b = nj.propose(&mut reused, &x, k, &new);
            assert_eq!(a, b);
            let mut g = vec![0.0; d];
            nj.add_proposed_gradient(&reused, &x, k, &new, &mut g);
            if r.random::<f64>() < 0.7 {
                nj.accept(&mut plain, k, &new);
                nj.accept(&mut reused, k, &new);
                x[k * d..(k + 1) * d].copy_from_slice(&new);
            }
            assert_eq!(plain.factor, reused.factor);
            assert_eq!(plain.lap, reused.lap);
            assert_eq!(plain.drho, reused.drho);
            assert_eq!(plain.j, reused.j);
        }
        // a stale buffer (another state's proposal in between) is not reused
        let k = 1;
        let new = [0.3, -0.2];
        nj.propose(&mut plain, &x, k, &new);
        nj.propose(&mut reused, &x, k, &new);
        let mut g = vec![0.0; d];
        nj.add_proposed_gradient(&reused, &x, k, &new, &mut g);
        let mut other = nj.state(&x);
        nj.propose(&mut other, &x, 0, &[1.5, 1.5]);
        nj.add_proposed_gradient(&other, &x, 0, &[1.5, 1.5], &mut g);
        nj.accept(&mut plain, k, &new);
        nj.accept(&mut reused, k, &new);
        assert_eq!(plain.factor, reused.factor);
        assert_eq!(plain.drho, reused.drho);
    }
}
