//! The app catalog.

use actix_web::{get, post, put, web, HttpResponse};
use switchboard_types::{AppDefinition, AppList, AppSource, AuditAction, ErrorCode};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::apps;
use crate::services::audit::{self, Event};
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
    let slug = slug.into_inner();
    let found = state
        .db
        .read(move |c| Ok::<_, ApiError>(apps::resolve(c, &slug)))
        .await??;
    found
        .map(|(d, _)| web::Json(d))
        .ok_or(ApiError::NotFound { what: "app" })
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
    p.require_system_admin()?;
    let def = body.into_inner();
    apps::validate(&def)?;
    let def2 = def.clone();
    state
        .db
        .write(move |c| {
            if apps::resolve(c, &def2.slug)?.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::AppExists,
                    "An app with this slug exists; change it with PUT /api/v1/apps/{slug}.",
                ));
            }
            apps::insert(c, &def2, false).map_err(|e| match e {
                ApiError::Internal(m) if m.contains("UNIQUE") || m.contains("unique") => {
                    ApiError::conflict(ErrorCode::AppExists, "An app with this slug exists.")
                }
                other => other,
            })?;
            audit::record(
                c,
                Event::by(&p, AuditAction::AppCreate, "app", Some(def2.slug.clone())),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
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
    p.require_system_admin()?;
    let slug = slug.into_inner();
    let def = body.into_inner();
    if def.slug != slug {
        return Err(ApiError::field("slug", "must equal the slug in the path"));
    }
    apps::validate(&def)?;
    let def2 = def.clone();
    state
        .db
        .write(move |c| {
            match apps::resolve(c, &slug)? {
                None => return Err(ApiError::NotFound { what: "app" }),
                Some((_, AppSource::Builtin)) => apps::insert(c, &def2, true)?,
                Some(_) => {
                    apps::update(c, &def2)?;
                }
            }
            audit::record(
                c,
                Event::by(&p, AuditAction::AppUpdate, "app", Some(slug.clone())),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(web::Json(def))
}
