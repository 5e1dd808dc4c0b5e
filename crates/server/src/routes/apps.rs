//! The app catalog.

use actix_web::{get, post, put, web, HttpResponse};
use switchboard_types::{AppDefinition, AppList};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::apps;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(get_app)
        .service(create)
        .service(replace);
}

/// The catalog, searched, in pages.
#[utoipa::path(tag = "apps", params(apps::AppQuery), responses((status = 200, body = AppList)), security(("bearer" = [])))]
#[get("/apps")]
async fn list(
    state: web::Data<AppState>,
    _p: Principal,
    q: web::Query<apps::AppQuery>,
) -> Result<web::Json<AppList>, ApiError> {
    Ok(web::Json(apps::list(&state, q.into_inner()).await?))
}

/// One app's full definition.
#[utoipa::path(
    tag = "apps",
    params(("slug" = String, Path, description = "App slug")),
    responses((status = 200, body = AppDefinition), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/apps/{slug}")]
async fn get_app(
    state: web::Data<AppState>,
    _p: Principal,
    slug: web::Path<String>,
) -> Result<web::Json<AppDefinition>, ApiError> {
    Ok(web::Json(apps::get(&state, slug.into_inner()).await?))
}

/// Add a custom app (system administrators).
#[utoipa::path(
    tag = "apps",
    request_body = AppDefinition,
    responses((status = 201, body = AppDefinition), (status = 403, body = switchboard_types::Problem), (status = 409, body = switchboard_types::Problem), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/apps")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<AppDefinition>,
) -> Result<HttpResponse, ApiError> {
    let def = body.into_inner();
    apps::create(&state, &p, def.clone()).await?;
    Ok(HttpResponse::Created()
        .insert_header(super::location(format_args!("apps/{}", def.slug)))
        .json(def))
}

/// Replace an app's definition (system administrators). For a built-in app this
/// stores a modified copy that wins over the shipped one.
#[utoipa::path(
    tag = "apps",
    request_body = AppDefinition,
    params(("slug" = String, Path, description = "App slug")),
    responses((status = 200, body = AppDefinition), (status = 404, body = switchboard_types::Problem), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[put("/apps/{slug}")]
async fn replace(
    state: web::Data<AppState>,
    p: Principal,
    slug: web::Path<String>,
    body: super::JsonObject<AppDefinition>,
) -> Result<web::Json<AppDefinition>, ApiError> {
    let def = body.into_inner();
    apps::replace(&state, &p, slug.into_inner(), def.clone()).await?;
    Ok(web::Json(def))
}
