//! Connect sessions for a platform's end users (account administrators; API keys
//! need `connect:write`), and the hosted connect page's API, which the page calls
//! with the session's token as its bearer token (no Switchboard login).

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use switchboard_types::{
    AppDefinition, AuthorizeResponse, ConnectAuthorizeRequest, ConnectDone, ConnectFieldsRequest,
    ConnectPage, ConnectSession, ConnectSessionCreated, ConnectSessionId,
    CreateConnectSessionRequest, ErrorCode,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::location;
use crate::auth::extract::{bearer, client_addr};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::connect::{self as svc, page};
use crate::services::oauth::STATE_TTL_SECS;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(create)
        .service(get_one)
        .service(get_page)
        .service(get_app)
        .service(connect_fields)
        .service(authorize);
}

/// Create a connect session for one of your end users: send them to
/// `connect_url`, where they connect one account of an allowed app without a
/// Switchboard login. The token is single use, expires after `ttl_seconds`, and
/// is shown only in this answer. The connection gets the session's `tags` (and
/// `end_user_id`), `metadata` and `end_user`.
#[utoipa::path(
    tag = "connect",
    request_body = CreateConnectSessionRequest,
    responses(
        (status = 201, body = ConnectSessionCreated),
        (status = 403, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/connect/sessions")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateConnectSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(location(format_args!("connect/sessions/{}", created.id)))
        .json(created))
}

/// A connect session: whether it was used, and by which connection. API keys
/// see the sessions they created.
#[utoipa::path(
    tag = "connect",
    params(("id" = Uuid, Path, description = "Connect session id")),
    responses(
        (status = 200, body = ConnectSession),
        (status = 403, body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/connect/sessions/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectSessionId>,
) -> Result<web::Json<ConnectSession>, ApiError> {
    Ok(web::Json(svc::get(&state, &p, id.into_inner()).await?))
}

fn token(req: &HttpRequest) -> Result<String, ApiError> {
    bearer(req).filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::unauthorized(
            ErrorCode::ConnectTokenInvalid,
            "Send the connect session's token as the bearer token.",
        )
    })
}

fn no_store<T: serde::Serialize>(status: actix_web::http::StatusCode, body: &T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// The hosted page: the platform's name, the end user, and the apps offered
/// (whether each is the account's first of its app). A used session answers
/// with `status: used` and its connection; an expired one is 410.
#[utoipa::path(
    tag = "connect",
    responses(
        (status = 200, body = ConnectPage),
        (status = 401, body = switchboard_types::Problem),
        (status = 410, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("connectToken" = []))
)]
#[get("/connect/page")]
async fn get_page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let t = token(&req)?;
    let page = page::page(&state, &t, client_addr(&req)).await?;
    Ok(no_store(actix_web::http::StatusCode::OK, &page))
}

/// An offered app's definition (its fields), for the page's form.
#[utoipa::path(
    tag = "connect",
    params(("slug" = String, Path, description = "App slug")),
    responses(
        (status = 200, body = AppDefinition),
        (status = 401, body = switchboard_types::Problem),
        (status = 403, description = "not offered (`app_not_allowed`)", body = switchboard_types::Problem),
        (status = 410, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("connectToken" = []))
)]
#[get("/connect/page/apps/{slug}")]
async fn get_app(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = token(&req)?;
    let def = page::app(&state, &t, client_addr(&req), &slug).await?;
    Ok(no_store(actix_web::http::StatusCode::OK, &def))
}

/// Connect a key-based app with the end user's values (its test request runs
/// first), or reconnect the session's connection. Uses the session up.
#[utoipa::path(
    tag = "connect",
    request_body = ConnectFieldsRequest,
    responses(
        (status = 201, body = ConnectDone),
        (status = 401, body = switchboard_types::Problem),
        (status = 403, body = switchboard_types::Problem),
        (status = 409, body = switchboard_types::Problem),
        (status = 410, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("connectToken" = []))
)]
#[post("/connect/page/connections")]
async fn connect_fields(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::JsonObject<ConnectFieldsRequest>,
) -> Result<HttpResponse, ApiError> {
    let t = token(&req)?;
    let done = page::connect_fields(&state, &t, client_addr(&req), body.into_inner()).await?;
    Ok(no_store(actix_web::http::StatusCode::CREATED, &done))
}

/// Start the OAuth sign-in of an offered app on the hosted page (or the
/// session's reconnect). The provider's callback ends at the platform's
/// `success_url`/`error_url`, or at the page, which tells the opener.
#[utoipa::path(
    tag = "connect",
    request_body = ConnectAuthorizeRequest,
    responses(
        (status = 200, body = AuthorizeResponse),
        (status = 401, body = switchboard_types::Problem),
        (status = 403, body = switchboard_types::Problem),
        (status = 410, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("connectToken" = []))
)]
#[post("/connect/page/oauth/authorize")]
async fn authorize(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::JsonObject<ConnectAuthorizeRequest>,
) -> Result<HttpResponse, ApiError> {
    let t = token(&req)?;
    let (resp, nonce) = page::authorize(&state, &t, client_addr(&req), body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(super::oauth::browser_cookie(&state, nonce, STATE_TTL_SECS))
        .json(resp))
}
