use diesel::prelude::*;

use crate::models::AuditRow;
use crate::schema::audit_events as a;
use crate::DbConn;
use switchboard_types::{AccountId, AuditEventId};

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(a::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug)]
pub struct AuditFilter<'a> {
    pub account_id: AccountId,
    pub target_id: Option<&'a str>,
    pub action: Option<&'a str>,
    /// Events older than this id (ids are time-ordered UUIDv7).
    pub before_id: Option<AuditEventId>,
    pub limit: i64,
}

/// Newest first.
pub fn list(conn: &mut DbConn, f: &AuditFilter<'_>) -> QueryResult<Vec<AuditRow>> {
    let mut q = a::table
        .filter(a::account_id.eq(f.account_id))
        .select(AuditRow::as_select())
        .order(a::id.desc())
        .limit(f.limit)
        .into_boxed();
    if let Some(t) = f.target_id {
        q = q.filter(a::target_id.eq(t.to_string()));
    }
    if let Some(act) = f.action {
        q = q.filter(a::action.eq(act.to_string()));
    }
    if let Some(b) = f.before_id {
        q = q.filter(a::id.lt(b));
    }
    q.load(conn)
}
