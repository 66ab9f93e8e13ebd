//! The chat frames as JSON text, through the browser's own `JSON` rather than serde_json, which
//! would cost the widget tens of kilobytes. `crates/protocol` defines the same frames for the
//! server, and `docs/protocol.md` for people; the e2e chat test checks the two agree.

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::host::{object, string_field};

pub const VERSION: f64 = 1.0;

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Text(String),
    /// An uploaded picture's attachment id.
    Image(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Visitor,
    Agent,
    System,
}

/// A message as the server stored it (`seq` set) or as the visitor wrote it (`seq` unset, not
/// yet acknowledged).
#[derive(Debug, Clone, PartialEq)]
pub struct ChatMessage {
    pub seq: Option<u64>,
    pub client_id: String,
    pub author: Author,
    pub author_name: String,
    pub body: Body,
    /// Milliseconds since the epoch.
    pub at: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Waiting,
    Active,
    Closed,
}

impl Status {
    pub fn parse(text: &str) -> Status {
        match text {
            "active" => Status::Active,
            "closed" => Status::Closed,
            _ => Status::Waiting,
        }
    }
}

/// A waiting visitor's place in the queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueInfo {
    pub position: u32,
    pub eta_seconds: u32,
    pub agents_online: u32,
}

/// A frame from the server, reduced to what the widget acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Welcome,
    Message {
        conversation: String,
        message: ChatMessage,
    },
    Ack {
        conversation: String,
        client_id: String,
        seq: u64,
    },
    Typing {
        conversation: String,
        on: bool,
    },
    Read {
        conversation: String,
        seq: u64,
    },
    State {
        conversation: String,
        status: Status,
        agent_name: String,
    },
    Queue {
        conversation: String,
        queue: QueueInfo,
    },
    /// A refusal, by its code; its message is English, for developers (see
    /// `chat::refusal_text`).
    Error {
        code: String,
    },
    /// `pong`, `queue_changed` and anything newer than this widget.
    Other,
}

fn stringify(fields: &[(&str, JsValue)]) -> String {
    JSON::stringify(&object(fields))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

pub fn hello(token: &str, conversation: &str, seq: u64) -> String {
    let cursor = object(&[
        ("conversation", conversation.into()),
        ("seq", (seq as f64).into()),
    ]);
    let resume: Array = std::iter::once(JsValue::from(cursor)).collect();
    stringify(&[
        ("type", "hello".into()),
        ("v", VERSION.into()),
        ("token", token.into()),
        ("resume", resume.into()),
    ])
}

pub fn body_to_js(body: &Body) -> JsValue {
    match body {
        Body::Text(text) => object(&[("kind", "text".into()), ("text", text.as_str().into())]),
        Body::Image(id) => object(&[("kind", "image".into()), ("attachment", id.as_str().into())]),
    }
    .into()
}

pub fn body_from_js(value: &JsValue) -> Option<Body> {
    match string_field(value, "kind")?.as_str() {
        "text" => Some(Body::Text(string_field(value, "text")?)),
        "image" => Some(Body::Image(string_field(value, "attachment")?)),
        _ => None,
    }
}

pub fn send(conversation: &str, client_id: &str, body: &Body) -> String {
    stringify(&[
        ("type", "send".into()),
        ("conversation", conversation.into()),
        ("client_id", client_id.into()),
        ("body", body_to_js(body)),
    ])
}

pub fn typing(conversation: &str, on: bool) -> String {
    stringify(&[
        ("type", "typing".into()),
        ("conversation", conversation.into()),
        ("on", on.into()),
    ])
}

pub fn read(conversation: &str, seq: u64) -> String {
    stringify(&[
        ("type", "read".into()),
        ("conversation", conversation.into()),
        ("seq", (seq as f64).into()),
    ])
}

fn number(value: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(value, &key.into()).ok()?.as_f64()
}

fn flag(value: &JsValue, key: &str) -> bool {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Reads one server frame; `None` for text that is not a frame at all.
pub fn parse(text: &str) -> Option<Incoming> {
    let value = JSON::parse(text).ok()?;
    let conversation = || string_field(&value, "conversation").unwrap_or_default();
    let seq = |key: &str| number(&value, key).map(|n| n as u64);
    Some(match string_field(&value, "type")?.as_str() {
        "welcome" => Incoming::Welcome,
        "message" => Incoming::Message {
            conversation: conversation(),
            message: ChatMessage {
                seq: Some(seq("seq")?),
                client_id: string_field(&value, "client_id").unwrap_or_default(),
                author: match string_field(&value, "author")?.as_str() {
                    "visitor" => Author::Visitor,
                    "agent" => Author::Agent,
                    _ => Author::System,
                },
                author_name: string_field(&value, "author_name").unwrap_or_default(),
                body: body_from_js(&Reflect::get(&value, &"body".into()).ok()?)?,
                at: number(&value, "at").unwrap_or_default(),
            },
        },
        "ack" => Incoming::Ack {
            conversation: conversation(),
            client_id: string_field(&value, "client_id")?,
            seq: seq("seq")?,
        },
        "typing" => Incoming::Typing {
            conversation: conversation(),
            on: flag(&value, "on"),
        },
        "read" => Incoming::Read {
            conversation: conversation(),
            seq: seq("seq")?,
        },
        "state" => Incoming::State {
            conversation: conversation(),
            status: Status::parse(&string_field(&value, "status")?),
            agent_name: string_field(&value, "agent_name").unwrap_or_default(),
        },
        "queue" => Incoming::Queue {
            conversation: conversation(),
            queue: QueueInfo {
                position: number(&value, "position").unwrap_or_default() as u32,
                eta_seconds: number(&value, "eta_seconds").unwrap_or_default() as u32,
                agents_online: number(&value, "agents_online").unwrap_or_default() as u32,
            },
        },
        "error" => Incoming::Error {
            code: string_field(&value, "code").unwrap_or_default(),
        },
        _ => Incoming::Other,
    })
}
