//! Live chat with a person: the pre-chat form or "leave a message", the queue, and the
//! conversation itself over the server's WebSocket (`docs/protocol.md`).
//!
//! Nothing the visitor writes is lost. Every message gets a client id and waits in the
//! `localStorage` outbox until the server acknowledges it; after a dropped connection, a reload
//! or a crash the widget says `hello` with the last sequence number it saw, gets everything
//! after it, and sends the outbox again under the same ids, which the server stores once.

pub mod socket;
pub mod store;
pub mod wire;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::chat_module::{self, ChatModule};
use crate::fetch::{self, ApiReply};
use crate::host::string_field;
use store::Pending;
use wire::{Author, Body, ChatMessage, Incoming, QueueInfo, Status};

/// How long after the last keystroke "typing" ends.
const TYPING_IDLE_MS: u64 = 4_000;
/// An agent's "typing" that is never switched off fades after this.
const AGENT_TYPING_FADE_MS: u64 = 8_000;
/// A chat closed this recently is still shown after a reload, with its transcript.
const RECENTLY_CLOSED_MS: f64 = 60.0 * 60.0 * 1000.0;
pub const MAX_SCREENSHOTS: u32 = 3;
/// How long after the server refused messages for their rate they are sent again.
const RESEND_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

thread_local! {
    static RESEND_SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
pub const MAX_SCREENSHOT_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// Where the visitor is on the way to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The contact card: hotline, hours, and the button to start.
    Start,
    /// Asking the server whether anyone is answering.
    Checking,
    /// The pre-chat form (agents online) or the leave-a-message form (nobody is).
    Form(FormKind),
    TicketSent,
    /// A conversation exists: waiting, active or just closed.
    Chat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Chat,
    Message,
}

/// The WebSocket's state, for the "reconnecting" line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Offline,
    Connecting,
    Online,
}

/// Why a request did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// No answer at all: the visitor is offline or the server is down.
    Offline,
    /// The server refused, naming why with its error code (`rate_limited`, `too_large`, …).
    Server(String),
    /// The server (or a proxy before it) failed: worth trying again later.
    Unavailable,
}

impl Refusal {
    /// The refusal an API answer that is not a success stands for.
    fn of(reply: &ApiReply) -> Refusal {
        if reply.status >= 500 {
            Refusal::Unavailable
        } else {
            Refusal::Server(string_field(&reply.body, "error").unwrap_or_default())
        }
    }

    pub fn describe(&self, strings: &crate::i18n::Strings) -> &'static str {
        match self {
            Refusal::Offline => strings.network_failed,
            Refusal::Unavailable => strings.refused_server_down,
            Refusal::Server(code) => refusal_text(code, strings),
        }
    }

    /// Whether sending the same again later can work: not past a limit of the chat's.
    pub fn worth_retrying(&self) -> bool {
        !matches!(self, Refusal::Server(code) if code == "too_many_pictures")
    }
}

/// What a visitor reads for a refusal the server names by `code`, over the WebSocket or the
/// API: the server's own message is English, for developers.
pub fn refusal_text(code: &str, strings: &crate::i18n::Strings) -> &'static str {
    match code {
        "rate_limited" => strings.refused_slow_down,
        "too_large" => strings.refused_too_large,
        "unsupported_type" => strings.refused_not_image,
        "too_many_pictures" => strings.too_many_pictures,
        "closed" => strings.refused_chat_ended,
        "not_found" => strings.refused_chat_missing,
        "unavailable" | "internal" => strings.refused_server_down,
        _ => strings.refused_other,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: String,
    pub status: Status,
    pub agent_name: String,
}

#[derive(Clone, Copy)]
pub struct ChatState {
    pub server: StoredValue<String>,
    pub phase: RwSignal<Phase>,
    pub conversation: RwSignal<Option<Conversation>>,
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub queue: RwSignal<Option<QueueInfo>>,
    pub link: RwSignal<Link>,
    pub agent_typing: RwSignal<bool>,
    /// The highest sequence number the agent has read.
    pub agent_read: RwSignal<u64>,
    /// The error code of the server's last refusal, shown in the visitor's words
    /// ([`refusal_text`]) until something goes through.
    pub notice: RwSignal<Option<String>>,
    /// Messages the server never took before the chat ended, moved into the next form.
    pub undelivered: RwSignal<usize>,
    /// The highest sequence number this widget told the server it has read.
    told_read: StoredValue<u64>,
    typing_since: StoredValue<Option<f64>>,
    socket: socket::Socket,
    /// The chat module, once fetched (`chat_module`).
    pub module: RwSignal<Option<ChatModule>>,
    /// The last fetch of the chat module failed: the contact card says so.
    pub module_failed: RwSignal<bool>,
    /// A pre-chat or message form is on its way, from the form or queued on an earlier page.
    pub sending_form: RwSignal<bool>,
    /// A form could not reach the server and goes out by itself once it can.
    pub form_queued: RwSignal<bool>,
}

impl ChatState {
    pub fn new(server: String) -> Self {
        ChatState {
            server: StoredValue::new(server),
            phase: RwSignal::new(Phase::Start),
            conversation: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            queue: RwSignal::new(None),
            link: RwSignal::new(Link::Offline),
            agent_typing: RwSignal::new(false),
            agent_read: RwSignal::new(0),
            notice: RwSignal::new(None),
            undelivered: RwSignal::new(0),
            told_read: StoredValue::new(0),
            typing_since: StoredValue::new(None),
            socket: socket::Socket::new(),
            module: RwSignal::new(None),
            module_failed: RwSignal::new(false),
            sending_form: RwSignal::new(false),
            form_queued: RwSignal::new(false),
        }
    }

    /// The visitor asked for a person. "Checking" shows at once; the chat module, fetched now
    /// if it was not yet, then decides between the chat and a message.
    pub fn ask(self) {
        self.module_failed.set(false);
        self.phase.set(Phase::Checking);
        chat_module::with_chat(
            self,
            move |module| {
                // A conversation this page has not picked up yet (offline at load, or opened
                // in another tab since) comes back rather than a form for a second one. Not
                // one the visitor put away with "new question": that forgot its note.
                if store::token().is_some()
                    && self.conversation.with_untracked(Option::is_none)
                    && store::has_conversation(RECENTLY_CLOSED_MS)
                {
                    (module.restore)(self);
                }
                (module.start)(self);
            },
            move || self.load_failed(),
        );
    }

    /// On mount: a visitor with a conversation open, or closed in the last hour, on another
    /// page or tab gets it back, so fetch the chat module and pick it up. Everyone else,
    /// even someone who chatted last week, never fetches it here.
    pub fn resume(self) {
        if store::token().is_some() && store::has_conversation(RECENTLY_CLOSED_MS) {
            // Offline, there is nothing to resume from; the contact button tries again.
            chat_module::with_chat(self, move |module| (module.restore)(self), || {});
        }
    }

    /// The chat module could not be fetched: back to the card, which says so.
    fn load_failed(self) {
        if self.phase.get_untracked() == Phase::Checking {
            self.phase.set(Phase::Start);
        }
        self.module_failed.set(true);
    }

    /// A conversation open here or on another page of the site, not ended.
    pub fn has_open_conversation(&self) -> bool {
        let here = self
            .conversation
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.status != Status::Closed));
        here || (store::token().is_some() && store::has_conversation(0.0))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.get_value())
    }

    pub fn conversation_id(&self) -> Option<String> {
        self.conversation
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
    }

    pub fn status(&self) -> Option<Status> {
        self.conversation.with(|c| c.as_ref().map(|c| c.status))
    }

    /// Picks up this visitor's open conversation (another tab, an earlier page) so the chat
    /// carries on where it was. In the chat module: see [`ChatState::resume`].
    pub fn restore(self) {
        let Some(token) = store::token() else {
            return;
        };
        let url = self.url("/api/v1/conversations/current");
        spawn_local(async move {
            let Ok(reply) = fetch::api("GET", &url, Some(&token), None).await else {
                return;
            };
            if !reply.ok() {
                return;
            }
            let Some(conversation) = js_sys::Reflect::get(&reply.body, &"conversation".into())
                .ok()
                .filter(|c| c.is_object())
            else {
                store::forget_conversation();
                return;
            };
            let status = Status::parse(&string_field(&conversation, "status").unwrap_or_default());
            let closed_at = js_sys::Reflect::get(&conversation, &"closed_at".into())
                .ok()
                .and_then(|v| v.as_f64());
            let stale = closed_at.is_some_and(|at| js_sys::Date::now() - at > RECENTLY_CLOSED_MS);
            if status == Status::Closed && stale {
                store::forget_conversation();
                return;
            }
            let Some(id) = string_field(&conversation, "id") else {
                return;
            };
            self.begin_conversation(id, status);
            if status == Status::Closed {
                if let Some(id) = self.conversation_id() {
                    store::note_conversation(&id, closed_at);
                }
            }
        });
    }

    /// The visitor asked for a person: chat if someone is answering, a message if not. In the
    /// chat module: see [`ChatState::ask`].
    pub fn start(self) {
        if self
            .conversation
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.status != Status::Closed))
        {
            self.phase.set(Phase::Chat);
            return;
        }
        self.notice.set(None);
        self.phase.set(Phase::Checking);
        let url = self.url("/api/v1/chat/availability");
        spawn_local(async move {
            let answer = fetch::api("GET", &url, None, None).await;
            // A conversation picked up meanwhile (`restore`) is what the visitor sees now.
            if self.phase.get_untracked() != Phase::Checking {
                return;
            }
            let chat = match answer {
                Ok(reply) if reply.ok() => js_sys::Reflect::get(&reply.body, &"chat".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                // Unknown: offer the message form, which works whenever the server does.
                _ => false,
            };
            self.phase.set(Phase::Form(if chat {
                FormKind::Chat
            } else {
                FormKind::Message
            }));
        });
    }

    /// Sends the pre-chat or leave-a-message form. `Ok(true)` when it went through,
    /// `Ok(false)` when the server said nobody can chat now (the form turns into a message).
    pub async fn submit(self, kind: FormKind, form: web_sys::FormData) -> Result<bool, Refusal> {
        let path = match kind {
            FormKind::Chat => "/api/v1/conversations",
            FormKind::Message => "/api/v1/tickets",
        };
        let token = store::token();
        let reply = fetch::api(
            "POST",
            &self.url(path),
            token.as_deref(),
            Some(&form.into()),
        )
        .await
        .map_err(|_| Refusal::Offline)?;
        if reply.status == 409 && kind == FormKind::Chat {
            self.phase.set(Phase::Form(FormKind::Message));
            return Ok(false);
        }
        if !reply.ok() {
            return Err(Refusal::of(&reply));
        }
        if let Some(token) = string_field(&reply.body, "token") {
            store::set_token(&token);
        }
        match kind {
            FormKind::Message => self.phase.set(Phase::TicketSent),
            FormKind::Chat => {
                let conversation =
                    js_sys::Reflect::get(&reply.body, &"conversation".into()).unwrap_or_default();
                let id = string_field(&conversation, "id").ok_or(Refusal::Unavailable)?;
                self.begin_conversation(id, Status::Waiting);
            }
        }
        Ok(true)
    }

    fn begin_conversation(self, id: String, status: Status) {
        store::note_conversation(&id, (status == Status::Closed).then(js_sys::Date::now));
        self.messages.set(Vec::new());
        self.queue.set(None);
        self.agent_read.set(0);
        self.told_read.set_value(0);
        self.notice.set(None);
        // Messages written offline for this conversation show at once, marked as sending.
        let pending: Vec<ChatMessage> = (store::outbox().into_iter())
            .filter(|p| p.conversation == id)
            .map(|p| pending_message(&p))
            .collect();
        self.messages.set(pending);
        self.conversation.set(Some(Conversation {
            id,
            status,
            agent_name: String::new(),
        }));
        self.phase.set(Phase::Chat);
        if status == Status::Closed {
            if let Some(id) = self.conversation_id() {
                self.keep_undelivered(&id);
            }
        } else {
            self.socket.connect(self);
        }
    }

    /// The chat ended with messages the server never took (written offline, or sent as the
    /// agent closed it). Their words go into the next question's form rather than being lost;
    /// a picture cannot follow, as it belongs to the ended chat.
    fn keep_undelivered(self, conversation: &str) {
        let (mine, others): (Vec<Pending>, Vec<Pending>) =
            (store::outbox().into_iter()).partition(|p| p.conversation == conversation);
        if mine.is_empty() {
            return;
        }
        store::save_outbox(&others);
        self.messages.update(|m| m.retain(|m| m.seq.is_some()));
        let texts: Vec<String> = (mine.into_iter())
            .filter_map(|p| match p.body {
                Body::Text(text) => Some(text),
                Body::Image(_) => None,
            })
            .collect();
        if texts.is_empty() {
            return;
        }
        let mut draft = store::draft().unwrap_or_default();
        let kept = std::iter::once(draft.description.trim())
            .chain(texts.iter().map(String::as_str))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        draft.description = kept;
        store::save_draft(&draft);
        self.undelivered.update(|n| *n += texts.len());
    }

    /// Back to the contact card for a new question, after a closed chat.
    pub fn reset(self) {
        store::forget_conversation();
        self.socket.close();
        // The card first: the ended chat's views go away before what they show is cleared.
        self.phase.set(Phase::Start);
        self.undelivered.set(0);
        self.conversation.set(None);
        self.messages.set(Vec::new());
        self.queue.set(None);
        self.notice.set(None);
    }

    /// The last sequence number seen: where a reconnect resumes.
    pub fn cursor(&self) -> u64 {
        self.messages
            .with_untracked(|m| m.iter().filter_map(|m| m.seq).max().unwrap_or(0))
    }

    /// Writes a message: shown at once as "sending", kept in the outbox until acknowledged.
    pub fn send(self, body: Body) {
        let Some(conversation) = self.conversation_id() else {
            return;
        };
        let pending = Pending {
            conversation,
            client_id: store::new_client_id(),
            body,
            at: js_sys::Date::now(),
        };
        self.messages.update(|m| m.push(pending_message(&pending)));
        let mut outbox = store::outbox();
        outbox.push(pending.clone());
        store::save_outbox(&outbox);
        self.stop_typing();
        self.socket.send(&wire::send(
            &pending.conversation,
            &pending.client_id,
            &pending.body,
        ));
    }

    /// Called on each keystroke in the composer; says "typing" once, and "stopped" after a
    /// pause, not a frame per key.
    pub fn typing(self) {
        let now = js_sys::Date::now();
        let was = self.typing_since.get_value();
        self.typing_since.set_value(Some(now));
        if was.is_none() {
            if let Some(id) = self.conversation_id() {
                self.socket.send(&wire::typing(&id, true));
            }
        }
        set_timeout(
            move || {
                if self.typing_since.get_value() == Some(now) {
                    self.stop_typing();
                }
            },
            std::time::Duration::from_millis(TYPING_IDLE_MS),
        );
    }

    fn stop_typing(self) {
        if self.typing_since.get_value().is_some() {
            self.typing_since.set_value(None);
            if let Some(id) = self.conversation_id() {
                self.socket.send(&wire::typing(&id, false));
            }
        }
    }

    /// Tells the agent the visitor has seen everything so far (the chat is on screen).
    pub fn mark_read(self) {
        let seq = self.messages.with(|m| {
            (m.iter())
                .filter(|m| m.author != Author::Visitor)
                .filter_map(|m| m.seq)
                .max()
                .unwrap_or(0)
        });
        if seq > self.told_read.get_value() && self.link.get() == Link::Online {
            if let Some(id) = self.conversation_id() {
                self.told_read.set_value(seq);
                self.socket.send(&wire::read(&id, seq));
            }
        }
    }

    /// The socket is open and the server accepted our hello: send what is still pending.
    fn on_welcome(self) {
        self.link.set(Link::Online);
        self.told_read.set_value(0);
        self.send_outbox();
    }

    /// Sends every message still waiting for the server's acknowledgement. The server drops
    /// repeats by client id, so sending one twice is harmless.
    fn send_outbox(self) {
        let Some(id) = self.conversation_id() else {
            return;
        };
        for pending in store::outbox().iter().filter(|p| p.conversation == id) {
            self.socket
                .send(&wire::send(&id, &pending.client_id, &pending.body));
            // Another tab's unsent message shows here too once the server stores it.
        }
    }

    pub(crate) fn on_frame(self, frame: Incoming) {
        let current = self.conversation_id();
        let ours = |c: &str| current.as_deref() == Some(c);
        match frame {
            Incoming::Welcome => self.on_welcome(),
            Incoming::Message {
                conversation,
                message,
            } if ours(&conversation) => self.on_message(message),
            Incoming::Ack {
                conversation,
                client_id,
                ..
            } if ours(&conversation) => self.on_ack(&client_id),
            Incoming::Typing { conversation, on } if ours(&conversation) => {
                self.agent_typing.set(on);
                if on {
                    set_timeout(
                        move || self.agent_typing.set(false),
                        std::time::Duration::from_millis(AGENT_TYPING_FADE_MS),
                    );
                }
            }
            Incoming::Read { conversation, seq } if ours(&conversation) => {
                self.agent_read.update(|r| *r = (*r).max(seq));
            }
            Incoming::State {
                conversation,
                status,
                agent_name,
            } if ours(&conversation) => {
                self.conversation.update(|c| {
                    if let Some(c) = c.as_mut() {
                        c.status = status;
                        c.agent_name = agent_name;
                    }
                });
                if status != Status::Waiting {
                    self.queue.set(None);
                }
                if status == Status::Closed {
                    self.agent_typing.set(false);
                    self.socket.close();
                    store::note_conversation(&conversation, Some(js_sys::Date::now()));
                    self.keep_undelivered(&conversation);
                }
            }
            Incoming::Queue {
                conversation,
                queue,
            } if ours(&conversation) => self.queue.set(Some(queue)),
            Incoming::Error { code } => self.on_error(code),
            _ => {}
        }
    }

    fn on_message(self, message: ChatMessage) {
        if message.author == Author::Agent {
            self.agent_typing.set(false);
        }
        self.forget_pending(&message.client_id);
        self.messages.update(|list| {
            // Our own message comes back stored (and masked by the server): replace the
            // pending copy. A replayed one is already there: keep one.
            let mine = (message.author == Author::Visitor && !message.client_id.is_empty())
                .then(|| list.iter().position(|m| m.client_id == message.client_id))
                .flatten();
            // Stored messages in server order, pending ones after them: each goes in at its
            // place (the list is always in that order), so the wasm carries no sort for it.
            let order = |m: &ChatMessage| m.seq.unwrap_or(u64::MAX);
            if let Some(i) = mine {
                list.remove(i);
            } else if list.iter().any(|m| m.seq == message.seq) {
                return;
            }
            let at = list.partition_point(|m| order(m) <= order(&message));
            list.insert(at, message);
        });
    }

    /// Stored: out of the outbox. The message itself follows as a `message` frame (masked by
    /// the server); the list shows that one, so its key changes and it is drawn again.
    fn on_ack(self, client_id: &str) {
        self.forget_pending(client_id);
        // Something went through: a refusal before it (a rate limit) is over.
        self.notice.set(None);
    }

    fn forget_pending(self, client_id: &str) {
        let mut outbox = store::outbox();
        let before = outbox.len();
        outbox.retain(|p| p.client_id != client_id);
        if outbox.len() != before {
            store::save_outbox(&outbox);
        }
    }

    fn on_error(self, code: String) {
        if code == "rate_limited" && !RESEND_SCHEDULED.replace(true) {
            // The refused messages are still in the outbox: they go again in a moment, not
            // only after the next reconnect (many written offline go out at once). One
            // resend for any number of refusals.
            set_timeout(
                move || {
                    RESEND_SCHEDULED.set(false);
                    self.send_outbox();
                },
                RESEND_AFTER,
            );
        }
        if code == "closed" {
            // Nothing more can be sent here: what is pending would be refused forever.
            if let Some(id) = self.conversation_id() {
                self.keep_undelivered(&id);
            }
        }
        self.notice.set(Some(code));
    }

    /// Uploads a picture for the chat and sends it as a message.
    pub async fn send_image(self, file: web_sys::File) -> Result<(), Refusal> {
        let ended = || Refusal::Server("not_found".into());
        let id = self.conversation_id().ok_or_else(ended)?;
        let token = store::token().ok_or_else(ended)?;
        let url = self.url(&format!("/api/v1/conversations/{id}/attachments"));
        let reply: ApiReply = fetch::api("POST", &url, Some(&token), Some(&file.into()))
            .await
            .map_err(|_| Refusal::Offline)?;
        if !reply.ok() {
            return Err(Refusal::of(&reply));
        }
        let attachment = string_field(&reply.body, "id").ok_or(Refusal::Unavailable)?;
        self.send(Body::Image(attachment));
        Ok(())
    }

    /// An object URL for a picture in the chat, fetched with the visitor's token.
    pub async fn image_url(self, attachment: String) -> Option<String> {
        let token = store::token()?;
        let url = self.url(&format!("/api/v1/attachments/{attachment}"));
        let blob = fetch::blob(&url, &token).await.ok()?;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }

    /// Sends the visitor's rating of the ended conversation (1–5, and a comment).
    pub async fn rate(self, score: u8, comment: String) -> Result<(), String> {
        let id = self.conversation_id().ok_or("no conversation")?;
        let token = store::token().ok_or("no visitor token")?;
        let url = self.url(&format!("/api/v1/conversations/{id}/rating"));
        let form = crate::host::object(&[
            ("score", f64::from(score).into()),
            ("comment", comment.as_str().into()),
        ]);
        let body = fetch::json_body(&form)?;
        let reply = fetch::api("POST", &url, Some(&token), Some(&body)).await?;
        if !reply.ok() {
            return Err(reply.error_message());
        }
        crate::host::emit(
            "rating",
            &crate::host::object(&[
                ("conversation", id.as_str().into()),
                ("score", f64::from(score).into()),
            ]),
        );
        Ok(())
    }

    /// Downloads the transcript of the conversation as a text file.
    pub async fn download_transcript(self) -> Result<(), String> {
        let id = self.conversation_id().ok_or("no conversation")?;
        let token = store::token().ok_or("no visitor token")?;
        let url = self.url(&format!("/api/v1/conversations/{id}/transcript"));
        let blob = fetch::blob(&url, &token).await?;
        crate::host::save_blob(&blob, &format!("helpdock-{id}.txt"))
    }
}

fn pending_message(pending: &Pending) -> ChatMessage {
    ChatMessage {
        seq: None,
        client_id: pending.client_id.clone(),
        author: Author::Visitor,
        author_name: String::new(),
        body: pending.body.clone(),
        at: pending.at,
    }
}
