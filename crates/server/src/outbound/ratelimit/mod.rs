//! Per-connection rate limits (GCRA): `{requests, per_seconds, burst}` allows a burst
//! of `burst` calls, then one call every `per_seconds / requests`.
//!
//! Two backends, chosen by `SWITCHBOARD_RATE_LIMIT_BACKEND`:
//! - `memory`: one `governor` limiter per connection in this process (one server).
//! - `postgres`: the theoretical arrival time per connection in `rate_limit_state`,
//!   advanced by one SQL statement on the database clock, so every replica shares
//!   one limit and replicas' clock skew does not matter; replicas lease calls in
//!   small batches ([`shared`]).
//!
//! An upstream 429 with `Retry-After` holds the connection's calls until then.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use switchboard_types::{AppDefinition, ConnectionId, RateLimit};

use crate::error::ApiError;

pub mod shared;

type Direct = RateLimiter<NotKeyed, InMemoryState, DefaultClock, StateInformationMiddleware>;

/// One decision, with what the `RateLimit-*` headers report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: RateLimit,
    /// Calls that could be made right now.
    pub remaining: u32,
    /// Until the full burst is available again.
    pub reset: Duration,
    /// When limited: until the next call is allowed.
    pub retry_after: Duration,
}

fn interval(limit: RateLimit) -> Duration {
    Duration::from_secs_f64(f64::from(limit.per_seconds.max(1)) / f64::from(limit.requests.max(1)))
}

fn quota(limit: RateLimit) -> Quota {
    let burst = NonZeroU32::new(limit.burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(interval(limit).max(Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

struct Entry {
    limit: RateLimit,
    limiter: Direct,
    /// The last positive decision (remaining, when): usage without consuming a cell.
    last: Mutex<(u32, Instant)>,
    /// An upstream 429 holds calls until then.
    hold_until: Mutex<Option<Instant>>,
}

impl Entry {
    fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            limiter: RateLimiter::direct(quota(limit))
                .with_middleware::<StateInformationMiddleware>(),
            last: Mutex::new((limit.burst, Instant::now())),
            hold_until: Mutex::new(None),
        }
    }
}

/// The in-process backend.
#[derive(Default)]
pub struct Memory {
    entries: RwLock<HashMap<ConnectionId, Arc<Entry>>>,
}

impl Memory {
    /// The limiter of `key` with this limit; a changed limit (an override set or
    /// cleared) starts a fresh limiter, so it applies from the next call.
    fn entry(&self, key: ConnectionId, limit: RateLimit) -> Arc<Entry> {
        if let Some(e) = self
            .entries
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if e.limit == limit {
                return e.clone();
            }
        }
        let mut map = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let e = map
            .entry(key)
            .and_modify(|e| {
                if e.limit != limit {
                    // A new limit starts fresh, but an upstream's hold stays.
                    let hold = *e.hold_until.lock().unwrap_or_else(|p| p.into_inner());
                    let fresh = Entry::new(limit);
                    *fresh.hold_until.lock().unwrap_or_else(|p| p.into_inner()) = hold;
                    *e = Arc::new(fresh);
                }
            })
            .or_insert_with(|| Arc::new(Entry::new(limit)));
        e.clone()
    }

    pub fn check(&self, key: ConnectionId, limit: RateLimit) -> Decision {
        let e = self.entry(key, limit);
        let now = Instant::now();
        let t = interval(limit);
        if let Some(until) = *e.hold_until.lock().unwrap_or_else(|e| e.into_inner()) {
            if until > now {
                return Decision {
                    allowed: false,
                    limit,
                    remaining: 0,
                    reset: (until - now).saturating_add(t.saturating_mul(limit.burst)),
                    retry_after: until - now,
                };
            }
        }
        match e.limiter.check() {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                *e.last.lock().unwrap_or_else(|e| e.into_inner()) = (remaining, now);
                Decision {
                    allowed: true,
                    limit,
                    remaining,
                    reset: t.saturating_mul(limit.burst.saturating_sub(remaining)),
                    retry_after: Duration::ZERO,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Decision {
                    allowed: false,
                    limit,
                    remaining: 0,
                    reset: wait.saturating_add(t.saturating_mul(limit.burst.saturating_sub(1))),
                    retry_after: wait,
                }
            }
        }
    }

    pub fn hold(&self, key: ConnectionId, limit: RateLimit, for_: Duration) {
        let e = self.entry(key, limit);
        let until = Instant::now() + for_;
        let mut h = e.hold_until.lock().unwrap_or_else(|e| e.into_inner());
        if h.is_none_or(|cur| cur < until) {
            *h = Some(until);
        }
    }

    /// Calls available now, without using one.
    pub fn peek(&self, key: ConnectionId, limit: RateLimit) -> u32 {
        let e = self.entry(key, limit);
        if e.hold_until
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|u| u > Instant::now())
        {
            return 0;
        }
        let (remaining, at) = *e.last.lock().unwrap_or_else(|e| e.into_inner());
        let refilled = at.elapsed().as_secs_f64() / interval(limit).as_secs_f64();
        (f64::from(remaining) + refilled.floor()).min(f64::from(limit.burst)) as u32
    }
}

/// The limiter of this server.
pub enum Limiter {
    Memory(Memory),
    Postgres(shared::Shared),
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

fn from_micros(us: i64) -> Duration {
    Duration::from_micros(u64::try_from(us.max(0)).unwrap_or(0))
}

impl Limiter {
    pub fn name(&self) -> &'static str {
        match self {
            Limiter::Memory(_) => "memory",
            Limiter::Postgres(_) => "postgres",
        }
    }

    pub async fn check(&self, key: ConnectionId, limit: RateLimit) -> Result<Decision, ApiError> {
        match self {
            Limiter::Memory(m) => Ok(m.check(key, limit)),
            Limiter::Postgres(s) => s.check(key, limit).await,
        }
    }

    /// Holds the connection's calls for `for_` (an upstream 429).
    pub async fn hold(
        &self,
        key: ConnectionId,
        limit: RateLimit,
        for_: Duration,
    ) -> Result<(), ApiError> {
        match self {
            Limiter::Memory(m) => {
                m.hold(key, limit, for_);
                Ok(())
            }
            Limiter::Postgres(s) => s.hold(key, limit, for_).await,
        }
    }

    /// The connection's limit changed from `old` to `new`: it applies from the next
    /// call with a fresh burst; an upstream's hold stays. (The memory backend sees the
    /// change on its next decision; the shared state is rescaled here.)
    pub async fn limit_changed(
        &self,
        key: ConnectionId,
        old: RateLimit,
        new: RateLimit,
    ) -> Result<(), ApiError> {
        match self {
            Limiter::Memory(_) => Ok(()),
            Limiter::Postgres(s) => s.limit_changed(key, old, new).await,
        }
    }

    /// Calls available now, without using one.
    pub async fn peek(&self, key: ConnectionId, limit: RateLimit) -> Result<u32, ApiError> {
        match self {
            Limiter::Memory(m) => Ok(m.peek(key, limit)),
            Limiter::Postgres(s) => s.peek(key, limit).await,
        }
    }
}

/// A stored override as a limit.
pub fn override_limit(o: &switchboard_db::models::RateLimitOverrideRow) -> RateLimit {
    let n = |v: i32| u32::try_from(v.max(1)).unwrap_or(1);
    RateLimit {
        requests: n(o.requests),
        per_seconds: n(o.per_seconds),
        burst: n(o.burst),
    }
}

/// The effective limit of a connection: its override, else the app's default.
pub fn effective(def: &AppDefinition, over: Option<RateLimit>) -> (RateLimit, bool) {
    match over {
        Some(o) => (o, true),
        None => (def.rate_limit, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: ConnectionId = ConnectionId::from_uuid(uuid::Uuid::from_u128(0xC));

    #[test]
    fn burst_then_steady_rate() {
        let m = Memory::default();
        let limit = RateLimit {
            requests: 10,
            per_seconds: 1,
            burst: 5,
        };
        let allowed = (0..20).filter(|_| m.check(C, limit).allowed).count();
        assert_eq!(allowed, 5, "the burst, then nothing at once");
        let d = m.check(C, limit);
        assert!(
            !d.allowed
                && d.retry_after <= Duration::from_millis(100)
                && d.retry_after > Duration::ZERO
        );
        std::thread::sleep(Duration::from_millis(210));
        let allowed = (0..20).filter(|_| m.check(C, limit).allowed).count();
        assert!(
            (1..=3).contains(&allowed),
            "about two cells refilled, got {allowed}"
        );
        // A changed limit applies at once, with a fresh burst.
        let higher = RateLimit {
            requests: 100,
            per_seconds: 1,
            burst: 50,
        };
        assert_eq!((0..60).filter(|_| m.check(C, higher).allowed).count(), 50);
    }

    #[test]
    fn hold_blocks_until_it_ends() {
        let m = Memory::default();
        let limit = RateLimit {
            requests: 100,
            per_seconds: 1,
            burst: 100,
        };
        m.hold(C, limit, Duration::from_millis(150));
        let d = m.check(C, limit);
        assert!(!d.allowed && d.retry_after > Duration::from_millis(100));
        assert_eq!(m.peek(C, limit), 0);
        std::thread::sleep(Duration::from_millis(160));
        assert!(m.check(C, limit).allowed);
    }
}
