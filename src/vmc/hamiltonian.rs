//! Systems: N particles in d = 1, 2, 3 dimensions in a harmonic trap, with an
//! optional two-body interaction (Hartree atomic units, ħ = m = e = 1).
//!
//! H = Σ_i [−½∇_i² + V_ext(r_i)] + Σ_{i<j} V_int(r_ij) with
//! V_ext(r) = ½ω²(x² + y²) + ½ω_z² z² (ω_z = ω for an isotropic trap; the z axis is
//! the third coordinate and exists only in d = 3).
//!
//! Configurations are flat slices of length N·d: particle i occupies
//! `x[i*d .. (i+1)*d]`.

use super::wavefunction::{PairDistances, WaveFunction};
use crate::error::{Error, Result};

/// The two-body interaction V_int(r_ij).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Interaction {
    /// No interaction.
    None,
    /// Coulomb repulsion 1/r_ij (electrons in a quantum dot).
    Coulomb,
    /// Hard spheres of radius `a`: V = ∞ for r_ij ≤ a, 0 otherwise (a Bose gas).
    /// The wave function must vanish inside the core (see `HardSphereJastrow`);
    /// sampled configurations then never reach it and the potential contributes 0.
    HardSphere { a: f64 },
}

/// The exchange statistics of the particles: what a trial wave function must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistics {
    /// Electrons (spin-½ fermions), the first `n_up` spin up. Ψ must change sign
    /// when two same-spin electrons are exchanged: it needs a Slater determinant,
    /// unless each spin holds at most one electron (two electrons in the singlet
    /// have a symmetric spatial wave function).
    Fermions { n_up: usize },
    /// Bosons: Ψ symmetric; a Slater determinant is refused.
    Bosons,
    /// Distinguishable particles: any Ψ. Their ground state is the bosonic one, far
    /// below the fermionic energy for more than two electrons.
    Boltzmann,
}

/// N particles in d dimensions in a harmonic trap with an interaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Hamiltonian {
    n_particles: usize,
    dim: usize,
    omega: f64,
    omega_z: f64,
    interaction: Interaction,
    statistics: Statistics,
}

fn positive(name: &str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, "must be > 0", v))
    }
}

/// Validates a particle count and a dimension.
pub(crate) fn check_shape(n_particles: usize, dim: usize) -> Result<()> {
    if n_particles < 1 {
        return Err(Error::param("n_particles", "must be >= 1", n_particles));
    }
    if !(1..=3).contains(&dim) {
        return Err(Error::param("dim", "must be 1, 2 or 3", dim));
    }
    Ok(())
}

impl Hamiltonian {
    /// N particles in d dimensions in an isotropic trap of frequency ω.
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3}, ω ≤ 0 (or not finite), a hard-sphere
    /// radius a < 0 (or not finite).
    pub fn new(
        n_particles: usize,
        dim: usize,
        omega: f64,
        interaction: Interaction,
    ) -> Result<Self> {
        Self::elliptical(n_particles, dim, omega, omega, interaction)
    }

    /// A quantum dot: N electrons with Coulomb repulsion in an isotropic trap, the
    /// first ⌈N/2⌉ spin up (closed shells for even N).
    pub fn quantum_dot(n_particles: usize, dim: usize, omega: f64) -> Result<Self> {
        Self::new(n_particles, dim, omega, Interaction::Coulomb)?.with_statistics(
            Statistics::Fermions {
                n_up: n_particles.div_ceil(2),
            },
        )
    }

    /// The same system with other exchange statistics.
    ///
    /// **Errors** if a fermion spin assignment has n_up > N.
    pub fn with_statistics(mut self, statistics: Statistics) -> Result<Self> {
        if let Statistics::Fermions { n_up } = statistics {
            if n_up > self.n_particles {
                return Err(Error::param(
                    "n_up",
                    &format!("must be <= n_particles = {}", self.n_particles),
                    n_up,
                ));
            }
        }
        self.statistics = statistics;
        Ok(self)
    }

    /// The exchange statistics ([`Statistics::Boltzmann`] unless set by
    /// [`Hamiltonian::quantum_dot`], [`Hamiltonian::bose_gas`] or
    /// [`Hamiltonian::with_statistics`]).
    pub fn statistics(&self) -> Statistics {
        self.statistics
    }

    /// Checks that `wf` is built for this system's N particles in d dimensions.
    ///
    /// **Errors** with [`Error::Shape`] naming both shapes.
    pub fn check_shape<W: WaveFunction>(&self, wf: &W) -> Result<()> {
        if (wf.n_particles(), wf.dim()) != (self.n_particles, self.dim) {
            return Err(Error::Shape(format!(
                "the wave function is for {} particles in {}-D but the system has {} particles in {}-D",
                wf.n_particles(),
                wf.dim(),
                self.n_particles,
                self.dim
            )));
        }
        Ok(())
    }

    /// Checks that `wf` can describe these particles: electrons beyond one per spin
    /// need a Slater determinant with the system's spin assignment, bosons must not
    /// have one, and spin-dependent factors must share the system's spins.
    ///
    /// **Errors** with [`Error::Unphysical`], saying why and what to use instead.
    pub fn check_wavefunction<W: WaveFunction>(&self, wf: &W) -> Result<()> {
        match self.statistics {
            Statistics::Fermions { n_up } => {
                let n_down = self.n_particles - n_up;
                if let Some(up) = wf.spin_up() {
                    if up != n_up {
                        return Err(Error::Unphysical(format!(
                            "wavefunction is built for {up} spin-up electrons but the system has n_up = {n_up}; \
                             build the wave function for the system's spins"
                        )));
                    }
                }
                if (n_up > 1 || n_down > 1) && !wf.has_determinant() {
                    return Err(Error::Unphysical(format!(
                        "wavefunction must contain a SlaterDeterminant: {} electrons ({n_up} spin up, {n_down} spin down) \
                         need an antisymmetric wave function, one that changes sign when two electrons of the same spin \
                         are exchanged. \
                         Without one, VMC converges to the bosonic ground state, below the fermionic energy. \
                         Multiply by a SlaterDeterminant, e.g. SlaterDeterminant() * RBM() * PadeJastrow(); \
                         to study distinguishable particles on purpose, pass statistics='boltzmann' to the system",
                        self.n_particles
                    )));
                }
            }
            Statistics::Bosons => {
                if wf.has_determinant() {
                    return Err(Error::Unphysical(
                        "wavefunction must not contain a SlaterDeterminant for bosons: a determinant is \
                         antisymmetric, the wave function of fermions; remove it"
                            .into(),
                    ));
                }
            }
            Statistics::Boltzmann => {}
        }
        Ok(())
    }

    /// An elliptical trap: ω in the x–y plane and ω_z along z (d = 3 only; for
    /// d < 3, ω_z must equal ω).
    ///
    /// **Errors** as [`Hamiltonian::new`], and if ω_z ≤ 0 or ω_z ≠ ω with d < 3.
    pub fn elliptical(
        n_particles: usize,
        dim: usize,
        omega: f64,
        omega_z: f64,
        interaction: Interaction,
    ) -> Result<Self> {
        check_shape(n_particles, dim)?;
        positive("omega", omega)?;
        positive("omega_z", omega_z)?;
        if dim < 3 && omega_z != omega {
            return Err(Error::param(
                "omega_z",
                "must equal omega unless dim = 3",
                omega_z,
            ));
        }
        if let Interaction::HardSphere { a } = interaction {
            if !(a.is_finite() && a >= 0.0) {
                return Err(Error::param("radius", "must be >= 0", a));
            }
        }
        Ok(Hamiltonian {
            n_particles,
            dim,
            omega,
            omega_z,
            interaction,
            statistics: Statistics::Boltzmann,
        })
    }

    /// Hard-sphere bosons in an elliptical trap, ω_z = β ω (the Bose-gas study uses
    /// a = 0.0043 and β = 2.82843 in units of the oscillator length of ω).
    pub fn bose_gas(n_particles: usize, dim: usize, omega: f64, beta: f64, a: f64) -> Result<Self> {
        positive("beta", beta)?;
        let omega_z = if dim == 3 { beta * omega } else { omega };
        if dim < 3 && beta != 1.0 {
            return Err(Error::param("beta", "must be 1 unless dim = 3", beta));
        }
        Self::elliptical(
            n_particles,
            dim,
            omega,
            omega_z,
            Interaction::HardSphere { a },
        )?
        .with_statistics(Statistics::Bosons)
    }

    /// Number of particles N.
    pub fn n_particles(&self) -> usize {
        self.n_particles
    }

    /// Dimension d.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of coordinates N·d.
    pub fn n_coords(&self) -> usize {
        self.n_particles * self.dim
    }

    /// Trap frequency ω (in the x–y plane for an elliptical trap).
    pub fn omega(&self) -> f64 {
        self.omega
    }

    /// Trap frequency along z (equal to ω for an isotropic trap).
    pub fn omega_z(&self) -> f64 {
        self.omega_z
    }

    /// The interaction.
    pub fn interaction(&self) -> Interaction {
        self.interaction
    }

    /// A rigorous lower bound on ⟨Ψ|H|Ψ⟩/⟨Ψ|Ψ⟩ for every normalisable Ψ: the
    /// interactions here are repulsive (V_int ≥ 0), so H ≥ Σ_i h_i, whose lowest
    /// eigenvalue is that of N independent particles in the trap,
    /// E₀ = N Σ_c ω_c/2 = N(dω/2) (isotropic) or N(ω + ω_z/2) (d = 3, elliptical).
    /// A variational energy below it means the estimate no longer describes Ψ.
    pub fn energy_lower_bound(&self) -> f64 {
        let planar = self.dim.min(2) as f64 * self.omega;
        let axial = if self.dim == 3 { self.omega_z } else { 0.0 };
        self.n_particles as f64 * 0.5 * (planar + axial)
    }

    /// Σ_i V_ext(r_i) = Σ_i ½(ω² (x_i² + y_i²) + ω_z² z_i²).
    pub fn trap_potential(&self, x: &[f64]) -> f64 {
        let d = self.dim;
        let (w2, wz2) = (self.omega * self.omega, self.omega_z * self.omega_z);
        let mut v = 0.0;
        for p in x.chunks_exact(d) {
            for (c, &xc) in p.iter().enumerate() {
                v += if c == 2 { wz2 * xc * xc } else { w2 * xc * xc };
            }
        }
        0.5 * v
    }

    /// Σ_{i<j} V_int(r_ij): 1/r_ij for Coulomb, ∞ inside a hard-sphere core, else 0.
    pub fn interaction_potential(&self, x: &[f64]) -> f64 {
        match self.interaction {
            Interaction::None => 0.0,
            Interaction::Coulomb => {
                let mut v = 0.0;
                self.for_each_pair(x, |r| v += 1.0 / r);
                v
            }
            Interaction::HardSphere { a } => {
                let mut inside = false;
                self.for_each_pair(x, |r| inside |= r <= a);
                if inside {
                    f64::INFINITY
                } else {
                    0.0
                }
            }
        }
    }

    /// Calls `f(r_ij)` for every pair i < j.
    pub fn for_each_pair(&self, x: &[f64], mut f: impl FnMut(f64)) {
        let d = self.dim;
        for i in 0..self.n_particles {
            for j in (i + 1)..self.n_particles {
                f(distance(&x[i * d..(i + 1) * d], &x[j * d..(j + 1) * d]));
            }
        }
    }

    /// The local energy E_L = Σ_i [−½(∇_i² ln Ψ + |∇_i ln Ψ|²) + V_ext(r_i)] + V_int,
    /// given the Laplacian Σ_i ∇_i² ln Ψ and the gradient ∇ ln Ψ (flat, N·d).
    pub fn local_energy(&self, x: &[f64], laplacian: f64, gradient: &[f64]) -> f64 {
        self.local_energy_with_pairs(x, laplacian, gradient, None)
    }

    /// [`Hamiltonian::local_energy`] with the Coulomb term taken from cached pair
    /// distances of `x` if given (a Jastrow factor's state, see
    /// [`WaveFunction::pair_distances`]): the same distances summed in the same
    /// order, so the same result without the N(N − 1)/2 square roots.
    pub fn local_energy_with_pairs(
        &self,
        x: &[f64],
        laplacian: f64,
        gradient: &[f64],
        pairs: Option<&PairDistances>,
    ) -> f64 {
        let g2: f64 = gradient.iter().map(|g| g * g).sum();
        let interaction = match (self.interaction, pairs) {
            (Interaction::Coulomb, Some(p)) => p.coulomb_energy(),
            _ => self.interaction_potential(x),
        };
        -0.5 * (laplacian + g2) + self.trap_potential(x) + interaction
    }
}

/// Euclidean distance |a − b|.
#[inline]
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q) * (p - q))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_systems_are_rejected_with_named_parameters() {
        let e = Hamiltonian::new(0, 2, 1.0, Interaction::None).unwrap_err();
        assert_eq!(e.to_string(), "n_particles must be >= 1, got 0");
        let e = Hamiltonian::new(2, 4, 1.0, Interaction::None).unwrap_err();
        assert_eq!(e.to_string(), "dim must be 1, 2 or 3, got 4");
        let e = Hamiltonian::new(2, 2, 0.0, Interaction::None).unwrap_err();
        assert_eq!(e.to_string(), "omega must be > 0, got 0");
        assert!(Hamiltonian::new(2, 2, f64::NAN, Interaction::None).is_err());
        assert!(Hamiltonian::elliptical(2, 2, 1.0, 2.0, Interaction::None).is_err());
        assert!(Hamiltonian::new(2, 3, 1.0, Interaction::HardSphere { a: -1.0 }).is_err());
    }

    /// The one shape check of the driver and the local-energy binding.
    #[test]
    fn wave_functions_of_another_shape_are_rejected() {
        use crate::vmc::Gaussian;
        let h = Hamiltonian::new(3, 2, 1.0, Interaction::None).unwrap();
        let gaussian = |n, d| Gaussian::new(n, d, 0.5, 1.0).unwrap();
        assert!(h.check_shape(&gaussian(3, 2)).is_ok());
        let e = h.check_shape(&gaussian(2, 2)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the wave function is for 2 particles in 2-D but the system has 3 particles in 2-D"
        );
        assert!(h.check_shape(&gaussian(3, 3)).is_err());
    }

    #[test]
    fn potentials() {
        let h = Hamiltonian::elliptical(2, 3, 1.0, 2.0, Interaction::Coulomb).unwrap();
        let x = [1.0, 0.0, 1.0, 0.0, 0.0, -1.0];
        assert!((h.trap_potential(&x) - 0.5 * (1.0 + 4.0 + 4.0)).abs() < 1e-15);
        assert!((h.interaction_potential(&x) - 1.0 / 5f64.sqrt()).abs() < 1e-15);
        let b = Hamiltonian::bose_gas(2, 3, 1.0, 2.82843, 0.0043).unwrap();
        assert!((b.omega_z() - 2.82843).abs() < 1e-15);
        assert_eq!(
            b.interaction_potential(&[0.0, 0.0, 0.0, 0.001, 0.0, 0.0]),
            f64::INFINITY
        );
        assert_eq!(b.interaction_potential(&x), 0.0);
    }
}
