use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use switchboard_types::{Me, SetupStatus};

use crate::api::{self, Session};
use crate::pages::{
    accounts::AccountsPage, api_keys::ApiKeysPage, audit::AuditPage, automations::AutomationsPage,
    connections::ConnectionsPage, login::LoginPage, oauth_clients::OAuthClientsPage,
    setup::SetupPage, users::UsersPage, webhooks::WebhooksPage,
};

/// Where the app is in its start: deciding, signed in, or needing setup/login.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Boot {
    Loading,
    Ready,
}

#[component]
pub fn App() -> impl IntoView {
    // The hosted connect page: a platform's end user, no sign-in.
    if window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/connect/"))
    {
        return view! { <crate::pages::connect::ConnectRoot/> }.into_any();
    }
    // A sign-in popup back from the provider: report to the opener and close.
    if crate::oauth::report_to_opener() {
        return view! { <main class="page"><p>"Signed in. You can close this window."</p></main> }
            .into_any();
    }
    let session = Session::new();
    provide_context(session);
    let boot = RwSignal::new(Boot::Loading);
    provide_context(boot);
    view! {
        <Router>
            <Gate/>
            <Routes fallback=|| view! { <main class="page"><h1>"Page not found"</h1><A href="/">"Back to connections"</A></main> }>
                <Route path=path!("/setup") view=SetupPage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/") view=|| view! { <Shell><ConnectionsPage/></Shell> }/>
                <Route path=path!("/connections") view=|| view! { <Shell><ConnectionsPage/></Shell> }/>
                <Route path=path!("/automations") view=|| view! { <Shell><AutomationsPage/></Shell> }/>
                <Route path=path!("/accounts") view=|| view! { <Shell><AccountsPage/></Shell> }/>
                <Route path=path!("/api-keys") view=|| view! { <Shell><ApiKeysPage/></Shell> }/>
                <Route path=path!("/users") view=|| view! { <Shell><UsersPage/></Shell> }/>
                <Route path=path!("/audit") view=|| view! { <Shell><AuditPage/></Shell> }/>
                <Route path=path!("/webhooks") view=|| view! { <Shell><WebhooksPage/></Shell> }/>
                <Route path=path!("/oauth-apps") view=|| view! { <Shell><OAuthClientsPage/></Shell> }/>
            </Routes>
        </Router>
    }
    .into_any()
}

/// Sends people to setup or sign-in when they need to, and back where they were afterwards.
#[component]
fn Gate() -> impl IntoView {
    let s = api::session();
    let boot = expect_context::<RwSignal<Boot>>();
    let navigate = use_navigate();
    let location = use_location();
    let nav = navigate.clone();
    leptos::task::spawn_local(async move {
        let here = location.pathname.get_untracked();
        if api::refresh(s).await {
            load_me(s).await;
            boot.set(Boot::Ready);
            if here == "/login" || here == "/setup" {
                nav("/", Default::default());
            }
            return;
        }
        let needed = api::public_get::<SetupStatus>("/setup")
            .await
            .map(|st| st.needed)
            .unwrap_or(false);
        boot.set(Boot::Ready);
        if needed {
            nav("/setup", Default::default());
        } else if here != "/login" {
            nav(
                &format!("/login?next={}", api::enc(&here)),
                Default::default(),
            );
        }
    });
    // A session that ends mid-use returns to sign-in, remembering the page.
    Effect::new(move |_| {
        if s.expired.get() {
            let here = location.pathname.get_untracked();
            if here != "/login" {
                navigate(
                    &format!("/login?next={}", api::enc(&here)),
                    Default::default(),
                );
            }
        }
    });
}

pub async fn load_me(s: Session) {
    if let Ok(me) = api::get::<Me>(s, "/me").await {
        s.me.set(Some(me));
    }
}

/// The signed-in frame: header, then the page.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let s = api::session();
    let boot = expect_context::<RwSignal<Boot>>();
    let ready = move || boot.get() == Boot::Ready && s.token.with(Option::is_some);
    view! {
        <Show when=ready fallback=|| view! { <div class="boot" aria-busy="true">"Loading Switchboard…"</div> }>
            <Header/>
            <main class="page">{children()}</main>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let s = api::session();
    let navigate = use_navigate();
    let menu_open = RwSignal::new(false);
    // Narrow screens: the links fold behind a menu button.
    let nav_open = RwSignal::new(false);
    let changing_password = RwSignal::new(false);
    // Parent administrators (top-level accounts) and system administrators manage accounts.
    let manages_accounts = move || {
        s.me.with(|m| {
            m.as_ref().is_some_and(|m| {
                m.system_admin
                    || (m.user.role == switchboard_types::Role::Admin
                        && m.account.parent_id.is_none())
            })
        })
    };
    let is_admin = move || {
        s.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.user.role == switchboard_types::Role::Admin)
        })
    };
    let is_system_admin = move || s.me.with(|m| m.as_ref().is_some_and(|m| m.system_admin));
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            api::logout().await;
            s.clear();
            navigate("/login", Default::default());
        });
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand"><span class="logo" aria-hidden="true">"⇄"</span>" Switchboard"</A>
            <button class="nav-toggle" aria-controls="topnav" aria-expanded=move || nav_open.get().to_string()
                on:click=move |_| nav_open.update(|o| *o = !*o)>
                <span aria-hidden="true">"☰ "</span>"Menu"
            </button>
            <nav id="topnav" class="topnav" class:open=move || nav_open.get() aria-label="Main"
                on:click=move |ev| {
                    // Following a link closes the folded menu.
                    let on_link = event_target::<web_sys::Element>(&ev).closest("a").ok().flatten().is_some();
                    if on_link {
                        nav_open.set(false);
                    }
                }>
                <A href="/automations">"Automations"</A>
                <A href="/api-keys">"API keys"</A>
                <Show when=manages_accounts>
                    <A href="/accounts">"Accounts"</A>
                </Show>
                <Show when=is_admin>
                    <A href="/users">"Users"</A>
                    <A href="/webhooks">"Webhooks"</A>
                </Show>
                <A href="/audit">"Audit log"</A>
                <Show when=is_system_admin>
                    <A href="/oauth-apps">"OAuth apps"</A>
                </Show>
                <div class="menu">
                    <button class="menu-button" aria-haspopup="true" aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|o| *o = !*o)>
                        "Connections ▾"
                    </button>
                    <Show when=move || menu_open.get()>
                        <div class="menu-list" role="menu" on:click=move |_| menu_open.set(false)>
                            <A href="/connections" attr:role="menuitem">"My connections"</A>
                            <A href="/connections?add=1" attr:role="menuitem">"Add connection"</A>
                        </div>
                    </Show>
                </div>
                <span class="who" title="Signed in">
                    {move || s.me.with(|m| m.as_ref().map(|m| format!("{} · {}", m.user.email, m.account.name)).unwrap_or_default())}
                </span>
                <button class="link" on:click=move |_| changing_password.set(true)>"Password"</button>
                <button class="link" on:click=sign_out>"Sign out"</button>
            </nav>
        </header>
        <Show when=move || changing_password.get()>
            <crate::components::password::ChangePassword on_close=Callback::new(move |_| changing_password.set(false))/>
        </Show>
    }
}
