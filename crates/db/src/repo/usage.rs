//! Hourly roll-ups of proxied calls per connection. Counts are added, never set,
//! so several replicas flushing the same hour sum up.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::models::UsageRow;
use crate::schema::{connection_usage as u, connections as c};
use crate::DbConn;
use switchboard_types::ConnectionId;

/// Adds these counts to the stored ones. Rows of connections deleted meanwhile
/// are dropped. Returns how many rows were written.
pub fn add(conn: &mut DbConn, rows: &[UsageRow]) -> QueryResult<usize> {
    let mut ids: Vec<ConnectionId> = rows.iter().map(|r| r.connection_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let live: Vec<ConnectionId> = c::table
        .filter(c::id.eq_any(&ids))
        .select(c::id)
        .load(conn)?;
    let mut n = 0;
    for r in rows.iter().filter(|r| live.contains(&r.connection_id)) {
        // The multi-backend connection has no upsert; both backends have the same one.
        let q = diesel::insert_into(u::table)
            .values(r)
            .on_conflict((u::connection_id, u::hour))
            .do_update()
            .set((
                u::calls.eq(u::calls + excluded(u::calls)),
                u::limited.eq(u::limited + excluded(u::limited)),
            ));
        n += match conn {
            DbConn::Postgres(pg) => q.execute(pg)?,
            DbConn::Sqlite(lite) => q.execute(lite)?,
        };
    }
    Ok(n)
}

/// A connection's hours from `since` on, oldest first (hours without calls are
/// not stored).
pub fn list(
    conn: &mut DbConn,
    id: ConnectionId,
    since: NaiveDateTime,
) -> QueryResult<Vec<UsageRow>> {
    u::table
        .filter(u::connection_id.eq(id))
        .filter(u::hour.ge(since))
        .order(u::hour.asc())
        .select(UsageRow::as_select())
        .load(conn)
}

/// Deletes hours before `before`.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(u::table.filter(u::hour.lt(before))).execute(conn)
}
