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
    /// they were). Compiled for AVX-512 or AVX2 when the CPU has them (same
    /// arithmetic, same numbers).
    #[allow(clippy::too_many_arguments)]
    fn loss_gradient(
        rbm: &Rbm,
        n: usize,
        chains: Option<&mut [f64]>,
        k: usize,
        weight_decay: f64,
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
/// every mini-batch and every Gibbs sweep. An interrupted epoch leaves the updates
/// of its finished mini-batches in place.
#[allow(clippy::too_many_arguments)]
fn epoch_in(
    rbm: &mut Rbm,
    optimizer: &mut Optimizer,
    chains: &mut [f64],
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
/// momentum), the persistent chains, the settings and the buffers of the updates.
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
        })
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
            );
            let mut rng = rng::stream(self.seed, stream.wrapping_add(e));
            let chains = self.chains.as_slice_mut().expect("standard layout");
            let done = epoch_in(
                &mut self.rbm,
                &mut self.optimizer,
                chains,
                x,
                &config,
                &mut rng,
                &mut self.ws,
                interrupt,
            );
            if let Err(err) = done {
                let (params, optimizer, chains) = saved;
                self.rbm.params_mut().copy_from_slice(&params);
                self.optimizer = optimizer;
                self.chains = chains;
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
