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

use crate::config::MasterKeySource;
use crate::error::ApiError;

pub const FINGERPRINT_SETTING: &str = "master_key_fingerprint";

pub struct KeyRing {
    master: MasterKey,
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
        Self {
            master,
            cache: RwLock::new(HashMap::new()),
        }
    }

    pub fn master(&self) -> &MasterKey {
        &self.master
    }

    /// Creates version 1 of a new account's data key (inside the caller's transaction).
    pub fn create_account_key(
        &self,
        conn: &mut DbConn,
        account: AccountId,
    ) -> Result<(), ApiError> {
        let account_id = account.0;
        let (key, wrapped) = self.master.new_data_key(account_id, 1);
        repo::insert_key(
            conn,
            &AccountKeyRow {
                account_id: account,
                version: 1,
                wrapped,
                created_at: switchboard_db::now(),
                retired_at: None,
            },
        )?;
        self.remember(account_id, key);
        Ok(())
    }

    fn remember(&self, account_id: Uuid, key: DataKey) -> Arc<DataKey> {
        let key = Arc::new(key);
        if let Ok(mut c) = self.cache.write() {
            c.insert((account_id, key.version()), key.clone());
        }
        key
    }

    fn cached(&self, account_id: Uuid, version: u32) -> Option<Arc<DataKey>> {
        self.cache.read().ok()?.get(&(account_id, version)).cloned()
    }

    fn unwrap_row(&self, account_id: Uuid, row: &AccountKeyRow) -> Result<Arc<DataKey>, ApiError> {
        let version = u32::try_from(row.version).map_err(ApiError::internal)?;
        let key = self
            .master
            .unwrap(account_id, version, &row.wrapped)
            .map_err(|e| {
                ApiError::internal(format!("data key of account {account_id} v{version}: {e}"))
            })?;
        Ok(self.remember(account_id, key))
    }

    /// The key new writes for this account use.
    pub fn current(&self, conn: &mut DbConn, account: AccountId) -> Result<Arc<DataKey>, ApiError> {
        let account_id = account.0;
        let row = repo::current_key(conn, account)?
            .ok_or_else(|| ApiError::internal(format!("account {account_id} has no data key")))?;
        let version = u32::try_from(row.version).map_err(ApiError::internal)?;
        match self.cached(account_id, version) {
            Some(k) => Ok(k),
            None => self.unwrap_row(account_id, &row),
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
        self.unwrap_row(account_id, &row)
    }
}
