//! Webhooks: an account's endpoints, and the delivery of its events to them.
//!
//! - Every event written by [`crate::services::events`] (in the transaction of the
//!   change it describes) is the outbox: the [`relay`] turns it into one delivery
//!   per enabled endpoint that wants its type, after it commits. A committed change
//!   is always delivered, a rolled-back one never, and a change writes no delivery
//!   rows itself.
//! - [`delivery`] sends them (Standard Webhooks signatures, [`sign`]), at least
//!   once, retrying on a schedule; the job in `jobs::webhooks` runs it in every
//!   replica, woken on commit.
//! - The signing secret is sealed under the account's data key, shown once at
//!   creation and at each rotation; after a rotation the old one signs beside the
//!   new one for [`PREVIOUS_SECRET_HOURS`].

pub mod delivery;
pub mod sign;

use std::collections::HashMap;

use switchboard_db::models::{DeliveryRow, EventRow, WebhookRow};
use switchboard_db::repo::webhooks as repo;
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, ApiScope, AuditAction, CreateWebhookRequest, CreatedWebhook, DeliveryStatus,
    ErrorCode, EventSelector, EventType, Redacted, RotatedWebhookSecret, UpdateWebhookRequest,
    Webhook, WebhookDelivery, WebhookDeliveryId, WebhookDeliveryList, WebhookId, WebhookList,
};
use switchboard_vault::SealContext;
use uuid::Uuid;

use super::audit::{self, Event};
use super::convert::utc;
use super::pagination::{self, PageParams};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::state::AppState;

/// Timeout of one delivery attempt, in seconds.
pub const TIMEOUT_SECS: u64 = 10;
/// How long the secret before a rotation keeps signing.
pub const PREVIOUS_SECRET_HOURS: i64 = 24;
/// Seal context purpose of webhook secrets.
pub(crate) const PURPOSE: &str = "webhook-secret";
const MAX_URL: usize = 2048;
const MAX_DESCRIPTION: usize = 500;

fn not_found() -> ApiError {
    ApiError::NotFound { what: "webhook" }
}

pub(crate) fn context(account: AccountId, id: WebhookId) -> SealContext<'static> {
    SealContext {
        purpose: PURPOSE,
        account_id: account.0,
        record_id: id.0,
    }
}

fn allowed(p: &Principal) -> Result<(), ApiError> {
    p.require_admin()?;
    p.require_scope(ApiScope::Webhooks)
}

/// The stored selectors (`["*"]` or event types) as text.
fn selectors(row: &WebhookRow) -> Vec<String> {
    serde_json::from_str(&row.event_types).unwrap_or_default()
}

/// Whether an endpoint with these stored event types receives `kind`.
fn wants(event_types: &str, kind: EventType) -> bool {
    let list: Vec<String> = serde_json::from_str(event_types).unwrap_or_default();
    list.iter().any(|s| s == "*" || s == kind.as_str())
}

fn to_wire(row: &WebhookRow) -> Webhook {
    let now = switchboard_db::now();
    Webhook {
        id: row.id,
        url: row.url.clone(),
        description: row.description.clone(),
        event_types: selectors(row),
        enabled: row.enabled,
        disabled_reason: row.disabled_reason.clone(),
        failing_since: row.failing_since.map(utc),
        previous_secret_expires_at: row
            .previous_secret_until
            .filter(|u| *u > now && row.previous_secret.is_some())
            .map(utc),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    }
}

fn delivery_to_wire(row: DeliveryRow) -> WebhookDelivery {
    WebhookDelivery {
        id: row.id,
        event_type: row.event_type,
        event_id: row.event_id,
        status: row.status,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        last_status_code: row.last_status_code.and_then(|c| u16::try_from(c).ok()),
        last_error: row.last_error,
        latency_ms: row.latency_ms.and_then(|l| u32::try_from(l).ok()),
        next_attempt_at: match row.status {
            DeliveryStatus::Pending => row.next_attempt_at.map(utc),
            _ => None,
        },
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    }
}

/// Event types as given: omitted or containing `*` is every type.
fn parse_selectors(given: Option<Vec<String>>) -> Result<String, ApiError> {
    let Some(given) = given else {
        return Ok(r#"["*"]"#.into());
    };
    if given.is_empty() {
        return Err(ApiError::field(
            "event_types",
            "must name at least one event type, or \"*\" for all",
        ));
    }
    let mut out: Vec<&'static str> = Vec::new();
    for s in &given {
        let Some(sel) = EventSelector::parse(s) else {
            return Err(ApiError::field(
                "event_types",
                format!(
                    "{s:?} is not an event type (see GET /api/v1/events for the types), nor \"*\""
                ),
            ));
        };
        if matches!(sel, EventSelector::All(_)) {
            return Ok(r#"["*"]"#.into());
        }
        if !out.contains(&sel.as_str()) {
            out.push(sel.as_str());
        }
    }
    serde_json::to_string(&out).map_err(ApiError::internal)
}

fn parse_description(raw: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(d) = raw else { return Ok(None) };
    let d = d.trim().to_string();
    if d.chars().count() > MAX_DESCRIPTION {
        return Err(ApiError::field(
            "description",
            format!("must be at most {MAX_DESCRIPTION} characters"),
        ));
    }
    if d.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ApiError::field(
            "description",
            "must not contain control characters",
        ));
    }
    Ok(Some(d))
}

/// An `http(s)` URL to a public address, or to a host the operator allows.
/// Names are resolved: one that resolves to a private address is refused too
/// (deliveries check again, on every attempt).
async fn checked_url(state: &AppState, raw: &str) -> Result<String, ApiError> {
    let bad = |m: &str| ApiError::field("url", m);
    let raw = raw.trim();
    if raw.len() > MAX_URL {
        return Err(bad("must be at most 2,048 characters"));
    }
    let url = url::Url::parse(raw).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("must name a host"));
    }
    state.egress.check_url(&url).map_err(|_| bad(PRIVATE_URL))?;
    if let Some(url::Host::Domain(host)) = url.host() {
        if !state.egress.host_allowed(host) {
            let port = url.port_or_known_default().unwrap_or(443);
            let lookup = tokio::net::lookup_host((host, port));
            // A name that does not resolve now is accepted: every delivery attempt
            // resolves it through the guard again.
            if let Ok(Ok(addrs)) =
                tokio::time::timeout(std::time::Duration::from_secs(3), lookup).await
            {
                for a in addrs {
                    state
                        .egress
                        .check_ip(a.ip())
                        .map_err(|_| bad(PRIVATE_URL))?;
                }
            }
        }
    }
    Ok(url.to_string())
}

const PRIVATE_URL: &str = "points to a private, loopback or otherwise non-public address; Switchboard delivers only to public addresses unless the operator allows the host (SWITCHBOARD_ALLOWED_PRIVATE_HOSTS)";

/// The account's endpoints, newest first.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    p: &Principal,
    page: PageParams,
) -> Result<WebhookList, ApiError> {
    allowed(p)?;
    let (acc, limit) = (p.account_id, page.limit()?);
    let before: Option<WebhookId> = page.after()?;
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::list(c, acc, before, limit + 1)?))
        .await?;
    let (rows, next_cursor) = pagination::finish(rows, limit, |w| w.id);
    Ok(WebhookList {
        items: rows.iter().map(to_wire).collect(),
        next_cursor,
    })
}

#[tracing::instrument(skip_all)]
pub async fn get(state: &AppState, p: &Principal, id: WebhookId) -> Result<Webhook, ApiError> {
    allowed(p)?;
    let acc = p.account_id;
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::find(c, acc, id)?))
        .await?
        .ok_or_else(not_found)?;
    Ok(to_wire(&row))
}

/// A new endpoint and its secret (the only time the secret is shown).
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    p: &Principal,
    body: CreateWebhookRequest,
) -> Result<CreatedWebhook, ApiError> {
    allowed(p)?;
    let event_types = parse_selectors(body.event_types)?;
    let description = parse_description(body.description)?.unwrap_or_default();
    let url = checked_url(state, &body.url).await?;
    let raw = sign::new_secret();
    let secret = sign::secret_text(&raw);
    let (keys, p2) = (state.keys.clone(), p.clone());
    let row = state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            let id = WebhookId::from(Uuid::now_v7());
            let sealed = keys
                .current(c, p2.account_id)?
                .seal(&context(p2.account_id, id), &raw);
            let row = WebhookRow {
                id,
                account_id: p2.account_id,
                url,
                description,
                event_types,
                enabled: body.enabled.unwrap_or(true),
                secret: sealed,
                previous_secret: None,
                previous_secret_until: None,
                failing_since: None,
                disabled_reason: None,
                created_by: Some(p2.actor_label()),
                created_at: now,
                updated_at: now,
                enabled_at: None,
            };
            repo::insert(c, &row)?;
            audit::record(
                c,
                Event::by(&p2, AuditAction::WebhookCreate, "webhook", Some(id))
                    .details(serde_json::json!({"event_types": selectors(&row)})),
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(CreatedWebhook {
        webhook: to_wire(&row),
        secret: Redacted::new(secret),
    })
}

#[tracing::instrument(skip_all)]
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: WebhookId,
    body: UpdateWebhookRequest,
) -> Result<Webhook, ApiError> {
    allowed(p)?;
    let event_types = body
        .event_types
        .map(|t| parse_selectors(Some(t)))
        .transpose()?;
    let description = parse_description(body.description)?;
    let url = match &body.url {
        Some(u) => Some(checked_url(state, u).await?),
        None => None,
    };
    let p2 = p.clone();
    let row = state
        .db
        .write(move |c| {
            let mut row = repo::find_for_update(c, p2.account_id, id)?.ok_or_else(not_found)?;
            let mut changed: Vec<&str> = Vec::new();
            if let Some(u) = url.filter(|u| *u != row.url) {
                row.url = u;
                changed.push("url");
            }
            if let Some(t) = event_types.filter(|t| *t != row.event_types) {
                row.event_types = t;
                changed.push("event_types");
            }
            if let Some(d) = description.filter(|d| *d != row.description) {
                row.description = d;
                changed.push("description");
            }
            if let Some(on) = body.enabled.filter(|on| *on != row.enabled) {
                if !on {
                    // What happened while it was enabled still reaches it.
                    relay_all(c)?;
                }
                row.enabled = on;
                changed.push("enabled");
                if on {
                    row.disabled_reason = None;
                    row.failing_since = None;
                    // The events of the time it was off are not sent.
                    row.enabled_at = Some(switchboard_db::now());
                }
            }
            if !changed.is_empty() {
                row.updated_at = switchboard_db::now();
                repo::update(c, &row)?;
                audit::record(
                    c,
                    Event::by(&p2, AuditAction::WebhookUpdate, "webhook", Some(id))
                        .details(serde_json::json!({"changed": changed})),
                )?;
            }
            Ok::<_, ApiError>(row)
        })
        .await?;
    if row.enabled {
        // Deliveries that waited while it was disabled are due now.
        state.db.outbox().notify_one();
    }
    Ok(to_wire(&row))
}

#[tracing::instrument(skip_all)]
pub async fn delete(state: &AppState, p: &Principal, id: WebhookId) -> Result<(), ApiError> {
    allowed(p)?;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            if repo::delete(c, p2.account_id, id)? == 0 {
                return Err(not_found());
            }
            audit::record(
                c,
                Event::by(&p2, AuditAction::WebhookDelete, "webhook", Some(id)),
            )
        })
        .await
}

/// A new secret; the current one keeps signing beside it for a day.
#[tracing::instrument(skip_all)]
pub async fn rotate_secret(
    state: &AppState,
    p: &Principal,
    id: WebhookId,
) -> Result<RotatedWebhookSecret, ApiError> {
    allowed(p)?;
    let raw = sign::new_secret();
    let secret = sign::secret_text(&raw);
    let (keys, p2) = (state.keys.clone(), p.clone());
    let until = state
        .db
        .write(move |c| {
            let mut row = repo::find_for_update(c, p2.account_id, id)?.ok_or_else(not_found)?;
            let now = switchboard_db::now();
            let until = now + chrono::Duration::hours(PREVIOUS_SECRET_HOURS);
            let sealed = keys
                .current(c, p2.account_id)?
                .seal(&context(p2.account_id, id), &raw);
            row.previous_secret = Some(std::mem::replace(&mut row.secret, sealed));
            row.previous_secret_until = Some(until);
            row.updated_at = now;
            repo::update(c, &row)?;
            audit::record(
                c,
                Event::by(&p2, AuditAction::WebhookSecretRotate, "webhook", Some(id)),
            )?;
            Ok::<_, ApiError>(until)
        })
        .await?;
    Ok(RotatedWebhookSecret {
        secret: Redacted::new(secret),
        previous_secret_expires_at: utc(until),
    })
}

/// The endpoint's deliveries, newest first.
#[tracing::instrument(skip_all)]
pub async fn deliveries(
    state: &AppState,
    p: &Principal,
    id: WebhookId,
    page: PageParams,
) -> Result<WebhookDeliveryList, ApiError> {
    allowed(p)?;
    let (acc, limit) = (p.account_id, page.limit()?);
    let before: Option<WebhookDeliveryId> = page.after()?;
    let rows = state
        .db
        .read(move |c| {
            repo::find(c, acc, id)?.ok_or_else(not_found)?;
            Ok::<_, ApiError>(repo::deliveries(c, id, before, limit + 1)?)
        })
        .await?;
    let (rows, next_cursor) = pagination::finish(rows, limit, |d| d.id);
    Ok(WebhookDeliveryList {
        items: rows.into_iter().map(delivery_to_wire).collect(),
        next_cursor,
    })
}

/// Sends a delivery again now, whatever its state.
#[tracing::instrument(skip_all)]
pub async fn retry(
    state: &AppState,
    p: &Principal,
    id: WebhookId,
    delivery: WebhookDeliveryId,
) -> Result<WebhookDelivery, ApiError> {
    allowed(p)?;
    let acc = p.account_id;
    let gone = || ApiError::NotFound { what: "delivery" };
    let row = state
        .db
        .write(move |c| {
            repo::find(c, acc, id)?.ok_or_else(not_found)?;
            if repo::requeue(c, id, delivery)? == 0 {
                return Err(gone());
            }
            repo::find_delivery(c, id, delivery)?.ok_or_else(gone)
        })
        .await?;
    state.db.outbox().notify_one();
    Ok(delivery_to_wire(row))
}

/// Queues a `webhook.test` event for this endpoint only.
#[tracing::instrument(skip_all)]
pub async fn test(
    state: &AppState,
    p: &Principal,
    id: WebhookId,
) -> Result<WebhookDelivery, ApiError> {
    allowed(p)?;
    let p2 = p.clone();
    let row = state
        .db
        .write(move |c| {
            let hook = repo::find(c, p2.account_id, id)?.ok_or_else(not_found)?;
            if !hook.enabled {
                return Err(ApiError::conflict(
                    ErrorCode::WebhookDisabled,
                    "This webhook is disabled; enable it before sending a test.",
                ));
            }
            let event = crate::services::events::insert_event(
                c,
                p2.account_id,
                EventType::WebhookTest,
                None,
                Some(&p2.actor_label()),
                &serde_json::json!({"webhook_id": id}),
            )?;
            let row = queued(&event, id, switchboard_db::clock(c)?);
            repo::insert_deliveries(c, std::slice::from_ref(&row))?;
            Ok(row)
        })
        .await?;
    Ok(delivery_to_wire(row))
}

/// A delivery of `event` to `endpoint`, due at `due` (the database clock, which
/// claims compare with).
fn queued(event: &EventRow, endpoint: WebhookId, due: chrono::NaiveDateTime) -> DeliveryRow {
    DeliveryRow {
        id: WebhookDeliveryId::from(Uuid::now_v7()),
        endpoint_id: endpoint,
        event_id: event.id.clone(),
        event_type: event.type_,
        connection_id: event.connection_id,
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_status_code: None,
        last_error: None,
        latency_ms: None,
        next_attempt_at: Some(due),
        lease_until: None,
        created_at: event.created_at,
        updated_at: event.created_at,
    }
}

/// Events the relay takes per transaction.
pub const RELAY_BATCH: i64 = 500;

/// The relay: turns events not dispatched yet into deliveries, for every enabled
/// endpoint of the event's account that wants its type and was enabled when it
/// happened, and marks them dispatched, in one transaction, in event order. One
/// relay runs at a time (`repo::events::relay_turn`). Returns how many events it
/// dispatched (0 also when another replica has the turn).
pub fn relay(c: &mut DbConn, limit: i64) -> Result<usize, ApiError> {
    if !switchboard_db::repo::events::relay_turn(c, false)? {
        return Ok(0);
    }
    relay_batch(c, limit)
}

/// Relays every waiting event now, waiting for a relay running elsewhere: before
/// an endpoint is disabled, so the events that happened while it was enabled
/// still reach it (in the caller's transaction).
pub fn relay_all(c: &mut DbConn) -> Result<(), ApiError> {
    switchboard_db::repo::events::relay_turn(c, true)?;
    while relay_batch(c, RELAY_BATCH)? as i64 >= RELAY_BATCH {}
    Ok(())
}

fn relay_batch(c: &mut DbConn, limit: i64) -> Result<usize, ApiError> {
    use switchboard_db::repo::events as events_repo;
    let events = events_repo::undispatched(c, limit)?;
    if events.is_empty() {
        return Ok(0);
    }
    let mut accounts: Vec<AccountId> = events.iter().map(|e| e.account_id).collect();
    accounts.sort_unstable_by_key(|a| a.0);
    accounts.dedup();
    let mut by_account: HashMap<AccountId, Vec<(WebhookId, String, chrono::NaiveDateTime)>> =
        HashMap::new();
    for (account, id, types, created) in repo::subscribers(c, &accounts)? {
        by_account
            .entry(account)
            .or_default()
            .push((id, types, created));
    }
    let due = switchboard_db::clock(c)?;
    let mut rows: Vec<DeliveryRow> = Vec::new();
    for event in &events {
        if event.type_ == EventType::WebhookTest {
            continue;
        }
        for (id, types, since) in by_account.get(&event.account_id).into_iter().flatten() {
            if *since <= event.created_at && wants(types, event.type_) {
                rows.push(queued(event, *id, due));
            }
        }
    }
    repo::insert_deliveries(c, &rows)?;
    let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    events_repo::mark_dispatched(c, &ids)?;
    Ok(events.len())
}

/// The secrets that sign for `row` now: the current one, and the previous one
/// while it lasts.
pub(crate) fn signing_secrets(
    c: &mut DbConn,
    keys: &KeyRing,
    row: &WebhookRow,
) -> Result<Vec<secrecy::SecretBox<Vec<u8>>>, ApiError> {
    let ctx = context(row.account_id, row.id);
    let mut out = vec![keys.open(c, &ctx, &row.secret)?];
    let live = row
        .previous_secret_until
        .is_some_and(|u| u > switchboard_db::now());
    if let (Some(prev), true) = (&row.previous_secret, live) {
        out.push(keys.open(c, &ctx, prev)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_checked_and_collapsed() {
        assert_eq!(parse_selectors(None).ok().as_deref(), Some(r#"["*"]"#));
        assert_eq!(
            parse_selectors(Some(vec!["connection.deleted".into(), "*".into()]))
                .ok()
                .as_deref(),
            Some(r#"["*"]"#)
        );
        assert_eq!(
            parse_selectors(Some(vec![
                "connection.deleted".into(),
                "connection.deleted".into()
            ]))
            .ok()
            .as_deref(),
            Some(r#"["connection.deleted"]"#)
        );
        assert!(parse_selectors(Some(vec![])).is_err());
        assert!(parse_selectors(Some(vec!["connection.*".into()])).is_err());
        assert!(wants(r#"["*"]"#, EventType::ConnectionCreated));
        assert!(wants(
            r#"["connection.created"]"#,
            EventType::ConnectionCreated
        ));
        assert!(!wants(
            r#"["connection.created"]"#,
            EventType::ConnectionDeleted
        ));
    }
}
