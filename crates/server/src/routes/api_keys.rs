//! API keys for machines and SDKs: shown once, stored as SHA-256 hashes, scoped.

use actix_web::{delete, get, post, web, HttpResponse};
use switchboard_db::models::ApiKeyRow;
use switchboard_db::repo::api_keys as repo;
use switchboard_types::{
    ApiKeyId, ApiKeyList, CreateApiKeyRequest, CreatedApiKey, Redacted, API_KEY_SCOPES,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::extract::API_KEY_PREFIX;
use crate::auth::{random_token, token_hash, Principal};
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::convert;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list).service(create).service(revoke);
}

/// API keys of the caller's account (administrators see all, members their own).
#[utoipa::path(tag = "api-keys", responses((status = 200, body = ApiKeyList)), security(("bearer" = [])))]
#[get("/api-keys")]
async fn list(state: web::Data<AppState>, p: Principal) -> Result<web::Json<ApiKeyList>, ApiError> {
    p.require_user_session()?;
    let acc = p.account_id;
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::list(c, acc)?))
        .await?;
    let me = p.user_id;
    let items = rows
        .iter()
        .filter(|r| p.is_admin() || r.created_by == me)
        .map(convert::api_key)
        .collect();
    Ok(web::Json(ApiKeyList {
        items,
        next_cursor: None,
    }))
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
    body: web::Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    p.require_user_session()?;
    let body = body.into_inner();
    let name = body.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field("name", "must be 1–100 characters"));
    }
    let mut scopes: Vec<String> = Vec::new();
    for s in &body.scopes {
        if !API_KEY_SCOPES.contains(&s.as_str()) {
            return Err(ApiError::field(
                "scopes",
                format!(
                    "{s:?} is not a scope; use any of {}",
                    API_KEY_SCOPES.join(", ")
                ),
            ));
        }
        if !scopes.contains(s) {
            scopes.push(s.clone());
        }
    }
    if scopes.is_empty() {
        return Err(ApiError::field("scopes", "must name at least one scope"));
    }
    if scopes
        .iter()
        .any(|s| switchboard_types::SENSITIVE_SCOPES.contains(&s.as_str()))
    {
        crate::auth::step_up::require(
            &state,
            &p,
            body.current_password.as_ref().map(Redacted::as_str),
        )
        .await?;
    }
    let key = format!("{API_KEY_PREFIX}{}", random_token());
    let row = ApiKeyRow {
        id: ApiKeyId::from(Uuid::now_v7()),
        account_id: p.account_id,
        created_by: p.user_id,
        name,
        prefix: key.chars().take(12).collect(),
        key_hash: token_hash(&key),
        scopes: scopes.join(" "),
        created_at: switchboard_db::now(),
        last_used_at: None,
        revoked_at: None,
    };
    let row = state
        .db
        .write(move |c| {
            repo::insert(c, &row)?;
            audit::record(
                c,
                Event::by(&p, "api_key.create", "api_key", Some(row.id))
                    .details(serde_json::json!({"name": row.name, "scopes": scopes})),
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(CreatedApiKey {
            api_key: convert::api_key(&row),
            key: key.into(),
        }))
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
    p.require_user_session()?;
    let id = id.into_inner();
    state
        .db
        .write(move |c| {
            let acc = p.account_id;
            let mine = repo::list(c, acc)?
                .into_iter()
                .find(|k| k.id == id && (p.is_admin() || k.created_by == p.user_id));
            if mine.is_none() {
                return Err(ApiError::NotFound { what: "API key" });
            }
            repo::revoke(c, acc, id, switchboard_db::now())?;
            audit::record(c, Event::by(&p, "api_key.revoke", "api_key", Some(id)))?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
