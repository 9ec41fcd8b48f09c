//! The generative restricted Boltzmann machine: energy, free energy, conditionals
//! and block Gibbs sampling, on batches of configurations (one row each).
//!
//! Visible units x ∈ ℝ^M (binary {0, 1} or Gaussian with width σ), hidden units
//! h ∈ {0, 1}^H, visible biases a, hidden biases b, weights W (M × H). The energies are
//!
//! * Bernoulli–Bernoulli: E(x, h) = −a·x − b·h − xᵀ W h,
//! * Gaussian–Bernoulli: E(x, h) = Σ_k (x_k − a_k)²/(2σ²) − b·h − xᵀ W h / σ²,
//!
//! P(x, h) = e^{−E(x, h)}/Z. Summing h out gives P(x) = e^{−F(x)}/Z with the free energy
//!
//! * F(x) = −a·x − Σ_j softplus(θ_j(x)) (Bernoulli),
//! * F(x) = Σ_k (x_k − a_k)²/(2σ²) − Σ_j softplus(θ_j(x)) (Gaussian),
//!
//! θ_j(x) = b_j + c Σ_k x_k W_kj with c = 1 (Bernoulli) or 1/σ² (Gaussian), the
//! hidden input of [`super::units`]. The conditionals factorise:
//! P(h_j = 1 | x) = S(θ_j(x)); P(x_k = 1 | h) = S(a_k + (W h)_k) for binary visible
//! units, and x_k | h ~ N(a_k + (W h)_k, σ²) for Gaussian ones.
//!
//! The parameters live in one flat vector θ = (a, b, W) (W row-major, W_kj at
//! M + H + k·H + j), the layout that [`crate::nn::optim::Optimizer`] steps.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng as _;
use rand_distr::{Distribution, StandardNormal};

use super::units::{logistic, softplus};
use crate::error::{Error, Result};
use crate::linalg::gemm;
use crate::memory;
use crate::rng::Rng;

/// The kind of visible units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Visible {
    /// Binary units x_k ∈ {0, 1} (values in [0, 1] are read as probabilities).
    Bernoulli,
    /// Gaussian units of standard deviation σ.
    Gaussian { sigma: f64 },
}

/// A restricted Boltzmann machine with M visible and H hidden units.
#[derive(Clone, Debug, PartialEq)]
pub struct Rbm {
    visible: Visible,
    n_visible: usize,
    n_hidden: usize,
    params: Vec<f64>,
}

impl Rbm {
    /// An RBM with the given flat parameters (a, b, W).
    ///
    /// **Errors** if M or H is 0, σ is not a positive finite number whose square is
    /// normal, the parameter vector has the wrong length, or a parameter is not finite.
    pub fn new(
        visible: Visible,
        n_visible: usize,
        n_hidden: usize,
        params: Vec<f64>,
    ) -> Result<Self> {
        check_sizes(visible, n_visible, n_hidden)?;
        let n = n_params(n_visible, n_hidden);
        if params.len() != n {
            return Err(Error::Shape(format!(
                "an RBM with {n_visible} visible and {n_hidden} hidden units has {n} parameters, got {}",
                params.len()
            )));
        }
        crate::error::check_finite("the RBM parameters", &params)?;
        Ok(Rbm {
            visible,
            n_visible,
            n_hidden,
            params,
        })
    }

    /// Zero biases and weights W_kj ~ N(0, scale²) drawn from stream 0 of `seed`
    /// (scikit-learn's initialisation with scale = 0.01).
    ///
    /// **Errors** as [`Rbm::new`], or if `scale` is negative or not finite.
    pub fn random(
        visible: Visible,
        n_visible: usize,
        n_hidden: usize,
        scale: f64,
        seed: u64,
    ) -> Result<Self> {
        check_sizes(visible, n_visible, n_hidden)?;
        if !(scale.is_finite() && scale >= 0.0) {
            return Err(Error::param("scale", "must be >= 0 and finite", scale));
        }
        let mut rng = crate::rng::stream(seed, 0);
        let mut params = vec![0.0; n_params(n_visible, n_hidden)];
        for w in &mut params[n_visible + n_hidden..] {
            let z: f64 = StandardNormal.sample(&mut rng);
            *w = scale * z;
        }
        Rbm::new(visible, n_visible, n_hidden, params)
    }

    /// The kind of visible units.
    pub fn visible(&self) -> Visible {
        self.visible
    }

    /// M.
    pub fn n_visible(&self) -> usize {
        self.n_visible
    }

    /// H.
    pub fn n_hidden(&self) -> usize {
        self.n_hidden
    }

    /// The flat parameters (a, b, W).
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// The flat parameters, to be updated in place (e.g. by an optimiser).
    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Visible biases a.
    pub fn a(&self) -> &[f64] {
        &self.params[..self.n_visible]
    }

    /// Hidden biases b.
    pub fn b(&self) -> &[f64] {
        &self.params[self.n_visible..self.n_visible + self.n_hidden]
    }

    /// W as an M × H view.
    pub fn w(&self) -> ArrayView2<'_, f64> {
        let start = self.n_visible + self.n_hidden;
        ArrayView2::from_shape((self.n_visible, self.n_hidden), &self.params[start..])
            .expect("the parameter vector has M + H + M·H entries")
    }

    /// c = 1 (Bernoulli) or 1/σ² (Gaussian): the factor of xᵀ W h in −E.
    pub fn coupling(&self) -> f64 {
        match self.visible {
            Visible::Bernoulli => 1.0,
            Visible::Gaussian { sigma } => 1.0 / (sigma * sigma),
        }
    }

    /// Fails unless `x` has M columns, finite entries, and (binary units) entries in [0, 1].
    ///
    /// **Errors** naming `name`.
    pub fn check_data(&self, name: &str, x: ArrayView2<'_, f64>) -> Result<()> {
        if x.ncols() != self.n_visible {
            return Err(Error::Shape(format!(
                "{name} has {} features but the RBM has {} visible units",
                x.ncols(),
                self.n_visible
            )));
        }
        crate::error::check_finite(name, x.iter())?;
        if self.visible == Visible::Bernoulli {
            if let Some(v) = x.iter().find(|v| !(0.0..=1.0).contains(*v)) {
                return Err(Error::param(
                    name,
                    "must hold values in [0, 1] for binary visible units",
                    v,
                ));
            }
        }
        Ok(())
    }

    /// θ = b + c X W for every row of X (N × M): the hidden inputs, N × H.
    pub fn hidden_input(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut theta = Array2::zeros((x.nrows(), self.n_hidden));
        gemm(self.coupling(), &x, &self.w(), 0.0, &mut theta.view_mut());
        theta += &ArrayView1::from(self.b());
        theta
    }

    /// P(h_j = 1 | x) = S(θ_j(x)) for every row, N × H.
    pub fn hidden_probabilities(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        self.hidden_input(x).mapv_into(logistic)
    }

    /// a + W h for every row of `h` (N × H), N × M: the input of binary visible units
    /// and the mean of Gaussian ones.
    pub fn visible_input(&self, h: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut out = Array2::zeros((h.nrows(), self.n_visible));
        gemm(1.0, &h, &self.w().t(), 0.0, &mut out.view_mut());
        out += &ArrayView1::from(self.a());
        out
    }

    /// E[x | h] for every row: S(a + W h) (Bernoulli) or a + W h (Gaussian), N × M.
    pub fn visible_mean(&self, h: ArrayView2<'_, f64>) -> Array2<f64> {
        let input = self.visible_input(h);
        match self.visible {
            Visible::Bernoulli => input.mapv_into(logistic),
            Visible::Gaussian { .. } => input,
        }
    }

    /// Σ_k (x_k − a_k)²/(2σ²) (Gaussian) or −a·x (Bernoulli) for every row.
    fn visible_term(&self, x: ArrayView2<'_, f64>) -> Array1<f64> {
        let a = ArrayView1::from(self.a());
        match self.visible {
            Visible::Bernoulli => -x.dot(&a),
            Visible::Gaussian { sigma } => {
                let s2 = 2.0 * sigma * sigma;
                x.rows()
                    .into_iter()
                    .map(|r| {
                        r.iter()
                            .zip(a.iter())
                            .map(|(x, a)| (x - a) * (x - a))
                            .sum::<f64>()
                            / s2
                    })
                    .collect()
            }
        }
    }

    /// The free energy F(x) of every row (see the module documentation).
    pub fn free_energy(&self, x: ArrayView2<'_, f64>) -> Array1<f64> {
        let theta = self.hidden_input(x);
        let mut f = self.visible_term(x);
        for (fi, row) in f.iter_mut().zip(theta.rows()) {
            *fi -= row.iter().map(|&t| softplus(t)).sum::<f64>();
        }
        f
    }

    /// The energy E(x, h) of every pair of rows.
    ///
    /// **Panics** if `x` and `h` have different numbers of rows.
    pub fn energy(&self, x: ArrayView2<'_, f64>, h: ArrayView2<'_, f64>) -> Array1<f64> {
        assert_eq!(x.nrows(), h.nrows(), "x and h must have the same rows");
        let mut xw = Array2::zeros((x.nrows(), self.n_hidden));
        gemm(self.coupling(), &x, &self.w(), 0.0, &mut xw.view_mut());
        xw += &ArrayView1::from(self.b());
        let coupling = (&xw * &h).sum_axis(Axis(1));
        self.visible_term(x) - coupling
    }

    /// Binary samples h_j ~ Bernoulli(p_j) of a matrix of probabilities.
    pub fn sample_binary(p: &Array2<f64>, rng: &mut Rng) -> Array2<f64> {
        p.mapv(|p| if rng.random::<f64>() < p { 1.0 } else { 0.0 })
    }

    /// Samples x ~ P(x | h) for every row of `h`.
    pub fn sample_visible(&self, h: ArrayView2<'_, f64>, rng: &mut Rng) -> Array2<f64> {
        let input = self.visible_input(h);
        match self.visible {
            Visible::Bernoulli => input.mapv(|t| {
                if rng.random::<f64>() < logistic(t) {
                    1.0
                } else {
                    0.0
                }
            }),
            Visible::Gaussian { sigma } => input.mapv(|m| {
                let z: f64 = StandardNormal.sample(rng);
                m + sigma * z
            }),
        }
    }

    /// Samples h ~ P(h | x) for every row of `x`.
    pub fn sample_hidden(&self, x: ArrayView2<'_, f64>, rng: &mut Rng) -> Array2<f64> {
        Rbm::sample_binary(&self.hidden_probabilities(x), rng)
    }

    /// `steps` sweeps of block Gibbs sampling x → h ~ P(h | x) → x ~ P(x | h) from
    /// every row of `x`; returns the last visible configurations.
    pub fn gibbs(&self, x: ArrayView2<'_, f64>, steps: usize, rng: &mut Rng) -> Array2<f64> {
        let mut x = x.to_owned();
        for _ in 0..steps {
            let h = self.sample_hidden(x.view(), rng);
            x = self.sample_visible(h.view(), rng);
        }
        x
    }

    /// Σ_r w_r (−∂E(x_r, h_r)/∂θ) over the rows, with each h_r replaced by the
    /// hidden probabilities (or hidden configurations) `p_r`, as a flat vector in the
    /// parameter layout: (Σ w x or Σ w (x − a)/σ², Σ w p, c Σ w x pᵀ). With w_r = 1/N
    /// and p = P(h | x) this is ⟨−∂F/∂θ⟩ over the rows, the positive (data) or negative
    /// (model) phase of the log-likelihood gradient.
    pub fn sufficient_statistics(
        &self,
        x: ArrayView2<'_, f64>,
        p: ArrayView2<'_, f64>,
        w: &[f64],
    ) -> Vec<f64> {
        let (m, h) = (self.n_visible, self.n_hidden);
        let mut out = vec![0.0; n_params(m, h)];
        let (va, rest) = out.split_at_mut(m);
        let (vb, vw) = rest.split_at_mut(h);
        let shift: Vec<f64> = match self.visible {
            Visible::Bernoulli => vec![0.0; m],
            Visible::Gaussian { .. } => self.a().to_vec(),
        };
        let c = self.coupling();
        let scale_a = match self.visible {
            Visible::Bernoulli => 1.0,
            Visible::Gaussian { .. } => c,
        };
        for ((xr, pr), &wr) in x.rows().into_iter().zip(p.rows()).zip(w) {
            for ((o, &xk), &s) in va.iter_mut().zip(xr.iter()).zip(&shift) {
                *o += wr * scale_a * (xk - s);
            }
            for (o, &pj) in vb.iter_mut().zip(pr.iter()) {
                *o += wr * pj;
            }
        }
        let weighted_p = &p * &ArrayView1::from(w).insert_axis(Axis(1));
        let mut wm = ndarray::ArrayViewMut2::from_shape((m, h), vw).expect("M·H entries");
        gemm(c, &x.t(), &weighted_p.view(), 0.0, &mut wm);
        out
    }

    /// ⟨−∂F/∂θ⟩ over the rows of `x` (equal weights 1/N).
    pub fn data_statistics(&self, x: ArrayView2<'_, f64>) -> Vec<f64> {
        let p = self.hidden_probabilities(x);
        let n = x.nrows().max(1);
        self.sufficient_statistics(x, p.view(), &vec![1.0 / n as f64; x.nrows()])
    }
}

/// M + H + M·H.
pub fn n_params(n_visible: usize, n_hidden: usize) -> usize {
    n_visible + n_hidden + n_visible * n_hidden
}

fn check_sizes(visible: Visible, n_visible: usize, n_hidden: usize) -> Result<()> {
    if n_visible == 0 {
        return Err(Error::param("n_features", "must be >= 1", n_visible));
    }
    if n_hidden == 0 {
        return Err(Error::param("n_components", "must be >= 1", n_hidden));
    }
    memory::check_f64s(
        "n_components",
        n_hidden,
        "the weights and their optimiser state",
        &[3, n_visible as u128 + 1, n_hidden as u128 + 1],
    )?;
    if let Visible::Gaussian { sigma } = visible {
        let s2 = sigma * sigma;
        if !(sigma.is_finite() && sigma > 0.0 && s2.is_normal() && (1.0 / s2).is_finite()) {
            return Err(Error::param(
                "sigma",
                "must be > 0 and finite, with a square between 1e-300 and 1e300",
                sigma,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rng;

    /// A tiny RBM with O(1) random parameters.
    pub(crate) fn tiny(visible: Visible, m: usize, h: usize, seed: u64) -> Rbm {
        let mut r = rng::stream(seed, 99);
        let params = (0..n_params(m, h))
            .map(|_| {
                let z: f64 = StandardNormal.sample(&mut r);
                0.7 * z
            })
            .collect();
        Rbm::new(visible, m, h, params).unwrap()
    }

    fn bits(n: usize, width: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, width), |(s, k)| ((s >> k) & 1) as f64)
    }

    #[test]
    fn free_energy_sums_the_hidden_units_out() {
        for visible in [Visible::Bernoulli, Visible::Gaussian { sigma: 0.8 }] {
            let rbm = tiny(visible, 4, 3, 1);
            let x = Array2::from_shape_fn((5, 4), |(i, k)| ((i * 7 + k * 3) % 5) as f64 * 0.25);
            let hs = bits(8, 3);
            for (i, row) in x.rows().into_iter().enumerate() {
                let xs = row
                    .insert_axis(Axis(0))
                    .broadcast((8, 4))
                    .unwrap()
                    .to_owned();
                let e = rbm.energy(xs.view(), hs.view());
                let direct = -e.mapv(|e| (-e).exp()).sum().ln();
                let f = rbm.free_energy(x.view())[i];
                assert!((f - direct).abs() < 1e-12, "{f} vs {direct}");
            }
        }
    }

    #[test]
    fn hidden_conditional_is_the_ratio_of_boltzmann_weights() {
        let rbm = tiny(Visible::Gaussian { sigma: 1.3 }, 3, 2, 2);
        let x = Array2::from_shape_vec((1, 3), vec![0.3, -1.0, 2.0]).unwrap();
        let hs = bits(4, 2);
        let xs = x.broadcast((4, 3)).unwrap().to_owned();
        let w = rbm.energy(xs.view(), hs.view()).mapv(|e| (-e).exp());
        let p1 = (w[1] + w[3]) / w.sum();
        assert!((rbm.hidden_probabilities(x.view())[[0, 0]] - p1).abs() < 1e-14);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(Rbm::new(Visible::Bernoulli, 0, 2, vec![]).is_err());
        assert!(Rbm::new(Visible::Bernoulli, 2, 0, vec![0.0; 2]).is_err());
        assert!(Rbm::new(Visible::Bernoulli, 2, 2, vec![0.0; 7]).is_err());
        assert!(Rbm::new(Visible::Gaussian { sigma: 0.0 }, 2, 2, vec![0.0; 8]).is_err());
        assert!(Rbm::new(Visible::Bernoulli, 2, 2, vec![f64::NAN; 8]).is_err());
        let rbm = Rbm::new(Visible::Bernoulli, 2, 2, vec![0.0; 8]).unwrap();
        let bad = Array2::from_elem((1, 2), 2.0);
        assert!(rbm.check_data("X", bad.view()).is_err());
    }
}
