//! Webhooks: every event type reaches a receiver on loopback and verifies with the
//! official Standard Webhooks library; a receiver that is down for a while misses
//! nothing; pending deliveries survive `kill -9`; replicas share the queue without
//! sending an event twice; private addresses are refused unless allowed; endpoints
//! are managed, rotated, tested and disabled as documented.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};

use crate::dual;
use crate::helpers::*;
use crate::provider::{self, RefreshMode};

/// One request the receiver got: the three Standard Webhooks headers and the body.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Got {
    headers: BTreeMap<String, String>,
    body: String,
}

impl Got {
    fn id(&self) -> &str {
        &self.headers["webhook-id"]
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A webhook receiver on loopback that records what it gets and answers `status`;
/// it can be stopped (connections refused) and started again on the same port.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    port: u16,
    got: Arc<Mutex<Vec<Got>>>,
    status: Arc<AtomicU16>,
    handle: Arc<Mutex<Option<actix_web::dev::ServerHandle>>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let r = Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            port,
            got: Default::default(),
            status: Arc::new(AtomicU16::new(200)),
            handle: Default::default(),
        };
        r.up();
        r
    }

    fn up(&self) {
        let (got, status) = (self.got.clone(), self.status.clone());
        let server = HttpServer::new(move || {
            let (got, status) = (got.clone(), status.clone());
            App::new().route(
                "/hook",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let (got, status) = (got.clone(), status.clone());
                    async move {
                        let mut headers = BTreeMap::new();
                        for h in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
                            if let Some(v) = req.headers().get(h).and_then(|v| v.to_str().ok()) {
                                headers.insert(h.to_string(), v.to_string());
                            }
                        }
                        got.lock().unwrap().push(Got {
                            headers,
                            body: String::from_utf8_lossy(&body).into_owned(),
                        });
                        let code = status.load(Ordering::SeqCst);
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                            .finish()
                    }
                }),
            )
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", self.port))
        .unwrap()
        .run();
        *self.handle.lock().unwrap() = Some(server.handle());
        tokio::spawn(server);
    }

    async fn down(&self) {
        let h = self.handle.lock().unwrap().take();
        if let Some(h) = h {
            h.stop(false).await;
        }
    }

    fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until the receiver got at least `n` requests (at most `secs`).
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Got> {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.got();
            if got.len() >= n || std::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Checks every delivery with the official `standardwebhooks` npm package (as a
/// receiver would), with each of `secrets`.
pub fn verify_with_library(app: &TestApp, got: &[Got], secrets: &[&str]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    assert!(
        root.join("node_modules/standardwebhooks").exists(),
        "the standardwebhooks library is not installed: run `just unit` (npm ci in e2e/)"
    );
    let file = app
        .db
        .dir
        .path()
        .join(format!("deliveries-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, serde_json::to_vec(got).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(root.join("verify-webhooks.mjs"))
        .arg(&file)
        .args(secrets)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "standardwebhooks refused a delivery: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verified"], got.len());
}

async fn create_hook(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let r = app.post_json("/api/v1/webhooks", Some(token), &body).await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    (
        r.body["webhook"]["id"].as_str().unwrap().to_string(),
        r.body["secret"].as_str().unwrap().to_string(),
    )
}

async fn events(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.get("/api/v1/events?limit=200", Some(token)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body["items"].as_array().unwrap().clone()
}

async fn deliveries(app: &TestApp, hook: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("/api/v1/webhooks/{hook}/deliveries?limit=200"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body["items"].as_array().unwrap().clone()
}

/// Each event delivered exactly once, as the event list has it, signed right.
fn assert_delivered_once(events: &[Value], got: &[Got]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for g in got {
        *seen.entry(g.id()).or_default() += 1;
    }
    for e in events {
        let id = e["id"].as_str().unwrap();
        assert_eq!(
            seen.get(id),
            Some(&1),
            "event {id} ({}) delivered {:?} times",
            e["type"],
            seen.get(id)
        );
    }
    assert_eq!(seen.len(), events.len(), "unexpected deliveries");
    for g in got {
        let body = g.json();
        let e = events.iter().find(|e| e["id"] == g.id()).unwrap();
        assert_eq!(body["type"], e["type"]);
        assert_eq!(body["data"], *e, "the body's data is the event");
        assert!(body["timestamp"].is_string());
    }
}

/// Every event type, from key-based and OAuth connections and a child account,
/// reaches the endpoints that want it, once, in order per connection, verified by
/// the standard library; no secret in any body.
async fn every_event_type_reaches_the_receiver(app: TestApp) {
    let t = app.admin_token.clone();
    let all = Receiver::start().await;
    let picky = Receiver::start().await;
    let (_, secret) = create_hook(
        &app,
        &t,
        json!({"url": all.url, "description": "everything"}),
    )
    .await;
    let (_, picky_secret) = create_hook(
        &app,
        &t,
        json!({"url": picky.url, "event_types": ["connection.deleted", "connection.needs_reconnect"]}),
    )
    .await;
    let (_, child) = app.account("Child", "child@example.com").await;
    let child_rx = Receiver::start().await;
    let (_, child_secret) = create_hook(&app, &child, json!({"url": child_rx.url})).await;

    // Key-based: created, updated, shared, unshared (+ the child's automation paused),
    // reconnected, test_failed, reconnected + recovered, override set and cleared, deleted.
    let upstream = fake_upstream("good-hook-canary").await;
    app.custom_app("local-crm", "Local CRM", &upstream, true)
        .await;
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "local-crm", "fields": {"token": "good-hook-canary"}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/connections/{id}");
    let ok = |r: Resp| assert_eq!(r.status(), 200, "{}", r.text);
    ok(app
        .patch_json(&path, Some(&t), &json!({"name": "Main"}))
        .await);
    ok(app
        .patch_json(&path, Some(&t), &json!({"shared_with_children": true}))
        .await);
    let auto = app
        .post_json(
            "/api/v1/automations",
            Some(&child),
            &json!({"name": "Child sync", "connection_ids": [id]}),
        )
        .await;
    assert_eq!(auto.status(), 201, "{}", auto.text);
    ok(app
        .patch_json(
            &format!("{path}?force=true"),
            Some(&t),
            &json!({"shared_with_children": false}),
        )
        .await);
    ok(app
        .put_json(
            &format!("{path}/fields"),
            Some(&t),
            &json!({"fields": {"token": "revoked-hook-canary"}, "test": false}),
        )
        .await);
    let r = app
        .post_json(&format!("{path}/test"), Some(&t), &json!({}))
        .await;
    assert_eq!(r.body["ok"], false, "{}", r.text);
    ok(app
        .put_json(
            &format!("{path}/fields"),
            Some(&t),
            &json!({"fields": {"token": "good-hook-canary"}}),
        )
        .await);
    ok(app
        .put_json(
            &format!("{path}/rate-limit"),
            Some(&t),
            &json!({"requests": 5, "per_seconds": 1, "burst": 5}),
        )
        .await);
    ok(app.delete(&format!("{path}/rate-limit"), Some(&t)).await);
    ok(app.delete(&format!("{path}?force=true"), Some(&t)).await);

    // OAuth: a refresh that fails for now, one refused (needs_reconnect), a reconnect.
    let fake = provider::start().await;
    let oauth_id = crate::refresh::connect(&app, &fake).await;
    let key = crate::refresh::api_key(&app, &["credentials:read"]).await;
    let creds = format!("/api/v1/connections/{oauth_id}/credentials");
    fake.with(|s| s.mode = RefreshMode::Unavailable(3));
    crate::refresh::expire_in(&app, &oauth_id, -1).await;
    app.get(&creds, Some(&key))
        .await
        .problem(503, "upstream_unavailable");
    fake.with(|s| s.mode = RefreshMode::InvalidGrant);
    crate::refresh::expire_in(&app, &oauth_id, -1).await;
    app.get(&creds, Some(&key))
        .await
        .problem(409, "needs_reconnect");
    crate::refresh::reconnect(&app, Some(&oauth_id)).await;

    let expected = events(&app, &t).await;
    let got = all.wait_for(expected.len(), 20).await;
    tokio::time::sleep(Duration::from_millis(300)).await; // nothing more arrives
    let got_now = all.got();
    assert_eq!(got_now.len(), got.len(), "a duplicate arrived");
    assert_delivered_once(&expected, &got_now);
    verify_with_library(&app, &got_now, &[&secret]);
    let mut types: Vec<&str> = expected
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    types.dedup();
    assert_eq!(
        types,
        [
            "connection.created",
            "connection.deleted",
            "connection.needs_reconnect",
            "connection.reconnected",
            "connection.recovered",
            "connection.refresh_failed",
            "connection.shared",
            "connection.test_failed",
            "connection.unshared",
            "connection.updated",
            "rate_limit.override_changed",
        ]
    );
    // In order per connection: the receiver saw each connection's events in the
    // order they happened.
    for conn in [&id, &oauth_id] {
        let want: Vec<&str> = expected
            .iter()
            .filter(|e| e["connection"]["id"] == conn.as_str())
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        let order: Vec<String> = got_now
            .iter()
            .filter(|g| g.json()["data"]["connection"]["id"] == conn.as_str())
            .map(|g| g.id().to_string())
            .collect();
        assert_eq!(order, want);
    }
    let bodies: String = got_now.iter().map(|g| g.body.as_str()).collect();
    assert!(!bodies.contains("canary"), "a secret in a body");

    // The picky endpoint got only its two types.
    let picked = picky.wait_for(2, 10).await;
    let want: Vec<Value> = expected
        .iter()
        .filter(|e| {
            matches!(
                e["type"].as_str(),
                Some("connection.deleted" | "connection.needs_reconnect")
            )
        })
        .cloned()
        .collect();
    assert_eq!(want.len(), 2);
    assert_delivered_once(&want, &picked);
    verify_with_library(&app, &picked, &[&picky_secret]);

    // The child account's endpoint: its own events (unshared, automation.paused).
    let child_events = events(&app, &child).await;
    let child_got = child_rx.wait_for(child_events.len(), 10).await;
    assert_delivered_once(&child_events, &child_got);
    let child_types: Vec<&str> = child_events
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(
        child_types.contains(&"automation.paused"),
        "{child_types:?}"
    );
    verify_with_library(&app, &child_got, &[&child_secret]);

    // The delivery log says delivered, with the answer's status and a latency.
    let hooks = app.get("/api/v1/webhooks", Some(&t)).await;
    let everything = hooks.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["description"] == "everything")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let log = deliveries(&app, &everything).await;
    assert_eq!(log.len(), expected.len());
    assert!(log
        .iter()
        .all(|d| d["status"] == "delivered" && d["attempts"] == 1 && d["last_status_code"] == 200));
    assert!(log.iter().all(|d| d["latency_ms"].is_u64()));
}
dual!(every_event_type_reaches_the_receiver);

/// A receiver down for 20 s misses nothing: deliveries are retried, and the first
/// success releases the waiting ones at once.
async fn receiver_down_then_up_gets_everything(app: TestApp) {
    let t = app.admin_token.clone();
    let rx = Receiver::start().await;
    let (hook, secret) = create_hook(&app, &t, json!({"url": rx.url})).await;
    rx.down().await;
    for i in 0..10 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("c{i}")),
                &format!("ghp_down{i:02}abcdefghijABCDEFGHIJ"),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    tokio::time::sleep(Duration::from_secs(20)).await;
    let log = deliveries(&app, &hook).await;
    assert_eq!(log.len(), 10);
    assert!(
        log.iter().all(|d| d["status"] == "pending"
            && d["attempts"].as_u64().unwrap() >= 2
            && d["last_error"].is_string()),
        "{log:?}"
    );
    let hook_row = app.get(&format!("/api/v1/webhooks/{hook}"), Some(&t)).await;
    assert!(
        hook_row.body["failing_since"].is_string(),
        "{}",
        hook_row.text
    );

    // Back up: one new event goes at once; its success releases the ten waiting
    // (their next retry is a minute away).
    rx.up();
    let started = std::time::Instant::now();
    let r = app
        .create_connection(&t, "github", Some("after"), "ghp_afterabcdefghijABCDEFGHIJ")
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let got = rx.wait_for(11, 15).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "caught up in {:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let expected = events(&app, &t).await;
    assert_eq!(expected.len(), 11);
    assert_delivered_once(&expected, &rx.got());
    verify_with_library(&app, &got, &[&secret]);
    let hook_row = app.get(&format!("/api/v1/webhooks/{hook}"), Some(&t)).await;
    assert!(hook_row.body["failing_since"].is_null());
}

mod receiver_down_then_up_gets_everything {
    use super::*;
    const SLOW_RETRIES: &[(&str, &str)] = &[("SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE", "1,2,3,60,60")];
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, SLOW_RETRIES).await.unwrap();
        super::receiver_down_then_up_gets_everything(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, SLOW_RETRIES)
            .await
            .expect(NEEDS_POSTGRES);
        super::receiver_down_then_up_gets_everything(app).await;
    }
}

/// Deliveries pending when the delivering process is killed with SIGKILL are
/// delivered by the next process, and by it only once.
async fn pending_deliveries_survive_kill_9(app: TestApp) {
    let t = app.admin_token.clone();
    let rx = Receiver::start().await;
    let (hook, secret) = create_hook(&app, &t, json!({"url": rx.url})).await;
    rx.down().await;
    // This test server does not deliver; a separate process does.
    let env = [(
        "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE",
        "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
    )];
    let first = crate::refresh::replica_with(&app, &env).await;
    for i in 0..8 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("k{i}")),
                &format!("ghp_kill{i:02}abcdefghijABCDEFGHIJ"),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    // The first process tried them (the receiver is down), then dies.
    for _ in 0..100 {
        let log = deliveries(&app, &hook).await;
        if log.len() == 8 && log.iter().all(|d| d["attempts"].as_u64().unwrap() >= 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(first);
    rx.up();
    assert!(rx.got().is_empty());
    let _second = crate::refresh::replica_with(&app, &env).await;
    // (A claim the killed process held runs out after a minute.)
    let got = rx.wait_for(8, 75).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let expected = events(&app, &t).await;
    assert_delivered_once(&expected, &rx.got());
    verify_with_library(&app, &got, &[&secret]);
}

mod pending_deliveries_survive_kill_9 {
    use super::*;
    const NO_DELIVERY: &[(&str, &str)] = &[("SWITCHBOARD_WEBHOOK_DELIVERY", "off")];
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, NO_DELIVERY).await.unwrap();
        super::pending_deliveries_survive_kill_9(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, NO_DELIVERY)
            .await
            .expect(NEEDS_POSTGRES);
        super::pending_deliveries_survive_kill_9(app).await;
    }
}

/// Three replicas deliver from one queue: every event once.
async fn replicas_share_the_queue(app: TestApp) {
    let t = app.admin_token.clone();
    let rx = Receiver::start().await;
    let (_, secret) = create_hook(&app, &t, json!({"url": rx.url})).await;
    let _a = crate::refresh::replica_with(&app, &[]).await;
    let b = crate::refresh::replica_with(&app, &[]).await;
    // Changes made through every replica.
    for i in 0..30 {
        let base = if i % 2 == 0 {
            app.base.clone()
        } else {
            b.base.clone()
        };
        let r = app
            .http
            .post(format!("{base}/api/v1/connections"))
            .bearer_auth(&t)
            .json(&json!({"app": "github", "name": format!("r{i}"), "fields": {"token": format!("ghp_rep{i:02}abcdefghijABCDEFGHIJ")}, "test": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let got = rx.wait_for(30, 20).await;
    tokio::time::sleep(Duration::from_secs(2)).await; // a duplicate would show now
    let expected = events(&app, &t).await;
    assert_eq!(expected.len(), 30);
    assert_delivered_once(&expected, &rx.got());
    verify_with_library(&app, &got, &[&secret]);
}
dual!(replicas_share_the_queue);

/// Private, loopback and metadata addresses are refused at creation unless the
/// operator allows them; odd schemes and bad event types too.
async fn private_urls_are_refused_unless_allowed(app: TestApp) {
    let t = app.admin_token.clone();
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest",
        "http://[::1]/hook",
        "http://0x7f000001/hook",
        "ftp://hooks.example.com/",
        "not a url",
    ] {
        let r = app
            .post_json("/api/v1/webhooks", Some(&t), &json!({"url": url}))
            .await;
        r.problem(422, "validation_failed");
        assert!(r.body["errors"]["url"].is_array(), "{url}: {}", r.text);
    }
    app.post_json(
        "/api/v1/webhooks",
        Some(&t),
        &json!({"url": "https://hooks.example.com/x", "event_types": ["connection.exploded"]}),
    )
    .await
    .problem(422, "validation_failed");
    app.post_json(
        "/api/v1/webhooks",
        Some(&t),
        &json!({"url": "https://hooks.example.com/x", "event_types": []}),
    )
    .await
    .problem(422, "validation_failed");
    // A public name is fine (it is resolved again on every delivery).
    let r = app
        .post_json(
            "/api/v1/webhooks",
            Some(&t),
            &json!({"url": "https://hooks.example.com/x"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.body["webhook"]["event_types"], json!(["*"]));
}

mod private_urls_are_refused_unless_allowed {
    use super::*;
    const NOTHING_ALLOWED: &[(&str, &str)] = &[("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "")];
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, NOTHING_ALLOWED).await.unwrap();
        super::private_urls_are_refused_unless_allowed(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, NOTHING_ALLOWED)
            .await
            .expect(NEEDS_POSTGRES);
        super::private_urls_are_refused_unless_allowed(app).await;
    }
}

/// Endpoints are managed by account administrators (API keys with `webhooks`);
/// a rotated secret signs beside the old one; a test event goes to one endpoint; a
/// failed delivery can be retried; 4xx is final; an endpoint failing for too long
/// is disabled with an event and an audit row.
async fn endpoints_are_managed_rotated_tested_and_disabled(app: TestApp) {
    let t = app.admin_token.clone();
    let rx = Receiver::start().await;
    let (hook, old_secret) = create_hook(
        &app,
        &t,
        json!({"url": rx.url, "event_types": ["connection.created"]}),
    )
    .await;
    let path = format!("/api/v1/webhooks/{hook}");
    let created = app.get(&path, Some(&t)).await;
    assert_eq!(created.status(), 200);
    assert!(
        !created.text.contains("whsec_"),
        "the secret is shown only once"
    );
    assert!(!created.text.contains(&old_secret["whsec_".len()..]));

    // Who may: members and API keys without the scope may not.
    let r = app
        .post_json(
            "/api/v1/users",
            Some(&t),
            &json!({"email": "m@example.com", "password": PASSWORD, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let member = app.login("m@example.com", PASSWORD).await.0;
    app.get("/api/v1/webhooks", Some(&member))
        .await
        .problem(403, "admin_required");
    let reader = crate::refresh::api_key(&app, &["connections:read"]).await;
    app.get("/api/v1/webhooks", Some(&reader))
        .await
        .problem(403, "insufficient_scope");
    let manager = crate::refresh::api_key(&app, &["webhooks"]).await;
    let listed = app.get("/api/v1/webhooks", Some(&manager)).await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        listed.text
    );
    // Another account sees none of it.
    let (_, other) = app.account("Other", "other@example.com").await;
    app.get(&path, Some(&other)).await.problem(404, "not_found");

    // Rotation: both signatures for a day; each secret verifies alone.
    let r = app
        .post_json(&format!("{path}/rotate-secret"), Some(&t), &json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let new_secret = r.body["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, old_secret);
    assert!(r.body["previous_secret_expires_at"].is_string());
    let r = app
        .create_connection(&t, "github", None, "ghp_rotateabcdefghijABCDEFGHIJ")
        .await;
    assert_eq!(r.status(), 201);
    let got = rx.wait_for(1, 10).await;
    assert_eq!(got[0].headers["webhook-signature"].split(' ').count(), 2);
    verify_with_library(&app, &got, &[&old_secret, &new_secret]);

    // A test event goes to this endpoint, whatever types it wants.
    let r = app
        .post_json(&format!("{path}/test"), Some(&t), &json!({}))
        .await;
    assert_eq!(r.status(), 202, "{}", r.text);
    assert_eq!(r.body["event_type"], "webhook.test");
    let got = rx.wait_for(2, 10).await;
    assert_eq!(got[1].json()["type"], "webhook.test");
    assert_eq!(got[1].json()["data"]["data"]["webhook_id"], hook.as_str());

    // 410 is final; a retry asked for sends it again.
    rx.status.store(410, Ordering::SeqCst);
    let r = app
        .create_connection(&t, "github", Some("gone"), "ghp_goneabcdefghijABCDEFGHIJab")
        .await;
    assert_eq!(r.status(), 201);
    rx.wait_for(3, 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = deliveries(&app, &hook).await;
    let failed = &log[0];
    assert_eq!(failed["status"], "failed", "{log:?}");
    assert_eq!(failed["last_status_code"], 410);
    assert_eq!(failed["next_attempt_at"], Value::Null);
    rx.status.store(200, Ordering::SeqCst);
    let r = app
        .post_json(
            &format!("{path}/deliveries/{}/retry", failed["id"].as_str().unwrap()),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 202, "{}", r.text);
    rx.wait_for(4, 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = deliveries(&app, &hook).await;
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 2);
    assert_eq!(
        rx.got()[3].id(),
        rx.got()[2].id(),
        "the same webhook-id on a retry"
    );

    // Paging the log.
    let (items, pages) = all_pages::<Value>(&app, &format!("{path}/deliveries"), 1).await;
    assert_eq!((items.len(), pages), (3, 3));

    // PATCH: types, description, disable; a disabled endpoint gets nothing and
    // cannot be tested.
    let r = app
        .patch_json(
            &path,
            Some(&t),
            &json!({"event_types": ["*"], "description": "all of it", "enabled": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["event_types"], json!(["*"]));
    assert_eq!(r.body["enabled"], false);
    app.post_json(&format!("{path}/test"), Some(&t), &json!({}))
        .await
        .problem(409, "webhook_disabled");
    // While disabled nothing is queued for it (GET /events keeps what it missed);
    // enabled again, it gets the next events.
    let r = app
        .create_connection(
            &t,
            "github",
            Some("while-off"),
            "ghp_whileoffabcdefghijABCDEFGH",
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .patch_json(&path, Some(&t), &json!({"enabled": true}))
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .create_connection(
            &t,
            "github",
            Some("back-on"),
            "ghp_backonabcdefghijABCDEFGHI",
        )
        .await;
    assert_eq!(r.status(), 201);
    let got = rx.wait_for(5, 10).await;
    assert_eq!(got[4].json()["data"]["connection"]["name"], "back-on");
    assert_eq!(deliveries(&app, &hook).await.len(), 4);

    // Failing for longer than the limit (here 2 s): disabled, with an event and an
    // audit row.
    rx.down().await;
    let r = app
        .create_connection(
            &t,
            "github",
            Some("down-1"),
            "ghp_down1abcdefghijABCDEFGHIJ",
        )
        .await;
    assert_eq!(r.status(), 201);
    let mut disabled = Value::Null;
    for _ in 0..100 {
        disabled = app.get(&path, Some(&t)).await.body;
        if disabled["enabled"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(disabled["enabled"], false, "{disabled}");
    assert!(disabled["disabled_reason"].is_string());
    let evs = events(&app, &t).await;
    let last = evs
        .iter()
        .rev()
        .find(|e| e["type"] == "webhook.disabled")
        .expect("webhook.disabled event");
    assert_eq!(last["data"]["webhook_id"], hook.as_str());
    let audit = app.get("/api/v1/audit?limit=200", Some(&t)).await;
    assert!(audit.text.contains("webhook.disabled"), "{}", audit.text);
    assert!(audit.text.contains("webhook.secret_rotate"));

    // Delete: gone with its deliveries.
    let r = app.delete(&path, Some(&t)).await;
    assert_eq!(r.status(), 204);
    app.get(&path, Some(&t)).await.problem(404, "not_found");
    app.get(&format!("{path}/deliveries"), Some(&t))
        .await
        .problem(404, "not_found");
    let text = crate::helpers::captured_logs();
    assert!(
        !text.contains(&old_secret["whsec_".len()..])
            && !text.contains(&new_secret["whsec_".len()..]),
        "a secret in the logs"
    );
}

mod endpoints_are_managed_rotated_tested_and_disabled {
    use super::*;
    const FAST: &[(&str, &str)] = &[
        ("SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE", "1,1,1,1,1,1,1,1,1,1"),
        ("SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS", "2"),
    ];
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, FAST).await.unwrap();
        super::endpoints_are_managed_rotated_tested_and_disabled(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, FAST)
            .await
            .expect(NEEDS_POSTGRES);
        super::endpoints_are_managed_rotated_tested_and_disabled(app).await;
    }
}

/// The relay gives an endpoint the events that happen while it is enabled, also
/// when it runs late (here: this server relays only when the test says so).
async fn an_endpoint_gets_what_happens_while_it_is_enabled(app: TestApp) {
    let t = app.admin_token.clone();
    let rx = Receiver::start().await;
    app.create_connection(
        &t,
        "github",
        Some("before"),
        "ghp_before0abcdefghijABCDEFGHIJ",
    )
    .await;
    let (hook, _) = create_hook(&app, &t, json!({"url": rx.url})).await;
    let toggle = |on: bool| {
        let path = format!("/api/v1/webhooks/{hook}");
        let t = t.clone();
        let app = &app;
        async move {
            let r = app
                .patch_json(&path, Some(&t), &json!({"enabled": on}))
                .await;
            assert_eq!(r.status(), 200, "{}", r.text);
        }
    };
    app.create_connection(
        &t,
        "github",
        Some("enabled"),
        "ghp_enabled1abcdefghijABCDEFGHIJ",
    )
    .await;
    toggle(false).await;
    app.create_connection(
        &t,
        "github",
        Some("while off"),
        "ghp_whileoff2abcdefghijABCDEFGHI",
    )
    .await;
    toggle(true).await;
    app.create_connection(
        &t,
        "github",
        Some("again"),
        "ghp_again3abcdefghijABCDEFGHIJKL",
    )
    .await;
    let relayed = app
        .state
        .db
        .write(|c| switchboard_server::services::webhooks::relay(c, 500))
        .await
        .unwrap();
    assert!(relayed >= 2, "{relayed} events relayed");
    let names: Vec<String> = deliveries(&app, &hook)
        .await
        .iter()
        .map(|d| d["event_type"].as_str().unwrap().to_string())
        .collect();
    // The events of both enabled periods (disabling relayed the first one), not
    // the one of the time it was off.
    assert_eq!(
        names,
        ["connection.created", "connection.created"],
        "{names:?}"
    );
    let again = app
        .state
        .db
        .write(|c| switchboard_server::services::webhooks::relay(c, 500))
        .await
        .unwrap();
    assert_eq!(again, 0, "each event is dispatched once");
}
dual!(
    an_endpoint_gets_what_happens_while_it_is_enabled,
    &[("SWITCHBOARD_WEBHOOK_DELIVERY", "off")]
);
