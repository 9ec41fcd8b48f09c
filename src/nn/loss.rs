//! Loss functions of a network output a (n rows) against targets y, averaged over
//! the rows, and the output-layer error δ = ∂L/∂z.
//!
//! * squared error: L = 1/(2n) Σ_i Σ_k (a_ik − y_ik)²  (scikit-learn's `squared_error`
//!   for one output), with any output activation: δ_a = (a − y)/n, then δ_z = f'(z) ⊙ δ_a.
//! * binary cross-entropy: L = −1/n Σ_i Σ_k [y ln a + (1 − y) ln(1 − a)], with a
//!   sigmoid output, fused: δ_z = (a − y)/n.
//! * categorical cross-entropy: L = −1/n Σ_i Σ_k y_ik ln a_ik, with a softmax output,
//!   fused: δ_z = (a − y)/n (rows of y sum to one).
//! * Poisson: half the Poisson deviance, L = 1/n Σ_i Σ_k [y ln(y/a) − y + a] (the term
//!   y ln(y/a) is 0 for y = 0; scikit-learn's MLPRegressor(loss='poisson')), with an
//!   exponential output a = e^z (the log link), fused: ∂ℓ/∂z = a − y, δ_z = (a − y)/n.
//!   Targets are counts or rates, y ≥ 0; L ≥ 0 with equality at a = y.
//!
//! With per-sample weights s_i and a normaliser S ≠ 0 (scikit-learn's MLP uses
//! S = Σ_i s_i, `np.average(..., weights=sample_weight)`; weights may be negative)
//! every mean becomes the weighted mean L = 1/S Σ_i s_i ℓ_i and δ_z row i is scaled
//! by s_i/S instead of 1/n; weights all equal to one give the unweighted forms.
//!
//! The fused forms never divide by a or 1 − a, so they stay exact when the output
//! saturates. The loss values clip a to [ε, 1 − ε] with ε the machine epsilon, as
//! scikit-learn does.

use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use super::activation::Activation;
use crate::error::{Error, Result};

/// A loss function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Half the mean squared error per sample.
    SquaredError,
    /// Binary (Bernoulli) cross-entropy; needs a sigmoid output.
    BinaryCrossEntropy,
    /// Categorical cross-entropy; needs a softmax output.
    CategoricalCrossEntropy,
    /// Half the Poisson deviance; needs an exponential output.
    Poisson,
}

/// The names accepted by [`Loss::from_name`].
pub const NAMES: [&str; 4] = [
    "squared_error",
    "binary_crossentropy",
    "categorical_crossentropy",
    "poisson",
];

impl Loss {
    /// The loss called `name` (`"mse"`, `"bce"`, `"cce"` are accepted as short forms).
    ///
    /// **Errors** for an unknown name.
    pub fn from_name(name: &str) -> Result<Self> {
        Ok(match name {
            "squared_error" | "mse" => Loss::SquaredError,
            "binary_crossentropy" | "bce" => Loss::BinaryCrossEntropy,
            "categorical_crossentropy" | "cce" => Loss::CategoricalCrossEntropy,
            "poisson" => Loss::Poisson,
            other => {
                return Err(Error::param(
                    "loss",
                    &format!("must be one of {}", NAMES.join(", ")),
                    format!("'{other}'"),
                ))
            }
        })
    }

    /// The canonical name.
    pub fn name(&self) -> &'static str {
        match self {
            Loss::SquaredError => "squared_error",
            Loss::BinaryCrossEntropy => "binary_crossentropy",
            Loss::CategoricalCrossEntropy => "categorical_crossentropy",
            Loss::Poisson => "poisson",
        }
    }

    /// **Errors** unless the output activation suits the loss (cross-entropies and the
    /// Poisson loss are fused with their output: sigmoid for binary, softmax for
    /// categorical, exp for Poisson).
    pub fn check_output(&self, output: Activation) -> Result<()> {
        let needed = match self {
            Loss::SquaredError => return Ok(()),
            Loss::BinaryCrossEntropy => Activation::Sigmoid,
            Loss::CategoricalCrossEntropy => Activation::Softmax,
            Loss::Poisson => Activation::Exp,
        };
        if output == needed {
            Ok(())
        } else {
            Err(Error::param(
                "output activation",
                &format!("must be {} with the {} loss", needed.name(), self.name()),
                format!("'{}'", output.name()),
            ))
        }
    }

    /// **Errors** unless the targets are valid for the loss: for cross-entropies every
    /// y lies in [0, 1] (and, for the categorical one, each row sums to one); for the
    /// Poisson loss every y ≥ 0.
    pub fn check_targets(&self, y: ArrayView2<f64>) -> Result<()> {
        match self {
            Loss::SquaredError => Ok(()),
            Loss::Poisson => match y.iter().find(|&&v| v < 0.0) {
                Some(v) => Err(Error::param(
                    "y",
                    "must be >= 0 (counts or rates) for the poisson loss",
                    v,
                )),
                None => Ok(()),
            },
            Loss::BinaryCrossEntropy | Loss::CategoricalCrossEntropy => {
                if let Some(v) = y.iter().find(|v| !(0.0..=1.0).contains(*v)) {
                    return Err(Error::param(
                        "y",
                        &format!("must lie in [0, 1] for the {} loss", self.name()),
                        v,
                    ));
                }
                if *self == Loss::CategoricalCrossEntropy {
                    if let Some(s) = y
                        .rows()
                        .into_iter()
                        .map(|r| r.sum())
                        .find(|s| (s - 1.0).abs() > 1e-9)
                    {
                        return Err(Error::param(
                            "y",
                            "rows must sum to 1 (one-hot or probabilities) for the categorical_crossentropy loss",
                            format!("a row summing to {s}"),
                        ));
                    }
                }
                Ok(())
            }
        }
    }

    /// Σ over the rows of the per-sample loss (divide by n for the mean).
    pub fn total(&self, a: ArrayView2<f64>, y: ArrayView2<f64>) -> f64 {
        let eps = f64::EPSILON;
        let mut sum = 0.0;
        match self {
            Loss::SquaredError => Zip::from(&a)
                .and(&y)
                .for_each(|&a, &y| sum += 0.5 * (a - y) * (a - y)),
            Loss::BinaryCrossEntropy => Zip::from(&a).and(&y).for_each(|&a, &y| {
                let a = a.clamp(eps, 1.0 - eps);
                sum -= y * a.ln() + (1.0 - y) * (1.0 - a).ln();
            }),
            Loss::CategoricalCrossEntropy => Zip::from(&a).and(&y).for_each(|&a, &y| {
                if y != 0.0 {
                    sum -= y * a.clamp(eps, 1.0 - eps).ln();
                }
            }),
            Loss::Poisson => Zip::from(&a).and(&y).for_each(|&a, &y| {
                let log_term = if y == 0.0 { 0.0 } else { y * (y / a).ln() };
                sum += log_term - y + a;
            }),
        }
        sum
    }

    /// Σ_i s_i ℓ_i over the rows, with ℓ_i the loss of row i summed over its columns
    /// (divide by S = Σ s_i for the weighted mean).
    pub fn total_weighted(&self, a: ArrayView2<f64>, y: ArrayView2<f64>, weights: &[f64]) -> f64 {
        weights
            .iter()
            .zip(a.rows().into_iter().zip(y.rows()))
            .map(|(&w, (a, y))| {
                if w == 0.0 {
                    return 0.0;
                }
                let a = a.insert_axis(ndarray::Axis(0));
                let y = y.insert_axis(ndarray::Axis(0));
                w * self.total(a, y)
            })
            .sum()
    }

    /// Write δ_z = ∂L/∂z of the output layer into `delta`, with L the mean over the
    /// n rows — or, with `weights` = (s, S) (one weight per row and a normaliser
    /// S ≠ 0), the weighted mean 1/S Σ_i s_i ℓ_i — and `a` the output of activation
    /// `output`.
    pub fn output_delta(
        &self,
        output: Activation,
        a: ArrayView2<f64>,
        y: ArrayView2<f64>,
        weights: Option<(&[f64], f64)>,
        mut delta: ArrayViewMut2<f64>,
    ) {
        match weights {
            None => {
                let scale = 1.0 / a.nrows() as f64;
                Zip::from(&mut delta)
                    .and(&a)
                    .and(&y)
                    .for_each(|d, &a, &y| *d = (a - y) * scale);
            }
            Some((w, total)) => {
                for (((mut d, a), y), &w) in delta
                    .rows_mut()
                    .into_iter()
                    .zip(a.rows())
                    .zip(y.rows())
                    .zip(w)
                {
                    let scale = w / total;
                    Zip::from(&mut d)
                        .and(&a)
                        .and(&y)
                        .for_each(|d, &a, &y| *d = (a - y) * scale);
                }
            }
        }
        if *self == Loss::SquaredError {
            output.backprop(a, delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn values_by_hand() {
        let a = array![[0.8], [0.3]];
        let y = array![[1.0], [0.0]];
        assert!((Loss::SquaredError.total(a.view(), y.view()) - 0.5 * (0.04 + 0.09)).abs() < 1e-15);
        let bce = -(0.8f64.ln() + 0.7f64.ln());
        assert!((Loss::BinaryCrossEntropy.total(a.view(), y.view()) - bce).abs() < 1e-15);
        let p = array![[0.2, 0.7, 0.1]];
        let t = array![[0.0, 1.0, 0.0]];
        assert!(
            (Loss::CategoricalCrossEntropy.total(p.view(), t.view()) + 0.7f64.ln()).abs() < 1e-15
        );
    }

    #[test]
    fn weighted_total_weighs_each_row() {
        let a = array![[0.8, 0.1], [0.3, 0.6], [0.5, 0.5]];
        let y = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
        for loss in [Loss::SquaredError, Loss::BinaryCrossEntropy] {
            let rows: Vec<f64> = (0..3)
                .map(|i| {
                    loss.total(
                        a.slice(ndarray::s![i..i + 1, ..]),
                        y.slice(ndarray::s![i..i + 1, ..]),
                    )
                })
                .collect();
            let w = [2.0, 0.0, 0.5];
            let expected = 2.0 * rows[0] + 0.5 * rows[2];
            assert!((loss.total_weighted(a.view(), y.view(), &w) - expected).abs() < 1e-15);
            let ones = loss.total_weighted(a.view(), y.view(), &[1.0; 3]);
            assert!((ones - loss.total(a.view(), y.view())).abs() < 1e-15);
        }
    }

    #[test]
    fn poisson_values_by_hand() {
        let a = array![[0.5_f64.exp(), 2.0], [1.5, 4.0]];
        let y = array![[3.0, 0.0], [1.5, 1.0]];
        // y ln(y/a) − y + a: 3(ln 3 − 0.5) − 3 + e^0.5; the y = 0 term is a; 0 at a = y
        let expected =
            3.0 * (3.0f64.ln() - 0.5) - 3.0 + 0.5f64.exp() + 2.0 + (0.25f64.ln() - 1.0 + 4.0);
        let total = Loss::Poisson.total(a.view(), y.view());
        assert!((total - expected).abs() < 1e-14, "{total} vs {expected}");
        let at_mean = Loss::Poisson.total(array![[1.5]].view(), array![[1.5]].view());
        assert!(at_mean.abs() < 1e-15);
    }

    /// The fused Poisson output error δ_z = s_i/S (e^z − y) is the derivative of the
    /// weighted mean loss 1/S Σ_i s_i ℓ_i(e^z_i) with respect to z, by central differences.
    #[test]
    fn poisson_delta_matches_finite_differences() {
        let z = array![[0.3, -1.2, 2.0], [1.1, 0.0, -0.4], [-2.5, 0.7, 0.2]];
        let y = array![[2.0, 0.0, 7.0], [1.0, 3.5, 0.0], [0.0, 1.0, 0.25]];
        let exp_of = |z: &ndarray::Array2<f64>| {
            let mut a = z.clone();
            Activation::Exp.apply(a.view_mut());
            a
        };
        for weights in [None, Some((&[0.5, 2.0, -0.75][..], 1.75))] {
            let mean = |z: &ndarray::Array2<f64>| {
                let a = exp_of(z);
                match weights {
                    None => Loss::Poisson.total(a.view(), y.view()) / 3.0,
                    Some((w, s)) => Loss::Poisson.total_weighted(a.view(), y.view(), w) / s,
                }
            };
            let a = exp_of(&z);
            let mut delta = ndarray::Array2::zeros(z.dim());
            Loss::Poisson.output_delta(
                Activation::Exp,
                a.view(),
                y.view(),
                weights,
                delta.view_mut(),
            );
            let h = 1e-6;
            for ((i, j), &d) in delta.indexed_iter() {
                let (mut up, mut down) = (z.clone(), z.clone());
                up[[i, j]] += h;
                down[[i, j]] -= h;
                let fd = (mean(&up) - mean(&down)) / (2.0 * h);
                assert!(
                    (fd - d).abs() < 1e-8 * (1.0 + fd.abs()),
                    "{weights:?} at {i},{j}: {fd} vs {d}"
                );
            }
        }
    }

    #[test]
    fn poisson_needs_exp_output_and_non_negative_targets() {
        assert!(Loss::Poisson.check_output(Activation::Exp).is_ok());
        let e = Loss::Poisson
            .check_output(Activation::Identity)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "output activation must be exp with the poisson loss, got 'identity'"
        );
        assert!(Loss::Poisson
            .check_targets(array![[0.0, 2.5]].view())
            .is_ok());
        let e = Loss::Poisson
            .check_targets(array![[1.0], [-0.5]].view())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "y must be >= 0 (counts or rates) for the poisson loss, got -0.5"
        );
        assert_eq!(Loss::from_name("poisson").unwrap(), Loss::Poisson);
    }

    #[test]
    fn cross_entropy_needs_its_output_and_valid_targets() {
        assert!(Loss::BinaryCrossEntropy
            .check_output(Activation::Sigmoid)
            .is_ok());
        let e = Loss::CategoricalCrossEntropy
            .check_output(Activation::Tanh)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "output activation must be softmax with the categorical_crossentropy loss, got 'tanh'"
        );
        assert!(Loss::BinaryCrossEntropy
            .check_targets(array![[2.0]].view())
            .is_err());
        assert!(Loss::CategoricalCrossEntropy
            .check_targets(array![[1.0, 1.0]].view())
            .is_err());
        assert!(Loss::from_name("hinge").is_err());
    }
}
