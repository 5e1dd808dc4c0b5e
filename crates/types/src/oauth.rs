use crate::ids::*;
use crate::Redacted;
use serde::{Deserialize, Serialize};

/// `PUT /api/v1/apps/{slug}/oauth-client`: the app's OAuth client at the provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthClientRequest {
    /// The client id the provider issued, 1–500 characters.
    pub client_id: String,
    /// Stored encrypted; never returned.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub client_secret: Redacted<String>,
    /// The acting system administrator's own password (required: the client decides
    /// where every account's OAuth tokens are refreshed).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<Redacted<String>>,
}

/// An app's OAuth client settings, and the callback URL to register with the provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthClientInfo {
    /// The app's slug.
    pub app: String,
    /// Whether client settings are stored for the app.
    pub configured: bool,
    /// The stored client id; `null` until configured.
    pub client_id: Option<String>,
    /// Register this redirect URI with the provider.
    pub callback_url: String,
}

/// `POST /api/v1/oauth/authorize`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthorizeRequest {
    /// The app's slug: an `oauth2` app with the `authorization_code` grant.
    pub app: String,
    /// For a new connection; ignored for the first one of the app (`Default`). Without
    /// it, later ones are named after the app and a number (`Slack 2`).
    #[serde(default)]
    pub name: Option<String>,
    /// Reconnect this connection (same id) instead of creating one.
    #[serde(default)]
    pub connection_id: Option<ConnectionId>,
    /// The scopes to ask for, within the app's `scopes` and `optional_scopes`
    /// (default: the app's `scopes`).
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

/// Where to send the browser: the provider's consent page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeResponse {
    /// The provider's consent page, with `state` and the scopes; open it in the browser.
    pub authorize_url: String,
    /// Seconds until this authorization request expires.
    pub expires_in: i64,
}
