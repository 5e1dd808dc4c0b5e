use leptos::prelude::*;
use switchboard_types::{AuditEvent, AuditPage as Page};

use crate::api;
use crate::components::misc::{date, ErrorBox};

const ACTIONS: &[&str] = &[
    "connection.create",
    "connection.update",
    "connection.credentials_update",
    "connection.reveal",
    "connection.test",
    "connection.delete",
    "auth.login",
    "auth.login_failed",
    "user.create",
    "user.update",
    "user.delete",
    "api_key.create",
    "api_key.revoke",
    "app.create",
    "app.update",
    "account.create",
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let s = api::session();
    let events = RwSignal::new(Vec::<AuditEvent>::new());
    let next = RwSignal::new(None::<String>);
    let action = RwSignal::new(String::new());
    let connection = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let fetch = move |cursor: Option<String>| {
        let mut path = "/audit?limit=50".to_string();
        let a = action.get_untracked();
        if !a.is_empty() {
            path.push_str(&format!("&action={}", api::enc(&a)));
        }
        let c = connection.get_untracked();
        if !c.trim().is_empty() {
            path.push_str(&format!("&connection_id={}", api::enc(c.trim())));
        }
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={}", api::enc(c)));
        }
        leptos::task::spawn_local(async move {
            match api::get::<Page>(s, &path).await {
                Ok(p) => {
                    error.set(None);
                    if cursor.is_some() {
                        events.update(|e| e.extend(p.items));
                    } else {
                        events.set(p.items);
                    }
                    next.set(p.next_cursor);
                }
                Err(e) => error.set(Some(e.message)),
            }
            loaded.set(true);
        });
    };
    Effect::new(move |_| {
        action.track();
        fetch(None);
    });
    view! {
        <div>
            <h1>"Audit log"</h1>
            <div class="filters">
                <label>"Action "
                    <select on:change=move |ev| action.set(event_target_value(&ev))>
                        <option value="">"All actions"</option>
                        {ACTIONS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Connection id "
                    <input placeholder="any" prop:value=connection on:input=move |ev| connection.set(event_target_value(&ev))
                        on:change=move |_| fetch(None)/>
                </label>
            </div>
            <ErrorBox message=Signal::derive(move || error.get())/>
            <Show when=move || loaded.get() fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <Show when=move || events.with(|e| !e.is_empty()) fallback=|| view! { <p class="empty">"No events match."</p> }>
                    <table class="table">
                        <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"Target"</th><th>"From"</th></tr></thead>
                        <tbody>
                            <For each=move || events.get() key=|e| e.id let:e>
                                <tr>
                                    <td>{date(&e.created_at)}</td>
                                    <td>{e.actor.clone()}</td>
                                    <td><code>{e.action.clone()}</code></td>
                                    <td class="small">{format!("{} {}", e.target_type, e.target_id.clone().unwrap_or_default())}</td>
                                    <td>{e.client_addr.clone().unwrap_or_default()}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </Show>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button on:click=move |_| fetch(next.get_untracked())>"Load more"</button>
            </Show>
        </div>
    }
}
