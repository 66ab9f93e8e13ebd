//! The site owner's configuration file (`helpdock serve --config helpdock.toml`): who the site
//! is, how visitors reach a person, and which origins may embed the widget.
//!
//! ```toml
//! [site]
//! name = "安付钱包"
//!
//! [contact]
//! hotline = "95733"
//! utc_offset = "+08:00"   # the time zone the hours are in
//! open = "08:00"
//! close = "22:00"
//! days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
//!
//! [embed]
//! allowed_origins = ["https://shop.example.com"]
//!
//! [chat]
//! # Teams agents belong to; a merchant's chat goes to `merchant_team` first.
//! teams = [{ id = "general", name = "综合服务" }, { id = "merchant", name = "商户服务" }]
//! default_team = "general"
//! merchant_team = "merchant"
//! canned_replies = ["您好，我是客服，请问有什么可以帮您？"]
//! # The wait estimate's starting point before any chat has been handled, in seconds.
//! initial_handling_seconds = 300
//!
//! [limits]
//! requests_per_minute = 120      # per IP, every endpoint
//! messages_per_minute = 30       # per chat connection
//! upload_bytes = 5242880         # per screenshot
//! chats_per_hour = 30            # chats and left messages per client
//! # Reverse proxies in front of the server (addresses or ranges): a request from one is
//! # counted under the client its X-Forwarded-For names. Empty by default: no header counts.
//! trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
//! ```
//!
//! Every key is optional; a server without a file has no hotline and is always open.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::ServeError;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(default)]
    pub site: Site,
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    pub embed: Embed,
    #[serde(default)]
    pub chat: Chat,
    #[serde(default)]
    pub limits: Limits,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chat {
    #[serde(default = "default_teams")]
    pub teams: Vec<Team>,
    #[serde(default = "default_team")]
    pub default_team: String,
    #[serde(default = "merchant_team")]
    pub merchant_team: String,
    #[serde(default)]
    pub canned_replies: Vec<String>,
    #[serde(default = "initial_handling_seconds")]
    pub initial_handling_seconds: u32,
}

impl Default for Chat {
    fn default() -> Self {
        Chat {
            teams: default_teams(),
            default_team: default_team(),
            merchant_team: merchant_team(),
            canned_replies: Vec::new(),
            initial_handling_seconds: initial_handling_seconds(),
        }
    }
}

impl Chat {
    /// The team a new chat goes to: merchants to the merchant team, everyone else to the
    /// default one.
    pub fn team_for(&self, customer_kind: &str) -> &str {
        if customer_kind == "merchant" && self.has_team(&self.merchant_team) {
            &self.merchant_team
        } else {
            &self.default_team
        }
    }

    fn check(&self) -> Result<(), String> {
        for team in &self.teams {
            let ok = !team.id.is_empty()
                && team.id.len() <= 32
                && team
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                return Err(format!(
                    "chat.teams: id {:?} must be a-z, 0-9 or -",
                    team.id
                ));
            }
        }
        if !self.has_team(&self.default_team) {
            return Err(format!(
                "chat.default_team {:?} is not one of chat.teams",
                self.default_team
            ));
        }
        Ok(())
    }

    pub fn has_team(&self, id: &str) -> bool {
        self.teams.iter().any(|t| t.id == id)
    }
}

fn default_teams() -> Vec<Team> {
    vec![
        Team {
            id: "general".into(),
            name: "综合服务".into(),
        },
        Team {
            id: "merchant".into(),
            name: "商户服务".into(),
        },
    ]
}
fn default_team() -> String {
    "general".into()
}
fn merchant_team() -> String {
    "merchant".into()
}
fn initial_handling_seconds() -> u32 {
    300
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    #[serde(default = "requests_per_minute")]
    pub requests_per_minute: u32,
    #[serde(default = "messages_per_minute")]
    pub messages_per_minute: u32,
    #[serde(default = "upload_bytes")]
    pub upload_bytes: usize,
    /// Chats and left messages one client may start in an hour.
    #[serde(default = "chats_per_hour")]
    pub chats_per_hour: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`crate::proxy`).
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            requests_per_minute: requests_per_minute(),
            messages_per_minute: messages_per_minute(),
            upload_bytes: upload_bytes(),
            chats_per_hour: chats_per_hour(),
            trusted_proxies: Vec::new(),
        }
    }
}

fn requests_per_minute() -> u32 {
    600
}
fn messages_per_minute() -> u32 {
    60
}
fn chats_per_hour() -> u32 {
    30
}
fn upload_bytes() -> usize {
    5 * 1024 * 1024
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub hotline: String,
    #[serde(default = "default_offset")]
    pub utc_offset: String,
    #[serde(default = "default_open")]
    pub open: String,
    #[serde(default = "default_close")]
    pub close: String,
    #[serde(default = "every_day")]
    pub days: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embed {
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

impl Default for Contact {
    fn default() -> Self {
        Contact {
            hotline: String::new(),
            utc_offset: default_offset(),
            open: default_open(),
            close: default_close(),
            days: every_day(),
        }
    }
}

fn default_offset() -> String {
    "+00:00".into()
}
fn default_open() -> String {
    "00:00".into()
}
fn default_close() -> String {
    "24:00".into()
}
fn every_day() -> Vec<String> {
    WEEKDAYS.iter().map(|d| d.to_string()).collect()
}

/// Business hours, checked and in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub utc_offset_minutes: i32,
    pub open: u32,
    pub close: u32,
    /// Bit 0 is Monday.
    pub days: u8,
}

/// What the widget needs to know about the site: `GET /api/v1/widget-config`.
#[derive(Debug, Serialize)]
pub struct WidgetConfig {
    pub site: Site,
    pub contact: ContactView,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub hotline: String,
    pub open: String,
    pub close: String,
    pub utc_offset: String,
    /// ISO weekday numbers, 1 = Monday.
    pub days: Vec<u8>,
    pub open_now: bool,
}

impl SiteConfig {
    /// Reads and checks the file; every mistake names the file and the key.
    pub fn load(path: &Path) -> Result<SiteConfig, ServeError> {
        let text = std::fs::read_to_string(path).map_err(|source| ServeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |message: String| ServeError::Config {
            path: path.to_path_buf(),
            message,
        };
        let config: SiteConfig = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
        config.contact.hours().map_err(bad)?;
        config.chat.check().map_err(bad)?;
        crate::proxy::TrustedProxies::parse(&config.limits.trusted_proxies).map_err(bad)?;
        if config.limits.requests_per_minute == 0 || config.limits.messages_per_minute == 0 {
            return Err(bad("limits.*_per_minute must be at least 1".into()));
        }
        Ok(config)
    }

    pub fn widget_config(&self, now: SystemTime) -> WidgetConfig {
        let hours = self.contact.hours().unwrap_or(Hours::ALWAYS);
        WidgetConfig {
            site: self.site.clone(),
            contact: ContactView {
                hotline: self.contact.hotline.clone(),
                open: self.contact.open.clone(),
                close: self.contact.close.clone(),
                utc_offset: self.contact.utc_offset.clone(),
                days: (0..7)
                    .filter(|d| hours.days & (1 << d) != 0)
                    .map(|d| d + 1)
                    .collect(),
                open_now: hours.open_at(now),
            },
        }
    }
}

impl Contact {
    pub fn hours(&self) -> Result<Hours, String> {
        let mut days = 0u8;
        for day in &self.days {
            let at = WEEKDAYS
                .iter()
                .position(|d| d.eq_ignore_ascii_case(day))
                .ok_or_else(|| format!("contact.days: {day:?} is not one of {WEEKDAYS:?}"))?;
            days |= 1 << at;
        }
        let open = clock("contact.open", &self.open)?;
        let close = clock("contact.close", &self.close)?;
        if close <= open {
            return Err(format!(
                "contact.close ({}) must be after contact.open ({})",
                self.close, self.open
            ));
        }
        Ok(Hours {
            utc_offset_minutes: offset("contact.utc_offset", &self.utc_offset)?,
            open,
            close,
            days,
        })
    }
}

impl Hours {
    const ALWAYS: Hours = Hours {
        utc_offset_minutes: 0,
        open: 0,
        close: 24 * 60,
        days: 0x7f,
    };

    /// Whether agents are on duty at `now`.
    pub fn open_at(&self, now: SystemTime) -> bool {
        let seconds = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let local_minutes = seconds / 60 + i64::from(self.utc_offset_minutes);
        let day_number = local_minutes.div_euclid(24 * 60);
        let minute = local_minutes.rem_euclid(24 * 60) as u32;
        // 1970-01-01 was a Thursday: weekday 3 counting from Monday = 0.
        let weekday = (day_number + 3).rem_euclid(7) as u8;
        self.days & (1 << weekday) != 0 && (self.open..self.close).contains(&minute)
    }
}

/// `08:30` → 510. `24:00` is allowed as a closing time.
fn clock(key: &str, text: &str) -> Result<u32, String> {
    let parsed = text.split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0)) && text.len() == 5).then_some(h * 60 + m)
    });
    parsed.ok_or_else(|| format!("{key}: {text:?} is not a time like \"08:30\""))
}

/// `+08:00` → 480.
fn offset(key: &str, text: &str) -> Result<i32, String> {
    let sign = match text.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => 0,
    };
    let minutes = clock(key, text.get(1..).unwrap_or(""))
        .ok()
        .filter(|&m| sign != 0 && m <= 14 * 60);
    minutes
        .map(|m| sign * m as i32)
        .ok_or_else(|| format!("{key}: {text:?} is not a UTC offset like \"+08:00\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(unix: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix)
    }

    #[test]
    fn hours_follow_the_sites_time_zone_and_days() {
        let contact = Contact {
            utc_offset: "+08:00".into(),
            open: "09:00".into(),
            close: "18:00".into(),
            days: vec![
                "mon".into(),
                "tue".into(),
                "wed".into(),
                "thu".into(),
                "fri".into(),
            ],
            ..Contact::default()
        };
        let hours = contact.hours().unwrap();
        // 2026-11-23 is a Monday. 02:00 UTC is 10:00 in Beijing: open.
        assert!(hours.open_at(at(1_795_399_200)));
        // 12:00 UTC is 20:00 in Beijing: closed.
        assert!(!hours.open_at(at(1_795_435_200)));
        // Saturday 2026-11-28, 10:00 in Beijing: closed.
        assert!(!hours.open_at(at(1_795_831_200)));
    }

    #[test]
    fn mistakes_name_the_key() {
        let bad = |c: Contact| c.hours().unwrap_err();
        assert!(bad(Contact {
            open: "8:00".into(),
            ..Contact::default()
        })
        .contains("contact.open"));
        assert!(bad(Contact {
            close: "25:00".into(),
            ..Contact::default()
        })
        .contains("contact.close"));
        assert!(bad(Contact {
            utc_offset: "08:00".into(),
            ..Contact::default()
        })
        .contains("utc_offset"));
        assert!(bad(Contact {
            days: vec!["monday".into()],
            ..Contact::default()
        })
        .contains("days"));
        assert!(bad(Contact {
            open: "18:00".into(),
            close: "09:00".into(),
            ..Contact::default()
        })
        .contains("after"));
    }
}
