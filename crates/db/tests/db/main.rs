//! The storage crate against real databases: a SQLite file and, where
//! `SWITCHBOARD_TEST_POSTGRES_URL` names a server, a scratch PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod migrations;
mod rows;

use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;

/// Runs `f` with the URL of a new, empty PostgreSQL database, dropped afterwards
/// (also when `f` panics).
pub fn with_scratch_postgres<T>(f: impl FnOnce(&str) -> T + std::panic::UnwindSafe) -> T {
    let admin = std::env::var("SWITCHBOARD_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .expect(
            "SWITCHBOARD_TEST_POSTGRES_URL is not set (just unit skips the PostgreSQL tests then)",
        );
    let name = format!("sb_dbt_{}", uuid::Uuid::new_v4().simple());
    let mut a = PgConnection::establish(&admin).unwrap();
    a.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    let url = format!("{base}/{name}?sslmode=disable");
    let result = std::panic::catch_unwind(|| f(&url));
    let _ = a.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    match result {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e),
    }
}
