use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    Account, AccountId, AccountKind, CreateAccountRequest, CreatedAccount, DeletedAccount,
    NewAccountAdmin,
};

use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::misc::{date, ErrorBox};

/// Child accounts (parent administrators) or every account (system administrators).
#[component]
pub fn AccountsPage() -> impl IntoView {
    let s = api::session();
    let accounts = RwSignal::new(None::<Vec<Account>>);
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<String>);
    let version = RwSignal::new(0u32);
    // The account whose deletion waits for confirmation.
    let deleting = RwSignal::new(None::<(AccountId, String)>);
    let delete = move |id: AccountId| {
        leptos::task::spawn_local(async move {
            match api::delete_json::<DeletedAccount>(s, &format!("/accounts/{id}?force=true")).await
            {
                Ok(d) => {
                    let name = deleting.get_untracked().map(|(_, n)| n).unwrap_or_default();
                    created.set(Some(format!(
                        "Deleted {name}: {} accounts, {} users, {} connections, {} automations.",
                        d.accounts, d.users, d.connections, d.automations
                    )));
                    // The row goes at once; the refetch then drops its descendants.
                    accounts.update(|list| {
                        if let Some(list) = list {
                            list.retain(|a| a.id != id);
                        }
                    });
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.message)),
            }
            deleting.set(None);
        });
    };
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            match api::get_all(s, "/accounts").await {
                Ok(items) => accounts.set(Some(items)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = CreateAccountRequest {
            name: name.get_untracked(),
            parent_id: None,
            admin: NewAccountAdmin {
                email: email.get_untracked(),
                password: password.get_untracked().into(),
            },
            current_password: Some(current.get_untracked().into()),
        };
        leptos::task::spawn_local(async move {
            match api::post::<CreatedAccount, _>(s, "/accounts", &req).await {
                Ok(a) => {
                    form_error.set(None);
                    created.set(Some(format!(
                        "Created {} with administrator {}.",
                        a.account.name, a.admin.email
                    )));
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    current.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => form_error.set(Some(e)),
            }
        });
    };
    let is_system = move || s.me.with(|m| m.as_ref().is_some_and(|m| m.system_admin));
    // Deletable here: not the system account, not one's own, and a child of one's
    // own account unless a system administrator.
    let deletable = move |a: &Account| {
        s.me.with(|m| {
            m.as_ref().is_some_and(|m| {
                a.kind != AccountKind::System
                    && a.id != m.account.id
                    && (m.system_admin || a.parent_id == Some(m.account.id))
            })
        })
    };
    view! {
        <div class="narrow">
            <h1>"Accounts"</h1>
            <p class="muted">{move || if is_system() { "Every account. New ones are top-level accounts." } else { "Your child accounts. Connections you share appear in theirs under “Shared from parent”." }}</p>
            <form class="card form" on:submit=submit>
                <h2>{move || if is_system() { "New account" } else { "New child account" }}</h2>
                <label for="account-name">"Account name"</label>
                <input id="account-name" required maxlength="100" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="account-email">"Administrator email"</label>
                <input id="account-email" type="email" required prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <p class="field-error">{move || form_error.with(|e| e.as_ref().and_then(|e| e.field("admin.email")))}</p>
                <label for="account-password">"Administrator password"</label>
                <input id="account-password" type="password" autocomplete="new-password" minlength="8" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="field-error">{move || form_error.with(|e| e.as_ref().and_then(|e| e.field("admin.password")))}</p>
                <label for="account-current-password">"Your password (creating an administrator needs it)"</label>
                <input id="account-current-password" type="password" autocomplete="current-password" required prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                <ErrorBox message=Signal::derive(move || form_error.get().filter(|e| e.fields.is_empty()).map(|e| e.message))/>
                {move || created.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
                <div class="actions"><button class="primary" type="submit">"Create account"</button></div>
            </form>
            <ErrorBox message=Signal::derive(move || error.get())/>
            {move || accounts.get().map(|list| if list.is_empty() {
                view! { <p class="empty">"No accounts yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th>"Name"</th><th>"Kind"</th><th>"Created"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|a| {
                                let can_delete = deletable(&a);
                                let (id, name) = (a.id, a.name.clone());
                                view! {
                                    <tr>
                                        <td>{a.name.clone()}</td>
                                        <td>{if a.parent_id.is_some() { "child" } else { "top-level" }}</td>
                                        <td>{date(&a.created_at)}</td>
                                        <td>{can_delete.then(|| view! {
                                            <button class="danger" aria-label=format!("Delete {name}") on:click=move |_| deleting.set(Some((id, name.clone())))>"Delete"</button>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            {move || deleting.get().map(|(id, name)| view! {
                <Dialog title=format!("Delete {name}?") on_close=Callback::new(move |_| deleting.set(None))>
                    <p>"Its child accounts, users, API keys, connections with their credentials, and automations are deleted, and its encryption key is destroyed. This cannot be undone."</p>
                    <div class="actions">
                        <button on:click=move |_| deleting.set(None)>"Cancel"</button>
                        <button class="danger" on:click=move |_| delete(id)>"Delete account"</button>
                    </div>
                </Dialog>
            })}
        </div>
    }
}
