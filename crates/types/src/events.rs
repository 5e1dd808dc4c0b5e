//! Lifecycle events: what changed about a connection (or around it), for
//! `GET /api/v1/events` and webhooks.

use crate::ids::*;
use crate::ConnectionStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum EventType {
    /// A connection was added (key-based, OAuth, or imported).
    #[serde(rename = "connection.created")]
    ConnectionCreated,
    /// Its name or notes changed.
    #[serde(rename = "connection.updated")]
    ConnectionUpdated,
    /// New credentials: an OAuth reconnect, or new fields for a key-based one.
    #[serde(rename = "connection.reconnected")]
    ConnectionReconnected,
    #[serde(rename = "connection.deleted")]
    ConnectionDeleted,
    /// The provider ended the authorization: someone has to sign in again.
    #[serde(rename = "connection.needs_reconnect")]
    ConnectionNeedsReconnect,
    /// It works again after `error` or `needs_reconnect` (a test, a refresh, a reconnect).
    #[serde(rename = "connection.recovered")]
    ConnectionRecovered,
    /// Its test request failed; the connection is `error`.
    #[serde(rename = "connection.test_failed")]
    ConnectionTestFailed,
    /// A token refresh failed for a reason that may pass; it is tried again.
    #[serde(rename = "connection.refresh_failed")]
    ConnectionRefreshFailed,
    /// It is now shared with the owner's child accounts.
    #[serde(rename = "connection.shared")]
    ConnectionShared,
    /// It is no longer shared with child accounts.
    #[serde(rename = "connection.unshared")]
    ConnectionUnshared,
    /// An automation was paused because a connection it uses went away.
    #[serde(rename = "automation.paused")]
    AutomationPaused,
    /// A system administrator set or cleared a connection's rate-limit override.
    #[serde(rename = "rate_limit.override_changed")]
    RateLimitOverrideChanged,
    /// A webhook endpoint was disabled after its deliveries failed for days.
    #[serde(rename = "webhook.disabled")]
    WebhookDisabled,
    /// A test delivery asked for with `POST /webhooks/{id}/test` (sent to that
    /// endpoint only).
    #[serde(rename = "webhook.test")]
    WebhookTest,
}

impl EventType {
    pub const ALL: &'static [EventType] = &[
        EventType::ConnectionCreated,
        EventType::ConnectionUpdated,
        EventType::ConnectionReconnected,
        EventType::ConnectionDeleted,
        EventType::ConnectionNeedsReconnect,
        EventType::ConnectionRecovered,
        EventType::ConnectionTestFailed,
        EventType::ConnectionRefreshFailed,
        EventType::ConnectionShared,
        EventType::ConnectionUnshared,
        EventType::AutomationPaused,
        EventType::RateLimitOverrideChanged,
        EventType::WebhookDisabled,
        EventType::WebhookTest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ConnectionCreated => "connection.created",
            EventType::ConnectionUpdated => "connection.updated",
            EventType::ConnectionReconnected => "connection.reconnected",
            EventType::ConnectionDeleted => "connection.deleted",
            EventType::ConnectionNeedsReconnect => "connection.needs_reconnect",
            EventType::ConnectionRecovered => "connection.recovered",
            EventType::ConnectionTestFailed => "connection.test_failed",
            EventType::ConnectionRefreshFailed => "connection.refresh_failed",
            EventType::ConnectionShared => "connection.shared",
            EventType::ConnectionUnshared => "connection.unshared",
            EventType::AutomationPaused => "automation.paused",
            EventType::RateLimitOverrideChanged => "rate_limit.override_changed",
            EventType::WebhookDisabled => "webhook.disabled",
            EventType::WebhookTest => "webhook.test",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str() == s)
    }
}

crate::enum_text_value!(EventType);

/// The connection an event is about, as it was then.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventConnection {
    /// The connection's id.
    pub id: ConnectionId,
    /// The app's slug.
    pub app: String,
    /// Its name then.
    pub name: String,
    /// Its status then: `active`, `error` or `needs_reconnect`.
    pub status: ConnectionStatus,
    /// Its tags then.
    #[serde(default)]
    pub tags: std::collections::BTreeMap<String, String>,
    /// Its metadata then.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// One lifecycle event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// A UUIDv7: events sort by it in the order they happened.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub type_: EventType,
    /// When it happened (UTC).
    pub timestamp: DateTime<Utc>,
    /// The account that receives the event (a child account receives events about
    /// a shared connection its automations use).
    pub account_id: AccountId,
    /// The connection it is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<EventConnection>,
    /// Who made the change (an email, `(API key …)`), or `null` when Switchboard did.
    pub actor: Option<String>,
    /// Facts of this type of event (e.g. `reason`, `changed`, `automations`); never a secret.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// `GET /api/v1/events`: one page, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPage {
    /// Events of the caller's account, oldest first.
    pub items: Vec<Event>,
    /// Pass as `cursor` for the events after these. Set whenever this page has
    /// events, so a poller keeps the last one and asks again later; `null` on an
    /// empty page (nothing newer yet).
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(*t));
            let json = serde_json::to_string(t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
    }
}

/// The order of `GET /api/v1/events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventOrder {
    /// Oldest first; the cursor of the last page asks for newer events later.
    #[default]
    Asc,
    /// Newest first (the last few events); the cursor goes back in time.
    Desc,
}
