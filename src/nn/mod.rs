//! Feed-forward neural networks trained by backpropagation, and the gradient-descent
//! optimisers shared by the whole library ([`optim`]).

pub mod optim;
