//! The `postgres` backend: one limit shared by every replica. The GCRA state of a
//! connection — its theoretical arrival time — is a row of `rate_limit_state`,
//! advanced by one statement on the database clock, so replicas' clock skew does not
//! matter.
//!
//! A round trip per decision would cap every replica together at a few thousand
//! decisions a second, so a replica **leases** calls: one statement grants up to a
//! batch of calls that fit the limit now (the stored time moves on by all of them),
//! and the replica makes them without asking again for up to [`LEASE_FOR`]. The
//! batch is what the replica used of its last lease plus one, and at most what the
//! limit accrues in [`LEASE_FOR`], an eighth of the burst and [`MAX_BATCH`]: a
//! connection called rarely, or with a slow limit, asks per call as before, and a
//! limit nearly used up grants only the calls that fit. What a lease leaves unused
//! goes back when it ends, but only the part of its time still ahead (time that
//! has passed cannot be given to anyone again). A refusal is remembered for its
//! `Retry-After`, at most [`LEASE_FOR`]; an upstream's hold for its whole length.
//!
//! The bound this keeps: over any window of `W`, at most `(W + LEASE_FOR) /
//! interval + burst` calls (a leased call may be made up to [`LEASE_FOR`] after its
//! grant). A replica still using a limit it read before an override changed (its
//! plans are kept for 1 s) leases under the old limit until it reads the new one.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use switchboard_db::repo::rate_limits as repo;
use switchboard_db::Db;
use switchboard_types::{ConnectionId, RateLimit};

use super::{from_micros, interval, micros, Decision};
use crate::error::ApiError;

/// How long leased calls may be made before the rest goes back.
pub const LEASE_FOR: Duration = Duration::from_millis(100);
/// The most calls one lease grants.
pub const MAX_BATCH: u32 = 64;

/// This replica's part of one connection's limit.
#[derive(Debug, Clone, Copy)]
struct Lease {
    limit: RateLimit,
    /// Leased calls not made yet.
    calls: u32,
    /// Until when they may be made.
    until: Instant,
    /// The stored time after the earliest grant still in `calls` (database clock,
    /// microseconds): what is given back never reaches behind now, nor before it.
    granted_to: i64,
    /// Calls made from the current lease (sizes the next one).
    used: u32,
    /// A refusal holds until then (at most [`LEASE_FOR`] ahead).
    refused_until: Option<Instant>,
    /// An upstream's 429 holds calls until then; grants never clear it.
    held_until: Option<Instant>,
    /// Calls available, as the last answer and the calls made since say.
    remaining: u32,
    /// When the full burst is back, as the last answer said.
    reset_at: Instant,
}

impl Lease {
    fn new(limit: RateLimit, now: Instant) -> Self {
        Self {
            limit,
            calls: 0,
            until: now,
            granted_to: 0,
            used: 0,
            refused_until: None,
            held_until: None,
            remaining: 0,
            reset_at: now,
        }
    }
}

pub struct Shared {
    db: Db,
    leases: Mutex<HashMap<ConnectionId, Lease>>,
}

/// The statement's parameters for a limit: (interval, tolerance) in whole
/// microseconds, the interval rounded up (never a faster limit than configured).
fn params(limit: RateLimit) -> (i64, i64) {
    let t = i64::try_from(interval(limit).as_nanos().div_ceil(1_000))
        .unwrap_or(i64::MAX)
        .max(1);
    (t, t.saturating_mul(i64::from(limit.burst.max(1))))
}

fn batch(limit: RateLimit, used: u32, t: i64) -> u32 {
    let accrues = u32::try_from(micros(LEASE_FOR) / t.max(1)).unwrap_or(u32::MAX);
    let cap = (limit.burst / 8).min(accrues).clamp(1, MAX_BATCH);
    used.saturating_add(1).min(cap)
}

/// Calls the shared state has room for when its time is `ahead` of now.
fn calls_left(limit: RateLimit, t: i64, tolerance: i64, ahead: i64) -> u32 {
    ((tolerance - ahead) / t).clamp(0, i64::from(limit.burst)) as u32
}

/// This replica's lease of `key`; one taken under another limit keeps only its
/// hold and refusal (its calls were leased under the old limit).
fn lease_of(
    leases: &mut HashMap<ConnectionId, Lease>,
    key: ConnectionId,
    limit: RateLimit,
    now: Instant,
) -> &mut Lease {
    let l = leases.entry(key).or_insert(Lease::new(limit, now));
    if l.limit != limit {
        *l = Lease {
            limit,
            calls: 0,
            used: 0,
            ..*l
        };
    }
    l
}

impl Shared {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            leases: Mutex::new(HashMap::new()),
        }
    }

    fn leases(&self) -> std::sync::MutexGuard<'_, HashMap<ConnectionId, Lease>> {
        self.leases.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn check(&self, key: ConnectionId, limit: RateLimit) -> Result<Decision, ApiError> {
        let now = Instant::now();
        // From this replica's lease when it can answer.
        let (unused, granted_to, used) = {
            let mut leases = self.leases();
            match leases.get_mut(&key).filter(|l| l.limit == limit) {
                Some(l) if l.held_until.is_some_and(|h| now < h) => {
                    let wait = l.held_until.map_or(Duration::ZERO, |h| h - now);
                    return Ok(Decision {
                        allowed: false,
                        limit,
                        remaining: 0,
                        reset: l.reset_at.saturating_duration_since(now).max(wait),
                        retry_after: wait,
                    });
                }
                Some(l) if l.calls > 0 && now < l.until => {
                    l.calls -= 1;
                    l.used += 1;
                    l.remaining = l.remaining.saturating_sub(1);
                    return Ok(Decision {
                        allowed: true,
                        limit,
                        remaining: l.remaining,
                        reset: l.reset_at.saturating_duration_since(now),
                        retry_after: Duration::ZERO,
                    });
                }
                Some(l) if l.refused_until.is_some_and(|r| now < r) => {
                    let wait = l.refused_until.map_or(Duration::ZERO, |r| r - now);
                    return Ok(Decision {
                        allowed: false,
                        limit,
                        remaining: 0,
                        reset: l.reset_at.saturating_duration_since(now),
                        retry_after: wait,
                    });
                }
                Some(l) => (
                    std::mem::take(&mut l.calls),
                    l.granted_to,
                    std::mem::take(&mut l.used),
                ),
                None => (0, 0, 0),
            }
        };
        let (t, tolerance) = params(limit);
        let n = i64::from(batch(limit, used, t));
        let k = key.to_string();
        let row = self
            .db
            .read(move |c| {
                if unused > 0 {
                    let unused_us = t.saturating_mul(i64::from(unused));
                    repo::gcra_give_back(c, &k, unused_us, granted_to)?;
                }
                Ok::<_, ApiError>(repo::gcra_lease(c, &k, t, tolerance, n)?)
            })
            .await?;
        let now = Instant::now();
        let decision = match row.new_tat {
            Some(tat) => {
                let base = row.base.unwrap_or(row.now);
                let granted = u32::try_from(((tat - base) / t).max(1)).unwrap_or(1);
                let ahead = (tat - row.now).max(0);
                let shared_left = calls_left(limit, t, tolerance, ahead);
                let mut leases = self.leases();
                let l = lease_of(&mut leases, key, limit, now);
                // Another task of this replica may have leased meanwhile: the calls
                // add up, and they keep the earlier grant's time and end.
                if l.calls == 0 {
                    l.until = now + LEASE_FOR;
                    l.granted_to = tat;
                } else {
                    l.granted_to = l.granted_to.min(tat);
                }
                l.calls += granted - 1;
                l.used += 1;
                l.refused_until = None;
                l.remaining = (shared_left + l.calls).min(limit.burst);
                l.reset_at = now + from_micros(ahead);
                Decision {
                    allowed: true,
                    limit,
                    remaining: l.remaining,
                    reset: from_micros(ahead),
                    retry_after: Duration::ZERO,
                }
            }
            None => {
                // `base` was read under the row's lock: the latest stored time,
                // so the wait is exact.
                let tat = row.base.unwrap_or(row.now);
                let wait = from_micros(tat + t - tolerance - row.now).max(Duration::from_millis(1));
                let reset = from_micros(tat - row.now);
                let mut leases = self.leases();
                let l = lease_of(&mut leases, key, limit, now);
                // Kept short: calls given back elsewhere can make room sooner.
                l.refused_until = Some(now + wait.min(LEASE_FOR));
                l.remaining = 0;
                l.reset_at = now + reset;
                Decision {
                    allowed: false,
                    limit,
                    remaining: 0,
                    reset,
                    retry_after: wait,
                }
            }
        };
        let mut leases = self.leases();
        if leases.len() > 100_000 {
            // Bounded: leases are short-lived; dropping them only costs round trips.
            leases.retain(|_, l| l.until > now || l.held_until.is_some_and(|h| h > now));
        }
        Ok(decision)
    }

    /// Holds the connection's calls for `for_` (an upstream 429): this replica's
    /// leased calls are dropped, and the shared time moves past the hold.
    pub async fn hold(
        &self,
        key: ConnectionId,
        limit: RateLimit,
        for_: Duration,
    ) -> Result<(), ApiError> {
        let now = Instant::now();
        {
            let mut leases = self.leases();
            let l = lease_of(&mut leases, key, limit, now);
            l.calls = 0;
            l.used = 0;
            l.remaining = 0;
            l.held_until = Some(l.held_until.map_or(now + for_, |h| h.max(now + for_)));
        }
        let (t, tolerance) = params(limit);
        // Allowed again when tat + t - now <= tolerance, i.e. at now + for_.
        let offset = micros(for_).saturating_add(tolerance) - t;
        let k = key.to_string();
        self.db
            .read(move |c| Ok::<_, ApiError>(repo::gcra_hold(c, &k, offset)?))
            .await?;
        Ok(())
    }

    /// The limit changed from `old` to `new`: this replica's lease ends (its calls
    /// were leased under the old limit), and the shared state is rescaled.
    pub async fn limit_changed(
        &self,
        key: ConnectionId,
        old: RateLimit,
        new: RateLimit,
    ) -> Result<(), ApiError> {
        self.leases().remove(&key);
        let (k, o, n) = (key.to_string(), params(old), params(new));
        self.db
            .read(move |c| Ok::<_, ApiError>(repo::gcra_rescale(c, &k, o, n)?))
            .await?;
        Ok(())
    }

    /// Calls available now, without using one: what the shared state has left plus
    /// this replica's leased calls.
    pub async fn peek(&self, key: ConnectionId, limit: RateLimit) -> Result<u32, ApiError> {
        let (t, tolerance) = params(limit);
        let k = key.to_string();
        let row = self
            .db
            .read(move |c| Ok::<_, ApiError>(repo::gcra_peek(c, &k)?))
            .await?;
        let ahead = row.old_tat.map_or(0, |tat| (tat - row.now).max(0));
        let local = self
            .leases()
            .get(&key)
            .filter(|l| l.limit == limit && Instant::now() < l.until)
            .map_or(0, |l| l.calls);
        let shared = calls_left(limit, t, tolerance, ahead);
        Ok((shared + local).min(limit.burst))
    }
}
