//! Binding of the VMC driver (`crate::vmc::driver`): `_core.Vmc`.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::python::error::guard;
use pyo3::types::{PyBool, PyDict};

use crate::error::Error;
use crate::python::signals::Signals;
use crate::vmc::{Ansatz, ObservableConfig, Observables, SampleResult, Vmc, WaveFunction as _};

use super::{PyOptimizer, PySampler, PySystem, PyWaveFunction};

// ---------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------

/// The VMC driver: optimisation with the GIL released per iteration, Ctrl-C checked
/// between iterations, and sampling with observables in chunks with Ctrl-C checked
/// between chunks.
#[pyclass(name = "Vmc", module = "physml._core")]
pub struct PyVmc {
    inner: Vmc<Ansatz>,
    /// The samples of the last interrupted `sample` call.
    partial: Option<SampleResult>,
    /// This process's run of the step begun by `local_step` (MPI), for `finish_step`.
    pending: Option<crate::vmc::Sampling<<Ansatz as crate::vmc::WaveFunction>::State>>,
}

/// About 2²² particle-pair operations per chunk of a chunked `sample` (tens of
/// milliseconds): sweeps per chain in one chunk.
fn chunk_sweeps(n_chains: usize, n_particles: usize) -> usize {
    ((1usize << 22) / (n_chains * n_particles * n_particles).max(1)).max(1)
}

/// The histogram settings of `sample`, `local_sample` and `finish_sample`: `bins`
/// bins up to `r_max` (checked by the core) if `observables`, else none.
fn observable_config(
    observables: bool,
    bins: usize,
    r_max: f64,
) -> crate::Result<Option<ObservableConfig>> {
    if !observables {
        return Ok(None);
    }
    ObservableConfig::new(bins, r_max).map(Some)
}

/// The processes' arrays of `finish_step` and `finish_sample` as slices, in rank order.
fn as_slices<'a>(parts: &'a [PyReadonlyArray1<'_, f64>]) -> PyResult<Vec<&'a [f64]>> {
    Ok(parts
        .iter()
        .map(|a| a.as_slice())
        .collect::<Result<_, _>>()?)
}

/// A sample result as the dict returned by `Vmc.sample`.
fn sample_dict(py: Python<'_>, result: SampleResult) -> PyResult<Bound<'_, PyDict>> {
    let e = &result.estimate;
    let out = PyDict::new(py);
    out.set_item("energy", e.energy)?;
    out.set_item("error", e.error)?;
    out.set_item("variance", e.variance)?;
    out.set_item("acceptance", e.acceptance)?;
    out.set_item("local_energies", result.local_energies.into_pyarray(py))?;
    let obs = result.observables.unwrap_or(Observables {
        radial_edges: vec![],
        radial_density: vec![],
        plane_edges: vec![],
        plane_density: vec![],
        pair_distribution: vec![],
        mean_distance: None,
        radial_density_error: vec![],
        plane_density_error: vec![],
        pair_distribution_error: vec![],
        mean_distance_error: None,
    });
    let plane_bins = if obs.plane_edges.is_empty() {
        0
    } else {
        obs.plane_edges.len() - 1
    };
    let plane = ndarray::Array2::from_shape_vec((plane_bins, plane_bins), obs.plane_density)
        .map_err(|e| Error::Shape(e.to_string()))?;
    let plane_error =
        ndarray::Array2::from_shape_vec((plane_bins, plane_bins), obs.plane_density_error)
            .map_err(|e| Error::Shape(e.to_string()))?;
    out.set_item("radial_edges", obs.radial_edges.clone().into_pyarray(py))?;
    out.set_item("radial_density", obs.radial_density.into_pyarray(py))?;
    out.set_item("density_edges", obs.plane_edges.into_pyarray(py))?;
    out.set_item("density_2d", plane.into_pyarray(py))?;
    out.set_item("pair_edges", obs.radial_edges.into_pyarray(py))?;
    out.set_item("pair_distribution", obs.pair_distribution.into_pyarray(py))?;
    out.set_item("mean_distance", obs.mean_distance.unwrap_or(f64::NAN))?;
    // standard errors from the spread over chains (NaN with one chain)
    out.set_item(
        "radial_density_error",
        obs.radial_density_error.into_pyarray(py),
    )?;
    out.set_item("density_2d_error", plane_error.into_pyarray(py))?;
    out.set_item(
        "pair_distribution_error",
        obs.pair_distribution_error.into_pyarray(py),
    )?;
    out.set_item(
        "mean_distance_error",
        obs.mean_distance_error.unwrap_or(f64::NAN),
    )?;
    Ok(out)
}

#[pymethods]
impl PyVmc {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        system: &PySystem,
        wavefunction: &PyWaveFunction,
        sampler: &PySampler,
        optimizer: &PyOptimizer,
        n_samples: usize,
        n_chains: usize,
        seed: u64,
    ) -> PyResult<Self> {
        guard(|| {
            let inner = Vmc::new(
                system.inner.clone(),
                wavefunction.inner.clone(),
                sampler.inner,
                optimizer.inner.clone(),
                n_samples,
                n_chains,
                seed,
            )?;
            Ok(PyVmc {
                inner,
                partial: None,
                pending: None,
            })
        })
    }

    /// Runs up to `n_iter` iterations. Each runs with the GIL released, its sampling
    /// (burn-in included) in chunks with signals checked between them (at most every
    /// 20 ms); after each iteration `callback(index, energy, error)` is called with
    /// the driver free, so it may read it; a `False` return stops. An exception
    /// (KeyboardInterrupt included, also during an iteration) propagates after the
    /// completed iterations have been kept: the parameters and history are those of
    /// the last completed iteration. Returns the number of iterations done.
    #[pyo3(signature = (n_iter, callback=None))]
    fn optimize(
        slf: &Bound<'_, Self>,
        n_iter: usize,
        callback: Option<Bound<'_, PyAny>>,
    ) -> PyResult<usize> {
        guard(|| {
            let py = slf.py();
            for done in 0..n_iter {
                let it = {
                    let mut this = slf.borrow_mut();
                    let inner = &mut this.inner;
                    let chunk = chunk_sweeps(inner.n_chains(), inner.hamiltonian().n_particles());
                    let signals = Signals::new();
                    let poll = || signals.poll();
                    signals.result(py.detach(|| inner.step_interruptible(&poll, chunk)))?
                };
                py.check_signals()?;
                if let Some(cb) = &callback {
                    let answer = cb.call1((it.index, it.estimate.energy, it.estimate.error))?;
                    if answer.is_instance_of::<PyBool>() && !answer.extract::<bool>()? {
                        return Ok(done + 1);
                    }
                }
            }
            Ok(n_iter)
        })
    }

    /// An independent copy: the same system, parameters, optimiser moments,
    /// history, walkers and random streams (so it continues as the original would),
    /// sharing nothing with it.
    fn copy(&self) -> Self {
        PyVmc {
            inner: self.inner.clone(),
            partial: None,
            pending: None,
        }
    }

    /// Samples `n_samples` local energies at the current parameters, with histograms
    /// of `bins` bins up to `r_max` if `observables`; returns a dict of arrays (the
    /// histogram arrays empty and mean_distance NaN without them; each histogram and
    /// mean_distance with a `*_error` entry, NaN for one chain). Runs in chunks
    /// with the GIL released, checking signals and calling `callback(n_done,
    /// n_samples)` between chunks (results do not depend on the chunking). If a
    /// signal handler or the callback raises, the samples drawn so far are kept for
    /// `take_partial_sample` and the exception propagates.
    #[pyo3(signature = (n_samples, bins, r_max, observables, callback=None))]
    fn sample<'py>(
        &mut self,
        py: Python<'py>,
        n_samples: usize,
        bins: usize,
        r_max: f64,
        observables: bool,
        callback: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let config = observable_config(observables, bins, r_max)?;
            self.partial = None;
            let chunk = chunk_sweeps(
                self.inner.n_chains(),
                self.inner.hamiltonian().n_particles(),
            );
            let inner = &mut self.inner;
            let mut sampling = inner.start_sample(n_samples, config)?;
            while !sampling.is_done() {
                py.detach(|| inner.advance(&mut sampling, chunk))?;
                let interrupted = py.check_signals().and_then(|()| match &callback {
                    Some(cb) => cb.call1((sampling.n_collected(), n_samples)).map(drop),
                    None => Ok(()),
                });
                if let Err(err) = interrupted {
                    self.partial = Some(inner.finish_sample(&sampling));
                    return Err(err);
                }
            }
            sample_dict(py, inner.finish_sample(&sampling))
        })
    }

    /// The dict of the samples drawn by the last `sample` call before it was
    /// interrupted (None if it was not), removed from the driver.
    fn take_partial_sample<'py>(
        &mut self,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        guard(|| self.partial.take().map(|r| sample_dict(py, r)).transpose())
    }

    /// The per-iteration history as a dict of arrays.
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let h = self.inner.history();
            let out = PyDict::new(py);
            out.set_item("energy", h.energy.clone().into_pyarray(py))?;
            out.set_item("error", h.error.clone().into_pyarray(py))?;
            out.set_item("variance", h.variance.clone().into_pyarray(py))?;
            out.set_item("acceptance", h.acceptance.clone().into_pyarray(py))?;
            out.set_item("gradient_norm", h.gradient_norm.clone().into_pyarray(py))?;
            Ok(out)
        })
    }

    /// Number of optimisation iterations done so far.
    fn n_iterations(&self) -> usize {
        self.inner.history().len()
    }

    /// The current flat parameter vector.
    fn parameters<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.wavefunction().params().into_pyarray(py)
    }

    /// A copy of the current wave function.
    fn wavefunction(&self) -> PyWaveFunction {
        PyWaveFunction {
            inner: self.inner.wavefunction().clone(),
        }
    }

    /// Restricts the driver to the global chains offset..offset + n_local (one MPI
    /// rank's share; walkers are created anew from their streams).
    fn set_local_chains(&mut self, offset: usize, n_local: usize) -> PyResult<()> {
        guard(|| Ok(self.inner.set_local_chains(offset, n_local)?))
    }

    /// The sampling of one optimisation step in this process's chains, with the
    /// GIL released and signals checked between chunks; returns the chains' data
    /// as a float64 array for `finish_step` on every process.
    fn local_step<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        guard(|| {
            let inner = &mut self.inner;
            let chunk = chunk_sweeps(inner.local_chains().1, inner.hamiltonian().n_particles());
            let signals = Signals::new();
            let poll = || signals.poll();
            self.pending = None;
            let sampling = signals.result(py.detach(|| {
                let mut sampling = inner.start_step()?;
                while !sampling.is_done() {
                    inner.advance(&mut sampling, chunk)?;
                    crate::interrupt::check(&poll)?;
                }
                Ok(sampling)
            }))?;
            let buf = sampling.to_buffer();
            self.pending = Some(sampling);
            Ok(buf.into_pyarray(py))
        })
    }

    /// Completes the optimisation step begun by `local_step` from the
    /// `local_step` arrays of all processes in rank order; returns (index, energy,
    /// error). The conjugate-gradient SR solver calls `exchange(local)` once per
    /// iteration with this process's per-chain products (a float64 array) and needs
    /// back those of all processes concatenated in rank order (an allgather).
    #[pyo3(signature = (parts, exchange=None))]
    fn finish_step(
        &mut self,
        py: Python<'_>,
        parts: Vec<PyReadonlyArray1<'_, f64>>,
        exchange: Option<Bound<'_, PyAny>>,
    ) -> PyResult<(usize, f64, f64)> {
        guard(|| {
            let slices = as_slices(&parts)?;
            let local = self.pending.take().ok_or_else(|| {
                PyValueError::new_err("finish_step needs the run of local_step first")
            })?;
            let inner = &mut self.inner;
            let exchange = exchange.map(|e| e.unbind());
            // a Python error of the exchange, re-raised as it is
            let failure: std::sync::Mutex<Option<PyErr>> = std::sync::Mutex::new(None);
            let call = |local: &[f64]| -> crate::Result<Vec<f64>> {
                let Some(exchange) = &exchange else {
                    return Err(Error::Shape(
                        "the conjugate-gradient SR solver needs an exchange under MPI".into(),
                    ));
                };
                Python::attach(|py| {
                    exchange
                        .bind(py)
                        .call1((local.to_vec().into_pyarray(py),))
                        .and_then(|all| {
                            Ok(all
                                .extract::<PyReadonlyArray1<'_, f64>>()?
                                .as_slice()?
                                .to_vec())
                        })
                })
                .map_err(|err| {
                    *failure.lock().unwrap() = Some(err);
                    Error::Interrupted
                })
            };
            let it = py.detach(|| -> crate::Result<_> {
                let mut all = inner.gather_step(&slices, local)?;
                inner.finish_step_distributed(&mut all, &call)
            });
            if let Some(err) = failure.lock().unwrap().take() {
                return Err(err);
            }
            let it = it?;
            Ok((it.index, it.estimate.energy, it.estimate.error))
        })
    }

    /// The sampling of `sample` in this process's chains (chunked, GIL released,
    /// `callback(n_done, n_samples, failed)` between chunks, `failed` telling
    /// that this chunk raised, which it then does after the callback); returns the chains' data for
    /// `finish_sample` on every process. Every process runs the same number of
    /// chunks (that of the longest chain of the run), so a callback doing
    /// collective MPI calls is called as often on each; a true return stops after
    /// the chunk, returning the samples drawn so far.
    #[pyo3(signature = (n_samples, bins, r_max, observables, callback=None))]
    fn local_sample<'py>(
        &mut self,
        py: Python<'py>,
        n_samples: usize,
        bins: usize,
        r_max: f64,
        observables: bool,
        callback: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        guard(|| {
            let config = observable_config(observables, bins, r_max)?;
            let inner = &mut self.inner;
            let chunk = chunk_sweeps(inner.local_chains().1, inner.hamiltonian().n_particles());
            let mut sampling = inner.start_sample(n_samples, config)?;
            let sweeps = inner.sampler().burn_in() + n_samples.div_ceil(inner.n_chains());
            for _ in 0..sweeps.div_ceil(chunk) {
                let chunk_done = py
                    .detach(|| inner.advance(&mut sampling, chunk))
                    .map_err(PyErr::from)
                    .and_then(|()| py.check_signals());
                let Some(cb) = &callback else {
                    chunk_done?;
                    continue;
                };
                // the callback learns of a failure here, to stop the others too
                let args = (sampling.n_collected(), n_samples, chunk_done.is_err());
                let stop = cb.call1(args)?.is_truthy()?;
                chunk_done?;
                if stop {
                    break;
                }
            }
            Ok(sampling.to_buffer().into_pyarray(py))
        })
    }

    /// The `sample` dict from the `local_sample` arrays of all processes in rank
    /// order (the same `bins`, `r_max` and `observables`).
    fn finish_sample<'py>(
        &self,
        py: Python<'py>,
        parts: Vec<PyReadonlyArray1<'py, f64>>,
        bins: usize,
        r_max: f64,
        observables: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let config = observable_config(observables, bins, r_max)?;
            let slices = as_slices(&parts)?;
            let all = self.inner.gather_sample(&slices, config)?;
            sample_dict(py, self.inner.finish_sample(&all))
        })
    }

    /// The mutable state: parameters, history, optimiser state (None for SR), and
    /// the local walkers' positions (n_local × N·d) and RNG states (n_local × 4
    /// words), with the local chains' range.
    fn get_state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let out = PyDict::new(py);
            let v = &self.inner;
            out.set_item("parameters", v.wavefunction().params().into_pyarray(py))?;
            out.set_item("history", self.history(py)?)?;
            match v.optimizer_state() {
                Some((t, first, second)) => out.set_item(
                    "optimizer",
                    (t, first.into_pyarray(py), second.into_pyarray(py)),
                )?,
                None => out.set_item("optimizer", py.None())?,
            }
            let walkers = v.walker_states();
            let n_coords = v.hamiltonian().n_coords();
            let x: Vec<f64> = walkers
                .iter()
                .flat_map(|(x, _)| x.iter().copied())
                .collect();
            let rng: Vec<u64> = walkers
                .iter()
                .flat_map(|(_, r)| r.iter().copied())
                .collect();
            let positions = ndarray::Array2::from_shape_vec((walkers.len(), n_coords), x)
                .map_err(|e| Error::Shape(e.to_string()))?;
            let streams = ndarray::Array2::from_shape_vec((walkers.len(), 4), rng)
                .map_err(|e| Error::Shape(e.to_string()))?;
            out.set_item("positions", positions.into_pyarray(py))?;
            out.set_item("rng", streams.into_pyarray(py))?;
            out.set_item("local_chains", v.local_chains())?;
            Ok(out)
        })
    }

    /// Restores parameters, history and optimiser state of `get_state`, and the
    /// walkers (positions and rng with one row per local chain, or zero rows for
    /// walkers created anew from their streams).
    fn set_state(
        &mut self,
        parameters: PyReadonlyArray1<'_, f64>,
        history: &Bound<'_, PyDict>,
        optimizer: Option<(u64, PyReadonlyArray1<'_, f64>, PyReadonlyArray1<'_, f64>)>,
        positions: PyReadonlyArray2<'_, f64>,
        rng: PyReadonlyArray2<'_, u64>,
    ) -> PyResult<()> {
        guard(|| {
            let mut new = self.inner.clone();
            new.set_params(parameters.as_slice()?)?;
            let column = |key: &str| -> PyResult<Vec<f64>> {
                history
                    .get_item(key)?
                    .ok_or_else(|| PyValueError::new_err(format!("history lacks '{key}'")))?
                    .extract()
            };
            new.set_history(crate::vmc::History {
                energy: column("energy")?,
                error: column("error")?,
                variance: column("variance")?,
                acceptance: column("acceptance")?,
                gradient_norm: column("gradient_norm")?,
            })?;
            if let Some((t, first, second)) = optimizer {
                new.set_optimizer_state(
                    t,
                    first.as_slice()?.to_vec(),
                    second.as_slice()?.to_vec(),
                )?;
            }
            let (x, r) = (positions.as_array(), rng.as_array());
            if x.nrows() != r.nrows() || r.ncols() != 4 {
                return Err(PyValueError::new_err(format!(
                    "walkers: positions has {} rows and rng has shape {:?}; expected one row of 4 \
                     words per walker",
                    x.nrows(),
                    r.shape()
                )));
            }
            let states: Vec<(Vec<f64>, [u64; 4])> = x
                .rows()
                .into_iter()
                .zip(r.rows())
                .map(|(xr, rr)| (xr.to_vec(), [rr[0], rr[1], rr[2], rr[3]]))
                .collect();
            new.set_walker_states(&states)?;
            self.inner = new;
            Ok(())
        })
    }
}
