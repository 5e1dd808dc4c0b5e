//! Who am I.

use actix_web::{get, web};
use switchboard_db::repo::{accounts, users};
use switchboard_types::Me;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::convert;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(me);
}

/// The calling user, their account, and the API key's scopes when called with one.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me), (status = 401, body = switchboard_types::Problem)), security(("bearer" = [])))]
#[get("/me")]
async fn me(state: web::Data<AppState>, p: Principal) -> Result<web::Json<Me>, ApiError> {
    let (uid, acc) = (p.user_id.to_string(), p.account_id.to_string());
    let (user, account) = state
        .db
        .read(move |c| Ok((users::find(c, &uid)?, accounts::find(c, &acc)?)))
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
