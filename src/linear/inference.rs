//! Statistical inference for linear models: quantiles of Student's t
//! distribution, used for confidence intervals of regression coefficients,
//! `ŵ_j ± t_{1−(1−level)/2, ν} · SE(ŵ_j)` with `ν = n − rank − [fit_intercept]`.

use crate::error::{Error, Result};

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, nine terms; relative
/// error below 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// Continued fraction of the incomplete beta function (modified Lentz method).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / if d.abs() < TINY { TINY } else { d };
    let mut h = d;
    for m in 1..10_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        for coefficient in [
            m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)),
        ] {
            d = 1.0 + coefficient * d;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = 1.0 + coefficient / c;
            if c.abs() < TINY {
                c = TINY;
            }
            h *= d * c;
            if (d * c - 1.0).abs() < 1e-16 {
                return h;
            }
        }
    }
    h
}

/// Regularised incomplete beta function `I_x(a, b)` for `a, b > 0`, `0 <= x <= 1`.
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// Upper tail `P(T > t)` of Student's t with `ν` degrees of freedom, `t >= 0`:
/// `½ I_{ν/(ν + t²)}(ν/2, ½)`.
fn student_t_upper_tail(t: f64, df: f64) -> f64 {
    0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t * t))
}

/// The `q`-quantile of Student's t distribution with `df` degrees of freedom,
/// e.g. `student_t_quantile(0.975, 10.0) = 2.2281…`.
///
/// **Errors** unless `0 < q < 1` and `df > 0` (finite).
pub fn student_t_quantile(q: f64, df: f64) -> Result<f64> {
    if !(q > 0.0 && q < 1.0) {
        return Err(Error::param("q", "must be in (0, 1)", q));
    }
    if !(df > 0.0 && df.is_finite()) {
        return Err(Error::param("df", "must be finite and > 0", df));
    }
    if q == 0.5 {
        return Ok(0.0);
    }
    let tail = if q > 0.5 { 1.0 - q } else { q };
    let mut hi = 1.0;
    while student_t_upper_tail(hi, df) > tail {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_t_upper_tail(mid, df) > tail {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-15 * hi {
            break;
        }
    }
    let t = 0.5 * (lo + hi);
    Ok(if q > 0.5 { t } else { -t })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_of_integers_and_half() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn t_quantiles_match_closed_forms_and_tables() {
        // ν = 1 is the Cauchy distribution: t_q = tan(π(q − ½)).
        let cauchy = (std::f64::consts::PI * 0.475).tan();
        assert!((student_t_quantile(0.975, 1.0).unwrap() - cauchy).abs() < 1e-9 * cauchy);
        // ν = 2: t_q = (2q − 1)·√(2 / (4q(1 − q))).
        let q: f64 = 0.9;
        let exact = (2.0 * q - 1.0) * (2.0 / (4.0 * q * (1.0 - q))).sqrt();
        assert!((student_t_quantile(q, 2.0).unwrap() - exact).abs() < 1e-12);
        assert!((student_t_quantile(0.975, 10.0).unwrap() - 2.228_138_851_986_274).abs() < 1e-10);
        assert!((student_t_quantile(0.025, 10.0).unwrap() + 2.228_138_851_986_274).abs() < 1e-10);
        // Large ν tends to the normal quantile 1.959963984540054.
        assert!((student_t_quantile(0.975, 1e7).unwrap() - 1.959_963_984_540_054).abs() < 1e-6);
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(student_t_quantile(1.0, 3.0).is_err());
        assert!(student_t_quantile(0.5, 0.0).is_err());
        assert!(student_t_quantile(f64::NAN, 3.0).is_err());
    }
}
