//! Throttles of sign-in, reveal and setup: attempts are reserved before a password
//! is checked, so parallel guesses cannot overrun a limit; client addresses come
//! from forwarding headers only behind trusted proxies.

use futures_util::future::join_all;
use serde_json::json;

use crate::dual;
use crate::helpers::*;

/// A counter's value from `/metrics` of the server at `base`.
pub async fn metric(http: &reqwest::Client, base: &str, name: &str) -> f64 {
    let text = http
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with([' ', '{']))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

const CHECKS: &str = "switchboard_password_checks_total";

/// Sign-in from `from` (an `X-Forwarded-For` value; the test server trusts loopback).
async fn login_from(app: &TestApp, base: &str, email: &str, password: &str, from: &str) -> u16 {
    app.http
        .post(format!("{base}/api/v1/auth/login"))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn parallel_wrong_logins_check_five_passwords(app: TestApp) {
    let before = metric(&app.http, &app.base, CHECKS).await;
    let statuses = join_all((0..200).map(|_| {
        login_from(
            &app,
            &app.base,
            ADMIN_EMAIL,
            "wrong password",
            "203.0.113.5",
        )
    }))
    .await;
    let checked = metric(&app.http, &app.base, CHECKS).await - before;
    assert!(checked <= 5.0, "{checked} passwords checked");
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 195, "{statuses:?}");
    // The owner's right password waits at that address, and works from another.
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "203.0.113.5").await,
        429
    );
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "198.51.100.9").await,
        200
    );
    // IPv6 clients are counted by their /64: another host of the same /64 waits too.
    for _ in 0..5 {
        login_from(&app, &app.base, ADMIN_EMAIL, "nope nope", "2001:db8:7:7::1").await;
    }
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "2001:db8:7:7::2").await,
        429
    );
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "2001:db8:7:8::1").await,
        200
    );
}

/// An attacker at one address failing with random emails cannot lock out a user at
/// another address (the per-address limit is the attacker's own).
async fn an_attacker_address_locks_out_only_itself(app: TestApp) {
    let mut last = Vec::new();
    for round in 0..4 {
        last = join_all((0..50).map(|i| {
            let email = format!("victim{round}-{i}@example.com");
            let app = &app;
            async move { login_from(app, &app.base, &email, "guess guess", "192.0.2.66").await }
        }))
        .await;
    }
    assert!(count(&last, 429) > 0, "the attacker address is throttled");
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "198.51.100.20").await,
        200
    );
}

async fn parallel_wrong_reveals_get_five_401s(app: TestApp) {
    let t = app.admin_token.clone();
    let c = app
        .create_connection(&t, "github", None, "ghp_0123456789abcdefghijABCDEFGHIJ")
        .await;
    let id = c.body["id"].as_str().unwrap().to_string();
    let before = metric(&app.http, &app.base, CHECKS).await;
    let statuses = join_all((0..80).map(|_| {
        let (app, t, id) = (&app, &t, &id);
        async move {
            app.post_json(
                &format!("/api/v1/connections/{id}/reveal"),
                Some(t),
                &json!({"password": "wrong password"}),
            )
            .await
            .status
        }
    }))
    .await;
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 75, "{statuses:?}");
    let checked = metric(&app.http, &app.base, CHECKS).await - before;
    assert!(checked <= 5.0, "{checked} passwords checked");
}

fn trusting_loopback() -> [(&'static str, &'static str); 1] {
    [("SWITCHBOARD_TRUSTED_PROXIES", "127.0.0.1")]
}

mod parallel_logins {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, &trusting_loopback())
            .await
            .unwrap();
        parallel_wrong_logins_check_five_passwords(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, &trusting_loopback())
            .await
            .expect(NEEDS_POSTGRES);
        parallel_wrong_logins_check_five_passwords(app).await;
    }
}

mod attacker_address {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_with(Backend::Sqlite, &trusting_loopback())
            .await
            .unwrap();
        an_attacker_address_locks_out_only_itself(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_with(Backend::Postgres, &trusting_loopback())
            .await
            .expect(NEEDS_POSTGRES);
        an_attacker_address_locks_out_only_itself(app).await;
    }
}

dual!(parallel_wrong_reveals_get_five_401s);

/// Without trusted proxies, forwarding headers change nothing: five failures from
/// "different" header addresses still lock the peer's own pair.
async fn forwarding_headers_are_ignored_from_untrusted_peers(app: TestApp) {
    for i in 0..5 {
        let s = login_from(
            &app,
            &app.base,
            ADMIN_EMAIL,
            "wrong password",
            &format!("198.51.100.{i}"),
        )
        .await;
        assert_eq!(s, 401);
    }
    assert_eq!(
        login_from(&app, &app.base, ADMIN_EMAIL, PASSWORD, "203.0.113.77").await,
        429
    );
    // Audit rows carry the peer's address, not the header's.
    let audit = app
        .get(
            "/api/v1/audit?action=auth.login_failed",
            Some(&app.admin_token),
        )
        .await;
    let items = audit.body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["client_addr"] == "127.0.0.1"));
}
dual!(forwarding_headers_are_ignored_from_untrusted_peers);

/// Setup is throttled like sign-in: parallel wrong tokens compare at most five.
async fn setup_guesses_are_throttled(backend: Backend) {
    let db = TestDb::new(backend).expect(NEEDS_POSTGRES);
    let key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let app = switchboard_server::startup::Application::build(test_config_with(
        &db,
        &key,
        &trusting_loopback(),
    ))
    .await
    .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());
    let http = reqwest::Client::new();
    let setup = |token: &'static str, from: &'static str| {
        let http = http.clone();
        let base = base.clone();
        async move {
            http.post(format!("{base}/api/v1/setup"))
                .header("x-forwarded-for", from)
                .json(&json!({"token": token, "email": ADMIN_EMAIL, "password": PASSWORD}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let statuses = join_all((0..200).map(|_| setup("guessed-token", "203.0.113.8"))).await;
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 195, "{statuses:?}");
    let compared = metric(&http, &base, "switchboard_setup_token_checks_total").await;
    assert_eq!(compared, 5.0);
    assert_eq!(setup(SETUP_TOKEN, "203.0.113.8").await, 429);
    assert_eq!(setup(SETUP_TOKEN, "198.51.100.30").await, 201);
}

mod setup_throttled {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::setup_guesses_are_throttled(crate::helpers::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::setup_guesses_are_throttled(crate::helpers::Backend::Postgres).await;
    }
}

/// Three server processes on one PostgreSQL share the throttle: 200 parallel wrong
/// logins spread over them check at most five passwords in all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_share_the_throttle_postgres() {
    let app = spawn(Backend::Postgres).await.expect(NEEDS_POSTGRES);
    let replicas = vec![
        crate::refresh::replica_with(&app, &[]).await,
        crate::refresh::replica_with(&app, &[]).await,
        crate::refresh::replica_with(&app, &[]).await,
    ];
    let mut before = 0.0;
    for r in &replicas {
        before += metric(&app.http, &r.base, CHECKS).await;
    }
    let statuses = join_all((0..200).map(|i| {
        let base = replicas[i % 3].base.clone();
        let http = app.http.clone();
        async move {
            http.post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": ADMIN_EMAIL, "password": "wrong password"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    }))
    .await;
    let mut after = 0.0;
    for r in &replicas {
        after += metric(&app.http, &r.base, CHECKS).await;
    }
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 195, "{statuses:?}");
    assert!(
        after - before <= 5.0,
        "{} passwords checked",
        after - before
    );
}
