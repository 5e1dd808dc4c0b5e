//! Data-key rotation: new key versions, the sweeps that move sealed rows onto
//! them, and the deletion of the versions nothing uses any more.
//!
//! Invariant: a key version is deleted only in a transaction that has just seen no
//! row sealed under it. On PostgreSQL writers hold `FOR SHARE` on the key version
//! they seal with ([`share_key`]) until they commit, so the deletion waits for
//! them and its recount sees their rows; SQLite has one writer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::{KeySweepRow, OAuthClientRow};
use crate::schema::{account_keys, connections, key_sweeps, oauth_clients, oauth_states};
use crate::DbConn;
use switchboard_types::{AccountId, ConnectionId};

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// The newest data-key version of an account, retired or not.
pub fn newest_version(conn: &mut DbConn, account: AccountId) -> QueryResult<Option<i32>> {
    account_keys::table
        .filter(account_keys::account_id.eq(account))
        .select(diesel::dsl::max(account_keys::version))
        .first(conn)
}

/// Marks an account's keys older than `version` retired: they still open rows,
/// never seal new ones.
pub fn retire_before(
    conn: &mut DbConn,
    account: AccountId,
    version: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        account_keys::table
            .filter(account_keys::account_id.eq(account))
            .filter(account_keys::version.lt(version))
            .filter(account_keys::retired_at.is_null()),
    )
    .set(account_keys::retired_at.eq(Some(now)))
    .execute(conn)
}

/// Holds the key version a writer seals with until its transaction ends
/// (PostgreSQL `FOR SHARE`), so [`delete_before`] cannot remove it meanwhile.
pub fn share_key(conn: &mut DbConn, account: AccountId, version: i32) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => diesel::sql_query(
            "SELECT version FROM account_keys WHERE account_id = $1 AND version = $2 FOR SHARE",
        )
        .bind::<diesel::sql_types::Text, _>(account.to_string())
        .bind::<diesel::sql_types::Integer, _>(version)
        .execute(pg)
        .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Deletes an account's keys older than `version`; on SQLite the freed pages are
/// overwritten (`secure_delete`). Waits for writers sealing with them (PostgreSQL).
pub fn delete_before(conn: &mut DbConn, account: AccountId, version: i32) -> QueryResult<usize> {
    if let DbConn::Sqlite(c) = conn {
        diesel::connection::SimpleConnection::batch_execute(c, "PRAGMA secure_delete = ON;")?;
    }
    let n = diesel::delete(
        account_keys::table
            .filter(account_keys::account_id.eq(account))
            .filter(account_keys::version.lt(version)),
    )
    .execute(conn);
    if let DbConn::Sqlite(c) = conn {
        diesel::connection::SimpleConnection::batch_execute(c, "PRAGMA secure_delete = OFF;")?;
    }
    n
}

/// Starts (or restarts) an account's sweep: one row per account.
pub fn put(conn: &mut DbConn, row: &KeySweepRow) -> QueryResult<()> {
    diesel::delete(key_sweeps::table.find(row.account_id)).execute(conn)?;
    diesel::insert_into(key_sweeps::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Every sweep, running and finished, oldest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<KeySweepRow>> {
    key_sweeps::table
        .order((key_sweeps::started_at, key_sweeps::account_id))
        .select(KeySweepRow::as_select())
        .load(conn)
}

/// The running sweeps, oldest first.
pub fn running(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<KeySweepRow>> {
    key_sweeps::table
        .filter(key_sweeps::state.eq(RUNNING))
        .order((key_sweeps::started_at, key_sweeps::account_id))
        .limit(limit)
        .select(KeySweepRow::as_select())
        .load(conn)
}

/// Counts `n` more rows re-encrypted.
pub fn advance(
    conn: &mut DbConn,
    account: AccountId,
    n: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(key_sweeps::table.find(account))
        .set((
            key_sweeps::done_rows.eq(key_sweeps::done_rows + n),
            key_sweeps::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn finish(conn: &mut DbConn, account: AccountId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        key_sweeps::table
            .find(account)
            .filter(key_sweeps::state.eq(RUNNING)),
    )
    .set((
        key_sweeps::state.eq(DONE),
        key_sweeps::done_rows.eq(key_sweeps::total_rows),
        key_sweeps::updated_at.eq(now),
        key_sweeps::finished_at.eq(Some(now)),
    ))
    .execute(conn)
}

/// Stops a sweep that met a row its key does not open (the older keys stay).
pub fn fail(conn: &mut DbConn, account: AccountId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        key_sweeps::table
            .find(account)
            .filter(key_sweeps::state.eq(RUNNING)),
    )
    .set((key_sweeps::state.eq(FAILED), key_sweeps::updated_at.eq(now)))
    .execute(conn)
}

/// Up to `limit` of an account's connections sealed under a version other than
/// `version`: `(id, key_version, envelope)`. On PostgreSQL the rows are locked and
/// rows another sweeper holds are skipped, so replicas share the work.
pub fn stale_connections(
    conn: &mut DbConn,
    account: AccountId,
    version: i32,
    limit: i64,
) -> QueryResult<Vec<(ConnectionId, i32, Vec<u8>)>> {
    let q = connections::table
        .filter(connections::account_id.eq(account))
        .filter(connections::key_version.ne(version))
        .order(connections::id)
        .limit(limit)
        .select((
            connections::id,
            connections::key_version,
            connections::envelope,
        ));
    match conn {
        DbConn::Postgres(pg) => q.for_update().skip_locked().load(pg),
        DbConn::Sqlite(lite) => q.load(lite),
    }
}

/// How many of an account's connections are sealed under a version other than `version`.
pub fn count_stale_connections(
    conn: &mut DbConn,
    account: AccountId,
    version: i32,
) -> QueryResult<i64> {
    connections::table
        .filter(connections::account_id.eq(account))
        .filter(connections::key_version.ne(version))
        .count()
        .get_result(conn)
}

/// Stores a connection's envelope sealed anew, if it is still the one read.
pub fn reseal_connection(
    conn: &mut DbConn,
    id: ConnectionId,
    from_version: i32,
    envelope: &[u8],
    to_version: i32,
) -> QueryResult<usize> {
    diesel::update(
        connections::table
            .find(id)
            .filter(connections::key_version.eq(from_version)),
    )
    .set((
        connections::envelope.eq(envelope),
        connections::key_version.eq(to_version),
    ))
    .execute(conn)
}

/// An account's pending OAuth authorizations: `(state_hash, id, verifier_envelope)`.
pub fn oauth_states_of(
    conn: &mut DbConn,
    account: AccountId,
) -> QueryResult<Vec<(String, String, Vec<u8>)>> {
    oauth_states::table
        .filter(oauth_states::account_id.eq(account))
        .select((
            oauth_states::state_hash,
            oauth_states::id,
            oauth_states::verifier_envelope,
        ))
        .load(conn)
}

pub fn reseal_oauth_state(conn: &mut DbConn, hash: &str, envelope: &[u8]) -> QueryResult<usize> {
    diesel::update(oauth_states::table.find(hash))
        .set(oauth_states::verifier_envelope.eq(envelope))
        .execute(conn)
}

/// Every app's OAuth client settings (their secrets are sealed under the system account).
pub fn oauth_clients(conn: &mut DbConn) -> QueryResult<Vec<OAuthClientRow>> {
    oauth_clients::table
        .order(oauth_clients::app_slug)
        .select(OAuthClientRow::as_select())
        .load(conn)
}

pub fn reseal_oauth_client(conn: &mut DbConn, app: &str, envelope: &[u8]) -> QueryResult<usize> {
    diesel::update(oauth_clients::table.find(app))
        .set(oauth_clients::secret_envelope.eq(envelope))
        .execute(conn)
}
