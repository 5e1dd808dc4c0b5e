//! Showing credentials after the password is entered again.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{ConnectionId, ErrorCode, RevealRequest, RevealResponse};

use crate::api::{self};
use crate::components::dialog::Dialog;
use crate::components::misc::ErrorBox;

#[component]
pub(super) fn RevealDialog(
    id: ConnectionId,
    on_close: Callback<()>,
    on_revealed: Callback<BTreeMap<String, String>>,
) -> impl IntoView {
    let s = api::session();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let req = RevealRequest {
            password: password.get_untracked().into(),
        };
        leptos::task::spawn_local(async move {
            let r =
                api::post::<RevealResponse, _>(s, &format!("/connections/{id}/reveal"), &req).await;
            busy.set(false);
            match r {
                Ok(f) => {
                    password.set(String::new());
                    on_revealed.run(f.fields);
                }
                Err(e) => error.set(Some(if e.code == ErrorCode::InvalidPassword {
                    "That password is not right.".into()
                } else {
                    e.message
                })),
            }
        });
    };
    view! {
        <Dialog title="Confirm it's you" on_close=on_close>
            <form class="form" on:submit=submit>
                <p>"Enter your password to see the decrypted credentials. This is recorded in the audit log."</p>
                <label for="reveal-password">"Your password"</label>
                <input id="reveal-password" type="password" autocomplete="current-password" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <ErrorBox message=Signal::derive(move || error.get())/>
                <div class="actions">
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button class="primary" type="submit" disabled=move || busy.get()>"Show credentials"</button>
                </div>
            </form>
        </Dialog>
    }
}
