//! The panel: a WAI-ARIA modal dialog holding the search, article and contact views. It keeps
//! focus inside while open (Tab wraps), closes on Esc, and `/` jumps back to the search box.

use leptos::ev::KeyboardEvent;
use leptos::html::{Div, Input};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot};

use crate::article_view::ArticleView;
use crate::contact_view::ContactView;
use crate::host;
use crate::search_view::{request_focus, SearchView};
use crate::state::{IndexState, WidgetState};

const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

#[component]
pub fn App(state: WidgetState) -> impl IntoView {
    provide_context(state);
    state.load_index();
    state.load_site();
    state.chat.resume();
    state.send_queued_form();
    let panel_ref = NodeRef::<Div>::new();
    let input_ref = NodeRef::<Input>::new();
    // An index that failed to load (offline on the first open) loads once the network is back.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if matches!(state.index.get_untracked(), IndexState::Failed) {
            state.load_index();
        }
    });
    on_cleanup(move || online.remove());

    Effect::new(move |was_open: Option<bool>| {
        let open = state.open.get();
        host::sync_launcher(open, was_open.unwrap_or(false));
        open
    });
    // The launcher's badge: articles for the problem the host just reported, until seen.
    Effect::new(move |_| {
        let count = if state.unseen_badge.get() {
            state.problem_articles()
        } else {
            0
        };
        host::set_badge(count, state.strings());
    });
    // A conversation picked up from an earlier page or another tab is what the panel shows.
    Effect::new(move |had: Option<bool>| {
        let has = state.chat.conversation.with(Option::is_some);
        if has && had == Some(false) {
            state.contact.set(true);
        }
        has
    });
    // Once the widget is about to offer a person, fetch the chat's code in the background.
    Effect::new(move |_| {
        if state.offer_chat() {
            crate::chat_module::preload(state.chat);
        }
    });
    // Focus moves when what the panel shows changes, and only then: not when the index or an
    // article's body arrives while the visitor is tabbing through the panel.
    let showing = Memo::new(move |_| showing(state));
    Effect::new(move |_| match showing.get() {
        Showing::Closed => {}
        Showing::Search => request_focus(input_ref),
        // The way back, first in the article; the contact panel's heading, the top of it.
        Showing::Article(_) => focus_in(panel_ref, ".hd-article > .hd-back"),
        Showing::Contact => focus_in(panel_ref, "#hd-contact-title"),
    });
    // The moment the panel is usable: open, index loaded, box focused.
    Effect::new(move |marked: Option<bool>| {
        let searching = showing.get() == Showing::Search;
        let ready = matches!(state.index.get(), IndexState::Ready(_));
        if searching && ready && marked != Some(true) {
            request_animation_frame(|| host::mark("helpdock:usable"));
            return true;
        }
        marked.unwrap_or(false)
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        // Esc while composing pinyin cancels the composition, not the panel.
        "Escape" if !composing(&ev) => {
            ev.prevent_default();
            state.set_open(false);
        }
        "Tab" => {
            if let Some(panel) = panel_ref.get_untracked() {
                trap_focus(&panel, &ev);
            }
        }
        "/" if !typing(&ev) => {
            ev.prevent_default();
            state.article.set(None);
            state.contact.set(false);
            request_focus(input_ref);
        }
        _ => {}
    };

    // Everything below is rebuilt when the locale changes (rare), so no string needs its own
    // reactive binding: less code in the wasm.
    move || {
        state.locale.track();
        panel(state, panel_ref, input_ref, on_keydown)
    }
}

fn panel(
    state: WidgetState,
    panel_ref: NodeRef<Div>,
    input_ref: NodeRef<Input>,
    on_keydown: impl Fn(KeyboardEvent) + Copy + 'static,
) -> impl IntoView {
    let strings = state.strings_untracked();
    view! {
        <div
            class="hd-panel"
            node_ref=panel_ref
            role="dialog"
            aria-modal="true"
            aria-labelledby="hd-title"
            lang=state.locale.get_untracked().tag()
            hidden=move || !state.open.get()
            on:keydown=on_keydown
        >
            <div class="hd-header">
                <h2 id="hd-title" class="hd-title">{strings.panel_title}</h2>
                <button
                    type="button"
                    class="hd-header-button hd-contact-button"
                    on:click=move |_| state.show_contact()
                >
                    {strings.contact_button}
                </button>
                <button
                    type="button"
                    class="hd-close"
                    aria-label=strings.close
                    on:click=move |_| state.set_open(false)
                >
                    "×"
                </button>
            </div>
            <SearchView input_ref=input_ref/>
            <ArticleView/>
            <ContactView/>
        </div>
    }
}

/// What the panel shows.
#[derive(Clone, PartialEq)]
enum Showing {
    Closed,
    Search,
    Article(String),
    Contact,
}

fn showing(state: WidgetState) -> Showing {
    if !state.open.get() {
        Showing::Closed
    } else if state.contact.get() {
        Showing::Contact
    } else {
        match state.article.with(|a| a.as_ref().map(|a| a.id.clone())) {
            Some(id) => Showing::Article(id),
            None => Showing::Search,
        }
    }
}

/// Focuses the panel's first element matching `selector`, once the view change is drawn.
fn focus_in(panel_ref: NodeRef<Div>, selector: &'static str) {
    request_animation_frame(move || {
        let target = (panel_ref.get_untracked())
            .and_then(|panel| panel.query_selector(selector).ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
        }
    });
}

/// Whether the key is part of an input method's composition (pinyin, zhuyin): Enter there
/// picks the characters and Esc cancels them. Safari sends such keydowns; 229 is their code.
pub fn composing(ev: &KeyboardEvent) -> bool {
    ev.is_composing() || ev.key_code() == 229
}

/// Whether the key went to a text field, where `/` is just a character.
fn typing(ev: &KeyboardEvent) -> bool {
    let path = ev.composed_path();
    path.get(0)
        .dyn_ref::<HtmlElement>()
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Tab from the last focusable element goes to the first, Shift+Tab from the first to the last.
fn trap_focus(panel: &web_sys::HtmlDivElement, ev: &KeyboardEvent) {
    let Ok(nodes) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let visible: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.get(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (visible.first(), visible.last()) else {
        return;
    };
    let active = panel
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let outside = !visible.iter().any(at);
    if ev.shift_key() && (at(first) || outside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || outside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
