//! Row types. Ids, statuses, roles and kinds are the typed values of
//! `switchboard-types`, stored as text; a row whose text does not parse fails to
//! load instead of turning into a nil id. Times are UTC `NaiveDateTime` with
//! microseconds.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use switchboard_types::{
    AccountId, AccountKind, ApiKeyId, AppSlug, AuditEventId, AutomationId, AutomationStatus,
    ConnectSessionId, ConnectionId, ConnectionStatus, DeliveryStatus, EventType, HealthCheckKind,
    HealthCheckSource, Role, StatusCause, UserId, WebhookDeliveryId, WebhookId,
};

use crate::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: AccountId,
    pub name: String,
    pub kind: AccountKind,
    pub parent_id: Option<AccountId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A lifecycle event (see `repo::events`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: String,
    pub account_id: AccountId,
    pub type_: EventType,
    pub connection_id: Option<ConnectionId>,
    pub connection_app: Option<AppSlug>,
    pub connection_name: Option<String>,
    pub connection_status: Option<ConnectionStatus>,
    pub actor: Option<String>,
    pub data: String,
    pub created_at: NaiveDateTime,
    /// Whether the webhook relay has turned it into deliveries (see `repo::events`).
    pub dispatched: bool,
    /// The connection's tags and metadata then (JSON objects).
    pub connection_tags: Option<String>,
    pub connection_metadata: Option<String>,
}

/// A webhook endpoint (see `repo::webhooks`). `secret` and `previous_secret` are
/// sealed envelopes; `event_types` a JSON array of event types or `["*"]`.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_endpoints)]
pub struct WebhookRow {
    pub id: WebhookId,
    pub account_id: AccountId,
    pub url: String,
    pub description: String,
    pub event_types: String,
    pub enabled: bool,
    pub secret: Vec<u8>,
    pub previous_secret: Option<Vec<u8>>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub failing_since: Option<NaiveDateTime>,
    pub disabled_reason: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Since when it is enabled (`None`: since it was created); the relay gives it
    /// the events from then on.
    pub enabled_at: Option<NaiveDateTime>,
}

impl std::fmt::Debug for WebhookRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRow")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("url", &"[redacted]")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// One event's delivery to one endpoint (see `repo::webhooks`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: WebhookDeliveryId,
    pub endpoint_id: WebhookId,
    pub event_id: String,
    pub event_type: EventType,
    pub connection_id: Option<ConnectionId>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub latency_ms: Option<i32>,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub lease_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A data-key rotation of one account: its rows move from older key versions to
/// `to_version`. `state` is `running` or `done`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = key_sweeps)]
pub struct KeySweepRow {
    pub account_id: AccountId,
    pub from_version: i32,
    pub to_version: i32,
    pub state: String,
    pub total_rows: i64,
    pub done_rows: i64,
    pub started_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_keys)]
pub struct AccountKeyRow {
    pub account_id: AccountId,
    pub version: i32,
    pub wrapped: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
    /// The fingerprint of the master key that wraps this key; `None` on rows from
    /// before it was recorded (the key in the settings wraps those).
    pub master_fingerprint: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub account_id: AccountId,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
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
    pub user_id: UserId,
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
    pub id: ApiKeyId,
    pub account_id: AccountId,
    pub created_by: UserId,
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
    pub slug: AppSlug,
    pub definition: String,
    pub overrides_builtin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = connections)]
pub struct ConnectionRow {
    pub id: ConnectionId,
    pub account_id: AccountId,
    pub app_slug: AppSlug,
    pub name: String,
    pub name_key: String,
    pub sort_key: String,
    pub search_text: String,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub identity: Option<String>,
    pub notes: String,
    pub public_fields: String,
    pub envelope: Vec<u8>,
    pub key_version: i32,
    pub version: i64,
    pub created_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub shared_with_children: bool,
    /// When the stored OAuth access token expires (OAuth connections).
    pub token_expires_at: Option<NaiveDateTime>,
    /// What set a non-active status.
    pub status_cause: Option<StatusCause>,
    /// Where an imported connection came from (`<source>:<id there>`).
    pub origin: Option<String>,
    /// Tags as a JSON object of strings (also rows of `connection_tags`, for filters).
    pub tags: String,
    /// The platform's JSON object.
    pub metadata: String,
    /// The end user it was connected for (JSON `{id, email, display_name}`).
    pub end_user: Option<String>,
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
    pub id: AuditEventId,
    pub account_id: AccountId,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
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
    pub id: AutomationId,
    pub account_id: AccountId,
    pub name: String,
    pub status: AutomationStatus,
    pub paused_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where an imported automation came from (`<source>:<id there>`).
    pub origin: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_clients)]
pub struct OAuthClientRow {
    pub app_slug: AppSlug,
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
    pub user_id: UserId,
    pub account_id: AccountId,
    pub app_slug: AppSlug,
    pub connection_id: Option<ConnectionId>,
    pub name: Option<String>,
    pub browser_hash: String,
    pub verifier_envelope: Vec<u8>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The `scope` parameter sent (`None`: from before scopes were chosen).
    pub scopes: Option<String>,
    /// Started on the hosted connect page of this session.
    pub connect_session_id: Option<ConnectSessionId>,
}

/// A connect session. JSON text: `end_user`, `allowed_apps`, `tags`, `metadata`,
/// `scopes`, `allowed_origins` (see the migration).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = connect_sessions)]
pub struct ConnectSessionRow {
    pub id: ConnectSessionId,
    pub account_id: AccountId,
    pub token_hash: String,
    pub created_by: UserId,
    pub api_key_id: Option<ApiKeyId>,
    pub end_user: String,
    pub end_user_id: String,
    pub allowed_apps: Option<String>,
    pub tags: String,
    pub metadata: String,
    pub scopes: Option<String>,
    pub connection_id: Option<ConnectionId>,
    pub success_url: Option<String>,
    pub error_url: Option<String>,
    pub allowed_origins: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub result_connection_id: Option<ConnectionId>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = token_refresh)]
pub struct TokenRefreshRow {
    pub connection_id: ConnectionId,
    pub lease_id: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub failures: i32,
    pub retry_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub refreshed_at: Option<NaiveDateTime>,
}

/// When a connection's next scheduled health check is due (see `repo::health`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = health_schedule)]
pub struct HealthScheduleRow {
    pub connection_id: ConnectionId,
    pub next_check_at: NaiveDateTime,
    pub failures: i32,
    pub lease_id: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
}

/// One health check of a connection. `message` never holds a credential.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = health_checks)]
pub struct HealthCheckRow {
    pub id: String,
    pub connection_id: ConnectionId,
    pub kind: HealthCheckKind,
    pub source: HealthCheckSource,
    pub ok: bool,
    pub latency_ms: Option<i32>,
    pub upstream_status: Option<i32>,
    pub message: String,
    pub checked_at: NaiveDateTime,
}

/// Proxied calls of a connection in one hour (see `repo::usage`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = connection_usage)]
pub struct UsageRow {
    pub connection_id: ConnectionId,
    /// The hour's start (UTC).
    pub hour: NaiveDateTime,
    pub calls: i64,
    pub limited: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rate_limit_overrides)]
pub struct RateLimitOverrideRow {
    pub connection_id: ConnectionId,
    pub requests: i32,
    pub per_seconds: i32,
    pub burst: i32,
    pub set_by: String,
    pub updated_at: NaiveDateTime,
}

/// The metadata a person edits: name (with its derived keys) and notes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = connections)]
pub struct MetaChange<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub sort_key: &'a str,
    pub search_text: &'a str,
    pub notes: &'a str,
    pub tags: &'a str,
    pub metadata: &'a str,
    pub updated_at: NaiveDateTime,
}

/// New credentials for a connection (a reconnect), with the status their test gave.
#[derive(AsChangeset)]
#[diesel(table_name = connections, treat_none_as_null = true)]
pub struct CredentialsChange<'a> {
    pub envelope: &'a [u8],
    pub key_version: i32,
    pub public_fields: &'a str,
    pub identity: Option<&'a str>,
    pub search_text: &'a str,
    #[diesel(embed)]
    pub status: StatusChange<'a>,
    pub updated_at: NaiveDateTime,
}

/// A connection's status with why it is not active. `None`s are written as NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = connections, treat_none_as_null = true)]
pub struct StatusChange<'a> {
    pub status: ConnectionStatus,
    pub status_reason: Option<&'a str>,
    pub status_cause: Option<StatusCause>,
}

impl<'a> StatusChange<'a> {
    pub fn active() -> Self {
        Self {
            status: ConnectionStatus::Active,
            status_reason: None,
            status_cause: None,
        }
    }

    /// `error` or `needs_reconnect`, with the reason a person reads and its cause.
    pub fn failed(status: ConnectionStatus, cause: StatusCause, reason: &'a str) -> Self {
        Self {
            status,
            status_reason: Some(reason),
            status_cause: Some(cause),
        }
    }
}
