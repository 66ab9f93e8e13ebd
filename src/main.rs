//! The Helpdock widget: a Leptos app compiled to wasm, mounted by the loader script
//! (`public/helpdock.js`) inside a shadow root on the host page.
//!
//! The loader draws the launcher and imports this module on the first click; it then calls
//! [`mount`] once and [`open`], [`close`] or [`toggle`] after that.

mod app;
mod article_view;
mod fetch;
mod highlight;
mod i18n;
mod search_view;
mod state;

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::state::WidgetState;

thread_local! {
    static MOUNTED: RefCell<Option<WidgetState>> = const { RefCell::new(None) };
    /// The loader's launcher button: its aria-expanded follows the panel, and focus returns to
    /// it when the panel closes (WAI-ARIA dialog pattern).
    static LAUNCHER: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// Trunk calls `main` when the module initialises; the loader mounts explicitly.
fn main() {}

/// Mounts the widget into `root`. `server` is the Helpdock origin that serves the index and
/// articles; `locale` is a BCP 47 tag. Mounting twice is a no-op.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    launcher: HtmlElement,
    server: String,
    locale: String,
) -> Result<(), JsValue> {
    if MOUNTED.with(|m| m.borrow().is_some()) {
        return Ok(());
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("hd-app");
    root.append_child(&container)?;
    LAUNCHER.with(|l| *l.borrow_mut() = Some(launcher));

    let state = WidgetState::new(
        server.trim_end_matches('/').to_string(),
        i18n::Locale::from_tag(&locale),
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
    with_state(|s| s.open.set(true));
}

#[wasm_bindgen]
pub fn close() {
    with_state(|s| s.open.set(false));
}

#[wasm_bindgen]
pub fn toggle() {
    with_state(|s| s.open.update(|open| *open = !*open));
}

/// Keeps the launcher in step with the panel; on close, focus goes back to it.
pub(crate) fn sync_launcher(open: bool, was_open: bool) {
    LAUNCHER.with(|l| {
        if let Some(launcher) = l.borrow().as_ref() {
            let _ = launcher.set_attribute("aria-expanded", if open { "true" } else { "false" });
            if was_open && !open {
                let _ = launcher.focus();
            }
        }
    });
}
