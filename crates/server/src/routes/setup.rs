//! First-run setup: the first system administrator.

use actix_web::{get, post, web, HttpRequest};
use switchboard_types::{SetupRequest, SetupStatus, User};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::services::setup as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(status).service(setup);
}

/// Whether setup is still needed (no user exists yet). Public, for the web app's first run.
#[utoipa::path(tag = "auth", responses((status = 200, body = SetupStatus)))]
#[get("/setup")]
async fn status(state: web::Data<AppState>) -> Result<web::Json<SetupStatus>, ApiError> {
    Ok(web::Json(SetupStatus {
        needed: svc::needed(&state).await?,
    }))
}

/// Create the first system administrator with the one-time setup token.
///
/// Works once; afterwards it answers 409 `already_set_up`.
#[utoipa::path(
    tag = "auth",
    request_body = SetupRequest,
    responses(
        (status = 201, body = User),
        (status = 401, description = "wrong setup token", body = switchboard_types::Problem),
        (status = 409, description = "already set up", body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    )
)]
#[post("/setup")]
async fn setup(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::JsonObject<SetupRequest>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let addr = crate::auth::extract::client_addr(&req);
    let user: User = svc::complete(&state, addr, body.into_inner()).await?;
    Ok(actix_web::HttpResponse::Created().json(user))
}
