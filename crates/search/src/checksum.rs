//! The CRC-32 (IEEE) that guards index files and ties shards to their main file.
//!
//! Natively this is crc32fast, which uses the CPU's carry-less multiply. In the widget it is
//! the `crc` crate with a 1 KB table: crc32fast's portable fallback carries a 16 KB table,
//! random-looking words that gzip cannot shrink (14 KB more to download), to check the index
//! about four times faster, which a few hundred kilobytes do not need. Both compute the same
//! checksum (the test below), so files written natively load in the browser.
//!
//! [`fst_intact`] is `Fst::verify` the same way: fst checks its own CRC-32C with a 17 KB
//! table, which the widget swaps for a 1 KB one. The frame's CRC-32 already catches accidental
//! damage; fst's checksum stays as the check a damaged dictionary must also pass, because fst
//! itself trusts its bytes (its lookups index them unchecked).

#[cfg(not(target_arch = "wasm32"))]
pub use crc32fast::{hash, Hasher};

#[cfg(target_arch = "wasm32")]
pub use small::{hash, Hasher};

/// Whether an fst's bytes match the checksum fst wrote at their end.
#[cfg(not(target_arch = "wasm32"))]
pub fn fst_intact(fst: &fst::raw::Fst<Vec<u8>>) -> bool {
    fst.verify().is_ok()
}

#[cfg(target_arch = "wasm32")]
pub use small::fst_intact;

#[cfg(any(target_arch = "wasm32", test))]
mod small {
    const CRC: crc::Crc<u32, crc::Table<1>> =
        crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

    /// The checksum of `bytes`.
    pub fn hash(bytes: &[u8]) -> u32 {
        CRC.checksum(bytes)
    }

    const CRC32C: crc::Crc<u32, crc::Table<1>> =
        crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISCSI);

    /// `Fst::verify`: the CRC-32C of all but the last four bytes, "masked" as fst (and the
    /// Snappy frame format) masks it, against the last four bytes.
    pub fn fst_intact(fst: &fst::raw::Fst<Vec<u8>>) -> bool {
        let bytes = fst.as_bytes();
        let Some(split) = bytes.len().checked_sub(4) else {
            return false;
        };
        let (body, stored) = bytes.split_at(split);
        let sum = CRC32C.checksum(body);
        let masked = (sum.rotate_right(15)).wrapping_add(0xA282_EAD8);
        stored == masked.to_le_bytes()
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

    #[test]
    fn the_widgets_fst_check_is_fsts_own() {
        let map = fst::Map::from_iter([("refund", 1u64), ("账户", 2), ("退款", 3)]).unwrap();
        let good = map.into_fst().into_inner();
        let mut damaged = good.clone();
        damaged[10] ^= 0x10;
        for (bytes, intact) in [(good, true), (damaged, false)] {
            let fst = fst::raw::Fst::new(bytes).unwrap();
            assert_eq!(fst.verify().is_ok(), intact);
            assert_eq!(super::small::fst_intact(&fst), intact);
        }
    }
}
