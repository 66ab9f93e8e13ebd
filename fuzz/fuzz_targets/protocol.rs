//! Any text a WebSocket client can send: a decoded frame or a typed error, never a panic. The
//! sensitive-data guard runs on the same text, as the server runs it on every visitor message,
//! and masking what it masked changes nothing (stored text is masked text, and the agent view
//! and transcripts must show it as stored).
#![no_main]

use helpdock_protocol::{decode_client, guard};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = decode_client(text);
    let masked = guard::mask(text);
    assert_eq!(guard::mask(&masked), masked, "masking is idempotent");
    let _ = guard::kinds(text);
});
