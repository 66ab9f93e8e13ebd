//! The database: one SQLite file under the data folder, migrated on every start.
//! (PostgreSQL joins as a second backend with the chat issue.)

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

use crate::ServeError;

pub const DATABASE_FILE: &str = "helpdock.sqlite3";

pub async fn open(data_dir: &Path) -> Result<SqlitePool, ServeError> {
    std::fs::create_dir_all(data_dir).map_err(|source| ServeError::Io {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let path = data_dir.join(DATABASE_FILE);
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|source| ServeError::Database {
            path: path.clone(),
            source,
        })?
        .filename(&path)
        .create_if_missing(true)
        // WAL lets the queue read while a chat writes; a crash loses no committed message.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|source| ServeError::Database { path, source })?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
