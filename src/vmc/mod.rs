//! Variational Monte Carlo with neural-network quantum states.
//!
//! A run composes a [`hamiltonian::Hamiltonian`] (N particles in a trap), a trial
//! [`wavefunction::WaveFunction`], a [`sampler::Sampler`], an
//! [`optimizer::VmcOptimizer`] and the [`driver::Vmc`] driver, which estimates the
//! energy with blocking error bars and minimises it over the variational parameters.

pub mod hamiltonian;
pub mod wavefunction;
