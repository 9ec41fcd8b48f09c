//! The Ising model on periodic hypercubic lattices (1-D rings and 2-D L × L tori),
//! H = −J Σ_⟨ij⟩ s_i s_j with s_i = ±1, J = 1, no field and k_B = 1, so the
//! temperature T is in units of J.
//!
//! * [`Lattice`]: sites, neighbours, energy and magnetisation per spin.
//! * [`metropolis`]: single-spin-flip Metropolis, one sublattice of the
//!   checkerboard at a time; [`packed`]: the same kernel multi-spin coded (64
//!   spins per word), which [`sample`] runs.
//! * [`wolff`]: Wolff cluster updates (Wolff, Phys. Rev. Lett. 62, 361 (1989)).
//! * [`sample`]: independent Markov chains run in parallel, each with its own
//!   random stream (seed, chain index), so the samples do not depend on the
//!   number of threads.
//! * [`exact`]: thermal averages by enumeration of all 2^N configurations.
//!
//! The 2-D model orders below Onsager's T_c = 2/ln(1 + √2) ≈ 2.269.

pub mod exact;
pub mod metropolis;
pub mod packed;
pub mod sample;
pub mod wolff;

pub use exact::{exact, ExactAverages};
pub use sample::{sample, sample_interruptible, Method, SampleConfig, Samples};

use crate::error::{Error, Result};

/// A periodic lattice of side L in 1 or 2 dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lattice {
    side: usize,
    dim: usize,
}

impl Lattice {
    /// The ring (d = 1) or torus (d = 2) of side L.
    ///
    /// **Errors** unless d ∈ {1, 2} and L is even and ≥ 2 (the checkerboard needs
    /// an even side), or if the lattice has more than 2^31 sites.
    pub fn new(side: usize, dim: usize) -> Result<Self> {
        if dim != 1 && dim != 2 {
            return Err(Error::param("dim", "must be 1 or 2", dim));
        }
        if side < 2 || !side.is_multiple_of(2) {
            return Err(Error::param("L", "must be an even integer >= 2", side));
        }
        if side.checked_pow(dim as u32).is_none_or(|n| n > 1 << 31) {
            return Err(Error::param("L", "must give at most 2^31 sites", side));
        }
        Ok(Lattice { side, dim })
    }

    /// The side L.
    pub fn side(&self) -> usize {
        self.side
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of sites N = L^d.
    pub fn n_sites(&self) -> usize {
        self.side.pow(self.dim as u32)
    }

    /// The 2d neighbours of site i (row-major index; on L = 2 a neighbour appears
    /// twice, i.e. the pair is joined by two bonds).
    #[inline]
    pub fn neighbours(&self, i: usize) -> ([usize; 4], usize) {
        let l = self.side;
        let (x, y) = (i % l, i / l);
        let right = y * l + (x + 1) % l;
        let left = y * l + (x + l - 1) % l;
        if self.dim == 1 {
            return ([right, left, 0, 0], 2);
        }
        let down = ((y + 1) % l) * l + x;
        let up = ((y + l - 1) % l) * l + x;
        ([right, left, down, up], 4)
    }

    /// Sum of the neighbouring spins of site i.
    #[inline]
    pub fn local_field(&self, spins: &[i8], i: usize) -> i32 {
        let (nb, n) = self.neighbours(i);
        nb[..n].iter().map(|&j| spins[j] as i32).sum()
    }

    /// Sublattice (0 or 1) of site i: the parity of its coordinate sum.
    #[inline]
    pub fn parity(&self, i: usize) -> usize {
        let l = self.side;
        if self.dim == 1 {
            i % 2
        } else {
            (i % l + i / l) % 2
        }
    }

    /// Total energy E = −Σ_⟨ij⟩ s_i s_j (each bond once: to the right and below).
    pub fn energy(&self, spins: &[i8]) -> i64 {
        let mut e = 0i64;
        for i in 0..self.n_sites() {
            let (nb, n) = self.neighbours(i);
            let bonds: i32 = if n == 2 {
                spins[nb[0]] as i32
            } else {
                spins[nb[0]] as i32 + spins[nb[2]] as i32
            };
            e -= (spins[i] as i32 * bonds) as i64;
        }
        e
    }

    /// Total magnetisation M = Σ_i s_i.
    pub fn magnetization(&self, spins: &[i8]) -> i64 {
        spins.iter().map(|&s| s as i64).sum()
    }
}

/// Checks a temperature: finite and > 0.
pub(crate) fn check_temperature(t: f64) -> Result<()> {
    if t.is_finite() && t > 0.0 {
        Ok(())
    } else {
        Err(Error::param("T", "must be > 0 and finite", t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ground_state_energy_is_minus_d_per_spin() {
        for (l, d) in [(4, 2), (6, 1), (2, 2)] {
            let lat = Lattice::new(l, d).unwrap();
            let up = vec![1i8; lat.n_sites()];
            assert_eq!(lat.energy(&up), -((d * lat.n_sites()) as i64));
            assert_eq!(lat.magnetization(&up), lat.n_sites() as i64);
        }
    }

    #[test]
    fn bad_lattices_are_refused() {
        assert!(Lattice::new(3, 2).is_err());
        assert!(Lattice::new(0, 2).is_err());
        assert!(Lattice::new(4, 3).is_err());
    }

    #[test]
    fn flip_energy_is_twice_spin_times_field() {
        let lat = Lattice::new(4, 2).unwrap();
        let mut s: Vec<i8> = (0..16)
            .map(|i| if (i * 7) % 5 < 2 { 1 } else { -1 })
            .collect();
        for i in 0..16 {
            let before = lat.energy(&s);
            let de = 2 * s[i] as i64 * lat.local_field(&s, i) as i64;
            s[i] = -s[i];
            assert_eq!(lat.energy(&s) - before, de);
        }
    }
}

#[cfg(test)]
mod sampling_tests;
