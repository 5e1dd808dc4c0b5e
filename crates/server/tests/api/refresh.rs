//! OAuth token refresh, client credentials and `GET /connections/{id}/credentials`,
//! in process and with several server processes on one database.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::dual;
use crate::helpers::*;
use crate::oauth::{callback, consent, oauth_app, start};
use crate::provider::{
    self, Provider, RefreshMode, CC_CLIENT_ID, CC_CLIENT_SECRET, CLIENT_ID, CLIENT_SECRET,
};

/// Connects `fake-oauth` through the whole authorization flow; returns the id.
pub async fn connect(app: &TestApp, fake: &Provider) -> String {
    oauth_app(app, &fake.url, json!({})).await;
    let r = app
        .put_json(
            "/api/v1/apps/fake-oauth/oauth-client",
            Some(&app.admin_token),
            &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    reconnect(app, None).await
}

pub async fn reconnect(app: &TestApp, id: Option<&str>) -> String {
    let body = match id {
        Some(id) => json!({"app": "fake-oauth", "connection_id": id}),
        None => json!({"app": "fake-oauth"}),
    };
    let (url, cookie) = start(app, &app.admin_token, body).await;
    let back = consent(app, &url).await;
    let loc = callback(app, &back, Some(&cookie)).await;
    assert!(loc.contains("oauth=connected"), "{loc}");
    loc.rsplit('=').next().unwrap().to_string()
}

pub async fn api_key(app: &TestApp, scopes: &[&str]) -> String {
    let r = app
        .post_json(
            "/api/v1/api-keys",
            Some(&app.admin_token),
            &json!({"name": format!("machine {}", scopes.join(" ")), "scopes": scopes, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body["key"].as_str().unwrap().to_string()
}

/// Moves the stored token's expiry to `secs` from now (negative: expired).
pub async fn expire_in(app: &TestApp, id: &str, secs: i64) {
    use diesel::prelude::*;
    use switchboard_db::schema::connections as c;
    let id = id.to_string();
    app.state
        .db
        .write(move |conn| {
            diesel::update(c::table.find(id))
                .set(
                    c::token_expires_at.eq(switchboard_db::now() + chrono::Duration::seconds(secs)),
                )
                .execute(conn)?;
            Ok::<_, switchboard_server::error::ApiError>(())
        })
        .await
        .unwrap();
}

async fn stored(app: &TestApp, id: &str) -> serde_json::Value {
    let r = app
        .post_json(
            &format!("/api/v1/connections/{id}/reveal"),
            Some(&app.admin_token),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body["fields"].clone()
}

async fn connection(app: &TestApp, id: &str) -> serde_json::Value {
    app.get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await
        .body
}

async fn access_token(app: &TestApp, key: &str, id: &str) -> String {
    let r = app
        .get(&format!("/api/v1/connections/{id}/credentials"), Some(key))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    assert!(
        r.body["fields"].get("refresh_token").is_none(),
        "{}",
        r.text
    );
    r.body["fields"]["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn refresh_on_demand_and_in_the_background(app: TestApp) {
    let fake = provider::start().await;
    let id = connect(&app, &fake).await;
    let creds = format!("/api/v1/connections/{id}/credentials");

    // Machines only, with the scope.
    app.get(&creds, Some(&app.admin_token))
        .await
        .problem(403, "api_key_required");
    let weak = api_key(&app, &["connections:read"]).await;
    app.get(&creds, Some(&weak))
        .await
        .problem(403, "insufficient_scope");
    let key = api_key(&app, &["credentials:read"]).await;
    let first = access_token(&app, &key, &id).await;
    assert!(first.starts_with("at-code-"), "{first}");
    assert_eq!(fake.refresh_calls(), 0, "a valid token is not refreshed");
    let before = stored(&app, &id).await;
    let etag = app
        .get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await
        .header("etag");

    // Expired: refreshed on demand, once; the rotated refresh token is stored.
    expire_in(&app, &id, -60).await;
    let second = access_token(&app, &key, &id).await;
    assert!(second.starts_with("at-r"), "{second}");
    assert_eq!(fake.refresh_calls(), 1);
    assert_eq!(access_token(&app, &key, &id).await, second);
    assert_eq!(fake.refresh_calls(), 1);
    let after = stored(&app, &id).await;
    assert_ne!(after["refresh_token"], before["refresh_token"], "rotated");
    // A refresh is not an edit: the ETag stays.
    let c = app
        .get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(c.header("etag"), etag);
    assert!(c.body["token_expires_at"].is_string());

    // An answer without a refresh token keeps the stored one.
    fake.with(|s| s.rotate = false);
    expire_in(&app, &id, -1).await;
    let third = access_token(&app, &key, &id).await;
    assert_ne!(third, second);
    assert_eq!(
        stored(&app, &id).await["refresh_token"],
        after["refresh_token"]
    );
    fake.with(|s| s.rotate = true);

    // The background job refreshes what expires within five minutes, and nothing else.
    expire_in(&app, &id, 3600).await;
    switchboard_server::services::tokens::refresh_due(&app.state).await;
    assert_eq!(fake.refresh_calls(), 2);
    expire_in(&app, &id, 120).await;
    switchboard_server::services::tokens::refresh_due(&app.state).await;
    assert_eq!(fake.refresh_calls(), 3);
    let fourth = access_token(&app, &key, &id).await;
    assert_ne!(fourth, third);

    // Test uses a fresh token too.
    expire_in(&app, &id, -1).await;
    let t = app
        .post_json(
            &format!("/api/v1/connections/{id}/test"),
            Some(&app.admin_token),
            &json!({}),
        )
        .await;
    assert_eq!(t.status(), 200, "{}", t.text);
    assert_eq!(t.body["ok"], true, "{}", t.text);
    assert_eq!(fake.refresh_calls(), 4);

    // Sharing rules: an account it is shared with uses it through the proxy; its
    // credentials are never handed out there (403). Not shared: 404.
    let (_, other) = app.account("Other", "other@example.com").await;
    let r = app
        .post_json(
            "/api/v1/api-keys",
            Some(&other),
            &json!({"name": "other machine", "scopes": ["credentials:read"], "current_password": PASSWORD}),
        )
        .await;
    let other_key = r.body["key"].as_str().unwrap().to_string();
    app.get(&creds, Some(&other_key))
        .await
        .problem(404, "not_found");
    let v = app
        .get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await
        .header("etag")
        .unwrap();
    let r = app
        .send(
            app.req(
                reqwest::Method::PATCH,
                &format!("/api/v1/connections/{id}"),
                Some(&app.admin_token),
            )
            .header("if-match", v)
            .json(&json!({"shared_with_children": true})),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    app.get(&creds, Some(&other_key))
        .await
        .problem(403, "not_owner");

    // Audited; and no token or secret in the log.
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.credentials_read"),
            Some(&app.admin_token),
        )
        .await;
    assert!(audit.body["items"].as_array().unwrap().len() >= 4);
    let logs = captured_logs();
    for secret in [
        before["refresh_token"].as_str().unwrap(),
        after["refresh_token"].as_str().unwrap(),
        &second,
        CLIENT_SECRET,
    ] {
        assert!(!logs.contains(secret), "{secret} in the log");
    }
}
dual!(refresh_on_demand_and_in_the_background);

async fn invalid_grant_marks_needs_reconnect_but_503_does_not(app: TestApp) {
    let fake = provider::start().await;
    let id = connect(&app, &fake).await;
    let key = api_key(&app, &["credentials:read"]).await;
    let creds = format!("/api/v1/connections/{id}/credentials");

    // 503 three times (every attempt): the caller gets 503 with Retry-After; the
    // connection is not marked.
    fake.with(|s| s.mode = RefreshMode::Unavailable(3));
    expire_in(&app, &id, -1).await;
    let r = app.get(&creds, Some(&key)).await;
    r.problem(503, "upstream_unavailable");
    assert!(r.header("retry-after").is_some());
    assert_eq!(fake.refresh_calls(), 3, "three attempts with backoff");
    assert_eq!(connection(&app, &id).await["status"], "active");

    // One 503, then success: the retry carries the call.
    fake.with(|s| s.mode = RefreshMode::Unavailable(1));
    assert!(access_token(&app, &key, &id).await.starts_with("at-r"));
    assert_eq!(fake.refresh_calls(), 5);

    // Failing while the old token still works: the old token is handed out.
    expire_in(&app, &id, 30).await;
    let still = stored(&app, &id).await["access_token"].clone();
    fake.with(|s| s.mode = RefreshMode::Unavailable(3));
    assert_eq!(access_token(&app, &key, &id).await, still.as_str().unwrap());
    assert_eq!(connection(&app, &id).await["status"], "active");

    // invalid_grant: needs_reconnect with the reason, audited, no more refreshes.
    fake.with(|s| s.mode = RefreshMode::InvalidGrant);
    expire_in(&app, &id, -1).await;
    let calls = fake.refresh_calls();
    app.get(&creds, Some(&key))
        .await
        .problem(409, "needs_reconnect");
    assert_eq!(
        fake.refresh_calls(),
        calls + 1,
        "a dead grant is not retried"
    );
    let c = connection(&app, &id).await;
    assert_eq!(c["status"], "needs_reconnect");
    assert!(
        c["status_reason"]
            .as_str()
            .unwrap()
            .contains("invalid_grant"),
        "{c}"
    );
    app.get(&creds, Some(&key))
        .await
        .problem(409, "needs_reconnect");
    switchboard_server::services::tokens::refresh_due(&app.state).await;
    assert_eq!(fake.refresh_calls(), calls + 1);
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.needs_reconnect"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        audit.text
    );

    // Reconnecting brings it back, same id.
    fake.with(|s| s.mode = RefreshMode::Normal);
    assert_eq!(reconnect(&app, Some(&id)).await, id);
    assert_eq!(connection(&app, &id).await["status"], "active");
    assert!(access_token(&app, &key, &id).await.starts_with("at-code-"));
}
dual!(invalid_grant_marks_needs_reconnect_but_503_does_not);

async fn client_credentials_fetched_and_renewed(app: TestApp) {
    let fake = provider::start().await;
    let def = json!({
        "slug": "fake-machine", "name": "Fake Machine API", "category": "testing", "base_url": fake.url,
        "auth": {"type": "oauth2",
                 "fields": [{"key": "client_id", "label": "Client ID", "secret": false, "required": true},
                            {"key": "client_secret", "label": "Client secret", "secret": true, "required": true}],
                 "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{access_token}}"}],
                 "oauth2": {"grant": "client_credentials", "token_url": format!("{}/token", fake.url),
                            "token_auth": "client_secret_basic"}},
        "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5},
        "test": {"method": "GET", "path": "/userinfo", "expect_status": 200},
        "identity": {"method": "GET", "path": "/userinfo", "pointer": "/email"}
    });
    let r = app
        .post_json("/api/v1/apps", Some(&app.admin_token), &def)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let t = app.admin_token.clone();

    // A wrong client is a failed test; nothing is stored.
    let bad = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "fake-machine", "fields": {"client_id": CC_CLIENT_ID, "client_secret": "wrong"}}),
        )
        .await;
    bad.problem(422, "connection_test_failed");
    assert!(bad.text.contains("invalid_client"), "{}", bad.text);

    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "fake-machine", "fields": {"client_id": CC_CLIENT_ID, "client_secret": CC_CLIENT_SECRET}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.body["identity"], "person@provider.test");
    assert_eq!(r.body["fields"]["client_id"], CC_CLIENT_ID);
    assert_ne!(r.body["fields"]["client_secret"], CC_CLIENT_SECRET);
    assert!(!r.text.contains(CC_CLIENT_SECRET));
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(fake.with(|s| s.client_credentials_calls), 1);

    let key = api_key(&app, &["credentials:read"]).await;
    let creds = app
        .get(&format!("/api/v1/connections/{id}/credentials"), Some(&key))
        .await;
    assert_eq!(creds.status(), 200, "{}", creds.text);
    assert!(creds.body["fields"]["access_token"]
        .as_str()
        .unwrap()
        .starts_with("cc-"));
    assert!(
        creds.body["fields"].get("client_secret").is_none(),
        "{}",
        creds.text
    );
    assert_eq!(fake.with(|s| s.client_credentials_calls), 1);

    // Renewed before expiry.
    let old = creds.body["fields"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    expire_in(&app, &id, 30).await;
    let new = access_token(&app, &key, &id).await;
    assert_ne!(new, old);
    assert_eq!(fake.with(|s| s.client_credentials_calls), 2);

    // Added without contacting the app: the first use fetches the token.
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "fake-machine", "name": "Offline", "test": false,
                    "fields": {"client_id": CC_CLIENT_ID, "client_secret": CC_CLIENT_SECRET}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(fake.with(|s| s.client_credentials_calls), 2);
    let id2 = r.body["id"].as_str().unwrap().to_string();
    assert!(access_token(&app, &key, &id2).await.starts_with("cc-"));
    assert_eq!(fake.with(|s| s.client_credentials_calls), 3);
    assert!(!captured_logs().contains(CC_CLIENT_SECRET));
}
dual!(client_credentials_fetched_and_renewed);

/// A `switchboard serve` process on the test's database; killed when dropped.
pub struct Replica {
    child: Child,
    pub base: String,
}

impl Replica {
    /// Sends SIGTERM, as systemd and Kubernetes do to stop a service.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits up to `within` for the process to end; its exit status.
    pub async fn exited(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let end = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if std::time::Instant::now() >= end {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn replica(app: &TestApp) -> Replica {
    replica_with(app, &[]).await
}

/// A `switchboard serve` process on the test's database, with extra variables.
pub async fn replica_with(app: &TestApp, extra: &[(&str, &str)]) -> Replica {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = app.db.dir.path().join(format!("replica-{port}"));
    std::fs::create_dir_all(&data).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    cmd.arg("serve")
        .env_clear()
        .env("SWITCHBOARD_BIND", format!("127.0.0.1:{port}"))
        .env("SWITCHBOARD_DATA_DIR", &data)
        .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
        .env("SWITCHBOARD_MASTER_KEY", &app.master_key)
        .env("SWITCHBOARD_DB_POOL_SIZE", "8")
        // Short, so a killed replica's refresh lease runs out soon (3 attempts + 5 s).
        .env("SWITCHBOARD_OUTBOUND_TIMEOUT_SECS", "1")
        .env("SWITCHBOARD_REFRESH_INTERVAL_SECS", "86400")
        .env("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
    // The test's own variables last: they win.
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a replica");
    let base = format!("http://127.0.0.1:{port}");
    let r = Replica { child, base };
    for _ in 0..200 {
        if let Ok(resp) = app.http.get(format!("{}/readyz", r.base)).send().await {
            if resp.status() == 200 {
                return r;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("replica did not become ready");
}

pub async fn get_token(http: &reqwest::Client, base: &str, key: &str, id: &str) -> (u16, String) {
    let r = http
        .get(format!("{base}/api/v1/connections/{id}/credentials"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    (
        status,
        body["fields"]["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Three server processes, 50 concurrent callers of a just-expired token, 20 times:
/// the provider sees exactly one refresh each time and every caller gets its token.
async fn three_replicas_refresh_once(app: TestApp) {
    let fake = provider::start().await;
    let id = connect(&app, &fake).await;
    let key = api_key(&app, &["credentials:read"]).await;
    let replicas = vec![
        replica(&app).await,
        replica(&app).await,
        replica(&app).await,
    ];
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    for round in 1..=20usize {
        expire_in(&app, &id, -1).await;
        let calls: Vec<_> = (0..50)
            .map(|i| {
                let (http, base, key, id) = (
                    http.clone(),
                    replicas[i % 3].base.clone(),
                    key.clone(),
                    id.clone(),
                );
                tokio::spawn(async move { get_token(&http, &base, &key, &id).await })
            })
            .collect();
        let mut tokens = Vec::new();
        for c in calls {
            tokens.push(c.await.unwrap());
        }
        assert_eq!(fake.refresh_calls(), round, "round {round}: one refresh");
        let first = tokens[0].1.clone();
        assert!(first.starts_with("at-r"), "round {round}: {tokens:?}");
        assert!(
            tokens.iter().all(|(s, t)| *s == 200 && *t == first),
            "round {round}: every caller gets the new token: {tokens:?}"
        );
    }
    assert!(
        fake.with(|s| s.revoked_families.is_empty()),
        "no refresh token reused"
    );
    drop(replicas);
}
dual!(three_replicas_refresh_once);

/// A replica killed in the middle of a refresh: the old tokens stay stored, and
/// another replica refreshes with them once the dead one's lease runs out.
///
/// The provider here completes the refresh whose answer never arrives (as real ones
/// do) and allows reusing a rotated refresh token for a grace period (as Okta, Auth0
/// and Xero do). With a provider without grace, an answer lost in flight is lost to
/// any client; Switchboard then marks the connection `needs_reconnect` (tested above).
async fn killed_during_refresh_loses_nothing(app: TestApp) {
    let fake = provider::start().await;
    fake.with(|s| s.reuse_grace = Duration::from_secs(60));
    let id = connect(&app, &fake).await;
    let key = api_key(&app, &["credentials:read"]).await;
    let before = stored(&app, &id).await;
    let victim = replica(&app).await;
    let survivor = replica(&app).await;
    fake.with(|s| s.refresh_delay = Duration::from_millis(700));
    expire_in(&app, &id, -1).await;
    let (http, base, k2, id2) = (
        app.http.clone(),
        victim.base.clone(),
        key.clone(),
        id.clone(),
    );
    let pending = tokio::spawn(async move { get_token(&http, &base, &k2, &id2).await });
    for _ in 0..200 {
        if fake.refresh_calls() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(fake.refresh_calls(), 1, "the victim started refreshing");
    drop(victim); // SIGKILL, mid-refresh
    let _ = pending.await;
    fake.with(|s| s.refresh_delay = Duration::ZERO);
    // Give the provider's cancelled request time to settle.
    tokio::time::sleep(Duration::from_millis(900)).await;

    let now = stored(&app, &id).await;
    assert_eq!(
        now["refresh_token"], before["refresh_token"],
        "old refresh token kept"
    );
    assert_eq!(now["access_token"], before["access_token"]);

    // The survivor waits out the dead lease, then refreshes with the stored token.
    let (status, token) = get_token(&app.http, &survivor.base, &key, &id).await;
    assert_eq!(status, 200);
    assert!(token.starts_with("at-r"), "{token}");
    assert_eq!(fake.refresh_calls(), 2);
    let after = stored(&app, &id).await;
    assert_ne!(
        after["refresh_token"], before["refresh_token"],
        "the new pair is stored"
    );
    // And it keeps working from here on.
    expire_in(&app, &id, -1).await;
    let (status, again) = get_token(&app.http, &survivor.base, &key, &id).await;
    assert_eq!((status, again != token), (200, true));
    let c = app
        .get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(c.body["status"], "active");
}
dual!(killed_during_refresh_loses_nothing);

/// A provider issuing 12-second tokens (shorter than the refresh margin): 50
/// concurrent callers cause one refresh, on one server and across three; callers that
/// queued behind it take its result, and later callers use the new token until half
/// its life has passed.
async fn short_lived_tokens_refresh_once(app: TestApp) {
    let fake = provider::start().await;
    // 12 s: shorter than the 60 s margin, and half of it (6 s) is ample for a batch
    // on a loaded machine.
    fake.with(|s| s.expires_in = 12);
    let id = connect(&app, &fake).await;
    let key = api_key(&app, &["credentials:read"]).await;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let batch = |bases: Vec<String>| {
        let (http, key, id) = (http.clone(), key.clone(), id.clone());
        async move {
            let calls: Vec<_> = (0..50)
                .map(|i| {
                    let (http, base, key, id) = (
                        http.clone(),
                        bases[i % bases.len()].clone(),
                        key.clone(),
                        id.clone(),
                    );
                    tokio::spawn(async move { get_token(&http, &base, &key, &id).await })
                })
                .collect();
            let mut tokens = Vec::new();
            for c in calls {
                tokens.push(c.await.unwrap());
            }
            tokens
        }
    };
    // The replicas' background jobs run once at start; let them settle, then let
    // half of the current token's life pass.
    let replicas = vec![
        replica(&app).await,
        replica(&app).await,
        replica(&app).await,
    ];
    tokio::time::sleep(Duration::from_millis(6200)).await;
    let base = fake.refresh_calls();
    let tokens = batch(vec![app.base.clone()]).await;
    assert_eq!(fake.refresh_calls(), base + 1, "one server: {tokens:?}");
    assert!(tokens.iter().all(|(s, _)| *s == 200), "{tokens:?}");
    let fresh = tokens[0].1.clone();
    assert!(tokens.iter().all(|(_, t)| *t == fresh), "{tokens:?}");
    // Right away again: the new token is used, not refreshed.
    let again = batch(vec![app.base.clone()]).await;
    assert_eq!(fake.refresh_calls(), base + 1);
    assert!(again.iter().all(|(_, t)| *t == fresh), "{again:?}");
    // Past half its life, three processes: one more refresh in all.
    tokio::time::sleep(Duration::from_millis(6200)).await;
    let tokens = batch(replicas.iter().map(|r| r.base.clone()).collect()).await;
    assert_eq!(fake.refresh_calls(), base + 2, "three servers: {tokens:?}");
    // Every caller got a working token (the new one, or the old one while it was
    // still comfortably valid).
    assert!(
        tokens
            .iter()
            .all(|(s, t)| *s == 200 && t.starts_with("at-r")),
        "{tokens:?}"
    );
    drop(replicas);
}
dual!(short_lived_tokens_refresh_once);

/// A platform moves its users' existing OAuth tokens in: tested, sealed, refreshed
/// as if connected here; an expired token is refreshed first.
async fn existing_oauth_tokens_become_connections(app: TestApp) {
    let fake = crate::oauth::configured(&app).await;
    let t = app.admin_token.clone();
    let (at, rt) = fake.issue();
    let soon = |secs: i64| (chrono::Utc::now() + chrono::Duration::seconds(secs)).to_rfc3339();
    let body = |at: &str, rt: Option<&str>, expires: String, name: Option<&str>| {
        let mut b = json!({"app": "fake-oauth", "tags": {"end_user_id": "42"},
                           "oauth": {"access_token": at, "expires_at": expires, "scope": "read"}});
        if let Some(rt) = rt {
            b["oauth"]["refresh_token"] = json!(rt);
        }
        if let Some(n) = name {
            b["name"] = json!(n);
        }
        b
    };
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &body(&at, Some(&rt), soon(3600), None),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.body["status"], "active");
    assert_eq!(r.body["identity"], "person@provider.test", "{}", r.text);
    assert_eq!(r.body["fields"]["scope"], "read");
    assert_eq!(r.body["tags"], json!({"end_user_id": "42"}));
    assert!(!r.text.contains(&at) && !r.text.contains(&rt));
    let first = r.body["id"].as_str().unwrap().to_string();
    let key = api_key(&app, &["credentials:read"]).await;
    assert_eq!(
        access_token(&app, &key, &first).await,
        at,
        "stored as given"
    );
    assert_eq!(fake.refresh_calls(), 0);

    // Expired: refreshed with the app's client before the test, then stored.
    let (at2, rt2) = fake.issue();
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &body(&at2, Some(&rt2), soon(-60), Some("Second")),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(fake.refresh_calls(), 1);
    let second = r.body["id"].as_str().unwrap().to_string();
    let now = access_token(&app, &key, &second).await;
    assert!(now.starts_with("at-r"), "{now}");
    // And refreshed later like any connection.
    expire_in(&app, &second, 10).await;
    let later = access_token(&app, &key, &second).await;
    assert_ne!(later, now);

    // What is refused, with nothing stored.
    let count = || async {
        app.get("/api/v1/connections?app=fake-oauth", Some(&t))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len()
    };
    app.post_json(
        "/api/v1/connections",
        Some(&t),
        &body("at-unknown", None, soon(3600), Some("Bad")),
    )
    .await
    .problem(422, "connection_test_failed");
    let p = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &body(&at, None, soon(-60), Some("Old")),
        )
        .await
        .problem_doc(422, "validation_failed");
    assert!(p.errors.contains_key("oauth.expires_at"), "{:?}", p.errors);
    app.post_json(
        "/api/v1/connections",
        Some(&t),
        &body("x", Some("rt-unknown"), soon(-60), Some("Gone")),
    )
    .await
    .problem(422, "connection_test_failed");
    // A provider that fails for now (5xx on every attempt): 503, try again later.
    let (at3, rt3) = fake.issue();
    fake.with(|s| s.mode = RefreshMode::Unavailable(3));
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &body(&at3, Some(&rt3), soon(-60), Some("Later")),
        )
        .await;
    r.problem(503, "upstream_unavailable");
    assert!(r.header("retry-after").is_some(), "Retry-After");
    fake.with(|s| s.mode = RefreshMode::Normal);
    let p = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "github", "oauth": {"access_token": "gho_x"}}),
        )
        .await
        .problem_doc(422, "validation_failed");
    assert!(p.errors.contains_key("oauth"), "{:?}", p.errors);
    assert_eq!(count().await, 2);

    // Account administrators only: a member's key with both scopes is refused.
    let r = app
        .post_json(
            "/api/v1/users",
            Some(&t),
            &json!({"email": "member@example.com", "password": PASSWORD, "role": "member", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let (member, _) = app.login("member@example.com", PASSWORD).await;
    let r = app
        .post_json(
            "/api/v1/api-keys",
            Some(&member),
            &json!({"name": "member importer", "scopes": ["connections:write", "connections:import"]}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let member_key = r.body["key"].as_str().unwrap().to_string();
    let (at4, rt4) = fake.issue();
    app.post_json(
        "/api/v1/connections",
        Some(&member_key),
        &body(&at4, Some(&rt4), soon(3600), Some("Fourth")),
    )
    .await
    .problem(403, "admin_required");
    // API keys need connections:import beside connections:write.
    let writer = api_key(&app, &["connections:write"]).await;
    let (at3, rt3) = fake.issue();
    app.post_json(
        "/api/v1/connections",
        Some(&writer),
        &body(&at3, Some(&rt3), soon(3600), Some("Third")),
    )
    .await
    .problem(403, "insufficient_scope");
    let importer = api_key(&app, &["connections:write", "connections:import"]).await;
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&importer),
            &body(&at3, Some(&rt3), soon(3600), Some("Third")),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(count().await, 3);
    let logs = captured_logs();
    for secret in [&at, &rt, &rt2, &at3, &rt3] {
        assert!(!logs.contains(secret.as_str()), "{secret} in the log");
    }
}
dual!(existing_oauth_tokens_become_connections);
