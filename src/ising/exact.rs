//! Thermal averages of small Ising lattices by enumeration of all 2^N
//! configurations, with Boltzmann weights e^{−(E − E_0)/T} shifted by the ground
//! energy E_0 = −dN so that no exponential overflows.

use super::{check_temperature, Lattice};
use crate::error::{Error, Result};

/// Largest number of sites enumerated (2^24 configurations).
pub const MAX_SITES: usize = 24;

/// Exact thermal averages per spin (e = E/N, m = M/N).
#[derive(Clone, Debug, PartialEq)]
pub struct ExactAverages {
    /// ⟨e⟩.
    pub energy: f64,
    /// ⟨e²⟩.
    pub energy_sq: f64,
    /// ⟨|m|⟩.
    pub abs_magnetization: f64,
    /// ⟨m²⟩.
    pub magnetization_sq: f64,
    /// Specific heat per spin c = N (⟨e²⟩ − ⟨e⟩²)/T².
    pub specific_heat: f64,
    /// Susceptibility per spin χ = N (⟨m²⟩ − ⟨|m|⟩²)/T.
    pub susceptibility: f64,
    /// ln Z.
    pub log_z: f64,
}

/// Exact averages of the lattice of side L in d dimensions at temperature T.
///
/// **Errors** for a bad lattice or T ≤ 0, and if N = L^d exceeds [`MAX_SITES`].
pub fn exact(side: usize, dim: usize, t: f64) -> Result<ExactAverages> {
    let lat = Lattice::new(side, dim)?;
    check_temperature(t)?;
    let n = lat.n_sites();
    if n > MAX_SITES {
        return Err(Error::param(
            "L",
            &format!("must give at most {MAX_SITES} sites for exact enumeration"),
            side,
        ));
    }
    let e0 = -((dim * n) as f64);
    let nf = n as f64;
    let mut spins = vec![0i8; n];
    let (mut z, mut se, mut se2, mut sm, mut sm2) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for code in 0u64..(1u64 << n) {
        for (i, s) in spins.iter_mut().enumerate() {
            *s = if code >> i & 1 == 1 { 1 } else { -1 };
        }
        let e = lat.energy(&spins) as f64;
        let m = lat.magnetization(&spins) as f64 / nf;
        let w = (-(e - e0) / t).exp();
        let e = e / nf;
        z += w;
        se += w * e;
        se2 += w * e * e;
        sm += w * m.abs();
        sm2 += w * m * m;
    }
    let (energy, energy_sq) = (se / z, se2 / z);
    let (abs_magnetization, magnetization_sq) = (sm / z, sm2 / z);
    Ok(ExactAverages {
        energy,
        energy_sq,
        abs_magnetization,
        magnetization_sq,
        specific_heat: nf * (energy_sq - energy * energy) / (t * t),
        susceptibility: nf * (magnetization_sq - abs_magnetization * abs_magnetization) / t,
        log_z: z.ln() - e0 / t,
    })
}
