use std::collections::{BTreeMap, HashSet};

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use switchboard_types::{
    match_rank, AppDefinition, AppList, AppSummary, AuthorizeRequest, AutomationUsage, Connection,
    ConnectionId, ConnectionQuery, ConnectionScope, ConnectionUsage, CreateConnectionRequest,
    DeletedConnection, ErrorCode, RateLimit, RateLimitInfo, RateLimitSource, RevealRequest,
    RevealResponse, Role, TestOutcome, UpdateConnectionRequest, UpdateFieldsRequest,
};

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::{ago, copy_to_clipboard, date, AppAvatar, ErrorBox, StatusBadge};
use crate::oauth;

/// Connections of one app, as the server ordered them.
#[derive(Clone, PartialEq)]
struct Group {
    app: String,
    app_name: String,
    items: Vec<Connection>,
}

/// Runs of the same app in the server's order (search bands, then name).
fn group(all: &[Connection]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for c in all {
        match groups.iter_mut().find(|g| g.app == c.app) {
            Some(g) => g.items.push(c.clone()),
            None => groups.push(Group {
                app: c.app.clone(),
                app_name: c.app_name.clone(),
                items: vec![c.clone()],
            }),
        }
    }
    groups
}

/// Connections per page of the list.
const PAGE: u32 = 50;
/// How long typing pauses before the search goes to the server.
const DEBOUNCE_MS: u32 = 150;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let s = api::session();
    let query = use_query_map();
    let q = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let typing = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let selected = RwSignal::new(None::<ConnectionId>);
    let adding = RwSignal::new(false);
    let scope = RwSignal::new(ConnectionScope::Own);

    Effect::new(move |_| {
        if query.with(|q| q.get("add").is_some()) {
            adding.set(true);
        }
    });
    // The first page of whatever is asked: a new scope or search replaces the list,
    // and an answer to an older question never overwrites a newer one.
    let first_page = LocalResource::new(move || {
        let query = ConnectionQuery {
            scope: Some(scope.get()),
            q: Some(search.get()),
            limit: Some(PAGE),
            ..Default::default()
        };
        async move { api::connections::list(s, &query).await }
    });
    let needing = LocalResource::new(move || api::connections::needing_reconnect(s));
    // Further pages, appended by "Load more"; they belong to the first page they follow.
    let more = RwSignal::new(Vec::<Connection>::new());
    let next = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let page = first_page.get();
        more.set(Vec::new());
        more_error.set(None);
        next.set(page.and_then(|p| p.ok()).and_then(|p| p.next_cursor));
    });
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        let query = ConnectionQuery {
            scope: Some(scope.get_untracked()),
            q: Some(search.get_untracked()),
            limit: Some(PAGE),
            cursor: Some(cursor.clone()),
            ..Default::default()
        };
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let r = api::connections::list(s, &query).await;
            loading_more.set(false);
            // Dropped when the list changed meanwhile.
            if next.get_untracked().as_deref() != Some(cursor.as_str()) {
                return;
            }
            match r {
                Ok(page) => {
                    more.update(|m| m.extend(page.items));
                    next.set(page.next_cursor);
                }
                Err(e) => more_error.set(Some(e.message)),
            }
        });
    };
    let reload = Callback::new(move |_: ()| {
        first_page.refetch();
        needing.refetch();
    });
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        q.set(v.clone());
        let t = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || search.set(v));
        // Replacing the pending timeout cancels it.
        typing.set_value(Some(t));
    };

    // Back from an OAuth provider: a full-page redirect (the query) or a popup (a message).
    let oauth_banner = RwSignal::new(None::<(bool, String)>);
    let panel_epoch = RwSignal::new(0u32);
    Effect::new(move |_| {
        let found = query.with(|q| match q.get("oauth").as_deref() {
            Some("connected") => Some((
                true,
                "Connected. The tokens are stored encrypted.".to_string(),
            )),
            Some("error") => Some((
                false,
                q.get("message")
                    .unwrap_or_else(|| "Connecting failed.".into()),
            )),
            _ => None,
        });
        if found.is_some() {
            oauth_banner.set(found);
        }
        if let Some(id) = query
            .with(|q| q.get("connection"))
            .and_then(|c| c.parse::<ConnectionId>().ok())
        {
            selected.set(Some(id));
        }
    });
    oauth::on_report(move |o: oauth::Outcome| {
        oauth_banner.set(Some((o.ok, o.message.clone())));
        if o.ok {
            adding.set(false);
            if let Some(id) = o
                .connection
                .as_deref()
                .and_then(|c| c.parse::<ConnectionId>().ok())
            {
                selected.set(Some(id));
            }
            // A fresh details panel (closes its reconnect dialog) and a fresh list.
            panel_epoch.update(|e| *e += 1);
            reload.run(());
        }
    });
    // Switching tabs starts with no selection.
    Effect::new(move |prev: Option<ConnectionScope>| {
        let sc = scope.get();
        if prev.is_some_and(|p| p != sc) {
            selected.set(None);
        }
        sc
    });
    let error = Signal::derive(move || {
        first_page
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message)
            .or_else(|| more_error.get())
    });
    let items = Memo::new(move |_| {
        let mut all = first_page
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items)
            .unwrap_or_default();
        more.with(|m| all.extend(m.iter().cloned()));
        all
    });
    let groups = Memo::new(move |_| items.with(|all| group(all)));
    let loaded = move || first_page.get().is_some();
    let needs_reconnect = Memo::new(move |_| {
        needing
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id, format!("{} / {}", c.app_name, c.name)))
            .collect::<Vec<_>>()
    });

    view! {
        <div class="connections" class:with-panel=move || selected.get().is_some()>
            <section class="list-pane">
                <div class="page-head">
                    <h1>"Connections"</h1>
                    <button class="primary" on:click=move |_| adding.set(true)>"Add connection"</button>
                </div>
                <div class="tabs" role="tablist" aria-label="Whose connections">
                    {[(ConnectionScope::Own, "My connections"), (ConnectionScope::Parent, "Shared from parent"), (ConnectionScope::System, "Shared from system")]
                        .into_iter()
                        .map(|(sc, label)| view! {
                            <button role="tab" class="tab" class:active=move || scope.get() == sc
                                aria-selected=move || (scope.get() == sc).to_string()
                                on:click=move |_| scope.set(sc)>{label}</button>
                        })
                        .collect_view()}
                </div>
                <label class="search">
                    <span class="visually-hidden">"Search connections by app"</span>
                    <input type="search" placeholder="Search by app, name or account…" autocomplete="off"
                        prop:value=q on:input=on_input/>
                </label>
                {move || oauth_banner.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error" } role="status">{m}</p> })}
                {move || {
                    let needing = needs_reconnect.get();
                    (scope.get() == ConnectionScope::Own && !needing.is_empty()).then(|| view! {
                        <div class="banner warn" role="alert">
                            <strong>{format!("{} connection{} need{} reconnecting", needing.len(), if needing.len() == 1 { "" } else { "s" }, if needing.len() == 1 { "s" } else { "" })}</strong>
                            " — the provider ended the authorization; automations using them fail until you sign in again: "
                            {needing.into_iter().map(|(id, label)| view! {
                                <button class="link" on:click=move |_| selected.set(Some(id))>{label}</button>
                            }).collect_view()}
                        </div>
                    })
                }}
                <ErrorBox message=error/>
                <Show when=loaded fallback=|| view! { <p class="muted" aria-busy="true">"Loading connections…"</p> }>
                    <Show when=move || { !items.with(Vec::is_empty) || !search.with(String::is_empty) } fallback=move || if scope.get() != ConnectionScope::Own { view! {
                        <div class="empty">
                            <h2>"Nothing shared here"</h2>
                            <p>{if scope.get() == ConnectionScope::Parent { "Connections your parent account shares with its child accounts appear here." } else { "Connections the platform operator shares with every account appear here." }}</p>
                        </div>
                    }.into_any() } else { view! {
                        <div class="empty">
                            <h2>"No connections yet"</h2>
                            <p>"Connect the apps your automations use. Credentials are encrypted at rest and only shown after you re-enter your password."</p>
                            <button class="primary" on:click=move |_| adding.set(true)>"Add your first connection"</button>
                        </div>
                    }.into_any() }>
                        <Show when=move || groups.with(|g| !g.is_empty())
                            fallback=move || view! { <p class="muted">"No connection matches “"{move || q.get()}"”."</p> }>
                            <ul class="groups" aria-label="Connections by app">
                                <For each=move || groups.get() key=|g| (g.app.clone(), g.items.len(), g.items.iter().map(|c| c.version).sum::<i64>()) let:g>
                                    <li class="group" data-app=g.app.clone()>
                                        <div class="group-head">
                                            <AppAvatar name=g.app_name.clone()/>
                                            <h2>{g.app_name.clone()}</h2>
                                            <span class="count" aria-label="connections">{g.items.len()}</span>
                                        </div>
                                        <ul class="rows">
                                            {g.items.into_iter().map(|c| {
                                                let id = c.id;
                                                view! {
                                                    <li>
                                                        <button class="row" class:selected=move || selected.get() == Some(id)
                                                            on:click=move |_| selected.set(Some(id))>
                                                            <span class="name">{c.name.clone()}</span>
                                                            <StatusBadge status=c.status/>
                                                            <span class="identity">{c.identity.clone().unwrap_or_default()}</span>
                                                            <span class="used">{c.last_used_at.as_ref().map(|t| format!("used {}", ago(t))).unwrap_or_else(|| "never used".into())}</span>
                                                        </button>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                </For>
                            </ul>
                            {move || next.get().is_some().then(|| view! {
                                <button class="more" on:click=load_more disabled=move || loading_more.get()>
                                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                                </button>
                            })}
                        </Show>
                    </Show>
                </Show>
            </section>
            {move || selected.get().map(|id| {
                panel_epoch.track();
                view! { <DetailsPanel id=id on_close=Callback::new(move |_| selected.set(None)) on_changed=reload/> }
            })}
            <Show when=move || adding.get()>
                <AddConnection
                    on_close=Callback::new(move |_| adding.set(false))
                    on_created=Callback::new(move |c: Connection| {
                        adding.set(false);
                        reload.run(());
                        selected.set(Some(c.id));
                    })/>
            </Show>
        </div>
    }
}

/// Inputs generated from an app's field schema, with inline errors from the API.
#[component]
fn FieldInputs(
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

fn non_empty(values: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    values
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[component]
fn AddConnection(on_close: Callback<()>, on_created: Callback<Connection>) -> impl IntoView {
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
        match api::get::<AppList>(s, "/apps").await {
            Ok(l) => apps.set(l.items),
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
                        let req = AuthorizeRequest { app: slug.clone(), name: if first || n.trim().is_empty() { None } else { Some(n) }, connection_id: None };
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

#[component]
fn DetailsPanel(
    id: ConnectionId,
    on_close: Callback<()>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let s = api::session();
    let conn = RwSignal::new(None::<Connection>);
    let load_error = RwSignal::new(None::<String>);
    let notes = RwSignal::new(String::new());
    let notes_status = RwSignal::new(None::<(bool, String)>);
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let rename_error = RwSignal::new(None::<String>);
    let revealed = RwSignal::new(None::<BTreeMap<String, String>>);
    let shown = RwSignal::new(HashSet::<String>::new());
    let reveal_generation = StoredValue::new(0u32);
    let asking_password = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let updating = RwSignal::new(false);
    let test_result = RwSignal::new(None::<(bool, String)>);
    let action_error = RwSignal::new(None::<String>);
    let showing_usage = RwSignal::new(false);
    // Automations a delete or un-share would pause, waiting for confirmation.
    let impact = RwSignal::new(None::<(Impact, Vec<AutomationUsage>)>);

    let load = move || {
        leptos::task::spawn_local(async move {
            match api::get::<Connection>(s, &format!("/connections/{id}")).await {
                Ok(c) => {
                    notes.set(c.notes.clone());
                    new_name.set(c.name.clone());
                    conn.set(Some(c));
                }
                Err(e) => load_error.set(Some(e.message)),
            }
        });
    };
    load();
    on_cleanup(move || {
        // Decrypted values never outlive the panel.
        let _ = revealed.try_set(None);
    });

    let save_notes = move |_| {
        let version = conn.with_untracked(|c| c.as_ref().map(|c| c.version));
        let text = notes.get_untracked();
        notes_status.set(Some((true, "Saving…".into())));
        leptos::task::spawn_local(async move {
            let req = UpdateConnectionRequest {
                name: None,
                notes: Some(text),
                shared_with_children: None,
            };
            match api::patch::<Connection, _>(s, &format!("/connections/{id}"), &req, version).await
            {
                Ok(c) => {
                    conn.set(Some(c));
                    notes_status.set(Some((true, "Notes saved.".into())));
                    on_changed.run(());
                }
                // The text stays in the editor so nothing typed is lost.
                Err(e) => notes_status.set(Some((false, format!("Not saved: {}", e.summary())))),
            }
        });
    };
    let save_name = move |ev: SubmitEvent| {
        ev.prevent_default();
        let version = conn.with_untracked(|c| c.as_ref().map(|c| c.version));
        let req = UpdateConnectionRequest {
            name: Some(new_name.get_untracked()),
            notes: None,
            shared_with_children: None,
        };
        leptos::task::spawn_local(async move {
            match api::patch::<Connection, _>(s, &format!("/connections/{id}"), &req, version).await
            {
                Ok(c) => {
                    conn.set(Some(c));
                    renaming.set(false);
                    rename_error.set(None);
                    on_changed.run(());
                }
                Err(e) => rename_error.set(Some(e.field("name").unwrap_or(e.message))),
            }
        });
    };
    let run_test = move |_| {
        test_result.set(Some((true, "Testing…".into())));
        leptos::task::spawn_local(async move {
            match api::post::<TestOutcome, _>(
                s,
                &format!("/connections/{id}/test"),
                &serde_json::json!({}),
            )
            .await
            {
                Ok(o) => {
                    test_result.set(Some((o.ok, o.message)));
                    load();
                    on_changed.run(());
                }
                Err(e) => {
                    test_result.set(Some((false, e.message)));
                    // A refused token refresh changes the status (needs_reconnect).
                    load();
                    on_changed.run(());
                }
            }
        });
    };
    let on_revealed = Callback::new(move |fields: BTreeMap<String, String>| {
        asking_password.set(false);
        shown.set(HashSet::new());
        revealed.set(Some(fields));
        let generation = reveal_generation.get_value().wrapping_add(1);
        reveal_generation.set_value(generation);
        // Hidden again after a minute.
        gloo_timers::callback::Timeout::new(60_000, move || {
            if reveal_generation.try_get_value() == Some(generation) {
                let _ = revealed.try_set(None);
            }
        })
        .forget();
    });

    view! {
        <aside class="panel" aria-label="Connection details"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" && !asking_password.get_untracked() && !updating.get_untracked() && !confirming_delete.get_untracked() { on_close.run(()) }>
            <div class="panel-head">
                <button class="icon" aria-label="Close details" on:click=move |_| on_close.run(())>"✕"</button>
            </div>
            <ErrorBox message=Signal::derive(move || load_error.get())/>
            {move || conn.get().map(|c| {
                let app_name = c.app_name.clone();
                let me = s.me.get_untracked();
                let owner = me.as_ref().is_some_and(|m| m.account.id == c.account_id);
                let admin = me.as_ref().is_some_and(|m| m.user.role == Role::Admin);
                let shared = c.shared_with_children;
                let version = c.version;
                view! {
                    <div class="panel-title">
                        <AppAvatar name=app_name.clone()/>
                        <div>
                            <p class="muted small">{app_name}</p>
                            <Show when=move || renaming.get() fallback={
                                let name = c.name.clone();
                                move || view! {
                                    <h2 class="conn-name">{name.clone()}
                                        {owner.then(|| view! { <button class="icon small" aria-label="Rename" title="Rename" on:click=move |_| renaming.set(true)>"✎"</button> })}
                                    </h2>
                                }
                            }>
                                <form class="inline" on:submit=save_name>
                                    <label class="visually-hidden" for="rename">"Name"</label>
                                    <input id="rename" maxlength="64" prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev))/>
                                    <button class="primary" type="submit">"Save"</button>
                                    <button type="button" on:click=move |_| renaming.set(false)>"Cancel"</button>
                                    <p class="field-error">{move || rename_error.get()}</p>
                                </form>
                            </Show>
                        </div>
                    </div>
                    <dl class="facts">
                        <dt>"Status"</dt><dd><StatusBadge status=c.status/>{c.status_reason.clone().map(|r| view! { <span class="muted small">" "{r}</span> })}</dd>
                        <dt>"Account"</dt><dd>{c.identity.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Created"</dt><dd>{date(&c.created_at)}</dd>
                        <dt>"Updated"</dt><dd>{date(&c.updated_at)}</dd>
                        <dt>"Last used"</dt><dd>{c.last_used_at.as_ref().map(ago).unwrap_or_else(|| "never".into())}</dd>
                    </dl>
                    {(!owner).then(|| view! {
                        <p class="notice" role="note">"Shared by "<strong>{c.account_name.clone()}</strong>". You can use it in automations; only its owner can change, reveal or delete it."</p>
                    })}
                    <div class="toolbar">
                        <button class="icon-text" aria-label="Automations using this connection" title="Automations using this connection" on:click=move |_| showing_usage.set(true)>
                            <svg class="i" viewBox="0 0 20 20" aria-hidden="true"><path d="M1.5 10S5 4 10 4s8.5 6 8.5 6-3.5 6-8.5 6S1.5 10 1.5 10z" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="10" cy="10" r="2.6" fill="currentColor"/></svg>
                            " Automations"
                        </button>
                        {owner.then(|| view! {
                            <button class="icon-text" aria-label="Show credentials" title="Show credentials" on:click=move |_| asking_password.set(true)>
                                <svg class="i" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10 9v5M10 6.2v.1" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>
                                " Show credentials"
                            </button>
                            <button on:click=run_test>"Test"</button>
                            <button on:click=move |_| updating.set(true)>"Update credentials"</button>
                            <button class="danger" on:click=move |_| confirming_delete.set(true)>"Delete"</button>
                        })}
                    </div>
                    {(owner && admin).then(|| view! {
                        <label class="check share">
                            <input type="checkbox" prop:checked=shared on:change=move |ev| {
                                let want = event_target_checked(&ev);
                                leptos::task::spawn_local(async move {
                                    let req = UpdateConnectionRequest { name: None, notes: None, shared_with_children: Some(want) };
                                    match api::patch::<Connection, _>(s, &format!("/connections/{id}"), &req, Some(version)).await {
                                        Ok(c) => { conn.set(Some(c)); on_changed.run(()); }
                                        Err(e) if e.code == ErrorCode::ConnectionInUse => impact.set(Some((Impact::Unshare, e.automations))),
                                        Err(e) => { action_error.set(Some(e.message)); load(); }
                                    }
                                });
                            }/>
                            " Share with child accounts"
                        </label>
                    })}
                    {move || test_result.get().map(|(ok, m)| view! { <p class=if ok { "notice" } else { "error" } role="status">{m}</p> })}
                    <ErrorBox message=Signal::derive(move || action_error.get())/>
                    <RateLimitBox id=id system_admin=me.as_ref().is_some_and(|m| m.system_admin)/>
                    <section class="fields" aria-label="Credentials" hidden=!owner>
                        <h3>"Credentials"</h3>
                        {
                            let masked = c.fields.clone();
                            move || {
                                let open = revealed.get();
                                let rows: Vec<(String, String)> = match &open {
                                    Some(f) => f.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                                    None => masked.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                                };
                                let is_open = open.is_some();
                                rows.into_iter().map(|(k, v)| {
                                    let k2 = k.clone();
                                    let k3 = k.clone();
                                    let visible = move || !is_open || shown.with(|s| s.contains(&k2));
                                    let value = v.clone();
                                    view! {
                                        <div class="secret-row" data-field=k.clone()>
                                            <span class="key">{k.replace('_', " ")}</span>
                                            <code class="value">{move || if visible() { value.clone() } else { "••••••••".to_string() }}</code>
                                            {is_open.then(|| {
                                                let v2 = v.clone();
                                                view! {
                                                    <button class="small" on:click=move |_| shown.update(|s| { if !s.remove(&k3) { s.insert(k3.clone()); } })>
                                                        {let k4 = k.clone(); move || if shown.with(|s| s.contains(&k4)) { "Hide" } else { "Show" }}
                                                    </button>
                                                    <button class="small" on:click=move |_| copy_to_clipboard(&v2)>"Copy"</button>
                                                }
                                            })}
                                        </div>
                                    }
                                }).collect_view()
                            }
                        }
                        <Show when=move || revealed.with(Option::is_some)>
                            <p class="muted small">"Hidden again after one minute or when this panel closes."
                                <button class="link" on:click=move |_| revealed.set(None)>"Hide now"</button></p>
                        </Show>
                    </section>
                    <section class="notes">
                        <label for="notes"><h3>"Notes"</h3></label>
                        <textarea id="notes" rows="5" maxlength="10000" readonly=!owner prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        <div class="actions" hidden=!owner>
                            <span class="small" role="status">{move || notes_status.get().map(|(ok, m)| view! { <span class=if ok { "ok-text" } else { "error-text" }>{m}</span> })}</span>
                            <button on:click=save_notes>"Save notes"</button>
                        </div>
                    </section>
                    <Show when=move || asking_password.get()>
                        <RevealDialog id=id on_close=Callback::new(move |_| asking_password.set(false)) on_revealed=on_revealed/>
                    </Show>
                    <Show when=move || updating.get()>
                        <UpdateFields conn=c.clone() on_close=Callback::new(move |_| updating.set(false))
                            on_saved=Callback::new(move |c: Connection| { updating.set(false); conn.set(Some(c)); revealed.set(None); on_changed.run(()); })/>
                    </Show>
                    <Show when=move || confirming_delete.get()>
                        <Dialog title="Delete this connection?" on_close=Callback::new(move |_| confirming_delete.set(false))>
                            <p>"The credentials are deleted for good."</p>
                            <div class="actions">
                                <button on:click=move |_| confirming_delete.set(false)>"Cancel"</button>
                                <button class="danger" on:click=move |_| {
                                    leptos::task::spawn_local(async move {
                                        match api::delete_json::<DeletedConnection>(s, &format!("/connections/{id}")).await {
                                            Ok(_) => { confirming_delete.set(false); on_changed.run(()); on_close.run(()); }
                                            Err(e) if e.code == ErrorCode::ConnectionInUse => { confirming_delete.set(false); impact.set(Some((Impact::Delete, e.automations))); }
                                            Err(e) => { confirming_delete.set(false); action_error.set(Some(e.message)); }
                                        }
                                    });
                                }>"Delete connection"</button>
                            </div>
                        </Dialog>
                    </Show>
                    <Show when=move || showing_usage.get()>
                        <UsageDialog id=id on_close=Callback::new(move |_| showing_usage.set(false))/>
                    </Show>
                    {move || impact.get().map(|(kind, list)| {
                        let n = list.len();
                        let title = match kind {
                            Impact::Delete => format!("Deleting pauses {n} automation(s)"),
                            Impact::Unshare => format!("Un-sharing pauses {n} automation(s)"),
                        };
                        view! {
                            <Dialog title=title on_close=Callback::new(move |_| { impact.set(None); load(); })>
                                <p>{match kind {
                                    Impact::Delete => "These active automations use this connection. They will be paused, with the reason recorded:",
                                    Impact::Unshare => "These active automations of child accounts use this connection. They will be paused and lose access:",
                                }}</p>
                                <AutomationList items=list/>
                                <div class="actions">
                                    <button on:click=move |_| { impact.set(None); load(); }>"Cancel"</button>
                                    <button class="danger" on:click=move |_| {
                                        leptos::task::spawn_local(async move {
                                            let done = match kind {
                                                Impact::Delete => api::delete_json::<DeletedConnection>(s, &format!("/connections/{id}?force=true")).await.map(|_| true),
                                                Impact::Unshare => {
                                                    let req = UpdateConnectionRequest { name: None, notes: None, shared_with_children: Some(false) };
                                                    api::patch::<Connection, _>(s, &format!("/connections/{id}?force=true"), &req, None).await.map(|c| { conn.set(Some(c)); false })
                                                }
                                            };
                                            impact.set(None);
                                            match done {
                                                Ok(true) => { on_changed.run(()); on_close.run(()); }
                                                Ok(false) => on_changed.run(()),
                                                Err(e) => action_error.set(Some(e.message)),
                                            }
                                        });
                                    }>{match kind { Impact::Delete => "Delete and pause them", Impact::Unshare => "Un-share and pause them" }}</button>
                                </div>
                            </Dialog>
                        }
                    })}
                }
            })}
        </aside>
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Impact {
    Delete,
    Unshare,
}

#[component]
fn AutomationList(items: Vec<AutomationUsage>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">"No automation uses this connection."</p> }.into_any();
    }
    view! {
        <ul class="usage">
            {items.into_iter().map(|a| {
                let paused = a.status == switchboard_types::AutomationStatus::Paused;
                view! {
                    <li>
                        <span class="name">{a.name.clone()}</span>
                        <span class=if paused { "badge warn" } else { "badge ok" }>{if paused { "Paused" } else { "Active" }}</span>
                        <span class="muted small">{a.account_name.clone()}</span>
                        {a.paused_reason.clone().map(|r| view! { <span class="muted small reason">{r}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The eye icon: every automation using the connection.
#[component]
fn UsageDialog(id: ConnectionId, on_close: Callback<()>) -> impl IntoView {
    let s = api::session();
    let usage = RwSignal::new(None::<Result<Vec<AutomationUsage>, String>>);
    leptos::task::spawn_local(async move {
        let r = api::get::<ConnectionUsage>(s, &format!("/connections/{id}/automations")).await;
        usage.set(Some(r.map(|u| u.items).map_err(|e| e.message)));
    });
    view! {
        <Dialog title="Automations using this connection" on_close=on_close>
            {move || match usage.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) => view! { <AutomationList items=list/> }.into_any(),
            }}
            <div class="actions"><button on:click=move |_| on_close.run(())>"Close"</button></div>
        </Dialog>
    }
}

#[component]
fn RevealDialog(
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

#[component]
fn UpdateFields(
    conn: Connection,
    on_close: Callback<()>,
    on_saved: Callback<Connection>,
) -> impl IntoView {
    let s = api::session();
    let def = RwSignal::new(None::<AppDefinition>);
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = conn.id;
    let slug = conn.app.clone();
    let slug_for_reconnect = conn.app.clone();
    let public: BTreeMap<String, String> = conn
        .fields
        .iter()
        .filter(|(_, v)| v.as_str() != switchboard_types::MASK)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    values.set(public);
    leptos::task::spawn_local(async move {
        match api::get::<AppDefinition>(s, &format!("/apps/{slug}")).await {
            Ok(d) => def.set(Some(d)),
            Err(e) => error.set(Some(e)),
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let req = UpdateFieldsRequest {
            fields: non_empty(&values.get_untracked()),
            test: None,
        };
        leptos::task::spawn_local(async move {
            let r = api::put::<Connection, _>(s, &format!("/connections/{id}/fields"), &req).await;
            busy.set(false);
            match r {
                Ok(c) => on_saved.run(c),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Dialog title=format!("Update credentials of {}", conn.name) on_close=on_close>
            <form class="form" on:submit=submit>
                <p class="muted small">"The connection keeps its id, so automations keep working."</p>
                {move || def.get().map(|d| if d.needs_sign_in() {
                    let name = d.name.clone();
                    let slug_for_reconnect = slug_for_reconnect.clone();
                    view! {
                        <p>{format!("Sign in at {name} again; the connection keeps its id and its automations.")}</p>
                        <button class="primary" type="button" disabled=move || busy.get() on:click=move |_| {
                            let req = AuthorizeRequest { app: slug_for_reconnect.clone(), name: None, connection_id: Some(id) };
                            oauth::start(s, req, error, busy);
                        }>{move || if busy.get() { format!("Waiting for {name}…") } else { format!("Reconnect with {name}") }}</button>
                    }.into_any()
                } else {
                    view! { <FieldInputs def=d values=values error=error/> }.into_any()
                })}
                <ErrorBox message=Signal::derive(move || error.get().filter(|e| !e.fields.keys().any(|k| k.starts_with("fields."))).map(|e| e.summary()))/>
                <div class="actions">
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <Show when=move || def.with(|d| d.as_ref().is_some_and(|d| !d.needs_sign_in()))>
                        <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Testing…" } else { "Test and save" }}</button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}

/// The connection's effective rate limit, its source and a live gauge of the calls
/// available now; system administrators set or clear the override here.
#[component]
fn RateLimitBox(id: ConnectionId, system_admin: bool) -> impl IntoView {
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
