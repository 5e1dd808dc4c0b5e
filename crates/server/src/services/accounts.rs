//! Accounts: system administrators create any account; administrators of a
//! top-level account create child accounts under their own (one level).

use switchboard_db::models::{AccountRow, UserRow};
use switchboard_db::repo::{accounts, users};
use switchboard_types::{
    Account, AccountId, AccountKind, AuditAction, CreateAccountRequest, CreatedAccount, ErrorCode,
    Redacted, Role, UserId,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use super::pagination::{self, PageParams};
use crate::auth::{normalize_email, Principal};
use crate::error::ApiError;
use crate::state::AppState;

/// Accounts the caller may manage: all for system administrators, their children otherwise.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    p: &Principal,
    page: PageParams,
) -> Result<(Vec<Account>, Option<String>), ApiError> {
    p.require_user_session()?;
    let parent = (!p.system_admin).then_some(p.account_id);
    let limit = page.limit()?;
    let after: Option<(String, AccountId)> = page.after()?;
    let rows = state
        .db
        .read(move |c| {
            let after = after.as_ref().map(|(n, id)| (n.as_str(), *id));
            Ok::<_, ApiError>(accounts::list(c, parent, after, limit + 1)?)
        })
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |a| (a.name.clone(), a.id));
    Ok((rows.iter().map(convert::account).collect(), next))
}

/// An account with its first administrator. Creates an administrator, so it needs
/// the acting administrator's own password.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    p: &Principal,
    body: CreateAccountRequest,
) -> Result<CreatedAccount, ApiError> {
    p.require_user_session()?;
    p.require_admin()?;
    crate::auth::step_up::require(
        state,
        p,
        body.current_password.as_ref().map(Redacted::as_str),
    )
    .await?;
    let name =
        switchboard_types::parse_name(&body.name, 100).map_err(|m| ApiError::field("name", m))?;
    let email = normalize_email(&body.admin.email)
        .ok_or_else(|| ApiError::field("admin.email", "is not a valid email address"))?;
    let hash = state
        .passwords
        .hash(body.admin.password.as_str())
        .await
        .map_err(|e| match e {
            ApiError::Validation { errors, detail } => ApiError::Validation {
                detail,
                errors: errors
                    .into_iter()
                    .map(|(k, v)| (format!("admin.{k}"), v))
                    .collect(),
            },
            other => other,
        })?;
    let keys = state.keys.clone();
    let p = p.clone();
    let (account, admin) = state
        .db
        .write(move |c| {
            let mine = accounts::find(c, p.account_id)?
                .ok_or_else(|| ApiError::internal("caller's account missing"))?;
            let parent = if p.system_admin {
                match body.parent_id {
                    Some(pid) => {
                        let parent = accounts::find(c, pid)?
                            .ok_or_else(|| ApiError::field("parent_id", "is not an account"))?;
                        if parent.kind == AccountKind::System || parent.parent_id.is_some() {
                            return Err(ApiError::field(
                                "parent_id",
                                "must be a top-level standard account (one level of children)",
                            ));
                        }
                        Some(parent.id)
                    }
                    None => None,
                }
            } else {
                if mine.parent_id.is_some() {
                    return Err(ApiError::forbidden(
                        ErrorCode::ChildAccount,
                        "Child accounts cannot have children of their own.",
                    ));
                }
                if body.parent_id.is_some_and(|pid| pid != p.account_id) {
                    return Err(ApiError::forbidden(
                        ErrorCode::NotParent,
                        "You can create child accounts of your own account only.",
                    ));
                }
                Some(mine.id)
            };
            if users::find_by_email(c, &email)?.is_some() {
                let mut e =
                    ApiError::conflict(ErrorCode::EmailTaken, "A user with this email exists.");
                if let ApiError::Conflict { errors, .. } = &mut e {
                    errors.insert("admin.email".into(), vec!["is already in use".into()]);
                }
                return Err(e);
            }
            let now = switchboard_db::now();
            let id = AccountId::from(Uuid::now_v7());
            let account = AccountRow {
                id,
                name,
                kind: AccountKind::Standard,
                parent_id: parent,
                created_at: now,
                updated_at: now,
            };
            accounts::insert(c, &account)?;
            keys.create_account_key(c, id)?;
            let admin = UserRow {
                id: UserId::from(Uuid::now_v7()),
                account_id: account.id,
                email,
                password_hash: hash,
                role: Role::Admin,
                disabled: false,
                session_version: 1,
                created_at: now,
                updated_at: now,
            };
            users::insert(c, &admin)?;
            audit::record(
                c,
                Event::by(&p, AuditAction::AccountCreate, "account", Some(account.id)).details(
                    serde_json::json!({"name": account.name, "parent_id": account.parent_id}),
                ),
            )?;
            Ok::<_, ApiError>((account, admin))
        })
        .await?;
    Ok(CreatedAccount {
        account: convert::account(&account),
        admin: convert::user(&admin),
    })
}

/// One account: the caller's own, a child of it, or any for system administrators.
#[tracing::instrument(skip(state, p))]
pub async fn get(state: &AppState, p: &Principal, id: AccountId) -> Result<Account, ApiError> {
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(accounts::find(c, id)?))
        .await?;
    let me = p.account_id;
    match row {
        Some(a)
            if p.system_admin || a.id == me || (a.parent_id == Some(me) && p.api_key.is_none()) =>
        {
            Ok(convert::account(&a))
        }
        _ => Err(ApiError::NotFound { what: "account" }),
    }
}
