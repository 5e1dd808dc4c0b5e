//! Connect sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use switchboard_types::{AccountId, ConnectSessionId, ConnectionId};

use crate::models::ConnectSessionRow;
use crate::schema::connect_sessions as cs;
use crate::DbConn;

pub fn insert(conn: &mut DbConn, row: &ConnectSessionRow) -> QueryResult<()> {
    diesel::insert_into(cs::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_token(conn: &mut DbConn, hash: &str) -> QueryResult<Option<ConnectSessionRow>> {
    cs::table
        .filter(cs::token_hash.eq(hash))
        .select(ConnectSessionRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(
    conn: &mut DbConn,
    account: AccountId,
    id: ConnectSessionId,
) -> QueryResult<Option<ConnectSessionRow>> {
    cs::table
        .find(id)
        .filter(cs::account_id.eq(account))
        .select(ConnectSessionRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_id(conn: &mut DbConn, id: ConnectSessionId) -> QueryResult<Option<ConnectSessionRow>> {
    cs::table
        .find(id)
        .select(ConnectSessionRow::as_select())
        .first(conn)
        .optional()
}

/// Marks the session used by `connection`; 1 only for the first caller (a used
/// session stays used) and, with `unexpired`, only before it expires.
pub fn consume(
    conn: &mut DbConn,
    id: ConnectSessionId,
    connection: ConnectionId,
    now: NaiveDateTime,
    unexpired: bool,
) -> QueryResult<usize> {
    let target = cs::table.find(id).filter(cs::used_at.is_null());
    if unexpired {
        return diesel::update(target.filter(cs::expires_at.gt(now)))
            .set((
                cs::used_at.eq(now),
                cs::result_connection_id.eq(connection),
                cs::last_error.eq(None::<String>),
            ))
            .execute(conn);
    }
    diesel::update(target)
        .set((
            cs::used_at.eq(now),
            cs::result_connection_id.eq(connection),
            cs::last_error.eq(None::<String>),
        ))
        .execute(conn)
}

/// Notes why the end user's last attempt failed (a problem code).
pub fn set_last_error(conn: &mut DbConn, id: ConnectSessionId, code: &str) -> QueryResult<usize> {
    diesel::update(cs::table.find(id).filter(cs::used_at.is_null()))
        .set(cs::last_error.eq(code))
        .execute(conn)
}

/// Deletes sessions that expired before `before`.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(cs::table.filter(cs::expires_at.lt(before))).execute(conn)
}
