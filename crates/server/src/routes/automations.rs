//! The automations registry: what each automation is called, whether it runs, and
//! which connections it uses.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use switchboard_types::{
    Automation, AutomationId, AutomationList, CreateAutomationRequest, UpdateAutomationRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{etag, if_match, location};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::automations as svc;
use crate::services::pagination;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(remove);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AutomationQuery {
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

/// The account's automations.
#[utoipa::path(tag = "automations", params(AutomationQuery), responses((status = 200, body = AutomationList)), security(("bearer" = [])))]
#[get("/automations")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<AutomationQuery>,
) -> Result<web::Json<AutomationList>, ApiError> {
    let limit = pagination::limit(q.limit)?;
    let after = pagination::position(q.cursor.as_deref())?;
    Ok(web::Json(svc::list(&state, &p, after, limit).await?))
}

/// Register an automation and the connections it uses (the account's own, or shared with it).
#[utoipa::path(
    tag = "automations",
    request_body = CreateAutomationRequest,
    responses((status = 201, body = Automation), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/automations")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateAutomationRequest>,
) -> Result<HttpResponse, ApiError> {
    let a = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag(a.version))
        .insert_header(location(format_args!("automations/{}", a.id)))
        .json(a))
}

/// One automation.
#[utoipa::path(
    tag = "automations",
    params(("id" = Uuid, Path, description = "Automation id")),
    responses((status = 200, body = Automation), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/automations/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<AutomationId>,
) -> Result<HttpResponse, ApiError> {
    let a = svc::get(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header(etag(a.version)).json(a))
}

/// Rename, pause or resume an automation, or change its connections.
#[utoipa::path(
    tag = "automations",
    request_body = UpdateAutomationRequest,
    params(("id" = Uuid, Path, description = "Automation id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous read")),
    responses(
        (status = 200, body = Automation),
        (status = 404, body = switchboard_types::Problem),
        (status = 412, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/automations/{id}")]
async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    p: Principal,
    id: web::Path<AutomationId>,
    body: super::JsonObject<UpdateAutomationRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = if_match(&req)?;
    let a = svc::update(&state, &p, id.into_inner(), v, body.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header(etag(a.version)).json(a))
}

/// Remove an automation from the registry.
#[utoipa::path(
    tag = "automations",
    params(("id" = Uuid, Path, description = "Automation id")),
    responses((status = 204), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[delete("/automations/{id}")]
async fn remove(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<AutomationId>,
) -> Result<HttpResponse, ApiError> {
    svc::delete(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
