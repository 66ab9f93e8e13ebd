//! Who hears about what: the in-process fan-out of chat events to WebSocket connections, and,
//! on PostgreSQL, the bridge that carries the same events to every other `helpdock serve`
//! through `LISTEN`/`NOTIFY`.
//!
//! Events say *that* something changed, not the data: a connection that hears "conversation
//! X has new messages" reads what follows its own cursor from the database. So a message is
//! delivered exactly once and in order however many times (or instances) the event arrives, and
//! a connection that missed events (or an instance whose listener reconnected) catches up by
//! reading again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use helpdock_protocol::{Message, Role};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, Notify};

use super::queue::{Shared, Snapshot};
use crate::storage::Db;

/// How many events may wait for one connection before it counts as stuck. A stuck
/// connection is dropped; its client reconnects and resumes from its last sequence number.
pub const CONNECTION_BACKLOG: usize = 256;
const CHANNEL: &str = "helpdock_events";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// New messages are stored in the conversation. `latest`, when this process stored it,
    /// saves each follower a database read: a connection whose cursor is just before it sends
    /// it as is, and any other reads after its cursor as usual. It never crosses instances
    /// (NOTIFY payloads are small); there the read is the way.
    Messages {
        conversation: String,
        #[serde(skip)]
        latest: Option<Arc<Message>>,
    },
    /// Its status, team or agent changed.
    State { conversation: String },
    Typing {
        conversation: String,
        who: Role,
        on: bool,
    },
    Read {
        conversation: String,
        who: Role,
        seq: u64,
    },
    /// A conversation was given to this agent: their consoles start following it.
    Assigned { conversation: String, agent: String },
    /// One of this agent's sessions ended: their connections check theirs.
    SignedOut { agent: String },
    /// The queue or the agents' presence changed: positions and estimates move.
    Queue,
    /// Events may have been lost (the NOTIFY listener reconnected): read everything again.
    Resync,
}

impl Event {
    /// The topics whose subscribers hear this event.
    fn topics(&self) -> Vec<String> {
        match self {
            Event::Messages { conversation, .. }
            | Event::State { conversation }
            | Event::Typing { conversation, .. }
            | Event::Read { conversation, .. } => vec![conversation_topic(conversation)],
            Event::Assigned { agent, .. } | Event::SignedOut { agent } => vec![agent_topic(agent)],
            Event::Queue => vec![QUEUE_TOPIC.into(), AGENTS_TOPIC.into()],
            Event::Resync => Vec::new(),
        }
    }
}

/// Waiting visitors follow this topic for queue updates.
pub const QUEUE_TOPIC: &str = "queue";
/// Every agent console follows this one.
pub const AGENTS_TOPIC: &str = "agents";

pub fn conversation_topic(id: &str) -> String {
    format!("c:{id}")
}

pub fn agent_topic(username: &str) -> String {
    format!("a:{username}")
}

#[derive(Serialize, Deserialize)]
struct Notice {
    from: String,
    #[serde(flatten)]
    event: Event,
}

type Subscribers = HashMap<u64, mpsc::Sender<Event>>;

/// A new connection's end of the hub.
pub struct Link {
    pub id: u64,
    pub tx: mpsc::Sender<Event>,
    pub rx: mpsc::Receiver<Event>,
    /// Notified when the hub drops the connection for falling behind. The connection holds a
    /// sender of its own (to subscribe with), so its receiver never closes to say so.
    pub dropped: Arc<Notify>,
}

pub struct Hub {
    topics: Mutex<HashMap<String, Subscribers>>,
    /// Each open connection's [`Link::dropped`].
    dropped: Mutex<HashMap<u64, Arc<Notify>>>,
    next_connection: AtomicU64,
    /// This process's name in NOTIFY payloads, so it can skip its own.
    instance: String,
    db: Db,
    /// The queue as waiting visitors and agents see it, read once per change.
    pub queue: Shared<Snapshot>,
}

impl Hub {
    pub fn new(db: Db) -> Hub {
        Hub {
            topics: Mutex::new(HashMap::new()),
            dropped: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(1),
            instance: crate::storage::random_hex(8),
            db,
            queue: Shared::default(),
        }
    }

    /// A new connection's id, the channel its events arrive on, and its notice of being dropped.
    pub fn connect(&self) -> Link {
        let id = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(CONNECTION_BACKLOG);
        let dropped = Arc::new(Notify::new());
        let mut all = self.dropped.lock().unwrap_or_else(|e| e.into_inner());
        all.insert(id, dropped.clone());
        Link {
            id,
            tx,
            rx,
            dropped,
        }
    }

    pub fn subscribe(&self, connection: u64, topic: String, tx: &mpsc::Sender<Event>) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        topics
            .entry(topic)
            .or_default()
            .insert(connection, tx.clone());
    }

    pub fn unsubscribe(&self, connection: u64, topic: &str) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(subscribers) = topics.get_mut(topic) {
            subscribers.remove(&connection);
            if subscribers.is_empty() {
                topics.remove(topic);
            }
        }
    }

    /// Forgets a connection everywhere.
    pub fn disconnect(&self, connection: u64) {
        self.unsubscribe_all(connection);
        let mut dropped = self.dropped.lock().unwrap_or_else(|e| e.into_inner());
        dropped.remove(&connection);
    }

    fn unsubscribe_all(&self, connection: u64) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        topics.retain(|_, subscribers| {
            subscribers.remove(&connection);
            !subscribers.is_empty()
        });
    }

    /// Tells this process's subscribers, and on PostgreSQL every other instance's.
    pub async fn publish(&self, event: Event) {
        self.deliver(&event);
        if let Db::Postgres(pool) = &self.db {
            let notice = Notice {
                from: self.instance.clone(),
                event,
            };
            let payload = serde_json::to_string(&notice).unwrap_or_default();
            if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(pool)
                .await
            {
                tracing::warn!("NOTIFY failed, other instances hear this late: {e}");
            }
        }
    }

    /// Connections currently subscribed to anything: for the load benchmark and /healthz.
    pub fn connections(&self) -> usize {
        let topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<u64> = topics.values().flat_map(|s| s.keys().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    fn deliver(&self, event: &Event) {
        if matches!(event, Event::Queue | Event::Resync) {
            self.queue.changed();
        }
        let stuck = self.send(event);
        // A stuck connection would miss events for good: it is told to end, and its client
        // reconnects and resumes from its cursors.
        let dropped = self.dropped.lock().unwrap_or_else(|e| e.into_inner());
        for connection in stuck {
            self.unsubscribe_all(connection);
            if let Some(notice) = dropped.get(&connection) {
                notice.notify_one();
            }
        }
    }

    /// Sends `event` to its topics' subscribers; returns those whose backlog is full.
    fn send(&self, event: &Event) -> Vec<u64> {
        let topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        let mut stuck = Vec::new();
        let targets: Vec<&Subscribers> = if matches!(event, Event::Resync) {
            topics.values().collect()
        } else {
            event
                .topics()
                .iter()
                .filter_map(|t| topics.get(t))
                .collect()
        };
        let mut sent = std::collections::HashSet::new();
        for subscribers in targets {
            for (connection, tx) in subscribers {
                if !sent.insert(*connection) {
                    continue;
                }
                if tx.try_send(event.clone()).is_err() {
                    stuck.push(*connection);
                }
            }
        }
        stuck
    }

    /// On PostgreSQL: listens for other instances' events until the process ends. sqlx's
    /// listener reconnects by itself; after a reconnect every connection re-reads, because
    /// notices sent while it was away are gone.
    pub fn spawn_listener(self: &std::sync::Arc<Self>) {
        let Db::Postgres(pool) = &self.db else {
            return;
        };
        let pool = pool.clone();
        let hub = self.clone();
        tokio::spawn(async move {
            loop {
                let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(listener) => listener,
                    Err(e) => {
                        tracing::warn!("LISTEN connection failed, retrying: {e}");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        continue;
                    }
                };
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!("LISTEN failed, retrying: {e}");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    continue;
                }
                hub.deliver(&Event::Resync);
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notification)) => hub.hear(notification.payload()),
                        // The connection dropped and will be re-made: catch up afterwards.
                        Ok(None) => hub.deliver(&Event::Resync),
                        Err(e) => {
                            tracing::warn!("LISTEN stopped, reconnecting: {e}");
                            break;
                        }
                    }
                }
            }
        });
    }

    fn hear(&self, payload: &str) {
        match serde_json::from_str::<Notice>(payload) {
            Ok(notice) if notice.from != self.instance => self.deliver(&notice.event),
            Ok(_) => {}
            Err(e) => tracing::warn!("ignoring a NOTIFY payload that is not an event: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_reach_only_their_topic_and_stuck_connections_are_dropped() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let dir = tempfile_dir();
            let db = Db::open(&dir, None).await.unwrap();
            let hub = Hub::new(db);
            // Each connection keeps its sender, as `Connection` does to subscribe with.
            let mut a = hub.connect();
            let mut b = hub.connect();
            hub.subscribe(a.id, conversation_topic("c1"), &a.tx);
            hub.subscribe(b.id, conversation_topic("c2"), &b.tx);
            let event = Event::Messages {
                conversation: "c1".into(),
                latest: None,
            };
            hub.publish(event.clone()).await;
            assert_eq!(a.rx.recv().await, Some(event));
            assert!(b.rx.try_recv().is_err());
            for _ in 0..=CONNECTION_BACKLOG {
                hub.deliver(&Event::Messages {
                    conversation: "c2".into(),
                    latest: None,
                });
            }
            assert_eq!(hub.connections(), 1, "b is stuck and dropped");
            let told = std::time::Duration::from_millis(100);
            let told = tokio::time::timeout(told, b.dropped.notified()).await;
            assert!(
                told.is_ok(),
                "b is told, so it can end and its client reconnect"
            );
            let not_told = std::time::Duration::from_millis(10);
            let not_told = tokio::time::timeout(not_told, a.dropped.notified()).await;
            assert!(not_told.is_err(), "a keeps up and stays");
            let _ = std::fs::remove_dir_all(&dir);
        });
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("helpdock-hub-{}", crate::storage::random_hex(6)));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
