//! Changing one's own password: the current one and a new one. Every session ends
//! (this one too), so the app returns to sign-in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use switchboard_types::ChangePasswordRequest;

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::ErrorBox;

#[component]
pub fn ChangePassword(on_close: Callback<()>) -> impl IntoView {
    let s = api::session();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let req = ChangePasswordRequest {
            current_password: current.get_untracked().into(),
            new_password: new.get_untracked().into(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api::post_empty(s, "/me/password", &req).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    s.clear();
                    s.expired.set(true);
                    navigate("/login", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Dialog title="Change your password" on_close=on_close>
            <form class="form" on:submit=submit>
                <label for="pw-current">"Current password"</label>
                <input id="pw-current" type="password" autocomplete="current-password" required
                    prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                <label for="pw-new">"New password"</label>
                <input id="pw-new" type="password" autocomplete="new-password" minlength="8" required
                    prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
                <p class="field-error">{move || error.with(|e| e.as_ref().and_then(|e| e.field("new_password")))}</p>
                <p class="muted small">"Every session ends, this one too: you sign in again with the new password."</p>
                <ErrorBox message=Signal::derive(move || error.get().filter(|e| e.fields.is_empty()).map(|e| e.message))/>
                <div class="actions">
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button class="primary" type="submit" disabled=move || busy.get()>"Change password"</button>
                </div>
            </form>
        </Dialog>
    }
}
