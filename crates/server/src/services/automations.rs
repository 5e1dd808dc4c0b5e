//! The registry of automations and the connections each one uses.

use switchboard_db::models::AutomationRow;
use switchboard_db::repo::automations as repo;
use switchboard_db::{DatabaseErrorKind, DbConn, DieselError};
use switchboard_types::{
    ApiScope, AuditAction, Automation, AutomationId, AutomationList, AutomationStatus,
    ConnectionId, CreateAutomationRequest, UpdateAutomationRequest,
};
use uuid::Uuid;

use super::audit::{self, Event};
use super::connections::access;
use super::convert::utc;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

fn not_found() -> ApiError {
    ApiError::NotFound { what: "automation" }
}

fn parse_name(raw: &str) -> Result<String, ApiError> {
    switchboard_types::parse_name(raw, 100).map_err(|m| ApiError::field("name", m))
}

fn to_wire(row: &AutomationRow, links: &[(AutomationId, ConnectionId)]) -> Automation {
    Automation {
        id: row.id,
        account_id: row.account_id,
        name: row.name.clone(),
        status: row.status,
        paused_reason: row.paused_reason.clone(),
        connection_ids: links
            .iter()
            .filter(|(a, _)| *a == row.id)
            .map(|(_, c)| *c)
            .collect(),
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    }
}

/// Only connections the account owns or sees as shared may be linked.
fn checked_links(
    c: &mut DbConn,
    p: &Principal,
    ids: &[ConnectionId],
) -> Result<Vec<ConnectionId>, ApiError> {
    let mut out: Vec<ConnectionId> = Vec::new();
    for id in ids {
        // Holds the row until commit: a concurrent delete waits, then sees this link.
        switchboard_db::repo::connections::lock(c, *id, false)?;
        match access(c, p, *id) {
            Ok(_) => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            Err(ApiError::NotFound { .. }) => {
                return Err(ApiError::field(
                    "connection_ids",
                    format!("{id} is not a connection this account can use"),
                ))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// A link whose connection vanished between the check and the insert.
fn link_error(e: DieselError) -> ApiError {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            ApiError::field("connection_ids", "a connection was deleted meanwhile")
        }
        other => other.into(),
    }
}

fn wire_one(c: &mut DbConn, row: &AutomationRow) -> Result<Automation, ApiError> {
    let links = repo::links(c, std::slice::from_ref(&row.id))?;
    Ok(to_wire(row, &links))
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    cursor: Option<AutomationId>,
    limit: i64,
) -> Result<AutomationList, ApiError> {
    p.require_scope(ApiScope::AutomationsRead)?;
    let acc = p.account_id;
    let (rows, links) = state
        .db
        .read(move |c| {
            let rows = repo::list(c, acc, cursor, limit + 1)?;
            let ids: Vec<AutomationId> = rows.iter().map(|r| r.id).collect();
            let links = repo::links(c, &ids)?;
            Ok::<_, ApiError>((rows, links))
        })
        .await?;
    let mut items: Vec<Automation> = rows.iter().map(|r| to_wire(r, &links)).collect();
    let mut next = None;
    if items.len() as i64 > limit {
        items.truncate(limit as usize);
        next = items.last().map(|a| super::pagination::encode(&a.id));
    }
    Ok(AutomationList {
        items,
        next_cursor: next,
    })
}

pub async fn get(
    state: &AppState,
    p: &Principal,
    id: AutomationId,
) -> Result<Automation, ApiError> {
    p.require_scope(ApiScope::AutomationsRead)?;
    let acc = p.account_id;
    state
        .db
        .read(move |c| {
            let row = repo::find_in_account(c, acc, id)?.ok_or_else(not_found)?;
            wire_one(c, &row)
        })
        .await
}

pub async fn create(
    state: &AppState,
    p: &Principal,
    req: CreateAutomationRequest,
) -> Result<Automation, ApiError> {
    p.require_scope(ApiScope::AutomationsWrite)?;
    let name = parse_name(&req.name)?;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let links = checked_links(c, &p2, &req.connection_ids)?;
            let now = switchboard_db::now();
            let row = AutomationRow {
                id: AutomationId::from(Uuid::now_v7()),
                account_id: p2.account_id,
                name,
                status: req.status.unwrap_or(AutomationStatus::Active),
                paused_reason: None,
                version: 1,
                created_at: now,
                updated_at: now,
                origin: None,
            };
            repo::insert(c, &row)?;
            repo::set_links(c, row.id, &links).map_err(link_error)?;
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::AutomationCreate,
                    "automation",
                    Some(row.id),
                )
                .details(serde_json::json!({"name": row.name, "connections": links})),
            )?;
            wire_one(c, &row)
        })
        .await
}

pub async fn update(
    state: &AppState,
    p: &Principal,
    id: AutomationId,
    if_match: Option<i64>,
    req: UpdateAutomationRequest,
) -> Result<Automation, ApiError> {
    p.require_scope(ApiScope::AutomationsWrite)?;
    let name = req.name.as_deref().map(parse_name).transpose()?;
    if req
        .paused_reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 500)
    {
        return Err(ApiError::field(
            "paused_reason",
            "must be at most 500 characters",
        ));
    }
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let row = repo::find_in_account(c, p2.account_id, id)?.ok_or_else(not_found)?;
            if if_match.is_some_and(|v| v != row.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let status = req.status.unwrap_or(row.status);
            let reason = match (status, &req.paused_reason) {
                (AutomationStatus::Active, _) => None,
                (_, Some(r)) => Some(r.trim().to_string()).filter(|r| !r.is_empty()),
                (_, None) if row.status == AutomationStatus::Paused => row.paused_reason.clone(),
                _ => Some("Paused by a user".to_string()),
            };
            let name = name.unwrap_or_else(|| row.name.clone());
            let n = repo::update(
                c,
                row.id,
                row.version,
                &name,
                status,
                reason.as_deref(),
                switchboard_db::now(),
            )?;
            if n == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            if let Some(ids) = &req.connection_ids {
                let links = checked_links(c, &p2, ids)?;
                repo::set_links(c, row.id, &links).map_err(link_error)?;
            }
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::AutomationUpdate,
                    "automation",
                    Some(row.id),
                )
                .details(serde_json::json!({"status": status, "name": name})),
            )?;
            let row = repo::find_in_account(c, p2.account_id, row.id)?.ok_or_else(not_found)?;
            wire_one(c, &row)
        })
        .await
}

pub async fn delete(state: &AppState, p: &Principal, id: AutomationId) -> Result<(), ApiError> {
    p.require_scope(ApiScope::AutomationsWrite)?;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            if repo::delete(c, p2.account_id, id)? == 0 {
                return Err(not_found());
            }
            audit::record(
                c,
                Event::by(&p2, AuditAction::AutomationDelete, "automation", Some(id)),
            )?;
            Ok(())
        })
        .await
}
