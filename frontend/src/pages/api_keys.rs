use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{ApiKey, ApiKeyId, ApiScope, CreateApiKeyRequest, CreatedApiKey};

use crate::api::{self, ApiError};
use crate::components::misc::{ago, date, ErrorBox};
use crate::components::secret_once::OneTimeSecret;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let s = api::session();
    let keys = RwSignal::new(None::<Vec<ApiKey>>);
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![
        "connections:read".to_string(),
        "credentials:read".to_string(),
    ]);
    let current = RwSignal::new(String::new());
    let sensitive = move || {
        scopes.with(|v| {
            v.iter()
                .any(|s| ApiScope::parse(s).is_some_and(ApiScope::is_sensitive))
        })
    };
    let form_error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            match api::get_all(s, "/api-keys").await {
                Ok(items) => keys.set(Some(items)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = CreateApiKeyRequest {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            current_password: sensitive().then(|| current.get_untracked()).map(Into::into),
        };
        leptos::task::spawn_local(async move {
            match api::post::<CreatedApiKey, _>(s, "/api-keys", &req).await {
                Ok(k) => {
                    form_error.set(None);
                    name.set(String::new());
                    current.set(String::new());
                    created.set(Some(k));
                    version.update(|v| *v += 1);
                }
                Err(e) => form_error.set(Some(e)),
            }
        });
    };
    let revoke = move |id: ApiKeyId| {
        leptos::task::spawn_local(async move {
            match api::delete(s, &format!("/api-keys/{id}")).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>"API keys"</h1>
            <p class="muted">"Keys let automation engines and SDKs call Switchboard. Send one as " <code>"Authorization: Bearer sbk_…"</code>"."</p>
            <form class="card form" on:submit=submit>
                <h2>"New key"</h2>
                <label for="key-name">"Name"</label>
                <input id="key-name" required maxlength="100" placeholder="Workflow engine" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <fieldset>
                    <legend>"Scopes"</legend>
                    {ApiScope::ALL.iter().map(|scope| {
                        let sc = scope.as_str().to_string();
                        let sc2 = sc.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || scopes.with(|v| v.contains(&sc))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let sc = sc2.clone(); scopes.update(|v| { v.retain(|x| *x != sc); if on { v.push(sc); } }); }/>
                                <code>{scope.as_str()}</code>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <Show when=sensitive>
                    <label for="key-current-password">"Your password (keys that read credentials or use the proxy need it)"</label>
                    <input id="key-current-password" type="password" autocomplete="current-password" required prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                </Show>
                <ErrorBox message=Signal::derive(move || form_error.get().map(|e| e.summary()))/>
                <div class="actions"><button class="primary" type="submit">"Create key"</button></div>
            </form>
            <ErrorBox message=Signal::derive(move || error.get())/>
            {move || match keys.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty">"No API keys yet."</p> }.into_any(),
                Some(list) => view! {
                    <table class="table">
                        <thead><tr><th>"Name"</th><th>"Key"</th><th>"Scopes"</th><th>"Created"</th><th>"Last used"</th><th></th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|k| {
                                let id = k.id;
                                view! {
                                    <tr>
                                        <td>{k.name.clone()}</td>
                                        <td><code>{format!("{}…", k.prefix)}</code></td>
                                        <td>{k.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                        <td>{date(&k.created_at)}</td>
                                        <td>{k.last_used_at.as_ref().map(ago).unwrap_or_else(|| "never".into())}</td>
                                        <td><button class="danger small" on:click=move |_| revoke(id)>"Revoke"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            {move || created.get().map(|k| view! {
                <OneTimeSecret title="Your new API key" note="Copy it now: it is shown only this once."
                    value=k.key.into_inner() on_close=Callback::new(move |_| created.set(None))/>
            })}
        </div>
    }
}
