use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An RFC 9457 problem document, returned as `application/problem+json` for every error.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type (`urn:switchboard:problem:<code>`).
    #[serde(rename = "type")]
    pub type_: String,
    /// Short human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`.
    pub code: String,
    /// Per-field messages, keyed by field path (`fields.token`, `name`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    /// For `connection_in_use`: the active automations that would be paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automations: Option<Vec<crate::AutomationUsage>>,
    /// The request id, to find the request in the server log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Messages by field (`name`, `fields.api_token`, `admin.email`), as problem
/// responses carry them in `errors`.
pub type FieldErrors = BTreeMap<String, Vec<String>>;
