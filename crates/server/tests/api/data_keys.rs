//! Data-key rotation: a new key version per account, a sweep in the servers that
//! re-encrypts every sealed value (connection fields, a pending OAuth
//! authorization's PKCE verifier, the OAuth client secret, the token-signing
//! secret), the old versions deleted afterwards; a sweep killed midway resumes in
//! another process and loses nothing; the command line does the same.

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_server::startup::Application;
use switchboard_types::{KeyStatus, SweepState};

use crate::dual;
use crate::helpers::*;

async fn status(app: &TestApp, base: &str) -> KeyStatus {
    let r = app
        .http
        .get(format!("{base}/api/v1/system/keys"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Polls the status until every sweep is done.
async fn until_done(app: &TestApp, within: Duration) -> KeyStatus {
    let t = Instant::now();
    loop {
        let s = status(app, &app.base).await;
        if !s.sweeps.is_empty() && s.sweeps.iter().all(|w| w.state == SweepState::Done) {
            return s;
        }
        assert!(t.elapsed() < within, "sweeps not done: {:?}", s.sweeps);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn api_key(app: &TestApp, scopes: &[&str]) -> String {
    let r = app
        .post_json(
            "/api/v1/api-keys",
            Some(&app.admin_token),
            &json!({"name": "reader", "scopes": scopes, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body["key"].as_str().unwrap().to_string()
}

async fn credentials(app: &TestApp, base: &str, key: &str, id: &str) -> serde_json::Value {
    let r = app
        .http
        .get(format!("{base}/api/v1/connections/{id}/credentials"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "connection {id}");
    r.json::<serde_json::Value>().await.unwrap()["fields"].clone()
}

async fn data_key_rotation_reencrypts_every_sealed_value(app: TestApp) {
    let t = app.admin_token.clone();
    let mut made = Vec::new();
    for i in 0..5 {
        let secret = format!("ghp_sweep{i}xxxxxxxxxxxxxxxxxxxxxxxx");
        let r = app
            .create_connection(&t, "github", Some(&format!("c{i}")), &secret)
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        made.push((r.body["id"].as_str().unwrap().to_string(), secret));
    }
    let (_, child) = app.account("Child", "child@example.com").await;
    let r = app
        .create_connection(
            &child,
            "github",
            None,
            "ghp_childxxxxxxxxxxxxxxxxxxxxxxxxxx",
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    // A webhook of the child account whose secret was rotated (two sealed secrets).
    let rx = crate::webhooks::Receiver::start().await;
    let r = app
        .post_json(
            "/api/v1/webhooks",
            Some(&child),
            &json!({"url": rx.url, "event_types": ["connection.deleted"]}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let hook = r.body["webhook"]["id"].as_str().unwrap().to_string();
    let old_secret = r.body["secret"].as_str().unwrap().to_string();
    let r = app
        .post_json(
            &format!("/api/v1/webhooks/{hook}/rotate-secret"),
            Some(&child),
            &json!({}),
        )
        .await;
    let new_secret = r.body["secret"].as_str().unwrap().to_string();
    // An OAuth authorization begun before the rotation and finished after it.
    let _provider = crate::oauth::configured(&app).await;
    let (authorize_url, cookie) = crate::oauth::start(&app, &t, json!({"app": "fake-oauth"})).await;
    let before = status(&app, &app.base).await;
    assert!(before.data_key_versions.iter().all(|v| v.version == 1));

    // System administrators only; an unknown account is 404.
    app.post_json("/api/v1/system/keys/rotate-data", Some(&child), &json!({}))
        .await
        .problem(403, "system_admin_required");
    app.post_json(
        "/api/v1/system/keys/rotate-data",
        Some(&t),
        &json!({"account_id": uuid::Uuid::now_v7()}),
    )
    .await
    .problem(404, "not_found");

    let r = app
        .post_json("/api/v1/system/keys/rotate-data", Some(&t), &json!({}))
        .await;
    assert_eq!(r.status(), 202, "{}", r.text);
    let started = r.body["sweeps"].as_array().unwrap();
    assert_eq!(started.len(), 2, "{}", r.text);
    assert!(started
        .iter()
        .all(|s| s["from_version"] == 1 && s["to_version"] == 2));
    let total: i64 = started
        .iter()
        .map(|s| s["total_rows"].as_i64().unwrap())
        .sum();
    // 6 connections, 2 webhook secrets, 1 PKCE verifier, 1 client secret, 1
    // signing secret.
    assert_eq!(total, 11, "{}", r.text);

    let after = until_done(&app, Duration::from_secs(30)).await;
    assert_eq!(after.pending_rows, 0);
    assert!(
        after.data_key_versions.iter().all(|v| v.version == 2),
        "older versions are deleted: {:?}",
        after.data_key_versions
    );
    assert!(after.sweeps.iter().all(|s| s.done_rows == s.total_rows));

    // A fresh server on the same database (nothing cached, version 1 gone): it
    // opens the re-encrypted signing secret (the session stays valid), every
    // connection, and finishes the OAuth flow with the re-encrypted verifier and
    // client secret.
    let server = Application::build(test_config_with(&app.db, &app.master_key, &[]))
        .await
        .expect("a fresh server starts");
    let base = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run());
    let key = api_key(&app, &["credentials:read"]).await;
    for (id, secret) in &made {
        assert_eq!(credentials(&app, &base, &key, id).await["token"], *secret);
    }
    // The webhook signs with both re-encrypted secrets.
    let r = app
        .post_json(
            &format!("/api/v1/webhooks/{hook}/test"),
            Some(&child),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 202, "{}", r.text);
    let got = rx.wait_for(1, 10).await;
    assert_eq!(got.len(), 1);
    crate::webhooks::verify_with_library(&app, &got, &[&old_secret, &new_secret]);
    let back = crate::oauth::consent(&app, &authorize_url).await;
    let r = app
        .http
        .get(format!("{base}{back}"))
        .header("cookie", format!("sb_oauth={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/connections?oauth=connected&connection="),
        "{location}"
    );

    // A second rotation of one account moves it on to version 3.
    let me = app.get("/api/v1/me", Some(&t)).await;
    let account = me.body["account"]["id"].as_str().unwrap().to_string();
    let r = app
        .post_json(
            "/api/v1/system/keys/rotate-data",
            Some(&t),
            &json!({"account_id": account}),
        )
        .await;
    assert_eq!(r.status(), 202, "{}", r.text);
    assert_eq!(r.body["sweeps"][0]["to_version"], 3);
    let s = until_done(&app, Duration::from_secs(30)).await;
    assert!(s
        .data_key_versions
        .iter()
        .filter(|v| v.account_id.to_string() == account)
        .all(|v| v.version == 3));
    let audit = app
        .get("/api/v1/audit?action=data_key.rotate", Some(&t))
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        2,
        "{}",
        audit.text
    );
}
dual!(data_key_rotation_reencrypts_every_sealed_value);

/// A replica sweeping slowly is killed with SIGKILL midway; another process
/// resumes the sweep, and every connection still opens.
async fn killed_midway(app: TestApp) {
    let t = app.admin_token.clone();
    let mut made = Vec::new();
    for chunk in 0..10 {
        let batch = futures_util::future::join_all((0..30).map(|i| {
            let (app, t) = (&app, &t);
            async move {
                let secret = format!("ghp_kill{chunk:02}{i:02}xxxxxxxxxxxxxxxxxxxxxx");
                let r = app
                    .create_connection(t, "github", Some(&format!("k{chunk}-{i}")), &secret)
                    .await;
                assert_eq!(r.status(), 201, "{}", r.text);
                (r.body["id"].as_str().unwrap().to_string(), secret)
            }
        }))
        .await;
        made.extend(batch);
    }
    let victim = crate::refresh::replica_with(
        &app,
        &[
            ("SWITCHBOARD_KEY_SWEEP_BATCH", "10"),
            ("SWITCHBOARD_KEY_SWEEP_PAUSE_MS", "25"),
        ],
    )
    .await;
    let r = app
        .http
        .post(format!("{}/api/v1/system/keys/rotate-data", victim.base))
        .bearer_auth(&t)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = status(&app, &app.base).await;
        if s.sweeps.iter().map(|w| w.done_rows).sum::<i64>() >= 60 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the sweep did not start: {:?}",
            s.sweeps
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(victim); // SIGKILL, mid-sweep
    let s = status(&app, &app.base).await;
    let (done, total): (i64, i64) = s
        .sweeps
        .iter()
        .fold((0, 0), |(d, t), w| (d + w.done_rows, t + w.total_rows));
    assert!(
        done < total,
        "the sweep ended before the kill: {done}/{total}"
    );
    assert!(s.sweeps.iter().any(|w| w.state == SweepState::Running));
    assert!(s.pending_rows > 0);

    // Another process picks the sweep up.
    let _rescuer = crate::refresh::replica_with(&app, &[]).await;
    let s = until_done(&app, Duration::from_secs(60)).await;
    assert_eq!(s.pending_rows, 0);
    assert!(s.data_key_versions.iter().all(|v| v.version == 2));
    let key = api_key(&app, &["credentials:read"]).await;
    for (id, secret) in &made {
        assert_eq!(
            credentials(&app, &app.base, &key, id).await["token"],
            *secret
        );
    }
    eprintln!("sweep killed at {done}/{total} rows, resumed and finished");
}

/// The in-process server sweeps one row per ten minutes at most, so the replica
/// does the work.
const SLOW: &[(&str, &str)] = &[
    ("SWITCHBOARD_KEY_SWEEP_BATCH", "1"),
    ("SWITCHBOARD_KEY_SWEEP_PAUSE_MS", "600000"),
];

mod a_sweep_killed_midway_resumes {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = crate::helpers::spawn_with(crate::helpers::Backend::Sqlite, super::SLOW)
            .await
            .unwrap();
        super::killed_midway(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = crate::helpers::spawn_with(crate::helpers::Backend::Postgres, super::SLOW)
            .await
            .expect(crate::helpers::NEEDS_POSTGRES);
        super::killed_midway(app).await;
    }
}

/// `switchboard keys rotate-data`: a clear error without a target or for an unknown
/// account; `--all --wait` re-encrypts everything itself.
async fn the_command_line_rotates_and_waits(app: TestApp) {
    let t = app.admin_token.clone();
    for i in 0..3 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("cli{i}")),
                "ghp_clixxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["keys", "rotate-data"])
            .args(args)
            .env_clear()
            .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
            .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
            .env("SWITCHBOARD_MASTER_KEY", &app.master_key)
            .output()
            .unwrap()
    };
    let none = run(&[]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("--account"));
    let unknown = run(&["--account", &uuid::Uuid::now_v7().to_string()]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no account with that id"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let all = run(&["--all", "--wait"]);
    let out = String::from_utf8_lossy(&all.stdout);
    assert!(
        all.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&all.stderr)
    );
    assert!(
        out.contains("0 rows under an older data-key version"),
        "{out}"
    );
    let s = until_done(&app, Duration::from_secs(10)).await;
    assert!(s.data_key_versions.iter().all(|v| v.version == 2));
    let r = app.get("/api/v1/connections?limit=10", Some(&t)).await;
    let id = r.body["items"][0]["id"].as_str().unwrap();
    let r = app
        .post_json(
            &format!("/api/v1/connections/{id}/reveal"),
            Some(&t),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
}
dual!(the_command_line_rotates_and_waits);
