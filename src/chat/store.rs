//! What the chat keeps in `localStorage`, so a reload, a second tab or a dropped connection
//! loses nothing: the visitor's token and the messages the server has not acknowledged yet;
//! and in `sessionStorage`, the form the visitor has not sent yet.

use std::cell::RefCell;

use js_sys::{Array, JSON};
use wasm_bindgen::JsValue;

use super::wire::{body_from_js, body_to_js, Body};
use crate::host::{object, string_field};

const TOKEN_KEY: &str = "helpdock.visitor";
const OUTBOX_KEY: &str = "helpdock.outbox";
const DRAFT_KEY: &str = "helpdock.draft";
const CONVERSATION_KEY: &str = "helpdock.conversation";
const QUEUED_FORM_KEY: &str = "helpdock.form_queued";
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

/// Where a value lives: `localStorage` (shared by the site's tabs, kept across visits) or
/// `sessionStorage` (this tab).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Local,
    Session,
}

thread_local! {
    /// What a storage would not take (blocked by the browser's settings, or full: the widget
    /// shares the host site's quota). This page keeps it instead, so the chat still works;
    /// only a reload loses it.
    static UNSTORED: RefCell<Vec<((Store, &'static str), String)>> = RefCell::default();
}

impl Store {
    fn storage(self) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match self {
            Store::Local => window.local_storage(),
            Store::Session => window.session_storage(),
        }
        .ok()
        .flatten()
    }

    fn get(self, key: &'static str) -> Option<String> {
        let unstored = UNSTORED.with(|m| {
            let m = m.borrow();
            m.iter()
                .find(|(k, _)| *k == (self, key))
                .map(|(_, v)| v.clone())
        });
        unstored.or_else(|| self.storage()?.get_item(key).ok().flatten())
    }

    fn set(self, key: &'static str, value: String) {
        let stored = self
            .storage()
            .is_some_and(|s| s.set_item(key, &value).is_ok());
        // A handful of keys: a list does, and keeps a hash map's code out of the widget.
        UNSTORED.with(|m| {
            let mut m = m.borrow_mut();
            m.retain(|(k, _)| *k != (self, key));
            if !stored {
                m.push(((self, key), value));
            }
        });
    }

    fn remove(self, key: &'static str) {
        UNSTORED.with(|m| m.borrow_mut().retain(|(k, _)| *k != (self, key)));
        if let Some(storage) = self.storage() {
            let _ = storage.remove_item(key);
        }
    }
}

/// The JSON value stored under `key`, if there is one that parses.
fn read_json(store: Store, key: &'static str) -> Option<JsValue> {
    JSON::parse(&store.get(key)?).ok()
}

fn write_json(store: Store, key: &'static str, value: &JsValue) {
    if let Ok(json) = JSON::stringify(value) {
        store.set(key, String::from(json));
    }
}

pub fn token() -> Option<String> {
    Store::Local.get(TOKEN_KEY).filter(|t| !t.is_empty())
}

pub fn set_token(token: &str) {
    Store::Local.set(TOKEN_KEY, token.to_string());
}

pub fn outbox() -> Vec<Pending> {
    let Some(list) = read_json(Store::Local, OUTBOX_KEY) else {
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
    write_json(Store::Local, OUTBOX_KEY, &list);
}

/// Notes that this visitor has a conversation, open or (with `closed_at`) closed then: on the
/// next page the widget fetches the chat module only if there is one to pick up.
pub fn note_conversation(id: &str, closed_at: Option<f64>) {
    let mut fields = vec![("id", JsValue::from(id))];
    if let Some(at) = closed_at {
        fields.push(("closed_at", at.into()));
    }
    write_json(Store::Local, CONVERSATION_KEY, &object(&fields));
}

pub fn forget_conversation() {
    Store::Local.remove(CONVERSATION_KEY);
}

/// Whether a conversation noted here is open, or closed less than `recent_ms` ago.
pub fn has_conversation(recent_ms: f64) -> bool {
    let Some(item) = read_json(Store::Local, CONVERSATION_KEY) else {
        return false;
    };
    let closed_at = js_sys::Reflect::get(&item, &"closed_at".into())
        .ok()
        .and_then(|v| v.as_f64());
    string_field(&item, "id").is_some()
        && closed_at.is_none_or(|at| js_sys::Date::now() - at <= recent_ms)
}

/// What the visitor has typed into the pre-chat or message form and not sent: a reload, a
/// closed panel or a send that failed offline loses none of it. It lives in `sessionStorage`,
/// so an order number and a phone number do not outlast the tab on a shared computer.
/// Screenshots are not kept: a page cannot store the files a visitor chose.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub category: String,
    pub merchant: bool,
    pub order: String,
    pub description: String,
    pub contact: String,
    /// The form's name for the server, the same each time it is sent, so a form sent again
    /// after its answer was lost finds the chat it made instead of queueing a second one.
    pub form_id: String,
}

pub fn draft() -> Option<Draft> {
    let item = read_json(Store::Session, DRAFT_KEY)?;
    let field = |key: &str| string_field(&item, key).unwrap_or_default();
    Some(Draft {
        category: field("category"),
        merchant: js_sys::Reflect::get(&item, &"merchant".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        order: field("order"),
        description: field("description"),
        contact: field("contact"),
        form_id: field("form_id"),
    })
}

pub fn save_draft(draft: &Draft) {
    let item = object(&[
        ("category", draft.category.as_str().into()),
        ("merchant", draft.merchant.into()),
        ("order", draft.order.as_str().into()),
        ("description", draft.description.as_str().into()),
        ("contact", draft.contact.as_str().into()),
        ("form_id", draft.form_id.as_str().into()),
    ]);
    write_json(Store::Session, DRAFT_KEY, &item);
}

/// The form went through: nothing is left to keep.
pub fn clear_draft() {
    Store::Session.remove(DRAFT_KEY);
    Store::Session.remove(QUEUED_FORM_KEY);
}

/// A form the visitor sent while offline, waiting in the draft to go out by itself. Kept apart
/// from the draft, which every keystroke rewrites, so it outlives a reload or the next page of
/// the site: the widget there sends it once online (`prechat_view::send_queued`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedForm {
    pub kind: super::FormKind,
    /// Screenshots it carried: a page cannot keep files, so a form with any waits for the
    /// visitor to add them again rather than going out without them.
    pub files: usize,
    /// The page the visitor sent it from, which the agent sees.
    pub page: String,
}

impl QueuedForm {
    /// Whether it can go out as the draft kept it: not with screenshots, nor without its
    /// description (one holding a card number or a code is never stored).
    pub fn sendable(&self, draft: &Draft) -> bool {
        self.files == 0 && !draft.description.trim().is_empty()
    }
}

pub fn queue_form(form: &QueuedForm) {
    let kind = match form.kind {
        super::FormKind::Chat => "chat",
        super::FormKind::Message => "message",
    };
    let item = object(&[
        ("kind", kind.into()),
        ("files", (form.files as f64).into()),
        ("page", form.page.as_str().into()),
    ]);
    write_json(Store::Session, QUEUED_FORM_KEY, &item);
}

pub fn queued_form() -> Option<QueuedForm> {
    let item = read_json(Store::Session, QUEUED_FORM_KEY)?;
    let kind = match string_field(&item, "kind")?.as_str() {
        "chat" => super::FormKind::Chat,
        "message" => super::FormKind::Message,
        _ => return None,
    };
    let files = js_sys::Reflect::get(&item, &"files".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    Some(QueuedForm {
        kind,
        files: files as usize,
        page: string_field(&item, "page").unwrap_or_default(),
    })
}

/// The queued form and its draft, if it can go out by itself.
pub fn queued_to_send() -> Option<(QueuedForm, Draft)> {
    let queued = queued_form()?;
    let draft = draft()?;
    queued.sendable(&draft).then_some((queued, draft))
}

/// The queued form was answered, refused, or handed back to the visitor.
pub fn unqueue_form() {
    Store::Session.remove(QUEUED_FORM_KEY);
}

/// A fresh client id: unique enough that two tabs never collide (the server keeps one message
/// per id and conversation).
pub fn new_client_id() -> String {
    random_hex().unwrap_or_else(|| {
        let bytes: [u8; 12] = std::array::from_fn(|_| (js_sys::Math::random() * 256.0) as u8);
        hex(&bytes)
    })
}

/// 12 random bytes from the browser's `crypto`, as hex; `None` where there is none. For ids
/// that act as a secret (a form's, which can fetch a token), where `Math.random` would not do.
pub fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 12];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
