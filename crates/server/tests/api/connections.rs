use std::collections::HashSet;

use serde_json::{json, Value};

use switchboard_types::{Connection, CreateConnectionRequest, UpdateConnectionRequest, MASK};

use crate::dual;
use crate::helpers::*;

const GH: &str = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

/// A key-based connection request for an app with these fields, untested.
fn new_conn(app: &str, name: Option<&str>, fields: &[(&str, &str)]) -> CreateConnectionRequest {
    CreateConnectionRequest {
        app: app.into(),
        name: name.map(str::to_string),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        test: Some(false),
        tags: None,
        metadata: None,
        oauth: None,
        config: None,
    }
}

async fn the_first_connection_of_an_app_is_named_default(app: TestApp) {
    let t = &app.admin_token;
    let r = app
        .create(t, &new_conn("github", Some("Work"), &[("token", GH)]))
        .await;
    let first: Connection = r.json(201);
    assert_eq!(
        first.name, "Default",
        "whatever the request says, the first is Default"
    );
    assert_eq!(first.app_name, "GitHub");
    assert_eq!(first.fields["token"], MASK);
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    assert!(!r.text.contains(GH));
}
dual!(the_first_connection_of_an_app_is_named_default);

async fn later_connections_need_a_free_name(app: TestApp) {
    let t = &app.admin_token;
    app.create(t, &new_conn("github", None, &[("token", GH)]))
        .await
        .json::<Connection>(201);
    let unnamed = app
        .create(t, &new_conn("github", None, &[("token", GH)]))
        .await
        .problem_doc(422, "validation_failed");
    assert!(unnamed.errors.contains_key("name"));
    let work: Connection = app
        .create(t, &new_conn("github", Some("Work"), &[("token", GH)]))
        .await
        .json(201);
    assert_eq!(work.name, "Work");
    // Names are unique per app, case-insensitively and trimmed, `Default` included.
    for taken in ["  wORK ", "default"] {
        let dup = app
            .create(t, &new_conn("github", Some(taken), &[("token", GH)]))
            .await
            .problem_doc(409, "name_taken");
        assert!(dup.errors.contains_key("name"), "{taken}");
    }
}
dual!(later_connections_need_a_free_name);

async fn names_have_at_most_64_characters(app: TestApp) {
    let t = &app.admin_token;
    app.create(t, &new_conn("github", None, &[("token", GH)]))
        .await
        .json::<Connection>(201);
    let long = "n".repeat(65);
    let too_long = app
        .create(t, &new_conn("github", Some(&long), &[("token", GH)]))
        .await
        .problem_doc(422, "validation_failed");
    assert!(too_long.errors.contains_key("name"));
    let wide = "é".repeat(64);
    let ok: Connection = app
        .create(t, &new_conn("github", Some(&wide), &[("token", GH)]))
        .await
        .json(201);
    assert_eq!(ok.name.chars().count(), 64, "characters, not bytes");
}
dual!(names_have_at_most_64_characters);

async fn fields_follow_the_apps_schema(app: TestApp) {
    let t = &app.admin_token;
    let unknown = app
        .create(t, &new_conn("no-such-app", None, &[]))
        .await
        .problem_doc(422, "validation_failed");
    assert!(unknown.errors.contains_key("app"));
    let missing = app
        .create(t, &new_conn("zendesk", None, &[("subdomain", "acme")]))
        .await
        .problem_doc(422, "validation_failed");
    assert!(missing.errors.contains_key("fields.email"), "{missing:?}");
    assert!(missing.errors.contains_key("fields.api_token"));
    let pattern = app
        .create(t, &new_conn("stripe", None, &[("secret_key", "not-a-key")]))
        .await
        .problem_doc(422, "validation_failed");
    assert!(pattern.errors.contains_key("fields.secret_key"));
    app.create(t, &new_conn("slack", None, &[]))
        .await
        .problem(422, "oauth_required");
}
dual!(fields_follow_the_apps_schema);

async fn notes_and_renames_keep_the_rules(app: TestApp) {
    let t = &app.admin_token;
    app.create(t, &new_conn("github", None, &[("token", GH)]))
        .await
        .json::<Connection>(201);
    let work: Connection = app
        .create(t, &new_conn("github", Some("Work"), &[("token", GH)]))
        .await
        .json(201);
    let notes = |n: String| UpdateConnectionRequest {
        notes: Some(n),
        ..Default::default()
    };
    app.update(t, work.id, &notes("n".repeat(10_001)))
        .await
        .problem(422, "validation_failed");
    let ok: Connection = app
        .update(t, work.id, &notes("ü".repeat(10_000)))
        .await
        .json(200);
    assert_eq!(ok.version, 2);
    let rename = |n: &str| UpdateConnectionRequest {
        name: Some(n.into()),
        ..Default::default()
    };
    let renamed: Connection = app.update(t, work.id, &rename("Personal")).await.json(200);
    assert_eq!(renamed.name, "Personal");
    app.update(t, work.id, &rename("DEFAULT"))
        .await
        .problem(409, "name_taken");
}
dual!(notes_and_renames_keep_the_rules);

async fn test_request_and_identity(app: TestApp) {
    let upstream = fake_upstream("good-token-123").await;
    app.custom_app("local-api", "Local API", &upstream, true)
        .await;
    let t = app.admin_token.clone();
    let bad = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "local-api", "fields": {"token": "wrong"}}),
        )
        .await;
    bad.problem(422, "connection_test_failed");
    assert!(
        bad.body["detail"].as_str().unwrap().contains("401"),
        "{}",
        bad.text
    );
    let list = app.get("/api/v1/connections", Some(&t)).await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        0,
        "nothing stored when the test fails"
    );

    // `test: false` contacts nothing: neither the test nor the identity request goes out.
    let hits = || async {
        reqwest::get(format!("{upstream}/hits"))
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()["hits"]
            .as_u64()
            .unwrap()
    };
    let before = hits().await;
    let quiet = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "local-api", "name": "quiet", "fields": {"token": "anything"}, "test": false}),
        )
        .await;
    assert_eq!(quiet.status(), 201, "{}", quiet.text);
    assert!(quiet.body["identity"].is_null());
    assert_eq!(hits().await, before, "test: false sent a request upstream");
    app.delete(
        &format!("/api/v1/connections/{}", quiet.body["id"].as_str().unwrap()),
        Some(&t),
    )
    .await;

    let good = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "local-api", "fields": {"token": "good-token-123", "region": "eu"}}),
        )
        .await;
    assert_eq!(good.status(), 201, "{}", good.text);
    assert_eq!(good.body["identity"], "owner@upstream.test");
    assert_eq!(
        good.body["fields"]["region"], "eu",
        "non-secret fields are shown"
    );
    assert_eq!(good.body["fields"]["token"], "••••••••");
    let id = good.body["id"].as_str().unwrap().to_string();
    let tested = app
        .post_json(
            &format!("/api/v1/connections/{id}/test"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(tested.body["ok"], true, "{}", tested.text);

    // Reconnect with bad fields fails and keeps the old ones; good ones replace them.
    let r = app
        .put_json(
            &format!("/api/v1/connections/{id}/fields"),
            Some(&t),
            &json!({"fields": {"token": "nope"}}),
        )
        .await;
    r.problem(422, "connection_test_failed");
    let r = app
        .put_json(
            &format!("/api/v1/connections/{id}/fields"),
            Some(&t),
            &json!({"fields": {"token": "good-token-123"}}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["id"], id.as_str(), "reconnect keeps the id");
    assert_eq!(r.body["status"], "active");

    // Search by identity.
    let s = app
        .get("/api/v1/connections?q=upstream.test", Some(&t))
        .await;
    assert_eq!(s.body["items"].as_array().unwrap().len(), 1);
}
dual!(test_request_and_identity);

async fn search_ranking_and_pagination(app: TestApp) {
    let t = app.admin_token.clone();
    for (app_slug, field, value) in [
        ("github", "token", GH),
        ("gitlab", "token", "glpat-abcdefghijklmnopqrst"),
        ("typeform", "token", "tfp_abc"),
        ("openai", "api_key", "sk-abc"),
    ] {
        let r = app
            .post_json(
                "/api/v1/connections",
                Some(&t),
                &json!({"app": app_slug, "fields": {field: value}, "test": false}),
            )
            .await;
        assert_eq!(r.status(), 201, "{app_slug}: {}", r.text);
    }
    // A connection whose *name* contains "git", of another app.
    let r = app.post_json("/api/v1/connections", Some(&t), &json!({"app": "openai", "name": "digital team", "fields": {"api_key": "sk-x"}, "test": false})).await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let s = app.get("/api/v1/connections?q=GIT", Some(&t)).await;
    let apps: Vec<String> = s.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["app"].as_str().unwrap(),
                c["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        apps,
        vec!["github:Default", "gitlab:Default", "openai:digital team"],
        "app-name prefix matches first"
    );
    let s = app.get("/api/v1/connections?q=form", Some(&t)).await;
    assert_eq!(
        s.body["items"][0]["app"], "typeform",
        "contains-match on app name"
    );
    let s = app.get("/api/v1/connections?q=zzz", Some(&t)).await;
    assert!(s.body["items"].as_array().unwrap().is_empty());

    // Pagination walks every row once.
    for i in 0..7 {
        let r = app.post_json("/api/v1/connections", Some(&t), &json!({"app": "github", "name": format!("extra {i}"), "fields": {"token": GH}, "test": false})).await;
        assert_eq!(r.status(), 201);
    }
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/connections?limit=3&cursor={c}"),
            None => "/api/v1/connections?limit=3".to_string(),
        };
        let page = app.get(&path, Some(&t)).await;
        assert_eq!(page.status(), 200, "{}", page.text);
        for c in page.body["items"].as_array().unwrap() {
            assert!(
                seen.insert(c["id"].as_str().unwrap().to_string()),
                "duplicate across pages"
            );
        }
        pages += 1;
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 12);
    assert_eq!(pages, 4);
    // Paginated search too.
    let p1 = app.get("/api/v1/connections?q=git&limit=2", Some(&t)).await;
    let c = p1.body["next_cursor"].as_str().unwrap().to_string();
    let p2 = app
        .get(
            &format!("/api/v1/connections?q=git&limit=50&cursor={c}"),
            Some(&t),
        )
        .await;
    assert_eq!(
        p1.body["items"].as_array().unwrap().len() + p2.body["items"].as_array().unwrap().len(),
        10
    );
    assert_eq!(
        p2.body["items"].as_array().unwrap().last().unwrap()["name"],
        "digital team"
    );
    // Filters.
    let f = app
        .get("/api/v1/connections?app=gitlab&status=active", Some(&t))
        .await;
    assert_eq!(f.body["items"].as_array().unwrap().len(), 1);
    app.get("/api/v1/connections?limit=0", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/connections?cursor=bogus", Some(&t))
        .await
        .problem(400, "invalid_cursor");
    app.get("/api/v1/connections?status=weird", Some(&t))
        .await
        .problem(400, "invalid_query");
}
dual!(search_ranking_and_pagination);

async fn other_accounts_ids_answer_404(app: TestApp) {
    let (_, other) = app.account("Other Inc", "other@example.com").await;
    let mine = app
        .create_connection(&app.admin_token, "github", None, GH)
        .await;
    let id = mine.body["id"].as_str().unwrap();
    let theirs = app.create_connection(&other, "github", None, GH).await;
    assert_eq!(theirs.status(), 201);
    let c = format!("/api/v1/connections/{id}");
    app.get(&c, Some(&other)).await.problem(404, "not_found");
    app.patch_json(&c, Some(&other), &json!({"notes": "x"}))
        .await
        .problem(404, "not_found");
    app.put_json(
        &format!("{c}/fields"),
        Some(&other),
        &json!({"fields": {"token": GH}, "test": false}),
    )
    .await
    .problem(404, "not_found");
    app.post_json(
        &format!("{c}/reveal"),
        Some(&other),
        &json!({"password": PASSWORD}),
    )
    .await
    .problem(404, "not_found");
    app.post_json(&format!("{c}/test"), Some(&other), &json!({}))
        .await
        .problem(404, "not_found");
    app.delete(&c, Some(&other)).await.problem(404, "not_found");
    let list = app.get("/api/v1/connections", Some(&other)).await;
    let ids: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![theirs.body["id"].as_str().unwrap()]);
    let audit = app
        .get(&format!("/api/v1/audit?connection_id={id}"), Some(&other))
        .await;
    assert!(audit.body["items"].as_array().unwrap().is_empty());
    // Still there for its owner.
    assert_eq!(app.get(&c, Some(&app.admin_token)).await.status(), 200);
    // Account reads are scoped too.
    let me = app.get("/api/v1/me", Some(&app.admin_token)).await;
    let system_id = me.body["account"]["id"].as_str().unwrap();
    app.get(&format!("/api/v1/accounts/{system_id}"), Some(&other))
        .await
        .problem(404, "not_found");
}
dual!(other_accounts_ids_answer_404);

async fn reveal_needs_password_is_throttled_and_audited(app: TestApp) {
    let t = app.admin_token.clone();
    let c = app.create_connection(&t, "github", None, GH).await;
    let id = c.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/connections/{id}/reveal");
    let ok = app
        .post_json(&path, Some(&t), &json!({"password": PASSWORD}))
        .await;
    assert_eq!(ok.status(), 200, "{}", ok.text);
    assert_eq!(ok.body["fields"]["token"], GH);
    assert_eq!(ok.header("cache-control").as_deref(), Some("no-store"));
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.reveal"),
            Some(&t),
        )
        .await;
    let events = audit.body["items"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["actor"], ADMIN_EMAIL);
    assert!(events[0]["client_addr"]
        .as_str()
        .unwrap()
        .starts_with("127.0.0.1"));

    // API keys cannot reveal.
    let k = app
        .post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "k", "scopes": ["connections:read", "credentials:read"], "current_password": PASSWORD}),
        )
        .await;
    app.post_json(
        &path,
        Some(k.body["key"].as_str().unwrap()),
        &json!({"password": PASSWORD}),
    )
    .await
    .problem(403, "user_session_required");

    // (Made now: creating an account needs the admin's password, which the wrong
    // guesses below throttle like reveal.)
    let (_, other) = app.account("Other", "o@example.com").await;
    for _ in 0..5 {
        app.post_json(&path, Some(&t), &json!({"password": "wrong password"}))
            .await
            .problem(401, "invalid_password");
    }
    let r = app
        .post_json(&path, Some(&t), &json!({"password": PASSWORD}))
        .await;
    r.problem(429, "too_many_requests");
    assert!(r.header("retry-after").is_some());
    let audit = app
        .get(
            &format!("/api/v1/audit?connection_id={id}&action=connection.reveal"),
            Some(&t),
        )
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        1,
        "failures reveal nothing"
    );

    // A member of another account gets 404, not 401.
    app.post_json(&path, Some(&other), &json!({"password": PASSWORD}))
        .await
        .problem(404, "not_found");
}
dual!(reveal_needs_password_is_throttled_and_audited);

async fn concurrent_updates_with_the_same_etag(app: TestApp) {
    let t = app.admin_token.clone();
    let c = app.create_connection(&t, "github", None, GH).await;
    let id = c.body["id"].as_str().unwrap();
    let etag = c.header("etag").unwrap();
    let path = format!("/api/v1/connections/{id}");
    for round in 0..5 {
        let cur = app.get(&path, Some(&t)).await;
        let etag = cur.header("etag").unwrap();
        let a = app.send(
            app.req(reqwest::Method::PATCH, &path, Some(&t))
                .header("if-match", &etag)
                .json(&json!({"notes": format!("a{round}")})),
        );
        let b = app.send(
            app.req(reqwest::Method::PATCH, &path, Some(&t))
                .header("if-match", &etag)
                .json(&json!({"notes": format!("b{round}")})),
        );
        let (a, b) = tokio::join!(a, b);
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 412],
            "round {round}: {} / {}",
            a.text,
            b.text
        );
    }
    let stale = app
        .send(
            app.req(reqwest::Method::PATCH, &path, Some(&t))
                .header("if-match", &etag)
                .json(&json!({"notes": "late"})),
        )
        .await;
    stale.problem(412, "version_mismatch");
    // Only `*` and one version ETag, as the document's pattern says.
    for bad in ["nonsense", "", "\"3", "W/3", "\"-3\"", "\"1\", \"2\""] {
        app.send(
            app.req(reqwest::Method::PATCH, &path, Some(&t))
                .header("if-match", bad)
                .json(&json!({"notes": "x"})),
        )
        .await
        .problem(400, "invalid_if_match");
    }
    let weak = app
        .send(
            app.req(reqwest::Method::PATCH, &path, Some(&t))
                .header("if-match", "W/\"1\"")
                .json(&json!({"notes": "x"})),
        )
        .await;
    weak.problem(412, "version_mismatch");
}
dual!(concurrent_updates_with_the_same_etag);

async fn delete_removes_and_audits(app: TestApp) {
    let t = app.admin_token.clone();
    let c = app.create_connection(&t, "github", None, GH).await;
    let id = c.body["id"].as_str().unwrap();
    let deleted = app
        .delete(&format!("/api/v1/connections/{id}"), Some(&t))
        .await;
    assert_eq!(deleted.status(), 200, "{}", deleted.text);
    assert_eq!(deleted.body["id"], id);
    assert_eq!(deleted.body["paused_automations"], serde_json::json!([]));
    app.get(&format!("/api/v1/connections/{id}"), Some(&t))
        .await
        .problem(404, "not_found");
    let audit = app
        .get(&format!("/api/v1/audit?connection_id={id}"), Some(&t))
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["connection.delete", "connection.create"]);
    // The next connection of the app is Default again.
    let again = app
        .create_connection(&t, "github", Some("Whatever"), GH)
        .await;
    assert_eq!(again.body["name"], "Default");
}
dual!(delete_removes_and_audits);

/// Twenty first connections of an app created at once: exactly one is `Default`,
/// every other keeps the name it asked for (none fails on the naming race).
async fn concurrent_first_connections_name_one_default(app: TestApp) {
    let t = app.admin_token.clone();
    let made = futures_util::future::join_all((0..20).map(|i| {
        let (app, t) = (&app, &t);
        async move {
            app.create_connection(t, "github", Some(&format!("Racer {i}")), GH)
                .await
        }
    }))
    .await;
    for r in &made {
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let names: Vec<&str> = made
        .iter()
        .map(|r| r.body["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "Default").count(),
        1,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("Racer ")).count(),
        19,
        "{names:?}"
    );
}
dual!(concurrent_first_connections_name_one_default);

async fn tags_and_metadata_find_connections(app: TestApp) {
    let t = app.admin_token.clone();
    let create = |name: &str, tags: Value, metadata: Value| {
        let body = json!({"app": "github", "name": name, "fields": {"token": GH}, "test": false,
                          "tags": tags, "metadata": metadata});
        let (app, t) = (&app, t.clone());
        async move {
            let r = app.post_json("/api/v1/connections", Some(&t), &body).await;
            assert_eq!(r.status(), 201, "{}", r.text);
            r.body
        }
    };
    let a = create(
        "A",
        json!({"end_user_id": "42", "team": "sales"}),
        json!({"plan": "pro", "seats": 3}),
    )
    .await;
    let b = create("B", json!({"end_user_id": "42", "team": "ops"}), json!({})).await;
    create("C", json!({"end_user_id": "7"}), json!({})).await;
    assert_eq!(a["tags"], json!({"end_user_id": "42", "team": "sales"}));
    assert_eq!(a["metadata"], json!({"plan": "pro", "seats": 3}));

    let names = |query: &'static str| {
        let (app, t) = (&app, t.clone());
        async move {
            let r = app
                .get(&format!("/api/v1/connections?{query}"), Some(&t))
                .await;
            assert_eq!(r.status(), 200, "{query}: {}", r.text);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    // The app's first connection is named Default.
    assert_eq!(names("tag=end_user_id:42").await, ["Default", "B"]);
    assert_eq!(
        names("tag=end_user_id:42&tag=team:sales").await,
        ["Default"]
    );
    assert_eq!(names("tag=team%3Asales&q=def&limit=10").await, ["Default"]);
    assert!(names("tag=team:nobody").await.is_empty());
    for bad in ["tag=no-colon", "tag=BAD:x", "tagz=x"] {
        app.get(&format!("/api/v1/connections?{bad}"), Some(&t))
            .await
            .problem(400, "invalid_query");
    }

    // PATCH replaces them; the change is an event that carries them.
    let id = b["id"].as_str().unwrap();
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{id}"),
            Some(&t),
            &json!({"tags": {"end_user_id": "43"}, "metadata": {"note": "moved"}}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["tags"], json!({"end_user_id": "43"}));
    assert_eq!(names("tag=end_user_id:42").await, ["Default"]);
    assert_eq!(names("tag=end_user_id:43").await, ["B"]);
    let ev = app
        .get(
            &format!("/api/v1/events?connection_id={id}&order=desc&limit=1"),
            Some(&t),
        )
        .await;
    let e = &ev.body["items"][0];
    assert_eq!(e["type"], "connection.updated");
    assert_eq!(e["data"]["changed"], json!(["tags", "metadata"]));
    assert_eq!(e["connection"]["tags"], json!({"end_user_id": "43"}));
    assert_eq!(e["connection"]["metadata"], json!({"note": "moved"}));

    // The limits, each a field error.
    let many: serde_json::Map<String, Value> =
        (0..21).map(|i| (format!("k{i}"), json!("v"))).collect();
    let big = json!({"blob": "x".repeat(17 * 1024)});
    for (body, field) in [
        (json!({"tags": many}), "tags"),
        (json!({"tags": {"Bad Key": "v"}}), "tags"),
        (json!({"tags": {"k": "v".repeat(257)}}), "tags"),
        (json!({"metadata": big}), "metadata"),
    ] {
        let r = app
            .patch_json(&format!("/api/v1/connections/{id}"), Some(&t), &body)
            .await;
        let p = r.problem_doc(422, "validation_failed");
        assert!(p.errors.contains_key(field), "{field}: {:?}", p.errors);
    }
    app.post_json(
        "/api/v1/connections",
        Some(&t),
        &json!({"app": "github", "name": "D", "fields": {"token": GH}, "test": false, "metadata": [1]}),
    )
    .await
    .problem(422, "validation_failed");

    // Deleting a connection takes its tags along.
    let r = app
        .delete(&format!("/api/v1/connections/{id}"), Some(&t))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert!(names("tag=end_user_id:43").await.is_empty());
}
dual!(tags_and_metadata_find_connections);
