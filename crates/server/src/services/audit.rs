//! Audit events, written in the same transaction as the change they describe.

use switchboard_db::models::AuditRow;
use switchboard_db::DbConn;
use switchboard_types::{AccountId, ApiKeyId, AuditEventId, UserId};
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;

pub struct Event<'a> {
    pub account_id: AccountId,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
    pub actor: String,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<String>,
    pub client_addr: Option<std::net::IpAddr>,
    pub details: serde_json::Value,
}

impl<'a> Event<'a> {
    /// An event done by `p` in their own account.
    pub fn by(
        p: &Principal,
        action: &'a str,
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
        action: e.action.to_string(),
        target_type: e.target_type.to_string(),
        target_id: e.target_id,
        client_addr: e.client_addr.map(|a| a.to_string()),
        details: e.details.to_string(),
        created_at: switchboard_db::now(),
    };
    switchboard_db::repo::audit::insert(conn, &row)?;
    Ok(())
}
