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
    /// Display name, 1–100 characters.
    pub name: String,
    /// Catalog category (`communication`, `payments`, …), 1–64 characters.
    pub category: String,
    /// What the app is for, in a sentence; up to 500 characters.
    #[serde(default)]
    pub description: String,
    /// API base URL; may hold `{{field}}` templates over non-secret fields (per-tenant hosts).
    pub base_url: String,
    /// The provider's API documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// How connections authenticate: scheme, credential fields, injection rules.
    pub auth: AppAuth,
    /// Default limit of proxied calls per connection (a system administrator may
    /// override it per connection).
    pub rate_limit: RateLimit,
    /// Where `rate_limit` comes from, in words (the provider's published limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_note: Option<String>,
    /// Checks credentials when a connection is added, reconnected or tested;
    /// without it, credentials are saved untested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRequest>,
    /// Finds the connected account's name (a connection's `identity`); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityRequest>,
    /// Seconds between scheduled health checks of a connection (its `test` request;
    /// for OAuth2 apps, a refresh of a refresh token idle that long, at most a day).
    /// Absent: a day. 300 (5 minutes) to 2,592,000 (30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 300, maximum = 2592000, default = 86400)
    )]
    pub health_check_interval_seconds: Option<u32>,
    /// How credentials from other tools map onto this app (`switchboard import --from n8n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportMappings>,
}

/// How credentials exported from other tools become connections of an app.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportMappings {
    /// n8n credential types this app takes (`n8n export:credentials --decrypted`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub n8n: Vec<N8nMapping>,
}

/// One n8n credential type and how its `data` fills this app's fields.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct N8nMapping {
    /// The n8n credential type, e.g. `githubApi`.
    #[serde(rename = "type")]
    pub type_: String,
    /// This app's field (for an OAuth2 app: a token such as `access_token`) ← a
    /// template over the credential's data: `{{accessToken}}`; filters derive values:
    /// `{{domain|subdomain}}`, `{{server|host}}`, `{{apiKey|after:-}}`, `{{x|before:.}}`, `{{x|lower}}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// An n8n OAuth2 credential: its `oauthTokenData` (access and refresh token)
    /// becomes the connection's tokens, refreshed with this app's client settings.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub oauth2: bool,
}

/// An app's authentication scheme: `oauth2` (tokens from the provider) or a
/// key-based one (`api_key`, `basic`, `custom`: credential fields the user enters).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthType {
    /// An API key or token, typically sent in a header.
    ApiKey,
    /// A user name and password (or key pair), sent as HTTP Basic.
    Basic,
    /// OAuth 2.0: the connection holds tokens from the provider.
    Oauth2,
    /// Another key-based scheme, described by the app's fields and inject rules.
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

/// How an app's connections authenticate and how their credentials reach the app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppAuth {
    /// The authentication scheme.
    #[serde(rename = "type")]
    pub type_: AuthType,
    /// Credential fields. Empty for `oauth2` authorization-code apps, where the tokens
    /// are the credentials; `oauth2` client-credentials apps may declare `client_id`
    /// and `client_secret` fields to hold each connection's own client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    /// How credentials go into outbound requests.
    pub inject: Vec<InjectRule>,
    /// OAuth 2.0 settings: required when `type` is `oauth2`, refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2Spec>,
}

/// One credential field of an app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field's key in `fields` and in `{{key}}` templates: snake_case, 1–64 characters.
    pub key: String,
    /// The input's label in the web app; also names the field in error messages.
    pub label: String,
    /// Secret fields are encrypted at rest, masked in responses and shown only by reveal.
    pub secret: bool,
    /// A value must be given (`default` counts as one).
    pub required: bool,
    /// A hint shown with the input, e.g. where to find the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A regular expression the value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The value used when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Where credentials go in an outbound request. Values are `{{field}}` templates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "in", rename_all = "snake_case", deny_unknown_fields)]
pub enum InjectRule {
    /// Sets the header `name` to `value` (e.g. `Bearer {{access_token}}`).
    Header { name: String, value: String },
    /// Adds the query parameter `name` with `value`.
    Query { name: String, value: String },
    /// HTTP Basic authentication with `username` and `password`.
    Basic { username: String, password: String },
}

/// How an OAuth 2.0 app's connections get tokens: `authorization_code` (a person
/// signs in at the provider) or `client_credentials` (the client alone).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OAuth2Grant {
    /// A person signs in at the provider; tokens are renewed with the refresh token.
    AuthorizationCode,
    /// Tokens are fetched with a client id and secret: the connection's own
    /// `client_id`/`client_secret` fields, or else the app's OAuth client.
    ClientCredentials,
}

/// The OAuth 2.0 settings of an `oauth2` app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuth2Spec {
    /// How connections get tokens.
    pub grant: OAuth2Grant,
    /// The provider's authorization endpoint; required for `authorization_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<String>,
    /// The provider's token endpoint.
    pub token_url: String,
    /// Scopes to ask for: at sign-in, or in client-credentials token requests.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// More scopes a sign-in may ask for (`POST /oauth/authorize` with `scopes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_scopes: Vec<String>,
    /// What joins `scopes` in the `scope` parameter (default a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_separator: Option<String>,
    /// Send a PKCE S256 challenge at sign-in (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce: Option<bool>,
    /// RFC 7009 revocation endpoint; a deleted connection's token is revoked there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_url: Option<String>,
    /// More query parameters for the authorization URL (e.g. `access_type=offline`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra_authorize_params: BTreeMap<String, String>,
    /// How the client authenticates at the token endpoint (default `client_secret_post`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_auth: Option<TokenAuth>,
    /// Values the provider hands over at sign-in that the app's calls need, by
    /// config name (`[a-z0-9_]{1,64}`): stored on the connection as non-secret
    /// `config` and usable as `{{config.<name>}}` in `base_url`, request paths and
    /// injected headers, e.g. `{"instance_url": {"from": "token", "pointer": "/instance_url"}}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, CaptureSource>,
}

/// Where a connection's config value comes from when it signs in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaptureSource {
    /// A value of the token endpoint's JSON answer (a JSON pointer), e.g.
    /// Salesforce's `/instance_url`; taken again from every refresh that has it.
    Token {
        /// JSON pointer into the answer, starting with `/`.
        pointer: String,
    },
    /// A query parameter of the provider's redirect back, e.g. QuickBooks' `realmId`.
    Callback {
        /// The parameter's name.
        param: String,
    },
    /// A value of the answer to the app's `identity` request (a JSON pointer),
    /// e.g. Xero's `/0/tenantId`; asked once, right after the sign-in.
    Identity {
        /// JSON pointer into the answer, starting with `/`.
        pointer: String,
    },
}

/// Longest captured config value, in characters.
pub const MAX_CONFIG_VALUE_CHARS: usize = 2048;
/// Where config values live among a connection's values (and in templates).
pub const CONFIG_PREFIX: &str = "config.";

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
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`.
    pub method: String,
    /// Path below `base_url`, starting with a single `/`.
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
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`.
    pub method: String,
    /// Path below `base_url`, starting with a single `/`.
    pub path: String,
    /// RFC 6901 JSON pointer into the answer.
    pub pointer: String,
}

/// Where an app's definition comes from: `builtin` (shipped), `modified` (a
/// built-in changed by a system administrator) or `custom` (added by one).
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
    /// The app's slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Catalog category (`communication`, `payments`, …).
    pub category: String,
    /// What the app is for, in a sentence.
    pub description: String,
    /// The app's authentication scheme.
    pub auth_type: AuthType,
    /// Built in, a changed built-in, or custom.
    pub source: AppSource,
}

/// `GET /api/v1/apps`: the catalog, optionally searched.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppList {
    /// Apps by name; with `q`, those whose name or slug starts with it first.
    pub items: Vec<AppSummary>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
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
    /// Whether `effective` is the app's default or an override.
    pub source: RateLimitSource,
    /// The app's default limit.
    pub app_default: RateLimit,
    /// A system administrator's override for this connection; `null` when none is set.
    #[serde(rename = "override")]
    pub override_: Option<RateLimit>,
    /// Calls that could be made right now (of `effective.burst`).
    pub remaining: u32,
    /// `memory` (this server) or `postgres` (shared by all replicas).
    pub backend: String,
}

/// Seconds between scheduled health checks when an app does not say.
pub const DEFAULT_HEALTH_CHECK_INTERVAL_SECS: u32 = 86_400;
/// Bounds of an app's `health_check_interval_seconds`.
pub const HEALTH_CHECK_INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 300..=2_592_000;

impl AppDefinition {
    /// Seconds between this app's scheduled health checks.
    pub fn health_check_interval(&self) -> u32 {
        self.health_check_interval_seconds
            .unwrap_or(DEFAULT_HEALTH_CHECK_INTERVAL_SECS)
    }

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
