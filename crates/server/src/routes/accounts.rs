//! Accounts: system administrators create any account; administrators of a
//! top-level account create child accounts under their own (one level).

use actix_web::{get, post, web, HttpResponse};
use switchboard_db::models::{AccountRow, UserRow};
use switchboard_db::repo::{accounts, users};
use switchboard_types::{
    Account, AccountId, AccountKind, AccountList, CreateAccountRequest, CreatedAccount, Redacted,
    Role, UserId,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{normalize_email, Principal};
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::convert;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list).service(create).service(get_one);
}

/// Accounts I may manage: all for system administrators, my children otherwise.
#[utoipa::path(tag = "accounts", responses((status = 200, body = AccountList)), security(("bearer" = [])))]
#[get("/accounts")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
) -> Result<web::Json<AccountList>, ApiError> {
    p.require_user_session()?;
    let parent = (!p.system_admin).then_some(p.account_id);
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(accounts::list(c, parent)?))
        .await?;
    Ok(web::Json(AccountList {
        items: rows.iter().map(convert::account).collect(),
        next_cursor: None,
    }))
}

/// Create an account with its first administrator.
///
/// Creates an administrator, so it needs the acting administrator's own password in
/// `current_password`.
#[utoipa::path(
    tag = "accounts",
    request_body = CreateAccountRequest,
    responses(
        (status = 201, body = CreatedAccount),
        (status = 401, description = "`current_password` is wrong (`invalid_password`)", body = switchboard_types::Problem),
        (status = 403, body = switchboard_types::Problem),
        (status = 409, body = switchboard_types::Problem),
        (status = 422, description = "invalid fields, or `current_password` missing (`current_password_required`)", body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/accounts")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    p.require_user_session()?;
    p.require_admin()?;
    let body = body.into_inner();
    crate::auth::step_up::require(
        &state,
        &p,
        body.current_password.as_ref().map(Redacted::as_str),
    )
    .await?;
    let name = body.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field("name", "must be 1–100 characters"));
    }
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
                        "child_account",
                        "Child accounts cannot have children of their own.",
                    ));
                }
                if body.parent_id.is_some_and(|pid| pid != p.account_id) {
                    return Err(ApiError::forbidden(
                        "not_parent",
                        "You can create child accounts of your own account only.",
                    ));
                }
                Some(mine.id)
            };
            if users::find_by_email(c, &email)?.is_some() {
                let mut e = ApiError::conflict("email_taken", "A user with this email exists.");
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
                Event::by(&p, "account.create", "account", Some(account.id)).details(
                    serde_json::json!({"name": account.name, "parent_id": account.parent_id}),
                ),
            )?;
            Ok::<_, ApiError>((account, admin))
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedAccount {
        account: convert::account(&account),
        admin: convert::user(&admin),
    }))
}

/// One account: my own, a child of mine, or any for system administrators.
#[utoipa::path(
    tag = "accounts",
    params(("id" = Uuid, Path, description = "Account id")),
    responses((status = 200, body = Account), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/accounts/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<AccountId>,
) -> Result<web::Json<Account>, ApiError> {
    let id = id.into_inner();
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(accounts::find(c, id)?))
        .await?;
    let me = p.account_id;
    match row {
        Some(a)
            if p.system_admin || a.id == me || (a.parent_id == Some(me) && p.api_key.is_none()) =>
        {
            Ok(web::Json(convert::account(&a)))
        }
        _ => Err(ApiError::NotFound { what: "account" }),
    }
}
