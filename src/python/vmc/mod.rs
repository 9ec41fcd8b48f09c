//! Bindings of the VMC core (`crate::vmc`): systems, wave functions, samplers,
//! optimisers and the driver. Thin: conversions, GIL handling and errors only; the
//! Python API with validation and documentation is `physml.vmc`.

mod driver;
mod hamiltonian;
mod sampler;
mod wavefunction;

pub use driver::PyVmc;
pub use hamiltonian::PySystem;
pub use sampler::{PyOptimizer, PySampler};
pub use wavefunction::PyWaveFunction;

use crate::error::Error;
use numpy::PyReadonlyArray2;

/// A flat configuration of length N·d from an array of shape (N, d).
fn configuration(
    x: &PyReadonlyArray2<f64>,
    n_particles: usize,
    dim: usize,
) -> crate::Result<Vec<f64>> {
    let x = x.as_array();
    if x.dim() != (n_particles, dim) {
        return Err(Error::Shape(format!(
            "x must have shape ({n_particles}, {dim}), got {:?}",
            x.shape()
        )));
    }
    let flat: Vec<f64> = x.iter().copied().collect();
    if !flat.iter().all(|v| v.is_finite()) {
        return Err(Error::param("x", "must be finite", "NaN or infinity"));
    }
    Ok(flat)
}
