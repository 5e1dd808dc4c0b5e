//! Connect sessions (`/api/v1/connect/sessions`) and the hosted connect page
//! (`/connect/{token}`, API under `/api/v1/connect/page`): a platform's end user,
//! who has no Switchboard login, connects one account of an allowed app.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::*;
use crate::Redacted;

/// Shortest and longest lifetime of a connect session, in seconds.
pub const CONNECT_TTL_MIN_SECS: i64 = 60;
pub const CONNECT_TTL_MAX_SECS: i64 = 86_400;
/// At most this many allowed apps and allowed origins per session.
pub const CONNECT_MAX_APPS: usize = 100;
pub const CONNECT_MAX_ORIGINS: usize = 10;
/// The tag every connection made through a session gets (unless the session's
/// tags set it): the end user's id, so `?tag=end_user_id:42` finds them.
pub const END_USER_TAG: &str = "end_user_id";

/// The platform's end user a connection is made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndUser {
    /// The platform's id for the user (1–256 characters).
    pub id: String,
    /// Their email, for people looking at the connection.
    #[serde(default)]
    pub email: Option<String>,
    /// Their name as the platform shows it; names the connection when the end
    /// user does not.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// `POST /api/v1/connect/sessions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateConnectSessionRequest {
    /// Who connects.
    pub end_user: EndUser,
    /// The app slugs the page offers; every app of the catalog (and the account's
    /// own apps) when left out.
    #[serde(default)]
    pub allowed_apps: Option<Vec<String>>,
    /// Tags the new connection gets (besides `end_user_id`).
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
    /// Metadata the new connection gets (a JSON object, up to 16 KB).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Reconnect this connection of the account instead of adding one (the page
    /// then offers only its app).
    #[serde(default)]
    pub connection_id: Option<ConnectionId>,
    /// OAuth apps: the scopes to ask for, per app slug, within the app's scopes
    /// and optional scopes (the app's scopes when left out).
    #[serde(default)]
    pub scopes: Option<BTreeMap<String, Vec<String>>>,
    /// Where the page sends the browser after connecting, with
    /// `connection_id` and `connect_session_id` added to the query (http or https).
    #[serde(default)]
    pub success_url: Option<String>,
    /// Where the page sends the browser when connecting failed, with `error` (a
    /// problem code) and `connect_session_id` added to the query.
    #[serde(default)]
    pub error_url: Option<String>,
    /// Origins (`https://app.example.com`) of windows that open the page: the
    /// page reports the outcome to its opener with `postMessage` when the
    /// opener's origin is one of them, and to no other.
    #[serde(default)]
    pub allowed_origins: Option<Vec<String>>,
    /// Lifetime in seconds (60–86,400; default `SWITCHBOARD_CONNECT_SESSION_TTL_SECS`).
    #[serde(default)]
    pub ttl_seconds: Option<i64>,
}

/// A new connect session. The token is shown only here.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectSessionCreated {
    /// The session's id (for `GET /api/v1/connect/sessions/{id}`).
    pub id: ConnectSessionId,
    /// The single-use secret in `connect_url`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub token: Redacted<String>,
    /// The hosted page to send the end user to (`/connect/{token}`).
    pub connect_url: String,
    /// When the token stops working (UTC).
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for ConnectSessionCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectSessionCreated")
            .field("id", &self.id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Where a connect session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectSessionStatus {
    /// Not used yet and not expired.
    Pending,
    /// A connection was made or reconnected with it.
    Used,
    /// Expired unused.
    Expired,
}

/// A connect session, without its token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectSession {
    /// The session's id.
    pub id: ConnectSessionId,
    /// Pending, used or expired.
    pub status: ConnectSessionStatus,
    /// Who it is for.
    pub end_user: EndUser,
    /// The apps it offers; `null`: every app.
    pub allowed_apps: Option<Vec<String>>,
    /// Tags the connection gets (`end_user_id` included).
    pub tags: BTreeMap<String, String>,
    /// Metadata the connection gets.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// The connection to reconnect, when the session is for a reconnect.
    pub connection_id: Option<ConnectionId>,
    /// OAuth scopes to ask for, per app slug.
    pub scopes: Option<BTreeMap<String, Vec<String>>>,
    /// Where the browser goes after connecting.
    pub success_url: Option<String>,
    /// Where the browser goes when connecting failed.
    pub error_url: Option<String>,
    /// Origins the outcome is posted to (`postMessage` to the page's opener).
    pub allowed_origins: Vec<String>,
    /// When the token stops working (UTC).
    pub expires_at: DateTime<Utc>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the end user connected (UTC); `null` while unused.
    pub used_at: Option<DateTime<Utc>>,
    /// The connection made or reconnected with it; `null` while unused.
    pub result_connection_id: Option<ConnectionId>,
    /// The problem code of the end user's last failed attempt, if any.
    pub last_error: Option<String>,
}

/// An app the hosted page offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectApp {
    /// The app's slug.
    pub slug: String,
    /// Its display name.
    pub name: String,
    /// Its catalog category.
    pub category: String,
    /// Connects through the OAuth sign-in (else a form of its fields).
    pub sign_in: bool,
    /// The account has no connection of this app yet: the new one is named
    /// `Default` and the page asks no name.
    pub first: bool,
}

/// `GET /api/v1/connect/page`: what the hosted page shows (with the session's token).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectPage {
    /// The session's id.
    pub session_id: ConnectSessionId,
    /// The platform (the account's name).
    pub account_name: String,
    /// Who connects.
    pub end_user: EndUser,
    /// Pending or used (an expired session answers 410).
    pub status: ConnectSessionStatus,
    /// The apps it offers, by name.
    pub apps: Vec<ConnectApp>,
    /// A reconnect: the connection's id and name (its app is the one app offered).
    pub reconnect: Option<ConnectReconnect>,
    /// The connection made or reconnected, once used.
    pub result_connection_id: Option<ConnectionId>,
    /// The problem code of the last failed attempt, if any.
    pub last_error: Option<String>,
    /// Where the page sends the browser after connecting.
    pub success_url: Option<String>,
    /// Where the page sends the browser when connecting failed or was cancelled.
    pub error_url: Option<String>,
    /// Origins the page posts the outcome to (its opener's, when it matches).
    pub allowed_origins: Vec<String>,
    /// When the token stops working (UTC).
    pub expires_at: DateTime<Utc>,
}

/// The connection a reconnect session is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectReconnect {
    /// The connection's id.
    pub connection_id: ConnectionId,
    /// Its app's slug.
    pub app: String,
    /// Its name.
    pub name: String,
}

/// `POST /api/v1/connect/page/connections`: the end user's values for a key-based app.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConnectFieldsRequest {
    /// The app's slug (one the session offers).
    pub app: String,
    /// Needed when the account already has a connection of the app (else the end
    /// user's display name, or `Default` for the first).
    #[serde(default)]
    pub name: Option<String>,
    /// The app's field values.
    pub fields: BTreeMap<String, String>,
}

impl std::fmt::Debug for ConnectFieldsRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectFieldsRequest")
            .field("app", &self.app)
            .field("name", &self.name)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// `POST /api/v1/connect/page/oauth/authorize`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConnectAuthorizeRequest {
    /// The app's slug (an OAuth2 sign-in app the session offers).
    pub app: String,
    /// Needed when the account already has a connection of the app (else the end
    /// user's display name, or `Default` for the first).
    #[serde(default)]
    pub name: Option<String>,
}

/// The page's outcome: the connection made or reconnected.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectDone {
    /// The session, now used.
    pub connect_session_id: ConnectSessionId,
    /// The connection made or reconnected.
    pub connection_id: ConnectionId,
}

/// `base` with `pairs` added to its query (before any fragment), values
/// percent-encoded: where the page sends the browser after connecting.
pub fn outcome_url(base: &str, pairs: &[(&str, &str)]) -> String {
    let (head, fragment) = match base.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (base, None),
    };
    let mut out = head.to_string();
    for (k, v) in pairs {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_urls_keep_the_query_and_fragment() {
        assert_eq!(
            outcome_url(
                "https://p.example/done",
                &[("connection_id", "a1"), ("x", "a b&c")]
            ),
            "https://p.example/done?connection_id=a1&x=a%20b%26c"
        );
        assert_eq!(
            outcome_url(
                "https://p.example/done?tab=2#top",
                &[("error", "access_denied")]
            ),
            "https://p.example/done?tab=2&error=access_denied#top"
        );
    }
}
