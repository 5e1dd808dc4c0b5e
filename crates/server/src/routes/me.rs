//! Who am I.

use actix_web::{get, post, web, HttpResponse};
use switchboard_db::repo::{accounts, tokens, users};
use switchboard_types::{ChangePasswordRequest, Me};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{step_up, Principal};
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::convert;
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
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    step_up::verify(&state, &p, body.current_password.as_str()).await?;
    let hash = state
        .passwords
        .hash(body.new_password.as_str())
        .await
        .map_err(|e| match e {
            ApiError::Validation { errors, detail } => ApiError::Validation {
                detail,
                errors: errors
                    .into_values()
                    .map(|v| ("new_password".to_string(), v))
                    .collect(),
            },
            other => other,
        })?;
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            let id = p.user_id;
            users::set_password(c, id, &hash, true, now)?;
            tokens::revoke_user(c, id, now)?;
            audit::record(c, Event::by(&p, "user.password_change", "user", Some(id)))?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The calling user, their account, and the API key's scopes when called with one.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me), (status = 401, body = switchboard_types::Problem)), security(("bearer" = [])))]
#[get("/me")]
async fn me(state: web::Data<AppState>, p: Principal) -> Result<web::Json<Me>, ApiError> {
    let (uid, acc) = (p.user_id, p.account_id);
    let (user, account) = state
        .db
        .read(move |c| Ok::<_, ApiError>((users::find(c, uid)?, accounts::find(c, acc)?)))
        .await?;
    let (Some(user), Some(account)) = (user, account) else {
        return Err(ApiError::unauthorized(
            "unauthenticated",
            "The user no longer exists.",
        ));
    };
    Ok(web::Json(Me {
        user: convert::user(&user),
        account: convert::account(&account),
        system_admin: p.system_admin,
        api_key_scopes: p.api_key.map(|k| k.scopes),
    }))
}
