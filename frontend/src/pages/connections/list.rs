//! The connection list: own or shared, searched on the server, paged with its cursor.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use switchboard_types::{Connection, ConnectionId, ConnectionQuery, ConnectionScope};

use crate::api::{self};
use crate::components::misc::{ago, AppAvatar, ErrorBox, StatusBadge};
use crate::oauth;

use super::*;

/// Connections of one app, as the server ordered them.
#[derive(Clone, PartialEq)]
pub(super) struct Group {
    app: String,
    app_name: String,
    items: Vec<Connection>,
}

/// Runs of the same app in the server's order (search bands, then name).
pub(super) fn group(all: &[Connection]) -> Vec<Group> {
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
pub(super) const PAGE: u32 = 50;
/// How long typing pauses before the search goes to the server.
pub(super) const DEBOUNCE_MS: u32 = 150;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let s = api::session();
    let query = use_query_map();
    let q = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let typing = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let selected = RwSignal::new(None::<ConnectionId>);
    let adding = RwSignal::new(false);
    let exporting = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let scope = RwSignal::new(ConnectionScope::Own);
    // Tag filters (`key:value`), all of which a connection must have.
    let tags = RwSignal::new(Vec::<String>::new());
    let add_tag = Callback::new(move |t: String| {
        tags.update(|all| {
            if !all.contains(&t) {
                all.push(t);
            }
        })
    });
    let admin = move || {
        s.me.with(|m| {
            m.as_ref().is_some_and(|m| {
                m.user.role == switchboard_types::Role::Admin && m.api_key_scopes.is_none()
            })
        })
    };

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
        let tags = tags.get();
        async move { api::connections::list_tagged(s, &query, &tags).await }
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
        let tags = tags.get_untracked();
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let r = api::connections::list_tagged(s, &query, &tags).await;
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
                    <div class="head-actions">
                        <Show when=admin>
                            <button on:click=move |_| importing.set(true)>"Import"</button>
                            <button on:click=move |_| exporting.set(true)>"Export"</button>
                        </Show>
                        <button class="primary" on:click=move |_| adding.set(true)>"Add connection"</button>
                    </div>
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
                {move || (!tags.with(Vec::is_empty)).then(|| view! {
                    <div class="tag-filters" role="group" aria-label="Tag filters">
                        <span class="muted small">"Tagged "</span>
                        {tags.get().into_iter().map(|t| {
                            let label = t.replacen(':', ": ", 1);
                            let t2 = t.clone();
                            view! {
                                <button class="chip" aria-label=format!("Remove the filter {label}")
                                    on:click=move |_| tags.update(|all| all.retain(|x| *x != t2))>
                                    {label.clone()}" ✕"
                                </button>
                            }
                        }).collect_view()}
                    </div>
                })}
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
                    <Show when=move || { !items.with(Vec::is_empty) || !search.with(String::is_empty) || !tags.with(Vec::is_empty) } fallback=move || if scope.get() != ConnectionScope::Own { view! {
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
                            fallback=move || view! { <p class="muted">{move || if tags.with(Vec::is_empty) { format!("No connection matches “{}”.", q.get()) } else { "No connection has these tags.".to_string() }}</p> }>
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
                                                            {(!c.tags.is_empty()).then(|| view! {
                                                                <span class="tags">
                                                                    {c.tags.iter().map(|(k, v)| view! { <span class="chip static">{format!("{k}: {v}")}</span> }).collect_view()}
                                                                </span>
                                                            })}
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
                view! { <DetailsPanel id=id on_close=Callback::new(move |_| selected.set(None)) on_changed=reload on_tag=add_tag/> }
            })}
            <Show when=move || exporting.get()>
                <ExportDialog on_close=Callback::new(move |_| exporting.set(false))/>
            </Show>
            <Show when=move || importing.get()>
                <ImportDialog on_close=Callback::new(move |_| importing.set(false)) on_imported=reload/>
            </Show>
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
