//! Linear regression: OLS, Ridge, Lasso and ElasticNet.
