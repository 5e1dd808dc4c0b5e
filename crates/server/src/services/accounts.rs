//! Accounts: system administrators create any account; administrators of a
//! top-level account create child accounts under their own (one level).

use switchboard_db::models::{AccountRow, UserRow};
use switchboard_db::repo::{accounts, users};
use switchboard_types::{
    Account, AccountId, AccountKind, AuditAction, CreateAccountRequest, CreatedAccount,
    DeletedAccount, ErrorCode, Redacted, Role, UserId,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use super::pagination::{self, PageParams};
use crate::auth::{normalize_email, Principal};
use crate::error::{ApiError, FieldErrors};
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

/// Deletes an account, its descendants, and everything in them: users (with their
/// API keys and sessions), connections (with their credentials), automations, and
/// the accounts' wrapped data keys, in one transaction. Without the data key no
/// copy of the ciphertext (a stale replica's cache aside) can be opened again.
/// System administrators may delete any account but the system one; an account's
/// administrators its child accounts. Without `force` an account that holds child
/// accounts, connections or automations is refused (409 `account_not_empty`, with
/// the counts).
#[tracing::instrument(skip(state, p))]
pub async fn delete(
    state: &AppState,
    p: &Principal,
    id: AccountId,
    force: bool,
) -> Result<DeletedAccount, ApiError> {
    p.require_user_session()?;
    p.require_admin()?;
    let p2 = p.clone();
    let (report, removed) = state
        .db
        .write(move |c| {
            let target = accounts::find(c, id)?
                .filter(|a| p2.system_admin || a.id == p2.account_id || a.parent_id == Some(p2.account_id))
                .ok_or(ApiError::NotFound { what: "account" })?;
            let deletable = target.kind != AccountKind::System
                && target.id != p2.account_id
                && (p2.system_admin || target.parent_id == Some(p2.account_id));
            if !deletable {
                return Err(ApiError::forbidden(
                    ErrorCode::NotParent,
                    "An account is deleted by its parent account's administrators or a system administrator; the system account and your own account cannot be deleted.",
                ));
            }
            // The account and its descendants, parents before children.
            let mut order = vec![id];
            let mut i = 0;
            while i < order.len() {
                order.extend(accounts::children(c, order[i])?);
                i += 1;
            }
            let (mut users, mut connections, mut automations) = (0, 0, 0);
            for a in &order {
                let (u, cn, au) = accounts::contents(c, *a)?;
                users += u;
                connections += cn;
                automations += au;
            }
            let children = order.len() as i64 - 1;
            if !force && (children > 0 || connections > 0 || automations > 0) {
                let mut errors = FieldErrors::new();
                for (k, n) in [("children", children), ("connections", connections), ("automations", automations)] {
                    errors.insert(k.into(), vec![n.to_string()]);
                }
                return Err(ApiError::Conflict {
                    code: ErrorCode::AccountNotEmpty,
                    detail: format!(
                        "{} holds {children} child accounts, {connections} connections and {automations} automations; delete with ?force=true to delete them all.",
                        target.name
                    ),
                    errors,
                });
            }
            for a in order.iter().rev() {
                accounts::delete(c, *a)?;
            }
            let report = DeletedAccount {
                id,
                accounts: order.len() as i64,
                users,
                connections,
                automations,
            };
            audit::record(
                c,
                Event::by(&p2, AuditAction::AccountDelete, "account", Some(id)).details(serde_json::json!({
                    "name": target.name,
                    "accounts": report.accounts,
                    "users": users,
                    "connections": connections,
                    "automations": automations,
                })),
            )?;
            Ok::<_, ApiError>((report, order))
        })
        .await?;
    for a in removed {
        state.keys.forget(a);
    }
    // The freed pages were overwritten in the WAL; move them into the file too.
    state.db.checkpoint().await;
    Ok(report)
}
