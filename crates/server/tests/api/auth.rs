use base64::Engine as _;
use serde_json::json;

use crate::dual;
use crate::helpers::*;

async fn setup_only_once(app: TestApp) {
    let r = app
        .post_json(
            "/api/v1/setup",
            None,
            &json!({"token": SETUP_TOKEN, "email": "second@example.com", "password": PASSWORD}),
        )
        .await;
    r.problem(409, "already_set_up");
    let me = app.get("/api/v1/me", Some(&app.admin_token)).await;
    assert_eq!(me.status(), 200);
    assert_eq!(me.body["user"]["email"], ADMIN_EMAIL);
    assert_eq!(me.body["system_admin"], true);
    assert_eq!(me.body["account"]["kind"], "system");
}
dual!(setup_only_once);

async fn login_failures_look_alike_and_are_throttled(app: TestApp) {
    let unknown = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": "nobody@example.com", "password": "wrong password"}),
        )
        .await;
    let wrong = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": "wrong password"}),
        )
        .await;
    unknown.problem(401, "invalid_credentials");
    wrong.problem(401, "invalid_credentials");
    // The same answer apart from the id of the request it answers.
    let without_id = |mut v: serde_json::Value| {
        v["request_id"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        without_id(unknown.body.clone()),
        without_id(wrong.body.clone()),
        "same body for unknown email and wrong password"
    );
    for _ in 0..4 {
        app.post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": "wrong password"}),
        )
        .await
        .problem(401, "invalid_credentials");
    }
    // Five failures: even the right password now waits.
    let r = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": PASSWORD}),
        )
        .await;
    r.problem(429, "too_many_requests");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900, "retry-after {retry}");
    // The audit log recorded the failures.
    let audit = app
        .get(
            "/api/v1/audit?action=auth.login_failed",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 5);
}
dual!(login_failures_look_alike_and_are_throttled);

async fn forged_tokens_are_refused(app: TestApp) {
    let good = app.admin_token.clone();
    assert_eq!(app.get("/api/v1/me", Some(&good)).await.status(), 200);
    let parts: Vec<&str> = good.split('.').collect();
    let enc = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();

    let none = format!(
        "{}.{}.",
        enc(json!({"alg": "none", "typ": "at+jwt"})),
        parts[1]
    );
    let mut bad_sig = good.clone();
    bad_sig.truncate(good.len() - 4);
    bad_sig.push_str("AAAA");
    let mut expired = claims.clone();
    expired["exp"] = json!(1_000_000);
    let expired = format!("{}.{}.{}", parts[0], enc(expired), parts[2]);
    let mut aud = claims.clone();
    aud["aud"] = json!("someone-else");
    let aud = format!("{}.{}.{}", parts[0], enc(aud), parts[2]);
    let (_, refresh) = app.login(ADMIN_EMAIL, PASSWORD).await;
    for (what, token) in [
        ("alg none", none),
        ("bad signature", bad_sig),
        ("expired", expired),
        ("wrong audience", aud),
        ("refresh token", refresh),
        ("garbage", "x.y.z".into()),
    ] {
        let r = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(r.status(), 401, "{what} accepted");
        r.problem(401, "unauthenticated");
    }
    // The signing secret is random, not derived from the master key.
    let uid: switchboard_types::UserId = claims["sub"].as_str().unwrap().parse().unwrap();
    let acc: switchboard_types::AccountId = claims["acc"].as_str().unwrap().parse().unwrap();
    let derived = switchboard_server::auth::jwt::JwtKeys::from_master(
        &switchboard_vault::MasterKey::from_base64(&app.master_key).unwrap(),
    )
    .issue(uid, acc, 1, chrono::Utc::now().timestamp(), 900)
    .unwrap();
    app.get("/api/v1/me", Some(&derived))
        .await
        .problem(401, "unauthenticated");
    // An expired token signed with the real key is refused too.
    let keys = app.state.jwt.clone();
    let old = keys
        .issue(uid, acc, 1, chrono::Utc::now().timestamp() - 7200, 900)
        .unwrap();
    app.get("/api/v1/me", Some(&old))
        .await
        .problem(401, "unauthenticated");
    let fresh = keys
        .issue(uid, acc, 1, chrono::Utc::now().timestamp(), 900)
        .unwrap();
    assert_eq!(app.get("/api/v1/me", Some(&fresh)).await.status(), 200);
}
dual!(forged_tokens_are_refused);

async fn refresh_rotates_and_reuse_revokes_the_family(app: TestApp) {
    let (_, r1) = app.login(ADMIN_EMAIL, PASSWORD).await;
    let refresh = |cookie: String| {
        let req = app
            .req(reqwest::Method::POST, "/api/v1/auth/refresh", None)
            .header("cookie", format!("sb_refresh={cookie}"));
        app.send(req)
    };
    let a = refresh(r1.clone()).await;
    assert_eq!(a.status(), 200, "{}", a.text);
    let r2 = refresh_cookie(&a.headers).unwrap();
    assert_ne!(r1, r2);
    let set_cookie = a.header("set-cookie").unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    assert_eq!(
        app.get("/api/v1/me", Some(a.body["access_token"].as_str().unwrap()))
            .await
            .status(),
        200
    );
    // r1 again: reuse. Refused, and r2 (same family) dies with it.
    refresh(r1).await.problem(401, "session_expired");
    refresh(r2).await.problem(401, "session_expired");
    // Twenty parallel refreshes with one token: at most one wins.
    let (_, r3) = app.login(ADMIN_EMAIL, PASSWORD).await;
    let results = futures_util::future::join_all((0..20).map(|_| refresh(r3.clone()))).await;
    let wins = results.iter().filter(|r| r.status() == 200).count();
    assert!(wins <= 1, "{wins} parallel refreshes succeeded");
    // Logout ends the family.
    let (_, r4) = app.login(ADMIN_EMAIL, PASSWORD).await;
    let out = app
        .send(
            app.req(reqwest::Method::POST, "/api/v1/auth/logout", None)
                .header("cookie", format!("sb_refresh={r4}")),
        )
        .await;
    assert_eq!(out.status(), 204);
    refresh(r4).await.problem(401, "session_expired");
}
dual!(refresh_rotates_and_reuse_revokes_the_family);

async fn users_api_keys_and_session_ends(app: TestApp) {
    let admin = app.admin_token.clone();
    let r = app
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "Member@Example.com", "password": PASSWORD, "role": "member", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.body["email"], "member@example.com");
    let member_id = r.body["id"].as_str().unwrap().to_string();
    app.post_json(
        "/api/v1/users",
        Some(&admin),
        &json!({"email": "member@example.com", "password": PASSWORD, "current_password": PASSWORD}),
    )
    .await
    .problem(409, "email_taken");
    app.post_json(
        "/api/v1/users",
        Some(&admin),
        &json!({"email": "short@example.com", "password": "short", "current_password": PASSWORD}),
    )
    .await
    .problem(422, "validation_failed");
    let long = "x".repeat(100);
    assert_eq!(
        app.post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "long@example.com", "password": long, "current_password": PASSWORD})
        )
        .await
        .status(),
        201,
        "64+ character passwords work"
    );
    app.post_json(
        "/api/v1/users",
        Some(&admin),
        &json!({"email": "huge@example.com", "password": "x".repeat(5000), "current_password": PASSWORD}),
    )
    .await
    .problem(422, "validation_failed");

    let (member, member_refresh) = app.login("member@example.com", PASSWORD).await;
    app.get("/api/v1/users", Some(&member))
        .await
        .problem(403, "admin_required");

    // API keys: shown once, scoped, revocable.
    let k = app
        .post_json(
            "/api/v1/api-keys",
            Some(&member),
            &json!({"name": "engine", "scopes": ["connections:read"], "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(k.status(), 201, "{}", k.text);
    let key = k.body["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("sbk_"));
    assert_eq!(
        app.get("/api/v1/connections", Some(&key)).await.status(),
        200
    );
    app.post_json(
        "/api/v1/connections",
        Some(&key),
        &json!({"app": "github", "fields": {}}),
    )
    .await
    .problem(403, "insufficient_scope");
    app.post_json(
        "/api/v1/api-keys",
        Some(&key),
        &json!({"name": "x", "scopes": ["proxy"], "current_password": PASSWORD}),
    )
    .await
    .problem(403, "user_session_required");
    app.post_json(
        "/api/v1/api-keys",
        Some(&member),
        &json!({"name": "x", "scopes": ["everything"], "current_password": PASSWORD}),
    )
    .await
    .problem(422, "validation_failed");
    let listed = app.get("/api/v1/api-keys", Some(&member)).await;
    assert!(!listed.text.contains(&key), "the key is never listed");
    let id = k.body["api_key"]["id"].as_str().unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/api-keys/{id}"), Some(&member))
            .await
            .status(),
        204
    );
    app.get("/api/v1/connections", Some(&key))
        .await
        .problem(401, "unauthenticated");

    // A password change ends the member's sessions; so does disabling.
    let r = app
        .patch_json(
            &format!("/api/v1/users/{member_id}"),
            Some(&admin),
            &json!({"password": "another long password", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["sessions_ended"], true);
    app.get("/api/v1/me", Some(&member))
        .await
        .problem(401, "unauthenticated");
    let refresh = app
        .send(
            app.req(reqwest::Method::POST, "/api/v1/auth/refresh", None)
                .header("cookie", format!("sb_refresh={member_refresh}")),
        )
        .await;
    refresh.problem(401, "session_expired");
    let (member2, _) = app
        .login("member@example.com", "another long password")
        .await;
    app.patch_json(
        &format!("/api/v1/users/{member_id}"),
        Some(&admin),
        &json!({"disabled": true}),
    )
    .await;
    app.get("/api/v1/me", Some(&member2))
        .await
        .problem(401, "unauthenticated");
    app.post_json(
        "/api/v1/auth/login",
        None,
        &json!({"email": "member@example.com", "password": "another long password"}),
    )
    .await
    .problem(401, "invalid_credentials");

    // An admin cannot lock themselves out: not demote, disable or delete their own
    // user (and the last admin could not be in any case), even with a second admin.
    let me = app.get("/api/v1/me", Some(&admin)).await;
    let admin_id = me.body["user"]["id"].as_str().unwrap().to_string();
    let self_url = format!("/api/v1/users/{admin_id}");
    for body in [json!({"role": "member"}), json!({"disabled": true})] {
        app.patch_json(&self_url, Some(&admin), &body)
            .await
            .problem(409, "self_lockout");
    }
    app.delete(&self_url, Some(&admin))
        .await
        .problem(409, "self_lockout");
    // One's own password changes through POST /me/password, not here.
    app.patch_json(
        &self_url,
        Some(&admin),
        &json!({"password": "a brand new long password", "current_password": PASSWORD}),
    )
    .await
    .problem(422, "validation_failed");
    let _: serde_json::Value = app.get("/api/v1/me", Some(&admin)).await.json(200);
    let second = app
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "second@example.com", "password": "a second long password",
                    "role": "admin", "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(second.status(), 201, "{}", second.text);
    app.patch_json(&self_url, Some(&admin), &json!({"disabled": true}))
        .await
        .problem(409, "self_lockout");
    let _: serde_json::Value = app.get("/api/v1/me", Some(&admin)).await.json(200);
    // Another admin can demote this one.
    let (other, _) = app
        .login("second@example.com", "a second long password")
        .await;
    let r = app
        .patch_json(&self_url, Some(&other), &json!({"role": "member"}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.body["role"], "member");
}
dual!(users_api_keys_and_session_ends);

async fn stored_hashes_are_argon2id_with_strong_params(app: TestApp) {
    let db = app.state.db.clone();
    let hash = db
        .read(|c| {
            Ok::<_, switchboard_db::DbError>(
                switchboard_db::repo::users::find_by_email(c, ADMIN_EMAIL)?
                    .unwrap()
                    .password_hash,
            )
        })
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    // A weaker hash is upgraded at the next sign-in.
    let weak = {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let params = argon2::Params::new(4096, 1, 1, None).unwrap();
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(
                PASSWORD.as_bytes(),
                &SaltString::generate(&mut rand::rngs::OsRng),
            )
            .unwrap()
            .to_string()
    };
    let w = weak.clone();
    db.write(move |c| {
        let u = switchboard_db::repo::users::find_by_email(c, ADMIN_EMAIL)?.unwrap();
        switchboard_db::repo::users::set_password(c, u.id, &w, false, switchboard_db::now())?;
        Ok::<_, switchboard_server::error::ApiError>(())
    })
    .await
    .unwrap();
    app.login(ADMIN_EMAIL, PASSWORD).await;
    let after = db
        .read(|c| {
            Ok::<_, switchboard_db::DbError>(
                switchboard_db::repo::users::find_by_email(c, ADMIN_EMAIL)?
                    .unwrap()
                    .password_hash,
            )
        })
        .await
        .unwrap();
    assert_ne!(after, weak);
    assert!(
        after.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{after}"
    );
}
dual!(stored_hashes_are_argon2id_with_strong_params);

async fn users_api_keys_and_accounts_page_with_a_cursor(app: TestApp) {
    let t = app.admin_token.clone();
    for i in 0..4 {
        app.post_json(
            "/api/v1/users",
            Some(&t),
            &json!({"email": format!("u{i}@example.com"), "password": PASSWORD, "current_password": PASSWORD}),
        )
        .await
        .json::<switchboard_types::User>(201);
        app.post_json(
            "/api/v1/api-keys",
            Some(&t),
            &json!({"name": format!("key {i}"), "scopes": ["connections:read"]}),
        )
        .await
        .json::<switchboard_types::CreatedApiKey>(201);
        app.account(&format!("Tenant {i}"), &format!("t{i}@example.com"))
            .await;
    }
    let (users, pages) = all_pages::<switchboard_types::User>(&app, "/api/v1/users", 2).await;
    assert_eq!((users.len(), pages), (5, 3), "the admin and four users");
    let emails: std::collections::HashSet<_> = users.iter().map(|u| u.email.clone()).collect();
    assert_eq!(emails.len(), 5, "no user twice");
    let (keys, _) = all_pages::<switchboard_types::ApiKey>(&app, "/api/v1/api-keys", 3).await;
    assert_eq!(keys.len(), 4);
    let (accounts, _) = all_pages::<switchboard_types::Account>(&app, "/api/v1/accounts", 1).await;
    assert_eq!(accounts.len(), 5, "the system account and four tenants");
    app.get("/api/v1/users?limit=0", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/api-keys?cursor=not-ours", Some(&t))
        .await
        .problem(400, "invalid_cursor");
}
dual!(users_api_keys_and_accounts_page_with_a_cursor);
