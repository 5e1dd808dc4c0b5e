//! Health, readiness and metrics (outside `/api/v1`).

use actix_web::{get, web, HttpRequest, HttpResponse};
use secrecy::ExposeSecret;
use switchboard_types::{ErrorCode, Health};
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

/// Readiness: the database answers and the server is not stopping (503
/// `shutting_down` from the first SIGTERM on, so load balancers drain it).
#[utoipa::path(tag = "operations", responses((status = 200, body = Health), (status = 503, body = switchboard_types::Problem)))]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    if state.shutdown.is_stopping() {
        return Err(ApiError::ShuttingDown);
    }
    state
        .db
        .ping()
        .await
        .map_err(|_| ApiError::DatabaseUnavailable)?;
    Ok(web::Json(Health {
        status: "ok".into(),
    }))
}

/// Prometheus metrics in the text exposition format.
///
/// When `SWITCHBOARD_METRICS_TOKEN` is set, needs `Authorization: Bearer <that token>`.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The metrics in the OpenMetrics text format.", content_type = "application/openmetrics-text", body = String),
        (status = 401, description = "the metrics token is set and was not sent (`unauthenticated`)", body = switchboard_types::Problem),
    ),
    security((), ("bearer" = []))
)]
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(want) = &state.config.metrics_token {
        let sent = crate::auth::extract::bearer(&req).unwrap_or_default();
        if !crate::auth::constant_time_eq(sent.as_bytes(), want.expose_secret().as_bytes()) {
            return Err(ApiError::unauthorized(
                ErrorCode::Unauthenticated,
                "Send the metrics token as `Authorization: Bearer <token>`.",
            ));
        }
    }
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render(&state.db)))
}
