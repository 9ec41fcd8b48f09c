//! Binding of the trial wave functions (`crate::vmc::wavefunction`): `_core.WaveFunction`,
//! with the named, versioned state used for pickling.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::python::error::guard;
use pyo3::types::{PyDict, PyTuple};

use crate::error::Error;
use crate::nn::Activation;
use crate::vmc::{
    Ansatz, Gaussian, HardSphereJastrow, JastrowForm, NeuralJastrow, PadeJastrow, Product, Rbm,
    RbmForm, Slater, WaveFunction as _,
};

use super::configuration;

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
        guard(|| {
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
        })
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
