//! The visitor's trail: what they searched, opened and voted, on which page. It travels with a
//! handoff so the agent never asks again, and it survives page loads in sessionStorage.

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::host::object;

const STORAGE_KEY: &str = "helpdock.trail";
/// The agent needs the recent story, not every keystroke of a long visit.
const MAX_STEPS: usize = 50;
/// The trail as JSON stays under this, half what the server accepts: a long pasted query or
/// long page addresses drop the oldest steps, and never make the form refused.
const MAX_BYTES: usize = 16 * 1024;
/// A query or a page address longer than this is cut: a pasted error log is not a query.
const MAX_TEXT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Search { query: String, results: usize },
    Article { id: String, title: String },
    Vote { id: String, helpful: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub step: Step,
    pub page: String,
    /// Milliseconds since the epoch.
    pub at: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trail {
    pub entries: Vec<Entry>,
}

impl Trail {
    /// The trail of this tab's earlier pages, if any.
    pub fn restore() -> Trail {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let parsed = stored.and_then(|text| js_sys::JSON::parse(&text).ok());
        let entries = parsed
            .filter(Array::is_array)
            .map(|list| {
                Array::from(&list)
                    .iter()
                    .filter_map(|v| entry_from_js(&v))
                    .collect()
            })
            .unwrap_or_default();
        Trail { entries }
    }

    pub fn push(&mut self, step: Step) {
        // A card number typed into the search box is masked by the server before any agent
        // sees it (the guard's code stays in the chat module, fetched only for a chat).
        let step = match step {
            Step::Search { query, results } => Step::Search {
                query: cut(&query),
                results,
            },
            other => other,
        };
        self.entries.push(Entry {
            step,
            page: cut(page_address(&crate::host::current_url())),
            at: js_sys::Date::now(),
        });
        if self.entries.len() > MAX_STEPS {
            self.entries.drain(..self.entries.len() - MAX_STEPS);
        }
        self.save();
    }

    fn save(&mut self) {
        // Each entry measured once, the newest kept while they fit (plus commas and brackets).
        let mut total = 2;
        let keep = (self.entries.iter().rev())
            .take_while(|entry| {
                total += stringify(&entry_to_js(entry)).len() + 1;
                total <= MAX_BYTES
            })
            .count();
        self.entries.drain(..self.entries.len() - keep);
        if let Some(storage) = storage() {
            // A full or disabled storage only costs the trail across pages.
            let _ = storage.set_item(STORAGE_KEY, &stringify(&self.to_js().into()));
        }
    }

    pub fn to_js(&self) -> Array {
        self.entries.iter().map(entry_to_js).collect()
    }
}

/// A page's address without its query string and fragment, which may carry a session or a
/// reset token: the agent needs to know which page, not its parameters.
fn page_address(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_TEXT_CHARS).collect()
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).map_or_else(|_| String::new(), String::from)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn entry_to_js(entry: &Entry) -> JsValue {
    let common = [
        ("page", entry.page.as_str().into()),
        ("at", entry.at.into()),
    ];
    let fields: Vec<(&str, JsValue)> = match &entry.step {
        Step::Search { query, results } => vec![
            ("kind", "search".into()),
            ("query", query.as_str().into()),
            ("results", (*results as f64).into()),
        ],
        Step::Article { id, title } => vec![
            ("kind", "article".into()),
            ("id", id.as_str().into()),
            ("title", title.as_str().into()),
        ],
        Step::Vote { id, helpful } => vec![
            ("kind", "vote".into()),
            ("id", id.as_str().into()),
            ("helpful", (*helpful).into()),
        ],
    };
    let object: Object = object(&[fields, common.to_vec()].concat());
    object.into()
}

fn entry_from_js(value: &JsValue) -> Option<Entry> {
    use crate::host::string_field;
    let number = |key: &str| js_sys::Reflect::get(value, &key.into()).ok()?.as_f64();
    let step = match string_field(value, "kind")?.as_str() {
        "search" => Step::Search {
            query: string_field(value, "query")?,
            results: number("results")? as usize,
        },
        "article" => Step::Article {
            id: string_field(value, "id")?,
            title: string_field(value, "title")?,
        },
        "vote" => Step::Vote {
            id: string_field(value, "id")?,
            helpful: js_sys::Reflect::get(value, &"helpful".into())
                .ok()?
                .as_bool()?,
        },
        _ => return None,
    };
    Some(Entry {
        step,
        page: string_field(value, "page").unwrap_or_default(),
        at: number("at").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_address_keeps_its_path_not_its_parameters() {
        assert_eq!(
            page_address("https://shop.example/orders/7?token=abc#pay"),
            "https://shop.example/orders/7"
        );
        assert_eq!(
            page_address("https://shop.example/help"),
            "https://shop.example/help"
        );
    }

    #[test]
    fn long_text_is_cut_by_characters() {
        let long = "退".repeat(500);
        assert_eq!(cut(&long).chars().count(), MAX_TEXT_CHARS);
    }
}
