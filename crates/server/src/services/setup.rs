//! First-run setup: the first system administrator, with the one-time token the
//! server printed at start. Throttled like sign-in; works once.

use std::net::IpAddr;

use secrecy::ExposeSecret;
use switchboard_db::models::UserRow;
use switchboard_db::repo::{accounts, settings, users};
use switchboard_types::{AuditAction, ErrorCode, Role, SetupRequest, User, UserId};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use crate::auth::throttle::{self, Purpose};
use crate::auth::{constant_time_eq, normalize_email};
use crate::error::ApiError;
use crate::state::AppState;

/// Whether setup is still needed (no user exists yet).
pub async fn needed(state: &AppState) -> Result<bool, ApiError> {
    let n = state
        .db
        .read(|c| Ok::<_, ApiError>(users::count(c)?))
        .await?;
    Ok(n == 0)
}

/// Creates the first system administrator.
#[tracing::instrument(skip(state, body))]
pub async fn complete(
    state: &AppState,
    addr: Option<IpAddr>,
    body: SetupRequest,
) -> Result<User, ApiError> {
    let existing = state
        .db
        .read(|c| Ok::<_, ApiError>(users::count(c)?))
        .await?;
    if existing > 0 {
        return Err(ApiError::conflict(
            ErrorCode::AlreadySetUp,
            "Switchboard is already set up; sign in instead.",
        ));
    }
    let attempt = throttle::reserve(&state.db, Purpose::Setup, "setup", addr).await?;
    state.metrics.setup_token_checks.inc();
    if !constant_time_eq(
        body.token.as_str().trim().as_bytes(),
        state.setup_token.expose_secret().as_bytes(),
    ) {
        return Err(ApiError::unauthorized(
            ErrorCode::InvalidSetupToken,
            "The setup token is not right. It is printed in the server log at start.",
        ));
    }
    attempt.succeeded(&state.db).await?;
    let email = normalize_email(&body.email)
        .ok_or_else(|| ApiError::field("email", "is not a valid email address"))?;
    let hash = state.passwords.hash(body.password.as_str()).await?;
    let row = state
        .db
        .write(move |c| {
            // The marker row's primary key makes concurrent setups fail instead of creating two admins.
            settings::insert(c, "setup_completed", &switchboard_db::now().to_string()).map_err(
                |e| {
                    if switchboard_db::is_unique_violation(&e) {
                        ApiError::conflict(
                            ErrorCode::AlreadySetUp,
                            "Switchboard is already set up; sign in instead.",
                        )
                    } else {
                        e.into()
                    }
                },
            )?;
            if users::count(c)? > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadySetUp,
                    "Switchboard is already set up; sign in instead.",
                ));
            }
            let system =
                accounts::system(c)?.ok_or_else(|| ApiError::internal("system account missing"))?;
            let now = switchboard_db::now();
            let row = UserRow {
                id: UserId::from(Uuid::now_v7()),
                account_id: system.id,
                email: email.clone(),
                password_hash: hash,
                role: Role::Admin,
                disabled: false,
                session_version: 1,
                created_at: now,
                updated_at: now,
            };
            users::insert(c, &row)?;
            audit::record(
                c,
                Event {
                    account_id: system.id,
                    actor_user_id: Some(row.id),
                    actor_api_key_id: None,
                    actor: email.clone(),
                    action: AuditAction::SetupComplete,
                    target_type: "user",
                    target_id: Some(row.id.to_string()),
                    client_addr: addr,
                    details: serde_json::json!({}),
                },
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    tracing::info!(user_id = %row.id, "setup complete: first system administrator created");
    Ok(convert::user(&row))
}
