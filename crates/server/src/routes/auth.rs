//! Sign-in, refresh-token rotation and sign-out.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{post, web, HttpRequest, HttpResponse};
use switchboard_types::{LoginRequest, TokenResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::services::auth as svc;
use crate::state::AppState;

pub const REFRESH_COOKIE: &str = "sb_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(login).service(refresh_session).service(logout);
}

fn refresh_cookie(state: &AppState, value: String, max_age: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age))
        .finish()
}

/// The token answer, with the refresh token as its cookie.
fn session_response(state: &AppState, (resp, refresh): svc::Session) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .cookie(refresh_cookie(
            state,
            refresh,
            state.config.refresh_token_ttl_secs,
        ))
        .json(resp)
}

/// Sign in with email and password.
///
/// Answers an access token (15 minutes) and sets the refresh token as an
/// `HttpOnly`, `SameSite=Strict` cookie. Failures are throttled per account and
/// per client address (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    )
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::JsonObject<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let addr = crate::auth::extract::client_addr(&req);
    let session = svc::login(&state, addr, body.into_inner()).await?;
    Ok(session_response(&state, session))
}

/// Exchange the refresh-token cookie for a new access token.
///
/// The refresh token rotates on every use; presenting a used one again revokes
/// its whole family (all tokens descended from the same sign-in).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, body = TokenResponse), (status = 401, body = switchboard_types::Problem))
)]
#[post("/auth/refresh")]
async fn refresh_session(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let token = req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string());
    let result = match token {
        Some(t) => svc::refresh(&state, &t).await,
        None => Err(svc::session_ended()),
    };
    match result {
        Ok(session) => Ok(session_response(&state, session)),
        Err(e @ ApiError::Unauthorized { .. }) => {
            // The cookie is of no use any more: clear it with the 401.
            let mut res = actix_web::ResponseError::error_response(&e);
            let _ = res.add_cookie(&refresh_cookie(&state, String::new(), 0));
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// Sign out: revokes the refresh-token family and clears the cookie.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(cookie) = req.cookie(REFRESH_COOKIE) {
        svc::logout(&state, cookie.value()).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(&state, String::new(), 0))
        .finish())
}
