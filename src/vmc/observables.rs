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
    hamiltonian.local_energy(x, lap, grad)
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

    /// Normalised densities.
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
            radial_density,
            plane_edges,
            plane_density,
            pair_distribution,
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
}
