//! Requests per IP, on every route: `[limits] requests_per_minute` in the site config.
//! Over the limit, a client gets 429 with a JSON error and a Retry-After header.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::chat::ApiError;
use crate::AppState;

pub fn per_ip(per_minute: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(per_minute))
}

pub async fn middleware(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(ip) = ip {
        if state.ip_limiter.check_key(&ip).is_err() {
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests; slow down",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
            return response;
        }
    }
    next.run(request).await
}

/// Forgets idle IPs now and then, so the limiter's memory stays bounded.
pub fn spawn_cleanup(state: Arc<AppState>) {
    let state = Arc::downgrade(&state);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else { return };
            state.ip_limiter.retain_recent();
            state.login_limiter.retain_recent();
        }
    });
}
