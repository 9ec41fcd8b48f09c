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
    summarize(x).error
}

/// Mean, population variance and blocking error of a series: the mean as [`mean`]
/// gives it, the variance and error as the level-by-level definition (the doc of
/// [`blocking_error`]) gives them up to rounding, computed in blocks in parallel
/// (see [`summarize`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// x̄.
    pub mean: f64,
    /// (1/n) Σ (x_i − x̄)².
    pub variance: f64,
    /// The blocking estimate of the standard error of x̄ (0 for fewer than two values
    /// or a constant series).
    pub error: f64,
}

/// Sums of one blocking level over a stretch of its values, in order: count, Σ d²
/// and Σ d_i d_{i+1} of the deviations d = value − x̄, and the first and last
/// deviation (to join the stretch to its neighbours).
#[derive(Clone, Copy, Default)]
struct Level {
    n: usize,
    var: f64,
    cov: f64,
    first: Option<f64>,
    last: Option<f64>,
}

impl Level {
    /// The sums of `values`, one after the other.
    fn of(values: &[f64], mu: f64) -> Level {
        let Some((&v0, rest)) = values.split_first() else {
            return Level::default();
        };
        let mut prev = v0 - mu;
        let (first, mut var, mut cov) = (prev, prev * prev, 0.0);
        for &v in rest {
            let d = v - mu;
            var += d * d;
            cov += prev * d;
            prev = d;
        }
        Level {
            n: values.len(),
            var,
            cov,
            first: Some(first),
            last: Some(prev),
        }
    }

    /// Adds the sums of the stretch that follows this one.
    fn append(&mut self, other: &Level) {
        if let (Some(p), Some(f)) = (self.last, other.first) {
            self.cov += p * f;
        }
        self.n += other.n;
        self.var += other.var;
        self.cov += other.cov;
        self.first = self.first.or(other.first);
        self.last = other.last.or(self.last);
    }
}

/// The next blocking level: means of neighbouring pairs (an odd last value dropped).
fn halve(values: &[f64]) -> Vec<f64> {
    values
        .chunks_exact(2)
        .map(|c| 0.5 * (c[0] + c[1]))
        .collect()
}

/// Values per block of the parallel blocking pass: a power of two, so that every
/// level below [`BLOCK_LEVELS`] has an even number of values in a full block.
const BLOCK_LEVELS: usize = 12;
const BLOCK: usize = 1 << BLOCK_LEVELS;

/// The sums of levels 0..=BLOCK_LEVELS of one stretch `x` of the series (a full block,
/// or the shorter last one), and the values of level BLOCK_LEVELS (one for a full
/// block, none for a shorter one) for the levels above.
fn block_levels(x: &[f64], mu: f64) -> (Vec<Level>, Vec<f64>) {
    let mut levels = Vec::with_capacity(BLOCK_LEVELS + 1);
    let mut values = x.to_vec();
    for _ in 0..BLOCK_LEVELS {
        levels.push(Level::of(&values, mu));
        values = halve(&values);
    }
    levels.push(Level::of(&values, mu));
    (levels, values)
}

/// See [`Summary`]; NaN mean and variance for an empty slice.
///
/// Levels 0..=12 are summed per block of 4096 values (the blocks in parallel, then
/// joined in order; the covariance picks up the pair across each block boundary),
/// and the levels above by halving the blocks' means. The split depends only on
/// the length, so the result is the same for any number of threads; it agrees with
/// the level-by-level passes to rounding.
pub fn summarize(x: &[f64]) -> Summary {
    let mu = mean(x);
    if x.len() < 2 {
        let variance = if x.is_empty() { f64::NAN } else { 0.0 };
        return Summary {
            mean: mu,
            variance,
            error: 0.0,
        };
    }
    // One block (an optimisation step's few thousand samples) stays on the calling
    // thread.
    let blocks =
        crate::linalg::map_maybe_parallel(x.chunks(BLOCK).collect(), x.len() > BLOCK, |c| {
            block_levels(c, mu)
        });
    let mut levels = vec![Level::default(); BLOCK_LEVELS + 1];
    let mut values = Vec::with_capacity(blocks.len());
    for (block, top) in &blocks {
        for (l, b) in levels.iter_mut().zip(block) {
            l.append(b);
        }
        values.extend_from_slice(top);
    }
    loop {
        values = halve(&values);
        if values.is_empty() {
            break;
        }
        levels.push(Level::of(&values, mu));
    }
    let used = levels.iter().take_while(|l| l.n >= 2);
    let n_k: Vec<f64> = used.clone().map(|l| l.n as f64).collect();
    let s2: Vec<f64> = used.clone().map(|l| l.var / l.n as f64).collect();
    let gamma: Vec<f64> = used.map(|l| l.cov / l.n as f64).collect();
    let variance = s2[0];
    if s2[0] <= 0.0 {
        return Summary {
            mean: mu,
            variance,
            error: 0.0,
        };
    }
    Summary {
        mean: mu,
        variance,
        error: blocking_level_error(&n_k, &s2, &gamma),
    }
}

/// The integrated autocorrelation time τ = 1 + 2 Σ_{t ≥ 1} ρ(t) of a series of `n`
/// values with the given [`Summary`], from the blocking error: the variance of the mean
/// of a correlated series is s² τ / n, so τ = n σ_blocking² / s² (1 for uncorrelated
/// values, (1 + φ)/(1 − φ) for an AR(1) series x_t = φ x_{t−1} + ε_t).
///
/// Returns 1 for a constant series or fewer than two values (no correlation to see).
pub fn autocorrelation_time(summary: &Summary, n: usize) -> f64 {
    if n < 2 || summary.variance <= 0.0 || !summary.variance.is_finite() {
        return 1.0;
    }
    n as f64 * summary.error * summary.error / summary.variance
}

/// The error √(s_j²/n_j) at the first level j whose statistic M_j is below the 99 %
/// χ² quantile (see [`blocking_error`]), from each level's count n_k, variance s_k²
/// (s_0² > 0) and lag-one autocovariance γ_k.
fn blocking_level_error(n_k: &[f64], s2: &[f64], gamma: &[f64]) -> f64 {
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

    /// The blocking levels written as separate passes, as the doc of
    /// `blocking_error` states them (the level choice is shared).
    fn blocking_by_passes(x: &[f64]) -> f64 {
        let mu = mean(x);
        let mut level = x.to_vec();
        let (mut n_k, mut s2, mut gamma) = (vec![], vec![], vec![]);
        while level.len() >= 2 {
            let n = level.len() as f64;
            s2.push(level.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / n);
            gamma.push(
                level
                    .windows(2)
                    .map(|w| (w[0] - mu) * (w[1] - mu))
                    .sum::<f64>()
                    / n,
            );
            n_k.push(n);
            level = level.chunks_exact(2).map(|c| 0.5 * (c[0] + c[1])).collect();
        }
        if s2[0] <= 0.0 {
            return 0.0;
        }
        blocking_level_error(&n_k, &s2, &gamma)
    }

    #[test]
    fn block_summary_equals_the_separate_passes_for_any_thread_count() {
        let mut rng = crate::rng::stream(5, 0);
        for n in [
            2usize, 3, 4, 5, 17, 64, 1000, 4095, 4096, 4097, 8192, 8193, 12_289, 100_001, 1_000_000,
        ] {
            let mut x = vec![0.0; n];
            let mut prev = 0.0;
            for v in &mut x {
                prev = 0.9 * prev + rng.sample::<f64, _>(StandardNormal);
                *v = 3.0 + prev;
            }
            let s = summarize(&x);
            assert_eq!(s.mean.to_bits(), mean(&x).to_bits(), "n = {n}");
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
            assert!(close(s.variance, variance(&x)), "n = {n}");
            assert!(
                close(s.error, blocking_by_passes(&x)),
                "n = {n}: {} vs {}",
                s.error,
                blocking_by_passes(&x)
            );
            let in_pool = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| summarize(&x))
            };
            assert_eq!(in_pool(1), s);
            assert_eq!(in_pool(3), s);
        }
        assert_eq!(summarize(&[2.0; 10]).error, 0.0);
        assert_eq!(
            summarize(&[2.0]),
            Summary {
                mean: 2.0,
                variance: 0.0,
                error: 0.0
            }
        );
        assert!(summarize(&[]).mean.is_nan() && summarize(&[]).variance.is_nan());
    }

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
    fn autocorrelation_time_of_an_ar1_series() {
        let phi = 0.8;
        let n = 1 << 20;
        let mut rng = crate::rng::stream(7, 0);
        let mut v = 0.0;
        let x: Vec<f64> = (0..n)
            .map(|_| {
                v = phi * v + rng.sample::<f64, _>(StandardNormal);
                v
            })
            .collect();
        let tau = autocorrelation_time(&summarize(&x), n);
        let exact = (1.0 + phi) / (1.0 - phi);
        assert!((tau / exact - 1.0).abs() < 0.2, "{tau} vs {exact}");
        assert_eq!(autocorrelation_time(&summarize(&[1.0; 8]), 8), 1.0);
        assert_eq!(autocorrelation_time(&summarize(&[1.0]), 1), 1.0);
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
