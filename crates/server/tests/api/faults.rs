//! Faults: a PostgreSQL outage is survived without a restart (503 meanwhile, and
//! `/readyz` follows), and SQLite never answers "database is locked".

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::*;

/// A TCP proxy in front of PostgreSQL that the test can cut (every open connection
/// closed, new ones refused at once) and restore.
struct Cable {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Cable {
    async fn to(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::<tokio::task::AbortHandle>::new()));
        let (up2, open2, target) = (up.clone(), open.clone(), target.to_string());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
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

/// The PostgreSQL server behind `SWITCHBOARD_TEST_POSTGRES_URL`, as `host:port`.
fn postgres_address(url: &str) -> String {
    let after = url.split_once("://").unwrap().1;
    let host = after.rsplit_once('@').map_or(after, |(_, h)| h);
    let host = host.split('/').next().unwrap();
    if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:5432")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_outage_is_survived_without_restart_postgres() {
    let db = TestDb::new(Backend::Postgres).expect(NEEDS_POSTGRES);
    let cable = Cable::to(&postgres_address(&db.url)).await;
    let via_cable = {
        let (scheme, rest) = db.url.split_once("://").unwrap();
        let (userinfo, rest) = rest.rsplit_once('@').unwrap();
        let path = &rest[rest.find('/').unwrap()..];
        format!("{scheme}://{userinfo}@127.0.0.1:{}{path}", cable.port)
    };
    let app = spawn_on(db, &[("SWITCHBOARD_DATABASE_URL", &via_cable)]).await;
    let t = app.admin_token.clone();
    assert_eq!(app.get("/api/v1/connections", Some(&t)).await.status(), 200);
    assert_eq!(app.get("/readyz", None).await.status(), 200);

    cable.cut();
    // Meanwhile: 503 `database_unavailable` with Retry-After, never 500.
    {
        let r = app.get("/api/v1/connections", Some(&t)).await;
        r.problem(503, "database_unavailable");
        assert!(r.header("retry-after").is_some());
    }
    let c = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "github", "fields": {"token": "ghp_0123456789abcdefghijABCDEFGHIJ"}, "test": false}),
        )
        .await;
    c.problem(503, "database_unavailable");
    app.get("/readyz", None)
        .await
        .problem(503, "database_unavailable");

    cable.restore();
    let back = Instant::now();
    loop {
        let r = app.get("/api/v1/connections", Some(&t)).await;
        if r.status() == 200 {
            break;
        }
        assert_eq!(r.status(), 503, "{}", r.text);
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "still {} after 5 s",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.get("/readyz", None).await.status(), 200);
    eprintln!(
        "answering again {:?} after the database returned",
        back.elapsed()
    );
    // The state changes are logged once each, not once per request.
    let logs = captured_logs();
    let outages = logs.matches("the database is unreachable").count();
    assert!(
        (1..=2).contains(&outages),
        "{outages} outage lines in the log"
    );
    assert!(logs.contains("the database is reachable again"));
}

/// 300 API keys used for the first time (each a `last_used_at` write) during a
/// 10-second create load: no request fails, none with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_use_of_keys_under_create_load_never_locks_sqlite() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let t = app.admin_token.clone();
    let mut keys = Vec::new();
    for i in 0..300 {
        let r = app
            .post_json(
                "/api/v1/api-keys",
                Some(&t),
                &json!({"name": format!("k{i}"), "scopes": ["connections:read", "connections:write"]}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        keys.push(r.body["key"].as_str().unwrap().to_string());
    }
    let keys = Arc::new(keys);
    let start = Instant::now();
    let window = Duration::from_secs(10);
    let writers = (0..8).map(|w| {
        let (http, base, t) = (app.http.clone(), app.base.clone(), t.clone());
        async move {
            let mut statuses = Vec::new();
            let mut i = 0;
            while start.elapsed() < window {
                let r = http
                    .post(format!("{base}/api/v1/connections"))
                    .bearer_auth(&t)
                    .json(&json!({"app": "github", "name": format!("w{w}-{i}"),
                                  "fields": {"token": "ghp_0123456789abcdefghijABCDEFGHIJ"}, "test": false}))
                    .send()
                    .await
                    .unwrap();
                statuses.push(r.status().as_u16());
                i += 1;
            }
            statuses
        }
    });
    let readers = (0..4).map(|r| {
        let (http, base, keys) = (app.http.clone(), app.base.clone(), keys.clone());
        async move {
            let mut statuses = Vec::new();
            for k in keys.iter().skip(r).step_by(4) {
                let resp = http
                    .get(format!("{base}/api/v1/connections?limit=5"))
                    .bearer_auth(k)
                    .send()
                    .await
                    .unwrap();
                statuses.push(resp.status().as_u16());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            statuses
        }
    });
    let (w, r) = tokio::join!(join_all(writers), join_all(readers));
    let created: Vec<u16> = w.into_iter().flatten().collect();
    let reads: Vec<u16> = r.into_iter().flatten().collect();
    assert_eq!(reads.len(), 300);
    assert!(reads.iter().all(|s| *s == 200), "{reads:?}");
    assert!(
        created.iter().all(|s| *s == 201),
        "{} of {} creates failed",
        created.iter().filter(|s| **s != 201).count(),
        created.len()
    );
    assert!(!captured_logs().contains("database is locked"));
    eprintln!(
        "{} creates and 300 first key uses, all answered",
        created.len()
    );
}

/// A server process killed with SIGKILL in the middle of a write load loses no
/// acknowledged write, and the database stays consistent.
async fn kill_9_under_write_load_loses_nothing(app: TestApp) {
    let victim = crate::refresh::replica_with(&app, &[]).await;
    let t = app.admin_token.clone();
    let base = victim.base.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (http, base, t, stop) = (app.http.clone(), base.clone(), t.clone(), stop.clone());
            tokio::spawn(async move {
                let mut acked = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let r = http
                        .post(format!("{base}/api/v1/connections"))
                        .bearer_auth(&t)
                        .json(&json!({"app": "github", "name": format!("k{w}-{i}"),
                                      "fields": {"token": format!("ghp_{w:02}{i:06}abcdefghijABCDEFGHIJ")}, "test": false}))
                        .send()
                        .await;
                    i += 1;
                    let Ok(r) = r else { continue };
                    if r.status() == 201 {
                        if let Ok(v) = r.json::<serde_json::Value>().await {
                            acked.push(v["id"].as_str().unwrap_or_default().to_string());
                        }
                    }
                }
                acked
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    drop(victim); // SIGKILL, mid-load
    stop.store(true, Ordering::SeqCst);
    let mut acked = Vec::new();
    for w in writers {
        acked.extend(w.await.unwrap());
    }
    assert!(
        acked.len() > 20,
        "only {} creates acknowledged",
        acked.len()
    );
    // Every acknowledged create is there and opens.
    let mut checks = Vec::new();
    for chunk in acked.chunks(50) {
        checks.extend(
            join_all(chunk.iter().map(|id| {
                let app = &app;
                let t = &t;
                async move {
                    app.get(&format!("/api/v1/connections/{id}"), Some(t))
                        .await
                        .status()
                }
            }))
            .await,
        );
    }
    assert!(checks.iter().all(|s| *s == 200), "{checks:?}");
    let last = acked.last().unwrap();
    let r = app
        .post_json(
            &format!("/api/v1/connections/{last}/reveal"),
            Some(&t),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    if app.db.backend == Backend::Sqlite {
        #[derive(diesel::QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let ok = app
            .state
            .db
            .read(|c| {
                use diesel::RunQueryDsl as _;
                let switchboard_db::DbConn::Sqlite(lite) = c else {
                    unreachable!()
                };
                Ok::<_, switchboard_db::DbError>(
                    diesel::sql_query("PRAGMA integrity_check").load::<Check>(lite)?,
                )
            })
            .await
            .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].integrity_check, "ok");
    }
    eprintln!("{} acknowledged creates survived kill -9", acked.len());
}
crate::dual!(kill_9_under_write_load_loses_nothing);
