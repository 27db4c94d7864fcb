//! A seeded sample that every machine draws alike: the paths are sorted first and the
//! random numbers come from splitmix64, a fixed algorithm written out here (no crate
//! whose algorithm could change between versions).

/// The splitmix64 generator (Steele, Lea and Flood, 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which is not zero), without the bias of `%`.
    fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next()) * bound as u128) >> 64) as usize
    }
}

/// `n` of `paths` (all of them when there are fewer), chosen by `seed`, sorted.
pub fn sample(paths: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut pool: Vec<String> = paths.to_vec();
    pool.sort();
    pool.dedup();
    let n = n.min(pool.len());
    let mut rng = SplitMix64(seed);
    // A partial Fisher-Yates shuffle: the first `n` places get a uniform choice.
    for i in 0..n {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(n);
    pool.sort();
    pool
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("api{i:04}.json")).collect()
    }

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The first outputs for seed 1234567 of the reference implementation.
        let mut rng = SplitMix64(1_234_567);
        assert_eq!(rng.next(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn the_same_seed_draws_the_same_sample_whatever_the_input_order() {
        let forward = paths(500);
        let mut backward = forward.clone();
        backward.reverse();
        let a = sample(&forward, 40, 1);
        assert_eq!(a.len(), 40);
        assert_eq!(a, sample(&backward, 40, 1));
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
    }

    #[test]
    fn another_seed_draws_another_sample() {
        let all = paths(500);
        assert_ne!(sample(&all, 40, 1), sample(&all, 40, 2));
    }

    #[test]
    fn a_larger_sample_contains_the_smaller_one() {
        let all = paths(500);
        let small = sample(&all, 40, 3);
        let large = sample(&all, 200, 3);
        assert!(small.iter().all(|p| large.contains(p)));
    }

    #[test]
    fn a_sample_larger_than_the_pool_is_the_whole_pool() {
        assert_eq!(sample(&paths(5), 40, 1), paths(5));
        assert!(sample(&paths(5), 0, 1).is_empty());
    }
}
