//! Bindings of the Ising-model core (`crate::ising`): sampling with the GIL
//! released and Ctrl-C polled, and exact enumeration.

use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::error::guard;
use super::signals::Signals;
use crate::ising::{self, Method, SampleConfig};

/// What to sample and how (`ising::SampleConfig`), checked when built; errors
/// name the parameter.
#[pyclass(frozen, module = "physml._core")]
pub struct IsingParams {
    config: SampleConfig,
}

#[pymethods]
impl IsingParams {
    #[new]
    #[pyo3(signature = (*, side, dim, temperature, n_samples, method, n_chains, thermalization, interval, seed))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        side: usize,
        dim: usize,
        temperature: f64,
        n_samples: usize,
        method: &str,
        n_chains: usize,
        thermalization: usize,
        interval: usize,
        seed: u64,
    ) -> PyResult<Self> {
        guard(|| {
            let config = SampleConfig {
                side,
                dim,
                temperature,
                n_samples,
                method: Method::from_name(method)?,
                n_chains,
                thermalization,
                interval,
                seed,
            };
            config.validate()?;
            Ok(IsingParams { config })
        })
    }
}

/// Samples of the Ising model: (spins ±1 as int8, n_samples × N; energy per spin;
/// magnetisation per spin; acceptance). Ctrl-C (or another signal whose handler
/// raises) stops every chain within a sweep and raises, returning nothing.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn ising_sample<'py>(
    py: Python<'py>,
    params: &IsingParams,
) -> PyResult<(
    Bound<'py, PyArray2<i8>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    f64,
)> {
    guard(|| {
        let config = &params.config;
        let signals = Signals::new();
        let poll = || signals.poll();
        let s = signals.result(py.detach(|| ising::sample_interruptible(config, &poll)))?;
        let n_sites = s.spins.len() / config.n_samples;
        let spins = ndarray::Array2::from_shape_vec((config.n_samples, n_sites), s.spins)
            .map_err(|e| crate::Error::Shape(e.to_string()))?;
        Ok((
            spins.into_pyarray(py),
            s.energy.into_pyarray(py),
            s.magnetization.into_pyarray(py),
            s.acceptance,
        ))
    })
}

/// Exact thermal averages by enumeration, as a dict.
#[pyfunction]
#[pyo3(signature = (side, dim, temperature))]
pub fn ising_exact<'py>(
    py: Python<'py>,
    side: usize,
    dim: usize,
    temperature: f64,
) -> PyResult<Bound<'py, PyDict>> {
    guard(|| {
        let ex = py.detach(|| ising::exact(side, dim, temperature))?;
        let d = PyDict::new(py);
        d.set_item("energy", ex.energy)?;
        d.set_item("energy_sq", ex.energy_sq)?;
        d.set_item("abs_magnetization", ex.abs_magnetization)?;
        d.set_item("magnetization_sq", ex.magnetization_sq)?;
        d.set_item("specific_heat", ex.specific_heat)?;
        d.set_item("susceptibility", ex.susceptibility)?;
        d.set_item("log_z", ex.log_z)?;
        Ok(d)
    })
}
