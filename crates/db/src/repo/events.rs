//! Lifecycle events: written with the change they describe, read in pages oldest
//! first (a poller resumes after the last id it saw), purged after the retention.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::EventRow;
use crate::schema::{automation_connections as l, automations as a, events as e};
use crate::DbConn;
use switchboard_types::{AccountId, ConnectionId, EventType};

/// Stores an event. One the relay has to dispatch wakes this process's webhook
/// job when the transaction commits.
pub fn insert(conn: &mut DbConn, row: &EventRow) -> QueryResult<()> {
    if !row.dispatched {
        crate::outbox_queued();
    }
    diesel::insert_into(e::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Takes the relay's turn for the rest of the transaction: on PostgreSQL a
/// transaction-scoped advisory lock, so one replica relays at a time (and events
/// reach deliveries in their order); SQLite has a single writer already. With
/// `wait`, waits for a relay running elsewhere; without, false means another
/// replica is relaying.
pub fn relay_turn(conn: &mut DbConn, wait: bool) -> QueryResult<bool> {
    #[derive(diesel::QueryableByName)]
    struct Got {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        locked: bool,
    }
    // An arbitrary key, the relay's own.
    match conn {
        DbConn::Postgres(pg) if wait => {
            diesel::sql_query("SELECT pg_advisory_xact_lock(5743425444752478553)")
                .execute(pg)
                .map(|_| true)
        }
        DbConn::Postgres(pg) => {
            diesel::sql_query("SELECT pg_try_advisory_xact_lock(5743425444752478553) AS locked")
                .get_result::<Got>(pg)
                .map(|g| g.locked)
        }
        DbConn::Sqlite(_) => Ok(true),
    }
}

/// Events the relay has not dispatched yet, oldest first.
pub fn undispatched(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<EventRow>> {
    // `NOT dispatched` as the partial index says: no bound value, so every plan
    // can use the index.
    e::table
        .filter(diesel::dsl::not(e::dispatched))
        .order(e::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Whether some event waits for the relay (a read, for an idle poll).
pub fn any_undispatched(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        e::table.filter(diesel::dsl::not(e::dispatched)),
    ))
    .get_result(conn)
}

pub fn mark_dispatched(conn: &mut DbConn, ids: &[String]) -> QueryResult<usize> {
    diesel::update(e::table.filter(e::id.eq_any(ids)))
        .set(e::dispatched.eq(true))
        .execute(conn)
}

#[derive(Debug)]
pub struct EventFilter<'a> {
    pub account_id: AccountId,
    pub type_: Option<EventType>,
    pub connection_id: Option<ConnectionId>,
    /// Events after this id (ids are time-ordered UUIDv7 text); with
    /// `newest_first`, events before it.
    pub after_id: Option<&'a str>,
    /// Newest first instead of oldest first.
    pub newest_first: bool,
    pub limit: i64,
}

/// Oldest first, or newest first.
pub fn list(conn: &mut DbConn, f: &EventFilter<'_>) -> QueryResult<Vec<EventRow>> {
    let mut q = e::table
        .filter(e::account_id.eq(f.account_id))
        .select(EventRow::as_select())
        .limit(f.limit)
        .into_boxed();
    q = if f.newest_first {
        q.order(e::id.desc())
    } else {
        q.order(e::id.asc())
    };
    if let Some(t) = f.type_ {
        q = q.filter(e::type_.eq(t));
    }
    if let Some(c) = f.connection_id {
        q = q.filter(e::connection_id.eq(c));
    }
    match (f.after_id, f.newest_first) {
        (Some(at), false) => q = q.filter(e::id.gt(at.to_string())),
        (Some(at), true) => q = q.filter(e::id.lt(at.to_string())),
        (None, _) => {}
    }
    q.load(conn)
}

/// Deletes events older than `before`; returns how many.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(e::table.filter(e::created_at.lt(before))).execute(conn)
}

/// Accounts other than `owner` with automations that use the connection (child
/// accounts automating a connection shared with them).
pub fn other_accounts_using(
    conn: &mut DbConn,
    owner: AccountId,
    connection: ConnectionId,
) -> QueryResult<Vec<AccountId>> {
    l::table
        .inner_join(a::table.on(a::id.eq(l::automation_id)))
        .filter(l::connection_id.eq(connection))
        .filter(a::account_id.ne(owner))
        .select(a::account_id)
        .distinct()
        .load(conn)
}
