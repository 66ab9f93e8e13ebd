//! The CRC-32 (IEEE) that guards index files and ties shards to their main file.
//!
//! Natively this is crc32fast, which uses the CPU's carry-less multiply. In the widget it is
//! the `crc` crate with a 1 KB table: crc32fast's portable fallback carries a 16 KB table,
//! random-looking words that gzip cannot shrink (14 KB more to download), to check the index
//! about four times faster, which a few hundred kilobytes do not need. Both compute the same
//! checksum (the test below), so files written natively load in the browser.
//!
//! fst's own CRC-32C (`Fst::verify`) is not checked: the frame's CRC-32 covers the same bytes,
//! and fst's check would bring a 17 KB table of its own. What keeps damaged or crafted
//! dictionaries from panicking fst is the structural check in `fst_check`.

#[cfg(not(target_arch = "wasm32"))]
pub use crc32fast::{hash, Hasher};

#[cfg(target_arch = "wasm32")]
pub use small::{hash, Hasher};

#[cfg(any(target_arch = "wasm32", test))]
mod small {
    const CRC: crc::Crc<u32, crc::Table<1>> =
        crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

    /// The checksum of `bytes`.
    pub fn hash(bytes: &[u8]) -> u32 {
        CRC.checksum(bytes)
    }

    /// A checksum over several pieces, as if they were one.
    pub struct Hasher(crc::Digest<'static, u32, crc::Table<1>>);

    impl Hasher {
        pub fn new() -> Hasher {
            Hasher(CRC.digest())
        }

        pub fn update(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }

        pub fn finalize(self) -> u32 {
            self.0.finalize()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_widgets_checksum_equals_the_native_one() {
        let bytes: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in [0, 1, 15, 16, 17, 1000, bytes.len()] {
            assert_eq!(
                super::small::hash(&bytes[..len]),
                crc32fast::hash(&bytes[..len])
            );
        }
        let mut hasher = super::small::Hasher::new();
        hasher.update(&bytes[..10]);
        hasher.update(&bytes[10..]);
        assert_eq!(hasher.finalize(), crc32fast::hash(&bytes));
    }
}
