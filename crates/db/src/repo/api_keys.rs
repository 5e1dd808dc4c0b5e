use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::ApiKeyRow;
use crate::schema::api_keys as k;
use crate::DbConn;
use switchboard_types::{AccountId, ApiKeyId, UserId};

pub fn insert(conn: &mut DbConn, row: &ApiKeyRow) -> QueryResult<()> {
    diesel::insert_into(k::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_active_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<ApiKeyRow>> {
    k::table
        .filter(k::key_hash.eq(hash))
        .filter(k::revoked_at.is_null())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

/// One page of the active keys of `account` (only `creator`'s when given), newest
/// first: keys after `(created_at, id)` in that order.
pub fn list(
    conn: &mut DbConn,
    account: AccountId,
    creator: Option<UserId>,
    after: Option<(NaiveDateTime, ApiKeyId)>,
    limit: i64,
) -> QueryResult<Vec<ApiKeyRow>> {
    let mut q = k::table
        .filter(k::account_id.eq(account))
        .filter(k::revoked_at.is_null())
        .order((k::created_at.desc(), k::id.asc()))
        .select(ApiKeyRow::as_select())
        .limit(limit)
        .into_boxed();
    if let Some(u) = creator {
        q = q.filter(k::created_by.eq(u));
    }
    if let Some((t, id)) = after {
        q = q.filter(
            k::created_at
                .lt(t)
                .or(k::created_at.eq(t).and(k::id.gt(id))),
        );
    }
    q.load(conn)
}

/// An active key of `account`.
pub fn find_active(
    conn: &mut DbConn,
    account: AccountId,
    id: ApiKeyId,
) -> QueryResult<Option<ApiKeyRow>> {
    k::table
        .filter(k::id.eq(id))
        .filter(k::account_id.eq(account))
        .filter(k::revoked_at.is_null())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

pub fn revoke(
    conn: &mut DbConn,
    account: AccountId,
    id: ApiKeyId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        k::table
            .filter(k::id.eq(id))
            .filter(k::account_id.eq(account))
            .filter(k::revoked_at.is_null()),
    )
    .set(k::revoked_at.eq(now))
    .execute(conn)
}

/// Revokes every active key a user created (their password was set by someone else).
pub fn revoke_created_by(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        k::table
            .filter(k::created_by.eq(user))
            .filter(k::revoked_at.is_null()),
    )
    .set(k::revoked_at.eq(now))
    .execute(conn)
}

pub fn touch(conn: &mut DbConn, id: ApiKeyId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(k::table.find(id))
        .set(k::last_used_at.eq(now))
        .execute(conn)
}
