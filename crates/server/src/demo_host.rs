//! The demo "customer site": a second listener, on another port and so another origin, that
//! serves a small wallet site embedding the widget with one `<script>` tag, exactly as a site
//! owner would. It sends the Content-Security-Policy the README documents, so the demo (and
//! the e2e tests) prove the widget works under it.

use axum::extract::Query;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

const PAGE: &str = include_str!("../assets/demo.html");
const STYLE: &str = include_str!("../assets/demo.css");
const SCRIPT: &str = include_str!("../assets/demo.js");

/// The policy a host page needs for the widget served from `server` (an origin, or empty for
/// the page's own): scripts and wasm from the server, its stylesheet, fetches and the chat's
/// WebSocket to it, and `blob:` pictures (chat images are fetched with the visitor's token).
pub fn content_security_policy(server: &str) -> String {
    let socket = websocket_origin(server);
    format!(
        "default-src 'self'; script-src 'self' {server} 'wasm-unsafe-eval'; \
         style-src 'self' {server}; connect-src 'self' {server} {socket}; \
         img-src 'self' {server} data: blob:; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `https://help.example.com` → `wss://help.example.com`; `'self'` covers a same-origin server.
fn websocket_origin(server: &str) -> String {
    if let Some(rest) = server.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = server.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        String::new()
    }
}

/// The demo page, embedding the widget from `server` ("" for the page's own origin).
/// `?locale=en` changes its `data-locale`; `?locale=auto` drops it, so the widget follows the
/// browser's language.
pub fn page(server: &str, query: &DemoQuery) -> impl IntoResponse {
    let csp = HeaderValue::from_str(&content_security_policy(server))
        .unwrap_or(HeaderValue::from_static("default-src 'self'"));
    let locale = match query.locale.as_deref() {
        Some("auto") => String::new(),
        Some(tag) if valid_tag(tag) => format!(" data-locale=\"{tag}\""),
        _ => " data-locale=\"zh-CN\"".to_string(),
    };
    let html = PAGE
        .replace("{{SERVER}}", server)
        .replace(" data-locale=\"zh-CN\"", &locale);
    ([(header::CONTENT_SECURITY_POLICY, csp)], Html(html))
}

#[derive(Debug, Default, Deserialize)]
pub struct DemoQuery {
    locale: Option<String>,
}

/// A BCP 47-ish tag: letters, digits and hyphens, short. Nothing else reaches the page.
fn valid_tag(tag: &str) -> bool {
    (2..=16).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The demo's own stylesheet and script, kept out of the page so its CSP needs no
/// `'unsafe-inline'`.
pub fn asset_routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/demo.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
        .route(
            "/demo.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    SCRIPT,
                )
            }),
        )
}

/// The demo host's routes: every path serves the page, so `/orders/…` or `/checkout/…` show
/// the widget's suggestions for that page.
pub fn router(server: String) -> Router {
    asset_routes().fallback(get(move |Query(query): Query<DemoQuery>| {
        let server = server.clone();
        async move { page(&server, &query) }
    }))
}
