use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AutomationStatus {
    Active,
    Paused,
}

impl AutomationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AutomationStatus::Active => "active",
            AutomationStatus::Paused => "paused",
        }
    }
    pub fn parse(s: &str) -> Self {
        if s == "paused" {
            AutomationStatus::Paused
        } else {
            AutomationStatus::Active
        }
    }
}

/// An automation of an account, as far as Switchboard knows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Automation {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub status: AutomationStatus,
    /// Why it is paused (e.g. a connection it used was deleted).
    pub paused_reason: Option<String>,
    /// Connections it uses: its account's own, or ones shared with the account.
    pub connection_ids: Vec<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationList {
    pub items: Vec<Automation>,
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/automations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAutomationRequest {
    pub name: String,
    /// Default `active`.
    #[serde(default)]
    pub status: Option<AutomationStatus>,
    #[serde(default)]
    pub connection_ids: Vec<Uuid>,
}

/// `PATCH /api/v1/automations/{id}`: every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAutomationRequest {
    #[serde(default)]
    pub name: Option<String>,
    /// `active` resumes (and clears the reason), `paused` pauses.
    #[serde(default)]
    pub status: Option<AutomationStatus>,
    #[serde(default)]
    pub paused_reason: Option<String>,
    /// Replaces the list of connections.
    #[serde(default)]
    pub connection_ids: Option<Vec<Uuid>>,
}

/// An automation that uses a connection, with its account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationUsage {
    pub id: Uuid,
    pub name: String,
    pub status: AutomationStatus,
    pub paused_reason: Option<String>,
    pub account_id: Uuid,
    pub account_name: String,
}

/// `GET /api/v1/connections/{id}/automations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionUsage {
    pub items: Vec<AutomationUsage>,
}

/// The answer to deleting a connection: what was paused.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedConnection {
    pub id: Uuid,
    pub paused_automations: Vec<AutomationUsage>,
}

/// `?force=true`: go ahead although active automations use the connection (they are paused).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ForceQuery {
    pub force: Option<bool>,
}
