use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use switchboard_types::{LoginRequest, SetupRequest, TokenResponse, User};

use crate::api::{self, ApiError};
use crate::app::load_me;
use crate::components::misc::ErrorBox;

/// First run: the setup token from the server log, and the first administrator.
#[component]
pub fn SetupPage() -> impl IntoView {
    let s = api::session();
    let navigate = use_navigate();
    let token = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let req = SetupRequest {
                token: token.get_untracked().into(),
                email: email.get_untracked(),
                password: password.get_untracked().into(),
            };
            let done = api::public_post::<User, _>("/setup", &req).await;
            let result = match done {
                Ok(_) => {
                    api::public_post::<TokenResponse, _>(
                        "/auth/login",
                        &LoginRequest {
                            email: req.email,
                            password: req.password,
                        },
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(t) => {
                    s.set(t);
                    load_me(s).await;
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field_error =
        move |k: &'static str| move || error.with(|e| e.as_ref().and_then(|e| e.field(k)));
    view! {
        <main class="auth-page">
            <form class="card auth" on:submit=submit>
                <h1>"Set up Switchboard"</h1>
                <p class="muted">"Create the first system administrator. The one-time setup token is printed in the server log."</p>
                <label for="setup-token">"Setup token"</label>
                <input id="setup-token" name="token" autocomplete="off" required prop:value=token on:input=move |ev| token.set(event_target_value(&ev))/>
                <label for="setup-email">"Email"</label>
                <input id="setup-email" name="email" type="email" autocomplete="username" required prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <p class="field-error">{field_error("email")}</p>
                <label for="setup-password">"Password"</label>
                <input id="setup-password" name="password" type="password" autocomplete="new-password" minlength="8" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="field-error">{field_error("password")}</p>
                <ErrorBox message=Signal::derive(move || error.get().filter(|e| e.fields.is_empty()).map(|e| e.message))/>
                <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Creating…" } else { "Create administrator" }}</button>
            </form>
        </main>
    }
}
