//! Webhook figures (`just bench-webhooks`), on SQLite, everything on loopback in
//! this process:
//! - events written per second: 5,000 creates (16 concurrent callers, one event
//!   each) on a server whose relay and delivery worker are off;
//! - delivery throughput: those 5,000 events relayed and sent by a server with the
//!   worker on, timed until the receiver has them all;
//! - create throughput in alternating runs with the one endpoint disabled and
//!   enabled while this process relays and sends every event (sharing the two
//!   cores with the receiver): what webhooks cost the API;
//! - time from a change to its delivery with an idle queue: 300 creates one after
//!   the other, each timed from sending the create to the receiver getting the event.
//!
//! Prints a Markdown table. Usage: `cargo run --release -p switchboard-server --example webhook_bench`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::json;
use switchboard_server::config::Config;
use switchboard_server::startup::Application;

const QUEUED: u64 = 5000;
/// Alternating runs of creates: `ROUNDS` runs of `RUN` each way.
const ROUNDS: u64 = 4;
const RUN: u64 = 500;

/// The receiver: counts deliveries and notes when each `webhook-id` arrived.
#[derive(Default)]
struct Received {
    count: AtomicU64,
    at: Mutex<HashMap<String, Instant>>,
}

async fn server(
    dir: &str,
    key: &str,
    delivery: bool,
) -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let env: HashMap<&str, String> = HashMap::from([
        ("SWITCHBOARD_BIND", "127.0.0.1:0".to_string()),
        ("SWITCHBOARD_DATA_DIR", dir.to_string()),
        ("SWITCHBOARD_MASTER_KEY", key.to_string()),
        ("SWITCHBOARD_SETUP_TOKEN", "bench".to_string()),
        ("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "127.0.0.1".to_string()),
        ("SWITCHBOARD_REFRESH_INTERVAL_SECS", "86400".to_string()),
        (
            "SWITCHBOARD_WEBHOOK_DELIVERY",
            if delivery { "on" } else { "off" }.to_string(),
        ),
    ]);
    let config = Config::load_with(None, &|k| env.get(k).cloned()).expect("config");
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}/api/v1", app.port());
    (base, tokio::spawn(app.run()))
}

async fn call(
    http: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let mut req = http.post(url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    let v: serde_json::Value = r.json().await.unwrap_or_default();
    assert!(status.is_success(), "{status}: {v}");
    v
}

/// `n` creates by 16 callers; creates per second.
async fn creates(http: &reqwest::Client, base: &str, t: &str, tag: &str, n: u64) -> f64 {
    let next = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (http, base, t, tag, next) = (
                http.clone(),
                base.to_string(),
                t.to_string(),
                tag.to_string(),
                next.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    call(
                        &http,
                        format!("{base}/connections"),
                        Some(&t),
                        json!({"app": "github", "name": format!("{tag}-{i}"),
                               "fields": {"token": format!("ghp_{i:08}abcdefghijABCDEFGHIJ")}, "test": false}),
                    )
                    .await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Creates per second with the endpoint disabled and enabled, in alternating runs.
async fn alternate(
    http: &reqwest::Client,
    base: &str,
    t: &str,
    hook: &str,
    tag: &str,
    rx: &Received,
) -> (f64, f64) {
    let (mut off, mut on) = (0.0, 0.0);
    let mut expected = rx.count.load(Ordering::SeqCst);
    for round in 0..ROUNDS {
        for enabled in [false, true] {
            let r = http
                .patch(format!("{base}/webhooks/{hook}"))
                .bearer_auth(t)
                .json(&json!({"enabled": enabled}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
            let rate = creates(http, base, t, &format!("{tag}-{round}-{enabled}"), RUN).await;
            let took = RUN as f64 / rate;
            if enabled {
                // Sent before the endpoint is disabled again (untimed): the relay
                // gives an endpoint what happens while it is enabled.
                expected += RUN;
                assert!(
                    wait_for(rx, expected, Duration::from_secs(60)).await,
                    "deliveries missing"
                );
                on += took;
            } else {
                off += took;
            }
        }
    }
    let n = (ROUNDS * RUN) as f64;
    (n / off, n / on)
}

async fn wait_for(rx: &Received, n: u64, limit: Duration) -> bool {
    let end = Instant::now() + limit;
    while rx.count.load(Ordering::SeqCst) < n {
        if Instant::now() > end {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    true
}

#[actix_web::main]
async fn main() {
    let rx = Arc::new(Received::default());
    let rx2 = rx.clone();
    let receiver = HttpServer::new(move || {
        let rx = rx2.clone();
        App::new().route(
            "/hook",
            web::post().to(move |req: HttpRequest, _body: web::Bytes| {
                let rx = rx.clone();
                async move {
                    if let Some(id) = req
                        .headers()
                        .get("webhook-id")
                        .and_then(|v| v.to_str().ok())
                    {
                        rx.at.lock().unwrap().insert(id.to_string(), Instant::now());
                    }
                    rx.count.fetch_add(1, Ordering::SeqCst);
                    HttpResponse::NoContent().finish()
                }
            }),
        )
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .unwrap();
    let hook_url = format!("http://{}/hook", receiver.addrs()[0]);
    tokio::spawn(receiver.run());

    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().display().to_string();
    let key = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
    };
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();

    // A server without the relay and delivery worker: the plain rate of creates,
    // each writing its event, for an enabled endpoint.
    let (quiet, _quiet_api) = server(&dir, &key, false).await;
    call(&http, format!("{quiet}/setup"), None, json!({"token": "bench", "email": "bench@example.com", "password": "benchmark password 123"})).await;
    let login = call(
        &http,
        format!("{quiet}/auth/login"),
        None,
        json!({"email": "bench@example.com", "password": "benchmark password 123"}),
    )
    .await;
    let t = login["access_token"].as_str().unwrap().to_string();
    creates(&http, &quiet, &t, "warm", 500).await;
    let hook = call(
        &http,
        format!("{quiet}/webhooks"),
        Some(&t),
        json!({"url": hook_url}),
    )
    .await;
    let hook = hook["webhook"]["id"].as_str().unwrap().to_string();
    let plain = creates(&http, &quiet, &t, "queued", QUEUED).await;
    assert_eq!(
        rx.count.load(Ordering::SeqCst),
        0,
        "nothing is sent without a worker"
    );

    // Delivery throughput: a server with the worker relays and sends them all.
    let started = Instant::now();
    let (base, _api) = server(&dir, &key, true).await;
    assert!(
        wait_for(&rx, QUEUED, Duration::from_secs(120)).await,
        "queued deliveries missing"
    );
    let drain = QUEUED as f64 / started.elapsed().as_secs_f64();

    // Runs of creates with the endpoint disabled and enabled, alternating (so both
    // see the same table sizes), while this process relays and sends.
    let (without_sending, with) = alternate(&http, &base, &t, &hook, "sending", &rx).await;

    // Change to delivery with an idle queue (the worker is woken on commit).
    let mut lat = Vec::new();
    for i in 0..300 {
        let before = rx.count.load(Ordering::SeqCst);
        let sent = Instant::now();
        call(
            &http,
            format!("{base}/connections"),
            Some(&t),
            json!({"app": "github", "name": format!("lat-{i}"),
            "fields": {"token": format!("ghp_{i:08}latencyabcdefghijABCD")}, "test": false}),
        )
        .await;
        assert!(wait_for(&rx, before + 1, Duration::from_secs(10)).await);
        lat.push(sent.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)];

    println!("| measure | figure |");
    println!("|---|---|");
    println!(
        "| events written/s: creates by 16 callers, one event each (relay and worker off) | {plain:.0} |"
    );
    println!(
        "| creates/s while this process relays and sends every event to a receiver on this machine, endpoint disabled / enabled | {without_sending:.0} / {with:.0} ({:+.1} %) |",
        (with / without_sending - 1.0) * 100.0
    );
    println!("| deliveries/s: {QUEUED} waiting events relayed and sent (one endpoint, loopback) | {drain:.0} |");
    println!(
        "| change → delivery, idle queue, p50 / p99 | {:.1} / {:.1} ms |",
        p(0.5),
        p(0.99)
    );
}
