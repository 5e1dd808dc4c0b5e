//! Resource limits and operational hardening: bounded metric labels, the metrics
//! token, the body deadline, connections per address, private data files, and the
//! setup token kept out of the output when it came from the environment.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;

use crate::dual;
use crate::helpers::*;

async fn metrics_text(app: &TestApp) -> String {
    app.http
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn series(text: &str) -> usize {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .count()
}

/// Requests with random methods and paths, `n` of them, 50 at a time.
async fn junk(app: &TestApp, n: usize) {
    for batch in (0..n).collect::<Vec<_>>().chunks(50) {
        join_all(batch.iter().map(|i| {
            let method = reqwest::Method::from_bytes(
                format!("M{}", uuid::Uuid::new_v4().simple()).as_bytes(),
            )
            .unwrap();
            let path = match i % 3 {
                0 => format!("/x/{}", uuid::Uuid::new_v4()),
                1 => format!("/api/v1/{}", uuid::Uuid::new_v4()),
                _ => format!("/api/v1/connections/{}/proxy/z", uuid::Uuid::new_v4()),
            };
            let req = app.http.request(method, format!("{}{path}", app.base));
            async move {
                let _ = req.send().await;
            }
        }))
        .await;
    }
}

/// 4,000 requests with random methods and paths leave the number of series as it was.
async fn metric_labels_are_bounded(app: TestApp) {
    junk(&app, 150).await;
    metrics_text(&app).await;
    let before = series(&metrics_text(&app).await);
    junk(&app, 4000).await;
    let text = metrics_text(&app).await;
    assert_eq!(series(&text), before, "new series after junk requests");
    assert!(text.contains("method=\"OTHER\""), "{text}");
    for name in [
        "switchboard_build_info{",
        "switchboard_process_resident_memory_bytes ",
        "switchboard_process_open_fds ",
        "switchboard_process_start_time_seconds ",
        "switchboard_db_pool_connections ",
        "switchboard_db_pool_idle_connections ",
        "switchboard_db_pool_max_connections ",
        "switchboard_password_checks_total ",
    ] {
        assert!(text.contains(name), "{name} missing");
    }
    let rss: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("switchboard_process_resident_memory_bytes "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(rss > 1_000_000.0, "rss {rss}");
}
dual!(metric_labels_are_bounded);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_token_guards_metrics() {
    let app = spawn_with(
        Backend::Sqlite,
        &[("SWITCHBOARD_METRICS_TOKEN", "metrics-secret-123")],
    )
    .await
    .unwrap();
    app.get("/metrics", None)
        .await
        .problem(401, "unauthenticated");
    app.get("/metrics", Some("wrong"))
        .await
        .problem(401, "unauthenticated");
    let ok = app.get("/metrics", Some("metrics-secret-123")).await;
    assert_eq!(ok.status(), 200);
    assert!(ok.text.contains("switchboard_build_info"));
}

/// A body trickling in one byte at a time is cut off at the deadline with 408 and
/// the connection is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_bodies_are_cut_off() {
    let app = spawn_with(Backend::Sqlite, &[("SWITCHBOARD_BODY_TIMEOUT_SECS", "1")])
        .await
        .unwrap();
    let addr = app.base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{",
        )
        .unwrap();
        // One byte every 300 ms, far slower than the deadline allows.
        let mut out = Vec::new();
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(300));
            if s.write_all(b" ").is_err() {
                break;
            }
        }
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    // Normal requests are unaffected.
    let r = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200);
}

fn get_on(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// One address holding the maximum of open connections gets 429 on the next one;
/// when they close, new connections work again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_per_address_are_capped() {
    let app = spawn_with(
        Backend::Sqlite,
        &[("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "5")],
    )
    .await
    .unwrap();
    let addr = app.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        // The test client's own pooled connections may still be open: wait them out.
        std::thread::sleep(Duration::from_millis(300));
        let held: Vec<TcpStream> = (0..5).map(|_| TcpStream::connect(&addr).unwrap()).collect();
        std::thread::sleep(Duration::from_millis(300));
        let mut extra = TcpStream::connect(&addr).unwrap();
        extra
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let answer = get_on(&mut extra);
        assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
        assert!(answer.contains("too_many_connections"), "{answer}");
        drop(held);
        std::thread::sleep(Duration::from_millis(300));
        let mut fresh = TcpStream::connect(&addr).unwrap();
        fresh
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let answer = get_on(&mut fresh);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    })
    .await
    .unwrap();
    drop(app);
}

/// The data directory is 0700 and the SQLite files in it 0600.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_directory_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let outer = tempfile::tempdir().unwrap();
    let data = outer.path().join("data");
    let app = spawn_with(
        Backend::Sqlite,
        &[
            ("SWITCHBOARD_DATA_DIR", data.to_str().unwrap()),
            ("SWITCHBOARD_DATABASE_URL", ""),
        ],
    )
    .await
    .unwrap();
    // Something written, so the write-ahead log exists.
    app.create_connection(
        &app.admin_token,
        "github",
        None,
        "ghp_0123456789abcdefghijABCDEFGHIJ",
    )
    .await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "data directory");
    let db = data.join("switchboard.db");
    assert_eq!(mode(&db), 0o600, "database file");
    for extra in ["switchboard.db-wal", "switchboard.db-shm"] {
        let p = data.join(extra);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{extra}");
        }
    }
    assert!(data.join("switchboard.db-wal").exists());
}

/// A setup token from the environment is never printed; a generated one is.
#[test]
fn setup_token_is_printed_only_when_generated() {
    let run = |token: Option<&str>| -> String {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"));
        cmd.arg("serve")
            .env_clear()
            .env("SWITCHBOARD_BIND", format!("127.0.0.1:{port}"))
            .env("SWITCHBOARD_DATA_DIR", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if let Some(t) = token {
            cmd.env("SWITCHBOARD_SETUP_TOKEN", t);
        }
        let mut child = cmd.spawn().unwrap();
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        child.kill().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let _ = child.wait();
        err
    };
    let from_env = run(Some("env-setup-token-canary-42"));
    assert!(
        !from_env.contains("env-setup-token-canary-42"),
        "{from_env}"
    );
    assert!(from_env.contains("SWITCHBOARD_SETUP_TOKEN"), "{from_env}");
    let generated = run(None);
    assert!(generated.contains("one-time setup token"), "{generated}");
}

async fn undeclared_methods_answer_405_with_allow(app: TestApp) {
    let t = app.admin_token.clone();
    let r = app
        .send(app.req(reqwest::Method::PUT, "/api/v1/connections", Some(&t)))
        .await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow").as_deref(), Some("GET, POST"));
    let id = uuid::Uuid::new_v4();
    let r = app
        .send(app.req(
            reqwest::Method::POST,
            &format!("/api/v1/connections/{id}"),
            Some(&t),
        ))
        .await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow").as_deref(), Some("DELETE, GET, PATCH"));
    // A fixed path beside a templated one (`/connections/export` and
    // `/connections/{id}`) takes only its own methods.
    for m in [
        reqwest::Method::PATCH,
        reqwest::Method::GET,
        reqwest::Method::DELETE,
    ] {
        let r = app
            .send(app.req(m, "/api/v1/connections/export", Some(&t)))
            .await;
        r.problem(405, "method_not_allowed");
        assert_eq!(r.header("allow").as_deref(), Some("POST"));
    }
    // Paths nobody documents stay 404.
    app.get("/api/v1/nothing-here", Some(&t))
        .await
        .problem(404, "not_found");
}
dual!(undeclared_methods_answer_405_with_allow);
