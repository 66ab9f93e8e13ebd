//! Any bytes given to the index loader: an error or an index, never a panic. Bytes that load
//! must also answer a query without panicking.
#![no_main]

use helpdock_search::{Index, SearchOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = Index::from_bytes(data) {
        let _ = index.search("退款 refund tk", &SearchOptions::default());
    }
});
