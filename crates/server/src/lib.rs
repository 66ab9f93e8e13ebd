//! `helpdock serve`: one process serving the demo host page, the widget, the help index and
//! articles, the chat API and WebSocket, and the agent console.
//!
//! `main` in the CLI builds a [`ServeConfig`] and calls [`run`]; tests call [`start`] on an
//! ephemeral port. Routes live in modules named after what they serve.

mod api;
mod assets;
mod chat;
mod console;
pub mod demo_host;
mod error;
mod health;
mod proxy;
mod rate_limit;
pub mod site;
pub mod storage;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::Router;
use tokio::net::TcpListener;
use tower::limit::ConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ServeError;

/// No request body is larger than this: three screenshots and a form. Each route's extractor
/// limit is tighter (64 KB for JSON).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
const MAX_JSON_BYTES: usize = 64 * 1024;
/// Requests in flight at once; beyond it, callers wait rather than exhaust memory.
const MAX_CONCURRENT_REQUESTS: usize = 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    /// Where the SQLite file and the attachments live; created on first start.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of the SQLite file.
    pub database_url: Option<String>,
    /// Trunk's output: the wasm widget, its JS glue, its CSS and the loader script.
    pub widget_dir: PathBuf,
    /// `helpdock build`'s output: index.bin, articles/, shards/.
    pub help_dir: PathBuf,
    /// Origins allowed to embed the widget from another site (besides the config file's).
    pub allowed_origins: Vec<String>,
    /// The site owner's configuration: hotline, business hours, embedding origins.
    pub site: site::SiteConfig,
    /// Where to serve the demo customer site, on its own origin; `None` serves none.
    pub demo_host: Option<SocketAddr>,
}

pub(crate) struct AppState {
    pub db: storage::Db,
    pub hub: Arc<chat::hub::Hub>,
    pub config: ServeConfig,
    pub articles: usize,
    pub login_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    pub ip_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Chats and left messages started per client (`rate_limit::chats_per_client`).
    pub form_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Searches reported as finding nothing, per client (`rate_limit::gaps_per_client`).
    pub gap_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Whose `X-Forwarded-For` names the client (`[limits] trusted_proxies`).
    pub proxies: proxy::TrustedProxies,
}

impl AppState {
    /// Every origin allowed to embed the widget and call the API from another site.
    pub fn allowed_origins(&self) -> Vec<String> {
        (self.config.allowed_origins.iter())
            .chain(&self.config.site.embed.allowed_origins)
            .map(|o| o.trim_end_matches('/').to_string())
            .collect()
    }

    /// Screenshots live here, outside every folder a route serves.
    pub fn attachments_dir(&self) -> PathBuf {
        self.config.data_dir.join("attachments")
    }
}

/// A running server: where it listens, and the task serving it.
pub struct Running {
    pub addr: SocketAddr,
    /// Where the demo customer site listens, if it was asked for.
    pub demo_host: Option<SocketAddr>,
    pub task: tokio::task::JoinHandle<Result<(), ServeError>>,
}

/// Opens the database, checks the index, binds, and serves until the task is dropped.
pub async fn start(config: ServeConfig) -> Result<Running, ServeError> {
    let index = assets::load_index(&config.help_dir).await?;
    assets::check_widget(&config.widget_dir)?;
    let db = storage::Db::open(&config.data_dir, config.database_url.as_deref()).await?;
    let listener = bind(config.addr).await?;
    let addr = local_addr(&listener, config.addr)?;
    let mut config = config;
    let demo = match config.demo_host {
        Some(demo_addr) => {
            let demo_listener = bind(demo_addr).await?;
            let demo_addr = local_addr(&demo_listener, demo_addr)?;
            // The demo site is another origin: it embeds the widget only because it is allowed.
            config.allowed_origins.push(format!("http://{demo_addr}"));
            let app = demo_host::router(format!("http://{}", browser_addr(addr)));
            Some((demo_listener, demo_addr, app))
        }
        None => None,
    };
    let demo_host = demo.as_ref().map(|d| d.1);
    let hub = Arc::new(chat::hub::Hub::new(db.clone()));
    hub.spawn_listener();
    let state = Arc::new(AppState {
        db,
        hub,
        articles: index.len(),
        login_limiter: chat::agent_api::login_limiter(),
        ip_limiter: rate_limit::per_ip(config.site.limits.requests_per_minute),
        form_limiter: rate_limit::chats_per_client(config.site.limits.chats_per_hour),
        gap_limiter: rate_limit::gaps_per_client(),
        // Checked when the config was read; a config built in code with a bad entry trusts
        // no proxy rather than every one.
        proxies: proxy::TrustedProxies::parse(&config.site.limits.trusted_proxies)
            .unwrap_or_default(),
        config,
    });
    rate_limit::spawn_cleanup(state.clone());
    let app = router(state)?.into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        let main = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal());
        match demo {
            Some((demo_listener, _, demo_app)) => {
                let demo =
                    axum::serve(demo_listener, demo_app).with_graceful_shutdown(shutdown_signal());
                tokio::try_join!(main, demo).map(|_| ())
            }
            None => main.await,
        }
        .map_err(ServeError::Serve)
    });
    Ok(Running {
        addr,
        demo_host,
        task,
    })
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

fn local_addr(listener: &TcpListener, asked: SocketAddr) -> Result<SocketAddr, ServeError> {
    listener.local_addr().map_err(|source| ServeError::Bind {
        addr: asked,
        source,
    })
}

/// The address a browser on this machine uses for a listener: `0.0.0.0` is not one.
fn browser_addr(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    }
}

/// Serves until Ctrl-C.
pub async fn run(config: ServeConfig) -> Result<SocketAddr, ServeError> {
    let running = start(config).await?;
    let addr = running.addr;
    running
        .task
        .await
        .map_err(|e| ServeError::Serve(std::io::Error::other(e)))??;
    Ok(addr)
}

fn router(state: Arc<AppState>) -> Result<Router, ServeError> {
    let cors = cors_layer(&state.allowed_origins())?;
    Ok(Router::new()
        .merge(health::routes())
        .merge(api::routes())
        .merge(chat::routes())
        .merge(console::routes())
        .merge(assets::routes(&state.config))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_JSON_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::middleware,
        ))
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(TraceLayer::new_for_http()))
}

/// Cross-origin access only for the site owner's allowlist: a page elsewhere cannot load the
/// widget's index or talk to the API in a visitor's name.
fn cors_layer(origins: &[String]) -> Result<CorsLayer, ServeError> {
    let origins = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim_end_matches('/'))
                .map_err(|_| ServeError::BadOrigin(o.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]))
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
