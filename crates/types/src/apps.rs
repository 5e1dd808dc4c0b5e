use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An app definition: the catalog's data-file format, also accepted by
/// `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET /api/v1/apps/{slug}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppDefinition {
    /// Lowercase identifier, `a-z`, `0-9` and `-`, 2–64 characters.
    pub slug: String,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub description: String,
    /// API base URL; may hold `{{field}}` templates over non-secret fields (per-tenant hosts).
    pub base_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    pub auth: AppAuth,
    pub rate_limit: RateLimit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityRequest>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthType {
    ApiKey,
    Basic,
    Oauth2,
    Custom,
}

impl AuthType {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::ApiKey => "api_key",
            AuthType::Basic => "basic",
            AuthType::Oauth2 => "oauth2",
            AuthType::Custom => "custom",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppAuth {
    #[serde(rename = "type")]
    pub type_: AuthType,
    /// Credential fields. Empty for `oauth2` authorization-code apps, where the tokens
    /// are the credentials; `oauth2` client-credentials apps may declare `client_id`
    /// and `client_secret` fields to hold each connection's own client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    /// How credentials go into outbound requests.
    pub inject: Vec<InjectRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2Spec>,
}

/// One credential field of an app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub key: String,
    pub label: String,
    /// Secret fields are encrypted at rest, masked in responses and shown only by reveal.
    pub secret: bool,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A regular expression the value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Where credentials go in an outbound request. Values are `{{field}}` templates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "in", rename_all = "snake_case", deny_unknown_fields)]
pub enum InjectRule {
    Header { name: String, value: String },
    Query { name: String, value: String },
    Basic { username: String, password: String },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OAuth2Grant {
    AuthorizationCode,
    ClientCredentials,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuth2Spec {
    pub grant: OAuth2Grant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<String>,
    pub token_url: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_separator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_url: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra_authorize_params: BTreeMap<String, String>,
    /// How the client authenticates at the token endpoint (default `client_secret_post`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_auth: Option<TokenAuth>,
}

/// Client authentication at the token and revocation endpoints (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenAuth {
    /// `client_id` and `client_secret` in the form body.
    #[default]
    ClientSecretPost,
    /// HTTP Basic with the form-encoded client id and secret.
    ClientSecretBasic,
}

/// `{requests, per_seconds, burst}`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Calls allowed per `per_seconds`.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub requests: u32,
    /// The window, in seconds.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 86400))]
    pub per_seconds: u32,
    /// Calls allowed at once after a quiet period.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub burst: u32,
}

/// A request that proves credentials work, relative to `base_url`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TestRequest {
    pub method: String,
    pub path: String,
    /// The status that means the credentials work (default 200).
    #[serde(default = "default_200")]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 100, maximum = 599, default = 200)
    )]
    pub expect_status: u16,
}

fn default_200() -> u16 {
    200
}

/// A request whose JSON answer names the connected account, relative to `base_url`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IdentityRequest {
    pub method: String,
    pub path: String,
    /// RFC 6901 JSON pointer into the answer.
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppSource {
    /// Shipped with Switchboard.
    Builtin,
    /// A built-in app changed by a system administrator.
    Modified,
    /// Added by a system administrator.
    Custom,
}

/// A catalog entry as listed by `GET /api/v1/apps`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppSummary {
    pub slug: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub auth_type: AuthType,
    pub source: AppSource,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppList {
    pub items: Vec<AppSummary>,
    pub next_cursor: Option<String>,
}

/// Where a connection's effective rate limit comes from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RateLimitSource {
    /// The app's default.
    App,
    /// A system administrator's override on this connection.
    Override,
}

/// `GET /api/v1/connections/{id}/rate-limit`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateLimitInfo {
    /// The limit every proxied call of this connection passes.
    pub effective: RateLimit,
    pub source: RateLimitSource,
    pub app_default: RateLimit,
    #[serde(rename = "override")]
    pub override_: Option<RateLimit>,
    /// Calls that could be made right now (of `effective.burst`).
    pub remaining: u32,
    /// `memory` (this server) or `postgres` (shared by all replicas).
    pub backend: String,
}

impl AppDefinition {
    /// OAuth2 apps with the authorization-code grant connect by signing in at the
    /// provider; key-based and client-credentials apps take their fields in a form.
    pub fn needs_sign_in(&self) -> bool {
        self.auth.type_ == AuthType::Oauth2
            && self
                .auth
                .oauth2
                .as_ref()
                .is_none_or(|o| o.grant == OAuth2Grant::AuthorizationCode)
    }
}

/// How well an app matches a lowercase search text: `Some(0)` when its name or slug
/// starts with it, `Some(1)` when either contains it, `None` otherwise. The one
/// ranking of app searches (the catalog, the connection list, the web app's picker).
pub fn match_rank(def_name: &str, slug: &str, q_lower: &str) -> Option<u8> {
    let name = def_name.to_lowercase();
    if name.starts_with(q_lower) || slug.starts_with(q_lower) {
        Some(0)
    } else if name.contains(q_lower) || slug.contains(q_lower) {
        Some(1)
    } else {
        None
    }
}
