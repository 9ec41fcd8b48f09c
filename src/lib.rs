//! physml — machine learning for physics, with a pure Rust core.
//!
//! Three pillars, each usable from Rust alone (`cargo test` needs no Python):
//!
//! * [`linear`]: ordinary least squares, Ridge, Lasso and ElasticNet, with the
//!   design-matrix and resampling tools of a data-analysis course.
//! * [`nn`]: feed-forward neural networks trained by backpropagation.
//! * [`vmc`]: variational Monte Carlo with neural-network quantum states
//!   (restricted Boltzmann machines) for particles in harmonic traps.
//!
//! Shared pieces: [`error`] (one error type), [`linalg`] (the only door to the
//! linear-algebra crate, faer) and [`stats`] (means, variances, blocking).
//! The PyO3 bindings live in `python` behind the cargo feature `python`.

pub mod error;
pub mod interrupt;
pub mod ising;
pub mod linalg;
pub mod linear;
pub mod memory;
pub mod nn;
pub mod rbm;
pub mod rng;
mod simd;
pub mod stats;
pub mod vmc;

#[cfg(feature = "python")]
mod python;

pub use error::{Error, Result};
