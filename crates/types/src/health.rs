//! Connection health: the scheduled checks and their history
//! (`GET /api/v1/connections/{id}/health`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a health check did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum HealthCheckKind {
    /// The app's test request, sent with the stored credentials.
    Test,
    /// An OAuth token refresh (an idle refresh token is used at least once a day).
    Refresh,
}

impl HealthCheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthCheckKind::Test => "test",
            HealthCheckKind::Refresh => "refresh",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "test" => Some(HealthCheckKind::Test),
            "refresh" => Some(HealthCheckKind::Refresh),
            _ => None,
        }
    }
}

crate::enum_text_value!(HealthCheckKind);

/// Who started a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
pub enum HealthCheckSource {
    /// Switchboard's schedule.
    Scheduled,
    /// A person or client: `POST /api/v1/connections/{id}/test`.
    Manual,
}

impl HealthCheckSource {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthCheckSource::Scheduled => "scheduled",
            HealthCheckSource::Manual => "manual",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "scheduled" => Some(HealthCheckSource::Scheduled),
            "manual" => Some(HealthCheckSource::Manual),
            _ => None,
        }
    }
}

crate::enum_text_value!(HealthCheckSource);

/// One health check of a connection.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthCheck {
    /// When it finished.
    pub checked_at: DateTime<Utc>,
    /// `test` (the app's test request) or `refresh` (an OAuth token refresh).
    pub kind: HealthCheckKind,
    /// `scheduled` or `manual`.
    pub source: HealthCheckSource,
    /// Whether the credentials worked.
    pub ok: bool,
    /// How long the upstream took, in milliseconds; `null` when nothing was sent.
    pub latency_ms: Option<u32>,
    /// The upstream's HTTP status, when it answered.
    pub upstream_status: Option<u16>,
    /// The outcome in words (never a credential).
    pub message: String,
}

/// Whether and when a connection is checked next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthSchedule {
    /// Checked on schedule; `next_check_at` says when.
    Scheduled,
    /// The operator turned scheduled checks off (`SWITCHBOARD_HEALTH_CHECKS=off`).
    Off,
    /// Nothing to check: the app has no test request (and no refresh token to keep alive).
    NotCheckable,
    /// No automation uses the connection and the operator checks only used ones
    /// (`SWITCHBOARD_HEALTH_CHECKS=used`).
    Unused,
    /// The connection waits for someone to connect it again; checks resume after.
    NeedsReconnect,
}

/// A connection's health: its schedule and its last checks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionHealth {
    /// Whether it is checked on schedule, or why not.
    pub schedule: HealthSchedule,
    /// When the next scheduled check is due (`null` unless `schedule` is `scheduled`).
    pub next_check_at: Option<DateTime<Utc>>,
    /// Seconds between scheduled checks (the app's `health_check_interval_seconds`).
    pub interval_seconds: u32,
    /// The last checks, newest first (at most 50 are kept).
    pub checks: Vec<HealthCheck>,
}
