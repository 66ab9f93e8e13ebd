//! The chat protocol between a visitor's widget, an agent's console and `helpdock serve`.
//!
//! Frames are JSON text messages over a WebSocket, one frame per message, tagged by `"type"`.
//! The widget and the server both use these types, so the two cannot disagree on a field.
//! `docs/protocol.md` describes the same thing for people writing other clients.
//!
//! Two rules make delivery exact:
//! - every message the server stores gets the next **sequence number** of its conversation, and
//!   a client that reconnects says the last one it saw ([`ClientFrame::Hello`]); the server
//!   replays everything after it, in order;
//! - every message a client sends carries a **client id** it chose; sending the same id twice
//!   (a retry after a dropped connection) stores the message once and acknowledges it again.

#[cfg(feature = "frames")]
pub mod frames;
pub mod guard;
pub mod language;

#[cfg(feature = "frames")]
pub use frames::*;
