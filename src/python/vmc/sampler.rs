//! Bindings of the samplers and optimisers (`crate::vmc::sampler`, `crate::vmc::optimizer`):
//! `_core.Sampler` and `_core.Optimizer`.

use pyo3::prelude::*;

use crate::python::error::guard;

use crate::nn::optim::{Method, Optimizer, Schedule};
use crate::vmc::optimizer::SrSolver;
use crate::vmc::{Sampler, VmcOptimizer};

// ---------------------------------------------------------------------------------
// Samplers and optimisers
// ---------------------------------------------------------------------------------

/// A Markov-chain sampler (Metropolis, importance sampling or Gibbs) with burn-in.
#[pyclass(name = "Sampler", module = "physml._core", frozen)]
pub struct PySampler {
    pub(super) inner: Sampler,
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
    pub(super) inner: VmcOptimizer,
}

impl PyOptimizer {
    /// A gradient optimiser of `method` at a constant `learning_rate` (both checked
    /// by [`Optimizer::new`]): the body of `sgd` and `adam`.
    fn gradient(method: Method, learning_rate: f64) -> PyResult<Self> {
        guard(|| {
            Ok(PyOptimizer {
                inner: VmcOptimizer::Gradient(Optimizer::new(
                    method,
                    learning_rate,
                    Schedule::Constant,
                )?),
            })
        })
    }
}

#[pymethods]
impl PyOptimizer {
    /// Gradient descent with momentum μ.
    #[staticmethod]
    fn sgd(learning_rate: f64, momentum: f64) -> PyResult<Self> {
        Self::gradient(
            Method::Sgd {
                momentum,
                nesterov: false,
            },
            learning_rate,
        )
    }

    /// Adam with decays β₁, β₂ and floor ε.
    #[staticmethod]
    fn adam(learning_rate: f64, beta1: f64, beta2: f64, eps: f64) -> PyResult<Self> {
        Self::gradient(Method::Adam { beta1, beta2, eps }, learning_rate)
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
