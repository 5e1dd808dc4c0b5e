//! Load and fault soak of the release server (`just soak`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
//!
//! Runs the real `switchboard` binary as a separate process and, on SQLite and on
//! PostgreSQL (when `SWITCHBOARD_TEST_POSTGRES_URL` is set):
//! - **load**: 200 concurrent clients for 60 s, 70 % reads, 20 % creates, 10 % PATCHes;
//!   reports requests/s, p50/p99, 5xx (must be 0), lost acknowledged creates (must be
//!   0), and the server's RSS and threads before, at the peak, and 30 s after;
//! - **outage** (PostgreSQL): a TCP proxy between server and database is cut for 10 s
//!   under load; 500s (must be 0), 503s, and the time to answer again after the return;
//! - **kill -9**: the server is killed mid-write and restarted on its data; lost
//!   acknowledged creates (must be 0) and SQLite's `integrity_check`.
//!
//! Usage: `soak <path/to/switchboard> [--clients N] [--duration S] [--settle S] [--only sqlite|postgres]`.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection as _;
use diesel::Connection as _;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};

const PASSWORD: &str = "soak password 1234";
const TOKEN: &str = "soak-setup-token";
const GH: &str = "ghp_0123456789abcdefghijABCDEFGHIJ";

struct Args {
    bin: String,
    /// `sqlite` or `postgres`: run that backend only.
    only: Option<String>,
    clients: usize,
    duration: u64,
    settle: u64,
}

fn args() -> Args {
    let mut a = Args {
        bin: String::new(),
        only: None,
        clients: 200,
        duration: 60,
        settle: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--clients" => a.clients = it.next().unwrap().parse().unwrap(),
            "--duration" => a.duration = it.next().unwrap().parse().unwrap(),
            "--settle" => a.settle = it.next().unwrap().parse().unwrap(),
            "--only" => a.only = it.next(),
            other => a.bin = other.to_string(),
        }
    }
    assert!(
        !a.bin.is_empty(),
        "usage: soak <switchboard binary> [--clients N] [--duration S]"
    );
    a
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A database for one run: a SQLite file in a temporary directory, or a fresh
/// PostgreSQL database (dropped afterwards).
struct Database {
    url: String,
    dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Database {
    fn new(postgres: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        if !postgres {
            let url = dir.path().join("switchboard.db").display().to_string();
            return Self { url, dir, pg: None };
        }
        let admin = std::env::var("SWITCHBOARD_TEST_POSTGRES_URL").unwrap();
        let name = format!("sb_soak_{}", uuid::Uuid::new_v4().simple());
        let mut c = diesel::PgConnection::establish(&admin).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        Self {
            url: format!("{base}/{name}?sslmode=disable"),
            dir,
            pg: Some((admin, name)),
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut c) = diesel::PgConnection::establish(admin) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// (RSS in MiB, threads) of process `pid`, from `/proc`.
fn usage(pid: u32) -> (f64, u32) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (field("VmRSS:") / 1024.0, field("Threads:") as u32)
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(bin: &str, db: &Database, url: &str, key: &str) -> Self {
        let port = free_port();
        let child = Command::new(bin)
            .arg("serve")
            .env_clear()
            // Allocator settings to compare (`MIMALLOC_*` of the soak's environment).
            .envs(std::env::vars().filter(|(k, _)| k.starts_with("MIMALLOC_")))
            .env("SWITCHBOARD_BIND", format!("127.0.0.1:{port}"))
            .env("SWITCHBOARD_DATA_DIR", db.dir.path())
            .env("SWITCHBOARD_DATABASE_URL", url)
            .env("SWITCHBOARD_MASTER_KEY", key)
            .env("SWITCHBOARD_SETUP_TOKEN", TOKEN)
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        for _ in 0..400 {
            if let Ok(r) = http.get(format!("{}/readyz", server.base)).send().await {
                if r.status() == 200 {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server did not start");
    }

    /// (RSS in MiB, threads) from `/proc`.
    fn usage(&self) -> (f64, u32) {
        usage(self.child.id())
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut r = http.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    match r.send().await {
        Ok(resp) => {
            let s = resp.status().as_u16();
            (s, resp.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

/// Sets up, signs in, and seeds `n` connections; returns the token and their ids.
async fn prepare(http: &reqwest::Client, base: &str, n: usize) -> (String, Vec<String>) {
    let r = http
        .post(format!("{base}/api/v1/setup"))
        .json(&json!({"token": TOKEN, "email": "soak@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success() || r.status() == 409);
    let login: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "soak@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for i in 0..n {
        let (s, v) = call(http, reqwest::Method::POST, format!("{base}/api/v1/connections"), &token,
            Some(json!({"app": "github", "name": format!("seed-{i}"), "fields": {"token": GH}, "test": false}))).await;
        assert_eq!(s, 201, "{v}");
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    (token, ids)
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    statuses: HashMap<u16, usize>,
    acked: Vec<String>,
}

/// `clients` loops of the mixed load until `stop`; `writes_only` sends creates only.
async fn load(
    base: &str,
    token: &str,
    seeded: &[String],
    clients: usize,
    stop: Arc<AtomicBool>,
    writes_only: bool,
) -> Tally {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let seeded = Arc::new(seeded.to_vec());
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (http, base, token, seeded, stop) = (http.clone(), base.to_string(), token.to_string(), seeded.clone(), stop.clone());
            tokio::spawn(async move {
                let mut t = Tally::default();
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let roll = if writes_only { 80 } else { (c * 7919 + i * 104_729) % 100 };
                    let id = &seeded[(c + i) % seeded.len()];
                    let started = Instant::now();
                    let (s, v) = if roll < 35 {
                        call(&http, reqwest::Method::GET, format!("{base}/api/v1/connections?limit=20"), &token, None).await
                    } else if roll < 70 {
                        call(&http, reqwest::Method::GET, format!("{base}/api/v1/connections/{id}"), &token, None).await
                    } else if roll < 90 {
                        call(&http, reqwest::Method::POST, format!("{base}/api/v1/connections"), &token,
                            Some(json!({"app": "github", "name": format!("c{c}-{i}"), "fields": {"token": GH}, "test": false}))).await
                    } else {
                        call(&http, reqwest::Method::PATCH, format!("{base}/api/v1/connections/{id}"), &token,
                            Some(json!({"notes": format!("note {c} {i}")}))).await
                    };
                    t.latencies_us.push(started.elapsed().as_micros().min(u32::MAX as u128) as u32);
                    *t.statuses.entry(s).or_default() += 1;
                    if s == 201 {
                        if let Some(id) = v["id"].as_str() {
                            t.acked.push(id.to_string());
                        }
                    }
                    i += 1;
                }
                t
            })
        })
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await.unwrap();
        all.latencies_us.extend(t.latencies_us);
        for (k, v) in t.statuses {
            *all.statuses.entry(k).or_default() += v;
        }
        all.acked.extend(t.acked);
    }
    all
}

/// Acknowledged creates that cannot be read back.
async fn lost(base: &str, token: &str, acked: &[String]) -> usize {
    let http = reqwest::Client::new();
    let mut missing = 0;
    for chunk in acked.chunks(50) {
        let found = futures_util::future::join_all(chunk.iter().map(|id| {
            call(
                &http,
                reqwest::Method::GET,
                format!("{base}/api/v1/connections/{id}"),
                token,
                None,
            )
        }))
        .await;
        missing += found.iter().filter(|(s, _)| *s != 200).count();
    }
    missing
}

fn pct(v: &mut [u32], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable();
    f64::from(v[((v.len() as f64 * p / 100.0) as usize).min(v.len() - 1)]) / 1000.0
}

fn count(t: &Tally, f: impl Fn(u16) -> bool) -> usize {
    t.statuses
        .iter()
        .filter(|(s, _)| f(**s))
        .map(|(_, n)| n)
        .sum()
}

async fn load_run(a: &Args, postgres: bool) {
    let db = Database::new(postgres);
    let key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let server = Server::start(&a.bin, &db, &db.url, &key).await;
    let http = reqwest::Client::new();
    let (token, seeded) = prepare(&http, &server.base, 100).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (before, threads_before) = server.usage();
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new((before, threads_before)));
    let pid_sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        let pid = server.child.id();
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (rss, threads) = usage(pid);
                {
                    let mut p = peak.lock().unwrap();
                    p.0 = p.0.max(rss);
                    p.1 = p.1.max(threads);
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        })
    };
    let started = Instant::now();
    let stopper = {
        let stop = stop.clone();
        let d = a.duration;
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(d)).await;
            stop.store(true, Ordering::SeqCst);
        })
    };
    let mut t = load(
        &server.base,
        &token,
        &seeded,
        a.clients,
        stop.clone(),
        false,
    )
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    stopper.await.unwrap();
    pid_sampler.await.unwrap();
    let (peak_rss, peak_threads) = *peak.lock().unwrap();
    tokio::time::sleep(Duration::from_secs(a.settle)).await;
    let (after, threads_after) = server.usage();
    let missing = lost(&server.base, &token, &t.acked).await;
    let total: usize = t.statuses.values().sum();
    println!(
        "| {} | {} × {} s | {:.0} | {:.1} | {:.1} | {} | {} / {} | {:.0} / {:.0} / {:.0} | {} / {} / {} |",
        if postgres { "PostgreSQL" } else { "SQLite" },
        a.clients,
        a.duration,
        total as f64 / elapsed,
        pct(&mut t.latencies_us, 50.0),
        pct(&mut t.latencies_us, 99.0),
        count(&t, |s| s >= 500 || s == 0),
        missing,
        t.acked.len(),
        before,
        peak_rss,
        after,
        threads_before,
        peak_threads,
        threads_after,
    );
}

/// A TCP proxy the run can cut and restore (see the test suite's `faults.rs`).
struct Cable {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Cable {
    async fn to(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (up2, open2) = (up.clone(), open.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    continue;
                }
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                open2.lock().unwrap().push(task.abort_handle());
            }
        });
        Self { port, up, open }
    }
    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for t in self.open.lock().unwrap().drain(..) {
            t.abort();
        }
    }
    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

async fn outage_run(a: &Args) {
    let db = Database::new(true);
    let after_scheme = db.url.split_once("://").unwrap().1;
    let (userinfo, rest) = after_scheme.rsplit_once('@').unwrap();
    let hostport = rest.split('/').next().unwrap();
    let target = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:5432")
    };
    let cable = Cable::to(target).await;
    let path = &rest[rest.find('/').unwrap()..];
    let via = format!("postgres://{userinfo}@127.0.0.1:{}{path}", cable.port);
    let key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let server = Server::start(&a.bin, &db, &via, &key).await;
    let http = reqwest::Client::new();
    let (token, seeded) = prepare(&http, &server.base, 50).await;
    let stop = Arc::new(AtomicBool::new(false));
    let clients = a.clients.min(50);
    let runner = {
        let (base, token, seeded, stop) = (
            server.base.clone(),
            token.clone(),
            seeded.clone(),
            stop.clone(),
        );
        tokio::spawn(async move { load(&base, &token, &seeded, clients, stop, false).await })
    };
    tokio::time::sleep(Duration::from_secs(5)).await;
    cable.cut();
    tokio::time::sleep(Duration::from_secs(10)).await;
    cable.restore();
    let back = Instant::now();
    let mut recovered = None;
    while back.elapsed() < Duration::from_secs(30) {
        let (s, _) = call(
            &http,
            reqwest::Method::GET,
            format!("{}/api/v1/connections?limit=1", server.base),
            &token,
            None,
        )
        .await;
        if s == 200 {
            recovered = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::SeqCst);
    let t = runner.await.unwrap();
    let ready = http
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    let missing = lost(&server.base, &token, &t.acked).await;
    println!(
        "| outage 10 s (PostgreSQL) | {clients} clients | 500s: {} | 503s: {} | answering again {} after the return, /readyz {ready} | lost {missing} of {} acknowledged creates |",
        count(&t, |s| s == 500 || s == 0),
        count(&t, |s| s == 503),
        recovered.map_or("never".to_string(), |d| format!("{:.2} s", d.as_secs_f64())),
        t.acked.len(),
    );
}

async fn kill_run(a: &Args, postgres: bool) {
    let db = Database::new(postgres);
    let key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let mut server = Server::start(&a.bin, &db, &db.url, &key).await;
    let http = reqwest::Client::new();
    let (token, seeded) = prepare(&http, &server.base, 10).await;
    let stop = Arc::new(AtomicBool::new(false));
    let runner = {
        let (base, token, seeded, stop) = (
            server.base.clone(),
            token.clone(),
            seeded.clone(),
            stop.clone(),
        );
        let clients = a.clients.min(50);
        tokio::spawn(async move { load(&base, &token, &seeded, clients, stop, true).await })
    };
    tokio::time::sleep(Duration::from_secs(5)).await;
    server.kill();
    stop.store(true, Ordering::SeqCst);
    let t = runner.await.unwrap();
    let server = Server::start(&a.bin, &db, &db.url, &key).await;
    let missing = lost(&server.base, &token, &t.acked).await;
    let integrity = if postgres {
        "n/a".to_string()
    } else {
        #[derive(diesel::QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        use diesel::RunQueryDsl as _;
        let mut c = diesel::SqliteConnection::establish(&db.url).unwrap();
        diesel::sql_query("PRAGMA integrity_check")
            .load::<Check>(&mut c)
            .map(|v| {
                v.into_iter()
                    .map(|c| c.integrity_check)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_else(|e| e.to_string())
    };
    println!(
        "| kill -9 under writes ({}) | lost {missing} of {} acknowledged creates | integrity_check: {integrity} |",
        if postgres { "PostgreSQL" } else { "SQLite" },
        t.acked.len(),
    );
}

#[tokio::main]
async fn main() {
    let a = args();
    let pg = std::env::var("SWITCHBOARD_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty())
        && a.only.as_deref() != Some("sqlite");
    let lite = a.only.as_deref() != Some("postgres");
    println!("| backend | load | requests/s | p50 ms | p99 ms | 5xx | lost / acknowledged | RSS MiB before / peak / after {} s | threads before / peak / after |", a.settle);
    println!("|---|---|---|---|---|---|---|---|---|");
    if lite {
        load_run(&a, false).await;
    }
    if pg {
        load_run(&a, true).await;
    }
    println!();
    if lite {
        kill_run(&a, false).await;
    }
    if pg {
        kill_run(&a, true).await;
        outage_run(&a).await;
    } else {
        println!("(PostgreSQL runs skipped: SWITCHBOARD_TEST_POSTGRES_URL is not set)");
    }
}
