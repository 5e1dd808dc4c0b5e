//! Data-key rotation: a new key version per account, then a sweep that re-encrypts
//! the account's sealed rows (connection fields and OAuth tokens, PKCE verifiers,
//! webhook secrets, and for the system account the OAuth client secrets and the token-signing
//! secret) onto it, and finally deletes the older versions.
//!
//! The sweep runs in every `serve` process (and in `keys rotate-data --wait`): each
//! [`step`] is one transaction over one batch, so a process killed at any point
//! loses nothing and the next step carries on where the last commit left off.
//! Reads and writes go on meanwhile: a row opens under whichever version sealed
//! it, and new writes seal with the new version. On PostgreSQL the batches of
//! several processes skip each other's rows (`FOR UPDATE SKIP LOCKED`).

use std::sync::Arc;

use secrecy::ExposeSecret as _;
use switchboard_db::models::KeySweepRow;
use switchboard_db::repo::{accounts, key_sweeps as repo, settings, webhooks};
use switchboard_db::{Db, DbConn};
use switchboard_types::{AccountId, KeySweep, SweepState};
use switchboard_vault::{envelope_key_version, SealContext};
use uuid::Uuid;

use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::services::bootstrap::{SIGNING_SECRET_PURPOSE, SIGNING_SECRET_SETTING};
use crate::services::connections::sealing::PURPOSE as FIELDS_PURPOSE;
use crate::services::oauth::{CLIENT_PURPOSE, VERIFIER_PURPOSE};

/// Rows re-encrypted per transaction unless configured.
pub const DEFAULT_BATCH: i64 = 1000;

/// A running sweep no process has advanced for this long is reported `interrupted`.
const STALLED_AFTER_SECS: i64 = 60;

/// What one [`step`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No sweep is running.
    Idle,
    /// Re-encrypted this many rows of the account.
    Worked { account: AccountId, rows: usize },
    /// The account's rows are all under the new version; older versions are deleted.
    Finished { account: AccountId },
    /// A row did not open with its key: the sweep stopped, keeping the older keys.
    Failed { account: AccountId },
    /// Another process holds the remaining rows, or a write sealed a row under an
    /// older version at the last moment: nothing to do right now.
    Busy,
}

/// Starts a rotation of `account`'s data key (in the caller's transaction): a new
/// key version seals every write from now on, and a sweep moves the rows sealed
/// before. A rotation started while another runs replaces it (the new sweep moves
/// rows from every older version).
pub fn start(c: &mut DbConn, keys: &KeyRing, account: AccountId) -> Result<KeySweepRow, ApiError> {
    let newest = repo::newest_version(c, account)?.ok_or(ApiError::NotFound { what: "account" })?;
    let from = accounts::current_key(c, account)?.map_or(newest, |k| k.version);
    let to = newest + 1;
    keys.create_version(c, account, to)?;
    let now = switchboard_db::now();
    repo::retire_before(c, account, to, now)?;
    let total = stale_rows(c, account, to)?;
    let row = KeySweepRow {
        account_id: account,
        from_version: from,
        to_version: to,
        state: repo::RUNNING.into(),
        total_rows: total,
        done_rows: 0,
        started_at: now,
        updated_at: now,
        finished_at: None,
    };
    repo::put(c, &row)?;
    tracing::info!(account = %account, from, to, rows = total, "data-key rotation started");
    Ok(row)
}

/// Every account that has a data key (what `--all` rotates).
pub fn accounts_with_keys(c: &mut DbConn) -> Result<Vec<AccountId>, ApiError> {
    let mut ids: Vec<AccountId> = accounts::key_versions(c)?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    ids.dedup();
    Ok(ids)
}

/// One batch of the oldest running sweep, in the caller's transaction.
pub fn step(c: &mut DbConn, keys: &KeyRing, batch: i64) -> Result<Step, ApiError> {
    let Some(sweep) = repo::running(c, 1)?.pop() else {
        return Ok(Step::Idle);
    };
    let account = sweep.account_id;
    let to = sweep.to_version;
    let now = switchboard_db::now();
    let moved = match reseal_connections(c, keys, account, to, batch.max(1)) {
        Err(ApiError::CredentialsUnreadable) => return fail(c, account),
        r => r?,
    };
    if moved > 0 {
        repo::advance(c, account, i64::try_from(moved).unwrap_or(i64::MAX), now)?;
        return Ok(Step::Worked {
            account,
            rows: moved,
        });
    }
    if repo::count_stale_connections(c, account, to)? > 0 {
        // Another process holds the remaining connections (PostgreSQL skipped them).
        return Ok(Step::Busy);
    }
    let small = match reseal_small(c, keys, account, to) {
        Err(ApiError::CredentialsUnreadable) => return fail(c, account),
        r => r?,
    };
    // No connection left under an older version (that this process can see and
    // lock): delete the older keys, then count again. The deletion waits for
    // writers still sealing with an older version (PostgreSQL), so the recount sees
    // their rows; any row left means another process or a late write holds it.
    let deleted = repo::delete_before(c, account, to)?;
    if stale_rows(c, account, to)? > 0 {
        return Err(ApiError::conflict(
            switchboard_types::ErrorCode::VersionMismatch,
            "rows under an older data key remain",
        ));
    }
    repo::finish(c, account, now)?;
    // Dropped from this process's memory too (other processes never need them again:
    // no row is sealed under them).
    keys.forget_before(account, version(to)?);
    tracing::info!(account = %account, to, keys_deleted = deleted, rows = small, "data-key rotation finished");
    Ok(Step::Finished { account })
}

/// Runs one [`step`] in its own write transaction; a step that found rows still
/// held elsewhere (rolled back) is [`Step::Busy`].
pub async fn run_step(db: &Db, keys: &Arc<KeyRing>, batch: i64) -> Result<Step, ApiError> {
    // Looked at first with a read: an idle poll takes no write lock (and voids no
    // cache keyed on the write count).
    let running = db
        .read(|c| Ok::<_, ApiError>(!repo::running(c, 1)?.is_empty()))
        .await?;
    if !running {
        return Ok(Step::Idle);
    }
    let k = keys.clone();
    let step = db.write(move |c| step(c, &k, batch)).await;
    settle(step)
}

/// [`run_step`] for the command line (no async runtime).
pub fn run_step_blocking(db: &Db, keys: &Arc<KeyRing>, batch: i64) -> Result<Step, ApiError> {
    settle(db.write_blocking(|c| step(c, keys, batch)))
}

fn settle(step: Result<Step, ApiError>) -> Result<Step, ApiError> {
    match step {
        Err(ApiError::Conflict {
            code: switchboard_types::ErrorCode::VersionMismatch,
            ..
        }) => Ok(Step::Busy),
        other => other,
    }
}

fn fail(c: &mut DbConn, account: AccountId) -> Result<Step, ApiError> {
    tracing::error!(account = %account, "data-key rotation stopped: a row does not open with its key; the older keys are kept");
    repo::fail(c, account, switchboard_db::now())?;
    Ok(Step::Failed { account })
}

/// Re-encrypts up to `batch` connections; returns how many.
fn reseal_connections(
    c: &mut DbConn,
    keys: &KeyRing,
    account: AccountId,
    to: i32,
    batch: i64,
) -> Result<usize, ApiError> {
    let rows = repo::stale_connections(c, account, to, batch)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let new = keys.version(c, account.0, version(to)?)?;
    let mut moved = 0;
    for (id, from, envelope) in rows {
        let ctx = SealContext {
            purpose: FIELDS_PURPOSE,
            account_id: account.0,
            record_id: id.0,
        };
        let plain = keys.open(c, &ctx, &envelope)?;
        let sealed = new.seal(&ctx, plain.expose_secret());
        moved += repo::reseal_connection(c, id, from, &sealed, to)?;
    }
    Ok(moved)
}

/// Re-encrypts the account's few other sealed values: pending OAuth
/// authorizations' PKCE verifiers and, for the system account, the OAuth client
/// secrets and the token-signing secret. Returns how many.
fn reseal_small(
    c: &mut DbConn,
    keys: &KeyRing,
    account: AccountId,
    to: i32,
) -> Result<usize, ApiError> {
    let new = keys.version(c, account.0, version(to)?)?;
    let stale = |env: &[u8]| !envelope_key_version(env).is_ok_and(|v| v == new.version());
    let mut moved = 0;
    for (hash, id, envelope) in repo::oauth_states_of(c, account)? {
        if !stale(&envelope) {
            continue;
        }
        let ctx = SealContext {
            purpose: VERIFIER_PURPOSE,
            account_id: account.0,
            // A malformed id cannot be opened: the sweep stops as failed.
            record_id: Uuid::parse_str(&id).map_err(|_| ApiError::CredentialsUnreadable)?,
        };
        let plain = keys.open(c, &ctx, &envelope)?;
        moved += repo::reseal_oauth_state(c, &hash, &new.seal(&ctx, plain.expose_secret()))?;
    }
    moved += reseal_webhooks(c, keys, account, &new)?;
    if !is_system(c, account)? {
        return Ok(moved);
    }
    for client in repo::oauth_clients(c)? {
        if !stale(&client.secret_envelope) {
            continue;
        }
        let ctx = SealContext {
            purpose: CLIENT_PURPOSE,
            account_id: account.0,
            record_id: Uuid::parse_str(&client.id).map_err(|_| ApiError::CredentialsUnreadable)?,
        };
        let plain = keys.open(c, &ctx, &client.secret_envelope)?;
        let sealed = new.seal(&ctx, plain.expose_secret());
        moved += repo::reseal_oauth_client(c, client.app_slug.as_str(), &sealed)?;
    }
    if let Some(envelope) = signing_secret(c)? {
        if stale(&envelope) {
            use base64::Engine as _;
            let ctx = signing_context(account);
            let plain = keys.open(c, &ctx, &envelope)?;
            let sealed = new.seal(&ctx, plain.expose_secret());
            settings::put(
                c,
                SIGNING_SECRET_SETTING,
                &base64::engine::general_purpose::STANDARD.encode(sealed),
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// Re-encrypts the account's webhook secrets (current and previous) not under `new`.
fn reseal_webhooks(
    c: &mut DbConn,
    keys: &KeyRing,
    account: AccountId,
    new: &switchboard_vault::DataKey,
) -> Result<usize, ApiError> {
    let stale = |env: &[u8]| !envelope_key_version(env).is_ok_and(|v| v == new.version());
    let mut moved = 0;
    for mut hook in webhooks::all_of(c, account)? {
        let ctx = crate::services::webhooks::context(account, hook.id);
        let before = moved;
        if stale(&hook.secret) {
            let plain = keys.open(c, &ctx, &hook.secret)?;
            hook.secret = new.seal(&ctx, plain.expose_secret());
            moved += 1;
        }
        if let Some(prev) = hook.previous_secret.as_ref().filter(|p| stale(p)) {
            let plain = keys.open(c, &ctx, prev)?;
            hook.previous_secret = Some(new.seal(&ctx, plain.expose_secret()));
            moved += 1;
        }
        if moved > before {
            webhooks::reseal(c, hook.id, &hook.secret, hook.previous_secret.as_deref())?;
        }
    }
    Ok(moved)
}

/// How many of the account's sealed values are not under version `to`.
fn stale_rows(c: &mut DbConn, account: AccountId, to: i32) -> Result<i64, ApiError> {
    let to_u = version(to)?;
    let stale = |env: &[u8]| !envelope_key_version(env).is_ok_and(|v| v == to_u);
    let mut n = repo::count_stale_connections(c, account, to)?;
    n += repo::oauth_states_of(c, account)?
        .iter()
        .filter(|(_, _, e)| stale(e))
        .count() as i64;
    for hook in webhooks::all_of(c, account)? {
        n += i64::from(stale(&hook.secret));
        n += i64::from(hook.previous_secret.as_deref().is_some_and(stale));
    }
    if is_system(c, account)? {
        n += repo::oauth_clients(c)?
            .iter()
            .filter(|cl| stale(&cl.secret_envelope))
            .count() as i64;
        n += i64::from(signing_secret(c)?.is_some_and(|e| stale(&e)));
    }
    Ok(n)
}

fn signing_secret(c: &mut DbConn) -> Result<Option<Vec<u8>>, ApiError> {
    use base64::Engine as _;
    settings::get(c, SIGNING_SECRET_SETTING)?
        .map(|s| {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .map_err(|_| ApiError::internal("the stored signing secret is not base64"))
        })
        .transpose()
}

fn signing_context(system: AccountId) -> SealContext<'static> {
    SealContext {
        purpose: SIGNING_SECRET_PURPOSE,
        account_id: system.0,
        record_id: Uuid::nil(),
    }
}

fn is_system(c: &mut DbConn, account: AccountId) -> Result<bool, ApiError> {
    Ok(accounts::system(c)?.is_some_and(|s| s.id == account))
}

fn version(v: i32) -> Result<u32, ApiError> {
    u32::try_from(v).map_err(ApiError::internal)
}

/// The sweeps as the status reports them.
pub fn list(c: &mut DbConn) -> Result<Vec<KeySweep>, ApiError> {
    Ok(repo::all(c)?.into_iter().map(to_api).collect())
}

fn to_api(r: KeySweepRow) -> KeySweep {
    let stalled = (switchboard_db::now() - r.updated_at).num_seconds() > STALLED_AFTER_SECS;
    let state = match r.state.as_str() {
        repo::DONE => SweepState::Done,
        repo::FAILED => SweepState::Failed,
        _ if stalled => SweepState::Interrupted,
        _ => SweepState::Running,
    };
    KeySweep {
        account_id: r.account_id,
        from_version: r.from_version,
        to_version: r.to_version,
        done_rows: r.done_rows,
        total_rows: r.total_rows,
        state,
    }
}

/// Starts the rotation of one account's data key, or of every account's, each in
/// its own transaction; returns the sweeps as the status shows them.
pub async fn rotate(
    db: &Db,
    keys: &Arc<KeyRing>,
    account: Option<AccountId>,
) -> Result<Vec<KeySweep>, ApiError> {
    let accounts = match account {
        Some(a) => vec![a],
        None => db.read(accounts_with_keys).await?,
    };
    let mut started = Vec::with_capacity(accounts.len());
    for a in accounts {
        let k = keys.clone();
        started.push(db.write(move |c| start(c, &k, a)).await?);
    }
    Ok(started.into_iter().map(to_api).collect())
}
