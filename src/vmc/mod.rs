//! Variational Monte Carlo with neural-network quantum states.
//!
//! A run composes a [`hamiltonian::Hamiltonian`] (N particles in a trap), a trial
//! [`wavefunction::WaveFunction`], a [`sampler::Sampler`], an
//! [`optimizer::VmcOptimizer`] and the [`driver::Vmc`] driver, which estimates the
//! energy with blocking error bars and minimises it over the variational parameters.
//!
//! Two electrons in a 2-D quantum dot with ω = 1 (exact energy 3), an RBM times a
//! Padé–Jastrow factor, importance sampling and stochastic reconfiguration:
//!
//! ```
//! use physml::vmc::*;
//!
//! let system = Hamiltonian::quantum_dot(2, 2, 1.0)?;
//! let rbm: Ansatz = Rbm::random(2, 2, 4, 1.0, RbmForm::F, 0.01, 1)?.into();
//! let psi = rbm.product(PadeJastrow::new(2, 2, 0.5, 1)?.into())?;
//! let mut vmc = Vmc::new(
//!     system,
//!     psi,
//!     Sampler::importance(0.2, 20)?,
//!     VmcOptimizer::sr(0.05, 0.01)?,
//!     2000, // samples per iteration
//!     4,    // chains
//!     42,   // seed
//! )?;
//! vmc.optimize(20, |it| it.estimate.energy > 2.0)?; // a callback may stop early
//! let result = vmc.sample(20_000, None)?;
//! assert!((result.estimate.energy - 3.0).abs() < 0.02);
//! # Ok::<(), physml::Error>(())
//! ```

pub mod driver;
pub mod hamiltonian;
pub mod observables;
pub mod optimizer;
pub mod sampler;
pub mod wavefunction;

pub use driver::{Estimate, History, Iteration, SampleResult, Sampling, Vmc};
pub use hamiltonian::{Hamiltonian, Interaction, Statistics};
pub use observables::{ObservableAccumulator, ObservableConfig, Observables};
pub use optimizer::{SrSolver, VmcOptimizer};
pub use sampler::{Sampler, SamplerKind, Walker};
pub use wavefunction::{
    Ansatz, Gaussian, HardSphereJastrow, JastrowForm, NeuralJastrow, PadeJastrow, Product, Rbm,
    RbmForm, Slater, WaveFunction,
};
