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
        "the master key does not match this database (its data keys are wrapped by the master key with fingerprint {expected}; the configured keys are {actual}). \
         Start with that key as SWITCHBOARD_MASTER_KEY(_FILE), or list it in SWITCHBOARD_PREVIOUS_MASTER_KEYS(_FILE) while rotating; nothing was written"
    )]
    WrongMasterKey { expected: String, actual: String },
    #[error(transparent)]
    Db(#[from] switchboard_db::DbError),
    /// A setting that does not work (a master key that does not load, …).
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("{0}")]
    Other(String),
}

impl From<ApiError> for StartError {
    fn from(e: ApiError) -> Self {
        StartError::Other(e.to_string())
    }
}

/// Refuses master keys that cannot open this database before anything is written:
/// the key it was created with (or last rotated to), recorded in the settings, and
/// every key wrapping a data key must be the current or a previous key. Reads only:
/// on a fresh database there is nothing to compare.
pub fn check_fingerprint(db: &Db, keys: &KeyRing) -> Result<(), StartError> {
    let mut conn = db.get()?;
    let stored = settings::get(&mut conn, FINGERPRINT_SETTING).ok().flatten();
    // The keys wrapping the data keys too (a database from before they were
    // recorded has no such column yet: its keys are the stored one's).
    let wrapping = accounts::keys_by_master(&mut conn)
        .map(|v| v.into_iter().filter_map(|(fp, _)| fp).collect::<Vec<_>>())
        .unwrap_or_default();
    match stored
        .into_iter()
        .chain(wrapping)
        .find(|fp| !keys.fingerprints().contains(&fp.as_str()))
    {
        Some(expected) => Err(StartError::WrongMasterKey {
            expected,
            actual: keys.fingerprints().join(", "),
        }),
        None => Ok(()),
    }
}

/// Stores the fingerprint and creates the system account, once; records which
/// master key wraps each data key and refuses to start when one of them is not
/// among the configured keys.
pub fn ensure_initialized(db: &Db, keys: &KeyRing) -> Result<(), StartError> {
    let fp = keys.fingerprint().to_string();
    db.write_blocking(|c| {
        let stored = match settings::get(c, FINGERPRINT_SETTING)? {
            None => {
                settings::insert(c, FINGERPRINT_SETTING, &fp)?;
                fp.clone()
            }
            Some(stored) if !keys.fingerprints().contains(&stored.as_str()) => {
                return Err(StartError::WrongMasterKey {
                    expected: stored,
                    actual: keys.fingerprints().join(", "),
                })
            }
            Some(stored) => stored,
        };
        // Rows from before fingerprints were recorded: the stored key wraps them.
        accounts::backfill_master_fingerprint(c, &stored)?;
        for (wrapping, _) in accounts::keys_by_master(c)? {
            let wrapping = wrapping.unwrap_or_default();
            if !keys.fingerprints().contains(&wrapping.as_str()) {
                return Err(StartError::WrongMasterKey {
                    expected: wrapping,
                    actual: keys.fingerprints().join(", "),
                });
            }
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

/// Where the token-signing secret is kept: sealed under the system account's data
/// key, so it is re-wrapped with the data keys and a master-key rotation leaves
/// every session valid.
pub const SIGNING_SECRET_SETTING: &str = "jwt_signing_secret";
pub(crate) const SIGNING_SECRET_PURPOSE: &str = "jwt-signing-secret";

/// The instance's token-signing secret: 32 random bytes, sealed and stored on first
/// start. A database from before it existed (users, no stored secret) keeps the
/// secret earlier versions derived from the master key, so sessions survive that
/// upgrade; from then on it no longer depends on the master key.
pub fn signing_secret(db: &Db, keys: &KeyRing) -> Result<secrecy::SecretBox<[u8; 32]>, StartError> {
    use base64::Engine as _;
    use secrecy::ExposeSecret as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    db.write_blocking(|c| {
        let system = accounts::system(c)?
            .ok_or_else(|| StartError::Other("the system account is missing".into()))?;
        let ctx = switchboard_vault::SealContext {
            purpose: SIGNING_SECRET_PURPOSE,
            account_id: system.id.0,
            record_id: Uuid::nil(),
        };
        let stored = match settings::get(c, SIGNING_SECRET_SETTING)? {
            Some(stored) => stored,
            None => {
                // Users already: sessions were signed with the derived secret; keep it.
                let secret = if switchboard_db::repo::users::count(c)? > 0 {
                    crate::auth::jwt::JwtKeys::legacy_secret(keys.master())
                } else {
                    let mut bytes = Box::new([0u8; 32]);
                    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, bytes.as_mut_slice());
                    secrecy::SecretBox::new(bytes)
                };
                let key = keys.current(c, system.id)?;
                let envelope = key.seal(&ctx, secret.expose_secret());
                // Another replica starting now may have stored its own first: use that.
                settings::insert_or_get(c, SIGNING_SECRET_SETTING, &b64.encode(envelope))?
            }
        };
        {
            let envelope = b64
                .decode(stored)
                .map_err(|_| StartError::Other("the stored signing secret is not base64".into()))?;
            let plain = keys
                .open(c, &ctx, &envelope)
                .map_err(|_| StartError::Other("the stored signing secret does not open".into()))?;
            let bytes: [u8; 32] =
                plain.expose_secret().as_slice().try_into().map_err(|_| {
                    StartError::Other("the stored signing secret is malformed".into())
                })?;
            Ok(secrecy::SecretBox::new(Box::new(bytes)))
        }
    })
}

impl From<diesel::result::Error> for StartError {
    fn from(e: diesel::result::Error) -> Self {
        StartError::Db(switchboard_db::DbError::Query(e))
    }
}
