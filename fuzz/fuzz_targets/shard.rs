//! Any shard file for a real split index (the demo help center, built with
//! `helpdock build content --out target/fuzz-split --split always --shard-bytes 1024
//! --shard-articles 2` before fuzzing): refused with an error or added, never a panic, and an
//! index with a shard added, however odd its bytes, still answers every kind of question.
//! The header is framed here, so the fuzzer reaches the decoders past the checksum; seed it
//! with the real shard files, whose build id it then keeps.
#![no_main]

use std::sync::OnceLock;

use helpdock_search::format::FORMAT_VERSION;
use helpdock_search::shards::SHARD_MAGIC;
use helpdock_search::{Index, SearchOptions};
use libfuzzer_sys::fuzz_target;

fn main_file() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/fuzz-split/index.bin");
        std::fs::read(path).expect("build the split demo index first (see the comment above)")
    })
}

fuzz_target!(|payload: &[u8]| {
    let mut file = Vec::with_capacity(payload.len() + 24);
    file.extend_from_slice(SHARD_MAGIC);
    file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    file.extend_from_slice(payload);
    let mut index = Index::from_bytes(main_file()).expect("the split demo index loads");
    if index.add_shard(&file).is_ok() {
        let options = SearchOptions::default();
        for query in ["退款", "tuikuan", "rgkf", "refnd", "转人工", "店里收的钱什么时候到卡上"] {
            let _ = index.search(query, &options);
            let _ = index.completions(query, 5);
        }
        let _ = index.popular(Some("zh"), 5);
        let _ = index.for_context("/orders/1", &["payment_failed".into()], None);
        let _ = index.related("refund-not-received", 4);
        let _ = index.take_missing();
    }
});
