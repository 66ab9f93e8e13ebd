//! An article shown inside the widget, with a way back to the results.

use leptos::html::Button;
use leptos::prelude::*;

use crate::state::{ArticleBody, WidgetState};

#[component]
pub fn ArticleView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.locale.strings();
    let back_ref = NodeRef::<Button>::new();

    // Move focus into the article when it opens, so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if state.article.with(Option::is_some) {
            request_animation_frame(move || {
                if let Some(back) = back_ref.get_untracked() {
                    let _ = back.focus();
                }
            });
        }
    });

    let title = move || {
        state
            .article
            .with(|a| a.as_ref().map(|a| a.title.clone()).unwrap_or_default())
    };
    let page_url = move || {
        state.article.with(|a| {
            a.as_ref()
                .map(|a| state.url(&format!("/help/articles/{}.html", a.id)))
        })
    };
    let body = move || match state.article.with(|a| a.as_ref().map(|a| a.body.clone())) {
        Some(ArticleBody::Ready(html)) => {
            view! { <div class="hd-article-body" inner_html=html></div> }.into_any()
        }
        Some(ArticleBody::Failed) => {
            view! { <p class="hd-status" role="alert">{strings.article_failed}</p> }.into_any()
        }
        _ => view! { <p class="hd-status" role="status">{strings.article_loading}</p> }.into_any(),
    };

    view! {
        <article class="hd-article" hidden=move || state.article.with(Option::is_none) aria-labelledby="hd-article-title">
            <button
                type="button"
                class="hd-back"
                node_ref=back_ref
                on:click=move |_| state.article.set(None)
            >
                <span aria-hidden="true">"← "</span>
                {strings.back}
            </button>
            <h3 id="hd-article-title" class="hd-article-title">{title}</h3>
            {body}
            <a class="hd-full-page" href=page_url target="_blank" rel="noopener">
                {strings.open_full_page}
            </a>
        </article>
    }
}
