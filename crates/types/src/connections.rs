use std::collections::BTreeMap;

use crate::ids::*;
use crate::Redacted;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What secret field values look like outside `reveal`.
pub const MASK: &str = "••••••••";

/// Most tags on one connection.
pub const MAX_TAGS: usize = 20;
/// Longest tag value, in characters.
pub const MAX_TAG_VALUE_CHARS: usize = 256;
/// Largest metadata object, as compact JSON, in bytes.
pub const MAX_METADATA_BYTES: usize = 16 * 1024;

/// Whether `key` is a tag key: `[a-z0-9_.-]{1,64}`.
pub fn is_tag_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
}

/// What is wrong with a set of tags, if anything.
pub fn check_tags(tags: &BTreeMap<String, String>) -> Result<(), String> {
    if tags.len() > MAX_TAGS {
        return Err(format!("at most {MAX_TAGS} tags"));
    }
    if let Some(k) = tags.keys().find(|k| !is_tag_key(k)) {
        return Err(format!("the key {k:?} is not 1–64 of a-z, 0-9, _, . and -"));
    }
    if let Some(k) = tags
        .iter()
        .find(|(_, v)| v.chars().count() > MAX_TAG_VALUE_CHARS || v.chars().any(char::is_control))
        .map(|(k, _)| k)
    {
        return Err(format!(
            "the value of {k:?} must be at most {MAX_TAG_VALUE_CHARS} characters without control characters"
        ));
    }
    Ok(())
}

/// A `tag` filter of the connection list: `key:value`.
pub fn parse_tag_filter(raw: &str) -> Option<(String, String)> {
    let (k, v) = raw.split_once(':')?;
    is_tag_key(k).then(|| (k.to_string(), v.to_string()))
}

/// Whether a connection works, as far as Switchboard knows. `error`: a test or token
/// refresh failed (calls are still made); `needs_reconnect`: the provider ended the
/// authorization (calls are refused until a reconnect).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum ConnectionStatus {
    /// No known problem with the credentials.
    Active,
    /// The provider ended the authorization (e.g. a refresh answered `invalid_grant`);
    /// calls answer 409 `needs_reconnect` until the connection is reconnected.
    NeedsReconnect,
    /// The last test failed, or the provider refused a token refresh; calls are still
    /// made. `status_reason` says why.
    Error,
    Pending,
}

impl ConnectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Active => "active",
            ConnectionStatus::NeedsReconnect => "needs_reconnect",
            ConnectionStatus::Error => "error",
            ConnectionStatus::Pending => "pending",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "needs_reconnect" => Some(Self::NeedsReconnect),
            "error" => Some(Self::Error),
            "pending" => Some(Self::Pending),
            _ => None,
        }
    }
}

/// What set a connection's status, so that later events can tell their own
/// status from another's (a successful refresh clears only a refresh failure).
/// Stored beside the status; not on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum StatusCause {
    /// A connection test (at create, reconnect or on request) failed.
    TestFailed,
    /// The provider refused a token refresh.
    RefreshFailed,
    /// The provider said the authorization ended (revoked, expired grant).
    AuthorizationEnded,
}

impl StatusCause {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCause::TestFailed => "test_failed",
            StatusCause::RefreshFailed => "refresh_failed",
            StatusCause::AuthorizationEnded => "authorization_ended",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "test_failed" => Some(StatusCause::TestFailed),
            "refresh_failed" => Some(StatusCause::RefreshFailed),
            "authorization_ended" => Some(StatusCause::AuthorizationEnded),
            _ => None,
        }
    }
}

crate::enum_text_value!(StatusCause);

/// A connection's metadata. Secret field values are masked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connection {
    /// The connection's id.
    pub id: ConnectionId,
    /// The owning account.
    pub account_id: AccountId,
    /// The owning account's name.
    pub account_name: String,
    /// Shared with the owner's child accounts (for the system account: with every account).
    pub shared_with_children: bool,
    /// The app's slug.
    pub app: String,
    /// The app's display name (its slug if the app is no longer defined).
    pub app_name: String,
    /// Unique per app and account, case-insensitively; the first of an app is `Default`.
    pub name: String,
    /// Whether the connection works, as far as Switchboard knows.
    pub status: ConnectionStatus,
    /// Why the status is not `active`, when known.
    pub status_reason: Option<String>,
    /// The connected account as the app names it (an email, a login), when it can tell.
    pub identity: Option<String>,
    /// Free text, up to 10,000 characters; empty when there are none.
    pub notes: String,
    /// Field values: non-secret ones as stored, secret ones as `••••••••`.
    pub fields: BTreeMap<String, String>,
    /// The resource version, also sent as `ETag`.
    pub version: i64,
    /// When the connection was added (UTC).
    pub created_at: DateTime<Utc>,
    /// When its name, notes, sharing, credentials or status last changed (UTC); token
    /// refreshes do not count.
    pub updated_at: DateTime<Utc>,
    /// When it was last used through the proxy or `GET …/credentials`, to within a
    /// minute (UTC); `null` if never.
    pub last_used_at: Option<DateTime<Utc>>,
    /// OAuth connections: when the current access token expires (Switchboard
    /// refreshes it a few minutes before).
    #[serde(default)]
    pub token_expires_at: Option<DateTime<Utc>>,
    /// OAuth connections: the scopes asked for at sign-in (empty otherwise).
    #[serde(default)]
    pub requested_scopes: Vec<String>,
    /// OAuth connections: the scopes the provider granted, as it said (empty when
    /// it did not say). Fewer than requested: some features may not work.
    #[serde(default)]
    pub granted_scopes: Vec<String>,
    /// Labels for finding it (`GET /connections?tag=key:value`), e.g.
    /// `{"end_user_id": "42", "team": "sales"}`; never secret.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The platform's own data about it (a JSON object, up to 16 KB); never secret.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Values the provider handed over at sign-in that calls need (the app's
    /// `auth.oauth2.capture`, e.g. Salesforce's `instance_url`); never secret.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// The platform's end user it was connected for (through a connect session);
    /// `null` otherwise.
    #[serde(default)]
    pub end_user: Option<crate::EndUser>,
}

/// `GET /api/v1/connections`: one page of connections.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionPage {
    /// Connections by app, `Default` first, then by name; with `q`, best matches first.
    pub items: Vec<Connection>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/connections`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateConnectionRequest {
    /// The app's slug.
    pub app: String,
    /// Ignored for the first connection of an app (always `Default`); required afterwards.
    #[serde(default)]
    pub name: Option<String>,
    /// Credential field values by key, as the app's schema declares them.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Run the app's test request before saving (default `true`).
    #[serde(default)]
    pub test: Option<bool>,
    /// Up to 20 tags: keys `[a-z0-9_.-]{1,64}`, values up to 256 characters.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
    /// A JSON object for the platform's own use, up to 16 KB.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// OAuth2 sign-in apps: tokens the platform already holds, instead of `fields`
    /// (API keys need `connections:import` too). Refreshed with the app's client.
    #[serde(default)]
    pub oauth: Option<ImportedTokens>,
    /// With `oauth`: the config values the app captures at sign-in (its
    /// `auth.oauth2.capture` names, e.g. `{"instance_url": "https://acme.my.salesforce.com"}`),
    /// which imported tokens cannot bring otherwise.
    #[serde(default)]
    pub config: Option<BTreeMap<String, String>>,
}

/// Existing OAuth2 tokens of a connection moved into Switchboard.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportedTokens {
    /// The access token.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password, min_length = 1))]
    pub access_token: Redacted<String>,
    /// The refresh token, if the provider issued one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub refresh_token: Option<Redacted<String>>,
    /// When the access token expires (UTC); absent: unknown.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// The scope the provider granted, as it wrote it.
    #[serde(default)]
    pub scope: Option<String>,
}

impl std::fmt::Debug for ImportedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedTokens")
            .field("refresh_token", &self.refresh_token.is_some())
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for CreateConnectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateConnectionRequest")
            .field("app", &self.app)
            .field("name", &self.name)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("test", &self.test)
            .field("tags", &self.tags)
            .field("oauth", &self.oauth)
            .finish_non_exhaustive()
    }
}

/// `PATCH /api/v1/connections/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateConnectionRequest {
    /// A new name, 1–64 characters, unique per app and account (case-insensitively).
    #[serde(default)]
    pub name: Option<String>,
    /// Free text, up to 10,000 characters.
    #[serde(default)]
    pub notes: Option<String>,
    /// Share with child accounts (account administrators of the owner). Turning it
    /// off while child automations use it needs `?force=true` and pauses them.
    #[serde(default)]
    pub shared_with_children: Option<bool>,
    /// Replaces every tag (`{}` removes them all); the rules of creation apply.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
    /// Replaces the metadata object (`{}` empties it).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Whose connections a list shows.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectionScope {
    /// My account's.
    #[default]
    Own,
    /// Shared by my parent account.
    Parent,
    /// Shared by the system account (visible to every account).
    System,
}

/// `PUT /api/v1/connections/{id}/fields`: new credentials for a key-based connection.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateFieldsRequest {
    /// All credential field values by key (not only the changed ones), checked
    /// against the app's schema as on create.
    pub fields: BTreeMap<String, String>,
    /// Run the app's test request before saving (default `true`).
    #[serde(default)]
    pub test: Option<bool>,
}

impl std::fmt::Debug for UpdateFieldsRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateFieldsRequest")
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// `POST /api/v1/connections/{id}/reveal`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// The caller's own password, verified in this request.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// The decrypted credential fields.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealResponse {
    /// The stored field values by key, secret ones in clear text.
    pub fields: BTreeMap<String, String>,
}

impl std::fmt::Debug for RevealResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevealResponse")
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// `GET /api/v1/connections/{id}/credentials`: what a machine needs to call the app
/// itself. OAuth refresh tokens and client secrets are never handed out.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialsResponse {
    /// The connection the credentials belong to.
    pub connection_id: ConnectionId,
    /// The app's slug.
    pub app: String,
    /// The credential values: the app's fields, or for OAuth apps `access_token`,
    /// `token_type` and `scope`.
    pub fields: BTreeMap<String, String>,
    /// OAuth: when `access_token` expires (UTC); ask again before then. `null` for
    /// key-based apps and for tokens without a known expiry.
    pub expires_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for CredentialsResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsResponse")
            .field("connection_id", &self.connection_id)
            .field("app", &self.app)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Result of running an app's test request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestOutcome {
    /// `false` when the test request failed (the status becomes `error`); `true`
    /// otherwise, also when the app has no test request.
    pub ok: bool,
    /// The upstream HTTP status, when a response came back.
    pub upstream_status: Option<u16>,
    /// The outcome in words, for people.
    pub message: String,
    /// The connected account as the app names it, when known.
    pub identity: Option<String>,
}

/// Query of `GET /api/v1/connections`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ConnectionQuery {
    /// Matches app name and slug first, then connection name and identity; case-insensitive.
    pub q: Option<String>,
    /// Only connections of this app (slug).
    pub app: Option<String>,
    /// Only connections with this status.
    pub status: Option<ConnectionStatus>,
    /// `own` (default), `parent` or `system`.
    pub scope: Option<ConnectionScope>,
    /// Page size, 1–200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200, default = 50))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

crate::enum_text_value!(ConnectionStatus);

/// What an import does with an item that is already in the account: a connection
/// imported before from the same file, or one of the same app with the same name
/// (automations: the same name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// Leave what is there (the default): importing a file twice creates nothing new.
    #[default]
    Skip,
    /// Import it beside, named `Name (2)`, `Name (3)`, …
    Rename,
    /// Overwrite the credentials of what is there (an automation's connections).
    Replace,
}

impl OnConflict {
    pub fn as_str(self) -> &'static str {
        match self {
            OnConflict::Skip => "skip",
            OnConflict::Rename => "rename",
            OnConflict::Replace => "replace",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [OnConflict::Skip, OnConflict::Rename, OnConflict::Replace]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// `POST /api/v1/connections/export`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportConnectionsRequest {
    /// The acting user's password: an export holds every credential in clear,
    /// protected only by the passphrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
    /// Encrypts the file (age, scrypt); at least 10 characters. Whoever imports the
    /// file needs it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password, min_length = 10, max_length = 1024))]
    pub passphrase: Redacted<String>,
}

impl std::fmt::Debug for ExportConnectionsRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportConnectionsRequest")
            .finish_non_exhaustive()
    }
}

/// An export file: age-encrypted with the passphrase, JSON Lines inside.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
pub struct ExportFile(pub Vec<u8>);

/// The kind of file an import reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportSource {
    /// A Switchboard export (age, encrypted with a passphrase).
    #[default]
    Switchboard,
    /// The JSON of `n8n export:credentials --all --decrypted`.
    N8n,
}

impl ImportSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportSource::Switchboard => "switchboard",
            ImportSource::N8n => "n8n",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ImportSource::Switchboard, ImportSource::N8n]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// `POST /api/v1/connections/import` (`multipart/form-data`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportForm {
    /// The export file.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
    /// The passphrase the file was exported with (Switchboard exports).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub passphrase: String,
    /// What to do with items already in the account (default `skip`).
    #[serde(default)]
    pub on_conflict: OnConflict,
    /// The kind of file (default `switchboard`).
    #[serde(default)]
    pub from: ImportSource,
}

/// The kind of an imported item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportItemKind {
    App,
    Connection,
    Automation,
}

/// What became of an imported item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Created,
    Skipped,
    Renamed,
    Replaced,
    Failed,
}

/// One item of an import and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportItem {
    /// App, connection or automation.
    pub kind: ImportItemKind,
    /// Its name (as stored here when it was created, renamed or replaced).
    pub name: String,
    /// The app slug (connections and apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// What the import did with it.
    pub outcome: ImportOutcome,
    /// Its id here (connections, automations) or slug (apps), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why it was skipped, renamed, replaced or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer to an import: counts by outcome, and every item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Items created.
    pub created: u64,
    /// Items left as they were (already here).
    pub skipped: u64,
    /// Items created under another name.
    pub renamed: u64,
    /// Items whose credentials (automations: connections) were overwritten.
    pub replaced: u64,
    /// Items not imported (see each item's reason).
    pub failed: u64,
    /// Every item, in the order of the file (apps, connections, automations).
    pub items: Vec<ImportItem>,
}
