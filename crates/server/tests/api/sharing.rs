//! Account hierarchy, sharing, automations and what deleting or un-sharing does to them.

use serde_json::{json, Value};

use crate::dual;
use crate::helpers::*;

struct World {
    parent_admin: String,
    parent_member: String,
    child_admin: String,
    unrelated: String,
    system: String,
}

async fn world(app: &TestApp) -> World {
    let upstream = fake_upstream("good-token-123").await;
    app.custom_app("local-api", "Local API", &upstream, true)
        .await;
    let (parent_id, parent_admin) = app.account("Parent Co", "parent@example.com").await;
    let r = app
        .post_json(
            "/api/v1/users",
            Some(&parent_admin),
            &json!({"email": "member@parent.example", "password": PASSWORD, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let parent_member = app.login("member@parent.example", PASSWORD).await.0;
    // The parent's admin creates its child account.
    let r = app
        .post_json(
            "/api/v1/accounts",
            Some(&parent_admin),
            &json!({"name": "Child Ltd", "admin": {"email": "child@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.body["account"]["parent_id"], parent_id.as_str());
    let child_admin = app.login("child@example.com", PASSWORD).await.0;
    // A child cannot have children; a member cannot create accounts.
    app.post_json(
        "/api/v1/accounts",
        Some(&child_admin),
        &json!({"name": "Grandchild", "admin": {"email": "g@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
    )
    .await
    .problem(403, "child_account");
    app.post_json(
        "/api/v1/accounts",
        Some(&parent_member),
        &json!({"name": "X", "admin": {"email": "x@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
    )
    .await
    .problem(403, "admin_required");
    let listed = app.get("/api/v1/accounts", Some(&parent_admin)).await;
    let names: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Child Ltd"]);
    let (_, unrelated) = app.account("Unrelated", "unrelated@example.com").await;
    World {
        parent_admin,
        parent_member,
        child_admin,
        unrelated,
        system: app.admin_token.clone(),
    }
}

async fn connection(app: &TestApp, token: &str, name: &str, shared: bool) -> String {
    let r = app
        .post_json("/api/v1/connections", Some(token), &json!({"app": "local-api", "name": name, "fields": {"token": "good-token-123"}, "test": false}))
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    if shared {
        let s = app
            .patch_json(
                &format!("/api/v1/connections/{id}"),
                Some(token),
                &json!({"shared_with_children": true}),
            )
            .await;
        assert_eq!(s.status(), 200, "{}", s.text);
        assert_eq!(s.body["shared_with_children"], true);
    }
    id
}

async fn automation(app: &TestApp, token: &str, name: &str, connections: &[&str]) -> Value {
    let r = app
        .post_json(
            "/api/v1/automations",
            Some(token),
            &json!({"name": name, "connection_ids": connections}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    r.body
}

async fn permission_matrix(app: TestApp) {
    let w = world(&app).await;
    let id = connection(&app, &w.parent_admin, "Shared one", true).await;
    let c = format!("/api/v1/connections/{id}");
    let actors = [
        ("owner admin", &w.parent_admin),
        ("owner member", &w.parent_member),
        ("child admin", &w.child_admin),
        ("unrelated admin", &w.unrelated),
        ("system admin", &w.system),
    ];
    //                 route                        owner admin, owner member, child admin, unrelated, system admin
    let table: &[(&str, [u16; 5])] = &[
        ("GET metadata", [200, 200, 200, 404, 404]),
        ("GET automations", [200, 200, 200, 404, 404]),
        ("PATCH name", [200, 200, 403, 404, 404]),
        ("PATCH notes", [200, 200, 403, 404, 404]),
        ("PATCH share", [200, 403, 403, 404, 404]),
        ("PUT fields", [200, 200, 403, 404, 404]),
        ("POST reveal", [200, 200, 403, 404, 404]),
        ("POST test", [200, 200, 403, 404, 404]),
        ("DELETE", [0, 0, 403, 404, 404]),
    ];
    for (route, expected) in table {
        for (i, (actor, token)) in actors.iter().enumerate() {
            if expected[i] == 0 {
                continue;
            }
            let r = match *route {
                "GET metadata" => app.get(&c, Some(token)).await,
                "GET automations" => app.get(&format!("{c}/automations"), Some(token)).await,
                "PATCH name" => {
                    app.patch_json(
                        &c,
                        Some(token),
                        &json!({"name": format!("renamed by {actor}")}),
                    )
                    .await
                }
                "PATCH notes" => {
                    app.patch_json(&c, Some(token), &json!({"notes": "hello"}))
                        .await
                }
                "PATCH share" => {
                    app.patch_json(&c, Some(token), &json!({"shared_with_children": true}))
                        .await
                }
                "PUT fields" => {
                    app.put_json(
                        &format!("{c}/fields"),
                        Some(token),
                        &json!({"fields": {"token": "good-token-123"}}),
                    )
                    .await
                }
                "POST reveal" => {
                    app.post_json(
                        &format!("{c}/reveal"),
                        Some(token),
                        &json!({"password": PASSWORD}),
                    )
                    .await
                }
                "POST test" => {
                    app.post_json(&format!("{c}/test"), Some(token), &json!({}))
                        .await
                }
                "DELETE" => app.delete(&c, Some(token)).await,
                other => unreachable!("{other}"),
            };
            assert_eq!(r.status(), expected[i], "{actor} × {route}: {}", r.text);
            if expected[i] == 403 {
                assert!(
                    ["not_owner", "admin_required"].contains(&r.body["code"].as_str().unwrap()),
                    "{}",
                    r.text
                );
            }
            if expected[i] == 200 && *route == "POST reveal" {
                assert_eq!(r.body["fields"]["token"], "good-token-123");
            }
        }
    }
    // The owner's member, then admin, can delete.
    assert_eq!(app.delete(&c, Some(&w.parent_member)).await.status(), 200);
    let other = connection(&app, &w.parent_admin, "Another", false).await;
    assert_eq!(
        app.delete(
            &format!("/api/v1/connections/{other}"),
            Some(&w.parent_admin)
        )
        .await
        .status(),
        200
    );
}
dual!(permission_matrix);

fn ids(page: &Resp) -> Vec<String> {
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

async fn sharing_visibility(app: TestApp) {
    let w = world(&app).await;
    let shared = connection(&app, &w.parent_admin, "Shared", true).await;
    let private = connection(&app, &w.parent_admin, "Private", false).await;
    let system_shared = connection(&app, &w.system, "Everyone", true).await;
    let _system_private = connection(&app, &w.system, "Ops only", false).await;

    let child_parent = app
        .get("/api/v1/connections?scope=parent", Some(&w.child_admin))
        .await;
    assert_eq!(ids(&child_parent), vec![shared.clone()]);
    assert_eq!(
        child_parent.body["items"][0]["account_name"], "Parent Co",
        "shows the owner's name"
    );
    assert!(
        ids(&app.get("/api/v1/connections", Some(&w.child_admin)).await).is_empty(),
        "not under own"
    );
    app.get(
        &format!("/api/v1/connections/{private}"),
        Some(&w.child_admin),
    )
    .await
    .problem(404, "not_found");
    for token in [&w.child_admin, &w.parent_admin, &w.unrelated] {
        let sys = app
            .get("/api/v1/connections?scope=system", Some(token))
            .await;
        assert_eq!(
            ids(&sys),
            vec![system_shared.clone()],
            "system shares reach every account"
        );
        assert_eq!(
            app.get(&format!("/api/v1/connections/{system_shared}"), Some(token))
                .await
                .status(),
            200
        );
    }
    assert!(ids(&app
        .get("/api/v1/connections?scope=parent", Some(&w.unrelated))
        .await)
    .is_empty());
    assert!(ids(&app
        .get("/api/v1/connections?scope=parent", Some(&w.parent_admin))
        .await)
    .is_empty());
    app.get(&format!("/api/v1/connections/{shared}"), Some(&w.unrelated))
        .await
        .problem(404, "not_found");
    // Un-sharing (no automation uses it) takes it away at the next use.
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{shared}"),
            Some(&w.parent_admin),
            &json!({"shared_with_children": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    app.get(
        &format!("/api/v1/connections/{shared}"),
        Some(&w.child_admin),
    )
    .await
    .problem(404, "not_found");
    assert!(ids(&app
        .get("/api/v1/connections?scope=parent", Some(&w.child_admin))
        .await)
    .is_empty());
    app.get("/api/v1/connections?scope=elsewhere", Some(&w.child_admin))
        .await
        .problem(400, "invalid_query");
}
dual!(sharing_visibility);

async fn automation_status(app: &TestApp, token: &str, id: &Value) -> Value {
    app.get(
        &format!("/api/v1/automations/{}", id.as_str().unwrap()),
        Some(token),
    )
    .await
    .body
}

async fn delete_and_unshare_pause_exactly_the_users(app: TestApp) {
    let w = world(&app).await;
    let x = connection(&app, &w.parent_admin, "Billing", true).await;
    let y = connection(&app, &w.parent_admin, "Other", false).await;
    let a1 = automation(&app, &w.parent_admin, "Parent uses X", &[&x, &y]).await;
    let a2 = automation(&app, &w.parent_admin, "Parent uses Y", &[&y]).await;
    let a3 = automation(&app, &w.child_admin, "Child uses X", &[&x]).await;
    let a4 = automation(&app, &w.child_admin, "Child paused", &[&x]).await;
    let r = app
        .patch_json(
            &format!("/api/v1/automations/{}", a4["id"].as_str().unwrap()),
            Some(&w.child_admin),
            &json!({"status": "paused", "paused_reason": "holiday"}),
        )
        .await;
    assert_eq!(r.body["status"], "paused");
    // Links only to connections the account can use.
    let bad = app
        .post_json(
            "/api/v1/automations",
            Some(&w.unrelated),
            &json!({"name": "nope", "connection_ids": [x]}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert!(bad.body["errors"]["connection_ids"].is_array());
    let bad = app
        .post_json(
            "/api/v1/automations",
            Some(&w.child_admin),
            &json!({"name": "nope", "connection_ids": [y]}),
        )
        .await;
    bad.problem(422, "validation_failed");

    // Usage: the owner sees every account's automations, the child its own.
    let usage = app
        .get(
            &format!("/api/v1/connections/{x}/automations"),
            Some(&w.parent_admin),
        )
        .await;
    let mut seen: Vec<(String, String)> = usage.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["account_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("Child paused".to_string(), "Child Ltd".to_string()),
            ("Child uses X".to_string(), "Child Ltd".to_string()),
            ("Parent uses X".to_string(), "Parent Co".to_string()),
        ]
    );
    let child_usage = app
        .get(
            &format!("/api/v1/connections/{x}/automations"),
            Some(&w.child_admin),
        )
        .await;
    assert_eq!(child_usage.body["items"].as_array().unwrap().len(), 2);

    // Delete without force: 409 listing the active users only.
    let r = app
        .delete(&format!("/api/v1/connections/{x}"), Some(&w.parent_admin))
        .await;
    r.problem(409, "connection_in_use");
    let mut listed: Vec<&str> = r.body["automations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    listed.sort();
    assert_eq!(listed, vec!["Child uses X", "Parent uses X"]);
    assert_eq!(
        app.get(&format!("/api/v1/connections/{x}"), Some(&w.parent_admin))
            .await
            .status(),
        200,
        "nothing deleted"
    );
    // With force: exactly those are paused, with a reason naming the connection.
    let r = app
        .delete(
            &format!("/api/v1/connections/{x}?force=true"),
            Some(&w.parent_admin),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["paused_automations"].as_array().unwrap().len(), 2);
    let p1 = automation_status(&app, &w.parent_admin, &a1["id"]).await;
    assert_eq!(p1["status"], "paused");
    assert!(
        p1["paused_reason"]
            .as_str()
            .unwrap()
            .contains("Local API / Default"),
        "{p1}"
    );
    assert_eq!(
        p1["connection_ids"],
        json!([y]),
        "no link to the deleted connection"
    );
    let p3 = automation_status(&app, &w.child_admin, &a3["id"]).await;
    assert_eq!(p3["status"], "paused");
    assert_eq!(p3["connection_ids"], json!([]));
    assert_eq!(
        automation_status(&app, &w.parent_admin, &a2["id"]).await["status"],
        "active"
    );
    assert_eq!(
        automation_status(&app, &w.child_admin, &a4["id"]).await["paused_reason"],
        "holiday"
    );

    // Un-share: the child's users are paused and unlinked, the parent's stay.
    let z = connection(&app, &w.parent_admin, "Shared Z", true).await;
    let a5 = automation(&app, &w.child_admin, "Child uses Z", &[&z]).await;
    let a6 = automation(&app, &w.parent_admin, "Parent uses Z", &[&z]).await;
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{z}"),
            Some(&w.parent_admin),
            &json!({"shared_with_children": false}),
        )
        .await;
    r.problem(409, "connection_in_use");
    assert_eq!(r.body["automations"][0]["name"], "Child uses Z");
    let r = app
        .patch_json(
            &format!("/api/v1/connections/{z}?force=true"),
            Some(&w.parent_admin),
            &json!({"shared_with_children": false}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let p5 = automation_status(&app, &w.child_admin, &a5["id"]).await;
    assert_eq!(p5["status"], "paused");
    assert_eq!(p5["connection_ids"], json!([]));
    let p6 = automation_status(&app, &w.parent_admin, &a6["id"]).await;
    assert_eq!(p6["status"], "active");
    assert_eq!(p6["connection_ids"], json!([z]));
    // Resume clears the reason.
    let r = app
        .patch_json(
            &format!("/api/v1/automations/{}", a5["id"].as_str().unwrap()),
            Some(&w.child_admin),
            &json!({"status": "active"}),
        )
        .await;
    assert_eq!(r.body["status"], "active");
    assert!(r.body["paused_reason"].is_null());
    let audit = app
        .get(
            "/api/v1/audit?action=automation.paused",
            Some(&w.child_admin),
        )
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        2,
        "the child's audit log shows both pauses"
    );
}
dual!(delete_and_unshare_pause_exactly_the_users);

async fn concurrent_delete_and_link_never_dangle(app: TestApp) {
    let w = world(&app).await;
    for round in 0..8 {
        let x = connection(&app, &w.parent_admin, &format!("Race {round}"), true).await;
        let del_path = format!("/api/v1/connections/{x}?force=true");
        let body = json!({"name": format!("racer {round}"), "connection_ids": [x]});
        let del = app.delete(&del_path, Some(&w.parent_admin));
        let link = app.post_json("/api/v1/automations", Some(&w.child_admin), &body);
        let (d, l) = tokio::join!(del, link);
        assert_eq!(d.status(), 200, "{}", d.text);
        match l.status() {
            201 => {
                // Created first: the delete paused it and the link went with the connection.
                let a = automation_status(&app, &w.child_admin, &l.body["id"]).await;
                assert_eq!(a["status"], "paused", "round {round}: {a}");
                assert_eq!(a["connection_ids"], json!([]));
            }
            422 => {}
            other => panic!("round {round}: {other} {}", l.text),
        }
    }
    use diesel::prelude::*;
    use switchboard_db::schema::{automation_connections as l, connections as c};
    let dangling: i64 = app
        .state
        .db
        .read(|conn| {
            Ok::<_, switchboard_db::DbError>(
                l::table
                    .filter(diesel::dsl::not(diesel::dsl::exists(
                        c::table.filter(c::id.eq(l::connection_id)),
                    )))
                    .count()
                    .get_result(conn)?,
            )
        })
        .await
        .unwrap();
    assert_eq!(dangling, 0);
}
dual!(concurrent_delete_and_link_never_dangle);
