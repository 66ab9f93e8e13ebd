//! `GET /healthz`: is the process up, can it reach its database, and what is it serving.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/healthz", get(health))
}

async fn health(State(state): State<Arc<AppState>>) -> (StatusCode, Json<Value>) {
    let database = state.db.ping().await;
    let (status, database) = match database {
        Ok(_) => (StatusCode::OK, "ok".to_string()),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    };
    let body = json!({
        "status": if status.is_success() { "ok" } else { "degraded" },
        "database": database,
        "backend": state.db.backend(),
        "chat_connections": state.hub.connections(),
        "articles": state.articles,
        "index_format": helpdock_search::FORMAT_VERSION,
        "version": env!("CARGO_PKG_VERSION"),
    });
    (status, Json(body))
}
