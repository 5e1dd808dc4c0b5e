//! A connection's proxied calls per hour (`GET /api/v1/connections/{id}/usage`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Query of `GET /api/v1/connections/{id}/usage`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    /// Days back from now, 1–30 (default 7).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 30, default = 7))]
    pub days: Option<u32>,
}

/// Proxied calls of one hour.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageHour {
    /// The hour's start (UTC).
    pub hour: DateTime<Utc>,
    /// Calls sent to the app.
    pub calls: u64,
    /// Calls refused with 429 because the connection's rate limit was used up.
    pub limited: u64,
}

/// A connection's proxied calls per hour over the last days, from every replica.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageReport {
    /// The first hour covered (UTC).
    pub from: DateTime<Utc>,
    /// Calls sent to the app in the period.
    pub calls: u64,
    /// Calls refused by the rate limit in the period.
    pub limited: u64,
    /// Hours with calls, oldest first; hours without any are left out. The
    /// current hour may lag by a few seconds (counts are added in batches).
    pub hours: Vec<UsageHour>,
}
