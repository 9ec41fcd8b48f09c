//! Linear regression: OLS, Ridge, Lasso and ElasticNet.

pub mod design;
