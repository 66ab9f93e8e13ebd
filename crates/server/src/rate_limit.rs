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

const SIXTY: NonZeroU32 = NonZeroU32::new(60).unwrap();
const TWENTY: NonZeroU32 = NonZeroU32::new(20).unwrap();

pub fn per_ip(per_minute: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(per_minute))
}

/// Chats and left messages started per client (`[limits] chats_per_hour`): plenty for a
/// person, and a script cannot fill the agents' queue with junk that hides the real visitors.
pub fn chats_per_client(per_hour: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    let per_hour = NonZeroU32::new(per_hour).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_hour(per_hour).allow_burst(per_hour))
}

/// Searches that found nothing, reported per client: a visitor types a few in a visit; more
/// would only let one client fill the site owner's list.
pub fn gaps_per_client() -> DefaultKeyedRateLimiter<IpAddr> {
    RateLimiter::keyed(Quota::per_hour(SIXTY).allow_burst(TWENTY))
}

/// Counts one request from `peer` against `limiter`: over it, a 429 saying `message`.
pub fn check(
    limiter: &DefaultKeyedRateLimiter<IpAddr>,
    peer: SocketAddr,
    message: &'static str,
) -> Result<(), ApiError> {
    match limiter.check_key(&client_key(peer.ip())) {
        Ok(()) => Ok(()),
        Err(_) => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            message,
        )),
    }
}

/// The key a client's requests are counted under: its address, or for IPv6 its /64, which one
/// subscriber usually holds whole and could otherwise walk through address by address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(network.into())
            }
        },
    }
}

/// Counts every request against its client's limit. The client is who the trusted proxies say
/// it is (`crate::proxy`): the address is rewritten here, so every handler that asks for the
/// request's `ConnectInfo` gets the client's, not the proxy's.
pub async fn middleware(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = (request.extensions().get::<ConnectInfo<SocketAddr>>())
        .map(|ConnectInfo(peer)| state.proxies.client(*peer, request.headers()));
    if let Some(client) = client {
        request.extensions_mut().insert(ConnectInfo(client));
        if state
            .ip_limiter
            .check_key(&client_key(client.ip()))
            .is_err()
        {
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
            state.form_limiter.retain_recent();
            state.gap_limiter.retain_recent();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_client_may_start_six_chats_then_waits() {
        let limiter = chats_per_client(6);
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        assert!((0..6).all(|_| limiter.check_key(&ip).is_ok()));
        assert!(limiter.check_key(&ip).is_err());
        assert!(limiter.check_key(&"192.0.2.8".parse().unwrap()).is_ok());
    }
}
