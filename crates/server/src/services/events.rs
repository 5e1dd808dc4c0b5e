//! Lifecycle events, written in the same transaction as the change they describe
//! (a transactional outbox): a committed change always has its event, a rolled
//! back one never. Secrets never go into an event: only the connection's app,
//! name, status, tags and metadata, the actor, and a small payload per type. The events are the
//! webhooks' outbox: the relay (`services::webhooks::relay`) turns each one into
//! deliveries after it commits, so a change writes one event row and nothing more.

use serde::Deserialize;
use switchboard_db::models::{ConnectionRow, EventRow};
use switchboard_db::repo::events as repo;
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, ApiScope, ConnectionId, ConnectionStatus, Event, EventConnection, EventOrder,
    EventPage, EventType,
};
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// Records an event about `row` in its account (inside the caller's transaction).
/// `actor`: who changed it (`None`: Switchboard itself).
pub fn record(
    c: &mut DbConn,
    kind: EventType,
    row: &ConnectionRow,
    actor: Option<&str>,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    insert(c, row.account_id, kind, Some(row), actor, &data)
}

/// [`record`], and the same event for every other account whose automations use
/// the connection (child accounts automating a connection shared with them).
pub fn record_with_users(
    c: &mut DbConn,
    kind: EventType,
    row: &ConnectionRow,
    actor: Option<&str>,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    insert(c, row.account_id, kind, Some(row), actor, &data)?;
    for other in repo::other_accounts_using(c, row.account_id, row.id)? {
        insert(c, other, kind, Some(row), actor, &data)?;
    }
    Ok(())
}

/// After a change that may have moved `before` out of `error` or
/// `needs_reconnect` (a test, a refresh, a reconnect): `connection.recovered` when
/// the stored row is `active` now. Returns the row as it is now.
pub fn recovered_if(
    c: &mut DbConn,
    before: &ConnectionRow,
    actor: Option<&str>,
) -> Result<Option<ConnectionRow>, ApiError> {
    let after = switchboard_db::repo::connections::find(c, before.id)?;
    if let Some(after) = &after {
        recovered(c, before, after, actor)?;
    }
    Ok(after)
}

fn recovered(
    c: &mut DbConn,
    before: &ConnectionRow,
    after: &ConnectionRow,
    actor: Option<&str>,
) -> Result<(), ApiError> {
    if before.status != ConnectionStatus::Active && after.status == ConnectionStatus::Active {
        record_with_users(
            c,
            EventType::ConnectionRecovered,
            after,
            actor,
            serde_json::json!({"was": before.status.as_str()}),
        )?;
    }
    Ok(())
}

/// New credentials stored for `before`: `connection.reconnected`, then
/// `connection.recovered` when it was broken and works now.
pub fn reconnected(
    c: &mut DbConn,
    before: &ConnectionRow,
    actor: Option<&str>,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    if let Some(after) = switchboard_db::repo::connections::find(c, before.id)? {
        record(c, EventType::ConnectionReconnected, &after, actor, data)?;
        recovered(c, before, &after, actor)?;
    }
    Ok(())
}

/// An event of an account not about one connection (or about one already gone).
pub fn record_in(
    c: &mut DbConn,
    account: AccountId,
    kind: EventType,
    row: Option<&ConnectionRow>,
    actor: Option<&str>,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    insert(c, account, kind, row, actor, &data)
}

/// Stores an event for the webhook relay to dispatch (`services::webhooks::relay`).
fn insert(
    c: &mut DbConn,
    account: AccountId,
    kind: EventType,
    row: Option<&ConnectionRow>,
    actor: Option<&str>,
    data: &serde_json::Value,
) -> Result<(), ApiError> {
    let event = EventRow {
        dispatched: false,
        ..new_event(account, kind, row, actor, data)
    };
    Ok(repo::insert(c, &event)?)
}

/// Stores one event the relay leaves alone (the caller delivers it) and returns it.
pub(crate) fn insert_event(
    c: &mut DbConn,
    account: AccountId,
    kind: EventType,
    row: Option<&ConnectionRow>,
    actor: Option<&str>,
    data: &serde_json::Value,
) -> Result<EventRow, ApiError> {
    let event = new_event(account, kind, row, actor, data);
    repo::insert(c, &event)?;
    Ok(event)
}

fn new_event(
    account: AccountId,
    kind: EventType,
    row: Option<&ConnectionRow>,
    actor: Option<&str>,
    data: &serde_json::Value,
) -> EventRow {
    EventRow {
        id: Uuid::now_v7().to_string(),
        account_id: account,
        type_: kind,
        connection_id: row.map(|r| r.id),
        connection_app: row.map(|r| r.app_slug.clone()),
        connection_name: row.map(|r| r.name.clone()),
        connection_status: row.map(|r| r.status),
        actor: actor.map(str::to_string),
        data: data.to_string(),
        created_at: switchboard_db::now(),
        dispatched: true,
        connection_tags: row.map(|r| r.tags.clone()),
        connection_metadata: row.map(|r| r.metadata.clone()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Only events of this type, e.g. `connection.needs_reconnect`.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<EventType>)]
    pub type_: Option<String>,
    /// Only events about this connection.
    pub connection_id: Option<ConnectionId>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque), to get the events after it
    /// (before it with `order=desc`).
    pub cursor: Option<String>,
    /// `asc` (oldest first, the default) or `desc` (newest first).
    #[param(value_type = Option<EventOrder>)]
    pub order: Option<EventOrder>,
}

/// The account's events, oldest first, in pages.
#[tracing::instrument(skip(state, p))]
pub async fn list(state: &AppState, p: &Principal, q: EventQuery) -> Result<EventPage, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let limit = super::pagination::limit(q.limit)?;
    let after: Option<String> = super::pagination::position(q.cursor.as_deref())?;
    let type_ = q
        .type_
        .as_deref()
        .map(|t| EventType::parse(t).ok_or_else(|| ApiError::field("type", "is not an event type")))
        .transpose()?;
    let acc = p.account_id;
    let desc = q.order == Some(EventOrder::Desc);
    let rows = state
        .db
        .read(move |c| {
            Ok::<_, ApiError>(repo::list(
                c,
                &repo::EventFilter {
                    account_id: acc,
                    type_,
                    connection_id: q.connection_id,
                    after_id: after.as_deref(),
                    newest_first: desc,
                    limit,
                },
            )?)
        })
        .await?;
    // Oldest first: a cursor after the last event whenever there was one (a poller
    // keeps it and asks again later); an empty page (nothing newer yet) ends with
    // `null`. Newest first: a cursor while the page was full (older ones may follow).
    let next_cursor = if desc && (rows.len() as i64) < limit {
        None
    } else {
        rows.last().map(|r| super::pagination::encode(&r.id))
    };
    Ok(EventPage {
        items: rows.into_iter().map(to_wire).collect(),
        next_cursor,
    })
}

pub(crate) fn to_wire(r: EventRow) -> Event {
    let connection = match (
        r.connection_id,
        r.connection_app,
        r.connection_name,
        r.connection_status,
    ) {
        (Some(id), Some(app), Some(name), Some(status)) => Some(EventConnection {
            id,
            app: app.to_string(),
            name,
            status,
            tags: r
                .connection_tags
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default(),
            metadata: r
                .connection_metadata
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok())
                .unwrap_or_default(),
        }),
        _ => None,
    };
    Event {
        id: r.id,
        type_: r.type_,
        timestamp: r.created_at.and_utc(),
        account_id: r.account_id,
        connection,
        actor: r.actor,
        data: serde_json::from_str(&r.data).unwrap_or_default(),
    }
}

/// Deletes events older than the retention (`SWITCHBOARD_EVENT_RETENTION_DAYS`).
pub fn purge(c: &mut DbConn, retention_days: u32) -> Result<usize, ApiError> {
    let before = switchboard_db::now() - chrono::Duration::days(i64::from(retention_days));
    Ok(repo::purge(c, before)?)
}
