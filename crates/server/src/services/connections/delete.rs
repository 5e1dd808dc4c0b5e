//! Deleting a connection, with what it does to the automations that use it.

use switchboard_db::repo::automations as automations_repo;
use switchboard_db::repo::connections as repo;
use switchboard_types::{ApiScope, AuditAction, ConnectionId, DeletedConnection};

use super::usage::pause_active;
use super::{apps, open_fields, owned};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::state::AppState;

/// Deletes a connection. Active automations using it (in any account) make it a 409
/// `connection_in_use` unless `force`; with `force` they are paused, in the same
/// transaction, with a reason naming the connection, and returned. OAuth tokens
/// are revoked at the provider after the commit (best effort).
#[tracing::instrument(skip(state, p))]
pub async fn delete(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    force: bool,
) -> Result<DeletedConnection, ApiError> {
    p.require_scope(ApiScope::ConnectionsWrite)?;
    let p2 = p.clone();
    let app_names = state.db.read(apps::names).await?;
    let keys = state.keys.clone();
    let (deleted, tokens) = state
        .db
        .write(move |c| {
            repo::lock(c, id, true)?;
            let row = owned(c, &p2, id)?;
            // OAuth tokens to revoke after the commit (unreadable ones are skipped).
            let tokens = open_fields(&keys, c, &row)
                .ok()
                .filter(|f| f.contains_key("access_token"))
                .map(|f| (row.app_slug.to_string(), f));
            let app = app_names
                .get(row.app_slug.as_str())
                .cloned()
                .unwrap_or_else(|| row.app_slug.to_string());
            let reason = format!("Connection \"{} / {}\" was deleted", app, row.name);
            // The owner and the child accounts whose automations use it hear of it
            // (before the links go with it).
            crate::services::events::record_with_users(
                c,
                switchboard_types::EventType::ConnectionDeleted,
                &row,
                Some(&p2.actor_label()),
                serde_json::json!({}),
            )?;
            let users = automations_repo::using_connection(c, row.id)?;
            let paused = pause_active(
                c,
                &p2,
                users,
                force,
                |n| format!("{n} active automation(s) use this connection. Delete with ?force=true to pause them."),
                &reason,
            )?;
            // The links go with the connection (ON DELETE CASCADE): nothing dangles.
            repo::delete(c, p2.account_id, row.id)?;
            let paused_ids: Vec<_> = paused.iter().map(|a| a.id).collect();
            audit::record(
                c,
                Event::by(&p2, AuditAction::ConnectionDelete, "connection", Some(row.id)).details(
                    serde_json::json!({"app": row.app_slug, "name": row.name, "paused_automations": paused_ids}),
                ),
            )?;
            let deleted = DeletedConnection {
                id,
                paused_automations: paused,
            };
            Ok::<_, ApiError>((deleted, tokens))
        })
        .await?;
    if let Some((app, fields)) = tokens {
        let state = state.clone();
        tokio::spawn(async move { crate::services::oauth::revoke(&state, &app, fields).await });
    }
    Ok(deleted)
}
