//! Sample weights of the linear models: weighted least squares as an unweighted
//! problem without intercept.
//!
//! With weights `w_i >= 0` and the weighted means `x̄_w = Σ_i w_i x_i / Σ_i w_i`,
//! `ȳ_w` (zero without intercept), the rows `x̃_i = √w_i (x_i − x̄_w)` and
//! `ỹ_i = √w_i (y_i − ȳ_w)` give `Σ_i w_i (y_i − b − x_iᵀβ)² = ‖Ỹ − X̃β‖²` at the
//! optimal intercept `b = ȳ_w − x̄_wᵀβ` (scikit-learn's `_preprocess_data` and
//! `_rescale_data`). The weights enter divided by their largest, `u = w/c` with
//! `c = max_i w_i`: `Σ w_i r_i² + α‖β‖² = c (Σ u_i r_i² + (α/c)‖β‖²)`, so weights
//! near the limits of `f64` neither underflow nor overflow in `√u·X`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};

use crate::error::{Error, Result};

/// The weighted rows `X̃`, `Ỹ` of a problem, with the weighted means.
#[derive(Debug, Clone)]
pub struct WeightedRows {
    /// `√u_i (x_i − x̄_w)` (n × p).
    pub x: Array2<f64>,
    /// `√u_i (y_i − ȳ_w)` (n × t).
    pub y: Array2<f64>,
    /// Weighted column means of `X` (zeros without intercept).
    pub x_mean: Array1<f64>,
    /// Weighted column means of `Y` (zeros without intercept).
    pub y_mean: Array1<f64>,
    /// The weights `u` the rows were formed with.
    pub weights: Array1<f64>,
    /// `c = max_i w_i`: the weights `u` are `w/c`, or `w·n/Σw` (see [`WeightedRows::summing_to_n`]).
    pub scale: f64,
}

/// **Errors** unless `sample_weight` has `n` entries, all finite and `>= 0`, with a
/// positive, finite sum (messages name `sample_weight`).
pub fn check_sample_weight(w: ArrayView1<'_, f64>, n: usize) -> Result<()> {
    if w.len() != n {
        return Err(Error::param(
            "sample_weight",
            &format!("must have length {n}"),
            w.len(),
        ));
    }
    crate::error::check_finite("sample_weight", w.iter())?;
    if let Some(bad) = w.iter().find(|v| **v < 0.0) {
        return Err(Error::param(
            "sample_weight",
            "must be >= 0",
            format!("{bad:?}"),
        ));
    }
    let total: f64 = w.sum();
    if total.is_nan() || total <= 0.0 {
        return Err(Error::param(
            "sample_weight",
            "must have at least one positive weight",
            "all zeros",
        ));
    }
    if !total.is_finite() {
        return Err(Error::param(
            "sample_weight",
            "must be rescaled: its sum overflows float64",
            total,
        ));
    }
    Ok(())
}

/// `w·Σ_i w_i x_i / Σ_i w_i` per column, summed row by row.
fn weighted_means(a: ArrayView2<'_, f64>, w: ArrayView1<'_, f64>) -> Array1<f64> {
    let mut sum = Array1::zeros(a.ncols());
    for (row, &wi) in a.rows().into_iter().zip(w) {
        Zip::from(&mut sum).and(row).for_each(|s, &v| *s += v * wi);
    }
    sum / w.sum()
}

/// The checked weights divided by their largest, `u = w/c`, and `c = max_i w_i`.
fn unit_weights(sample_weight: ArrayView1<'_, f64>, n: usize) -> Result<(Array1<f64>, f64)> {
    check_sample_weight(sample_weight, n)?;
    let scale = sample_weight.fold(0.0f64, |m, &v| m.max(v));
    Ok((sample_weight.mapv(|v| v / scale), scale))
}

impl WeightedRows {
    /// The rows of the weights `u = w/c`, `c = max w` (weighted OLS, Ridge, NNLS).
    ///
    /// **Errors** on invalid `sample_weight` (see [`check_sample_weight`]) or data
    /// holding NaN or infinity.
    pub fn new(
        x: ArrayView2<'_, f64>,
        y: ArrayView2<'_, f64>,
        sample_weight: ArrayView1<'_, f64>,
        fit_intercept: bool,
    ) -> Result<Self> {
        let (unit, scale) = unit_weights(sample_weight, x.nrows())?;
        Self::with_weights(x, y, unit, scale, fit_intercept)
    }

    /// The rows of the weights `u = (w/c)·n/Σ(w/c)`, which sum to `n` (scikit-learn's
    /// ElasticNet objective `1/(2n) Σ_i u_i r_i² + penalty`).
    ///
    /// **Errors** as [`WeightedRows::new`].
    pub fn summing_to_n(
        x: ArrayView2<'_, f64>,
        y: ArrayView2<'_, f64>,
        sample_weight: ArrayView1<'_, f64>,
        fit_intercept: bool,
    ) -> Result<Self> {
        let (unit, scale) = unit_weights(sample_weight, x.nrows())?;
        let factor = x.nrows() as f64 / unit.sum();
        Self::with_weights(x, y, unit * factor, scale, fit_intercept)
    }

    fn with_weights(
        x: ArrayView2<'_, f64>,
        y: ArrayView2<'_, f64>,
        weights: Array1<f64>,
        scale: f64,
        fit_intercept: bool,
    ) -> Result<Self> {
        if y.nrows() != x.nrows() {
            return Err(Error::Shape(format!(
                "X and y have inconsistent numbers of samples: X has {}, y has {}",
                x.nrows(),
                y.nrows()
            )));
        }
        crate::error::check_finite("X", x.iter())?;
        let (x_mean, y_mean) = if fit_intercept {
            (
                weighted_means(x, weights.view()),
                weighted_means(y, weights.view()),
            )
        } else {
            (Array1::zeros(x.ncols()), Array1::zeros(y.ncols()))
        };
        let root = weights.mapv(f64::sqrt).insert_axis(Axis(1));
        Ok(WeightedRows {
            x: &root * &(&x - &x_mean),
            y: &root * &(&y - &y_mean),
            x_mean,
            y_mean,
            weights,
            scale,
        })
    }

    /// Penalties `α/c` of the rows' problem.
    ///
    /// **Errors** if one overflows: the weights are too small for that `α`.
    pub fn penalties(&self, alphas: &[f64]) -> Result<Vec<f64>> {
        let scaled: Vec<f64> = alphas.iter().map(|a| a / self.scale).collect();
        if scaled.iter().all(|a| a.is_finite()) {
            Ok(scaled)
        } else {
            Err(Error::param(
                "sample_weight",
                "is too small for alpha: alpha / max(sample_weight) overflows; rescale sample_weight",
                format!("max(sample_weight) = {:e}", self.scale),
            ))
        }
    }

    /// Intercepts `b = ȳ_w − W x̄_w` (t) of coefficients `W` (t × p).
    pub fn intercepts(&self, coef: ArrayView2<'_, f64>) -> Array1<f64> {
        &self.y_mean - &coef.dot(&self.x_mean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn integer_weights_repeat_rows() {
        // weights (1, 2): the rows of x = (0, 1, 1), whose mean is 2/3
        let x = array![[0.0], [1.0]];
        let y = array![[1.0], [3.0]];
        let rows = WeightedRows::new(x.view(), y.view(), array![1.0, 2.0].view(), true).unwrap();
        assert!((rows.x_mean[0] - 2.0 / 3.0).abs() < 1e-15);
        assert!((rows.y_mean[0] - 7.0 / 3.0).abs() < 1e-15);
        assert_eq!(rows.scale, 2.0);
        // Σ_i u_i (x_i − x̄)² = (1/2)(4/9) + 1·(1/9) = 1/3
        let ss: f64 = rows.x.iter().map(|v| v * v).sum();
        assert!((ss - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn weights_are_checked_by_their_name() {
        let x = array![[0.0], [1.0]];
        for w in [
            array![1.0],
            array![1.0, -1.0],
            array![0.0, 0.0],
            array![f64::NAN, 1.0],
        ] {
            let err = WeightedRows::new(x.view(), x.view(), w.view(), true).unwrap_err();
            assert!(err.to_string().starts_with("sample_weight "), "{err}");
        }
    }
}
