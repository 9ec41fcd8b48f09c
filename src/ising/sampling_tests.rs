//! The samplers against exact enumeration, and detailed balance on 2 × 2.

use super::*;
use crate::rng;
use crate::stats::blocking_error;
use rand::RngCore;

fn config(method: Method, t: f64, n: usize, seed: u64) -> SampleConfig {
    SampleConfig {
        side: 4,
        dim: 2,
        temperature: t,
        n_samples: n,
        method,
        n_chains: 8,
        thermalization: 200,
        interval: 1,
        seed,
    }
}

/// Mean and error of a series made of `chains` consecutive chain segments: the
/// blocking error of each segment, combined.
fn mean_err(x: &[f64], chains: usize) -> (f64, f64) {
    let len = x.len() / chains;
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let var: f64 = x
        .chunks(len)
        .map(|c| blocking_error(c).powi(2) / chains as f64 / chains as f64)
        .sum();
    (mean, var.sqrt())
}

#[test]
fn one_dimensional_enumeration_matches_the_transfer_matrix() {
    for &t in &[0.5f64, 1.0, 3.0] {
        let l = 10;
        let b = 1.0 / t;
        let z = (2.0 * b.cosh()).powi(l) + (2.0 * b.sinh()).powi(l);
        let ex = exact(l as usize, 1, t).unwrap();
        assert!((ex.log_z - z.ln()).abs() < 1e-10, "{} {}", ex.log_z, z.ln());
    }
}

#[test]

fn sampled_averages_agree_with_enumeration_within_three_sigma() {
    for method in [Method::Metropolis, Method::Wolff] {
        for &t in &[1.5, 2.27, 3.5] {
            let s = sample(&config(method, t, 40_000, 11)).unwrap();
            let ex = exact(4, 2, t).unwrap();
            let (e, de) = mean_err(&s.energy, 8);
            let absm: Vec<f64> = s.magnetization.iter().map(|m| m.abs()).collect();
            let (m, dm) = mean_err(&absm, 8);
            assert!(
                (e - ex.energy).abs() < 3.0 * de,
                "{method:?} T={t}: e {e} ± {de} vs {}",
                ex.energy
            );
            assert!(
                (m - ex.abs_magnetization).abs() < 3.0 * dm,
                "{method:?} T={t}: |m| {m} ± {dm} vs {}",
                ex.abs_magnetization
            );
        }
    }
}

#[test]
fn samples_do_not_depend_on_the_thread_count() {
    let c = config(Method::Wolff, 2.3, 64, 5);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| sample(&c).unwrap());
    let b = two.install(|| sample(&c).unwrap());
    assert_eq!(a, b);
}

/// Counts transitions between the 16 states of the 2 × 2 torus of a stationary
/// chain driven by `kernel`, and checks π(a) P(a → b) = π(b) P(b → a): the count
/// matrix is symmetric within its Poisson errors, and the visit frequencies are the
/// Boltzmann weights.
#[allow(clippy::needless_range_loop)] // counts[a][b] against counts[b][a]: the indices are the point
///
/// `closed` is a set of states the chain never enters from all spins up (a second
/// ergodic component); they get no visits and the others the Boltzmann weights
/// renormalised over the rest.
fn check_detailed_balance(closed: &[usize], kernel: impl Fn(&Lattice, &mut [i8], &mut rng::Rng)) {
    let lat = Lattice::new(2, 2).unwrap();
    let t = 2.0;
    let mut r = rng::stream(3, 0);
    let code = |s: &[i8]| {
        s.iter()
            .enumerate()
            .map(|(i, &v)| ((v == 1) as usize) << i)
            .sum::<usize>()
    };
    let mut s = vec![1i8; 4];
    let mut counts = [[0u64; 16]; 16];
    let n = 400_000;
    // visits per batch of consecutive steps: the error of a visit frequency of a
    // correlated chain (tunnelling between the two ground states is slow) from the
    // spread of the batch means, not the binomial error of independent draws
    let (n_batches, batch) = (100, 4_000);
    let mut batch_visits = vec![[0u64; 16]; n_batches];
    for step in 0..n {
        let a = code(&s);
        kernel(&lat, &mut s, &mut r);
        counts[a][code(&s)] += 1;
        batch_visits[step / batch][a] += 1;
    }
    let weights: Vec<f64> = (0..16usize)
        .map(|c| {
            let st: Vec<i8> = (0..4)
                .map(|i| if c >> i & 1 == 1 { 1 } else { -1 })
                .collect();
            if closed.contains(&c) {
                0.0
            } else {
                (-(lat.energy(&st) as f64) / t).exp()
            }
        })
        .collect();
    let z: f64 = weights.iter().sum();
    for a in 0..16 {
        let visits: u64 = counts[a].iter().sum();
        let p = weights[a] / z;
        let freq = visits as f64 / n as f64;
        let var = batch_visits
            .iter()
            .map(|b| (b[a] as f64 / batch as f64 - freq).powi(2))
            .sum::<f64>()
            / (n_batches - 1) as f64;
        let sd = (var / n_batches as f64).sqrt();
        assert!(
            (freq - p).abs() < 5.0 * sd + 1e-4,
            "state {a}: frequency {freq} ± {sd}, Boltzmann {p}"
        );
        for (b, row_b) in counts.iter().enumerate().take(a) {
            let (ab, ba) = (counts[a][b] as f64, row_b[a] as f64);
            assert!(
                (ab - ba).abs() <= 4.0 * (ab + ba).sqrt() + 3.0,
                "{a}->{b}: {ab} vs {ba}"
            );
        }
    }
}

/// On 2 × 2 the two sites of a sublattice share their neighbours (each bond
/// doubled), and a site whose field is 0 always flips (ΔE = 0): the four striped
/// states (+ + / − −, its flip and the two transposes: codes 3, 12, 5, 10) lead only
/// to each other. Checkerboard Metropolis is not ergodic on 2 × 2; detailed balance
/// holds within each component. (Wolff is ergodic.)
const METROPOLIS_STRIPES: [usize; 4] = [3, 5, 10, 12];

#[test]
fn metropolis_half_sweeps_satisfy_detailed_balance() {
    // each half sweep is reversible; a random choice between them is too, and ergodic
    let acc = metropolis::Acceptance::new(2.0);
    check_detailed_balance(&METROPOLIS_STRIPES, |lat, s, r| {
        let parity = (r.next_u64() >> 63) as usize;
        metropolis::half_sweep(lat, s, parity, &acc, r);
    });
}

#[test]
fn packed_metropolis_half_sweeps_satisfy_detailed_balance() {
    let th = packed::Thresholds::new(&metropolis::Acceptance::new(2.0));
    let scratch = std::cell::RefCell::new(Vec::new());
    check_detailed_balance(&METROPOLIS_STRIPES, |lat, s, r| {
        let parity = (r.next_u64() >> 63) as usize;
        let mut p = packed::Packed::new(lat, s);
        p.half_sweep(parity, th, r, &mut scratch.borrow_mut());
        p.unpack(s);
    });
}

#[test]
fn wolff_clusters_satisfy_detailed_balance() {
    let th = wolff::bond_threshold(2.0);
    let mut cl = wolff::Cluster::default();
    let cl = std::cell::RefCell::new(&mut cl);
    // the update reads its numbers ahead (`wolff::Draws`), from a stream of its own
    let draws = std::cell::RefCell::new(wolff::Draws::new(rng::stream(3, 1)));
    check_detailed_balance(&[], |lat, s, _| {
        wolff::update(lat, s, th, &mut cl.borrow_mut(), &mut draws.borrow_mut());
    });
}

#[test]
fn bad_input_is_refused() {
    let mut c = config(Method::Metropolis, 0.0, 10, 0);
    assert!(sample(&c).is_err());
    c.temperature = f64::NAN;
    assert!(sample(&c).is_err());
    c.temperature = 1.0;
    c.side = 5;
    assert!(sample(&c).is_err());
    c.side = 4;
    c.n_samples = 0;
    assert!(sample(&c).is_err());
    assert!(exact(6, 2, 1.0).is_err());
    assert!(Method::from_name("glauber").is_err());
}

/// A fingerprint of everything `sample` returns (FNV-1a over spins, energies,
/// magnetisations and the acceptance, bit for bit).
fn fingerprint(s: &Samples) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |b: u8| h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    s.spins.iter().for_each(|&x| eat(x as u8));
    for x in s
        .energy
        .iter()
        .chain(&s.magnetization)
        .chain([&s.acceptance])
    {
        x.to_bits().to_le_bytes().into_iter().for_each(&mut eat);
    }
    h
}

/// The numbers of a few runs, pinned: a change of the random stream or of the
/// updates changes them (and must be announced), a refactoring must not. (The
/// Metropolis values changed with the multi-spin coded sweep, which consumes the
/// random numbers differently; Wolff's are those of the first sampler.) The
/// interruptible entry point, with a poll that never fires, gives the same.
#[test]
fn samples_are_pinned() {
    let pinned = [
        (Method::Metropolis, 4, 2, 2.27, 0x7999_ba1f_4b44_ed26_u64),
        (Method::Metropolis, 16, 2, 1.8, 0x2919_9233_b0dd_232e),
        (Method::Metropolis, 10, 1, 1.0, 0xde1c_b432_c973_a7e4),
        (Method::Metropolis, 2, 2, 3.0, 0xc03a_abd8_d80b_b8c5),
        (Method::Wolff, 4, 2, 2.27, 0xd700_49a5_8728_65a3),
        (Method::Wolff, 16, 2, 1.8, 0x8587_644b_9ab1_e40c),
        (Method::Wolff, 10, 1, 1.0, 0xce1b_033f_c267_2e57),
        (Method::Wolff, 2, 2, 3.0, 0x7eeb_e6f3_66e7_6ef8),
    ];
    let polls = std::sync::atomic::AtomicUsize::new(0);
    let never = || {
        polls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        false
    };
    for (method, side, dim, t, expected) in pinned {
        let c = SampleConfig {
            side,
            dim,
            temperature: t,
            n_samples: 50,
            method,
            n_chains: 3,
            thermalization: 20,
            interval: 2,
            seed: 42,
        };
        let got = fingerprint(&sample(&c).unwrap());
        assert_eq!(got, expected, "{method:?} L={side} d={dim} T={t}: {got:#x}");
        let got = fingerprint(&sample_interruptible(&c, &never).unwrap());
        assert_eq!(got, expected, "interruptible {method:?} L={side}");
    }
}

#[test]
fn an_interrupt_stops_every_chain_of_an_endless_run() {
    for method in [Method::Metropolis, Method::Wolff] {
        let mut c = config(method, 2.0, 16, 1);
        c.thermalization = usize::MAX;
        let start = std::time::Instant::now();
        let fire = || start.elapsed() > std::time::Duration::from_millis(50);
        let result = sample_interruptible(&c, &fire);
        assert!(matches!(result, Err(Error::Interrupted)), "{method:?}");
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        // the same during the sampling sweeps
        c.thermalization = 1;
        c.interval = usize::MAX / 2;
        let start = std::time::Instant::now();
        let fire = || start.elapsed() > std::time::Duration::from_millis(50);
        assert!(matches!(
            sample_interruptible(&c, &fire),
            Err(Error::Interrupted)
        ));
    }
}

#[test]
fn samples_beyond_memory_are_refused_naming_the_parameter() {
    let mut c = config(Method::Metropolis, 2.0, 1 << 60, 1);
    let err = sample(&c).unwrap_err().to_string();
    assert!(
        err.starts_with("n_samples must be small enough to fit in memory"),
        "{err}"
    );
    c.n_samples = 1;
    c.side = 46_340; // 2^31 sites: allowed by the lattice, 4 GB per sample
    if crate::memory::limit() < 4_000_000_000 {
        let err = sample(&c).unwrap_err().to_string();
        assert!(err.starts_with("L must be small enough"), "{err}");
    }
}

/// Metropolis runs on lattices of one and several words per plane, pinned before
/// the recording (unpacking, energy, magnetisation) was rewritten: the same seed
/// gives the same configurations, energies and magnetisations bit for bit.
#[test]
fn large_metropolis_samples_are_pinned() {
    let pinned = [
        (32, 2, 2.27, 0xb804_d482_f8fa_1247_u64),
        (128, 2, 2.27, 0x6fc8_a39a_713e_d27d),
        (130, 2, 1.5, 0xf1b9_6c14_42a9_49c3),
        (258, 2, 3.0, 0x5153_dc20_0171_f561),
        (34, 2, 2.27, 0x49a8_aa9e_b2e9_9fd3),
        (300, 1, 1.0, 0xf430_52a8_4464_66aa),
    ];
    let mut bad = Vec::new();
    for (side, dim, t, expected) in pinned {
        let c = SampleConfig {
            side,
            dim,
            temperature: t,
            n_samples: 12,
            method: Method::Metropolis,
            n_chains: 2,
            thermalization: 5,
            interval: 1,
            seed: 7,
        };
        let got = fingerprint(&sample(&c).unwrap());
        bad.push((side, dim, t, got, expected));
    }
    bad.retain(|&(_, _, _, got, expected)| got != expected);
    assert!(bad.is_empty(), "(L, d, T, got, pinned): {bad:x?}");
}
