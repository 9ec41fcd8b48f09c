//! Multi-spin coded checkerboard Metropolis: 64 spins of one sublattice per word.
//!
//! Row y of the lattice is stored as two bit planes, the sites of even x and those
//! of odd x (bit k of plane 0 is x = 2k, of plane 1 is x = 2k + 1; a set bit is
//! s = −1), each of L/2 bits in ⌈L/128⌉ words. The sites of one checkerboard
//! sublattice in a row are one plane; their horizontal neighbours are the other
//! plane of the row, as is and rotated by one bit, and their vertical neighbours the
//! same plane of the rows above and below. A word of 64 sites is updated at once:
//! XORs with the four neighbour words mark the anti-aligned bonds, whose count k
//! gives s_i h_i = 4 − 2k (2-D) or 2 − 2k (1-D).
//!
//! A flip with s_i h_i ≤ 0 is always accepted. Otherwise it is accepted when a
//! uniform 64-bit integer U is below the threshold ⌊e^{−2 s h/T} 2^64⌋ of
//! [`metropolis::Acceptance`](super::metropolis::Acceptance), the same probability
//! as the site-by-site sampler; the comparison is done bit-sliced, most significant
//! bit first, across the 64 lanes: every random word gives each undecided lane its
//! next bit of U, and a lane is decided at the first bit where U and the threshold
//! differ, so a word of 64 sites takes about log2(64) + 2 ≈ 8 random words instead
//! of one per site. The lanes' bits are independent, so each site's flip is an
//! independent Bernoulli trial with the exact probability: the half sweep is the
//! same Markov kernel as [`metropolis::half_sweep`](super::metropolis::half_sweep)
//! (only the random numbers are consumed in a different order).

use rand::RngCore;

use super::{metropolis, Lattice};
use crate::rng::Rng;

/// The spins of a lattice, bit-packed by sublattice (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packed {
    side: usize,
    dim: usize,
    rows: usize,
    half: usize,
    words: usize,
    last_mask: u64,
    bits: Vec<u64>,
}

/// The thresholds of the two classes of flips that need a random number.
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// s h = 2: e^{−4/T} (None: always accepted, e^{−4/T} rounds to 1).
    two: Option<u64>,
    /// s h = 4: e^{−8/T}.
    four: Option<u64>,
}

impl Thresholds {
    /// From the site-by-site sampler's table.
    pub fn new(acc: &metropolis::Acceptance) -> Self {
        Thresholds {
            two: acc.threshold(2),
            four: acc.threshold(4),
        }
    }
}

/// Spreads bit 0 of `x` over a word.
#[inline(always)]
fn all(x: u64) -> u64 {
    0u64.wrapping_sub(x & 1)
}

/// Lanes of `m2` accepted with probability th2/2^64 and of `m4` with th4/2^64
/// (disjoint masks; a threshold of None accepts always), by the bit-sliced
/// comparison of the module documentation.
#[inline(always)]
fn accept(m2: u64, m4: u64, th: Thresholds, rng: &mut Rng) -> u64 {
    let mut yes = 0u64;
    let (mut m2, mut m4) = (m2, m4);
    let t2 = match th.two {
        None => {
            yes |= m2;
            m2 = 0;
            0
        }
        Some(t) => t,
    };
    let t4 = match th.four {
        None => {
            yes |= m4;
            m4 = 0;
            0
        }
        Some(t) => t,
    };
    // a lane whose threshold is 0 is never accepted: it needs no random bits
    let mut undecided = (m2 & all((t2 != 0) as u64)) | (m4 & all((t4 != 0) as u64));
    let mut bit = 64;
    while undecided != 0 && bit > 0 {
        bit -= 1;
        let r = rng.next_u64();
        let t = (m2 & all(t2 >> bit)) | (m4 & all(t4 >> bit));
        // U < threshold is decided at the first differing bit: U's 0 against a 1
        yes |= undecided & !r & t;
        undecided &= !(r ^ t);
    }
    yes
}

/// For each byte b, two entries of 16 bytes (u128, little-endian): in the first,
/// byte 2i is the spin of bit i of b (0x01 for +1, 0xff for −1) and the odd bytes
/// are 0; the second is the first shifted up by one byte (the odd bytes). The
/// spins of 8 even and 8 odd sites are then `t[e][0] | t[o][1]`.
fn interleave_table() -> &'static [[u128; 2]; 256] {
    static TABLE: std::sync::OnceLock<[[u128; 2]; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [[0u128; 2]; 256];
        for (b, entry) in t.iter_mut().enumerate() {
            for i in 0..8 {
                let spin: u128 = if (b >> i) & 1 == 1 { 0xff } else { 0x01 };
                entry[0] |= spin << (16 * i);
            }
            entry[1] = entry[0] << 8;
        }
        t
    })
}

impl Packed {
    /// The spins ±1 of `lat` (row-major) packed.
    pub fn new(lat: &Lattice, spins: &[i8]) -> Self {
        let side = lat.side();
        let half = side / 2;
        let words = half.div_ceil(64);
        let rows = if lat.dim() == 1 { 1 } else { side };
        let tail = half - 64 * (words - 1);
        let last_mask = if tail == 64 { !0 } else { (1u64 << tail) - 1 };
        let mut p = Packed {
            side,
            dim: lat.dim(),
            rows,
            half,
            words,
            last_mask,
            bits: vec![0; rows * 2 * words],
        };
        for y in 0..rows {
            for x in 0..side {
                if spins[y * side + x] < 0 {
                    let (plane, k) = (x % 2, x / 2);
                    p.bits[(y * 2 + plane) * words + k / 64] |= 1 << (k % 64);
                }
            }
        }
        p
    }

    #[inline(always)]
    fn plane(&self, y: usize, plane: usize) -> std::ops::Range<usize> {
        let start = (y * 2 + plane) * self.words;
        start..start + self.words
    }

    /// Writes the spins ±1, row-major.
    pub fn unpack(&self, out: &mut [i8]) {
        let l = self.side;
        let table = interleave_table();
        for y in 0..self.rows {
            let even = &self.bits[self.plane(y, 0)];
            let odd = &self.bits[self.plane(y, 1)];
            let row = &mut out[y * l..(y + 1) * l];
            // word w holds sites 128w … 128w + 127 of the row: 8 sites of each plane
            // (16 of the row) per step by table, then the last < 8 pairs bit by bit
            for (block, (&e, &o)) in row.chunks_mut(128).zip(even.iter().zip(odd)) {
                let (mut e, mut o) = (e, o);
                let mut chunks = block.chunks_exact_mut(16);
                for chunk in &mut chunks {
                    let bytes = (table[(e & 0xff) as usize][0] | table[(o & 0xff) as usize][1])
                        .to_le_bytes();
                    // SAFETY: [u8; 16] and [i8; 16] have the same size and every bit
                    // pattern is valid for both (a plain 16-byte store, where the
                    // bytewise `as i8` compiled to shuffles)
                    let bytes = unsafe { std::mem::transmute::<[u8; 16], [i8; 16]>(bytes) };
                    chunk.copy_from_slice(&bytes);
                    (e, o) = (e >> 8, o >> 8);
                }
                for pair in chunks.into_remainder().chunks_exact_mut(2) {
                    pair[0] = 1 - 2 * (e & 1) as i8;
                    pair[1] = 1 - 2 * (o & 1) as i8;
                    (e, o) = (e >> 1, o >> 1);
                }
            }
        }
    }

    /// `dst[k] = src[k − 1]` (cyclic over the L/2 bits of a plane).
    #[inline]
    fn rotate_up(&self, src: &[u64], dst: &mut [u64]) {
        let w = self.words;
        let top = (self.half - 1) % 64;
        for i in 0..w {
            let carry = if i == 0 {
                (src[w - 1] >> top) & 1
            } else {
                src[i - 1] >> 63
            };
            dst[i] = (src[i] << 1) | carry;
        }
        dst[w - 1] &= self.last_mask;
    }

    /// `dst[k] = src[k + 1]` (cyclic).
    #[inline]
    fn rotate_down(&self, src: &[u64], dst: &mut [u64]) {
        let w = self.words;
        let top = (self.half - 1) % 64;
        for i in 0..w {
            let carry = if i + 1 == w {
                (src[0] & 1) << top
            } else {
                (src[i + 1] & 1) << 63
            };
            dst[i] = (src[i] >> 1) | carry;
        }
    }

    /// One Metropolis pass over sublattice `parity` ((x + y) mod 2); returns the
    /// number of flipped spins. `scratch` holds one plane (reused).
    #[allow(clippy::needless_range_loop)] // word i of five planes at their offsets
    pub fn half_sweep(
        &mut self,
        parity: usize,
        th: Thresholds,
        rng: &mut Rng,
        scratch: &mut Vec<u64>,
    ) -> usize {
        let (w, rows) = (self.words, self.rows);
        scratch.resize(w, 0);
        let mut flipped = 0usize;
        for y in 0..rows {
            let p = (parity + y) % 2;
            let other = self.plane(y, 1 - p);
            // the horizontal neighbours other than `other[k]`: k − 1 or k + 1
            if p == 0 {
                self.rotate_up(&self.bits[other.clone()], scratch);
            } else {
                self.rotate_down(&self.bits[other.clone()], scratch);
            }
            let target = self.plane(y, p);
            let (up, down) = if self.dim == 2 {
                (
                    // the rows above and below, wrapped without a division
                    self.plane(if y == 0 { rows - 1 } else { y - 1 }, p).start,
                    self.plane(if y + 1 == rows { 0 } else { y + 1 }, p).start,
                )
            } else {
                (0, 0)
            };
            for i in 0..w {
                let valid = if i + 1 == w { self.last_mask } else { !0 };
                let s = self.bits[target.start + i];
                let a = s ^ self.bits[other.start + i];
                let b = s ^ scratch[i];
                let (m2, m4) = if self.dim == 2 {
                    let c = s ^ self.bits[up + i];
                    let d = s ^ self.bits[down + i];
                    let (s1, c1, s2, c2) = (a ^ b, a & b, c ^ d, c & d);
                    // no anti-aligned bond: s h = 4; exactly one: s h = 2
                    let k0 = !(a | b | c | d) & valid;
                    let k1 = (s1 ^ s2) & !(c1 | c2) & valid;
                    (k1, k0)
                } else {
                    (!(a | b) & valid, 0)
                };
                let always = valid & !(m2 | m4);
                let flip = always | accept(m2, m4, th, rng);
                self.bits[target.start + i] = s ^ flip;
                flipped += flip.count_ones() as usize;
            }
        }
        flipped
    }

    /// One sweep: sublattice 0, then 1.
    pub fn sweep(&mut self, th: Thresholds, rng: &mut Rng, scratch: &mut Vec<u64>) -> usize {
        self.half_sweep(0, th, rng, scratch) + self.half_sweep(1, th, rng, scratch)
    }

    /// Total energy E = −Σ_⟨ij⟩ s_i s_j (as [`Lattice::energy`]).
    #[allow(clippy::needless_range_loop)] // word i of three planes at their offsets
    pub fn energy(&self, scratch: &mut Vec<u64>) -> i64 {
        let w = self.words;
        scratch.resize(w, 0);
        let mut anti = 0u64;
        for y in 0..self.rows {
            let (even, odd) = (self.plane(y, 0), self.plane(y, 1));
            self.rotate_down(&self.bits[even.clone()], scratch);
            for i in 0..w {
                let o = self.bits[odd.start + i];
                anti += (self.bits[even.start + i] ^ o).count_ones() as u64;
                anti += (o ^ scratch[i]).count_ones() as u64;
            }
            if self.dim == 2 {
                let next = if y + 1 == self.rows { 0 } else { y + 1 };
                for p in 0..2 {
                    let (a, b) = (self.plane(y, p), self.plane(next, p));
                    for i in 0..w {
                        anti +=
                            (self.bits[a.start + i] ^ self.bits[b.start + i]).count_ones() as u64;
                    }
                }
            }
        }
        let bonds = (self.dim * self.rows * self.side) as i64;
        2 * anti as i64 - bonds
    }

    /// The energy and magnetisation ([`Packed::energy`], [`Packed::magnetization`])
    /// in one pass over the planes, without scratch space.
    pub fn energy_and_magnetization(&self) -> (i64, i64) {
        let w = self.words;
        let top = (self.half - 1) % 64;
        let (mut anti, mut down) = (0u64, 0u64);
        for y in 0..self.rows {
            let even = &self.bits[self.plane(y, 0)];
            let odd = &self.bits[self.plane(y, 1)];
            for i in 0..w {
                let (e, o) = (even[i], odd[i]);
                // even[k + 1] at bit k, as `rotate_down`
                let carry = if i + 1 == w {
                    (even[0] & 1) << top
                } else {
                    (even[i + 1] & 1) << 63
                };
                let next = (e >> 1) | carry;
                anti += ((e ^ o).count_ones() + (o ^ next).count_ones()) as u64;
                down += (e.count_ones() + o.count_ones()) as u64;
            }
            if self.dim == 2 {
                let below = if y + 1 == self.rows { 0 } else { y + 1 };
                let (a, b) = (self.plane(y, 0).start, self.plane(below, 0).start);
                // planes 0 and 1 of a row are adjacent: 2w words of each row
                let (a, b) = (&self.bits[a..a + 2 * w], &self.bits[b..b + 2 * w]);
                for (x, z) in a.iter().zip(b) {
                    anti += (x ^ z).count_ones() as u64;
                }
            }
        }
        let bonds = (self.dim * self.rows * self.side) as i64;
        let n = (self.rows * self.side) as i64;
        (2 * anti as i64 - bonds, n - 2 * down as i64)
    }

    /// Total magnetisation M = Σ_i s_i.
    pub fn magnetization(&self) -> i64 {
        let down: u64 = self.bits.iter().map(|b| b.count_ones() as u64).sum();
        (self.rows * self.side) as i64 - 2 * down as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng as _;

    fn random_spins(n: usize, r: &mut Rng) -> Vec<i8> {
        (0..n)
            .map(|_| if r.random::<bool>() { 1 } else { -1 })
            .collect()
    }

    #[test]
    fn packing_energy_and_magnetisation_agree_with_the_lattice() {
        let mut r = rng::stream(1, 0);
        let mut scratch = Vec::new();
        for (l, d) in [
            (2, 2),
            (4, 2),
            (6, 2),
            (128, 2),
            (130, 2),
            (258, 2),
            (2, 1),
            (10, 1),
            (300, 1),
        ] {
            let lat = Lattice::new(l, d).unwrap();
            for _ in 0..3 {
                let s = random_spins(lat.n_sites(), &mut r);
                let p = Packed::new(&lat, &s);
                let mut back = vec![0i8; s.len()];
                p.unpack(&mut back);
                assert_eq!(back, s, "L={l} d={d}");
                assert_eq!(p.energy(&mut scratch), lat.energy(&s), "L={l} d={d}");
                assert_eq!(p.magnetization(), lat.magnetization(&s));
                assert_eq!(
                    p.energy_and_magnetization(),
                    (lat.energy(&s), lat.magnetization(&s)),
                    "L={l} d={d}"
                );
            }
        }
    }

    /// At T → ∞ every flip is accepted, at T → 0 exactly those with s h ≤ 0: the
    /// packed half sweep flips the same sites as the site-by-site one.
    #[test]
    fn deterministic_limits_match_the_site_by_site_sweep() {
        let mut r = rng::stream(2, 0);
        let mut scratch = Vec::new();
        for (l, d) in [(2, 2), (4, 2), (6, 2), (130, 2), (10, 1), (132, 1)] {
            let lat = Lattice::new(l, d).unwrap();
            for t in [1e-3, 1e300] {
                let acc = metropolis::Acceptance::new(t);
                let th = Thresholds::new(&acc);
                for parity in 0..2 {
                    let mut s = random_spins(lat.n_sites(), &mut r);
                    let mut p = Packed::new(&lat, &s);
                    let flipped = p.half_sweep(parity, th, &mut r, &mut scratch);
                    let expected = metropolis::half_sweep(&lat, &mut s, parity, &acc, &mut r);
                    let mut back = vec![0i8; s.len()];
                    p.unpack(&mut back);
                    assert_eq!(back, s, "L={l} d={d} T={t} parity {parity}");
                    assert_eq!(flipped, expected);
                }
            }
        }
    }

    /// The bit-sliced comparison accepts with probability threshold / 2^64.
    #[test]
    fn bit_sliced_acceptance_has_the_threshold_probability() {
        let mut r = rng::stream(3, 0);
        let p = 0.3f64;
        let th = Thresholds {
            two: Some((p * 18_446_744_073_709_551_616.0) as u64),
            four: Some(((p * p) * 18_446_744_073_709_551_616.0) as u64),
        };
        let (m2, m4) = (0x0000_0000_ffff_ffffu64, 0xffff_ffff_0000_0000u64);
        let (mut n2, mut n4) = (0u64, 0u64);
        let trials = 20_000u64;
        for _ in 0..trials {
            let yes = accept(m2, m4, th, &mut r);
            n2 += (yes & m2).count_ones() as u64;
            n4 += (yes & m4).count_ones() as u64;
        }
        let n = (trials * 32) as f64;
        for (count, q) in [(n2, p), (n4, p * p)] {
            let sd = (n * q * (1.0 - q)).sqrt();
            assert!(
                (count as f64 - n * q).abs() < 4.0 * sd,
                "{count} vs {}",
                n * q
            );
        }
        // lanes outside the masks are never touched
        assert_eq!(accept(0, 0, th, &mut r), 0);
    }
}
