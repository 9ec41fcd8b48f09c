use std::time::Instant;
fn main() {
    let (n, p) = (800usize, 65usize);
    let x = faer::Mat::<f64>::from_fn(n, p, |i, j| {
        (((i * 7 + j * 13) % 101) as f64 / 101.0).powi((j % 10) as i32 + 1)
    });
    for _ in 0..3 {
        let t0 = Instant::now();
        let svd = x.thin_svd().unwrap();
        let t1 = Instant::now();
        let qr = x.qr();
        let q = qr.compute_thin_Q();
        let r = qr.thin_R().to_owned();
        let t2 = Instant::now();
        let svd_r = r.svd().unwrap();
        let t3 = Instant::now();
        let ev = (x.transpose() * &x)
            .self_adjoint_eigenvalues(faer::Side::Lower)
            .unwrap();
        let t4 = Instant::now();
        let evd = (x.transpose() * &x)
            .self_adjoint_eigen(faer::Side::Lower)
            .unwrap();
        let t5 = Instant::now();
        println!(
            "svd {:.3} qr+Q {:.3} svd(R) {:.3} eigvals {:.3} eig {:.3} ms | {} {} {} {}",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            (t4 - t3).as_secs_f64() * 1e3,
            (t5 - t4).as_secs_f64() * 1e3,
            svd.S()[0],
            svd_r.S()[0],
            q[(0, 0)],
            ev[0] + evd.S()[0]
        );
    }
}
