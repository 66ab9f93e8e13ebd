//! The search engine alone, for `bench/peers`: load an index, run a query, get ranked ids.
//!
//! The widget calls the very same [`Index::search`] on every keystroke; this module leaves out
//! the widget's interface so the benchmark times the engine as the peers' engines are timed,
//! and counts the engine's bytes as the peers' libraries are counted.

use std::cell::RefCell;

use helpdock_search::{Index, SearchOptions};
use wasm_bindgen::prelude::*;

thread_local! {
    static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
}

/// Adds a shard of a split index (see `helpdock_search::shards`).
#[wasm_bindgen(js_name = addShard)]
pub fn add_shard(bytes: &[u8]) -> Result<(), JsError> {
    INDEX.with(|slot| match slot.borrow_mut().as_mut() {
        Some(index) => index
            .add_shard(bytes)
            .map(|_| ())
            .map_err(|e| JsError::new(&e.to_string())),
        None => Err(JsError::new("no index loaded")),
    })
}

/// The paths, relative to `index.bin`, of the shards the calls since the last one needed and
/// did not have. The page fetches and adds them, then asks again, as the widget does.
#[wasm_bindgen]
pub fn missing() -> Vec<String> {
    INDEX.with(|slot| {
        slot.borrow().as_ref().map_or_else(Vec::new, |index| {
            index.take_missing().into_iter().map(|m| m.1).collect()
        })
    })
}

/// Decodes an `index.bin`, replacing any index loaded before; returns its article count.
#[wasm_bindgen]
pub fn load(bytes: &[u8]) -> Result<usize, JsError> {
    let index = Index::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    let count = index.len();
    INDEX.with(|slot| *slot.borrow_mut() = Some(index));
    Ok(count)
}

/// The ids of the articles, in the index's order: what [`search`]'s numbers stand for. The page
/// maps numbers to ids in JavaScript, as it does for FlexSearch, so that no engine's timing
/// includes decoding strings it returns.
#[wasm_bindgen]
pub fn ids() -> Vec<String> {
    INDEX.with(|slot| {
        (slot.borrow().as_ref()).map_or_else(Vec::new, |index| {
            index.docs().iter().map(|d| d.id.clone()).collect()
        })
    })
}

/// The numbers (see [`ids`]) of the best `limit` articles for `query`, ranked as the widget
/// ranks them while the visitor types (the last word is a prefix). Like the peers' engines in
/// the benchmark, it returns the ranking only; the widget then cuts a snippet for each hit it
/// shows.
#[wasm_bindgen]
pub fn search(query: &str, limit: usize) -> Vec<u32> {
    INDEX.with(|slot| {
        slot.borrow().as_ref().map_or_else(Vec::new, |index| {
            let options = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            (index.rank(query, &options).into_iter())
                .map(|(doc, _)| doc)
                .collect()
        })
    })
}

/// [`search`] with the snippets and title highlights the widget shows: the widget's whole
/// per-keystroke search work.
#[wasm_bindgen(js_name = searchWithSnippets)]
pub fn search_with_snippets(query: &str, limit: usize) -> Vec<String> {
    INDEX.with(|slot| {
        slot.borrow().as_ref().map_or_else(Vec::new, |index| {
            let options = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            index
                .search(query, &options)
                .into_iter()
                .map(|hit| hit.id)
                .collect()
        })
    })
}
