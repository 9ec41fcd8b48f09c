//! Training by contrastive divergence (CD-k, Hinton 2002) and persistent contrastive
//! divergence (PCD, Tieleman 2008), and sampling by block Gibbs chains.
//!
//! The gradient of the mean log-likelihood, ⟨−∂F/∂θ⟩_data − ⟨−∂E/∂θ⟩_model, is
//! estimated on a mini-batch: the data term exactly (with P(h | x)), the model term
//! from k block Gibbs sweeps, started at the batch's hidden samples (CD-k) or at the
//! persistent chains kept between updates (PCD-k), using the hidden probabilities of
//! the last visible samples. The optimiser ([`crate::nn::optim::Optimizer`]) then
//! descends the loss −(that estimate) + λ W (weight decay λ‖W‖²/2 on the weights).
//!
//! All random numbers of an epoch come from one stream, drawn in a fixed order, so
//! training does not depend on the number of threads.

use ndarray::{Array2, ArrayView2, Axis};
use rand::Rng as _;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::kernels;
use super::model::{n_params, Rbm, Visible};
use crate::error::{Error, Result};
use crate::interrupt::{self, Interrupt};
use crate::nn::optim::Optimizer;
use crate::rng::{self, Rng};
use crate::simd::widest_simd;

/// Settings of one training epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Gibbs sweeps per update (k ≥ 1).
    pub k: usize,
    /// Persistent chains (PCD) instead of chains restarted at the data (CD).
    pub persistent: bool,
    /// Rows per mini-batch.
    pub batch_size: usize,
    /// λ of the weight decay λ‖W‖²/2 (≥ 0).
    pub weight_decay: f64,
    /// Visit the rows in a random order each epoch.
    pub shuffle: bool,
}

impl TrainConfig {
    /// **Errors** if k or the batch size is 0 or the weight decay is negative.
    pub fn check(&self) -> Result<()> {
        if self.k == 0 {
            return Err(Error::param("k", "must be >= 1", self.k));
        }
        if self.batch_size == 0 {
            return Err(Error::param("batch_size", "must be >= 1", self.batch_size));
        }
        if !(self.weight_decay.is_finite() && self.weight_decay >= 0.0) {
            return Err(Error::param(
                "weight_decay",
                "must be >= 0",
                self.weight_decay,
            ));
        }
        Ok(())
    }
}

/// The offsets of the centred gradient (Melchior, Fischer and Wiskott, JMLR 17, 2016)
/// and the rate at which they follow the data.
///
/// The centred RBM writes the energy of binary units as
/// E(x, h) = −(x − μ)·a′ − (h − λ)·b′ − (x − μ)ᵀ W (h − λ), which is the ordinary
/// energy −a·x − b·h − xᵀ W h (up to a constant) with a = a′ − W λ and b = b′ − Wᵀ μ.
/// Gradient descent on the loss L in the centred parameters (W, a′, b′) moves the
/// ordinary ones by Δθ = −η D with D_W = G′, D_a = G_a − G′ λ, D_b = G_b − G′ᵀ μ,
/// where G = ∂L/∂θ is the ordinary loss gradient and G′ = G_W − μ G_bᵀ − G_a λᵀ its
/// weight block in the centred parameters (the chain rule through a and b). D is
/// the ordinary gradient times a positive-definite matrix, so both descents share
/// their fixed points; for the log-likelihood G′ = −(⟨(x − μ)(h − λ)ᵀ⟩_data −
/// ⟨(x − μ)(h − λ)ᵀ⟩_model). Before each update the offsets follow the mini-batch:
/// μ ← (1 − ν) μ + ν ⟨x⟩_batch, λ ← (1 − ν) λ + ν ⟨P(h | x)⟩_batch. The model keeps
/// the ordinary parameters, which a move of the offsets leaves unchanged; in the
/// centred parameters that move is the bias correction a′ ← a′ + W Δλ,
/// b′ ← b′ + Wᵀ Δμ of the paper's algorithm.
#[derive(Clone, Debug, PartialEq)]
pub struct Offsets {
    /// μ, one per visible unit.
    pub visible: Vec<f64>,
    /// λ, one per hidden unit.
    pub hidden: Vec<f64>,
    /// ν in [0, 1]: 0 keeps the offsets fixed.
    pub rate: f64,
}

impl Offsets {
    /// **Errors** if the lengths do not match the model, the rate is outside
    /// [0, 1], an offset is not finite, or the visible units are not binary.
    pub fn check(&self, rbm: &Rbm) -> Result<()> {
        if !matches!(rbm.visible(), Visible::Bernoulli) {
            return Err(Error::param(
                "centering",
                "must be off for Gaussian visible units (binary units only)",
                "on",
            ));
        }
        if !(self.rate.is_finite() && (0.0..=1.0).contains(&self.rate)) {
            return Err(Error::param(
                "centering_rate",
                "must be in [0, 1]",
                self.rate,
            ));
        }
        if self.visible.len() != rbm.n_visible() || self.hidden.len() != rbm.n_hidden() {
            return Err(Error::Shape(format!(
                "the offsets must have {} visible and {} hidden entries, got {} and {}",
                rbm.n_visible(),
                rbm.n_hidden(),
                self.visible.len(),
                self.hidden.len()
            )));
        }
        crate::error::check_finite("the centring offsets", &self.visible)?;
        crate::error::check_finite("the centring offsets", &self.hidden)
    }
}

/// The centred update direction D of [`Offsets`] from the ordinary loss gradient
/// `grad` (layout a, b, W with W row-major M × H), in place, with offsets μ =
/// `visible` and λ = `hidden`.
pub fn center_gradient(grad: &mut [f64], visible: &[f64], hidden: &[f64]) {
    let (m, nh) = (visible.len(), hidden.len());
    let (ga, rest) = grad.split_at_mut(m);
    let (gb, gw) = rest.split_at_mut(nh);
    // G′ = G_W − μ G_bᵀ − G_a λᵀ
    for (k, row) in gw.chunks_exact_mut(nh).enumerate() {
        let (mu, g) = (visible[k], ga[k]);
        for ((w, &b), &l) in row.iter_mut().zip(gb.iter()).zip(hidden) {
            *w -= mu * b + g * l;
        }
    }
    // D_a = G_a − G′ λ, D_b = G_b − G′ᵀ μ
    for (k, row) in gw.chunks_exact(nh).enumerate() {
        ga[k] -= row.iter().zip(hidden).map(|(w, l)| w * l).sum::<f64>();
        let mu = visible[k];
        for (b, &w) in gb.iter_mut().zip(row) {
            *b -= w * mu;
        }
    }
}

/// The CD-k (or, with `chains`, PCD-k) estimate of the log-likelihood gradient on
/// the rows of `batch`. `chains` holds the hidden states of the persistent chains and
/// is advanced by k sweeps.
pub fn cd_gradient(
    rbm: &Rbm,
    batch: ArrayView2<'_, f64>,
    chains: Option<&mut Array2<f64>>,
    k: usize,
    rng: &mut Rng,
) -> Vec<f64> {
    let mut ws = Workspace::default();
    ws.x_data.extend(batch.iter());
    let chains = chains.map(|c| {
        standard_layout(c);
        c.as_slice_mut().expect("standard layout")
    });
    loss_gradient(
        rbm,
        batch.nrows(),
        chains,
        k,
        0.0,
        None,
        rng,
        &mut ws,
        interrupt::NEVER,
    )
    .expect("never interrupted");
    ws.grad.iter().map(|g| -g).collect()
}

fn standard_layout(a: &mut Array2<f64>) {
    if !a.is_standard_layout() {
        *a = a.as_standard_layout().into_owned();
    }
}

/// Buffers of the updates of an epoch, reused across its mini-batches (row-major).
#[derive(Clone, Default)]
struct Workspace {
    /// The batch's rows X (n × M).
    x_data: Vec<f64>,
    /// P(h | x) of the chains' visible samples (c × H) over that of the batch (n × H).
    p: Vec<f64>,
    /// s_model X_model over −s_data X_data ((c + n) × M), for the weight gradient.
    x_both: Vec<f64>,
    /// Hidden states of the negative-phase chains (c × H).
    h: Vec<f64>,
    /// Visible samples of the chains (c × M).
    x_model: Vec<f64>,
    /// The loss gradient, in the parameter layout.
    grad: Vec<f64>,
    /// Column sums of the batch's X and P(h | X) (M + H), for the centring offsets.
    sums: Vec<f64>,
}

/// h_i = 1 with probability p_i, one uniform number per entry in order.
#[inline(always)]
fn sample_bits(p: &[f64], h: &mut [f64], rng: &mut Rng) {
    for (hv, &pv) in h.iter_mut().zip(p) {
        *hv = if rng.random::<f64>() < pv { 1.0 } else { 0.0 };
    }
}

widest_simd! {
    /// The loss gradient of one update into `ws.grad`: −(the CD-k/PCD-k estimate of
    /// the log-likelihood gradient on the `n` rows of `ws.x_data`) + λ W, polling
    /// `interrupt` before every Gibbs sweep (a stopped update leaves the chains as
    /// they were). With `offsets`, they first follow the batch and the gradient is
    /// turned into the centred direction ([`Offsets`]). Compiled for AVX-512 or AVX2
    /// when the CPU has them (same arithmetic, same numbers).
    #[allow(clippy::too_many_arguments)]
    fn loss_gradient(
        rbm: &Rbm,
        n: usize,
        chains: Option<&mut [f64]>,
        k: usize,
        weight_decay: f64,
        offsets: Option<&mut Offsets>,
        rng: &mut Rng,
        ws: &mut Workspace,
        interrupt: Interrupt<'_>,
    ) -> Result<()> {
        let (m, nh) = (rbm.n_visible(), rbm.n_hidden());
        let c = rbm.coupling();
        let (a, b, w) = (rbm.a(), rbm.b(), &rbm.params()[m + nh..]);
        let x_data = &ws.x_data[..n * m];
        let rows = chains.as_ref().map_or(n, |ch| ch.len() / nh);
        ws.p.resize((rows + n) * nh, 0.0);
        let (p_model, p_data) = ws.p.split_at_mut(rows * nh);
        kernels::affine(x_data, m, w, b, c, p_data);
        kernels::logistic_in_place(p_data);
        match &chains {
            Some(ch) => {
                ws.h.clear();
                ws.h.extend_from_slice(ch);
            }
            None => {
                ws.h.resize(n * nh, 0.0);
                sample_bits(p_data, &mut ws.h, rng);
            }
        }
        ws.x_model.resize(rows * m, 0.0);
        for _ in 0..k {
            interrupt::check(interrupt)?;
            kernels::affine_transposed(&ws.h, nh, w, a, &mut ws.x_model);
            match rbm.visible() {
                Visible::Bernoulli => {
                    kernels::logistic_in_place(&mut ws.x_model);
                    ws.x_model
                        .iter_mut()
                        .for_each(|v| *v = if rng.random::<f64>() < *v { 1.0 } else { 0.0 })
                }
                Visible::Gaussian { sigma } => ws.x_model.iter_mut().for_each(|v| {
                    let z: f64 = StandardNormal.sample(rng);
                    *v += sigma * z;
                }),
            }
            kernels::affine(&ws.x_model, m, w, b, c, p_model);
            kernels::logistic_in_place(p_model);
            sample_bits(p_model, &mut ws.h, rng);
        }
        if let Some(ch) = chains {
            ch.copy_from_slice(&ws.h);
        }
        let (s_model, s_data) = (1.0 / rows as f64, 1.0 / n.max(1) as f64);
        let scale_a = match rbm.visible() {
            Visible::Bernoulli => 1.0,
            Visible::Gaussian { .. } => c,
        };
        ws.grad.resize(n_params(m, nh), 0.0);
        let (ga, rest) = ws.grad.split_at_mut(m);
        let (gb, gw) = rest.split_at_mut(nh);
        column_means(&ws.x_model, m, s_model, x_data, s_data, scale_a, ga);
        column_means(p_model, nh, s_model, p_data, s_data, 1.0, gb);
        ws.x_both.clear();
        ws.x_both.extend(ws.x_model.iter().map(|v| s_model * v));
        ws.x_both.extend(x_data.iter().map(|v| -s_data * v));
        kernels::weighted_outer(&ws.x_both, &ws.p, m, nh, c, weight_decay, w, gw);
        if let Some(o) = offsets {
            let nu = o.rate;
            ws.sums.clear();
            ws.sums.resize(m + nh, 0.0);
            let (sum_x, sum_p) = ws.sums.split_at_mut(m);
            for row in x_data.chunks_exact(m) {
                sum_x.iter_mut().zip(row).for_each(|(s, &v)| *s += v);
            }
            for row in ws.p[rows * nh..].chunks_exact(nh) {
                sum_p.iter_mut().zip(row).for_each(|(s, &v)| *s += v);
            }
            if n > 0 {
                // μ then λ, as the sums are laid out (M then H)
                let offsets = o.visible.iter_mut().chain(o.hidden.iter_mut());
                for (c, s) in offsets.zip(ws.sums.iter()) {
                    *c = (1.0 - nu) * *c + nu * (s_data * s);
                }
            }
            center_gradient(&mut ws.grad, &o.visible, &o.hidden);
        }
        Ok(())
    }
}

/// out_k = scale (s₁ Σ_r y₁[r, k] − s₀ Σ_r y₀[r, k]) for row-major matrices of
/// `out.len()` columns.
#[inline(always)]
fn column_means(
    y1: &[f64],
    width: usize,
    s1: f64,
    y0: &[f64],
    s0: f64,
    scale: f64,
    out: &mut [f64],
) {
    out.fill(0.0);
    for row in y1.chunks_exact(width) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o += s1 * v;
        }
    }
    for row in y0.chunks_exact(width) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o -= s0 * v;
        }
    }
    out.iter_mut().for_each(|o| *o *= scale);
}

/// One epoch over the rows of `x` in mini-batches; `chains` are the persistent
/// hidden states (used when `config.persistent`, any number of rows ≥ 1).
///
/// **Errors** if the settings or the data are invalid, or the chains do not have H
/// columns.
pub fn epoch(
    rbm: &mut Rbm,
    optimizer: &mut Optimizer,
    chains: &mut Array2<f64>,
    x: ArrayView2<'_, f64>,
    config: &TrainConfig,
    rng: &mut Rng,
) -> Result<()> {
    check_run(rbm, chains, x, config)?;
    standard_layout(chains);
    let mut ws = Workspace::default();
    let chains = chains.as_slice_mut().expect("standard layout");
    epoch_in(
        rbm,
        optimizer,
        chains,
        None,
        x,
        config,
        rng,
        &mut ws,
        interrupt::NEVER,
    )
}

/// The checks of [`epoch`].
fn check_run(
    rbm: &Rbm,
    chains: &Array2<f64>,
    x: ArrayView2<'_, f64>,
    config: &TrainConfig,
) -> Result<()> {
    config.check()?;
    rbm.check_data("X", x)?;
    if config.persistent && (chains.ncols() != rbm.n_hidden() || chains.nrows() == 0) {
        return Err(Error::Shape(format!(
            "the persistent chains must have {} columns and at least one row, got {:?}",
            rbm.n_hidden(),
            chains.dim()
        )));
    }
    Ok(())
}

/// [`epoch`] on checked input, with the workspace `ws` and `interrupt` polled before
/// every mini-batch and every Gibbs sweep, centred with `offsets` if given. An
/// interrupted epoch leaves the updates of its finished mini-batches in place.
#[allow(clippy::too_many_arguments)]
fn epoch_in(
    rbm: &mut Rbm,
    optimizer: &mut Optimizer,
    chains: &mut [f64],
    mut offsets: Option<&mut Offsets>,
    x: ArrayView2<'_, f64>,
    config: &TrainConfig,
    rng: &mut Rng,
    ws: &mut Workspace,
    interrupt: Interrupt<'_>,
) -> Result<()> {
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    if config.shuffle {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
    }
    for rows in order.chunks(config.batch_size) {
        interrupt::check(interrupt)?;
        ws.x_data.clear();
        for &r in rows {
            ws.x_data.extend(x.row(r).iter());
        }
        let chain = config.persistent.then_some(&mut *chains);
        loss_gradient(
            rbm,
            rows.len(),
            chain,
            config.k,
            config.weight_decay,
            offsets.as_deref_mut(),
            rng,
            ws,
            interrupt,
        )?;
        optimizer.step(rbm.params_mut(), &ws.grad)?;
    }
    crate::error::check_finite(
        "the RBM parameters after an epoch (lower learning_rate)",
        rbm.params(),
    )
}

/// A training run whose state lives between epochs: the model, the optimiser (its
/// momentum), the persistent chains, the centring offsets (if centred), the settings
/// and the buffers of the updates.
/// Epoch e of [`Trainer::run`] draws its random numbers from stream (seed, e), so a
/// run of n epochs gives the numbers of n calls of [`epoch`] with those streams.
#[derive(Clone)]
pub struct Trainer {
    rbm: Rbm,
    optimizer: Optimizer,
    chains: Array2<f64>,
    config: TrainConfig,
    seed: u64,
    ws: Workspace,
    epochs: u64,
    offsets: Option<Offsets>,
}

impl Trainer {
    /// A run from `rbm` with `optimizer` (and its state), persistent `chains` (any
    /// shape when `config.persistent` is false) and random seed `seed`.
    ///
    /// **Errors** as [`epoch`], without data.
    pub fn new(
        rbm: Rbm,
        optimizer: Optimizer,
        chains: Array2<f64>,
        config: TrainConfig,
        seed: u64,
    ) -> Result<Self> {
        let mut chains = chains;
        check_run(
            &rbm,
            &chains,
            ndarray::Array2::zeros((0, rbm.n_visible())).view(),
            &config,
        )?;
        standard_layout(&mut chains);
        Ok(Trainer {
            rbm,
            optimizer,
            chains,
            config,
            seed,
            ws: Workspace::default(),
            epochs: 0,
            offsets: None,
        })
    }

    /// The same run with the centred gradient ([`Offsets`]) from `offsets` on.
    ///
    /// **Errors** as [`Offsets::check`].
    pub fn with_offsets(mut self, offsets: Offsets) -> Result<Self> {
        offsets.check(&self.rbm)?;
        self.offsets = Some(offsets);
        Ok(self)
    }

    /// The centring offsets, if the run is centred.
    pub fn offsets(&self) -> Option<&Offsets> {
        self.offsets.as_ref()
    }

    /// The model.
    pub fn rbm(&self) -> &Rbm {
        &self.rbm
    }

    /// The optimiser, with its state.
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    /// The persistent chains' hidden states.
    pub fn chains(&self) -> &Array2<f64> {
        &self.chains
    }

    /// The number of epochs finished since [`Trainer::new`].
    pub fn epochs(&self) -> u64 {
        self.epochs
    }

    /// `n_epochs` epochs over the rows of `x` in mini-batches of `batch_size`, epoch
    /// e (from 0) with random stream (seed, `stream` + e). `interrupt` is polled
    /// before every mini-batch and every Gibbs sweep; an interrupted (or failed)
    /// epoch is undone, leaving the model, the optimiser and the chains of the last
    /// finished epoch. Returns the number of finished epochs, with the error if one
    /// stopped the run.
    ///
    /// **Errors** (with 0 epochs run) if the batch size is 0 or the data are
    /// invalid; [`Error::Interrupted`] when interrupted; a non-finite parameter.
    pub fn run(
        &mut self,
        x: ArrayView2<'_, f64>,
        n_epochs: u64,
        batch_size: usize,
        stream: u64,
        interrupt: Interrupt<'_>,
    ) -> (u64, Result<()>) {
        let config = TrainConfig {
            batch_size,
            ..self.config.clone()
        };
        if let Err(e) = check_run(&self.rbm, &self.chains, x, &config) {
            return (0, Err(e));
        }
        for e in 0..n_epochs {
            let saved = (
                self.rbm.params().to_vec(),
                self.optimizer.clone(),
                self.chains.clone(),
                self.offsets.clone(),
            );
            let mut rng = rng::stream(self.seed, stream.wrapping_add(e));
            let chains = self.chains.as_slice_mut().expect("standard layout");
            let done = epoch_in(
                &mut self.rbm,
                &mut self.optimizer,
                chains,
                self.offsets.as_mut(),
                x,
                &config,
                &mut rng,
                &mut self.ws,
                interrupt,
            );
            if let Err(err) = done {
                let (params, optimizer, chains, offsets) = saved;
                self.rbm.params_mut().copy_from_slice(&params);
                self.optimizer = optimizer;
                self.chains = chains;
                self.offsets = offsets;
                return (e, Err(err));
            }
            self.epochs += 1;
        }
        (n_epochs, Ok(()))
    }
}

/// Chains per random stream in [`sample`].
pub const SAMPLE_BLOCK: usize = 64;

/// `n` samples after `steps` block Gibbs sweeps of independent chains, started at
/// random (binary units: uniform 0/1; Gaussian units: N(a, σ²)). Chains are grouped
/// in blocks of [`SAMPLE_BLOCK`] with random stream (seed, block), in parallel.
///
/// **Errors** if `n` is 0.
pub fn sample(rbm: &Rbm, n: usize, steps: usize, seed: u64) -> Result<Array2<f64>> {
    if n == 0 {
        return Err(Error::param("n_samples", "must be >= 1", n));
    }
    crate::memory::check_f64s(
        "n_samples",
        n,
        "the samples",
        &[n as u128, rbm.n_visible() as u128],
    )?;
    let m = rbm.n_visible();
    let blocks: Vec<(usize, usize)> = (0..n)
        .step_by(SAMPLE_BLOCK)
        .enumerate()
        .map(|(i, s)| (i, SAMPLE_BLOCK.min(n - s)))
        .collect();
    let parts: Vec<Array2<f64>> = blocks
        .into_par_iter()
        .map(|(i, len)| {
            let mut r = rng::stream(seed, i as u64);
            let start = match rbm.visible() {
                Visible::Bernoulli => {
                    Array2::from_shape_fn((len, m), |_| f64::from(r.random::<bool>()))
                }
                Visible::Gaussian { sigma } => Array2::from_shape_fn((len, m), |(_, k)| {
                    let z: f64 = StandardNormal.sample(&mut r);
                    rbm.a()[k] + sigma * z
                }),
            };
            rbm.gibbs(start.view(), steps, &mut r)
        })
        .collect();
    let views: Vec<ArrayView2<'_, f64>> = parts.iter().map(|p| p.view()).collect();
    ndarray::concatenate(Axis(0), &views).map_err(|e| Error::Shape(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::optim::{Method, Schedule};
    use crate::rbm::exact;
    use crate::rbm::model::tests::tiny;

    fn data(m: usize, n: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, m), |(i, k)| {
            (((i * 13 + k * 5 + i * k) % 5) > 1) as u8 as f64
        })
    }

    /// Largest |mean − exact|/(standard error) over the components, from `reps`
    /// independent CD-k estimates with `chains` chains each.
    fn max_z(rbm: &Rbm, x: &Array2<f64>, k: usize, reps: usize, chains: usize) -> f64 {
        let exact = exact::log_likelihood_gradient(rbm, x.view()).unwrap();
        let tiled = ndarray::concatenate(Axis(0), &vec![x.view(); chains / x.nrows()]).unwrap();
        let mut r = rng::stream(3, k as u64);
        let estimates: Vec<Vec<f64>> = (0..reps)
            .map(|_| cd_gradient(rbm, tiled.view(), None, k, &mut r))
            .collect();
        (0..exact.len())
            .map(|i| {
                let v: Vec<f64> = estimates.iter().map(|e| e[i]).collect();
                let mean = v.iter().sum::<f64>() / reps as f64;
                let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps as f64 - 1.0);
                (mean - exact[i]).abs() / (var / reps as f64).sqrt().max(1e-12)
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn cd_k_approaches_the_exact_gradient_as_k_grows() {
        // Strong couplings: CD-1 is visibly biased, CD-200 is not.
        let mut rbm = tiny(Visible::Bernoulli, 6, 4, 21);
        for p in rbm.params_mut() {
            *p *= 2.5;
        }
        let x = data(6, 10);
        let z1 = max_z(&rbm, &x, 1, 20, 2000);
        let z_large = max_z(&rbm, &x, 200, 20, 2000);
        assert!(z1 > 8.0, "CD-1 should be biased: max z = {z1}");
        assert!(
            z_large < 4.5,
            "CD-200 should be unbiased: max z = {z_large}"
        );
    }

    #[test]
    fn pcd_training_raises_the_exact_log_likelihood() {
        let x = data(8, 40);
        let mut rbm = Rbm::random(Visible::Bernoulli, 8, 6, 0.01, 1).unwrap();
        let ll = |rbm: &Rbm| {
            exact::log_likelihood(rbm, x.view())
                .unwrap()
                .mean()
                .unwrap()
        };
        let before = ll(&rbm);
        let method = Method::Sgd {
            momentum: 0.5,
            nesterov: false,
        };
        let mut opt = Optimizer::new(method, 0.05, Schedule::Constant).unwrap();
        let config = TrainConfig {
            k: 1,
            persistent: true,
            batch_size: 10,
            weight_decay: 1e-4,
            shuffle: true,
        };
        let mut chains = Array2::zeros((10, 6));
        let mut r = rng::stream(4, 0);
        for _ in 0..300 {
            epoch(&mut rbm, &mut opt, &mut chains, x.view(), &config, &mut r).unwrap();
        }
        let after = ll(&rbm);
        // The data has 5 distinct rows of 8 bits: ln P ≤ ln(1/5) per row at best.
        assert!(after > before + 2.0, "{before} -> {after}");
        assert!(after < -(5.0f64).ln() + 1e-9);
    }

    fn trainer_parts(persistent: bool) -> (Rbm, Optimizer, Array2<f64>, TrainConfig) {
        let rbm = Rbm::random(Visible::Bernoulli, 8, 6, 0.01, 1).unwrap();
        let method = Method::Sgd {
            momentum: 0.5,
            nesterov: false,
        };
        let opt = Optimizer::new(method, 0.05, Schedule::Constant).unwrap();
        let config = TrainConfig {
            k: 2,
            persistent,
            batch_size: 7,
            weight_decay: 1e-3,
            shuffle: true,
        };
        (rbm, opt, Array2::zeros((7, 6)), config)
    }

    #[test]
    fn a_trainer_run_gives_the_numbers_of_single_epochs() {
        for persistent in [true, false] {
            let x = data(8, 40);
            let (mut rbm, mut opt, mut chains, config) = trainer_parts(persistent);
            let mut trainer =
                Trainer::new(rbm.clone(), opt.clone(), chains.clone(), config.clone(), 9).unwrap();
            let (done, result) = trainer.run(x.view(), 4, 7, 3, interrupt::NEVER);
            assert!(result.is_ok() && done == 4 && trainer.epochs() == 4);
            for e in 0..4 {
                let mut r = rng::stream(9, 3 + e);
                epoch(&mut rbm, &mut opt, &mut chains, x.view(), &config, &mut r).unwrap();
            }
            assert_eq!(trainer.rbm(), &rbm);
            assert_eq!(trainer.optimizer(), &opt);
            assert_eq!(trainer.chains(), &chains);
        }
    }

    #[test]
    fn an_interrupted_run_keeps_the_finished_epochs_only() {
        let x = data(8, 40);
        let (rbm, opt, chains, config) = trainer_parts(true);
        let mut reference =
            Trainer::new(rbm.clone(), opt.clone(), chains.clone(), config.clone(), 9).unwrap();
        let (_, result) = reference.run(x.view(), 2, 7, 0, interrupt::NEVER);
        result.unwrap();
        // An epoch polls 6 mini-batches × (1 + k) times: stop inside the third epoch.
        let polls = std::sync::atomic::AtomicUsize::new(0);
        let stop = || polls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 2 * 18 + 5;
        let mut trainer = Trainer::new(rbm, opt, chains, config, 9).unwrap();
        let (done, result) = trainer.run(x.view(), 10, 7, 0, &stop);
        assert!(matches!(result, Err(Error::Interrupted)));
        assert_eq!((done, trainer.epochs()), (2, 2));
        assert_eq!(trainer.rbm(), reference.rbm());
        assert_eq!(trainer.optimizer(), reference.optimizer());
        assert_eq!(trainer.chains(), reference.chains());
        assert_ne!(
            trainer.rbm().params(),
            Rbm::random(Visible::Bernoulli, 8, 6, 0.01, 1)
                .unwrap()
                .params()
        );
    }

    /// The loss gradient (or centred direction) of one update on `x` from chains at 0,
    /// with random stream (seed, 0).
    fn one_update(
        rbm: &Rbm,
        x: &Array2<f64>,
        offsets: Option<&mut Offsets>,
        seed: u64,
    ) -> Vec<f64> {
        let mut ws = Workspace::default();
        ws.x_data.extend(x.iter());
        let mut chains = vec![0.0; 9 * rbm.n_hidden()];
        let mut r = rng::stream(seed, 0);
        loss_gradient(
            rbm,
            x.nrows(),
            Some(&mut chains),
            3,
            1e-2,
            offsets,
            &mut r,
            &mut ws,
            interrupt::NEVER,
        )
        .unwrap();
        ws.grad.clone()
    }

    #[test]
    fn centring_at_zero_offsets_is_the_ordinary_gradient() {
        let rbm = tiny(Visible::Bernoulli, 5, 3, 2);
        let x = data(5, 12);
        let mut zero = Offsets {
            visible: vec![0.0; 5],
            hidden: vec![0.0; 3],
            rate: 0.0,
        };
        assert_eq!(
            one_update(&rbm, &x, Some(&mut zero), 7),
            one_update(&rbm, &x, None, 7)
        );
    }

    #[test]
    fn the_centred_direction_is_a_at_transpose_times_the_ordinary_gradient() {
        // θ = (a, b, W) as a function of the centred θ′ = (a′, b′, W): a = a′ − W λ,
        // b = b′ − Wᵀ μ. Descent in θ′ moves θ by −η A Aᵀ G with A = ∂θ/∂θ′ (built
        // here column by column) and G the ordinary loss gradient on the same draws.
        let (m, nh) = (5, 3);
        let rbm = tiny(Visible::Bernoulli, m, nh, 2);
        let x = data(m, 12);
        let mut offsets = Offsets {
            visible: vec![0.3, 0.9, 0.1, 0.5, 0.7],
            hidden: vec![0.2, 0.6, 0.8],
            rate: 0.25,
        };
        let centred = one_update(&rbm, &x, Some(&mut offsets), 7);
        let plain = one_update(&rbm, &x, None, 7);
        // the offsets moved towards the batch means by ν = 1/4
        let mean_x0 = x.column(0).mean().unwrap();
        assert!((offsets.visible[0] - (0.75 * 0.3 + 0.25 * mean_x0)).abs() < 1e-15);
        let (mu, lam) = (&offsets.visible, &offsets.hidden);
        let to_ordinary = |t: &[f64]| -> Vec<f64> {
            let mut out = t.to_vec();
            for k in 0..m {
                for j in 0..nh {
                    let w = t[m + nh + k * nh + j];
                    out[k] -= w * lam[j];
                    out[m + j] -= w * mu[k];
                }
            }
            out
        };
        let p = n_params(m, nh);
        let mut a = Array2::<f64>::zeros((p, p));
        for i in 0..p {
            let mut e = vec![0.0; p];
            e[i] = 1.0;
            a.column_mut(i)
                .assign(&ndarray::Array1::from(to_ordinary(&e)));
        }
        let g = ndarray::Array1::from(plain.clone());
        let expected = a.dot(&a.t().dot(&g));
        for i in 0..p {
            assert!(
                (centred[i] - expected[i]).abs() < 1e-12 * (1.0 + expected[i].abs()),
                "{i}: {} vs {}",
                centred[i],
                expected[i]
            );
        }
        assert!(centred
            .iter()
            .zip(&plain)
            .any(|(c, p)| (c - p).abs() > 1e-3));
    }

    #[test]
    fn centred_exact_descent_reaches_the_ordinary_maximum_likelihood_fixed_point() {
        // Exact gradients by enumeration: descent along the ordinary gradient and
        // along the centred direction (offsets at the data means) from the same start
        // end at the same model, where the exact gradient vanishes. The data: the 16
        // states of 4 bits, state i (bits of i, highest first) repeated counts[i]
        // times (400 P(x) of a one-hidden-unit RBM, rounded): the maximum is finite.
        let (m, nh) = (4, 1);
        let counts = [11, 14, 5, 7, 25, 37, 10, 14, 19, 28, 7, 10, 62, 99, 20, 32];
        let rows: Vec<f64> = (0..16usize)
            .flat_map(|i| {
                let state: Vec<f64> = (0..m).map(|k| ((i >> (m - 1 - k)) & 1) as f64).collect();
                std::iter::repeat_n(state, counts[i]).flatten()
            })
            .collect();
        let x = Array2::from_shape_vec((rows.len() / m, m), rows).unwrap();
        let start = Rbm::random(Visible::Bernoulli, m, nh, 0.3, 5).unwrap();
        let mean_x: Vec<f64> = x.mean_axis(Axis(0)).unwrap().to_vec();
        let descend = |centred: bool| {
            let mut rbm = start.clone();
            let lam = rbm
                .hidden_probabilities(x.view())
                .mean_axis(Axis(0))
                .unwrap()
                .to_vec();
            for _ in 0..60_000 {
                let mut g: Vec<f64> = exact::log_likelihood_gradient(&rbm, x.view())
                    .unwrap()
                    .iter()
                    .map(|v| -v)
                    .collect();
                if centred {
                    center_gradient(&mut g, &mean_x, &lam);
                }
                rbm.params_mut()
                    .iter_mut()
                    .zip(&g)
                    .for_each(|(p, g)| *p -= g);
            }
            rbm
        };
        let (plain, centred) = (descend(false), descend(true));
        for rbm in [&plain, &centred] {
            let g = exact::log_likelihood_gradient(rbm, x.view()).unwrap();
            let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
            assert!(norm < 2e-5, "gradient norm {norm}");
        }
        let ll = |rbm: &Rbm| {
            exact::log_likelihood(rbm, x.view())
                .unwrap()
                .mean()
                .unwrap()
        };
        assert!(
            (ll(&plain) - ll(&centred)).abs() < 1e-8,
            "{} vs {}",
            ll(&plain),
            ll(&centred)
        );
        // the same distribution (the parameters may differ by the symmetry h -> 1 - h)
        let states = Array2::from_shape_fn((16, m), |(i, k)| ((i >> (m - 1 - k)) & 1) as f64);
        let (lp, lc) = (
            exact::log_likelihood(&plain, states.view()).unwrap(),
            exact::log_likelihood(&centred, states.view()).unwrap(),
        );
        for (p, c) in lp.iter().zip(&lc) {
            assert!((p - c).abs() < 1e-3, "ln P: {p} vs {c}");
        }
    }

    #[test]
    fn a_centred_run_keeps_its_offsets_and_refuses_bad_ones() {
        let x = data(8, 40);
        let (rbm, opt, chains, config) = trainer_parts(true);
        let offsets = Offsets {
            visible: vec![0.5; 8],
            hidden: vec![0.5; 6],
            rate: 0.01,
        };
        let mut a = Trainer::new(rbm.clone(), opt.clone(), chains.clone(), config.clone(), 9)
            .unwrap()
            .with_offsets(offsets.clone())
            .unwrap();
        let (done, result) = a.run(x.view(), 3, 7, 0, interrupt::NEVER);
        assert!(result.is_ok() && done == 3);
        assert_ne!(a.offsets().unwrap(), &offsets);
        // three epochs in one run = one epoch in each of three runs handing over the state
        let mut b = Trainer::new(rbm.clone(), opt.clone(), chains.clone(), config.clone(), 9)
            .unwrap()
            .with_offsets(offsets.clone())
            .unwrap();
        for e in 0..3 {
            let state = (
                b.rbm().clone(),
                b.optimizer().clone(),
                b.chains().clone(),
                b.offsets().unwrap().clone(),
            );
            b = Trainer::new(state.0, state.1, state.2, config.clone(), 9)
                .unwrap()
                .with_offsets(state.3)
                .unwrap();
            b.run(x.view(), 1, 7, e, interrupt::NEVER).1.unwrap();
        }
        assert_eq!(a.rbm(), b.rbm());
        assert_eq!(a.offsets(), b.offsets());
        let bad = |o: Offsets| {
            Trainer::new(rbm.clone(), opt.clone(), chains.clone(), config.clone(), 9)
                .unwrap()
                .with_offsets(o)
                .err()
                .unwrap()
                .to_string()
        };
        assert!(bad(Offsets {
            rate: 1.5,
            ..offsets.clone()
        })
        .contains("centering_rate"));
        assert!(bad(Offsets {
            hidden: vec![0.5; 5],
            ..offsets.clone()
        })
        .contains("offsets"));
        assert!(bad(Offsets {
            hidden: vec![f64::NAN; 6],
            ..offsets.clone()
        })
        .contains("offsets"));
        let gauss = Rbm::random(Visible::Gaussian { sigma: 1.0 }, 8, 6, 0.01, 1).unwrap();
        let err = Trainer::new(gauss, opt, chains, config, 9)
            .unwrap()
            .with_offsets(offsets);
        assert!(err.err().unwrap().to_string().contains("centering"));
    }

    #[test]
    fn sampling_matches_the_exact_marginals_and_ignores_threads() {
        let rbm = tiny(Visible::Bernoulli, 5, 3, 8);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| sample(&rbm, 20_000, 50, 1).unwrap())
        };
        let s = run(1);
        assert_eq!(s, run(2));
        // E[x] under the model, by enumeration (the a-block of the model statistics).
        let exact = exact::model_statistics(&rbm).unwrap();
        let mean = s.mean_axis(Axis(0)).unwrap();
        for k in 0..5 {
            let se = (exact[k] * (1.0 - exact[k]) / 20_000.0).sqrt();
            assert!(
                (mean[k] - exact[k]).abs() < 5.0 * se,
                "unit {k}: {} vs {}",
                mean[k],
                exact[k]
            );
        }
    }
}
