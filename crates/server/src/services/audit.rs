//! Audit events, written in the same transaction as the change they describe.

use serde::Deserialize;
use switchboard_db::models::AuditRow;
use switchboard_db::repo::audit::{self as repo, AuditFilter};
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, ApiKeyId, ApiScope, AuditAction, AuditEventId, AuditPage, ConnectionId, UserId,
};
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

use super::convert;

pub struct Event<'a> {
    pub account_id: AccountId,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
    pub actor: String,
    pub action: AuditAction,
    pub target_type: &'a str,
    pub target_id: Option<String>,
    pub client_addr: Option<std::net::IpAddr>,
    pub details: serde_json::Value,
}

impl<'a> Event<'a> {
    /// An event done by `p` in their own account.
    pub fn by(
        p: &Principal,
        action: AuditAction,
        target_type: &'a str,
        target_id: Option<impl std::fmt::Display>,
    ) -> Self {
        Self {
            account_id: p.account_id,
            actor_user_id: Some(p.user_id),
            actor_api_key_id: p.api_key.as_ref().map(|k| k.id),
            actor: p.actor_label(),
            action,
            target_type,
            target_id: target_id.map(|t| t.to_string()),
            client_addr: p.client_addr,
            details: serde_json::Value::Object(Default::default()),
        }
    }

    pub fn details(mut self, d: serde_json::Value) -> Self {
        self.details = d;
        self
    }
}

pub fn record(conn: &mut DbConn, e: Event<'_>) -> Result<(), ApiError> {
    let row = AuditRow {
        id: AuditEventId::from(Uuid::now_v7()),
        account_id: e.account_id,
        actor_user_id: e.actor_user_id,
        actor_api_key_id: e.actor_api_key_id,
        actor: e.actor,
        action: e.action.as_str().to_string(),
        target_type: e.target_type.to_string(),
        target_id: e.target_id,
        client_addr: e.client_addr.map(|a| a.to_string()),
        details: e.details.to_string(),
        created_at: switchboard_db::now(),
    };
    switchboard_db::repo::audit::insert(conn, &row)?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this connection.
    pub connection_id: Option<ConnectionId>,
    /// Only this action, e.g. `connection.reveal`.
    pub action: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

/// Audit events of the caller's account, newest first, in pages.
#[tracing::instrument(skip(state, p))]
pub async fn list(state: &AppState, p: &Principal, q: AuditQuery) -> Result<AuditPage, ApiError> {
    p.require_scope(ApiScope::AuditRead)?;
    let limit = super::pagination::limit(q.limit)?;
    let before: Option<AuditEventId> = super::pagination::position(q.cursor.as_deref())?;
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
        next = items.last().map(|e| super::pagination::encode(&e.id));
    }
    Ok(AuditPage {
        items,
        next_cursor: next,
    })
}
