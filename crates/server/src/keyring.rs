//! The running server's view of the keys: the master key, and the accounts'
//! data keys unwrapped on demand and cached (a replica that meets a key version
//! it has not seen loads it from the database).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use secrecy::ExposeSecret;
use switchboard_db::models::AccountKeyRow;
use switchboard_db::repo::accounts as repo;
use switchboard_db::DbConn;
use switchboard_types::AccountId;
use switchboard_vault::{DataKey, MasterKey};
use uuid::Uuid;

use crate::config::{MasterKeySource, PreviousMasterKeys};
use crate::error::ApiError;

pub const FINGERPRINT_SETTING: &str = "master_key_fingerprint";

pub struct KeyRing {
    master: MasterKey,
    fingerprint: String,
    /// Earlier master keys (`SWITCHBOARD_PREVIOUS_MASTER_KEYS`), with fingerprints:
    /// they still unwrap data keys until a rotation has re-wrapped them all.
    previous: Vec<(MasterKey, String)>,
    cache: RwLock<HashMap<(Uuid, u32), Arc<DataKey>>>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyRing({:?})", self.master)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("SWITCHBOARD_MASTER_KEY is not usable: {0}")]
    Inline(String),
    #[error("master key file {path}: {message}")]
    File { path: String, message: String },
    #[error("SWITCHBOARD_PREVIOUS_MASTER_KEYS is not usable: {0}")]
    Previous(String),
}

/// Loads the master key from its source; generates the key file when none is configured.
pub fn load_master_key(source: &MasterKeySource) -> Result<(MasterKey, bool), KeyError> {
    match source {
        MasterKeySource::Inline(s) => MasterKey::from_base64(s.expose_secret())
            .map(|k| (k, false))
            .map_err(|e| KeyError::Inline(e.to_string())),
        MasterKeySource::File(p) => read_key_file(p).map(|k| (k, false)),
        MasterKeySource::Generated(p) => {
            if p.exists() {
                return read_key_file(p).map(|k| (k, false));
            }
            let key = MasterKey::generate();
            write_key_file(p, &key)?;
            Ok((key, true))
        }
    }
}

/// Loads the previous master keys: base64 keys separated by commas or lines.
pub fn load_previous_keys(source: &PreviousMasterKeys) -> Result<Vec<MasterKey>, KeyError> {
    let (text, path) = match source {
        PreviousMasterKeys::None => return Ok(Vec::new()),
        PreviousMasterKeys::Inline(s) => {
            (zeroize::Zeroizing::new(s.expose_secret().to_string()), None)
        }
        PreviousMasterKeys::File(p) => (
            zeroize::Zeroizing::new(std::fs::read_to_string(p).map_err(|e| KeyError::File {
                path: p.display().to_string(),
                message: e.to_string(),
            })?),
            Some(p),
        ),
    };
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .enumerate()
        .map(|(i, k)| {
            MasterKey::from_base64(k).map_err(|e| match path {
                Some(p) => KeyError::File {
                    path: p.display().to_string(),
                    message: format!("previous key {}: {e}", i + 1),
                },
                None => KeyError::Previous(format!("key {}: {e}", i + 1)),
            })
        })
        .collect()
}

fn read_key_file(p: &Path) -> Result<MasterKey, KeyError> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(p).map_err(|e| KeyError::File {
        path: p.display().to_string(),
        message: e.to_string(),
    })?);
    MasterKey::from_base64(&text).map_err(|e| KeyError::File {
        path: p.display().to_string(),
        message: e.to_string(),
    })
}

fn write_key_file(p: &Path, key: &MasterKey) -> Result<(), KeyError> {
    use std::io::Write as _;
    let err = |e: std::io::Error| KeyError::File {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(p).map_err(err)?;
    f.write_all(key.to_base64().as_bytes()).map_err(err)?;
    f.write_all(b"\n").map_err(err)?;
    f.sync_all().map_err(err)
}

impl KeyRing {
    pub fn new(master: MasterKey) -> Self {
        Self::with_previous(master, Vec::new())
    }

    /// The current master key and earlier ones still accepted to unwrap.
    pub fn with_previous(master: MasterKey, previous: Vec<MasterKey>) -> Self {
        let fingerprint = master.fingerprint();
        let previous = previous
            .into_iter()
            .map(|k| {
                let fp = k.fingerprint();
                (k, fp)
            })
            .filter(|(_, fp)| *fp != fingerprint)
            .collect();
        Self {
            master,
            fingerprint,
            previous,
            cache: RwLock::new(HashMap::new()),
        }
    }

    pub fn master(&self) -> &MasterKey {
        &self.master
    }

    /// The current master key's fingerprint.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Fingerprints of the master keys this process knows: the current one first.
    pub fn fingerprints(&self) -> Vec<&str> {
        std::iter::once(self.fingerprint.as_str())
            .chain(self.previous.iter().map(|(_, fp)| fp.as_str()))
            .collect()
    }

    /// The master keys that may wrap `row`: the one it names, or every known one
    /// for a row from before fingerprints were recorded.
    fn candidates<'a>(&'a self, row: &AccountKeyRow) -> Vec<&'a MasterKey> {
        let all = std::iter::once((&self.master, &self.fingerprint))
            .chain(self.previous.iter().map(|(k, fp)| (k, fp)));
        match &row.master_fingerprint {
            Some(fp) => all.filter(|(_, f)| *f == fp).map(|(k, _)| k).collect(),
            None => all.map(|(k, _)| k).collect(),
        }
    }

    /// Opens a stored data key with whichever known master key wraps it.
    fn open_row(&self, row: &AccountKeyRow) -> Result<DataKey, ApiError> {
        let account_id = row.account_id.0;
        let version = u32::try_from(row.version).map_err(ApiError::internal)?;
        self.candidates(row)
            .into_iter()
            .find_map(|m| m.unwrap(account_id, version, &row.wrapped).ok())
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "data key of account {account_id} v{version}: no configured master key opens it"
                ))
            })
    }

    /// The row's data key wrapped by the current master key (for a rotation).
    pub fn rewrap(&self, row: &AccountKeyRow) -> Result<Vec<u8>, ApiError> {
        let key = self.open_row(row)?;
        Ok(self.master.wrap(row.account_id.0, &key))
    }

    /// Creates version 1 of a new account's data key (inside the caller's transaction).
    pub fn create_account_key(
        &self,
        conn: &mut DbConn,
        account: AccountId,
    ) -> Result<(), ApiError> {
        self.create_version(conn, account, 1)
    }

    /// Creates a data-key version of an account, wrapped by the current master key
    /// (inside the caller's transaction): the newest version seals new writes.
    pub fn create_version(
        &self,
        conn: &mut DbConn,
        account: AccountId,
        version: i32,
    ) -> Result<(), ApiError> {
        let account_id = account.0;
        let v = u32::try_from(version).map_err(ApiError::internal)?;
        let (_key, wrapped) = self.master.new_data_key(account_id, v);
        // Not remembered here: if the caller's transaction rolls back, another
        // process may store a different key under this version. `current` loads it
        // from the database once it is committed.
        repo::insert_key(
            conn,
            &AccountKeyRow {
                account_id: account,
                version,
                wrapped,
                created_at: switchboard_db::now(),
                retired_at: None,
                master_fingerprint: Some(self.fingerprint.clone()),
            },
        )
        .map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                ApiError::conflict(
                    switchboard_types::ErrorCode::VersionMismatch,
                    format!("another rotation of account {account_id}'s data key started at the same moment; try again"),
                )
            } else {
                e.into()
            }
        })?;
        Ok(())
    }

    fn remember(&self, account_id: Uuid, key: DataKey) -> Arc<DataKey> {
        let key = Arc::new(key);
        if let Ok(mut c) = self.cache.write() {
            c.insert((account_id, key.version()), key.clone());
        }
        key
    }

    /// Drops a deleted account's data keys from memory.
    pub fn forget(&self, account: AccountId) {
        if let Ok(mut c) = self.cache.write() {
            c.retain(|(a, _), _| *a != account.0);
        }
    }

    /// Drops an account's key versions older than `version` from memory (after a
    /// sweep deleted them).
    pub fn forget_before(&self, account: AccountId, version: u32) {
        if let Ok(mut c) = self.cache.write() {
            c.retain(|(a, v), _| *a != account.0 || *v >= version);
        }
    }

    fn cached(&self, account_id: Uuid, version: u32) -> Option<Arc<DataKey>> {
        self.cache.read().ok()?.get(&(account_id, version)).cloned()
    }

    fn unwrap_row(&self, row: &AccountKeyRow) -> Result<Arc<DataKey>, ApiError> {
        Ok(self.remember(row.account_id.0, self.open_row(row)?))
    }

    /// The key new writes for this account use. On PostgreSQL the version stays
    /// share-locked until the caller's transaction ends, so a data-key sweep cannot
    /// delete it under a write that is sealing with it.
    pub fn current(&self, conn: &mut DbConn, account: AccountId) -> Result<Arc<DataKey>, ApiError> {
        let account_id = account.0;
        let row = repo::current_key(conn, account)?
            .ok_or_else(|| ApiError::internal(format!("account {account_id} has no data key")))?;
        switchboard_db::repo::key_sweeps::share_key(conn, account, row.version)?;
        let version = u32::try_from(row.version).map_err(ApiError::internal)?;
        match self.cached(account_id, version) {
            Some(k) => Ok(k),
            None => self.unwrap_row(&row),
        }
    }

    /// Opens an envelope sealed under `ctx.account_id`'s data key, whatever its
    /// version. Every failure is the same generic error: no detail for tampering.
    pub fn open(
        &self,
        conn: &mut DbConn,
        ctx: &switchboard_vault::SealContext<'_>,
        envelope: &[u8],
    ) -> Result<secrecy::SecretBox<Vec<u8>>, ApiError> {
        let version = switchboard_vault::envelope_key_version(envelope)
            .map_err(|_| ApiError::CredentialsUnreadable)?;
        let key = self
            .version(conn, ctx.account_id, version)
            .map_err(|_| ApiError::CredentialsUnreadable)?;
        key.open(ctx, envelope)
            .map_err(|_| ApiError::CredentialsUnreadable)
    }

    /// The key of one version, to open an existing envelope.
    pub fn version(
        &self,
        conn: &mut DbConn,
        account_id: Uuid,
        version: u32,
    ) -> Result<Arc<DataKey>, ApiError> {
        if let Some(k) = self.cached(account_id, version) {
            return Ok(k);
        }
        let v =
            i32::try_from(version).map_err(|_| ApiError::internal("key version out of range"))?;
        let row = repo::find_key(conn, AccountId::from(account_id), v)?.ok_or_else(|| {
            ApiError::internal(format!("account {account_id} has no data key v{version}"))
        })?;
        self.unwrap_row(&row)
    }
}
