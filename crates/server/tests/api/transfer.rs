//! Export and import between instances: an age file encrypted with a passphrase
//! (also opened by the standard `age` tool), imported idempotently with Rule 1
//! kept; wrong passphrases, truncated and tampered files import nothing; the same
//! through the command line; and n8n's `export:credentials --decrypted` JSON.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::dual;
use crate::helpers::*;

const PASSPHRASE: &str = "export passphrase for tests";
const N8N: &str = include_str!("fixtures/n8n-credentials.json");

async fn export(
    app: &TestApp,
    token: &str,
    body: Value,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let r = app
        .http
        .post(format!("{}/api/v1/connections/export", app.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.bytes().await.unwrap().to_vec())
}

async fn import(app: &TestApp, token: &str, file: Vec<u8>, parts: &[(&str, &str)]) -> Resp {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name("export.age"),
    );
    for (k, v) in parts {
        form = form.text(k.to_string(), v.to_string());
    }
    app.send(
        app.req(
            reqwest::Method::POST,
            "/api/v1/connections/import",
            Some(token),
        )
        .multipart(form),
    )
    .await
}

async fn connections(app: &TestApp) -> Vec<Value> {
    all_pages(app, "/api/v1/connections", 200).await.0
}

async fn reveal(app: &TestApp, id: &str) -> BTreeMap<String, String> {
    let r = app
        .post_json(
            &format!("/api/v1/connections/{id}/reveal"),
            Some(&app.admin_token),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    serde_json::from_value(r.body["fields"].clone()).unwrap()
}

/// Connections (two GitHub, an OAuth one, a custom app's), notes, sharing and an
/// automation in the source instance.
async fn seed(app: &TestApp) -> Vec<(String, String)> {
    let t = &app.admin_token;
    let mut made = Vec::new();
    for (name, secret) in [
        ("Ops", "ghp_exportCanaryOps0000000000000000000"),
        ("Team", "ghp_exportCanaryTeam000000000000000000"),
    ] {
        let r = app.create_connection(t, "github", Some(name), secret).await;
        assert_eq!(r.status(), 201, "{}", r.text);
        made.push((
            r.body["id"].as_str().unwrap().to_string(),
            secret.to_string(),
        ));
    }
    let team = &made[1].0;
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{team}"),
            Some(t),
            &json!({"notes": "the team's token", "shared_with_children": true}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let upstream = fake_upstream("good-export").await;
    app.custom_app("local-crm", "Local CRM", &upstream, false)
        .await;
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(t),
            &json!({"app": "local-crm", "fields": {"token": "good-export"}, "test": false}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let _provider = crate::oauth::configured(app).await;
    crate::oauth::connected(app).await;
    let r = app
        .post_json(
            "/api/v1/automations",
            Some(t),
            &json!({"name": "Nightly sync", "connection_ids": [made[0].0, made[1].0]}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    made
}

async fn export_and_import_between_instances(a: TestApp) {
    seed(&a).await;
    let t = a.admin_token.clone();
    // Every connection's secrets, by app/name.
    let source_secrets: BTreeMap<String, BTreeMap<String, String>> = {
        let mut m = BTreeMap::new();
        for c in connections(&a).await {
            let id = c["id"].as_str().unwrap().to_string();
            m.insert(
                format!(
                    "{}/{}",
                    c["app"].as_str().unwrap(),
                    c["name"].as_str().unwrap()
                ),
                reveal(&a, &id).await,
            );
        }
        m
    };

    // The password again, a real passphrase, a person's session.
    let (s, _, body) = export(&a, &t, json!({"passphrase": PASSPHRASE})).await;
    assert_eq!(s, 422, "{}", String::from_utf8_lossy(&body));
    let (s, _, _) = export(
        &a,
        &t,
        json!({"passphrase": "short", "current_password": PASSWORD}),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _, _) = export(
        &a,
        &t,
        json!({"passphrase": "x".repeat(1025), "current_password": PASSWORD}),
    )
    .await;
    assert_eq!(s, 422, "longer than the schema allows");
    let (s, _, _) = export(
        &a,
        &t,
        json!({"passphrase": PASSPHRASE, "current_password": "wrong password!"}),
    )
    .await;
    assert_eq!(s, 401);
    let (s, headers, file) = export(
        &a,
        &t,
        json!({"passphrase": PASSPHRASE, "current_password": PASSWORD}),
    )
    .await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&file));
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"switchboard-export-"));
    assert!(
        file.starts_with(b"age-encryption.org/v1\n-> scrypt "),
        "an age file with a passphrase"
    );
    // Nothing readable inside.
    let text = String::from_utf8_lossy(&file);
    for canary in ["exportCanary", "good-export", "Nightly sync", "github"] {
        assert!(!text.contains(canary), "{canary} in the export file");
    }

    // Another instance.
    let b = spawn(a.db.backend).await.unwrap();
    let bt = b.admin_token.clone();
    let before = import(
        &b,
        &bt,
        file.clone(),
        &[("passphrase", "not the passphrase")],
    )
    .await;
    before.problem(422, "import_unreadable");
    assert!(
        before.text.contains("passphrase does not open"),
        "{}",
        before.text
    );
    assert!(connections(&b).await.is_empty(), "nothing imported");
    let mut truncated = file.clone();
    truncated.truncate(file.len() - 40);
    import(&b, &bt, truncated, &[("passphrase", PASSPHRASE)])
        .await
        .problem(422, "import_unreadable");
    let mut tampered = file.clone();
    let at = file.len() - 60;
    tampered[at] ^= 0x01;
    let r = import(&b, &bt, tampered, &[("passphrase", PASSPHRASE)]).await;
    r.problem(422, "import_unreadable");
    assert!(r.text.contains("damaged or truncated"), "{}", r.text);
    import(
        &b,
        &bt,
        b"not an age file".to_vec(),
        &[("passphrase", PASSPHRASE)],
    )
    .await
    .problem(422, "import_unreadable");
    import(
        &b,
        &bt,
        file.clone(),
        &[("passphrase", PASSPHRASE), ("on_conflict", "sideways")],
    )
    .await
    .problem(422, "validation_failed");
    assert!(connections(&b).await.is_empty(), "nothing imported");

    // The instance has a GitHub connection of its own already: its `Default`.
    let mine = b
        .create_connection(&bt, "github", None, "ghp_bOwnConnection000000000000000000")
        .await;
    assert_eq!(mine.status(), 201, "{}", mine.text);
    let r = import(&b, &bt, file.clone(), &[("passphrase", PASSPHRASE)]).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["failed"], 0, "{}", r.text);
    // Two custom apps, three connections, one automation; GitHub's `Default` is
    // there already (same app, same name): skipped.
    assert_eq!(r.body["created"], 6, "{}", r.text);
    assert_eq!(r.body["skipped"], 1, "{}", r.text);
    let imported = connections(&b).await;
    assert_eq!(imported.len(), 4);
    let by_name = |list: &[Value]| -> BTreeMap<String, Value> {
        list.iter()
            .map(|c| {
                (
                    format!(
                        "{}/{}",
                        c["app"].as_str().unwrap(),
                        c["name"].as_str().unwrap()
                    ),
                    c.clone(),
                )
            })
            .collect()
    };
    let named = by_name(&imported);
    let team = &named["github/Team"];
    assert_eq!(team["notes"], "the team's token");
    assert_eq!(team["shared_with_children"], true);
    assert_eq!(
        reveal(&b, team["id"].as_str().unwrap()).await,
        source_secrets["github/Team"]
    );
    // Rule 1 for an app new here: the OAuth connection is `Default`.
    let oauth = &named["fake-oauth/Default"];
    let tokens = reveal(&b, oauth["id"].as_str().unwrap()).await;
    assert_eq!(
        tokens.get("access_token"),
        source_secrets["fake-oauth/Default"].get("access_token")
    );
    assert!(tokens.contains_key("refresh_token"));
    assert!(named.contains_key("local-crm/Default"));
    let autos: Vec<Value> = all_pages(&b, "/api/v1/automations", 50).await.0;
    assert_eq!(autos.len(), 1);
    assert_eq!(autos[0]["name"], "Nightly sync");
    assert_eq!(
        autos[0]["connection_ids"].as_array().map(Vec::len),
        Some(2),
        "{}",
        autos[0]
    );

    // Idempotent: the same file again creates nothing.
    let again = import(&b, &bt, file.clone(), &[("passphrase", PASSPHRASE)]).await;
    assert_eq!(again.status(), 200, "{}", again.text);
    assert_eq!(again.body["created"], 0, "{}", again.text);
    assert_eq!(again.body["skipped"], 7, "{}", again.text);
    assert_eq!(connections(&b).await.len(), 4);
    // Rename brings the clashing one in beside it; what came before stays.
    let renamed = import(
        &b,
        &bt,
        file.clone(),
        &[("passphrase", PASSPHRASE), ("on_conflict", "rename")],
    )
    .await;
    assert_eq!(renamed.body["renamed"], 1, "{}", renamed.text);
    assert_eq!(renamed.body["created"], 0, "{}", renamed.text);
    let named = by_name(&connections(&b).await);
    assert_eq!(named.len(), 5);
    let copy = &named["github/Default (2)"];
    assert_eq!(
        reveal(&b, copy["id"].as_str().unwrap()).await,
        source_secrets["github/Default"]
    );
    assert_eq!(
        reveal(&b, named["github/Default"]["id"].as_str().unwrap()).await["token"],
        "ghp_bOwnConnection000000000000000000"
    );
    // Replace overwrites the credentials of what was imported before.
    let replaced = import(
        &b,
        &bt,
        file.clone(),
        &[("passphrase", PASSPHRASE), ("on_conflict", "replace")],
    )
    .await;
    assert_eq!(replaced.body["replaced"], 5, "{}", replaced.text);
    assert_eq!(connections(&b).await.len(), 5);

    // A member cannot import; an audit event records each import.
    let member = b
        .post_json(
            "/api/v1/users",
            Some(&bt),
            &json!({"email": "m@example.com", "password": "member password 1", "role": "member", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(member.status(), 201);
    let (mt, _) = b.login("m@example.com", "member password 1").await;
    import(&b, &mt, file, &[("passphrase", PASSPHRASE)])
        .await
        .problem(403, "admin_required");
    let audit = b
        .get("/api/v1/audit?action=connections.import", Some(&bt))
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        4,
        "{}",
        audit.text
    );
    let audit = a
        .get("/api/v1/audit?action=connections.export", Some(&t))
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        audit.text
    );
    for text in [
        &r.text,
        &again.text,
        &renamed.text,
        &replaced.text,
        &audit.text,
    ] {
        assert!(!text.contains("exportCanary"));
    }
}
dual!(export_and_import_between_instances);

/// `switchboard export` and `switchboard import` from the command line; the file
/// opens with the standard `age` tool too.
async fn the_command_line_moves_an_account(a: TestApp) {
    seed(&a).await;
    let dir = tempfile::tempdir().unwrap();
    let pass_file = dir.path().join("passphrase");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap();
    let out = dir.path().join("export.age");
    let cli = |app: &TestApp, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(args)
            .env_clear()
            .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
            .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
            .env("SWITCHBOARD_MASTER_KEY", &app.master_key)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let o = out.to_str().unwrap();
    let no_pass = cli(&a, &["export", "--out", o]);
    assert!(!no_pass.status.success());
    assert!(String::from_utf8_lossy(&no_pass.stderr).contains("no passphrase"));
    let done = cli(
        &a,
        &[
            "export",
            "--out",
            o,
            "--passphrase-file",
            pass_file.to_str().unwrap(),
        ],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout)
        .contains("exported 4 connections, 1 automations and 2 custom apps"));
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).unwrap().permissions())
            & 0o777,
        0o600
    );
    let exists = cli(
        &a,
        &[
            "export",
            "--out",
            o,
            "--passphrase-file",
            pass_file.to_str().unwrap(),
        ],
    );
    assert!(
        !exists.status.success(),
        "an existing file is not overwritten"
    );

    let plain = age_decrypt(&out, PASSPHRASE);
    let first: Value = serde_json::from_str(plain.lines().next().unwrap()).unwrap();
    assert_eq!(first["format"], "switchboard-export");
    assert_eq!(
        plain.lines().count(),
        1 + 2 + 4 + 1,
        "header, apps, connections, automation"
    );

    let b = spawn(a.db.backend).await.unwrap();
    let me = b.get("/api/v1/me", Some(&b.admin_token)).await;
    let account = me.body["account"]["id"].as_str().unwrap().to_string();
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "not the passphrase at all").unwrap();
    let r = cli(
        &b,
        &[
            "import",
            "--in",
            o,
            "--account",
            &account,
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ],
    );
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("the passphrase does not open this file"));
    let r = cli(
        &b,
        &[
            "import",
            "--in",
            o,
            "--account",
            &account,
            "--passphrase-file",
            pass_file.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(
        stdout.contains("imported: 7 created, 0 skipped"),
        "{stdout}"
    );
    let r = cli(
        &b,
        &[
            "import",
            "--in",
            o,
            "--account",
            &account,
            "--passphrase-file",
            pass_file.to_str().unwrap(),
            "--on-conflict",
            "rename",
        ],
    );
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success());
    assert!(
        stdout.contains("imported: 0 created, 7 skipped"),
        "{stdout}"
    );
    assert_eq!(connections(&b).await.len(), 4);
}
dual!(the_command_line_moves_an_account);

/// Decrypts with the standard `age` tool (Debian's `age`), typing the passphrase on
/// a pseudo-terminal as a person would.
fn age_decrypt(file: &std::path::Path, passphrase: &str) -> String {
    assert!(
        std::process::Command::new("age")
            .arg("--version")
            .output()
            .is_ok(),
        "the `age` tool is needed (apt-get install age; `just unit` installs it)"
    );
    let script = r#"
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "--decrypt", "--output", sys.argv[2], sys.argv[1]])
seen = b""
while b"passphrase" not in seen.lower():
    seen += os.read(fd, 1024)
os.write(fd, sys.argv[3].encode() + b"\n")
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let out = file.with_extension("jsonl");
    let r = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .arg(&out)
        .arg(passphrase)
        .output()
        .unwrap();
    assert!(
        r.status.success(),
        "age --decrypt: {}",
        String::from_utf8_lossy(&r.stdout)
    );
    std::fs::read_to_string(out).unwrap()
}

/// The JSON `n8n export:credentials --all --decrypted` writes, through the API and
/// the command line.
async fn n8n_credentials_become_connections(app: TestApp) {
    let t = app.admin_token.clone();
    let r = import(&app, &t, N8N.as_bytes().to_vec(), &[("from", "n8n")]).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["created"], 17, "{}", r.text);
    assert_eq!(r.body["failed"], 3, "{}", r.text);
    let failed: Vec<&Value> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] == "failed")
        .collect();
    let reasons: Vec<&str> = failed
        .iter()
        .map(|i| i["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("acmeInternalApi") && r.contains("no catalog app")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("never connected")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("mailchimpApi") && r.contains("\"apiKey\"")),
        "{reasons:?}"
    );
    // A reason never shows the secret.
    assert!(!r.text.contains("n8nCanary"), "{}", r.text);
    // The report says which OAuth apps lack client settings here.
    let slack: Vec<&Value> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["app"] == "slack")
        .collect();
    assert_eq!(slack.len(), 2);
    assert!(
        slack.iter().all(|i| i["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("no OAuth client settings")),
        "{slack:?}"
    );

    let all = connections(&app).await;
    let find = |app_slug: &str, name: &str| {
        all.iter()
            .find(|c| c["app"] == app_slug && c["name"] == name)
            .unwrap_or_else(|| panic!("{app_slug}/{name} in {all:?}"))
    };
    let jira = find("jira", "Default");
    assert_eq!(jira["fields"]["site"], "acme", "{jira}");
    assert!(jira["notes"]
        .as_str()
        .unwrap()
        .contains("Imported as \"Jira SW Cloud account\""));
    assert_eq!(find("mailchimp", "Default")["fields"]["dc"], "us6");
    assert_eq!(
        find("gitlab", "Default")["fields"]["host"],
        "gitlab.acme.example"
    );
    find("github", "GitHub (ops)");
    let bot = reveal(&app, find("slack", "Default")["id"].as_str().unwrap()).await;
    assert_eq!(bot["access_token"], "xoxb-n8n-canary-slack-bot-0001");
    assert!(!bot.contains_key("refresh_token"));
    let user = reveal(
        &app,
        find("slack", "Slack OAuth2 API")["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(user["refresh_token"], "xoxe-1-n8n-canary-refresh");
    let twilio = reveal(&app, find("twilio", "Default")["id"].as_str().unwrap()).await;
    assert_eq!(twilio["auth_token"], "0123456789abcdef0123456789abcdef");

    // Again: nothing new. The command line reads the same file, and with
    // --with-oauth-clients stores Slack's client, which the instance lacked.
    let again = import(&app, &t, N8N.as_bytes().to_vec(), &[("from", "n8n")]).await;
    assert_eq!(again.body["created"], 0, "{}", again.text);
    assert_eq!(again.body["skipped"], 17, "{}", again.text);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("n8n.json");
    std::fs::write(&file, N8N).unwrap();
    let (child, _) = app.account("Child", "child@example.com").await;
    let cli = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args([
                "import",
                "--from",
                "n8n",
                "--in",
                file.to_str().unwrap(),
                "--account",
                &child,
            ])
            .args(extra)
            .env_clear()
            .env("SWITCHBOARD_DATABASE_URL", &app.db.url)
            .env("SWITCHBOARD_DATA_DIR", app.db.dir.path())
            .env("SWITCHBOARD_MASTER_KEY", &app.master_key)
            .output()
            .unwrap()
    };
    let r = cli(&[]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(
        stdout.contains("imported: 17 created, 0 skipped, 0 renamed, 0 replaced, 3 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no client settings") && stdout.contains("slack"),
        "{stdout}"
    );
    let r = cli(&["--with-oauth-clients", "--on-conflict", "replace"]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{stdout}");
    assert!(
        stdout.contains("stored the OAuth client of slack"),
        "{stdout}"
    );
    let client = app.get("/api/v1/apps/slack/oauth-client", Some(&t)).await;
    assert_eq!(client.body["client_id"], "1234.5678", "{}", client.text);
    assert!(!stdout.contains("n8nCanary"));
}
dual!(n8n_credentials_become_connections);

/// A crafted export (written with the format's own writer) with text the API
/// would refuse: each such item fails with its reason, the rest imports, no 500.
async fn crafted_items_fail_one_by_one(app: TestApp) {
    use switchboard_server::services::transfer::format::{
        Counts, ExportedAccount, ExportedAutomation, ExportedConnection, Header, Item, Writer,
    };
    let header = Header {
        format: "switchboard-export".into(),
        version: 1,
        exported_at: switchboard_db::now(),
        account: ExportedAccount {
            id: "x".into(),
            name: "Crafted".into(),
        },
        counts: Counts::default(),
    };
    let conn = |id: &str, name: &str, notes: &str, token: &str| {
        let mut fields = BTreeMap::new();
        fields.insert("token".to_string(), token.to_string());
        Item::Connection(ExportedConnection {
            id: id.into(),
            app: "github".into(),
            name: name.into(),
            notes: notes.into(),
            shared_with_children: false,
            identity: Some("bad\0identity".into()),
            token_expires_at: None,
            fields: fields.into(),
        })
    };
    let mut w = Writer::new(Vec::new(), PASSPHRASE, &header).unwrap();
    for item in [
        conn("c1", "Good", "fine", "ghp_craftedGood00000000000000000000"),
        conn(
            "c2",
            "Nul notes",
            "a\0b",
            "ghp_craftedNul000000000000000000000",
        ),
        conn(
            &"x".repeat(300),
            "Long id",
            "",
            "ghp_craftedLong00000000000000000000",
        ),
        conn(
            "c4",
            "Bad\u{7}name",
            "",
            "ghp_craftedName00000000000000000000",
        ),
        conn("c5", "Bad token", "", "not a github token"),
        conn(
            "c6",
            "Huge notes",
            &"n".repeat(20_000),
            "ghp_craftedHuge00000000000000000000",
        ),
        Item::Automation(ExportedAutomation {
            id: "a1".into(),
            name: "Nul\0auto".into(),
            connection_ids: vec!["c1".into()],
        }),
        Item::Automation(ExportedAutomation {
            id: "a2".into(),
            name: "Uses good".into(),
            connection_ids: vec!["c1".into(), "c2".into()],
        }),
    ] {
        w.item(&item).unwrap();
    }
    let file = w.finish().unwrap();
    let r = import(&app, &app.admin_token, file, &[("passphrase", PASSPHRASE)]).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["created"], 2, "{}", r.text);
    assert_eq!(r.body["failed"], 6, "{}", r.text);
    let items = r.body["items"].as_array().unwrap();
    let reason = |name: &str| {
        items.iter().find(|i| i["name"] == name).unwrap()["reason"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(reason("Nul notes").contains("notes"), "{}", r.text);
    assert!(reason("Long id").contains("id"), "{}", r.text);
    assert!(reason("Bad token").contains("token"), "{}", r.text);
    assert!(reason("Huge notes").contains("notes"), "{}", r.text);
    assert!(
        reason("Uses good").contains("1 of its connections were not imported"),
        "{}",
        r.text
    );
    let good = connections(&app).await;
    assert_eq!(good.len(), 1);
    assert_eq!(
        good[0]["identity"],
        Value::Null,
        "an identity with NUL is dropped"
    );
    assert!(!r.text.contains("ghp_crafted") && !r.text.contains("not a github token"));
}
dual!(crafted_items_fail_one_by_one);
