//! Webhooks (account administrators): endpoints with their event types, the secret
//! shown once, enable/disable, a test event, secret rotation, and each endpoint's
//! delivery log with a retry button.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    CreateWebhookRequest, DeliveryStatus, EventType, UpdateWebhookRequest, Webhook,
    WebhookDelivery, WebhookId,
};

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::{ago, ErrorBox};
use crate::components::secret_once::OneTimeSecret;

/// What a row's buttons do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Enable,
    Disable,
    Test,
    Rotate,
    Delete,
}

/// Event types a person can subscribe to (`webhook.test` is sent on request only).
fn subscribable() -> impl Iterator<Item = EventType> {
    EventType::ALL
        .iter()
        .copied()
        .filter(|t| *t != EventType::WebhookTest)
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let s = api::session();
    let version = RwSignal::new(0u32);
    let hooks = LocalResource::new(move || {
        version.track();
        api::webhooks::list(s)
    });
    let reload = move || version.update(|v| *v += 1);
    let error = RwSignal::new(None::<String>);
    // A secret to show once: (title, secret).
    let secret = RwSignal::new(None::<(String, String)>);
    let open_log = RwSignal::new(None::<WebhookId>);

    // The form.
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let all_types = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<EventType>::new());
    let create = Action::new_local(move |req: &CreateWebhookRequest| {
        let req = req.clone();
        async move { api::webhooks::create(s, &req).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            url.set(String::new());
            description.set(String::new());
            secret.set(Some((
                "Your webhook's signing secret".into(),
                created.secret.into_inner(),
            )));
            reload();
        }
    });
    let form_error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.summary())
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let event_types = (!all_types.get_untracked()).then(|| {
            chosen
                .get_untracked()
                .iter()
                .map(|t| t.as_str().to_string())
                .collect()
        });
        create.dispatch(CreateWebhookRequest {
            url: url.get_untracked().trim().to_string(),
            event_types,
            description: Some(description.get_untracked()),
            enabled: None,
        });
    };

    // One row action at a time: a double click cannot rotate twice.
    let busy = RwSignal::new(false);
    let confirming_delete = RwSignal::new(None::<Webhook>);
    let act = move |what: RowAction, id: WebhookId| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done: Result<(), ApiError> = match what {
                RowAction::Enable | RowAction::Disable => api::webhooks::update(
                    s,
                    id,
                    &UpdateWebhookRequest {
                        enabled: Some(what == RowAction::Enable),
                        ..Default::default()
                    },
                )
                .await
                .map(drop),
                RowAction::Test => api::webhooks::send_test(s, id).await.map(|_| {
                    open_log.set(Some(id));
                }),
                RowAction::Rotate => api::webhooks::rotate_secret(s, id).await.map(|r| {
                    secret.set(Some((
                        "The new signing secret".into(),
                        r.secret.into_inner(),
                    )));
                }),
                RowAction::Delete => api::webhooks::remove(s, id).await.map(|()| {
                    confirming_delete.set(None);
                    if open_log.get_untracked() == Some(id) {
                        open_log.set(None);
                    }
                }),
            };
            busy.set(false);
            match done {
                Ok(()) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e.summary())),
            }
        });
    };

    view! {
        <div class="narrow">
            <h1>"Webhooks"</h1>
            <p class="muted">
                "Switchboard POSTs your account's events to these URLs as they happen, signed the "
                <a href="https://www.standardwebhooks.com/" rel="noreferrer">"Standard Webhooks"</a>
                " way: verify them with a " <code>"standardwebhooks"</code> " library and the endpoint's secret."
            </p>
            <form class="card form" on:submit=submit>
                <h2>"New endpoint"</h2>
                <label for="hook-url">"URL"</label>
                <input id="hook-url" type="url" required maxlength="2048" placeholder="https://hooks.example.com/switchboard"
                    prop:value=url on:input=move |ev| url.set(event_target_value(&ev))/>
                <label for="hook-description">"Description (optional)"</label>
                <input id="hook-description" maxlength="500" placeholder="Alerts for the platform team"
                    prop:value=description on:input=move |ev| description.set(event_target_value(&ev))/>
                <fieldset>
                    <legend>"Events"</legend>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || all_types.get()
                            on:change=move |ev| all_types.set(event_target_checked(&ev))/>
                        "All events"
                    </label>
                    <Show when=move || !all_types.get()>
                        {subscribable().map(|t| view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || chosen.with(|v| v.contains(&t))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|v| { v.retain(|x| *x != t); if on { v.push(t); } });
                                    }/>
                                <code>{t.as_str()}</code>
                            </label>
                        }).collect_view()}
                    </Show>
                </fieldset>
                <ErrorBox message=Signal::derive(form_error)/>
                <div class="actions">
                    <button class="primary" type="submit" disabled=move || create.pending().get()>"Add endpoint"</button>
                </div>
            </form>
            <ErrorBox message=Signal::derive(move || error.get())/>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || hooks.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox message=Signal::derive(move || Some(e.message.clone()))/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"No webhooks yet."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <thead><tr><th>"URL"</th><th>"Events"</th><th>"State"</th><th></th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|h| endpoint_row(h, act, open_log, confirming_delete, busy)).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
            {move || open_log.get().map(|id| {
                let url = hooks.get().and_then(Result::ok).and_then(|l| l.into_iter().find(|h| h.id == id)).map(|h| h.url).unwrap_or_default();
                view! { <DeliveryLog id=id url=url on_close=Callback::new(move |_| open_log.set(None))/> }
            })}
            {move || confirming_delete.get().map(|h| {
                let id = h.id;
                view! {
                    <Dialog title="Delete this webhook?" on_close=Callback::new(move |_| confirming_delete.set(None))>
                        <p>"Deliveries to " <code class="wrap">{h.url.clone()}</code> " stop, and its delivery log is deleted."</p>
                        <div class="actions">
                            <button on:click=move |_| confirming_delete.set(None)>"Cancel"</button>
                            <button class="danger" disabled=move || busy.get() on:click=move |_| act(RowAction::Delete, id)>"Delete webhook"</button>
                        </div>
                    </Dialog>
                }
            })}
            {move || secret.get().map(|(title, value)| view! {
                <OneTimeSecret title=title note="Copy it now: it is shown only this once. Receivers verify deliveries with it."
                    value=value on_close=Callback::new(move |_| secret.set(None))/>
            })}
        </div>
    }
}

fn endpoint_row(
    h: Webhook,
    act: impl Fn(RowAction, WebhookId) + Copy + 'static,
    open_log: RwSignal<Option<WebhookId>>,
    confirming_delete: RwSignal<Option<Webhook>>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let id = h.id;
    let events = if h.event_types.iter().any(|t| t == "*") {
        "All events".to_string()
    } else {
        h.event_types.join(", ")
    };
    let state = match (&h.disabled_reason, h.enabled, &h.failing_since) {
        (Some(_), false, _) => {
            view! { <span class="badge bad">"Disabled (failing)"</span> }.into_any()
        }
        (None, false, _) => view! { <span class="badge">"Disabled"</span> }.into_any(),
        (_, true, Some(since)) => {
            let title = format!("Every delivery has failed since {}", ago(since));
            view! { <span class="badge warn" title=title>"Failing"</span> }.into_any()
        }
        (_, true, None) => view! { <span class="badge ok">"Enabled"</span> }.into_any(),
    };
    let (toggle, label) = if h.enabled {
        (RowAction::Disable, "Disable")
    } else {
        (RowAction::Enable, "Enable")
    };
    let enabled = h.enabled;
    let url = h.url.clone();
    let description = h.description.clone();
    view! {
        <tr>
            <td>
                <code class="wrap">{url}</code>
                {(!description.is_empty()).then(|| view! { <div class="muted small">{description}</div> })}
            </td>
            <td class="small">{events}</td>
            <td>{state}</td>
            <td>
                <div class="row-actions">
                    <button class="small" on:click=move |_| open_log.set(Some(id))>"Deliveries"</button>
                    <button class="small" disabled=move || !enabled || busy.get() on:click=move |_| act(RowAction::Test, id)>"Send test"</button>
                    <button class="small" disabled=move || busy.get() on:click=move |_| act(toggle, id)>{label}</button>
                    <button class="small" disabled=move || busy.get() on:click=move |_| act(RowAction::Rotate, id)>"Rotate secret"</button>
                    <button class="danger small" on:click=move |_| confirming_delete.set(Some(h.clone()))>"Delete"</button>
                </div>
            </td>
        </tr>
    }
}

/// The newest deliveries of one endpoint, refreshed every few seconds while open.
#[component]
fn DeliveryLog(id: WebhookId, url: String, on_close: Callback<()>) -> impl IntoView {
    let s = api::session();
    let tick = RwSignal::new(0u32);
    let handle = set_interval_with_handle(
        move || tick.update(|t| *t += 1),
        std::time::Duration::from_secs(3),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let log = LocalResource::new(move || {
        tick.track();
        api::webhooks::deliveries(s, id)
    });
    let items = Signal::derive(move || log.get().and_then(Result::ok).map(|p| p.items));
    let error = RwSignal::new(None::<String>);
    let retry = move |d: WebhookDelivery| {
        leptos::task::spawn_local(async move {
            match api::webhooks::retry(s, id, d.id).await {
                Ok(_) => tick.update(|t| *t += 1),
                Err(e) => error.set(Some(e.summary())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="delivery-log-title">
            <div class="card-head">
                <h2 id="delivery-log-title">"Deliveries to " <code class="wrap">{url}</code></h2>
                <button class="small" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            <ErrorBox message=Signal::derive(move || error.get())/>
            <ErrorBox message=Signal::derive(move || log.get().and_then(Result::err).map(|e| e.message))/>
            {move || match items.with(|i| i.as_ref().map(Vec::is_empty)) {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(true) => view! { <p class="empty">"Nothing delivered yet."</p> }.into_any(),
                Some(false) => ().into_any(),
            }}
            // Rendered once while there are rows; the keyed rows follow each refresh,
            // so rows that did not change (and a focused Retry button) stay.
            <Show when=move || items.with(|i| i.as_ref().is_some_and(|v| !v.is_empty()))>
                <table class="table">
                    <thead><tr><th>"When"</th><th>"Event"</th><th>"Status"</th><th>"Attempts"</th><th>"Last answer"</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || items.get().unwrap_or_default()
                            key=|d| (d.id, d.status, d.attempts)
                            children=move |d: WebhookDelivery| delivery_row(d, retry)/>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

fn delivery_row(
    d: WebhookDelivery,
    retry: impl Fn(WebhookDelivery) + Copy + 'static,
) -> impl IntoView {
    let badge = match d.status {
        DeliveryStatus::Delivered => view! { <span class="badge ok">"Delivered"</span> },
        DeliveryStatus::Pending => view! { <span class="badge warn">"Pending"</span> },
        DeliveryStatus::Failed => view! { <span class="badge bad">"Failed"</span> },
    };
    let answer = match (&d.last_error, d.last_status_code, d.latency_ms) {
        (Some(e), _, _) => e.clone(),
        (None, Some(c), Some(ms)) => format!("{c} in {ms} ms"),
        (None, Some(c), None) => c.to_string(),
        _ => "—".into(),
    };
    let label = format!("Retry the {} delivery", d.event_type.as_str());
    let again = d.clone();
    view! {
        <tr>
            <td>{ago(&d.created_at)}</td>
            <td><code>{d.event_type.as_str()}</code></td>
            <td>{badge}</td>
            <td>{d.attempts}</td>
            <td class="small">{answer}</td>
            <td><button class="small" aria-label=label on:click=move |_| retry(again.clone())>"Retry"</button></td>
        </tr>
    }
}
