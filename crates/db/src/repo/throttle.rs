//! Failure counters for login and reveal throttling, shared by all replicas.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::auth_failures as f;
use crate::DbConn;

pub fn record(conn: &mut DbConn, id: &str, key: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(f::table)
        .values((f::id.eq(id), f::key.eq(key), f::created_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Failures for `key` since `since`: how many, and the oldest one's time.
pub fn window(
    conn: &mut DbConn,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let n: i64 = f::table
        .filter(f::key.eq(key))
        .filter(f::created_at.gt(since))
        .count()
        .get_result(conn)?;
    if n == 0 {
        return Ok((0, None));
    }
    let oldest = f::table
        .filter(f::key.eq(key))
        .filter(f::created_at.gt(since))
        .order(f::created_at.asc())
        .select(f::created_at)
        .first(conn)
        .optional()?;
    Ok((n, oldest))
}

pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::delete(f::table.filter(f::key.eq(key))).execute(conn)
}

pub fn purge_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(f::table.filter(f::created_at.lt(before))).execute(conn)
}
