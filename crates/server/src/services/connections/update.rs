//! Changing a connection: its name, notes and sharing (`update`), or its
//! credentials (`update_fields`, and OAuth reconnects through
//! [`store_credentials`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use switchboard_catalog::validate_fields;
use switchboard_db::models::{ConnectionRow, CredentialsChange, MetaChange, StatusChange};
use switchboard_db::repo::automations as automations_repo;
use switchboard_db::repo::connections as repo;
use switchboard_db::{is_unique_violation, DbConn};
use switchboard_types::{
    ApiScope, AuditAction, AutomationUsage, Connection, ConnectionId, EventType,
    UpdateConnectionRequest, UpdateFieldsRequest,
};

use super::create::{app_def, key_based, tested};
use super::sealing::{public_fields, seal};
use super::usage::pause_active;
use super::{
    account_name, app_name, name_taken, not_found, owned, search_text, sort_key, to_wire,
    ConnectionName, MAX_NOTES,
};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::services::audit::{self, Event};
use crate::services::events;
use crate::state::AppState;

/// Name, notes and sharing, if the version still matches `if_match`. Un-sharing
/// while other accounts' active automations use the connection needs `force`
/// (they are paused).
#[tracing::instrument(skip(state, p, req))]
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    if_match: Option<i64>,
    force: bool,
    req: UpdateConnectionRequest,
) -> Result<Connection, ApiError> {
    p.require_scope(ApiScope::ConnectionsWrite)?;
    if req.shared_with_children.is_some() {
        p.require_admin()?;
    }
    let name = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    let labels = super::Labels::parse(req.tags.clone(), req.metadata.clone())?;
    if let Some(notes) = &req.notes {
        if notes.chars().count() > MAX_NOTES {
            return Err(ApiError::field(
                "notes",
                format!("must be at most {MAX_NOTES} characters"),
            ));
        }
    }
    let p2 = p.clone();
    let (row, owner) = state
        .db
        .write(move |c| {
            let row = owned(c, &p2, id)?;
            if if_match.is_some_and(|v| v != row.version) {
                return Err(ApiError::PreconditionFailed);
            }
            apply_update(c, &p2, row, name, labels, req, force)
        })
        .await?;
    let app_name = app_name(state, &row.app_slug).await;
    Ok(to_wire(&row, &app_name, &owner))
}

fn apply_update(
    c: &mut DbConn,
    p: &Principal,
    row: ConnectionRow,
    name: Option<ConnectionName>,
    labels: super::Labels,
    req: UpdateConnectionRequest,
    force: bool,
) -> Result<(ConnectionRow, String), ApiError> {
    let mut changed = Vec::new();
    let (new_name, new_key) = match &name {
        Some(n) if n.as_str() != row.name => {
            if repo::name_taken(c, p.account_id, &row.app_slug, &n.key(), Some(row.id))? {
                return Err(name_taken());
            }
            changed.push("name");
            (n.as_str().to_string(), n.key())
        }
        _ => (row.name.clone(), row.name_key.clone()),
    };
    let notes = match req.notes {
        Some(n) if n != row.notes => {
            changed.push("notes");
            n
        }
        _ => row.notes.clone(),
    };
    let tags = match labels.tags_json() {
        Some(t) if t != row.tags => {
            changed.push("tags");
            t
        }
        _ => row.tags.clone(),
    };
    let metadata = match labels.metadata {
        Some(m) if m != row.metadata => {
            changed.push("metadata");
            m
        }
        _ => row.metadata.clone(),
    };
    let now = switchboard_db::now();
    let mut version = row.version;
    let mut paused = Vec::new();
    if let Some(share) = req
        .shared_with_children
        .filter(|s| *s != row.shared_with_children)
    {
        // Child accounts whose automations use it hear of the unsharing (before
        // their links go).
        let users = if share {
            Vec::new()
        } else {
            switchboard_db::repo::events::other_accounts_using(c, row.account_id, row.id)?
        };
        let kind = if share {
            EventType::ConnectionShared
        } else {
            EventType::ConnectionUnshared
        };
        events::record(c, kind, &row, Some(&p.actor_label()), serde_json::json!({}))?;
        for other in users {
            events::record_in(
                c,
                other,
                kind,
                Some(&row),
                Some(&p.actor_label()),
                serde_json::json!({}),
            )?;
        }
        if !share {
            paused = unshare(c, p, &row, force)?;
        }
        if repo::set_shared(c, row.id, version, share, now)? == 0 {
            return Err(ApiError::PreconditionFailed);
        }
        version += 1;
        changed.push(if share { "shared" } else { "unshared" });
    }
    if changed.is_empty() {
        let owner = account_name(c, row.account_id)?;
        return Ok((row, owner));
    }
    let change = MetaChange {
        name: &new_name,
        name_key: &new_key,
        sort_key: &sort_key(&row.app_slug, &new_key),
        search_text: &search_text(&new_key, row.identity.as_deref()),
        notes: &notes,
        tags: &tags,
        metadata: &metadata,
        updated_at: now,
    };
    let n = repo::update_meta(c, row.id, version, &change).map_err(|e| {
        if is_unique_violation(&e) {
            name_taken()
        } else {
            e.into()
        }
    })?;
    if n == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    if let (true, Some(t)) = (changed.contains(&"tags"), &labels.tags) {
        repo::set_tags(c, row.account_id, row.id, t)?;
    }
    let paused_ids: Vec<_> = paused.iter().map(|a| a.id).collect();
    audit::record(
        c,
        Event::by(p, AuditAction::ConnectionUpdate, "connection", Some(row.id))
            .details(serde_json::json!({"changed": changed, "paused_automations": paused_ids})),
    )?;
    let row = repo::find(c, row.id)?.ok_or_else(not_found)?;
    // Sharing has its own events; a name or notes change is `connection.updated`.
    let meta: Vec<&str> = changed
        .iter()
        .copied()
        .filter(|c| !matches!(*c, "shared" | "unshared"))
        .collect();
    if !meta.is_empty() {
        events::record(
            c,
            EventType::ConnectionUpdated,
            &row,
            Some(&p.actor_label()),
            serde_json::json!({"changed": meta}),
        )?;
    }
    let owner = account_name(c, row.account_id)?;
    Ok((row, owner))
}

/// Un-sharing: other accounts' automations lose the connection (paused with
/// `force`, else a 409 naming them).
fn unshare(
    c: &mut DbConn,
    p: &Principal,
    row: &ConnectionRow,
    force: bool,
) -> Result<Vec<AutomationUsage>, ApiError> {
    repo::lock(c, row.id, true)?;
    let users = automations_repo::using_connection(c, row.id)?
        .into_iter()
        .filter(|a| a.account_id != p.account_id)
        .collect();
    let reason = format!(
        "Connection \"{}\" is no longer shared with this account",
        row.name
    );
    let paused = pause_active(
        c,
        p,
        users,
        force,
        |n| {
            format!("{n} active automation(s) of other accounts use this connection. Un-share with ?force=true to pause them.")
        },
        &reason,
    )?;
    automations_repo::unlink_foreign(c, row.id, p.account_id)?;
    Ok(paused)
}

/// New credentials for a key-based connection, tested unless the caller says not to.
pub async fn update_fields(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    if_match: Option<i64>,
    req: UpdateFieldsRequest,
) -> Result<Connection, ApiError> {
    update_fields_in(state, p, id, if_match, req, None).await
}

/// [`update_fields`]; with `connect`, on the hosted connect page, using that
/// session up in the same transaction.
#[tracing::instrument(skip(state, p, req))]
pub(crate) async fn update_fields_in(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    if_match: Option<i64>,
    req: UpdateFieldsRequest,
    connect: Option<switchboard_types::ConnectSessionId>,
) -> Result<Connection, ApiError> {
    p.require_scope(ApiScope::ConnectionsWrite)?;
    let p1 = p.clone();
    let current = state.db.read(move |c| owned(c, &p1, id)).await?;
    let def = app_def(state, current.app_slug.to_string()).await?;
    key_based(&def, "reconnect")?;
    let mut values = validate_fields(&def, &req.fields).map_err(ApiError::fields)?;
    let (token_expires_at, outcome) =
        tested(state, &def, &mut values, req.test.unwrap_or(true)).await?;
    let keys = state.keys.clone();
    let p2 = p.clone();
    let public = public_fields(&def, &values);
    let (row, owner) = state
        .db
        .write(move |c| {
            let row = owned(c, &p2, id)?;
            if if_match.is_some_and(|v| v != row.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let stored = store_credentials(
                &keys,
                c,
                &row,
                NewCredentials {
                    values: &values,
                    public_fields: &public,
                    identity: outcome.identity.clone(),
                    status: StatusChange::active(),
                    token_expires_at,
                },
            )?;
            if !stored {
                return Err(ApiError::PreconditionFailed);
            }
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionCredentialsUpdate,
                    "connection",
                    Some(row.id),
                ),
            )?;
            events::reconnected(
                c,
                &row,
                Some(&p2.actor_label()),
                serde_json::json!({"tested": outcome.upstream_status.is_some()}),
            )?;
            if let Some(session) = connect {
                crate::services::connect::consume(c, session, row.id, false)?;
            }
            let row = repo::find(c, row.id)?.ok_or_else(not_found)?;
            let owner = account_name(c, row.account_id)?;
            Ok((row, owner))
        })
        .await?;
    Ok(to_wire(&row, &def.name, &owner))
}

/// Renewed credentials for an existing connection (same id).
pub(crate) struct NewCredentials<'a> {
    pub values: &'a BTreeMap<String, String>,
    pub public_fields: &'a str,
    /// The identity the test found; the stored one stays when it found none.
    pub identity: Option<String>,
    pub status: StatusChange<'a>,
    pub token_expires_at: Option<NaiveDateTime>,
}

/// Seals and stores renewed credentials if `existing.version` is still current
/// (`false` when another change came first). A token refresh still in flight
/// loses its lease, so it cannot overwrite them.
pub(crate) fn store_credentials(
    keys: &KeyRing,
    c: &mut DbConn,
    existing: &ConnectionRow,
    new: NewCredentials<'_>,
) -> Result<bool, ApiError> {
    let (envelope, key_version) = seal(keys, c, existing.account_id, existing.id, new.values)?;
    let identity = new.identity.or_else(|| existing.identity.clone());
    let change = CredentialsChange {
        envelope: &envelope,
        key_version,
        public_fields: new.public_fields,
        identity: identity.as_deref(),
        search_text: &search_text(&existing.name_key, identity.as_deref()),
        status: new.status,
        updated_at: switchboard_db::now(),
    };
    if repo::update_credentials(c, existing.id, existing.version, &change)? == 0 {
        return Ok(false);
    }
    repo::set_token_expiry(c, existing.id, new.token_expires_at)?;
    switchboard_db::repo::token_refresh::reset(c, existing.id)?;
    Ok(true)
}
