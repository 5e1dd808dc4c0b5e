use crate::ids::*;
use crate::Redacted;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/setup`: creates the first system administrator.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The one-time setup token printed at first start.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub token: Redacted<String>,
    /// The administrator's sign-in email.
    pub email: String,
    /// The administrator's password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user's email (case-insensitive).
    pub email: String,
    /// The user's password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// Access token answer of login and refresh. The refresh token travels only in
/// the `HttpOnly` cookie `sb_refresh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT; send it as `Authorization: Bearer <token>` until it expires.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub access_token: Redacted<String>,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// The signed-in user.
    pub user: User,
}

/// A user's role in their account: `admin` or `member`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum Role {
    /// Manages the account's users and all its API keys, shares its connections and,
    /// in a top-level account, creates child accounts. Administrators of the system
    /// account are system administrators.
    Admin,
    /// Uses the account's connections and automations and manages their own API keys.
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

/// `system` (the platform operators' account) or `standard` (every other account).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum AccountKind {
    /// The one account created at first start: its administrators are system
    /// administrators, and the connections it shares are visible to every account.
    System,
    /// A tenant: top-level, or a child of a top-level account.
    Standard,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::System => "system",
            AccountKind::Standard => "standard",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "system" => Some(AccountKind::System),
            "standard" => Some(AccountKind::Standard),
            _ => None,
        }
    }
}

/// A user of an account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// The account the user belongs to.
    pub account_id: AccountId,
    /// Sign-in email, stored lowercase; unique across all accounts.
    pub email: String,
    /// The user's role in the account.
    pub role: Role,
    /// A disabled user can neither sign in nor use their API keys.
    pub disabled: bool,
    /// When the user was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the user was last updated (UTC).
    pub updated_at: DateTime<Utc>,
}

/// An account (tenant).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account's id.
    pub id: AccountId,
    /// The account's name.
    pub name: String,
    /// `system` or `standard`.
    pub kind: AccountKind,
    /// The parent account of a child account; `null` for a top-level account.
    pub parent_id: Option<AccountId>,
    /// When the account was created (UTC).
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/me`: who is calling.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The calling user; with an API key, the user who made the key.
    pub user: User,
    /// The caller's account.
    pub account: Account,
    /// `true` for administrators of the system account (never with an API key).
    pub system_admin: bool,
    /// Scopes of the API key, when the caller authenticated with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_scopes: Option<Vec<ApiScope>>,
}

/// `POST /api/v1/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// The new user's sign-in email; unique across all accounts.
    pub email: String,
    /// The new user's password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
    /// The new user's role (default `member`).
    #[serde(default = "default_member")]
    pub role: Role,
    /// The acting administrator's own password (required).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
}

fn default_member() -> Role {
    Role::Member
}

/// `PATCH /api/v1/users/{id}`: every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// A new role; the account's last active administrator cannot be demoted.
    #[serde(default)]
    pub role: Option<Role>,
    /// `true` disables the user and ends their sessions, `false` enables them again;
    /// the account's last active administrator cannot be disabled.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// A new password; ends the user's sessions and revokes their API keys.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub password: Option<Redacted<String>>,
    /// The acting administrator's own password; required to set a password or to
    /// make someone an `admin`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
}

/// The answer to `PATCH /api/v1/users/{id}`: the user, and what a new password ended.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatedUser {
    /// The user as it is now.
    #[serde(flatten)]
    pub user: User,
    /// The user's sessions were ended (a new password, or disabled).
    pub sessions_ended: bool,
    /// How many of the user's API keys a new password revoked.
    pub api_keys_revoked: u64,
}

/// `POST /api/v1/me/password`: change one's own password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The caller's current password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub current_password: Redacted<String>,
    /// The new password; every session of the caller ends.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub new_password: Redacted<String>,
}

/// `GET /api/v1/users`: one page of users.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// Users of the caller's account, by email.
    pub items: Vec<User>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// What an API key may do. User sessions have every scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// List and read connections (secrets masked) and their rate limits.
    #[serde(rename = "connections:read")]
    ConnectionsRead,
    /// Add, change, test, reconnect and delete connections.
    #[serde(rename = "connections:write")]
    ConnectionsWrite,
    /// Hand credentials to the caller (`GET /connections/{id}/credentials`).
    #[serde(rename = "credentials:read")]
    CredentialsRead,
    /// Call apps through a connection.
    #[serde(rename = "proxy")]
    Proxy,
    /// List and read automations, and see which ones use a connection.
    #[serde(rename = "automations:read")]
    AutomationsRead,
    /// Create, change and delete automations.
    #[serde(rename = "automations:write")]
    AutomationsWrite,
    /// Read the account's audit log.
    #[serde(rename = "audit:read")]
    AuditRead,
    /// Create, change and delete the account's webhooks and read their deliveries
    /// (the key's creator must be an administrator).
    #[serde(rename = "webhooks")]
    Webhooks,
    /// With `connections:write`: add OAuth connections from tokens the platform
    /// already holds (`POST /connections` with `oauth`).
    #[serde(rename = "connections:import")]
    ConnectionsImport,
    /// Create connect sessions for end users and read the ones it created (the
    /// key's creator must be an administrator).
    #[serde(rename = "connect:write")]
    ConnectWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 10] = [
        ApiScope::ConnectionsRead,
        ApiScope::ConnectionsWrite,
        ApiScope::CredentialsRead,
        ApiScope::Proxy,
        ApiScope::AutomationsRead,
        ApiScope::AutomationsWrite,
        ApiScope::AuditRead,
        ApiScope::Webhooks,
        ApiScope::ConnectionsImport,
        ApiScope::ConnectWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::ConnectionsRead => "connections:read",
            ApiScope::ConnectionsWrite => "connections:write",
            ApiScope::CredentialsRead => "credentials:read",
            ApiScope::Proxy => "proxy",
            ApiScope::AutomationsRead => "automations:read",
            ApiScope::AutomationsWrite => "automations:write",
            ApiScope::AuditRead => "audit:read",
            ApiScope::Webhooks => "webhooks",
            ApiScope::ConnectionsImport => "connections:import",
            ApiScope::ConnectWrite => "connect:write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Scopes that reach secrets: creating a key with one needs the creator's password.
    pub fn is_sensitive(self) -> bool {
        matches!(self, ApiScope::CredentialsRead | ApiScope::Proxy)
    }
}

impl std::fmt::Display for ApiScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `POST /api/v1/api-keys`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    /// A name to tell the key apart, 1–100 characters.
    pub name: String,
    /// Any of `connections:read`, `connections:write`, `connections:import`,
    /// `credentials:read`, `proxy`, `automations:read`, `automations:write`,
    /// `audit:read`, `webhooks`, `connect:write`.
    pub scopes: Vec<String>,
    /// The creator's own password; required for `credentials:read` and `proxy`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
}

/// An API key's metadata (never the key itself).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// The key's id.
    pub id: ApiKeyId,
    /// The name given at creation.
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    /// What the key may do.
    pub scopes: Vec<ApiScope>,
    /// The user who made the key; it acts as that user.
    pub created_by: UserId,
    /// When the key was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the key last authenticated a request, to the minute (UTC); `null` if never.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The answer to creating an API key: the only time the key is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The new key's metadata.
    pub api_key: ApiKey,
    /// The key; send it as `Authorization: Bearer <key>`. Shown once.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub key: Redacted<String>,
}

/// `GET /api/v1/api-keys`: one page of API keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    /// The account's keys that are not revoked, newest first (members see only their own).
    pub items: Vec<ApiKey>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The first administrator of a new account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccountAdmin {
    /// The administrator's sign-in email; unique across all accounts.
    pub email: String,
    /// The administrator's password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// `POST /api/v1/accounts`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAccountRequest {
    /// The account's name, 1–100 characters.
    pub name: String,
    /// The parent account (system administrators only; others create children of their
    /// own account).
    #[serde(default)]
    pub parent_id: Option<AccountId>,
    /// The new account's first administrator.
    pub admin: NewAccountAdmin,
    /// The acting administrator's own password (the request creates an administrator).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
}

/// A new account and its first administrator.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAccount {
    /// The new account.
    pub account: Account,
    /// Its first administrator.
    pub admin: User,
}

/// `GET /api/v1/accounts`: one page of accounts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    /// Accounts by name: every account for system administrators, the caller's child
    /// accounts for others.
    pub items: Vec<Account>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/setup`: whether the first administrator still has to be created.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatus {
    /// `true` while no user exists, until `POST /api/v1/setup` succeeds.
    pub needed: bool,
}

crate::enum_text_value!(Role);

crate::enum_text_value!(AccountKind);

/// `GET /api/v1/system/keys` and `switchboard keys status --json`: which master key
/// wraps the data keys, and which data-key version seals the stored rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyStatus {
    /// The master keys this process knows (the current one, then previous ones) and
    /// any other that still wraps a data key.
    pub master_keys: Vec<MasterKeyStatus>,
    /// Every account's data-key versions and how many stored rows each seals.
    pub data_key_versions: Vec<DataKeyVersion>,
    /// Rows sealed under a data-key version that is no longer the account's newest.
    pub pending_rows: i64,
    /// Data-key re-encryption sweeps that are running or were interrupted.
    pub sweeps: Vec<KeySweep>,
}

/// One master key and how many data keys it wraps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MasterKeyStatus {
    /// The key's non-secret fingerprint (32 hex digits).
    pub fingerprint: String,
    /// This is the key new data keys are wrapped with.
    pub current: bool,
    /// Data keys it wraps; 0 on a previous key means a rotation has finished.
    pub data_keys: i64,
}

/// One version of an account's data key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataKeyVersion {
    /// The account the key belongs to.
    pub account_id: AccountId,
    /// The key's version (1 for an account's first key).
    pub version: i32,
    /// Stored rows sealed under it (connections, and OAuth client secrets for the
    /// system account).
    pub rows: i64,
}

/// A data-key re-encryption sweep of one account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeySweep {
    /// The account whose rows are re-encrypted.
    pub account_id: AccountId,
    /// The version rows are moved from.
    pub from_version: i32,
    /// The version rows are moved to.
    pub to_version: i32,
    /// Rows re-encrypted so far.
    pub done_rows: i64,
    /// Rows to re-encrypt in all.
    pub total_rows: i64,
    /// Where the sweep stands.
    pub state: SweepState,
}

/// Where a data-key sweep stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SweepState {
    /// The servers are re-encrypting the rows.
    Running,
    /// Running, but no process has advanced it for a minute (no server running?):
    /// any `switchboard serve`, or `switchboard keys rotate-data --wait`, resumes it.
    Interrupted,
    /// A row did not open with its key; the older keys are kept (see the server log).
    Failed,
    /// Every row is under the new version and the older versions are deleted.
    Done,
}

/// `POST /api/v1/system/keys/rotate-data`: one account, or every account when
/// `account_id` is left out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RotateDataKeysRequest {
    /// The account whose data key to rotate; every account when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<AccountId>,
}

/// The answer to `POST /api/v1/system/keys/rotate-data`: the sweeps started. Follow
/// them in `GET /api/v1/system/keys`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataKeyRotation {
    /// One sweep per account rotated, as `GET /api/v1/system/keys` shows it.
    pub sweeps: Vec<KeySweep>,
}

/// The answer to `DELETE /api/v1/accounts/{id}`: what went with the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedAccount {
    /// The deleted account.
    pub id: AccountId,
    /// Accounts deleted: this one and its descendants.
    pub accounts: i64,
    /// Users deleted with them (their API keys and sessions too).
    pub users: i64,
    /// Connections deleted, and with them their credentials.
    pub connections: i64,
    /// Automations deleted.
    pub automations: i64,
}
