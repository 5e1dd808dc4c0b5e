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
