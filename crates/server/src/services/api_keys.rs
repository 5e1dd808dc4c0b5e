//! API keys for machines and SDKs: shown once, stored as SHA-256 hashes, scoped.

use switchboard_db::models::ApiKeyRow;
use switchboard_db::repo::api_keys as repo;
use switchboard_types::{
    ApiKey, ApiKeyId, ApiScope, AuditAction, CreateApiKeyRequest, CreatedApiKey, Redacted,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert;
use super::pagination::{self, PageParams};
use crate::auth::extract::API_KEY_PREFIX;
use crate::auth::{random_token, token_hash, Principal};
use crate::error::ApiError;
use crate::state::AppState;

/// API keys of the caller's account (administrators see all, members their own).
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    p: &Principal,
    page: PageParams,
) -> Result<(Vec<ApiKey>, Option<String>), ApiError> {
    p.require_user_session()?;
    let (acc, limit) = (p.account_id, page.limit()?);
    let creator = (!p.is_admin()).then_some(p.user_id);
    let after: Option<(chrono::NaiveDateTime, ApiKeyId)> = page.after()?;
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::list(c, acc, creator, after, limit + 1)?))
        .await?;
    let (rows, next) = pagination::finish(rows, limit, |k| (k.created_at, k.id));
    Ok((rows.iter().map(convert::api_key).collect(), next))
}

/// A new key; the answer is the only time it is shown. Keys with
/// `credentials:read` or `proxy` reach secrets: they need the creator's password.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    p: &Principal,
    body: CreateApiKeyRequest,
) -> Result<CreatedApiKey, ApiError> {
    p.require_user_session()?;
    let name =
        switchboard_types::parse_name(&body.name, 100).map_err(|m| ApiError::field("name", m))?;
    let mut scopes: Vec<ApiScope> = Vec::new();
    for s in &body.scopes {
        let Some(scope) = ApiScope::parse(s) else {
            let all: Vec<&str> = ApiScope::ALL.iter().map(|a| a.as_str()).collect();
            return Err(ApiError::field(
                "scopes",
                format!("{s:?} is not a scope; use any of {}", all.join(", ")),
            ));
        };
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(ApiError::field("scopes", "must name at least one scope"));
    }
    if scopes.iter().any(|s| s.is_sensitive()) {
        crate::auth::step_up::require(
            state,
            p,
            body.current_password.as_ref().map(Redacted::as_str),
        )
        .await?;
    }
    let key = format!("{API_KEY_PREFIX}{}", random_token());
    let row = ApiKeyRow {
        id: ApiKeyId::from(Uuid::now_v7()),
        account_id: p.account_id,
        created_by: p.user_id,
        name,
        prefix: key.chars().take(12).collect(),
        key_hash: token_hash(&key),
        scopes: scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        created_at: switchboard_db::now(),
        last_used_at: None,
        revoked_at: None,
    };
    let p = p.clone();
    let row = state
        .db
        .write(move |c| {
            repo::insert(c, &row)?;
            audit::record(
                c,
                Event::by(&p, AuditAction::ApiKeyCreate, "api_key", Some(row.id))
                    .details(serde_json::json!({"name": row.name, "scopes": scopes})),
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(CreatedApiKey {
        api_key: convert::api_key(&row),
        key: key.into(),
    })
}

/// Revokes a key of the caller (administrators: any key of the account).
#[tracing::instrument(skip(state, p))]
pub async fn revoke(state: &AppState, p: &Principal, id: ApiKeyId) -> Result<(), ApiError> {
    p.require_user_session()?;
    let p = p.clone();
    state
        .db
        .write(move |c| {
            let acc = p.account_id;
            let mine = repo::find_active(c, acc, id)?
                .filter(|k| p.is_admin() || k.created_by == p.user_id);
            if mine.is_none() {
                return Err(ApiError::NotFound { what: "API key" });
            }
            repo::revoke(c, acc, id, switchboard_db::now())?;
            audit::record(
                c,
                Event::by(&p, AuditAction::ApiKeyRevoke, "api_key", Some(id)),
            )?;
            Ok::<_, ApiError>(())
        })
        .await
}
