//! The agent console: three static files compiled into the binary, served at `/console/` with
//! a strict Content-Security-Policy (no inline script, nothing from elsewhere).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;

const PAGE: &str = include_str!("../assets/console/index.html");
const SCRIPT: &str = include_str!("../assets/console/console.js");
const STYLE: &str = include_str!("../assets/console/console.css");

const POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route(
            "/console/",
            get(|| async { file(PAGE, "text/html; charset=utf-8") }),
        )
        .route(
            "/console/console.js",
            get(|| async { file(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/console/console.css",
            get(|| async { file(STYLE, "text/css; charset=utf-8") }),
        )
}

fn file(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        ],
        body,
    )
}
