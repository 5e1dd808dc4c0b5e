//! The hosted connect page: a platform's end user, without a Switchboard login,
//! connects one account of an allowed app with the session's token
//! (`/connect/{token}`). An OAuth sign-in begun here comes back to
//! `/connect/return` (unless the callback sent the browser straight to the
//! platform's URL).
//!
//! The outcome goes to the platform: `postMessage` to the opener for each of the
//! session's allowed origins (the browser delivers it only to the matching one),
//! then the session's `success_url`/`error_url` with the ids or the error code.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    match_rank, outcome_url, AppDefinition, AuthorizeResponse, ConnectApp, ConnectAuthorizeRequest,
    ConnectDone, ConnectFieldsRequest, ConnectPage as Page, ConnectSessionStatus,
};
use wasm_bindgen::JsCast;

use crate::api::{connect as api, ApiError};
use crate::components::misc::{AppAvatar, ErrorBox};
use crate::pages::connections::add::{non_empty, FieldInputs};

/// Where the page keeps the token while the browser is at the provider.
fn storage_key(session: &str) -> String {
    format!("switchboard-connect:{session}")
}

/// How connecting ended.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Connected(String),
    Failed(String),
}

/// The hosted page or, back from the provider, its return view.
#[component]
pub fn ConnectRoot() -> impl IntoView {
    let path = window().location().pathname().unwrap_or_default();
    let rest = path.trim_start_matches("/connect/").trim_end_matches('/');
    if rest == "return" {
        view! { <ReturnView/> }.into_any()
    } else {
        view! { <ConnectView token=rest.to_string()/> }.into_any()
    }
}

/// A sentence for a problem code of the page or the callback.
fn explain(code: &str, fallback: &str) -> String {
    match code {
        "connect_token_invalid" => "This connect link is not valid. Ask for a new one.".into(),
        "connect_session_expired" => "This connect link expired. Ask for a new one.".into(),
        "connect_session_used" => "This connect link was already used. Ask for a new one.".into(),
        "too_many_requests" => "Too many attempts. Wait a few minutes and try again.".into(),
        "access_denied" => "You declined access. Nothing was connected.".into(),
        "cancelled" => "Connecting was cancelled.".into(),
        "name_taken" => {
            "An account of this app with that name exists here; pick another name.".into()
        }
        "upstream_unavailable" => "The app could not be reached. Try again in a moment.".into(),
        _ if !fallback.is_empty() => fallback.into(),
        _ => "Connecting failed. Try again, or ask for a new link.".into(),
    }
}

/// Tells the opener (for each allowed origin) and goes on to the platform's URL.
/// Returns false when the page stays (no URL for this outcome).
fn report(page: &Page, outcome: &Outcome) -> bool {
    let session = page.session_id.to_string();
    let (message, url, pairs) = match outcome {
        Outcome::Connected(id) => (
            serde_json::json!({"type": "switchboard.connect", "outcome": "connected",
                               "connection_id": id, "connect_session_id": session}),
            page.success_url.clone(),
            vec![
                ("connection_id", id.clone()),
                ("connect_session_id", session.clone()),
            ],
        ),
        Outcome::Failed(code) => (
            serde_json::json!({"type": "switchboard.connect", "outcome": "error",
                               "error": code, "connect_session_id": session}),
            page.error_url.clone(),
            vec![
                ("error", code.clone()),
                ("connect_session_id", session.clone()),
            ],
        ),
    };
    let w = window();
    if let Ok(opener) = w.opener() {
        if !opener.is_null() && !opener.is_undefined() && !page.allowed_origins.is_empty() {
            let opener = opener.unchecked_into::<web_sys::Window>();
            if let Ok(data) = js_sys::JSON::parse(&message.to_string()) {
                for origin in &page.allowed_origins {
                    let _ = opener.post_message(&data, origin);
                }
            }
        }
    }
    if let Ok(Some(s)) = w.session_storage() {
        let _ = s.remove_item(&storage_key(&session));
    }
    match url {
        Some(u) => {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let _ = w.location().set_href(&outcome_url(&u, &pairs));
            true
        }
        None => false,
    }
}

/// Who connects, as the page greets them.
fn who(page: &Page) -> String {
    let e = &page.end_user;
    e.display_name
        .clone()
        .or_else(|| e.email.clone())
        .unwrap_or_else(|| e.id.clone())
}

#[component]
fn Frame(children: Children) -> impl IntoView {
    view! {
        <main class="auth-page connect-page">
            <div class="card connect">{children()}</div>
        </main>
    }
}

#[component]
fn ConnectView(token: String) -> impl IntoView {
    let page = RwSignal::new(None::<Result<Page, ApiError>>);
    let t = token.clone();
    leptos::task::spawn_local(async move {
        page.set(Some(api::get::<Page>(&t, "/connect/page").await));
    });
    let token = StoredValue::new(token);
    view! {
        <Frame>
            {move || match page.get() {
                None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <h1>"Connect an account"</h1>
                    <p class="error" role="alert">{explain(&e.code, &e.message)}</p>
                }.into_any(),
                Some(Ok(p)) if p.status == ConnectSessionStatus::Used => view! {
                    <h1>"Connect an account"</h1>
                    <p role="status">"This connect link was already used: the account is connected. You can close this window."</p>
                }.into_any(),
                Some(Ok(p)) => view! { <Connecting page=p token=token.get_value()/> }.into_any(),
            }}
        </Frame>
    }
}

#[component]
fn Connecting(page: Page, token: String) -> impl IntoView {
    let page = StoredValue::new(page);
    let token = StoredValue::new(token);
    let search = RwSignal::new(String::new());
    // A reconnect offers one app: it is chosen from the start.
    let chosen = RwSignal::new(page.with_value(|p| {
        p.reconnect
            .as_ref()
            .and_then(|r| p.apps.iter().find(|a| a.slug == r.app).cloned())
    }));
    let done = RwSignal::new(None::<Outcome>);
    let filtered = Memo::new(move |_| {
        let n = search.get().trim().to_lowercase();
        let mut v: Vec<(u8, ConnectApp)> = page.with_value(|p| {
            p.apps
                .iter()
                .filter_map(|a| {
                    let rank = if n.is_empty() {
                        Some(0)
                    } else {
                        match_rank(&a.name, &a.slug, &n)
                    };
                    rank.map(|r| (r, a.clone()))
                })
                .collect()
        });
        v.sort_by_key(|(r, a)| (*r, a.name.to_lowercase()));
        v.into_iter().map(|(_, a)| a).collect::<Vec<_>>()
    });
    let finish = move |o: Outcome| {
        if !page.with_value(|p| report(p, &o)) {
            done.set(Some(o));
        }
    };
    let cancel = move |_| finish(Outcome::Failed("cancelled".into()));
    let (platform, person) = page.with_value(|p| (p.account_name.clone(), who(p)));
    view! {
        <h1>{match page.with_value(|p| p.reconnect.clone()) {
            Some(r) => format!("Reconnect {}", r.name),
            None => "Connect an account".to_string(),
        }}</h1>
        <p class="muted">{format!("{platform} asks {person} to connect an account. Switchboard keeps the credentials encrypted for {platform}.")}</p>
        {move || match (done.get(), chosen.get()) {
            (Some(Outcome::Connected(_)), _) => view! {
                <p class="notice" role="status">"Connected. You can close this window."</p>
            }.into_any(),
            (Some(Outcome::Failed(code)), _) => view! {
                <p class="error" role="alert">{explain(&code, "")}</p>
            }.into_any(),
            (None, None) => view! {
                <div class="picker">
                    <label class="search">
                        <span class="visually-hidden">"Search apps"</span>
                        <input type="search" placeholder="Search apps…" autocomplete="off" prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
                    </label>
                    <ul class="app-grid" aria-label="Apps">
                        <For each=move || filtered.get() key=|a| a.slug.clone() let:a>
                            <li>
                                <button class="app-tile" data-slug=a.slug.clone() on:click={let a = a.clone(); move |_| chosen.set(Some(a.clone()))}>
                                    <AppAvatar name=a.name.clone()/>
                                    <span class="app-name">{a.name.clone()}</span>
                                    <span class="muted small">{a.category.clone()}</span>
                                </button>
                            </li>
                        </For>
                    </ul>
                    <div class="actions">
                        <button type="button" on:click=cancel>"Cancel"</button>
                    </div>
                </div>
            }.into_any(),
            (None, Some(app)) => view! {
                <AppForm app=app page=page.get_value() token=token.get_value()
                    on_back=Callback::new(move |_| chosen.set(None))
                    on_done=Callback::new(finish)/>
            }.into_any(),
        }}
    }
}

/// The chosen app: its fields (tested on submit) or its OAuth sign-in.
#[component]
fn AppForm(
    app: ConnectApp,
    page: Page,
    token: String,
    on_back: Callback<()>,
    on_done: Callback<Outcome>,
) -> impl IntoView {
    let reconnect = page.reconnect.is_some();
    // The app's first connection is named Default; a reconnect keeps its name.
    let ask_name = !app.first && !reconnect;
    let name = RwSignal::new(if ask_name {
        page.end_user.display_name.clone().unwrap_or_default()
    } else {
        String::new()
    });
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let def = RwSignal::new(None::<AppDefinition>);
    let token = StoredValue::new(token);
    let session = page.session_id.to_string();
    if !app.sign_in {
        let slug = app.slug.clone();
        leptos::task::spawn_local(async move {
            match api::get::<AppDefinition>(
                &token.get_value(),
                &format!("/connect/page/apps/{slug}"),
            )
            .await
            {
                Ok(d) => def.set(Some(d)),
                Err(e) => error.set(Some(e)),
            }
        });
    }
    let typed = move || {
        let n = name.get_untracked();
        (ask_name && !n.trim().is_empty()).then_some(n)
    };
    let slug = StoredValue::new(app.slug.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let req = ConnectFieldsRequest {
            app: slug.get_value(),
            name: typed(),
            fields: non_empty(&values.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let r =
                api::post::<ConnectDone, _>(&token.get_value(), "/connect/page/connections", &req)
                    .await;
            busy.set(false);
            match r {
                Ok(d) => on_done.run(Outcome::Connected(d.connection_id.to_string())),
                Err(e) if e.status == 410 || e.status == 401 => {
                    on_done.run(Outcome::Failed(e.code))
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let sign_in = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let req = ConnectAuthorizeRequest {
            app: slug.get_value(),
            name: typed(),
        };
        let session = session.clone();
        leptos::task::spawn_local(async move {
            let r = api::post::<AuthorizeResponse, _>(
                &token.get_value(),
                "/connect/page/oauth/authorize",
                &req,
            )
            .await;
            match r {
                Ok(a) => {
                    // Back from the provider, the return view needs the token again.
                    if let Ok(Some(s)) = window().session_storage() {
                        let _ = s.set_item(&storage_key(&session), &token.get_value());
                    }
                    let _ = window().location().set_href(&a.authorize_url);
                }
                Err(e) => {
                    busy.set(false);
                    if e.status == 410 || e.status == 401 {
                        on_done.run(Outcome::Failed(e.code));
                    } else {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let name_field = move || {
        ask_name.then(|| view! {
            <div class="field">
                <label for="conn-name">"Name"<span class="req" aria-hidden="true">" *"</span></label>
                <input id="conn-name" name="name" prop:value=name required maxlength="64" on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="help">"You already have an account of this app here; name this one to tell them apart."</p>
                <p class="field-error">{move || error.with(|e| e.as_ref().and_then(|e| e.field("name")))}</p>
            </div>
        })
    };
    let back = (!reconnect)
        .then(|| view! { <button type="button" on:click=move |_| on_back.run(())>"Back"</button> });
    let app_name = app.name.clone();
    if app.sign_in {
        let label = format!("Continue with {app_name}");
        view! {
            <form class="form" on:submit=sign_in>
                <h2>{app_name.clone()}</h2>
                <p>{format!("You sign in at {app_name} and grant access; you come back here afterwards.")}</p>
                {name_field}
                <ErrorBox message=Signal::derive(move || error.get().filter(|e| e.field("name").is_none()).map(|e| e.summary()))/>
                <div class="actions">
                    {back}
                    <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Opening…".to_string() } else { label.clone() }}</button>
                </div>
            </form>
        }.into_any()
    } else {
        view! {
            <form class="form" on:submit=submit>
                <h2>{app_name}</h2>
                {name_field}
                {move || def.get().map(|d| view! { <FieldInputs def=d values=values error=error/> })}
                <ErrorBox message=Signal::derive(move || error.get().filter(|e| !e.fields.keys().any(|k| k == "name" || k.starts_with("fields."))).map(|e| e.summary()))/>
                <div class="actions">
                    {back}
                    <button class="primary" type="submit" disabled=move || busy.get() || def.with(Option::is_none)>{move || if busy.get() { "Testing…" } else { "Connect" }}</button>
                </div>
            </form>
        }.into_any()
    }
}

/// Back from the provider: the outcome is in the query; with the token kept
/// before leaving, the page tells the opener and goes to the platform's URL.
#[component]
fn ReturnView() -> impl IntoView {
    let query = window().location().search().unwrap_or_default();
    let mut session = String::new();
    let mut outcome = Outcome::Failed("unexpected".into());
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = js_sys::decode_uri_component(v)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        match k {
            "connect_session_id" => session = v,
            "connection_id" => outcome = Outcome::Connected(v),
            "error" if !matches!(outcome, Outcome::Connected(_)) => outcome = Outcome::Failed(v),
            _ => {}
        }
    }
    let shown = RwSignal::new(None::<Outcome>);
    // A failed sign-in of a session still open can be tried again.
    let retry = RwSignal::new(None::<String>);
    let token = window()
        .session_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&storage_key(&session)).ok().flatten());
    let mut o2 = outcome.clone();
    match token {
        Some(t) => leptos::task::spawn_local(async move {
            let reported = match api::get::<Page>(&t, "/connect/page").await {
                Ok(p) => {
                    // The session says how it ended, not the query (which anyone
                    // could have written).
                    let o = match (p.status, p.result_connection_id) {
                        (ConnectSessionStatus::Used, Some(id)) => {
                            Outcome::Connected(id.to_string())
                        }
                        _ => Outcome::Failed(p.last_error.clone().unwrap_or_else(|| match &o2 {
                            Outcome::Failed(code) => code.clone(),
                            Outcome::Connected(_) => "unexpected".into(),
                        })),
                    };
                    if p.status == ConnectSessionStatus::Pending && p.error_url.is_none() {
                        retry.set(Some(format!("/connect/{t}")));
                    }
                    let reported = report(&p, &o);
                    o2 = o;
                    reported
                }
                Err(_) => false,
            };
            if !reported {
                shown.set(Some(o2));
            }
        }),
        None => shown.set(Some(outcome)),
    }
    view! {
        <Frame>
            <h1>"Connect an account"</h1>
            {move || match shown.get() {
                None => view! { <p class="muted" role="status">"Finishing…"</p> }.into_any(),
                Some(Outcome::Connected(_)) => view! { <p class="notice" role="status">"Connected. You can close this window."</p> }.into_any(),
                Some(Outcome::Failed(code)) => view! {
                    <p class="error" role="alert">{explain(&code, "")}</p>
                    {move || retry.get().map(|href| view! { <p><a href=href>"Try again"</a></p> })}
                }.into_any(),
            }}
        </Frame>
    }
}
