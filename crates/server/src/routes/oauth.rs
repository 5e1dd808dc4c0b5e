//! OAuth2: client settings per app, starting an authorization, and the provider's callback.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use switchboard_types::{AuthorizeRequest, AuthorizeResponse, OAuthClientInfo, OAuthClientRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::oauth::{self as svc, CallbackQuery, BROWSER_COOKIE, STATE_TTL_SECS};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(get_client)
        .service(put_client)
        .service(authorize)
        .service(callback);
}

pub(super) fn browser_cookie(state: &AppState, value: String, max_age: i64) -> Cookie<'static> {
    // Lax: the provider's redirect back is a cross-site top-level navigation.
    Cookie::build(BROWSER_COOKIE, value)
        .path("/api/v1/oauth")
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(max_age))
        .finish()
}

/// An app's OAuth client settings and the callback URL to register with the provider (system administrators).
#[utoipa::path(
    tag = "oauth",
    params(("slug" = String, Path, description = "App slug")),
    responses((status = 200, body = OAuthClientInfo), (status = 403, body = switchboard_types::Problem), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/apps/{slug}/oauth-client")]
async fn get_client(
    state: web::Data<AppState>,
    p: Principal,
    slug: web::Path<String>,
) -> Result<web::Json<OAuthClientInfo>, ApiError> {
    Ok(web::Json(
        svc::get_client(&state, &p, slug.into_inner()).await?,
    ))
}

/// Set an app's OAuth client id and secret (system administrators, with their own
/// password in `current_password`; the secret is stored encrypted).
#[utoipa::path(
    tag = "oauth",
    request_body = OAuthClientRequest,
    params(("slug" = String, Path, description = "App slug")),
    responses(
        (status = 200, body = OAuthClientInfo),
        (status = 401, description = "`current_password` is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 403, body = switchboard_types::Problem),
        (status = 422, description = "invalid fields, or `current_password` missing (`current_password_required`)", body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[put("/apps/{slug}/oauth-client")]
async fn put_client(
    state: web::Data<AppState>,
    p: Principal,
    slug: web::Path<String>,
    body: super::JsonObject<OAuthClientRequest>,
) -> Result<web::Json<OAuthClientInfo>, ApiError> {
    p.require_system_admin()?;
    crate::auth::step_up::require(
        &state,
        &p,
        body.current_password
            .as_ref()
            .map(switchboard_types::Redacted::as_str),
    )
    .await?;
    Ok(web::Json(
        svc::put_client(&state, &p, slug.into_inner(), body.into_inner()).await?,
    ))
}

/// Start connecting an OAuth2 app (authorization code with PKCE S256), or reconnect
/// one with `connection_id`. Send the browser to `authorize_url`; the request is
/// single use, expires in 10 minutes, and is bound to this user and browser (cookie).
#[utoipa::path(
    tag = "oauth",
    request_body = AuthorizeRequest,
    responses((status = 200, body = AuthorizeResponse), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/oauth/authorize")]
async fn authorize(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<AuthorizeRequest>,
) -> Result<HttpResponse, ApiError> {
    let (resp, nonce) = svc::authorize(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(browser_cookie(&state, nonce, STATE_TTL_SECS))
        .json(resp))
}

/// The provider's redirect: exchanges the code, stores the tokens encrypted, records
/// the identity, and redirects to the web app with the outcome (`?oauth=connected&connection=…`
/// or `?oauth=error&message=…`); for a sign-in begun on the hosted connect page, to
/// the session's `success_url`/`error_url` or back to the page.
#[utoipa::path(
    tag = "oauth",
    params(
        ("code" = Option<String>, Query, description = "Authorization code"),
        ("state" = Option<String>, Query, description = "The state sent to the provider"),
        ("error" = Option<String>, Query, description = "Provider error, e.g. access_denied"),
        ("error_description" = Option<String>, Query, description = "Provider error text"),
    ),
    responses((status = 303, description = "Redirect to the web app with the outcome"))
)]
#[get("/oauth/callback")]
async fn callback(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let q = web::Query::<CallbackQuery>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or(CallbackQuery {
            code: None,
            state: None,
            error: Some("invalid_request".into()),
            error_description: None,
            extra: Default::default(),
        });
    let nonce = req.cookie(BROWSER_COOKIE).map(|c| c.value().to_string());
    let finished = svc::callback(&state, q, nonce).await;
    let location = match (finished.connect_session, finished.result) {
        (Some(session), result) => {
            crate::services::connect::page::after_callback(&state, session, &result).await
        }
        (None, Ok(id)) => format!("/connections?oauth=connected&connection={id}"),
        (None, Err(failure)) => {
            let message = failure.message();
            let enc: String = url::form_urlencoded::byte_serialize(message.as_bytes()).collect();
            format!("/connections?oauth=error&message={enc}")
        }
    };
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(browser_cookie(&state, String::new(), 0))
        .finish()
}
