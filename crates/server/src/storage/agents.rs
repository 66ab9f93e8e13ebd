//! Agents and their console sessions. Passwords are argon2id hashes; session cookies are
//! random 256-bit secrets stored only as SHA-256.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;

use super::{now_ms, random_hex, secret_hash, with_pool, with_writer, Db, StoreError};

/// Password checks running at once: each takes a core for tens of milliseconds.
static PASSWORD_CHECKS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// How long a console login lasts.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;
/// An agent whose console has not been heard from for this long counts as offline.
pub const PRESENCE_TIMEOUT_MS: i64 = 90 * 1000;

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    pub username: String,
    pub display_name: String,
    pub teams: Vec<String>,
    pub disabled: bool,
    pub presence: String,
}

/// A signed-in console: who, and the token its requests must echo against CSRF.
#[derive(Debug, Clone)]
pub struct Session {
    pub agent: Agent,
    pub csrf: String,
}

type AgentRow = (String, String, String, i64, String, i64);

const AGENT_COLUMNS: &str = "username, display_name, teams, disabled, presence, last_seen";

fn agent_from(row: AgentRow) -> Agent {
    let (username, display_name, teams, disabled, presence, last_seen) = row;
    let stale = now_ms() - last_seen > PRESENCE_TIMEOUT_MS;
    Agent {
        username,
        display_name,
        teams: teams
            .split(',')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        disabled: disabled != 0,
        presence: if stale { "offline".into() } else { presence },
    }
}

/// Hashes a password with argon2id and a fresh salt. Slow on purpose; call off the runtime.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Db {
    /// Adds an agent, or fails with `Conflict` if the username is taken.
    pub async fn add_agent(
        &self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        teams: &[String],
    ) -> Result<(), StoreError> {
        let teams = teams.join(",");
        let result = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO agents (username, display_name, password_hash, teams, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(username)
            .bind(display_name)
            .bind(password_hash)
            .bind(&teams)
            .bind(now_ms())
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        });
        match result {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Conflict("an agent with this username exists"))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn list_agents(&self) -> Result<Vec<Agent>, StoreError> {
        let sql = format!("SELECT {AGENT_COLUMNS} FROM agents ORDER BY username");
        let rows: Vec<AgentRow> =
            with_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(agent_from).collect())
    }

    pub async fn agent(&self, username: &str) -> Result<Agent, StoreError> {
        let sql = format!("SELECT {AGENT_COLUMNS} FROM agents WHERE username = $1");
        let row: Option<AgentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(username)
                .fetch_optional(pool)
                .await
        })?;
        row.map(agent_from).ok_or(StoreError::NotFound)
    }

    /// Disables (or re-enables) an agent; disabling also ends their sessions.
    pub async fn set_agent_disabled(
        &self,
        username: &str,
        disabled: bool,
    ) -> Result<(), StoreError> {
        let changed = with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query("UPDATE agents SET disabled = $1 WHERE username = $2")
                .bind(disabled as i64)
                .bind(username)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if disabled {
                sqlx::query("DELETE FROM agent_sessions WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE agents SET presence = 'offline' WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(changed)
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Checks a login. Returns the new session's cookie secret and the session, or `None`
    /// for a wrong username, a wrong password or a disabled agent alike.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<(String, Session)>, StoreError> {
        let row: Option<(String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT password_hash, disabled FROM agents WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await
        })?;
        // Verify against a real hash even for an unknown user, so timing does not tell
        // which usernames exist.
        let password = password.to_string();
        let (hash, disabled) = row.unwrap_or((String::new(), 1));
        // Argon2 is meant to be slow: guesses from many addresses at once queue here rather
        // than take every core from the chat.
        let _permit = PASSWORD_CHECKS.acquire().await;
        let ok = tokio::task::spawn_blocking(move || {
            let hash = if hash.is_empty() { dummy_hash() } else { hash };
            password_matches(&password, &hash)
        })
        .await
        .unwrap_or(false);
        if !ok || disabled != 0 {
            return Ok(None);
        }
        let secret = random_hex(32);
        let csrf = random_hex(16);
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO agent_sessions (token_hash, username, csrf, expires_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(secret_hash(&secret))
            .bind(username)
            .bind(&csrf)
            .bind(now_ms() + SESSION_MS)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        let agent = self.agent(username).await?;
        Ok(Some((secret, Session { agent, csrf })))
    }

    /// The session a cookie secret opens, if it is current and its agent is enabled.
    pub async fn session(&self, secret: &str) -> Result<Option<Session>, StoreError> {
        let row: Option<(String, String)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.username, s.csrf FROM agent_sessions s JOIN agents a
                   ON a.username = s.username
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = 0",
            )
            .bind(secret_hash(secret))
            .bind(now_ms())
            .fetch_optional(pool)
            .await
        })?;
        match row {
            Some((username, csrf)) => Ok(Some(Session {
                agent: self.agent(&username).await?,
                csrf,
            })),
            None => Ok(None),
        }
    }

    pub async fn logout(&self, secret: &str) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query("DELETE FROM agent_sessions WHERE token_hash = $1")
                .bind(secret_hash(secret))
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Records that an agent's console is connected (or away, or gone).
    pub async fn set_presence(&self, username: &str, presence: &str) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query("UPDATE agents SET presence = $1, last_seen = $2 WHERE username = $3")
                .bind(presence)
                .bind(now_ms())
                .bind(username)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Agents online now, with their teams: what the queue estimate divides by.
    pub async fn online_agents(&self) -> Result<Vec<Agent>, StoreError> {
        let sql = format!(
            "SELECT {AGENT_COLUMNS} FROM agents
             WHERE disabled = 0 AND presence = 'online' AND last_seen > $1"
        );
        let rows: Vec<AgentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(now_ms() - PRESENCE_TIMEOUT_MS)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(agent_from).collect())
    }
}

/// An argon2id hash of a random password nobody knows, for timing-safe failed logins.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password(&random_hex(16)).unwrap_or_default())
        .clone()
}
