//! Step-up: a stolen access token alone cannot take over an account. Changing a
//! password, making an administrator and creating keys that reach secrets need the
//! acting user's password in `current_password`; wrong or missing, nothing changes.

use serde_json::json;

use crate::dual;
use crate::helpers::*;

const NEW: &str = "a brand new long password";

async fn own_password_change_needs_the_current_one(app: TestApp) {
    let t = app.admin_token.clone();
    app.post_json(
        "/api/v1/me/password",
        Some(&t),
        &json!({"current_password": "not my password", "new_password": NEW}),
    )
    .await
    .problem(401, "invalid_password");
    app.post_json(
        "/api/v1/me/password",
        Some(&t),
        &json!({"new_password": NEW}),
    )
    .await
    .problem(422, "validation_failed");
    // The users API does not set one's own password, with or without it.
    let me = app.get("/api/v1/me", Some(&t)).await;
    let my_id = me.body["user"]["id"].as_str().unwrap().to_string();
    for body in [
        json!({"password": NEW}),
        json!({"password": NEW, "current_password": PASSWORD}),
    ] {
        let r = app
            .patch_json(&format!("/api/v1/users/{my_id}"), Some(&t), &body)
            .await;
        r.problem(422, "validation_failed");
        assert!(r.text.contains("/me/password"), "{}", r.text);
    }
    // Nothing changed: the old password still signs in.
    app.login(ADMIN_EMAIL, PASSWORD).await;
    let r = app
        .post_json(
            "/api/v1/me/password",
            Some(&t),
            &json!({"current_password": PASSWORD, "new_password": NEW}),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text);
    // Every session ended; the new password works, the old one not.
    app.get("/api/v1/me", Some(&t))
        .await
        .problem(401, "unauthenticated");
    app.login(ADMIN_EMAIL, NEW).await;
    let old = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": PASSWORD}),
        )
        .await;
    old.problem(401, "invalid_credentials");
}
dual!(own_password_change_needs_the_current_one);

async fn takeover_paths_need_the_admins_password(app: TestApp) {
    let t = app.admin_token.clone();
    let member = app
        .post_json(
            "/api/v1/users",
            Some(&t),
            &json!({"email": "m@example.com", "password": PASSWORD, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(member.status(), 201, "{}", member.text);
    let member_id = member.body["id"].as_str().unwrap().to_string();
    let member_token = app.login("m@example.com", PASSWORD).await.0;
    let member_key = app
        .post_json(
            "/api/v1/api-keys",
            Some(&member_token),
            &json!({"name": "m", "scopes": ["proxy"], "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(member_key.status(), 201, "{}", member_key.text);
    let member_key = member_key.body["key"].as_str().unwrap().to_string();

    // Any new user is a new way in: a member needs the admin's password too.
    app.post_json(
        "/api/v1/users",
        Some(&t),
        &json!({"email": "m2@example.com", "password": PASSWORD}),
    )
    .await
    .problem(422, "current_password_required");
    // Creating an admin: missing → 422, wrong → 401, and no user is made.
    let admin = json!({"email": "a2@example.com", "password": PASSWORD, "role": "admin"});
    app.post_json("/api/v1/users", Some(&t), &admin)
        .await
        .problem(422, "current_password_required");
    let mut wrong = admin.clone();
    wrong["current_password"] = json!("wrong password");
    app.post_json("/api/v1/users", Some(&t), &wrong)
        .await
        .problem(401, "invalid_password");
    let users = app.get("/api/v1/users", Some(&t)).await;
    assert!(!users.text.contains("a2@example.com"));
    let mut right = admin.clone();
    right["current_password"] = json!(PASSWORD);
    assert_eq!(
        app.post_json("/api/v1/users", Some(&t), &right)
            .await
            .status(),
        201
    );

    // Promoting: same rule.
    let path = format!("/api/v1/users/{member_id}");
    app.patch_json(&path, Some(&t), &json!({"role": "admin"}))
        .await
        .problem(422, "current_password_required");
    app.patch_json(
        &path,
        Some(&t),
        &json!({"role": "admin", "current_password": "wrong password"}),
    )
    .await
    .problem(401, "invalid_password");
    let users = app.get("/api/v1/users", Some(&t)).await;
    let m = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "m@example.com")
        .unwrap()
        .clone();
    assert_eq!(m["role"], "member", "no promotion without the password");

    // Setting another user's password: needs it, ends their sessions and revokes
    // their API keys, and says so.
    app.patch_json(&path, Some(&t), &json!({"password": NEW}))
        .await
        .problem(422, "current_password_required");
    assert_eq!(
        app.get("/api/v1/me", Some(&member_token)).await.status(),
        200
    );
    let r = app
        .patch_json(
            &path,
            Some(&t),
            &json!({"password": NEW, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["sessions_ended"], true);
    assert_eq!(r.body["api_keys_revoked"], 1);
    assert_eq!(r.body["email"], "m@example.com");
    app.get("/api/v1/me", Some(&member_token))
        .await
        .problem(401, "unauthenticated");
    app.get("/api/v1/connections", Some(&member_key))
        .await
        .problem(401, "unauthenticated");

    // Keys that reach secrets need it; others do not.
    for scope in ["credentials:read", "proxy"] {
        app.post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "k", "scopes": [scope]}),
        )
        .await
        .problem(422, "current_password_required");
        app.post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "k", "scopes": [scope], "current_password": "wrong password"}),
        )
        .await
        .problem(401, "invalid_password");
    }
    assert_eq!(
        app.post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": "reader", "scopes": ["connections:read"]}),
        )
        .await
        .status(),
        201
    );
    let keys = app.get("/api/v1/api-keys", Some(&t)).await;
    assert_eq!(
        keys.body["items"].as_array().unwrap().len(),
        1,
        "only the harmless key was made: {}",
        keys.text
    );

    // Accounts come with an admin: the same rule.
    let acc = json!({"name": "Acme", "admin": {"email": "acme@example.com", "password": PASSWORD}});
    app.post_json("/api/v1/accounts", Some(&t), &acc)
        .await
        .problem(422, "current_password_required");
    let accounts = app.get("/api/v1/accounts", Some(&t)).await;
    assert!(!accounts.text.contains("Acme"));
}
dual!(takeover_paths_need_the_admins_password);

/// Emails are unique across tenants, so 409 `email_taken` tells an admin that an
/// email exists elsewhere: creation is limited to 20 per admin an hour and every
/// attempt is audited.
async fn user_creation_is_rate_limited_and_audited(app: TestApp) {
    let (_, other) = app.account("Other", "other@example.com").await;
    let mut statuses = Vec::new();
    for i in 0..21 {
        let email = if i == 0 {
            ADMIN_EMAIL.to_string()
        } else {
            format!("probe{i}@example.com")
        };
        let r = app
            .post_json(
                "/api/v1/users",
                Some(&other),
                &json!({"email": email, "password": PASSWORD, "current_password": PASSWORD}),
            )
            .await;
        statuses.push(r.status());
    }
    assert_eq!(statuses[0], 409);
    assert!(statuses[1..20].iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(statuses[20], 429);
    let audit = app
        .get("/api/v1/audit?action=user.create_refused", Some(&other))
        .await;
    let items = audit.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", audit.text);
    assert_eq!(items[0]["details"]["reason"], "email_taken");
}
dual!(user_creation_is_rate_limited_and_audited);
