//! The connection's rate limit and its live gauge.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{ConnectionId, RateLimit, RateLimitInfo, RateLimitSource};

use crate::api::{self, ApiError};
use crate::components::misc::ErrorBox;

/// The connection's effective rate limit, its source and a live gauge of the calls
/// available now; system administrators set or clear the override here.
#[component]
pub(super) fn RateLimitBox(id: ConnectionId, system_admin: bool) -> impl IntoView {
    let s = api::session();
    let info = RwSignal::new(None::<RateLimitInfo>);
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (requests, per, burst) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    leptos::task::spawn_local(async move {
        while alive.get_value() {
            if let Ok(i) =
                api::get::<RateLimitInfo>(s, &format!("/connections/{id}/rate-limit")).await
            {
                if alive.get_value() {
                    info.set(Some(i));
                }
            }
            gloo_timers::future::TimeoutFuture::new(2_000).await;
        }
    });
    let start_edit = move |_| {
        if let Some(i) = info.get_untracked() {
            requests.set(i.effective.requests.to_string());
            per.set(i.effective.per_seconds.to_string());
            burst.set(i.effective.burst.to_string());
        }
        error.set(None);
        editing.set(true);
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parse = |v: RwSignal<String>| v.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let body = RateLimit {
            requests: parse(requests),
            per_seconds: parse(per),
            burst: parse(burst),
        };
        leptos::task::spawn_local(async move {
            match api::put::<RateLimitInfo, _>(s, &format!("/connections/{id}/rate-limit"), &body)
                .await
            {
                Ok(i) => {
                    info.set(Some(i));
                    editing.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let clear = move |_| {
        leptos::task::spawn_local(async move {
            match api::delete_json::<RateLimitInfo>(s, &format!("/connections/{id}/rate-limit"))
                .await
            {
                Ok(i) => {
                    info.set(Some(i));
                    editing.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="rate-limit" aria-label="Rate limit">
            <h3>"Rate limit"</h3>
            {move || info.get().map(|i| {
                let l = i.effective;
                let source = if i.source == RateLimitSource::Override { "override" } else { "app default" };
                view! {
                    <p class="small">
                        <strong>{format!("{} per {} s, burst {}", l.requests, l.per_seconds, l.burst)}</strong>
                        " "<span class=if i.source == RateLimitSource::Override { "badge warn" } else { "badge" }>{source}</span>
                    </p>
                    <label class="small gauge">
                        <meter min="0" max=l.burst.to_string() value=i.remaining.to_string()></meter>
                        {format!(" {} of {} calls available now", i.remaining, l.burst)}
                    </label>
                }
            })}
            {system_admin.then(|| view! {
                <Show when=move || editing.get() fallback=move || view! {
                    <div class="actions left">
                        <button class="small" on:click=start_edit>"Change limit"</button>
                        <Show when=move || info.with(|i| i.as_ref().is_some_and(|i| i.source == RateLimitSource::Override))>
                            <button class="small" on:click=clear>"Use app default"</button>
                        </Show>
                    </div>
                }>
                    <form class="form limit-form" on:submit=save>
                        <label>"Requests"<input inputmode="numeric" required prop:value=requests on:input=move |ev| requests.set(event_target_value(&ev))/></label>
                        <label>"per seconds"<input inputmode="numeric" required prop:value=per on:input=move |ev| per.set(event_target_value(&ev))/></label>
                        <label>"Burst"<input inputmode="numeric" required prop:value=burst on:input=move |ev| burst.set(event_target_value(&ev))/></label>
                        <ErrorBox message=Signal::derive(move || error.get().map(|e| e.summary()))/>
                        <div class="actions">
                            <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                            <button class="primary" type="submit">"Save override"</button>
                        </div>
                    </form>
                </Show>
            })}
        </section>
    }
}
