//! Variational Monte Carlo with neural-network quantum states.
//!
//! A run composes a [`hamiltonian::Hamiltonian`] (N particles in a trap), a trial
//! [`wavefunction::WaveFunction`], a [`sampler::Sampler`], an
//! [`optimizer::VmcOptimizer`] and the [`driver::Vmc`] driver, which estimates the
//! energy with blocking error bars and minimises it over the variational parameters.

pub mod hamiltonian;
pub mod wavefunction;
pub mod driver;
pub mod observables;
pub mod optimizer;
pub mod sampler;

pub use driver::{Estimate, History, Iteration, SampleResult, Vmc};
pub use hamiltonian::{Hamiltonian, Interaction};
pub use observables::{ObservableConfig, Observables};
pub use optimizer::VmcOptimizer;
pub use sampler::{Sampler, SamplerKind, Walker};
pub use wavefunction::{Ansatz, Gaussian, HardSphereJastrow, PadeJastrow, Product, Rbm, RbmForm, WaveFunction};
