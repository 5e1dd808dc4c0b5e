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
