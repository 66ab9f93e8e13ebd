//! The widget's state: a handful of signals, shared through context.

use std::sync::Arc;

use helpdock_search::Index;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::fetch;
use crate::i18n::Locale;

#[derive(Clone)]
pub enum IndexState {
    Loading,
    Ready(Arc<Index>),
    Failed(String),
}

#[derive(Clone, PartialEq)]
pub enum ArticleBody {
    Loading,
    /// HTML sanitised by `helpdock build` (ammonia) before it was published.
    Ready(String),
    Failed,
}

#[derive(Clone, PartialEq)]
pub struct OpenArticle {
    pub id: String,
    pub title: String,
    pub body: ArticleBody,
}

#[derive(Clone, Copy)]
pub struct WidgetState {
    pub open: RwSignal<bool>,
    pub locale: Locale,
    pub server: StoredValue<String>,
    pub index: RwSignal<IndexState>,
    pub query: RwSignal<String>,
    pub article: RwSignal<Option<OpenArticle>>,
}

impl WidgetState {
    pub fn new(server: String, locale: Locale) -> Self {
        WidgetState {
            open: RwSignal::new(false),
            locale,
            server: StoredValue::new(server),
            index: RwSignal::new(IndexState::Loading),
            query: RwSignal::new(String::new()),
            article: RwSignal::new(None),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.get_value())
    }

    /// Fetches the index once; the whole help center is searched in the browser from then on.
    pub fn load_index(self) {
        self.index.set(IndexState::Loading);
        let url = self.url("/help/index.bin");
        spawn_local(async move {
            let loaded = fetch::bytes(&url)
                .await
                .and_then(|bytes| Index::from_bytes(&bytes).map_err(|e| e.to_string()));
            self.index.set(match loaded {
                Ok(index) => IndexState::Ready(Arc::new(index)),
                Err(message) => {
                    web_sys::console::error_1(&format!("Helpdock: {message}").into());
                    IndexState::Failed(message)
                }
            });
        });
    }

    /// Shows an article inside the widget, fetching its body.
    pub fn open_article(self, id: String, title: String) {
        let url = self.url(&format!("/help/fragments/{id}.html"));
        self.article.set(Some(OpenArticle {
            id: id.clone(),
            title,
            body: ArticleBody::Loading,
        }));
        spawn_local(async move {
            let body = match fetch::text(&url).await {
                Ok(html) => ArticleBody::Ready(html),
                Err(_) => ArticleBody::Failed,
            };
            // The visitor may have gone back or opened another article meanwhile.
            self.article.update(|open| {
                if let Some(article) = open.as_mut().filter(|a| a.id == id) {
                    article.body = body;
                }
            });
        });
    }
}
