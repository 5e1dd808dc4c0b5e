//! The `switchboard` binary.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
}

#[test]
fn help_on_every_command() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["openapi", "--help"],
        vec!["admin", "create", "--help"],
        vec!["keys", "rotate-master", "--help"],
        vec!["keys", "status", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["config", "--help"],
        vec!["doctor", "--help"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Usage"), "{args:?}");
        // Every setting with its default, on every command's help.
        for s in switchboard_server::config::SETTINGS {
            assert!(help.contains(s.env), "{args:?} lacks {}", s.env);
        }
        assert!(
            help.contains("SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS") && help.contains("[default: 30]")
        );
    }
    // A usage error exits 2.
    assert_eq!(
        bin().arg("no-such-command").output().unwrap().status.code(),
        Some(2)
    );
}

/// Runs the binary in `dir` with only these variables.
fn run_in(dir: &std::path::Path, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = bin();
    c.args(args).current_dir(dir).env_clear();
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn config_says_where_values_came_from_and_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("switchboard.toml"),
        "db_pool_size = 4\nmetrics_token = \"canary-metrics-4e1\"\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["config"],
        &[
            ("SWITCHBOARD_MASTER_KEY", "canary-master-key-77c"),
            ("SWITCHBOARD_BIND", "127.0.0.1:9191"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SWITCHBOARD_BIND = 127.0.0.1:9191  # environment"),
        "{text}"
    );
    assert!(
        text.contains("SWITCHBOARD_DB_POOL_SIZE = 4  # file"),
        "{text}"
    );
    assert!(
        text.contains("SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS = 30  # default"),
        "{text}"
    );
    assert!(
        text.contains("SWITCHBOARD_MASTER_KEY = ********  # environment"),
        "{text}"
    );
    assert!(!text.contains("canary"), "a secret was printed: {text}");
    // A bad value: exit 3, and the message names the setting.
    let bad = run_in(
        dir.path(),
        &["config"],
        &[("SWITCHBOARD_HEALTH_CHECKS", "sometimes")],
    );
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SWITCHBOARD_HEALTH_CHECKS"));
}

/// `doctor` on a fresh directory, after `migrate`, with the wrong master key and
/// with an unreachable database: one line per check and the documented exit codes.
fn doctor_checks(backend: crate::helpers::Backend) {
    let Some(db) = crate::helpers::TestDb::new(backend) else {
        panic!("{}", crate::helpers::NEEDS_POSTGRES);
    };
    let dir = db.dir.path();
    let key = "VGhpcyBpcyBhIDMyLWJ5dGUgbWFzdGVyIGtleSEhISE=";
    let env = [
        ("SWITCHBOARD_DATABASE_URL", db.url.as_str()),
        ("SWITCHBOARD_MASTER_KEY", key),
        ("SWITCHBOARD_DATA_DIR", "data"),
    ];
    // A database nothing was applied to yet: every migration pending, and doctor
    // writes nothing (on PostgreSQL not even diesel's migration table).
    if backend == crate::helpers::Backend::Postgres {
        let out = run_in(dir, &["doctor"], &env);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}");
        assert!(text.contains("migration(s) pending"), "{text}");
        use diesel::{Connection as _, RunQueryDsl as _};
        let mut c = diesel::PgConnection::establish(&db.url).unwrap();
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let tables: Vec<N> = diesel::sql_query(
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .load(&mut c)
        .unwrap();
        assert_eq!(tables[0].n, 0, "doctor created a table");
    }
    let out = run_in(dir, &["migrate"], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every file of the data directory and the test directory, with its bytes.
    let files = |d: &std::path::Path| {
        let Ok(entries) = std::fs::read_dir(d) else {
            return Vec::new();
        };
        let mut v: Vec<(String, Vec<u8>)> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = (files(&dir.join("data")), files(dir));
    let out = run_in(dir, &["doctor"], &env);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for check in [
        "configuration",
        "master key",
        "database",
        "key match",
        "outbound guard",
        "public URL",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("ok") && l.contains(check)),
            "{check}: {text}"
        );
    }
    assert!(!text.contains(key), "the key was printed");
    assert!(
        before == (files(&dir.join("data")), files(dir)),
        "doctor changed a file"
    );

    let other = "QW5vdGhlciAzMi1ieXRlIG1hc3RlciBrZXkgaGVyZSE=";
    let wrong = [env[0], ("SWITCHBOARD_MASTER_KEY", other), env[2]];
    let out = run_in(dir, &["doctor"], &wrong);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("FAIL") && l.contains("key match")),
        "{text}"
    );

    let unreachable = match backend {
        crate::helpers::Backend::Sqlite => "/nonexistent-dir/sub/switchboard.db".to_string(),
        crate::helpers::Backend::Postgres => "postgres://nobody@127.0.0.1:1/none".to_string(),
    };
    let gone = [
        ("SWITCHBOARD_DATABASE_URL", unreachable.as_str()),
        env[1],
        env[2],
    ];
    let out = run_in(dir, &["doctor"], &gone);
    let text = String::from_utf8_lossy(&out.stdout);
    match backend {
        // A SQLite file that does not exist yet is created at first start.
        crate::helpers::Backend::Sqlite => assert_eq!(out.status.code(), Some(0), "{text}"),
        crate::helpers::Backend::Postgres => {
            assert_eq!(out.status.code(), Some(4), "{text}");
            assert!(text
                .lines()
                .any(|l| l.starts_with("FAIL") && l.contains("database")));
        }
    }
    // The same codes from the commands themselves.
    assert_eq!(run_in(dir, &["migrate"], &wrong).status.code(), Some(5));
    if backend == crate::helpers::Backend::Postgres {
        assert_eq!(run_in(dir, &["migrate"], &gone).status.code(), Some(4));
    }
}

#[test]
fn doctor_checks_sqlite() {
    doctor_checks(crate::helpers::Backend::Sqlite);
}

#[test]
fn doctor_checks_postgres() {
    doctor_checks(crate::helpers::Backend::Postgres);
}

#[test]
fn openapi_prints_the_spec() {
    let out = bin().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["paths"]["/api/v1/connections"].is_object());
}

#[test]
fn migrate_generates_a_key_file_and_admin_create_works() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], envs: &[(&str, &str)]| {
        let mut c = bin();
        c.args(args)
            .env_clear()
            .env("SWITCHBOARD_DATA_DIR", dir.path());
        for (k, v) in envs {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let out = run(&["migrate"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = dir.path().join("master.key");
    assert!(key.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("GENERATED A NEW MASTER KEY"));
    let out = run(
        &["admin", "create", "--email", "ops@example.com"],
        &[("SWITCHBOARD_ADMIN_PASSWORD", "a good long password")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = run(
        &["admin", "create", "--email", "ops@example.com"],
        &[("SWITCHBOARD_ADMIN_PASSWORD", "a good long password")],
    );
    assert!(!again.status.success());
    let weak = run(
        &["admin", "create", "--email", "x@example.com"],
        &[("SWITCHBOARD_ADMIN_PASSWORD", "short")],
    );
    assert!(!weak.status.success());
    // A malformed key stops the start with a clear message.
    let bad = run(&["migrate"], &[("SWITCHBOARD_MASTER_KEY", "not-base64!!")]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SWITCHBOARD_MASTER_KEY is not usable"));
}
