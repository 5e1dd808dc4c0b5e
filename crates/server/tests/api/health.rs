//! Scheduled health checks: test requests on schedule through the rate limiter,
//! failure and recovery with their events, idle OAuth refresh tokens refreshed,
//! one check per due connection across replicas, the last 50 checks kept, and
//! `SWITCHBOARD_HEALTH_CHECKS`.

use std::sync::atomic::{AtomicU16, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use switchboard_db::repo::health as repo;
use switchboard_server::error::ApiError;
use switchboard_server::services::health::run_due;
use switchboard_types::{ConnectionId, RateLimit};

use crate::dual;
use crate::helpers::*;
use crate::provider::RefreshMode;

const TOKEN: &str = "health-canary-token-5f1e0c";

/// A third-party API whose `GET /me` answers the status the test sets, counting calls.
struct Upstream {
    url: String,
    status: Arc<AtomicU16>,
    hits: Arc<AtomicUsize>,
    delay_ms: Arc<AtomicU64>,
}

impl Upstream {
    async fn start() -> Self {
        use actix_web::{web, App, HttpResponse, HttpServer};
        let status = Arc::new(AtomicU16::new(200));
        let hits = Arc::new(AtomicUsize::new(0));
        let delay_ms = Arc::new(AtomicU64::new(0));
        let (s2, h2, d2) = (status.clone(), hits.clone(), delay_ms.clone());
        let server = HttpServer::new(move || {
            let (s, h, d) = (s2.clone(), h2.clone(), d2.clone());
            App::new().route(
                "/me",
                web::get().to(move || {
                    h.fetch_add(1, Ordering::SeqCst);
                    let code = s.load(Ordering::SeqCst);
                    let delay = Duration::from_millis(d.load(Ordering::SeqCst));
                    async move {
                        tokio::time::sleep(delay).await;
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                            // A careless API that echoes the credential back.
                            .json(json!({"email": "owner@upstream.test", "token": TOKEN}))
                    }
                }),
            )
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let url = format!("http://127.0.0.1:{}", server.addrs()[0].port());
        tokio::spawn(server.run());
        Upstream {
            url,
            status,
            hits,
            delay_ms,
        }
    }
    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }
    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// A custom key-based app on `upstream` with a test request, and a connection of it.
async fn checked_connection(app: &TestApp, upstream: &Upstream) -> String {
    app.custom_app("pinged", "Pinged", &upstream.url, true)
        .await;
    let r = app
        .create_connection(&app.admin_token, "pinged", Some("Pinged"), TOKEN)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

fn cid(id: &str) -> ConnectionId {
    id.parse().unwrap()
}

/// Runs the health pass once so the connection is scheduled, then makes its check due.
async fn due_now(app: &TestApp, id: &str) {
    run_due(&app.state).await.unwrap();
    let id = cid(id);
    let n = app
        .state
        .db
        .write(move |c| Ok::<_, ApiError>(repo::due_now(c, id)?))
        .await
        .unwrap();
    assert_eq!(n, 1, "the connection is in the schedule");
}

async fn health(app: &TestApp, id: &str) -> Value {
    let r = app
        .get(
            &format!("/api/v1/connections/{id}/health"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert!(
        !r.text.contains(TOKEN),
        "no credential in the health answer"
    );
    r.body
}

async fn connection(app: &TestApp, id: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body
}

async fn event_types(app: &TestApp, id: &str) -> Vec<String> {
    let r = app
        .get(
            &format!("/api/v1/events?limit=200&connection_id={id}"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

fn seconds_until(at: &Value) -> i64 {
    let at: chrono::DateTime<chrono::Utc> = at.as_str().unwrap().parse().unwrap();
    (at - chrono::Utc::now()).num_seconds()
}

async fn a_failing_connection_is_marked_and_recovers(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;

    // Scheduled a day (±10 %) after it was created; nothing is sent before.
    run_due(&app.state).await.unwrap();
    let h = health(&app, &id).await;
    assert_eq!(h["schedule"], "scheduled");
    assert_eq!(h["interval_seconds"], 86_400);
    let wait = seconds_until(&h["next_check_at"]);
    assert!((77_000..=95_100).contains(&wait), "next check in {wait} s");
    assert_eq!(h["checks"], json!([]));
    assert_eq!(up.hits(), 0);

    // Due: one test request; it works, the connection stays as it was.
    let version = connection(&app, &id).await["version"].clone();
    due_now(&app, &id).await;
    assert_eq!(run_due(&app.state).await.unwrap(), 1);
    assert_eq!(up.hits(), 1);
    let h = health(&app, &id).await;
    let checks = h["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["ok"], true);
    assert_eq!(checks[0]["kind"], "test");
    assert_eq!(checks[0]["source"], "scheduled");
    assert_eq!(checks[0]["upstream_status"], 200);
    assert!(checks[0]["latency_ms"].as_u64().is_some());
    let wait = seconds_until(&h["next_check_at"]);
    assert!((77_000..=95_100).contains(&wait), "next check in {wait} s");
    assert_eq!(
        connection(&app, &id).await["version"],
        version,
        "a passing check does not touch a working connection"
    );

    // The credentials stop working: `error` with the reason, one event, checked
    // again in 5 minutes, then 15.
    up.answer(401);
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    let c = connection(&app, &id).await;
    assert_eq!(c["status"], "error");
    assert!(c["status_reason"].as_str().unwrap().contains("401"), "{c}");
    let h = health(&app, &id).await;
    assert_eq!(h["checks"][0]["ok"], false);
    assert_eq!(h["checks"][0]["upstream_status"], 401);
    let wait = seconds_until(&h["next_check_at"]);
    assert!((290..=300).contains(&wait), "retry in {wait} s");
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    let wait = seconds_until(&health(&app, &id).await["next_check_at"]);
    assert!((890..=900).contains(&wait), "retry in {wait} s");
    let types = event_types(&app, &id).await;
    assert_eq!(
        types
            .iter()
            .filter(|t| *t == "connection.test_failed")
            .count(),
        1,
        "a still-failing connection does not repeat the event: {types:?}"
    );

    // Working again: `active`, `connection.recovered`, back to the daily interval.
    up.answer(200);
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(connection(&app, &id).await["status"], "active");
    let types = event_types(&app, &id).await;
    assert_eq!(
        types.last().map(String::as_str),
        Some("connection.recovered"),
        "{types:?}"
    );
    let h = health(&app, &id).await;
    let oks: Vec<bool> = h["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ok"].as_bool().unwrap())
        .collect();
    assert_eq!(oks, [true, false, false, true], "newest first");
    assert!(seconds_until(&h["next_check_at"]) > 77_000);

    // An upstream 429 is the provider's limit, not a failure: nothing recorded.
    up.answer(429);
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    let h = health(&app, &id).await;
    assert_eq!(h["checks"].as_array().unwrap().len(), 4);
    let wait = seconds_until(&h["next_check_at"]);
    assert!((290..=300).contains(&wait), "postponed {wait} s");
    assert_eq!(connection(&app, &id).await["status"], "active");
    // The connection's calls are held for a minute: a check due now waits for it.
    let hits = up.hits();
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(up.hits(), hits);
    let wait = seconds_until(&health(&app, &id).await["next_check_at"]);
    assert!((50..=62).contains(&wait), "waits out the hold: {wait} s");

    assert!(!captured_logs().contains(TOKEN));
}
dual!(a_failing_connection_is_marked_and_recovers);

async fn checks_wait_for_the_rate_limit(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    let limit = RateLimit {
        requests: 1,
        per_seconds: 3600,
        burst: 1,
    };
    let r = app
        .put_json(
            &format!("/api/v1/connections/{id}/rate-limit"),
            Some(&app.admin_token),
            &json!({"requests": 1, "per_seconds": 3600, "burst": 1}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    // The automations used the one call of this hour.
    assert!(
        app.state
            .limiter
            .check(cid(&id), limit)
            .await
            .unwrap()
            .allowed
    );
    due_now(&app, &id).await;
    assert_eq!(run_due(&app.state).await.unwrap(), 1);
    assert_eq!(
        up.hits(),
        0,
        "the check did not push the app over its limit"
    );
    let h = health(&app, &id).await;
    assert_eq!(h["checks"], json!([]));
    let wait = seconds_until(&h["next_check_at"]);
    assert!(
        (3_500..=3_602).contains(&wait),
        "waits for the next slot: {wait} s"
    );
}
dual!(checks_wait_for_the_rate_limit);

async fn one_check_per_due_connection_across_replicas(app: TestApp) {
    let up = Upstream::start().await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let r = if i == 0 {
            checked_connection(&app, &up).await
        } else {
            let r = app
                .create_connection(&app.admin_token, "pinged", Some(&format!("P{i}")), TOKEN)
                .await;
            assert_eq!(r.status(), 201, "{}", r.text);
            r.body["id"].as_str().unwrap().to_string()
        };
        ids.push(r);
    }
    for id in &ids {
        due_now(&app, id).await;
    }
    // A second process on the same database runs its health job every second.
    let other =
        crate::refresh::replica_with(&app, &[("SWITCHBOARD_HEALTH_CHECK_POLL_SECS", "1")]).await;
    let (a, b) = tokio::join!(run_due(&app.state), run_due(&app.state));
    a.unwrap();
    b.unwrap();
    for _ in 0..100 {
        let mut done = 0;
        for id in &ids {
            done += health(&app, id).await["checks"].as_array().unwrap().len();
        }
        if done >= ids.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(other);
    for id in &ids {
        assert_eq!(
            health(&app, id).await["checks"].as_array().unwrap().len(),
            1,
            "{id}"
        );
    }
    assert_eq!(up.hits(), ids.len(), "each due connection was tested once");
}
dual!(one_check_per_due_connection_across_replicas);

async fn the_last_fifty_checks_are_kept(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    for i in 0..55 {
        up.answer(if i == 54 { 401 } else { 200 });
        let r = app
            .post_json(
                &format!("/api/v1/connections/{id}/test"),
                Some(&app.admin_token),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text);
    }
    let h = health(&app, &id).await;
    let checks = h["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 50);
    assert_eq!(checks[0]["ok"], false, "the newest first");
    assert!(checks.iter().all(|c| c["source"] == "manual"));
    let times: Vec<&str> = checks
        .iter()
        .map(|c| c["checked_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    // Asked-for tests report every failure.
    up.answer(401);
    app.post_json(
        &format!("/api/v1/connections/{id}/test"),
        Some(&app.admin_token),
        &json!({}),
    )
    .await;
    let types = event_types(&app, &id).await;
    assert_eq!(
        types
            .iter()
            .filter(|t| *t == "connection.test_failed")
            .count(),
        2
    );

    // Who may read it: the owner's account, API keys with connections:read.
    let (_, stranger) = app.account("Elsewhere", "elsewhere@example.com").await;
    app.get(&format!("/api/v1/connections/{id}/health"), Some(&stranger))
        .await
        .problem(404, "not_found");
    let key = crate::refresh::api_key(&app, &["proxy"]).await;
    app.get(&format!("/api/v1/connections/{id}/health"), Some(&key))
        .await
        .problem(403, "insufficient_scope");
    let key = crate::refresh::api_key(&app, &["connections:read"]).await;
    let r = app
        .get(&format!("/api/v1/connections/{id}/health"), Some(&key))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
}
dual!(the_last_fifty_checks_are_kept);

async fn idle_refresh_tokens_are_used_daily(app: TestApp) {
    let fake = crate::oauth::configured(&app).await;
    let id = crate::oauth::connected(&app).await;
    let h = health(&app, &id).await;
    assert_eq!(h["schedule"], "scheduled");

    // Never refreshed since it was connected: the due check refreshes it.
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(fake.refresh_calls(), 1);
    let h = health(&app, &id).await;
    assert_eq!(h["checks"][0]["kind"], "refresh");
    assert_eq!(h["checks"][0]["ok"], true, "{h}");
    let wait = seconds_until(&h["next_check_at"]);
    assert!((77_000..=95_100).contains(&wait), "{wait}");

    // Refreshed within the day: nothing to do.
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(fake.refresh_calls(), 1);
    assert_eq!(
        health(&app, &id).await["checks"].as_array().unwrap().len(),
        1
    );

    // A day later the provider has revoked it: a failed check and `needs_reconnect`,
    // after which the schedule waits for a reconnect.
    let cid = cid(&id);
    app.state
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use switchboard_db::schema::token_refresh as t;
            diesel::update(t::table.find(cid))
                .set(t::refreshed_at.eq(switchboard_db::now() - chrono::Duration::hours(25)))
                .execute(c)?;
            Ok::<_, ApiError>(())
        })
        .await
        .unwrap();
    fake.with(|s| s.mode = RefreshMode::InvalidGrant);
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(fake.refresh_calls(), 2);
    let h = health(&app, &id).await;
    assert_eq!(h["checks"][0]["ok"], false, "{h}");
    assert_eq!(h["schedule"], "needs_reconnect");
    assert_eq!(h["next_check_at"], Value::Null);
    assert_eq!(connection(&app, &id).await["status"], "needs_reconnect");
}
dual!(idle_refresh_tokens_are_used_daily);

async fn only_used_connections_when_the_operator_says_so(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    assert_eq!(health(&app, &id).await["schedule"], "unused");
    due_now(&app, &id).await;
    assert_eq!(run_due(&app.state).await.unwrap(), 1);
    assert_eq!(
        up.hits(),
        0,
        "a connection no automation uses is left alone"
    );
    let r = app
        .post_json(
            "/api/v1/automations",
            Some(&app.admin_token),
            &json!({"name": "Nightly", "connection_ids": [id]}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(health(&app, &id).await["schedule"], "scheduled");
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(up.hits(), 1);
}
dual!(
    only_used_connections_when_the_operator_says_so,
    &[("SWITCHBOARD_HEALTH_CHECKS", "used")]
);

async fn nothing_is_checked_when_off(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    let h = health(&app, &id).await;
    assert_eq!(h["schedule"], "off");
    assert_eq!(h["next_check_at"], Value::Null);
    assert_eq!(run_due(&app.state).await.unwrap(), 0);
    let cid = cid(&id);
    let scheduled = app
        .state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::get(c, cid)?))
        .await
        .unwrap();
    assert!(scheduled.is_none(), "not even scheduled");
    assert_eq!(up.hits(), 0);
}
dual!(
    nothing_is_checked_when_off,
    &[("SWITCHBOARD_HEALTH_CHECKS", "off")]
);

async fn apps_without_a_test_have_nothing_to_check(app: TestApp) {
    let up = Upstream::start().await;
    app.custom_app("quiet", "Quiet", &up.url, false).await;
    let r = app
        .create_connection(&app.admin_token, "quiet", None, TOKEN)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(health(&app, &id).await["schedule"], "not_checkable");
    due_now(&app, &id).await;
    run_due(&app.state).await.unwrap();
    assert_eq!(up.hits(), 0);
    let h = health(&app, &id).await;
    assert_eq!(h["checks"], json!([]));
    assert_eq!(h["next_check_at"], Value::Null);
}
dual!(apps_without_a_test_have_nothing_to_check);

async fn the_job_runs_checks_on_its_own(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    let cid = cid(&id);
    let mut scheduled = false;
    for _ in 0..50 {
        let s = app
            .state
            .db
            .read(move |c| Ok::<_, ApiError>(repo::get(c, cid)?))
            .await
            .unwrap();
        if s.is_some() {
            scheduled = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(scheduled, "the job scheduled the new connection");
    app.state
        .db
        .write(move |c| Ok::<_, ApiError>(repo::due_now(c, cid)?))
        .await
        .unwrap();
    for _ in 0..50 {
        if up.hits() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        up.hits(),
        1,
        "the job ran the due check within a few seconds"
    );
    assert_eq!(health(&app, &id).await["checks"][0]["source"], "scheduled");
}
dual!(
    the_job_runs_checks_on_its_own,
    &[("SWITCHBOARD_HEALTH_CHECK_POLL_SECS", "1")]
);

async fn a_check_that_lost_its_lease_or_its_connection_changed_writes_nothing(app: TestApp) {
    let up = Upstream::start().await;
    let id = checked_connection(&app, &up).await;
    due_now(&app, &id).await;
    let cid = cid(&id);
    // Two claimants: the second gets nothing while the first holds the lease; once
    // that lease is over, the second gets it, and the first can no longer write.
    let claim = |lease: &'static str, secs: i64| {
        let db = app.state.db.clone();
        async move {
            db.write(move |c| {
                Ok::<_, ApiError>(repo::claim_due(
                    c,
                    lease,
                    chrono::Duration::seconds(secs),
                    20,
                )?)
            })
            .await
            .unwrap()
            .len()
        }
    };
    assert_eq!(
        claim("first", -1).await,
        1,
        "claimed (with a lease already over)"
    );
    assert_eq!(
        claim("second", 60).await,
        1,
        "a lease that ran out is taken over"
    );
    assert_eq!(claim("third", 60).await, 0, "a live lease is not");
    let fenced = |lease: &'static str| {
        let db = app.state.db.clone();
        async move {
            db.write(move |c| {
                let at = switchboard_db::now() + chrono::Duration::hours(1);
                Ok::<_, ApiError>(repo::reschedule(c, cid, lease, at, 0)?)
            })
            .await
            .unwrap()
        }
    };
    assert!(!fenced("first").await, "the old lease is fenced off");
    assert!(fenced("second").await);

    // A change while the test request is out makes its outcome stale: the
    // connection keeps its status, and nothing is recorded.
    up.answer(401);
    up.delay_ms.store(700, Ordering::SeqCst);
    due_now(&app, &id).await;
    let state = app.state.clone();
    let pass = tokio::spawn(async move { run_due(&state).await });
    tokio::time::sleep(Duration::from_millis(250)).await;
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{id}"),
            Some(&app.admin_token),
            &json!({"notes": "rotated the key upstream"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    pass.await.unwrap().unwrap();
    assert_eq!(up.hits(), 1, "the request went out");
    assert_eq!(connection(&app, &id).await["status"], "active");
    assert_eq!(health(&app, &id).await["checks"], json!([]));
}
dual!(a_check_that_lost_its_lease_or_its_connection_changed_writes_nothing);
