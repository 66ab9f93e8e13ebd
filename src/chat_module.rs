//! The chat's code (forms, socket, outbox, conversation view) lives in a wasm module of its
//! own, fetched only when a visitor turns to a person or comes back to an open conversation.
//! Most visitors never do, and the chat is a fifth of the widget (BENCHMARKS.md). It is also
//! fetched ahead of need when the contact card opens and when the widget is about to offer a
//! person (after fruitless searches or unhelpful votes).
//!
//! `scripts/split-widget.sh` cuts the module at [`chat_module`] after cargo builds the widget,
//! with wasm-split (the tool behind Leptos's `#[lazy]`): everything reachable only from that
//! function moves out of the main module. The main module therefore reaches the chat through
//! the function pointers of [`ChatModule`] and nowhere else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;

use crate::chat::{ChatState, Phase};
use crate::chat_view::ChatView;
use crate::prechat_view::{PreChatForm, TicketSent};

/// The chat module's entry points.
#[derive(Clone, Copy)]
pub struct ChatModule {
    /// What the contact panel shows after its card: a form, "message sent", the conversation.
    pub steps: fn() -> AnyView,
    /// The visitor asked for a person: chat if someone is answering, a message if not.
    pub start: fn(ChatState),
    /// Picks up the visitor's open conversation (another tab, an earlier page).
    pub restore: fn(ChatState),
    /// Sends the form the visitor sent offline on an earlier page of this tab.
    pub send_queued: fn(crate::state::WidgetState),
}

/// The split point. `fallible`: a failed fetch (offline, server down) is an `Err` to show,
/// where the default would panic and, with `panic = "abort"`, stop the whole widget.
#[leptos::wasm_split::wasm_split(chat, fallible, wasm_split_path = ::leptos::wasm_split)]
fn chat_module() -> Result<ChatModule, SplitLoaderError> {
    Ok(ChatModule {
        steps,
        start: ChatState::start,
        restore: ChatState::restore,
        send_queued: crate::prechat_view::send_queued,
    })
}

/// Runs `then` with the chat module, fetching it first if needed, or `failed` if the fetch
/// fails. Concurrent callers share one fetch; a failed one is not remembered, so the next call
/// tries again.
pub fn with_chat(
    chat: ChatState,
    then: impl FnOnce(ChatModule) + 'static,
    failed: impl FnOnce() + 'static,
) {
    if let Some(module) = chat.module.get_untracked() {
        then(module);
        return;
    }
    spawn_local(async move {
        match chat_module().await {
            Ok(module) => {
                chat.module.set(Some(module));
                chat.module_failed.set(false);
                then(module);
            }
            Err(_) => failed(),
        }
    });
}

/// Fetches the chat module ahead of need (the visitor looks at the contact card, or the
/// widget is about to offer a person), so the button answers at once. A failure here is
/// silent: the visitor has asked for nothing yet.
pub fn preload(chat: ChatState) {
    if chat.module.with_untracked(Option::is_none) {
        with_chat(chat, |_| {}, || {});
    }
}

fn steps() -> AnyView {
    let chat = expect_context::<crate::state::WidgetState>().chat;
    let phase = chat.phase;
    let in_form = Memo::new(move |_| matches!(phase.get(), Phase::Form(_)));
    let step = move || match phase.get() {
        Phase::TicketSent => TicketSent().into_any(),
        Phase::Chat => ChatView().into_any(),
        Phase::Start | Phase::Checking | Phase::Form(_) => ().into_any(),
    };
    // One form for both kinds: when the server says nobody can chat after all, the visitor's
    // words stay and the form becomes a message.
    view! {
        <Show when=move || in_form.get()>
            <PreChatForm/>
        </Show>
        {step}
    }
    .into_any()
}
