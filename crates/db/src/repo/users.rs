use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::UserRow;
use crate::schema::users;
use crate::DbConn;
use switchboard_types::{AccountId, Role, UserId};

pub fn insert(conn: &mut DbConn, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: UserId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    account: AccountId,
    after_email: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table
        .filter(users::account_id.eq(account))
        .select(UserRow::as_select())
        .order(users::email.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after_email {
        q = q.filter(users::email.gt(after.to_string()));
    }
    q.load(conn)
}

pub fn count_active_admins(conn: &mut DbConn, account: AccountId) -> QueryResult<i64> {
    users::table
        .filter(users::account_id.eq(account))
        .filter(users::role.eq(Role::Admin))
        .filter(users::disabled.eq(false))
        .count()
        .get_result(conn)
}

pub fn set_password(
    conn: &mut DbConn,
    id: UserId,
    hash: &str,
    bump_session: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if bump_session {
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(hash),
                users::session_version.eq(users::session_version + 1),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    } else {
        diesel::update(users::table.find(id))
            .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
            .execute(conn)
            .map(|_| ())
    }
}

pub fn set_role(conn: &mut DbConn, id: UserId, role: Role, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role), users::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Disabling also ends every session (the session version moves on).
pub fn set_disabled(
    conn: &mut DbConn,
    id: UserId,
    disabled: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled.eq(disabled),
            users::session_version.eq(users::session_version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConn, id: UserId) -> QueryResult<usize> {
    diesel::delete(users::table.find(id)).execute(conn)
}
