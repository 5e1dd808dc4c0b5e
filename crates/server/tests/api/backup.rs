//! `switchboard backup` while writes go on, and `switchboard restore` into a new
//! data directory: every connection of the backup opens there; a backup the
//! configured master key cannot open is refused before anything is written.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use switchboard_server::startup::Application;

use crate::dual;
use crate::helpers::*;

fn cli(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"));
    c.args(args).env_clear();
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

async fn backup_while_writing_then_restore(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("switchboard.backup");
    let file_s = file.display().to_string();
    let data_dir = app.db.dir.path().display().to_string();
    let source = [
        ("SWITCHBOARD_DATABASE_URL", app.db.url.as_str()),
        ("SWITCHBOARD_DATA_DIR", data_dir.as_str()),
        ("SWITCHBOARD_MASTER_KEY", app.master_key.as_str()),
    ];
    if app.db.backend == Backend::Postgres {
        // PostgreSQL has its own tools; the command says which and fails.
        let out = cli(&["backup", "--out", &file_s], &source);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        assert!(!file.exists());
        return;
    }
    let t = app.admin_token.clone();
    for i in 0..5 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("before {i}")),
                &format!("ghp_backup{i}xxxxxxxxxxxxxxxxxxxxxx"),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    // Writes go on while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, http, base, t) = (stop.clone(), app.http.clone(), app.base.clone(), t.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let r = http
                    .post(format!("{base}/api/v1/connections"))
                    .bearer_auth(&t)
                    .json(&serde_json::json!({"app": "github", "name": format!("during {n}"),
                        "fields": {"token": format!("ghp_during{n}xxxxxxxxxxxxxxxxxxxxxx")}, "test": false}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201);
                n += 1;
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let out = {
        let (file_s, envs) = (file_s.clone(), source.map(|(k, v)| (k, v.to_string())));
        tokio::task::spawn_blocking(move || {
            let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            cli(&["backup", "--out", &file_s], &envs)
        })
        .await
        .unwrap()
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    let during = writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("integrity ok"), "{said}");
    assert!(during > 0, "no write went on during the backup");

    // Restoring with another master key is refused; nothing is written.
    let target = tempfile::tempdir().unwrap();
    let target_db = target.path().join("data").join("switchboard.db");
    let target_s = target_db.display().to_string();
    let target_dir = target.path().join("data").display().to_string();
    let other = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let refused = cli(
        &["restore", "--from", &file_s],
        &[
            ("SWITCHBOARD_DATABASE_URL", &target_s),
            ("SWITCHBOARD_DATA_DIR", &target_dir),
            ("SWITCHBOARD_MASTER_KEY", &other),
        ],
    );
    assert_eq!(refused.status.code(), Some(5), "the master-key exit code");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nothing was written"));
    assert!(!target_db.exists());
    let restored = cli(
        &["restore", "--from", &file_s],
        &[
            ("SWITCHBOARD_DATABASE_URL", &target_s),
            ("SWITCHBOARD_DATA_DIR", &target_dir),
            ("SWITCHBOARD_MASTER_KEY", &app.master_key),
        ],
    );
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    // Into an existing database: refused.
    let again = cli(
        &["restore", "--from", &file_s],
        &[
            ("SWITCHBOARD_DATABASE_URL", &target_s),
            ("SWITCHBOARD_DATA_DIR", &target_dir),
            ("SWITCHBOARD_MASTER_KEY", &app.master_key),
        ],
    );
    assert!(!again.status.success());

    // A server on the restored database opens every connection in it.
    let server = Application::build(test_config_with(
        &app.db,
        &app.master_key,
        &[
            ("SWITCHBOARD_DATABASE_URL", &target_s),
            ("SWITCHBOARD_DATA_DIR", &target_dir),
        ],
    ))
    .await
    .expect("starts on the restored database");
    let base = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run());
    let list: serde_json::Value = app
        .http
        .get(format!("{base}/api/v1/connections?limit=200"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["items"].as_array().unwrap();
    assert!(
        items.len() >= 5 && items.len() <= 5 + during,
        "{} of {}",
        items.len(),
        5 + during
    );
    for c in items {
        let r = app
            .http
            .post(format!(
                "{base}/api/v1/connections/{}/reveal",
                c["id"].as_str().unwrap()
            ))
            .bearer_auth(&t)
            .json(&serde_json::json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let fields: serde_json::Value = r.json().await.unwrap();
        assert!(fields["fields"]["token"]
            .as_str()
            .unwrap()
            .starts_with("ghp_"));
    }
}
dual!(backup_while_writing_then_restore);
