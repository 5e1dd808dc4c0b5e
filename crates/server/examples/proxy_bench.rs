//! Proxy overhead and rate-limiter throughput (`just bench-proxy`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
//!
//! Starts a minimal upstream and a Switchboard server (SQLite, `memory` limiter) in
//! this process, then measures, on the same machine:
//! - latency at a fixed 1,000 requests/second (open loop), direct to the upstream and
//!   through the proxy: added p50 and p99;
//! - throughput with 64 concurrent callers, direct and through the proxy;
//! - limiter decisions per second: in process (one key, 10,000 keys), and with the
//!   PostgreSQL backend when `SWITCHBOARD_TEST_POSTGRES_URL` is set.
//!
//! Prints a Markdown table. Usage: `cargo run --release -p switchboard-server --example proxy_bench`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;
use switchboard_server::config::Config;
use switchboard_server::outbound::ratelimit::{Limiter, Memory};
use switchboard_server::startup::Application;
use switchboard_types::{ConnectionId, RateLimit};

const SECS: u64 = 10;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 * p / 100.0) as usize).min(v.len() - 1)]
}

/// Open loop: one request every millisecond for `SECS`; latencies in microseconds.
async fn fixed_rate(http: &reqwest::Client, url: &str, key: Option<&str>) -> Vec<f64> {
    let lat = Arc::new(std::sync::Mutex::new(Vec::with_capacity(
        1000 * SECS as usize,
    )));
    let mut tick = tokio::time::interval(Duration::from_millis(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let end = Instant::now() + Duration::from_secs(SECS);
    let mut tasks = Vec::new();
    while Instant::now() < end {
        tick.tick().await;
        let (http, url, key, lat) = (
            http.clone(),
            url.to_string(),
            key.map(str::to_string),
            lat.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let mut req = http.get(&url);
            if let Some(k) = key {
                req = req.bearer_auth(k);
            }
            if let Ok(r) = req.send().await {
                let ok = r.status().is_success();
                let _ = r.bytes().await;
                if ok {
                    lat.lock().unwrap().push(t.elapsed().as_secs_f64() * 1e6);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Arc::try_unwrap(lat).unwrap().into_inner().unwrap()
}

/// Closed loop: 64 callers for `SECS`; completed requests per second.
async fn max_rate(http: &reqwest::Client, url: &str, key: Option<&str>) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(SECS);
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (http, url, key, done) = (
                http.clone(),
                url.to_string(),
                key.map(str::to_string),
                done.clone(),
            );
            tokio::spawn(async move {
                while Instant::now() < end {
                    let mut req = http.get(&url);
                    if let Some(k) = &key {
                        req = req.bearer_auth(k);
                    }
                    if let Ok(r) = req.send().await {
                        if r.status().is_success() && r.bytes().await.is_ok() {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    done.load(Ordering::Relaxed) as f64 / SECS as f64
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let mut req = http.request(method, url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    let v: serde_json::Value = r.json().await.unwrap_or_default();
    assert!(status.is_success(), "{status}: {v}");
    v
}

fn limiter_in_process() -> (f64, f64) {
    let m = Memory::default();
    let limit = RateLimit {
        requests: 1_000_000_000,
        per_seconds: 1,
        burst: 1_000_000,
    };
    let n = 3_000_000u64;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(m.check(ConnectionId::from(uuid::Uuid::from_u128(1)), limit));
    }
    let one = n as f64 / t.elapsed().as_secs_f64();
    let keys: Vec<ConnectionId> = (0..10_000u128)
        .map(|i| ConnectionId::from(uuid::Uuid::from_u128(i)))
        .collect();
    let t = Instant::now();
    for i in 0..n as usize {
        std::hint::black_box(m.check(keys[i % keys.len()], limit));
    }
    (one, n as f64 / t.elapsed().as_secs_f64())
}

/// Three replicas' shared limiters (each its own pool and leases, as three
/// processes) on one PostgreSQL, 16 callers each over 4 connections for 5 s:
/// (decisions per second, calls allowed per second).
async fn limiter_postgres(admin_url: &str, limit: RateLimit) -> Option<(f64, f64)> {
    use diesel::connection::SimpleConnection as _;
    use diesel::Connection as _;
    let name = format!("sb_bench_{}", uuid::Uuid::new_v4().simple());
    let mut admin = diesel::PgConnection::establish(admin_url).ok()?;
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .ok()?;
    let (base, _) = admin_url.rsplit_once('/')?;
    let url = format!("{base}/{name}?sslmode=disable");
    let mut replicas = Vec::new();
    for _ in 0..3 {
        let db = switchboard_db::Db::connect(&switchboard_db::DatabaseUrl::parse(&url), 6).ok()?;
        db.migrate().ok()?;
        replicas.push(Arc::new(Limiter::Postgres(
            switchboard_server::outbound::ratelimit::shared::Shared::new(db),
        )));
    }
    let (done, allowed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let end = Instant::now() + Duration::from_secs(5);
    let tasks: Vec<_> = (0..48)
        .map(|i| {
            let (l, done, allowed) = (replicas[i % 3].clone(), done.clone(), allowed.clone());
            tokio::spawn(async move {
                while Instant::now() < end {
                    let key = ConnectionId::from(uuid::Uuid::from_u128((i % 4) as u128));
                    if let Ok(d) = l.check(key, limit).await {
                        done.fetch_add(1, Ordering::Relaxed);
                        if d.allowed && Instant::now() < end {
                            allowed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    drop(replicas);
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    Some((
        done.load(Ordering::Relaxed) as f64 / 5.0,
        allowed.load(Ordering::Relaxed) as f64 / 5.0,
    ))
}

#[tokio::main]
async fn main() {
    // The upstream: a tiny JSON answer.
    let upstream = HttpServer::new(|| {
        App::new().default_service(web::to(|| async {
            HttpResponse::Ok().json(json!({"ok": true, "items": [1, 2, 3]}))
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let up = format!("http://{}", upstream.addrs()[0]);
    tokio::spawn(upstream.run());

    let dir = tempfile_dir();
    let key_b64 = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
    };
    let env: HashMap<&str, String> = HashMap::from([
        ("SWITCHBOARD_BIND", "127.0.0.1:0".to_string()),
        ("SWITCHBOARD_DATA_DIR", dir.clone()),
        ("SWITCHBOARD_MASTER_KEY", key_b64),
        ("SWITCHBOARD_SETUP_TOKEN", "bench".to_string()),
        ("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "127.0.0.1".to_string()),
        ("SWITCHBOARD_REFRESH_INTERVAL_SECS", "86400".to_string()),
    ]);
    let config = Config::load_with(None, &|k| env.get(k).cloned()).expect("config");
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let api = |p: &str| format!("{base}/api/v1{p}");
    call(&http, reqwest::Method::POST, api("/setup"), None, json!({"token": "bench", "email": "bench@example.com", "password": "benchmark password 123"})).await;
    let login = call(
        &http,
        reqwest::Method::POST,
        api("/auth/login"),
        None,
        json!({"email": "bench@example.com", "password": "benchmark password 123"}),
    )
    .await;
    let t = login["access_token"].as_str().unwrap().to_string();
    call(&http, reqwest::Method::POST, api("/apps"), Some(&t), json!({
        "slug": "bench-api", "name": "Bench API", "category": "testing", "base_url": up,
        "auth": {"type": "api_key", "fields": [{"key": "token", "label": "Token", "secret": true, "required": true}],
                 "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{token}}"}]},
        "rate_limit": {"requests": 1000000, "per_seconds": 1, "burst": 1000000}
    })).await;
    let c = call(
        &http,
        reqwest::Method::POST,
        api("/connections"),
        Some(&t),
        json!({"app": "bench-api", "fields": {"token": "bench-upstream-token-1"}, "test": false}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_string();
    let k = call(
        &http,
        reqwest::Method::POST,
        api("/api-keys"),
        Some(&t),
        json!({"name": "bench", "scopes": ["proxy"], "current_password": "benchmark password 123"}),
    )
    .await;
    let key = k["key"].as_str().unwrap().to_string();
    let direct = format!("{up}/v1/items");
    let proxied = api(&format!("/connections/{id}/proxy/v1/items"));
    // Warm up pools and caches.
    for _ in 0..200 {
        let _ = http.get(&proxied).bearer_auth(&key).send().await;
    }

    let mut d = fixed_rate(&http, &direct, None).await;
    let mut p = fixed_rate(&http, &proxied, Some(&key)).await;
    let (d50, d99, p50, p99) = (
        pct(&mut d, 50.0),
        pct(&mut d, 99.0),
        pct(&mut p, 50.0),
        pct(&mut p, 99.0),
    );
    let direct_max = max_rate(&http, &direct, None).await;
    let proxy_max = max_rate(&http, &proxied, Some(&key)).await;
    let (one, many) = limiter_in_process();
    let pg = match std::env::var("SWITCHBOARD_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => {
            let free = RateLimit {
                requests: 1_000_000_000,
                per_seconds: 1,
                burst: 1_000_000,
            };
            let used_up = RateLimit {
                requests: 1_000,
                per_seconds: 1,
                burst: 100,
            };
            match (
                limiter_postgres(&u, free).await,
                limiter_postgres(&u, used_up).await,
            ) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            }
        }
        _ => None,
    };

    println!("| measure | direct | through the proxy | added |");
    println!("|---|---|---|---|");
    println!(
        "| p50 at 1,000 req/s | {d50:.0} µs | {p50:.0} µs | {:.0} µs |",
        p50 - d50
    );
    println!(
        "| p99 at 1,000 req/s | {d99:.0} µs | {p99:.0} µs | {:.0} µs |",
        p99 - d99
    );
    println!("| throughput, 64 callers | {direct_max:.0} req/s | {proxy_max:.0} req/s | |");
    println!();
    println!("| limiter | decisions/s |");
    println!("|---|---|");
    println!("| in process, one connection | {one:.0} |");
    println!("| in process, 10,000 connections | {many:.0} |");
    match pg {
        Some(((free, _), (decided, allowed))) => {
            println!(
                "| PostgreSQL backend, 3 replicas × 16 callers, limit not reached | {free:.0} |"
            );
            println!(
                "| PostgreSQL backend, 3 replicas × 16 callers, 4 connections at 1,000/s (burst 100) each | {decided:.0} ({allowed:.0} allowed/s; the limit allows {:.0}) |",
                4.0 * (1_000.0 + 100.0 / 5.0)
            );
        }
        None => println!("| PostgreSQL backend | not run (SWITCHBOARD_TEST_POSTGRES_URL unset) |"),
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::process::exit(0);
}

fn tempfile_dir() -> String {
    let d = std::env::temp_dir().join(format!("sb-proxy-bench-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.display().to_string()
}
