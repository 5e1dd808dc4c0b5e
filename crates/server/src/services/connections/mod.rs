//! Connections: named credentials of one account for one app, sealed at rest.
//!
//! - [`access`]: who may see, change or use a connection (own, shared by the parent
//!   or by the system account).
//! - [`create`], [`update`], [`delete`]: the writes, each in one transaction with
//!   its audit row; [`create::NewConnection`] and [`update::store_credentials`] are
//!   the one path for new and renewed credentials (key-based and OAuth alike).
//! - [`list`] and [`search`]: keyset pages in `(sort_key, id)` order, searched by
//!   app name first, then by connection name and identity.
//! - [`credentials`]: reveal for people, credentials for machines; [`check`]: the
//!   app's test request.
//! - [`sealing`]: field values sealed under the account's data key.

pub mod access;
pub mod check;
pub mod create;
pub mod credentials;
pub mod delete;
pub mod list;
pub mod sealing;
pub mod search;
mod tokens_import;
pub mod update;
pub mod usage;

use switchboard_db::models::ConnectionRow;
use switchboard_db::DbConn;
use switchboard_types::{AccountId, Connection, ErrorCode, MASK};

pub use access::{access, limit_access, owned};
pub use check::test;
pub use create::create;
pub use credentials::{credentials, reveal};
pub use delete::delete;
pub use list::{get, list};
pub(crate) use sealing::seal;
pub use sealing::{open_fields, PURPOSE};
pub use update::{update, update_fields};
pub use usage::automations_using;

use super::apps;
use super::convert::utc;
use crate::error::ApiError;
use crate::state::AppState;

pub const MAX_NOTES: usize = 10_000;
pub const MAX_NAME: usize = 64;
pub const DEFAULT_NAME: &str = "Default";

/// A connection name: 1–64 characters, no control characters, stored trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionName(String);

impl ConnectionName {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        switchboard_types::parse_name(raw, MAX_NAME)
            .map(Self)
            .map_err(|m| ApiError::field("name", m))
    }

    /// The case-insensitive key names are unique by.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The list order: per app, `Default` first, then by name.
pub(crate) fn sort_key(app: &str, name_key: &str) -> String {
    let first = if name_key == "default" { '0' } else { '1' };
    format!("{app}/{first}{name_key}")
}

/// What text search looks in: the name and the connected identity, lowercase.
pub(crate) fn search_text(name_key: &str, identity: Option<&str>) -> String {
    format!(
        "{name_key}\n{}",
        identity.unwrap_or_default().to_lowercase()
    )
}

/// Keys of an OAuth connection's public fields that hold the requested and the
/// granted scopes as arrays (shown as `requested_scopes` and `granted_scopes`,
/// not as fields).
pub const REQUESTED_SCOPES: &str = "requested_scopes";
pub const GRANTED_SCOPES: &str = "granted_scopes";

fn scope_list(v: Option<serde_json::Value>) -> Vec<String> {
    v.and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

pub fn to_wire(row: &ConnectionRow, app_name: &str, account_name: &str) -> Connection {
    let mut fields = std::collections::BTreeMap::new();
    let mut config = std::collections::BTreeMap::new();
    let mut requested_scopes = Vec::new();
    let mut granted_scopes = Vec::new();
    if let Ok(serde_json::Value::Object(mut map)) =
        serde_json::from_str::<serde_json::Value>(&row.public_fields)
    {
        requested_scopes = scope_list(map.remove(REQUESTED_SCOPES));
        granted_scopes = scope_list(map.remove(GRANTED_SCOPES));
        for (k, v) in map {
            if let Some(name) = k.strip_prefix(switchboard_types::CONFIG_PREFIX) {
                if let serde_json::Value::String(v) = v {
                    config.insert(name.to_string(), v);
                }
                continue;
            }
            let shown = match v {
                serde_json::Value::String(s) => s,
                _ => MASK.to_string(),
            };
            fields.insert(k, shown);
        }
    }
    Connection {
        id: row.id,
        account_id: row.account_id,
        account_name: account_name.to_string(),
        shared_with_children: row.shared_with_children,
        app: row.app_slug.to_string(),
        app_name: app_name.to_string(),
        name: row.name.clone(),
        status: row.status,
        status_reason: row.status_reason.clone(),
        identity: row.identity.clone(),
        notes: row.notes.clone(),
        fields,
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        last_used_at: row.last_used_at.map(utc),
        token_expires_at: row.token_expires_at.map(utc),
        requested_scopes,
        granted_scopes,
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        metadata: serde_json::from_str(&row.metadata).unwrap_or_default(),
        config,
        end_user: row
            .end_user
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok()),
    }
}

/// Checked tags and metadata of a request (`None`: not given).
#[derive(Default)]
pub(crate) struct Labels {
    pub tags: Option<std::collections::BTreeMap<String, String>>,
    /// The metadata object as the JSON text the row stores.
    pub metadata: Option<String>,
}

impl Labels {
    /// Checks tags and metadata; every problem is a field error.
    pub fn parse(
        tags: Option<std::collections::BTreeMap<String, String>>,
        metadata: Option<serde_json::Map<String, serde_json::Value>>,
    ) -> Result<Self, ApiError> {
        let mut errors = switchboard_types::FieldErrors::new();
        if let Some(Err(m)) = tags.as_ref().map(switchboard_types::check_tags) {
            errors.insert("tags".into(), vec![m]);
        }
        let metadata = metadata.map(|m| serde_json::Value::Object(m).to_string());
        if metadata
            .as_ref()
            .is_some_and(|m| m.len() > switchboard_types::MAX_METADATA_BYTES)
        {
            errors.insert(
                "metadata".into(),
                vec![format!(
                    "must be at most {} bytes as JSON",
                    switchboard_types::MAX_METADATA_BYTES
                )],
            );
        }
        if !errors.is_empty() {
            return Err(ApiError::fields(errors));
        }
        Ok(Self { tags, metadata })
    }

    /// The tags as the JSON text the row stores.
    pub fn tags_json(&self) -> Option<String> {
        self.tags
            .as_ref()
            .map(|t| serde_json::to_string(t).unwrap_or_else(|_| "{}".into()))
    }
}

pub(crate) fn name_taken() -> ApiError {
    let mut errors = std::collections::BTreeMap::new();
    errors.insert(
        "name".to_string(),
        vec!["is already used by another connection of this app".to_string()],
    );
    ApiError::Conflict {
        code: ErrorCode::NameTaken,
        detail: "A connection of this app with that name exists (names are case-insensitive)."
            .into(),
        errors,
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound { what: "connection" }
}

async fn app_name(state: &AppState, slug: &str) -> String {
    let s = slug.to_string();
    match state.db.read(move |c| apps::resolve(c, &s)).await {
        Ok(Some((d, _))) => d.name,
        _ => slug.to_string(),
    }
}

fn account_name(c: &mut DbConn, id: AccountId) -> Result<String, ApiError> {
    Ok(switchboard_db::repo::accounts::find(c, id)?
        .map(|a| a.name)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        let n = ConnectionName::parse("  Work GitHub ").unwrap_or(ConnectionName(String::new()));
        assert_eq!(
            (n.as_str(), n.key().as_str()),
            ("Work GitHub", "work github")
        );
        assert!(ConnectionName::parse("   ").is_err());
        assert!(ConnectionName::parse(&"x".repeat(MAX_NAME + 1)).is_err());
        assert!(ConnectionName::parse(&"é".repeat(MAX_NAME)).is_ok());
        assert!(ConnectionName::parse("tab\there").is_err());
    }

    #[test]
    fn default_sorts_first_within_its_app() {
        let mut keys = vec![
            sort_key("github", "zeta"),
            sort_key("github", "default"),
            sort_key("github", "alpha"),
            sort_key("gitlab", "default"),
        ];
        keys.sort();
        assert_eq!(
            keys,
            [
                "github/0default",
                "github/1alpha",
                "github/1zeta",
                "gitlab/0default"
            ]
        );
        assert_eq!(
            search_text("ci", Some("Me@Example.com")),
            "ci\nme@example.com"
        );
    }
}
