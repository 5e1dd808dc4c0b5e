//! Users of my account (account administrators).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use switchboard_types::{
    CreateUserRequest, UpdateUserRequest, UpdatedUser, User, UserId, UserList,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::pagination::PageParams;
use crate::services::users as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(update)
        .service(remove);
}

/// Users of the caller's account.
#[utoipa::path(tag = "users", params(PageParams), responses((status = 200, body = UserList), (status = 403, body = switchboard_types::Problem)), security(("bearer" = [])))]
#[get("/users")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    page: web::Query<PageParams>,
) -> Result<web::Json<UserList>, ApiError> {
    let (items, next_cursor) = svc::list(&state, &p, page.into_inner()).await?;
    Ok(web::Json(UserList { items, next_cursor }))
}

/// Add a user to the caller's account.
///
/// Needs the acting administrator's own password in `current_password` (a new user
/// is a new way into the account).
/// At most 20 users per administrator per hour; every attempt is audited.
#[utoipa::path(
    tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = User),
        (status = 401, description = "`current_password` is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 409, body = switchboard_types::Problem),
        (status = 422, description = "invalid fields, or `current_password` missing (`current_password_required`)", body = switchboard_types::Problem),
        (status = 429, description = "more than 20 users created by this administrator in an hour", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(user))
}

/// Change a user's role, disable or enable them, or set a new password.
///
/// Setting a password or making someone an `admin` needs the acting administrator's
/// own password in `current_password`. A new password ends the user's sessions and
/// revokes the API keys they created; the answer says so.
#[utoipa::path(
    tag = "users",
    request_body = UpdateUserRequest,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = UpdatedUser),
        (status = 401, description = "`current_password` is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 409, body = switchboard_types::Problem),
        (status = 422, description = "`current_password` is missing (`current_password_required`)", body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
async fn update(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<UserId>,
    body: super::JsonObject<UpdateUserRequest>,
) -> Result<web::Json<UpdatedUser>, ApiError> {
    Ok(web::Json(
        svc::update(&state, &p, id.into_inner(), body.into_inner()).await?,
    ))
}

/// Remove a user from the caller's account.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 204), (status = 404, body = switchboard_types::Problem), (status = 409, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[delete("/users/{id}")]
async fn remove(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    svc::remove(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
