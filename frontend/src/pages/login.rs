use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use switchboard_types::spa::{safe_next, AFTER_SIGN_IN};
use switchboard_types::{LoginRequest, TokenResponse};

use crate::api::{self, ApiError};
use crate::app::{load_me, Boot};
use crate::components::misc::ErrorBox;

/// Whether the browser itself resolves `next` to this page's origin.
fn same_origin(next: &str) -> bool {
    let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) else {
        return false;
    };
    web_sys::Url::new_with_base(next, &origin).is_ok_and(|u| u.origin() == origin)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = api::session();
    let boot = expect_context::<RwSignal<Boot>>();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let next = query
            .with_untracked(|q| q.get("next"))
            .filter(|n| safe_next(n).is_some() && same_origin(n))
            .unwrap_or_else(|| AFTER_SIGN_IN.into());
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let r = api::public_post::<TokenResponse, _>(
                "/auth/login",
                &LoginRequest {
                    email: email.get_untracked(),
                    password: password.get_untracked().into(),
                },
            )
            .await;
            busy.set(false);
            match r {
                Ok(t) => {
                    s.set(t);
                    load_me(s).await;
                    boot.set(Boot::Ready);
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <main class="auth-page">
            <form class="card auth" on:submit=submit>
                <h1><span class="logo" aria-hidden="true">"⇄"</span>" Sign in to Switchboard"</h1>
                <Show when=move || s.expired.get()>
                    <p class="notice" role="status">"Your session ended. Sign in again to continue where you were."</p>
                </Show>
                <label for="login-email">"Email"</label>
                <input id="login-email" name="email" type="email" autocomplete="username" required prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <ErrorBox message=Signal::derive(move || error.get().map(|e| e.summary()))/>
                <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Signing in…" } else { "Sign in" }}</button>
            </form>
        </main>
    }
}
