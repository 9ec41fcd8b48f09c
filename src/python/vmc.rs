//! Bindings of the VMC core (`crate::vmc`): systems, wave functions, samplers,
//! optimisers and the driver. Thin: conversions, GIL handling and errors only; the
//! Python API with validation and documentation is `physml.vmc`.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use super::error::guard;
use pyo3::types::{PyBool, PyDict, PyTuple};

use super::signals::Signals;
use crate::error::Error;
use crate::nn::optim::{Method, Optimizer, Schedule};
use crate::nn::Activation;
use crate::vmc::optimizer::SrSolver;
use crate::vmc::{
    Ansatz, Gaussian, Hamiltonian, HardSphereJastrow, Interaction, JastrowForm, NeuralJastrow,
    ObservableConfig, Observables, PadeJastrow, Product, Rbm, RbmForm, SampleResult, Sampler,
    Slater, Statistics, Vmc, VmcOptimizer, WaveFunction as _,
};

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
            check_same_shape(&self.inner, w)?;
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

fn check_same_shape(system: &Hamiltonian, w: &Ansatz) -> crate::Result<()> {
    if (system.n_particles(), system.dim()) != (w.n_particles(), w.dim()) {
        return Err(Error::Shape(format!(
            "the wave function is for {} particles in {} dimensions, the system has {} in {}",
            w.n_particles(),
            w.dim(),
            system.n_particles(),
            system.dim()
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Wave functions
// ---------------------------------------------------------------------------------

/// A trial wave function (one ansatz or a product) with its parameters.
#[pyclass(name = "WaveFunction", module = "physml._core")]
pub struct PyWaveFunction {
    pub(crate) inner: Ansatz,
}

/// Version of the named state of a wave function (pickling). A change of its keys
/// bumps it, and [`ansatz_from_state`] keeps reading every older version.
const STATE_VERSION: u32 = 1;

/// The kinds a wave-function state can name (the ansätze and their product).
const STATE_KINDS: &str =
    "Gaussian, RBM, PadeJastrow, HardSphereJastrow, NeuralJastrow, SlaterDeterminant, Product";

/// The state of an ansatz as a dict of named values (pickling):
/// `{"version": 1, "kind": "RBM", "n_particles": 2, "dim": 2, "n_hidden": 4,
/// "sigma": 1.0, "sqrt": False, "parameters": [...]}`; a product has `"factors"`
/// (their states) instead of `"parameters"`.
fn ansatz_state<'py>(py: Python<'py>, w: &Ansatz) -> PyResult<Bound<'py, PyDict>> {
    let state = PyDict::new(py);
    state.set_item("version", STATE_VERSION)?;
    state.set_item("kind", w.name())?;
    state.set_item("n_particles", w.n_particles())?;
    state.set_item("dim", w.dim())?;
    match w {
        Ansatz::Gaussian(_) => {}
        Ansatz::Rbm(r) => {
            state.set_item("n_hidden", r.n_hidden())?;
            state.set_item("sigma", r.sigma())?;
            state.set_item("sqrt", r.form() == RbmForm::SqrtF)?;
        }
        Ansatz::PadeJastrow(p) => state.set_item("n_up", p.n_up())?,
        Ansatz::HardSphereJastrow(h) => state.set_item("radius", h.a())?,
        Ansatz::NeuralJastrow(j) => {
            state.set_item("n_up", j.n_up())?;
            state.set_item("form", j.form().name())?;
            state.set_item("hidden_layer_sizes", j.hidden_layer_sizes().to_vec())?;
            state.set_item(
                "rho_hidden_layer_sizes",
                j.rho_hidden_layer_sizes().to_vec(),
            )?;
            state.set_item("activation", j.activation().name())?;
            state.set_item("spin_dependent", j.spin_dependent())?;
        }
        Ansatz::Slater(d) => {
            state.set_item("n_up", d.n_up())?;
            state.set_item("envelope", d.envelope())?;
            state.set_item("recompute_every", d.recompute_every())?;
        }
        Ansatz::Product(p) => {
            let factors = p
                .factors()
                .iter()
                .map(|f| ansatz_state(py, f))
                .collect::<PyResult<Vec<_>>>()?;
            state.set_item("factors", factors)?;
            return Ok(state);
        }
    }
    state.set_item("parameters", w.params())?;
    Ok(state)
}

/// The value of `key` in a wave-function state, converted to `T`.
fn state_item<'py, T>(state: &Bound<'py, PyDict>, key: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
    for<'a> <T as FromPyObject<'a, 'py>>::Error: Into<PyErr>,
{
    let value = state
        .get_item(key)?
        .ok_or_else(|| PyValueError::new_err(format!("the wave-function state has no {key:?}")))?;
    value.extract::<T>().map_err(|e| {
        let e: PyErr = e.into();
        PyTypeError::new_err(format!(
            "the wave-function state's {key:?} is not of the expected type: {e}"
        ))
    })
}

/// The inverse of [`ansatz_state`]: checks the version and the kind, then builds
/// the ansatz (its constructor and `set_params` check the values).
fn ansatz_from_state(state: &Bound<'_, PyDict>) -> PyResult<Ansatz> {
    let version: u32 = state_item(state, "version")?;
    if version != STATE_VERSION {
        return Err(PyValueError::new_err(format!(
            "cannot read a wave-function state of version {version}: this physml reads version {STATE_VERSION} (saved by another physml version?)"
        )));
    }
    let kind: String = state_item(state, "kind")?;
    let n: usize = state_item(state, "n_particles")?;
    let d: usize = state_item(state, "dim")?;
    let mut w: Ansatz = match kind.as_str() {
        "Gaussian" => Gaussian::new(n, d, 1.0, 1.0)?.into(),
        "RBM" => {
            let form = if state_item::<bool>(state, "sqrt")? {
                RbmForm::SqrtF
            } else {
                RbmForm::F
            };
            Rbm::new(
                n,
                d,
                state_item(state, "n_hidden")?,
                state_item(state, "sigma")?,
                form,
            )?
            .into()
        }
        "PadeJastrow" => PadeJastrow::new(n, d, 1.0, state_item(state, "n_up")?)?.into(),
        "HardSphereJastrow" => HardSphereJastrow::new(n, d, state_item(state, "radius")?)?.into(),
        "NeuralJastrow" => {
            let hidden: Vec<usize> = state_item(state, "hidden_layer_sizes")?;
            let rho_hidden: Vec<usize> = state_item(state, "rho_hidden_layer_sizes")?;
            NeuralJastrow::new(
                n,
                d,
                state_item(state, "n_up")?,
                JastrowForm::from_name(&state_item::<String>(state, "form")?)?,
                &hidden,
                &rho_hidden,
                Activation::from_name(&state_item::<String>(state, "activation")?)?,
                state_item(state, "spin_dependent")?,
            )?
            .into()
        }
        "SlaterDeterminant" => Slater::new(
            n,
            d,
            state_item(state, "n_up")?,
            1.0,
            state_item(state, "envelope")?,
            state_item(state, "recompute_every")?,
        )?
        .into(),
        "Product" => {
            let factors: Vec<Bound<'_, PyDict>> = state_item(state, "factors")?;
            let inner = factors
                .iter()
                .map(ansatz_from_state)
                .collect::<PyResult<Vec<_>>>()?;
            return Ok(Product::new(inner)?.into());
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown wave-function kind {other:?} in the state; expected one of {STATE_KINDS}"
            )))
        }
    };
    let params: Vec<f64> = state_item(state, "parameters")?;
    w.set_params(&params)?;
    Ok(w)
}

impl PyWaveFunction {
    fn wrap(inner: impl Into<Ansatz>) -> Self {
        PyWaveFunction {
            inner: inner.into(),
        }
    }

    fn config(&self, x: &PyReadonlyArray2<f64>) -> crate::Result<Vec<f64>> {
        configuration(x, self.inner.n_particles(), self.inner.dim())
    }
}

#[pymethods]
impl PyWaveFunction {
    /// exp(−α Σ (x² + y² + β z²)).
    #[staticmethod]
    fn gaussian(n_particles: usize, dim: usize, alpha: f64, beta: f64) -> PyResult<Self> {
        guard(|| Ok(Self::wrap(Gaussian::new(n_particles, dim, alpha, beta)?)))
    }

    /// Gaussian–binary RBM (Ψ = F or √F) with parameters drawn from N(0, scale²).
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn rbm(
        n_particles: usize,
        dim: usize,
        n_hidden: usize,
        sigma: f64,
        sqrt: bool,
        scale: f64,
        seed: u64,
    ) -> PyResult<Self> {
        guard(|| {
            let form = if sqrt { RbmForm::SqrtF } else { RbmForm::F };
            Ok(Self::wrap(Rbm::random(
                n_particles,
                dim,
                n_hidden,
                sigma,
                form,
                scale,
                seed,
            )?))
        })
    }

    /// Padé–Jastrow factor, the first `n_up` particles spin up.
    #[staticmethod]
    fn pade_jastrow(n_particles: usize, dim: usize, beta: f64, n_up: usize) -> PyResult<Self> {
        guard(|| Ok(Self::wrap(PadeJastrow::new(n_particles, dim, beta, n_up)?)))
    }

    /// Hard-sphere Jastrow factor of radius a.
    #[staticmethod]
    fn hard_sphere_jastrow(n_particles: usize, dim: usize, radius: f64) -> PyResult<Self> {
        guard(|| {
            Ok(Self::wrap(HardSphereJastrow::new(
                n_particles,
                dim,
                radius,
            )?))
        })
    }

    /// Neural-network Jastrow factor ('pair' or 'deepsets' form), hidden weights
    /// Glorot-uniform from `seed`, output weights and biases zero. The network's
    /// hyperparameters are keyword-only (named at the call, not by position).
    #[staticmethod]
    #[pyo3(signature = (
        n_particles,
        dim,
        n_up,
        *,
        form,
        hidden_layer_sizes,
        rho_hidden_layer_sizes,
        activation,
        spin_dependent,
        seed
    ))]
    #[allow(clippy::too_many_arguments)]
    fn neural_jastrow(
        n_particles: usize,
        dim: usize,
        n_up: usize,
        form: &str,
        hidden_layer_sizes: Vec<usize>,
        rho_hidden_layer_sizes: Vec<usize>,
        activation: &str,
        spin_dependent: bool,
        seed: u64,
    ) -> PyResult<Self> {
        Ok(Self::wrap(NeuralJastrow::random(
            n_particles,
            dim,
            n_up,
            JastrowForm::from_name(form)?,
            &hidden_layer_sizes,
            &rho_hidden_layer_sizes,
            Activation::from_name(activation)?,
            spin_dependent,
            seed,
        )?))
    }

    /// Slater determinants of oscillator orbitals of frequency α (the first `n_up`
    /// particles spin up), with the envelope exp(−α Σ r²/2) if `envelope`.
    #[staticmethod]
    fn slater(
        n_particles: usize,
        dim: usize,
        n_up: usize,
        alpha: f64,
        envelope: bool,
        recompute_every: usize,
    ) -> PyResult<Self> {
        guard(|| {
            Ok(Self::wrap(Slater::new(
                n_particles,
                dim,
                n_up,
                alpha,
                envelope,
                recompute_every,
            )?))
        })
    }

    /// The product of `factors` (copies).
    #[staticmethod]
    fn product(factors: Vec<PyRef<'_, PyWaveFunction>>) -> PyResult<Self> {
        guard(|| {
            let inner = factors.iter().map(|f| f.inner.clone()).collect();
            Ok(Self::wrap(Product::new(inner)?))
        })
    }

    /// Rebuilds a wave function from the dict of `__getstate__` (unpickling).
    #[staticmethod]
    fn _from_state(state: &Bound<'_, PyDict>) -> PyResult<Self> {
        guard(|| {
            Ok(PyWaveFunction {
                inner: ansatz_from_state(state)?,
            })
        })
    }

    /// The named, versioned state (a dict; see `_from_state`).
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| ansatz_state(py, &self.inner))
    }

    fn __setstate__(&mut self, state: &Bound<'_, PyDict>) -> PyResult<()> {
        guard(|| {
            self.inner = ansatz_from_state(state)?;
            Ok(())
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| {
            let py = slf.py();
            let rebuild = py.get_type::<PyWaveFunction>().getattr("_from_state")?;
            let state = ansatz_state(py, &slf.borrow().inner)?;
            PyTuple::new(py, [rebuild, PyTuple::new(py, [state])?.into_any()])
        })
    }

    /// The factors of a product (copies, in order); a single ansatz is its own
    /// one factor.
    fn factors(&self) -> Vec<PyWaveFunction> {
        match &self.inner {
            Ansatz::Product(p) => p.factors().iter().cloned().map(Self::wrap).collect(),
            other => vec![Self::wrap(other.clone())],
        }
    }

    #[getter]
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    #[getter]
    fn n_particles(&self) -> usize {
        self.inner.n_particles()
    }

    #[getter]
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    #[getter]
    fn n_parameters(&self) -> usize {
        self.inner.n_params()
    }

    /// The flat parameter vector θ.
    fn parameters<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.params().into_pyarray(py)
    }

    /// Sets θ (checked by the ansatz: length, finiteness, domain).
    fn set_parameters(&mut self, parameters: PyReadonlyArray1<f64>) -> PyResult<()> {
        guard(|| {
            let p = parameters.as_array().to_vec();
            Ok(self.inner.set_params(&p)?)
        })
    }

    /// ln |Ψ(x)|.
    fn log_value(&self, x: PyReadonlyArray2<f64>) -> PyResult<f64> {
        guard(|| {
            let x = self.config(&x)?;
            Ok(self.inner.log_value(&self.inner.state(&x), &x))
        })
    }

    /// The sign of Ψ(x): ±1 (0 where Ψ vanishes).
    fn sign(&self, x: PyReadonlyArray2<f64>) -> PyResult<f64> {
        guard(|| {
            let x = self.config(&x)?;
            Ok(self.inner.sign(&self.inner.state(&x)))
        })
    }

    /// ∇_i ln Ψ(x), shape (N, d).
    fn gradient<'py>(
        &self,
        py: Python<'py>,
        x: PyReadonlyArray2<f64>,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        guard(|| {
            let x = self.config(&x)?;
            let mut g = vec![0.0; x.len()];
            self.inner.add_gradient(&self.inner.state(&x), &x, &mut g);
            let g =
                ndarray::Array2::from_shape_vec((self.inner.n_particles(), self.inner.dim()), g)
                    .map_err(|e| Error::Shape(e.to_string()))?;
            Ok(g.into_pyarray(py))
        })
    }

    /// Σ_i ∇_i² ln Ψ(x).
    fn laplacian(&self, x: PyReadonlyArray2<f64>) -> PyResult<f64> {
        guard(|| {
            let x = self.config(&x)?;
            Ok(self.inner.laplacian(&self.inner.state(&x), &x))
        })
    }

    /// O_k = ∂ ln Ψ(x)/∂θ_k.
    fn parameter_gradient<'py>(
        &self,
        py: Python<'py>,
        x: PyReadonlyArray2<f64>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        guard(|| {
            let x = self.config(&x)?;
            let mut o = vec![0.0; self.inner.n_params()];
            self.inner
                .param_derivatives(&self.inner.state(&x), &x, &mut o);
            Ok(o.into_pyarray(py))
        })
    }
}

// ---------------------------------------------------------------------------------
// Samplers and optimisers
// ---------------------------------------------------------------------------------

/// A Markov-chain sampler (Metropolis, importance sampling or Gibbs) with burn-in.
#[pyclass(name = "Sampler", module = "physml._core", frozen)]
pub struct PySampler {
    inner: Sampler,
}

#[pymethods]
impl PySampler {
    /// Random-walk Metropolis with step length ℓ.
    #[staticmethod]
    fn metropolis(step_length: f64, burn_in: usize) -> PyResult<Self> {
        guard(|| {
            Ok(PySampler {
                inner: Sampler::metropolis(step_length, burn_in)?,
            })
        })
    }

    /// Langevin importance sampling with time step Δt.
    #[staticmethod]
    fn importance(dt: f64, burn_in: usize) -> PyResult<Self> {
        guard(|| {
            Ok(PySampler {
                inner: Sampler::importance(dt, burn_in)?,
            })
        })
    }

    /// Gibbs sampling of an RBM with Ψ = √F.
    #[staticmethod]
    fn gibbs(burn_in: usize) -> Self {
        PySampler {
            inner: Sampler::gibbs(burn_in),
        }
    }
}

/// An optimiser of the variational energy (SGD, Adam or stochastic reconfiguration).
#[pyclass(name = "Optimizer", module = "physml._core", frozen)]
pub struct PyOptimizer {
    inner: VmcOptimizer,
}

#[pymethods]
impl PyOptimizer {
    /// Gradient descent with momentum μ.
    #[staticmethod]
    fn sgd(learning_rate: f64, momentum: f64) -> PyResult<Self> {
        guard(|| {
            let method = Method::Sgd {
                momentum,
                nesterov: false,
            };
            Ok(PyOptimizer {
                inner: VmcOptimizer::Gradient(Optimizer::new(
                    method,
                    learning_rate,
                    Schedule::Constant,
                )?),
            })
        })
    }

    /// Adam with decays β₁, β₂ and floor ε.
    #[staticmethod]
    fn adam(learning_rate: f64, beta1: f64, beta2: f64, eps: f64) -> PyResult<Self> {
        guard(|| {
            let method = Method::Adam { beta1, beta2, eps };
            Ok(PyOptimizer {
                inner: VmcOptimizer::Gradient(Optimizer::new(
                    method,
                    learning_rate,
                    Schedule::Constant,
                )?),
            })
        })
    }

    /// Stochastic reconfiguration with learning rate η, diagonal shift ε, the solver
    /// ('auto', 'dense', 'cg' or 'sample') and the conjugate-gradient tolerance and
    /// iteration limit.
    #[staticmethod]
    fn sr(
        learning_rate: f64,
        diag_shift: f64,
        solver: &str,
        tol: f64,
        max_iter: usize,
    ) -> PyResult<Self> {
        guard(|| {
            Ok(PyOptimizer {
                inner: VmcOptimizer::sr_with(
                    learning_rate,
                    diag_shift,
                    SrSolver::parse(solver)?,
                    tol,
                    max_iter,
                )?,
            })
        })
    }
}

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
            let config = if observables {
                Some(ObservableConfig::new(bins, r_max)?)
            } else {
                None
            };
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
            let slices: Vec<&[f64]> = parts
                .iter()
                .map(|a| a.as_slice())
                .collect::<Result<_, _>>()?;
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
            let config = if observables {
                Some(ObservableConfig::new(bins, r_max)?)
            } else {
                None
            };
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
            let config = if observables {
                Some(ObservableConfig::new(bins, r_max)?)
            } else {
                None
            };
            let slices: Vec<&[f64]> = parts
                .iter()
                .map(|a| a.as_slice())
                .collect::<Result<_, _>>()?;
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
