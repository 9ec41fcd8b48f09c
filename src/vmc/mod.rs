//! Variational Monte Carlo with neural-network quantum states.
