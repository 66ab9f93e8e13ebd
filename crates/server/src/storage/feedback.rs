//! Feedback for site owners: visitors' ratings of their chats, and the searches that found
//! nothing ("search gaps"), which say which articles to write next.

use serde::Serialize;

use super::{now_ms, with_pool, with_writer, Db, StoreError};

/// Search gaps older than this are forgotten: the console shows what visitors miss now.
const GAP_MAX_AGE_MS: i64 = 90 * 24 * 3600 * 1000;

#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    pub conversation: String,
    pub agent: Option<String>,
    /// The agent's display name, as the console shows agents everywhere else.
    pub agent_name: Option<String>,
    pub score: i64,
    pub comment: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatingSummary {
    /// Ratings in the last 30 days, and their mean score.
    pub count: i64,
    pub average: Option<f64>,
    /// The latest ratings, newest first.
    pub recent: Vec<Rating>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchGap {
    pub query: String,
    pub locale: String,
    pub count: i64,
    pub last_at: i64,
}

impl Db {
    /// Stores the visitor's rating of a conversation; a second one replaces the first (a retry
    /// after a lost response, or a changed mind).
    pub async fn rate(
        &self,
        conversation: &str,
        score: u8,
        comment: &str,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO ratings (conversation_id, score, comment, created_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (conversation_id) DO UPDATE
                 SET score = excluded.score, comment = excluded.comment,
                     created_at = excluded.created_at",
            )
            .bind(conversation)
            .bind(i64::from(score))
            .bind(comment)
            .bind(now_ms())
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    pub async fn ratings(&self, recent: i64) -> Result<RatingSummary, StoreError> {
        let since = now_ms() - 30 * 24 * 3600 * 1000;
        let (count, average): (i64, Option<f64>) = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), AVG(CAST(score AS DOUBLE PRECISION))
                 FROM ratings WHERE created_at >= $1",
            )
            .bind(since)
            .fetch_one(pool)
            .await
        })?;
        type Row = (String, Option<String>, Option<String>, i64, String, i64);
        let rows: Vec<Row> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.conversation_id, c.agent, a.display_name, CAST(r.score AS BIGINT),
                   r.comment, r.created_at
                 FROM ratings r JOIN conversations c ON c.id = r.conversation_id
                 LEFT JOIN agents a ON a.username = c.agent
                 ORDER BY r.created_at DESC LIMIT $1",
            )
            .bind(recent)
            .fetch_all(pool)
            .await
        })?;
        let recent = (rows.into_iter())
            .map(
                |(conversation, agent, agent_name, score, comment, created_at)| Rating {
                    conversation,
                    agent,
                    agent_name,
                    score,
                    comment,
                    created_at,
                },
            )
            .collect();
        Ok(RatingSummary {
            count,
            average,
            recent,
        })
    }

    /// Counts one more search for `query` that found nothing.
    pub async fn record_gap(&self, query: &str, locale: &str) -> Result<(), StoreError> {
        let now = now_ms();
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO search_gaps (query, locale, count, last_at) VALUES ($1, $2, 1, $3)
                 ON CONFLICT (query, locale) DO UPDATE
                 SET count = search_gaps.count + 1, last_at = excluded.last_at",
            )
            .bind(query)
            .bind(locale)
            .bind(now)
            .execute(pool)
            .await?;
            sqlx::query("DELETE FROM search_gaps WHERE last_at < $1")
                .bind(now - GAP_MAX_AGE_MS)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The searches that found nothing most often, most first.
    pub async fn search_gaps(&self, limit: i64) -> Result<Vec<SearchGap>, StoreError> {
        let rows: Vec<(String, String, i64, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT query, locale, count, last_at FROM search_gaps
                 ORDER BY count DESC, last_at DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok((rows.into_iter())
            .map(|(query, locale, count, last_at)| SearchGap {
                query,
                locale,
                count,
                last_at,
            })
            .collect())
    }
}
