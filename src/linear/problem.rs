//! A validated regression problem: the design `X`, the targets `Y` and, with an
//! intercept, their column means (the centring used by OLS and Ridge).

use ndarray::{Array1, ArrayView2};

use crate::error::{check_finite, Error, Result};
use crate::linalg;

/// `X` (n × p) and `Y` (n × t), checked, with the centring shifts.
///
/// With `fit_intercept`, the model `y = b + Xw` is fitted as `y − ȳ = (X − x̄)w` and
/// `b = ȳ − x̄ᵀw`: the intercept is not penalised.
pub struct Problem<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView2<'a, f64>,
    pub fit_intercept: bool,
    /// Column means of `X` (zeros without intercept).
    pub x_mean: Array1<f64>,
    /// Column means of `Y` (zeros without intercept).
    pub y_mean: Array1<f64>,
}

impl<'a> Problem<'a> {
    /// **Errors** if `X` or `Y` is empty, their row counts differ, or they hold
    /// NaN or infinity.
    pub fn new(
        x: ArrayView2<'a, f64>,
        y: ArrayView2<'a, f64>,
        fit_intercept: bool,
    ) -> Result<Self> {
        let (n, p) = x.dim();
        if n == 0 || p == 0 {
            return Err(Error::Shape(format!(
                "X must have at least one sample and one feature, got shape ({n}, {p})"
            )));
        }
        if y.ncols() == 0 {
            return Err(Error::Shape("y must have at least one target".into()));
        }
        if y.nrows() != n {
            return Err(Error::Shape(format!(
                "X and y have inconsistent numbers of samples: X has {n}, y has {}",
                y.nrows()
            )));
        }
        if !linalg::all_finite(x) {
            return Err(Error::NonFinite("X".into()));
        }
        check_finite("y", y.iter())?;
        let (x_mean, y_mean) = if fit_intercept {
            (linalg::column_means(x), linalg::column_means(y))
        } else {
            (Array1::zeros(p), Array1::zeros(y.ncols()))
        };
        for (name, data, mean) in [("X", x, &x_mean), ("y", y, &y_mean)] {
            if !mean.iter().all(|m| m.is_finite()) {
                let largest = data.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                return Err(Error::param(
                    name,
                    "must be rescaled: its column sums overflow",
                    format!("values up to {largest:e}"),
                ));
            }
        }
        Ok(Problem {
            x,
            y,
            fit_intercept,
            x_mean,
            y_mean,
        })
    }

    pub fn n_samples(&self) -> usize {
        self.x.nrows()
    }

    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    pub fn n_targets(&self) -> usize {
        self.y.ncols()
    }

    /// `X_cᵀX_c` and `X_cᵀY_c` of the centred data (one pass, see [`linalg::gram_cross`]).
    pub fn gram_cross(&self) -> (ndarray::Array2<f64>, ndarray::Array2<f64>) {
        linalg::gram_cross(
            self.x,
            Some(self.x_mean.view()),
            self.y,
            Some(self.y_mean.view()),
        )
    }

    /// The centred design `X − 1 x̄ᵀ` as an owned copy.
    pub fn centred_x(&self) -> ndarray::Array2<f64> {
        &self.x - &self.x_mean
    }

    /// The centred targets `Y − 1 ȳᵀ` as an owned copy.
    pub fn centred_y(&self) -> ndarray::Array2<f64> {
        &self.y - &self.y_mean
    }

    /// Intercepts `b = ȳ − Wx̄` for coefficients `W` (t × p); zeros without intercept.
    pub fn intercepts(&self, coef: ndarray::ArrayView2<'_, f64>) -> Array1<f64> {
        if self.fit_intercept {
            &self.y_mean - &coef.dot(&self.x_mean)
        } else {
            Array1::zeros(coef.nrows())
        }
    }
}
