//! The pre-chat form (agents online) and the leave-a-message form (nobody is): the same fields,
//! so a visitor who starts one never retypes for the other. It asks for what payment support
//! needs before the chat (topic, order number, screenshots) and says what to prepare.

use helpdock_protocol::guard::{self, Sensitive};
use leptos::ev::SubmitEvent;
use leptos::html::{Input, Textarea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::chat::store::{self, Draft, QueuedForm};
use crate::chat::{FormKind, Phase, Refusal, MAX_SCREENSHOTS, MAX_SCREENSHOT_BYTES};
use crate::contact_view::ContactDetails;
use crate::i18n::Strings;
use crate::state::{WidgetState, RETRY_QUEUED_FORM};

/// The server's category codes, in the order of `Strings::categories`.
const CATEGORIES: [&str; 4] = ["account", "dispute", "limits", "other"];
const IMAGE_TYPES: [&str; 2] = ["image/png", "image/jpeg"];
/// The server refuses longer page URLs; the path and query are what the agent needs.
const MAX_PAGE_CHARS: usize = 500;

/// Why the form cannot go yet.
#[derive(Clone, PartialEq)]
enum Problem {
    Description,
    Contact,
    Files(String),
    /// The server or the network said no.
    Refused(String),
}

#[component]
pub fn PreChatForm() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    let chat = state.chat;
    let kind = move || match chat.phase.get() {
        Phase::Form(kind) => kind,
        _ => FormKind::Chat,
    };
    // What the visitor typed before a reload or a failed send, else a fresh form whose
    // description starts from their last search.
    let mut draft = store::draft().unwrap_or_else(|| Draft {
        description: state.last_query(),
        ..Draft::default()
    });
    // Without the browser's `crypto` the form goes unnamed: a repeat may then make a second
    // chat, but a guessable name could fetch the visitor's token.
    if draft.form_id.is_empty() {
        draft.form_id = store::random_hex().unwrap_or_default();
    }
    let form_id = StoredValue::new(draft.form_id);
    let category = RwSignal::new(
        (CATEGORIES.iter().copied())
            .find(|c| *c == draft.category)
            .unwrap_or(CATEGORIES[3]),
    );
    let merchant = RwSignal::new(draft.merchant);
    let order = RwSignal::new(draft.order);
    let description = RwSignal::new(draft.description);
    let contact = RwSignal::new(draft.contact);
    // Saved from the visitor's first change on: an untouched form keeps following their
    // latest search. A description holding what looks like a card number, an SMS code or a
    // password is not written to storage, where any script of the host page could read it.
    let current = move || {
        let description = description.get();
        Draft {
            category: category.get().to_string(),
            merchant: merchant.get(),
            order: order.get(),
            description: if guard::kinds(&description).is_empty() {
                description
            } else {
                String::new()
            },
            contact: contact.get(),
            form_id: form_id.get_value(),
        }
    };
    Effect::new(move |ran: Option<()>| {
        let draft = current();
        if ran.is_some() {
            store::save_draft(&draft);
        }
    });
    let files_ref = NodeRef::<Input>::new();
    let description_ref = NodeRef::<Textarea>::new();
    let contact_ref = NodeRef::<Input>::new();
    let problem = RwSignal::new(None::<Problem>);
    // The chat's, not the form's: a form queued on an earlier page may be going out by itself.
    let busy = chat.sending_form;
    let secrets = RwSignal::new(Vec::<Sensitive>::new());
    let secrets_accepted = StoredValue::new(false);
    // The form on screen was refused by the network or a server that was down: it goes again.
    let awaiting_resend = StoredValue::new(false);
    // Ticks when a form kept on screen is due again: the browser is back online, or a server
    // that was down has had time (a form with screenshots, which the stored copy cannot carry).
    let retry_due = RwSignal::new(0u32);
    // A form sent offline before the visitor left the page: it goes out by itself
    // (`send_queued`), unless part of it could not be kept; that field then says so.
    if let (Some(queued), Some(draft)) = (store::queued_form(), store::draft()) {
        if queued.files > 0 {
            store::unqueue_form();
            problem.set(Some(Problem::Files(strings.form_files_not_kept.into())));
        } else if !queued.sendable(&draft) {
            store::unqueue_form();
            problem.set(Some(Problem::Description));
        }
    }

    let submit = move || {
        let kind = kind();
        // A field in error gets the focus, so a screen reader reads it with its message.
        let files = match chosen_files(files_ref, strings) {
            Ok(files) => files,
            Err(message) => {
                problem.set(Some(Problem::Files(message)));
                return focus(files_ref);
            }
        };
        if description.with_untracked(|d| d.trim().is_empty()) {
            problem.set(Some(Problem::Description));
            return focus(description_ref);
        }
        if kind == FormKind::Message && contact.with_untracked(|c| c.trim().is_empty()) {
            problem.set(Some(Problem::Contact));
            return focus(contact_ref);
        }
        problem.set(None);
        let found = guard::kinds(&description.get_untracked());
        if !found.is_empty() && !secrets_accepted.get_value() {
            return secrets.set(found);
        }
        let fields = Draft {
            category: category.get_untracked().to_string(),
            merchant: merchant.get_untracked(),
            order: order.get_untracked(),
            description: description.get_untracked(),
            contact: contact.get_untracked(),
            form_id: form_id.get_value(),
        };
        let page = crate::host::current_url();
        let Some(data) = form_data(state.handoff_context(), &fields, &page, &files) else {
            return;
        };
        // Kept now, even untouched: sent again after a reload, it is the same form.
        store::save_draft(&untrack(current));
        awaiting_resend.set_value(false);
        busy.set(true);
        chat.form_queued.set(false);
        let queued = QueuedForm {
            kind,
            files: files.len(),
            page,
        };
        spawn_local(async move {
            let outcome = chat.submit(kind, data).await;
            busy.set(false);
            match outcome {
                Ok(true) => store::clear_draft(),
                Ok(false) => store::unqueue_form(),
                // The network, or the server behind a proxy that answers 5xx: kept, and
                // sent again by itself.
                Err(Refusal::Offline | Refusal::Unavailable) => {
                    awaiting_resend.set_value(true);
                    store::queue_form(&queued);
                    chat.form_queued.set(true);
                    // A server that is down, not a network: no `online` event will come.
                    // The stored copy cannot carry screenshots; this form, while it is on
                    // screen, can.
                    if queued.files > 0 {
                        // `try_`: the visitor may have left the form by then.
                        let tick = move || {
                            let _ = retry_due.try_update(|n| *n += 1);
                        };
                        set_timeout(tick, RETRY_QUEUED_FORM);
                    } else {
                        state.send_queued_form_later();
                    }
                }
                Err(refusal) => {
                    store::unqueue_form();
                    problem.set(Some(Problem::Refused(
                        refusal.describe(strings).to_string(),
                    )));
                }
            }
        });
    };
    // Sent offline: it goes out by itself when the browser is back online, files and all
    // (they are still in the form).
    let online = window_event_listener(leptos::ev::online, move |_| {
        retry_due.update(|n| *n += 1);
    });
    on_cleanup(move || online.remove());
    Effect::new(move |before: Option<()>| {
        retry_due.track();
        if before.is_some() && awaiting_resend.get_value() && !busy.get_untracked() {
            awaiting_resend.set_value(false);
            submit();
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            submit();
        }
    };
    let invalid = move |which: Problem| move || problem.get().is_some_and(|p| p == which);
    let refused = move || match problem.get() {
        Some(Problem::Refused(message)) => Some(message),
        _ => chat
            .form_queued
            .get()
            .then(|| strings.form_queued_offline.to_string()),
    };
    let files_problem = move || match problem.get() {
        Some(Problem::Files(message)) => Some(message),
        _ => None,
    };
    let send_anyway = move || {
        secrets_accepted.set_value(true);
        secrets.set(Vec::new());
        submit();
    };

    view! {
        <form class="hd-form" novalidate on:submit=on_submit>
            <p class="hd-form-intro">
                {move || match kind() {
                    FormKind::Chat => strings.prechat_intro,
                    FormKind::Message => strings.leave_message_intro,
                }}
            </p>
            <div class="hd-prepare" role="note">
                <strong>{strings.prepare_heading}</strong>
                " "
                {strings.prepare_items}
            </div>
            <label class="hd-field">
                <span>{strings.category_label}</span>
                <select on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(code) = CATEGORIES.iter().find(|c| **c == value) {
                        category.set(code);
                    }
                }>
                    {CATEGORIES.iter().zip(strings.categories).map(|(code, label)| view! {
                        <option value=*code selected=move || category.get() == *code>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <fieldset class="hd-field hd-choice">
                <legend>{strings.customer_kind_label}</legend>
                <label>
                    <input type="radio" name="hd-kind" prop:checked=move || !merchant.get()
                        on:change=move |_| merchant.set(false)/>
                    {strings.personal}
                </label>
                <label>
                    <input type="radio" name="hd-kind" prop:checked=move || merchant.get()
                        on:change=move |_| merchant.set(true)/>
                    {strings.merchant}
                </label>
            </fieldset>
            <label class="hd-field">
                <span>{strings.order_number_label}</span>
                <input type="text" autocomplete="off" maxlength="64" prop:value=order
                    on:input=move |ev| order.set(event_target_value(&ev))/>
            </label>
            <label class="hd-field">
                <span>{strings.description_label}</span>
                <textarea rows="3" maxlength="2000" required node_ref=description_ref
                    aria-invalid=move || invalid(Problem::Description)().then_some("true")
                    aria-describedby="hd-description-error"
                    prop:value=description
                    on:input=move |ev| {
                        secrets_accepted.set_value(false);
                        description.set(event_target_value(&ev));
                    }
                ></textarea>
            </label>
            // Outside the label, so the message is the field's description, not its name.
            <span id="hd-description-error" class="hd-field-error">
                {move || invalid(Problem::Description)().then_some(strings.description_required)}
            </span>
            <label class="hd-field">
                <span>
                    {move || match kind() {
                        FormKind::Chat => strings.contact_optional_label,
                        FormKind::Message => strings.contact_required_label,
                    }}
                </span>
                <input type="text" autocomplete="tel" maxlength="100" prop:value=contact
                    node_ref=contact_ref
                    required=move || kind() == FormKind::Message
                    aria-invalid=move || invalid(Problem::Contact)().then_some("true")
                    aria-describedby="hd-contact-error"
                    on:input=move |ev| contact.set(event_target_value(&ev))/>
            </label>
            <span id="hd-contact-error" class="hd-field-error">
                {move || invalid(Problem::Contact)().then_some(strings.contact_required)}
            </span>
            <label class="hd-field">
                <span>{strings.screenshots_label}</span>
                <input type="file" accept="image/png,image/jpeg" multiple node_ref=files_ref
                    aria-invalid=move || files_problem().is_some().then_some("true")
                    aria-describedby="hd-files-error"
                    on:change=move |_| problem.set(None)/>
            </label>
            <span id="hd-files-error" class="hd-field-error">{files_problem}</span>
            <GuardWarning secrets=secrets on_send=send_anyway field=description_ref/>
            <p class="hd-form-error" role="alert">{refused}</p>
            <button type="submit" class="hd-primary" disabled=move || busy.get()>
                {move || match (busy.get(), kind()) {
                    (true, _) => strings.submitting,
                    (false, FormKind::Chat) => strings.submit_chat,
                    (false, FormKind::Message) => strings.submit_message,
                }}
            </button>
            <Show when=move || kind() == FormKind::Message>
                <ContactDetails/>
            </Show>
        </form>
    }
}

/// The form as the server takes it: the fields, the agent's context and the screenshots.
fn form_data(
    context: js_sys::Object,
    fields: &Draft,
    page: &str,
    files: &[web_sys::File],
) -> Option<web_sys::FormData> {
    let category = (CATEGORIES.iter().copied())
        .find(|c| *c == fields.category)
        .unwrap_or(CATEGORIES[3]);
    let page: String = page.chars().take(MAX_PAGE_CHARS).collect();
    let customer_kind = if fields.merchant {
        "merchant"
    } else {
        "personal"
    };
    let values = [
        ("category", JsValue::from(category)),
        ("customer_kind", customer_kind.into()),
        ("order_number", fields.order.trim().into()),
        ("description", fields.description.trim().into()),
        ("contact", fields.contact.trim().into()),
        ("form_id", fields.form_id.as_str().into()),
        ("page", page.into()),
    ];
    for (key, value) in values {
        let _ = js_sys::Reflect::set(&context, &key.into(), &value);
    }
    let data = web_sys::FormData::new().ok()?;
    let json = js_sys::JSON::stringify(&context).ok()?;
    data.append_with_str("form", &String::from(json)).ok()?;
    for file in files {
        let _ = data.append_with_blob_and_filename("screenshot", file, &file.name());
    }
    Some(data)
}

/// Sends the form the visitor sent offline on an earlier page (the chat module's entry, called
/// by `WidgetState::send_queued_form`). The same `form_id` as the first try, so a send whose
/// answer was lost finds its chat. Offline or the server down, it tries again later.
pub fn send_queued(state: WidgetState) {
    let chat = state.chat;
    let Some((queued, draft)) = store::queued_to_send() else {
        return;
    };
    if chat.sending_form.get_untracked() || chat.has_open_conversation() {
        return;
    }
    let Some(data) = form_data(state.handoff_context(), &draft, &queued.page, &[]) else {
        return;
    };
    chat.sending_form.set(true);
    chat.form_queued.set(false);
    spawn_local(async move {
        let outcome = chat.submit(queued.kind, data).await;
        chat.sending_form.set(false);
        match outcome {
            Ok(true) => store::clear_draft(),
            // Nobody can chat any more: with a way to answer them, it goes as a message.
            Ok(false) if !draft.contact.trim().is_empty() => {
                store::queue_form(&QueuedForm {
                    kind: FormKind::Message,
                    ..queued
                });
                send_queued(state);
            }
            // The message form, with their words, is what the contact panel shows now.
            Ok(false) => store::unqueue_form(),
            Err(Refusal::Offline | Refusal::Unavailable) => {
                chat.form_queued.set(true);
                state.send_queued_form_later();
            }
            // The visitor finds the form as they left it, and sees why when they send it.
            Err(Refusal::Server(_)) => {
                store::unqueue_form();
                if !matches!(chat.phase.get_untracked(), Phase::Chat | Phase::TicketSent) {
                    chat.phase.set(Phase::Form(queued.kind));
                }
            }
        }
    });
}

/// Focuses a form field once the error it is in is drawn.
fn focus<E>(field: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    request_animation_frame(move || {
        if let Some(el) = field.get_untracked() {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// The screenshots chosen, or what is wrong with them: at most three, PNG or JPEG, 5 MB each
/// (the server checks again, by the bytes).
fn chosen_files(
    files_ref: NodeRef<Input>,
    strings: &Strings,
) -> Result<Vec<web_sys::File>, String> {
    let Some(list) = files_ref.get_untracked().and_then(|input| input.files()) else {
        return Ok(Vec::new());
    };
    if list.length() > MAX_SCREENSHOTS {
        return Err(strings.too_many_files.to_string());
    }
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    match files.iter().find(|f| !acceptable_image(f)) {
        Some(bad) => Err(strings.bad_file.replace("{name}", &bad.name())),
        None => Ok(files),
    }
}

pub fn acceptable_image(file: &web_sys::File) -> bool {
    IMAGE_TYPES.contains(&file.type_().as_str()) && file.size() <= MAX_SCREENSHOT_BYTES
}

/// "Your message seems to contain a bank card number. Our staff never ask for these." The
/// visitor can still send: the server masks it anyway.
#[component]
pub fn GuardWarning(
    secrets: RwSignal<Vec<Sensitive>>,
    on_send: impl Fn() + Copy + Send + Sync + 'static,
    /// The text the warning is about: focus goes back to it, as the buttons that had it go.
    field: NodeRef<Textarea>,
) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    move || {
        let found = secrets.get();
        (!found.is_empty()).then(|| {
            let names: Vec<&str> = found.iter().map(|k| sensitive_name(*k, strings)).collect();
            let text = strings
                .guard_warning
                .replace("{kinds}", &names.join(strings.list_separator));
            view! {
                <div class="hd-guard" role="alert">
                    <p>{text}</p>
                    <div class="hd-guard-buttons">
                        <button type="button" class="hd-secondary" on:click=move |_| {
                            secrets.set(Vec::new());
                            focus(field);
                        }>
                            {strings.edit_message}
                        </button>
                        <button type="button" class="hd-secondary hd-send-anyway" on:click=move |_| {
                            on_send();
                            focus(field);
                        }>
                            {strings.send_anyway}
                        </button>
                    </div>
                </div>
            }
        })
    }
}

fn sensitive_name(kind: Sensitive, strings: &Strings) -> &'static str {
    let i = match kind {
        Sensitive::SmsCode => 0,
        Sensitive::Password => 1,
        Sensitive::BankCard => 2,
        Sensitive::IdNumber => 3,
    };
    strings.sensitive_kinds[i]
}

/// After "leave a message": what happens next, and the way back.
#[component]
pub fn TicketSent() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let strings = state.strings_untracked();
    view! {
        <p class="hd-ticket-sent" role="status">{strings.ticket_sent}</p>
        <button type="button" class="hd-secondary" on:click=move |_| state.chat.reset()>
            {strings.new_chat}
        </button>
        <ContactDetails/>
    }
}
