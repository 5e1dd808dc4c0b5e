//! Automations that use a connection, and pausing them when it goes away
//! (deleted, or no longer shared with their account).

use std::collections::BTreeMap;

use switchboard_db::models::AutomationRow;
use switchboard_db::repo::automations as automations_repo;
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, ApiScope, AuditAction, AutomationId, AutomationStatus, AutomationUsage,
    ConnectionId, ConnectionUsage,
};

use super::access;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::state::AppState;

/// Every automation using a connection: for its owner, all accounts' (with the
/// account's name); for an account it is shared with, that account's own.
#[tracing::instrument(skip(state, p))]
pub async fn automations_using(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<ConnectionUsage, ApiError> {
    p.require_scope(ApiScope::AutomationsRead)?;
    let p2 = p.clone();
    state
        .db
        .read(move |c| {
            let (row, owner) = access(c, &p2, id)?;
            let mine = p2.account_id;
            let rows: Vec<AutomationRow> = automations_repo::using_connection(c, row.id)?
                .into_iter()
                .filter(|a| owner || a.account_id == mine)
                .collect();
            Ok::<_, ApiError>(ConnectionUsage {
                items: usage(c, &rows)?,
            })
        })
        .await
}

/// Automations with their account names.
pub(crate) fn usage(
    c: &mut DbConn,
    rows: &[AutomationRow],
) -> Result<Vec<AutomationUsage>, ApiError> {
    let ids: Vec<AccountId> = rows.iter().map(|a| a.account_id).collect();
    let names: BTreeMap<AccountId, String> = switchboard_db::repo::accounts::names(c, &ids)?
        .into_iter()
        .collect();
    Ok(rows
        .iter()
        .map(|a| AutomationUsage {
            id: a.id,
            name: a.name.clone(),
            status: a.status,
            paused_reason: a.paused_reason.clone(),
            account_id: a.account_id,
            account_name: names.get(&a.account_id).cloned().unwrap_or_default(),
        })
        .collect())
}

/// The active ones among `users`: a 409 `connection_in_use` naming them unless
/// `force`; with `force` they are paused with `reason`, each audited in its own
/// account, and returned as they are now.
pub(crate) fn pause_active(
    c: &mut DbConn,
    p: &Principal,
    users: Vec<AutomationRow>,
    force: bool,
    in_use: impl FnOnce(usize) -> String,
    reason: &str,
) -> Result<Vec<AutomationUsage>, ApiError> {
    let active: Vec<AutomationRow> = users
        .into_iter()
        .filter(|a| a.status == AutomationStatus::Active)
        .collect();
    if active.is_empty() {
        return Ok(Vec::new());
    }
    if !force {
        return Err(ApiError::InUse {
            detail: in_use(active.len()),
            automations: usage(c, &active)?,
        });
    }
    let ids: Vec<AutomationId> = active.iter().map(|a| a.id).collect();
    automations_repo::pause(c, &ids, reason, switchboard_db::now())?;
    let mut paused = Vec::with_capacity(active.len());
    for mut a in active {
        let mut e = Event::by(p, AuditAction::AutomationPaused, "automation", Some(a.id))
            .details(serde_json::json!({"reason": reason}));
        e.account_id = a.account_id;
        audit::record(c, e)?;
        crate::services::events::record_in(
            c,
            a.account_id,
            switchboard_types::EventType::AutomationPaused,
            None,
            Some(&p.actor_label()),
            serde_json::json!({"automation": {"id": a.id, "name": a.name}, "reason": reason}),
        )?;
        a.status = AutomationStatus::Paused;
        a.paused_reason = Some(reason.to_string());
        paused.push(a);
    }
    usage(c, &paused)
}
