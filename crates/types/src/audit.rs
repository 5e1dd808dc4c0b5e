use crate::ids::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who did what to which object, when and from where.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    /// The event's id.
    pub id: AuditEventId,
    /// The account whose audit log holds the event.
    pub account_id: AccountId,
    /// The acting user; `null` when Switchboard acted itself (token refresh).
    pub actor_user_id: Option<UserId>,
    /// The API key the actor used; `null` for a signed-in person or Switchboard.
    pub actor_api_key_id: Option<ApiKeyId>,
    /// Who acted, as named at the time: an email, followed by `(API key <name>)` when
    /// a key was used, or `switchboard (token refresh)`.
    pub actor: String,
    /// e.g. `connection.create`, `connection.reveal`, `auth.login`.
    pub action: String,
    /// What was acted on: `account`, `api_key`, `app`, `automation`, `connection` or `user`.
    pub target_type: String,
    /// The target's id (an app's slug for `app`); `null` when there is none.
    pub target_id: Option<String>,
    /// The client's IP address, when known (`null` for Switchboard's own actions).
    pub client_addr: Option<String>,
    /// Facts specific to the action, as a free-form JSON object whose keys depend on
    /// `action` (e.g. `reason`, `changed`, `scopes`); never a secret.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    /// When it happened (UTC).
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/audit`: one page of audit events.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Events of the caller's account, newest first.
    pub items: Vec<AuditEvent>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// What an audit event records. Stored and sent as its dotted name
/// (`connection.reveal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    AccountCreate,
    AccountDelete,
    ApiKeyCreate,
    ApiKeyRevoke,
    AppCreate,
    AppOauthClientUpdate,
    AppUpdate,
    AuthLogin,
    AuthLoginFailed,
    AutomationCreate,
    AutomationDelete,
    AutomationPaused,
    AutomationUpdate,
    ConnectSessionCreate,
    ConnectionCreate,
    ConnectionCredentialsRead,
    ConnectionCredentialsUpdate,
    ConnectionDelete,
    ConnectionNeedsReconnect,
    ConnectionRateLimitOverride,
    ConnectionRateLimitReset,
    ConnectionReconnect,
    ConnectionReveal,
    ConnectionTest,
    ConnectionUpdate,
    ConnectionsExport,
    ConnectionsImport,
    DataKeyRotate,
    SetupComplete,
    UserCreate,
    UserCreateRefused,
    UserDelete,
    UserPasswordChange,
    UserUpdate,
    WebhookCreate,
    WebhookDelete,
    WebhookDisabled,
    WebhookSecretRotate,
    WebhookUpdate,
}

impl AuditAction {
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::AccountCreate,
        AuditAction::AccountDelete,
        AuditAction::ApiKeyCreate,
        AuditAction::ApiKeyRevoke,
        AuditAction::AppCreate,
        AuditAction::AppOauthClientUpdate,
        AuditAction::AppUpdate,
        AuditAction::AuthLogin,
        AuditAction::AuthLoginFailed,
        AuditAction::AutomationCreate,
        AuditAction::AutomationDelete,
        AuditAction::AutomationPaused,
        AuditAction::AutomationUpdate,
        AuditAction::ConnectSessionCreate,
        AuditAction::ConnectionCreate,
        AuditAction::ConnectionCredentialsRead,
        AuditAction::ConnectionCredentialsUpdate,
        AuditAction::ConnectionDelete,
        AuditAction::ConnectionNeedsReconnect,
        AuditAction::ConnectionRateLimitOverride,
        AuditAction::ConnectionRateLimitReset,
        AuditAction::ConnectionReconnect,
        AuditAction::ConnectionReveal,
        AuditAction::ConnectionTest,
        AuditAction::ConnectionUpdate,
        AuditAction::ConnectionsExport,
        AuditAction::ConnectionsImport,
        AuditAction::DataKeyRotate,
        AuditAction::SetupComplete,
        AuditAction::UserCreate,
        AuditAction::UserCreateRefused,
        AuditAction::UserDelete,
        AuditAction::UserPasswordChange,
        AuditAction::UserUpdate,
        AuditAction::WebhookCreate,
        AuditAction::WebhookDelete,
        AuditAction::WebhookDisabled,
        AuditAction::WebhookSecretRotate,
        AuditAction::WebhookUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AccountCreate => "account.create",
            AuditAction::AccountDelete => "account.delete",
            AuditAction::ApiKeyCreate => "api_key.create",
            AuditAction::ApiKeyRevoke => "api_key.revoke",
            AuditAction::AppCreate => "app.create",
            AuditAction::AppOauthClientUpdate => "app.oauth_client_update",
            AuditAction::AppUpdate => "app.update",
            AuditAction::AuthLogin => "auth.login",
            AuditAction::AuthLoginFailed => "auth.login_failed",
            AuditAction::AutomationCreate => "automation.create",
            AuditAction::AutomationDelete => "automation.delete",
            AuditAction::AutomationPaused => "automation.paused",
            AuditAction::AutomationUpdate => "automation.update",
            AuditAction::ConnectSessionCreate => "connect_session.create",
            AuditAction::ConnectionCreate => "connection.create",
            AuditAction::ConnectionCredentialsRead => "connection.credentials_read",
            AuditAction::ConnectionCredentialsUpdate => "connection.credentials_update",
            AuditAction::ConnectionDelete => "connection.delete",
            AuditAction::ConnectionNeedsReconnect => "connection.needs_reconnect",
            AuditAction::ConnectionRateLimitOverride => "connection.rate_limit_override",
            AuditAction::ConnectionRateLimitReset => "connection.rate_limit_reset",
            AuditAction::ConnectionReconnect => "connection.reconnect",
            AuditAction::ConnectionReveal => "connection.reveal",
            AuditAction::ConnectionTest => "connection.test",
            AuditAction::ConnectionUpdate => "connection.update",
            AuditAction::ConnectionsExport => "connections.export",
            AuditAction::ConnectionsImport => "connections.import",
            AuditAction::DataKeyRotate => "data_key.rotate",
            AuditAction::SetupComplete => "setup.complete",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserCreateRefused => "user.create_refused",
            AuditAction::UserDelete => "user.delete",
            AuditAction::UserPasswordChange => "user.password_change",
            AuditAction::UserUpdate => "user.update",
            AuditAction::WebhookCreate => "webhook.create",
            AuditAction::WebhookDelete => "webhook.delete",
            AuditAction::WebhookDisabled => "webhook.disabled",
            AuditAction::WebhookSecretRotate => "webhook.secret_rotate",
            AuditAction::WebhookUpdate => "webhook.update",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.as_str() == s)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.as_str()), "{a} twice");
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
        }
        assert_eq!(AuditAction::parse("connection.teleport"), None);
    }
}
