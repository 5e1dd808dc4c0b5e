//! Instance administration: the state of the keys.

use actix_web::{get, web};
use switchboard_types::KeyStatus;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(keys);
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
