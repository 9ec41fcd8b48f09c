//! A feed-forward network: dense layers, a loss, and one flat parameter vector
//! (layer by layer: W₁, b₁, W₂, b₂, …) that the optimisers of [`super::optim`] update.
//!
//! The objective on a batch of n samples is
//! J = L(a_L, y) + (λ₂/2) Σ_l ‖W_l‖² + λ₁ Σ_l ‖W_l‖₁
//! with L the mean loss of [`Loss`]; biases are not penalised. Its gradient comes from
//! backpropagation (Rumelhart, Hinton & Williams 1986): δ_L = ∂L/∂z_L from the loss,
//! δ_{l−1} = f'_{l−1} ⊙ (δ_l W_lᵀ), ∂J/∂W_l = a_{l−1}ᵀ δ_l + λ₂ W_l + λ₁ sign(W_l),
//! ∂J/∂b_l = Σ_rows δ_l.
//!
//! With per-sample weights s_i (S = Σ s_i ≠ 0; weights may be negative, as in
//! scikit-learn) the mean loss is the weighted mean 1/S Σ_i s_i ℓ_i (see
//! [`Loss::output_delta`]); only δ_L changes. The weighted mean does not change when
//! every weight is multiplied by one factor, so weights are first brought to
//! max |s_i| ∈ [1, 2) by an exact power of two ([`normalize_weights`]): weights of
//! any magnitude (subnormal 1e-320 or 1e300) give the same numbers as the rescaled
//! ones, with no underflow in s_i (a_i − y_i) and no overflow in S.

use ndarray::{s, Array2, ArrayView2, ArrayViewMut2};
use rand_distr::{Distribution, Normal, Uniform};

use super::activation::Activation;
use super::layer::Dense;
use super::loss::Loss;
use crate::error::{Error, Result};
use crate::rng;
use crate::simd::widest_simd;

/// Weight initialisation; biases start at zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// Glorot & Bengio (2010): W ~ U(−r, r), r = √(6 / (n_in + n_out)).
    Glorot,
    /// He et al. (2015): W ~ N(0, 2 / n_in), for ReLU-like activations.
    He,
    /// W ~ N(0, std²).
    Normal { std: f64 },
}

impl Init {
    /// `"glorot"` (or `"xavier"`), `"he"`, `"normal"` (with `std`).
    ///
    /// **Errors** for an unknown name or std ≤ 0.
    pub fn from_name(name: &str, std: f64) -> Result<Self> {
        match name {
            "glorot" | "xavier" => Ok(Init::Glorot),
            "he" => Ok(Init::He),
            "normal" => {
                if std.is_finite() && std > 0.0 {
                    Ok(Init::Normal { std })
                } else {
                    Err(Error::param("init_std", "must be > 0", std))
                }
            }
            other => Err(Error::param(
                "init",
                "must be one of glorot, he, normal",
                format!("'{other}'"),
            )),
        }
    }
}

/// Penalty strengths λ₁ (L1, lasso) and λ₂ (L2, ridge) on the weights.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Penalty {
    /// λ₁ ≥ 0.
    pub l1: f64,
    /// λ₂ ≥ 0.
    pub l2: f64,
}

impl Penalty {
    /// **Errors** if a strength is negative or not finite.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [("l1 penalty", self.l1), ("l2 penalty", self.l2)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::param(name, "must be >= 0", v));
            }
        }
        Ok(())
    }

    /// Both strengths multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> Penalty {
        Penalty {
            l1: self.l1 * factor,
            l2: self.l2 * factor,
        }
    }
}

/// The buffers of one forward/backward pass on batches of up to `capacity` rows:
/// the input, every layer's activations and errors, and the targets.
#[derive(Clone, Debug)]
pub struct Workspace {
    input: Array2<f64>,
    target: Array2<f64>,
    activations: Vec<Array2<f64>>,
    deltas: Vec<Array2<f64>>,
}

impl Workspace {
    /// Buffers for `network` and batches of up to `capacity` rows.
    pub fn new(network: &Network, capacity: usize) -> Self {
        let layers = network.layers();
        Workspace {
            input: Array2::zeros((capacity, network.n_inputs())),
            target: Array2::zeros((capacity, network.n_outputs())),
            activations: layers
                .iter()
                .map(|l| Array2::zeros((capacity, l.n_out)))
                .collect(),
            deltas: layers
                .iter()
                .map(|l| Array2::zeros((capacity, l.n_out)))
                .collect(),
        }
    }

    /// Rows the buffers hold.
    pub fn capacity(&self) -> usize {
        self.input.nrows()
    }

    /// The input and target buffers, to fill with a batch of up to `capacity` rows.
    pub fn batch_mut(&mut self) -> (&mut Array2<f64>, &mut Array2<f64>) {
        (&mut self.input, &mut self.target)
    }

    /// Output of the last forward pass on `n` rows.
    pub fn output(&self, n: usize) -> ArrayView2<'_, f64> {
        self.activations
            .last()
            .expect("at least one layer")
            .slice(s![..n, ..])
    }
}

/// Checks that a network of widths `sizes` can be trained on batches of `batch`
/// rows within [`crate::memory::limit`]: six copies of its P = Σ_l (n_in + 1) n_out
/// parameters (the parameters, the caller's copy, their gradient, the best ones
/// and two optimiser moments) and, per row of a batch, its inputs, targets and the
/// activations and deltas of every layer. `name` is the parameter that chose the
/// widths (`layer_sizes`, or `hidden_layer_sizes` for the estimators).
///
/// **Errors** with [`Error::InvalidParameter`] naming `name` and the memory needed.
pub fn check_size(name: &str, sizes: &[usize], batch: usize) -> Result<()> {
    let widths: Vec<u128> = sizes.iter().map(|&w| w as u128).collect();
    let params = widths
        .windows(2)
        .map(|w| crate::memory::product(&[w[0] + 1, w[1]]))
        .fold(0u128, u128::saturating_add);
    let per_row = widths
        .iter()
        .fold(0u128, |acc, &w| acc.saturating_add(w.saturating_mul(2)));
    let total = crate::memory::product(&[params, 6])
        .saturating_add(crate::memory::product(&[per_row, batch.max(1) as u128]));
    crate::memory::check_f64s(
        name,
        format!("{sizes:?}"),
        &format!("a network of widths {sizes:?} ({params} parameters)"),
        &[total],
    )
}

/// A feed-forward network.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    layers: Vec<Dense>,
    loss: Loss,
    params: Vec<f64>,
}

impl Network {
    /// A network with layer widths `sizes` = [n_inputs, hidden…, n_outputs], one
    /// activation per non-input layer, and a loss; weights start at zero (see
    /// [`Network::initialize`]).
    ///
    /// **Errors** if fewer than two sizes are given, a width is zero, the number of
    /// activations is wrong, softmax appears before the output layer, or the loss
    /// does not fit the output activation.
    pub fn new(sizes: &[usize], activations: &[Activation], loss: Loss) -> Result<Self> {
        if sizes.len() < 2 {
            return Err(Error::param(
                "layer_sizes",
                "must list at least the input and output widths",
                format!("{sizes:?}"),
            ));
        }
        if let Some(i) = sizes.iter().position(|&w| w == 0) {
            return Err(Error::param(
                "layer_sizes",
                "must be >= 1 for every layer",
                format!("width 0 at position {i} of {sizes:?}"),
            ));
        }
        if activations.len() != sizes.len() - 1 {
            return Err(Error::Shape(format!(
                "activations has {} entries but {} layers follow the input (layer_sizes {:?})",
                activations.len(),
                sizes.len() - 1,
                sizes
            )));
        }
        for (i, a) in activations.iter().enumerate() {
            a.validate()?;
            if *a == Activation::Softmax && i + 1 < activations.len() {
                return Err(Error::param(
                    "activations",
                    "may use softmax only in the output layer",
                    format!("softmax at hidden layer {}", i + 1),
                ));
            }
        }
        loss.check_output(*activations.last().expect("non-empty"))?;
        check_size("layer_sizes", sizes, 1)?;
        let mut layers = Vec::with_capacity(activations.len());
        let mut offset = 0;
        for (w, &activation) in sizes.windows(2).zip(activations) {
            let layer = Dense {
                n_in: w[0],
                n_out: w[1],
                activation,
                offset,
            };
            offset += layer.n_params();
            layers.push(layer);
        }
        Ok(Network {
            layers,
            loss,
            params: vec![0.0; offset],
        })
    }

    /// The layers.
    pub fn layers(&self) -> &[Dense] {
        &self.layers
    }

    /// The loss.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// Input width.
    pub fn n_inputs(&self) -> usize {
        self.layers[0].n_in
    }

    /// Output width.
    pub fn n_outputs(&self) -> usize {
        self.layers.last().expect("non-empty").n_out
    }

    /// All parameters, flat.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// All parameters, flat, mutable.
    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Replace all parameters.
    ///
    /// **Errors** on a wrong length or non-finite values.
    pub fn set_params(&mut self, params: &[f64]) -> Result<()> {
        if params.len() != self.params.len() {
            return Err(Error::Shape(format!(
                "the network has {} parameters but {} were given",
                self.params.len(),
                params.len()
            )));
        }
        crate::error::check_finite("params", params)?;
        self.params.copy_from_slice(params);
        Ok(())
    }

    /// Draw the weights from `init` with the random stream (`seed`, 0); zero biases.
    pub fn initialize(&mut self, init: Init, seed: u64) {
        let mut rng = rng::stream(seed, 0);
        for layer in &self.layers {
            let (n_in, n_out) = (layer.n_in as f64, layer.n_out as f64);
            let w = &mut self.params[layer.weight_range()];
            match init {
                Init::Glorot => {
                    let r = (6.0 / (n_in + n_out)).sqrt();
                    let dist = Uniform::new(-r, r).expect("r > 0");
                    w.iter_mut().for_each(|v| *v = dist.sample(&mut rng));
                }
                Init::He | Init::Normal { .. } => {
                    let std = if let Init::Normal { std } = init {
                        std
                    } else {
                        (2.0 / n_in).sqrt()
                    };
                    let dist = Normal::new(0.0, std).expect("std > 0");
                    w.iter_mut().for_each(|v| *v = dist.sample(&mut rng));
                }
            }
            self.params[layer.bias_range()].fill(0.0);
        }
    }

    fn check_input(&self, x: &ArrayView2<f64>) -> Result<()> {
        if x.ncols() != self.n_inputs() {
            return Err(Error::Shape(format!(
                "X has {} features but the network expects {}",
                x.ncols(),
                self.n_inputs()
            )));
        }
        crate::error::check_finite("X", x.iter())
    }

    /// Checks targets `y` against the output layer and the loss.
    ///
    /// **Errors** on a row count or width mismatch, non-finite values, or targets the
    /// loss does not accept.
    pub fn check_targets(&self, n_rows: usize, y: &ArrayView2<f64>) -> Result<()> {
        if y.nrows() != n_rows {
            return Err(Error::Shape(format!(
                "X has {} samples but y has {}",
                n_rows,
                y.nrows()
            )));
        }
        if y.ncols() != self.n_outputs() {
            return Err(Error::Shape(format!(
                "y has {} columns but the output layer has {} units",
                y.ncols(),
                self.n_outputs()
            )));
        }
        crate::error::check_finite("y", y.iter())?;
        self.loss.check_targets(*y)
    }

    /// The activations of every layer (a₁, …, a_L) for inputs `x` (n × n_inputs).
    ///
    /// **Errors** on a wrong number of features or non-finite input.
    pub fn forward_all(&self, x: ArrayView2<f64>) -> Result<Vec<Array2<f64>>> {
        self.check_input(&x)?;
        let mut out: Vec<Array2<f64>> = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let mut a = Array2::zeros((x.nrows(), layer.n_out));
            let input = out.last().map_or(x, |p| p.view());
            layer.forward(&self.params, &input, &mut a.view_mut());
            out.push(a);
        }
        Ok(out)
    }

    /// The network output a_L for inputs `x`.
    ///
    /// **Errors** as [`Network::forward_all`].
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        Ok(self.forward_all(x)?.pop().expect("non-empty"))
    }

    /// Forward pass on the first `n` rows of the workspace input.
    #[inline(always)]
    pub fn forward_in(&self, n: usize, ws: &mut Workspace) {
        for (l, layer) in self.layers.iter().enumerate() {
            let (before, rest) = ws.activations.split_at_mut(l);
            let input = if l == 0 {
                ws.input.slice(s![..n, ..])
            } else {
                before[l - 1].slice(s![..n, ..])
            };
            layer.forward(&self.params, &input, &mut rest[0].slice_mut(s![..n, ..]));
        }
    }

    /// Mean (or, with `weights` = (s, S), weighted mean 1/S Σ s_i ℓ_i) loss of the
    /// last forward pass on `n` rows against the workspace targets.
    fn data_loss_in(&self, n: usize, weights: Option<(&[f64], f64)>, ws: &Workspace) -> f64 {
        let (a, y) = (ws.output(n), ws.target.slice(s![..n, ..]));
        match weights {
            None => self.loss.total(a, y) / n as f64,
            Some((w, total)) => self.loss.total_weighted(a, y, w) / total,
        }
    }

    /// The penalty term (λ₂/2) Σ‖W‖² + λ₁ Σ‖W‖₁.
    pub fn penalty_value(&self, penalty: Penalty) -> f64 {
        if penalty.l1 == 0.0 && penalty.l2 == 0.0 {
            return 0.0;
        }
        self.layers
            .iter()
            .map(|l| {
                let w = &self.params[l.weight_range()];
                0.5 * penalty.l2 * lanes_sum(w, |v| v * v) + penalty.l1 * lanes_sum(w, f64::abs)
            })
            .sum()
    }

    /// Objective J and its gradient (into `grad`) on the first `n` rows of the
    /// workspace input and targets, with optional per-row weights and the normaliser
    /// of their weighted mean, (s, S) with n weights and S ≠ 0 (unchecked here);
    /// allocates nothing.
    pub fn loss_and_gradient_in(
        &self,
        n: usize,
        weights: Option<(&[f64], f64)>,
        penalty: Penalty,
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> f64 {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU supports AVX-512F.
                return unsafe { self.loss_and_gradient_avx512(n, weights, penalty, ws, grad) };
            }
        }
        self.loss_and_gradient_portable(n, weights, penalty, ws, grad)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn loss_and_gradient_avx512(
        &self,
        n: usize,
        weights: Option<(&[f64], f64)>,
        penalty: Penalty,
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> f64 {
        self.loss_and_gradient_portable(n, weights, penalty, ws, grad)
    }

    #[inline(always)]
    fn loss_and_gradient_portable(
        &self,
        n: usize,
        weights: Option<(&[f64], f64)>,
        penalty: Penalty,
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> f64 {
        self.forward_in(n, ws);
        let last = self.layers.len() - 1;
        let out = self.layers[last].activation;
        self.loss.output_delta(
            out,
            ws.activations[last].slice(s![..n, ..]),
            ws.target.slice(s![..n, ..]),
            weights,
            ws.deltas[last].slice_mut(s![..n, ..]),
        );
        for l in (0..=last).rev() {
            let layer = &self.layers[l];
            let (d_before, d_rest) = ws.deltas.split_at_mut(l);
            let delta = d_rest[0].slice(s![..n, ..]);
            if l == 0 {
                layer.backward(
                    &self.params,
                    &ws.input.slice(s![..n, ..]),
                    &delta,
                    grad,
                    None,
                );
            } else {
                let input = ws.activations[l - 1].slice(s![..n, ..]);
                let mut d_in = d_before[l - 1].slice_mut(s![..n, ..]);
                layer.backward(&self.params, &input, &delta, grad, Some(&mut d_in));
                self.layers[l - 1].activation.backprop(input, d_in);
            }
        }
        let mut penalty_value = 0.0;
        if penalty.l1 != 0.0 || penalty.l2 != 0.0 {
            for layer in &self.layers {
                let range = layer.weight_range();
                penalty_value +=
                    penalty_pass_split(penalty, &self.params[range.clone()], &mut grad[range]);
            }
        }
        self.data_loss_in(n, weights, ws) + penalty_value
    }

    /// Mean loss (without penalty) of the network on `x`, `y`, evaluated in batches
    /// of the workspace's capacity.
    pub fn mean_loss(&self, x: ArrayView2<f64>, y: ArrayView2<f64>, ws: &mut Workspace) -> f64 {
        let mut total = 0.0;
        self.for_each_batch(x, ws, |net, n, start, ws| {
            total += net
                .loss
                .total(ws.output(n), y.slice(s![start..start + n, ..]));
        });
        total / x.nrows() as f64
    }

    /// Run the forward pass over `x` in batches of the workspace capacity and call
    /// `visit(network, rows, first_row, workspace)` after each.
    pub fn for_each_batch<F: FnMut(&Network, usize, usize, &Workspace)>(
        &self,
        x: ArrayView2<f64>,
        ws: &mut Workspace,
        mut visit: F,
    ) {
        let cap = ws.capacity();
        let mut start = 0;
        while start < x.nrows() {
            let n = cap.min(x.nrows() - start);
            ws.input
                .slice_mut(s![..n, ..])
                .assign(&x.slice(s![start..start + n, ..]));
            self.forward_in(n, ws);
            visit(self, n, start, ws);
            start += n;
        }
    }

    /// Objective J and its flat gradient on inputs `x` and targets `y`, the loss
    /// averaged over the samples or, with `weights`, their weighted mean
    /// 1/S Σ s_i ℓ_i (S = Σ s_i; computed on the weights rescaled by
    /// [`normalize_weights`], so their magnitude does not matter).
    ///
    /// **Errors** on inconsistent shapes, non-finite values, invalid targets or
    /// weights (see [`check_sample_weight`]), weights summing to zero, or a negative
    /// penalty.
    pub fn loss_and_gradient(
        &self,
        x: ArrayView2<f64>,
        y: ArrayView2<f64>,
        weights: Option<&[f64]>,
        penalty: Penalty,
    ) -> Result<(f64, Vec<f64>)> {
        self.check_input(&x)?;
        self.check_targets(x.nrows(), &y)?;
        penalty.validate()?;
        if x.nrows() == 0 {
            return Err(Error::Shape("X must have at least one sample".into()));
        }
        let normalized = match weights {
            None => None,
            Some(w) => {
                check_sample_weight(w, x.nrows())?;
                let (u, _) = normalize_weights(w);
                let total: f64 = u.iter().sum();
                if total == 0.0 {
                    return Err(Error::param(
                        "sample_weight",
                        "must not sum to zero (the weighted mean loss 1/S Σ s_i ℓ_i needs S ≠ 0)",
                        0,
                    ));
                }
                Some((u, total))
            }
        };
        let mut ws = Workspace::new(self, x.nrows());
        ws.input.assign(&x);
        ws.target.assign(&y);
        let mut grad = vec![0.0; self.params.len()];
        let weights = normalized.as_ref().map(|(u, total)| (&u[..], *total));
        let j = self.loss_and_gradient_in(x.nrows(), weights, penalty, &mut ws, &mut grad);
        Ok((j, grad))
    }
}

/// Checks per-sample weights: `n_samples` of them, finite, not all zero. Negative
/// weights are allowed, as in scikit-learn's MLP and LogisticRegression.
///
/// **Errors** naming `sample_weight` otherwise.
pub fn check_sample_weight(weights: &[f64], n_samples: usize) -> Result<()> {
    if weights.len() != n_samples {
        return Err(Error::Shape(format!(
            "sample_weight has {} entries but there are {} samples",
            weights.len(),
            n_samples
        )));
    }
    if let Some(w) = weights.iter().find(|w| !w.is_finite()) {
        return Err(Error::param("sample_weight", "must be finite", w));
    }
    if weights.iter().all(|&w| w == 0.0) {
        return Err(Error::param(
            "sample_weight",
            "must contain at least one non-zero weight",
            "all zeros",
        ));
    }
    Ok(())
}

/// The exponent e of x ≠ 0 (finite) with |x| 2^−e ∈ [1, 2), subnormal x included.
pub fn binary_exponent(x: f64) -> i32 {
    let raw = ((x.to_bits() >> 52) & 0x7ff) as i32;
    if raw == 0 {
        binary_exponent(x * 2f64.powi(64)) - 64
    } else {
        raw - 1023
    }
}

/// x · 2^k, exact unless the result underflows or overflows (the power is applied in
/// steps that are themselves representable).
pub fn scale_by_power_of_two(mut x: f64, mut k: i32) -> f64 {
    while k > 1000 {
        x *= 2f64.powi(1000);
        k -= 1000;
    }
    while k < -1000 {
        x *= 2f64.powi(-1000);
        k += 1000;
    }
    x * 2f64.powi(k)
}

/// Weights u and exponent e with s_i = u_i 2^e exactly and max |u_i| ∈ [1, 2):
/// the rescaling that keeps weighted means exact whatever the magnitude of the
/// weights (only weights below 2^−1022 max |s| lose bits, and those contribute
/// less than 10^−307 of the largest weight). Weights given as s·2^k for any
/// integer k map to the same u. `weights` must be finite and not all zero.
pub fn normalize_weights(weights: &[f64]) -> (Vec<f64>, i32) {
    let max = weights.iter().fold(0.0f64, |m, w| m.max(w.abs()));
    let e = binary_exponent(max);
    let u = weights
        .iter()
        .map(|&w| scale_by_power_of_two(w, -e))
        .collect();
    (u, e)
}

/// Σ f(v) over `values`, accumulated in eight interleaved lanes (a fixed order, so the
/// result is reproducible, and one that vectorises).
#[inline(always)]
fn lanes_sum(values: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0; 8];
    let chunks = values.chunks_exact(8);
    let rest: f64 = chunks.remainder().iter().map(|&v| f(v)).sum();
    for c in chunks {
        for k in 0..8 {
            acc[k] += f(c[k]);
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// Weights per leaf of [`penalty_pass_split`] at least.
const PENALTY_LEAF: usize = 1 << 15;

/// [`penalty_pass`] on long weight vectors, halved recursively (at points that depend
/// only on the length) while a half keeps [`PENALTY_LEAF`] weights, the halves run
/// with `rayon::join` and their penalties are added left + right: the same numbers
/// for any number of threads.
fn penalty_pass_split(penalty: Penalty, w: &[f64], g: &mut [f64]) -> f64 {
    let half = w.len() / 2;
    if half < PENALTY_LEAF {
        return penalty_pass(penalty, w, g);
    }
    let (w_left, w_right) = w.split_at(half);
    let (g_left, g_right) = g.split_at_mut(half);
    let (left, right) = rayon::join(
        || penalty_pass_split(penalty, w_left, g_left),
        || penalty_pass_split(penalty, w_right, g_right),
    );
    left + right
}

widest_simd! {
    /// g ← g + λ₂ w + λ₁ sign(w) (sign(0) = 0); returns (λ₂/2) Σ w² + λ₁ Σ |w|.
    /// Compiled for AVX-512 or AVX2 when the CPU has them (same arithmetic, same
    /// results).
    fn penalty_pass(penalty: Penalty, w: &[f64], g: &mut [f64]) -> f64 {
        // One pass over w: the gradient update and the sums of w² and |w| in the eight
        // interleaved lanes of `lanes_sum` (the same order, hence the same sums).
        let (l1, l2) = (penalty.l1, penalty.l2);
        let (mut sq, mut ab) = ([0.0; 8], [0.0; 8]);
        let mut g_chunks = g.chunks_exact_mut(8);
        let mut w_chunks = w.chunks_exact(8);
        if l1 == 0.0 {
            for (gc, wc) in (&mut g_chunks).zip(&mut w_chunks) {
                for k in 0..8 {
                    gc[k] += l2 * wc[k];
                    sq[k] += wc[k] * wc[k];
                }
            }
            let rest = w_chunks.remainder();
            for (g, &w) in g_chunks.into_remainder().iter_mut().zip(rest) {
                *g += l2 * w;
            }
            let sum_sq = sq.iter().sum::<f64>() + rest.iter().map(|v| v * v).sum::<f64>();
            return 0.5 * l2 * sum_sq;
        }
        let sign = |w: f64| (w > 0.0) as u8 as f64 - (w < 0.0) as u8 as f64;
        for (gc, wc) in (&mut g_chunks).zip(&mut w_chunks) {
            for k in 0..8 {
                gc[k] += l2 * wc[k] + l1 * sign(wc[k]);
                sq[k] += wc[k] * wc[k];
                ab[k] += wc[k].abs();
            }
        }
        let rest = w_chunks.remainder();
        for (g, &w) in g_chunks.into_remainder().iter_mut().zip(rest) {
            *g += l2 * w + l1 * sign(w);
        }
        let sum_sq = sq.iter().sum::<f64>() + rest.iter().map(|v| v * v).sum::<f64>();
        let sum_abs = ab.iter().sum::<f64>() + rest.iter().map(|v| v.abs()).sum::<f64>();
        0.5 * l2 * sum_sq + l1 * sum_abs
    }
}

/// Copy rows `rows` of `src` into the first rows of `dst`.
pub fn gather_rows(src: &ArrayView2<f64>, rows: &[usize], dst: &mut ArrayViewMut2<f64>) {
    let width = src.ncols();
    if let (Some(src), Some(dst)) = (src.as_slice(), dst.as_slice_mut()) {
        if width > 0 {
            for (out, &r) in dst.chunks_exact_mut(width).zip(rows) {
                out.copy_from_slice(&src[r * width..(r + 1) * width]);
            }
            return;
        }
    }
    for (i, &r) in rows.iter().enumerate() {
        dst.row_mut(i).assign(&src.row(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation as A;
    use ndarray::Array2;
    use rand::Rng as _;
    use rand_distr::StandardNormal;

    fn random(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
        let mut r = rng::stream(seed, 9);
        Array2::from_shape_fn((rows, cols), |_| r.sample::<f64, _>(StandardNormal))
    }

    fn targets(loss: Loss, rows: usize, cols: usize) -> Array2<f64> {
        match loss {
            Loss::SquaredError => random(rows, cols, 5),
            Loss::BinaryCrossEntropy => {
                Array2::from_shape_fn((rows, cols), |(i, j)| ((i + j) % 2) as f64)
            }
            Loss::CategoricalCrossEntropy => {
                Array2::from_shape_fn((rows, cols), |(i, j)| (i % cols == j) as u8 as f64)
            }
            Loss::Poisson => random(rows, cols, 5).mapv(|v| (2.0 * v).round().abs()),
        }
    }

    /// Central differences of J against the analytic gradient for every hidden
    /// activation × (loss, output activation) × penalty.
    #[test]
    fn gradient_matches_finite_differences_everywhere() {
        let hidden = [
            A::Identity,
            A::Sigmoid,
            A::Tanh,
            A::Relu,
            A::LeakyRelu { slope: 0.05 },
            A::Elu { alpha: 1.0 },
        ];
        let outputs = [
            (Loss::SquaredError, A::Identity),
            (Loss::SquaredError, A::Tanh),
            (Loss::SquaredError, A::Softmax),
            (Loss::BinaryCrossEntropy, A::Sigmoid),
            (Loss::CategoricalCrossEntropy, A::Softmax),
            (Loss::Poisson, A::Exp),
        ];
        let penalties = [
            Penalty::default(),
            Penalty { l1: 0.0, l2: 0.3 },
            Penalty { l1: 0.2, l2: 0.0 },
        ];
        let x = random(7, 3, 1);
        let sample_weight = [0.5, 2.0, 0.0, -1.0, 3.5, 0.25, 1.0];
        for h in hidden {
            for (loss, out) in outputs {
                for pen in penalties {
                    for weights in [None, Some(&sample_weight[..])] {
                        let mut net = Network::new(&[3, 5, 4, 3], &[h, h, out], loss).unwrap();
                        net.initialize(Init::Normal { std: 0.7 }, 3);
                        for (i, b) in net.params_mut().iter_mut().enumerate() {
                            *b += 0.01 * (i % 7) as f64;
                        }
                        let y = targets(loss, 7, 3);
                        let (_, grad) = net
                            .loss_and_gradient(x.view(), y.view(), weights, pen)
                            .unwrap();
                        let eps = 1e-6;
                        for (k, &g) in grad.iter().enumerate() {
                            let f = |d: f64| {
                                let mut n2 = net.clone();
                                n2.params_mut()[k] += d;
                                n2.loss_and_gradient(x.view(), y.view(), weights, pen)
                                    .unwrap()
                                    .0
                            };
                            let fd = (f(eps) - f(-eps)) / (2.0 * eps);
                            let tol = 1e-6 * (1.0 + fd.abs());
                            assert!(
                                (fd - g).abs() < tol,
                                "{h:?}/{loss:?}/{out:?}/{pen:?}/{weights:?} param {k}: fd {fd} vs {g}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Integer weights are repeated rows and zero weights dropped rows: the same
    /// objective and gradient, to rounding.
    #[test]
    fn weights_are_repeated_or_dropped_rows() {
        let x = random(6, 3, 2);
        let y = random(6, 2, 3);
        let mut net =
            Network::new(&[3, 4, 2], &[A::Tanh, A::Identity], Loss::SquaredError).unwrap();
        net.initialize(Init::Glorot, 1);
        let w = [2.0, 0.0, 1.0, 3.0, 0.0, 1.0];
        let rows: Vec<usize> = w
            .iter()
            .enumerate()
            .flat_map(|(i, &k)| std::iter::repeat_n(i, k as usize))
            .collect();
        let xr = x.select(ndarray::Axis(0), &rows);
        let yr = y.select(ndarray::Axis(0), &rows);
        let pen = Penalty { l1: 0.1, l2: 0.2 };
        let (j, g) = net
            .loss_and_gradient(x.view(), y.view(), Some(&w), pen)
            .unwrap();
        let (jr, gr) = net
            .loss_and_gradient(xr.view(), yr.view(), None, pen)
            .unwrap();
        assert!((j - jr).abs() < 1e-14 * jr.abs());
        for (a, b) in g.iter().zip(&gr) {
            assert!((a - b).abs() < 1e-14, "{a} vs {b}");
        }
        let ones = [1.0; 6];
        let (j1, g1) = net
            .loss_and_gradient(x.view(), y.view(), Some(&ones), pen)
            .unwrap();
        let (j0, g0) = net
            .loss_and_gradient(x.view(), y.view(), None, pen)
            .unwrap();
        assert!((j1 - j0).abs() < 1e-15 && g1.iter().zip(&g0).all(|(a, b)| (a - b).abs() < 1e-15));
    }

    #[test]
    fn bad_weights_are_rejected_naming_sample_weight() {
        let net = Network::new(&[2, 1], &[A::Identity], Loss::SquaredError).unwrap();
        let (x, y) = (random(3, 2, 1), random(3, 1, 2));
        for (w, msg) in [
            (
                vec![1.0, 1.0],
                "sample_weight has 2 entries but there are 3 samples",
            ),
            (
                vec![1.0, f64::NAN, 1.0],
                "sample_weight must be finite, got NaN",
            ),
            (
                vec![0.0; 3],
                "sample_weight must contain at least one non-zero weight, got all zeros",
            ),
            (
                vec![1.0, -1.0, 0.0],
                "sample_weight must not sum to zero (the weighted mean loss 1/S Σ s_i ℓ_i needs S ≠ 0), got 0",
            ),
        ] {
            let e = net
                .loss_and_gradient(x.view(), y.view(), Some(&w), Penalty::default())
                .unwrap_err();
            assert_eq!(e.to_string(), msg);
        }
    }

    /// The weighted mean does not depend on the magnitude of the weights: weights
    /// times any power of two (down to subnormal 2^-1070 and up to 2^1000) give the
    /// same bits, and times 1e-320 (subnormal), 1e-300 or 1e300 the same numbers to
    /// rounding; negative weights are allowed.
    #[test]
    fn weight_magnitude_does_not_matter() {
        let x = random(6, 3, 2);
        let y = random(6, 2, 3);
        let mut net =
            Network::new(&[3, 4, 2], &[A::Tanh, A::Identity], Loss::SquaredError).unwrap();
        net.initialize(Init::Glorot, 1);
        let w = [2.0, 0.5, 1.0, -0.75, 0.0, 1.25];
        let pen = Penalty { l1: 0.1, l2: 0.2 };
        let at = |scale: f64| {
            let ws: Vec<f64> = w.iter().map(|v| v * scale).collect();
            net.loss_and_gradient(x.view(), y.view(), Some(&ws), pen)
                .unwrap()
        };
        let (j, g) = at(1.0);
        for k in [-1070, -600, 600, 1000] {
            assert_eq!(at(scale_by_power_of_two(1.0, k)), (j, g.clone()), "2^{k}");
        }
        for scale in [1e-320, 1e-300, 1e300] {
            let (js, gs) = at(scale);
            // 1e-320 carries 11 significant bits: the weights themselves are rounded
            let tol = if scale < 1e-310 { 1e-3 } else { 1e-14 };
            assert!((js - j).abs() < tol * j.abs(), "{scale}: {js} vs {j}");
            for (a, b) in gs.iter().zip(&g) {
                assert!((a - b).abs() < tol * (1.0 + b.abs()), "{scale}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn normalized_weights_keep_their_ratios_exactly() {
        let w = [3.0 * 2f64.powi(-1070), -2f64.powi(-1072), 0.0];
        let (u, e) = normalize_weights(&w);
        assert_eq!(e, -1069);
        assert_eq!(u, vec![1.5, -0.125, 0.0]);
        for (ui, wi) in u.iter().zip(&w) {
            assert_eq!(scale_by_power_of_two(*ui, e), *wi);
        }
        let big = [1e300, -2.5e300, 7.0];
        let scaled: Vec<f64> = big.iter().map(|v| v * 2f64.powi(-900)).collect();
        assert_eq!(normalize_weights(&big).0, normalize_weights(&scaled).0);
    }

    #[test]
    fn invalid_architectures_are_rejected_with_reasons() {
        let e = Network::new(&[3, 0, 1], &[A::Relu, A::Identity], Loss::SquaredError).unwrap_err();
        assert!(e.to_string().contains("width 0 at position 1"), "{e}");
        assert!(Network::new(&[3], &[], Loss::SquaredError).is_err());
        assert!(Network::new(&[3, 4, 1], &[A::Relu], Loss::SquaredError).is_err());
        assert!(Network::new(&[3, 4, 2], &[A::Softmax, A::Softmax], Loss::SquaredError).is_err());
        assert!(Network::new(&[3, 2], &[A::Identity], Loss::BinaryCrossEntropy).is_err());
    }

    #[test]
    fn bad_data_is_rejected() {
        let net = Network::new(&[2, 1], &[A::Sigmoid], Loss::BinaryCrossEntropy).unwrap();
        let x = random(4, 2, 1);
        assert!(net
            .loss_and_gradient(
                x.view(),
                Array2::zeros((4, 2)).view(),
                None,
                Penalty::default()
            )
            .is_err());
        assert!(net
            .loss_and_gradient(
                x.view(),
                Array2::from_elem((4, 1), 3.0).view(),
                None,
                Penalty::default()
            )
            .is_err());
        assert!(net.predict(random(4, 3, 1).view()).is_err());
        let mut nan = x.clone();
        nan[[0, 0]] = f64::NAN;
        assert!(net.predict(nan.view()).is_err());
    }

    #[test]
    fn initialisation_is_seeded_and_scaled() {
        let mut a =
            Network::new(&[200, 300, 1], &[A::Relu, A::Identity], Loss::SquaredError).unwrap();
        let mut b = a.clone();
        a.initialize(Init::He, 11);
        b.initialize(Init::He, 11);
        assert_eq!(a, b);
        let w = &a.params()[a.layers()[0].weight_range()];
        let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
        assert!((var - 2.0 / 200.0).abs() < 0.1 * 2.0 / 200.0, "{var}");
        b.initialize(Init::Glorot, 11);
        let r = (6.0f64 / 500.0).sqrt();
        assert!(b.params()[b.layers()[0].weight_range()]
            .iter()
            .all(|v| v.abs() <= r));
    }
}
