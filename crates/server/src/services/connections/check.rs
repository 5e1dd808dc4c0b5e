//! Running the app's test request with the stored credentials.

use switchboard_db::models::StatusChange;
use switchboard_db::repo::connections as repo;
use switchboard_types::{
    ApiScope, AuditAction, ConnectionId, ConnectionStatus, StatusCause, TestOutcome,
};

use super::owned;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::outbound;
use crate::state::AppState;

/// Runs the app's test request with the stored credentials and records the outcome.
#[tracing::instrument(skip(state, p))]
pub async fn test(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<TestOutcome, ApiError> {
    p.require_scope(ApiScope::ConnectionsWrite)?;
    let p1 = p.clone();
    let row = state.db.read(move |c| owned(c, &p1, id)).await?;
    // OAuth tokens are refreshed first when they expire soon.
    let crate::services::tokens::Usable { row, def, values } =
        crate::services::tokens::usable(state, row.id, crate::services::tokens::Want::OnDemand)
            .await?;
    if def.test.is_none() {
        return Ok(TestOutcome {
            ok: true,
            upstream_status: None,
            message: format!("{} has no test request; nothing was sent.", def.name),
            identity: row.identity.clone(),
        });
    }
    let outcome = outbound::check(state, &def, &values, true).await;
    let p2 = p.clone();
    let identity = outcome.identity.clone();
    let upstream = outcome.upstream_status;
    let (ok, message) = (outcome.ok, outcome.message.clone());
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            let status = if ok {
                StatusChange::active()
            } else {
                StatusChange::failed(ConnectionStatus::Error, StatusCause::TestFailed, &message)
            };
            repo::set_status(c, row.id, &status, identity.as_deref(), now)?;
            let actor = p2.actor_label();
            if ok {
                crate::services::events::recovered_if(c, &row, Some(&actor))?;
            } else if let Some(after) = repo::find(c, row.id)? {
                crate::services::events::record(
                    c,
                    switchboard_types::EventType::ConnectionTestFailed,
                    &after,
                    Some(&actor),
                    serde_json::json!({"reason": message, "upstream_status": upstream}),
                )?;
            }
            audit::record(
                c,
                Event::by(&p2, AuditAction::ConnectionTest, "connection", Some(row.id))
                    .details(serde_json::json!({"ok": ok, "upstream_status": upstream})),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(outcome)
}
