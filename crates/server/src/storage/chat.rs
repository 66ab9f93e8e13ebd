//! Visitors, conversations and messages.
//!
//! A message gets its sequence number from its conversation's `last_seq`, incremented in the
//! same transaction that stores it, so numbers have no gaps and no repeats. The UPDATE comes
//! first: it takes the write lock (SQLite) or the row lock (PostgreSQL) before the duplicate
//! check, so two retries of one send cannot both insert.

use helpdock_protocol::{Body, Message, Role, Status};
use serde::{Deserialize, Serialize};

use super::{now_ms, random_hex, secret_hash, with_pool, with_writer, Db, StoreError};

/// What the visitor told the pre-chat form, and what the widget knew about them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PreChat {
    pub category: String,
    pub customer_kind: String,
    pub order_number: String,
    pub description: String,
    pub contact: String,
    pub locale: String,
    pub page: String,
    /// The widget's trail (queries, articles opened, votes), as JSON.
    pub trail: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    #[serde(skip)]
    pub visitor_id: String,
    pub status: Status,
    pub team: String,
    #[serde(flatten)]
    pub prechat: PreChat,
    pub agent: Option<String>,
    pub last_seq: u64,
    pub visitor_read: u64,
    pub agent_read: u64,
    pub resolution: String,
    pub created_at: i64,
    pub queued_at: i64,
    pub accepted_at: Option<i64>,
    pub closed_at: Option<i64>,
}

const CONVERSATION_COLUMNS: &str = "id, visitor_id, status, team, category, customer_kind, \
     order_number, description, contact, locale, page, trail, agent, last_seq, visitor_read, \
     agent_read, resolution, created_at, queued_at, accepted_at, closed_at";

#[derive(sqlx::FromRow)]
struct ConversationRow {
    id: String,
    visitor_id: String,
    status: String,
    team: String,
    category: String,
    customer_kind: String,
    order_number: String,
    description: String,
    contact: String,
    locale: String,
    page: String,
    trail: String,
    agent: Option<String>,
    last_seq: i64,
    visitor_read: i64,
    agent_read: i64,
    resolution: String,
    created_at: i64,
    queued_at: i64,
    accepted_at: Option<i64>,
    closed_at: Option<i64>,
}

impl From<ConversationRow> for Conversation {
    fn from(r: ConversationRow) -> Conversation {
        Conversation {
            id: r.id,
            visitor_id: r.visitor_id,
            status: Status::parse(&r.status).unwrap_or(Status::Closed),
            team: r.team,
            prechat: PreChat {
                category: r.category,
                customer_kind: r.customer_kind,
                order_number: r.order_number,
                description: r.description,
                contact: r.contact,
                locale: r.locale,
                page: r.page,
                trail: serde_json::from_str(&r.trail).unwrap_or_default(),
            },
            agent: r.agent,
            last_seq: r.last_seq as u64,
            visitor_read: r.visitor_read as u64,
            agent_read: r.agent_read as u64,
            resolution: r.resolution,
            created_at: r.created_at,
            queued_at: r.queued_at,
            accepted_at: r.accepted_at,
            closed_at: r.closed_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    conversation_id: String,
    seq: i64,
    client_id: String,
    author: String,
    author_name: Option<String>,
    kind: String,
    body: String,
    created_at: i64,
}

const MESSAGE_COLUMNS: &str =
    "conversation_id, seq, client_id, author, author_name, kind, body, created_at";

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Message {
        Message {
            conversation: r.conversation_id,
            seq: r.seq as u64,
            client_id: r.client_id,
            author: Role::parse(&r.author).unwrap_or(Role::System),
            author_name: r.author_name,
            body: match r.kind.as_str() {
                "image" => Body::Image { attachment: r.body },
                _ => Body::Text { text: r.body },
            },
            at: r.created_at,
        }
    }
}

/// A message to store: who wrote it and what it says. Text must already be masked.
pub struct NewMessage<'a> {
    pub conversation: &'a str,
    pub client_id: &'a str,
    pub author: Role,
    pub author_name: Option<&'a str>,
    pub body: &'a Body,
}

/// One line of the agent's queue view.
#[derive(Debug, Clone, Serialize)]
pub struct QueueEntry {
    pub id: String,
    pub team: String,
    pub category: String,
    pub customer_kind: String,
    pub description: String,
    pub queued_at: i64,
}

impl Db {
    /// A new visitor: their id, and the bearer token their widget keeps in localStorage.
    pub async fn create_visitor(&self) -> Result<(String, String), StoreError> {
        let id = random_hex(16);
        let token = random_hex(32);
        with_writer!(self, |pool| {
            sqlx::query("INSERT INTO visitors (id, token_hash, created_at) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(secret_hash(&token))
                .bind(now_ms())
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok((id, token))
    }

    /// The visitor a token belongs to.
    pub async fn visitor_by_token(&self, token: &str) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT id FROM visitors WHERE token_hash = $1")
                .bind(secret_hash(token))
                .fetch_optional(pool)
                .await
        })?)
    }

    /// A new queued chat. `form_id` names the widget's form: a second chat from the same form
    /// is refused with [`StoreError::Conflict`] (see [`Db::conversation_by_form`]).
    pub async fn create_conversation(
        &self,
        visitor_id: &str,
        team: &str,
        prechat: &PreChat,
        form_id: Option<&str>,
    ) -> Result<Conversation, StoreError> {
        let id = random_hex(16);
        let now = now_ms();
        let inserted = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO conversations (id, visitor_id, status, team, category, customer_kind,
                   order_number, description, contact, locale, page, trail, created_at, queued_at,
                   form_id)
                 VALUES ($1, $2, 'waiting', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(&id)
            .bind(visitor_id)
            .bind(team)
            .bind(&prechat.category)
            .bind(&prechat.customer_kind)
            .bind(&prechat.order_number)
            .bind(&prechat.description)
            .bind(&prechat.contact)
            .bind(&prechat.locale)
            .bind(&prechat.page)
            .bind(prechat.trail.to_string())
            .bind(now)
            .bind(now)
            .bind(form_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        });
        inserted.map_err(form_sent_twice)?;
        self.conversation(&id).await
    }

    /// The chat a form made, if the server took that form before.
    pub async fn conversation_by_form(
        &self,
        form_id: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE form_id = $1");
        let row: Option<ConversationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(form_id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(Conversation::from))
    }

    /// A new token for a visitor, replacing the old one: for a form sent again by a widget
    /// that never received the token the first answer carried.
    pub async fn renew_token(&self, visitor_id: &str) -> Result<String, StoreError> {
        let token = random_hex(32);
        with_writer!(self, |pool| {
            sqlx::query("UPDATE visitors SET token_hash = $1 WHERE id = $2")
                .bind(secret_hash(&token))
                .bind(visitor_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(token)
    }

    pub async fn conversation(&self, id: &str) -> Result<Conversation, StoreError> {
        let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = $1");
        let row: Option<ConversationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
        })?;
        row.map(Conversation::from).ok_or(StoreError::NotFound)
    }

    /// A visitor's conversations, newest first: the console's "earlier conversations", and
    /// how a reloaded widget finds the chat it was in.
    pub async fn conversations_of(
        &self,
        visitor_id: &str,
    ) -> Result<Vec<Conversation>, StoreError> {
        let sql = format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE visitor_id = $1
             ORDER BY created_at DESC LIMIT 50"
        );
        let rows: Vec<ConversationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(visitor_id).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(Conversation::from).collect())
    }

    /// Stores a message unless one with the same client id is already stored; either way
    /// returns the stored message and whether this call inserted it.
    pub async fn append_message(&self, new: NewMessage<'_>) -> Result<(Message, bool), StoreError> {
        let (kind, body) = match new.body {
            Body::Text { text } => ("text", text.as_str()),
            Body::Image { attachment } => ("image", attachment.as_str()),
        };
        let select = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_id = $2"
        );
        let now = now_ms();
        let (row, inserted): (MessageRow, bool) = with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let seq: Option<i64> = sqlx::query_scalar(
                "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq",
            )
            .bind(new.conversation)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(seq) = seq else {
                return Err(StoreError::NotFound);
            };
            let existing: Option<MessageRow> = sqlx::query_as(&select)
                .bind(new.conversation)
                .bind(new.client_id)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(existing) = existing {
                tx.rollback().await?;
                (existing, false)
            } else {
                sqlx::query(
                    "INSERT INTO messages (conversation_id, seq, client_id, author, author_name,
                       kind, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(new.conversation)
                .bind(seq)
                .bind(new.client_id)
                .bind(new.author.as_str())
                .bind(new.author_name)
                .bind(kind)
                .bind(body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                let row = MessageRow {
                    conversation_id: new.conversation.to_string(),
                    seq,
                    client_id: new.client_id.to_string(),
                    author: new.author.as_str().to_string(),
                    author_name: new.author_name.map(String::from),
                    kind: kind.to_string(),
                    body: body.to_string(),
                    created_at: now,
                };
                (row, true)
            }
        });
        Ok((row.into(), inserted))
    }

    /// Messages after `seq`, oldest first, at most `limit`.
    pub async fn messages_after(
        &self,
        conversation: &str,
        seq: u64,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2
             ORDER BY seq LIMIT $3"
        );
        let rows: Vec<MessageRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(conversation)
                .bind(seq as i64)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(Message::from).collect())
    }

    /// Gives a waiting conversation to `agent`; `Conflict` if someone else was quicker.
    pub async fn accept(&self, id: &str, agent: &str) -> Result<Conversation, StoreError> {
        let changed = with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE conversations SET status = 'active', agent = $1, accepted_at = $2
                 WHERE id = $3 AND status = 'waiting'",
            )
            .bind(agent)
            .bind(now_ms())
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::Conflict("the conversation is not waiting"));
        }
        self.conversation(id).await
    }

    /// Hands an active conversation to another team's queue, keeping its place in line.
    pub async fn transfer(
        &self,
        id: &str,
        agent: &str,
        team: &str,
    ) -> Result<Conversation, StoreError> {
        let changed = with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE conversations SET status = 'waiting', team = $1, agent = NULL,
                   accepted_at = NULL
                 WHERE id = $2 AND status = 'active' AND agent = $3",
            )
            .bind(team)
            .bind(id)
            .bind(agent)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::Conflict("the conversation is not yours"));
        }
        self.conversation(id).await
    }

    /// Closes a conversation with the agent's resolution note.
    pub async fn close(
        &self,
        id: &str,
        agent: Option<&str>,
        resolution: &str,
    ) -> Result<Conversation, StoreError> {
        let changed = with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE conversations SET status = 'closed', resolution = $1, closed_at = $2
                 WHERE id = $3 AND status <> 'closed' AND ($4 IS NULL OR agent = $4)",
            )
            .bind(resolution)
            .bind(now_ms())
            .bind(id)
            .bind(agent)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::Conflict(
                "the conversation is closed or not yours",
            ));
        }
        self.conversation(id).await
    }

    /// Records how far the visitor or the agent has read.
    pub async fn mark_read(&self, id: &str, who: Role, seq: u64) -> Result<(), StoreError> {
        let sql = match who {
            Role::Visitor => {
                "UPDATE conversations SET visitor_read = $1 WHERE id = $2 AND visitor_read < $1"
            }
            _ => "UPDATE conversations SET agent_read = $1 WHERE id = $2 AND agent_read < $1",
        };
        with_writer!(self, |pool| {
            sqlx::query(sql)
                .bind(seq as i64)
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The waiting conversations, oldest first.
    pub async fn waiting(&self) -> Result<Vec<QueueEntry>, StoreError> {
        let rows: Vec<(String, String, String, String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, team, category, customer_kind, description, queued_at
                 FROM conversations WHERE status = 'waiting' ORDER BY queued_at, id LIMIT 500",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(id, team, category, customer_kind, description, queued_at)| QueueEntry {
                    id,
                    team,
                    category,
                    customer_kind,
                    description,
                    queued_at,
                },
            )
            .collect())
    }

    /// The conversations an agent is handling now.
    pub async fn active_for(&self, agent: &str) -> Result<Vec<Conversation>, StoreError> {
        let sql = format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations
             WHERE agent = $1 AND status = 'active' ORDER BY accepted_at"
        );
        let rows: Vec<ConversationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(agent).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(Conversation::from).collect())
    }

    /// How long the last `n` closed conversations took from accept to close, in ms: what the
    /// wait estimate is made of.
    pub async fn recent_handling_ms(&self, n: i64) -> Result<Vec<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT closed_at - accepted_at FROM conversations
                 WHERE status = 'closed' AND accepted_at IS NOT NULL AND closed_at IS NOT NULL
                 ORDER BY closed_at DESC LIMIT $1",
            )
            .bind(n)
            .fetch_all(pool)
            .await
        })?)
    }
}

/// The unique index on `form_id` refused a row: the same form, sent twice at once.
pub(super) fn form_sent_twice(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            StoreError::Conflict("this form was sent already")
        }
        e => e.into(),
    }
}
