//! The conversation: where the visitor is in the queue, the messages with their delivery and
//! read marks, the agent typing, and a composer that warns before a secret goes out.

use helpdock_protocol::guard::{self, Sensitive};
use leptos::ev::KeyboardEvent;
use leptos::html::{Input, Ol, Textarea};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::chat::wire::{Author, Body, ChatMessage, Status};
use crate::chat::{refusal_text, ChatState, Link};
use crate::contact_view::ContactDetails;
use crate::i18n::Strings;
use crate::prechat_view::{acceptable_image, GuardWarning};
use crate::state::WidgetState;

#[component]
pub fn ChatView() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let list_ref = NodeRef::<Ol>::new();

    // Read marks: the visitor has seen what is on screen.
    Effect::new(move |_| {
        if state.open.get() && state.contact.get() {
            chat.mark_read();
        }
    });
    // Keep the newest message in view.
    Effect::new(move |_| {
        chat.messages.track();
        chat.agent_typing.track();
        request_animation_frame(move || {
            if let Some(list) = list_ref.get_untracked() {
                list.set_scroll_top(list.scroll_height());
            }
        });
    });

    let closed = move || chat.status() == Some(Status::Closed);
    let reconnecting = move || {
        let offline = chat.link.get() != Link::Online && !closed();
        let unsent = chat.messages.with(|m| m.iter().any(|m| m.seq.is_none()));
        match (offline, unsent) {
            (true, true) => Some(format!(
                "{} {}",
                strings.reconnecting, strings.queued_offline
            )),
            (true, false) => Some(strings.reconnecting.to_string()),
            _ => None,
        }
    };

    view! {
        <div class="hd-chat">
            <ChatStatus/>
            <p class="hd-link-status" role="status">{reconnecting}</p>
            <ol class="hd-messages" node_ref=list_ref role="log" aria-label=strings.messages_label>
                <For
                    each=move || chat.messages.get()
                    key=|m| (m.client_id.clone(), m.seq)
                    let:message
                >
                    <MessageItem message=message/>
                </For>
            </ol>
            <p class="hd-typing" aria-live="polite">
                {move || chat.agent_typing.get().then_some(strings.agent_typing)}
            </p>
            <p class="hd-form-error" role="alert">
                {move || chat.notice.get().map(|code| refusal_text(&code, strings))}
            </p>
            {move || if closed() { ClosedActions().into_any() } else { Composer().into_any() }}
        </div>
    }
}

/// Waiting (with the place in the queue and the wait), with whom, or ended.
#[component]
fn ChatStatus() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let text = move || {
        let conversation = chat.conversation.get()?;
        Some(match conversation.status {
            Status::Waiting => match chat.queue.get() {
                Some(q) if q.agents_online == 0 => {
                    let end = strings.sentence_end;
                    format!(
                        "{}{end}{}",
                        strings.waiting_for_agent, strings.queue_no_agents
                    )
                }
                Some(q) => format!(
                    "{}{}{}",
                    strings.waiting_for_agent,
                    strings.sentence_end,
                    queue_text(strings, q.position, q.eta_seconds)
                ),
                None => format!("{}…", strings.waiting_for_agent),
            },
            Status::Active => {
                let name = if conversation.agent_name.is_empty() {
                    strings.agent_fallback.to_string()
                } else {
                    conversation.agent_name
                };
                strings.agent_joined.replace("{name}", &name)
            }
            Status::Closed => strings.chat_closed.to_string(),
        })
    };
    view! { <p class="hd-chat-status" role="status" aria-live="polite">{text}</p> }
}

/// "You are number 2 in the queue, about 4 min to wait": minutes rounded up, at least one.
fn queue_text(strings: &Strings, position: u32, eta_seconds: u32) -> String {
    let minutes = eta_seconds.div_ceil(60).max(1);
    strings
        .queue_position
        .replace("{n}", &position.max(1).to_string())
        .replace("{minutes}", &minutes.to_string())
}

#[component]
fn MessageItem(message: ChatMessage) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let (class, author) = match message.author {
        Author::Visitor => ("hd-msg hd-msg-visitor", strings.you.to_string()),
        Author::Agent => (
            "hd-msg hd-msg-agent",
            if message.author_name.is_empty() {
                strings.agent_fallback.to_string()
            } else {
                message.author_name.clone()
            },
        ),
        Author::System => ("hd-msg hd-msg-system", String::new()),
    };
    let seq = message.seq;
    let mark = (message.author == Author::Visitor).then_some(move || match seq {
        None => strings.sending,
        Some(seq) if chat.agent_read.get() >= seq => strings.read,
        Some(_) => strings.delivered,
    });
    let body = match message.body {
        // Text is set as text: nothing a visitor or an agent types is parsed as HTML.
        Body::Text(text) => view! { <p class="hd-msg-text">{text}</p> }.into_any(),
        Body::Image(id) => view! { <ChatImage attachment=id/> }.into_any(),
    };
    view! {
        <li class=class>
            <span class="hd-msg-author">{author}</span>
            {body}
            <span class="hd-msg-meta">
                <time>{clock(message.at)}</time>
                {mark.map(|m| view! { " · " <span class="hd-msg-mark">{m}</span> })}
            </span>
        </li>
    }
}

/// `14:05` in the visitor's time zone.
fn clock(at: f64) -> String {
    if at <= 0.0 {
        return String::new();
    }
    let date = js_sys::Date::new(&at.into());
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// A picture in the chat, fetched with the visitor's token (an `<img src>` cannot send it).
#[component]
fn ChatImage(attachment: String) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let src = RwSignal::new(None::<String>);
    let chat = state.chat;
    spawn_local(async move { src.set(chat.image_url(attachment).await) });
    // The object URL holds the picture's bytes until revoked: freed with the view.
    on_cleanup(move || {
        if let Some(url) = src.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    move || {
        src.get()
            .map(|src| view! { <img class="hd-msg-image" src=src alt=strings.image_alt/> })
    }
}

/// The message box: Enter sends (not while an input method is composing), Shift+Enter breaks
/// the line; a picture button; the guard's warning before a secret goes out.
#[component]
fn Composer() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat: ChatState = state.chat;
    let text = RwSignal::new(String::new());
    let secrets = RwSignal::new(Vec::<Sensitive>::new());
    let box_ref = NodeRef::<Textarea>::new();
    let image_ref = NodeRef::<Input>::new();
    let image_problem = RwSignal::new(None::<String>);

    let deliver = move || {
        let message = text.get_untracked().trim().to_string();
        if message.is_empty() {
            return;
        }
        chat.send(Body::Text(message));
        text.set(String::new());
        secrets.set(Vec::new());
        if let Some(input) = box_ref.get_untracked() {
            let _ = input.focus();
        }
    };
    let try_send = move || {
        let found = guard::kinds(&text.get_untracked());
        if found.is_empty() {
            deliver();
        } else {
            secrets.set(found);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !crate::app::composing(&ev) {
            ev.prevent_default();
            try_send();
        }
    };
    let on_image = move |_| {
        let Some(input) = image_ref.get_untracked() else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if !acceptable_image(&file) {
            image_problem.set(Some(strings.bad_file.replace("{name}", &file.name())));
            return;
        }
        image_problem.set(None);
        spawn_local(async move {
            let problem = match chat.send_image(file).await {
                Ok(()) => return,
                // Not "please try again": another try meets the same limit.
                Err(refusal) if !refusal.worth_retrying() => refusal.describe(strings).to_string(),
                Err(refusal) => format!("{} {}", strings.image_failed, refusal.describe(strings)),
            };
            image_problem.set(Some(problem));
        });
    };

    view! {
        <form class="hd-composer" on:submit=move |ev| { ev.prevent_default(); try_send(); }>
            <GuardWarning secrets=secrets on_send=deliver field=box_ref/>
            <p class="hd-form-error" role="alert">{move || image_problem.get()}</p>
            <label class="hd-visually-hidden" for="hd-message">{strings.message_label}</label>
            <textarea
                id="hd-message"
                class="hd-message-box"
                rows="2"
                maxlength="2000"
                node_ref=box_ref
                placeholder=strings.message_label
                prop:value=text
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    secrets.set(Vec::new());
                    chat.typing();
                }
                on:keydown=on_keydown
            ></textarea>
            <div class="hd-composer-buttons">
                <label class="hd-secondary hd-attach">
                    <input type="file" class="hd-visually-hidden" accept="image/png,image/jpeg"
                        node_ref=image_ref on:change=on_image/>
                    {strings.send_image}
                </label>
                <button type="submit" class="hd-primary">{strings.send}</button>
            </div>
        </form>
    }
}

/// After the agent closed the chat: the transcript, and a way to ask something new.
#[component]
fn ClosedActions() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let problem = RwSignal::new(None::<&'static str>);
    let download = move |_| {
        spawn_local(async move {
            let failed = chat.download_transcript().await.err();
            if let Some(details) = &failed {
                web_sys::console::error_1(&format!("Helpdock: transcript: {details}").into());
            }
            problem.set(failed.map(|_| strings.transcript_failed));
        })
    };
    view! {
        <div class="hd-closed-actions">
            <button type="button" class="hd-primary hd-transcript" on:click=download>
                {strings.download_transcript}
            </button>
            <button type="button" class="hd-secondary" on:click=move |_| chat.reset()>
                {strings.new_chat}
            </button>
            <p class="hd-form-error" role="alert">{move || problem.get()}</p>
            <p class="hd-status" role="status">
                {move || match chat.undelivered.get() {
                    0 => String::new(),
                    n => Strings::count(n, strings.undelivered_kept_one, strings.undelivered_kept),
                }}
            </p>
        </div>
        <RatingForm/>
        <ContactDetails/>
    }
}

/// "How was this chat?": five scores as radio buttons, an optional comment, and thanks.
#[component]
fn RatingForm() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let score = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(score) = score.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = chat.rate(score, comment.get_untracked()).await;
            busy.set(false);
            if let Err(details) = &result {
                web_sys::console::error_1(&format!("Helpdock: rating: {details}").into());
            }
            problem.set(result.is_err().then_some(strings.rate_failed));
            sent.set(result.is_ok());
        });
    };
    let scores = (1..=5u8).zip(strings.rate_scores).map(move |(n, label)| {
        view! {
            <label class="hd-score">
                <input type="radio" name="hd-score" value=n.to_string()
                    prop:checked=move || score.get() == Some(n)
                    on:change=move |_| score.set(Some(n))/>
                <span aria-hidden="true">{"★".repeat(usize::from(n))}</span>
                <span class="hd-score-label">{label}</span>
            </label>
        }
    });
    view! {
        <Show
            when=move || !sent.get()
            fallback=move || view! { <p class="hd-rate-thanks" role="status">{strings.rate_thanks}</p> }
        >
            <form class="hd-form hd-rating" on:submit=on_submit>
                <fieldset class="hd-field hd-scores">
                    <legend>{strings.rate_heading}</legend>
                    {scores.clone().collect_view()}
                </fieldset>
                <label class="hd-field">
                    <span>{strings.rate_comment_label}</span>
                    <textarea rows="2" maxlength="500" prop:value=comment
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                <p class="hd-form-error" role="alert">{move || problem.get()}</p>
                <button type="submit" class="hd-primary"
                    disabled=move || busy.get() || score.get().is_none()>
                    {strings.rate_submit}
                </button>
            </form>
        </Show>
    }
}
