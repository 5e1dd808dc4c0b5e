//! Webhook endpoints and their deliveries (`/api/v1/webhooks`). Deliveries follow
//! the Standard Webhooks specification: `webhook-id`, `webhook-timestamp` and
//! `webhook-signature` headers, a JSON body `{type, timestamp, data}`.

use crate::events::EventType;
use crate::ids::*;
use crate::Redacted;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an endpoint receives: an event type, or `*` for every type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum EventSelector {
    /// Every event type.
    All(Wildcard),
    /// One event type.
    One(EventType),
}

/// `*`: every event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Wildcard {
    /// Every event type.
    #[serde(rename = "*")]
    All,
}

impl EventSelector {
    pub fn as_str(self) -> &'static str {
        match self {
            EventSelector::All(_) => "*",
            EventSelector::One(t) => t.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "*" {
            return Some(EventSelector::All(Wildcard::All));
        }
        EventType::parse(s).map(EventSelector::One)
    }
}

/// A webhook endpoint of the account. The signing secret is never part of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// The endpoint's id.
    pub id: WebhookId,
    /// Where deliveries are POSTed (http or https; a private address only when
    /// the operator allows it).
    pub url: String,
    /// A note for people, up to 500 characters.
    pub description: String,
    /// The event types it receives; `["*"]` for every type.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<EventSelector>))]
    pub event_types: Vec<String>,
    /// Whether events are delivered to it.
    pub enabled: bool,
    /// Why Switchboard disabled it (deliveries failed for days); `null` otherwise.
    pub disabled_reason: Option<String>,
    /// Since when every delivery has failed (UTC); `null` while it works.
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the secret before the last rotation still signs beside the new
    /// one (UTC); `null` when there is none.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where to POST deliveries: an `http` or `https` URL, up to 2,048 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub url: String,
    /// The event types to receive; omitted or `["*"]` for every type.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<EventSelector>>, min_items = 1))]
    pub event_types: Option<Vec<String>>,
    /// A note for people, up to 500 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: Option<String>,
    /// `false` creates it disabled (default `true`).
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// `PATCH /api/v1/webhooks/{id}`: every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    /// A new URL (checked like at creation).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub url: Option<String>,
    /// The event types to receive; `["*"]` for every type.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<EventSelector>>, min_items = 1))]
    pub event_types: Option<Vec<String>>,
    /// A new note, up to 500 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: Option<String>,
    /// `true` enables it again (clearing `disabled_reason`), `false` disables it;
    /// deliveries waiting for it are sent once it is enabled again.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// The answer to creating a webhook: the only time its secret is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// The new endpoint.
    pub webhook: Webhook,
    /// The signing secret (`whsec_` + base64 of 32 random bytes), for a Standard
    /// Webhooks library. Shown once.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub secret: Redacted<String>,
}

/// The answer to rotating a webhook's secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedWebhookSecret {
    /// The new signing secret. Shown once.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub secret: Redacted<String>,
    /// Until when the old secret signs too (UTC): both signatures are sent.
    pub previous_secret_expires_at: DateTime<Utc>,
}

/// `GET /api/v1/webhooks`: one page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookList {
    /// The account's endpoints, newest first.
    pub items: Vec<Webhook>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum DeliveryStatus {
    /// Not delivered yet: waiting for its first attempt or its next retry.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up: a 4xx answer (other than 408 and 429), a refused address, or
    /// every retry failed.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(DeliveryStatus::Pending),
            "delivered" => Some(DeliveryStatus::Delivered),
            "failed" => Some(DeliveryStatus::Failed),
            _ => None,
        }
    }
}

crate::enum_text_value!(DeliveryStatus);

/// One event's delivery to one endpoint, with its last attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The delivery's id.
    pub id: WebhookDeliveryId,
    /// The event delivered; also the `webhook-id` header, the same on every attempt.
    pub event_id: String,
    /// The event's type.
    pub event_type: EventType,
    /// `pending`, `delivered` or `failed`.
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: u32,
    /// The HTTP status of the last attempt; `null` when none answered.
    pub last_status_code: Option<u16>,
    /// Why the last attempt failed (a timeout, a refused connection, a status).
    pub last_error: Option<String>,
    /// How long the last attempt took, in milliseconds.
    pub latency_ms: Option<u32>,
    /// When the next attempt is due (UTC); `null` once delivered or failed.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the event was queued for this endpoint (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/webhooks/{id}/deliveries`: one page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryList {
    /// Deliveries to the endpoint, newest first.
    pub items: Vec<WebhookDelivery>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_round_trip() {
        assert_eq!(EventSelector::parse("*").map(|s| s.as_str()), Some("*"));
        for t in EventType::ALL {
            let s = EventSelector::One(*t);
            assert_eq!(EventSelector::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap_or_default(),
                format!("\"{}\"", t.as_str())
            );
        }
        assert_eq!(
            serde_json::to_string(&EventSelector::All(Wildcard::All)).unwrap_or_default(),
            "\"*\""
        );
        assert!(EventSelector::parse("connection.*").is_none());
    }
}
