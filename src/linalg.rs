//! Dense linear algebra through faer.

/// Cross product `out = Aᵀ B` of two column-major blocks sharing `n` rows:
/// A is n × a_cols, B is n × b_cols, `out` is a_cols × b_cols (column-major).
/// Sequential (callers parallelise over independent blocks, so results do not
/// depend on the number of threads).
///
/// **Panics** if a slice length is not a multiple of `n` or `out` has the wrong length.
pub fn cross_product(a: &[f64], b: &[f64], n: usize, out: &mut [f64]) {
    assert!(
        n > 0 && a.len() % n == 0 && b.len() % n == 0,
        "blocks must have n rows"
    );
    let (a_cols, b_cols) = (a.len() / n, b.len() / n);
    assert_eq!(out.len(), a_cols * b_cols, "out must be a_cols × b_cols");
    let a = faer::MatRef::from_column_major_slice(a, n, a_cols);
    let b = faer::MatRef::from_column_major_slice(b, n, b_cols);
    let dst = faer::MatMut::from_column_major_slice_mut(out, a_cols, b_cols);
    faer::linalg::matmul::matmul(
        dst,
        faer::Accum::Replace,
        a.transpose(),
        b,
        1.0,
        faer::Par::Seq,
    );
}

#[cfg(test)]
mod cross_product_tests {
    use super::cross_product;

    #[test]
    fn matches_the_explicit_sums() {
        let n = 5;
        let a: Vec<f64> = (0..n * 3).map(|i| (i as f64 * 0.7).sin()).collect();
        let b: Vec<f64> = (0..n * 2).map(|i| (i as f64 * 1.3).cos()).collect();
        let mut out = vec![0.0; 6];
        cross_product(&a, &b, n, &mut out);
        for i in 0..3 {
            for j in 0..2 {
                let want: f64 = (0..n).map(|k| a[i * n + k] * b[j * n + k]).sum();
                assert!((out[i + 3 * j] - want).abs() < 1e-12);
            }
        }
    }
}
