use crate::ids::*;
use crate::Redacted;
use serde::{Deserialize, Serialize};

/// `PUT /api/v1/apps/{slug}/oauth-client`: the app's OAuth client at the provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthClientRequest {
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
    pub app: String,
    pub configured: bool,
    pub client_id: Option<String>,
    /// Register this redirect URI with the provider.
    pub callback_url: String,
}

/// `POST /api/v1/oauth/authorize`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthorizeRequest {
    pub app: String,
    /// For a new connection; ignored for the first one of the app (`Default`).
    #[serde(default)]
    pub name: Option<String>,
    /// Reconnect this connection (same id) instead of creating one.
    #[serde(default)]
    pub connection_id: Option<ConnectionId>,
}

/// Where to send the browser: the provider's consent page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeResponse {
    pub authorize_url: String,
    /// Seconds until this authorization request expires.
    pub expires_in: i64,
}
