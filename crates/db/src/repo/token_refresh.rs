//! The cross-replica refresh lease of OAuth connections (see the migration
//! `token_refresh`): claim, fenced release, failure backoff, and the due list.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::TokenRefreshRow;
use crate::schema::{connections as c, token_refresh as t};
use crate::DbConn;
use switchboard_types::{ConnectionId, ConnectionStatus};

pub fn get(conn: &mut DbConn, id: ConnectionId) -> QueryResult<Option<TokenRefreshRow>> {
    t::table
        .find(id)
        .select(TokenRefreshRow::as_select())
        .first(conn)
        .optional()
}

/// Takes the refresh lease of a connection for `lease` unless another live lease
/// holds it. One conditional UPDATE, so of any number of replicas exactly one wins.
/// The lease's times are the database clock's: replicas' clocks do not matter.
pub fn claim(
    conn: &mut DbConn,
    id: ConnectionId,
    lease_id: &str,
    lease: chrono::Duration,
) -> QueryResult<bool> {
    let now = crate::clock(conn)?;
    let until = now + lease;
    // The multi-backend connection has no upsert; both backends have the same one.
    let row = (t::connection_id.eq(id), t::failures.eq(0));
    match conn {
        DbConn::Postgres(pg) => diesel::insert_into(t::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(t::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(lite)?,
    };
    let n = diesel::update(
        t::table
            .filter(t::connection_id.eq(id))
            .filter(t::lease_until.is_null().or(t::lease_until.lt(now))),
    )
    .set((t::lease_id.eq(lease_id), t::lease_until.eq(until)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Whether a live lease (by the database clock) holds the connection.
pub fn leased(conn: &mut DbConn, id: ConnectionId) -> QueryResult<bool> {
    let now = crate::clock(conn)?;
    Ok(get(conn, id)?
        .and_then(|r| r.lease_until)
        .is_some_and(|until| until >= now))
}

/// Gives up a lease without a refresh (someone else's tokens arrived first): the
/// failure count, backoff and last refresh time stay as they are.
pub fn release(conn: &mut DbConn, id: ConnectionId, lease_id: &str) -> QueryResult<usize> {
    diesel::update(
        t::table
            .filter(t::connection_id.eq(id))
            .filter(t::lease_id.eq(lease_id)),
    )
    .set((
        t::lease_id.eq(None::<String>),
        t::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Ends a lease after a successful refresh, only if `lease_id` still holds it
/// (the fence). Returns false when the lease was lost: the caller must not store.
pub fn finish(conn: &mut DbConn, id: ConnectionId, lease_id: &str) -> QueryResult<bool> {
    let now = crate::clock(conn)?;
    let n = diesel::update(
        t::table
            .filter(t::connection_id.eq(id))
            .filter(t::lease_id.eq(lease_id)),
    )
    .set((
        t::lease_id.eq(None::<String>),
        t::lease_until.eq(None::<NaiveDateTime>),
        t::failures.eq(0),
        t::retry_at.eq(None::<NaiveDateTime>),
        t::last_error.eq(None::<String>),
        t::refreshed_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends a lease after a failed refresh: counts the failure and sets when the
/// background job may try again. Fenced like [`finish`].
pub fn fail(
    conn: &mut DbConn,
    id: ConnectionId,
    lease_id: &str,
    retry_at: Option<NaiveDateTime>,
    error: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        t::table
            .filter(t::connection_id.eq(id))
            .filter(t::lease_id.eq(lease_id)),
    )
    .set((
        t::lease_id.eq(None::<String>),
        t::lease_until.eq(None::<NaiveDateTime>),
        t::failures.eq(t::failures + 1),
        t::retry_at.eq(retry_at),
        t::last_error.eq(error),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Drops any lease and failure state: new tokens came from elsewhere (a reconnect),
/// so a refresh still in flight must not store what it gets.
pub fn reset(conn: &mut DbConn, id: ConnectionId) -> QueryResult<usize> {
    diesel::delete(t::table.find(id)).execute(conn)
}

/// OAuth connections whose token expires before `horizon`, that are usable, not
/// leased (by the database clock), and not waiting out a failure backoff.
pub fn due(
    conn: &mut DbConn,
    horizon: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ConnectionId>> {
    let now = crate::clock(conn)?;
    // Leased or backing-off connections are left out before the LIMIT, so they
    // cannot crowd out the rest.
    let busy = t::table
        .filter(
            t::retry_at
                .gt(now)
                .or(t::lease_until.is_not_null().and(t::lease_until.ge(now))),
        )
        .select(t::connection_id);
    c::table
        .filter(c::token_expires_at.le(horizon))
        .filter(c::status.eq_any([ConnectionStatus::Active, ConnectionStatus::Error]))
        .filter(c::id.ne_all(busy))
        .order(c::token_expires_at.asc())
        .select(c::id)
        .limit(limit)
        .load(conn)
}
