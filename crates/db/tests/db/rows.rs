//! Typed columns: ids, statuses, roles and kinds read back as the values written,
//! a row whose id is not a UUID fails to load (it never turns into a nil id), and
//! the database refuses statuses, kinds and causes nobody knows.

use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use switchboard_db::models::{AccountRow, StatusChange};
use switchboard_db::repo;
use switchboard_db::{DbConn, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use switchboard_types::{AccountId, AccountKind, ConnectionId, ConnectionStatus, StatusCause};

const ACCOUNT: &str = "01900000-0000-7000-8000-00000000000a";
const CONNECTION: &str = "01900000-0000-7000-8000-00000000000c";

fn connection_sql(c: &DbConn, id: &str, name: &str, status: &str, cause: &str) -> String {
    let blob = match c {
        DbConn::Sqlite(_) => "X'00'",
        DbConn::Postgres(_) => "'\\x00'::bytea",
    };
    format!(
        "INSERT INTO connections (id, account_id, app_slug, name, name_key, sort_key, search_text, \
         status, status_reason, identity, notes, public_fields, envelope, key_version, version, \
         created_by, created_at, updated_at, last_used_at, shared_with_children, token_expires_at, \
         status_cause) VALUES ('{id}', '{ACCOUNT}', 'github', '{name}', '{name}', 'github/1{name}', \
         '{name}', '{status}', NULL, NULL, '', '{{}}', {blob}, 1, 1, NULL, \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL, FALSE, NULL, {cause})"
    )
}

fn typed_rows(c: &mut DbConn) {
    let account = AccountId::from(ACCOUNT.parse::<uuid::Uuid>().unwrap());
    let now = switchboard_db::now();
    repo::accounts::insert(
        c,
        &AccountRow {
            id: account,
            name: "Acme".into(),
            kind: AccountKind::Standard,
            parent_id: None,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
    let back = repo::accounts::find(c, account).unwrap().unwrap();
    assert_eq!((back.id, back.kind), (account, AccountKind::Standard));

    // A status with its cause round-trips, and only a refresh failure is cleared
    // by a successful refresh.
    let sql = connection_sql(c, CONNECTION, "first", "active", "NULL");
    c.batch_execute(&sql).unwrap();
    let id: ConnectionId = CONNECTION.parse().unwrap();
    let failed = StatusChange::failed(
        ConnectionStatus::Error,
        StatusCause::TestFailed,
        "401 from the app",
    );
    repo::connections::set_status(c, id, &failed, None, now).unwrap();
    let row = repo::connections::find(c, id).unwrap().unwrap();
    assert_eq!(row.status, ConnectionStatus::Error);
    assert_eq!(row.status_cause, Some(StatusCause::TestFailed));
    assert_eq!(
        repo::connections::clear_refresh_error(c, id, now).unwrap(),
        0
    );
    let refresh = StatusChange::failed(
        ConnectionStatus::Error,
        StatusCause::RefreshFailed,
        "Token refresh failed: invalid_client.",
    );
    repo::connections::set_status(c, id, &refresh, None, now).unwrap();
    assert_eq!(
        repo::connections::clear_refresh_error(c, id, now).unwrap(),
        1
    );
    let row = repo::connections::find(c, id).unwrap().unwrap();
    assert_eq!(
        (row.status, row.status_reason, row.status_cause),
        (ConnectionStatus::Active, None, None)
    );

    // Corrupt text: an id that is not a UUID, a status nobody knows.
    let sql = connection_sql(c, "not-a-uuid", "second", "active", "NULL");
    c.batch_execute(&sql).unwrap();
    let err = repo::connections::page(
        c,
        &repo::connections::PageQuery {
            account_id: account,
            app: None,
            status: None,
            shared_only: false,
            tags: &[],
            band: repo::connections::Band::All,
            after: None,
            limit: 10,
        },
    )
    .unwrap_err();
    assert!(
        format!("{err:?}").contains("not a valid ConnectionId"),
        "{err:?}"
    );
    c.batch_execute("DELETE FROM connections WHERE id = 'not-a-uuid'")
        .unwrap();
    // Unknown statuses, kinds and causes: the database's CHECKs refuse them.
    for sql in [
        format!("UPDATE connections SET status = 'sleeping' WHERE id = '{CONNECTION}'"),
        format!("UPDATE connections SET status_cause = 'gremlins' WHERE id = '{CONNECTION}'"),
        format!("UPDATE accounts SET kind = 'galactic' WHERE id = '{ACCOUNT}'"),
    ] {
        assert!(c.batch_execute(&sql).is_err(), "accepted: {sql}");
    }
}

#[test]
fn typed_rows_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteConnection::establish(dir.path().join("t.db").to_str().unwrap()).unwrap();
    lite.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    typed_rows(&mut DbConn::Sqlite(lite));
}

#[test]
fn typed_rows_postgres() {
    crate::with_scratch_postgres(|url| {
        let mut pg = PgConnection::establish(url).unwrap();
        pg.run_pending_migrations(POSTGRES_MIGRATIONS).unwrap();
        typed_rows(&mut DbConn::Postgres(pg));
    });
}

/// Tag filters page the same whether the rarest tag has few matches (the page is
/// made from them) or many (rows are scanned in page order and checked).
fn tag_pages(c: &mut DbConn) {
    let account = AccountId::from(ACCOUNT.parse::<uuid::Uuid>().unwrap());
    let now = switchboard_db::now();
    repo::accounts::insert(
        c,
        &AccountRow {
            id: account,
            name: "Acme".into(),
            kind: AccountKind::Standard,
            parent_id: None,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
    // More connections with team:sales than the few-matches cutoff (2,000); every
    // 4th also has quarter:q, every 300th end_user_id:7.
    let n = 2101;
    let mut sql = String::from("BEGIN;\n");
    for i in 0..n {
        let id = format!("01900000-0000-7000-8000-{:012x}", i + 256);
        let name = format!("n{i:05}");
        sql.push_str(&connection_sql(c, &id, &name, "active", "NULL"));
        sql.push_str(";\n");
        sql.push_str(&format!(
            "INSERT INTO connection_tags (connection_id, name, value, account_id) VALUES ('{id}', 'team', 'sales', '{ACCOUNT}');\n"
        ));
        if i % 4 == 0 {
            sql.push_str(&format!(
                "INSERT INTO connection_tags (connection_id, name, value, account_id) VALUES ('{id}', 'quarter', 'q', '{ACCOUNT}');\n"
            ));
        }
        if i % 300 == 0 {
            sql.push_str(&format!(
                "INSERT INTO connection_tags (connection_id, name, value, account_id) VALUES ('{id}', 'end_user_id', '7', '{ACCOUNT}');\n"
            ));
        }
    }
    sql.push_str("COMMIT;\n");
    c.batch_execute(&sql).unwrap();

    let pages = |c: &mut DbConn, tags: &[(String, String)]| {
        let mut names = Vec::new();
        let mut after: Option<(String, ConnectionId)> = None;
        loop {
            let rows = repo::connections::page(
                c,
                &repo::connections::PageQuery {
                    account_id: account,
                    app: None,
                    status: None,
                    shared_only: false,
                    tags,
                    band: repo::connections::Band::All,
                    after: after.as_ref().map(|(k, id)| (k.as_str(), *id)),
                    limit: 50,
                },
            )
            .unwrap();
            let Some(last) = rows.last() else { break };
            after = Some((last.sort_key.clone(), last.id));
            names.extend(rows.iter().map(|r| r.name.clone()));
        }
        names
    };
    let tag = |k: &str, v: &str| (k.to_string(), v.to_string());
    let all: Vec<String> = (0..n).map(|i| format!("n{i:05}")).collect();
    let few: Vec<String> = (0..n)
        .filter(|i| i % 300 == 0)
        .map(|i| format!("n{i:05}"))
        .collect();
    assert_eq!(pages(c, &[tag("team", "sales")]), all);
    assert_eq!(pages(c, &[tag("end_user_id", "7")]), few);
    // 526 matches: sort keys first, then the page's rows.
    let quarter: Vec<String> = (0..n)
        .filter(|i| i % 4 == 0)
        .map(|i| format!("n{i:05}"))
        .collect();
    assert_eq!(pages(c, &[tag("quarter", "q")]), quarter);
    assert_eq!(
        pages(c, &[tag("team", "sales"), tag("quarter", "q")]),
        quarter
    );
    assert_eq!(
        pages(c, &[tag("team", "sales"), tag("end_user_id", "7")]),
        few
    );
    assert!(pages(c, &[tag("team", "sales"), tag("end_user_id", "8")]).is_empty());
}

#[test]
fn tag_pages_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteConnection::establish(dir.path().join("t.db").to_str().unwrap()).unwrap();
    lite.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    tag_pages(&mut DbConn::Sqlite(lite));
}

#[test]
fn tag_pages_postgres() {
    crate::with_scratch_postgres(|url| {
        let mut pg = PgConnection::establish(url).unwrap();
        pg.run_pending_migrations(POSTGRES_MIGRATIONS).unwrap();
        tag_pages(&mut DbConn::Postgres(pg));
    });
}
