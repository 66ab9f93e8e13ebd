//! What the panel shows before the visitor types: articles for the page they are on (and for
//! the problem the host just reported), popular articles, and the hotline. Also the chat offer,
//! shown wherever the visitor seems stuck.

use helpdock_search::{ContextMatch, StoredDoc};
use leptos::prelude::*;

use crate::state::WidgetState;

const POPULAR: usize = 5;
pub const FOR_CONTEXT: usize = 4;

#[component]
pub fn HomeView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    let for_context = Memo::new(move |_| {
        let keys = state.context.with(|c| c.tags.clone());
        let path = state.page_path();
        let language = state.language();
        // Re-read on every open: a single-page app changes path without reloading us.
        state.open.track();
        state
            .with_index(|index| {
                let found = index.for_context(&path, &keys, Some(language));
                (found.into_iter().take(FOR_CONTEXT))
                    .map(|(doc, why)| (doc.id.clone(), doc.title.clone(), why))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let popular = Memo::new(move |_| {
        let language = state.language();
        let shown: Vec<String> = for_context.with(|f| f.iter().map(|a| a.0.clone()).collect());
        state
            .with_index(|index| {
                (index
                    .popular(Some(language), POPULAR + shown.len())
                    .into_iter())
                .filter(|d| !shown.contains(&d.id))
                .take(POPULAR)
                .map(|d: &StoredDoc| (d.id.clone(), d.title.clone(), ContextMatch::Page))
                .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let hotline = move || {
        state.site.with(|s| {
            s.as_ref()
                .filter(|s| !s.hotline.is_empty())
                .map(|s| s.hotline.clone())
        })
    };

    view! {
        <div class="hd-home">
            <Show when=move || !for_context.with(Vec::is_empty)>
                <section class="hd-section hd-for-context" aria-labelledby="hd-context-heading">
                    <h3 id="hd-context-heading" class="hd-section-title">{strings.context_heading}</h3>
                    <ArticleList articles=for_context.into()/>
                </section>
            </Show>
            <section class="hd-section hd-popular" aria-labelledby="hd-popular-heading">
                <h3 id="hd-popular-heading" class="hd-section-title">{strings.popular_heading}</h3>
                <ArticleList articles=popular.into()/>
            </section>
            {move || hotline().map(|number| {
                let tel = format!("tel:{}", number.replace(|c: char| !c.is_ascii_digit() && c != '+', ""));
                let text = strings.hotline_line.replace("{hotline}", &number);
                view! { <p class="hd-hotline"><a href=tel>{text}</a></p> }
            })}
        </div>
    }
}

/// A list of article links that open inside the widget.
#[component]
pub fn ArticleList(articles: Signal<Vec<(String, String, ContextMatch)>>) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    view! {
        <ul class="hd-article-list">
            {move || articles.get().into_iter().map(|(id, title, why)| {
                let open_id = id.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class="hd-article-link"
                            class:hd-for-problem=why == ContextMatch::Key
                            data-id=id
                            on:click=move |_| state.open_article(open_id.clone())
                        >{title}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "Not finding an answer? An agent can help." with the way to one.
#[component]
pub fn ChatOffer(reason: &'static str) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    view! {
        <div class="hd-chat-offer" role="note" data-reason=reason>
            <p>{strings.chat_offer}</p>
            <button type="button" class="hd-primary" on:click=move |_| state.show_contact()>
                {strings.intent_option}
            </button>
        </div>
    }
}
