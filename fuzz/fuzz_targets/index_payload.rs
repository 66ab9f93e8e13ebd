//! Arbitrary payloads behind a valid header and checksum, so the fuzzer reaches the decoders
//! (postcard, fst, postings) instead of stopping at the checksum: a crafted file can carry a
//! correct checksum too.
#![no_main]

use helpdock_search::format::{FORMAT_VERSION, MAGIC};
use helpdock_search::{Index, SearchOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|payload: &[u8]| {
    let mut file = Vec::with_capacity(payload.len() + 24);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    file.extend_from_slice(payload);
    if let Ok(index) = Index::from_bytes(&file) {
        for query in ["退款", "tuikuan", "rgkf", "refnd", "r", "退", "店里收的钱到卡上"] {
            let _ = index.search(query, &SearchOptions::default());
        }
    }
});
