//! What the chat keeps in `localStorage`, so a reload, a second tab or a dropped connection
//! loses nothing: the visitor's token and the messages the server has not acknowledged yet.

use js_sys::{Array, JSON};
use wasm_bindgen::JsValue;

use super::wire::{body_from_js, body_to_js, Body};
use crate::host::{object, string_field};

const TOKEN_KEY: &str = "helpdock.visitor";
const OUTBOX_KEY: &str = "helpdock.outbox";
/// A visitor offline for a long time still gets their words through, within reason.
const MAX_OUTBOX: usize = 200;

/// A message written but not yet acknowledged by the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub conversation: String,
    pub client_id: String,
    pub body: Body,
    pub at: f64,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

pub fn set_token(token: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(TOKEN_KEY, token);
    }
}

pub fn outbox() -> Vec<Pending> {
    let stored = storage().and_then(|s| s.get_item(OUTBOX_KEY).ok().flatten());
    let Some(list) = stored.and_then(|text| JSON::parse(&text).ok()) else {
        return Vec::new();
    };
    if !Array::is_array(&list) {
        return Vec::new();
    }
    Array::from(&list)
        .iter()
        .filter_map(|item| {
            Some(Pending {
                conversation: string_field(&item, "conversation")?,
                client_id: string_field(&item, "client_id")?,
                body: body_from_js(&js_sys::Reflect::get(&item, &"body".into()).ok()?)?,
                at: js_sys::Reflect::get(&item, &"at".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Rewrites the outbox. Another tab may have written it meanwhile; its messages are merged
/// back by the caller, which reads before it writes.
pub fn save_outbox(pending: &[Pending]) {
    let list: Array = pending
        .iter()
        .rev()
        .take(MAX_OUTBOX)
        .rev()
        .map(|p| {
            JsValue::from(object(&[
                ("conversation", p.conversation.as_str().into()),
                ("client_id", p.client_id.as_str().into()),
                ("body", body_to_js(&p.body)),
                ("at", p.at.into()),
            ]))
        })
        .collect();
    if let (Some(storage), Ok(json)) = (storage(), JSON::stringify(&list)) {
        // A full storage costs only the retry after a reload; the message is still in memory.
        let _ = storage.set_item(OUTBOX_KEY, &String::from(json));
    }
}

/// A fresh client id: unique enough that two tabs never collide (the server keeps one message
/// per id and conversation).
pub fn new_client_id() -> String {
    let mut bytes = [0u8; 12];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
