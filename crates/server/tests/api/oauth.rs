//! OAuth2 authorization code with PKCE against a fake provider on loopback.

use serde_json::json;

use crate::dual;
use crate::helpers::*;
use crate::provider::{self, CLIENT_ID, CLIENT_SECRET};

pub async fn oauth_app(app: &TestApp, provider: &str, extra: serde_json::Value) {
    let def = json!({
        "slug": "fake-oauth", "name": "Fake OAuth", "category": "testing", "base_url": provider,
        "auth": {"type": "oauth2", "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{access_token}}"}],
                 "oauth2": {"grant": "authorization_code", "authorize_url": format!("{provider}/authorize"),
                            "token_url": format!("{provider}/token"), "revoke_url": format!("{provider}/revoke"),
                            "scopes": ["read", "write"], "optional_scopes": ["admin"],
                            "extra_authorize_params": extra}},
        "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5},
        "test": {"method": "GET", "path": "/userinfo", "expect_status": 200},
        "identity": {"method": "GET", "path": "/userinfo", "pointer": "/email"}
    });
    let r = app
        .post_json("/api/v1/apps", Some(&app.admin_token), &def)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
}

/// Starts an authorization; returns (authorize URL, browser cookie).
pub async fn start(app: &TestApp, token: &str, body: serde_json::Value) -> (String, String) {
    let r = app
        .post_json("/api/v1/oauth/authorize", Some(token), &body)
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let cookie = r.headers.get_all("set-cookie").iter().find_map(|v| {
        let s = v.to_str().ok()?;
        Some(s.strip_prefix("sb_oauth=")?.split(';').next()?.to_string())
    });
    let set = r.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    (
        r.body["authorize_url"].as_str().unwrap().to_string(),
        cookie.unwrap(),
    )
}

/// Follows the provider's redirect and returns the callback's path and query.
pub async fn consent(app: &TestApp, authorize_url: &str) -> String {
    let r = app.http.get(authorize_url).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let u = url::Url::parse(&to).unwrap();
    format!("{}?{}", u.path(), u.query().unwrap_or_default())
}

pub async fn callback(app: &TestApp, path_and_query: &str, cookie: Option<&str>) -> String {
    let mut req = app.req(reqwest::Method::GET, path_and_query, None);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("sb_oauth={c}"));
    }
    let r = app.send(req).await;
    assert_eq!(r.status(), 303, "{}", r.text);
    r.header("location").unwrap()
}

async fn connections(app: &TestApp) -> usize {
    app.get("/api/v1/connections?app=fake-oauth", Some(&app.admin_token))
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .len()
}

/// The fake provider and the `fake-oauth` app with its client set.
pub async fn configured(app: &TestApp) -> provider::Provider {
    let fake = provider::start().await;
    oauth_app(app, &fake.url, json!({})).await;
    let r = app
        .put_json(
            "/api/v1/apps/fake-oauth/oauth-client",
            Some(&app.admin_token),
            &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    fake
}

/// Connects `fake-oauth` through the whole flow; returns the connection id.
pub async fn connected(app: &TestApp) -> String {
    let t = &app.admin_token;
    let (url, cookie) = start(app, t, json!({"app": "fake-oauth"})).await;
    assert!(
        url.contains("code_challenge=") && url.contains("scope=read+write"),
        "{url}"
    );
    let back = consent(app, &url).await;
    let location = callback(app, &back, Some(&cookie)).await;
    assert!(
        location.starts_with("/connections?oauth=connected&connection="),
        "{location}"
    );
    location.rsplit('=').next().unwrap().to_string()
}

async fn the_oauth_client_needs_a_system_admin_and_their_password(app: TestApp) {
    let fake = provider::start().await;
    let provider = fake.url.clone();
    oauth_app(&app, &provider, json!({})).await;
    let t = app.admin_token.clone();
    // No client settings yet.
    app.post_json(
        "/api/v1/oauth/authorize",
        Some(&t),
        &json!({"app": "fake-oauth"}),
    )
    .await
    .problem(422, "oauth_client_missing");
    let (_, other) = app.account("Other", "other@example.com").await;
    app.put_json(
        "/api/v1/apps/fake-oauth/oauth-client",
        Some(&other),
        &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
    )
    .await
    .problem(403, "system_admin_required");
    // The client decides where every account's tokens go: the admin's password too.
    app.put_json(
        "/api/v1/apps/fake-oauth/oauth-client",
        Some(&t),
        &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}),
    )
    .await
    .problem(422, "current_password_required");
    let r = app
        .put_json(
            "/api/v1/apps/fake-oauth/oauth-client",
            Some(&t),
            &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert!(r.body["callback_url"]
        .as_str()
        .unwrap()
        .ends_with("/api/v1/oauth/callback"));
    assert!(!r.text.contains(CLIENT_SECRET));
    let info = app
        .get("/api/v1/apps/fake-oauth/oauth-client", Some(&t))
        .await;
    assert_eq!(info.body["client_id"], CLIENT_ID);
    assert!(!info.text.contains(CLIENT_SECRET));
}
dual!(the_oauth_client_needs_a_system_admin_and_their_password);

async fn connecting_stores_tokens_and_identity_once(app: TestApp) {
    let _fake = configured(&app).await;
    let t = app.admin_token.clone();
    let (url, cookie) = start(&app, &t, json!({"app": "fake-oauth"})).await;
    assert!(
        url.contains("code_challenge=") && url.contains("scope=read+write"),
        "{url}"
    );
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    assert!(
        location.starts_with("/connections?oauth=connected&connection="),
        "{location}"
    );
    let id = location.rsplit('=').next().unwrap().to_string();
    let c = app
        .get(&format!("/api/v1/connections/{id}"), Some(&t))
        .await;
    assert_eq!(c.body["name"], "Default");
    assert_eq!(c.body["status"], "active");
    assert_eq!(c.body["identity"], "person@provider.test");
    let revealed = app
        .post_json(
            &format!("/api/v1/connections/{id}/reveal"),
            Some(&t),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert!(revealed.body["fields"]["access_token"]
        .as_str()
        .unwrap()
        .starts_with("at-code-"));
    assert!(revealed.body["fields"]["refresh_token"]
        .as_str()
        .unwrap()
        .starts_with("rt-"));

    // The same state again: refused, nothing created.
    let again = callback(&app, &back, Some(&cookie)).await;
    assert!(
        again.contains("oauth=error") && again.contains("already+used"),
        "{again}"
    );
    assert_eq!(connections(&app).await, 1);

    // Neither the client secret nor the callback's code and state reach the log.
    let logs = captured_logs();
    assert!(
        logs.contains("/api/v1/oauth/callback"),
        "the callback was logged"
    );
    assert!(!logs.contains(CLIENT_SECRET));
    assert!(
        !logs.contains("code=code-"),
        "authorization code in the log"
    );
    assert!(!logs.contains("state="), "state in the log");
}
dual!(connecting_stores_tokens_and_identity_once);

async fn a_state_belongs_to_its_browser_and_expires(app: TestApp) {
    let _fake = configured(&app).await;
    let t = app.admin_token.clone();
    let (_, cookie) = start(&app, &t, json!({"app": "fake-oauth"})).await;
    // A state started by another user (their browser cookie is not this one).
    let (url2, _their_cookie) =
        start(&app, &t, json!({"app": "fake-oauth", "name": "Second"})).await;
    let back2 = consent(&app, &url2).await;
    let wrong = callback(&app, &back2, Some(&cookie)).await;
    assert!(wrong.contains("another+browser"), "{wrong}");
    let none = callback(&app, &back2, None).await;
    assert!(none.contains("oauth=error"), "{none}");
    assert_eq!(connections(&app).await, 0);

    // Expired state.
    let (url3, cookie3) = start(&app, &t, json!({"app": "fake-oauth", "name": "Third"})).await;
    let back3 = consent(&app, &url3).await;
    {
        use diesel::prelude::*;
        use switchboard_db::schema::oauth_states as s;
        app.state
            .db
            .write(|c| {
                diesel::update(s::table)
                    .set(s::expires_at.eq(switchboard_db::now() - chrono::Duration::minutes(1)))
                    .execute(c)?;
                Ok::<_, switchboard_server::error::ApiError>(())
            })
            .await
            .unwrap();
    }
    let expired = callback(&app, &back3, Some(&cookie3)).await;
    assert!(expired.contains("expired"), "{expired}");
}
dual!(a_state_belongs_to_its_browser_and_expires);

async fn a_code_works_only_with_its_own_verifier(app: TestApp) {
    let _fake = configured(&app).await;
    let t = app.admin_token.clone();
    // PKCE mismatch: a code issued for one request, presented with another's state.
    let (url_a, _) = start(&app, &t, json!({"app": "fake-oauth", "name": "A"})).await;
    let (url_b, cookie_b) = start(&app, &t, json!({"app": "fake-oauth", "name": "B"})).await;
    let back_a = consent(&app, &url_a).await;
    let back_b = consent(&app, &url_b).await;
    let code_a = back_a
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let state_b = back_b
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let mixed = callback(
        &app,
        &format!("/api/v1/oauth/callback?code={code_a}&state={state_b}"),
        Some(&cookie_b),
    )
    .await;
    assert!(
        mixed.contains("refused") && mixed.contains("invalid_grant"),
        "{mixed}"
    );
    assert_eq!(
        connections(&app).await,
        0,
        "no connection from a failed exchange"
    );
}
dual!(a_code_works_only_with_its_own_verifier);

async fn reconnect_keeps_the_id_and_delete_revokes(app: TestApp) {
    let fake = configured(&app).await;
    let t = app.admin_token.clone();
    let id = connected(&app).await;
    // Reconnect keeps the id.
    let (url_r, cookie_r) =
        start(&app, &t, json!({"app": "fake-oauth", "connection_id": id})).await;
    let back_r = consent(&app, &url_r).await;
    let loc = callback(&app, &back_r, Some(&cookie_r)).await;
    assert_eq!(loc, format!("/connections?oauth=connected&connection={id}"));
    assert_eq!(connections(&app).await, 1);
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.reconnect"),
            Some(&t),
        )
        .await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 1);

    // Deleting revokes the refresh token at the provider (best effort, after the commit).
    let d = app
        .delete(&format!("/api/v1/connections/{id}"), Some(&t))
        .await;
    assert_eq!(d.status(), 200, "{}", d.text);
    let mut revoked = Vec::new();
    for _ in 0..50 {
        revoked = fake.with(|s| s.revoked.clone());
        if !revoked.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The reconnect's refresh token, the one stored when the connection was deleted.
    assert_eq!(revoked.len(), 1);
    assert!(revoked[0].starts_with("rt-"), "{revoked:?}");
    assert_eq!(connections(&app).await, 0);
}
dual!(reconnect_keeps_the_id_and_delete_revokes);

async fn provider_errors_are_shown_in_words(app: TestApp) {
    let fake = provider::start().await;
    oauth_app(&app, &fake.url, json!({"login_hint": "deny"})).await;
    let t = app.admin_token.clone();
    app.put_json(
        "/api/v1/apps/fake-oauth/oauth-client",
        Some(&t),
        &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
    )
    .await;
    let (url, cookie) = start(&app, &t, json!({"app": "fake-oauth"})).await;
    let back = consent(&app, &url).await;
    let loc = callback(&app, &back, Some(&cookie)).await;
    assert!(
        loc.contains("oauth=error") && loc.contains("declined"),
        "{loc}"
    );
    assert_eq!(connections(&app).await, 0);
    // API-key apps and API keys cannot start an OAuth flow.
    app.post_json(
        "/api/v1/oauth/authorize",
        Some(&t),
        &json!({"app": "github"}),
    )
    .await
    .problem(422, "not_oauth");
    let k = app
        .post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "k", "scopes": ["connections:write"], "current_password": PASSWORD}),
        )
        .await;
    app.post_json(
        "/api/v1/oauth/authorize",
        Some(k.body["key"].as_str().unwrap()),
        &json!({"app": "fake-oauth"}),
    )
    .await
    .problem(403, "user_session_required");
}
dual!(provider_errors_are_shown_in_words);

async fn a_sign_in_asks_for_chosen_scopes_and_shows_what_was_granted(app: TestApp) {
    let _fake = configured(&app).await;
    let t = app.admin_token.clone();
    // Within the app's scopes and optional scopes, in the order asked, once each.
    let (url, _) = start(
        &app,
        &t,
        json!({"app": "fake-oauth", "scopes": ["read", "admin", "read"]}),
    )
    .await;
    assert!(url.contains("scope=read+admin&"), "{url}");
    let r = app
        .post_json(
            "/api/v1/oauth/authorize",
            Some(&t),
            &json!({"app": "fake-oauth", "scopes": ["read", "delete"]}),
        )
        .await;
    let p = r.problem_doc(422, "validation_failed");
    assert!(p.errors["scopes"][0].contains("delete"), "{:?}", p.errors);

    // The app's scopes by default; the provider grants only `read`.
    let id = connected(&app).await;
    let c = app
        .get(&format!("/api/v1/connections/{id}"), Some(&t))
        .await;
    assert_eq!(
        c.body["requested_scopes"],
        json!(["read", "write"]),
        "{}",
        c.text
    );
    assert_eq!(c.body["granted_scopes"], json!(["read"]));
    assert!(
        c.body["fields"].get("requested_scopes").is_none(),
        "{}",
        c.text
    );
}
dual!(a_sign_in_asks_for_chosen_scopes_and_shows_what_was_granted);

async fn config_captured_at_sign_in_fills_the_apps_templates(app: TestApp) {
    let fake = provider::start().await;
    let p = fake.url.clone();
    let def = json!({
        "slug": "fake-config", "name": "Fake Config", "category": "testing",
        "base_url": "{{config.instance_url}}/r/{{config.realm_id}}",
        "auth": {"type": "oauth2",
                 "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{access_token}}"},
                            {"in": "header", "name": "x-tenant", "value": "{{config.tenant_id}}"}],
                 "oauth2": {"grant": "authorization_code", "authorize_url": format!("{p}/authorize"),
                            "token_url": format!("{p}/token"), "scopes": ["read"],
                            "capture": {"instance_url": {"from": "token", "pointer": "/instance_url"},
                                        "realm_id": {"from": "callback", "param": "realmId"},
                                        "tenant_id": {"from": "identity", "pointer": "/tenant_id"}}}},
        "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5},
        "test": {"method": "GET", "path": "/whoami", "expect_status": 200},
        "identity": {"method": "GET", "path": "/whoami", "pointer": "/realm"}
    });
    let r = app
        .post_json("/api/v1/apps", Some(&app.admin_token), &def)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let t = app.admin_token.clone();
    let r = app
        .put_json(
            "/api/v1/apps/fake-config/oauth-client",
            Some(&t),
            &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);

    let (url, cookie) = start(&app, &t, json!({"app": "fake-config"})).await;
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    assert!(
        location.starts_with("/connections?oauth=connected&connection="),
        "{location}"
    );
    let id = location.rsplit('=').next().unwrap().to_string();
    let c: switchboard_types::Connection = app
        .get(&format!("/api/v1/connections/{id}"), Some(&t))
        .await
        .json(200);
    assert_eq!(c.config.get("instance_url"), Some(&p));
    assert_eq!(
        c.config.get("realm_id").map(String::as_str),
        Some("realm-77")
    );
    assert_eq!(
        c.config.get("tenant_id").map(String::as_str),
        Some("tenant-9")
    );
    assert_eq!(c.identity.as_deref(), Some("realm-77"));
    assert!(
        !c.fields.keys().any(|k| k.starts_with("config.")),
        "{:?}",
        c.fields
    );

    // The proxy resolves the base URL and the header from the config.
    let r = app
        .get(&format!("/api/v1/connections/{id}/proxy/whoami"), Some(&t))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["realm"], "realm-77");
    assert_eq!(r.body["tenant_header"], "tenant-9");

    // A value the provider does not hand over: nothing is stored, and the person
    // is told which one.
    let mut def = def;
    def["slug"] = json!("fake-config-2");
    def["auth"]["oauth2"]["capture"]["site"] =
        json!({"from": "token", "pointer": "/no_such_member"});
    def["base_url"] = json!("{{config.instance_url}}/r/{{config.site}}");
    let r = app.post_json("/api/v1/apps", Some(&t), &def).await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let r = app
        .put_json(
            "/api/v1/apps/fake-config-2/oauth-client",
            Some(&t),
            &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let (url, cookie) = start(&app, &t, json!({"app": "fake-config-2"})).await;
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    assert!(
        location.starts_with("/connections?oauth=error&message="),
        "{location}"
    );
    assert!(location.contains("site"), "{location}");
    let all = app
        .get("/api/v1/connections?app=fake-config-2", Some(&t))
        .await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(0));

    // Definitions that cannot work are refused: an unknown config in a template, a
    // pointer that is not one, a callback value for a grant without a callback.
    for (change, field) in [
        (json!({"base_url": "{{config.nope}}/x"}), "base_url"),
        (
            json!({"auth": {"oauth2": {"capture": {"a": {"from": "token", "pointer": "no-slash"}}}}}),
            "auth.oauth2.capture.a",
        ),
        (
            json!({"auth": {"oauth2": {"capture": {"Bad-Name": {"from": "token", "pointer": "/x"}}}}}),
            "auth.oauth2.capture",
        ),
    ] {
        let mut bad = def.clone();
        bad["slug"] = json!("fake-config-bad");
        merge(&mut bad, &change);
        let r = app.post_json("/api/v1/apps", Some(&t), &bad).await;
        r.problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_array(), "{field}: {}", r.text);
    }
}
dual!(config_captured_at_sign_in_fills_the_apps_templates);

fn merge(into: &mut serde_json::Value, change: &serde_json::Value) {
    match (into, change) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}
