//! The widget's side of the loader (`public/helpdock.js`): the options it mounts with, the
//! events it forwards to `Helpdock.on(…)` listeners, the launcher's badge, and the page.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::i18n::Strings;

thread_local! {
    /// The loader's launcher button: its aria-expanded follows the panel, it carries the
    /// badge, and focus returns to it when the panel closes (WAI-ARIA dialog pattern).
    static LAUNCHER: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
    /// The loader's `emit(name, detail)`, which calls the page's listeners and returns how
    /// many there were.
    static EMIT: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// What the host page told us about itself (`setContext`, `data-context`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    /// The page path for URL patterns; empty means "the current location".
    pub page: String,
    /// Keys such as `payment_failed`, set by the host's error hooks.
    pub tags: Vec<String>,
    /// The signed-in user as the host describes them, kept as JSON for the agent.
    pub user: Option<String>,
}

pub fn connect(launcher: HtmlElement, emit: Option<Function>) {
    LAUNCHER.with(|l| *l.borrow_mut() = Some(launcher));
    EMIT.with(|e| *e.borrow_mut() = emit);
}

/// Reads a string field of a JS object, if it is one.
pub fn string_field(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok()?.as_string()
}

/// Reads `{page, tags, user}` as the loader passes it.
pub fn context_from_js(value: &JsValue) -> PageContext {
    if !value.is_object() {
        return PageContext::default();
    }
    let tags = Reflect::get(value, &"tags".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|t| {
            js_sys::Array::from(&t)
                .iter()
                .filter_map(|v| v.as_string())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .take(32)
                .collect()
        })
        .unwrap_or_default();
    let user = Reflect::get(value, &"user".into())
        .ok()
        .filter(|u| !u.is_undefined() && !u.is_null())
        .and_then(|u| js_sys::JSON::stringify(&u).ok())
        .and_then(|s| s.as_string());
    PageContext {
        page: string_field(value, "page").unwrap_or_default(),
        tags,
        user,
    }
}

/// Tells the page's listeners; returns how many listened.
pub fn emit(name: &str, detail: &Object) -> u32 {
    EMIT.with(|e| {
        e.borrow()
            .as_ref()
            .and_then(|f| f.call2(&JsValue::NULL, &name.into(), detail).ok())
            .and_then(|n| n.as_f64())
            .map_or(0, |n| n as u32)
    })
}

/// Builds a plain JS object from string and number fields.
pub fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

/// Keeps the launcher in step with the panel; on close, focus goes back to it.
pub fn sync_launcher(open: bool, was_open: bool) {
    with_launcher(|launcher| {
        let _ = launcher.set_attribute("aria-expanded", if open { "true" } else { "false" });
        if was_open && !open {
            let _ = launcher.focus();
        }
    });
}

/// Shows `count` proactive suggestions on the launcher, or none, in its visible badge and its
/// accessible name.
pub fn set_badge(count: usize, strings: &Strings) {
    with_launcher(|launcher| {
        if count == 0 {
            let _ = launcher.remove_attribute("data-badge");
            let _ = launcher.set_attribute("aria-label", strings.launcher);
        } else {
            let _ = launcher.set_attribute("data-badge", &count.to_string());
            let label = Strings::count(count, strings.launcher_badge_one, strings.launcher_badge);
            let _ = launcher.set_attribute("aria-label", &label);
        }
    });
}

fn with_launcher(f: impl FnOnce(&HtmlElement)) {
    LAUNCHER.with(|l| {
        if let Some(launcher) = l.borrow().as_ref() {
            f(launcher);
        }
    });
}

/// The host page's path, for URL patterns.
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The full URL, for the agent's view of the visitor's trail.
pub fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// A `performance.mark`, for the click-to-usable benchmark.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Offers `blob` to the visitor as a file download named `name`.
pub fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "no object URL")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link")?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    // In the host's document, not our shadow root: a click on a detached link is ignored by
    // some browsers, and the link never shows.
    let body = document.body().ok_or("no body")?;
    let _ = body.append_child(&link);
    link.click();
    let _ = body.remove_child(&link);
    // The download has its own reference by now; free ours after the click is handled.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
