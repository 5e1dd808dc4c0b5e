//! Per-connection rate limits: the effective limit (the app's, or an operator's
//! override), setting and clearing overrides. A change rescales the stored
//! limiter state, so it applies from the next call on every replica.

use switchboard_db::models::RateLimitOverrideRow;
use switchboard_db::repo::rate_limits as repo;
use switchboard_types::{
    ApiScope, AuditAction, ConnectionId, RateLimit, RateLimitInfo, RateLimitSource, UsageHour,
    UsageQuery, UsageReport,
};

use super::apps;
use super::audit::{self, Event};
use super::connections::limit_access;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// The effective limit, where it comes from, and how many calls could be made now.
#[tracing::instrument(skip(state, p))]
pub async fn info(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<RateLimitInfo, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let p2 = p.clone();
    let (row, over, def) = state
        .db
        .read(move |c| {
            let row = limit_access(c, &p2, id)?;
            let over = repo::find_override(c, row.id)?;
            let def = apps::resolve(c, &row.app_slug)?
                .map(|(d, _)| d)
                .ok_or(ApiError::NotFound { what: "app" })?;
            Ok::<_, ApiError>((row, over, def))
        })
        .await?;
    let over = over
        .as_ref()
        .map(crate::outbound::ratelimit::override_limit);
    let (effective, is_override) = crate::outbound::ratelimit::effective(&def, over);
    let remaining = state.limiter.peek(row.id, effective).await?;
    Ok(RateLimitInfo {
        effective,
        source: if is_override {
            RateLimitSource::Override
        } else {
            RateLimitSource::App
        },
        app_default: def.rate_limit,
        override_: over,
        remaining,
        backend: state.limiter.name().to_string(),
    })
}

/// Proxied and rate-limited calls per hour over the last `days` (1–30, 7), for
/// the accounts that may see the connection's limit.
#[tracing::instrument(skip(state, p))]
pub async fn usage(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    q: UsageQuery,
) -> Result<UsageReport, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let days = q.days.unwrap_or(7);
    if !(1..=30).contains(&days) {
        return Err(ApiError::field("days", "must be from 1 to 30"));
    }
    let now = switchboard_db::now();
    let from = chrono::DurationRound::duration_trunc(now, chrono::Duration::hours(1))
        .unwrap_or(now)
        - chrono::Duration::hours(i64::from(days) * 24 - 1);
    let p2 = p.clone();
    let rows = state
        .db
        .read(move |c| {
            let row = limit_access(c, &p2, id)?;
            Ok::<_, ApiError>(switchboard_db::repo::usage::list(c, row.id, from)?)
        })
        .await?;
    // The stored hours, plus this process's counts not written yet.
    let mut by_hour: std::collections::BTreeMap<chrono::NaiveDateTime, (i64, i64)> = rows
        .into_iter()
        .map(|r| (r.hour, (r.calls, r.limited)))
        .collect();
    for (hour, calls, limited) in state.usage.pending(id) {
        if hour >= from {
            let e = by_hour.entry(hour).or_default();
            e.0 += calls;
            e.1 += limited;
        }
    }
    let count = |v: i64| u64::try_from(v).unwrap_or(0);
    let hours: Vec<UsageHour> = by_hour
        .into_iter()
        .map(|(hour, (calls, limited))| UsageHour {
            hour: hour.and_utc(),
            calls: count(calls),
            limited: count(limited),
        })
        .collect();
    Ok(UsageReport {
        from: from.and_utc(),
        calls: hours.iter().map(|h| h.calls).sum(),
        limited: hours.iter().map(|h| h.limited).sum(),
        hours,
    })
}

/// After an override changed: the stored limiter state is rescaled to the new limit
/// (it applies from the next call, on every replica), then the new info.
async fn changed(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    before: RateLimit,
) -> Result<RateLimitInfo, ApiError> {
    let after = info(state, p, id).await?;
    if after.effective == before {
        return Ok(after);
    }
    state
        .limiter
        .limit_changed(id, before, after.effective)
        .await?;
    info(state, p, id).await
}

/// Sets an override (system administrators; audited).
#[tracing::instrument(skip(state, p))]
pub async fn set(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    l: RateLimit,
) -> Result<RateLimitInfo, ApiError> {
    p.require_system_admin()?;
    let mut errors = crate::error::FieldErrors::new();
    for (k, v, max) in [
        ("requests", l.requests, 1_000_000),
        ("per_seconds", l.per_seconds, 86_400),
        ("burst", l.burst, 1_000_000),
    ] {
        if v == 0 || v > max {
            errors.insert(k.into(), vec![format!("must be 1–{max}")]);
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let before = info(state, p, id).await?.effective;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let row = limit_access(c, &p2, id)?;
            repo::put_override(
                c,
                &RateLimitOverrideRow {
                    connection_id: row.id,
                    requests: l.requests as i32,
                    per_seconds: l.per_seconds as i32,
                    burst: l.burst as i32,
                    set_by: p2.email.clone(),
                    updated_at: switchboard_db::now(),
                },
            )?;
            audit::record(
                c,
                Event {
                    account_id: row.account_id,
                    ..Event::by(&p2, AuditAction::ConnectionRateLimitOverride, "connection", Some(row.id))
                }
                .details(serde_json::json!({"requests": l.requests, "per_seconds": l.per_seconds, "burst": l.burst})),
            )?;
            crate::services::events::record(
                c,
                switchboard_types::EventType::RateLimitOverrideChanged,
                &row,
                Some(&p2.actor_label()),
                serde_json::json!({"override": {"requests": l.requests, "per_seconds": l.per_seconds, "burst": l.burst}}),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    changed(state, p, id, before).await
}

/// Clears the override: the app's default applies again (system administrators; audited).
#[tracing::instrument(skip(state, p))]
pub async fn clear(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<RateLimitInfo, ApiError> {
    p.require_system_admin()?;
    let before = info(state, p, id).await?.effective;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let row = limit_access(c, &p2, id)?;
            if repo::delete_override(c, row.id)? > 0 {
                audit::record(
                    c,
                    Event {
                        account_id: row.account_id,
                        ..Event::by(
                            &p2,
                            AuditAction::ConnectionRateLimitReset,
                            "connection",
                            Some(row.id),
                        )
                    },
                )?;
                crate::services::events::record(
                    c,
                    switchboard_types::EventType::RateLimitOverrideChanged,
                    &row,
                    Some(&p2.actor_label()),
                    serde_json::json!({"override": null}),
                )?;
            }
            Ok::<_, ApiError>(())
        })
        .await?;
    changed(state, p, id, before).await
}
