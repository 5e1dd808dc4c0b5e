//! HTTP routes: one file per resource, each with a `configure()`.

pub mod accounts;
pub mod api_keys;
pub mod apps;
pub mod audit;
pub mod auth;
pub mod automations;
mod body;
pub mod connect;
pub mod connections;
pub mod events;
pub mod me;
pub mod oauth;
pub mod ops;
pub mod proxy;
pub mod setup;
pub mod system;
pub mod transfer;
pub mod users;
pub mod webhooks;

pub use body::JsonObject;
use switchboard_types::ErrorCode;
use utoipa_actix_web::service_config::ServiceConfig;

/// Everything under `/api/v1`.
pub fn api_v1(cfg: &mut ServiceConfig<'_>) {
    setup::configure(cfg);
    auth::configure(cfg);
    me::configure(cfg);
    users::configure(cfg);
    accounts::configure(cfg);
    api_keys::configure(cfg);
    apps::configure(cfg);
    // Before `connections`: `/connections/export` is not a connection id.
    transfer::configure(cfg);
    connections::configure(cfg);
    proxy::configure(cfg);
    automations::configure(cfg);
    oauth::configure(cfg);
    connect::configure(cfg);
    audit::configure(cfg);
    events::configure(cfg);
    webhooks::configure(cfg);
    system::configure(cfg);
}

/// The `If-Match` syntax this API takes: `*`, or one version ETag (`"3"`, `W/"3"`,
/// or the bare version `3`).
pub const IF_MATCH_PATTERN: &str = r#"^(\*|(W/)?"[0-9]{1,18}"|[0-9]{1,18})$"#;

/// Parses `If-Match` holding a version ETag; `*` and absence mean "any".
pub fn if_match(req: &actix_web::HttpRequest) -> Result<Option<i64>, crate::error::ApiError> {
    let Some(v) = req.headers().get(actix_web::http::header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or_default().trim();
    if s == "*" {
        return Ok(None);
    }
    let quoted = s
        .strip_prefix("W/")
        .unwrap_or(s)
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'));
    let digits = quoted
        .or(Some(s))
        .filter(|d| (1..=18).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    digits
        .and_then(|d| d.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| {
            crate::error::ApiError::bad_request(
                ErrorCode::InvalidIfMatch,
                "If-Match must be the ETag of the resource, e.g. \"3\".",
            )
        })
}

/// `Location` of a created resource, under `/api/v1`.
pub fn location(path: impl std::fmt::Display) -> (actix_web::http::header::HeaderName, String) {
    (actix_web::http::header::LOCATION, format!("/api/v1/{path}"))
}

pub fn etag(version: i64) -> (actix_web::http::header::HeaderName, String) {
    (actix_web::http::header::ETAG, format!("\"{version}\""))
}
