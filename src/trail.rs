//! The visitor's trail: what they searched, opened and voted, on which page. It travels with a
//! handoff so the agent never asks again, and it survives page loads in sessionStorage.

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::host::object;

const STORAGE_KEY: &str = "helpdock.trail";
/// The agent needs the recent story, not every keystroke of a long visit.
const MAX_STEPS: usize = 50;

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
        self.entries.push(Entry {
            step,
            page: crate::host::current_url(),
            at: js_sys::Date::now(),
        });
        if self.entries.len() > MAX_STEPS {
            self.entries.drain(..self.entries.len() - MAX_STEPS);
        }
        self.save();
    }

    fn save(&self) {
        if let (Some(storage), Ok(json)) = (storage(), js_sys::JSON::stringify(&self.to_js())) {
            // A full or disabled storage only costs the trail across pages.
            let _ = storage.set_item(STORAGE_KEY, &String::from(json));
        }
    }

    pub fn to_js(&self) -> Array {
        self.entries.iter().map(entry_to_js).collect()
    }
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
