//! Feed-forward neural networks trained by backpropagation, and the gradient-descent
//! optimisers shared by the whole library ([`optim`]).
//!
//! * [`activation`]: activation functions and their derivatives;
//! * [`loss`]: squared error and cross-entropies (fused with their output layer);
//! * [`layer`]: the dense layer and its matrix products;
//! * [`forward_mode`]: one input at a time, with input derivatives by forward mode;
//! * [`network`]: layers + loss + flat parameters, forward pass and backpropagation;
//! * [`train`]: mini-batch training with shuffling, schedules and stopping rules;
//! * [`optim`]: SGD, momentum, Nesterov, Adagrad, RMSprop, Adam.

pub mod activation;
pub mod forward_mode;
pub mod layer;
pub mod loss;
pub mod network;
pub mod optim;
pub mod train;

pub use activation::Activation;
pub use loss::Loss;
pub use network::{Init, Network, Penalty, Workspace};
pub use train::{PenaltyScale, Score, TrainConfig, TrainState, Trainer};
