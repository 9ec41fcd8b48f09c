//! Wolff cluster updates (U. Wolff, Phys. Rev. Lett. 62, 361 (1989)).
//!
//! A cluster grows from a random seed site: every bond from a cluster spin to a
//! parallel neighbour not yet in the cluster joins the neighbour with probability
//! p = 1 − e^{−2/T}; the whole cluster is then flipped (always accepted). The
//! update satisfies detailed balance and beats critical slowing down near T_c.

use rand::{Rng as _, RngCore};

use super::Lattice;
use crate::rng::Rng;

/// Scratch space of a Wolff update, reused between clusters.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    stack: Vec<usize>,
}

/// The bond threshold: join when a uniform 64-bit integer is below it.
pub fn bond_threshold(t: f64) -> u64 {
    let p = -(-2.0 / t).exp_m1();
    if p >= 1.0 {
        u64::MAX
    } else {
        (p * 18_446_744_073_709_551_616.0) as u64
    }
}

/// Grows and flips one cluster; returns its size.
pub fn update(
    lat: &Lattice,
    spins: &mut [i8],
    threshold: u64,
    cluster: &mut Cluster,
    rng: &mut Rng,
) -> usize {
    let n = lat.n_sites();
    let seed = rng.random_range(0..n);
    let s0 = spins[seed];
    // a spin is in the cluster once flipped: spins[i] == −s0 marks membership
    spins[seed] = -s0;
    cluster.stack.clear();
    cluster.stack.push(seed);
    let mut size = 1;
    while let Some(i) = cluster.stack.pop() {
        let (nb, k) = lat.neighbours(i);
        for &j in &nb[..k] {
            if spins[j] == s0 && rng.next_u64() < threshold {
                spins[j] = -s0;
                cluster.stack.push(j);
                size += 1;
            }
        }
    }
    size
}
