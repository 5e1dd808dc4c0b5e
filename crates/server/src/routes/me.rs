//! Who am I.

use actix_web::{get, post, web, HttpResponse};
use switchboard_types::{ChangePasswordRequest, Me};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::me as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(me).service(change_password);
}

/// Change your own password. Needs the current one; ends every session of yours
/// (sign in again with the new password). API keys stay valid.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "changed; every session ended"),
        (status = 401, description = "the current password is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 403, description = "called with an API key (`user_session_required`)", body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
async fn change_password(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    svc::change_password(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The calling user, their account, and the API key's scopes when called with one.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me), (status = 401, body = switchboard_types::Problem)), security(("bearer" = [])))]
#[get("/me")]
async fn me(state: web::Data<AppState>, p: Principal) -> Result<web::Json<Me>, ApiError> {
    Ok(web::Json(svc::me(&state, &p).await?))
}
