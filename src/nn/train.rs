//! Mini-batch training with stopping rules in the manner of scikit-learn's
//! `MLPRegressor`/`MLPClassifier`.
//!
//! One epoch: shuffle the sample order with the random stream (seed, 1 + epoch), cut
//! it into batches of `batch_size`, and for each batch B take one optimiser step on
//! J_B = L_B + penalty, where the penalty strengths are divided by |B|
//! ([`PenaltyScale::Batch`], scikit-learn's MLP convention) or by the number of
//! training samples N ([`PenaltyScale::Dataset`], so that every batch estimates the
//! gradient of the one objective 1/N Σ ℓ + (λ₂/2N)‖W‖² + (λ₁/N)‖W‖₁). The epoch loss
//! is Σ_B |B| J_B / N.
//!
//! Sample weights ([`Trainer::with_sample_weights`]) follow scikit-learn's MLP: in
//! batch B with weights s_i the loss is the weighted mean 1/S_B Σ_{i∈B} s_i ℓ_i,
//! S_B = Σ_{i∈B} s_i, and the penalty is divided by S_B instead of |B|
//! ([`PenaltyScale::Batch`]); the validation score is weighted too. Weights may be
//! negative, as in scikit-learn; a batch whose weights are all zero has no objective
//! (it takes no step and adds nothing to the epoch loss), and one whose weights of
//! mixed sign sum to zero is an error (scikit-learn divides by zero there). With
//! [`PenaltyScale::Dataset`] the normaliser is positive so that every batch estimates
//! a positive multiple of Σ_i s_i ℓ_i + penalty: the data term of batch B is
//! 1/A_B Σ_{i∈B} s_i ℓ_i and the penalty is divided by A = Σ_i |s_i|, with
//! A_B = Σ_{i∈B} |s_i| (= S_B and S for non-negative weights).
//!
//! Each batch's weights are rescaled by their own power of two, u_i = s_i 2^−e_B with
//! max_{i∈B} |u_i| ∈ [1, 2): the weighted mean of the batch is unchanged, and the
//! penalty strengths λ/S_B become (λ/U_B) 2^−e_B, so a batch's step depends only on
//! the ratios of the weights inside it (as in scikit-learn, which divides by S_B), and
//! multiplying the weights of any batch by 2^k changes no number, bit for bit, from
//! subnormal weights to 1e300. With [`PenaltyScale::Dataset`] the penalty λ/A uses
//! the weights rescaled by one power of two for the whole data set. When the scaled
//! penalty itself overflows (tiny weights with a penalty), the objective is not
//! representable and training stops with an error naming `sample_weight`.
//!
//! An L1 penalty is applied by the optimiser's proximal step
//! ([`Optimizer::step_proximal`]), so weights it removes are exactly zero; the L2
//! penalty enters the gradient.
//!
//! Stopping: an epoch "does not improve" when the training loss exceeds the best loss
//! so far minus `tol` (or, with a validation set, when the validation score is below
//! the best score plus `tol`). After more than `n_iter_no_change` such epochs in a row,
//! training stops — or, with the adaptive schedule, η₀ is divided by 5 and training
//! goes on until η₀ ≤ 10⁻⁶. With a validation set, the parameters of the best
//! validation score are restored at the end ([`Trainer::finish`]).

use std::time::{Duration, Instant};

use ndarray::{s, Array2, ArrayView2, Axis};
use rand::seq::SliceRandom;

use super::loss::Loss;
use super::network::{
    binary_exponent, check_sample_weight, gather_rows, normalize_weights, scale_by_power_of_two,
    Network, Penalty, Workspace,
};
use super::optim::Optimizer;
use crate::error::{Error, Result};
use crate::rng;

/// What the penalty strengths are divided by in each batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PenaltyScale {
    /// The batch size (scikit-learn's MLP).
    Batch,
    /// The number of training samples (one objective for every batch size).
    Dataset,
}

/// Validation score for early stopping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Score {
    /// Coefficient of determination, averaged uniformly over the outputs.
    R2,
    /// Fraction of samples whose predicted labels all equal the targets (argmax for a
    /// softmax output, threshold ½ otherwise).
    Accuracy,
}

/// Hyper-parameters of a training run.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Samples per optimiser step (capped at the number of samples).
    pub batch_size: usize,
    /// Epochs of this run.
    pub max_epochs: usize,
    /// Reshuffle the samples every epoch.
    pub shuffle: bool,
    /// Minimum improvement of the loss (or validation score) that counts.
    pub tol: f64,
    /// Epochs without improvement tolerated before stopping.
    pub n_iter_no_change: usize,
    /// Penalty strengths α (before scaling).
    pub penalty: Penalty,
    /// How the penalty is scaled per batch.
    pub penalty_scale: PenaltyScale,
    /// Divide η₀ by 5 instead of stopping when training stalls.
    pub adaptive: bool,
    /// Validation score used with a validation set.
    pub score: Score,
    /// Seed of the shuffling streams.
    pub seed: u64,
}

impl TrainConfig {
    /// **Errors** on a zero batch size or epoch count, a negative `tol` or penalty,
    /// or `n_iter_no_change` = 0.
    pub fn validate(&self) -> Result<()> {
        if self.batch_size == 0 {
            return Err(Error::param("batch_size", "must be >= 1", 0));
        }
        if self.max_epochs == 0 {
            return Err(Error::param("max_iter", "must be >= 1", 0));
        }
        if self.n_iter_no_change == 0 {
            return Err(Error::param("n_iter_no_change", "must be >= 1", 0));
        }
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(Error::param("tol", "must be >= 0", self.tol));
        }
        self.penalty.validate()
    }
}

/// Counters carried from one training run to the next (warm starts, `partial_fit`).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainState {
    /// Epochs done in all runs (sets the shuffling stream of the next epoch).
    pub epochs: usize,
    /// Training samples seen in all runs.
    pub samples_seen: u64,
    /// Lowest training loss so far.
    pub best_loss: f64,
    /// Highest validation score so far.
    pub best_score: f64,
    /// Consecutive epochs without improvement.
    pub no_improvement: usize,
}

impl Default for TrainState {
    fn default() -> Self {
        TrainState {
            epochs: 0,
            samples_seen: 0,
            best_loss: f64::INFINITY,
            best_score: f64::NEG_INFINITY,
            no_improvement: 0,
        }
    }
}

/// A training run in progress: call [`Trainer::epoch`] (or [`Trainer::run_for`])
/// until [`Trainer::done`], then [`Trainer::finish`].
#[derive(Clone, Debug)]
pub struct Trainer {
    network: Network,
    optimizer: Optimizer,
    config: TrainConfig,
    x: Array2<f64>,
    y: Array2<f64>,
    validation: Option<(Array2<f64>, Array2<f64>)>,
    state: TrainState,
    epochs_this_run: usize,
    converged: bool,
    loss_curve: Vec<f64>,
    validation_scores: Vec<f64>,
    learning_rate_changes: Vec<(usize, f64)>,
    best_params: Vec<f64>,
    weights: Option<Vec<f64>>,
    validation_weights: Option<Vec<f64>>,
    weight_exponent: i32,
    weight_abs_total: f64,
    batch_weights: Vec<f64>,
    worst_cancellation: Option<(f64, usize)>,
    weight_ranges: Vec<std::ops::Range<usize>>,
    train_biases: bool,
    order: Vec<usize>,
    grad: Vec<f64>,
    ws: Workspace,
}

impl Trainer {
    /// A run on inputs `x` and targets `y` (one row per sample), with an optional
    /// validation set for early stopping.
    ///
    /// **Errors** on invalid hyper-parameters, empty data, mismatched shapes,
    /// non-finite values or targets the loss does not accept.
    pub fn new(
        network: Network,
        optimizer: Optimizer,
        config: TrainConfig,
        x: Array2<f64>,
        y: Array2<f64>,
        validation: Option<(Array2<f64>, Array2<f64>)>,
        state: TrainState,
    ) -> Result<Self> {
        config.validate()?;
        if x.nrows() == 0 {
            return Err(Error::Shape("X must have at least one sample".into()));
        }
        let check = |x: &Array2<f64>, y: &Array2<f64>, what: &str| -> Result<()> {
            if x.ncols() != network.n_inputs() {
                return Err(Error::Shape(format!(
                    "{what}X has {} features but the network expects {}",
                    x.ncols(),
                    network.n_inputs()
                )));
            }
            crate::error::check_finite("X", x.iter())?;
            network.check_targets(x.nrows(), &y.view())
        };
        check(&x, &y, "")?;
        if let Some((xv, yv)) = &validation {
            if xv.nrows() == 0 {
                return Err(Error::Shape(
                    "the validation set must have at least one sample".into(),
                ));
            }
            check(xv, yv, "validation ")?;
        }
        let capacity = config.batch_size.min(x.nrows());
        let widths: Vec<usize> = std::iter::once(network.n_inputs())
            .chain(network.layers().iter().map(|l| l.n_out))
            .collect();
        super::network::check_size("batch_size", &widths, capacity)?;
        let ws = Workspace::new(&network, capacity);
        let n_params = network.params().len();
        Ok(Trainer {
            best_params: network.params().to_vec(),
            weights: None,
            validation_weights: None,
            weight_exponent: 0,
            weight_abs_total: x.nrows() as f64,
            batch_weights: Vec::new(),
            worst_cancellation: None,
            weight_ranges: network.layers().iter().map(|l| l.weight_range()).collect(),
            train_biases: true,
            order: (0..x.nrows()).collect(),
            grad: vec![0.0; n_params],
            network,
            optimizer,
            config,
            x,
            y,
            validation,
            state,
            epochs_this_run: 0,
            converged: false,
            loss_curve: Vec::new(),
            validation_scores: Vec::new(),
            learning_rate_changes: Vec::new(),
            ws,
        })
    }

    /// Weigh the training samples by `train` and the validation samples by
    /// `validation` (see the module documentation; each batch of training weights
    /// and the validation weights are rescaled by powers of two, which changes no
    /// result).
    ///
    /// **Errors** naming `sample_weight` unless each is one finite weight per sample,
    /// not all zero (the validation weights must not sum to zero), or if validation
    /// weights come without a validation set.
    pub fn with_sample_weights(
        mut self,
        train: Option<Vec<f64>>,
        validation: Option<Vec<f64>>,
    ) -> Result<Self> {
        if let Some(w) = &train {
            check_sample_weight(w, self.x.nrows())?;
            let (u, e) = normalize_weights(w);
            self.weight_abs_total = u.iter().map(|v| v.abs()).sum();
            self.weight_exponent = e;
            self.batch_weights = vec![0.0; self.ws.capacity()];
            self.weights = Some(w.clone());
        }
        if let Some(w) = &validation {
            let Some((xv, _)) = &self.validation else {
                return Err(Error::Shape(
                    "validation sample_weight given without a validation set".into(),
                ));
            };
            check_sample_weight(w, xv.nrows())?;
            let (u, _) = normalize_weights(w);
            if u.iter().sum::<f64>() == 0.0 {
                return Err(Error::param(
                    "sample_weight",
                    "must not sum to zero on the validation set (the weighted score divides by the sum)",
                    0,
                ));
            }
            self.validation_weights = Some(u);
        }
        Ok(self)
    }

    /// Keep every bias at its current value: the bias gradients are set to zero
    /// before each step (biases are not penalised, so with zero gradients no
    /// optimiser moves them). A linear model without intercept starts its biases at
    /// zero and freezes them.
    pub fn freeze_biases(mut self) -> Self {
        self.train_biases = false;
        self
    }

    /// The network being trained.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The optimiser with its state.
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    /// Counters across runs.
    pub fn state(&self) -> &TrainState {
        &self.state
    }

    /// Training loss of every epoch of this run.
    pub fn loss_curve(&self) -> &[f64] {
        &self.loss_curve
    }

    /// Validation score of every epoch of this run (empty without a validation set).
    pub fn validation_scores(&self) -> &[f64] {
        &self.validation_scores
    }

    /// (epoch of this run, new η₀) each time the adaptive schedule divided η₀ by 5.
    pub fn learning_rate_changes(&self) -> &[(usize, f64)] {
        &self.learning_rate_changes
    }

    /// Epochs done in this run.
    pub fn epochs_this_run(&self) -> usize {
        self.epochs_this_run
    }

    /// True once the stopping rule fired (as opposed to running out of epochs).
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// True when training should end.
    pub fn done(&self) -> bool {
        self.converged || self.epochs_this_run >= self.config.max_epochs
    }

    /// One epoch over the training data; returns its loss.
    ///
    /// **Errors** with [`Error::Numerical`] if the loss stops being finite (the
    /// learning rate is too large).
    pub fn epoch(&mut self) -> Result<f64> {
        let n = self.x.nrows();
        if self.config.shuffle {
            let mut r = rng::stream(self.config.seed, 1 + self.state.epochs as u64);
            self.order.shuffle(&mut r);
        }
        let capacity = self.ws.capacity();
        let mut total = 0.0;
        for batch in self.order.chunks(capacity) {
            let nb = batch.len();
            let mut batch_exponent = 0;
            let weights = match &self.weights {
                None => None,
                Some(w) => {
                    let max = batch.iter().fold(0.0f64, |m, &r| m.max(w[r].abs()));
                    if max == 0.0 {
                        continue;
                    }
                    batch_exponent = binary_exponent(max);
                    for (b, &r) in self.batch_weights.iter_mut().zip(batch) {
                        *b = scale_by_power_of_two(w[r], -batch_exponent);
                    }
                    let u = &self.batch_weights[..nb];
                    if self.config.penalty_scale == PenaltyScale::Batch {
                        let sum: f64 = u.iter().sum();
                        let ratio = sum.abs() / u.iter().map(|v| v.abs()).sum::<f64>();
                        if self.worst_cancellation.is_none_or(|(r, _)| ratio < r) {
                            self.worst_cancellation = Some((ratio, self.state.epochs + 1));
                        }
                    }
                    Some(u)
                }
            };
            let (normaliser, penalty) = batch_normaliser(
                &self.config,
                weights,
                nb,
                n,
                (self.weight_abs_total, self.weight_exponent),
                batch_exponent,
                self.state.epochs + 1,
            )?;
            let (input, target) = self.ws.batch_mut();
            gather_rows(&self.x.view(), batch, &mut input.view_mut());
            gather_rows(&self.y.view(), batch, &mut target.view_mut());
            let smooth = Penalty {
                l1: 0.0,
                l2: penalty.l2,
            };
            let mut j = self.network.loss_and_gradient_in(
                nb,
                weights.map(|w| (w, normaliser)),
                smooth,
                &mut self.ws,
                &mut self.grad,
            );
            if penalty.l1 != 0.0 {
                j += self.network.penalty_value(Penalty {
                    l1: penalty.l1,
                    l2: 0.0,
                });
            }
            total += j * nb as f64;
            if !self.train_biases {
                for layer in self.network.layers() {
                    self.grad[layer.bias_range()].fill(0.0);
                }
            }
            self.optimizer.step_proximal(
                self.network.params_mut(),
                &self.grad,
                penalty.l1,
                &self.weight_ranges,
            )?;
        }
        let loss = total / n as f64;
        if !loss.is_finite() {
            // a batch whose weights nearly cancel multiplies its step by Σ|s_i| / |S_B|
            let cancelling = match self.worst_cancellation {
                Some((ratio, epoch)) if ratio < 1e-2 => format!(
                    " (or change the sample_weight: in a mini-batch of epoch {epoch} its sum S_B is \
                     {ratio:.1e} times Σ|s_i|, and the weighted mean loss 1/S_B Σ s_i ℓ_i divides by it, \
                     which makes that step huge; change batch_size, shuffle or random_state)"
                ),
                _ => String::new(),
            };
            return Err(Error::Numerical(format!(
                "training diverged: the loss is {loss} at epoch {}; lower learning_rate_init{cancelling}",
                self.state.epochs + 1
            )));
        }
        self.state.epochs += 1;
        self.state.samples_seen += n as u64;
        self.epochs_this_run += 1;
        self.loss_curve.push(loss);
        self.update_stopping(loss)?;
        Ok(loss)
    }

    fn update_stopping(&mut self, loss: f64) -> Result<()> {
        let tol = self.config.tol;
        let s = &mut self.state;
        if let Some((xv, yv)) = &self.validation {
            let score = score(
                &self.network,
                self.config.score,
                xv.view(),
                yv.view(),
                self.validation_weights.as_deref(),
                &mut self.ws,
            );
            self.validation_scores.push(score);
            s.no_improvement = if score < s.best_score + tol {
                s.no_improvement + 1
            } else {
                0
            };
            if score > s.best_score {
                s.best_score = score;
                self.best_params.copy_from_slice(self.network.params());
            }
        } else {
            s.no_improvement = if loss > s.best_loss - tol {
                s.no_improvement + 1
            } else {
                0
            };
        }
        s.best_loss = s.best_loss.min(loss);
        if s.no_improvement > self.config.n_iter_no_change {
            let eta = self.optimizer.learning_rate();
            if self.config.adaptive && eta > 1e-6 {
                self.optimizer.set_learning_rate(eta / 5.0)?;
                self.learning_rate_changes
                    .push((self.epochs_this_run, eta / 5.0));
                s.no_improvement = 0;
            } else {
                self.converged = true;
            }
        }
        Ok(())
    }

    /// Run epochs until done or until `budget` has elapsed (at least one epoch).
    ///
    /// **Errors** as [`Trainer::epoch`].
    pub fn run_for(&mut self, budget: Duration) -> Result<()> {
        let start = Instant::now();
        while !self.done() {
            self.epoch()?;
            if start.elapsed() >= budget {
                break;
            }
        }
        Ok(())
    }

    /// With a validation set, restore the parameters of the best validation score.
    pub fn finish(&mut self) {
        if !self.validation_scores.is_empty() {
            let best = std::mem::take(&mut self.best_params);
            self.network.params_mut().copy_from_slice(&best);
            self.best_params = best;
        }
    }

    /// The network, optimiser and counters, ending the run.
    pub fn into_parts(self) -> (Network, Optimizer, TrainState) {
        (self.network, self.optimizer, self.state)
    }
}

/// The normaliser of the weighted mean loss of a batch with `weights` rescaled by
/// its own power of two, u = s 2^−`batch_exponent` (not all zero), and the penalty
/// strengths divided as [`PenaltyScale`] says: the batch size `batch_len` or the
/// number of samples `n` without weights (the normaliser is then unused); with
/// weights, U_B = Σ_B u_i (its penalty λ/S_B = (λ/U_B) 2^−e_B) for
/// [`PenaltyScale::Batch`], A_B = Σ_B |u_i| (penalty (λ/A') 2^−e with
/// `dataset_abs_total` = (A', e), A = A' 2^e = Σ_i |s_i|) for [`PenaltyScale::Dataset`].
///
/// **Errors** naming `sample_weight` if U_B = 0 or the scaled penalty overflows.
fn batch_normaliser(
    config: &TrainConfig,
    weights: Option<&[f64]>,
    batch_len: usize,
    n: usize,
    dataset_abs_total: (f64, i32),
    batch_exponent: i32,
    epoch: usize,
) -> Result<(f64, Penalty)> {
    let (normaliser, penalty_denominator, exponent) = match (config.penalty_scale, weights) {
        (PenaltyScale::Batch, None) => {
            return Ok((0.0, config.penalty.scaled(1.0 / batch_len as f64)))
        }
        (PenaltyScale::Dataset, None) => return Ok((0.0, config.penalty.scaled(1.0 / n as f64))),
        (PenaltyScale::Batch, Some(w)) => {
            let sum: f64 = w.iter().sum();
            (sum, sum, batch_exponent)
        }
        (PenaltyScale::Dataset, Some(w)) => (
            w.iter().map(|v| v.abs()).sum(),
            dataset_abs_total.0,
            dataset_abs_total.1,
        ),
    };
    if normaliser == 0.0 {
        return Err(Error::param(
            "sample_weight",
            &format!(
                "must not sum to zero over a mini-batch: the weighted mean loss 1/S_B Σ_{{i∈B}} s_i ℓ_i \
                 divides by it (weights of mixed sign cancel in a batch of epoch {epoch}; change \
                 batch_size, shuffle or random_state)"
            ),
            0,
        ));
    }
    // (λ/U) 2^−e computed as (m/U) 2^(k−e) with λ = m 2^k, m ∈ [1, 2): one rounding,
    // also when λ is subnormal (λ and the weights scaled down together)
    let scale = |l: f64| {
        if l == 0.0 {
            return 0.0;
        }
        let k = binary_exponent(l);
        scale_by_power_of_two(
            scale_by_power_of_two(l, -k) * (1.0 / penalty_denominator),
            k - exponent,
        )
    };
    let penalty = Penalty {
        l1: scale(config.penalty.l1),
        l2: scale(config.penalty.l2),
    };
    if !(penalty.l1.is_finite() && penalty.l2.is_finite()) {
        let total = scale_by_power_of_two(penalty_denominator, exponent);
        let strength = config.penalty.l1.max(config.penalty.l2);
        return Err(Error::param(
            "sample_weight",
            "is too small for the penalty: the penalty strength (alpha, or 1/C) divided by the total \
             sample_weight of a batch exceeds the float64 range (1.8e308); only their ratio matters, so \
             scale sample_weight up or lower the penalty",
            format!("a total weight of {total:e} with penalty strength {strength:e}"),
        ));
    }
    Ok((normaliser, penalty))
}

/// The validation score of `network` on (`x`, `y`), predicted in batches of the
/// workspace capacity; with `weights` (one per row) the weighted R² (weighted mean
/// and sums of squares, as scikit-learn's `r2_score`) or weighted accuracy.
pub fn score(
    network: &Network,
    kind: Score,
    x: ArrayView2<f64>,
    y: ArrayView2<f64>,
    weights: Option<&[f64]>,
    ws: &mut Workspace,
) -> f64 {
    let n = x.nrows();
    let k = y.ncols();
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    match kind {
        Score::R2 => {
            let mean = match weights {
                None => y.mean_axis(Axis(0)).expect("non-empty"),
                Some(w) => {
                    let total: f64 = w.iter().sum();
                    let mut mean = ndarray::Array1::zeros(k);
                    for (row, &wi) in y.rows().into_iter().zip(w) {
                        mean.scaled_add(wi, &row);
                    }
                    mean / total
                }
            };
            let mut ss_tot = vec![0.0; k];
            for (i, row) in y.rows().into_iter().enumerate() {
                for j in 0..k {
                    ss_tot[j] += weight(i) * (row[j] - mean[j]).powi(2);
                }
            }
            let mut ss_res = vec![0.0; k];
            network.for_each_batch(x, ws, |_, nb, start, ws| {
                let out = ws.output(nb);
                let yb = y.slice(s![start..start + nb, ..]);
                for (i, (o, t)) in out.rows().into_iter().zip(yb.rows()).enumerate() {
                    for j in 0..k {
                        ss_res[j] += weight(start + i) * (o[j] - t[j]).powi(2);
                    }
                }
            });
            let r2: f64 = (0..k)
                .map(|j| match (ss_res[j] == 0.0, ss_tot[j] == 0.0) {
                    (true, _) => 1.0,
                    (false, true) => 0.0,
                    _ => 1.0 - ss_res[j] / ss_tot[j],
                })
                .sum();
            r2 / k as f64
        }
        Score::Accuracy => {
            let argmax = network.loss() == Loss::CategoricalCrossEntropy;
            let mut correct = 0.0;
            network.for_each_batch(x, ws, |_, nb, start, ws| {
                let out = ws.output(nb);
                let yb = y.slice(s![start..start + nb, ..]);
                for (i, (o, t)) in out.rows().into_iter().zip(yb.rows()).enumerate() {
                    let ok = if argmax {
                        arg_max(o.iter()) == arg_max(t.iter())
                    } else {
                        o.iter()
                            .zip(t.iter())
                            .all(|(&o, &t)| (o > 0.5) == (t > 0.5))
                    };
                    if ok {
                        correct += weight(start + i);
                    }
                }
            });
            correct / weights.map_or(n as f64, |w| w.iter().sum())
        }
    }
}

fn arg_max<'a>(values: impl Iterator<Item = &'a f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, &v) in values.enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best.0
}

#[cfg(test)]
mod tests;
