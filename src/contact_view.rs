//! The way to a person, one tap from anywhere: live chat when the site has one, the hotline
//! and the hours always, and a reminder of what staff never ask for.

use leptos::html::Button;
use leptos::prelude::*;

use crate::state::{Handoff, WidgetState};

#[component]
pub fn ContactView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    let back_ref = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if state.contact.get() {
            request_animation_frame(move || {
                if let Some(back) = back_ref.get_untracked() {
                    let _ = back.focus();
                }
            });
        }
    });

    let site = move || state.site.get();
    let hotline = move || {
        site().filter(|s| !s.hotline.is_empty()).map(|s| {
            let tel = format!(
                "tel:{}",
                s.hotline
                    .replace(|c: char| !c.is_ascii_digit() && c != '+', "")
            );
            view! {
                <p class="hd-contact-row">
                    <span class="hd-contact-label">{strings.hotline_label}</span>
                    <a class="hd-hotline-number" href=tel>{s.hotline.clone()}</a>
                </p>
            }
        })
    };
    let hours = move || {
        site().map(|s| {
            view! {
                <p class="hd-contact-row">
                    <span class="hd-contact-label">{strings.hours_label}</span>
                    <span class="hd-hours">{s.hours_text(strings)}</span>
                </p>
                <p class="hd-availability" class:hd-open=s.open_now>
                    {if s.open_now { strings.open_now } else { strings.closed_now }}
                </p>
            }
        })
    };
    let outcome = move || match state.handoff.get() {
        Handoff::None => None,
        Handoff::HandedOff => Some(strings.chat_handed_off),
        Handoff::Unavailable => Some(strings.chat_unavailable),
    };

    view! {
        <section class="hd-contact" hidden=move || !state.contact.get() aria-labelledby="hd-contact-title">
            <button type="button" class="hd-back" node_ref=back_ref on:click=move |_| state.contact.set(false)>
                <span aria-hidden="true">"← "</span>
                {strings.back}
            </button>
            <h3 id="hd-contact-title" class="hd-article-title">{strings.contact_title}</h3>
            <button type="button" class="hd-primary hd-start-chat" on:click=move |_| state.hand_off("contact")>
                {strings.start_chat}
            </button>
            <p class="hd-handoff-status" role="status">{outcome}</p>
            {hotline}
            {hours}
            <p class="hd-warning">{strings.never_share}</p>
        </section>
    }
}
