//! Lifecycle events: one per change, written with it, typed as the issue names
//! them (sharing has its own events, a success after a failure is `recovered`),
//! fanned out to child accounts whose automations use a shared connection, never
//! holding a secret; listed oldest first with filters and a resumable cursor;
//! purged after the retention.

use serde_json::{json, Value};

use crate::dual;
use crate::helpers::*;
use crate::provider::{self, RefreshMode};

async fn events(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/api/v1/events?limit=200{query}"), Some(token))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    r.body["items"].as_array().unwrap().clone()
}

fn types(list: &[Value]) -> Vec<&str> {
    list.iter().map(|e| e["type"].as_str().unwrap()).collect()
}

async fn connection_changes_are_events(app: TestApp) {
    let t = app.admin_token.clone();
    let upstream = fake_upstream("good-events-canary").await;
    app.custom_app("local-crm", "Local CRM", &upstream, true)
        .await;
    let r = app
        .post_json(
            "/api/v1/connections",
            Some(&t),
            &json!({"app": "local-crm", "fields": {"token": "good-events-canary"}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/connections/{id}");

    let created = events(&app, &t, "").await;
    assert_eq!(types(&created), ["connection.created"]);
    let e = &created[0];
    assert_eq!(e["actor"], ADMIN_EMAIL);
    assert_eq!(e["connection"]["id"], id.as_str());
    assert_eq!(e["connection"]["app"], "local-crm");
    assert_eq!(e["connection"]["name"], "Default");
    assert_eq!(e["connection"]["status"], "active");

    // Name and notes: updated. Sharing: its own events.
    let r = app
        .patch_json(&path, Some(&t), &json!({"name": "Main", "notes": "n"}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = app
        .patch_json(&path, Some(&t), &json!({"shared_with_children": true}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    // A child account automates with the shared connection.
    let (_, child) = app.account("Child", "child@example.com").await;
    let auto = app
        .post_json(
            "/api/v1/automations",
            Some(&child),
            &json!({"name": "Child sync", "connection_ids": [id]}),
        )
        .await;
    assert_eq!(auto.status(), 201, "{}", auto.text);
    let r = app
        .patch_json(
            &format!("{path}?force=true"),
            Some(&t),
            &json!({"shared_with_children": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let child_events = events(&app, &child, "").await;
    assert_eq!(
        types(&child_events),
        ["connection.unshared", "automation.paused"],
        "{child_events:?}"
    );
    assert_eq!(child_events[1]["data"]["automation"]["name"], "Child sync");

    // New (bad) credentials untested, a failing test, good ones: reconnected,
    // test_failed, reconnected + recovered.
    let r = app
        .put_json(
            &format!("{path}/fields"),
            Some(&t),
            &json!({"fields": {"token": "revoked-canary"}, "test": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = app
        .post_json(&format!("{path}/test"), Some(&t), &json!({}))
        .await;
    assert_eq!(r.body["ok"], false, "{}", r.text);
    let r = app
        .put_json(
            &format!("{path}/fields"),
            Some(&t),
            &json!({"fields": {"token": "good-events-canary"}}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    // A rate-limit override set and cleared.
    let r = app
        .put_json(
            &format!("{path}/rate-limit"),
            Some(&t),
            &json!({"requests": 5, "per_seconds": 1, "burst": 5}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = app.delete(&format!("{path}/rate-limit"), Some(&t)).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = app.delete(&format!("{path}?force=true"), Some(&t)).await;
    assert_eq!(r.status(), 200, "{}", r.text);

    let all = events(&app, &t, "").await;
    assert_eq!(
        types(&all),
        [
            "connection.created",
            "connection.updated",
            "connection.shared",
            "connection.unshared",
            "connection.reconnected",
            "connection.test_failed",
            "connection.reconnected",
            "connection.recovered",
            "rate_limit.override_changed",
            "rate_limit.override_changed",
            "connection.deleted",
        ]
    );
    assert_eq!(all[1]["data"]["changed"], json!(["name", "notes"]));
    assert_eq!(all[5]["connection"]["status"], "error");
    assert_eq!(all[7]["data"]["was"], "error");
    assert_eq!(all[8]["data"]["override"]["requests"], 5);
    assert_eq!(all[9]["data"]["override"], Value::Null);
    assert_eq!(all[10]["connection"]["name"], "Main", "the name it had");
    // Ordered, unique ids; no secret anywhere.
    let ids: Vec<&str> = all.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted);
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains("canary"), "{text}");

    // Filters, and a cursor that resumes after the last event seen.
    let only = events(&app, &t, "&type=connection.reconnected").await;
    assert_eq!(only.len(), 2);
    assert_eq!(
        events(&app, &t, &format!("&connection_id={id}"))
            .await
            .len(),
        11
    );
    let first = app.get("/api/v1/events?limit=4", Some(&t)).await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    let rest = app
        .get(
            &format!("/api/v1/events?limit=200&cursor={cursor}"),
            Some(&t),
        )
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 7);
    let tail = rest.body["next_cursor"].as_str().unwrap().to_string();
    let empty = app
        .get(&format!("/api/v1/events?cursor={tail}"), Some(&t))
        .await;
    assert_eq!(empty.body["items"], json!([]));
    assert_eq!(empty.body["next_cursor"], Value::Null);
    app.get("/api/v1/events?type=connection.exploded", Some(&t))
        .await
        .problem(422, "validation_failed");

    // API keys need connections:read.
    let key = |scopes: Value| {
        let app = &app;
        let t = t.clone();
        async move {
            let r = app
                .post_json(
                    "/api/v1/api-keys",
                    Some(&t),
                    &json!({"name": "k", "scopes": scopes}),
                )
                .await;
            r.body["key"].as_str().unwrap().to_string()
        }
    };
    let reader = key(json!(["connections:read"])).await;
    assert_eq!(events(&app, &reader, "").await.len(), 11);
    let other = key(json!(["automations:read"])).await;
    app.get("/api/v1/events", Some(&other))
        .await
        .problem(403, "insufficient_scope");

    // Retention: events older than it go at the hourly purge.
    app.state
        .db
        .write(|c| {
            use diesel::prelude::*;
            use switchboard_db::schema::events as e;
            let old = switchboard_db::now() - chrono::Duration::days(40);
            diesel::update(e::table.filter(e::type_.eq("connection.created")))
                .set(e::created_at.eq(old))
                .execute(c)?;
            let n = switchboard_server::services::events::purge(c, 30)?;
            assert_eq!(n, 1);
            Ok::<_, switchboard_server::error::ApiError>(())
        })
        .await
        .unwrap();
    assert_eq!(events(&app, &t, "").await.len(), 10);
}
dual!(connection_changes_are_events);

/// OAuth: a transient refresh failure, a refusal (needs_reconnect, also to the
/// child automating it), and the reconnect that ends it (recovered).
async fn refresh_failures_and_recovery_are_events(app: TestApp) {
    let fake = provider::start().await;
    let id = crate::refresh::connect(&app, &fake).await;
    let t = app.admin_token.clone();
    let path = format!("/api/v1/connections/{id}");
    let r = app
        .patch_json(&path, Some(&t), &json!({"shared_with_children": true}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let (_, child) = app.account("Child", "child@example.com").await;
    let auto = app
        .post_json(
            "/api/v1/automations",
            Some(&child),
            &json!({"name": "Child sync", "connection_ids": [id]}),
        )
        .await;
    assert_eq!(auto.status(), 201, "{}", auto.text);
    let key = crate::refresh::api_key(&app, &["credentials:read"]).await;
    let creds = format!("{path}/credentials");

    // Every attempt of one refresh answered 503: it failed for now.
    fake.with(|s| s.mode = RefreshMode::Unavailable(3));
    crate::refresh::expire_in(&app, &id, -1).await;
    app.get(&creds, Some(&key))
        .await
        .problem(503, "upstream_unavailable");
    fake.with(|s| s.mode = RefreshMode::Normal);
    assert_eq!(app.get(&creds, Some(&key)).await.status(), 200);
    fake.with(|s| s.mode = RefreshMode::InvalidGrant);
    crate::refresh::expire_in(&app, &id, -1).await;
    app.get(&creds, Some(&key))
        .await
        .problem(409, "needs_reconnect");
    crate::refresh::reconnect(&app, Some(&id)).await;
    let tokens = app.get(&creds, Some(&key)).await;
    let access = tokens.body["fields"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    let all = events(&app, &t, &format!("&connection_id={id}")).await;
    assert_eq!(
        types(&all),
        [
            "connection.created",
            "connection.shared",
            "connection.refresh_failed",
            "connection.needs_reconnect",
            "connection.reconnected",
            "connection.recovered",
        ],
        "{all:?}"
    );
    assert_eq!(all[2]["actor"], Value::Null, "Switchboard itself");
    assert!(all[3]["data"]["reason"]
        .as_str()
        .unwrap()
        .contains("invalid_grant"));
    assert_eq!(all[5]["data"]["was"], "needs_reconnect");
    let child_events = events(&app, &child, "").await;
    assert_eq!(
        types(&child_events),
        ["connection.needs_reconnect", "connection.recovered"],
        "{child_events:?}"
    );
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains(&access), "no token in an event: {text}");
}
dual!(refresh_failures_and_recovery_are_events);

async fn the_newest_events_come_first_on_request(app: TestApp) {
    let t = app.admin_token.clone();
    let mut ids = Vec::new();
    for i in 0..5 {
        let r = app
            .create_connection(
                &t,
                "github",
                Some(&format!("Bot {i}")),
                "ghp_orderxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    let oldest = events(&app, &t, "").await;
    let newest = events(&app, &t, "&order=desc").await;
    let reversed: Vec<Value> = oldest.iter().rev().cloned().collect();
    assert_eq!(newest, reversed);
    // Two by two, back in time, ending with a null cursor.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = app
            .get(
                &format!("/api/v1/events?order=desc&limit=2{cursor}"),
                Some(&t),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text);
        for e in r.body["items"].as_array().unwrap() {
            seen.push(e["connection"]["name"].as_str().unwrap().to_string());
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    // The app's first connection is named Default.
    assert_eq!(seen, ["Bot 4", "Bot 3", "Bot 2", "Bot 1", "Default"]);
    let last = app
        .get(
            &format!("/api/v1/events?order=desc&limit=1&connection_id={}", ids[2]),
            Some(&t),
        )
        .await;
    assert_eq!(last.body["items"][0]["connection"]["name"], "Bot 2");
    app.get("/api/v1/events?order=sideways", Some(&t))
        .await
        .problem(400, "invalid_query");
}
dual!(the_newest_events_come_first_on_request);
