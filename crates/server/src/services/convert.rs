//! Row → wire type conversions.

use chrono::{DateTime, NaiveDateTime, Utc};
use switchboard_db::models::{AccountRow, ApiKeyRow, AuditRow, UserRow};
use switchboard_types::{Account, ApiKey, ApiScope, AuditEvent, User};

pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn user(r: &UserRow) -> User {
    User {
        id: r.id,
        account_id: r.account_id,
        email: r.email.clone(),
        role: r.role,
        disabled: r.disabled,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

pub fn account(r: &AccountRow) -> Account {
    Account {
        id: r.id,
        name: r.name.clone(),
        kind: r.kind,
        parent_id: r.parent_id,
        created_at: utc(r.created_at),
    }
}

pub fn api_key(r: &ApiKeyRow) -> ApiKey {
    ApiKey {
        id: r.id,
        name: r.name.clone(),
        prefix: r.prefix.clone(),
        scopes: r.scopes.split(' ').filter_map(ApiScope::parse).collect(),
        created_by: r.created_by,
        created_at: utc(r.created_at),
        last_used_at: r.last_used_at.map(utc),
    }
}

pub fn audit(r: &AuditRow) -> AuditEvent {
    AuditEvent {
        id: r.id,
        account_id: r.account_id,
        actor_user_id: r.actor_user_id,
        actor_api_key_id: r.actor_api_key_id,
        actor: r.actor.clone(),
        action: r.action.clone(),
        target_type: r.target_type.clone(),
        target_id: r.target_id.clone(),
        client_addr: r.client_addr.clone(),
        details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
        created_at: utc(r.created_at),
    }
}
