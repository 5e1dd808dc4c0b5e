//! Master-key rotation: replicas serve with the new and the previous key while the
//! CLI re-wraps every data key; sessions and credentials survive; the status says
//! when the old key can go; afterwards the new key alone starts and the old one is
//! refused.

use serde_json::json;
use switchboard_server::startup::Application;
use switchboard_types::KeyStatus;

use crate::dual;
use crate::helpers::*;

/// Starts another server on the same database with `changes`; its base URL.
async fn replica(app: &TestApp, master_key: &str, changes: &[(&str, &str)]) -> String {
    let server = Application::build(test_config_with(&app.db, master_key, changes))
        .await
        .expect("the replica starts");
    let base = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run());
    base
}

async fn reveal(app: &TestApp, base: &str, token: &str, id: &str) -> serde_json::Value {
    let r = app
        .http
        .post(format!("{base}/api/v1/connections/{id}/reveal"))
        .bearer_auth(token)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<serde_json::Value>().await.unwrap()["fields"].clone()
}

async fn key_status(app: &TestApp, base: &str, token: &str) -> KeyStatus {
    let r = app
        .http
        .get(format!("{base}/api/v1/system/keys"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn rotate(app: &TestApp, current: &str, previous: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["keys", "rotate-master"])
        .env_clear()
        .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
        .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
        .env("SWITCHBOARD_MASTER_KEY", current)
        .env("SWITCHBOARD_PREVIOUS_MASTER_KEYS", previous)
        .output()
        .unwrap()
}

async fn master_key_rotation_is_online_and_keeps_sessions(app: TestApp) {
    let t = app.admin_token.clone();
    let mut ids = Vec::new();
    for i in 0..3 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("c{i}")),
                &format!("ghp_rotate{i}xxxxxxxxxxxxxxxxxxxxxx"),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    // A child account has its own data key.
    let child = app
        .post_json(
            "/api/v1/accounts",
            Some(&t),
            &json!({"name": "Child", "admin": {"email": "child@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(child.status(), 201, "{}", child.text);

    let old = app.master_key.clone();
    let new = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    // Roll out: a replica with the new key current and the old one previous.
    let rolled = replica(&app, &new, &[("SWITCHBOARD_PREVIOUS_MASTER_KEYS", &old)]).await;
    // The session from the first server works there, and so do the credentials.
    assert_eq!(
        reveal(&app, &rolled, &t, &ids[0]).await["token"],
        "ghp_rotate0xxxxxxxxxxxxxxxxxxxxxx"
    );
    let before = key_status(&app, &rolled, &t).await;
    assert!(before.master_keys[0].current);
    assert_eq!(before.master_keys[0].data_keys, 0);
    assert_eq!(before.master_keys[1].data_keys, 2, "system + child account");
    assert_eq!(
        before.data_key_versions.iter().map(|v| v.rows).sum::<i64>(),
        3
    );
    assert_eq!(before.pending_rows, 0);

    // Rotate while both servers run.
    let out = rotate(&app, &new, &old);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("re-wrapped 2 data keys"), "{said}");
    // Resumable and idempotent: nothing left the second time.
    let again = rotate(&app, &new, &old);
    assert!(String::from_utf8_lossy(&again.stdout).contains("re-wrapped 0 data keys"));

    let after = key_status(&app, &rolled, &t).await;
    assert_eq!(after.master_keys[0].data_keys, 2);
    assert_eq!(
        after.master_keys[1].data_keys, 0,
        "nothing left under the old key"
    );
    for id in &ids {
        assert!(reveal(&app, &rolled, &t, id).await["token"]
            .as_str()
            .unwrap()
            .starts_with("ghp_rotate"));
    }

    // The new key alone starts; the old token still signs in; the old key alone is refused.
    let alone = replica(&app, &new, &[]).await;
    assert!(reveal(&app, &alone, &t, &ids[2]).await["token"]
        .as_str()
        .unwrap()
        .starts_with("ghp_rotate"));
    match start(&app.db, &old).await {
        Err(e) => assert!(e.to_string().contains("master key does not match"), "{e}"),
        Ok(_) => panic!("started with the rotated-away key only"),
    }
}
dual!(master_key_rotation_is_online_and_keeps_sessions);

async fn key_status_is_for_system_administrators(app: TestApp) {
    let t = app.admin_token.clone();
    let key = app
        .post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "k", "scopes": ["connections:read"]}),
        )
        .await;
    let k = key.body["key"].as_str().unwrap().to_string();
    app.get("/api/v1/system/keys", Some(&k))
        .await
        .problem(403, "user_session_required");
    let status: KeyStatus = app.get("/api/v1/system/keys", Some(&t)).await.json(200);
    assert_eq!(status.master_keys.len(), 1);
    assert!(status.sweeps.is_empty());
    // The CLI prints the same document.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["keys", "status", "--json"])
        .env_clear()
        .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
        .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
        .env("SWITCHBOARD_MASTER_KEY", &app.master_key)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: KeyStatus = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed.master_keys[0].fingerprint,
        status.master_keys[0].fingerprint
    );
    assert_eq!(
        printed.master_keys[0].data_keys,
        status.master_keys[0].data_keys
    );
}
dual!(key_status_is_for_system_administrators);
