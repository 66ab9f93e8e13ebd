//! The database, behind one type with two backends: a SQLite file under the data folder (the
//! default) or a PostgreSQL server (`--database-url postgres://…`, for several instances).
//!
//! Every query is written once, in SQL both engines accept (`$1` parameters, BIGINT times,
//! TEXT ids, `RETURNING`), and [`with_pool!`] runs it on whichever pool this is. Each backend
//! has its own migrations folder because DDL defaults differ; the chat tables are identical.

pub mod agents;
pub mod chat;
pub mod feedback;
pub mod tickets;

use std::path::Path;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::ServeError;

pub const DATABASE_FILE: &str = "helpdock.sqlite3";
/// SQLite connections for reads, beside the one that writes.
const READ_CONNECTIONS: u32 = 8;

/// A connection pool on one of the two backends.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePools),
    Postgres(PgPool),
}

/// SQLite allows one writer at a time, and a second connection that wants to write sleeps in
/// SQLite's busy handler (1, 2, 5 … 100 ms), which under load turned into latency spikes of
/// hundreds of milliseconds. So writes queue for one connection, in order, and reads run on a
/// pool beside it (WAL lets them read while it writes).
#[derive(Clone, Debug)]
pub struct SqlitePools {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// Runs a read-only `$body` with `$pool` bound to the concrete pool, whichever backend this is.
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::storage::Db::Sqlite(pools) => {
                let $pool = &pools.read;
                $body
            }
            $crate::storage::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Runs a `$body` that writes, on SQLite's one writer connection.
macro_rules! with_writer {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::storage::Db::Sqlite(pools) => {
                let $pool = &pools.write;
                $body
            }
            $crate::storage::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_writer;

/// A storage failure. The message is for logs; visitors get a generic error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(&'static str),
    /// A read that others were waiting for failed just now; they do not repeat it.
    #[error("the database did not answer")]
    Unavailable,
}

impl Db {
    /// Opens the database `url` names, or the SQLite file under `data_dir` when there is none,
    /// and runs the migrations.
    pub async fn open(data_dir: &Path, url: Option<&str>) -> Result<Db, ServeError> {
        match url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                open_postgres(url).await
            }
            Some(url) => Err(ServeError::BadDatabaseUrl(url.to_string())),
            None => open_sqlite(data_dir).await,
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i32>("SELECT id FROM installation")
                .fetch_one(pool)
                .await?;
        });
        Ok(())
    }
}

async fn open_sqlite(data_dir: &Path) -> Result<Db, ServeError> {
    std::fs::create_dir_all(data_dir).map_err(|source| ServeError::Io {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let path = data_dir.join(DATABASE_FILE);
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|source| ServeError::Database {
            target: path.display().to_string(),
            source,
        })?
        .filename(&path)
        .create_if_missing(true)
        // WAL lets the queue read while a chat writes.
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL syncs the WAL at checkpoints, not at every commit: a killed or crashed server
        // loses nothing, and only a power cut can undo the last moments' commits. FULL fsyncs
        // every chat message, which capped this machine near 500 messages a second.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(5))
        .foreign_keys(true);
    let connect = |connections: u32| {
        SqlitePoolOptions::new()
            .max_connections(connections)
            .connect_with(options.clone())
    };
    let failed = |source| ServeError::Database {
        target: path.display().to_string(),
        source,
    };
    let write = connect(1).await.map_err(failed)?;
    sqlx::migrate!("./migrations/sqlite").run(&write).await?;
    let read = connect(READ_CONNECTIONS).await.map_err(failed)?;
    Ok(Db::Sqlite(SqlitePools { read, write }))
}

async fn open_postgres(url: &str) -> Result<Db, ServeError> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await
        .map_err(|source| ServeError::Database {
            target: redact(url),
            source,
        })?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(Db::Postgres(pool))
}

/// A database URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A fresh random id or secret: `bytes` random bytes from the OS, as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing is not something a request can recover from.
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    hex(&buf)
}

/// What the database keeps of a bearer secret: its SHA-256, so a leaked table opens nothing.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(
            super::redact("postgres://helpdock:s3cret@127.0.0.1:5432/helpdock"),
            "postgres://helpdock:***@127.0.0.1:5432/helpdock"
        );
        assert_eq!(
            super::redact("postgres://localhost/x"),
            "postgres://localhost/x"
        );
    }
}
