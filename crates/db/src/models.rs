//! Row types. Ids are UUID strings; times are UTC `NaiveDateTime` with microseconds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_keys)]
pub struct AccountKeyRow {
    pub account_id: String,
    pub version: i32,
    pub wrapped: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub disabled: bool,
    pub session_version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub token_hash: String,
    pub session_version: i32,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub account_id: String,
    pub created_by: String,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = apps)]
pub struct AppRow {
    pub slug: String,
    pub definition: String,
    pub overrides_builtin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = connections)]
pub struct ConnectionRow {
    pub id: String,
    pub account_id: String,
    pub app_slug: String,
    pub name: String,
    pub name_key: String,
    pub sort_key: String,
    pub search_text: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub identity: Option<String>,
    pub notes: String,
    pub public_fields: String,
    pub envelope: Vec<u8>,
    pub key_version: i32,
    pub version: i64,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub shared_with_children: bool,
    /// When the stored OAuth access token expires (OAuth connections).
    pub token_expires_at: Option<NaiveDateTime>,
}

impl std::fmt::Debug for ConnectionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionRow")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("app_slug", &self.app_slug)
            .field("name", &self.name)
            .field("status", &self.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: String,
    pub account_id: String,
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub client_addr: Option<String>,
    pub details: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = automations)]
pub struct AutomationRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub status: String,
    pub paused_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_clients)]
pub struct OAuthClientRow {
    pub app_slug: String,
    pub id: String,
    pub client_id: String,
    pub secret_envelope: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_states)]
pub struct OAuthStateRow {
    pub state_hash: String,
    pub id: String,
    pub user_id: String,
    pub account_id: String,
    pub app_slug: String,
    pub connection_id: Option<String>,
    pub name: Option<String>,
    pub browser_hash: String,
    pub verifier_envelope: Vec<u8>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = token_refresh)]
pub struct TokenRefreshRow {
    pub connection_id: String,
    pub lease_id: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub failures: i32,
    pub retry_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub refreshed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rate_limit_overrides)]
pub struct RateLimitOverrideRow {
    pub connection_id: String,
    pub requests: i32,
    pub per_seconds: i32,
    pub burst: i32,
    pub set_by: String,
    pub updated_at: NaiveDateTime,
}
