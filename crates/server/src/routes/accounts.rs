//! Accounts: system administrators create any account; administrators of a
//! top-level account create child accounts under their own (one level).

use actix_web::{delete, get, post, web, HttpResponse};
use switchboard_types::{Account, AccountId, AccountList, CreateAccountRequest, CreatedAccount};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::accounts as svc;
use crate::services::pagination::PageParams;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(remove);
}

/// Accounts I may manage: all for system administrators, my children otherwise.
#[utoipa::path(tag = "accounts", params(PageParams), responses((status = 200, body = AccountList)), security(("bearer" = [])))]
#[get("/accounts")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    page: web::Query<PageParams>,
) -> Result<web::Json<AccountList>, ApiError> {
    let (items, next_cursor) = svc::list(&state, &p, page.into_inner()).await?;
    Ok(web::Json(AccountList { items, next_cursor }))
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
    body: super::JsonObject<CreateAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(super::location(format_args!(
            "accounts/{}",
            created.account.id
        )))
        .json(created))
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
    Ok(web::Json(svc::get(&state, &p, id.into_inner()).await?))
}

/// Delete an account with its child accounts, users, API keys, connections and
/// automations, and destroy its data keys (so copies of its encrypted credentials
/// can never be opened again; backups taken before keep them, see docs/backup.md).
/// System administrators, or the parent account's administrators. An account that
/// is not empty answers 409 `account_not_empty` with the counts unless `?force=true`.
#[utoipa::path(
    tag = "accounts",
    params(("id" = Uuid, Path, description = "Account id"), switchboard_types::ForceQuery),
    responses(
        (status = 200, body = switchboard_types::DeletedAccount),
        (status = 409, description = "the account holds child accounts, connections or automations (`account_not_empty`)", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[delete("/accounts/{id}")]
async fn remove(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<AccountId>,
    force: web::Query<switchboard_types::ForceQuery>,
) -> Result<web::Json<switchboard_types::DeletedAccount>, ApiError> {
    let force = force.force.unwrap_or(false);
    Ok(web::Json(
        svc::delete(&state, &p, id.into_inner(), force).await?,
    ))
}
