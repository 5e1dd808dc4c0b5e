//! The migrations: the SQLite and PostgreSQL sets say the same thing, and every
//! `down.sql` reverts its `up.sql`, on both backends.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel_migrations::MigrationHarness;
use switchboard_db::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

fn dirs(backend: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(backend))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The dialect differences the project allows, spelled one way.
fn normalise(sql: &str) -> String {
    let s = sql
        .replace("BYTEA", "BLOB")
        .replace(" COLLATE \"C\"", "")
        .replace("DEFAULT FALSE", "DEFAULT 0")
        .replace("DEFAULT TRUE", "DEFAULT 1");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Migrations with something for one backend only: the other's files change nothing
/// (`SELECT 1;` and comments).
const ONE_BACKEND_ONLY: [&str; 1] = [
    // PostgreSQL's trigram index for the name search.
    "2026-12-01-000015_search_trigram",
];

/// SQL without its comments and whitespace.
fn statements(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn sqlite_and_postgres_migrations_match() {
    let (lite, pg) = (dirs("sqlite"), dirs("postgres"));
    assert_eq!(lite, pg, "the same migrations under the same names");
    for m in &lite {
        if ONE_BACKEND_ONLY.contains(&m.as_str()) {
            for file in ["up.sql", "down.sql"] {
                let a = std::fs::read_to_string(root().join("sqlite").join(m).join(file)).unwrap();
                assert_eq!(
                    statements(&a),
                    "SELECT 1;",
                    "{m}/{file} must do nothing on SQLite"
                );
            }
            continue;
        }
        for file in ["up.sql", "down.sql"] {
            let a = std::fs::read_to_string(root().join("sqlite").join(m).join(file)).unwrap();
            let b = std::fs::read_to_string(root().join("postgres").join(m).join(file)).unwrap();
            assert_eq!(
                normalise(&a),
                normalise(&b),
                "{m}/{file} differs beyond the known dialect tokens"
            );
        }
    }
}

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Item {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    detail: Option<String>,
}

/// Tables with their columns (name, type, nullability, default) and indexes.
fn sqlite_schema(c: &mut SqliteConnection) -> Vec<Item> {
    let mut out: Vec<Item> = diesel::sql_query(
        "SELECT 'column' AS kind, m.name || '.' || p.name AS name, \
                p.type || ' ' || p.\"notnull\" || ' ' || COALESCE(p.dflt_value, '') || ' ' || p.pk AS detail \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name != '__diesel_schema_migrations' \
         UNION ALL \
         SELECT 'index', name, tbl_name FROM sqlite_master \
         WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
    )
    .load(c)
    .unwrap();
    out.sort();
    out
}

fn postgres_schema(c: &mut PgConnection) -> Vec<Item> {
    let mut out: Vec<Item> = diesel::sql_query(
        "SELECT 'column' AS kind, table_name || '.' || column_name AS name, \
                data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS detail \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name != '__diesel_schema_migrations' \
         UNION ALL \
         SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' \
           AND tablename != '__diesel_schema_migrations'",
    )
    .load(c)
    .unwrap();
    out.sort();
    out
}

/// Applies the migrations one by one; after each, reverting it must give back the
/// schema from before it, and applying it again the schema after it.
fn each_down_reverts_its_up<C>(
    c: &mut C,
    set: fn() -> diesel_migrations::EmbeddedMigrations,
    schema: fn(&mut C) -> Vec<Item>,
) -> usize
where
    C: MigrationHarness<<C as Connection>::Backend> + Connection,
{
    let mut n = 0;
    loop {
        let before = schema(c);
        if !c.has_pending_migration(set()).unwrap() {
            return n;
        }
        let applied = c.run_next_migration(set()).unwrap().to_string();
        let after = schema(c);
        c.revert_last_migration(set()).unwrap();
        assert_eq!(
            schema(c),
            before,
            "{applied}: down.sql does not revert up.sql"
        );
        c.run_next_migration(set()).unwrap();
        assert_eq!(schema(c), after, "{applied}: applying it again differs");
        n += 1;
    }
}

#[test]
fn every_down_reverts_its_up_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = SqliteConnection::establish(dir.path().join("m.db").to_str().unwrap()).unwrap();
    c.batch_execute("PRAGMA foreign_keys = ON").unwrap();
    let n = each_down_reverts_its_up(&mut c, || SQLITE_MIGRATIONS, sqlite_schema);
    assert_eq!(n, dirs("sqlite").len());
}

#[test]
fn every_down_reverts_its_up_postgres() {
    let n = crate::with_scratch_postgres(|url| {
        let mut c = PgConnection::establish(url).unwrap();
        each_down_reverts_its_up(&mut c, || POSTGRES_MIGRATIONS, postgres_schema)
    });
    assert_eq!(n, dirs("postgres").len());
}

#[test]
fn postgres_urls_get_timeouts_unless_they_name_them() {
    assert_eq!(
        switchboard_db::with_pg_timeouts("postgres://u@h/db"),
        "postgres://u@h/db?connect_timeout=5&keepalives_idle=30&tcp_user_timeout=15000"
    );
    assert_eq!(
        switchboard_db::with_pg_timeouts("postgres://u@h/db?sslmode=disable&connect_timeout=2"),
        "postgres://u@h/db?sslmode=disable&connect_timeout=2&keepalives_idle=30&tcp_user_timeout=15000"
    );
}
