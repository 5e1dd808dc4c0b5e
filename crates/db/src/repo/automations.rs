use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::AutomationRow;
use crate::schema::{automation_connections as l, automations as a};
use crate::DbConn;
use switchboard_types::{AccountId, AutomationId, AutomationStatus, ConnectionId};

pub fn insert(conn: &mut DbConn, row: &AutomationRow) -> QueryResult<()> {
    diesel::insert_into(a::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_in_account(
    conn: &mut DbConn,
    account: AccountId,
    id: AutomationId,
) -> QueryResult<Option<AutomationRow>> {
    a::table
        .filter(a::id.eq(id))
        .filter(a::account_id.eq(account))
        .select(AutomationRow::as_select())
        .first(conn)
        .optional()
}

/// The account's automation that an import brought from `origin`.
pub fn find_by_origin(
    conn: &mut DbConn,
    account: AccountId,
    origin: &str,
) -> QueryResult<Option<AutomationRow>> {
    a::table
        .filter(a::account_id.eq(account))
        .filter(a::origin.eq(origin))
        .select(AutomationRow::as_select())
        .first(conn)
        .optional()
}

/// The account's automation named `name` (the first, when several are).
pub fn find_by_name(
    conn: &mut DbConn,
    account: AccountId,
    name: &str,
) -> QueryResult<Option<AutomationRow>> {
    a::table
        .filter(a::account_id.eq(account))
        .filter(a::name.eq(name))
        .order(a::id.asc())
        .select(AutomationRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_origin(conn: &mut DbConn, id: AutomationId, origin: Option<&str>) -> QueryResult<usize> {
    diesel::update(a::table.find(id))
        .set(a::origin.eq(origin))
        .execute(conn)
}

pub fn count_in_account(conn: &mut DbConn, account: AccountId) -> QueryResult<i64> {
    a::table
        .filter(a::account_id.eq(account))
        .count()
        .get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    account: AccountId,
    after_id: Option<AutomationId>,
    limit: i64,
) -> QueryResult<Vec<AutomationRow>> {
    let mut q = a::table
        .filter(a::account_id.eq(account))
        .select(AutomationRow::as_select())
        .order(a::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after_id {
        q = q.filter(a::id.gt(after));
    }
    q.load(conn)
}

/// `(automation id, connection id)` links of these automations.
pub fn links(
    conn: &mut DbConn,
    automation_ids: &[AutomationId],
) -> QueryResult<Vec<(AutomationId, ConnectionId)>> {
    if automation_ids.is_empty() {
        return Ok(Vec::new());
    }
    l::table
        .filter(l::automation_id.eq_any(automation_ids.to_vec()))
        .select((l::automation_id, l::connection_id))
        .order((l::automation_id.asc(), l::connection_id.asc()))
        .load(conn)
}

/// Replaces the automation's links (the foreign key refuses a connection deleted meanwhile).
pub fn set_links(
    conn: &mut DbConn,
    automation_id: AutomationId,
    connection_ids: &[ConnectionId],
) -> QueryResult<()> {
    diesel::delete(l::table.filter(l::automation_id.eq(automation_id))).execute(conn)?;
    for cid in connection_ids {
        diesel::insert_into(l::table)
            .values((l::automation_id.eq(automation_id), l::connection_id.eq(cid)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConn,
    id: AutomationId,
    expected_version: i64,
    name: &str,
    status: AutomationStatus,
    paused_reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        a::table
            .filter(a::id.eq(id))
            .filter(a::version.eq(expected_version)),
    )
    .set((
        a::name.eq(name),
        a::status.eq(status),
        a::paused_reason.eq(paused_reason),
        a::version.eq(expected_version + 1),
        a::updated_at.eq(now),
    ))
    .execute(conn)
}

pub fn delete(conn: &mut DbConn, account: AccountId, id: AutomationId) -> QueryResult<usize> {
    diesel::delete(
        a::table
            .filter(a::id.eq(id))
            .filter(a::account_id.eq(account)),
    )
    .execute(conn)
}

/// Every automation (any account) linked to a connection.
pub fn using_connection(
    conn: &mut DbConn,
    connection_id: ConnectionId,
) -> QueryResult<Vec<AutomationRow>> {
    a::table
        .inner_join(l::table)
        .filter(l::connection_id.eq(connection_id))
        .select(AutomationRow::as_select())
        .order(a::id.asc())
        .load(conn)
}

/// Pauses the active ones among `ids`; returns how many changed.
pub fn pause(
    conn: &mut DbConn,
    ids: &[AutomationId],
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(
        a::table
            .filter(a::id.eq_any(ids.to_vec()))
            .filter(a::status.eq(AutomationStatus::Active)),
    )
    .set((
        a::status.eq(AutomationStatus::Paused),
        a::paused_reason.eq(reason),
        a::version.eq(a::version + 1),
        a::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Removes the links other accounts' automations have to a connection (after un-sharing).
pub fn unlink_foreign(
    conn: &mut DbConn,
    connection_id: ConnectionId,
    owner_account: AccountId,
) -> QueryResult<usize> {
    let foreign = a::table
        .filter(a::account_id.ne(owner_account))
        .select(a::id);
    diesel::delete(
        l::table
            .filter(l::connection_id.eq(connection_id))
            .filter(l::automation_id.eq_any(foreign)),
    )
    .execute(conn)
}
