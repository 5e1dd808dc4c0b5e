//! Rate-limit overrides, and the shared GCRA state of the `postgres` backend.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use crate::models::RateLimitOverrideRow;
use crate::schema::rate_limit_overrides as o;
use crate::DbConn;
use switchboard_types::ConnectionId;

pub fn find_override(
    conn: &mut DbConn,
    id: ConnectionId,
) -> QueryResult<Option<RateLimitOverrideRow>> {
    o::table
        .find(id)
        .select(RateLimitOverrideRow::as_select())
        .first(conn)
        .optional()
}

pub fn put_override(conn: &mut DbConn, row: &RateLimitOverrideRow) -> QueryResult<()> {
    let n = diesel::update(o::table.find(&row.connection_id))
        .set((
            o::requests.eq(row.requests),
            o::per_seconds.eq(row.per_seconds),
            o::burst.eq(row.burst),
            o::set_by.eq(&row.set_by),
            o::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(o::table).values(row).execute(conn)?;
    }
    Ok(())
}

pub fn delete_override(conn: &mut DbConn, id: ConnectionId) -> QueryResult<usize> {
    diesel::delete(o::table.find(id)).execute(conn)
}

/// One GCRA decision on the database clock (PostgreSQL only).
#[derive(Debug, QueryableByName)]
pub struct GcraRow {
    /// The new theoretical arrival time when allowed; NULL when limited.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub new_tat: Option<i64>,
    /// The stored time before this decision (NULL for a new key).
    #[diesel(sql_type = Nullable<BigInt>)]
    pub old_tat: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub now: i64,
}

/// Allows the call when `max(tat, now) + interval - now <= tolerance`, and then moves
/// the stored time on by `interval`, in one statement: concurrent callers on any
/// replica serialize on the row. Times are microseconds of the database clock.
pub fn gcra(
    conn: &mut DbConn,
    key: &str,
    interval_us: i64,
    tolerance_us: i64,
) -> QueryResult<GcraRow> {
    let DbConn::Postgres(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "the postgres rate-limit backend needs PostgreSQL".into(),
        ));
    };
    diesel::sql_query(
        "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS t), \
         up AS ( \
           INSERT INTO rate_limit_state AS s (key, tat) SELECT $1, now.t + $2 FROM now \
           ON CONFLICT (key) DO UPDATE SET tat = GREATEST(s.tat, (SELECT t FROM now)) + $2 \
             WHERE GREATEST(s.tat, (SELECT t FROM now)) + $2 - (SELECT t FROM now) <= $3 \
           RETURNING s.tat) \
         SELECT (SELECT tat FROM up) AS new_tat, \
                (SELECT tat FROM rate_limit_state WHERE key = $1) AS old_tat, \
                (SELECT t FROM now) AS now",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(interval_us)
    .bind::<BigInt, _>(tolerance_us)
    .get_result(pg)
}

/// Pushes the stored time so that nothing is allowed for `hold_us` from now
/// (an upstream 429 with `Retry-After`). PostgreSQL only.
pub fn gcra_hold(conn: &mut DbConn, key: &str, until_tat_offset_us: i64) -> QueryResult<usize> {
    let DbConn::Postgres(pg) = conn else {
        return Ok(0);
    };
    diesel::sql_query(
        "INSERT INTO rate_limit_state AS s (key, tat) \
           VALUES ($1, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT + $2) \
         ON CONFLICT (key) DO UPDATE SET tat = GREATEST(s.tat, EXCLUDED.tat)",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(until_tat_offset_us)
    .execute(pg)
}

/// The stored time and the database clock, without deciding anything.
pub fn gcra_peek(conn: &mut DbConn, key: &str) -> QueryResult<GcraRow> {
    let DbConn::Postgres(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "the postgres rate-limit backend needs PostgreSQL".into(),
        ));
    };
    diesel::sql_query(
        "SELECT NULL::BIGINT AS new_tat, \
                (SELECT tat FROM rate_limit_state WHERE key = $1) AS old_tat, \
                (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS now",
    )
    .bind::<Text, _>(key)
    .get_result(pg)
}

/// After a limit change: the stored time restarts at now (a fresh burst under the new
/// limit), except that an upstream's hold — a wait longer than the old limit could
/// cause, `tat - now > old tolerance` — keeps its remaining time under the new limit.
/// PostgreSQL only; one statement on the database clock.
pub fn gcra_rescale(
    conn: &mut DbConn,
    key: &str,
    old: (i64, i64),
    new: (i64, i64),
) -> QueryResult<usize> {
    let DbConn::Postgres(pg) = conn else {
        return Ok(0);
    };
    let ((old_t, old_tol), (new_t, new_tol)) = (old, new);
    diesel::sql_query(
        "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS t) \
         UPDATE rate_limit_state AS s SET tat = CASE \
             WHEN s.tat - (SELECT t FROM now) > $3 \
             THEN (SELECT t FROM now) + (s.tat - (SELECT t FROM now) - $3 + $2) + $5 - $4 \
             ELSE (SELECT t FROM now) END \
         WHERE s.key = $1",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(old_t)
    .bind::<BigInt, _>(old_tol)
    .bind::<BigInt, _>(new_t)
    .bind::<BigInt, _>(new_tol)
    .execute(pg)
}
