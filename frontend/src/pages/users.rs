use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{CreateUserRequest, Role, UpdateUserRequest, User};

use crate::api::{self, ApiError};
use crate::components::misc::{date, ErrorBox};

#[component]
pub fn UsersPage() -> impl IntoView {
    let s = api::session();
    let users = RwSignal::new(None::<Vec<User>>);
    let error = RwSignal::new(None::<String>);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let admin = RwSignal::new(false);
    let current = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<ApiError>);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            match api::get_all(s, "/users").await {
                Ok(items) => users.set(Some(items)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = CreateUserRequest {
            email: email.get_untracked(),
            password: password.get_untracked().into(),
            role: if admin.get_untracked() {
                Role::Admin
            } else {
                Role::Member
            },
            current_password: Some(current.get_untracked().into()),
        };
        leptos::task::spawn_local(async move {
            match api::post::<User, _>(s, "/users", &req).await {
                Ok(_) => {
                    form_error.set(None);
                    email.set(String::new());
                    password.set(String::new());
                    current.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => form_error.set(Some(e)),
            }
        });
    };
    let toggle = move |u: User| {
        leptos::task::spawn_local(async move {
            let req = UpdateUserRequest {
                disabled: Some(!u.disabled),
                ..Default::default()
            };
            match api::patch::<User, _>(s, &format!("/users/{}", u.id), &req, None).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>"Users"</h1>
            <form class="card form" on:submit=submit>
                <h2>"Add a user"</h2>
                <label for="user-email">"Email"</label>
                <input id="user-email" type="email" required prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <p class="field-error">{move || form_error.with(|e| e.as_ref().and_then(|e| e.field("email")))}</p>
                <label for="user-password">"Initial password"</label>
                <input id="user-password" type="password" autocomplete="new-password" minlength="8" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="field-error">{move || form_error.with(|e| e.as_ref().and_then(|e| e.field("password")))}</p>
                <label class="check"><input type="checkbox" prop:checked=admin on:change=move |ev| admin.set(event_target_checked(&ev))/>" Administrator"</label>
                <label for="user-current-password">"Your password (adding a user needs it)"</label>
                <input id="user-current-password" type="password" autocomplete="current-password" required prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                <ErrorBox message=Signal::derive(move || form_error.get().filter(|e| e.fields.is_empty()).map(|e| e.message))/>
                <div class="actions"><button class="primary" type="submit">"Add user"</button></div>
            </form>
            <ErrorBox message=Signal::derive(move || error.get())/>
            {move || users.get().map(|list| view! {
                <table class="table">
                    <thead><tr><th>"Email"</th><th>"Role"</th><th>"Status"</th><th>"Added"</th><th></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|u| {
                            let u2 = u.clone();
                            // Another administrator disables this one, never they themselves.
                            let own = s.me.with_untracked(|m| m.as_ref().is_some_and(|m| m.user.id == u.id));
                            view! {
                                <tr>
                                    <td>{u.email.clone()}</td>
                                    <td>{u.role.as_str()}</td>
                                    <td>{if u.disabled { "disabled" } else { "active" }}</td>
                                    <td>{date(&u.created_at)}</td>
                                    <td>{if own {
                                        view! { <span class="muted">"You"</span> }.into_any()
                                    } else {
                                        view! { <button class="small" on:click=move |_| toggle(u2.clone())>{if u.disabled { "Enable" } else { "Disable" }}</button> }.into_any()
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}
