//! Predictions of a fitted linear model and their test error: every linear
//! estimator's `predict`, and the folds of its cross-validation, go through here.
//!
//! For coefficients `W` (m × p, one row per model: per target, or per target and
//! penalty) and intercepts `b` (m), the predictions are `ŷ_ik = b_k + Σ_j X_ij W_kj`
//! and the (weighted) mean squared error of model `k` on targets `y` is
//! `Σ_i w_i (ŷ_ik − y_i)² / Σ_i w_i` (`w_i = 1` without weights).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::error::{check_finite, Error, Result};
use crate::linalg;
use crate::linear::weights::check_sample_weight;

/// `ŷ = X Wᵀ + b` (n × m) for `X` (n × p), `W` (m × p) and `b` (m).
///
/// **Errors** if `X` holds NaN or infinity, or the shapes do not match (the message
/// names `X` and the number of features the model was fitted with).
pub fn predict(
    x: ArrayView2<'_, f64>,
    coef: ArrayView2<'_, f64>,
    intercept: ArrayView1<'_, f64>,
) -> Result<Array2<f64>> {
    if x.ncols() != coef.ncols() {
        return Err(Error::Shape(format!(
            "X has {} features, but the model was fitted with {} features",
            x.ncols(),
            coef.ncols()
        )));
    }
    if intercept.len() != coef.nrows() {
        return Err(Error::Shape(format!(
            "intercept has {} entries for {} coefficient rows",
            intercept.len(),
            coef.nrows()
        )));
    }
    check_finite("X", x.iter())?;
    if coef.nrows() > DIRECT_MAX_MODELS {
        return Ok(linalg::matmul(x, coef.t()) + intercept);
    }
    // a few models (one per target): one dot product per row and model, written
    // straight into the result; the blocked product's set-up and copies cost more
    // than the arithmetic here (800 × 5: 14 µs against about 2)
    let mut out = Array2::zeros((x.nrows(), coef.nrows()));
    for (row, mut pred) in x.rows().into_iter().zip(out.rows_mut()) {
        for ((p, w), b) in pred.iter_mut().zip(coef.rows()).zip(intercept) {
            *p = b + row.dot(&w);
        }
    }
    Ok(out)
}

/// Most models (rows of `W`) that [`predict`] evaluates by direct dot products
/// rather than the blocked matrix product.
const DIRECT_MAX_MODELS: usize = 4;

/// The mean squared errors `Σ_i w_i (ŷ_ik − y_i)² / Σ_i w_i` (m) of the models
/// `(W, b)` on the test data `X`, `y` (n), for each model `k`.
///
/// **Errors** as [`predict`], if `y` does not have one entry per row of `X` or
/// holds NaN or infinity, and on invalid `sample_weight`.
pub fn mean_squared_errors(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    coef: ArrayView2<'_, f64>,
    intercept: ArrayView1<'_, f64>,
    sample_weight: Option<ArrayView1<'_, f64>>,
) -> Result<Array1<f64>> {
    if y.len() != x.nrows() {
        return Err(Error::Shape(format!(
            "X and y have inconsistent numbers of samples: X has {}, y has {}",
            x.nrows(),
            y.len()
        )));
    }
    check_finite("y", y.iter())?;
    if let Some(w) = sample_weight {
        check_sample_weight(w, x.nrows())?;
    }
    let mut squared = predict(x, coef, intercept)? - y.insert_axis(Axis(1));
    squared.mapv_inplace(|r| r * r);
    Ok(match sample_weight {
        None => squared
            .mean_axis(Axis(0))
            .expect("at least one test sample"),
        Some(w) => squared.t().dot(&w) / w.sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn predictions_are_the_affine_map_of_each_model() {
        let x = array![[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]];
        let coef = array![[1.0, 0.5], [-2.0, 0.0]];
        let pred = predict(x.view(), coef.view(), array![0.25, 1.0].view()).unwrap();
        assert_eq!(pred, array![[2.25, -1.0], [5.25, -5.0], [-0.25, 1.0]]);
    }

    #[test]
    fn weighted_errors_count_each_sample_by_its_weight() {
        // residuals of the model ŷ = x: (1, −2); weights (3, 1) → (3·1 + 4)/4
        let x = array![[1.0], [0.0]];
        let y = array![0.0, 2.0];
        let coef = array![[1.0]];
        let b = array![0.0];
        let mse = mean_squared_errors(x.view(), y.view(), coef.view(), b.view(), None).unwrap();
        assert_eq!(mse, array![2.5]);
        let w = array![3.0, 1.0];
        let weighted =
            mean_squared_errors(x.view(), y.view(), coef.view(), b.view(), Some(w.view())).unwrap();
        assert_eq!(weighted, array![7.0 / 4.0]);
    }

    #[test]
    fn mismatched_shapes_and_bad_data_are_errors() {
        let x = array![[1.0, 2.0]];
        let coef = array![[1.0]];
        assert!(predict(x.view(), coef.view(), array![0.0].view()).is_err());
        let nan = array![[f64::NAN]];
        let err = predict(nan.view(), coef.view(), array![0.0].view()).unwrap_err();
        assert!(err.to_string().starts_with('X'), "{err}");
    }
}
