//! An article shown inside the widget: its body, "was this helpful?", related articles, and
//! a way back to the results.

use helpdock_search::ContextMatch;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::home_view::{ArticleList, ChatOffer};
use crate::state::{ArticleBody, WidgetState};

const RELATED: usize = 3;

/// The sanitised body inside an article's standalone page (`helpdock build` writes one page per
/// article): what lies between its first `<article>` and last `</article>`. The page's title and
/// category come before it as escaped text, so neither can hold the marker; `None` for a page
/// that is not one of ours, such as a host's error page served with 200.
pub fn article_body(page: &str) -> Option<&str> {
    const OPEN: &str = "<article>";
    let start = page.find(OPEN)? + OPEN.len();
    let end = page.rfind("</article>")?;
    page.get(start..end).map(str::trim_start)
}

#[component]
pub fn ArticleView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    let id = Memo::new(move |_| state.article.with(|a| a.as_ref().map(|a| a.id.clone())));
    let title = move || {
        state
            .article
            .with(|a| a.as_ref().map(|a| a.title.clone()).unwrap_or_default())
    };
    let page_url = move || {
        id.get()
            .map(|id| state.url(&format!("/help/articles/{id}.html")))
    };
    let body_ref = NodeRef::<Div>::new();
    // Links and pictures in an article are written relative to its own page on the Helpdock
    // server; inside the widget they would resolve against the host's page instead.
    Effect::new(move |_| {
        if let (Some(body), Some(page)) = (body_ref.get(), page_url()) {
            resolve_links(&body, &page);
        }
    });
    let body = move || match state.article.with(|a| a.as_ref().map(|a| a.body.clone())) {
        Some(ArticleBody::Ready(html)) => {
            let on_click = move |ev: leptos::ev::MouseEvent| {
                if let Some(id) = linked_article(state, &ev) {
                    ev.prevent_default();
                    state.open_article(id);
                }
            };
            view! {
                <div class="hd-article-body" node_ref=body_ref inner_html=html on:click=on_click></div>
            }
            .into_any()
        }
        Some(ArticleBody::TextOnly(text)) => {
            // Text, not HTML: Leptos escapes it, and each line was a block of the article.
            let blocks = (text.lines())
                .filter(|line| !line.trim().is_empty())
                .map(|line| view! { <p>{line.to_owned()}</p> })
                .collect_view();
            view! {
                <p class="hd-status hd-text-only-note">{strings.article_text_only}</p>
                <div class="hd-article-body hd-text-only">{blocks}</div>
            }
            .into_any()
        }
        Some(ArticleBody::Failed) => {
            view! { <p class="hd-status" role="alert">{strings.article_failed}</p> }.into_any()
        }
        _ => view! { <p class="hd-status" role="status">{strings.article_loading}</p> }.into_any(),
    };
    let related = Memo::new(move |_| {
        let Some(id) = id.get() else {
            return Vec::new();
        };
        state
            .with_index(|index| {
                (index.related(&id, RELATED).into_iter())
                    .map(|d| (d.id.clone(), d.title.clone(), ContextMatch::Page))
                    .collect()
            })
            .unwrap_or_default()
    });
    let vote = move || {
        let id = id.get()?;
        state
            .votes
            .with(|v| v.iter().find(|(i, _)| *i == id).map(|v| v.1))
    };
    let cast = move |helpful: bool| {
        if let Some(id) = id.get_untracked() {
            state.vote(id, helpful);
        }
    };

    view! {
        <article class="hd-article" hidden=move || state.article.with(Option::is_none) || state.contact.get() aria-labelledby="hd-article-title">
            <button
                type="button"
                class="hd-back"
                on:click=move |_| state.article.set(None)
            >
                <span aria-hidden="true">"← "</span>
                {strings.back}
            </button>
            <h3 id="hd-article-title" class="hd-article-title">{title}</h3>
            {body}
            <section class="hd-feedback" aria-labelledby="hd-feedback-question">
                <p id="hd-feedback-question">{strings.helpful_question}</p>
                <div class="hd-feedback-buttons">
                    <button type="button" class="hd-vote" aria-pressed=move || (vote() == Some(true)).to_string() on:click=move |_| cast(true)>
                        {strings.yes}
                    </button>
                    <button type="button" class="hd-vote" aria-pressed=move || (vote() == Some(false)).to_string() on:click=move |_| cast(false)>
                        {strings.no}
                    </button>
                </div>
                <p class="hd-feedback-thanks" role="status">
                    {move || match vote() {
                        Some(true) => strings.helpful_thanks,
                        Some(false) => strings.not_helpful_thanks,
                        None => "",
                    }}
                </p>
                <Show when=move || vote() == Some(false) || state.offer_chat()>
                    <ChatOffer reason="not-helpful"/>
                </Show>
            </section>
            <Show when=move || !related.with(Vec::is_empty)>
                <section class="hd-section hd-related" aria-labelledby="hd-related-heading">
                    <h3 id="hd-related-heading" class="hd-section-title">{strings.related_heading}</h3>
                    <ArticleList articles=related.into()/>
                </section>
            </Show>
            <a class="hd-full-page" href=page_url target="_blank" rel="noopener">
                {strings.open_full_page}
            </a>
        </article>
    }
}

/// The article a click in an article's body asks for, when it is a plain click on a link to
/// another article of this help center (`[…](other-id.html)` in its Markdown): that opens
/// here, so the visitor stays in the widget and the trail records the read. A click with a
/// modifier, or on any other link, does what the browser does.
fn linked_article(state: WidgetState, ev: &leptos::ev::MouseEvent) -> Option<String> {
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    // Links were made absolute when the body was shown (`resolve_links`).
    let href = target.closest("a[href]").ok()??.get_attribute("href")?;
    let prefix = state.url("/help/articles/");
    let page = href.strip_prefix(&prefix)?.split(['#', '?']).next()?;
    let id = page.strip_suffix(".html")?;
    state
        .with_index(|index| index.doc_by_id(id).is_some())?
        .then(|| id.to_string())
}

/// Makes every link and picture URL in `body` absolute, against the article's page URL.
fn resolve_links(body: &web_sys::HtmlDivElement, page: &str) {
    let Ok(nodes) = body.query_selector_all("a[href], img[src]") else {
        return;
    };
    for node in (0..nodes.length()).filter_map(|i| nodes.get(i)) {
        let Some(el) = node.dyn_ref::<web_sys::Element>() else {
            continue;
        };
        let attr = if el.tag_name() == "IMG" {
            "src"
        } else {
            "href"
        };
        let Some(value) = el.get_attribute(attr) else {
            continue;
        };
        if let Ok(url) = web_sys::Url::new_with_base(&value, page) {
            let _ = el.set_attribute(attr, &url.href());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::article_body;

    #[test]
    fn the_body_is_the_pages_article_element_even_when_it_nests_one() {
        let page = "<html><h1>退款 &lt;article&gt;</h1>\n<article>\n<p>一</p><article>二</article>\n</article>\n</body>";
        assert_eq!(article_body(page), Some("<p>一</p><article>二</article>\n"));
    }

    #[test]
    fn a_page_without_an_article_has_no_body() {
        assert_eq!(article_body("<html><body>Not found</body></html>"), None);
        assert_eq!(article_body("</article> <article>"), None);
    }
}
