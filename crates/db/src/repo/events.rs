//! Lifecycle events: written with the change they describe, read in pages oldest
//! first (a poller resumes after the last id it saw), purged after the retention.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::EventRow;
use crate::schema::{automation_connections as l, automations as a, events as e};
use crate::DbConn;
use switchboard_types::{AccountId, ConnectionId, EventType};

pub fn insert(conn: &mut DbConn, row: &EventRow) -> QueryResult<()> {
    diesel::insert_into(e::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
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
