//! The agent console's API: sign in, presence, the queue, a conversation with everything the
//! visitor already told us, and accept, transfer, close; tickets too. Every change needs the
//! session's CSRF token.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use helpdock_protocol::{Body, Role};

use helpdock_protocol::language::Language;
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::{self, require_agent};
use super::hub::Event;
use super::queue::Snapshot;
use super::ApiError;
use crate::storage::agents::SESSION_MS;
use crate::storage::chat::{Conversation, NewMessage};
use crate::storage::{now_ms, random_hex};
use crate::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/agent/login", post(login))
        .route("/api/v1/agent/logout", post(logout))
        .route("/api/v1/agent/me", get(me))
        .route("/api/v1/agent/presence", post(presence))
        .route("/api/v1/agent/queue", get(queue))
        .route("/api/v1/agent/conversations/{id}", get(conversation))
        .route("/api/v1/agent/conversations/{id}/accept", post(accept))
        .route("/api/v1/agent/conversations/{id}/transfer", post(transfer))
        .route("/api/v1/agent/conversations/{id}/close", post(close))
        .route("/api/v1/agent/tickets", get(tickets))
        .route("/api/v1/agent/tickets/{id}/done", post(ticket_done))
}

/// Password guesses per IP: a few a minute is plenty for a person who mistyped.
pub fn login_limiter() -> DefaultKeyedRateLimiter<std::net::IpAddr> {
    let per_minute = NonZeroU32::new(10).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(per_minute))
}

#[derive(Deserialize)]
struct Login {
    username: String,
    password: String,
}

async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(form): Json<Login>,
) -> Result<Response, ApiError> {
    crate::rate_limit::check(
        &state.login_limiter,
        peer,
        "too many sign-in attempts; wait a minute",
    )?;
    if form.username.len() > 64 || form.password.len() > 1024 {
        return Err(ApiError::bad_request("username or password too long"));
    }
    let Some((secret, session)) = state.db.login(&form.username, &form.password).await? else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong_credentials",
            "wrong username or password",
        ));
    };
    let cookie = auth::session_cookie(&headers, &secret, SESSION_MS / 1000);
    let body = me_body(&state, &session.agent, &session.csrf);
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    if let Some(secret) = auth::session_secret(&headers) {
        state.db.logout(&secret).await?;
    }
    state
        .db
        .set_presence(&session.agent.username, "offline")
        .await?;
    let agent = session.agent.username;
    state.hub.publish(Event::SignedOut { agent }).await;
    state.hub.publish(Event::Queue).await;
    let cookie = auth::session_cookie(&headers, "", 0);
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

fn me_body(state: &AppState, agent: &crate::storage::agents::Agent, csrf: &str) -> Value {
    let chat = &state.config.site.chat;
    json!({
        "agent": agent,
        "csrf": csrf,
        "teams": chat.teams,
        "canned_replies": chat.canned_replies,
    })
}

async fn me(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let session = require_agent(&state, &headers, false).await?;
    Ok(Json(me_body(&state, &session.agent, &session.csrf)))
}

#[derive(Deserialize)]
struct Presence {
    presence: String,
}

async fn presence(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(form): Json<Presence>,
) -> Result<StatusCode, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    if !matches!(form.presence.as_str(), "online" | "away") {
        return Err(ApiError::bad_request("presence must be online or away"));
    }
    state
        .db
        .set_presence(&session.agent.username, &form.presence)
        .await?;
    state.hub.publish(Event::Queue).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The waiting chats this agent may take (own team first, then overflow), their own chats,
/// who is online, and how many tickets are open.
async fn queue(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let session = require_agent(&state, &headers, false).await?;
    let snapshot = Snapshot::latest(&state.hub, &state.db, &state.config.site.chat).await?;
    let now = now_ms();
    let mut waiting: Vec<Value> = (snapshot.waiting.iter())
        .filter(|w| snapshot.visible_to(&session.agent, w))
        .map(|w| {
            let own = session.agent.teams.contains(&w.team);
            json!({
                "id": w.id, "team": w.team, "category": w.category,
                "customer_kind": w.customer_kind, "description": w.description,
                "waited_ms": now - w.queued_at, "own_team": own,
            })
        })
        .collect();
    waiting.sort_by_key(|w| !w["own_team"].as_bool().unwrap_or(false));
    let mine: Vec<Value> = (state.db.active_for(&session.agent.username).await?.iter())
        .map(summary)
        .collect();
    let online: Vec<Value> = (snapshot.online.iter())
        .map(|a| json!({ "username": a.username, "display_name": a.display_name, "teams": a.teams, "presence": a.presence }))
        .collect();
    let open_tickets = state.db.tickets("open").await?.len();
    Ok(Json(json!({
        "waiting": waiting, "mine": mine, "online": online, "open_tickets": open_tickets,
        "handling_seconds": snapshot.handling_ms / 1000,
    })))
}

fn summary(c: &Conversation) -> Value {
    json!({
        "id": c.id, "status": c.status, "team": c.team, "category": c.prechat.category,
        "customer_kind": c.prechat.customer_kind, "description": c.prechat.description,
        "agent": c.agent, "created_at": c.created_at, "accepted_at": c.accepted_at,
        "closed_at": c.closed_at, "resolution": c.resolution, "last_seq": c.last_seq,
        "agent_read": c.agent_read,
    })
}

/// Everything about one conversation: the pre-chat form, the visitor's trail, the
/// screenshots, the messages so far and the visitor's earlier conversations.
async fn conversation(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    require_agent(&state, &headers, false).await?;
    let c = state.db.conversation(&id).await?;
    let messages = state.db.messages_after(&id, 0, 10_000).await?;
    let attachments = state.db.attachments_of(&id).await?;
    let earlier: Vec<Value> = (state.db.conversations_of(&c.visitor_id).await?.iter())
        .filter(|e| e.id != c.id)
        .map(summary)
        .collect();
    Ok(Json(json!({
        "conversation": c, "messages": messages, "attachments": attachments, "earlier": earlier,
    })))
}

async fn accept(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    let agent = &session.agent;
    let c = state.db.accept(&id, &agent.username).await?;
    let joined = SystemText::Joined(&agent.display_name).in_locale(&c.prechat.locale);
    system_message(&state, &id, &joined).await?;
    state
        .hub
        .publish(Event::State {
            conversation: id.clone(),
        })
        .await;
    state
        .hub
        .publish(Event::Assigned {
            conversation: id.clone(),
            agent: agent.username.clone(),
        })
        .await;
    state.hub.publish(Event::Queue).await;
    Ok(Json(summary(&c)))
}

#[derive(Deserialize)]
struct Transfer {
    team: String,
}

async fn transfer(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(form): Json<Transfer>,
) -> Result<Json<Value>, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    let chat = &state.config.site.chat;
    let Some(team) = chat.teams.iter().find(|t| t.id == form.team) else {
        return Err(ApiError::bad_request("no such team"));
    };
    let c = state
        .db
        .transfer(&id, &session.agent.username, &team.id)
        .await?;
    let transferred = SystemText::Transferred(&team.name).in_locale(&c.prechat.locale);
    system_message(&state, &id, &transferred).await?;
    state.hub.publish(Event::State { conversation: id }).await;
    state.hub.publish(Event::Queue).await;
    Ok(Json(summary(&c)))
}

#[derive(Deserialize)]
struct Close {
    #[serde(default)]
    resolution: String,
}

async fn close(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(form): Json<Close>,
) -> Result<Json<Value>, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    if form.resolution.chars().count() > 2000 {
        return Err(ApiError::bad_request(
            "the resolution note is over 2000 characters",
        ));
    }
    // Closed first: only the agent who owns an open chat may tell the visitor it has ended.
    let c = state
        .db
        .close(&id, Some(&session.agent.username), form.resolution.trim())
        .await?;
    let ended = SystemText::Ended.in_locale(&c.prechat.locale);
    system_message(&state, &id, &ended).await?;
    state.hub.publish(Event::State { conversation: id }).await;
    state.hub.publish(Event::Queue).await;
    Ok(Json(summary(&c)))
}

/// What the chat says about itself, to the visitor and the agent alike: in the visitor's
/// language (the form's `locale`, see `Language`), as the widget's own words are. The agent
/// knows what they did. A team's name is the site's own, in whatever language it gave.
enum SystemText<'a> {
    Joined(&'a str),
    Transferred(&'a str),
    Ended,
}

impl SystemText<'_> {
    fn in_locale(&self, locale: &str) -> String {
        let language = Language::of(locale);
        match self {
            SystemText::Joined(name) => match language {
                Language::English => format!("{name} joined the chat"),
                _ => format!("客服 {name} 已接入"),
            },
            SystemText::Transferred(team) => {
                let pattern =
                    language.pick("已转接至{team}", "已轉接至{team}", "Transferred to {team}");
                pattern.replace("{team}", team)
            }
            SystemText::Ended => language
                .pick("会话已结束", "對話已結束", "The chat has ended")
                .to_string(),
        }
    }
}

async fn system_message(state: &AppState, id: &str, text: &str) -> Result<(), ApiError> {
    let client_id = format!("sys-{}", random_hex(8));
    let (message, _) = state
        .db
        .append_message(NewMessage {
            conversation: id,
            client_id: &client_id,
            author: Role::System,
            author_name: None,
            body: &Body::Text {
                text: text.to_string(),
            },
        })
        .await?;
    state
        .hub
        .publish(Event::Messages {
            conversation: id.to_string(),
            latest: Some(Arc::new(message)),
        })
        .await;
    Ok(())
}

#[derive(Deserialize)]
struct TicketQuery {
    #[serde(default = "open")]
    status: String,
}

fn open() -> String {
    "open".into()
}

async fn tickets(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<TicketQuery>,
) -> Result<Json<Value>, ApiError> {
    require_agent(&state, &headers, false).await?;
    if !matches!(query.status.as_str(), "open" | "done") {
        return Err(ApiError::bad_request("status must be open or done"));
    }
    let tickets = state.db.tickets(&query.status).await?;
    let mut out = Vec::new();
    for ticket in tickets {
        let attachments = state.db.attachments_of(&ticket.id).await?;
        let mut value = serde_json::to_value(&ticket).unwrap_or_default();
        value["trail"] = serde_json::from_str(&ticket.trail).unwrap_or_default();
        value["attachments"] = serde_json::to_value(attachments).unwrap_or_default();
        out.push(value);
    }
    Ok(Json(json!({ "tickets": out })))
}

async fn ticket_done(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let session = require_agent(&state, &headers, true).await?;
    state.db.finish_ticket(&id, &session.agent.username).await?;
    state.hub.publish(Event::Queue).await;
    Ok(StatusCode::NO_CONTENT)
}
