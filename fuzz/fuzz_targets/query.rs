//! Any query string against a real index (the demo help center, built by `helpdock build`
//! into dist/help/index.bin before fuzzing): results or none, never a panic.
#![no_main]

use std::sync::OnceLock;

use helpdock_search::{Index, SearchOptions};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../dist/help/index.bin");
        let bytes = std::fs::read(path).expect("build the demo index first: helpdock build content --out dist/help");
        Index::from_bytes(&bytes).expect("the demo index loads")
    })
}

fuzz_target!(|query: &str| {
    let index = index();
    for prefix_last in [true, false] {
        let options = SearchOptions { limit: 10, prefix_last };
        let hits = index.search(query, &options);
        // The ranking alone must be the ranking the hits came in.
        let ranked: Vec<u32> = index.rank(query, &options).iter().map(|r| r.0).collect();
        assert_eq!(ranked, hits.iter().map(|h| h.doc).collect::<Vec<_>>());
        if let Some(hit) = hits.first() {
            let _ = index.explain(query, &hit.id, &options);
        }
    }
    let _ = index.intent(query);
    let _ = index.completions(query, 5);
});
