//! The caller themselves: who they are, and changing their own password.

use switchboard_db::repo::{accounts, tokens, users};
use switchboard_types::{AuditAction, ChangePasswordRequest, ErrorCode, Me};

use super::audit::{self, Event};
use super::convert;
use crate::auth::{step_up, Principal};
use crate::error::ApiError;
use crate::state::AppState;

/// A new password for the caller: needs the current one; ends every session of theirs.
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: &AppState,
    p: &Principal,
    body: ChangePasswordRequest,
) -> Result<(), ApiError> {
    let p = p.clone();
    step_up::verify(state, &p, body.current_password.as_str()).await?;
    let hash = state
        .passwords
        .hash(body.new_password.as_str())
        .await
        .map_err(|e| match e {
            ApiError::Validation { errors, detail } => ApiError::Validation {
                detail,
                errors: errors
                    .into_values()
                    .map(|v| ("new_password".to_string(), v))
                    .collect(),
            },
            other => other,
        })?;
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            let id = p.user_id;
            users::set_password(c, id, &hash, true, now)?;
            tokens::revoke_user(c, id, now)?;
            audit::record(
                c,
                Event::by(&p, AuditAction::UserPasswordChange, "user", Some(id)),
            )?;
            Ok::<_, ApiError>(())
        })
        .await
}

/// The calling user, their account, and the API key's scopes when called with one.
#[tracing::instrument(skip_all)]
pub async fn me(state: &AppState, p: &Principal) -> Result<Me, ApiError> {
    let (uid, acc) = (p.user_id, p.account_id);
    let (user, account) = state
        .db
        .read(move |c| Ok::<_, ApiError>((users::find(c, uid)?, accounts::find(c, acc)?)))
        .await?;
    let (Some(user), Some(account)) = (user, account) else {
        return Err(ApiError::unauthorized(
            ErrorCode::Unauthenticated,
            "The user no longer exists.",
        ));
    };
    Ok(Me {
        user: convert::user(&user),
        account: convert::account(&account),
        system_admin: p.system_admin,
        api_key_scopes: p.api_key.as_ref().map(|k| k.scopes.clone()),
    })
}
