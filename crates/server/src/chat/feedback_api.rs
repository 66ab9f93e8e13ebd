//! Feedback: a visitor rates their chat once it has ended, and the widget reports searches
//! that found nothing. Site owners and agents read both in the console.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use helpdock_protocol::{guard, Status};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::{self, require_agent, require_visitor};
use super::ApiError;
use crate::storage::StoreError;
use crate::AppState;

const MAX_COMMENT_CHARS: usize = 500;
const MAX_GAP_CHARS: usize = 100;
/// Ratings shown in the console, and search gaps.
const RECENT_RATINGS: i64 = 50;
const TOP_GAPS: i64 = 50;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/conversations/{id}/rating", post(rate))
        .route("/api/v1/search-gaps", post(search_gap))
        .route("/api/v1/agent/ratings", get(ratings))
        .route("/api/v1/agent/search-gaps", get(search_gaps))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingForm {
    score: u8,
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/conversations/{id}/rating`: the visitor's score (1–5) and comment for their
/// own chat, once it has ended. Sending again replaces the rating.
async fn rate(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(form): Json<RatingForm>,
) -> Result<StatusCode, ApiError> {
    if !auth::origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    let visitor = require_visitor(&state, &headers).await?;
    if !(1..=5).contains(&form.score) {
        return Err(ApiError::bad_request("score must be 1 to 5"));
    }
    if form.comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ApiError::bad_request("the comment is over 500 characters"));
    }
    let conversation = state.db.conversation(&id).await?;
    if conversation.visitor_id != visitor {
        return Err(StoreError::NotFound.into());
    }
    if conversation.status != Status::Closed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_closed",
            "a chat is rated once it has ended",
        ));
    }
    let comment = guard::mask(form.comment.trim());
    state.db.rate(&id, form.score, &comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GapForm {
    query: String,
    #[serde(default)]
    locale: String,
}

/// `POST /api/v1/search-gaps`: a search in the widget that found no article. The query is
/// folded, masked and counted; nothing identifies the visitor.
async fn search_gap(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(form): Json<GapForm>,
) -> Result<StatusCode, ApiError> {
    if !auth::origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    crate::rate_limit::check(
        &state.gap_limiter,
        peer,
        "too many search reports; slow down",
    )?;
    let query = fold_query(&form.query);
    if query.is_empty() || query.chars().count() > MAX_GAP_CHARS {
        return Err(ApiError::bad_request("query must be 1 to 100 characters"));
    }
    if form.locale.len() > 16
        || !form
            .locale
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ApiError::bad_request(
            "locale is a language tag such as zh-CN",
        ));
    }
    state
        .db
        .record_gap(&guard::mask(&query), &form.locale)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One spelling per search: lower case, runs of spaces as one.
fn fold_query(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `GET /api/v1/agent/ratings`: the last 30 days' count and mean, and the latest ratings.
async fn ratings(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_agent(&state, &headers, false).await?;
    let summary = state.db.ratings(RECENT_RATINGS).await?;
    Ok(Json(serde_json::to_value(summary).unwrap_or_default()))
}

/// `GET /api/v1/agent/search-gaps`: the searches that most often found nothing.
async fn search_gaps(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_agent(&state, &headers, false).await?;
    let gaps = state.db.search_gaps(TOP_GAPS).await?;
    Ok(Json(json!({ "gaps": gaps })))
}

#[cfg(test)]
mod tests {
    use super::fold_query;

    #[test]
    fn a_query_is_counted_under_one_spelling() {
        assert_eq!(fold_query("  Refund   NOT arrived "), "refund not arrived");
        assert_eq!(fold_query("退款 没到"), "退款 没到");
    }
}
