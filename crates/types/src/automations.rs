use crate::ids::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether an automation is `active` or `paused`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum AutomationStatus {
    /// In use: deleting a connection it uses, or un-sharing one it uses from another
    /// account, needs `?force=true`, which pauses it.
    Active,
    /// Paused by a user, or because a connection it used went away.
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
    /// The automation's id.
    pub id: AutomationId,
    /// The owning account.
    pub account_id: AccountId,
    /// The automation's name.
    pub name: String,
    /// `active` or `paused`.
    pub status: AutomationStatus,
    /// Why it is paused (e.g. a connection it used was deleted); `null` while active.
    pub paused_reason: Option<String>,
    /// Connections it uses: its account's own, or ones shared with the account.
    pub connection_ids: Vec<ConnectionId>,
    /// The resource version, also sent as `ETag`.
    pub version: i64,
    /// When the automation was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the automation last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/automations`: one page of automations.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationList {
    /// Automations of the caller's account, oldest first.
    pub items: Vec<Automation>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/automations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAutomationRequest {
    /// The automation's name, 1–100 characters.
    pub name: String,
    /// Default `active`.
    #[serde(default)]
    pub status: Option<AutomationStatus>,
    /// Connections it uses: the account's own, or ones shared with the account.
    #[serde(default)]
    pub connection_ids: Vec<ConnectionId>,
}

/// `PATCH /api/v1/automations/{id}`: every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAutomationRequest {
    /// A new name, 1–100 characters.
    #[serde(default)]
    pub name: Option<String>,
    /// `active` resumes (and clears the reason), `paused` pauses.
    #[serde(default)]
    pub status: Option<AutomationStatus>,
    /// Why it is paused, up to 500 characters; ignored when the automation ends up
    /// `active`. Pausing without one records `Paused by a user`.
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
    /// The automation's id.
    pub id: AutomationId,
    /// The automation's name.
    pub name: String,
    /// `active` or `paused`.
    pub status: AutomationStatus,
    /// Why it is paused; `null` while active.
    pub paused_reason: Option<String>,
    /// The account the automation belongs to.
    pub account_id: AccountId,
    /// That account's name.
    pub account_name: String,
}

/// `GET /api/v1/connections/{id}/automations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionUsage {
    /// Automations that use the connection: every account's for the owning account,
    /// only the caller's own for an account it is shared with.
    pub items: Vec<AutomationUsage>,
}

/// The answer to deleting a connection: what was paused.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedConnection {
    /// The deleted connection's id.
    pub id: ConnectionId,
    /// Active automations `?force=true` paused (in any account); empty when none.
    pub paused_automations: Vec<AutomationUsage>,
}

/// `?force=true`: go ahead although active automations use the connection (they are paused).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ForceQuery {
    /// `true` pauses the active automations that would otherwise make the request
    /// fail with 409 `connection_in_use`.
    pub force: Option<bool>,
}

crate::enum_text_value!(AutomationStatus);
