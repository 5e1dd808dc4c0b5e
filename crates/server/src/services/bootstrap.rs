//! First start: the system account and its data key; the master-key fingerprint check.

use switchboard_db::models::AccountRow;
use switchboard_db::repo::{accounts, settings};
use switchboard_db::Db;
use switchboard_types::{AccountId, AccountKind};
use uuid::Uuid;

use crate::error::ApiError;
use crate::keyring::{KeyRing, FINGERPRINT_SETTING};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "the master key does not match this database (its fingerprint is {expected}, the configured key's is {actual}). \
         Start with the key this database was created with (SWITCHBOARD_MASTER_KEY or SWITCHBOARD_MASTER_KEY_FILE); nothing was written"
    )]
    WrongMasterKey { expected: String, actual: String },
    #[error(transparent)]
    Db(#[from] switchboard_db::DbError),
    #[error("{0}")]
    Other(String),
}

impl From<ApiError> for StartError {
    fn from(e: ApiError) -> Self {
        StartError::Other(e.to_string())
    }
}

/// Refuses a master key whose fingerprint differs from the stored one. Reads only:
/// on a fresh database (no tables yet) there is nothing to compare.
pub fn check_fingerprint(db: &Db, keys: &KeyRing) -> Result<(), StartError> {
    let mut conn = db.get()?;
    let stored = settings::get(&mut conn, FINGERPRINT_SETTING).ok().flatten();
    let actual = keys.master().fingerprint();
    match stored {
        Some(expected) if expected != actual => {
            Err(StartError::WrongMasterKey { expected, actual })
        }
        _ => Ok(()),
    }
}

/// Stores the fingerprint and creates the system account, once.
pub fn ensure_initialized(db: &Db, keys: &KeyRing) -> Result<(), StartError> {
    let fp = keys.master().fingerprint();
    db.write_blocking(|c| {
        match settings::get(c, FINGERPRINT_SETTING)? {
            None => settings::insert(c, FINGERPRINT_SETTING, &fp)?,
            Some(stored) if stored != fp => {
                return Err(StartError::WrongMasterKey {
                    expected: stored,
                    actual: fp.clone(),
                })
            }
            Some(_) => {}
        }
        if accounts::system(c)?.is_none() {
            let id = AccountId::from(Uuid::now_v7());
            let now = switchboard_db::now();
            accounts::insert(
                c,
                &AccountRow {
                    id,
                    name: "System".into(),
                    kind: AccountKind::System,
                    parent_id: None,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            keys.create_account_key(c, id)?;
            tracing::info!(account_id = %id, "created the system account");
        }
        Ok::<_, StartError>(())
    })
}

impl From<diesel::result::Error> for StartError {
    fn from(e: diesel::result::Error) -> Self {
        StartError::Db(switchboard_db::DbError::Query(e))
    }
}
