use serde_json::json;
use switchboard_db::repo::connections as repo;

use crate::dual;
use crate::helpers::*;

const CANARY: &str = "canary-7f3a9c1e-secret-do-not-leak";

fn raw_database(app: &TestApp) -> Vec<u8> {
    match app.db.backend {
        Backend::Sqlite => {
            // The main file and the write-ahead log hold everything written.
            let mut bytes = std::fs::read(&app.db.url).unwrap();
            if let Ok(wal) = std::fs::read(format!("{}-wal", app.db.url)) {
                bytes.extend(wal);
            }
            bytes
        }
        Backend::Postgres => {
            let out = std::process::Command::new("pg_dump")
                .arg("--data-only")
                .arg(&app.db.url)
                .output()
                .expect("pg_dump");
            assert!(
                out.status.success(),
                "pg_dump: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        }
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn canary_never_stored_or_logged_in_clear(app: TestApp) {
    let canary_token: &'static str = Box::leak(format!("{CANARY}-token").into_boxed_str());
    let upstream = fake_upstream(canary_token).await;
    app.custom_app("canary-api", "Canary API", &upstream, true)
        .await;
    let t = app.admin_token.clone();
    let a = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "canary-api", "fields": {"token": canary_token}}),
        )
        .await;
    assert_eq!(a.status(), 201, "{}", a.text);
    let b = app
        .create_connection(&t, "canary-api", Some("second"), canary_token)
        .await;
    assert_eq!(b.status(), 201);
    // Exercise the other paths that touch the secret.
    let id = a.body["id"].as_str().unwrap();
    assert_eq!(
        app.post_json(
            &format!("/api/v1/connections/{id}/test"),
            Some(&t),
            &json!({})
        )
        .await
        .body["ok"],
        true
    );
    let revealed = app
        .post_json(
            &format!("/api/v1/connections/{id}/reveal"),
            Some(&t),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(
        revealed.body["fields"]["token"], canary_token,
        "reveal is the one place it comes back"
    );
    let bad = app.post_json("/api/v1/connections", Some(&t), &json!({"app": "canary-api", "name": "bad", "fields": {"token": format!("{CANARY}-wrong")}})).await;
    bad.problem(422, "connection_test_failed");
    assert!(!bad.text.contains(CANARY));
    for path in [
        "/api/v1/connections",
        &format!("/api/v1/connections/{id}"),
        "/api/v1/audit",
    ] {
        let r = app.get(path, Some(&t)).await;
        assert!(!r.text.contains(CANARY), "{path} leaks the secret");
    }

    let raw = raw_database(&app);
    assert!(raw.len() > 1000, "dump is not empty");
    assert!(
        contains(&raw, "canary-api"),
        "the dump holds the connection rows"
    );
    assert!(
        !contains(&raw, CANARY),
        "the raw database holds a secret in clear"
    );

    let logs = captured_logs();
    assert!(
        logs.contains("/api/v1/connections"),
        "the server log was captured"
    );
    assert!(!logs.contains(CANARY), "the server log holds a secret");
    // Debug output of the request types hides the secret too.
    let req: switchboard_types::CreateConnectionRequest =
        serde_json::from_value(json!({"app": "x", "fields": {"token": CANARY}})).unwrap();
    assert!(!format!("{req:?}").contains(CANARY));
    let rev = switchboard_types::RevealResponse {
        fields: [("token".to_string(), CANARY.to_string())].into(),
    };
    assert!(!format!("{rev:?}").contains(CANARY));
}
dual!(canary_never_stored_or_logged_in_clear);

async fn tampered_or_moved_ciphertext_does_not_open(app: TestApp) {
    let t = app.admin_token.clone();
    let a = app
        .create_connection(&t, "github", None, "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    let b = app
        .create_connection(
            &t,
            "github",
            Some("B"),
            "ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        )
        .await;
    let (ida, idb) = (
        a.body["id"].as_str().unwrap().to_string(),
        b.body["id"].as_str().unwrap().to_string(),
    );
    let (_, other) = app.account("Other", "other@example.com").await;
    let c = app
        .create_connection(
            &other,
            "github",
            None,
            "ghp_cccccccccccccccccccccccccccccccc",
        )
        .await;
    let idc = c.body["id"].as_str().unwrap().to_string();
    let db = app.state.db.clone();
    let (ia, ib) = (ida.clone(), idb.clone());
    let env_a = db
        .read(move |c| {
            Ok::<_, switchboard_db::DbError>(repo::find(c, ia.parse().unwrap())?.unwrap().envelope)
        })
        .await
        .unwrap();
    let original_b = db
        .read(move |c| {
            Ok::<_, switchboard_db::DbError>(repo::find(c, ib.parse().unwrap())?.unwrap().envelope)
        })
        .await
        .unwrap();

    let reveal = |id: String, token: String| {
        let app = &app;
        async move {
            app.post_json(
                &format!("/api/v1/connections/{id}/reveal"),
                Some(&token),
                &json!({"password": PASSWORD}),
            )
            .await
        }
    };
    // Flip one byte in each region: format, key version, nonce, body, tag.
    for pos in [0usize, 3, 10, 30, env_a.len() - 1] {
        let mut bad = env_a.clone();
        bad[pos] ^= 0x40;
        let id = ida.clone();
        db.write(move |c| {
            repo::set_envelope_raw(c, id.parse().unwrap(), &bad)?;
            Ok::<_, switchboard_server::error::ApiError>(())
        })
        .await
        .unwrap();
        let r = reveal(ida.clone(), t.clone()).await;
        r.problem(500, "credentials_unreadable");
        assert!(!r.text.contains("aaaa"));
        let test = app
            .post_json(
                &format!("/api/v1/connections/{ida}/test"),
                Some(&t),
                &json!({}),
            )
            .await;
        test.problem(500, "credentials_unreadable");
    }
    // A's ciphertext in B's row (same account), and in C's row (another account).
    for (id, token) in [(idb.clone(), t.clone()), (idc.clone(), other.clone())] {
        let env = env_a.clone();
        let target = id.clone();
        db.write(move |c| {
            repo::set_envelope_raw(c, target.parse().unwrap(), &env)?;
            Ok::<_, switchboard_server::error::ApiError>(())
        })
        .await
        .unwrap();
        reveal(id, token)
            .await
            .problem(500, "credentials_unreadable");
    }
    // An empty envelope is refused, never served as plaintext.
    let id = idb.clone();
    db.write(move |c| {
        repo::set_envelope_raw(c, id.parse().unwrap(), b"")?;
        Ok::<_, switchboard_server::error::ApiError>(())
    })
    .await
    .unwrap();
    reveal(idb.clone(), t.clone())
        .await
        .problem(500, "credentials_unreadable");
    // The server is fine, and restoring the original bytes makes B open again.
    assert_eq!(app.get("/healthz", None).await.status(), 200);
    let id = idb.clone();
    db.write(move |c| {
        repo::set_envelope_raw(c, id.parse().unwrap(), &original_b)?;
        Ok::<_, switchboard_server::error::ApiError>(())
    })
    .await
    .unwrap();
    let ok = reveal(idb, t).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.body["fields"]["token"],
        "ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    );
}
dual!(tampered_or_moved_ciphertext_does_not_open);

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    use diesel::prelude::*;
    use switchboard_db::schema::{audit_events, connections, settings};
    app.state
        .db
        .read(|c| {
            Ok::<_, switchboard_db::DbError>((
                connections::table.count().get_result(c)?,
                audit_events::table.count().get_result(c)?,
                settings::table.count().get_result(c)?,
            ))
        })
        .await
        .unwrap()
}

async fn wrong_master_key_refuses_to_start(app: TestApp) {
    let t = app.admin_token.clone();
    for i in 0..3 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("c{i}")),
                &format!("ghp_restart{i}xxxxxxxxxxxxxxxxxxxxxxxx"),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let before = counts(&app).await;
    let other_key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    match start(&app.db, &other_key).await {
        Err(e) => assert!(e.to_string().contains("master key does not match"), "{e}"),
        Ok(_) => panic!("started with the wrong master key"),
    }
    // The binary exits non-zero with a clear message.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .arg("migrate")
        .env_clear()
        .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
        .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
        .env("SWITCHBOARD_MASTER_KEY", &other_key)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("master key does not match"), "{stderr}");
    assert_eq!(counts(&app).await, before, "nothing was written");

    // With the right key a second server on the same database reveals every connection.
    let second = start(&app.db, &app.master_key)
        .await
        .expect("starts with the right key");
    let base = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run());
    let list = app.get("/api/v1/connections", Some(&t)).await;
    for c in list.body["items"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let r = app
            .http
            .post(format!("{base}/api/v1/connections/{id}/reveal"))
            .bearer_auth(&t)
            .json(&json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["fields"]["token"]
            .as_str()
            .unwrap()
            .starts_with("ghp_restart"));
    }
}
dual!(wrong_master_key_refuses_to_start);

async fn security_headers_on_every_response(app: TestApp) {
    for path in ["/healthz", "/api/v1/me", "/nope", "/docs/"] {
        let r = app.get(path, None).await;
        let csp = r.header("content-security-policy").unwrap_or_default();
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert!(r.header("referrer-policy").is_some());
        assert!(r.header("x-request-id").is_some(), "{path}");
    }
    let pre = app
        .send(
            app.req(reqwest::Method::OPTIONS, "/api/v1/connections", None)
                .header("origin", "https://evil.example")
                .header("access-control-request-method", "GET"),
        )
        .await;
    assert!(pre.header("access-control-allow-origin").is_none());
}
dual!(security_headers_on_every_response);
