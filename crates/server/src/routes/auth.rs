//! Sign-in, refresh-token rotation and sign-out.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use switchboard_db::models::{RefreshTokenRow, UserRow};
use switchboard_db::repo::{tokens, users};
use switchboard_types::{LoginRequest, TokenResponse};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::password::needs_rehash;
use crate::auth::throttle::{self, Purpose};
use crate::auth::{normalize_email, random_token, token_hash};
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::convert;
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

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "The email or password is not right.")
}

/// Issues an access token and a new refresh token of `family` (a new family when `None`).
fn issue(
    state: &AppState,
    c: &mut switchboard_db::DbConn,
    user: &UserRow,
    family: Option<String>,
) -> Result<(TokenResponse, String), ApiError> {
    let now = chrono::Utc::now();
    let uid = user.id;
    let acc = user.account_id;
    let ttl = state.config.access_token_ttl_secs;
    let access = state
        .jwt
        .issue(uid, acc, user.session_version, now.timestamp(), ttl)
        .map_err(ApiError::internal)?;
    let refresh = random_token();
    let created = switchboard_db::now();
    tokens::insert(
        c,
        &RefreshTokenRow {
            id: Uuid::now_v7().to_string(),
            user_id: user.id,
            family_id: family.unwrap_or_else(|| Uuid::new_v4().to_string()),
            token_hash: token_hash(&refresh),
            session_version: user.session_version,
            expires_at: created + Duration::seconds(state.config.refresh_token_ttl_secs),
            used_at: None,
            revoked_at: None,
            created_at: created,
        },
    )?;
    Ok((
        TokenResponse {
            access_token: access.into(),
            token_type: "Bearer".into(),
            expires_in: ttl,
            user: convert::user(user),
        },
        refresh,
    ))
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
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let addr = crate::auth::extract::client_addr(&req);
    let email = normalize_email(&body.email).unwrap_or_else(|| body.email.trim().to_lowercase());
    // Counted before the password is checked: parallel guesses cannot overrun the limit.
    let attempt = throttle::reserve(&state.db, Purpose::Login, &email, addr).await?;

    let lookup = email.clone();
    let user = state
        .db
        .read(move |c| Ok::<_, ApiError>(users::find_by_email(c, &lookup)?))
        .await?;
    let ok = state
        .passwords
        .verify(
            user.as_ref().map(|u| u.password_hash.as_str()),
            body.password.as_str(),
        )
        .await?;
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        found => {
            if let Some(u) = found {
                let (uid, acc) = (u.id, u.account_id);
                let addr2 = addr;
                let email2 = u.email.clone();
                state
                    .db
                    .write(move |c| {
                        audit::record(
                            c,
                            Event {
                                account_id: acc,
                                actor_user_id: Some(uid),
                                actor_api_key_id: None,
                                actor: email2,
                                action: "auth.login_failed",
                                target_type: "user",
                                target_id: Some(uid.to_string()),
                                client_addr: addr2,
                                details: serde_json::json!({}),
                            },
                        )
                    })
                    .await?;
            }
            return Err(invalid_credentials());
        }
    };
    attempt.succeeded(&state.db).await?;

    // Upgrade hashes made with weaker parameters.
    let rehash = if needs_rehash(&user.password_hash) {
        Some(state.passwords.hash(body.password.as_str()).await?)
    } else {
        None
    };
    let st = state.clone();
    let (resp, refresh) = state
        .db
        .write(move |c| {
            if let Some(h) = rehash {
                users::set_password(c, user.id, &h, false, switchboard_db::now())?;
            }
            let out = issue(&st, c, &user, None)?;
            audit::record(
                c,
                Event {
                    account_id: user.account_id,
                    actor_user_id: Some(user.id),
                    actor_api_key_id: None,
                    actor: user.email.clone(),
                    action: "auth.login",
                    target_type: "user",
                    target_id: Some(user.id.to_string()),
                    client_addr: addr,
                    details: serde_json::json!({}),
                },
            )?;
            Ok::<_, ApiError>(out)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .cookie(refresh_cookie(
            &state,
            refresh,
            state.config.refresh_token_ttl_secs,
        ))
        .json(resp))
}

fn session_ended() -> ApiError {
    ApiError::unauthorized("session_expired", "The session has ended; sign in again.")
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
    let token = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .ok_or_else(session_ended)?;
    let hash = token_hash(&token);
    let st = state.clone().into_inner();
    let result = state
        .db
        .write(move |c| {
            let Some(row) = tokens::find_by_hash(c, &hash)? else {
                return Ok(Err(session_ended()));
            };
            let now = switchboard_db::now();
            if row.revoked_at.is_some() || row.expires_at < now {
                return Ok(Err(session_ended()));
            }
            if row.used_at.is_some() || tokens::mark_used(c, &row.id, now)? == 0 {
                // Reuse: someone holds a copy. End the whole family.
                let n = tokens::revoke_family(c, &row.family_id, now)?;
                tracing::warn!(family = %row.family_id, revoked = n, "refresh token reuse; family revoked");
                return Ok(Err(session_ended()));
            }
            let Some(user) = users::find(c, row.user_id)? else {
                return Ok(Err(session_ended()));
            };
            if user.disabled || user.session_version != row.session_version {
                tokens::revoke_family(c, &row.family_id, now)?;
                return Ok(Err(session_ended()));
            }
            issue(&st, c, &user, Some(row.family_id.clone())).map(Ok)
        })
        .await?;
    match result {
        Ok((resp, refresh)) => Ok(HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .cookie(refresh_cookie(
                &state,
                refresh,
                state.config.refresh_token_ttl_secs,
            ))
            .json(resp)),
        Err(e) => {
            let mut res = actix_web::ResponseError::error_response(&e);
            let _ = res.add_cookie(&refresh_cookie(&state, String::new(), 0));
            Ok(res)
        }
    }
}

/// Sign out: revokes the refresh-token family and clears the cookie.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(cookie) = req.cookie(REFRESH_COOKIE) {
        let hash = token_hash(cookie.value());
        state
            .db
            .write(move |c| {
                if let Some(row) = tokens::find_by_hash(c, &hash)? {
                    tokens::revoke_family(c, &row.family_id, switchboard_db::now())?;
                }
                Ok::<_, ApiError>(())
            })
            .await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(&state, String::new(), 0))
        .finish())
}
