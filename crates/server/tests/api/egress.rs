//! The private-address guard end to end: without SWITCHBOARD_ALLOWED_PRIVATE_HOSTS,
//! apps on loopback (127.0.0.1 and [::1]) are refused before a packet is sent.
//! Only loopback is ever targeted here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::json;

use crate::helpers::*;

/// A listener that counts every request it gets.
async fn counting_upstream(bind: &str) -> Option<(String, Arc<AtomicUsize>)> {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = HttpServer::new(move || {
        let h = h.clone();
        App::new().default_service(web::to(move || {
            h.fetch_add(1, Ordering::SeqCst);
            async { HttpResponse::Ok().json(json!({"email": "someone@inside.test"})) }
        }))
    })
    .workers(1)
    .bind(bind)
    .ok()?;
    let addr = server.addrs()[0];
    tokio::spawn(server.run());
    Some((format!("http://{addr}"), hits))
}

async fn app_on(app: &TestApp, slug: &str, base: &str) {
    let def = json!({
        "slug": slug, "name": slug, "category": "testing", "base_url": base,
        "auth": {"type": "api_key", "fields": [{"key": "token", "label": "Token", "secret": true, "required": true}],
                 "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{token}}"}]},
        "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5},
        "test": {"method": "GET", "path": "/me", "expect_status": 200}
    });
    let r = app
        .post_json("/api/v1/apps", Some(&app.admin_token), &def)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
}

async fn loopback_refused_without_the_allow_setting(app: TestApp) {
    let v4 = counting_upstream("127.0.0.1:0").await.unwrap();
    let v6 = counting_upstream("[::1]:0").await;
    let mut targets = vec![("guard-v4", v4.0.clone(), v4.1.clone())];
    if let Some((base, hits)) = &v6 {
        targets.push(("guard-v6", base.clone(), hits.clone()));
    } else {
        eprintln!("no IPv6 loopback here: the [::1] target is checked without a listener");
        targets.push((
            "guard-v6",
            "http://[::1]:9".into(),
            Arc::new(AtomicUsize::new(0)),
        ));
    }
    targets.push((
        "guard-localhost",
        v4.0.replace("127.0.0.1", "localhost"),
        v4.1.clone(),
    ));
    for (slug, base, hits) in &targets {
        app_on(&app, slug, base).await;
        let r = app
            .post_json(
                "/api/v1/connections",
                Some(&app.admin_token),
                &json!({"app": slug, "fields": {"token": "guard-canary-token"}}),
            )
            .await;
        r.problem(422, "connection_test_failed");
        assert!(
            r.text.contains("not allowed") && r.text.contains("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS"),
            "{slug}: {}",
            r.text
        );
        assert!(
            !r.text.contains("loopback")
                && !r.text.contains("127.0.0.1")
                && !r.text.contains("::1"),
            "{slug}: the caller learns no resolved address: {}",
            r.text
        );
        assert_eq!(
            hits.load(Ordering::SeqCst),
            0,
            "{slug}: a request reached the listener"
        );
    }
    // Saved without a test, the connection exists, but its test is refused the same way.
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&app.admin_token),
            &json!({"app": "guard-v4", "fields": {"token": "guard-canary-token"}, "test": false}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let t = app
        .post_json(
            &format!("/api/v1/connections/{id}/test"),
            Some(&app.admin_token),
            &json!({}),
        )
        .await;
    assert_eq!(t.body["ok"], false, "{}", t.text);
    // The caller learns that the destination is not allowed, not where it resolved.
    assert!(t.text.contains("not allowed"), "{}", t.text);
    assert!(
        !t.text.contains("loopback") && !t.text.contains("127.0.0.1"),
        "{}",
        t.text
    );
    // The proxy refuses the same way.
    let k = app
        .post_json(
            "/api/v1/api-keys",
            Some(&app.admin_token),
            &json!({"name": "proxy", "scopes": ["proxy"], "current_password": PASSWORD}),
        )
        .await;
    let k = k.body["key"].as_str().unwrap().to_string();
    let r = app
        .get(&format!("/api/v1/connections/{id}/proxy/me"), Some(&k))
        .await;
    r.problem(502, "destination_not_allowed");
    assert!(
        !r.text.contains("loopback") && !r.text.contains("127.0.0.1"),
        "{}",
        r.text
    );
    // The operator finds the detail in the log.
    assert!(captured_logs().contains("is a loopback address"));
    assert_eq!(v4.1.load(Ordering::SeqCst), 0);
}

mod loopback_refused {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = crate::helpers::spawn_with(
            crate::helpers::Backend::Sqlite,
            &[("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "")],
        )
        .await
        .unwrap();
        super::loopback_refused_without_the_allow_setting(app).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = crate::helpers::spawn_with(
            crate::helpers::Backend::Postgres,
            &[("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "")],
        )
        .await
        .expect(crate::helpers::NEEDS_POSTGRES);
        super::loopback_refused_without_the_allow_setting(app).await;
    }
}
