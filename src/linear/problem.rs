//! A validated regression problem: the design `X`, the targets `Y` and, with an
//! intercept, their column means (the centring used by OLS and Ridge).

use ndarray::{Array1, ArrayView1, ArrayView2};

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
    /// `max |X_ij|` and `max |Y_ik|`.
    pub x_max: f64,
    pub y_max: f64,
}

/// Entries of `X` or `Y` with a largest magnitude beyond `2^±RESCALE_LIMIT` are
/// rescaled by a power of two before solving: the Gram matrix `XᵀX` (entries up to
/// `n·max|X|²`) then neither underflows into subnormals nor overflows.
const RESCALE_LIMIT: i32 = 300;

/// Ridge penalties `α` of the problem rescaled by [`Problem::rescaling`]: `α·2^(−2e_x)`
/// (the penalty `α‖w‖²` with `w` scaled by `2^(e_x − e_y)` and the loss by
/// `2^(−2e_y)`). A positive penalty that underflows becomes the smallest normal
/// number (it is negligible next to the rescaled `XᵀX` either way).
///
/// **Errors** if a penalty overflows: `alpha` is too large for data that small.
pub fn rescale_penalties(alphas: &[f64], ex: i32) -> Result<Vec<f64>> {
    alphas
        .iter()
        .map(|&a| {
            let scaled = if ex == 0 {
                a
            } else {
                scale_pow2(ndarray::arr0(a).view(), -2 * ex).into_scalar()
            };
            if !scaled.is_finite() {
                Err(Error::param(
                    "alpha",
                    "must be smaller for data this small (alpha / max|X|² overflows); rescale X",
                    a,
                ))
            } else if a > 0.0 && scaled < f64::MIN_POSITIVE {
                Ok(f64::MIN_POSITIVE)
            } else {
                Ok(scaled)
            }
        })
        .collect()
}

/// `a · 2^e` for every entry, in two steps so that `2^e` itself never leaves the
/// range of `f64` (exact unless a result is subnormal).
pub fn scale_pow2<D: ndarray::Dimension>(
    a: ndarray::ArrayView<'_, f64, D>,
    e: i32,
) -> ndarray::Array<f64, D> {
    let (half, rest) = (2f64.powi(e / 2), 2f64.powi(e - e / 2));
    a.mapv(|v| v * half * rest)
}

/// `(m, e)` with `v = m·2^e` and `|m|` in `[0.5, 1)` (`(v, 0)` for 0 and non-finite
/// `v`), as C's `frexp`.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let (v, shift) = if v.abs() < f64::MIN_POSITIVE {
        (v * 2f64.powi(54), -54)
    } else {
        (v, 0)
    };
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1022;
    let mantissa = f64::from_bits((bits & !(0x7ff_u64 << 52)) | (1022_u64 << 52));
    (mantissa, exponent + shift)
}

/// Intercepts `b = ȳ − W x̄` (t) from the coefficients `W_s` (t × p) of the problem
/// rescaled by `(e_x, e_y)` (see [`Problem::rescaling`]; `W = W_s·2^(e_y − e_x)`):
/// each term `x̄_j W_s,tj 2^-e_x` is formed from mantissas and exponents in units of
/// `2^e_y`, so that `b` is right even where `W` itself underflows.
///
/// **Errors** if the intercept overflows.
pub fn scaled_intercepts(
    y_mean: ArrayView1<'_, f64>,
    x_mean: ArrayView1<'_, f64>,
    coef_scaled: ArrayView2<'_, f64>,
    (ex, ey): (i32, i32),
) -> Result<Array1<f64>> {
    let x_parts: Vec<(f64, i32)> = x_mean.iter().map(|&v| frexp(v)).collect();
    let scaled = Array1::from_iter(coef_scaled.rows().into_iter().zip(y_mean).map(|(row, &y)| {
        let terms: f64 = row
            .iter()
            .zip(&x_parts)
            .map(|(&c, &(mx, px))| {
                let (mc, pc) = frexp(c);
                scale_pow2(ndarray::arr0(mc * mx).view(), pc + px - ex).into_scalar()
            })
            .sum();
        scale_pow2(ndarray::arr0(y).view(), -ey).into_scalar() - terms
    }));
    let intercept = scale_pow2(scaled.view(), ey);
    if intercept.iter().all(|v| v.is_finite()) {
        Ok(intercept)
    } else {
        Err(Error::Numerical(
            "the intercept overflowed; rescale X and y".into(),
        ))
    }
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
        let x_max = linalg::finite_max_abs(x).ok_or_else(|| Error::NonFinite("X".into()))?;
        check_finite("y", y.iter())?;
        let y_max = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
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
            x_max,
            y_max,
        })
    }

    /// Power-of-two exponents `(e_x, e_y)` with `max|X|·2^-e_x` and `max|Y|·2^-e_y`
    /// in `[1, 2)`, when either largest magnitude lies beyond `2^±300` (else `None`):
    /// solve for `X·2^-e_x`, `Y·2^-e_y` and scale the results back (exactly).
    pub fn rescaling(&self) -> Option<(i32, i32)> {
        let exponent = |m: f64| if m > 0.0 { m.log2().floor() as i32 } else { 0 };
        let (ex, ey) = (exponent(self.x_max), exponent(self.y_max));
        (ex.abs() > RESCALE_LIMIT || ey.abs() > RESCALE_LIMIT).then_some((ex, ey))
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
