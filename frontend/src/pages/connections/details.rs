//! The details panel: status, identity, notes, sharing, test, reconnect, delete,
//! and the automations that use the connection.

use std::collections::{BTreeMap, HashSet};

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    AppDefinition, AuthorizeRequest, AutomationUsage, Connection, ConnectionId, ConnectionUsage,
    DeletedConnection, ErrorCode, Role, TestOutcome, UpdateConnectionRequest, UpdateFieldsRequest,
};

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::{ago, copy_to_clipboard, date, AppAvatar, ErrorBox, StatusBadge};
use crate::oauth;

use super::*;

#[component]
pub(super) fn DetailsPanel(
    id: ConnectionId,
    on_close: Callback<()>,
    on_changed: Callback<()>,
    /// Filters the list by a tag (`key:value`).
    on_tag: Callback<String>,
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
    // Bumped after a test or a change, so the activity sections reload.
    let activity = RwSignal::new(0u32);
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
                notes: Some(text),
                ..Default::default()
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
            ..Default::default()
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
                    activity.update(|v| *v += 1);
                    on_changed.run(());
                }
                Err(e) => {
                    test_result.set(Some((false, e.message)));
                    // A refused token refresh changes the status (needs_reconnect).
                    load();
                    activity.update(|v| *v += 1);
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
                        {c.end_user.clone().map(|e| {
                            let who = match (e.display_name, e.email) {
                                (Some(n), Some(m)) => format!("{n} <{m}>"),
                                (Some(n), None) => n,
                                (None, Some(m)) => m,
                                (None, None) => String::new(),
                            };
                            view! {
                                <dt>"End user"</dt>
                                <dd>{if who.is_empty() { e.id.clone() } else { format!("{who} · {}", e.id) }}</dd>
                            }
                        })}
                        {(!c.config.is_empty()).then(|| view! {
                            <dt>"Config"</dt>
                            <dd>{c.config.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ")}</dd>
                        })}
                        <dt>"Created"</dt><dd>{date(&c.created_at)}</dd>
                        <dt>"Updated"</dt><dd>{date(&c.updated_at)}</dd>
                        <dt>"Last used"</dt><dd>{c.last_used_at.as_ref().map(ago).unwrap_or_else(|| "never".into())}</dd>
                    </dl>
                    {
                        let missing: Vec<String> = c.requested_scopes.iter()
                            .filter(|s| !c.granted_scopes.contains(s))
                            .cloned()
                            .collect();
                        (!c.granted_scopes.is_empty() && !missing.is_empty()).then(|| view! {
                            <p class="banner warn" role="note">
                                {format!("{} granted less than was asked: without {}. What needs {} may fail; reconnect to grant it.",
                                    c.app_name, missing.join(", "), if missing.len() == 1 { "it" } else { "them" })}
                            </p>
                        })
                    }
                    {(!c.tags.is_empty()).then(|| {
                        let tags = c.tags.clone();
                        view! {
                            <div class="tags" role="group" aria-label="Tags">
                                {tags.into_iter().map(|(k, v)| {
                                    let label = format!("{k}: {v}");
                                    let filter = format!("{k}:{v}");
                                    view! {
                                        <button class="chip" title="Show the connections with this tag"
                                            aria-label=format!("Show connections tagged {label}")
                                            on:click=move |_| on_tag.run(filter.clone())>{label.clone()}</button>
                                    }
                                }).collect_view()}
                            </div>
                        }
                    })}
                    {(!c.metadata.is_empty()).then(|| view! {
                        <details class="metadata small">
                            <summary>"Metadata"</summary>
                            <pre>{serde_json::to_string_pretty(&c.metadata).unwrap_or_default()}</pre>
                        </details>
                    })}
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
                                    let req = UpdateConnectionRequest { shared_with_children: Some(want), ..Default::default() };
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
                    <HealthStrip id=id version=activity/>
                    <RecentEvents id=id version=activity/>
                    <RateLimitBox id=id system_admin=me.as_ref().is_some_and(|m| m.system_admin)/>
                    <UsageChart id=id version=activity/>
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
                                                    let req = UpdateConnectionRequest { shared_with_children: Some(false), ..Default::default() };
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
pub(super) enum Impact {
    Delete,
    Unshare,
}

#[component]
pub(super) fn AutomationList(items: Vec<AutomationUsage>) -> impl IntoView {
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
pub(super) fn UsageDialog(id: ConnectionId, on_close: Callback<()>) -> impl IntoView {
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
pub(super) fn UpdateFields(
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
                            let req = AuthorizeRequest { app: slug_for_reconnect.clone(), name: None, connection_id: Some(id), scopes: None };
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
