//! Local energy and structural observables accumulated over samples.
//!
//! * Local energy (see [`local_energy`]): E_L = Σ_i [−½(∇_i² ln Ψ + |∇_i ln Ψ|²) +
//!   V_ext(r_i)] + Σ_{i<j} V_int(r_ij).
//! * One-body density, radial: ρ(r) = ⟨Σ_i δ(|r_i| − r)⟩ / S_d(r), the number of
//!   particles per unit volume at distance r from the trap centre (S_d(r) the area
//!   of the sphere of radius r; in 1-D, 2), so that ∫ ρ dV = N. Histogram of
//!   `n_bins` shells on [0, r_max).
//! * One-body density in the x–y plane (d ≥ 2): particles per unit area, integrated
//!   over z, on an `n_bins` × `n_bins` grid over [−r_max, r_max)².
//! * Pair-distance distribution P(r): the probability density of r_ij over all pairs
//!   i < j (∫ P dr = 1 within r_max), and the mean inter-particle distance ⟨r_ij⟩.
//!
//! **Standard errors from independent chains.** Chain c (n_c samples, weight
//! w_c = n_c) gives its own normalised estimate h_c of any of these quantities (one
//! histogram bin, or ⟨r_ij⟩); the reported value is the pooled one,
//! h̄ = Σ_c w_c h_c / W with W = Σ_c w_c (the merged counts, normalised). If a
//! sample's contribution has variance σ² (autocorrelation included: σ² is then the
//! integrated-autocorrelation-inflated variance, the same in every chain since all
//! chains sample the same distribution), Var(h_c) = σ²/n_c, Var(h̄) = σ²/W and
//! Cov(h_c, h̄) = σ²/W, so
//!
//!   E[Σ_c w_c (h_c − h̄)²] = Σ_c n_c (σ²/n_c − 2σ²/W + σ²/W) = (C − 1) σ²,
//!
//! and the unbiased estimate of Var(h̄) is Σ_c w_c (h_c − h̄)² / ((C − 1) W). The
//! standard error is its square root (see [`Observables::from_chains`]). C counts
//! the chains that drew at least one sample; for C < 2 the errors are NaN. With few
//! chains the error bar itself is uncertain (a t-distribution with C − 1 degrees
//! of freedom), and a bin no chain reached has error 0.

use super::hamiltonian::{distance, Hamiltonian};
use super::wavefunction::WaveFunction;
use crate::error::{Error, Result};

/// The local energy E_L(x) of `wf` for `hamiltonian`; `grad` is scratch space of
/// length N·d (overwritten; no allocation).
pub fn local_energy<W: WaveFunction>(
    hamiltonian: &Hamiltonian,
    wf: &W,
    state: &W::State,
    x: &[f64],
    grad: &mut [f64],
) -> f64 {
    grad.fill(0.0);
    let lap = wf.add_gradient_laplacian(state, x, grad);
    hamiltonian.local_energy_with_pairs(x, lap, grad, wf.pair_distances(state))
}

/// Which histograms to accumulate while sampling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObservableConfig {
    n_bins: usize,
    r_max: f64,
}

impl ObservableConfig {
    /// Histograms with `n_bins` bins reaching out to `r_max`.
    ///
    /// **Errors** if n_bins < 1 or r_max ≤ 0 (or not finite).
    pub fn new(n_bins: usize, r_max: f64) -> Result<Self> {
        if n_bins < 1 {
            return Err(Error::param("bins", "must be >= 1", n_bins));
        }
        if !(r_max.is_finite() && r_max > 0.0) {
            return Err(Error::param("r_max", "must be > 0", r_max));
        }
        Ok(ObservableConfig { n_bins, r_max })
    }

    /// Number of bins.
    pub fn n_bins(&self) -> usize {
        self.n_bins
    }

    /// Histogram range.
    pub fn r_max(&self) -> f64 {
        self.r_max
    }
}

/// Raw histogram counts of one or several chains.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservableAccumulator {
    config: ObservableConfig,
    n_particles: usize,
    dim: usize,
    n_samples: usize,
    radial: Vec<f64>,
    plane: Vec<f64>,
    pair: Vec<f64>,
    distance_sum: f64,
}

impl ObservableAccumulator {
    /// Empty histograms for N particles in d dimensions.
    pub fn new(config: ObservableConfig, n_particles: usize, dim: usize) -> Self {
        let b = config.n_bins;
        ObservableAccumulator {
            config,
            n_particles,
            dim,
            n_samples: 0,
            radial: vec![0.0; b],
            plane: vec![0.0; if dim >= 2 { b * b } else { 0 }],
            pair: vec![0.0; b],
            distance_sum: 0.0,
        }
    }

    #[inline]
    fn bin(&self, v: f64, lo: f64, hi: f64) -> Option<usize> {
        if v >= lo && v < hi {
            let i = ((v - lo) / (hi - lo) * self.config.n_bins as f64) as usize;
            Some(i.min(self.config.n_bins - 1))
        } else {
            None
        }
    }

    /// Adds one configuration.
    pub fn add(&mut self, x: &[f64]) {
        let (n, d, rmax, b) = (
            self.n_particles,
            self.dim,
            self.config.r_max,
            self.config.n_bins,
        );
        self.n_samples += 1;
        for i in 0..n {
            let p = &x[i * d..(i + 1) * d];
            let r = p.iter().map(|v| v * v).sum::<f64>().sqrt();
            if let Some(k) = self.bin(r, 0.0, rmax) {
                self.radial[k] += 1.0;
            }
            if d >= 2 {
                if let (Some(u), Some(v)) =
                    (self.bin(p[0], -rmax, rmax), self.bin(p[1], -rmax, rmax))
                {
                    self.plane[u * b + v] += 1.0;
                }
            }
            for j in (i + 1)..n {
                let r = distance(p, &x[j * d..(j + 1) * d]);
                self.distance_sum += r;
                if let Some(k) = self.bin(r, 0.0, rmax) {
                    self.pair[k] += 1.0;
                }
            }
        }
    }

    /// Adds the counts of another accumulator with the same configuration.
    pub fn merge(&mut self, other: &ObservableAccumulator) {
        self.n_samples += other.n_samples;
        for (a, b) in self.radial.iter_mut().zip(&other.radial) {
            *a += b;
        }
        for (a, b) in self.plane.iter_mut().zip(&other.plane) {
            *a += b;
        }
        for (a, b) in self.pair.iter_mut().zip(&other.pair) {
            *a += b;
        }
        self.distance_sum += other.distance_sum;
    }

    /// Samples added so far.
    pub fn n_samples(&self) -> usize {
        self.n_samples
    }

    /// Appends the counts to `out` as f64s (exact: counts below 2⁵³), for
    /// [`ObservableAccumulator::read_from`] on another process.
    pub(crate) fn write_to(&self, out: &mut Vec<f64>) {
        out.push(self.n_samples as f64);
        out.push(self.distance_sum);
        out.extend_from_slice(&self.radial);
        out.extend_from_slice(&self.plane);
        out.extend_from_slice(&self.pair);
    }

    /// An accumulator of the same configuration with the counts written by
    /// [`ObservableAccumulator::write_to`] at the start of `buf`; returns it and
    /// the number of f64s read, or None if `buf` is too short.
    pub(crate) fn read_from(&self, buf: &[f64]) -> Option<(Self, usize)> {
        let (nr, np, npair) = (self.radial.len(), self.plane.len(), self.pair.len());
        let len = 2 + nr + np + npair;
        if buf.len() < len {
            return None;
        }
        let mut acc = ObservableAccumulator::new(self.config, self.n_particles, self.dim);
        acc.n_samples = buf[0] as usize;
        acc.distance_sum = buf[1];
        acc.radial.copy_from_slice(&buf[2..2 + nr]);
        acc.plane.copy_from_slice(&buf[2 + nr..2 + nr + np]);
        acc.pair.copy_from_slice(&buf[2 + nr + np..len]);
        Some((acc, len))
    }

    /// Normalised densities of these samples, as one chain: errors NaN (a spread
    /// needs several chains, see [`Observables::from_chains`]).
    pub fn finish(&self) -> Observables {
        let (n, d, b, rmax) = (
            self.n_particles,
            self.dim,
            self.config.n_bins,
            self.config.r_max,
        );
        let samples = self.n_samples.max(1) as f64;
        let dr = rmax / b as f64;
        let edges: Vec<f64> = (0..=b).map(|i| i as f64 * dr).collect();
        let ball = |r: f64| match d {
            1 => 2.0 * r,
            2 => std::f64::consts::PI * r * r,
            _ => 4.0 / 3.0 * std::f64::consts::PI * r * r * r,
        };
        let radial_density = (0..b)
            .map(|i| self.radial[i] / (samples * (ball(edges[i + 1]) - ball(edges[i]))))
            .collect();
        let cell = (2.0 * dr) * (2.0 * dr);
        let plane_density = self.plane.iter().map(|c| c / (samples * cell)).collect();
        let plane_edges = if d >= 2 {
            (0..=b).map(|i| -rmax + 2.0 * i as f64 * dr).collect()
        } else {
            Vec::new()
        };
        let n_pairs = (n * (n - 1) / 2) as f64;
        let pair_distribution = if n >= 2 {
            self.pair
                .iter()
                .map(|c| c / (samples * n_pairs * dr))
                .collect()
        } else {
            vec![0.0; b]
        };
        let mean_distance = if n >= 2 {
            Some(self.distance_sum / (samples * n_pairs))
        } else {
            None
        };
        Observables {
            radial_edges: edges,
            radial_density_error: vec![f64::NAN; b],
            radial_density,
            plane_edges,
            plane_density_error: vec![f64::NAN; self.plane.len()],
            plane_density,
            pair_distribution_error: vec![f64::NAN; b],
            pair_distribution,
            mean_distance_error: mean_distance.map(|_| f64::NAN),
            mean_distance,
        }
    }
}

/// Normalised one-body densities and pair statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct Observables {
    /// Bin edges in r (n_bins + 1), shared by the radial density and P(r).
    pub radial_edges: Vec<f64>,
    /// ρ(r): particles per unit volume in each spherical shell (n_bins).
    pub radial_density: Vec<f64>,
    /// Bin edges in x and y (n_bins + 1; empty in 1-D).
    pub plane_edges: Vec<f64>,
    /// Particles per unit area in the x–y plane, row-major n_bins × n_bins with the
    /// x bin as row (empty in 1-D).
    pub plane_density: Vec<f64>,
    /// P(r_ij): probability density of the pair distance (n_bins; zero for N = 1).
    pub pair_distribution: Vec<f64>,
    /// ⟨r_ij⟩ over all pairs (None for N = 1).
    pub mean_distance: Option<f64>,
    /// Standard error of each bin of `radial_density` (same units; NaN with fewer
    /// than two chains).
    pub radial_density_error: Vec<f64>,
    /// Standard error of each cell of `plane_density` (same layout and units).
    pub plane_density_error: Vec<f64>,
    /// Standard error of each bin of `pair_distribution`.
    pub pair_distribution_error: Vec<f64>,
    /// Standard error of `mean_distance` (None for N = 1).
    pub mean_distance_error: Option<f64>,
}

impl Observables {
    /// The chains' histograms merged in the order given (so the sums, and every
    /// number here, do not depend on how the chains were scheduled), with standard
    /// errors from the spread of the per-chain normalised estimates h_c around the
    /// pooled value h̄, weighted by the chains' sample counts w_c = n_c:
    ///
    ///   err(h̄) = sqrt( Σ_c w_c (h_c − h̄)² / ((C − 1) Σ_c w_c) ),
    ///
    /// the unbiased estimate for independent chains (derivation in the module
    /// docs), over the C chains with at least one sample; NaN for C < 2. None for
    /// no chains.
    ///
    /// All accumulators must share one configuration, N and d (the driver's do).
    pub fn from_chains(chains: &[&ObservableAccumulator]) -> Option<Observables> {
        let (first, rest) = chains.split_first()?;
        let mut total = (*first).clone();
        for c in rest {
            debug_assert!(c.config == first.config && c.n_particles == first.n_particles);
            debug_assert!(c.dim == first.dim);
            total.merge(c);
        }
        let mut out = total.finish();
        let per_chain: Vec<(f64, Observables)> = chains
            .iter()
            .filter(|c| c.n_samples > 0)
            .map(|c| (c.n_samples as f64, c.finish()))
            .collect();
        if per_chain.len() < 2 {
            return Some(out);
        }
        let weight: f64 = per_chain.iter().map(|(w, _)| w).sum();
        let scale = 1.0 / ((per_chain.len() - 1) as f64 * weight);
        // Σ_c w_c (h_c − h̄)², summed chain by chain in chain order.
        let spread = |mean: &[f64], field: fn(&Observables) -> &[f64]| -> Vec<f64> {
            let mut acc = vec![0.0; mean.len()];
            for (w, o) in &per_chain {
                for ((a, h), m) in acc.iter_mut().zip(field(o)).zip(mean) {
                    let d = h - m;
                    *a += w * d * d;
                }
            }
            acc.into_iter().map(|a| (a * scale).sqrt()).collect()
        };
        out.radial_density_error = spread(&out.radial_density, |o| &o.radial_density);
        out.plane_density_error = spread(&out.plane_density, |o| &o.plane_density);
        out.pair_distribution_error = spread(&out.pair_distribution, |o| &o.pair_distribution);
        if let Some(m) = out.mean_distance {
            let err = spread(&[m], |o| o.mean_distance.as_slice());
            out.mean_distance_error = Some(err[0]);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_distr::StandardNormal;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Chains of Gaussian configurations (N = 3, d = 2) with different lengths.
    fn chains(lengths: &[usize]) -> Vec<ObservableAccumulator> {
        let config = ObservableConfig::new(8, 2.5).unwrap();
        lengths
            .iter()
            .enumerate()
            .map(|(c, &len)| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(100 + c as u64);
                let mut acc = ObservableAccumulator::new(config, 3, 2);
                for _ in 0..len {
                    let x: Vec<f64> = (0..6)
                        .map(|_| 0.7 * rng.sample::<f64, _>(StandardNormal))
                        .collect();
                    acc.add(&x);
                }
                acc
            })
            .collect()
    }

    /// sqrt(Σ_c n_c (h_c − h̄)² / ((C − 1) Σ_c n_c)) with h̄ the weighted mean of
    /// the chains' own histograms, computed bin by bin from scratch.
    fn direct(per_chain: &[(f64, Vec<f64>)]) -> (Vec<f64>, Vec<f64>) {
        let c = per_chain.len() as f64;
        let w: f64 = per_chain.iter().map(|(n, _)| n).sum();
        let bins = per_chain[0].1.len();
        let mean: Vec<f64> = (0..bins)
            .map(|k| per_chain.iter().map(|(n, h)| n * h[k]).sum::<f64>() / w)
            .collect();
        let err = (0..bins)
            .map(|k| {
                let s: f64 = per_chain
                    .iter()
                    .map(|(n, h)| n * (h[k] - mean[k]).powi(2))
                    .sum();
                (s / ((c - 1.0) * w)).sqrt()
            })
            .collect();
        (mean, err)
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    #[test]
    fn errors_are_the_weighted_spread_of_the_chains() {
        let accs = chains(&[300, 500, 200, 450, 0]);
        let refs: Vec<&ObservableAccumulator> = accs.iter().collect();
        let obs = Observables::from_chains(&refs).unwrap();
        // the empty chain carries no weight and does not count in C
        let per = |f: fn(&Observables) -> Vec<f64>| -> Vec<(f64, Vec<f64>)> {
            accs.iter()
                .filter(|a| a.n_samples() > 0)
                .map(|a| (a.n_samples() as f64, f(&a.finish())))
                .collect()
        };
        let (m, e) = direct(&per(|o| o.radial_density.clone()));
        close(&obs.radial_density, &m);
        close(&obs.radial_density_error, &e);
        assert!(e.iter().all(|v| v.is_finite()) && e.iter().any(|v| *v > 0.0));
        let (m, e) = direct(&per(|o| o.plane_density.clone()));
        close(&obs.plane_density, &m);
        close(&obs.plane_density_error, &e);
        let (m, e) = direct(&per(|o| o.pair_distribution.clone()));
        close(&obs.pair_distribution, &m);
        close(&obs.pair_distribution_error, &e);
        let (m, e) = direct(&per(|o| vec![o.mean_distance.unwrap()]));
        close(&[obs.mean_distance.unwrap()], &m);
        close(&[obs.mean_distance_error.unwrap()], &e);
        // merged counts equal a single accumulator fed every sample
        let mut all = accs[0].clone();
        for a in &accs[1..] {
            all.merge(a);
        }
        assert_eq!(all.finish().radial_density, obs.radial_density);
    }

    #[test]
    fn one_chain_has_nan_errors_and_equal_chains_zero() {
        let accs = chains(&[400, 0]);
        let obs = Observables::from_chains(&[&accs[0], &accs[1]]).unwrap();
        assert_eq!(obs.radial_density, accs[0].finish().radial_density);
        assert!(obs.radial_density_error.iter().all(|e| e.is_nan()));
        assert!(obs.plane_density_error.iter().all(|e| e.is_nan()));
        assert!(obs.pair_distribution_error.iter().all(|e| e.is_nan()));
        assert!(obs.mean_distance_error.unwrap().is_nan());
        // two copies of one chain: no spread
        let same = Observables::from_chains(&[&accs[0], &accs[0]]).unwrap();
        assert!(same.radial_density_error.iter().all(|e| *e == 0.0));
        assert_eq!(same.mean_distance_error, Some(0.0));
        assert!(Observables::from_chains(&[]).is_none());
        // one particle: no pair statistics, and no error for them
        let config = ObservableConfig::new(4, 2.0).unwrap();
        let mut a = ObservableAccumulator::new(config, 1, 1);
        a.add(&[0.3]);
        let b = a.clone();
        let obs = Observables::from_chains(&[&a, &b]).unwrap();
        assert_eq!(obs.mean_distance_error, None);
        assert!(obs.plane_density_error.is_empty());
    }
}
