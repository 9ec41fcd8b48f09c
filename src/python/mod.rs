//! PyO3 bindings: thin wrappers that convert arrays, release the GIL and map
//! errors. No numerics here.

mod design;
mod error;
mod ising;
mod lasso;
mod linear;
mod nn;
mod rbm;
mod signals;
mod stats;
mod vmc;

use pyo3::prelude::*;

/// The compiled core of physml. Import `physml`, not this module.
#[pymodule]
mod _core {
    #[pymodule_export]
    use super::error::{_panic_for_tests, check_memory, InternalError, PhysmlError};

    #[pymodule_export]
    use super::linear::{
        linear_mean_squared_errors, linear_predict, nnls_fit, ols_fit, ridge_fit, ridge_kfold_r2,
        ridge_loo_errors, ridge_loo_predictions, student_t_quantile, OlsResult,
    };

    #[pymodule_export]
    use super::lasso::{enet_alpha_grid, enet_path, EnetPath, PyElasticNetParams, StopFlag};

    #[pymodule_export]
    use super::design::{polynomial_features, polynomial_powers};

    #[pymodule_export]
    use super::nn::{
        nn_check_size, nn_forward, nn_init, nn_loss_and_gradient, NnTrainer, OptimizerParams,
        TrainParams,
    };

    #[pymodule_export]
    use super::stats::blocking_summary;

    #[pymodule_export]
    use super::ising::{ising_exact, ising_sample, IsingParams};

    #[pymodule_export]
    use super::rbm::{
        rbm_free_energy, rbm_gibbs, rbm_hidden_probabilities, rbm_init,
        rbm_log_likelihood_gradient, rbm_log_partition_ais, rbm_log_partition_exact, rbm_sample,
        RbmTrainer,
    };

    #[pymodule_export]
    use super::vmc::{PyOptimizer, PySampler, PySystem, PyVmc, PyWaveFunction};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::prelude::*;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
