use std::net::SocketAddr;
use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("no help index at {}: run `helpdock build content --out {}` first", path.display(), dir.display())]
    MissingIndex { path: PathBuf, dir: PathBuf },
    #[error("the help index at {} cannot be used: {source}", path.display())]
    BadIndex {
        path: PathBuf,
        source: helpdock_search::IndexError,
    },
    #[error("no widget build in {}, or a `trunk build` without its chat module: run `scripts/build-site.sh` first (scripts/demo.sh does)", .0.display())]
    MissingWidget(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database at {target} cannot be opened: {source}")]
    Database { target: String, source: sqlx::Error },
    #[error(
        "{0:?} is not a database URL this server knows (expected postgres://user:password@host/db)"
    )]
    BadDatabaseUrl(String),
    #[error("the database migrations failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the configuration {} is not valid: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{0:?} is not a valid origin (expected e.g. https://shop.example.com)")]
    BadOrigin(String),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}
