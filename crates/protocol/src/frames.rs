//! The frames, and a decoder that turns any bytes into a frame or a typed error.

use serde::{Deserialize, Serialize};

/// The protocol version this build speaks. A client sends it in `hello`; the server refuses
/// another with [`ErrorCode::Version`].
pub const VERSION: u32 = 1;
/// The largest frame the server reads; bigger ones are refused before parsing.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// The longest message text, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The longest client id.
pub const MAX_CLIENT_ID: usize = 64;

/// Who wrote a message or is typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Visitor,
    Agent,
    /// The server itself: "an agent joined", "the chat was transferred".
    System,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Agent => "agent",
            Role::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "visitor" => Some(Role::Visitor),
            "agent" => Some(Role::Agent),
            "system" => Some(Role::System),
            _ => None,
        }
    }
}

/// What a message carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    Text {
        text: String,
    },
    /// An image uploaded first with `POST /api/v1/conversations/{id}/attachments`.
    Image {
        attachment: String,
    },
}

/// Frames a client (widget or console) sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// The first frame on every connection: the protocol version, the visitor's token (agents
    /// are known by their console cookie instead) and the last sequence number this client has
    /// seen in each conversation it follows (0 for none).
    Hello {
        v: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
        #[serde(default)]
        resume: Vec<Cursor>,
    },
    /// A message. `client_id` makes retries safe.
    Send {
        conversation: String,
        client_id: String,
        body: Body,
    },
    /// The sender started or stopped typing.
    Typing {
        conversation: String,
        on: bool,
    },
    /// The sender has read everything up to `seq`.
    Read {
        conversation: String,
        seq: u64,
    },
    Ping,
}

/// A conversation and the last sequence number a client has seen in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub conversation: String,
    pub seq: u64,
}

/// A stored message, as the server sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub conversation: String,
    pub seq: u64,
    pub client_id: String,
    pub author: Role,
    /// The agent's display name for agent messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    pub body: Body,
    /// Milliseconds since the Unix epoch, server time.
    pub at: i64,
}

/// A conversation's state as the visitor sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Waiting,
    Active,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Active => "active",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "waiting" => Some(Status::Waiting),
            "active" => Some(Status::Active),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }
}

/// Frames the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The answer to `hello`.
    Welcome {
        v: u32,
    },
    Message(Message),
    /// The message with this client id is stored under `seq` (sent again for a duplicate).
    Ack {
        conversation: String,
        client_id: String,
        seq: u64,
    },
    Typing {
        conversation: String,
        who: Role,
        on: bool,
    },
    /// `who` has read everything up to `seq`.
    Read {
        conversation: String,
        who: Role,
        seq: u64,
    },
    /// The conversation's state changed: accepted, transferred, closed.
    State {
        conversation: String,
        status: Status,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_name: Option<String>,
        team: String,
    },
    /// For a waiting visitor: their place in the queue and the estimated wait.
    Queue {
        conversation: String,
        position: u32,
        eta_seconds: u32,
        agents_online: u32,
    },
    /// For agents: the waiting queue or an assignment changed; fetch `/api/v1/agent/queue`.
    QueueChanged,
    Error {
        code: ErrorCode,
        message: String,
    },
    Pong,
}

/// Why the server refused a frame. The connection stays open unless the code says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, an unknown type, or a missing field.
    Malformed,
    /// The frame or the text is too long.
    TooLarge,
    /// Another protocol version; the server closes the connection.
    Version,
    /// The first frame was not `hello`.
    HelloFirst,
    /// The conversation is not this client's, or does not exist.
    NotFound,
    /// The agent's session ended (signed out, expired, or the agent disabled); the server
    /// closes the connection, and the console asks them to sign in again.
    SignedOut,
    /// The conversation is closed or not yet accepted.
    Closed,
    /// Too many frames; slow down.
    RateLimited,
    /// Something failed on the server; retry later.
    Internal,
}

/// Why bytes are not a frame.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("frame of {0} bytes is over the {MAX_FRAME_BYTES}-byte limit")]
    TooLarge(usize),
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("message text over {MAX_TEXT_CHARS} characters")]
    TextTooLong,
    #[error("{0}")]
    Invalid(&'static str),
}

impl DecodeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DecodeError::TooLarge(_) | DecodeError::TextTooLong => ErrorCode::TooLarge,
            _ => ErrorCode::Malformed,
        }
    }
}

/// Parses a frame from a client and checks its limits. Never panics, whatever the input.
pub fn decode_client(text: &str) -> Result<ClientFrame, DecodeError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(DecodeError::TooLarge(text.len()));
    }
    let frame: ClientFrame =
        serde_json::from_str(text).map_err(|e| DecodeError::Malformed(e.to_string()))?;
    validate(&frame)?;
    Ok(frame)
}

fn validate(frame: &ClientFrame) -> Result<(), DecodeError> {
    match frame {
        ClientFrame::Send {
            conversation,
            client_id,
            body,
        } => {
            check_id(conversation)?;
            if client_id.is_empty() || client_id.len() > MAX_CLIENT_ID {
                return Err(DecodeError::Invalid("client_id must be 1 to 64 bytes"));
            }
            match body {
                Body::Text { text } if text.trim().is_empty() => {
                    Err(DecodeError::Invalid("empty message"))
                }
                Body::Text { text } if text.chars().count() > MAX_TEXT_CHARS => {
                    Err(DecodeError::TextTooLong)
                }
                Body::Image { attachment } => check_id(attachment),
                Body::Text { .. } => Ok(()),
            }
        }
        ClientFrame::Typing { conversation, .. } | ClientFrame::Read { conversation, .. } => {
            check_id(conversation)
        }
        ClientFrame::Hello { resume, token, .. } => {
            if token.as_ref().is_some_and(|t| t.len() > 128) {
                return Err(DecodeError::Invalid("token too long"));
            }
            if resume.len() > 64 {
                return Err(DecodeError::Invalid("at most 64 cursors"));
            }
            resume.iter().try_for_each(|c| check_id(&c.conversation))
        }
        ClientFrame::Ping => Ok(()),
    }
}

/// Ids are server-made: short, lower-case hex and dashes. Checking here keeps junk out of
/// queries and logs.
fn check_id(id: &str) -> Result<(), DecodeError> {
    let ok =
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(DecodeError::Invalid("bad id"))
    }
}

/// Serializes a server frame. Infallible for these types (no maps with non-string keys).
pub fn encode_server(frame: &ServerFrame) -> String {
    serde_json::to_string(frame).unwrap_or_else(|_| String::from("{\"type\":\"pong\"}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_send_frame_round_trips() {
        let text = r#"{"type":"send","conversation":"ab12","client_id":"c-1","body":{"kind":"text","text":"退款没到账"}}"#;
        let frame = decode_client(text).unwrap();
        assert_eq!(
            frame,
            ClientFrame::Send {
                conversation: "ab12".into(),
                client_id: "c-1".into(),
                body: Body::Text {
                    text: "退款没到账".into()
                }
            }
        );
        assert_eq!(
            serde_json::from_str::<ClientFrame>(&serde_json::to_string(&frame).unwrap()).unwrap(),
            frame
        );
    }

    #[test]
    fn junk_and_limits_are_typed_errors() {
        for junk in [
            "",
            "{",
            "null",
            "[]",
            "{\"type\":\"nope\"}",
            "{\"type\":\"send\"}",
        ] {
            assert!(
                matches!(decode_client(junk), Err(DecodeError::Malformed(_))),
                "{junk}"
            );
        }
        let long = format!(
            r#"{{"type":"send","conversation":"ab","client_id":"c","body":{{"kind":"text","text":"{}"}}}}"#,
            "字".repeat(MAX_TEXT_CHARS + 1)
        );
        assert_eq!(decode_client(&long), Err(DecodeError::TextTooLong));
        let huge = "x".repeat(MAX_FRAME_BYTES + 1);
        assert_eq!(decode_client(&huge), Err(DecodeError::TooLarge(huge.len())));
        let bad_id = r#"{"type":"typing","conversation":"../etc","on":true}"#;
        assert_eq!(decode_client(bad_id), Err(DecodeError::Invalid("bad id")));
        let empty = r#"{"type":"send","conversation":"ab","client_id":"c","body":{"kind":"text","text":"  "}}"#;
        assert_eq!(
            decode_client(empty),
            Err(DecodeError::Invalid("empty message"))
        );
    }

    #[test]
    fn server_frames_are_tagged_by_type() {
        let text = encode_server(&ServerFrame::Queue {
            conversation: "ab".into(),
            position: 2,
            eta_seconds: 90,
            agents_online: 1,
        });
        assert!(text.starts_with(r#"{"type":"queue""#), "{text}");
    }
}
