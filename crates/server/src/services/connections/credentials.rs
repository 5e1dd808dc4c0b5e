//! Handing out secrets: to a person after a fresh password check (`reveal`), to a
//! machine with an API key of scope `credentials:read` (`credentials`). Both are
//! audited in the transaction that reads the ciphertext.

use std::collections::BTreeMap;

use switchboard_db::repo::connections as repo;
use switchboard_types::{ApiScope, AuditAction, ConnectionId, CredentialsResponse, ErrorCode};

use super::{open_fields, owned};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::convert::utc;
use crate::state::AppState;

/// Decrypts the fields for a person who just re-entered their password. The audit
/// row is written in the same transaction that reads the ciphertext: no audit, no secret.
#[tracing::instrument(skip(state, p))]
pub async fn reveal(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<BTreeMap<String, String>, ApiError> {
    let keys = state.keys.clone();
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let row = owned(c, &p2, id)?;
            let fields = open_fields(&keys, c, &row)?;
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionReveal,
                    "connection",
                    Some(row.id),
                )
                .details(serde_json::json!({"fields": fields.keys().collect::<Vec<_>>()})),
            )?;
            Ok::<_, ApiError>(fields.expose())
        })
        .await
}

/// Fresh credentials for a machine: API keys with the scope `credentials:read`, of
/// the owning account (a shared connection is used through the proxy, never handed
/// out). OAuth tokens are refreshed first when they expire soon. Audited.
#[tracing::instrument(skip(state, p))]
pub async fn credentials(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<CredentialsResponse, ApiError> {
    if p.api_key.is_none() {
        return Err(ApiError::forbidden(
            ErrorCode::ApiKeyRequired,
            "Credentials are handed to machines with an API key (scope credentials:read); people use reveal.",
        ));
    }
    p.require_scope(ApiScope::CredentialsRead)?;
    let p1 = p.clone();
    let row = state.db.read(move |c| owned(c, &p1, id)).await?;
    let usable =
        crate::services::tokens::usable(state, row.id, crate::services::tokens::Want::OnDemand)
            .await?;
    let fields = crate::services::tokens::for_machines(&usable);
    let p2 = p.clone();
    let (rid, keys) = (row.id, fields.keys().cloned().collect::<Vec<_>>());
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            repo::touch_used(c, rid, now)?;
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionCredentialsRead,
                    "connection",
                    Some(rid),
                )
                .details(serde_json::json!({"fields": keys})),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(CredentialsResponse {
        connection_id: id,
        app: usable.row.app_slug.to_string(),
        fields,
        expires_at: usable.row.token_expires_at.map(utc),
    })
}
