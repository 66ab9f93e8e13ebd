//! The HTTP API under `/api/v1/`. Today: what the widget needs to know about the site.

use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/api/v1/widget-config", get(widget_config))
}

/// The hotline, the business hours and whether agents are on duty now; `no-cache` because
/// "open now" changes.
async fn widget_config(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(state.config.site.widget_config(SystemTime::now())),
    )
}
