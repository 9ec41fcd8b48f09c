//! Binding of the Hamiltonian (`crate::vmc::hamiltonian`): `_core.System`.

use numpy::PyReadonlyArray2;
use pyo3::prelude::*;

use crate::python::error::guard;

use crate::error::Error;
use crate::vmc::{Hamiltonian, Interaction, Statistics, WaveFunction as _};

use super::{configuration, PyWaveFunction};

// ---------------------------------------------------------------------------------
// Systems
// ---------------------------------------------------------------------------------

/// A Hamiltonian: N particles in a harmonic trap with an interaction.
#[pyclass(name = "System", module = "physml._core", frozen)]
pub struct PySystem {
    pub(crate) inner: Hamiltonian,
}

#[pymethods]
impl PySystem {
    /// N electrons in an isotropic trap of frequency ω, with Coulomb repulsion or
    /// none; `statistics` 'fermi' (the first `n_up` spin up) or 'boltzmann'.
    #[staticmethod]
    fn quantum_dot(
        n_particles: usize,
        dim: usize,
        omega: f64,
        coulomb: bool,
        n_up: usize,
        statistics: &str,
    ) -> PyResult<Self> {
        guard(|| {
            let interaction = if coulomb {
                Interaction::Coulomb
            } else {
                Interaction::None
            };
            let statistics = match statistics {
                "fermi" => Statistics::Fermions { n_up },
                "boltzmann" => Statistics::Boltzmann,
                other => {
                    return Err(
                        Error::param("statistics", "must be 'fermi' or 'boltzmann'", other).into(),
                    )
                }
            };
            Ok(PySystem {
                inner: Hamiltonian::new(n_particles, dim, omega, interaction)?
                    .with_statistics(statistics)?,
            })
        })
    }

    /// N hard-sphere bosons of radius a (none for a = 0) in a trap ω (x, y), ω_z (z).
    #[staticmethod]
    fn bose_gas(
        n_particles: usize,
        dim: usize,
        omega: f64,
        omega_z: f64,
        radius: f64,
    ) -> PyResult<Self> {
        guard(|| {
            let interaction = if radius != 0.0 {
                Interaction::HardSphere { a: radius }
            } else {
                Interaction::None
            };
            Ok(PySystem {
                inner: Hamiltonian::elliptical(n_particles, dim, omega, omega_z, interaction)?
                    .with_statistics(Statistics::Bosons)?,
            })
        })
    }

    #[getter]
    fn n_particles(&self) -> usize {
        self.inner.n_particles()
    }

    #[getter]
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    /// The local energy HΨ(x)/Ψ(x) of `wavefunction` at x, shape (N, d). The wave
    /// function must suit the system's statistics, as for the driver
    /// ([`Hamiltonian::check_wavefunction`]).
    fn local_energy(
        &self,
        wavefunction: &PyWaveFunction,
        x: PyReadonlyArray2<f64>,
    ) -> PyResult<f64> {
        guard(|| {
            let w = &wavefunction.inner;
            self.inner.check_shape(w)?;
            self.inner.check_wavefunction(w)?;
            let x = configuration(&x, w.n_particles(), w.dim())?;
            let mut scratch = vec![0.0; x.len()];
            Ok(crate::vmc::observables::local_energy(
                &self.inner,
                w,
                &w.state(&x),
                &x,
                &mut scratch,
            ))
        })
    }
}
