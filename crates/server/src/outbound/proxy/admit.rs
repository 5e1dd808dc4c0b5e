//! The rate limit of a proxied call: the effective limit and waiting for a slot.

use std::time::{Duration, Instant};

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::HttpResponse;
use switchboard_types::{ConnectionId, RateLimit};

use crate::error::ApiError;
use crate::outbound::ratelimit::Decision;
use crate::state::AppState;

/// Waits for a slot within `max_wait`, or answers 429.
pub(super) async fn admit(
    state: &AppState,
    key: ConnectionId,
    limit: RateLimit,
    app: &str,
    max_wait: Duration,
) -> Result<Decision, HttpResponse> {
    let started = Instant::now();
    loop {
        let d = match state.limiter.check(key, limit).await {
            Ok(d) => d,
            Err(e) => return Err(actix_web::ResponseError::error_response(&e)),
        };
        if d.allowed {
            let waited = started.elapsed();
            if !waited.is_zero() {
                state
                    .metrics
                    .proxy_wait
                    .get_or_create(&app_label(app))
                    .observe(waited.as_secs_f64());
            }
            return Ok(d);
        }
        let spent = started.elapsed();
        if spent + d.retry_after > max_wait {
            state.usage.limited(key);
            state
                .metrics
                .proxy_limited
                .get_or_create(&app_label(app))
                .inc();
            let e = ApiError::TooManyRequests {
                retry_after_secs: d.retry_after.as_secs_f64().ceil() as u64,
                detail: format!(
                    "This connection's rate limit ({} per {} s, burst {}) is used up; retry after the Retry-After seconds, or send Switchboard-Max-Wait to wait for a slot.",
                    limit.requests, limit.per_seconds, limit.burst
                ),
            };
            let mut res = actix_web::ResponseError::error_response(&e);
            for (k, v) in [
                ("ratelimit-limit", d.limit.burst.to_string()),
                ("ratelimit-remaining", "0".to_string()),
                ("ratelimit-reset", d.reset.as_secs_f64().ceil().to_string()),
            ] {
                if let Ok(v) = HeaderValue::from_str(&v) {
                    res.headers_mut().insert(HeaderName::from_static(k), v);
                }
            }
            return Err(res);
        }
        tokio::time::sleep(d.retry_after).await;
    }
}

pub(super) fn app_label(app: &str) -> crate::metrics::AppLabels {
    crate::metrics::AppLabels {
        app: app.to_string(),
    }
}
