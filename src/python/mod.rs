//! PyO3 bindings: thin wrappers that convert arrays, release the GIL and map
//! errors. No numerics here.

mod error;
mod vmc;

use pyo3::prelude::*;

/// The compiled core of physml. Import `physml`, not this module.
#[pymodule]
mod _core {
    #[pymodule_export]
    use super::error::PhysmlError;

    #[pymodule_export]
    use super::vmc::{PyOptimizer, PySampler, PySystem, PyVmc, PyWaveFunction};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::prelude::*;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
