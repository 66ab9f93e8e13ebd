//! Who is asking: agents by their console cookie (plus a CSRF token on every change),
//! visitors by the bearer token their widget keeps, and browsers by their Origin.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};

use super::ApiError;
use crate::storage::agents::Session;
use crate::AppState;

pub const COOKIE: &str = "helpdock_agent";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The agent session the request's cookie opens, if any.
pub async fn agent_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, ApiError> {
    match cookie(headers, COOKIE) {
        Some(secret) => Ok(state.db.session(&secret).await?),
        None => Ok(None),
    }
}

/// The session, required; changes must also echo its CSRF token in `X-CSRF-Token`. The cookie
/// is SameSite=Strict as well: the header is the second lock, for old browsers.
pub async fn require_agent(
    state: &AppState,
    headers: &HeaderMap,
    changes_something: bool,
) -> Result<Session, ApiError> {
    let session = agent_session(state, headers)
        .await?
        .ok_or_else(ApiError::unauthorized)?;
    if changes_something {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if sent != Some(session.csrf.as_str()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf",
                "missing or wrong X-CSRF-Token header",
            ));
        }
    }
    Ok(session)
}

/// The visitor a `Authorization: Bearer` token names, if any.
pub async fn visitor(state: &AppState, headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(token) if token.len() <= 128 => Ok(state.db.visitor_by_token(token.trim()).await?),
        _ => Ok(None),
    }
}

pub async fn require_visitor(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    visitor(state, headers)
        .await?
        .ok_or_else(ApiError::unauthorized)
}

/// Browsers always send Origin on WebSockets and cross-origin requests: it must be this
/// server or an allowed embedding site. Clients that are not browsers send none.
pub fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    own_origin(headers)
        || (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()))
            .is_some_and(|origin| state.allowed_origins().iter().any(|o| o == origin))
}

/// Whether a request comes from the server's own pages (the console), or from no page at all
/// (a script or a test). An embedding origin is trusted with visitors' requests only: the
/// console's cookie is SameSite, but a site such as `www.example.com` is the same site as
/// `help.example.com`, and its scripts must not act as the agent signed in there.
pub fn own_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The session cookie: HttpOnly, SameSite=Strict, and Secure except on a loopback host, where
/// browsers would drop a Secure cookie sent over plain HTTP.
pub fn session_cookie(headers: &HeaderMap, secret: &str, max_age_s: i64) -> HeaderValue {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let hostname = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let loopback = matches!(hostname, "localhost" | "127.0.0.1" | "[::1]");
    let secure = if loopback { "" } else { "; Secure" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}"
    ))
    .unwrap_or(HeaderValue::from_static(
        "helpdock_agent=; Path=/; Max-Age=0",
    ))
}

pub fn session_secret(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE)
}
