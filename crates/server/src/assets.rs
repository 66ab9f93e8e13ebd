//! Static things: the demo host page, the widget build, the help index and article pages.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Query, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
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
/// What scripts/split-widget.sh writes beside the widget: it fetches and links the chat module.
const SPLIT_LINKER: &str = "__wasm_split.js";
/// For files whose path names their content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn routes(config: &ServeConfig) -> Router<Arc<AppState>> {
    // Most file names carry no hash, so caches must revalidate (cheap: Last-Modified → 304).
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
        .layer(axum::middleware::from_fn(keep_content_named))
        .layer(axum::middleware::map_response(vary_on_encoding))
        .merge(shard_routes(config))
}

/// The widget's chat module is named after its content (`split_chat.<hash>.wasm`, see
/// scripts/split-widget.sh): a name never changes content, so browsers keep it without asking
/// again, as they keep index shards.
async fn keep_content_named(request: Request, next: Next) -> Response {
    let content_named = is_content_named(request.uri().path());
    let mut response = next.run(request).await;
    if content_named && response.status().is_success() {
        (response.headers_mut()).insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}

/// `/widget/<stem>.<16 hex digits>.wasm`.
fn is_content_named(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix("/widget/")
        .and_then(|n| n.strip_suffix(".wasm"))
    else {
        return false;
    };
    name.rsplit_once('.').is_some_and(|(stem, hash)| {
        !stem.is_empty()
            && !stem.contains('/')
            && hash.len() == 16
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
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
        HeaderValue::from_static(IMMUTABLE),
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

/// The loader, and the linker of the chat module that scripts/split-widget.sh writes after
/// Trunk: a build of Trunk alone would load, then fail at its first import.
pub fn check_widget(widget_dir: &Path) -> Result<(), ServeError> {
    if widget_dir.join(LOADER).is_file() && widget_dir.join(SPLIT_LINKER).is_file() {
        Ok(())
    } else {
        Err(ServeError::MissingWidget(widget_dir.to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::is_content_named;

    #[test]
    fn only_hash_named_widget_modules_are_content_named() {
        assert!(is_content_named("/widget/split_chat.5ac5ec2ca8bdf653.wasm"));
        assert!(!is_content_named("/widget/helpdock-widget_bg.wasm"));
        assert!(!is_content_named("/widget/split_chat.wasm"));
        assert!(!is_content_named("/widget/split_chat.5ac5ec2ca8bdf65.wasm"));
        assert!(!is_content_named("/widget/a/b.5ac5ec2ca8bdf653.wasm"));
        assert!(!is_content_named("/help/split_chat.5ac5ec2ca8bdf653.wasm"));
    }
}
