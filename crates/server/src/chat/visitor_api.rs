//! The visitor's side of the chat API: the pre-chat form, "leave a message" tickets, pictures
//! in the chat, the transcript, and finding the chat again after a reload.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use helpdock_protocol::{guard, Body, Role, Status};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::{self, require_visitor};
use super::hub::Event;
use super::queue::Snapshot;
use super::uploads::{self, Upload};
use super::ApiError;
use crate::storage::chat::{Conversation, NewMessage, PreChat};
use crate::storage::tickets::{Attachment, FormTable};
use crate::storage::{now_ms, StoreError};
use crate::{rate_limit, AppState};
use helpdock_protocol::language::Language;

/// The pre-chat form's categories, as the widget sends them.
pub const CATEGORIES: [&str; 4] = ["account", "dispute", "limits", "other"];
const MAX_TRAIL_BYTES: usize = 32 * 1024;
/// Pictures one chat may hold, the form's screenshots included: enough for any question,
/// and a bound on the disk one visitor's chat can take (at most this many uploads).
pub const MAX_PICTURES_PER_CHAT: i64 = 20;

pub fn routes() -> Router<Arc<AppState>> {
    // Forms with screenshots are the only large bodies; the limit is checked per file too.
    let uploads = Router::new()
        .route("/api/v1/conversations", post(start_conversation))
        .route("/api/v1/tickets", post(leave_message))
        .route("/api/v1/conversations/{id}/attachments", post(add_picture))
        .layer(DefaultBodyLimit::max(
            uploads::MAX_FILES * 5 * 1024 * 1024 + 256 * 1024,
        ));
    Router::new()
        .route("/api/v1/chat/availability", get(availability))
        .route("/api/v1/conversations/current", get(current))
        .route("/api/v1/conversations/{id}/transcript", get(transcript))
        .route("/api/v1/attachments/{id}", get(attachment))
        .merge(uploads)
}

/// What the pre-chat form sends as its `form` part.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreChatForm {
    category: String,
    customer_kind: String,
    #[serde(default)]
    order_number: String,
    description: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    trail: Value,
    /// The widget's name for this form, the same each time it sends it (see `sent_before`).
    #[serde(default)]
    form_id: String,
}

/// A form as the server keeps it, and the key its `form_id` is stored under: a hash, as
/// tokens are, because within `RESEND_WINDOW_MS` the id can fetch a token.
struct Form {
    prechat: PreChat,
    form_id: Option<String>,
}

impl PreChatForm {
    fn parse(bytes: &[u8]) -> Result<Form, ApiError> {
        let form: PreChatForm = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::bad_request(format!("the form is not valid: {e}")))?;
        let field = |name: &str, value: &str, max: usize| {
            if value.chars().count() > max {
                Err(ApiError::bad_request(format!(
                    "{name} is longer than {max} characters"
                )))
            } else {
                Ok(value.trim().to_string())
            }
        };
        if !CATEGORIES.contains(&form.category.as_str()) {
            return Err(ApiError::bad_request(format!(
                "category must be one of {CATEGORIES:?}"
            )));
        }
        if !matches!(form.customer_kind.as_str(), "personal" | "merchant") {
            return Err(ApiError::bad_request(
                "customer_kind must be personal or merchant",
            ));
        }
        if form.description.trim().is_empty() {
            return Err(ApiError::bad_request("description is required"));
        }
        let form_id = match form.form_id.as_str() {
            "" => None,
            id if (16..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(crate::storage::secret_hash(id))
            }
            _ => return Err(ApiError::bad_request("form_id must be 16 to 64 hex digits")),
        };
        let prechat = PreChat {
            category: form.category,
            customer_kind: form.customer_kind,
            order_number: field("order_number", &form.order_number, 64)?,
            // Masked before it is stored: agents never see a card number in full.
            description: guard::mask(&field("description", &form.description, 2000)?),
            contact: field("contact", &form.contact, 100)?,
            locale: field("locale", &form.locale, 16)?,
            page: field("page", &form.page, 500)?,
            trail: checked_trail(form.trail),
        };
        Ok(Form { prechat, form_id })
    }
}

/// The trail as the agent sees it: its queries masked (the server does not trust the widget's
/// guard), and its oldest steps dropped to fit: a long trail never costs the visitor the form.
fn checked_trail(trail: Value) -> Value {
    let Value::Array(mut steps) = trail else {
        return Value::Array(Vec::new());
    };
    // A step is an object (`{"kind": "search", …}`); anything else is no step to show.
    steps.retain(Value::is_object);
    for step in &mut steps {
        if let Some(Value::String(query)) = step.get_mut("query") {
            *query = guard::mask(query);
        }
    }
    // Each step measured once, the newest kept while they fit (plus the commas and brackets).
    let mut total = 2;
    let keep = steps
        .iter()
        .rev()
        .take_while(|step| {
            total += step.to_string().len() + 1;
            total <= MAX_TRAIL_BYTES
        })
        .count();
    steps.drain(..steps.len() - keep);
    Value::Array(steps)
}

/// `GET /api/v1/chat/availability`: whether a chat can start now, or the widget should offer
/// "leave a message".
async fn availability(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let (open_now, agents_online) = available(&state).await?;
    Ok(Json(json!({
        "open_now": open_now,
        "agents_online": agents_online,
        "chat": open_now && agents_online > 0,
    })))
}

async fn available(state: &AppState) -> Result<(bool, usize), ApiError> {
    let open_now = state
        .config
        .site
        .widget_config(SystemTime::now())
        .contact
        .open_now;
    let online = state.db.online_agents().await?.len();
    Ok((open_now, online))
}

/// `POST /api/v1/conversations`: the pre-chat form starts a chat in its team's queue.
async fn start_conversation(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    let parts = uploads::read_form(multipart, state.config.site.limits.upload_bytes).await?;
    let Form { prechat, form_id } = PreChatForm::parse(&parts.form)?;
    // Before anything that could refuse it now: the chat it made then stands.
    let repeat = sent_before(&state, &headers, Made::Chat, &prechat, form_id.as_deref()).await?;
    if let Some(reply) = repeat {
        return Ok(reply);
    }
    let (open_now, online) = available(&state).await?;
    if !open_now || online == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "unavailable",
            "no agent can chat now; leave a message instead",
        ));
    }
    // Only a chat that will be queued counts: a refused form, or the widget turning to "leave
    // a message" because nobody is online, costs the visitor nothing.
    rate_limit::check(&state.form_limiter, peer, TOO_MANY_CHATS)?;
    // The files go to disk before anything is queued: a disk that fails refuses the form
    // whole, and the visitor's retry makes no second chat.
    let files = write_files(&state, &parts.files).await?;
    let (visitor, token) = visitor_or_new(&state, &headers).await?;
    let team = state
        .config
        .site
        .chat
        .team_for(&prechat.customer_kind)
        .to_string();
    let created = (state.db)
        .create_conversation(&visitor, &team, &prechat, form_id.as_deref())
        .await;
    let conversation = match created {
        Ok(conversation) => conversation,
        Err(e) => {
            let made = (Made::Chat, &prechat);
            return not_created(&state, &headers, made, form_id, &files, e).await;
        }
    };
    let owner = Owner {
        visitor: &visitor,
        conversation: Some(&conversation.id),
        ticket: None,
    };
    let attachments = match record_files(&state, owner, &files).await {
        Ok(attachments) => attachments,
        Err(e) => {
            // Out of the queue rather than an agent's orphan: the visitor never got its token.
            let _ = (state.db)
                .close(&conversation.id, None, "attachments failed")
                .await;
            state.hub.publish(Event::Queue).await;
            return Err(e);
        }
    };
    state.hub.publish(Event::Queue).await;
    let body = chat_reply(&conversation, &token, attachments);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

fn chat_reply(conversation: &Conversation, token: &str, attachments: Vec<Value>) -> Value {
    json!({
        "conversation": {
            "id": conversation.id, "status": conversation.status, "team": conversation.team,
        },
        "token": token,
        "attachments": attachments,
    })
}

/// `POST /api/v1/tickets`: "leave a message" when nobody can chat.
async fn leave_message(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    let parts = uploads::read_form(multipart, state.config.site.limits.upload_bytes).await?;
    let Form { prechat, form_id } = PreChatForm::parse(&parts.form)?;
    let repeat = sent_before(&state, &headers, Made::Ticket, &prechat, form_id.as_deref()).await?;
    if let Some(reply) = repeat {
        return Ok(reply);
    }
    if prechat.contact.is_empty() {
        return Err(ApiError::bad_request(
            "contact is required, so an agent can answer",
        ));
    }
    rate_limit::check(&state.form_limiter, peer, TOO_MANY_CHATS)?;
    let files = write_files(&state, &parts.files).await?;
    let (visitor, token) = visitor_or_new(&state, &headers).await?;
    let ticket = match state
        .db
        .create_ticket(&visitor, &prechat, form_id.as_deref())
        .await
    {
        Ok(ticket) => ticket,
        Err(e) => {
            let made = (Made::Ticket, &prechat);
            return not_created(&state, &headers, made, form_id, &files, e).await;
        }
    };
    let owner = Owner {
        visitor: &visitor,
        conversation: None,
        ticket: Some(&ticket),
    };
    let attachments = match record_files(&state, owner, &files).await {
        Ok(attachments) => attachments,
        Err(e) => {
            // No ticket without its screenshots: the visitor's retry makes the one ticket.
            // The files' rows went in together or not at all, so nothing refers to the ticket.
            if let Err(error) = state.db.delete_ticket(&ticket).await {
                tracing::error!(%error, ticket, "a ticket whose screenshots failed stays");
            }
            return Err(e);
        }
    };
    if let Some(form_key) = &form_id {
        leave_the_queue(&state, form_key).await?;
    }
    state.hub.publish(Event::Queue).await;
    let body = json!({ "ticket": { "id": ticket }, "token": token, "attachments": attachments });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// What a form makes.
#[derive(Clone, Copy)]
enum Made {
    Chat,
    Ticket,
}

/// A form that became a message may have queued a chat already, whose answer never arrived
/// (the widget then found nobody online and turned to "leave a message"). Nobody holds that
/// chat's token: it leaves the queue, and the ticket carries the question.
async fn leave_the_queue(state: &AppState, form_key: &str) -> Result<(), ApiError> {
    if let Some(chat) = state.db.conversation_by_form(form_key).await? {
        if chat.status == Status::Waiting {
            state
                .db
                .close(&chat.id, None, "left a message instead")
                .await?;
        }
        (state.db)
            .forget_form(FormTable::Conversations, form_key)
            .await?;
    }
    Ok(())
}

/// A chat or ticket the database did not take: its files go, and if the same form was taken
/// at the same moment (the unique form key refused this one), the answer is that one's.
async fn not_created(
    state: &AppState,
    headers: &HeaderMap,
    (made, prechat): (Made, &PreChat),
    form_key: Option<String>,
    files: &[Written],
    error: StoreError,
) -> Result<Response, ApiError> {
    remove_files(state, files).await;
    match sent_before(state, headers, made, prechat, form_key.as_deref()).await? {
        Some(reply) => Ok(reply),
        None => Err(error.into()),
    }
}

/// The longest a ticket's description grows to with what repeats of its form add (the form
/// itself takes 2,000 characters).
const MAX_TICKET_CHARS: usize = 8_000;

/// How long after a form made its chat or ticket a repeat of it gets that one back.
const RESEND_WINDOW_MS: i64 = 10 * 60 * 1000;

/// The answer to a form the server took before, if it did: the same chat or ticket, not a
/// second one. The widget sends a form again when the first answer never reached it (the
/// connection dropped), so it may not have the token that answer carried. It then gets a new
/// token for the form's visitor: the form id was a secret of that widget, as the token is.
/// Only a chat still waiting (or a ticket still open) made in the last `RESEND_WINDOW_MS`
/// counts: after that the id can fetch nothing, and a form sent with it is a new question.
/// A repeat whose description the visitor changed meanwhile (to text the chat or ticket does
/// not already hold) adds the new words to it (`add_the_change`): so this may write.
async fn sent_before(
    state: &AppState,
    headers: &HeaderMap,
    made: Made,
    prechat: &PreChat,
    form_key: Option<&str>,
) -> Result<Option<Response>, ApiError> {
    let Some(form_key) = form_key else {
        return Ok(None);
    };
    let recent = |created_at: i64| now_ms() - created_at < RESEND_WINDOW_MS;
    let found = match made {
        Made::Chat => (state.db.conversation_by_form(form_key).await?).map(|c| {
            let current = c.status == Status::Waiting && recent(c.created_at);
            let before = c.prechat.description.clone();
            (current, c.id.clone(), c.visitor_id.clone(), before, Some(c))
        }),
        Made::Ticket => (state.db.ticket_by_form(form_key).await?).map(|t| {
            let current = t.status == "open" && recent(t.created_at);
            (current, t.id, t.visitor_id, t.description, None)
        }),
    };
    let Some((current, id, owner, before, conversation)) = found else {
        return Ok(None);
    };
    if !current {
        let table = match made {
            Made::Chat => FormTable::Conversations,
            Made::Ticket => FormTable::Tickets,
        };
        state.db.forget_form(table, form_key).await?;
        return Ok(None);
    }
    let token = match auth::visitor(state, headers).await? {
        Some(visitor) if visitor == owner => bearer_token(headers),
        Some(_) => {
            return Err(ApiError::bad_request(
                "this form was sent by another visitor; reload the page",
            ))
        }
        None => state.db.renew_token(&owner).await?,
    };
    // Text the chat or ticket already holds (the same form, or a shortened one) adds nothing.
    let changed = &prechat.description;
    if !before.contains(changed.as_str()) {
        add_the_change(state, made, (&id, &before), changed).await?;
    }
    let attachments: Vec<Value> = (state.db.attachments_of(&id).await?.into_iter())
        .map(|a| json!({ "id": a.id, "content_type": a.content_type }))
        .collect();
    let body = match conversation {
        Some(c) => chat_reply(&c, &token, attachments),
        None => json!({ "ticket": { "id": id }, "token": token, "attachments": attachments }),
    };
    Ok(Some((StatusCode::OK, Json(body)).into_response()))
}

/// What the visitor wrote in a form sent again after its answer was lost, when they changed
/// it meanwhile: a message in the chat from them, or a paragraph added to the ticket, so the
/// agent reads both versions. The message's client id is the text's hash, so the same edit
/// sent a third time is stored once.
async fn add_the_change(
    state: &AppState,
    made: Made,
    (id, before): (&str, &str),
    text: &str,
) -> Result<(), ApiError> {
    match made {
        Made::Ticket => {
            let after = format!("{before}\n\n{text}");
            if after.chars().count() > MAX_TICKET_CHARS {
                return Err(ApiError::bad_request(
                    "this message has been added to too often; send a new one",
                ));
            }
            state.db.change_ticket(id, before, &after).await?;
        }
        Made::Chat => {
            let client_id = format!("form-{}", &crate::storage::secret_hash(text)[..16]);
            let body = Body::Text { text: text.into() };
            let (message, inserted) = (state.db)
                .append_message(NewMessage {
                    conversation: id,
                    client_id: &client_id,
                    author: Role::Visitor,
                    author_name: None,
                    body: &body,
                })
                .await?;
            if inserted {
                let latest = Some(Arc::new(message));
                let conversation = id.to_string();
                (state.hub)
                    .publish(Event::Messages {
                        conversation,
                        latest,
                    })
                    .await;
            }
        }
    }
    Ok(())
}

const TOO_MANY_CHATS: &str =
    "too many chats started from here; try again later or call the hotline";

/// The visitor the request's token names, or a new one with a new token.
async fn visitor_or_new(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String), ApiError> {
    if let Some(visitor) = auth::visitor(state, headers).await? {
        return Ok((visitor, bearer_token(headers)));
    }
    Ok(state.db.create_visitor().await?)
}

fn bearer_token(headers: &HeaderMap) -> String {
    (headers.get(header::AUTHORIZATION))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// A form's files on disk, not yet recorded: their ids, types and sizes.
struct Written {
    id: String,
    content_type: &'static str,
    size: i64,
}

async fn write_files(state: &AppState, files: &[Upload]) -> Result<Vec<Written>, ApiError> {
    let mut written = Vec::new();
    for file in files {
        written.push(Written {
            id: uploads::store(&state.attachments_dir(), file).await?,
            content_type: file.content_type,
            size: file.bytes.len() as i64,
        });
    }
    Ok(written)
}

/// Whose the recorded files are.
#[derive(Clone, Copy)]
struct Owner<'a> {
    visitor: &'a str,
    conversation: Option<&'a str>,
    ticket: Option<&'a str>,
}

/// Files written for a form that was then refused: nothing refers to them.
async fn remove_files(state: &AppState, files: &[Written]) {
    for file in files {
        let _ = tokio::fs::remove_file(uploads::path(&state.attachments_dir(), &file.id)).await;
    }
}

/// Records the files written for `owner`, and answers what the visitor's widget keeps of
/// them. When they cannot be recorded they are removed from disk: nothing refers to them.
async fn record_files(
    state: &AppState,
    owner: Owner<'_>,
    files: &[Written],
) -> Result<Vec<Value>, ApiError> {
    let rows: Vec<Attachment> = (files.iter())
        .map(|file| Attachment {
            id: file.id.clone(),
            visitor_id: owner.visitor.to_string(),
            conversation_id: owner.conversation.map(String::from),
            ticket_id: owner.ticket.map(String::from),
            content_type: file.content_type.to_string(),
            size: file.size,
        })
        .collect();
    if let Err(e) = state.db.add_attachments(&rows).await {
        remove_files(state, files).await;
        return Err(e.into());
    }
    Ok((files.iter())
        .map(|file| json!({ "id": file.id, "content_type": file.content_type }))
        .collect())
}

/// `GET /api/v1/conversations/current`: the visitor's latest chat, so a reloaded page or a
/// second tab carries on where the first left off.
async fn current(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let visitor = require_visitor(&state, &headers).await?;
    let latest = state
        .db
        .conversations_of(&visitor)
        .await?
        .into_iter()
        .next();
    let Some(c) = latest else {
        return Err(StoreError::NotFound.into());
    };
    let queue = match c.status {
        Status::Waiting => Snapshot::latest(&state.hub, &state.db, &state.config.site.chat)
            .await?
            .frame_for(&c.id),
        _ => None,
    };
    Ok(Json(json!({
        "conversation": {
            "id": c.id, "status": c.status, "team": c.team, "last_seq": c.last_seq,
            "created_at": c.created_at, "closed_at": c.closed_at,
        },
        "queue": queue,
    })))
}

/// `POST /api/v1/conversations/{id}/attachments`: a picture for the chat, as the raw body.
async fn add_picture(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &headers) {
        return Err(ApiError::forbidden_origin());
    }
    let visitor = require_visitor(&state, &headers).await?;
    let conversation = state.db.conversation(&id).await?;
    if conversation.visitor_id != visitor || conversation.status == Status::Closed {
        return Err(StoreError::NotFound.into());
    }
    let max = state.config.site.limits.upload_bytes;
    if body.len() > max {
        return Err(uploads::too_large(max));
    }
    // A chat has room for its pictures, not for a disk's worth of them. Counted before the
    // picture is decoded and written, and again as it is recorded (see `add_picture_within`).
    if state.db.pictures_in(&id).await? >= MAX_PICTURES_PER_CHAT {
        return Err(too_many_pictures());
    }
    let upload = uploads::checked_image(body.to_vec())?;
    let written = write_files(&state, &[upload]).await?;
    let file = &written[0]; // one file in, one written
    let row = Attachment {
        id: file.id.clone(),
        visitor_id: visitor,
        conversation_id: Some(id),
        ticket_id: None,
        content_type: file.content_type.to_string(),
        size: file.size,
    };
    match state
        .db
        .add_picture_within(&row, MAX_PICTURES_PER_CHAT)
        .await
    {
        Ok(true) => Ok((
            StatusCode::CREATED,
            Json(json!({ "id": file.id, "content_type": file.content_type })),
        )
            .into_response()),
        recorded => {
            // Nothing refers to the file written for it.
            remove_files(&state, &written).await;
            Err(match recorded {
                Err(e) => e.into(),
                _ => too_many_pictures(),
            })
        }
    }
}

fn too_many_pictures() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "too_many_pictures",
        format!("a chat may hold at most {MAX_PICTURES_PER_CHAT} pictures"),
    )
}

/// `GET /api/v1/attachments/{id}`: the image, for its visitor or any signed-in agent.
async fn attachment(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::NotFound.into());
    }
    let attachment = state.db.attachment(&id).await?;
    let agent = auth::agent_session(&state, &headers).await?.is_some();
    let owner =
        auth::visitor(&state, &headers).await?.as_deref() == Some(attachment.visitor_id.as_str());
    if !agent && !owner {
        return Err(StoreError::NotFound.into());
    }
    let bytes = tokio::fs::read(uploads::path(&state.attachments_dir(), &id))
        .await
        .map_err(|_| ApiError::from(StoreError::NotFound))?;
    let content_type = HeaderValue::from_str(&attachment.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=86400"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/v1/conversations/{id}/transcript`: the chat as a text file, masked, for the
/// visitor to keep.
async fn transcript(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let visitor = require_visitor(&state, &headers).await?;
    let conversation = state.db.conversation(&id).await?;
    if conversation.visitor_id != visitor {
        return Err(StoreError::NotFound.into());
    }
    let messages = state.db.messages_after(&id, 0, 10_000).await?;
    let offset = state
        .config
        .site
        .contact
        .hours()
        .map_or(0, |h| h.utc_offset_minutes);
    let language = Language::of(&conversation.prechat.locale);
    let say = |zh_cn, zh_tw, en| language.pick(zh_cn, zh_tw, en);
    let mut text = String::new();
    let title = say(
        "在线客服聊天记录",
        "線上客服聊天記錄",
        "Support chat transcript",
    );
    text.push_str(&format!("{} · {}\n", state.config.site.site.name, title));
    let label = say("会话", "對話", "Conversation");
    text.push_str(&format!("{label} {}\n", conversation.id));
    text.push_str(&format!(
        "{}\n\n",
        clock_text(conversation.created_at, offset)
    ));
    for m in &messages {
        let who = match (m.author, &m.author_name) {
            (Role::Visitor, _) => say("我", "我", "Me").to_string(),
            (Role::Agent, Some(name)) => format!("{name} ({})", say("客服", "客服", "agent")),
            (Role::Agent, None) => say("客服", "客服", "Agent").to_string(),
            (Role::System, _) => say("系统", "系統", "System").to_string(),
        };
        // Stored text was masked when it was sent.
        let body = match &m.body {
            Body::Text { text } => text.clone(),
            Body::Image { .. } => say("[图片]", "[圖片]", "[image]").to_string(),
        };
        text.push_str(&format!("[{}] {who}: {body}\n", clock_text(m.at, offset)));
    }
    if !conversation.resolution.is_empty() && conversation.status == Status::Closed {
        let label = say("处理结果", "處理結果", "Resolution");
        text.push_str(&format!("\n{label}: {}\n", conversation.resolution));
    }
    let disposition = format!("attachment; filename=\"helpdock-chat-{id}.txt\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        text,
    )
        .into_response())
}

/// `2026-11-25 10:01 (UTC+08:00)` for epoch milliseconds in the site's time zone.
pub fn clock_text(ms: i64, offset_minutes: i32) -> String {
    let minutes = ms.div_euclid(60_000) + i64::from(offset_minutes);
    let (days, minute) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let (y, m, d) = civil_from_days(days);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.abs();
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} (UTC{sign}{:02}:{:02})",
        minute / 60,
        minute % 60,
        off / 60,
        off % 60
    )
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day number.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trail_is_masked_and_trimmed_to_fit() {
        let card = "6222021234567894";
        let mut steps = vec![json!({ "kind": "search", "query": format!("卡号 {card} 退款") })];
        steps.extend(
            (0..200).map(|i| json!({ "kind": "search", "query": "x".repeat(400), "i": i })),
        );
        let trail = checked_trail(Value::Array(steps));
        assert!(trail.to_string().len() <= MAX_TRAIL_BYTES);
        let last = trail.as_array().unwrap().last().unwrap();
        assert_eq!(last["i"], 199, "the newest steps stay");

        let short = checked_trail(json!([{ "kind": "search", "query": format!("卡号 {card}") }]));
        assert!(!short.to_string().contains(card), "{short}");
        assert_eq!(checked_trail(json!("not a list")), json!([]));
        // The console reads `step.kind`: a step that is no object would stop it drawing the chat.
        let odd = checked_trail(json!([null, 3, "x", [], { "kind": "vote", "id": "a" }]));
        assert_eq!(odd, json!([{ "kind": "vote", "id": "a" }]));
    }

    #[test]
    fn transcript_times_are_in_the_sites_zone() {
        // 2026-11-25T02:00:00Z is 10:00 in UTC+08:00.
        assert_eq!(
            super::clock_text(1_795_572_000_000, 480),
            "2026-11-25 10:00 (UTC+08:00)"
        );
        assert_eq!(super::clock_text(0, -300), "1969-12-31 19:00 (UTC-05:00)");
    }
}
