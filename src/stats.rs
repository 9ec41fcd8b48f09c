//! Statistics: mean, variance and the automated blocking estimate of the error of the
//! mean of a correlated series (Monte Carlo energies, for instance).

/// Arithmetic mean x̄ = (1/n) Σ_i x_i; NaN for an empty slice.
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Population variance (1/n) Σ_i (x_i − x̄)², computed in two passes; NaN for an
/// empty slice.
pub fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / x.len() as f64
}

/// Upper 99 % quantile of the χ² distribution with `df` degrees of freedom
/// (Wilson–Hilferty approximation, better than 1 % for df ≥ 1).
fn chi2_quantile_99(df: usize) -> f64 {
    const Z99: f64 = 2.326_347_874_040_841;
    let k = df as f64;
    let c = 2.0 / (9.0 * k);
    k * (1.0 - c + Z99 * c.sqrt()).powi(3)
}

/// The standard error of the mean of a correlated, stationary series by automated
/// blocking (M. Jonsson, Phys. Rev. E 98, 043304 (2018)).
///
/// The series is repeatedly halved by averaging neighbours, x'_i = (x_{2i} + x_{2i+1})/2
/// (an odd trailing element is dropped). At level k, with n_k values, population
/// variance s_k² and lag-one autocovariance γ_k (about the overall mean), the statistic
/// M_j = Σ_{k ≥ j} n_k (γ_k / s_k²)² is χ²-distributed with (levels − j) degrees of
/// freedom once the blocks are uncorrelated; the first level j with M_j below the 99 %
/// quantile is taken and the error is √(s_j² / n_j).
///
/// Returns 0 for a constant series or fewer than two values.
pub fn blocking_error(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let mu = mean(x);
    let mut level: Vec<f64> = x.to_vec();
    let mut n_k = Vec::new();
    let mut s2 = Vec::new();
    let mut gamma = Vec::new();
    while level.len() >= 2 {
        let n = level.len();
        let var = level.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / n as f64;
        let cov = level
            .windows(2)
            .map(|w| (w[0] - mu) * (w[1] - mu))
            .sum::<f64>()
            / n as f64;
        n_k.push(n as f64);
        s2.push(var);
        gamma.push(cov);
        level = level.chunks_exact(2).map(|c| 0.5 * (c[0] + c[1])).collect();
    }
    if s2[0] <= 0.0 {
        return 0.0;
    }
    let levels = s2.len();
    let mut m = vec![0.0; levels];
    let mut acc = 0.0;
    for k in (0..levels).rev() {
        if s2[k] > 0.0 {
            acc += n_k[k] * (gamma[k] / s2[k]).powi(2);
        }
        m[k] = acc;
    }
    let j = (0..levels)
        .find(|&j| m[j] < chi2_quantile_99(levels - j))
        .unwrap_or(levels - 1);
    (s2[j] / n_k[j]).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;
    use rand_distr::StandardNormal;

    #[test]
    fn mean_and_variance_of_a_small_set() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(mean(&x), 2.5);
        assert_eq!(variance(&x), 1.25);
    }

    #[test]
    fn chi2_quantiles_are_close_to_tabulated_values() {
        for (df, q) in [
            (1, 6.634897),
            (2, 9.210340),
            (5, 15.086272),
            (20, 37.566235),
        ] {
            assert!((chi2_quantile_99(df) - q).abs() / q < 0.01, "df {df}");
        }
    }

    #[test]
    fn constant_series_has_zero_error() {
        assert_eq!(blocking_error(&[2.0; 1000]), 0.0);
        assert_eq!(blocking_error(&[2.0]), 0.0);
    }

    /// x_t = φ x_{t−1} + ε_t with unit Gaussian noise: Var(x) = 1/(1 − φ²) and, for
    /// long series, the variance of the mean is 1/(n (1 − φ)²).
    #[test]
    fn blocking_recovers_the_error_of_the_mean_of_an_ar1_series() {
        for (phi, seed) in [(0.9, 1), (0.5, 2), (0.0, 3)] {
            let n = 1 << 20;
            let mut rng = crate::rng::stream(seed, 0);
            let mut x = Vec::with_capacity(n);
            let mut v: f64 = rng.sample::<f64, _>(StandardNormal) / (1.0f64 - phi * phi).sqrt();
            for _ in 0..n {
                x.push(v);
                v = phi * v + rng.sample::<f64, _>(StandardNormal);
            }
            let exact = 1.0 / ((n as f64).sqrt() * (1.0 - phi));
            let got = blocking_error(&x);
            assert!(
                (got / exact - 1.0).abs() < 0.1,
                "phi {phi}: blocking {got}, exact {exact}"
            );
            let naive = (variance(&x) / n as f64).sqrt();
            if phi > 0.5 {
                assert!(naive < 0.5 * exact);
            }
        }
    }

    #[test]
    fn odd_lengths_work() {
        let mut rng = crate::rng::stream(4, 0);
        let x: Vec<f64> = (0..100_001)
            .map(|_| rng.sample::<f64, _>(StandardNormal))
            .collect();
        let got = blocking_error(&x);
        let exact = 1.0 / (x.len() as f64).sqrt();
        assert!((got / exact - 1.0).abs() < 0.1, "{got} vs {exact}");
    }
}
