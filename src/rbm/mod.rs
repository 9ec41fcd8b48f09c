//! Restricted Boltzmann machines.
//!
//! [`units`] holds the pieces shared by every RBM of physml: the hidden input
//! θ_j = b_j + c Σ_k x_k W_kj, the softplus term of the free energy and the logistic
//! conditional P(h_j = 1 | x) = S(θ_j); the VMC wave function
//! [`crate::vmc::wavefunction::Rbm`] computes its ln Ψ, gradient and hidden
//! probabilities with them (c = 1/σ² there, for Gaussian visible units).
//!
//! The generative side: [`model`] (energy, free energy, conditionals and block Gibbs
//! sampling of binary–binary and Gaussian–binary RBMs), [`train`] (CD-k and PCD-k
//! with mini-batches and the optimisers of [`crate::nn::optim`], sampling),
//! [`exact`] (ln Z, log-likelihood and its gradient by enumeration) and [`ais`]
//! (annealed importance sampling of ln Z with its error).

pub mod ais;
pub mod exact;
pub mod kernels;
pub mod model;
pub mod train;
pub mod units;

pub use model::{Rbm, Visible};
