//! Wolff cluster updates (U. Wolff, Phys. Rev. Lett. 62, 361 (1989)).
//!
//! A cluster grows from a random seed site: every bond from a cluster spin to a
//! parallel neighbour not yet in the cluster joins the neighbour with probability
//! p = 1 − e^{−2/T}; the whole cluster is then flipped (always accepted). The
//! update satisfies detailed balance and beats critical slowing down near T_c.
//!
//! The growth is a depth-first search on a stack of (x, y) coordinates (no
//! division per site), drawing one 64-bit random number per bond to an aligned
//! spin not yet in the cluster and comparing it with an integer threshold. A spin
//! is flipped when it is popped; while it waits on the stack it holds the marker
//! 0, so the lattice itself tells the three kinds of neighbour apart. That gives
//! the energy change of the flip during the growth: popping site i in the order of
//! the search and flipping it then changes the energy by 2 s₀ Σ_j s_j over its
//! neighbours as they stand in that order, where a neighbour still waiting
//! (marker 0) counts with its old value s₀ and one already popped with −s₀. The
//! sum over the cluster of these single-flip changes is the change of the whole
//! flip exactly (they telescope), and the magnetisation changes by −2 s₀ |C|.

use rand::{Rng as _, RngCore};

use super::Lattice;
use crate::rng::Rng;

/// Scratch space of a Wolff update, reused between clusters.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    /// Sites waiting to be popped, as x | y << 16 (2-D: L < 2^16; 1-D: y = 0).
    stack: Vec<u32>,
}

/// What one cluster flip did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flip {
    /// Number of flipped spins |C| ≥ 1.
    pub size: usize,
    /// Change of the total energy E = −Σ_⟨ij⟩ s_i s_j.
    pub energy: i64,
    /// Change of the total magnetisation M = Σ_i s_i.
    pub magnetization: i64,
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

/// Random numbers drawn ahead: the numbers of the generator it owns, in the same
/// order, read from a buffer, so that the cluster growth can take the next one or
/// not without a branch on the state of the generator.
#[derive(Clone, Debug)]
pub struct Draws {
    rng: Rng,
    buf: Vec<u64>,
    pos: usize,
}

/// Numbers held ahead by [`Draws`].
const AHEAD: usize = 512;

impl Draws {
    /// The numbers of `rng` from its current state on.
    pub fn new(rng: Rng) -> Self {
        let mut d = Draws {
            rng,
            buf: vec![0; AHEAD],
            pos: AHEAD,
        };
        d.refill();
        d
    }

    /// Moves the unread numbers to the front and draws the rest.
    #[cold]
    fn refill(&mut self) {
        self.buf.copy_within(self.pos.., 0);
        for x in &mut self.buf[AHEAD - self.pos..] {
            *x = self.rng.next_u64();
        }
        self.pos = 0;
    }
}

impl RngCore for Draws {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        // as the owned generator (Xoshiro256++): the upper half
        (self.next_u64() >> 32) as u32
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        if self.pos == AHEAD {
            self.refill();
        }
        self.pos += 1;
        self.buf[self.pos - 1]
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand::rand_core::impls::fill_bytes_via_next(self, dest);
    }
}

/// Grows and flips one cluster; returns its size and the changes of the energy and
/// magnetisation. `spins` must hold ±1 only (it does again on return).
pub fn update(
    lat: &Lattice,
    spins: &mut [i8],
    threshold: u64,
    cluster: &mut Cluster,
    draws: &mut Draws,
) -> Flip {
    let n = lat.n_sites();
    let l = lat.side();
    // the unchecked indexing below relies on it
    assert_eq!(spins.len(), n, "spins must hold the lattice's N sites");
    let seed = draws.random_range(0..n);
    let s0 = spins[seed];
    let two_d = lat.dim() == 2;
    // every site is pushed at most once, and a neighbour is written at `len` (and
    // kept only if it joins) while the popped site is out: len < n at any write
    let stack = &mut cluster.stack;
    stack.resize(n, 0);
    // waiting on the stack: marker 0
    spins[seed] = 0;
    stack[0] = ((seed % l) | (seed / l) << 16) as u32;
    let mut len = 1usize;
    let mut size = 0usize;
    // Σ over popped sites of the number of neighbours holding −s₀ as they are
    // visited: anti-aligned spins outside the cluster and popped cluster spins
    let mut minus = 0usize;
    let mut pos = draws.pos;
    // one neighbour j = (x, y): it takes the next random number only if it holds
    // s₀ (aligned, not yet in the cluster), and joins if that is below the threshold
    macro_rules! visit {
        ($j:expr, $x:expr, $y:expr) => {{
            let j = $j;
            debug_assert!(j < n && len < n && pos < AHEAD);
            // SAFETY: j = (x, y) with x, y < L is a site (j < n); len < n at every
            // write (see above), and pos + 4 ≤ AHEAD at the start of each pop
            let v = unsafe { *spins.get_unchecked(j) };
            let aligned = v == s0;
            let r = unsafe { *draws.buf.get_unchecked(pos) };
            pos += aligned as usize;
            let join = aligned & (r < threshold);
            // 0 if it joins, else unchanged
            unsafe { *spins.get_unchecked_mut(j) = v & ((join as i8) - 1) };
            unsafe { *stack.get_unchecked_mut(len) = ($x | $y << 16) as u32 };
            len += join as usize;
            minus += (v == -s0) as usize;
        }};
    }
    while len > 0 {
        if pos + 4 > AHEAD {
            draws.pos = pos;
            draws.refill();
            pos = 0;
        }
        len -= 1;
        let top = stack[len];
        let (x, y) = if two_d {
            ((top & 0xffff) as usize, (top >> 16) as usize)
        } else {
            (top as usize, 0)
        };
        let row = y * l;
        spins[row + x] = -s0;
        size += 1;
        // neighbours in the order right, left, down, up (that of `Lattice::neighbours`)
        let xr = if x + 1 == l { 0 } else { x + 1 };
        let xl = if x == 0 { l - 1 } else { x - 1 };
        visit!(row + xr, xr, y);
        visit!(row + xl, xl, y);
        if two_d {
            let yd = if y + 1 == l { 0 } else { y + 1 };
            let yu = if y == 0 { l - 1 } else { y - 1 };
            visit!(yd * l + x, x, yd);
            visit!(yu * l + x, x, yu);
        }
    }
    draws.pos = pos;
    let bonds = if two_d { 4 } else { 2 };
    // site i flipped in pop order changes E by 2 s₀ h_i = 2 (bonds − 2 minus_i)
    let energy = 2 * (bonds * size) as i64 - 4 * minus as i64;
    Flip {
        size,
        energy,
        magnetization: -2 * s0 as i64 * size as i64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;

    /// The reference growth: flip on joining, neighbours from `Lattice::neighbours`,
    /// energy and magnetisation recomputed from scratch.
    fn reference(lat: &Lattice, spins: &mut [i8], threshold: u64, rng: &mut Rng) -> usize {
        let seed = rng.random_range(0..lat.n_sites());
        let s0 = spins[seed];
        spins[seed] = -s0;
        let mut stack = vec![seed];
        let mut size = 1;
        while let Some(i) = stack.pop() {
            let (nb, k) = lat.neighbours(i);
            for &j in &nb[..k] {
                if spins[j] == s0 && rng.next_u64() < threshold {
                    spins[j] = -s0;
                    stack.push(j);
                    size += 1;
                }
            }
        }
        size
    }

    /// Same clusters as the reference for the same random numbers, and the
    /// energy and magnetisation changes equal to the recomputed ones, exactly.
    #[test]
    fn tracked_changes_equal_recomputed_energy_and_magnetisation() {
        let mut cluster = Cluster::default();
        for (l, d) in [(2, 2), (4, 2), (6, 2), (16, 2), (34, 2), (2, 1), (10, 1)] {
            let lat = Lattice::new(l, d).unwrap();
            for t in [0.5, 1.5, 2.27, 3.0, 20.0] {
                let th = bond_threshold(t);
                let mut r = rng::stream(17, l as u64);
                let mut s: Vec<i8> = (0..lat.n_sites())
                    .map(|_| if r.random::<bool>() { 1 } else { -1 })
                    .collect();
                let mut s_ref = s.clone();
                let mut r_ref = r.clone();
                let mut r = Draws::new(r);
                let (mut e, mut m) = (lat.energy(&s), lat.magnetization(&s));
                for step in 0..200 {
                    let f = update(&lat, &mut s, th, &mut cluster, &mut r);
                    let size = reference(&lat, &mut s_ref, th, &mut r_ref);
                    assert_eq!(s, s_ref, "L={l} d={d} T={t} step {step}");
                    assert_eq!(f.size, size);
                    e += f.energy;
                    m += f.magnetization;
                    assert_eq!(e, lat.energy(&s), "L={l} d={d} T={t} step {step}");
                    assert_eq!(m, lat.magnetization(&s), "L={l} d={d} T={t} step {step}");
                }
            }
        }
    }
}
