//! The way to a person, one tap from anywhere: the contact card (hotline, hours, the button to
//! chat, and what staff never ask for), then the pre-chat or leave-a-message form, then the
//! chat itself.

use leptos::html::H3;
use leptos::prelude::*;

use crate::chat::Phase;
use crate::state::WidgetState;

#[component]
pub fn ContactView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    // The panel is rebuilt when the locale changes, so strings need not be reactive.
    let strings = state.strings_untracked();
    let phase = state.chat.phase;
    let title_ref = NodeRef::<H3>::new();
    // On each step, focus the heading: keyboard and screen-reader users start at the top of
    // what changed, not on a button that just disappeared. (The panel focuses it on showing
    // the contact view.)
    Effect::new(move |_| {
        phase.track();
        if state.contact.get_untracked() {
            request_animation_frame(move || {
                if let Some(title) = title_ref.get_untracked() {
                    let _ = title.focus();
                }
            });
        }
    });
    // Past the card, every step is drawn by the chat module, which is loaded by then: only
    // its code moves the phase beyond `Checking`.
    let at_card = Memo::new(move |_| matches!(phase.get(), Phase::Start | Phase::Checking));
    let module = state.chat.module;
    let step = move || {
        if at_card.get() {
            ContactCard().into_any()
        } else {
            module.get().map(|m| (m.steps)()).into_any()
        }
    };
    let title = move || match phase.get() {
        Phase::Start | Phase::Checking => strings.contact_title,
        _ => strings.chat_title,
    };

    view! {
        <section class="hd-contact" hidden=move || !state.contact.get() aria-labelledby="hd-contact-title">
            <button type="button" class="hd-back" on:click=move |_| state.contact.set(false)>
                <span aria-hidden="true">"← "</span>
                {strings.back}
            </button>
            <h3 id="hd-contact-title" class="hd-article-title" tabindex="-1" node_ref=title_ref>
                {title}
            </h3>
            {step}
        </section>
    }
}

/// The hotline, the hours and the button that starts a chat (or a message, out of hours).
#[component]
fn ContactCard() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let checking = move || state.chat.phase.get() == Phase::Checking;
    let failed =
        move || (!checking() && state.chat.module_failed.get()).then_some(strings.network_failed);
    view! {
        <button
            type="button"
            class="hd-primary hd-start-chat"
            disabled=checking
            on:click=move |_| state.hand_off("contact")
        >
            {strings.start_chat}
        </button>
        <p class="hd-handoff-status" role="status">
            {move || checking().then_some(strings.checking_agents)}
        </p>
        <p class="hd-form-error" role="alert">{failed}</p>
        <ContactDetails/>
    }
}

/// Hotline, hours, whether agents are answering, and the never-share warning.
#[component]
pub fn ContactDetails() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
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
    view! {
        {hotline}
        {hours}
        <p class="hd-warning">{strings.never_share}</p>
    }
}
