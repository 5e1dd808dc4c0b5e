//! The audit log of my account.

use actix_web::{get, web};
use switchboard_types::AuditPage;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self as svc, AuditQuery};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list);
}

/// Audit events of the caller's account, newest first.
#[utoipa::path(tag = "audit", params(AuditQuery), responses((status = 200, body = AuditPage)), security(("bearer" = [])))]
#[get("/audit")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<AuditQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    Ok(web::Json(svc::list(&state, &p, q.into_inner()).await?))
}
