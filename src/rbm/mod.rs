//! Restricted Boltzmann machines: the pieces shared by every RBM of physml.
//!
//! [`units`] holds the hidden input θ_j = b_j + c Σ_k x_k W_kj, the softplus term
//! of the free energy and the logistic conditional P(h_j = 1 | x) = S(θ_j); the VMC
//! wave function [`crate::vmc::wavefunction::Rbm`] computes its ln Ψ, gradient and
//! hidden probabilities with them (c = 1/σ² there, for Gaussian visible units).

pub mod units;
