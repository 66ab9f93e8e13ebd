//! The search box and its results, following the WAI-ARIA combobox pattern: focus stays in the
//! input, ↑/↓ move the active option, Enter opens it.

use helpdock_search::{Hit, SearchOptions};
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

use crate::highlight::Highlighted;
use crate::state::{IndexState, WidgetState};

#[component]
pub fn SearchView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.locale.strings();
    let active = RwSignal::new(None::<usize>);
    let input_ref = NodeRef::<Input>::new();

    // Search runs on every keystroke, in the browser, with the same code as `helpdock search`.
    let hits = Memo::new(move |_| {
        let query = state.query.get();
        state.index.with(|index| match index {
            IndexState::Ready(index) => index.search(&query, &SearchOptions::default()),
            _ => Vec::new(),
        })
    });

    let focus_input = move || {
        request_animation_frame(move || {
            if let Some(input) = input_ref.get_untracked() {
                let _ = input.focus();
            }
        })
    };
    Effect::new(move |_| {
        if state.open.get() && state.article.with(Option::is_none) {
            focus_input();
        }
    });

    let open_hit = move |hit: &Hit| state.open_article(hit.id.clone(), hit.title.clone());
    let on_keydown = move |ev: KeyboardEvent| {
        let count = hits.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if count > 0 => {
                ev.prevent_default();
                let i = active.get_untracked().unwrap_or(0);
                hits.with_untracked(|hits| hits.get(i).map(open_hit));
            }
            _ => {}
        }
    };

    let status = move || match (state.index.get(), state.query.with(|q| q.trim().is_empty())) {
        (IndexState::Loading, _) => strings.loading_index.to_string(),
        (IndexState::Failed(message), _) => format!("{}: {message}", strings.index_failed),
        (IndexState::Ready(_), true) => strings.start_hint.to_string(),
        (IndexState::Ready(_), false) => match hits.with(Vec::len) {
            0 => strings.no_results.to_string(),
            n => strings.result_count.replace("{n}", &n.to_string()),
        },
    };

    let results = move || {
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, hit)| {
                let selected = move || active.get() == Some(i);
                let on_click = {
                    let hit = hit.clone();
                    move |_| open_hit(&hit)
                };
                view! {
                    <li
                        id=format!("hd-result-{i}")
                        data-id=hit.id.clone()
                        class="hd-result"
                        class:hd-active=selected
                        role="option"
                        aria-selected=move || selected().to_string()
                        on:click=on_click
                    >
                        <span class="hd-result-title">
                            <Highlighted text=hit.title ranges=hit.title_highlights/>
                        </span>
                        <span class="hd-result-snippet">
                            <Highlighted text=hit.snippet.text ranges=hit.snippet.highlights/>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <div class="hd-search" hidden=move || state.article.with(Option::is_some)>
            <input
                node_ref=input_ref
                class="hd-input"
                type="search"
                role="combobox"
                aria-label=strings.search_label
                aria-autocomplete="list"
                aria-controls="hd-results"
                aria-expanded=move || hits.with(|h| !h.is_empty()).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("hd-result-{i}"))
                placeholder=strings.search_placeholder
                autocomplete="off"
                enterkeyhint="search"
                prop:value=move || state.query.get()
                on:input=move |ev| {
                    state.query.set(event_target_value(&ev));
                    active.set(None);
                }
                on:keydown=on_keydown
            />
            <p class="hd-status" role="status" aria-live="polite">{status}</p>
            <Show when=move || matches!(state.index.get(), IndexState::Failed(_))>
                <button type="button" class="hd-retry" on:click=move |_| state.load_index()>
                    {strings.retry}
                </button>
            </Show>
            <ul id="hd-results" class="hd-results" role="listbox" aria-label=strings.results_label>
                {results}
            </ul>
        </div>
    }
}
