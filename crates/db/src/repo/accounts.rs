use diesel::prelude::*;

use crate::models::{AccountKeyRow, AccountRow};
use crate::schema::{account_keys, accounts};
use crate::DbConn;
use switchboard_types::{AccountId, AccountKind};

pub fn insert(conn: &mut DbConn, row: &AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: AccountId) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn system(conn: &mut DbConn) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::kind.eq(AccountKind::System))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_key(conn: &mut DbConn, row: &AccountKeyRow) -> QueryResult<()> {
    diesel::insert_into(account_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_key(
    conn: &mut DbConn,
    account: AccountId,
    version: i32,
) -> QueryResult<Option<AccountKeyRow>> {
    account_keys::table
        .find((account, version))
        .select(AccountKeyRow::as_select())
        .first(conn)
        .optional()
}

/// The newest data key that is not retired.
pub fn current_key(conn: &mut DbConn, account: AccountId) -> QueryResult<Option<AccountKeyRow>> {
    account_keys::table
        .filter(account_keys::account_id.eq(account))
        .filter(account_keys::retired_at.is_null())
        .order(account_keys::version.desc())
        .select(AccountKeyRow::as_select())
        .first(conn)
        .optional()
}

/// One page of the direct children of `parent`, or of every account when `parent`
/// is `None`, by name: accounts after `(name, id)`.
pub fn list(
    conn: &mut DbConn,
    parent: Option<AccountId>,
    after: Option<(&str, AccountId)>,
    limit: i64,
) -> QueryResult<Vec<AccountRow>> {
    let mut q = accounts::table
        .select(AccountRow::as_select())
        .order((accounts::name.asc(), accounts::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some(p) = parent {
        q = q.filter(accounts::parent_id.eq(p));
    }
    if let Some((name, id)) = after {
        q = q.filter(
            accounts::name
                .gt(name.to_string())
                .or(accounts::name.eq(name.to_string()).and(accounts::id.gt(id))),
        );
    }
    q.load(conn)
}

/// Names of these accounts, by id.
pub fn names(conn: &mut DbConn, ids: &[AccountId]) -> QueryResult<Vec<(AccountId, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    accounts::table
        .filter(accounts::id.eq_any(ids.to_vec()))
        .select((accounts::id, accounts::name))
        .load(conn)
}
