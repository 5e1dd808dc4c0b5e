use serde_json::json;

use crate::dual;
use crate::helpers::*;

async fn catalog_search_and_custom_apps(app: TestApp) {
    let t = app.admin_token.clone();
    let all = app.get("/api/v1/apps?limit=200", Some(&t)).await;
    let every = all.body["items"].as_array().unwrap().clone();
    assert!(every.len() >= 25);
    // Pages of 7 give the same apps in the same order, each once.
    let (paged, pages) = all_pages::<serde_json::Value>(&app, "/api/v1/apps", 7).await;
    assert_eq!(paged, every);
    assert_eq!(pages, every.len().div_ceil(7));
    let (searched, _) = all_pages::<serde_json::Value>(&app, "/api/v1/apps?q=s", 2).await;
    let once = app.get("/api/v1/apps?q=s&limit=200", Some(&t)).await;
    assert_eq!(&searched, once.body["items"].as_array().unwrap());
    assert_eq!(
        app.get("/api/v1/apps", Some(&t)).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        50.min(every.len())
    );
    let s = app.get("/api/v1/apps?q=sh", Some(&t)).await;
    let slugs: Vec<&str> = s.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs[0], "shopify", "prefix match first: {slugs:?}");
    assert!(slugs.contains(&"google-sheets"), "{slugs:?}");
    let gh = app.get("/api/v1/apps/github", Some(&t)).await;
    assert_eq!(gh.body["auth"]["type"], "api_key");
    assert_eq!(gh.body["base_url"], "https://api.github.com");
    app.get("/api/v1/apps/nope", Some(&t))
        .await
        .problem(404, "not_found");
    app.get("/api/v1/apps", None)
        .await
        .problem(401, "unauthenticated");

    // Custom apps: system admins only, validated, no duplicates.
    let def = json!({"slug": "acme-crm", "name": "Acme CRM", "category": "crm", "base_url": "http://127.0.0.1:9",
        "auth": {"type": "api_key", "fields": [{"key": "key", "label": "Key", "secret": true, "required": true}],
                 "inject": [{"in": "query", "name": "api_key", "value": "{{key}}"}]},
        "rate_limit": {"requests": 5, "per_seconds": 1, "burst": 5}});
    let (_, other) = app.account("Other", "other@example.com").await;
    app.post_json("/api/v1/apps", Some(&other), &def)
        .await
        .problem(403, "system_admin_required");
    assert_eq!(
        app.post_json("/api/v1/apps", Some(&t), &def).await.status(),
        201
    );
    app.post_json("/api/v1/apps", Some(&t), &def)
        .await
        .problem(409, "app_exists");
    let mut bad = def.clone();
    bad["slug"] = json!("Bad Slug");
    bad["auth"]["inject"][0]["value"] = json!("{{missing}}");
    let r = app.post_json("/api/v1/apps", Some(&t), &bad).await;
    r.problem(422, "validation_failed");
    assert!(
        r.body["errors"]["slug"].is_array() && r.body["errors"]["auth.inject[0]"].is_array(),
        "{}",
        r.text
    );
    let mut unknown = def.clone();
    unknown["surprise"] = json!(1);
    assert_eq!(
        app.post_json("/api/v1/apps", Some(&t), &unknown)
            .await
            .status(),
        422
    );
    let listed = app.get("/api/v1/apps?q=acme", Some(&t)).await;
    assert_eq!(listed.body["items"][0]["source"], "custom");

    // PUT changes a built-in app (stored as a modified copy).
    let mut gh_def = gh.body.clone();
    gh_def["base_url"] = json!("http://127.0.0.1:1");
    let r = app.put_json("/api/v1/apps/github", Some(&t), &gh_def).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(
        app.get("/api/v1/apps/github", Some(&t)).await.body["base_url"],
        "http://127.0.0.1:1"
    );
    let l = app.get("/api/v1/apps?q=github", Some(&t)).await;
    assert_eq!(l.body["items"][0]["source"], "modified");
    app.put_json("/api/v1/apps/gitlab", Some(&t), &gh_def)
        .await
        .problem(422, "validation_failed");
    app.put_json("/api/v1/apps/no-such", Some(&t), &json!({"slug": "no-such", "name": "x", "category": "c", "base_url": "https://x.test", "auth": {"type": "api_key", "fields": [{"key": "k", "label": "K", "secret": true, "required": true}], "inject": [{"in": "header", "name": "X", "value": "{{k}}"}]}, "rate_limit": {"requests": 1, "per_seconds": 1, "burst": 1}})).await.problem(404, "not_found");
    let audit = app.get("/api/v1/audit?action=app.update", Some(&t)).await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 1);
}
dual!(catalog_search_and_custom_apps);
