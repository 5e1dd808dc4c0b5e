//! The outbound proxy and per-connection rate limits.

use actix_web::{delete, get, put, route, web, HttpRequest, HttpResponse};
use switchboard_types::{ConnectionId, RateLimit, RateLimitInfo, UsageQuery, UsageReport};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::rate_limits as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(proxy)
        .service(get_limit)
        .service(put_limit)
        .service(delete_limit)
        .service(usage);
}

/// Call the app's API through the connection: method, path, query, headers and body
/// are forwarded to the app's base URL with the credentials injected; the caller's
/// own `Authorization` and cookies are not. Needs the API-key scope `proxy`; the
/// owning account and accounts the connection is shared with may call it.
///
/// Every call passes the connection's rate limit (`RateLimit-Limit`,
/// `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy` on the answer). Over
/// the limit: 429 with `Retry-After`, or with `Switchboard-Max-Wait: <ms>` the call
/// waits for its slot up to that long (at most 60 s). An OAuth app's 401 is answered by
/// one token refresh and one retry (bodies up to 1 MiB). The upstream's status,
/// headers (hop-by-hop and `Set-Cookie` removed) and body come back; injected secrets
/// echoed by the upstream are replaced by `[redacted]`.
#[utoipa::path(
    method(get, post, put, patch, delete, head, options),
    path = "/connections/{id}/proxy/{path}",
    tag = "proxy",
    params(
        ("id" = Uuid, Path, description = "Connection id"),
        ("path" = String, Path, description = "Path under the app's base URL: raw (`v1/users`), or percent-encoded as one segment (`v1%2Fusers`) as generated SDKs send it"),
        ("Switchboard-Max-Wait" = Option<u64>, Header, description = "Wait up to this many milliseconds for a rate-limit slot instead of a 429"),
    ),
    responses(
        (status = 200, description = "The upstream's answer, whatever its status"),
        (status = 400, description = "a path with dot segments or leaving the base URL (`invalid_proxy_path`)", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 409, description = "the connection needs reconnecting (`needs_reconnect`)", body = switchboard_types::Problem),
        (status = 429, description = "rate limit used up (`too_many_requests`, `Retry-After`)", body = switchboard_types::Problem),
        (status = 502, description = "upstream unreachable or a non-public address (`upstream_unreachable`, `destination_not_allowed`)", body = switchboard_types::Problem),
        (status = 504, description = "upstream timed out (`upstream_timeout`)", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[route(
    "/connections/{id}/proxy/{path:.*}",
    method = "GET",
    method = "POST",
    method = "PUT",
    method = "PATCH",
    method = "DELETE",
    method = "HEAD",
    method = "OPTIONS"
)]
async fn proxy(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(ConnectionId, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, _) = path.into_inner();
    crate::outbound::proxy::forward(&state, &p, id, &req, body).await
}

/// The connection's effective rate limit, where it comes from, and how many calls
/// could be made right now. Visible to every account that sees the connection.
#[utoipa::path(
    tag = "proxy",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses((status = 200, body = RateLimitInfo), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections/{id}/rate-limit")]
async fn get_limit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<web::Json<RateLimitInfo>, ApiError> {
    Ok(web::Json(svc::info(&state, &p, id.into_inner()).await?))
}

/// Proxied calls per hour over the last days (`days`, 1–30, default 7): calls sent
/// to the app and calls refused because the rate limit was used up, summed over
/// every replica. Visible to the accounts that see the connection's rate limit.
#[utoipa::path(
    tag = "proxy",
    params(("id" = Uuid, Path, description = "Connection id"), UsageQuery),
    responses((status = 200, body = UsageReport), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections/{id}/usage")]
async fn usage(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
    q: web::Query<UsageQuery>,
) -> Result<web::Json<UsageReport>, ApiError> {
    Ok(web::Json(
        svc::usage(&state, &p, id.into_inner(), q.into_inner()).await?,
    ))
}

/// Set this connection's rate limit (system administrators; audited). It applies
/// from the next call, on every replica.
#[utoipa::path(
    tag = "proxy",
    request_body = RateLimit,
    params(("id" = Uuid, Path, description = "Connection id")),
    responses(
        (status = 200, body = RateLimitInfo),
        (status = 403, description = "not a system administrator", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[put("/connections/{id}/rate-limit")]
async fn put_limit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
    body: super::JsonObject<RateLimit>,
) -> Result<web::Json<RateLimitInfo>, ApiError> {
    Ok(web::Json(
        svc::set(&state, &p, id.into_inner(), body.into_inner()).await?,
    ))
}

/// Clear the override: the app's default applies again (system administrators; audited).
#[utoipa::path(
    tag = "proxy",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses(
        (status = 200, body = RateLimitInfo),
        (status = 403, body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[delete("/connections/{id}/rate-limit")]
async fn delete_limit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<web::Json<RateLimitInfo>, ApiError> {
    Ok(web::Json(svc::clear(&state, &p, id.into_inner()).await?))
}
