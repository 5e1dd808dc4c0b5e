//! The outbound proxy: injection per auth scheme, header hygiene, secret scrubbing,
//! rate limits (burst and rate, Max-Wait, overrides, upstream 429), sharing, and the
//! OAuth refresh-and-retry on a 401. The upstream is an echo server on 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::json;

use crate::dual;
use crate::helpers::*;

/// What the echo upstream saw of one request.
#[derive(Clone, Debug)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[derive(Clone)]
pub struct Echo {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Echo {
    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
    pub fn last(&self) -> Seen {
        self.seen.lock().unwrap().last().cloned().unwrap()
    }
}

/// Echoes every request as JSON (headers, query, body). `/status/<n>` answers n;
/// `/slow-down` answers 429 with `Retry-After: 1`.
pub async fn echo() -> Echo {
    let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
    let s2 = seen.clone();
    let server = HttpServer::new(move || {
        let seen = s2.clone();
        App::new().app_data(web::PayloadConfig::new(16 << 20)).default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let seen = seen.clone();
            async move {
                let s = Seen {
                    at: Instant::now(),
                    method: req.method().to_string(),
                    path: req.path().to_string(),
                    query: req.query_string().to_string(),
                    headers: req
                        .headers()
                        .iter()
                        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
                        .collect(),
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                seen.lock().unwrap().push(s.clone());
                if req.path() == "/hostile" {
                    return HttpResponse::Ok()
                        .content_type("text/html")
                        .insert_header(("content-security-policy", "default-src *"))
                        .insert_header(("x-frame-options", "ALLOWALL"))
                        .insert_header(("x-content-type-options", "sniff-away"))
                        .insert_header(("set-cookie", "sid=evil; Path=/"))
                        .insert_header(("clear-site-data", "\"*\""))
                        .insert_header(("refresh", "0; url=https://evil.example/"))
                        .insert_header(("link", "<https://evil.example/x.css>; rel=stylesheet"))
                        .body("<script>alert(document.cookie)</script>");
                }
                if req.path() == "/echo-b64" {
                    use base64::Engine as _;
                    let key = req.headers().get("x-api-key").map(|v| v.as_bytes().to_vec()).unwrap_or_default();
                    return HttpResponse::Ok().json(json!({
                        "b64": base64::engine::general_purpose::STANDARD.encode(&key),
                        "b64url": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&key),
                        "pct": key.iter().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(b) { (*b as char).to_string() } else { format!("%{b:02x}") }).collect::<String>(),
                    }));
                }
                if req.path() == "/slow-down" {
                    return HttpResponse::TooManyRequests()
                        .insert_header(("retry-after", "1"))
                        .json(json!({"error": "slow down"}));
                }
                let status = req
                    .path()
                    .strip_prefix("/status/")
                    .and_then(|n| n.parse::<u16>().ok())
                    .unwrap_or(200);
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                    .insert_header(("x-upstream", "echo"))
                    .insert_header(("set-cookie", "upstream=1; Path=/"))
                    .json(json!({
                        "method": s.method, "path": s.path, "query": s.query,
                        "headers": s.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>(),
                        "body": s.body,
                    }))
            }
        }))
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    Echo { url, seen }
}

async fn app_with(
    app: &TestApp,
    slug: &str,
    base: &str,
    inject: serde_json::Value,
    limit: serde_json::Value,
) {
    let def = json!({
        "slug": slug, "name": slug, "category": "testing", "base_url": base,
        "auth": {"type": "api_key",
                 "fields": [{"key": "token", "label": "Token", "secret": true, "required": true},
                            {"key": "email", "label": "Email", "secret": false, "required": false}],
                 "inject": inject},
        "rate_limit": limit,
    });
    let r = app
        .post_json("/api/v1/apps", Some(&app.admin_token), &def)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
}

async fn key(app: &TestApp, token: &str, scopes: &[&str]) -> String {
    let r = app
        .post_json(
            "/api/v1/api-keys",
            Some(token),
            &json!({"name": format!("k {}", scopes.join(",")), "scopes": scopes, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body["key"].as_str().unwrap().to_string()
}

async fn connect(app: &TestApp, token: &str, slug: &str, secret: &str) -> String {
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(token),
            &json!({"app": slug, "fields": {"token": secret, "email": "robot@example.com"}, "test": false}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

/// A GET sent byte for byte, without any client-side path normalisation.
async fn raw_get(app: &TestApp, path: &str, key: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

const WIDE: &str = r#"{"requests": 100000, "per_seconds": 1, "burst": 100000}"#;

async fn injects_each_scheme_and_keeps_secrets_in(app: TestApp) {
    let up = echo().await;
    let wide: serde_json::Value = serde_json::from_str(WIDE).unwrap();
    let schemes = [
        (
            "px-bearer",
            json!([{"in": "header", "name": "Authorization", "value": "Bearer {{token}}"}]),
        ),
        (
            "px-header",
            json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        ),
        (
            "px-query",
            json!([{"in": "query", "name": "api_key", "value": "{{token}}"}]),
        ),
        (
            "px-basic",
            json!([{"in": "basic", "username": "{{email}}", "password": "{{token}}"}]),
        ),
    ];
    let k = key(&app, &app.admin_token, &["proxy"]).await;
    for (slug, inject) in schemes {
        app_with(&app, slug, &up.url, inject, wide.clone()).await;
        let secret = format!("canary-{slug}-5e1f9a77");
        let id = connect(&app, &app.admin_token, slug, &secret).await;
        let r = app
            .send(
                app.req(
                    reqwest::Method::GET,
                    &format!("/api/v1/connections/{id}/proxy/v1/items?page=2&q=a%20b&api_key=callers-own"),
                    Some(&k),
                )
                .header("x-api-key", "callers-own")
                .header("cookie", "sb_refresh=caller-cookie")
                .header("x-custom", "kept")
                .header("x-forwarded-for", "203.0.113.9")
                .header("switchboard-max-wait", "0"),
            )
            .await;
        assert_eq!(r.status(), 200, "{slug}: {}", r.text);
        let seen = up.last();
        assert_eq!(seen.path, "/v1/items");
        assert!(
            seen.query.starts_with("page=2&q="),
            "{slug}: {}",
            seen.query
        );
        assert_eq!(seen.header("x-custom").as_deref(), Some("kept"));
        assert_eq!(
            seen.header("cookie"),
            None,
            "{slug}: the caller's cookie went upstream"
        );
        assert_eq!(seen.header("x-forwarded-for"), None);
        assert!(
            !seen.headers.iter().any(|(_, v)| v.contains(&k)),
            "{slug}: the caller's API key went upstream"
        );
        match slug {
            "px-bearer" => assert_eq!(
                seen.header("authorization"),
                Some(format!("Bearer {secret}"))
            ),
            "px-header" => {
                assert_eq!(seen.header("x-api-key").as_deref(), Some(secret.as_str()));
                let n = seen
                    .headers
                    .iter()
                    .filter(|(k, _)| k == "x-api-key")
                    .count();
                assert_eq!(n, 1, "the caller's own x-api-key went along");
                assert_eq!(seen.header("authorization"), None);
            }
            "px-query" => {
                assert!(!seen.query.contains("callers-own"), "{}", seen.query);
                assert!(
                    seen.query.contains(&format!("api_key={secret}")),
                    "{}",
                    seen.query
                );
                assert_eq!(seen.header("authorization"), None);
            }
            _ => {
                use base64::Engine as _;
                let b = base64::engine::general_purpose::STANDARD
                    .encode(format!("robot@example.com:{secret}"));
                assert_eq!(seen.header("authorization"), Some(format!("Basic {b}")));
            }
        }
        // The echo carried the secret back; the caller sees it scrubbed.
        assert!(
            !r.text.contains(&secret),
            "{slug}: secret in the answer: {}",
            r.text
        );
        assert!(r.text.contains("[redacted]"), "{slug}: {}", r.text);
        assert!(!r
            .headers
            .iter()
            .any(|(_, v)| v.to_str().unwrap_or_default().contains(&secret)));
        assert_eq!(r.header("x-upstream").as_deref(), Some("echo"));
        assert_eq!(
            r.header("set-cookie"),
            None,
            "upstream cookies stay upstream"
        );
        assert!(r.header("ratelimit-remaining").is_some());
    }
    let logs = captured_logs();
    assert!(
        !logs.contains("canary-px-"),
        "an injected secret reached the log"
    );
}
dual!(injects_each_scheme_and_keeps_secrets_in);

/// An echo upstream, a `px-header` app on it with one connection, and a proxy key.
async fn header_connection(app: &TestApp) -> (Echo, String, String) {
    let up = echo().await;
    let wide: serde_json::Value = serde_json::from_str(WIDE).unwrap();
    app_with(
        app,
        "px-header",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        wide,
    )
    .await;
    let k = key(app, &app.admin_token, &["proxy"]).await;
    let id = connect(app, &app.admin_token, "px-header", "another-secret-value-1").await;
    (up, k, id)
}

async fn methods_bodies_and_statuses_pass_through(app: TestApp) {
    let (up, k, id) = header_connection(&app).await;
    let r = app
        .send(
            app.req(
                reqwest::Method::POST,
                &format!("/api/v1/connections/{id}/proxy/status/201"),
                Some(&k),
            )
            .header("content-type", "application/json")
            .body(r#"{"hello":"world"}"#),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let seen = up.last();
    assert_eq!(
        (seen.method.as_str(), seen.body.as_str()),
        ("POST", r#"{"hello":"world"}"#)
    );
    assert_eq!(
        seen.header("content-type").as_deref(),
        Some("application/json")
    );
    // A large body streams through.
    let big = "x".repeat(3 * 1024 * 1024);
    let r = app
        .send(
            app.req(
                reqwest::Method::PUT,
                &format!("/api/v1/connections/{id}/proxy/upload"),
                Some(&k),
            )
            .body(big.clone()),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(up.last().body.len(), big.len());
}
dual!(methods_bodies_and_statuses_pass_through);

/// Generated SDKs send `{path}` as one percent-encoded segment; HEAD and OPTIONS
/// are proxied like the other methods.
async fn sdk_encoded_paths_and_every_method_pass_through(app: TestApp) {
    let (up, k, id) = header_connection(&app).await;
    let r = app
        .get(
            &format!("/api/v1/connections/{id}/proxy/v1%2Fusers%2Fa%20b?page=2"),
            Some(&k),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let seen = up.last();
    assert_eq!(
        (seen.path.as_str(), seen.query.as_str()),
        ("/v1/users/a%20b", "page=2")
    );
    // Encoded `?` stays part of the path.
    let r = app
        .get(
            &format!("/api/v1/connections/{id}/proxy/v1%2Fa%3Fb"),
            Some(&k),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(
        (up.last().path.as_str(), up.last().query.as_str()),
        ("/v1/a%3Fb", "")
    );
    for method in [reqwest::Method::HEAD, reqwest::Method::OPTIONS] {
        let r = app
            .send(app.req(
                method.clone(),
                &format!("/api/v1/connections/{id}/proxy/v1%2Fping"),
                Some(&k),
            ))
            .await;
        assert_eq!(r.status(), 200, "{method}: {}", r.text);
        let seen = up.last();
        assert_eq!(
            (seen.method.as_str(), seen.path.as_str()),
            (method.as_str(), "/v1/ping")
        );
        assert_eq!(
            seen.header("x-api-key").as_deref(),
            Some("another-secret-value-1")
        );
    }
    // Decoded once, then checked like a raw path.
    let before = up.count();
    for bad in [
        "v1%2F..%2Fadmin",
        "%2E%2E%2Fadmin",
        "v1%2F%252e%252e%2Fadmin",
        "v1%2F..%3Bx%2Fadmin",
    ] {
        let (status, body) =
            raw_get(&app, &format!("/api/v1/connections/{id}/proxy/{bad}"), &k).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains("invalid_proxy_path"), "{bad}: {body}");
    }
    assert_eq!(up.count(), before, "a refused path reached the upstream");
}
dual!(sdk_encoded_paths_and_every_method_pass_through);

async fn paths_cannot_leave_the_base_url(app: TestApp) {
    let (up, k, id) = header_connection(&app).await;
    // Paths cannot leave the base URL.
    // (A literal "../" is resolved by the HTTP client before it is sent, and lands
    // outside the proxy route: 404.)
    assert_eq!(
        app.get(
            &format!("/api/v1/connections/{id}/proxy/../admin"),
            Some(&k)
        )
        .await
        .status(),
        404
    );
    // HTTP clients resolve encoded dot segments too; send these raw.
    for bad in [
        ".%2e/x",
        "%2e./x",
        "a/%2e/b",
        "a/%2e%2e/admin",
        "a/%2E%2E/%2E%2E/admin",
        "a/./b",
        "a/../admin",
        "..;/admin",
        "a/..;/admin",
        "a/..;x=1/admin",
        "a/.;/admin",
        "a/x;..;/admin",
        "a/%2e%2e%3b/admin",
        "a/b%2fc",
        "...",
    ] {
        let (status, body) =
            raw_get(&app, &format!("/api/v1/connections/{id}/proxy/{bad}"), &k).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains("invalid_proxy_path"), "{bad}: {body}");
    }
    assert!(!up
        .seen
        .lock()
        .unwrap()
        .iter()
        .any(|s| s.path.contains("admin")));
}
dual!(paths_cannot_leave_the_base_url);

async fn the_proxy_needs_its_scope(app: TestApp) {
    let (_up, _k, id) = header_connection(&app).await;
    // The scope is needed.
    let weak = key(&app, &app.admin_token, &["connections:read"]).await;
    app.get(&format!("/api/v1/connections/{id}/proxy/x"), Some(&weak))
        .await
        .problem(403, "insufficient_scope");
}
dual!(the_proxy_needs_its_scope);

async fn rate_limits_hold(app: TestApp) {
    let up = echo().await;
    app_with(
        &app,
        "px-limited",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 10, "per_seconds": 1, "burst": 5}),
    )
    .await;
    let k = key(&app, &app.admin_token, &["proxy", "connections:read"]).await;
    let id = connect(&app, &app.admin_token, "px-limited", "limited-secret-1").await;
    let path = format!("/api/v1/connections/{id}/proxy/ping");

    // 200 calls at once: the upstream sees at most 5 + 10·t calls by time t.
    let start = Instant::now();
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let (http, url, k) = (app.http.clone(), format!("{}{path}", app.base), k.clone());
            tokio::spawn(async move { http.get(url).bearer_auth(k).send().await.unwrap() })
        })
        .collect();
    let mut statuses = Vec::new();
    for c in calls {
        let r = c.await.unwrap();
        if r.status() == 429 {
            assert!(r.headers().get("retry-after").is_some());
            assert_eq!(r.headers()["ratelimit-remaining"], "0");
        }
        statuses.push(r.status().as_u16());
    }
    let elapsed = start.elapsed().as_secs_f64();
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(ok + statuses.iter().filter(|s| **s == 429).count(), 200);
    assert_eq!(up.count(), ok);
    assert!(
        ok >= 5 && (ok as f64) <= 5.0 + 10.0 * elapsed + 1.0,
        "{ok} calls passed in {elapsed:.2}s"
    );
    let times: Vec<f64> = up
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| (s.at - start).as_secs_f64())
        .collect();
    for (n, t) in times.iter().enumerate() {
        assert!(
            (n + 1) as f64 <= 5.0 + 10.0 * t + 1.0,
            "call {} at {t:.3}s",
            n + 1
        );
    }

    // Switchboard-Max-Wait turns rejections into waits.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let before = up.count();
    let start = Instant::now();
    let calls: Vec<_> = (0..12)
        .map(|_| {
            let (http, url, k) = (app.http.clone(), format!("{}{path}", app.base), k.clone());
            tokio::spawn(async move {
                http.get(url)
                    .bearer_auth(k)
                    .header("switchboard-max-wait", "5000")
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), 200, "a waiting call was refused");
    }
    assert_eq!(up.count() - before, 12);
    assert!(
        start.elapsed() >= Duration::from_millis(600),
        "12 calls at 10/s after a burst of 5 take time"
    );

    // Overrides: system administrators only, effective from the next call, audited.
    let info = app
        .get(&format!("/api/v1/connections/{id}/rate-limit"), Some(&k))
        .await;
    assert_eq!(info.status(), 200, "{}", info.text);
    assert_eq!(info.body["source"], "app");
    assert_eq!(info.body["effective"]["requests"], 10);
    let (_, other_admin) = app.account("Tenant", "tenant@example.com").await;
    app.put_json(
        &format!("/api/v1/connections/{id}/rate-limit"),
        Some(&other_admin),
        &json!({"requests": 1000, "per_seconds": 1, "burst": 500}),
    )
    .await
    .problem(403, "system_admin_required");
    app.put_json(
        &format!("/api/v1/connections/{id}/rate-limit"),
        Some(&app.admin_token),
        &json!({"requests": 0, "per_seconds": 1, "burst": 5}),
    )
    .await
    .problem(422, "validation_failed");
    let r = app
        .put_json(
            &format!("/api/v1/connections/{id}/rate-limit"),
            Some(&app.admin_token),
            &json!({"requests": 1000, "per_seconds": 1, "burst": 500}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["source"], "override");
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let (http, url, k) = (app.http.clone(), format!("{}{path}", app.base), k.clone());
            tokio::spawn(async move {
                http.get(url)
                    .bearer_auth(k)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), 200, "the override did not apply");
    }
    let r = app
        .delete(
            &format!("/api/v1/connections/{id}/rate-limit"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(r.body["source"], "app", "{}", r.text);
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.rate_limit_override"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 1);

    // An upstream 429 with Retry-After holds the connection's calls until then.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = app
        .get(
            &format!("/api/v1/connections/{id}/proxy/slow-down"),
            Some(&k),
        )
        .await;
    assert_eq!(r.status(), 429);
    let hits = up.count();
    let r = app.get(&path, Some(&k)).await;
    r.problem(429, "too_many_requests");
    assert_eq!(up.count(), hits, "a held call reached the upstream");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(app.get(&path, Some(&k)).await.status(), 200);
}
dual!(rate_limits_hold);

async fn shared_connections_proxy_for_children_only(app: TestApp) {
    let up = echo().await;
    app_with(
        &app,
        "px-shared",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        serde_json::from_str(WIDE).unwrap(),
    )
    .await;
    let (_, parent) = app.account("Parent", "parent@example.com").await;
    let r = app
        .post_json(
            "/api/v1/accounts",
            Some(&parent),
            &json!({"name": "Child", "admin": {"email": "child@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let child = app.login("child@example.com", PASSWORD).await.0;
    let (_, unrelated) = app.account("Unrelated", "unrelated@example.com").await;
    let id = connect(&app, &parent, "px-shared", "shared-secret-777").await;
    let child_key = key(&app, &child, &["proxy"]).await;
    let unrelated_key = key(&app, &unrelated, &["proxy"]).await;
    let path = format!("/api/v1/connections/{id}/proxy/hello");
    app.get(&path, Some(&child_key))
        .await
        .problem(404, "not_found");
    let etag = app
        .get(&format!("/api/v1/connections/{id}"), Some(&parent))
        .await
        .header("etag")
        .unwrap();
    let r = app
        .send(
            app.req(
                reqwest::Method::PATCH,
                &format!("/api/v1/connections/{id}"),
                Some(&parent),
            )
            .header("if-match", etag)
            .json(&json!({"shared_with_children": true})),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = app.get(&path, Some(&child_key)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(
        up.last().header("x-api-key").as_deref(),
        Some("shared-secret-777")
    );
    app.get(&path, Some(&unrelated_key))
        .await
        .problem(404, "not_found");
}
dual!(shared_connections_proxy_for_children_only);

/// An OAuth app answering 401: one refresh, one retry, the caller never notices.
async fn oauth_401_refreshes_once_and_retries(app: TestApp) {
    use crate::oauth::{callback, consent, oauth_app, start};
    use crate::provider::{self, CLIENT_ID, CLIENT_SECRET};
    let fake = provider::start().await;
    oauth_app(&app, &fake.url, json!({})).await;
    app.put_json(
        "/api/v1/apps/fake-oauth/oauth-client",
        Some(&app.admin_token),
        &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "current_password": PASSWORD}),
    )
    .await;
    let (url, cookie) = start(&app, &app.admin_token, json!({"app": "fake-oauth"})).await;
    let back = consent(&app, &url).await;
    let loc = callback(&app, &back, Some(&cookie)).await;
    let id = loc.rsplit('=').next().unwrap().to_string();
    let k = key(&app, &app.admin_token, &["proxy"]).await;
    let path = format!("/api/v1/connections/{id}/proxy/userinfo");
    let r = app.get(&path, Some(&k)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(fake.refresh_calls(), 0);
    // The provider forgets the access token (revoked early, rotated keys, ...).
    fake.with(|s| s.live_access.clear());
    let r = app.get(&path, Some(&k)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["email"], "person@provider.test");
    assert_eq!(fake.refresh_calls(), 1);
    let r = app.get(&path, Some(&k)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        fake.refresh_calls(),
        1,
        "a working token is not refreshed again"
    );
}
dual!(oauth_401_refreshes_once_and_retries);

/// Three server processes on one PostgreSQL share a limit of 20/s (burst 5): over 10
/// seconds of load from all three, the upstream sees at most 20·10 + 5 calls, and at
/// least 90% of that. (The shared backend is PostgreSQL's; there is no SQLite variant.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_share_one_limit_postgres() {
    let app = spawn(Backend::Postgres).await.expect(NEEDS_POSTGRES);
    let up = echo().await;
    app_with(
        &app,
        "px-shared-limit",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 20, "per_seconds": 1, "burst": 5}),
    )
    .await;
    let k = key(&app, &app.admin_token, &["proxy"]).await;
    let id = connect(
        &app,
        &app.admin_token,
        "px-shared-limit",
        "replica-secret-1",
    )
    .await;
    let env = [("SWITCHBOARD_RATE_LIMIT_BACKEND", "postgres")];
    let replicas = vec![
        crate::refresh::replica_with(&app, &env).await,
        crate::refresh::replica_with(&app, &env).await,
        crate::refresh::replica_with(&app, &env).await,
    ];
    let http = reqwest::Client::new();
    let start = Instant::now();
    let window = Duration::from_secs(10);
    let loops: Vec<_> = (0..9)
        .map(|i| {
            let (http, url, k) = (
                http.clone(),
                format!(
                    "{}/api/v1/connections/{id}/proxy/load",
                    replicas[i % 3].base
                ),
                k.clone(),
            );
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                while start.elapsed() < window {
                    let r = http
                        .get(&url)
                        .bearer_auth(&k)
                        .header("switchboard-max-wait", "500")
                        .send()
                        .await;
                    statuses.push(r.map(|r| r.status().as_u16()).unwrap_or(0));
                }
                statuses
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for l in loops {
        statuses.extend(l.await.unwrap());
    }
    let within = up
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.at.duration_since(start) <= window)
        .count();
    let max = 20 * 10 + 5;
    eprintln!(
        "shared limit: {within} upstream calls in 10 s of {max} allowed, {} calls made",
        statuses.len()
    );
    assert!(
        within <= max,
        "{within} upstream calls in 10 s, limit {max}"
    );
    assert!(
        within as f64 >= 0.9 * max as f64,
        "only {within} of {max} allowed calls used"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "{statuses:?}"
    );
    drop(replicas);
}

/// Three replicas' shared limiters lease calls in batches (a burst of 80 allows
/// batches of up to 10) and still keep one limit: over 3 s of 24 callers taking
/// every call they can, 200/s with burst 80 allows 200·3 + 80 calls; at most that
/// many are allowed, and at least 90 % of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leased_batches_keep_the_shared_limit_postgres() {
    use switchboard_server::outbound::ratelimit::shared::Shared;
    use switchboard_types::{ConnectionId, RateLimit};
    let app = spawn(Backend::Postgres).await.expect(NEEDS_POSTGRES);
    let limit = RateLimit {
        requests: 200,
        per_seconds: 1,
        burst: 80,
    };
    let key = ConnectionId::from(uuid::Uuid::new_v4());
    let replicas: Vec<Arc<Shared>> = (0..3)
        .map(|_| Arc::new(Shared::new(app.state.db.clone())))
        .collect();
    let window = Duration::from_secs(3);
    let start = Instant::now();
    let callers: Vec<_> = (0..24)
        .map(|i| {
            let limiter = replicas[i % 3].clone();
            tokio::spawn(async move {
                let mut allowed = 0u32;
                while start.elapsed() < window {
                    let d = limiter.check(key, limit).await.unwrap();
                    if d.allowed {
                        if start.elapsed() <= window {
                            allowed += 1;
                        }
                    } else {
                        tokio::time::sleep(d.retry_after).await;
                    }
                }
                allowed
            })
        })
        .collect();
    let mut allowed = 0;
    for c in callers {
        allowed += c.await.unwrap();
    }
    let max = 200 * 3 + 80;
    eprintln!("leased shared limit: {allowed} calls allowed in 3 s of {max}");
    assert!(allowed <= max, "{allowed} calls allowed, limit {max}");
    assert!(
        f64::from(allowed) >= 0.9 * f64::from(max),
        "only {allowed} of {max} allowed calls"
    );
}

/// A hostile upstream's answer cannot act on Switchboard's origin: Switchboard's CSP
/// (sandbox), nosniff and frame denial replace the upstream's, and its cookies,
/// Clear-Site-Data, Refresh and Link headers are dropped. Echoed secrets in base64
/// and lower-case percent-encoding are scrubbed too.
async fn proxy_answers_cannot_act_on_switchboards_origin(app: TestApp) {
    let up = echo().await;
    app_with(
        &app,
        "px-hostile",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 100, "per_seconds": 1, "burst": 100}),
    )
    .await;
    let k = key(&app, &app.admin_token, &["proxy"]).await;
    let id = connect(
        &app,
        &app.admin_token,
        "px-hostile",
        "hostile-canary/secret+1",
    )
    .await;
    let r = app
        .get(&format!("/api/v1/connections/{id}/proxy/hostile"), Some(&k))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.header("content-security-policy").as_deref(),
        Some("sandbox; default-src 'none'")
    );
    assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    for gone in ["set-cookie", "clear-site-data", "refresh", "link"] {
        assert!(r.header(gone).is_none(), "{gone} came through");
    }
    assert_eq!(
        r.headers.get_all("content-security-policy").iter().count(),
        1
    );
    let r = app
        .get(
            &format!("/api/v1/connections/{id}/proxy/echo-b64"),
            Some(&k),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.body["b64"], "[redacted]", "{}", r.text);
    assert_eq!(r.body["b64url"], "[redacted]", "{}", r.text);
    assert_eq!(r.body["pct"], "[redacted]", "{}", r.text);
}
dual!(proxy_answers_cannot_act_on_switchboards_origin);

/// A system administrator reads, sets and clears the rate-limit override of any
/// account's connection (an operator setting), without gaining access to the
/// connection itself.
async fn system_admin_sets_limits_on_any_account(app: TestApp) {
    let up = echo().await;
    app_with(
        &app,
        "px-tenant",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 10, "per_seconds": 1, "burst": 5}),
    )
    .await;
    let (_, tenant) = app.account("Tenant", "tenant@example.com").await;
    let id = connect(&app, &tenant, "px-tenant", "tenant-secret-1").await;
    let path = format!("/api/v1/connections/{id}/rate-limit");
    let admin = app.admin_token.clone();
    let r = app.get(&path, Some(&admin)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["source"], "app");
    let r = app
        .put_json(
            &path,
            Some(&admin),
            &json!({"requests": 7, "per_seconds": 1, "burst": 3}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["effective"]["requests"], 7);
    let seen = app.get(&path, Some(&tenant)).await;
    assert_eq!(seen.body["source"], "override", "{}", seen.text);
    let r = app.delete(&path, Some(&admin)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["source"], "app");
    // The connection itself stays the tenant's.
    app.get(&format!("/api/v1/connections/{id}"), Some(&admin))
        .await
        .problem(404, "not_found");
    // Another tenant's admin still gets 404 on the limit.
    let (_, other) = app.account("Other", "other@example.com").await;
    app.get(&path, Some(&other)).await.problem(404, "not_found");
}
dual!(system_admin_sets_limits_on_any_account);

/// Raising a limit on the shared limiter takes effect at once on every replica: the
/// stored state of the old, slow limit (1 per minute) is not kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raised_limit_applies_at_once_on_every_replica_postgres() {
    let app = spawn(Backend::Postgres).await.expect(NEEDS_POSTGRES);
    let up = echo().await;
    app_with(
        &app,
        "px-raise",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 1, "per_seconds": 60, "burst": 1}),
    )
    .await;
    let k = key(&app, &app.admin_token, &["proxy"]).await;
    let id = connect(&app, &app.admin_token, "px-raise", "raise-secret-1").await;
    let env = [("SWITCHBOARD_RATE_LIMIT_BACKEND", "postgres")];
    let replicas = vec![
        crate::refresh::replica_with(&app, &env).await,
        crate::refresh::replica_with(&app, &env).await,
        crate::refresh::replica_with(&app, &env).await,
    ];
    let http = reqwest::Client::new();
    let call = |i: usize| {
        let (http, url, k) = (
            http.clone(),
            format!("{}/api/v1/connections/{id}/proxy/x", replicas[i % 3].base),
            k.clone(),
        );
        async move {
            http.get(url)
                .bearer_auth(k)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(call(0).await, 200);
    assert_eq!(call(1).await, 429, "the slow limit holds");
    let r = http
        .put(format!(
            "{}/api/v1/connections/{id}/rate-limit",
            replicas[2].base
        ))
        .bearer_auth(&app.admin_token)
        .json(&json!({"requests": 1000, "per_seconds": 1, "burst": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Replicas remember a connection's plan for up to 2 s.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let statuses = futures_util::future::join_all((0..60).map(call)).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    drop(replicas);
}

async fn calls_are_counted_per_hour(app: TestApp) {
    let up = echo().await;
    app_with(
        &app,
        "px-counted",
        &up.url,
        json!([{"in": "header", "name": "X-Api-Key", "value": "{{token}}"}]),
        json!({"requests": 1, "per_seconds": 3600, "burst": 3}),
    )
    .await;
    let k = key(&app, &app.admin_token, &["proxy", "connections:read"]).await;
    let id = connect(&app, &app.admin_token, "px-counted", "counted-secret-1").await;
    let path = format!("/api/v1/connections/{id}/proxy/ping");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(app.get(&path, Some(&k)).await.status());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);

    let r = app
        .get(&format!("/api/v1/connections/{id}/usage"), Some(&k))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(
        (r.body["calls"].as_u64(), r.body["limited"].as_u64()),
        (Some(3), Some(2))
    );
    let hours = r.body["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 1);
    let hour: chrono::DateTime<chrono::Utc> = hours[0]["hour"].as_str().unwrap().parse().unwrap();
    let now = chrono::Utc::now();
    assert!(
        hour <= now && now - hour < chrono::Duration::hours(1),
        "{hour}"
    );
    assert_eq!(hour.timestamp() % 3600, 0, "an hour's start");
    let from: chrono::DateTime<chrono::Utc> = r.body["from"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        (hour - from).num_hours(),
        7 * 24 - 1,
        "seven days back, this hour included"
    );

    // Later counts add to the stored hour.
    app.get(&path, Some(&k)).await;
    let r = app
        .get(&format!("/api/v1/connections/{id}/usage?days=1"), Some(&k))
        .await;
    assert_eq!(
        (r.body["calls"].as_u64(), r.body["limited"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(up.count(), 3);

    for bad in ["0", "31", "x"] {
        let r = app
            .get(
                &format!("/api/v1/connections/{id}/usage?days={bad}"),
                Some(&k),
            )
            .await;
        assert!([400, 422].contains(&r.status()), "days={bad}: {}", r.text);
    }
    let (_, other) = app.account("Other", "other-usage@example.com").await;
    app.get(&format!("/api/v1/connections/{id}/usage"), Some(&other))
        .await
        .problem(404, "not_found");

    // Counts of a connection deleted before they were stored are dropped quietly.
    app.get(&path, Some(&k)).await;
    let r = app
        .delete(&format!("/api/v1/connections/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    switchboard_server::outbound::usage::flush(&app.state)
        .await
        .unwrap();
}
dual!(calls_are_counted_per_hour);
