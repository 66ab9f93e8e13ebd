//! The smallest search widget that Leptos and Helpdock's engine make: a launcher button, and a
//! dialog with a search box whose results are the engine's hits, title and snippet. No strings
//! catalog, home screen, article view, contact card, JS API or offline handling.
//!
//! `bench/widget-floor.sh` builds it as the widget is built and prints its size, with and
//! without the engine (feature `engine`): the bytes any Leptos widget with this search engine
//! starts from, against the widget's 150 KB gzip goal (BENCHMARKS.md).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[cfg(feature = "engine")]
mod engine {
    use std::cell::RefCell;

    use helpdock_search::{Index, SearchOptions};
    use wasm_bindgen::prelude::*;

    thread_local! {
        static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
    }

    /// Decodes an `index.bin`, as the widget does when its fetch completes.
    #[wasm_bindgen]
    pub fn load(bytes: &[u8]) -> Result<(), JsError> {
        let index = Index::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        INDEX.with(|slot| *slot.borrow_mut() = Some(index));
        Ok(())
    }

    /// Adds a shard of a split index, as the widget does.
    #[wasm_bindgen(js_name = addShard)]
    pub fn add_shard(bytes: &[u8]) -> Result<(), JsError> {
        INDEX.with(|slot| match slot.borrow_mut().as_mut() {
            Some(index) => (index.add_shard(bytes))
                .map(|_| ())
                .map_err(|e| JsError::new(&e.to_string())),
            None => Err(JsError::new("no index loaded")),
        })
    }

    /// Each hit's title and snippet.
    pub fn results(query: &str) -> Vec<(String, String)> {
        INDEX.with(|slot| {
            let index = slot.borrow();
            let hits = index
                .as_ref()
                .map(|i| i.search(query, &SearchOptions::default()));
            let hits = hits.unwrap_or_default().into_iter();
            hits.map(|hit| (hit.title, hit.snippet.text)).collect()
        })
    }
}

#[cfg(not(feature = "engine"))]
mod engine {
    /// Made-up results, so that Leptos's list code is all there.
    pub fn results(query: &str) -> Vec<(String, String)> {
        let hit = |i| (format!("{query} {i}"), query.to_string());
        (0..query.len()).map(hit).collect()
    }
}

#[component]
fn Shell() -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| engine::results(&query.get()));
    let result = |(title, snippet): (String, String)| {
        view! { <li role="option">{title}<span>{snippet}</span></li> }
    };
    view! {
        <button
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            "Help"
        </button>
        <Show when=move || open.get()>
            <div role="dialog" aria-label="Help">
                <input
                    type="search"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <ul role="listbox">{move || results.get().into_iter().map(result).collect_view()}</ul>
            </div>
        </Show>
    }
}

/// Draws the launcher and the dialog into `root`.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement) {
    leptos::mount::mount_to(root, Shell).forget();
}
