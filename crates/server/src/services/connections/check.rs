//! Running the app's test request with the stored credentials.

use switchboard_types::{ApiScope, AuditAction, ConnectionId, HealthCheckSource, TestOutcome};

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
    let started = std::time::Instant::now();
    let outcome = outbound::check(state, &def, &values, true).await;
    let latency = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let p2 = p.clone();
    let upstream = outcome.upstream_status;
    let (ok, stored) = (outcome.ok, outcome.clone());
    state
        .db
        .write(move |c| {
            let actor = p2.actor_label();
            crate::services::health::apply_test(
                c,
                &row,
                &stored,
                Some(latency),
                HealthCheckSource::Manual,
                Some(&actor),
            )?;
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
