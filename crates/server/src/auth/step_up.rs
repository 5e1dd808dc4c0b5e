//! Step-up: actions that could take over an account or reach secrets need the acting
//! user's password in the same request, not just an access token — a stolen token
//! alone cannot change a password, make an administrator, create a key that reads
//! credentials, or reveal a secret. Every check is throttled like sign-in.

use crate::auth::throttle::{self, Purpose};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;
use switchboard_types::ErrorCode;

fn wrong_password() -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidPassword, "The password is not right.")
}

/// Checks `password` against the signed-in user's own (API keys are refused):
/// 401 `invalid_password` when wrong, 429 when throttled.
pub async fn verify(state: &AppState, p: &Principal, password: &str) -> Result<(), ApiError> {
    p.require_user_session()?;
    let attempt = throttle::reserve(
        &state.db,
        Purpose::Reauth,
        &p.user_id.to_string(),
        p.client_addr,
    )
    .await?;
    let uid = p.user_id;
    let user = state
        .db
        .read(move |c| Ok::<_, ApiError>(switchboard_db::repo::users::find(c, uid)?))
        .await?;
    let ok = state
        .passwords
        .verify(user.as_ref().map(|u| u.password_hash.as_str()), password)
        .await?;
    if !ok {
        return Err(wrong_password());
    }
    attempt.succeeded(&state.db).await
}

/// [`verify`] for the `current_password` field of a request: 422
/// `current_password_required` when it is missing.
pub async fn require(
    state: &AppState,
    p: &Principal,
    current_password: Option<&str>,
) -> Result<(), ApiError> {
    match current_password.filter(|s| !s.is_empty()) {
        Some(pw) => verify(state, p, pw).await,
        None => Err(ApiError::Unprocessable {
            code: ErrorCode::CurrentPasswordRequired,
            detail: "This change needs your own password in `current_password`.".into(),
        }),
    }
}
