//! Tickets ("leave a message" when no agent can chat) and attachments (screenshots).

use serde::Serialize;

use super::chat::PreChat;
use super::{now_ms, random_hex, with_pool, with_writer, Db, StoreError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Ticket {
    pub id: String,
    pub status: String,
    pub category: String,
    pub customer_kind: String,
    pub order_number: String,
    pub description: String,
    pub contact: String,
    pub locale: String,
    pub page: String,
    pub trail: String,
    pub handled_by: Option<String>,
    pub created_at: i64,
    pub done_at: Option<i64>,
}

/// Where an attachment belongs, and what it is.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: String,
    #[serde(skip)]
    pub visitor_id: String,
    pub conversation_id: Option<String>,
    pub ticket_id: Option<String>,
    pub content_type: String,
    pub size: i64,
}

/// Where a form's key is kept: a chat's or a ticket's.
#[derive(Debug, Clone, Copy)]
pub enum FormTable {
    Conversations,
    Tickets,
}

/// A ticket found by its form's key (`Db::ticket_by_form`).
#[derive(Debug, sqlx::FromRow)]
pub struct FormTicket {
    pub id: String,
    pub visitor_id: String,
    pub created_at: i64,
    pub status: String,
    pub description: String,
}

const TICKET_COLUMNS: &str = "id, status, category, customer_kind, order_number, description, \
     contact, locale, page, trail, handled_by, created_at, done_at";

/// The insert of one attachment row, a query for whichever database `with_writer!` chose.
macro_rules! insert_attachment {
    ($attachment:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO attachments (id, visitor_id, conversation_id, ticket_id,
               content_type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&$attachment.id)
        .bind(&$attachment.visitor_id)
        .bind(&$attachment.conversation_id)
        .bind(&$attachment.ticket_id)
        .bind(&$attachment.content_type)
        .bind($attachment.size)
        .bind($now)
    };
}

impl Db {
    /// A new ticket; `form_id` as for [`Db::create_conversation`].
    pub async fn create_ticket(
        &self,
        visitor_id: &str,
        prechat: &PreChat,
        form_id: Option<&str>,
    ) -> Result<String, StoreError> {
        let id = random_hex(16);
        let inserted = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO tickets (id, visitor_id, category, customer_kind, order_number,
                   description, contact, locale, page, trail, created_at, form_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&id)
            .bind(visitor_id)
            .bind(&prechat.category)
            .bind(&prechat.customer_kind)
            .bind(&prechat.order_number)
            .bind(&prechat.description)
            .bind(&prechat.contact)
            .bind(&prechat.locale)
            .bind(&prechat.page)
            .bind(prechat.trail.to_string())
            .bind(now_ms())
            .bind(form_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        });
        inserted.map_err(super::chat::form_sent_twice)?;
        Ok(id)
    }

    /// The ticket a form made, if the server took that form before: its id, visitor,
    /// creation time, status and description.
    pub async fn ticket_by_form(&self, form_key: &str) -> Result<Option<FormTicket>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, visitor_id, created_at, status, description
                 FROM tickets WHERE form_id = $1",
            )
            .bind(form_key)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// Replaces an open ticket's description `before` with `after` (what the visitor added
    /// when they sent its form again). Only if it still reads `before`: two tabs sending the
    /// same addition at once store it once.
    pub async fn change_ticket(
        &self,
        id: &str,
        before: &str,
        after: &str,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE tickets SET description = $3
                 WHERE id = $1 AND status = 'open' AND description = $2",
            )
            .bind(id)
            .bind(before)
            .bind(after)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Lets go of a form's key in `table`, so a new chat or ticket can take it: the form is a
    /// new question, not a repeat of what the key made.
    pub async fn forget_form(&self, table: FormTable, form_key: &str) -> Result<(), StoreError> {
        let sql = match table {
            FormTable::Conversations => {
                "UPDATE conversations SET form_id = NULL WHERE form_id = $1"
            }
            FormTable::Tickets => "UPDATE tickets SET form_id = NULL WHERE form_id = $1",
        };
        with_writer!(self, |pool| {
            sqlx::query(sql)
                .bind(form_key)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Tickets with `status` (open or done), oldest first.
    pub async fn tickets(&self, status: &str) -> Result<Vec<Ticket>, StoreError> {
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE status = $1 ORDER BY created_at LIMIT 500"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(status).fetch_all(pool).await
        })?)
    }

    /// Removes a ticket whose form could not be stored whole (no agent has seen it yet).
    pub async fn delete_ticket(&self, id: &str) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query("DELETE FROM tickets WHERE id = $1 AND status = 'open'")
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    pub async fn finish_ticket(&self, id: &str, agent: &str) -> Result<(), StoreError> {
        let changed = with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE tickets SET status = 'done', handled_by = $1, done_at = $2
                 WHERE id = $3 AND status = 'open'",
            )
            .bind(agent)
            .bind(now_ms())
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Records a form's or a chat's files together: all of them or, when one fails, none, so
    /// no row is left pointing at a file the caller then removes.
    pub async fn add_attachments(&self, attachments: &[Attachment]) -> Result<(), StoreError> {
        let now = now_ms();
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            for attachment in attachments {
                insert_attachment!(attachment, now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records a picture sent into a chat, unless the chat already holds `cap`: false then.
    /// The count and the insert are one transaction that first takes the chat's row lock
    /// (a no-op update: PostgreSQL's lock, and SQLite's one writer), so pictures sent at once
    /// cannot all pass a count taken before any of them was recorded.
    pub async fn add_picture_within(
        &self,
        attachment: &Attachment,
        cap: i64,
    ) -> Result<bool, StoreError> {
        let Some(conversation) = attachment.conversation_id.as_deref() else {
            return Err(StoreError::NotFound);
        };
        let now = now_ms();
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let locked = sqlx::query("UPDATE conversations SET last_seq = last_seq WHERE id = $1")
                .bind(conversation)
                .execute(&mut *tx)
                .await?;
            if locked.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let held: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE conversation_id = $1")
                    .bind(conversation)
                    .fetch_one(&mut *tx)
                    .await?;
            if held >= cap {
                return Ok(false);
            }
            insert_attachment!(attachment, now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// How many pictures a chat holds, from its form and its messages.
    pub async fn pictures_in(&self, conversation: &str) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE conversation_id = $1")
                .bind(conversation)
                .fetch_one(pool)
                .await
        })?)
    }

    pub async fn attachment(&self, id: &str) -> Result<Attachment, StoreError> {
        let row: Option<Attachment> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, visitor_id, conversation_id, ticket_id, content_type, size
                 FROM attachments WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// The attachments of a conversation or a ticket, oldest first.
    pub async fn attachments_of(&self, owner: &str) -> Result<Vec<Attachment>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, visitor_id, conversation_id, ticket_id, content_type, size
                 FROM attachments WHERE conversation_id = $1 OR ticket_id = $1
                 ORDER BY created_at",
            )
            .bind(owner)
            .fetch_all(pool)
            .await
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::chat::PreChat;

    /// A real SQLite file in a folder of its own under the system's temporary directory.
    async fn sqlite() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("helpdock-tickets-{}", random_hex(8)));
        std::fs::create_dir_all(&dir).unwrap();
        (Db::open(&dir, None).await.unwrap(), dir)
    }

    #[tokio::test]
    async fn a_form_whose_files_fail_keeps_none_of_them_and_its_ticket_can_go() {
        let (db, dir) = sqlite().await;
        let (visitor, _token) = db.create_visitor().await.unwrap();
        let ticket = (db.create_ticket(&visitor, &PreChat::default(), None).await).unwrap();
        let file = |id: &str| Attachment {
            id: id.to_string(),
            visitor_id: visitor.clone(),
            conversation_id: None,
            ticket_id: Some(ticket.clone()),
            content_type: "image/png".into(),
            size: 10,
        };
        // The second row cannot go in (its id is taken): the first must not stay behind,
        // pointing at a file the server then removes.
        let failed = db.add_attachments(&[file("aa01"), file("aa01")]).await;
        assert!(failed.is_err());
        assert!(matches!(
            db.attachment("aa01").await,
            Err(StoreError::NotFound)
        ));
        db.delete_ticket(&ticket).await.unwrap();
        assert!(db.tickets("open").await.unwrap().is_empty());

        // The visitor's retry makes the ticket again, with all of its files.
        let ticket = (db.create_ticket(&visitor, &PreChat::default(), None).await).unwrap();
        let retried = |id: &str| Attachment {
            ticket_id: Some(ticket.clone()),
            ..file(id)
        };
        db.add_attachments(&[retried("aa01"), retried("aa02")])
            .await
            .unwrap();
        assert_eq!(db.attachment("aa02").await.unwrap().ticket_id, Some(ticket));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
