//! Linear regression: OLS, Ridge, Lasso and ElasticNet.

pub mod inference;
pub mod ols;
mod problem;
pub mod ridge;
pub mod lasso;
pub mod design;
