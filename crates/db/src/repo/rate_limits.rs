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

/// The stored time of a key and the database clock (PostgreSQL only).
#[derive(Debug, QueryableByName)]
pub struct GcraRow {
    /// The stored theoretical arrival time (NULL for a key without a row).
    #[diesel(sql_type = Nullable<BigInt>)]
    pub old_tat: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub now: i64,
}

/// What [`gcra_lease`] did.
#[derive(Debug, QueryableByName)]
pub struct LeaseRow {
    /// The stored time after the lease; NULL when not even one call fits.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub new_tat: Option<i64>,
    /// The stored time the lease started from, `max(tat, now)`, read under the
    /// row's lock (so `(new_tat - base) / interval` calls were granted); NULL when
    /// the key has no row yet.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub base: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub now: i64,
}

/// Up to `batch` calls at once, for a replica to spend locally: as many as fit,
/// `k = min(batch, (tolerance - (max(tat, now) - now)) / interval)`, and the stored
/// time moves on by `k * interval`; nothing when not even one fits. One statement:
/// the row is locked and read (the latest committed time, even after waiting for
/// another replica's lease), then moved on. A key without a row gets one first.
/// PostgreSQL only.
pub fn gcra_lease(
    conn: &mut DbConn,
    key: &str,
    interval_us: i64,
    tolerance_us: i64,
    batch: i64,
) -> QueryResult<LeaseRow> {
    let DbConn::Postgres(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "the postgres rate-limit backend needs PostgreSQL".into(),
        ));
    };
    let lease = |pg: &mut diesel::PgConnection| {
        diesel::sql_query(
            "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS t), \
             cur AS (SELECT key, GREATEST(tat, (SELECT t FROM now)) AS base \
                     FROM rate_limit_state WHERE key = $1 FOR UPDATE), \
             up AS (UPDATE rate_limit_state AS s \
                    SET tat = cur.base + LEAST($4, ($3 - (cur.base - (SELECT t FROM now))) / $2) * $2 \
                    FROM cur WHERE s.key = cur.key \
                      AND ($3 - (cur.base - (SELECT t FROM now))) / $2 >= 1 \
                    RETURNING s.tat) \
             SELECT (SELECT tat FROM up) AS new_tat, (SELECT base FROM cur) AS base, \
                    (SELECT t FROM now) AS now",
        )
        .bind::<Text, _>(key)
        .bind::<BigInt, _>(interval_us)
        .bind::<BigInt, _>(tolerance_us)
        .bind::<BigInt, _>(batch.max(1))
        .get_result::<LeaseRow>(pg)
    };
    let row = lease(pg)?;
    if row.base.is_some() {
        return Ok(row);
    }
    diesel::sql_query(
        "INSERT INTO rate_limit_state (key, tat) \
         VALUES ($1, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind::<Text, _>(key)
    .execute(pg)?;
    lease(pg)
}

/// Gives back calls leased by [`gcra_lease`] and not made, worth `unused_us`, but
/// only the part of that lease's time still ahead (`granted_to`, the stored time
/// after the grant, minus now): time that has passed was never the lease's alone,
/// and giving it back would let others' calls happen twice. Never below now.
/// PostgreSQL only.
pub fn gcra_give_back(
    conn: &mut DbConn,
    key: &str,
    unused_us: i64,
    granted_to: i64,
) -> QueryResult<usize> {
    let DbConn::Postgres(pg) = conn else {
        return Ok(0);
    };
    diesel::sql_query(
        "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS t) \
         UPDATE rate_limit_state SET tat = GREATEST( \
             tat - LEAST($2, GREATEST($3 - (SELECT t FROM now), 0)), (SELECT t FROM now)) \
         WHERE key = $1",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(unused_us)
    .bind::<BigInt, _>(granted_to)
    .execute(pg)
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
        "SELECT (SELECT tat FROM rate_limit_state WHERE key = $1) AS old_tat, \
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
