//! Health, readiness and metrics (outside `/api/v1`).

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use switchboard_types::Health;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(healthz).service(readyz).service(metrics);
}

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

/// Readiness: the database answers.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health), (status = 503, body = switchboard_types::Problem)))]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    state
        .db
        .read(|c| c.batch_execute("SELECT 1").map_err(Into::into))
        .await
        .map_err(|_| ApiError::Unavailable {
            detail: "The database does not answer.".into(),
        })?;
    Ok(web::Json(Health {
        status: "ok".into(),
    }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render())
}
