//! Sending deliveries: claim a batch (a lease on the database clock, so replicas
//! share the queue), send each to its endpoint with Standard Webhooks headers, and
//! record how each attempt ended.
//!
//! - 2xx: delivered. 408, 429, 3xx, 5xx, timeouts and connection errors: tried
//!   again after the next wait of `SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE` (±10 %
//!   jitter), then failed. Other 4xx and refused addresses: failed at once.
//! - Deliveries about the same connection to the same endpoint go one after the
//!   other: a claim takes only the oldest pending one (`repo::webhooks::claim`), so
//!   while one waits for a retry the later ones wait behind it.
//! - The first success on a failing endpoint releases its waiting deliveries at
//!   once; an endpoint whose deliveries all failed for
//!   `SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS` is disabled, with a
//!   `webhook.disabled` event and an audit row.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use secrecy::ExposeSecret as _;
use switchboard_db::repo::webhooks::{self as repo, Outcome};
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, AuditAction, DeliveryStatus, EventType, WebhookDeliveryId, WebhookId,
};

use super::sign;
use crate::error::ApiError;
use crate::services::audit;
use crate::state::AppState;

/// Deliveries claimed per batch.
pub const BATCH: i64 = 256;
/// Deliveries sent at the same time.
const CONCURRENCY: usize = 64;
/// How long a claim holds: longer than an attempt's timeout.
const LEASE_SECS: i64 = 60;
/// At most this much of an answer is read (so the connection can be reused).
const ANSWER_BYTES: usize = 16 * 1024;

/// One claimed delivery, ready to send.
struct Job {
    id: WebhookDeliveryId,
    endpoint: WebhookId,
    /// The `webhook-id` header: the event's id, the same on every attempt.
    message_id: String,
    body: Vec<u8>,
    attempts: i32,
}

/// Where and how to send to one endpoint.
struct Target {
    account: AccountId,
    url: String,
    secrets: Vec<secrecy::SecretBox<Vec<u8>>>,
}

/// Relays new events into deliveries, then claims and sends one batch; returns how
/// many events or deliveries it handled (the larger count).
pub async fn run_once(state: &AppState) -> Result<usize, ApiError> {
    let (to_relay, due) = state
        .db
        .read(|c| {
            Ok::<_, ApiError>((
                switchboard_db::repo::events::any_undispatched(c)?,
                repo::any_due(c)?,
            ))
        })
        .await?;
    let mut relayed = 0;
    if to_relay {
        // A failing relay must not stop the deliveries already queued.
        match state
            .db
            .write(|c| super::relay(c, super::RELAY_BATCH))
            .await
        {
            Ok(n) => relayed = n,
            Err(e) => tracing::warn!(error = %e, "the webhook relay failed; trying again later"),
        }
    }
    if !due && relayed == 0 {
        return Ok(0);
    }
    let keys = state.keys.clone();
    let (jobs, targets, lease) = state.db.write(move |c| claim(c, &keys)).await?;
    if jobs.is_empty() {
        return Ok(relayed);
    }
    let n = jobs.len().max(relayed);
    let sending = &targets;
    let results: Vec<(Job, Outcome)> = futures_util::stream::iter(jobs)
        .map(|job| {
            let targets = sending;
            async move {
                let outcome = match targets.get(&job.endpoint) {
                    Some(t) => attempt(state, t, &job).await,
                    // Its secret did not open: it waits.
                    None => later(chrono::Duration::seconds(LEASE_SECS)),
                };
                (job, outcome)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    record(state, targets, lease, results).await?;
    Ok(n)
}

type Claim = (Vec<Job>, HashMap<WebhookId, Target>, chrono::NaiveDateTime);

fn claim(c: &mut DbConn, keys: &crate::keyring::KeyRing) -> Result<Claim, ApiError> {
    let (claimed, lease) = repo::claim(c, BATCH, chrono::Duration::seconds(LEASE_SECS))?;
    let mut ids: Vec<WebhookId> = claimed.iter().map(|d| d.delivery.endpoint_id).collect();
    ids.sort_unstable_by_key(|i| i.0);
    ids.dedup();
    let mut targets = HashMap::new();
    for row in repo::by_ids(c, &ids)? {
        // An endpoint whose secret does not open now is left out (its deliveries
        // wait); the others are sent.
        match super::signing_secrets(c, keys, &row) {
            Ok(secrets) => {
                targets.insert(
                    row.id,
                    Target {
                        account: row.account_id,
                        url: row.url,
                        secrets,
                    },
                );
            }
            Err(e) => {
                tracing::warn!(webhook = %row.id, error = %e, "a webhook's signing secret does not open; its deliveries wait");
            }
        }
    }
    let jobs = claimed
        .into_iter()
        .map(|cl| Job {
            id: cl.delivery.id,
            endpoint: cl.delivery.endpoint_id,
            message_id: cl.event.id.clone(),
            body: payload(cl.event),
            attempts: cl.delivery.attempts,
        })
        .collect();
    Ok((jobs, targets, lease))
}

/// The Standard Webhooks body: `{type, timestamp, data}`, `data` the event as
/// `GET /api/v1/events` shows it.
fn payload(event: switchboard_db::models::EventRow) -> Vec<u8> {
    let wire = crate::services::events::to_wire(event);
    // Serialising plain data cannot fail.
    serde_json::to_vec(&serde_json::json!({
        "type": wire.type_,
        "timestamp": wire.timestamp,
        "data": wire,
    }))
    .unwrap_or_default()
}

/// Handed back untried, due again after `after`.
fn later(after: chrono::Duration) -> Outcome {
    Outcome {
        status: DeliveryStatus::Pending,
        status_code: None,
        error: None,
        latency_ms: None,
        retry_after: Some(after),
        attempted: false,
    }
}

fn final_failure(code: Option<i32>, error: String, latency: Option<i32>) -> Outcome {
    Outcome {
        status: DeliveryStatus::Failed,
        status_code: code,
        error: Some(error),
        latency_ms: latency,
        retry_after: None,
        attempted: true,
    }
}

/// One POST, and what it means for the delivery.
async fn attempt(state: &AppState, target: &Target, job: &Job) -> Outcome {
    // Names are checked when they are resolved; an address written in the URL here
    // (the allowed hosts may have changed since the endpoint was saved).
    let allowed = url::Url::parse(&target.url)
        .ok()
        .is_some_and(|u| state.egress.check_url(&u).is_ok());
    if !allowed {
        return final_failure(None, NOT_PUBLIC.into(), None);
    }
    let timestamp = chrono::Utc::now().timestamp();
    let signature = sign::signature(
        target.secrets.iter().map(|s| s.expose_secret().as_slice()),
        &job.message_id,
        timestamp,
        &job.body,
    );
    let started = Instant::now();
    let sent = state
        .webhook_http
        .post(&target.url)
        .header("content-type", "application/json")
        .header("webhook-id", &job.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(job.body.clone())
        .send()
        .await;
    let result = match sent {
        Ok(mut resp) => {
            let status = resp.status();
            let mut read = 0usize;
            // Read a little of the answer so the connection can be kept.
            while read < ANSWER_BYTES {
                match resp.chunk().await {
                    Ok(Some(b)) => read += b.len(),
                    _ => break,
                }
            }
            Ok(status)
        }
        Err(e) => Err(e),
    };
    let latency = i32::try_from(started.elapsed().as_millis()).ok();
    let retry = |code: Option<i32>, error: String| match retry_wait(
        &state.config.webhook_retry_schedule,
        job.attempts,
    ) {
        Some(wait) => Outcome {
            status: DeliveryStatus::Pending,
            status_code: code,
            error: Some(error),
            latency_ms: latency,
            retry_after: Some(wait),
            attempted: true,
        },
        None => final_failure(
            code,
            format!("{error}; gave up after {} attempts", job.attempts + 1),
            latency,
        ),
    };
    match result {
        Ok(s) if s.is_success() => Outcome {
            status: DeliveryStatus::Delivered,
            status_code: Some(i32::from(s.as_u16())),
            error: None,
            latency_ms: latency,
            retry_after: None,
            attempted: true,
        },
        Ok(s) if s.is_client_error() && !matches!(s.as_u16(), 408 | 429) => final_failure(
            Some(i32::from(s.as_u16())),
            format!("the endpoint answered {s}"),
            latency,
        ),
        Ok(s) => retry(
            Some(i32::from(s.as_u16())),
            format!("the endpoint answered {s}"),
        ),
        Err(e) if crate::outbound::guard::refusal(&e).is_some() => {
            final_failure(None, NOT_PUBLIC.into(), latency)
        }
        Err(e) if e.is_timeout() => retry(
            None,
            format!("no answer within {} seconds", super::TIMEOUT_SECS),
        ),
        Err(e) if e.is_connect() => retry(None, "could not connect to the endpoint".into()),
        Err(e) if e.is_builder() => final_failure(None, "the URL cannot be called".into(), None),
        Err(_) => retry(None, "the request to the endpoint failed".into()),
    }
}

const NOT_PUBLIC: &str =
    "the endpoint's address is not public (see SWITCHBOARD_ALLOWED_PRIVATE_HOSTS)";

/// The wait before the attempt after `attempts_before + 1` failed ones, with ±10 %
/// jitter; `None` when the schedule is used up.
fn retry_wait(schedule: &[u64], attempts_before: i32) -> Option<chrono::Duration> {
    let base = *schedule.get(usize::try_from(attempts_before).ok()?)?;
    let jitter = 0.9 + rand::random::<f64>() * 0.2;
    let millis = (base as f64 * 1000.0 * jitter) as i64;
    Some(chrono::Duration::milliseconds(millis))
}

/// Stores the outcomes of a batch, and what they mean for their endpoints.
async fn record(
    state: &AppState,
    targets: HashMap<WebhookId, Target>,
    lease: chrono::NaiveDateTime,
    results: Vec<(Job, Outcome)>,
) -> Result<(), ApiError> {
    let disable_after = chrono::Duration::seconds(
        i64::try_from(state.config.webhook_disable_after_secs).unwrap_or(i64::MAX / 2_000_000),
    );
    for (job, o) in &results {
        if o.attempted {
            state.metrics.webhook_attempt(
                o.status.as_str(),
                Duration::from_millis(u64::try_from(o.latency_ms.unwrap_or(0)).unwrap_or(0)),
            );
        }
        if o.status == DeliveryStatus::Failed {
            tracing::info!(delivery = %job.id, endpoint = %job.endpoint, error = o.error.as_deref().unwrap_or(""), "webhook delivery failed for good");
        }
    }
    let released = state
        .db
        .write(move |c| {
            let mut endpoints: Vec<WebhookId> = results.iter().map(|(j, _)| j.endpoint).collect();
            endpoints = dedup(&endpoints);
            // Endpoint rows first, in id order: one lock order for every writer.
            repo::lock(c, &endpoints)?;
            let now = switchboard_db::clock(c)?;
            let mut worked: Vec<WebhookId> = Vec::new();
            let mut failing: Vec<WebhookId> = Vec::new();
            for (job, o) in &results {
                repo::finish(c, job.id, lease, now, o)?;
                match (o.attempted, o.status) {
                    (true, DeliveryStatus::Delivered) => worked.push(job.endpoint),
                    // Only failures worth retrying say the receiver is in trouble;
                    // a 4xx is an answer.
                    (true, DeliveryStatus::Pending) => failing.push(job.endpoint),
                    _ => {}
                }
            }
            let mut released = 0;
            for id in dedup(&worked) {
                let tried: Vec<WebhookDeliveryId> = results
                    .iter()
                    .filter(|(j, o)| j.endpoint == id && o.attempted)
                    .map(|(j, _)| j.id)
                    .collect();
                released += repo::endpoint_works(c, id, now, &tried)?;
            }
            for id in dedup(&failing).into_iter().filter(|f| !worked.contains(f)) {
                let since = repo::endpoint_fails(c, id, now)?;
                if since.is_some_and(|s| now - s >= disable_after) {
                    if let Some(t) = targets.get(&id) {
                        disable(c, t.account, id)?;
                    }
                }
            }
            Ok::<_, ApiError>(released)
        })
        .await?;
    if released > 0 {
        state.db.outbox().notify_one();
    }
    Ok(())
}

fn dedup(ids: &[WebhookId]) -> Vec<WebhookId> {
    let mut v = ids.to_vec();
    v.sort_unstable_by_key(|i| i.0);
    v.dedup();
    v
}

/// Turns off an endpoint that has failed for too long.
fn disable(c: &mut DbConn, account: AccountId, id: WebhookId) -> Result<(), ApiError> {
    let Some(mut row) = repo::find_for_update(c, account, id)? else {
        return Ok(());
    };
    if !row.enabled {
        return Ok(());
    }
    // What happened while it was enabled is queued for it first (and waits).
    super::relay_all(c)?;
    let reason = "Every delivery failed for too long (SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS); enable it again once the receiver works.";
    row.enabled = false;
    row.disabled_reason = Some(reason.into());
    row.updated_at = switchboard_db::now();
    repo::update(c, &row)?;
    tracing::warn!(webhook = %id, "webhook endpoint disabled: its deliveries failed for too long");
    crate::services::events::record_in(
        c,
        account,
        EventType::WebhookDisabled,
        None,
        None,
        serde_json::json!({"webhook_id": id, "reason": reason}),
    )?;
    audit::record(
        c,
        audit::Event {
            account_id: account,
            actor_user_id: None,
            actor_api_key_id: None,
            actor: "switchboard".into(),
            action: AuditAction::WebhookDisabled,
            target_type: "webhook",
            target_id: Some(id.to_string()),
            client_addr: None,
            details: serde_json::json!({"reason": reason}),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_the_schedule_then_stop() {
        let schedule = [5, 30];
        let first = retry_wait(&schedule, 0).map(|d| d.num_milliseconds());
        assert!(
            first.is_some_and(|m| (4500..=5500).contains(&m)),
            "{first:?}"
        );
        let second = retry_wait(&schedule, 1).map(|d| d.num_milliseconds());
        assert!(
            second.is_some_and(|m| (27_000..=33_000).contains(&m)),
            "{second:?}"
        );
        assert!(retry_wait(&schedule, 2).is_none());
    }
}
