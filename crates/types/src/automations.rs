use crate::ids::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
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
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(AutomationStatus::Active),
            "paused" => Some(AutomationStatus::Paused),
            _ => None,
        }
    }
}

/// An automation of an account, as far as Switchboard knows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Automation {
    pub id: AutomationId,
    pub account_id: AccountId,
    pub name: String,
    pub status: AutomationStatus,
    /// Why it is paused (e.g. a connection it used was deleted).
    pub paused_reason: Option<String>,
    /// Connections it uses: its account's own, or ones shared with the account.
    pub connection_ids: Vec<ConnectionId>,
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
    pub connection_ids: Vec<ConnectionId>,
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
    pub connection_ids: Option<Vec<ConnectionId>>,
}

/// An automation that uses a connection, with its account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationUsage {
    pub id: AutomationId,
    pub name: String,
    pub status: AutomationStatus,
    pub paused_reason: Option<String>,
    pub account_id: AccountId,
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
    pub id: ConnectionId,
    pub paused_automations: Vec<AutomationUsage>,
}

/// `?force=true`: go ahead although active automations use the connection (they are paused).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ForceQuery {
    pub force: Option<bool>,
}

crate::enum_text_value!(AutomationStatus);
