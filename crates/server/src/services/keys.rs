//! Key lifecycle: which master key wraps the data keys (status), and moving every
//! data key under the current master key (rotation).
//!
//! A master-key rotation re-wraps data keys only: the data keys, and so every
//! stored ciphertext, stay as they are, which is why it is safe while any number
//! of replicas serve (they open a data key with whichever configured master key
//! wraps it). It runs in batches, each one transaction, and resumes where it
//! stopped: the rows left are the ones not yet under the current key.

use std::collections::BTreeMap;

use switchboard_db::repo::{accounts, settings};
use switchboard_db::DbConn;
use switchboard_types::{AccountId, DataKeyVersion, KeyStatus, MasterKeyStatus};

use crate::error::ApiError;
use crate::keyring::{KeyRing, FINGERPRINT_SETTING};

/// Data keys re-wrapped per transaction.
pub const BATCH: i64 = 500;

/// What wraps and seals what, right now.
pub fn status(c: &mut DbConn, keys: &KeyRing) -> Result<KeyStatus, ApiError> {
    let by_master: BTreeMap<String, i64> = accounts::keys_by_master(c)?
        .into_iter()
        .map(|(fp, n)| (fp.unwrap_or_default(), n))
        .collect();
    let mut master_keys: Vec<MasterKeyStatus> = keys
        .fingerprints()
        .iter()
        .enumerate()
        .map(|(i, fp)| MasterKeyStatus {
            fingerprint: (*fp).to_string(),
            current: i == 0,
            data_keys: by_master.get(*fp).copied().unwrap_or(0),
        })
        .collect();
    // A key no longer configured that still wraps data keys (startup refuses that,
    // but the status says it rather than hiding it).
    for (fp, n) in &by_master {
        if !keys.fingerprints().contains(&fp.as_str()) {
            master_keys.push(MasterKeyStatus {
                fingerprint: fp.clone(),
                current: false,
                data_keys: *n,
            });
        }
    }
    let mut rows: BTreeMap<(AccountId, i32), i64> = accounts::key_versions(c)?
        .into_iter()
        .map(|k| (k, 0))
        .collect();
    let sealed = accounts::sealed_rows(c)?;
    for (account, version, n) in sealed.connections {
        *rows.entry((account, version)).or_default() += n;
    }
    if let Some(system) = accounts::system(c)? {
        for envelope in sealed.client_secrets {
            if let Ok(v) = switchboard_vault::envelope_key_version(&envelope) {
                let v = i32::try_from(v).unwrap_or(i32::MAX);
                *rows.entry((system.id, v)).or_default() += 1;
            }
        }
    }
    let mut newest: BTreeMap<AccountId, i32> = BTreeMap::new();
    for (account, version) in rows.keys() {
        let n = newest.entry(*account).or_insert(*version);
        *n = (*n).max(*version);
    }
    let pending_rows = rows
        .iter()
        .filter(|((account, version), _)| newest.get(account).is_some_and(|n| version < n))
        .map(|(_, n)| n)
        .sum();
    Ok(KeyStatus {
        master_keys,
        data_key_versions: rows
            .into_iter()
            .map(|((account_id, version), rows)| DataKeyVersion {
                account_id,
                version,
                rows,
            })
            .collect(),
        pending_rows,
        sweeps: Vec::new(),
    })
}

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
