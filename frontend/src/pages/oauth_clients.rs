//! System administrators: each OAuth2 app's client id and secret, and the callback
//! URL to register with the provider.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{AppSummary, AuthType, OAuthClientInfo, OAuthClientRequest};

use crate::api::{self, ApiError};
use crate::components::misc::{copy_to_clipboard, AppAvatar, ErrorBox};

#[component]
pub fn OAuthClientsPage() -> impl IntoView {
    let s = api::session();
    let apps = RwSignal::new(None::<Vec<AppSummary>>);
    let error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match api::get_all::<AppSummary>(s, "/apps").await {
            Ok(list) => apps.set(Some(
                list.into_iter()
                    .filter(|a| a.auth_type == AuthType::Oauth2)
                    .collect(),
            )),
            Err(e) => error.set(Some(e.message)),
        }
    });
    view! {
        <div class="page-head"><h1>"OAuth apps"</h1></div>
        <p class="muted">"Each OAuth2 app needs a client registered with its provider. Register the callback URL there, then enter the client id and secret here; the secret is stored encrypted and never shown again."</p>
        <ErrorBox message=Signal::derive(move || error.get())/>
        <div class="oauth-clients">
            {move || match apps.get() {
                None => view! { <p class="muted" aria-busy="true">"Loading apps…"</p> }.into_any(),
                Some(list) => list.into_iter().map(|a| view! { <ClientCard app=a/> }).collect_view().into_any(),
            }}
        </div>
    }
}

#[component]
fn ClientCard(app: AppSummary) -> impl IntoView {
    let s = api::session();
    let info = RwSignal::new(None::<OAuthClientInfo>);
    let client_id = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let slug = app.slug.clone();
    {
        let slug = slug.clone();
        leptos::task::spawn_local(async move {
            match api::get::<OAuthClientInfo>(s, &format!("/apps/{slug}/oauth-client")).await {
                Ok(i) => {
                    client_id.set(i.client_id.clone().unwrap_or_default());
                    info.set(Some(i));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    }
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let slug = slug.clone();
        let req = OAuthClientRequest {
            client_id: client_id.get_untracked(),
            client_secret: secret.get_untracked().into(),
            current_password: Some(current.get_untracked().into()),
        };
        busy.set(true);
        saved.set(false);
        error.set(None);
        leptos::task::spawn_local(async move {
            let r = api::put::<OAuthClientInfo, _>(s, &format!("/apps/{slug}/oauth-client"), &req)
                .await;
            busy.set(false);
            match r {
                Ok(i) => {
                    secret.set(String::new());
                    current.set(String::new());
                    info.set(Some(i));
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let id_field = format!("client-id-{}", app.slug);
    let current_field = format!("client-current-password-{}", app.slug);
    let secret_field = format!("client-secret-{}", app.slug);
    view! {
        <section class="card" data-slug=app.slug.clone() aria-label=format!("{} OAuth client", app.name)>
            <h2><AppAvatar name=app.name.clone()/>{app.name.clone()}
                {move || info.get().map(|i| if i.configured {
                    view! { <span class="badge ok">"configured"</span> }.into_any()
                } else {
                    view! { <span class="badge warn">"not configured"</span> }.into_any()
                })}
            </h2>
            {move || info.get().map(|i| {
                let url = i.callback_url.clone();
                view! {
                    <div class="callback">
                        <span class="muted small">"Callback URL"</span>
                        <code>{i.callback_url.clone()}</code>
                        <button type="button" class="small" on:click=move |_| { copy_to_clipboard(&url); copied.set(true); }>
                            {move || if copied.get() { "Copied" } else { "Copy" }}
                        </button>
                    </div>
                }
            })}
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for=id_field.clone()>"Client ID"</label>
                    <input id=id_field required maxlength="500" autocomplete="off" prop:value=client_id on:input=move |ev| client_id.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=secret_field.clone()>"Client secret"</label>
                    <input id=secret_field type="password" required maxlength="4000" autocomplete="new-password"
                        placeholder=move || if info.with(|i| i.as_ref().is_some_and(|i| i.configured)) { "•••••••• (enter a new one to replace it)" } else { "" }
                        prop:value=secret on:input=move |ev| secret.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=current_field.clone()>"Your password"</label>
                    <input id=current_field type="password" required autocomplete="current-password"
                        prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                </div>
                <ErrorBox message=Signal::derive(move || error.get().map(|e| e.summary()))/>
                <div class="actions">
                    <Show when=move || saved.get()><span class="ok-text small" role="status">"Saved."</span></Show>
                    <button class="primary" type="submit" disabled=move || busy.get()>"Save client"</button>
                </div>
            </form>
        </section>
    }
}
