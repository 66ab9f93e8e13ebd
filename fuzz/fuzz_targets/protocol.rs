//! Any text a WebSocket client can send: a decoded frame or a typed error, never a panic. The
//! sensitive-data guard runs on the same text, as the server runs it on every visitor message,
//! and again on its own output (stored text is masked text).
#![no_main]

use helpdock_protocol::{decode_client, guard};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = decode_client(text);
    let masked = guard::mask(text);
    let _ = guard::mask(&masked);
    let _ = guard::kinds(text);
});
