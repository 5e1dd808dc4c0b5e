use serde_json::json;

use crate::dual;
use crate::helpers::*;

async fn bad_input_gets_problem_documents(app: TestApp) {
    let t = app.admin_token.clone();
    let raw = |body: &'static str, ct: &'static str| {
        app.req(reqwest::Method::POST, "/api/v1/connections", Some(&t))
            .header("content-type", ct)
            .body(body)
    };
    app.send(raw("{not json", "application/json"))
        .await
        .problem(400, "malformed_json");
    app.send(raw("{\"app\": 5}", "application/json"))
        .await
        .problem(422, "validation_failed");
    app.send(raw(
        "{\"app\": \"github\", \"fields\": {}, \"bogus\": 1}",
        "application/json",
    ))
    .await
    .problem(422, "validation_failed");
    // serde would take a struct from an array of its fields; the API takes objects only.
    app.send(raw("[\"github\", {}, null, false]", "application/json"))
        .await
        .problem(422, "validation_failed");
    app.send(raw("  \"github\"", "application/json"))
        .await
        .problem(422, "validation_failed");
    // NUL characters (which PostgreSQL cannot store in text) are refused alike.
    app.send(raw(
        r#"{"app": "github", "name": "a\u0000b", "fields": {}}"#,
        "application/json",
    ))
    .await
    .problem(422, "validation_failed");
    for email in [r"ad\u0000min@example.com", r"\u0008\u0017x\u00a0@"] {
        app.send(
            app.req(reqwest::Method::POST, "/api/v1/auth/login", None)
                .header("content-type", "application/json")
                .body(format!(r#"{{"email": "{email}", "password": "x"}}"#)),
        )
        .await
        .problem(
            if email.contains("u0000") { 422 } else { 401 },
            if email.contains("u0000") {
                "validation_failed"
            } else {
                "invalid_credentials"
            },
        );
    }
    for path in ["/api/v1/apps/a%00b", "/api/v1/apps/%00/oauth-client"] {
        app.get(path, Some(&t)).await.problem(404, "not_found");
    }
    for q in ["q=%00", "app=%00", "q=a%00b"] {
        app.get(&format!("/api/v1/connections?{q}"), Some(&t))
            .await
            .problem(400, "invalid_query");
    }
    app.send(raw("app=github", "application/x-www-form-urlencoded"))
        .await
        .problem(415, "unsupported_media_type");
    let huge = format!(
        "{{\"app\":\"github\",\"fields\":{{\"token\":\"{}\"}}}}",
        "x".repeat(300 * 1024)
    );
    app.send(
        app.req(reqwest::Method::POST, "/api/v1/connections", Some(&t))
            .header("content-type", "application/json")
            .body(huge),
    )
    .await
    .problem(413, "payload_too_large");
    app.get("/api/v1/connections/not-a-uuid", Some(&t))
        .await
        .problem(404, "not_found");
    // An empty cursor is the first page; a foreign one is refused.
    let first = app.get("/api/v1/connections?cursor=", Some(&t)).await;
    assert_eq!(first.status(), 200, "{}", first.text);
    app.get("/api/v1/automations?cursor=bm90IGpzb24", Some(&t))
        .await
        .problem(400, "invalid_cursor");
    app.get("/api/v1/connections?limit=abc", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/connections?unknown=1", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/no-such-route", Some(&t))
        .await
        .problem(404, "not_found");
    app.get("/api/v1/connections", None)
        .await
        .problem(401, "unauthenticated");
    app.get("/api/v1/connections", Some("sbk_nope"))
        .await
        .problem(401, "unauthenticated");
    // Nothing half-written by any of that.
    let list = app.get("/api/v1/connections", Some(&t)).await;
    assert!(list.body["items"].as_array().unwrap().is_empty());
    // Field values that are not strings are refused with a problem too.
    app.post_json(
        "/api/v1/connections",
        Some(&t),
        &json!({"app": "github", "fields": {"token": 12}}),
    )
    .await
    .problem(422, "validation_failed");
}
dual!(bad_input_gets_problem_documents);

async fn operations_endpoints(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.body["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.body["status"], "ok");
    app.get("/api/v1/me", Some(&app.admin_token)).await;
    let m = app.get("/metrics", None).await;
    assert_eq!(m.status(), 200);
    assert!(
        m.text.contains("switchboard_http_requests_total"),
        "{}",
        m.text
    );
    assert!(
        m.text.contains("route=\"/api/v1/me\""),
        "route templates, not raw paths"
    );
    let spec = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(spec.body["info"]["title"], "Switchboard API");
    let docs = app.get("/docs/", None).await;
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text.contains("swagger"),
        "the explorer is served locally"
    );
    let js = app.get("/docs/swagger-initializer.js", None).await;
    assert!(js.text.contains("/api/v1/openapi.json"), "{}", js.text);
}
dual!(operations_endpoints);

/// The build's `.br` and `.gz` copies go out as they are, by `Accept-Encoding`;
/// every answer has an `ETag`, and a matching `If-None-Match` gets 304.
async fn precompressed_copies_are_sent_as_accepted(app: &TestApp) {
    let web = app.state.config.web_dir.clone().unwrap();
    let assets = web.join("assets");
    // Stand-ins: the server sends a copy without looking inside it.
    std::fs::write(assets.join("big-00ff.wasm.br"), "BROTLI COPY").unwrap();
    std::fs::write(assets.join("big-00ff.wasm.gz"), "GZIP COPY").unwrap();
    std::fs::write(assets.join("big-00ff.wasm"), "PLAIN FILE").unwrap();
    std::fs::write(web.join("index.html.br"), "BROTLI INDEX").unwrap();
    let get = |path: &'static str, accept: &'static str, etag: Option<String>| {
        let mut r = app.req(reqwest::Method::GET, path, None);
        if !accept.is_empty() {
            r = r.header("accept-encoding", accept);
        }
        if let Some(e) = etag {
            r = r.header("if-none-match", e);
        }
        app.send(r)
    };
    for (accept, coding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "BROTLI COPY"),
        ("gzip;q=1.0, br;q=0", Some("gzip"), "GZIP COPY"),
        ("identity", None, "PLAIN FILE"),
    ] {
        let r = get("/assets/big-00ff.wasm", accept, None).await;
        assert_eq!(r.status(), 200, "{accept}");
        assert_eq!(r.text, body, "{accept}");
        assert_eq!(r.header("content-encoding").as_deref(), coding, "{accept}");
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/wasm")
        );
        assert_eq!(r.header("vary").as_deref(), Some("Accept-Encoding"));
        let etag = r.header("etag").expect("an ETag");
        let again = get("/assets/big-00ff.wasm", accept, Some(etag.clone())).await;
        assert_eq!(again.status(), 304, "{accept}");
        assert_eq!(again.text, "");
        assert_eq!(again.header("etag"), Some(etag));
    }
    // Another coding's tag does not match.
    let br = get("/assets/big-00ff.wasm", "br", None).await;
    let plain = get("/assets/big-00ff.wasm", "identity", br.header("etag")).await;
    assert_eq!(plain.status(), 200);
    // The page itself: revalidated on every load, 304 while unchanged.
    let page = get("/connections", "br", None).await;
    assert_eq!(page.text, "BROTLI INDEX");
    assert_eq!(page.header("cache-control").as_deref(), Some("no-cache"));
    let again = get("/connections", "br", page.header("etag")).await;
    assert_eq!(again.status(), 304);
    std::fs::write(web.join("index.html.br"), "BROTLI INDEX, NEW BUILD").unwrap();
    let changed = get("/connections", "br", page.header("etag")).await;
    assert_eq!(changed.status(), 200, "a new build is sent, not 304");
}

async fn serves_the_web_app(app: TestApp) {
    for route in [
        "/",
        "/connections",
        "/connections/0b7e/details",
        "/login?next=/audit",
    ] {
        let r = app.get(route, None).await;
        assert_eq!(r.status(), 200, "{route}");
        assert!(r.text.contains("<title>Switchboard</title>"), "{route}");
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("no-cache"),
            "index.html is never cached"
        );
        assert!(r
            .header("content-security-policy")
            .unwrap()
            .contains("'wasm-unsafe-eval'"));
    }
    let js = app.get("/assets/app-0123abcd.js", None).await;
    assert_eq!(js.status(), 200);
    assert_eq!(
        js.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    precompressed_copies_are_sent_as_accepted(&app).await;
    app.get("/assets/missing.js", None)
        .await
        .problem(404, "not_found");
    app.get("/assets/..%2f..%2fswitchboard.db", None)
        .await
        .problem(404, "not_found");
    // API paths never fall back to the page.
    app.get("/api/v1/nothing-here", None)
        .await
        .problem(404, "not_found");
    let post = app
        .post_json("/connections", None, &serde_json::json!({}))
        .await;
    post.problem(404, "not_found");
}
dual!(serves_the_web_app);
