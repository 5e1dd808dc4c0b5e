//! Master-key rotation: re-wraps data keys only. The data keys, and so every
//! stored ciphertext, stay as they are, which is why it is safe while any number
//! of replicas serve (they open a data key with whichever configured master key
//! wraps it). It runs in batches, each one transaction, and resumes where it
//! stopped: the rows left are the ones not yet under the current key.

use switchboard_db::repo::{accounts, settings};
use switchboard_db::DbConn;

use crate::error::ApiError;
use crate::keyring::{KeyRing, FINGERPRINT_SETTING};

/// Data keys re-wrapped per transaction.
pub const BATCH: i64 = 500;

/// Data keys not yet wrapped by the current master key.
pub fn remaining(c: &mut DbConn, keys: &KeyRing) -> Result<i64, ApiError> {
    Ok(accounts::keys_by_master(c)?
        .into_iter()
        .filter(|(fp, _)| fp.as_deref() != Some(keys.fingerprint()))
        .map(|(_, n)| n)
        .sum())
}

/// Re-wraps up to [`BATCH`] data keys under the current master key, in the caller's
/// transaction; returns how many. When none is left, records the current key as the
/// one this database needs from now on.
pub fn rotate_master_batch(c: &mut DbConn, keys: &KeyRing) -> Result<usize, ApiError> {
    let rows = accounts::keys_not_wrapped_by(c, keys.fingerprint(), BATCH)?;
    for row in &rows {
        let wrapped = keys.rewrap(row)?;
        accounts::rewrap_key(c, row.account_id, row.version, &wrapped, keys.fingerprint())?;
    }
    if rows.is_empty() {
        settings::put(c, FINGERPRINT_SETTING, keys.fingerprint())?;
    }
    Ok(rows.len())
}
