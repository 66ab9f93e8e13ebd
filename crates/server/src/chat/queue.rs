//! The queue: a waiting visitor's place in line and the estimated wait, and which waiting
//! chats an agent sees.
//!
//! The estimate is the number of chats ahead, divided among the agents online for the team,
//! times the mean handling time (accept to close) of the last [`HANDLING_SAMPLE`] chats. Before
//! any chat has been handled it starts from the site's `initial_handling_seconds`.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdock_protocol::ServerFrame;

use crate::site::Chat;
use crate::storage::agents::Agent;
use crate::storage::chat::QueueEntry;
use crate::storage::{now_ms, Db, StoreError};

/// How many recent chats the handling time is averaged over.
pub const HANDLING_SAMPLE: i64 = 20;
/// After this long in its team's queue, a chat shows for every agent, not only its team's.
pub const OVERFLOW_MS: i64 = 2 * 60 * 1000;

/// How long a snapshot serves with no queue event in between: an agent whose heartbeats stop
/// drops out of "online" by the clock, with no event to say so.
const SNAPSHOT_MAX_AGE: Duration = Duration::from_secs(5);

/// A snapshot of the queue, read once and used for every waiting visitor.
pub struct Snapshot {
    pub waiting: Vec<QueueEntry>,
    pub online: Vec<Agent>,
    pub handling_ms: i64,
}

impl Snapshot {
    /// The queue now, shared with every other reader since the last change (`Shared`).
    pub async fn latest(
        hub: &super::hub::Hub,
        db: &Db,
        chat: &Chat,
    ) -> Result<Arc<Snapshot>, StoreError> {
        hub.queue.get(|| Snapshot::read(db, chat)).await
    }

    async fn read(db: &Db, chat: &Chat) -> Result<Snapshot, StoreError> {
        let waiting = db.waiting().await?;
        let online = db.online_agents().await?;
        let recent = db.recent_handling_ms(HANDLING_SAMPLE).await?;
        let handling_ms = if recent.is_empty() {
            i64::from(chat.initial_handling_seconds) * 1000
        } else {
            recent.iter().map(|ms| (*ms).max(0)).sum::<i64>() / recent.len() as i64
        };
        Ok(Snapshot {
            waiting,
            online,
            handling_ms,
        })
    }

    /// Agents online who can take a chat of `team`: its own, or anyone if it has none.
    pub fn agents_for(&self, team: &str) -> usize {
        let own = (self.online.iter())
            .filter(|a| a.teams.iter().any(|t| t == team))
            .count();
        if own > 0 {
            own
        } else {
            self.online.len()
        }
    }

    /// The queue frame for a waiting conversation, or `None` if it is not waiting.
    pub fn frame_for(&self, conversation: &str) -> Option<ServerFrame> {
        let me = self.waiting.iter().find(|w| w.id == conversation)?;
        let position = 1
            + (self.waiting.iter())
                .take_while(|w| w.id != conversation)
                .filter(|w| w.team == me.team)
                .count();
        let agents = self.agents_for(&me.team);
        let eta_ms = if agents == 0 {
            0
        } else {
            // Chats ahead are shared among the agents; this one starts when a slot frees.
            let rounds = position.div_ceil(agents) as i64;
            rounds * self.handling_ms
        };
        Some(ServerFrame::Queue {
            conversation: conversation.to_string(),
            position: position as u32,
            eta_seconds: (eta_ms / 1000) as u32,
            agents_online: agents as u32,
        })
    }

    /// Whether `agent` sees a waiting chat: their team's, or one that has overflowed because
    /// its team has nobody online or it waited too long.
    pub fn visible_to(&self, agent: &Agent, entry: &QueueEntry) -> bool {
        let own_team = agent.teams.contains(&entry.team);
        let team_online = (self.online.iter()).any(|a| a.teams.contains(&entry.team));
        own_team || !team_online || now_ms() - entry.queued_at > OVERFLOW_MS
    }
}

/// The latest snapshot, shared by every connection. One queue change wakes every waiting
/// visitor's connection, and each used to read the whole queue for itself: with 500 waiting,
/// one accepted chat cost 1,500 queries of up to 500 rows. Now the first connection to ask
/// reads, and the rest take its snapshot.
pub struct Shared<T> {
    /// Queue changes heard so far ([`Shared::changed`]).
    changes: AtomicU64,
    /// The latest snapshot, the changes it includes, and when it was read. Held across the
    /// read, so connections asking meanwhile wait for it rather than read too.
    latest: tokio::sync::Mutex<Latest<T>>,
}

struct Latest<T> {
    snapshot: Option<(u64, Instant, Arc<T>)>,
    /// When a read last failed. Those who waited for it fail too, at once: with the database
    /// down, 500 visitors would otherwise each wait out its timeout in turn, holding the lock.
    failed: Option<Instant>,
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared {
            changes: AtomicU64::new(0),
            latest: tokio::sync::Mutex::new(Latest {
                snapshot: None,
                failed: None,
            }),
        }
    }
}

impl<T> Shared<T> {
    /// The queue changed: the next caller reads again. Called before the change's event
    /// reaches any connection, so whoever hears it reads (or waits for) a newer snapshot.
    pub fn changed(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// A snapshot that includes every change heard so far: the shared one, or `read`'s.
    pub async fn get<F>(&self, read: impl FnOnce() -> F) -> Result<Arc<T>, StoreError>
    where
        F: Future<Output = Result<T, StoreError>>,
    {
        let asked = Instant::now();
        let wanted = self.changes.load(Ordering::Acquire);
        let mut latest = self.latest.lock().await;
        if let Some((seen, at, snapshot)) = latest.snapshot.as_ref() {
            if *seen >= wanted && at.elapsed() < SNAPSHOT_MAX_AGE {
                return Ok(snapshot.clone());
            }
        }
        if latest.failed.is_some_and(|failed| failed >= asked) {
            return Err(StoreError::Unavailable);
        }
        // Changes heard from here on may be missing from this read; they make the next one.
        let seen = self.changes.load(Ordering::Acquire);
        let at = Instant::now();
        match read().await {
            Ok(snapshot) => {
                let snapshot = Arc::new(snapshot);
                latest.snapshot = Some((seen, at, snapshot.clone()));
                Ok(snapshot)
            }
            Err(e) => {
                latest.failed = Some(Instant::now());
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, team: &str) -> QueueEntry {
        QueueEntry {
            id: id.into(),
            team: team.into(),
            category: String::new(),
            customer_kind: String::new(),
            description: String::new(),
            queued_at: now_ms(),
        }
    }

    fn agent(teams: &[&str]) -> Agent {
        Agent {
            username: "a".into(),
            display_name: "A".into(),
            teams: teams.iter().map(|t| t.to_string()).collect(),
            disabled: false,
            presence: "online".into(),
        }
    }

    #[test]
    fn position_counts_the_same_team_and_the_wait_divides_among_agents() {
        let snapshot = Snapshot {
            waiting: vec![
                entry("a", "general"),
                entry("m", "merchant"),
                entry("b", "general"),
                entry("c", "general"),
            ],
            online: vec![agent(&["general"]), agent(&["general"])],
            handling_ms: 240_000,
        };
        let Some(ServerFrame::Queue {
            position,
            eta_seconds,
            agents_online,
            ..
        }) = snapshot.frame_for("c")
        else {
            panic!("c is waiting");
        };
        assert_eq!((position, agents_online), (3, 2));
        assert_eq!(
            eta_seconds,
            2 * 240,
            "3 ahead-or-me over 2 agents: 2 rounds"
        );
        // No merchant agent online: the merchant chat overflows to everyone.
        assert_eq!(snapshot.agents_for("merchant"), 2);
        assert!(snapshot.visible_to(&agent(&["general"]), &snapshot.waiting[1]));
        assert!(snapshot.frame_for("gone").is_none());
    }

    #[tokio::test]
    async fn one_read_serves_every_connection_a_change_wakes() {
        let shared = Shared::<u32>::default();
        let reads = std::sync::atomic::AtomicU32::new(0);
        let read = || async {
            let n = reads.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::task::yield_now().await;
            Ok(n)
        };
        assert_eq!(*shared.get(read).await.unwrap(), 1);
        // A change, then a hundred connections woken by it at once: one read between them.
        shared.changed();
        let all = futures_util::future::join_all((0..100).map(|_| shared.get(read))).await;
        assert!(all.iter().all(|s| **s.as_ref().unwrap() == 2));
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // Nothing changed: the snapshot stands. A failed read is not kept.
        assert_eq!(*shared.get(read).await.unwrap(), 2);
        shared.changed();
        assert!(shared
            .get(|| async { Err(StoreError::NotFound) })
            .await
            .is_err());
        assert_eq!(*shared.get(read).await.unwrap(), 3);

        // A read that fails fails those who waited for it too, without trying again each.
        shared.changed();
        let failing = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Err::<u32, _>(StoreError::NotFound)
        };
        let all = futures_util::future::join_all((0..50).map(|_| shared.get(failing))).await;
        assert!(all.iter().all(Result::is_err));
        assert_eq!(reads.load(Ordering::SeqCst), 4);
        // Who asks after the failure reads again.
        assert_eq!(*shared.get(read).await.unwrap(), 5);
    }
}
