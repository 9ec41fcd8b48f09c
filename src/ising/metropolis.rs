//! Single-spin-flip Metropolis updates in checkerboard order.
//!
//! Flipping s_i changes the energy by ΔE = 2 s_i h_i, with h_i the sum of the
//! neighbouring spins; the flip is accepted with probability min(1, e^{−ΔE/T}).
//! The sites of one sublattice of the checkerboard have no bond between them, so a
//! half sweep (all sites of one parity) is a product of independent single-site
//! kernels, each in detailed balance with the Boltzmann distribution; a sweep is the
//! even half followed by the odd half.

use rand::RngCore;

use super::Lattice;
use crate::rng::Rng;

/// Acceptance thresholds for s_i h_i = −4 … 4: accept when a uniform 64-bit
/// integer is below the threshold; `None` means always accept.
#[derive(Clone, Debug)]
pub struct Acceptance {
    threshold: [Option<u64>; 9],
}

impl Acceptance {
    /// The table at temperature T.
    pub fn new(t: f64) -> Self {
        let mut threshold = [None; 9];
        for (idx, th) in threshold.iter_mut().enumerate() {
            let sh = idx as f64 - 4.0;
            let p = (-2.0 * sh / t).exp();
            if p < 1.0 {
                // p·2^64, rounded down; p < 1 so the product fits
                *th = Some((p * 18_446_744_073_709_551_616.0) as u64);
            }
        }
        Acceptance { threshold }
    }

    /// The threshold of a flip with s_i h_i = `sh` ∈ −4 … 4 (None: always accepted).
    pub fn threshold(&self, sh: i32) -> Option<u64> {
        self.threshold[(sh + 4) as usize]
    }

    /// Whether the flip of a spin with s_i h_i = `sh` is accepted.
    #[inline]
    fn accept(&self, sh: i32, rng: &mut Rng) -> bool {
        match self.threshold[(sh + 4) as usize] {
            None => true,
            Some(th) => rng.next_u64() < th,
        }
    }
}

/// One Metropolis pass over the sites of sublattice `parity`; returns the number of
/// flipped spins.
pub fn half_sweep(
    lat: &Lattice,
    spins: &mut [i8],
    parity: usize,
    acc: &Acceptance,
    rng: &mut Rng,
) -> usize {
    let l = lat.side();
    let mut flipped = 0;
    if lat.dim() == 1 {
        for i in (parity..l).step_by(2) {
            let h = spins[(i + 1) % l] as i32 + spins[(i + l - 1) % l] as i32;
            if acc.accept(spins[i] as i32 * h, rng) {
                spins[i] = -spins[i];
                flipped += 1;
            }
        }
        return flipped;
    }
    for y in 0..l {
        let row = y * l;
        let (above, below) = (((y + l - 1) % l) * l, ((y + 1) % l) * l);
        for x in ((y + parity) % 2..l).step_by(2) {
            let (xr, xl) = (
                if x + 1 == l { 0 } else { x + 1 },
                if x == 0 { l - 1 } else { x - 1 },
            );
            let h = spins[row + xr] as i32
                + spins[row + xl] as i32
                + spins[above + x] as i32
                + spins[below + x] as i32;
            let i = row + x;
            if acc.accept(spins[i] as i32 * h, rng) {
                spins[i] = -spins[i];
                flipped += 1;
            }
        }
    }
    flipped
}

/// One sweep: the even sublattice, then the odd one.
pub fn sweep(lat: &Lattice, spins: &mut [i8], acc: &Acceptance, rng: &mut Rng) -> usize {
    half_sweep(lat, spins, 0, acc, rng) + half_sweep(lat, spins, 1, acc, rng)
}
