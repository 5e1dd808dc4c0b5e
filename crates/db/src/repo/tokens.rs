use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::RefreshTokenRow;
use crate::schema::refresh_tokens as rt;
use crate::DbConn;
use switchboard_types::UserId;

pub fn insert(conn: &mut DbConn, row: &RefreshTokenRow) -> QueryResult<()> {
    diesel::insert_into(rt::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
    rt::table
        .filter(rt::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used; returns 1 only for the one caller that used it first.
pub fn mark_used(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        rt::table
            .find(id)
            .filter(rt::used_at.is_null())
            .filter(rt::revoked_at.is_null()),
    )
    .set(rt::used_at.eq(now))
    .execute(conn)
}

pub fn revoke_family(conn: &mut DbConn, family: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        rt::table
            .filter(rt::family_id.eq(family))
            .filter(rt::revoked_at.is_null()),
    )
    .set(rt::revoked_at.eq(now))
    .execute(conn)
}

pub fn revoke_user(conn: &mut DbConn, user: UserId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        rt::table
            .filter(rt::user_id.eq(user))
            .filter(rt::revoked_at.is_null()),
    )
    .set(rt::revoked_at.eq(now))
    .execute(conn)
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rt::table.filter(rt::expires_at.lt(now))).execute(conn)
}
