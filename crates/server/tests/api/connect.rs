//! Connect sessions and the hosted connect page's API: an end user without a
//! Switchboard login connects an account through a single-use token.

use serde_json::{json, Value};
use switchboard_types::{
    ConnectDone, ConnectPage, ConnectSession, ConnectSessionCreated, Connection,
};

use crate::dual;
use crate::helpers::*;
use crate::oauth::{callback, configured, consent};

const GOOD: &str = "good-token-of-ada";

fn ada() -> Value {
    json!({"id": "42", "email": "ada@customer.example", "display_name": "Ada Lovelace"})
}

async fn session(app: &TestApp, token: &str, body: Value) -> ConnectSessionCreated {
    let r = app
        .post_json("/api/v1/connect/sessions", Some(token), &body)
        .await;
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    r.json(201)
}

fn secret(s: &ConnectSessionCreated) -> &str {
    s.token.as_str()
}

async fn page(app: &TestApp, s: &ConnectSessionCreated) -> Resp {
    app.get("/api/v1/connect/page", Some(secret(s))).await
}

async fn connect(app: &TestApp, s: &ConnectSessionCreated, body: Value) -> Resp {
    app.post_json("/api/v1/connect/page/connections", Some(secret(s)), &body)
        .await
}

async fn count(app: &TestApp) -> usize {
    app.get("/api/v1/connections?limit=200", Some(&app.admin_token))
        .await
        .body["items"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn a_key_based_app_connects_once_with_the_sessions_labels(app: TestApp) {
    let upstream = fake_upstream(GOOD).await;
    app.custom_app("acme", "Acme API", &upstream, true).await;
    let t = app.admin_token.clone();
    let s = session(
        &app,
        &t,
        json!({"end_user": ada(), "allowed_apps": ["acme"], "tags": {"team": "sales"},
               "metadata": {"plan": "pro"}, "success_url": "https://platform.example/done?x=1"}),
    )
    .await;
    assert!(secret(&s).starts_with("sbc_"));
    assert!(s.connect_url.ends_with(&format!("/connect/{}", secret(&s))));
    assert!(s.connect_url.starts_with(&app.state.config.public_url));

    // The page: the platform's name, the end user, only the allowed app.
    let p: ConnectPage = page(&app, &s).await.json(200);
    assert_eq!(p.account_name, "System");
    assert_eq!(p.end_user.id, "42");
    assert_eq!(p.apps.len(), 1);
    assert_eq!(
        (p.apps[0].slug.as_str(), p.apps[0].first, p.apps[0].sign_in),
        ("acme", true, false)
    );
    assert_eq!(
        p.success_url.as_deref(),
        Some("https://platform.example/done?x=1")
    );
    let def = app
        .get("/api/v1/connect/page/apps/acme", Some(secret(&s)))
        .await;
    assert_eq!(
        def.body["auth"]["fields"][0]["key"], "token",
        "{}",
        def.text
    );
    app.get("/api/v1/connect/page/apps/github", Some(secret(&s)))
        .await
        .problem(403, "app_not_allowed");
    connect(&app, &s, json!({"app": "github", "fields": {"token": "x"}}))
        .await
        .problem(403, "app_not_allowed");

    // A wrong key fails its test; the session stays usable and tells why.
    connect(
        &app,
        &s,
        json!({"app": "acme", "fields": {"token": "wrong-canary-7731"}}),
    )
    .await
    .problem(422, "connection_test_failed");
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", s.id), Some(&t))
        .await
        .json(200);
    assert_eq!(seen.last_error.as_deref(), Some("connection_test_failed"));
    assert_eq!(count(&app).await, 0);

    let done: ConnectDone = connect(&app, &s, json!({"app": "acme", "fields": {"token": GOOD}}))
        .await
        .json(201);
    assert_eq!(done.connect_session_id, s.id);
    let c: Connection = app
        .get(
            &format!("/api/v1/connections/{}", done.connection_id),
            Some(&t),
        )
        .await
        .json(200);
    assert_eq!(c.name, "Default");
    assert_eq!(c.end_user.as_ref().map(|e| e.id.as_str()), Some("42"));
    assert_eq!(
        c.end_user.as_ref().and_then(|e| e.display_name.as_deref()),
        Some("Ada Lovelace")
    );
    assert_eq!(c.tags.get("end_user_id").map(String::as_str), Some("42"));
    assert_eq!(c.tags.get("team").map(String::as_str), Some("sales"));
    assert_eq!(c.metadata["plan"], "pro");
    assert_eq!(c.fields["token"], switchboard_types::MASK);

    // Single use: nothing more is made with it; the page tells it was used.
    connect(&app, &s, json!({"app": "acme", "fields": {"token": GOOD}}))
        .await
        .problem(410, "connect_session_used");
    let p: ConnectPage = page(&app, &s).await.json(200);
    assert_eq!(p.status, switchboard_types::ConnectSessionStatus::Used);
    assert_eq!(p.result_connection_id, Some(done.connection_id));
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", s.id), Some(&t))
        .await
        .json(200);
    assert_eq!(seen.status, switchboard_types::ConnectSessionStatus::Used);
    assert_eq!(seen.result_connection_id, Some(done.connection_id));
    assert_eq!(seen.last_error, None);
    assert_eq!(count(&app).await, 1);

    // The platform finds the end user's connections by tag.
    let found = app
        .get("/api/v1/connections?tag=end_user_id:42", Some(&t))
        .await;
    assert_eq!(
        found.body["items"].as_array().map(Vec::len),
        Some(1),
        "{}",
        found.text
    );

    // The end user is the actor of the audit row and the event.
    let ev = app
        .get(
            &format!("/api/v1/events?connection_id={}", done.connection_id),
            Some(&t),
        )
        .await;
    let actor = ev.body["items"][0]["actor"].as_str().unwrap_or_default();
    assert!(
        actor.starts_with("end user 42 (connect session "),
        "{}",
        ev.text
    );

    // A second connection of the app: named after the end user unless they type one.
    let s2 = session(
        &app,
        &t,
        json!({"end_user": ada(), "allowed_apps": ["acme"]}),
    )
    .await;
    let p: ConnectPage = page(&app, &s2).await.json(200);
    assert!(!p.apps[0].first);
    let done: ConnectDone = connect(&app, &s2, json!({"app": "acme", "fields": {"token": GOOD}}))
        .await
        .json(201);
    let c: Connection = app
        .get(
            &format!("/api/v1/connections/{}", done.connection_id),
            Some(&t),
        )
        .await
        .json(200);
    assert_eq!(c.name, "Ada Lovelace");
    // A third: the display name is taken, so the end user has to name it.
    let s3 = session(
        &app,
        &t,
        json!({"end_user": ada(), "allowed_apps": ["acme"]}),
    )
    .await;
    connect(&app, &s3, json!({"app": "acme", "fields": {"token": GOOD}}))
        .await
        .problem(409, "name_taken");
    let done: ConnectDone = connect(
        &app,
        &s3,
        json!({"app": "acme", "name": "Ada's second", "fields": {"token": GOOD}}),
    )
    .await
    .json(201);
    let c: Connection = app
        .get(
            &format!("/api/v1/connections/{}", done.connection_id),
            Some(&t),
        )
        .await
        .json(200);
    assert_eq!(c.name, "Ada's second");

    // Reconnect through a session with connection_id: same connection, new key.
    let s4 = session(
        &app,
        &t,
        json!({"end_user": ada(), "connection_id": done.connection_id}),
    )
    .await;
    let p: ConnectPage = page(&app, &s4).await.json(200);
    assert_eq!(p.apps.len(), 1);
    assert_eq!(
        p.reconnect.as_ref().map(|r| r.name.as_str()),
        Some("Ada's second")
    );
    let again: ConnectDone = connect(&app, &s4, json!({"app": "acme", "fields": {"token": GOOD}}))
        .await
        .json(201);
    assert_eq!(again.connection_id, done.connection_id);
    assert_eq!(count(&app).await, 3);

    // Neither the connect tokens (the page's path holds one) nor the secrets reach
    // the logs.
    app.get(&format!("/connect/{}", secret(&s2)), None).await;
    let logs = captured_logs();
    assert!(
        logs.contains("/connect/{token}"),
        "the page's request is logged"
    );
    for canary in [secret(&s), secret(&s2), "wrong-canary-7731"] {
        assert!(!logs.contains(canary), "{canary} logged");
    }
}
dual!(a_key_based_app_connects_once_with_the_sessions_labels);

async fn bad_expired_and_foreign_tokens_create_nothing(app: TestApp) {
    let upstream = fake_upstream(GOOD).await;
    app.custom_app("acme", "Acme API", &upstream, true).await;
    let t = app.admin_token.clone();
    let body = json!({"app": "acme", "fields": {"token": GOOD}});

    // No token, an unknown one, an access token or API key instead of a connect token.
    app.post_json("/api/v1/connect/page/connections", None, &body)
        .await
        .problem(401, "connect_token_invalid");
    for wrong in ["sbc_not-a-real-token", "x", t.as_str()] {
        app.post_json("/api/v1/connect/page/connections", Some(wrong), &body)
            .await
            .problem(401, "connect_token_invalid");
        app.get("/api/v1/connect/page", Some(wrong))
            .await
            .problem(401, "connect_token_invalid");
    }

    // Expired: the page and every action say so.
    let s = session(&app, &t, json!({"end_user": ada(), "ttl_seconds": 60})).await;
    let id = s.id.to_string();
    app.state
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use switchboard_db::schema::connect_sessions as cs;
            diesel::update(cs::table.filter(cs::id.eq(id)))
                .set(cs::expires_at.eq(switchboard_db::now() - chrono::Duration::seconds(1)))
                .execute(c)?;
            Ok::<_, switchboard_server::error::ApiError>(())
        })
        .await
        .unwrap();
    page(&app, &s).await.problem(410, "connect_session_expired");
    connect(&app, &s, body.clone())
        .await
        .problem(410, "connect_session_expired");
    app.post_json(
        "/api/v1/connect/page/oauth/authorize",
        Some(secret(&s)),
        &json!({"app": "github"}),
    )
    .await
    .problem(410, "connect_session_expired");
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", s.id), Some(&t))
        .await
        .json(200);
    assert_eq!(
        seen.status,
        switchboard_types::ConnectSessionStatus::Expired
    );

    // Another account's session: its admin cannot read ours, and its token acts
    // only in its own account.
    let (_other, other_admin) = app.account("Other", "other@example.com").await;
    let mine = session(&app, &t, json!({"end_user": ada()})).await;
    app.get(
        &format!("/api/v1/connect/sessions/{}", mine.id),
        Some(&other_admin),
    )
    .await
    .problem(404, "not_found");
    let theirs = session(
        &app,
        &other_admin,
        json!({"end_user": ada(), "allowed_apps": ["acme"]}),
    )
    .await;
    let p: ConnectPage = page(&app, &theirs).await.json(200);
    assert_eq!(p.account_name, "Other");
    let done: ConnectDone = connect(&app, &theirs, body.clone()).await.json(201);
    app.get(
        &format!("/api/v1/connections/{}", done.connection_id),
        Some(&t),
    )
    .await
    .problem(404, "not_found");
    // A reconnect session cannot name another account's connection.
    app.post_json(
        "/api/v1/connect/sessions",
        Some(&t),
        &json!({"end_user": ada(), "connection_id": done.connection_id}),
    )
    .await
    .problem(422, "validation_failed");
    assert_eq!(count(&app).await, 0);

    // Who may create sessions: administrators, and API keys with connect:write
    // (which read only the sessions they created).
    let member = {
        let r = app
            .post_json(
                "/api/v1/users",
                Some(&t),
                &json!({"email": "member@example.com", "password": PASSWORD, "role": "member", "current_password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        app.login("member@example.com", PASSWORD).await.0
    };
    app.post_json(
        "/api/v1/connect/sessions",
        Some(&member),
        &json!({"end_user": ada()}),
    )
    .await
    .problem(403, "admin_required");
    let key_for = |scopes: Value| {
        let app = &app;
        let t = t.clone();
        async move {
            let k = app
                .post_json(
                    "/api/v1/api-keys",
                    Some(&t),
                    &json!({"name": "platform", "scopes": scopes, "current_password": PASSWORD}),
                )
                .await;
            assert_eq!(k.status(), 201, "{}", k.text);
            k.body["key"].as_str().unwrap().to_string()
        }
    };
    let reader = key_for(json!(["connections:read"])).await;
    app.post_json(
        "/api/v1/connect/sessions",
        Some(&reader),
        &json!({"end_user": ada()}),
    )
    .await
    .problem(403, "insufficient_scope");
    let platform = key_for(json!(["connect:write"])).await;
    let by_key = session(&app, &platform, json!({"end_user": ada()})).await;
    assert_eq!(
        app.get(
            &format!("/api/v1/connect/sessions/{}", by_key.id),
            Some(&platform)
        )
        .await
        .status(),
        200
    );
    app.get(
        &format!("/api/v1/connect/sessions/{}", mine.id),
        Some(&platform),
    )
    .await
    .problem(404, "not_found");
    // Revoking the key ends the sessions it created.
    assert_eq!(page(&app, &by_key).await.status(), 200);
    let keys = app.get("/api/v1/api-keys", Some(&t)).await;
    let key_id = keys.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["scopes"] == json!(["connect:write"]))
        .map(|k| k["id"].as_str().unwrap().to_string())
        .unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/api-keys/{key_id}"), Some(&t))
            .await
            .status(),
        204
    );
    page(&app, &by_key)
        .await
        .problem(401, "connect_token_invalid");
    // So does disabling its creator.
    let r = app
        .post_json(
            "/api/v1/users",
            Some(&t),
            &json!({"email": "admin2@example.com", "password": PASSWORD, "role": "admin", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let admin2_id = r.body["id"].as_str().unwrap().to_string();
    let admin2 = app.login("admin2@example.com", PASSWORD).await.0;
    let later = session(&app, &admin2, json!({"end_user": ada()})).await;
    assert_eq!(page(&app, &later).await.status(), 200);
    let r = app
        .patch_json(
            &format!("/api/v1/users/{admin2_id}"),
            Some(&t),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    page(&app, &later)
        .await
        .problem(401, "connect_token_invalid");

    // Requests that do not make sense are refused field by field.
    for (bad, field) in [
        (json!({"end_user": {"id": ""}}), "end_user.id"),
        (
            json!({"end_user": ada(), "allowed_apps": ["no-such-app"]}),
            "allowed_apps",
        ),
        (
            json!({"end_user": ada(), "allowed_apps": []}),
            "allowed_apps",
        ),
        (
            json!({"end_user": ada(), "success_url": "javascript:alert(1)"}),
            "success_url",
        ),
        (
            json!({"end_user": ada(), "error_url": "/relative"}),
            "error_url",
        ),
        (
            json!({"end_user": ada(), "allowed_origins": ["https://a.example/path"]}),
            "allowed_origins",
        ),
        (json!({"end_user": ada(), "ttl_seconds": 30}), "ttl_seconds"),
        (
            json!({"end_user": ada(), "ttl_seconds": 86401}),
            "ttl_seconds",
        ),
        (
            json!({"end_user": ada(), "allowed_apps": ["acme"], "scopes": {"github": ["repo"]}}),
            "scopes.github",
        ),
        (
            json!({"end_user": ada(), "scopes": {"acme": ["x"]}}),
            "scopes.acme",
        ),
    ] {
        let r = app
            .post_json("/api/v1/connect/sessions", Some(&t), &bad)
            .await;
        r.problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_array(), "{field}: {}", r.text);
    }
}
dual!(bad_expired_and_foreign_tokens_create_nothing);

async fn the_page_is_throttled_per_token_and_per_address(app: TestApp) {
    let t = app.admin_token.clone();
    let s = session(&app, &t, json!({"end_user": ada()})).await;
    let max = switchboard_server::services::connect::page::PER_TOKEN.max;
    for _ in 0..max {
        assert_eq!(page(&app, &s).await.status(), 200);
    }
    let r = page(&app, &s).await;
    r.problem(429, "too_many_requests");
    assert!(r.header("retry-after").is_some());
    // Guessing tokens from one address stops too.
    let per_addr = switchboard_server::services::connect::page::PER_ADDRESS.max;
    let mut refused = 0;
    for i in 0..per_addr {
        let r = app
            .get("/api/v1/connect/page", Some(&format!("sbc_guess-{i}")))
            .await;
        if r.status() == 429 {
            refused += 1;
        }
    }
    // The address had already used `max` requests on the real token (a refused
    // request counts nothing).
    assert_eq!(refused, max);
}
dual!(the_page_is_throttled_per_token_and_per_address);

async fn oauth_apps_connect_and_reconnect_through_the_page(app: TestApp) {
    let _fake = configured(&app).await;
    let t = app.admin_token.clone();
    let s = session(
        &app,
        &t,
        json!({"end_user": ada(), "allowed_apps": ["fake-oauth"], "tags": {"team": "sales"},
               "scopes": {"fake-oauth": ["read", "admin"]},
               "success_url": "https://platform.example/done", "error_url": "https://platform.example/failed"}),
    )
    .await;
    let p: ConnectPage = page(&app, &s).await.json(200);
    assert!(p.apps[0].sign_in);
    let start = |s: &ConnectSessionCreated| {
        let token = secret(s).to_string();
        let app = &app;
        async move {
            let r = app
                .post_json(
                    "/api/v1/connect/page/oauth/authorize",
                    Some(&token),
                    &json!({"app": "fake-oauth"}),
                )
                .await;
            assert_eq!(r.status(), 200, "{}", r.text);
            let cookie = r.headers.get_all("set-cookie").iter().find_map(|v| {
                let s = v.to_str().ok()?;
                Some(s.strip_prefix("sb_oauth=")?.split(';').next()?.to_string())
            });
            (
                r.body["authorize_url"].as_str().unwrap().to_string(),
                cookie.unwrap(),
            )
        }
    };
    let (url, cookie) = start(&s).await;
    assert!(url.contains("scope=read+admin"), "{url}");
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    let prefix = "https://platform.example/done?connection_id=";
    assert!(location.starts_with(prefix), "{location}");
    assert!(
        location.ends_with(&format!("&connect_session_id={}", s.id)),
        "{location}"
    );
    let id = location[prefix.len()..]
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let c: Connection = app
        .get(&format!("/api/v1/connections/{id}"), Some(&t))
        .await
        .json(200);
    assert_eq!(c.name, "Default");
    assert_eq!(c.requested_scopes, ["read", "admin"]);
    assert_eq!(c.tags.get("end_user_id").map(String::as_str), Some("42"));
    assert_eq!(c.end_user.as_ref().map(|e| e.id.as_str()), Some("42"));
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", s.id), Some(&t))
        .await
        .json(200);
    assert_eq!(
        seen.result_connection_id.map(|c| c.to_string()),
        Some(id.clone())
    );
    // The same session cannot start another sign-in.
    app.post_json(
        "/api/v1/connect/page/oauth/authorize",
        Some(secret(&s)),
        &json!({"app": "fake-oauth"}),
    )
    .await
    .problem(410, "connect_session_used");

    // Reconnect: a new session naming the connection; the same id comes back.
    let r = session(&app, &t, json!({"end_user": ada(), "connection_id": id, "success_url": "https://platform.example/done"})).await;
    let (url, cookie) = start(&r).await;
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    assert!(
        location.starts_with(&format!("{prefix}{id}&")),
        "{location}"
    );
    assert_eq!(count(&app).await, 1);

    // One session, two ways at once: the key-based connect wins, the sign-in that
    // comes back afterwards stores nothing.
    let upstream = fake_upstream(GOOD).await;
    app.custom_app("acme", "Acme API", &upstream, true).await;
    let both = session(
        &app,
        &t,
        json!({"end_user": ada(), "allowed_apps": ["acme", "fake-oauth"], "error_url": "https://platform.example/failed"}),
    )
    .await;
    let (url, cookie) = start(&both).await;
    let done: ConnectDone = connect(
        &app,
        &both,
        json!({"app": "acme", "fields": {"token": GOOD}}),
    )
    .await
    .json(201);
    let back = consent(&app, &url).await;
    let location = callback(&app, &back, Some(&cookie)).await;
    assert_eq!(
        location,
        format!(
            "https://platform.example/failed?error=connect_session_used&connect_session_id={}",
            both.id
        )
    );
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", both.id), Some(&t))
        .await
        .json(200);
    assert_eq!(seen.result_connection_id, Some(done.connection_id));
    assert_eq!(count(&app).await, 2);

    // Declined at the provider: the error URL with the code, nothing stored; with
    // allowed origins the page gets the outcome first (to tell the opener).
    let d = session(
        &app,
        &t,
        json!({"end_user": ada(), "error_url": "https://platform.example/failed"}),
    )
    .await;
    let (url, cookie) = start(&d).await;
    let state = url::Url::parse(&url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let denied = format!("/api/v1/oauth/callback?error=access_denied&state={state}");
    let location = callback(&app, &denied, Some(&cookie)).await;
    assert_eq!(
        location,
        format!(
            "https://platform.example/failed?error=access_denied&connect_session_id={}",
            d.id
        )
    );
    let o = session(
        &app,
        &t,
        json!({"end_user": ada(), "error_url": "https://platform.example/failed",
               "allowed_origins": ["https://platform.example"]}),
    )
    .await;
    let (url, cookie) = start(&o).await;
    let state = url::Url::parse(&url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let denied = format!("/api/v1/oauth/callback?error=access_denied&state={state}");
    let location = callback(&app, &denied, Some(&cookie)).await;
    assert_eq!(
        location,
        format!(
            "/connect/return?error=access_denied&connect_session_id={}",
            o.id
        )
    );
    let seen: ConnectSession = app
        .get(&format!("/api/v1/connect/sessions/{}", o.id), Some(&t))
        .await
        .json(200);
    assert_eq!(seen.last_error.as_deref(), Some("access_denied"));
    assert_eq!(
        seen.status,
        switchboard_types::ConnectSessionStatus::Pending
    );
    assert_eq!(count(&app).await, 2);
}
dual!(oauth_apps_connect_and_reconnect_through_the_page);
