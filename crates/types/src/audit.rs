use crate::ids::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who did what to which object, when and from where.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub account_id: AccountId,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
    /// The actor's email or API key name at the time.
    pub actor: String,
    /// e.g. `connection.create`, `connection.reveal`, `auth.login`.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub client_addr: Option<String>,
    pub details: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

/// What an audit event records. Stored and sent as its dotted name
/// (`connection.reveal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    AccountCreate,
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
    SetupComplete,
    UserCreate,
    UserCreateRefused,
    UserDelete,
    UserPasswordChange,
    UserUpdate,
}

impl AuditAction {
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::AccountCreate,
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
        AuditAction::SetupComplete,
        AuditAction::UserCreate,
        AuditAction::UserCreateRefused,
        AuditAction::UserDelete,
        AuditAction::UserPasswordChange,
        AuditAction::UserUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AccountCreate => "account.create",
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
            AuditAction::SetupComplete => "setup.complete",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserCreateRefused => "user.create_refused",
            AuditAction::UserDelete => "user.delete",
            AuditAction::UserPasswordChange => "user.password_change",
            AuditAction::UserUpdate => "user.update",
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
