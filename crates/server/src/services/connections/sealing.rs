//! Field values sealed under the owning account's data key (XChaCha20-Poly1305;
//! the account and connection ids are bound into the associated data, so an
//! envelope copied onto another row does not open).

use std::collections::BTreeMap;

use secrecy::ExposeSecret;
use switchboard_db::models::ConnectionRow;
use switchboard_db::DbConn;
use switchboard_types::{AccountId, AppDefinition, ConnectionId};
use switchboard_vault::{envelope_key_version, SealContext};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::secret_fields::SecretFields;

pub const PURPOSE: &str = "connection-fields";

/// Non-secret values as stored; secret keys present with `null`.
pub(crate) fn public_fields(def: &AppDefinition, values: &BTreeMap<String, String>) -> String {
    let mut map = serde_json::Map::new();
    for f in &def.auth.fields {
        if let Some(v) = values.get(&f.key) {
            let stored = if f.secret {
                serde_json::Value::Null
            } else {
                serde_json::Value::String(v.clone())
            };
            map.insert(f.key.clone(), stored);
        }
    }
    serde_json::Value::Object(map).to_string()
}

/// Seals field values for a connection; returns the envelope and the key version.
pub(crate) fn seal(
    keys: &KeyRing,
    c: &mut DbConn,
    account: AccountId,
    id: ConnectionId,
    values: &BTreeMap<String, String>,
) -> Result<(Vec<u8>, i32), ApiError> {
    let key = keys.current(c, account)?;
    let plain = Zeroizing::new(serde_json::to_vec(values).map_err(ApiError::internal)?);
    let ctx = SealContext {
        purpose: PURPOSE,
        account_id: account.0,
        record_id: id.0,
    };
    let env = key.seal(&ctx, &plain);
    Ok((
        env,
        i32::try_from(key.version()).map_err(ApiError::internal)?,
    ))
}

/// Opens a connection's fields. Any failure is the same generic error.
pub fn open_fields(
    keys: &KeyRing,
    c: &mut DbConn,
    row: &ConnectionRow,
) -> Result<SecretFields, ApiError> {
    let version =
        envelope_key_version(&row.envelope).map_err(|_| ApiError::CredentialsUnreadable)?;
    if i64::from(version) != i64::from(row.key_version) {
        return Err(ApiError::CredentialsUnreadable);
    }
    let ctx = SealContext {
        purpose: PURPOSE,
        account_id: row.account_id.0,
        record_id: row.id.0,
    };
    let plain = keys.open(c, &ctx, &row.envelope)?;
    serde_json::from_slice::<BTreeMap<String, String>>(plain.expose_secret())
        .map(SecretFields::new)
        .map_err(|_| ApiError::CredentialsUnreadable)
}
