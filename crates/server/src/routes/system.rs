//! Instance administration: the state of the keys, data-key rotation.

use actix_web::{get, post, web, HttpResponse};
use switchboard_types::{DataKeyRotation, KeyStatus, RotateDataKeysRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(keys).service(rotate_data);
}

/// Which master key wraps the data keys (the current one, previous ones still
/// configured, and how many each wraps) and which data-key versions seal the
/// stored rows: what an operator checks before removing an old master key
/// (system administrators). The same document as `switchboard keys status --json`.
#[utoipa::path(tag = "system", responses((status = 200, body = KeyStatus)), security(("bearer" = [])))]
#[get("/system/keys")]
async fn keys(state: web::Data<AppState>, p: Principal) -> Result<web::Json<KeyStatus>, ApiError> {
    p.require_user_session()?;
    p.require_system_admin()?;
    let keys = state.keys.clone();
    let status = state
        .db
        .read(move |c| crate::services::keys::status(c, &keys))
        .await?;
    Ok(web::Json(status))
}

/// Rotates the data key of one account (`account_id`) or of every account: a new
/// key version seals every write from now on, and the servers re-encrypt the rows
/// sealed before in the background (reads and writes go on), then delete the older
/// versions. Follow the sweeps in `GET /api/v1/system/keys` (system administrators).
/// The same as `switchboard keys rotate-data`.
#[utoipa::path(
    tag = "system",
    request_body = RotateDataKeysRequest,
    responses((status = 202, body = DataKeyRotation)),
    security(("bearer" = []))
)]
#[post("/system/keys/rotate-data")]
async fn rotate_data(
    state: web::Data<AppState>,
    p: Principal,
    body: crate::routes::JsonObject<RotateDataKeysRequest>,
) -> Result<HttpResponse, ApiError> {
    let started = crate::services::keys::rotate_data(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(started))
}
