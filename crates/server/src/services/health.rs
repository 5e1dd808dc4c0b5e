//! Connection health: scheduled checks and the history of checks.
//!
//! Every connection gets a row in `health_schedule` the first time the job sees
//! it, due one interval (the app's `health_check_interval_seconds`, ±10 %) after it
//! was created, or, for connections older than that, at a random time within the
//! next interval, so a fleet of old connections does not come due at once. A due
//! row is leased to one replica (database clock), and the check it runs depends
//! on the connection:
//! - credentials in fields (API keys, OAuth client credentials) and an app with a
//!   `test` request: the test request, admitted by the connection's rate limiter
//!   like a proxied call (a limited connection waits; an upstream 429 is not a
//!   failure). A failure sets `error` with the reason and fires
//!   `connection.test_failed` once; the next success fires `connection.recovered`.
//! - an OAuth sign-in (authorization code) with a refresh token: a refresh when
//!   the refresh token has not been used for 20 hours, through
//!   `tokens::refresh_idle` (single flight, lease, and the usual status and
//!   events); looked at least daily, so the token is used at least once a day.
//! - anything else: nothing; it is looked at again an interval later.
//!
//! A failing connection is checked again sooner (5 min, 15 min, 1 h, 4 h, then
//! the interval). The last [`repo::KEEP`] checks of each connection are kept,
//! tests asked for through the API among them.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use futures_util::StreamExt as _;
use switchboard_db::models::{ConnectionRow, HealthCheckRow, HealthScheduleRow, StatusChange};
use switchboard_db::repo::{connections as conn_repo, health as repo, rate_limits as rl_repo};
use switchboard_db::DbConn;
use switchboard_types::{
    ApiScope, AppDefinition, AuthType, ConnectionHealth, ConnectionId, ConnectionStatus, ErrorCode,
    EventType, HealthCheck, HealthCheckKind, HealthCheckSource, HealthSchedule, OAuth2Grant,
    StatusCause, TestOutcome,
};
use uuid::Uuid;

use crate::auth::Principal;
use crate::config::HealthChecks;
use crate::error::ApiError;
use crate::outbound::ratelimit::{effective, override_limit};
use crate::services::tokens::{self, IdleRefresh, Want};
use crate::services::{apps, events, outbound};
use crate::state::AppState;

/// Checks claimed per pass, and run at once.
const BATCH: i64 = 20;
const PARALLEL: usize = 4;
/// A refresh token unused for this long is used (refreshed). With checks at most
/// [`IDLE_CHECK_EVERY`] apart (less the jitter), it is used at least once a day.
const IDLE_REFRESH: chrono::Duration = chrono::Duration::hours(20);
const IDLE_CHECK_EVERY: u32 = 24 * 3600;
/// Waits before checking a failing connection again, then the app's interval.
const RETRY_AFTER_FAILURE: [i64; 4] = [300, 900, 3600, 4 * 3600];
/// When the upstream answers a scheduled test with 429.
const UPSTREAM_LIMITED: i64 = 300;

/// What the API and the web app show: the schedule and the last checks.
#[tracing::instrument(skip(state, p))]
pub async fn get(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<ConnectionHealth, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let (p2, mode) = (p.clone(), state.config.health_checks);
    state
        .db
        .read(move |c| {
            let (row, _) = crate::services::connections::access(c, &p2, id)?;
            let def = apps::resolve(c, &row.app_slug)?.map(|(d, _)| d);
            let interval = def.as_ref().map_or(
                switchboard_types::DEFAULT_HEALTH_CHECK_INTERVAL_SECS,
                period,
            );
            let schedule = match def.as_ref().map(plan_for) {
                _ if mode == HealthChecks::Off => HealthSchedule::Off,
                None | Some(Plan::Nothing) => HealthSchedule::NotCheckable,
                Some(_) if row.status == ConnectionStatus::NeedsReconnect => {
                    HealthSchedule::NeedsReconnect
                }
                Some(_) if mode == HealthChecks::Used && !repo::used(c, row.id)? => {
                    HealthSchedule::Unused
                }
                Some(_) => HealthSchedule::Scheduled,
            };
            // Not in the schedule yet (the job adds it within a poll): when it will be.
            let next = match repo::get(c, row.id)? {
                Some(s) => s.next_check_at,
                None => first_check(row.created_at, interval, switchboard_db::now()),
            };
            Ok::<_, ApiError>(ConnectionHealth {
                schedule,
                next_check_at: (schedule == HealthSchedule::Scheduled).then(|| next.and_utc()),
                interval_seconds: interval,
                checks: repo::list(c, row.id)?.into_iter().map(to_wire).collect(),
            })
        })
        .await
}

fn to_wire(r: HealthCheckRow) -> HealthCheck {
    HealthCheck {
        checked_at: r.checked_at.and_utc(),
        kind: r.kind,
        source: r.source,
        ok: r.ok,
        latency_ms: r.latency_ms.and_then(|v| u32::try_from(v).ok()),
        upstream_status: r.upstream_status.and_then(|v| u16::try_from(v).ok()),
        message: r.message,
    }
}

/// What a scheduled check of a connection of this app does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Send the app's test request.
    Test,
    /// Keep the refresh token alive.
    IdleRefresh,
    Nothing,
}

/// Seconds between scheduled looks at a connection of this app: its interval, and
/// for OAuth sign-ins at most a day (the idle refresh token must be used daily).
fn period(def: &AppDefinition) -> u32 {
    let interval = def.health_check_interval();
    if plan_for(def) == Plan::IdleRefresh {
        interval.min(IDLE_CHECK_EVERY)
    } else {
        interval
    }
}

fn plan_for(def: &AppDefinition) -> Plan {
    let sign_in = def.auth.type_ == AuthType::Oauth2
        && def
            .auth
            .oauth2
            .as_ref()
            .is_some_and(|o| o.grant == OAuth2Grant::AuthorizationCode);
    if sign_in {
        Plan::IdleRefresh
    } else if def.test.is_some() {
        Plan::Test
    } else {
        Plan::Nothing
    }
}

/// `secs` ± 10 %.
fn jittered(secs: u32) -> chrono::Duration {
    let spread = f64::from(secs) * (0.9 + 0.2 * rand::random::<f64>());
    chrono::Duration::milliseconds((spread * 1000.0) as i64)
}

/// `secs` less up to 10 % (never later than `secs`).
fn early(secs: u32) -> chrono::Duration {
    let spread = f64::from(secs) * (0.9 + 0.1 * rand::random::<f64>());
    chrono::Duration::milliseconds((spread * 1000.0) as i64)
}

/// Up to `secs`, at random.
fn jitter_up_to(secs: u32) -> chrono::Duration {
    chrono::Duration::milliseconds((f64::from(secs) * 1000.0 * rand::random::<f64>()) as i64)
}

/// When a connection the schedule does not know yet is first checked.
fn first_check(created: NaiveDateTime, interval: u32, now: NaiveDateTime) -> NaiveDateTime {
    let at = created + jittered(interval);
    if at > now {
        at
    } else {
        // Older than an interval (an upgrade, an import): spread over the next one.
        let ms = (f64::from(interval) * 1000.0 * rand::random::<f64>()) as i64;
        now + chrono::Duration::milliseconds(ms)
    }
}

/// The wait before the next check after `failures` failed ones in a row.
fn next_wait(interval: u32, failures: i32) -> chrono::Duration {
    match usize::try_from(failures).ok().filter(|f| *f > 0) {
        Some(f) => {
            let secs = RETRY_AFTER_FAILURE[(f - 1).min(RETRY_AFTER_FAILURE.len() - 1)];
            chrono::Duration::seconds(secs.min(i64::from(interval)))
        }
        None => jittered(interval),
    }
}

/// One pass of the health job: schedules new connections and runs the due checks
/// this replica claims. Returns how many checks it ran.
pub async fn run_due(state: &AppState) -> Result<usize, ApiError> {
    if state.config.health_checks == HealthChecks::Off {
        return Ok(0);
    }
    if !state
        .db
        .read(|c| Ok::<_, ApiError>(repo::any_work(c)?))
        .await?
    {
        return Ok(0);
    }
    state
        .db
        .write(|c| {
            let fresh = repo::unscheduled(c, 1000)?;
            if fresh.is_empty() {
                return Ok(());
            }
            let defs = apps::all(c)?;
            let now = switchboard_db::clock(c)?;
            let rows: Vec<_> = fresh
                .into_iter()
                .map(|(id, app, created)| {
                    let interval = defs.get(app.as_str()).map_or(
                        switchboard_types::DEFAULT_HEALTH_CHECK_INTERVAL_SECS,
                        |(d, _)| period(d),
                    );
                    (id, first_check(created, interval, now))
                })
                .collect();
            repo::schedule(c, &rows)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    let lease_id = Uuid::now_v7().to_string();
    // Longer than a check can take: fresh client-credentials tokens (3 attempts),
    // or an idle refresh, then the test request, with room to spare. A check whose
    // lease ran out anyway writes nothing (`reschedule` is its fence).
    let lease = chrono::Duration::seconds(state.config.outbound_timeout_secs as i64 * 6 + 30);
    let l2 = lease_id.clone();
    let claimed = state
        .db
        .write(move |c| Ok::<_, ApiError>(repo::claim_due(c, &l2, lease, BATCH)?))
        .await?;
    let n = claimed.len();
    futures_util::stream::iter(claimed)
        .for_each_concurrent(PARALLEL, |s| {
            let lease_id = lease_id.clone();
            async move {
                let (id, failures) = (s.connection_id, s.failures);
                if let Err(e) = check_one(state, s, &lease_id).await {
                    tracing::warn!(connection = %id, error = %e, "scheduled health check failed to run");
                    // Tried again later, backing off like a failed check.
                    let wait = next_wait(IDLE_CHECK_EVERY, failures + 1);
                    let _ = reschedule(state, id, &lease_id, wait, failures + 1).await;
                }
            }
        })
        .await;
    Ok(n)
}

/// Runs one claimed check and reschedules it.
async fn check_one(state: &AppState, s: HealthScheduleRow, lease_id: &str) -> Result<(), ApiError> {
    let id = s.connection_id;
    let mode = state.config.health_checks;
    let found = state
        .db
        .read(move |c| {
            let Some(row) = conn_repo::find(c, id)? else {
                return Ok(None);
            };
            let def = apps::resolve(c, &row.app_slug)?.map(|(d, _)| d);
            let used = mode != HealthChecks::Used || repo::used(c, id)?;
            let over = rl_repo::find_override(c, id)?;
            Ok::<_, ApiError>(Some((row, def, used, over)))
        })
        .await?;
    // Deleted meanwhile: its schedule row went with it.
    let Some((row, def, used, over)) = found else {
        return Ok(());
    };
    let Some(def) = def else {
        return reschedule(state, id, lease_id, jittered_default(), 0).await;
    };
    let interval = period(&def);
    let plan = plan_for(&def);
    if plan == Plan::Nothing || !used || row.status == ConnectionStatus::NeedsReconnect {
        return reschedule(state, id, lease_id, jittered(interval), 0).await;
    }
    if plan == Plan::IdleRefresh {
        let started = Instant::now();
        let outcome = tokens::refresh_idle(state, id, IDLE_REFRESH).await?;
        let latency = elapsed_ms(started);
        let (ok, message) = match outcome {
            IdleRefresh::NotNeeded => {
                return reschedule(state, id, lease_id, early(interval), 0).await;
            }
            // Someone else is refreshing it now: look again soon.
            IdleRefresh::Busy => {
                let soon = chrono::Duration::seconds(300);
                return reschedule(state, id, lease_id, soon, s.failures).await;
            }
            // Used by another refresh: look again when it has been idle long enough
            // (on the database clock, which `at` is on).
            IdleRefresh::RecentlyAt(at) => {
                let lease_id = lease_id.to_string();
                let latest = early(interval);
                return state
                    .db
                    .write(move |c| {
                        let now = switchboard_db::clock(c)?;
                        let idle_at = (at + IDLE_REFRESH).max(now + chrono::Duration::seconds(60));
                        let next = idle_at.min(now + latest) + jitter_up_to(3600);
                        repo::reschedule(c, id, &lease_id, next, 0)?;
                        Ok::<_, ApiError>(())
                    })
                    .await;
            }
            IdleRefresh::Refreshed => (true, format!("{} gave new tokens.", def.name)),
            IdleRefresh::Failed(reason) => (false, reason),
        };
        let failures = if ok { 0 } else { s.failures + 1 };
        let wait = if ok {
            early(interval)
        } else {
            next_wait(interval, failures)
        };
        let (lease_id, check) = (
            lease_id.to_string(),
            check_row(
                id,
                HealthCheckKind::Refresh,
                HealthCheckSource::Scheduled,
                ok,
                Some(latency),
                None,
                message,
            ),
        );
        return state
            .db
            .write(move |c| {
                let now = switchboard_db::clock(c)?;
                // The fence: a check whose lease ran out records nothing.
                if repo::reschedule(c, id, &lease_id, now + wait, failures)? {
                    repo::record(c, &check)?;
                }
                Ok::<_, ApiError>(())
            })
            .await;
    }

    // The test request, admitted like a proxied call.
    let (limit, _) = effective(&def, over.as_ref().map(override_limit));
    let decision = state.limiter.check(id, limit).await?;
    if !decision.allowed {
        let wait = chrono::Duration::from_std(decision.retry_after + Duration::from_secs(1))
            .unwrap_or(chrono::Duration::seconds(60));
        return reschedule(state, id, lease_id, wait, s.failures).await;
    }
    let usable = match tokens::usable(state, id, Want::OnDemand).await {
        Ok(u) => u,
        // The provider ended the authorization (now `needs_reconnect`, with its
        // event): nothing to test until someone reconnects.
        Err(ApiError::Conflict {
            code: ErrorCode::NeedsReconnect,
            ..
        }) => return reschedule(state, id, lease_id, jittered(interval), 0).await,
        Err(e) => {
            // No usable credentials (client-credentials token refused, unreadable):
            // a failed check with the reason.
            let message = e.problem().detail.unwrap_or_else(|| e.to_string());
            let outcome = TestOutcome {
                ok: false,
                upstream_status: None,
                message,
                identity: None,
            };
            return finish_test(state, row, &outcome, None, s.failures, interval, lease_id).await;
        }
    };
    // One call: the identity request only when it is the test request itself.
    let mut def = usable.def.clone();
    if let (Some(t), Some(i)) = (&def.test, &def.identity) {
        if t.method != i.method || t.path != i.path {
            def.identity = None;
        }
    }
    let started = Instant::now();
    let outcome = outbound::check(state, &def, &usable.values, true).await;
    let latency = elapsed_ms(started);
    if outcome.upstream_status == Some(429) {
        // The provider's limit, not the credentials: hold the connection's calls a
        // minute and try later; nothing is recorded.
        let _ = state.limiter.hold(id, limit, Duration::from_secs(60)).await;
        return reschedule(
            state,
            id,
            lease_id,
            chrono::Duration::seconds(UPSTREAM_LIMITED),
            s.failures,
        )
        .await;
    }
    finish_test(
        state,
        row,
        &outcome,
        Some(latency),
        s.failures,
        interval,
        lease_id,
    )
    .await
}

fn jittered_default() -> chrono::Duration {
    jittered(switchboard_types::DEFAULT_HEALTH_CHECK_INTERVAL_SECS)
}

fn elapsed_ms(started: Instant) -> i32 {
    i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX)
}

fn check_row(
    id: ConnectionId,
    kind: HealthCheckKind,
    source: HealthCheckSource,
    ok: bool,
    latency_ms: Option<i32>,
    upstream_status: Option<u16>,
    message: String,
) -> HealthCheckRow {
    HealthCheckRow {
        id: Uuid::now_v7().to_string(),
        connection_id: id,
        kind,
        source,
        ok,
        latency_ms,
        upstream_status: upstream_status.map(i32::from),
        message,
        checked_at: switchboard_db::now(),
    }
}

/// Stores a scheduled test's outcome (status, events, history) and reschedules.
async fn finish_test(
    state: &AppState,
    before: ConnectionRow,
    outcome: &TestOutcome,
    latency_ms: Option<i32>,
    failures: i32,
    interval: u32,
    lease_id: &str,
) -> Result<(), ApiError> {
    let failures = if outcome.ok { 0 } else { failures + 1 };
    let wait = next_wait(interval, failures);
    let (outcome, lease_id) = (outcome.clone(), lease_id.to_string());
    state
        .db
        .write(move |c| {
            let now = switchboard_db::clock(c)?;
            // The fence: a check whose lease ran out writes nothing.
            if !repo::reschedule(c, before.id, &lease_id, now + wait, failures)? {
                return Ok(());
            }
            // Changed while the request was out (new credentials, a reconnect, a
            // test, a refresh that ended the authorization): this outcome is stale.
            let current = conn_repo::find(c, before.id)?;
            if current.is_some_and(|row| row.version == before.version) {
                apply_test(
                    c,
                    &before,
                    &outcome,
                    latency_ms,
                    HealthCheckSource::Scheduled,
                    None,
                )?;
            }
            Ok::<_, ApiError>(())
        })
        .await
}

/// Stores a test's outcome in the caller's transaction: the connection's status
/// (`error` with the reason on failure, `active` on success), the events
/// (`connection.test_failed`; `connection.recovered` when it works again) and
/// the check in the history. A test asked for by someone always reports its
/// failure; a scheduled one only when the connection was not failing its test
/// already (a daily check of a broken connection does not repeat the event).
pub fn apply_test(
    c: &mut DbConn,
    before: &ConnectionRow,
    outcome: &TestOutcome,
    latency_ms: Option<i32>,
    source: HealthCheckSource,
    actor: Option<&str>,
) -> Result<(), ApiError> {
    let now = switchboard_db::now();
    let manual = source == HealthCheckSource::Manual;
    if outcome.ok {
        // A scheduled success changes nothing on a connection that works.
        if manual || before.status != ConnectionStatus::Active {
            conn_repo::set_status(
                c,
                before.id,
                &StatusChange::active(),
                outcome.identity.as_deref(),
                now,
            )?;
            events::recovered_if(c, before, actor)?;
        }
    } else {
        let already = before.status == ConnectionStatus::Error
            && before.status_cause == Some(StatusCause::TestFailed)
            && before.status_reason.as_deref() == Some(outcome.message.as_str());
        if manual || !already {
            conn_repo::set_status(
                c,
                before.id,
                &StatusChange::failed(
                    ConnectionStatus::Error,
                    StatusCause::TestFailed,
                    &outcome.message,
                ),
                None,
                now,
            )?;
        }
        let was_failing = before.status == ConnectionStatus::Error
            && before.status_cause == Some(StatusCause::TestFailed);
        if manual || !was_failing {
            if let Some(after) = conn_repo::find(c, before.id)? {
                events::record(
                    c,
                    EventType::ConnectionTestFailed,
                    &after,
                    actor,
                    serde_json::json!({"reason": outcome.message, "upstream_status": outcome.upstream_status}),
                )?;
            }
        }
    }
    repo::record(
        c,
        &check_row(
            before.id,
            HealthCheckKind::Test,
            source,
            outcome.ok,
            latency_ms,
            outcome.upstream_status,
            outcome.message.clone(),
        ),
    )?;
    Ok(())
}

async fn reschedule(
    state: &AppState,
    id: ConnectionId,
    lease_id: &str,
    wait: chrono::Duration,
    failures: i32,
) -> Result<(), ApiError> {
    let lease_id = lease_id.to_string();
    state
        .db
        .write(move |c| {
            let now = switchboard_db::clock(c)?;
            repo::reschedule(c, id, &lease_id, now + wait, failures)?;
            Ok::<_, ApiError>(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_shrink_after_failures_and_never_pass_the_interval() {
        let day = 86_400;
        assert_eq!(next_wait(day, 1), chrono::Duration::seconds(300));
        assert_eq!(next_wait(day, 2), chrono::Duration::seconds(900));
        assert_eq!(next_wait(day, 9), chrono::Duration::seconds(4 * 3600));
        assert_eq!(next_wait(600, 3), chrono::Duration::seconds(600));
        for _ in 0..100 {
            let w = next_wait(day, 0).num_seconds();
            assert!((77_760..=95_040).contains(&w), "{w}");
        }
    }

    #[test]
    fn old_connections_spread_over_the_next_interval() {
        let now = switchboard_db::now();
        let young = now - chrono::Duration::hours(1);
        let at = first_check(young, 86_400, now);
        assert!(at > now + chrono::Duration::hours(20) && at < now + chrono::Duration::hours(26));
        let old = now - chrono::Duration::days(30);
        let spread: Vec<_> = (0..200).map(|_| first_check(old, 86_400, now)).collect();
        assert!(spread
            .iter()
            .all(|t| *t >= now && *t <= now + chrono::Duration::days(1)));
        let early = spread
            .iter()
            .filter(|t| **t < now + chrono::Duration::hours(12))
            .count();
        assert!(
            (40..=160).contains(&early),
            "{early} of 200 in the first half"
        );
    }
}
