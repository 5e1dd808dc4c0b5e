//! Graceful shutdown of a `switchboard serve` process: SIGTERM lets calls in flight
//! finish, refuses new connections, answers readiness 503 on connections still
//! open, and gives back the refresh leases of work it had to cut off.

use std::io::{Read as _, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::dual;
use crate::helpers::*;
use crate::refresh::{api_key, connect, expire_in, get_token, replica, replica_with};

/// An upstream whose `/slow` answers at once with its headers, then streams
/// `chunks` chunks, one every 150 ms; counts the calls that arrived.
async fn slow_upstream(chunks: u32) -> (String, Arc<AtomicUsize>) {
    use actix_web::{web, App, HttpResponse, HttpServer};
    let arrived = Arc::new(AtomicUsize::new(0));
    let seen = arrived.clone();
    let server = HttpServer::new(move || {
        let seen = seen.clone();
        App::new().route(
            "/slow",
            web::get().to(move || {
                seen.fetch_add(1, Ordering::SeqCst);
                let stream = futures_util::stream::unfold(0u32, move |i| async move {
                    if i == chunks {
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    Some((
                        Ok::<_, actix_web::Error>(web::Bytes::from(format!("chunk-{i};"))),
                        i + 1,
                    ))
                });
                async move { HttpResponse::Ok().streaming(stream) }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    (format!("http://127.0.0.1:{port}"), arrived)
}

/// One HTTP/1.1 request on an open connection; the status and body.
fn ask(stream: &mut std::net::TcpStream, path: &str) -> (u16, String) {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: switchboard\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before an answer");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if body.len() >= len {
                let status = head.split(' ').nth(1).unwrap().parse().unwrap();
                return (status, body[..len].to_string());
            }
        }
    }
}

async fn sigterm_lets_calls_in_flight_finish(app: TestApp) {
    let (upstream, arrived) = slow_upstream(20).await;
    app.custom_app("slowapi", "Slow API", &upstream, false)
        .await;
    let r = app
        .create_connection(&app.admin_token, "slowapi", None, "slow-token")
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let key = api_key(&app, &["proxy"]).await;
    let mut server = replica_with(
        &app,
        &[
            ("SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS", "10"),
            ("SWITCHBOARD_SHUTDOWN_DRAIN_SECS", "1"),
        ],
    )
    .await;
    let address = server.base.trim_start_matches("http://").to_string();

    let call = {
        let url = format!("{}/api/v1/connections/{id}/proxy/slow", server.base);
        let http = reqwest::Client::new();
        tokio::spawn(async move {
            let r = http.get(url).bearer_auth(key).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.text().await.unwrap())
        })
    };
    let started = Instant::now();
    while arrived.load(Ordering::SeqCst) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the call never arrived upstream"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.terminate();
    let signalled = Instant::now();

    // During the drain time readiness fails, so load balancers take it out…
    let mut probe = std::net::TcpStream::connect(&address).unwrap();
    probe
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let (status, body) = ask(&mut probe, "/readyz");
    assert!(
        signalled.elapsed() < Duration::from_secs(1),
        "probe too late to test the drain"
    );
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("shutting_down"), "{body}");
    drop(probe);
    // …then new connections are refused…
    loop {
        if std::net::TcpStream::connect(&address).is_err() {
            break;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(4),
            "still accepting connections"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // …and the streamed call in flight finishes whole.
    let (status, body) = call.await.unwrap();
    assert_eq!(status, 200, "{body}");
    let want: String = (0..20).map(|i| format!("chunk-{i};")).collect();
    assert_eq!(body, want);
    let exit = server
        .exited(Duration::from_secs(10))
        .await
        .expect("the server stops after the call");
    assert!(exit.success(), "{exit:?}");
}
dual!(sigterm_lets_calls_in_flight_finish);

/// A refresh that the shutdown cuts off (the provider is slower than
/// `SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS`) gives its lease back: another server
/// refreshes at once instead of waiting for the lease (here 45 s) to run out.
async fn sigterm_releases_refresh_leases(app: TestApp) {
    let fake = crate::provider::start().await;
    fake.with(|s| s.reuse_grace = Duration::from_secs(120));
    let id = connect(&app, &fake).await;
    let key = api_key(&app, &["credentials:read"]).await;
    let mut victim = replica_with(
        &app,
        &[
            ("SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS", "1"),
            // Lease: timeout × attempts + 5 s.
            ("SWITCHBOARD_OUTBOUND_TIMEOUT_SECS", "20"),
        ],
    )
    .await;
    fake.with(|s| s.refresh_delay = Duration::from_secs(8));
    expire_in(&app, &id, -1).await;
    let pending = {
        let (http, base, key, id) = (
            app.http.clone(),
            victim.base.clone(),
            key.clone(),
            id.clone(),
        );
        tokio::spawn(async move { get_token(&http, &base, &key, &id).await })
    };
    let started = Instant::now();
    while fake.refresh_calls() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no refresh started"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let conn: switchboard_types::ConnectionId = id.parse::<uuid::Uuid>().unwrap().into();
    let lease = || async {
        app.state
            .db
            .read(move |c| {
                Ok::<_, switchboard_db::DbError>(
                    switchboard_db::repo::token_refresh::get(c, conn)?.and_then(|b| b.lease_until),
                )
            })
            .await
            .unwrap()
    };
    assert!(lease().await.is_some(), "the victim holds the lease");
    victim.terminate();
    let exit = victim
        .exited(Duration::from_secs(10))
        .await
        .expect("the server stops after its shutdown timeout");
    assert!(exit.success(), "{exit:?}");
    let _ = pending.await;
    assert_eq!(lease().await, None, "the lease was given back");

    fake.with(|s| s.refresh_delay = Duration::ZERO);
    let survivor = replica(&app).await;
    let asked = Instant::now();
    let (status, token) = get_token(&app.http, &survivor.base, &key, &id).await;
    assert_eq!(status, 200);
    assert!(token.starts_with("at-r"), "{token}");
    assert!(
        asked.elapsed() < Duration::from_secs(15),
        "the survivor did not wait for the lease: {:?}",
        asked.elapsed()
    );
}
dual!(sigterm_releases_refresh_leases);

/// A second SIGTERM does not wait for the call in flight (here 9 s of stream
/// against a 30-s shutdown timeout).
async fn a_second_sigterm_stops_at_once(app: TestApp) {
    let (upstream, arrived) = slow_upstream(60).await;
    app.custom_app("slowapi", "Slow API", &upstream, false)
        .await;
    let r = app
        .create_connection(&app.admin_token, "slowapi", None, "slow-token")
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let key = api_key(&app, &["proxy"]).await;
    let mut server = replica(&app).await;
    let call = {
        let url = format!("{}/api/v1/connections/{id}/proxy/slow", server.base);
        tokio::spawn(async move {
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth(key)
                .send()
                .await?;
            r.text().await
        })
    };
    let started = Instant::now();
    while arrived.load(Ordering::SeqCst) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the call never arrived upstream"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.exited(Duration::ZERO).await.is_none(),
        "the first signal waits for the call"
    );
    server.terminate();
    let exit = server
        .exited(Duration::from_secs(3))
        .await
        .expect("the second signal stops the server at once");
    assert!(exit.success(), "{exit:?}");
    let body = call.await.unwrap();
    assert!(body.is_err(), "the call was cut off: {body:?}");
}
dual!(a_second_sigterm_stops_at_once);
