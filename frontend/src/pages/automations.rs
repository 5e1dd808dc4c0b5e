use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    Automation, AutomationId, AutomationList, AutomationStatus, Connection, ConnectionId,
    ConnectionPage, CreateAutomationRequest, UpdateAutomationRequest,
};

use crate::api::{self, ApiError};
use crate::components::misc::ErrorBox;

/// A connection an automation can use, and where it comes from.
#[derive(Clone, PartialEq)]
struct Usable {
    id: ConnectionId,
    label: String,
    source: &'static str,
}

async fn usable(s: api::Session) -> Result<Vec<Usable>, ApiError> {
    let mut out = Vec::new();
    for (scope, source) in [
        ("own", "Mine"),
        ("parent", "Shared from parent"),
        ("system", "Shared from system"),
    ] {
        let page =
            api::get::<ConnectionPage>(s, &format!("/connections?scope={scope}&limit=200")).await?;
        out.extend(page.items.into_iter().map(|c: Connection| Usable {
            id: c.id,
            label: format!("{} / {}", c.app_name, c.name),
            source,
        }));
    }
    Ok(out)
}

#[component]
pub fn AutomationsPage() -> impl IntoView {
    let s = api::session();
    let items = RwSignal::new(None::<Vec<Automation>>);
    let connections = RwSignal::new(Vec::<Usable>::new());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<ConnectionId>::new());
    let form_error = RwSignal::new(None::<ApiError>);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            match api::get::<AutomationList>(s, "/automations?limit=200").await {
                Ok(l) => items.set(Some(l.items)),
                Err(e) => error.set(Some(e.message)),
            }
            match usable(s).await {
                Ok(c) => connections.set(c),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let labels = Memo::new(move |_| {
        connections.with(|c| {
            c.iter()
                .map(|u| (u.id, u.label.clone()))
                .collect::<BTreeMap<_, _>>()
        })
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = CreateAutomationRequest {
            name: name.get_untracked(),
            status: None,
            connection_ids: picked.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post::<Automation, _>(s, "/automations", &req).await {
                Ok(_) => {
                    form_error.set(None);
                    name.set(String::new());
                    picked.set(Vec::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => form_error.set(Some(e)),
            }
        });
    };
    let patch = move |id: AutomationId, req: UpdateAutomationRequest| {
        leptos::task::spawn_local(async move {
            match api::patch::<Automation, _>(s, &format!("/automations/{id}"), &req, None).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.summary())),
            }
        });
    };
    let remove = move |id: AutomationId| {
        leptos::task::spawn_local(async move {
            match api::delete(s, &format!("/automations/{id}")).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>"Automations"</h1>
            <p class="muted">"The automations of your account and the connections they use. Deleting or un-sharing a connection pauses the automations that use it."</p>
            <form class="card form" on:submit=submit>
                <h2>"New automation"</h2>
                <label for="automation-name">"Name"</label>
                <input id="automation-name" required maxlength="100" placeholder="Sync new deals to the CRM" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <fieldset>
                    <legend>"Connections it uses"</legend>
                    {move || {
                        let list = connections.get();
                        if list.is_empty() {
                            return view! { <p class="muted small">"No connections yet."</p> }.into_any();
                        }
                        list.into_iter().map(|u| {
                            let id = u.id;
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&id))
                                        on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|p| { p.retain(|x| *x != id); if on { p.push(id); } }); }/>
                                    {u.label.clone()}<span class="muted small">" · "{u.source}</span>
                                </label>
                            }
                        }).collect_view().into_any()
                    }}
                </fieldset>
                <ErrorBox message=Signal::derive(move || form_error.get().map(|e| e.summary()))/>
                <div class="actions"><button class="primary" type="submit">"Create automation"</button></div>
            </form>
            <ErrorBox message=Signal::derive(move || error.get())/>
            {move || match items.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty">"No automations yet."</p> }.into_any(),
                Some(list) => view! {
                    <ul class="automations">
                        {list.into_iter().map(|a| {
                            let id = a.id;
                            let paused = a.status == AutomationStatus::Paused;
                            let renaming = RwSignal::new(false);
                            let new_name = RwSignal::new(a.name.clone());
                            let used: Vec<String> = a.connection_ids.iter().map(|c| labels.with(|l| l.get(c).cloned().unwrap_or_else(|| c.to_string()))).collect();
                            view! {
                                <li class="card automation" data-name=a.name.clone()>
                                    <div class="automation-head">
                                        <Show when=move || renaming.get() fallback={let n = a.name.clone(); move || view! { <h2>{n.clone()}</h2> }}>
                                            <form class="inline" on:submit=move |ev: SubmitEvent| { ev.prevent_default(); renaming.set(false); patch(id, UpdateAutomationRequest { name: Some(new_name.get_untracked()), ..Default::default() }); }>
                                                <label class="visually-hidden" for=format!("rename-{id}")>"Name"</label>
                                                <input id=format!("rename-{id}") prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev))/>
                                                <button class="primary" type="submit">"Save"</button>
                                            </form>
                                        </Show>
                                        <span class=if paused { "badge warn" } else { "badge ok" }>{if paused { "Paused" } else { "Active" }}</span>
                                    </div>
                                    {a.paused_reason.clone().map(|r| view! { <p class="muted small reason">{r}</p> })}
                                    <p class="small">{if used.is_empty() { "Uses no connection.".to_string() } else { format!("Uses: {}", used.join(", ")) }}</p>
                                    <div class="actions">
                                        <button class="small" on:click=move |_| renaming.set(true)>"Rename"</button>
                                        <button class="small" on:click=move |_| patch(id, UpdateAutomationRequest {
                                            status: Some(if paused { AutomationStatus::Active } else { AutomationStatus::Paused }),
                                            ..Default::default()
                                        })>{if paused { "Resume" } else { "Pause" }}</button>
                                        <button class="small danger" on:click=move |_| remove(id)>"Delete"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
