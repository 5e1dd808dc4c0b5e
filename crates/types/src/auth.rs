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
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// Access token answer of login and refresh. The refresh token travels only in
/// the `HttpOnly` cookie `sb_refresh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub access_token: Redacted<String>,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: User,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum Role {
    Admin,
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum AccountKind {
    System,
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
    pub id: UserId,
    pub account_id: AccountId,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An account (tenant).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub kind: AccountKind,
    pub parent_id: Option<AccountId>,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/me`: who is calling.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    pub account: Account,
    /// `true` for administrators of the system account.
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
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
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
    #[serde(default)]
    pub role: Option<Role>,
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
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub current_password: Redacted<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub new_password: Redacted<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub items: Vec<User>,
    pub next_cursor: Option<String>,
}

/// What an API key may do. User sessions have every scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    #[serde(rename = "connections:read")]
    ConnectionsRead,
    #[serde(rename = "connections:write")]
    ConnectionsWrite,
    /// Hand credentials to the caller (`GET /connections/{id}/credentials`).
    #[serde(rename = "credentials:read")]
    CredentialsRead,
    /// Call apps through a connection.
    #[serde(rename = "proxy")]
    Proxy,
    #[serde(rename = "automations:read")]
    AutomationsRead,
    #[serde(rename = "automations:write")]
    AutomationsWrite,
    #[serde(rename = "audit:read")]
    AuditRead,
}

impl ApiScope {
    pub const ALL: [ApiScope; 7] = [
        ApiScope::ConnectionsRead,
        ApiScope::ConnectionsWrite,
        ApiScope::CredentialsRead,
        ApiScope::Proxy,
        ApiScope::AutomationsRead,
        ApiScope::AutomationsWrite,
        ApiScope::AuditRead,
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
    pub name: String,
    /// Any of `connections:read`, `connections:write`, `credentials:read`, `proxy`,
    /// `automations:read`, `automations:write`, `audit:read`.
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
    pub id: ApiKeyId,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The answer to creating an API key: the only time the key is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// The key; send it as `Authorization: Bearer <key>`. Shown once.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub key: Redacted<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    pub items: Vec<ApiKey>,
    pub next_cursor: Option<String>,
}

/// The first administrator of a new account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccountAdmin {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Redacted<String>,
}

/// `POST /api/v1/accounts`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAccountRequest {
    pub name: String,
    /// The parent account (system administrators only; others create children of their own account).
    #[serde(default)]
    pub parent_id: Option<AccountId>,
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
    pub account: Account,
    pub admin: User,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    pub items: Vec<Account>,
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/setup`: whether the first administrator still has to be created.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatus {
    pub needed: bool,
}

crate::enum_text_value!(Role);

crate::enum_text_value!(AccountKind);
