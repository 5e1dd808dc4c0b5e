//! Adding a connection: the catalog picker, then a form from the app's field schema
//! or the OAuth sign-in.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    match_rank, AppDefinition, AppSummary, AuthorizeRequest, Connection, CreateConnectionRequest,
};

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::{AppAvatar, ErrorBox};
use crate::oauth;

/// Inputs generated from an app's field schema, with inline errors from the API.
#[component]
pub(crate) fn FieldInputs(
    def: AppDefinition,
    values: RwSignal<BTreeMap<String, String>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    def.auth
        .fields
        .into_iter()
        .map(|f| {
            let key = f.key.clone();
            let id = format!("field-{}", f.key);
            let err_key = format!("fields.{}", f.key);
            let k2 = key.clone();
            let err = move || error.with(|e| e.as_ref().and_then(|e| e.fields.get(&err_key).and_then(|v| v.first().cloned())));
            let err2 = err.clone();
            view! {
                <div class="field">
                    <label for=id.clone()>{f.label.clone()}{f.required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
                    <input id=id name=f.key.clone() type=if f.secret { "password" } else { "text" } autocomplete="off"
                        required=f.required placeholder=f.default.clone().unwrap_or_default()
                        aria-invalid=move || err2().is_some().to_string()
                        prop:value=move || values.with(|v| v.get(&k2).cloned().unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); values.update(|m| { m.insert(key.clone(), v); }); }/>
                    {f.help.clone().map(|h| view! { <p class="help">{h}</p> })}
                    <p class="field-error">{err}</p>
                </div>
            }
        })
        .collect_view()
}

pub(crate) fn non_empty(values: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    values
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[component]
pub(super) fn AddConnection(
    on_close: Callback<()>,
    on_created: Callback<Connection>,
) -> impl IntoView {
    let s = api::session();
    let apps = RwSignal::new(Vec::<AppSummary>::new());
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<AppDefinition>);
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    // No connection of the chosen app yet: this one is named Default.
    let first = RwSignal::new(true);
    let busy = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        match api::get_all::<AppSummary>(s, "/apps").await {
            Ok(l) => apps.set(l),
            Err(e) => error.set(Some(e)),
        }
    });
    let pick = move |slug: String| {
        leptos::task::spawn_local(async move {
            let found = api::get::<AppDefinition>(s, &format!("/apps/{slug}")).await;
            let has_any = api::connections::has_any(s, &slug).await;
            match found.and_then(|d| has_any.map(|h| (d, h))) {
                Ok((d, has_any)) => {
                    first.set(!has_any);
                    name.set(if has_any {
                        String::new()
                    } else {
                        "Default".into()
                    });
                    values.set(BTreeMap::new());
                    error.set(None);
                    chosen.set(Some(d));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let filtered = Memo::new(move |_| {
        let n = search.get().trim().to_lowercase();
        // The catalog's own ranking: names or slugs starting with the text first.
        let mut v: Vec<(u8, AppSummary)> = apps.with(|a| {
            a.iter()
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
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(def) = chosen.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        let first = first.get_untracked();
        let n = name.get_untracked();
        let req = CreateConnectionRequest {
            app: def.slug.clone(),
            name: if first || n.trim().is_empty() {
                None
            } else {
                Some(n)
            },
            fields: non_empty(&values.get_untracked()),
            test: None,
            tags: None,
            metadata: None,
            oauth: None,
            config: None,
        };
        leptos::task::spawn_local(async move {
            let r = api::post::<Connection, _>(s, "/connections", &req).await;
            busy.set(false);
            match r {
                Ok(c) => on_created.run(c),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let title = move || {
        chosen.with(|c| {
            c.as_ref()
                .map(|d| format!("Connect {}", d.name))
                .unwrap_or_else(|| "Add a connection".into())
        })
    };
    view! {
        <Dialog title=Signal::derive(title) on_close=on_close>
            {move || match chosen.get() {
                None => view! {
                    <div class="picker">
                        <label class="search">
                            <span class="visually-hidden">"Search apps"</span>
                            <input type="search" placeholder="Search apps…" autocomplete="off" prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
                        </label>
                        <ul class="app-grid" aria-label="Apps">
                            <For each=move || filtered.get() key=|a| a.slug.clone() let:a>
                                <li>
                                    <button class="app-tile" data-slug=a.slug.clone() on:click={let slug = a.slug.clone(); move |_| pick(slug.clone())}>
                                        <AppAvatar name=a.name.clone()/>
                                        <span class="app-name">{a.name.clone()}</span>
                                        <span class="muted small">{a.category.clone()}</span>
                                    </button>
                                </li>
                            </For>
                        </ul>
                        <ErrorBox message=Signal::derive(move || error.get().map(|e| e.message))/>
                    </div>
                }.into_any(),
                Some(def) if def.needs_sign_in() => {
                    let first = first.get_untracked();
                    let slug = def.slug.clone();
                    let connect = move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let n = name.get_untracked();
                        let req = AuthorizeRequest { app: slug.clone(), name: if first || n.trim().is_empty() { None } else { Some(n) }, connection_id: None, scopes: None };
                        oauth::start(s, req, error, busy);
                    };
                    view! {
                        <form class="form" on:submit=connect>
                            <p>{format!("{} connects through OAuth2: you sign in at {} and grant access; Switchboard keeps the tokens encrypted and renews them.", def.name, def.name)}</p>
                            <div class="field">
                                <label for="conn-name">"Name"</label>
                                <input id="conn-name" name="name" prop:value=name readonly=first required=!first maxlength="64" on:input=move |ev| name.set(event_target_value(&ev))/>
                            </div>
                            <ErrorBox message=Signal::derive(move || error.get().map(|e| e.summary()))/>
                            <div class="actions">
                                <button type="button" on:click=move |_| chosen.set(None)>"Back"</button>
                                <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { format!("Waiting for {}…", def.name) } else { format!("Connect with {}", def.name) }}</button>
                            </div>
                        </form>
                    }.into_any()
                }
                Some(def) => {
                    let first = first.get_untracked();
                    view! {
                        <form class="form" on:submit=submit>
                            {def.docs_url.clone().map(|u| view! { <p class="muted small">{def.description.clone()}" "<a href=u target="_blank" rel="noopener noreferrer">"API docs"</a></p> })}
                            <div class="field">
                                <label for="conn-name">"Name"{(!first).then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
                                <input id="conn-name" name="name" prop:value=name readonly=first required=!first maxlength="64"
                                    on:input=move |ev| name.set(event_target_value(&ev))/>
                                <p class="help">{if first { "The first connection of an app is named Default." } else { "Pick a name to tell it apart, e.g. Marketing workspace." }}</p>
                                <p class="field-error">{move || error.with(|e| e.as_ref().and_then(|e| e.field("name")))}</p>
                            </div>
                            <FieldInputs def=def.clone() values=values error=error/>
                            <ErrorBox message=Signal::derive(move || error.get().filter(|e| !e.fields.keys().any(|k| k == "name" || k.starts_with("fields."))).map(|e| e.summary()))/>
                            <div class="actions">
                                <button type="button" on:click=move |_| chosen.set(None)>"Back"</button>
                                <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Testing…" } else { "Test and save" }}</button>
                            </div>
                        </form>
                    }.into_any()
                }
            }}
        </Dialog>
    }
}
