//! Key lifecycle: which master key wraps the data keys and which data-key
//! versions seal the rows (status); moving every data key under the current master
//! key ([`master`]); and new data-key versions with the sweeps that re-encrypt the
//! rows onto them ([`sweep`]).

mod master;
pub mod sweep;

pub use master::{remaining, rotate_master_batch, BATCH};

use std::collections::BTreeMap;

use switchboard_db::repo::accounts;
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, AuditAction, DataKeyRotation, DataKeyVersion, KeyStatus, MasterKeyStatus,
    RotateDataKeysRequest,
};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::services::audit::{self, Event};
use crate::state::AppState;

/// What wraps and seals what, right now.
pub fn status(c: &mut DbConn, keys: &KeyRing) -> Result<KeyStatus, ApiError> {
    // Sweeps first: a sweep that reads `done` committed with the deletion of the
    // older keys, so the counts below never show keys a finished sweep removed
    // (the statements are not one snapshot on PostgreSQL).
    let sweeps = sweep::list(c)?;
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
        sweeps,
    })
}

/// Starts data-key rotations (system administrators): a new data-key version for
/// one account or for every account, and the sweeps that move the rows onto it,
/// which the servers run from here on (this one at once).
#[tracing::instrument(skip_all)]
pub async fn rotate_data(
    state: &AppState,
    p: &Principal,
    req: RotateDataKeysRequest,
) -> Result<DataKeyRotation, ApiError> {
    p.require_user_session()?;
    p.require_system_admin()?;
    let sweeps = sweep::rotate(&state.db, &state.keys, req.account_id).await?;
    let p2 = p.clone();
    let accounts = sweeps.len();
    let rows: i64 = sweeps.iter().map(|s| s.total_rows).sum();
    state
        .db
        .write(move |c| {
            audit::record(
                c,
                Event::by(&p2, AuditAction::DataKeyRotate, "account", req.account_id)
                    .details(serde_json::json!({"accounts": accounts, "rows": rows})),
            )
        })
        .await?;
    state.sweep_wake.notify_one();
    Ok(DataKeyRotation { sweeps })
}
