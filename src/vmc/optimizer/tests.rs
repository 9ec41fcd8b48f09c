//! Tests of the optimisers' steps.

use super::*;

#[test]
fn cholesky_solves_a_small_system() {
    let a0 = [4.0, 2.0, 0.4, 2.0, 5.0, 1.0, 0.4, 1.0, 3.0];
    let z = [1.0, -2.0, 0.5];
    let mut b: Vec<f64> = (0..3)
        .map(|i| (0..3).map(|j| a0[i * 3 + j] * z[j]).sum())
        .collect();
    let mut a = a0.to_vec();
    cholesky_solve(&mut a, 3, &mut b).unwrap();
    for i in 0..3 {
        assert!((b[i] - z[i]).abs() < 1e-12);
    }
    let mut bad = vec![1.0, 2.0, 2.0, 1.0];
    assert!(cholesky_solve(&mut bad, 2, &mut [1.0, 1.0]).is_err());
}

#[test]
fn sr_with_identity_metric_is_gradient_descent() {
    let mut sr = VmcOptimizer::sr(0.5, 1e-12).unwrap();
    let s = [1.0, 0.0, 0.0, 1.0];
    let mut theta = [1.0, 1.0];
    sr.step(&mut theta, &[2.0, -4.0], Metric::Covariance(&s))
        .unwrap();
    assert!((theta[0] - 0.0).abs() < 1e-9 && (theta[1] - 3.0).abs() < 1e-9);
    assert!(VmcOptimizer::sr(0.1, 0.0).is_err());
    assert!(sr.step(&mut theta, &[1.0, 1.0], Metric::None).is_err());
}
