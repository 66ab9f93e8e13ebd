//! One WebSocket connection, visitor or agent: the `hello` handshake, then frames in and
//! events out until either side goes away.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use helpdock_protocol::guard;
use helpdock_protocol::{
    decode_client, encode_server, Body, ClientFrame, Cursor, ErrorCode, Message, Role, ServerFrame,
    Status, VERSION,
};
use tokio::sync::{mpsc, Notify};

use super::hub::{agent_topic, conversation_topic, Event, AGENTS_TOPIC, QUEUE_TOPIC};
use super::queue::Snapshot;
use crate::storage::agents::Agent;
use crate::storage::chat::{Conversation, NewMessage};
use crate::storage::StoreError;
use crate::AppState;

/// A client that says nothing this long after connecting is dropped.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often agents' presence is refreshed and waiting visitors' estimates recomputed.
const HEARTBEAT: Duration = Duration::from_secs(25);
/// Messages read per query when a client catches up.
const PAGE: i64 = 200;
/// Frames of any kind a connection may send, per second and in a burst. Messages have their
/// own, lower limit (`messages_per_minute`); this one bounds what typing, read receipts and
/// pings cost the database and the other side.
const FRAMES_PER_SECOND: NonZeroU32 = NonZeroU32::new(10).unwrap();
const FRAME_BURST: NonZeroU32 = NonZeroU32::new(40).unwrap();
/// A typing notice the same as the last one for its conversation is passed on at most this
/// often: a widget sends one per keystroke.
const TYPING_REPEAT: Duration = Duration::from_secs(1);

/// Who is on the other end. Agents are known from their cookie before the upgrade; visitors
/// by the token in their `hello`.
pub enum Peer {
    Visitor,
    /// An agent, with the secret of the session they signed in with.
    Agent(Agent, String),
}

pub struct Connection {
    state: Arc<AppState>,
    socket: WebSocket,
    id: u64,
    tx: mpsc::Sender<Event>,
    role: Role,
    visitor: Option<String>,
    agent: Option<Agent>,
    /// The agent's session secret: the connection ends when the session does.
    session: Option<String>,
    /// Followed conversations and the last sequence number sent on this connection.
    cursors: HashMap<String, u64>,
    /// Subscribed to queue updates: a visitor with a conversation still waiting. Most visitors
    /// are in a chat, and their heartbeats need not ask the database about the queue.
    in_queue: bool,
    limiter: DefaultDirectRateLimiter,
    frames: DefaultDirectRateLimiter,
    /// Per conversation: the last typing notice passed on, and when.
    typing: HashMap<String, (bool, tokio::time::Instant)>,
    /// Per conversation: the highest read receipt stored from this connection.
    read: HashMap<String, u64>,
}

/// Why a connection ends.
enum End {
    Closed,
    Refused(ErrorCode, String),
}

impl From<StoreError> for End {
    fn from(e: StoreError) -> End {
        tracing::warn!("chat storage: {e}");
        End::Refused(
            ErrorCode::Internal,
            "storage unavailable, reconnect later".into(),
        )
    }
}

pub async fn run(state: Arc<AppState>, socket: WebSocket, peer: Peer) {
    let link = state.hub.connect();
    let id = link.id;
    let per_minute =
        NonZeroU32::new(state.config.site.limits.messages_per_minute).unwrap_or(NonZeroU32::MIN);
    let (role, agent, session) = match peer {
        Peer::Visitor => (Role::Visitor, None, None),
        Peer::Agent(agent, secret) => (Role::Agent, Some(agent), Some(secret)),
    };
    let mut connection = Connection {
        state: state.clone(),
        socket,
        id,
        tx: link.tx,
        role,
        visitor: None,
        agent,
        session,
        cursors: HashMap::new(),
        in_queue: false,
        limiter: RateLimiter::direct(Quota::per_minute(per_minute).allow_burst(per_minute)),
        frames: RateLimiter::direct(Quota::per_second(FRAMES_PER_SECOND).allow_burst(FRAME_BURST)),
        typing: HashMap::new(),
        read: HashMap::new(),
    };
    let end = connection.serve(link.rx, &link.dropped).await;
    state.hub.disconnect(id);
    if let End::Refused(code, message) = end {
        let _ = connection.send(ServerFrame::Error { code, message }).await;
        let _ = connection.socket.send(WsMessage::Close(None)).await;
    }
}

impl Connection {
    async fn serve(&mut self, mut rx: mpsc::Receiver<Event>, dropped: &Notify) -> End {
        match self.handshake().await {
            Ok(()) => {}
            Err(end) => return end,
        }
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        heartbeat.tick().await;
        loop {
            let result = tokio::select! {
                incoming = self.socket.recv() => match incoming {
                    Some(Ok(WsMessage::Text(text))) => self.on_frame(text.as_str()).await,
                    Some(Ok(WsMessage::Binary(_))) => {
                        self.refuse(ErrorCode::Malformed, "frames are JSON text").await
                    }
                    Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return End::Closed,
                    Some(Ok(_)) => Ok(()),
                },
                Some(event) = rx.recv() => self.on_event(event).await,
                // The hub dropped this connection for falling behind: the client reconnects
                // and resumes from its cursors.
                _ = dropped.notified() => {
                    return End::Refused(ErrorCode::Internal, "too slow; reconnect".into())
                }
                _ = heartbeat.tick() => self.on_heartbeat().await,
            };
            if let Err(end) = result {
                return end;
            }
        }
    }

    async fn handshake(&mut self) -> Result<(), End> {
        let first = match tokio::time::timeout(HELLO_TIMEOUT, self.socket.recv()).await {
            Ok(Some(Ok(WsMessage::Text(text)))) => text,
            Ok(Some(Ok(_))) => {
                return Err(End::Refused(
                    ErrorCode::HelloFirst,
                    "send hello first".into(),
                ))
            }
            _ => return Err(End::Closed),
        };
        let (v, token, resume) = match decode_client(first.as_str()) {
            Ok(ClientFrame::Hello { v, token, resume }) => (v, token, resume),
            Ok(_) => {
                return Err(End::Refused(
                    ErrorCode::HelloFirst,
                    "send hello first".into(),
                ))
            }
            Err(e) => return Err(End::Refused(e.code(), e.to_string())),
        };
        if v != VERSION {
            return Err(End::Refused(
                ErrorCode::Version,
                format!("this server speaks protocol version {VERSION}"),
            ));
        }
        match self.role {
            Role::Visitor => {
                let token = token.unwrap_or_default();
                let visitor = self.state.db.visitor_by_token(&token).await?;
                let Some(visitor) = visitor else {
                    return Err(End::Refused(
                        ErrorCode::NotFound,
                        "unknown visitor token".into(),
                    ));
                };
                self.visitor = Some(visitor);
            }
            _ => self.start_agent().await?,
        }
        self.send(ServerFrame::Welcome { v: VERSION }).await?;
        for Cursor { conversation, seq } in resume {
            self.follow(&conversation, seq).await?;
        }
        if let Some(agent) = self.agent.clone() {
            for conversation in self.state.db.active_for(&agent.username).await? {
                if !self.cursors.contains_key(&conversation.id) {
                    self.follow(&conversation.id, 0).await?;
                }
            }
        }
        Ok(())
    }

    async fn start_agent(&mut self) -> Result<(), End> {
        let Some(agent) = self.agent.clone() else {
            return Ok(());
        };
        let hub = &self.state.hub;
        hub.subscribe(self.id, AGENTS_TOPIC.into(), &self.tx);
        hub.subscribe(self.id, agent_topic(&agent.username), &self.tx);
        let presence = if agent.presence == "away" {
            "away"
        } else {
            "online"
        };
        self.state
            .db
            .set_presence(&agent.username, presence)
            .await?;
        hub.publish(Event::Queue).await;
        Ok(())
    }

    /// Starts following a conversation this peer may see, and catches up from `seq`.
    async fn follow(&mut self, id: &str, seq: u64) -> Result<(), End> {
        let conversation = match self.state.db.conversation(id).await {
            Ok(c) => c,
            Err(StoreError::NotFound) => {
                return self
                    .refuse(ErrorCode::NotFound, "no such conversation")
                    .await
            }
            Err(e) => return Err(e.into()),
        };
        if !self.may_see(&conversation) {
            return self
                .refuse(ErrorCode::NotFound, "no such conversation")
                .await;
        }
        self.state
            .hub
            .subscribe(self.id, conversation_topic(id), &self.tx);
        // A cursor past the chat's last message was never sent here: taken as it is, it would
        // let a read receipt claim messages not yet written, and skip them when they come.
        self.cursors
            .insert(id.to_string(), seq.min(conversation.last_seq));
        self.send_state(&conversation).await?;
        self.catch_up(id).await?;
        let (other, read) = match self.role {
            Role::Visitor => (Role::Agent, conversation.agent_read),
            _ => (Role::Visitor, conversation.visitor_read),
        };
        if read > 0 {
            self.send(ServerFrame::Read {
                conversation: id.into(),
                who: other,
                seq: read,
            })
            .await?;
        }
        Ok(())
    }

    fn may_see(&self, conversation: &Conversation) -> bool {
        match (&self.visitor, &self.agent) {
            (Some(visitor), _) => conversation.visitor_id == *visitor,
            (_, Some(agent)) => conversation.agent.as_deref() == Some(agent.username.as_str()),
            _ => false,
        }
    }

    async fn send_state(&mut self, conversation: &Conversation) -> Result<(), End> {
        let agent_name = match &conversation.agent {
            Some(username) => self
                .state
                .db
                .agent(username)
                .await
                .ok()
                .map(|a| a.display_name),
            None => None,
        };
        self.send(ServerFrame::State {
            conversation: conversation.id.clone(),
            status: conversation.status,
            agent_name,
            team: conversation.team.clone(),
        })
        .await?;
        if self.role == Role::Visitor {
            if conversation.status == Status::Waiting {
                self.state
                    .hub
                    .subscribe(self.id, QUEUE_TOPIC.into(), &self.tx);
                self.in_queue = true;
                self.send_queue().await?;
            } else if self.in_queue && !self.waiting_anywhere().await {
                self.state.hub.unsubscribe(self.id, QUEUE_TOPIC);
                self.in_queue = false;
            }
        }
        Ok(())
    }

    async fn waiting_anywhere(&mut self) -> bool {
        for id in self.cursors.keys() {
            if let Ok(c) = self.state.db.conversation(id).await {
                if c.status == Status::Waiting {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `message` directly follows what this connection has sent of its conversation.
    fn is_next(&self, message: &Message) -> bool {
        self.cursors.get(&message.conversation).copied() == message.seq.checked_sub(1)
    }

    /// Sends every stored message after this connection's cursor, in order.
    async fn catch_up(&mut self, id: &str) -> Result<(), End> {
        loop {
            let Some(&after) = self.cursors.get(id) else {
                return Ok(());
            };
            let messages = self.state.db.messages_after(id, after, PAGE).await?;
            let full = messages.len() as i64 == PAGE;
            for message in messages {
                self.cursors.insert(id.to_string(), message.seq);
                self.send(ServerFrame::Message(message)).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    async fn send_queue(&mut self) -> Result<(), End> {
        let snapshot = Snapshot::latest(
            &self.state.hub,
            &self.state.db,
            &self.state.config.site.chat,
        )
        .await?;
        let ids: Vec<String> = self.cursors.keys().cloned().collect();
        for id in ids {
            if let Some(frame) = snapshot.frame_for(&id) {
                self.send(frame).await?;
            }
        }
        Ok(())
    }

    async fn on_frame(&mut self, text: &str) -> Result<(), End> {
        if self.frames.check().is_err() {
            return self
                .refuse(ErrorCode::RateLimited, "too many frames; slow down")
                .await;
        }
        let frame = match decode_client(text) {
            Ok(frame) => frame,
            Err(e) => return self.refuse(e.code(), &e.to_string()).await,
        };
        match frame {
            ClientFrame::Hello { .. } => {
                self.refuse(ErrorCode::Malformed, "hello was already said")
                    .await
            }
            ClientFrame::Send {
                conversation,
                client_id,
                body,
            } => {
                if self.limiter.check().is_err() {
                    return self
                        .refuse(ErrorCode::RateLimited, "too many messages; wait a moment")
                        .await;
                }
                self.on_send(&conversation, &client_id, body).await
            }
            ClientFrame::Typing { conversation, on } => {
                if self.cursors.contains_key(&conversation)
                    && self.typing_is_news(&conversation, on)
                {
                    let who = self.role;
                    self.state
                        .hub
                        .publish(Event::Typing {
                            conversation,
                            who,
                            on,
                        })
                        .await;
                }
                Ok(())
            }
            ClientFrame::Read { conversation, seq } => {
                // Only what this connection was sent can be read, and a receipt that moves
                // nothing forward costs no write.
                let Some(&sent) = self.cursors.get(&conversation) else {
                    return Ok(());
                };
                let seq = seq.min(sent);
                if self
                    .read
                    .get(&conversation)
                    .is_none_or(|&stored| seq > stored)
                {
                    self.read.insert(conversation.clone(), seq);
                    self.state
                        .db
                        .mark_read(&conversation, self.role, seq)
                        .await?;
                    let who = self.role;
                    self.state
                        .hub
                        .publish(Event::Read {
                            conversation,
                            who,
                            seq,
                        })
                        .await;
                }
                Ok(())
            }
            ClientFrame::Ping => self.send(ServerFrame::Pong).await,
        }
    }

    /// Whether a typing notice should be passed on: it changes the state, or the same state
    /// was last passed on [`TYPING_REPEAT`] ago (the other side's indicator times out).
    fn typing_is_news(&mut self, conversation: &str, on: bool) -> bool {
        let now = tokio::time::Instant::now();
        let news = match self.typing.get(conversation) {
            Some(&(last, at)) => last != on || now.duration_since(at) >= TYPING_REPEAT,
            None => true,
        };
        if news {
            self.typing.insert(conversation.to_string(), (on, now));
        }
        news
    }

    async fn on_send(&mut self, id: &str, client_id: &str, body: Body) -> Result<(), End> {
        if !self.cursors.contains_key(id) {
            return self
                .refuse(ErrorCode::NotFound, "not following this conversation")
                .await;
        }
        let conversation = self.state.db.conversation(id).await?;
        let open = match self.role {
            Role::Visitor => conversation.status != Status::Closed,
            _ => conversation.status == Status::Active && self.may_see(&conversation),
        };
        if !open {
            return self
                .refuse(ErrorCode::Closed, "this conversation is not open")
                .await;
        }
        let body = match body {
            // The server masks whatever the client did: it does not trust the widget's guard.
            Body::Text { text } => Body::Text {
                text: guard::mask(&text),
            },
            Body::Image { attachment } => {
                let owned = self.state.db.attachment(&attachment).await;
                if !owned.is_ok_and(|a| a.conversation_id.as_deref() == Some(id)) {
                    return self.refuse(ErrorCode::NotFound, "no such attachment").await;
                }
                Body::Image { attachment }
            }
        };
        let author_name = self.agent.as_ref().map(|a| a.display_name.clone());
        let (message, inserted) = self
            .state
            .db
            .append_message(NewMessage {
                conversation: id,
                client_id,
                author: self.role,
                author_name: author_name.as_deref(),
                body: &body,
            })
            .await?;
        self.send(ServerFrame::Ack {
            conversation: id.into(),
            client_id: client_id.into(),
            seq: message.seq,
        })
        .await?;
        if inserted {
            self.state
                .hub
                .publish(Event::Messages {
                    conversation: id.into(),
                    latest: Some(Arc::new(message)),
                })
                .await;
        }
        Ok(())
    }

    async fn on_event(&mut self, event: Event) -> Result<(), End> {
        match event {
            Event::Messages {
                conversation,
                latest,
            } => match latest {
                Some(message) if self.is_next(&message) => {
                    self.cursors.insert(conversation, message.seq);
                    self.send(ServerFrame::Message(Message::clone(&message)))
                        .await
                }
                _ => self.catch_up(&conversation).await,
            },
            Event::State { conversation } => {
                if !self.cursors.contains_key(&conversation) {
                    return Ok(());
                }
                let c = self.state.db.conversation(&conversation).await?;
                self.send_state(&c).await?;
                if !self.may_see(&c) {
                    // Transferred away from this agent: stop following it.
                    self.cursors.remove(&conversation);
                    self.state
                        .hub
                        .unsubscribe(self.id, &conversation_topic(&conversation));
                }
                Ok(())
            }
            Event::Typing {
                conversation,
                who,
                on,
            } if who != self.role => {
                self.send(ServerFrame::Typing {
                    conversation,
                    who,
                    on,
                })
                .await
            }
            Event::Read {
                conversation,
                who,
                seq,
            } if who != self.role => {
                self.send(ServerFrame::Read {
                    conversation,
                    who,
                    seq,
                })
                .await
            }
            Event::Assigned { conversation, .. } => {
                if !self.cursors.contains_key(&conversation) {
                    self.follow(&conversation, 0).await?;
                }
                Ok(())
            }
            Event::SignedOut { .. } => self.check_session().await,
            Event::Queue => match self.role {
                Role::Visitor => self.send_queue().await,
                _ => self.send(ServerFrame::QueueChanged).await,
            },
            Event::Resync => {
                let ids: Vec<String> = self.cursors.keys().cloned().collect();
                for id in ids {
                    let c = self.state.db.conversation(&id).await?;
                    self.send_state(&c).await?;
                    self.catch_up(&id).await?;
                }
                Ok(())
            }
            Event::Typing { .. } | Event::Read { .. } => Ok(()),
        }
    }

    /// Ends an agent's connection whose session is over: signed out, expired, or the agent
    /// disabled. A socket outlives the request that opened it, so it is checked again.
    async fn check_session(&mut self) -> Result<(), End> {
        let Some(secret) = &self.session else {
            return Ok(());
        };
        match self.state.db.session(secret).await? {
            Some(_) => Ok(()),
            None => Err(End::Refused(
                ErrorCode::SignedOut,
                "signed out; sign in again".into(),
            )),
        }
    }

    async fn on_heartbeat(&mut self) -> Result<(), End> {
        self.check_session().await?;
        if let Some(agent) = &self.agent {
            let current = self.state.db.agent(&agent.username).await?;
            let presence = if current.presence == "away" {
                "away"
            } else {
                "online"
            };
            self.state
                .db
                .set_presence(&agent.username, presence)
                .await?;
        } else if self.in_queue && self.waiting_anywhere().await {
            self.send_queue().await?;
        }
        self.socket
            .send(WsMessage::Ping(Default::default()))
            .await
            .map_err(|_| End::Closed)
    }

    async fn refuse(&mut self, code: ErrorCode, message: &str) -> Result<(), End> {
        self.send(ServerFrame::Error {
            code,
            message: message.into(),
        })
        .await
    }

    async fn send(&mut self, frame: ServerFrame) -> Result<(), End> {
        self.socket
            .send(WsMessage::Text(encode_server(&frame).into()))
            .await
            .map_err(|_| End::Closed)
    }
}
