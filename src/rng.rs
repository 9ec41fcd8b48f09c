//! Seeded random-number streams.
//!
//! Every random thing in physml takes a seed; each Markov chain, worker or batch
//! owns its own stream derived from (seed, stream index), so results are identical
//! for any number of threads.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used throughout physml.
pub type Rng = Xoshiro256PlusPlus;

/// SplitMix64 finaliser: a bijective mixer of 64-bit words.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of stream `index` under `seed`; distinct (seed, index) pairs give
/// statistically independent streams.
pub fn stream(seed: u64, index: u64) -> Rng {
    let mut state = [0u8; 32];
    let mut z = splitmix(seed) ^ splitmix(index.wrapping_add(0x5851_F42D_4C95_7F2D));
    for chunk in state.chunks_mut(8) {
        z = splitmix(z);
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    Rng::from_seed(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;

    #[test]
    fn same_seed_and_index_give_the_same_numbers() {
        let a: Vec<f64> = (0..5)
            .map(|_| 0.0)
            .scan(stream(7, 3), |r, _| Some(r.random()))
            .collect();
        let b: Vec<f64> = (0..5)
            .map(|_| 0.0)
            .scan(stream(7, 3), |r, _| Some(r.random()))
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn streams_differ() {
        let x: f64 = stream(7, 0).random();
        let y: f64 = stream(7, 1).random();
        let z: f64 = stream(8, 0).random();
        assert!(x != y && x != z && y != z);
    }
}
