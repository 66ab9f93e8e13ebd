//! Ordering through one sort routine.
//!
//! Every `sort_by` with its own element type or comparator compiles the standard library's
//! sort anew, 4 to 15 KB of wasm each: ten of them were 92 KB of the widget before this
//! module. Here each order is packed into a `u64` (a 32-bit key above the item's position)
//! and sorted by `<[u64]>::sort_unstable`, so the widget carries one copy of the sort, and the
//! position in the low bits makes it stable.

/// A `u32` that orders `x` as [`f32::total_cmp`] does, smallest first.
pub fn ascending_f32(x: f32) -> u32 {
    let bits = x.to_bits();
    // Negative floats order backwards by their bits; flipping them all puts them below the
    // positives, which the sign bit then lifts above.
    if bits & 0x8000_0000 != 0 {
        !bits
    } else {
        bits | 0x8000_0000
    }
}

/// A `u32` that orders `x` largest first.
pub fn descending_f32(x: f32) -> u32 {
    !ascending_f32(x)
}

/// The float [`descending_f32`] was made from.
pub fn from_descending_f32(key: u32) -> f32 {
    let ascending = !key;
    let bits = if ascending & 0x8000_0000 != 0 {
        ascending & 0x7fff_ffff
    } else {
        !ascending
    };
    f32::from_bits(bits)
}

/// Two 32-bit keys as one, `high` deciding first.
pub fn pack(high: u32, low: u32) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

/// Sorts `items` by `key`, smallest first; items with equal keys keep their order.
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    if items.len() < 2 {
        return;
    }
    // Positions beyond u32 would not fit beside the key; no list here comes near 4 billion.
    let mut keys: Vec<u64> = (items.iter().enumerate())
        .map(|(i, item)| pack(key(item), i as u32))
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keys.iter().filter_map(|&k| slots[k as u32 as usize].take()));
}

/// The `limit` least of `keys`, in order. A query keeps ten of thousands of articles: a short
/// list kept sorted as the keys go by, each key taking a place only if it beats the last one
/// kept, costs little more than reading them, and the standard library's selection would
/// bring a second sorting routine into the widget. A long limit sorts them all.
pub fn least(mut keys: Vec<u64>, limit: usize) -> Vec<u64> {
    if limit > 64 || keys.len() <= 8 * limit {
        keys.sort_unstable();
        keys.truncate(limit);
        return keys;
    }
    let mut kept: Vec<u64> = Vec::with_capacity(limit + 1);
    for key in keys {
        if kept.len() == limit && kept.last().is_none_or(|&last| key >= last) {
            continue;
        }
        let at = kept.partition_point(|&k| k < key);
        kept.insert(at, key);
        kept.truncate(limit);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_keys_order_as_total_cmp_does() {
        let floats = [
            f32::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-30,
            0.5,
            3.0,
            f32::INFINITY,
        ];
        for pair in floats.windows(2) {
            assert!(ascending_f32(pair[0]) < ascending_f32(pair[1]), "{pair:?}");
            assert!(
                descending_f32(pair[0]) > descending_f32(pair[1]),
                "{pair:?}"
            );
        }
        for x in floats {
            assert_eq!(
                from_descending_f32(descending_f32(x)).to_bits(),
                x.to_bits()
            );
        }
    }

    #[test]
    fn least_keeps_the_smallest_in_order() {
        // Scattered keys, more than eight per kept place, so the short list is what runs.
        let keys: Vec<u64> = (0..500u64).map(|i| (i * 7919) % 1009).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        for limit in [1, 3, 10, 62] {
            assert_eq!(least(keys.clone(), limit), sorted[..limit]);
        }
        assert_eq!(least(keys.clone(), 1000), sorted);
        assert_eq!(least(vec![5, 1, 5, 0], 3), [0, 1, 5]);
        assert!(least(keys, 0).is_empty());
    }

    #[test]
    fn sorting_by_key_is_stable() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "plum", "date"];
        sort_by_key(&mut words, |w| w.len() as u32);
        assert_eq!(words, ["fig", "pear", "kiwi", "plum", "date", "apple"]);
    }
}
