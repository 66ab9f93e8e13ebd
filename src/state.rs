//! The widget's state: a handful of signals, shared through context, and the actions that
//! change them. Views read signals; everything that also tells the host page or the trail
//! goes through a method here, so the story the agent gets is complete.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use helpdock_search::{Index, SearchOptions};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::chat::ChatState;
use crate::chat_module;
use crate::fetch;
use crate::host::{self, PageContext};
use crate::i18n::{Locale, Strings};
use crate::site::SiteInfo;
use crate::trail::{Step, Trail};

/// A query counts as a search (for the trail, the `search` event and the chat offer) once the
/// visitor stops typing for this long, or presses Enter, or opens a result.
const SEARCH_SETTLE: Duration = Duration::from_millis(900);
/// Searches in a row without opening an article, and "not helpful" votes, before the widget
/// offers a person.
pub const FRUITLESS_SEARCHES: u32 = 3;
pub const NOT_HELPFUL_VOTES: u32 = 2;

#[derive(Clone)]
pub enum IndexState {
    Loading,
    /// Locked only to add a split index's shards as they arrive.
    Ready(Arc<RwLock<Index>>),
    /// Why is in the console; the visitor is offered a retry.
    Failed,
}

/// A failed shard is not asked for again for this long: offline, searches answer from the
/// shards at hand meanwhile.
const SHARD_RETRY_MS: f64 = 10_000.0;

/// The shards of a split index being fetched, and those that failed (path → when).
#[derive(Default)]
struct ShardFetches {
    in_flight: Vec<String>,
    failed: Vec<(String, f64)>,
}

#[derive(Clone, PartialEq)]
pub enum ArticleBody {
    Loading,
    /// HTML sanitised by `helpdock build` (ammonia) before it was published.
    Ready(String),
    /// The page could not be fetched (offline, or the server failed): the article's plain
    /// text from the index, one block per line, which search already holds.
    TextOnly(String),
    Failed,
}

#[derive(Clone, PartialEq)]
pub struct OpenArticle {
    pub id: String,
    pub title: String,
    pub body: ArticleBody,
}

/// How long a form queued offline waits before trying again when the server did not answer
/// (the browser's `online` event covers a network that comes back sooner).
pub const RETRY_QUEUED_FORM: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Clone, Copy)]
pub struct WidgetState {
    pub open: RwSignal<bool>,
    pub locale: RwSignal<Locale>,
    pub server: StoredValue<String>,
    pub index: RwSignal<IndexState>,
    pub query: RwSignal<String>,
    pub article: RwSignal<Option<OpenArticle>>,
    /// The contact panel is showing.
    pub contact: RwSignal<bool>,
    pub context: RwSignal<PageContext>,
    pub site: RwSignal<Option<SiteInfo>>,
    pub trail: RwSignal<Trail>,
    /// The last query counted as a search, so a pause does not count it twice.
    last_search: StoredValue<String>,
    pub fruitless_searches: RwSignal<u32>,
    pub not_helpful_votes: RwSignal<u32>,
    /// Article id → the visitor's vote.
    pub votes: RwSignal<Vec<(String, bool)>>,
    /// The way to a person: forms, queue and conversation.
    pub chat: ChatState,
    /// Suggestions for the host's context keys not yet seen: the launcher's badge.
    pub unseen_badge: RwSignal<bool>,
    /// Shards of a split index on their way; search shows "loading" meanwhile.
    pub shards_pending: RwSignal<usize>,
    shard_fetches: StoredValue<ShardFetches>,
    /// The loader's early fetch of the index, used once.
    prefetched_index: StoredValue<Option<js_sys::Promise>, LocalStorage>,
}

impl WidgetState {
    pub fn new(
        server: String,
        locale: Locale,
        context: PageContext,
        prefetched_index: Option<js_sys::Promise>,
    ) -> Self {
        WidgetState {
            open: RwSignal::new(false),
            locale: RwSignal::new(locale),
            server: StoredValue::new(server.clone()),
            index: RwSignal::new(IndexState::Loading),
            query: RwSignal::new(String::new()),
            article: RwSignal::new(None),
            contact: RwSignal::new(false),
            unseen_badge: RwSignal::new(!context.tags.is_empty()),
            context: RwSignal::new(context),
            site: RwSignal::new(None),
            trail: RwSignal::new(Trail::restore()),
            last_search: StoredValue::new(String::new()),
            fruitless_searches: RwSignal::new(0),
            not_helpful_votes: RwSignal::new(0),
            votes: RwSignal::new(Vec::new()),
            chat: ChatState::new(server.clone()),
            shards_pending: RwSignal::new(0),
            shard_fetches: StoredValue::new(ShardFetches::default()),
            prefetched_index: StoredValue::new_local(prefetched_index),
        }
    }

    pub fn strings(&self) -> &'static Strings {
        self.locale.get().strings()
    }

    /// The strings without subscribing: views read them once, and the panel is rebuilt when
    /// the locale changes.
    pub fn strings_untracked(&self) -> &'static Strings {
        self.locale.get_untracked().strings()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.get_value())
    }

    /// The language suggestions should be in: `zh` for both Chinese locales.
    pub fn language(&self) -> &'static str {
        match self.locale.get() {
            Locale::En => "en",
            Locale::ZhCn | Locale::ZhTw => "zh",
        }
    }

    /// The page path URL patterns match: what `setContext` said, or where the visitor is.
    pub fn page_path(&self) -> String {
        let page = self.context.with(|c| c.page.clone());
        if page.is_empty() {
            host::current_path()
        } else {
            page
        }
    }

    /// Fetches the index once (or takes the loader's fetch); the whole help center is searched
    /// in the browser from then on.
    pub fn load_index(self) {
        self.index.set(IndexState::Loading);
        let url = self.url("/help/index.bin");
        let prefetched = self
            .prefetched_index
            .try_update_value(Option::take)
            .flatten();
        spawn_local(async move {
            // Offline, the copy the browser cached on an earlier visit still searches.
            let prefetched = match prefetched {
                Some(promise) => fetch::buffer(promise).await.ok(),
                None => None,
            };
            let bytes = match prefetched {
                Some(bytes) => Ok(bytes),
                None => fetch::bytes_or_cached(&url).await,
            };
            host::mark("helpdock:index-fetched");
            let loaded =
                bytes.and_then(|bytes| Index::from_bytes(&bytes).map_err(|e| e.to_string()));
            host::mark("helpdock:index-ready");
            self.index.set(match loaded {
                Ok(index) => IndexState::Ready(Arc::new(RwLock::new(index))),
                Err(message) => {
                    web_sys::console::error_1(&format!("Helpdock: {message}").into());
                    IndexState::Failed
                }
            });
        });
    }

    /// Fetches the hotline and hours; without them the contact panel shows what it can.
    pub fn load_site(self) {
        let url = self.url("/api/v1/widget-config");
        spawn_local(async move {
            match fetch::text(&url).await {
                Ok(text) => self.site.set(SiteInfo::from_json(&text)),
                Err(message) => web_sys::console::warn_1(&format!("Helpdock: {message}").into()),
            }
        });
    }

    /// `f`'s answer from the index, or None while the index, or a shard of a split index
    /// that the answer needs, is still loading: the shards are fetched, and callers in a
    /// reactive context run again when they arrive (see `helpdock_search::shards`).
    pub fn with_index<T>(&self, f: impl FnOnce(&Index) -> T) -> Option<T> {
        let index = self.index.with(|index| match index {
            IndexState::Ready(index) => Some(Arc::clone(index)),
            _ => None,
        })?;
        let index = index.read().ok()?;
        let _ = index.take_missing();
        let answer = f(&index);
        let missing: Vec<String> = index.take_missing().into_iter().map(|m| m.1).collect();
        if missing.is_empty() || !self.fetch_shards(missing) {
            Some(answer)
        } else {
            None
        }
    }

    /// Starts fetching the shards not already on their way; false when all of them failed
    /// a moment ago, so the answer from the shards at hand is the best there is.
    fn fetch_shards(self, paths: Vec<String>) -> bool {
        let now = js_sys::Date::now();
        let (wanted, new) = self
            .shard_fetches
            .try_update_value(|f| {
                f.failed.retain(|(_, when)| now - *when < SHARD_RETRY_MS);
                let wanted: Vec<String> = (paths.into_iter())
                    .filter(|p| !f.failed.iter().any(|(failed, _)| failed == p))
                    .collect();
                let new: Vec<String> = (wanted.iter())
                    .filter(|p| !f.in_flight.contains(p))
                    .cloned()
                    .collect();
                f.in_flight.extend(new.iter().cloned());
                (!wanted.is_empty(), new)
            })
            .unwrap_or_default();
        if !new.is_empty() {
            // Signals change in a task of their own, never while a memo is computing.
            spawn_local(self.add_shards(new));
        }
        wanted
    }

    async fn add_shards(self, paths: Vec<String>) {
        self.shards_pending.update(|n| *n += paths.len());
        let urls: Vec<String> = paths
            .iter()
            .map(|p| self.url(&format!("/help/{p}")))
            .collect();
        let fetched = fetch::bytes_all(&urls).await;
        let index = self.index.with_untracked(|index| match index {
            IndexState::Ready(index) => Some(Arc::clone(index)),
            _ => None,
        });
        let now = js_sys::Date::now();
        for (path, bytes) in paths.iter().zip(fetched) {
            let added = bytes.and_then(|bytes| match index.as_ref().map(|i| i.write()) {
                Some(Ok(mut index)) => index.add_shard(&bytes).map_err(|e| e.to_string()),
                _ => Err("the index is gone".into()),
            });
            if let Err(message) = added {
                web_sys::console::warn_1(&format!("Helpdock: shard {path}: {message}").into());
                self.shard_fetches.update_value(|f| {
                    f.failed.push((path.clone(), now));
                });
            }
            self.shard_fetches.update_value(|f| {
                f.in_flight.retain(|p| p != path);
            });
        }
        self.shards_pending
            .update(|n| *n = n.saturating_sub(paths.len()));
        // Everything that read the index reads it again, now with these shards.
        self.index.update(|_| ());
    }

    /// How many articles for the problems the host reported (`setContext` tags) the panel
    /// shows: the number on the launcher's badge.
    pub fn problem_articles(&self) -> usize {
        let keys = self.context.with(|c| c.tags.clone());
        if keys.is_empty() {
            return 0;
        }
        self.with_index(|index| {
            (index
                .for_context("", &keys, Some(self.language()))
                .into_iter())
            .filter(|(_, why)| *why == helpdock_search::ContextMatch::Key)
            .count()
            // No more than the panel shows: the badge is a promise.
            .min(crate::home_view::FOR_CONTEXT)
        })
        .unwrap_or(0)
    }

    pub fn set_open(self, open: bool) {
        if self.open.get_untracked() == open {
            return;
        }
        self.open.set(open);
        if open {
            // The badge promised articles for the problem the host just reported: they are
            // what the panel shows, not the article it was closed on (unless a chat is on).
            let promised =
                self.unseen_badge.get_untracked() && untrack(|| self.problem_articles()) > 0;
            if promised && !self.chat.has_open_conversation() {
                self.article.set(None);
                self.contact.set(false);
                self.query.set(String::new());
            }
            self.unseen_badge.set(false);
        } else {
            self.commit_search();
        }
        host::emit(if open { "open" } else { "close" }, &host::object(&[]));
    }

    /// A new query from the search box; it counts as a search once it settles.
    pub fn type_query(self, query: String) {
        self.query.set(query.clone());
        set_timeout(
            move || {
                if self.query.get_untracked() == query {
                    self.commit_search();
                }
            },
            SEARCH_SETTLE,
        );
    }

    /// Records the current query as a search, once.
    pub fn commit_search(self) {
        let query = self.query.get_untracked().trim().to_string();
        if query.is_empty() || self.last_search.get_value() == query {
            return;
        }
        let results = self.with_index(|index| index.rank(&query, &SearchOptions::default()).len());
        if results.is_none() && self.shard_fetches.with_value(|f| !f.in_flight.is_empty()) {
            // The shards this query needs are on their way: count it once they are here.
            set_timeout(
                move || {
                    if self.query.get_untracked().trim() == query {
                        self.commit_search();
                    }
                },
                Duration::from_millis(200),
            );
            return;
        }
        self.last_search.set_value(query.clone());
        let results = results.unwrap_or(0);
        self.trail.update(|t| {
            t.push(Step::Search {
                query: query.clone(),
                results,
            })
        });
        self.fruitless_searches.update(|n| *n += 1);
        if results == 0 {
            self.report_gap(&query);
        }
        host::emit(
            "search",
            &host::object(&[
                ("query", query.as_str().into()),
                ("results", (results as f64).into()),
            ]),
        );
    }

    /// Tells the site owner a search found nothing: the console lists these as the articles to
    /// write next. A report that cannot be sent (offline) is not worth keeping.
    fn report_gap(&self, query: &str) {
        let url = self.url("/api/v1/search-gaps");
        // The server folds and masks it.
        let query: String = query.chars().take(100).collect();
        let locale = self.locale.get_untracked().tag();
        spawn_local(async move {
            let form = host::object(&[("query", query.as_str().into()), ("locale", locale.into())]);
            if let Ok(body) = fetch::json_body(&form) {
                let _ = fetch::api("POST", &url, None, Some(&body)).await;
            }
        });
    }

    /// The article's text from the index, when its page cannot be had.
    fn article_text(&self, id: &str) -> ArticleBody {
        self.with_index(|index| index.doc_by_id(id).map(|d| d.body.clone()))
            .flatten()
            .filter(|text| !text.trim().is_empty())
            .map_or(ArticleBody::Failed, ArticleBody::TextOnly)
    }

    /// Shows an article inside the widget, fetching its body.
    pub fn open_article(self, id: String) {
        let Some(title) = self
            .with_index(|index| index.doc_by_id(&id).map(|d| d.title.clone()))
            .flatten()
        else {
            return;
        };
        self.commit_search();
        self.fruitless_searches.set(0);
        self.contact.set(false);
        self.trail.update(|t| {
            t.push(Step::Article {
                id: id.clone(),
                title: title.clone(),
            })
        });
        host::emit(
            "article",
            &host::object(&[("id", id.as_str().into()), ("title", title.as_str().into())]),
        );
        let url = self.url(&format!("/help/articles/{id}.html"));
        self.article.set(Some(OpenArticle {
            id: id.clone(),
            title,
            body: ArticleBody::Loading,
        }));
        spawn_local(async move {
            let page = fetch::text_or_cached(&url).await;
            let body = match page.as_deref().map(crate::article_view::article_body) {
                Ok(Some(html)) => ArticleBody::Ready(html.to_owned()),
                _ => self.article_text(&id),
            };
            // The visitor may have gone back or opened another article meanwhile.
            self.article.update(|open| {
                if let Some(article) = open.as_mut().filter(|a| a.id == id) {
                    article.body = body;
                }
            });
        });
    }

    /// "Was this helpful?" One vote per article; a changed mind replaces it.
    pub fn vote(self, id: String, helpful: bool) {
        let previous = self
            .votes
            .with(|v| v.iter().find(|(i, _)| *i == id).map(|v| v.1));
        if previous == Some(helpful) {
            return;
        }
        self.votes.update(|votes| {
            votes.retain(|(i, _)| *i != id);
            votes.push((id.clone(), helpful));
        });
        match (previous, helpful) {
            (Some(false), true) => self.not_helpful_votes.update(|n| *n = n.saturating_sub(1)),
            (_, false) => self.not_helpful_votes.update(|n| *n += 1),
            _ => {}
        }
        self.trail.update(|t| {
            t.push(Step::Vote {
                id: id.clone(),
                helpful,
            })
        });
        host::emit(
            "rating",
            &host::object(&[("article", id.as_str().into()), ("helpful", helpful.into())]),
        );
    }

    /// Whether to offer a person: the visitor has searched in vain or found articles unhelpful.
    pub fn offer_chat(&self) -> bool {
        self.fruitless_searches.get() >= FRUITLESS_SEARCHES
            || self.not_helpful_votes.get() >= NOT_HELPFUL_VOTES
    }

    /// A form the visitor sent offline on an earlier page of this tab (or before a reload)
    /// goes out now, and again at the browser's `online` events and every half minute while
    /// it waits. Everyone else never fetches the chat module here.
    pub fn send_queued_form(self) {
        if crate::chat::store::queued_to_send().is_none() {
            return;
        }
        self.try_queued_form();
        // Kept for the page's life: the widget is mounted once.
        let _ = window_event_listener(leptos::ev::online, move |_| self.try_queued_form());
    }

    fn try_queued_form(self) {
        if crate::chat::store::queued_to_send().is_none() {
            return;
        }
        let send = move |module: chat_module::ChatModule| (module.send_queued)(self);
        chat_module::with_chat(self.chat, send, move || self.send_queued_form_later());
    }

    /// One retry pending at a time, however many sends fail meanwhile.
    pub fn send_queued_form_later(self) {
        thread_local! {
            static SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if SCHEDULED.replace(true) {
            return;
        }
        let retry = move || {
            SCHEDULED.set(false);
            self.try_queued_form();
        };
        set_timeout(retry, RETRY_QUEUED_FORM);
    }

    pub fn show_contact(self) {
        self.commit_search();
        self.contact.set(true);
        chat_module::preload(self.chat);
    }

    /// The visitor asks for a person. The page's `handoff` listeners hear of it with everything
    /// the agent will see (for their analytics or their own CRM), and the chat starts.
    pub fn hand_off(self, reason: &str) {
        self.commit_search();
        let context = self.context.get_untracked();
        let user = context
            .user
            .as_deref()
            .and_then(|u| js_sys::JSON::parse(u).ok())
            .unwrap_or(JsValue::NULL);
        let tags: js_sys::Array = context
            .tags
            .iter()
            .map(|t| JsValue::from(t.as_str()))
            .collect();
        let detail = host::object(&[
            ("reason", reason.into()),
            ("trail", self.trail.with_untracked(|t| t.to_js()).into()),
            ("page", host::current_url().into()),
            ("tags", tags.into()),
            ("user", user),
            ("locale", self.locale.get_untracked().tag().into()),
        ]);
        host::emit("handoff", &detail);
        self.chat.ask();
    }

    /// The pre-chat form's JSON: the page, the language and the trail travel with the
    /// visitor's own words, so the agent never asks again.
    pub fn handoff_context(&self) -> js_sys::Object {
        host::object(&[
            ("locale", self.locale.get_untracked().tag().into()),
            ("page", host::current_url().into()),
            ("trail", self.trail.with_untracked(|t| t.to_js()).into()),
        ])
    }

    /// The last thing the visitor searched for: the pre-chat description starts from it.
    pub fn last_query(&self) -> String {
        self.trail.with_untracked(|t| {
            (t.entries.iter().rev())
                .find_map(|e| match &e.step {
                    Step::Search { query, .. } => Some(query.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        })
    }

    pub fn set_context(self, context: PageContext) {
        let new_tags = context.tags.iter().any(|t| {
            !self
                .context
                .with_untracked(|c| c.tags.iter().any(|old| old == t))
        });
        self.context.set(context);
        if new_tags && !self.open.get_untracked() {
            self.unseen_badge.set(true);
        }
    }
}
