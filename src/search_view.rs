//! The search box and its results, following the WAI-ARIA combobox pattern: focus stays in the
//! input, ↑/↓ move the active option, Enter opens it, and the list is announced.
//!
//! Around it: completions as the visitor types, "contact a human" as the first option for
//! queries that ask for one, "did you mean" when nothing matches, and the home screen (page
//! suggestions, popular articles, hotline) before anything is typed.

use helpdock_search::{Hit, SearchOptions};
use leptos::ev::KeyboardEvent;
use leptos::html::Input;
use leptos::prelude::*;

use crate::highlight::Highlighted;
use crate::home_view::{ChatOffer, HomeView};
use crate::i18n::Strings;
use crate::state::{IndexState, WidgetState};

/// One option of the listbox.
#[derive(Clone, PartialEq)]
enum Choice {
    /// The query asks for a person (转人工, talk to a human).
    Contact,
    Article(Hit),
}

const COMPLETIONS: usize = 3;

#[component]
pub fn SearchView(input_ref: NodeRef<Input>) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    let active = RwSignal::new(None::<usize>);

    // Search runs on every keystroke, in the browser, with the same code as `helpdock search`.
    // While a split index fetches the shards a new query needs, the last results stay.
    let choices = Memo::new(move |previous: Option<&Vec<Choice>>| {
        let query = state.query.get();
        state
            .with_index(|index| {
                let mut choices = Vec::new();
                if index.intent(&query) == Some("human") {
                    choices.push(Choice::Contact);
                }
                let hits = index.search(&query, &SearchOptions::default());
                choices.extend(hits.into_iter().map(Choice::Article));
                choices
            })
            .unwrap_or_else(|| previous.cloned().unwrap_or_default())
    });
    // A new list (typed, `Helpdock.search`, a reopened panel) has nothing highlighted yet:
    // `aria-activedescendant` and Enter must not name a row of the old one.
    Effect::new(move |_| {
        choices.track();
        active.set(None);
    });
    let article_count =
        move || choices.with(|c| c.iter().filter(|c| matches!(c, Choice::Article(_))).count());
    let completions = Memo::new(move |_| {
        let query = state.query.get();
        state
            .with_index(|index| index.completions(&query, COMPLETIONS))
            .unwrap_or_default()
    });
    let respelling = Memo::new(move |_| {
        let query = state.query.get();
        if query.trim().is_empty() {
            return None;
        }
        state
            .with_index(|index| index.did_you_mean(&query))
            .flatten()
    });

    let choose = move |choice: &Choice| match choice {
        Choice::Contact => state.show_contact(),
        Choice::Article(hit) => state.open_article(hit.id.clone()),
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let count = choices.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if !crate::app::composing(&ev) => {
                ev.prevent_default();
                state.commit_search();
                let i = active.get_untracked().unwrap_or(0);
                choices.with_untracked(|c| c.get(i).map(choose));
            }
            _ => {}
        }
    };
    let set_query = move |query: String| {
        state.type_query(query);
        active.set(None);
    };

    let status = move || match (state.index.get(), state.query.with(|q| q.trim().is_empty())) {
        (IndexState::Loading, _) => strings.loading_index.to_string(),
        // The details are in the console (state.rs); a visitor gets words, not an HTTP status.
        (IndexState::Failed, _) => strings.index_failed.to_string(),
        (IndexState::Ready(_), true) => String::new(),
        (IndexState::Ready(_), false) if state.shards_pending.get() > 0 => {
            strings.loading_index.to_string()
        }
        (IndexState::Ready(_), false) => match article_count() {
            0 => strings.no_results.to_string(),
            n => Strings::count(n, strings.result_count_one, strings.result_count),
        },
    };

    let option_view = move |(i, choice): (usize, Choice)| {
        let selected = move || active.get() == Some(i);
        let on_click = {
            let choice = choice.clone();
            move |_| choose(&choice)
        };
        let (data_id, body) = match choice {
            Choice::Contact => (
                "contact".to_string(),
                view! {
                    <span class="hd-result-title">{strings.intent_option}</span>
                    <span class="hd-result-snippet">{strings.intent_option_hint}</span>
                }
                .into_any(),
            ),
            Choice::Article(hit) => (
                hit.id.clone(),
                view! {
                    <span class="hd-result-title">
                        <Highlighted text=hit.title ranges=hit.title_highlights/>
                    </span>
                    <span class="hd-result-snippet">
                        <Highlighted text=hit.snippet.text ranges=hit.snippet.highlights/>
                    </span>
                }
                .into_any(),
            ),
        };
        view! {
            <li
                id=format!("hd-result-{i}")
                data-id=data_id.clone()
                class="hd-result"
                class:hd-contact-option=data_id == "contact"
                class:hd-active=selected
                role="option"
                aria-selected=move || selected().to_string()
                on:click=on_click
            >
                {body}
            </li>
        }
    };

    let is_empty = move || state.query.with(|q| q.trim().is_empty());
    view! {
        <div class="hd-search" hidden=move || state.article.with(Option::is_some) || state.contact.get()>
            <input
                node_ref=input_ref
                class="hd-input"
                type="search"
                role="combobox"
                aria-label=strings.search_label
                aria-autocomplete="list"
                aria-controls="hd-results"
                aria-expanded=move || choices.with(|c| !c.is_empty()).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("hd-result-{i}"))
                placeholder=strings.search_placeholder
                autocomplete="off"
                enterkeyhint="search"
                prop:value=move || state.query.get()
                on:input=move |ev| set_query(event_target_value(&ev))
                on:keydown=on_keydown
            />
            <p class="hd-status" role="status" aria-live="polite">{status}</p>
            <Show when=move || matches!(state.index.get(), IndexState::Failed)>
                // The button goes once the index loads: focus waits in the search box, not
                // on the page behind the dialog.
                <button type="button" class="hd-retry" on:click=move |_| {
                    state.load_index();
                    request_focus(input_ref);
                }>
                    {strings.retry}
                </button>
            </Show>
            <Show when=move || !completions.with(Vec::is_empty)>
                <div class="hd-completions" role="group" aria-label=strings.completions_label>
                    {move || completions.get().into_iter().map(|text| {
                        let chosen = text.clone();
                        view! {
                            <button type="button" class="hd-chip" on:click=move |_| {
                                set_query(chosen.clone());
                                state.commit_search();
                                request_focus(input_ref);
                            }>{text}</button>
                        }
                    }).collect_view()}
                </div>
            </Show>
            {move || respelling.get().map(|fixed| {
                let chosen = fixed.clone();
                view! {
                    <p class="hd-respelling">
                        {strings.did_you_mean}
                        <button type="button" class="hd-link" on:click=move |_| {
                            set_query(chosen.clone());
                            state.commit_search();
                            request_focus(input_ref);
                        }>{fixed}</button>
                    </p>
                }
            })}
            <Show when=move || state.offer_chat()>
                <ChatOffer reason="fruitless-searches"/>
            </Show>
            <ul id="hd-results" class="hd-results" role="listbox" aria-label=strings.results_label>
                {move || choices.get().into_iter().enumerate().map(option_view).collect_view()}
            </ul>
            <Show when=move || !is_empty() && article_count() == 0 && state.with_index(|_| ()).is_some() && state.shards_pending.get() == 0>
                <div class="hd-no-results">
                    <button type="button" class="hd-secondary" on:click=move |_| state.show_contact()>
                        {strings.intent_option}
                    </button>
                </div>
            </Show>
            <Show when=is_empty>
                <HomeView/>
            </Show>
        </div>
    }
}

/// Focuses the search box after the view has updated.
pub fn request_focus(input_ref: NodeRef<Input>) {
    request_animation_frame(move || {
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.focus();
        }
    });
}
