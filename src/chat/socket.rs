//! The chat's WebSocket: one per tab, reopened with backoff after a drop (0.5 s doubling to
//! 15 s, with jitter, so a server restart is not met by every visitor at the same instant).

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::{store, wire, ChatState, Link};

const FIRST_RETRY_MS: f64 = 500.0;
const MAX_RETRY_MS: f64 = 15_000.0;
/// How often an open socket is checked. One silent this long is pinged; one that has not
/// answered a ping within [`PING_ANSWER_MS`] is taken for dead: a phone that changed networks
/// keeps a socket that looks open, and messages would wait on it until TCP gave up, minutes
/// later. Only an unanswered ping counts: a background tab's timers run once a minute.
const CHECK_EVERY: Duration = Duration::from_secs(15);
const PING_ANSWER_MS: f64 = 10_000.0;

/// The open socket and the callbacks it holds; dropping it detaches them.
struct Live {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

#[derive(Clone, Copy)]
pub struct Socket {
    live: StoredValue<Option<Live>, LocalStorage>,
    /// Failed attempts since the last welcome: the backoff's exponent.
    attempts: StoredValue<u32>,
    /// Whether the chat wants a connection (false once closed or reset).
    wanted: StoredValue<bool>,
    /// When the server was last heard from, and when it was last pinged (ms since the epoch).
    heard: StoredValue<f64>,
    pinged: StoredValue<f64>,
    /// Whether the liveness check is scheduled.
    checking: StoredValue<bool>,
}

impl Socket {
    pub fn new() -> Self {
        Socket {
            live: StoredValue::new_local(None),
            attempts: StoredValue::new(0),
            wanted: StoredValue::new(false),
            heard: StoredValue::new(0.0),
            pinged: StoredValue::new(0.0),
            checking: StoredValue::new(false),
        }
    }

    pub fn connect(self, chat: ChatState) {
        self.wanted.set_value(true);
        if self.live.with_value(Option::is_some) {
            return;
        }
        if let Err(err) = self.open(chat) {
            web_sys::console::warn_1(&err);
            self.retry_later(chat);
        }
    }

    fn open(self, chat: ChatState) -> Result<(), JsValue> {
        let Some(token) = store::token() else {
            return Ok(());
        };
        let url = websocket_url(&chat.url("/api/v1/chat"));
        let ws = WebSocket::new(&url)?;
        chat.link.set(super::Link::Connecting);
        let hello_ws = ws.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if let Some(id) = chat.conversation_id() {
                let _ = hello_ws.send_with_str(&wire::hello(&token, &id, chat.cursor()));
            }
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            self.heard.set_value(js_sys::Date::now());
            let Some(frame) = ev.data().as_string().and_then(|t| wire::parse(&t)) else {
                return;
            };
            if frame == wire::Incoming::Welcome {
                self.attempts.set_value(0);
            }
            chat.on_frame(frame);
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
            // Dropping the Live detaches these callbacks; do it after this one returns.
            set_timeout(move || self.live.set_value(None), Duration::ZERO);
            chat.link.set(Link::Offline);
            self.retry_later(chat);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.live.set_value(Some(Live {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        }));
        self.heard.set_value(js_sys::Date::now());
        self.check_later(chat);
        Ok(())
    }

    /// Pings a quiet socket, and replaces one that stays silent (see [`CHECK_EVERY`]).
    fn check_later(self, chat: ChatState) {
        if self.checking.get_value() {
            return;
        }
        self.checking.set_value(true);
        set_timeout(
            move || {
                self.checking.set_value(false);
                if !self.wanted.get_value() || self.live.with_value(Option::is_none) {
                    return;
                }
                let (now, heard, pinged) = (
                    js_sys::Date::now(),
                    self.heard.get_value(),
                    self.pinged.get_value(),
                );
                if pinged > heard && now - pinged > PING_ANSWER_MS {
                    self.live.set_value(None);
                    chat.link.set(Link::Offline);
                    self.connect(chat);
                    return;
                }
                if pinged <= heard && now - heard > CHECK_EVERY.as_millis() as f64 {
                    self.pinged.set_value(now);
                    self.send(r#"{"type":"ping"}"#);
                }
                self.check_later(chat);
            },
            CHECK_EVERY,
        );
    }

    fn retry_later(self, chat: ChatState) {
        if !self.wanted.get_value() {
            return;
        }
        let attempt = self.attempts.get_value();
        self.attempts.set_value(attempt.saturating_add(1));
        let delay = (FIRST_RETRY_MS * 2f64.powi(attempt.min(8) as i32)).min(MAX_RETRY_MS);
        let jittered = delay * (0.5 + js_sys::Math::random() / 2.0);
        set_timeout(
            move || {
                if self.wanted.get_value() && self.live.with_value(Option::is_none) {
                    self.connect(chat);
                }
            },
            Duration::from_millis(jittered as u64),
        );
    }

    /// Sends a frame if connected. Frames sent while offline are not queued here: messages
    /// live in the outbox and go out again after the next welcome; typing and read are
    /// moments that have passed.
    pub fn send(self, frame: &str) {
        self.live.with_value(|live| {
            if let Some(live) = live.as_ref() {
                if live.ws.ready_state() == WebSocket::OPEN {
                    let _ = live.ws.send_with_str(frame);
                }
            }
        });
    }

    /// Closes for good (the chat ended, or the visitor starts anew).
    pub fn close(self) {
        self.wanted.set_value(false);
        self.live.set_value(None);
    }
}

/// `https://help.example.com/api/v1/chat` → `wss://help.example.com/api/v1/chat`; a relative
/// server URL resolves against the page.
fn websocket_url(http: &str) -> String {
    let absolute = web_sys::Url::new_with_base(
        http,
        &web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
    )
    .map(|u| u.href())
    .unwrap_or_else(|_| http.to_string());
    if let Some(rest) = absolute.strip_prefix("https:") {
        format!("wss:{rest}")
    } else if let Some(rest) = absolute.strip_prefix("http:") {
        format!("ws:{rest}")
    } else {
        absolute
    }
}
