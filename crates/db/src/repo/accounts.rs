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

/// Up to `limit` data keys not (known to be) wrapped by the master key `current`,
/// in a stable order: what a master-key rotation has left to do.
pub fn keys_not_wrapped_by(
    conn: &mut DbConn,
    current: &str,
    limit: i64,
) -> QueryResult<Vec<AccountKeyRow>> {
    account_keys::table
        .filter(
            account_keys::master_fingerprint
                .ne(current)
                .or(account_keys::master_fingerprint.is_null()),
        )
        .order((account_keys::account_id, account_keys::version))
        .limit(limit)
        .select(AccountKeyRow::as_select())
        .load(conn)
}

/// Stores a data key wrapped anew, and by which master key.
pub fn rewrap_key(
    conn: &mut DbConn,
    account: AccountId,
    version: i32,
    wrapped: &[u8],
    master_fingerprint: &str,
) -> QueryResult<usize> {
    diesel::update(account_keys::table.find((account, version)))
        .set((
            account_keys::wrapped.eq(wrapped),
            account_keys::master_fingerprint.eq(Some(master_fingerprint)),
        ))
        .execute(conn)
}

/// Marks rows from before the fingerprint was recorded as wrapped by `fingerprint`.
pub fn backfill_master_fingerprint(conn: &mut DbConn, fingerprint: &str) -> QueryResult<usize> {
    diesel::update(account_keys::table.filter(account_keys::master_fingerprint.is_null()))
        .set(account_keys::master_fingerprint.eq(Some(fingerprint)))
        .execute(conn)
}

/// How many data keys each master key wraps (`None`: not recorded yet).
pub fn keys_by_master(conn: &mut DbConn) -> QueryResult<Vec<(Option<String>, i64)>> {
    account_keys::table
        .group_by(account_keys::master_fingerprint)
        .select((account_keys::master_fingerprint, diesel::dsl::count_star()))
        .load(conn)
}

/// Every data key's account and version.
pub fn key_versions(conn: &mut DbConn) -> QueryResult<Vec<(AccountId, i32)>> {
    account_keys::table
        .order((account_keys::account_id, account_keys::version))
        .select((account_keys::account_id, account_keys::version))
        .load(conn)
}

/// Sealed rows by the data key that seals them.
pub struct SealedRows {
    /// Connections per (account, data-key version).
    pub connections: Vec<(AccountId, i32, i64)>,
    /// The OAuth client secrets' envelopes (sealed under the system account; their
    /// version is in the envelope).
    pub client_secrets: Vec<Vec<u8>>,
}

/// What each data-key version seals.
pub fn sealed_rows(conn: &mut DbConn) -> QueryResult<SealedRows> {
    use crate::schema::{connections, oauth_clients};
    let by_key = connections::table
        .group_by((connections::account_id, connections::key_version))
        .select((
            connections::account_id,
            connections::key_version,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let secrets = oauth_clients::table
        .select(oauth_clients::secret_envelope)
        .load(conn)?;
    Ok(SealedRows {
        connections: by_key,
        client_secrets: secrets,
    })
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

/// The direct children of an account.
pub fn children(conn: &mut DbConn, id: AccountId) -> QueryResult<Vec<AccountId>> {
    accounts::table
        .filter(accounts::parent_id.eq(id))
        .select(accounts::id)
        .load(conn)
}

/// What an account holds: (users, connections, automations).
pub fn contents(conn: &mut DbConn, id: AccountId) -> QueryResult<(i64, i64, i64)> {
    use crate::schema::{automations, connections, users};
    let users = users::table
        .filter(users::account_id.eq(id))
        .count()
        .get_result(conn)?;
    let connections = connections::table
        .filter(connections::account_id.eq(id))
        .count()
        .get_result(conn)?;
    let automations = automations::table
        .filter(automations::account_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok((users, connections, automations))
}

/// Deletes one account (no children left); its users, API keys, sessions,
/// connections, automations, OAuth states and wrapped data keys go with it
/// (`ON DELETE CASCADE`). On SQLite the freed pages are overwritten
/// (`secure_delete`), so the wrapped keys' bytes do not stay in the file.
pub fn delete(conn: &mut DbConn, id: AccountId) -> QueryResult<usize> {
    if let DbConn::Sqlite(c) = conn {
        diesel::connection::SimpleConnection::batch_execute(c, "PRAGMA secure_delete = ON;")?;
    }
    let n = diesel::delete(accounts::table.find(id)).execute(conn);
    if let DbConn::Sqlite(c) = conn {
        diesel::connection::SimpleConnection::batch_execute(c, "PRAGMA secure_delete = OFF;")?;
    }
    n
}
