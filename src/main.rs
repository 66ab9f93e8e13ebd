//! The Helpdock widget: a Leptos app compiled to wasm, mounted by the loader script
//! (`public/helpdock.js`) inside a shadow root on the host page.
//!
//! The loader draws the launcher and imports this module when the browser is idle or on the
//! first click; it calls [`mount`] once, then the functions below as the page calls
//! `Helpdock.open()`, `search(q)`, `setContext(…)` and the rest. Events go back through the
//! `emit` function the loader passes in.

mod app;
mod article_view;
mod chat;
mod chat_module;
mod chat_view;
mod contact_view;
mod fetch;
mod highlight;
mod home_view;
mod host;
mod i18n;
mod prechat_view;
mod search_view;
mod site;
mod state;
mod trail;

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::state::WidgetState;

thread_local! {
    static MOUNTED: RefCell<Option<WidgetState>> = const { RefCell::new(None) };
}

/// Trunk calls `main` when the module initialises; the loader mounts explicitly.
fn main() {}

/// Mounts the widget into `root`. `options` holds `server` (the Helpdock origin), `locale` (a
/// BCP 47 tag), `context` (`{page, tags, user}`), `emit(name, detail)` and `index` (a promise of
/// the index's bytes, fetched while the wasm compiled). Mounting twice is a no-op.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, launcher: HtmlElement, options: JsValue) -> Result<(), JsValue> {
    if MOUNTED.with(|m| m.borrow().is_some()) {
        return Ok(());
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("hd-app");
    root.append_child(&container)?;

    let emit = js_sys::Reflect::get(&options, &"emit".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    host::connect(launcher, emit);
    let server = host::string_field(&options, "server").unwrap_or_default();
    let locale = host::string_field(&options, "locale").unwrap_or_default();
    let context = js_sys::Reflect::get(&options, &"context".into()).unwrap_or(JsValue::UNDEFINED);
    let prefetched_index = js_sys::Reflect::get(&options, &"index".into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let state = WidgetState::new(
        server.trim_end_matches('/').to_string(),
        i18n::Locale::from_tag(&locale),
        host::context_from_js(&context),
        prefetched_index,
    );
    MOUNTED.with(|m| *m.borrow_mut() = Some(state));
    leptos::mount::mount_to(container, move || app::App(app::AppProps { state })).forget();
    Ok(())
}

fn with_state(f: impl FnOnce(WidgetState)) {
    if let Some(state) = MOUNTED.with(|m| *m.borrow()) {
        f(state);
    }
}

#[wasm_bindgen]
pub fn open() {
    with_state(|s| s.set_open(true));
}

#[wasm_bindgen]
pub fn close() {
    with_state(|s| s.set_open(false));
}

#[wasm_bindgen]
pub fn toggle() {
    with_state(|s| s.set_open(!s.open.get_untracked()));
}

/// Opens the panel on the results for `query`.
#[wasm_bindgen]
pub fn search(query: String) {
    with_state(|s| {
        // Opened first: a badge's articles, which opening shows, give way to the results.
        s.set_open(true);
        s.article.set(None);
        s.contact.set(false);
        s.type_query(query);
    });
}

/// Opens the panel on one article, once the index knows it.
#[wasm_bindgen(js_name = openArticle)]
pub fn open_article(id: String) {
    with_state(|s| {
        s.set_open(true);
        // The index may still be loading: open the article as soon as it is there.
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            // None while the index loads; then whether it has the article.
            let known = s.with_index(|index| index.doc_by_id(&id).is_some());
            match known {
                Some(true) => s.open_article(id.clone()),
                // The site's own mistake (a typo, an article since removed): said where its
                // developer looks, and the panel opens on its first view.
                Some(false) => {
                    s.article.set(None);
                    web_sys::console::warn_1(
                        &format!("Helpdock.openArticle: no article has the id \"{id}\"").into(),
                    );
                }
                None => {}
            }
            known.is_some()
        });
    });
}

/// `{page, tags, user}` from the host page; new tags light the launcher's badge.
#[wasm_bindgen(js_name = setContext)]
pub fn set_context(context: JsValue) {
    with_state(|s| s.set_context(host::context_from_js(&context)));
}

#[wasm_bindgen(js_name = setLocale)]
pub fn set_locale(tag: String) {
    with_state(|s| s.locale.set(i18n::Locale::from_tag(&tag)));
}
