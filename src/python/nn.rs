//! Bindings of the neural-network core (`crate::nn`): stateless forward/gradient
//! functions on a flat parameter vector, and `NnTrainer`, a training run that goes
//! on in chunks with the GIL released, checking for Ctrl-C and reporting progress
//! between chunks.

use std::time::Duration;

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use super::error::guard;

use crate::nn::optim::{Method, Optimizer, Schedule};
use crate::nn::{
    Activation, Init, Loss, Network, Penalty, PenaltyScale, Score, TrainConfig, TrainState, Trainer,
};
use crate::Error;

fn network(
    sizes: &[usize],
    activations: &[String],
    loss: &str,
    params: Option<&[f64]>,
) -> crate::Result<Network> {
    let acts = activations
        .iter()
        .map(|a| Activation::from_name(a))
        .collect::<crate::Result<Vec<_>>>()?;
    let mut net = Network::new(sizes, &acts, Loss::from_name(loss)?)?;
    if let Some(p) = params {
        net.set_params(p)?;
    }
    Ok(net)
}

/// Initial flat parameters (weights from `init`, zero biases) of a network.
#[pyfunction]
#[pyo3(signature = (sizes, activations, loss, init, init_std, seed))]
pub fn nn_init<'py>(
    py: Python<'py>,
    sizes: Vec<usize>,
    activations: Vec<String>,
    loss: &str,
    init: &str,
    init_std: f64,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(|| {
        let mut net = network(&sizes, &activations, loss, None)?;
        net.initialize(Init::from_name(init, init_std)?, seed);
        Ok(net.params().to_vec().into_pyarray(py))
    })
}

/// Raises `ValueError` naming `name` unless a network of widths `sizes` trained on
/// batches of `batch` rows fits in memory (`nn::network::check_size`).
#[pyfunction]
pub fn nn_check_size(name: &str, sizes: Vec<usize>, batch: usize) -> PyResult<()> {
    guard(|| Ok(crate::nn::network::check_size(name, &sizes, batch)?))
}

/// The activations of every layer for inputs `x`.
#[pyfunction]
#[pyo3(signature = (sizes, activations, loss, params, x))]
pub fn nn_forward<'py>(
    py: Python<'py>,
    sizes: Vec<usize>,
    activations: Vec<String>,
    loss: &str,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
) -> PyResult<Vec<Bound<'py, PyArray2<f64>>>> {
    guard(|| {
        let net = network(&sizes, &activations, loss, Some(params.as_slice()?))?;
        let x = x.as_array();
        let layers = py.detach(|| net.forward_all(x))?;
        Ok(layers.into_iter().map(|a| a.into_pyarray(py)).collect())
    })
}

/// The objective (mean loss + penalty) and its flat gradient at `params`.
#[pyfunction]
#[pyo3(signature = (sizes, activations, loss, params, x, y, *, l1, l2, sample_weight=None))]
#[allow(clippy::too_many_arguments)]
pub fn nn_loss_and_gradient<'py>(
    py: Python<'py>,
    sizes: Vec<usize>,
    activations: Vec<String>,
    loss: &str,
    params: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray2<'py, f64>,
    l1: f64,
    l2: f64,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<(f64, Bound<'py, PyArray1<f64>>)> {
    guard(|| {
        let net = network(&sizes, &activations, loss, Some(params.as_slice()?))?;
        let (x, y) = (x.as_array(), y.as_array());
        let weights = sample_weight.as_ref().map(|w| w.as_array().to_vec());
        let (j, grad) =
            py.detach(|| net.loss_and_gradient(x, y, weights.as_deref(), Penalty { l1, l2 }))?;
        Ok((j, grad.into_pyarray(py)))
    })
}

fn method(
    solver: &str,
    momentum: f64,
    nesterov: bool,
    beta_1: f64,
    beta_2: f64,
    rho: f64,
    epsilon: f64,
) -> crate::Result<Method> {
    Ok(match solver {
        "sgd" => Method::Sgd { momentum, nesterov },
        "adam" => Method::Adam {
            beta1: beta_1,
            beta2: beta_2,
            eps: epsilon,
        },
        "rmsprop" => Method::RmsProp { rho, eps: epsilon },
        "adagrad" => Method::Adagrad { eps: epsilon },
        other => {
            return Err(Error::param(
                "solver",
                "must be one of sgd, adam, rmsprop, adagrad",
                format!("'{other}'"),
            ))
        }
    })
}

fn schedule(
    name: &str,
    power_t: f64,
    decay_rate: f64,
    decay_steps: f64,
) -> crate::Result<Schedule> {
    Ok(match name {
        "constant" | "adaptive" => Schedule::Constant,
        "invscaling" => Schedule::InvScaling { power: power_t },
        "exponential" => Schedule::Exponential {
            rate: decay_rate,
            steps: decay_steps,
        },
        "step" => {
            if !(decay_steps.is_finite() && decay_steps >= 1.0) {
                return Err(Error::param("decay_steps", "must be >= 1", decay_steps));
            }
            Schedule::Step {
                factor: decay_rate,
                every: decay_steps as u64,
            }
        }
        other => {
            return Err(Error::param(
                "learning_rate",
                "must be one of constant, invscaling, adaptive, exponential, step",
                format!("'{other}'"),
            ))
        }
    })
}

/// The optimiser of a training run (`nn::optim::Optimizer`): method, initial
/// learning rate and schedule, checked when built.
#[pyclass(frozen, module = "physml._core")]
pub struct OptimizerParams {
    method: Method,
    learning_rate_init: f64,
    schedule: Schedule,
    adaptive: bool,
}

#[pymethods]
impl OptimizerParams {
    #[new]
    #[pyo3(signature = (
        *, solver, learning_rate_init, schedule_name, power_t, decay_rate, decay_steps,
        momentum, nesterov, beta_1, beta_2, rho, epsilon
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        solver: &str,
        learning_rate_init: f64,
        schedule_name: &str,
        power_t: f64,
        decay_rate: f64,
        decay_steps: f64,
        momentum: f64,
        nesterov: bool,
        beta_1: f64,
        beta_2: f64,
        rho: f64,
        epsilon: f64,
    ) -> PyResult<Self> {
        guard(|| {
            // as scikit-learn, every hyper-parameter is checked, also those the chosen
            // method or schedule does not use: each method's own checks see them all
            let invscaling = Schedule::InvScaling { power: power_t };
            for solver in ["sgd", "adam", "rmsprop"] {
                let method = method(solver, momentum, nesterov, beta_1, beta_2, rho, epsilon)?;
                Optimizer::new(method, learning_rate_init, invscaling.clone()).map_err(
                    // the networks' name of the optimiser's learning rate (VMC's is learning_rate)
                    |e| match e {
                        Error::InvalidParameter {
                            name,
                            expected,
                            got,
                        } if name == "learning_rate" => Error::InvalidParameter {
                            name: "learning_rate_init".into(),
                            expected,
                            got,
                        },
                        other => other,
                    },
                )?;
            }
            let params = OptimizerParams {
                method: method(solver, momentum, nesterov, beta_1, beta_2, rho, epsilon)?,
                learning_rate_init,
                schedule: schedule(schedule_name, power_t, decay_rate, decay_steps)?,
                adaptive: schedule_name == "adaptive",
            };
            params.optimizer()?;
            Ok(params)
        })
    }
}

impl OptimizerParams {
    fn optimizer(&self) -> crate::Result<Optimizer> {
        Optimizer::new(
            self.method.clone(),
            self.learning_rate_init,
            self.schedule.clone(),
        )
    }
}

/// The training loop's settings (`nn::TrainConfig` without the adaptive flag,
/// which comes with the optimiser's schedule).
#[pyclass(frozen, module = "physml._core")]
pub struct TrainParams {
    config: TrainConfig,
}

#[pymethods]
impl TrainParams {
    #[new]
    #[pyo3(signature = (
        *, batch_size, max_epochs, shuffle, tol, n_iter_no_change, l1, l2,
        penalty_per_sample, score_name, seed
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        batch_size: usize,
        max_epochs: usize,
        shuffle: bool,
        tol: f64,
        n_iter_no_change: usize,
        l1: f64,
        l2: f64,
        penalty_per_sample: &str,
        score_name: &str,
        seed: u64,
    ) -> PyResult<Self> {
        guard(|| {
            let config = TrainConfig {
                batch_size,
                max_epochs,
                shuffle,
                tol,
                n_iter_no_change,
                penalty: Penalty { l1, l2 },
                penalty_scale: match penalty_per_sample {
                    "batch" => PenaltyScale::Batch,
                    "dataset" => PenaltyScale::Dataset,
                    other => {
                        return Err(Error::param(
                            "penalty_per_sample",
                            "must be batch or dataset",
                            other,
                        )
                        .into())
                    }
                },
                adaptive: false,
                score: match score_name {
                    "r2" => Score::R2,
                    "accuracy" => Score::Accuracy,
                    other => {
                        return Err(Error::param("score", "must be r2 or accuracy", other).into())
                    }
                },
                seed,
            };
            config.validate()?;
            Ok(TrainParams { config })
        })
    }
}

/// A training run; see `crate::nn::Trainer`.
#[pyclass(module = "physml._core")]
pub struct NnTrainer {
    trainer: Trainer,
}

/// The validation set (x, y), if any.
type Validation<'py> = (PyReadonlyArray2<'py, f64>, PyReadonlyArray2<'py, f64>);

#[pymethods]
impl NnTrainer {
    /// A run of the network (`sizes`, `activations`, `loss`, flat `params`) on x, y,
    /// continuing from `state` = (epochs, samples_seen, best_loss, best_score,
    /// no_improvement) and, if given, the optimiser's saved (t, first, second) moments.
    #[new]
    #[pyo3(signature = (
        sizes, activations, loss, params, x, y, validation=None, *,
        optimizer, training, state, optimizer_state=None,
        sample_weight=None, sample_weight_val=None, train_biases=true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        sizes: Vec<usize>,
        activations: Vec<String>,
        loss: &str,
        params: PyReadonlyArray1<'_, f64>,
        x: PyReadonlyArray2<'_, f64>,
        y: PyReadonlyArray2<'_, f64>,
        validation: Option<Validation<'_>>,
        optimizer: &OptimizerParams,
        training: &TrainParams,
        state: (usize, u64, f64, f64, usize),
        optimizer_state: Option<(u64, PyReadonlyArray1<'_, f64>, PyReadonlyArray1<'_, f64>)>,
        sample_weight: Option<PyReadonlyArray1<'_, f64>>,
        sample_weight_val: Option<PyReadonlyArray1<'_, f64>>,
        train_biases: bool,
    ) -> PyResult<Self> {
        guard(|| {
            let net = network(&sizes, &activations, loss, Some(params.as_slice()?))?;
            let adaptive = optimizer.adaptive;
            let mut optimizer = optimizer.optimizer()?;
            if let Some((t, first, second)) = optimizer_state {
                let (first, second) = (first.as_slice()?.to_vec(), second.as_slice()?.to_vec());
                if first.len() != net.params().len() || second.len() != net.params().len() {
                    return Err(Error::Shape(
                        "the saved optimiser state does not match the network".into(),
                    )
                    .into());
                }
                optimizer.set_state(t, first, second);
            }
            let config = TrainConfig {
                adaptive,
                ..training.config.clone()
            };
            let validation =
                validation.map(|(xv, yv)| (xv.as_array().to_owned(), yv.as_array().to_owned()));
            let (epochs, samples_seen, best_loss, best_score, no_improvement) = state;
            let state = TrainState {
                epochs,
                samples_seen,
                best_loss,
                best_score,
                no_improvement,
            };
            let mut trainer = Trainer::new(
                net,
                optimizer,
                config,
                x.as_array().to_owned(),
                y.as_array().to_owned(),
                validation,
                state,
            )?
            .with_sample_weights(
                sample_weight.map(|w| w.as_array().to_vec()),
                sample_weight_val.map(|w| w.as_array().to_vec()),
            )?;
            if !train_biases {
                trainer = trainer.freeze_biases();
            }
            Ok(NnTrainer { trainer })
        })
    }

    /// Train until done: chunks of about `chunk_seconds` with the GIL released; after
    /// each chunk check for Ctrl-C and call `callback(epochs_this_run, losses,
    /// scores, changes)` with the training losses and validation scores of the epochs
    /// of that chunk and the (epoch, new η₀) of its adaptive learning-rate changes. An exception (KeyboardInterrupt included) leaves the parameters of the
    /// last finished epoch in place.
    #[pyo3(signature = (callback, chunk_seconds))]
    fn run(
        &mut self,
        py: Python<'_>,
        callback: Option<Bound<'_, PyAny>>,
        chunk_seconds: f64,
    ) -> PyResult<()> {
        guard(|| {
            let budget = Duration::from_secs_f64(chunk_seconds.max(0.0));
            let mut reported = self.trainer.epochs_this_run();
            while !self.trainer.done() {
                let trainer = &mut self.trainer;
                py.detach(|| trainer.run_for(budget))?;
                py.check_signals()?;
                if let Some(cb) = &callback {
                    let done = self.trainer.epochs_this_run();
                    let losses = self.trainer.loss_curve()[reported..].to_vec();
                    let scores = self
                        .trainer
                        .validation_scores()
                        .get(reported..)
                        .unwrap_or_default()
                        .to_vec();
                    let changes: Vec<(usize, f64)> = self
                        .trainer
                        .learning_rate_changes()
                        .iter()
                        .copied()
                        .filter(|&(epoch, _)| epoch > reported)
                        .collect();
                    reported = done;
                    cb.call1((done, losses, scores, changes))?;
                }
            }
            Ok(())
        })
    }

    /// With a validation set, restore the parameters of the best validation score.
    fn finish(&mut self) {
        self.trainer.finish();
    }

    /// The flat parameters.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.trainer.network().params().to_vec().into_pyarray(py)
    }

    /// Training loss of every epoch of this run.
    #[getter]
    fn loss_curve(&self) -> Vec<f64> {
        self.trainer.loss_curve().to_vec()
    }

    /// Validation score of every epoch of this run.
    #[getter]
    fn validation_scores(&self) -> Vec<f64> {
        self.trainer.validation_scores().to_vec()
    }

    /// (epochs, samples_seen, best_loss, best_score, no_improvement) across runs.
    #[getter]
    fn state(&self) -> (usize, u64, f64, f64, usize) {
        let s = self.trainer.state();
        (
            s.epochs,
            s.samples_seen,
            s.best_loss,
            s.best_score,
            s.no_improvement,
        )
    }

    /// (t, first moments, second moments, current η₀) of the optimiser.
    #[getter]
    fn optimizer_state<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        u64,
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray1<f64>>,
        f64,
    ) {
        let opt = self.trainer.optimizer();
        let (t, first, second) = opt.state();
        (
            t,
            first.to_vec().into_pyarray(py),
            second.to_vec().into_pyarray(py),
            opt.learning_rate(),
        )
    }

    /// True once the stopping rule fired.
    #[getter]
    fn converged(&self) -> bool {
        self.trainer.converged()
    }

    /// Epochs done in this run.
    #[getter]
    fn epochs_this_run(&self) -> usize {
        self.trainer.epochs_this_run()
    }
}
