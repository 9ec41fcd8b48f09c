//! Bindings of the generative RBM core (`crate::rbm`): stateless functions of the
//! flat parameter vector (a, b, W), and the training run [`RbmTrainer`], which keeps
//! the state in the core between epochs. `sigma` is `None` for binary visible units
//! and σ for Gaussian ones. Heavy work runs with the GIL released; training polls
//! Ctrl-C before every mini-batch and Gibbs sweep.

use ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use super::error::guard;
use super::signals::Signals;
use crate::nn::optim::{Method, Optimizer, Schedule};
use crate::rbm::{ais, exact, train, Rbm, Visible};
use crate::{rng, Error};

fn visible(sigma: Option<f64>) -> Visible {
    sigma.map_or(Visible::Bernoulli, |sigma| Visible::Gaussian { sigma })
}

fn model(sigma: Option<f64>, n_visible: usize, params: &[f64]) -> crate::Result<Rbm> {
    let hidden = params
        .len()
        .checked_sub(n_visible)
        .filter(|r| n_visible > 0 && r % (n_visible + 1) == 0)
        .map(|r| r / (n_visible + 1))
        .ok_or_else(|| {
            Error::Shape(format!(
                "{} parameters do not fit {n_visible} visible units",
                params.len()
            ))
        })?;
    Rbm::new(visible(sigma), n_visible, hidden, params.to_vec())
}

fn rows(x: &PyReadonlyArray2<'_, f64>) -> ndarray::Array2<f64> {
    x.as_array().to_owned()
}

/// Initial parameters: zero biases, W ~ N(0, scale²).
#[pyfunction]
#[pyo3(signature = (sigma, n_visible, n_hidden, scale, seed))]
pub fn rbm_init<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    n_hidden: usize,
    scale: f64,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(|| {
        let rbm = Rbm::random(visible(sigma), n_visible, n_hidden, scale, seed)?;
        Ok(rbm.params().to_vec().into_pyarray(py))
    })
}

/// A training run kept in the core between epochs (`crate::rbm::train::Trainer`):
/// the parameters, the momentum, the persistent chains and the random seed. The
/// settings are keyword-only; `optimizer_state` is (steps, velocity) of an earlier
/// run, `None` for a fresh optimiser; `offsets` is (μ, λ, ν) of the centred gradient
/// (`crate::rbm::train::Offsets`), `None` for the ordinary one.
#[pyclass(module = "physml._core")]
pub struct RbmTrainer {
    trainer: train::Trainer,
}

#[pymethods]
impl RbmTrainer {
    #[new]
    #[pyo3(signature = (sigma, n_visible, params, chains, seed, *, learning_rate, momentum, weight_decay, k, persistent, optimizer_state=None, offsets=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        sigma: Option<f64>,
        n_visible: usize,
        params: PyReadonlyArray1<'_, f64>,
        chains: PyReadonlyArray2<'_, f64>,
        seed: u64,
        learning_rate: f64,
        momentum: f64,
        weight_decay: f64,
        k: usize,
        persistent: bool,
        optimizer_state: Option<(u64, PyReadonlyArray1<'_, f64>)>,
        offsets: Option<(PyReadonlyArray1<'_, f64>, PyReadonlyArray1<'_, f64>, f64)>,
    ) -> PyResult<Self> {
        guard(|| {
            let rbm = model(sigma, n_visible, params.as_slice()?)?;
            let method = Method::Sgd {
                momentum,
                nesterov: false,
            };
            let mut optimizer = Optimizer::new(method, learning_rate, Schedule::Constant)?;
            if let Some((steps, velocity)) = optimizer_state {
                let velocity = velocity.as_slice()?.to_vec();
                if velocity.len() != rbm.params().len() {
                    return Err(Error::Shape(format!(
                        "the saved velocity has {} entries, the RBM {} parameters",
                        velocity.len(),
                        rbm.params().len()
                    ))
                    .into());
                }
                if steps > 0 {
                    let n = velocity.len();
                    optimizer.set_state(steps, velocity, vec![0.0; n]);
                }
            }
            let config = train::TrainConfig {
                k,
                persistent,
                batch_size: 1,
                weight_decay,
                shuffle: true,
            };
            let mut trainer = train::Trainer::new(rbm, optimizer, rows(&chains), config, seed)?;
            if let Some((visible, hidden, rate)) = offsets {
                trainer = trainer.with_offsets(train::Offsets {
                    visible: visible.as_slice()?.to_vec(),
                    hidden: hidden.as_slice()?.to_vec(),
                    rate,
                })?;
            }
            Ok(RbmTrainer { trainer })
        })
    }

    /// `n_epochs` epochs over the rows of `x` (mini-batches of `batch_size`), epoch e
    /// with random stream (seed, stream + e), the GIL released; Ctrl-C is polled before
    /// every mini-batch and Gibbs sweep. Returns the number of finished epochs; an
    /// exception (KeyboardInterrupt included) undoes the unfinished epoch and leaves
    /// the state of the finished ones.
    #[pyo3(signature = (x, n_epochs, batch_size, stream))]
    fn run(
        &mut self,
        py: Python<'_>,
        x: PyReadonlyArray2<'_, f64>,
        n_epochs: u64,
        batch_size: usize,
        stream: u64,
    ) -> PyResult<u64> {
        let x = x.as_array();
        let signals = Signals::new();
        let poll = || signals.poll();
        let trainer = &mut self.trainer;
        let (done, result) = py.detach(|| trainer.run(x, n_epochs, batch_size, stream, &poll));
        guard(|| signals.result(result))?;
        Ok(done)
    }

    /// The weights Wᵀ (H × M).
    #[getter]
    fn components<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.trainer
            .rbm()
            .w()
            .t()
            .as_standard_layout()
            .into_owned()
            .into_pyarray(py)
    }

    /// The hidden biases b.
    #[getter]
    fn intercept_hidden<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.trainer.rbm().b().to_vec().into_pyarray(py)
    }

    /// The visible biases a.
    #[getter]
    fn intercept_visible<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.trainer.rbm().a().to_vec().into_pyarray(py)
    }

    /// The persistent chains' hidden states.
    #[getter]
    fn chains<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.trainer.chains().clone().into_pyarray(py)
    }

    /// The number of epochs finished by this run.
    #[getter]
    fn epochs(&self) -> u64 {
        self.trainer.epochs()
    }

    /// The centring offsets (μ, λ), `None` for the ordinary gradient.
    #[getter]
    #[allow(clippy::type_complexity)]
    fn offsets<'py>(
        &self,
        py: Python<'py>,
    ) -> Option<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
        self.trainer.offsets().map(|o| {
            (
                o.visible.clone().into_pyarray(py),
                o.hidden.clone().into_pyarray(py),
            )
        })
    }

    /// (steps, velocity) of the optimiser.
    #[getter]
    fn optimizer_state<'py>(&self, py: Python<'py>) -> (u64, Bound<'py, PyArray1<f64>>) {
        let (t, v, _) = self.trainer.optimizer().state();
        (t, v.to_vec().into_pyarray(py))
    }
}

/// F(x) for every row.
#[pyfunction]
pub fn rbm_free_energy<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        let x = x.as_array();
        rbm.check_data("X", x)?;
        Ok(py.detach(|| rbm.free_energy(x)).into_pyarray(py))
    })
}

/// P(h = 1 | x) for every row.
#[pyfunction]
pub fn rbm_hidden_probabilities<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        let x = x.as_array();
        rbm.check_data("X", x)?;
        Ok(py.detach(|| rbm.hidden_probabilities(x)).into_pyarray(py))
    })
}

/// `steps` block Gibbs sweeps from every row of `x`, with random stream (seed, stream).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn rbm_gibbs<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
    steps: usize,
    seed: u64,
    stream: u64,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        let x = x.as_array();
        rbm.check_data("v", x)?;
        let out: Array2<f64> = py.detach(|| rbm.gibbs(x, steps, &mut rng::stream(seed, stream)));
        Ok(out.into_pyarray(py))
    })
}

/// `n` samples of independent chains after `steps` sweeps.
#[pyfunction]
pub fn rbm_sample<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'py, f64>,
    n: usize,
    steps: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        Ok(py
            .detach(|| train::sample(&rbm, n, steps, seed))?
            .into_pyarray(py))
    })
}

/// ln Z by enumeration.
#[pyfunction]
pub fn rbm_log_partition_exact(
    py: Python<'_>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        Ok(py.detach(|| exact::log_partition(&rbm))?)
    })
}

/// AIS estimate of ln Z: (estimate, standard error).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn rbm_log_partition_ais(
    py: Python<'_>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'_, f64>,
    n_runs: usize,
    n_betas: usize,
    seed: u64,
) -> PyResult<(f64, f64)> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        let est = py.detach(|| ais::log_partition(&rbm, n_runs, n_betas, seed))?;
        Ok((est.log_z, est.std_error))
    })
}

/// The exact gradient of the mean log-likelihood of the rows of `x`.
#[pyfunction]
pub fn rbm_log_likelihood_gradient<'py>(
    py: Python<'py>,
    sigma: Option<f64>,
    n_visible: usize,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(|| {
        let rbm = model(sigma, n_visible, params.as_slice()?)?;
        let x = x.as_array();
        Ok(py
            .detach(|| exact::log_likelihood_gradient(&rbm, x))?
            .into_pyarray(py))
    })
}
