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
    ] {
        let out = bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
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
