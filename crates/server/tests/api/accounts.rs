//! Deleting an account: refused while it holds things unless forced; then its
//! users, connections, automations and data keys are gone in one transaction, the
//! wrapped key's bytes are overwritten in the SQLite file, and a copy of its
//! ciphertext no longer opens.

use serde_json::json;
use switchboard_types::DeletedAccount;

use crate::dual;
use crate::helpers::*;

async fn deleting_an_account_destroys_its_key(app: TestApp) {
    let t = app.admin_token.clone();
    let child = app
        .post_json(
            "/api/v1/accounts",
            Some(&t),
            &json!({"name": "Doomed", "admin": {"email": "doomed@example.com", "password": PASSWORD}, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(child.status(), 201, "{}", child.text);
    let account = child.body["account"]["id"].as_str().unwrap().to_string();
    let (ct, _) = app.login("doomed@example.com", PASSWORD).await;
    let c = app
        .create_connection(
            &ct,
            "github",
            Some("Prod"),
            "ghp_doomedcanaryxxxxxxxxxxxxxxxxxxxx",
        )
        .await;
    assert_eq!(c.status(), 201, "{}", c.text);
    let conn_id = c.body["id"].as_str().unwrap().to_string();
    let a = app
        .post_json(
            "/api/v1/automations",
            Some(&ct),
            &json!({"name": "Sync", "connection_ids": [conn_id]}),
        )
        .await;
    assert_eq!(a.status(), 201, "{}", a.text);

    // The wrapped key and the sealed credentials, as stored.
    let acc: switchboard_types::AccountId = account.parse().unwrap();
    let cid: switchboard_types::ConnectionId = conn_id.parse().unwrap();
    let (wrapped, envelope) = app
        .state
        .db
        .read(move |c| {
            let key = switchboard_db::repo::accounts::find_key(c, acc, 1)?.unwrap();
            let row = switchboard_db::repo::connections::find(c, cid)?.unwrap();
            Ok::<_, switchboard_db::DbError>((key.wrapped, row.envelope))
        })
        .await
        .unwrap();

    // The account's own administrator cannot; without force it is refused with counts.
    app.delete(&format!("/api/v1/accounts/{account}"), Some(&ct))
        .await
        .problem(403, "not_parent");
    let refused = app
        .delete(&format!("/api/v1/accounts/{account}"), Some(&t))
        .await;
    let problem = refused.problem_doc(409, "account_not_empty");
    assert_eq!(problem.errors["connections"], vec!["1".to_string()]);
    assert_eq!(problem.errors["automations"], vec!["1".to_string()]);

    let deleted: DeletedAccount = app
        .delete(&format!("/api/v1/accounts/{account}?force=true"), Some(&t))
        .await
        .json(200);
    assert_eq!(
        (
            deleted.accounts,
            deleted.users,
            deleted.connections,
            deleted.automations
        ),
        (1, 1, 1, 1)
    );
    app.get("/api/v1/me", Some(&ct))
        .await
        .problem(401, "unauthenticated");
    app.get(&format!("/api/v1/accounts/{account}"), Some(&t))
        .await
        .problem(404, "not_found");
    let gone = app
        .state
        .db
        .read(move |c| {
            Ok::<_, switchboard_db::DbError>(switchboard_db::repo::accounts::find_key(c, acc, 1)?)
        })
        .await
        .unwrap();
    assert!(gone.is_none(), "the wrapped data key is deleted");
    // The audit log keeps the event with the account's name.
    let audit = app
        .get("/api/v1/audit?action=account.delete", Some(&t))
        .await;
    assert_eq!(
        audit.body["items"][0]["details"]["name"], "Doomed",
        "{}",
        audit.text
    );

    // SQLite: the wrapped key's bytes are not in the database file any more.
    if app.db.backend == Backend::Sqlite {
        let file = std::fs::read(&app.db.url).unwrap();
        assert!(
            !file.windows(wrapped.len()).any(|w| w == wrapped.as_slice()),
            "the wrapped key's bytes are still in the file"
        );
    }
    // A copy of the old ciphertext, put back under a new connection of another
    // account, does not open.
    let mine = app
        .create_connection(
            &t,
            "github",
            Some("Mine"),
            "ghp_minexxxxxxxxxxxxxxxxxxxxxxxxxx",
        )
        .await;
    let mine_id: switchboard_types::ConnectionId =
        mine.body["id"].as_str().unwrap().parse().unwrap();
    app.state
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use switchboard_db::schema::connections;
            diesel::update(connections::table.find(mine_id))
                .set(connections::envelope.eq(envelope))
                .execute(c)?;
            Ok::<_, switchboard_db::DbError>(())
        })
        .await
        .unwrap();
    app.post_json(
        &format!("/api/v1/connections/{mine_id}/reveal"),
        Some(&t),
        &json!({"password": PASSWORD}),
    )
    .await
    .problem(500, "credentials_unreadable");
}
dual!(deleting_an_account_destroys_its_key);
