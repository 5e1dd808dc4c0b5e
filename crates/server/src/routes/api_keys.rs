//! API keys for machines and SDKs: shown once, stored as SHA-256 hashes, scoped.

use actix_web::{delete, get, post, web, HttpResponse};
use switchboard_types::{ApiKeyId, ApiKeyList, CreateApiKeyRequest, CreatedApiKey};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::api_keys as svc;
use crate::services::pagination::PageParams;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list).service(create).service(revoke);
}

/// API keys of the caller's account (administrators see all, members their own).
#[utoipa::path(tag = "api-keys", params(PageParams), responses((status = 200, body = ApiKeyList)), security(("bearer" = [])))]
#[get("/api-keys")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    page: web::Query<PageParams>,
) -> Result<web::Json<ApiKeyList>, ApiError> {
    let (items, next_cursor) = svc::list(&state, &p, page.into_inner()).await?;
    Ok(web::Json(ApiKeyList { items, next_cursor }))
}

/// Create an API key. The answer holds the key; it is never shown again.
///
/// Keys with `credentials:read` or `proxy` reach secrets: creating one needs the
/// creator's own password in `current_password`.
#[utoipa::path(
    tag = "api-keys",
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 401, description = "`current_password` is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 422, description = "invalid fields, or `current_password` missing for a sensitive scope (`current_password_required`)", body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api-keys")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let created: CreatedApiKey = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(created))
}

/// Revoke an API key.
#[utoipa::path(
    tag = "api-keys",
    params(("id" = Uuid, Path, description = "API key id")),
    responses((status = 204), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[delete("/api-keys/{id}")]
async fn revoke(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    svc::revoke(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
