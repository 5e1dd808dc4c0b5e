//! Sign-in, refresh-token rotation and sign-out. Access tokens are short-lived
//! JWTs; refresh tokens are random, stored hashed, rotate on every use, and a
//! reused one ends its whole family.

use std::net::IpAddr;

use chrono::Duration;
use switchboard_db::models::{RefreshTokenRow, UserRow};
use switchboard_db::repo::{tokens, users};
use switchboard_types::{AuditAction, ErrorCode, LoginRequest, TokenResponse};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use crate::auth::password::needs_rehash;
use crate::auth::throttle::{self, Purpose};
use crate::auth::{normalize_email, random_token, token_hash};
use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in session: the access token answer and the new refresh token.
pub type Session = (TokenResponse, String);

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::InvalidCredentials,
        "The email or password is not right.",
    )
}

/// Issues an access token and a new refresh token of `family` (a new family when `None`).
pub(crate) fn issue(
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

/// Signs in with email and password. Attempts are reserved before the password
/// is checked (per account and address); failures are audited.
#[tracing::instrument(skip(state, body))]
pub async fn login(
    state: &AppState,
    addr: Option<IpAddr>,
    body: LoginRequest,
) -> Result<Session, ApiError> {
    // Something that is not an email matches no user; it is throttled under a digest
    // of itself (it may hold characters a database refuses, such as NUL).
    let valid = normalize_email(&body.email);
    let email = valid
        .clone()
        .unwrap_or_else(|| format!("invalid:{}", token_hash(&body.email)));
    // Counted before the password is checked: parallel guesses cannot overrun the limit.
    let attempt = throttle::reserve(&state.db, Purpose::Login, &email, addr).await?;

    let user = match valid {
        Some(lookup) => {
            state
                .db
                .read(move |c| Ok::<_, ApiError>(users::find_by_email(c, &lookup)?))
                .await?
        }
        None => None,
    };
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
                                action: AuditAction::AuthLoginFailed,
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
                    action: AuditAction::AuthLogin,
                    target_type: "user",
                    target_id: Some(user.id.to_string()),
                    client_addr: addr,
                    details: serde_json::json!({}),
                },
            )?;
            Ok::<_, ApiError>(out)
        })
        .await?;
    Ok((resp, refresh))
}

pub(crate) fn session_ended() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::SessionExpired,
        "The session has ended; sign in again.",
    )
}

/// Rotates a refresh token into a new session. A token used before ends its family.
#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, token: &str) -> Result<Session, ApiError> {
    let hash = token_hash(token);
    let st = state.clone();
    state
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
        .await?
}

/// Ends the refresh token's family (sign-out). Unknown tokens are ignored.
pub async fn logout(state: &AppState, token: &str) -> Result<(), ApiError> {
    let hash = token_hash(token);
    state
        .db
        .write(move |c| {
            if let Some(row) = tokens::find_by_hash(c, &hash)? {
                tokens::revoke_family(c, &row.family_id, switchboard_db::now())?;
            }
            Ok::<_, ApiError>(())
        })
        .await
}
