//! The audit log of my account.

use actix_web::{get, web};
use base64::Engine as _;
use serde::Deserialize;
use switchboard_db::repo::audit::{self as repo, AuditFilter};
use switchboard_types::{AuditEventId, AuditPage};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::convert;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this connection.
    pub connection_id: Option<Uuid>,
    /// Only this action, e.g. `connection.reveal`.
    pub action: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Audit events of the caller's account, newest first.
#[utoipa::path(tag = "audit", params(AuditQuery), responses((status = 200, body = AuditPage)), security(("bearer" = [])))]
#[get("/audit")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<AuditQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    p.require_scope("audit:read")?;
    let q = q.into_inner();
    let limit = i64::from(q.limit.unwrap_or(50));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "limit must be between 1 and 200.",
        ));
    }
    let before = match &q.cursor {
        Some(c) => Some(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.parse::<AuditEventId>().ok())
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_cursor",
                        "The cursor is not one this server issued.",
                    )
                })?,
        ),
        None => None,
    };
    let acc = p.account_id;
    let target = q.connection_id.map(|u| u.to_string());
    let rows = state
        .db
        .read(move |c| {
            Ok::<_, ApiError>(repo::list(
                c,
                &AuditFilter {
                    account_id: acc,
                    target_id: target.as_deref(),
                    action: q.action.as_deref(),
                    before_id: before,
                    limit: limit + 1,
                },
            )?)
        })
        .await?;
    let mut items: Vec<_> = rows.iter().map(convert::audit).collect();
    let mut next = None;
    if items.len() as i64 > limit {
        items.truncate(limit as usize);
        next = items
            .last()
            .map(|e| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(e.id.to_string()));
    }
    Ok(web::Json(AuditPage {
        items,
        next_cursor: next,
    }))
}
