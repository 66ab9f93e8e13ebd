//! The panel: a WAI-ARIA dialog holding the search view and the article view.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::article_view::ArticleView;
use crate::search_view::SearchView;
use crate::state::WidgetState;

#[component]
pub fn App(state: WidgetState) -> impl IntoView {
    provide_context(state);
    let strings = state.locale.strings();
    state.load_index();

    Effect::new(move |was_open: Option<bool>| {
        let open = state.open.get();
        crate::sync_launcher(open, was_open.unwrap_or(false));
        open
    });

    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            state.open.set(false);
        }
    };

    view! {
        <div
            class="hd-panel"
            role="dialog"
            aria-modal="true"
            aria-labelledby="hd-title"
            lang=state.locale.tag()
            hidden=move || !state.open.get()
            on:keydown=on_keydown
        >
            <header class="hd-header">
                <h2 id="hd-title" class="hd-title">{strings.panel_title}</h2>
                <button
                    type="button"
                    class="hd-close"
                    aria-label=strings.close
                    on:click=move |_| state.open.set(false)
                >
                    "×"
                </button>
            </header>
            <SearchView/>
            <ArticleView/>
        </div>
    }
}
