//! Users of an account, managed by its administrators.

use switchboard_db::models::UserRow;
use switchboard_db::repo::{api_keys, tokens, users};
use switchboard_types::{
    AuditAction, CreateUserRequest, ErrorCode, Redacted, Role, UpdateUserRequest, UpdatedUser,
    User, UserId,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use super::pagination::{self, PageParams};
use crate::auth::{normalize_email, step_up, throttle, Principal};
use crate::error::ApiError;
use crate::state::AppState;

fn admin_session(p: &Principal) -> Result<(), ApiError> {
    p.require_user_session()?;
    p.require_admin()
}

fn email_taken() -> ApiError {
    let mut e = ApiError::conflict(ErrorCode::EmailTaken, "A user with this email exists.");
    if let ApiError::Conflict { errors, .. } = &mut e {
        errors.insert("email".into(), vec!["is already in use".into()]);
    }
    e
}

fn not_found() -> ApiError {
    ApiError::NotFound { what: "user" }
}

/// Users of the caller's account.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    p: &Principal,
    page: PageParams,
) -> Result<(Vec<User>, Option<String>), ApiError> {
    admin_session(p)?;
    let (acc, limit) = (p.account_id, page.limit()?);
    let after: Option<String> = page.after()?;
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(users::list(c, acc, after.as_deref(), limit + 1)?))
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |u| u.email.clone());
    Ok((rows.iter().map(convert::user).collect(), next))
}

/// Adds a user; needs the acting administrator's password. Every attempt is audited.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    p: &Principal,
    body: CreateUserRequest,
) -> Result<User, ApiError> {
    let p = p.clone();
    admin_session(&p)?;
    let email = normalize_email(&body.email)
        .ok_or_else(|| ApiError::field("email", "is not a valid email address"))?;
    // Any new user is a new way in: a stolen access token alone must not make one.
    step_up::require(
        state,
        &p,
        body.current_password.as_ref().map(Redacted::as_str),
    )
    .await?;
    throttle::count_use(
        &state.db,
        format!("user-create:{}", p.user_id),
        throttle::USER_CREATION,
    )
    .await?;
    let hash = state.passwords.hash(body.password.as_str()).await?;
    let (p2, email2) = (p.clone(), email.clone());
    let created = state
        .db
        .write(move |c| {
            if users::find_by_email(c, &email)?.is_some() {
                return Err(email_taken());
            }
            let now = switchboard_db::now();
            let row = UserRow {
                id: UserId::from(Uuid::now_v7()),
                account_id: p.account_id,
                email,
                password_hash: hash,
                role: body.role,
                disabled: false,
                session_version: 1,
                created_at: now,
                updated_at: now,
            };
            users::insert(c, &row).map_err(|e| {
                if switchboard_db::is_unique_violation(&e) {
                    email_taken()
                } else {
                    e.into()
                }
            })?;
            audit::record(
                c,
                Event::by(&p, AuditAction::UserCreate, "user", Some(row.id))
                    .details(serde_json::json!({"email": row.email, "role": row.role})),
            )?;
            Ok::<_, ApiError>(row)
        })
        .await;
    let row = match created {
        Ok(row) => row,
        Err(e) => {
            // Every attempt is audited, refused ones too.
            let reason = match &e {
                ApiError::Conflict { code, .. } => code.as_str(),
                _ => "error",
            };
            state
                .db
                .write(move |c| {
                    audit::record(
                        c,
                        Event::by(&p2, AuditAction::UserCreateRefused, "user", None::<UserId>)
                            .details(serde_json::json!({"email": email2, "reason": reason})),
                    )
                })
                .await?;
            return Err(e);
        }
    };
    Ok(convert::user(&row))
}

/// Role, disabled, or a new password (which ends sessions and revokes the user's API keys).
#[tracing::instrument(skip_all)]
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: UserId,
    body: UpdateUserRequest,
) -> Result<UpdatedUser, ApiError> {
    let p = p.clone();
    admin_session(&p)?;
    if id == p.user_id && body.password.is_some() {
        return Err(ApiError::field(
            "password",
            "is your own: change it with POST /api/v1/me/password",
        ));
    }
    if body.password.is_some() || body.role == Some(Role::Admin) {
        step_up::require(
            state,
            &p,
            body.current_password.as_ref().map(Redacted::as_str),
        )
        .await?;
    }
    let hash = match body.password.as_ref() {
        Some(pw) => Some(state.passwords.hash(pw.as_str()).await?),
        None => None,
    };
    let row = state
        .db
        .write(move |c| {
            let acc = p.account_id;
            let user = users::find(c, id)?.filter(|u| u.account_id == acc).ok_or_else(not_found)?;
            let now = switchboard_db::now();
            let demoting = body.role == Some(Role::Member) && user.role == Role::Admin;
            let disabling = body.disabled == Some(true) && !user.disabled && user.role == Role::Admin;
            if id == p.user_id && (demoting || body.disabled == Some(true)) {
                return Err(self_lockout());
            }
            if (demoting || disabling) && users::count_active_admins(c, acc)? <= 1 {
                return Err(ApiError::conflict(ErrorCode::LastAdmin, "An account needs at least one active administrator."));
            }
            if let Some(role) = body.role {
                users::set_role(c, id, role, now)?;
            }
            let mut sessions_ended = false;
            let mut api_keys_revoked = 0;
            if let Some(d) = body.disabled {
                if d != user.disabled {
                    users::set_disabled(c, id, d, now)?;
                    tokens::revoke_user(c, id, now)?;
                    sessions_ended = true;
                }
            }
            if let Some(h) = &hash {
                users::set_password(c, id, h, true, now)?;
                tokens::revoke_user(c, id, now)?;
                sessions_ended = true;
                api_keys_revoked = api_keys::revoke_created_by(c, id, now)?;
            }
            audit::record(
                c,
                Event::by(&p, AuditAction::UserUpdate, "user", Some(id)).details(serde_json::json!({
                    "role": body.role.map(Role::as_str), "disabled": body.disabled, "password_changed": hash.is_some(),
                    "api_keys_revoked": api_keys_revoked,
                })),
            )?;
            let row = users::find(c, id)?.ok_or_else(not_found)?;
            Ok::<_, ApiError>(UpdatedUser {
                user: convert::user(&row),
                sessions_ended,
                api_keys_revoked: api_keys_revoked as u64,
            })
        })
        .await?;
    Ok(row)
}

/// Removes a user; never the last active administrator.
#[tracing::instrument(skip_all)]
pub async fn remove(state: &AppState, p: &Principal, id: UserId) -> Result<(), ApiError> {
    let p = p.clone();
    admin_session(&p)?;
    state
        .db
        .write(move |c| {
            let acc = p.account_id;
            let user = users::find(c, id)?
                .filter(|u| u.account_id == acc)
                .ok_or_else(not_found)?;
            if id == p.user_id {
                return Err(self_lockout());
            }
            if user.role == Role::Admin
                && !user.disabled
                && users::count_active_admins(c, acc)? <= 1
            {
                return Err(ApiError::conflict(
                    ErrorCode::LastAdmin,
                    "An account needs at least one active administrator.",
                ));
            }
            users::delete(c, id)?;
            audit::record(
                c,
                Event::by(&p, AuditAction::UserDelete, "user", Some(id))
                    .details(serde_json::json!({"email": user.email})),
            )?;
            Ok::<_, ApiError>(())
        })
        .await
}

/// An administrator cannot lock themselves out: disabling, demoting or deleting
/// one's own user is left to another administrator (so no session ends itself by
/// accident, and an account is never left with an admin who cannot undo it).
fn self_lockout() -> ApiError {
    ApiError::conflict(
        ErrorCode::SelfLockout,
        "You cannot disable, demote or delete your own user; another administrator can.",
    )
}
