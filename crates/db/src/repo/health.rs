//! Scheduled health checks: each connection's next check, claimed by a lease on
//! the database clock (so replicas share the work and each check runs once), and
//! the last [`KEEP`] checks of each connection.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::{HealthCheckRow, HealthScheduleRow};
use crate::schema::{
    automation_connections as ac, connections as c, health_checks as h, health_schedule as s,
};
use crate::DbConn;
use switchboard_types::{AppSlug, ConnectionId};

/// Checks kept per connection.
pub const KEEP: i64 = 50;

/// Whether the job has anything to do: a connection without a schedule, or a
/// check due and not leased. A read, so an idle poll takes no write lock.
pub fn any_work(conn: &mut DbConn) -> QueryResult<bool> {
    let now = crate::clock(conn)?;
    let scheduled = s::table.select(s::connection_id);
    let unscheduled: bool = diesel::select(diesel::dsl::exists(
        c::table.filter(c::id.ne_all(scheduled)),
    ))
    .get_result(conn)?;
    if unscheduled {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(
        s::table
            .filter(s::next_check_at.le(now))
            .filter(s::lease_until.is_null().or(s::lease_until.lt(now))),
    ))
    .get_result(conn)
}

/// Connections the schedule does not know yet, with their app and creation time.
pub fn unscheduled(
    conn: &mut DbConn,
    limit: i64,
) -> QueryResult<Vec<(ConnectionId, AppSlug, NaiveDateTime)>> {
    let scheduled = s::table.select(s::connection_id);
    c::table
        .filter(c::id.ne_all(scheduled))
        .select((c::id, c::app_slug, c::created_at))
        .order(c::id.asc())
        .limit(limit)
        .load(conn)
}

/// Adds schedule rows (a row that appeared meanwhile is left as it is).
pub fn schedule(conn: &mut DbConn, rows: &[(ConnectionId, NaiveDateTime)]) -> QueryResult<usize> {
    let values: Vec<_> = rows
        .iter()
        .map(|(id, at)| {
            (
                s::connection_id.eq(*id),
                s::next_check_at.eq(*at),
                s::failures.eq(0),
            )
        })
        .collect();
    // The multi-backend connection has no upsert; both backends have the same one.
    match conn {
        DbConn::Postgres(pg) => diesel::insert_into(s::table)
            .values(&values)
            .on_conflict_do_nothing()
            .execute(pg),
        DbConn::Sqlite(lite) => {
            let mut n = 0;
            // Row by row: the rows are few and come once per connection.
            for v in &values {
                n += diesel::insert_into(s::table)
                    .values(*v)
                    .on_conflict_do_nothing()
                    .execute(lite)?;
            }
            Ok(n)
        }
    }
}

/// Leases up to `limit` due checks to `lease_id` for `lease` (database clock),
/// oldest due first, and returns them. Rows leased elsewhere are skipped; of
/// replicas claiming at once, each row goes to one (the conditional UPDATE).
pub fn claim_due(
    conn: &mut DbConn,
    lease_id: &str,
    lease: chrono::Duration,
    limit: i64,
) -> QueryResult<Vec<HealthScheduleRow>> {
    let now = crate::clock(conn)?;
    let free = s::lease_until.is_null().or(s::lease_until.lt(now));
    let due: Vec<ConnectionId> = s::table
        .filter(s::next_check_at.le(now))
        .filter(free)
        .order(s::next_check_at.asc())
        .select(s::connection_id)
        .limit(limit)
        .load(conn)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    // Still due and free: another replica may have claimed and rescheduled a row
    // between the read above and this update.
    diesel::update(
        s::table
            .filter(s::connection_id.eq_any(&due))
            .filter(s::next_check_at.le(now))
            .filter(s::lease_until.is_null().or(s::lease_until.lt(now))),
    )
    .set((s::lease_id.eq(lease_id), s::lease_until.eq(now + lease)))
    .execute(conn)?;
    s::table
        .filter(s::connection_id.eq_any(&due))
        .filter(s::lease_id.eq(lease_id))
        .order(s::next_check_at.asc())
        .select(HealthScheduleRow::as_select())
        .load(conn)
}

/// Ends a lease: the next check at `next_at`, `failures` in a row so far. Only
/// while `lease_id` still holds the row (the fence); returns whether it did.
pub fn reschedule(
    conn: &mut DbConn,
    id: ConnectionId,
    lease_id: &str,
    next_at: NaiveDateTime,
    failures: i32,
) -> QueryResult<bool> {
    let n = diesel::update(
        s::table
            .filter(s::connection_id.eq(id))
            .filter(s::lease_id.eq(lease_id)),
    )
    .set((
        s::next_check_at.eq(next_at),
        s::failures.eq(failures),
        s::lease_id.eq(None::<String>),
        s::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn get(conn: &mut DbConn, id: ConnectionId) -> QueryResult<Option<HealthScheduleRow>> {
    s::table
        .find(id)
        .select(HealthScheduleRow::as_select())
        .first(conn)
        .optional()
}

/// Makes a connection's next check due now (tests and operators' tools).
pub fn due_now(conn: &mut DbConn, id: ConnectionId) -> QueryResult<usize> {
    let now = crate::clock(conn)?;
    diesel::update(s::table.find(id))
        .set(s::next_check_at.eq(now))
        .execute(conn)
}

/// Whether some automation uses the connection.
pub fn used(conn: &mut DbConn, id: ConnectionId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ac::table.filter(ac::connection_id.eq(id)),
    ))
    .get_result(conn)
}

/// Stores a check and drops the connection's checks beyond the newest [`KEEP`].
pub fn record(conn: &mut DbConn, row: &HealthCheckRow) -> QueryResult<()> {
    diesel::insert_into(h::table).values(row).execute(conn)?;
    let oldest_kept: Option<String> = h::table
        .filter(h::connection_id.eq(row.connection_id))
        .order(h::id.desc())
        .select(h::id)
        .offset(KEEP - 1)
        .first(conn)
        .optional()?;
    if let Some(oldest) = oldest_kept {
        diesel::delete(
            h::table
                .filter(h::connection_id.eq(row.connection_id))
                .filter(h::id.lt(oldest)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// A connection's checks, newest first.
pub fn list(conn: &mut DbConn, id: ConnectionId) -> QueryResult<Vec<HealthCheckRow>> {
    h::table
        .filter(h::connection_id.eq(id))
        .order(h::id.desc())
        .limit(KEEP)
        .select(HealthCheckRow::as_select())
        .load(conn)
}
