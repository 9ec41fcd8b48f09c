//! Linear regression: OLS, Ridge, Lasso and ElasticNet.

pub mod design;
pub mod inference;
pub mod lasso;
pub mod nnls;
pub mod ols;
pub mod predict;
mod problem;
pub mod ridge;
pub mod weights;
