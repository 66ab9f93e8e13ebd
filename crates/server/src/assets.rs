//! Static things: the demo host page, the widget build, the help index and article pages.

use std::path::Path;
use std::sync::Arc;

use axum::extract::Query;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use helpdock_search::Index;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::demo_host::{page, DemoQuery};
use crate::{AppState, ServeConfig, ServeError};

/// The loader's file name in the widget build: the one `<script>` a site owner pastes.
const LOADER: &str = "helpdock.js";

pub fn routes(config: &ServeConfig) -> Router<Arc<AppState>> {
    // File names carry no hash yet, so caches must revalidate (cheap: Last-Modified → 304).
    let revalidate = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    Router::new()
        .route(
            "/",
            get(|Query(query): Query<DemoQuery>| async move { page("", &query) }),
        )
        .merge(crate::demo_host::asset_routes())
        // The widget build ships each file beside its brotli form (scripts/precompress.mjs),
        // 22 % smaller than gzip for the wasm, and `helpdock build` writes index.bin.br;
        // browsers that accept br get those, others gzip on the fly (CompressionLayer).
        .route_service(
            &format!("/{LOADER}"),
            ServeFile::new(config.widget_dir.join(LOADER)).precompressed_br(),
        )
        .nest_service(
            "/widget",
            ServeDir::new(&config.widget_dir).precompressed_br(),
        )
        .nest_service("/help", ServeDir::new(&config.help_dir).precompressed_br())
        .layer(revalidate)
        .layer(axum::middleware::map_response(vary_on_encoding))
        .merge(shard_routes(config))
}

/// A precompressed file was chosen by the request's Accept-Encoding: caches must key on it too.
/// (CompressionLayer says so for what it compresses; it leaves an encoded response alone.)
async fn vary_on_encoding(mut response: Response) -> Response {
    if response.headers().contains_key(header::CONTENT_ENCODING) {
        (response.headers_mut()).append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// A split index's shards: their folder is named after the build, so a path never changes
/// content and browsers keep them without asking again (a visitor's next search on another
/// page then costs no round trip per shard).
fn shard_routes(config: &ServeConfig) -> Router<Arc<AppState>> {
    let immutable = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Router::new()
        .nest_service(
            "/help/shards",
            ServeDir::new(config.help_dir.join("shards")),
        )
        .layer(immutable)
}

/// Reads and checks the index once at start, so a bad build fails loudly here and not in
/// every visitor's browser.
pub async fn load_index(help_dir: &Path) -> Result<Index, ServeError> {
    let path = help_dir.join("index.bin");
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ServeError::MissingIndex {
                path,
                dir: help_dir.to_path_buf(),
            })
        }
        Err(source) => return Err(ServeError::Io { path, source }),
    };
    let mut index = Index::from_bytes(&bytes).map_err(|source| ServeError::BadIndex {
        path: path.clone(),
        source,
    })?;
    // A split index's shards are checked here too: a missing one would fail in the browser.
    index
        .add_shards_from(help_dir)
        .map_err(|source| ServeError::BadIndex { path, source })?;
    Ok(index)
}

pub fn check_widget(widget_dir: &Path) -> Result<(), ServeError> {
    if widget_dir.join(LOADER).is_file() {
        Ok(())
    } else {
        Err(ServeError::MissingWidget(widget_dir.to_path_buf()))
    }
}
