//! Live chat: the visitor's pre-chat form and tickets, the WebSocket relay, the queue, and the
//! agent console's API. `docs/protocol.md` documents every endpoint and frame.

pub mod agent_api;
mod auth;
pub mod connection;
mod feedback_api;
pub mod hub;
pub mod queue;
mod uploads;
pub mod visitor_api;

use std::sync::Arc;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use helpdock_protocol::MAX_FRAME_BYTES;
use serde_json::json;

use crate::storage::StoreError;
use crate::AppState;

pub use auth::{agent_session, origin_allowed};

/// The WebSocket's initial read buffer and the size at which writes are flushed.
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;
/// Unsent bytes a connection may hold before writes fail and the connection closes.
const MAX_WRITE_BUFFER_BYTES: usize = 1024 * 1024;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/chat", get(upgrade))
        .merge(visitor_api::routes())
        .merge(agent_api::routes())
        .merge(feedback_api::routes())
}

/// `GET /api/v1/chat`: the WebSocket. A console cookie makes the peer an agent; anyone else
/// is a visitor who proves who they are with the token in `hello`.
async fn upgrade(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    if !origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    let session = match auth::own_origin(&headers) {
        true => agent_session(&state, &headers).await?,
        false => None,
    };
    let secret = auth::session_secret(&headers);
    let peer = match (session, secret) {
        (Some(session), Some(secret)) => connection::Peer::Agent(session.agent, secret),
        _ => connection::Peer::Visitor,
    };
    Ok(ws
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        // tungstenite allocates its read buffer up front (128 KiB by default): with thousands of
        // mostly idle visitors that buffer was nearly all of a connection's memory. Chat frames
        // are small and a buffer grows for a bigger one, so start at 4 KiB.
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        // A client that stops reading cannot make the server buffer without bound.
        .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES)
        .on_upgrade(move |socket| connection::run(state, socket, peer)))
}

/// Every refused request: an HTTP status and a JSON body `{"error": code, "message": text}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "sign in first")
    }

    pub fn forbidden_origin() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "this site is not on the server's embedding allowlist",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.code, "message": self.message });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"),
            StoreError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", message)
            }
            StoreError::Unavailable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the service is busy; try again in a moment",
            ),
            StoreError::Sql(e) => {
                tracing::error!("database: {e}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the service is busy; try again in a moment",
                )
            }
        }
    }
}
