//! Prometheus metrics: request counts and latencies by route template and status,
//! password checks, proxy and refresh outcomes, the process and the database pool.
//!
//! Every label comes from a fixed set or from something an administrator created
//! (an app): the HTTP method is one of [`METHODS`] or `OTHER`, the route is the
//! matched template or `unmatched`. Unauthenticated requests cannot add series.

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: &'static str,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: &'static str,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BuildLabels {
    pub version: &'static str,
}

/// The methods counted by name; every other method is `OTHER`.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub fn method_label(m: &actix_web::http::Method) -> &'static str {
    METHODS
        .iter()
        .find(|n| **n == m.as_str())
        .copied()
        .unwrap_or("OTHER")
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RefreshLabels {
    pub app: String,
    /// `ok`, `dead` (needs reconnecting), `refused`, `transient`.
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AppLabels {
    pub app: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProxyLabels {
    pub app: String,
    /// The upstream status, or `error` when there was no answer.
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WebhookLabels {
    /// `delivered`, `pending` (to be retried) or `failed` (given up).
    pub outcome: &'static str,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    pub webhook_attempts: Family<WebhookLabels, Counter>,
    pub webhook_latency: Histogram,
    pub proxy_calls: Family<ProxyLabels, Counter>,
    pub proxy_limited: Family<AppLabels, Counter>,
    pub proxy_wait: Family<AppLabels, Histogram>,
    pub proxy_latency: Family<AppLabels, Histogram>,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    pub token_refreshes: Family<RefreshLabels, Counter>,
    /// Password verifications (argon2), login and reveal alike.
    pub password_checks: Counter,
    /// Setup-token comparisons.
    pub setup_token_checks: Counter,
    process_rss: Gauge,
    process_fds: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("switchboard");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "http_requests",
            "HTTP requests by route template and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            latency.clone(),
        );
        let token_refreshes = Family::<RefreshLabels, Counter>::default();
        registry.register(
            "oauth_token_refreshes",
            "OAuth token refreshes and fetches by app and outcome",
            token_refreshes.clone(),
        );
        let proxy_calls = Family::<ProxyLabels, Counter>::default();
        let proxy_limited = Family::<AppLabels, Counter>::default();
        let proxy_wait = Family::<AppLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 16))
        });
        let proxy_latency = Family::<AppLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 18))
        });
        registry.register(
            "proxy_calls",
            "Proxied calls by app and upstream status",
            proxy_calls.clone(),
        );
        registry.register(
            "proxy_rate_limited",
            "Proxied calls refused by the connection's rate limit",
            proxy_limited.clone(),
        );
        registry.register(
            "proxy_rate_limit_wait_seconds",
            "Time proxied calls waited for a rate-limit slot (Switchboard-Max-Wait)",
            proxy_wait.clone(),
        );
        registry.register(
            "proxy_upstream_duration_seconds",
            "Upstream latency of proxied calls",
            proxy_latency.clone(),
        );
        let webhook_attempts = Family::<WebhookLabels, Counter>::default();
        registry.register(
            "webhook_attempts",
            "Webhook delivery attempts by outcome (delivered, pending: to be retried, failed: given up)",
            webhook_attempts.clone(),
        );
        let webhook_latency = Histogram::new(exponential_buckets(0.0005, 2.0, 16));
        registry.register(
            "webhook_attempt_duration_seconds",
            "Time webhook endpoints took to answer a delivery attempt",
            webhook_latency.clone(),
        );
        let password_checks = Counter::default();
        registry.register(
            "password_checks",
            "Password verifications (sign-in and reveal); throttled attempts are not checked",
            password_checks.clone(),
        );
        let setup_token_checks = Counter::default();
        registry.register(
            "setup_token_checks",
            "Setup-token comparisons",
            setup_token_checks.clone(),
        );
        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
            })
            .set(1);
        registry.register("build_info", "The running version (always 1)", build);
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        let process_rss = gauge(
            &mut registry,
            "process_resident_memory_bytes",
            "Resident memory of the process",
        );
        let process_fds = gauge(
            &mut registry,
            "process_open_fds",
            "Open file descriptors of the process",
        );
        let process_start = gauge(
            &mut registry,
            "process_start_time_seconds",
            "Start time of the process, seconds since the epoch",
        );
        process_start.set(chrono::Utc::now().timestamp());
        let pool_connections = gauge(
            &mut registry,
            "db_pool_connections",
            "Database connections open in the pool",
        );
        let pool_idle = gauge(
            &mut registry,
            "db_pool_idle_connections",
            "Idle database connections in the pool",
        );
        let pool_max = gauge(
            &mut registry,
            "db_pool_max_connections",
            "Largest size of the database pool",
        );
        Self {
            webhook_attempts,
            webhook_latency,
            password_checks,
            setup_token_checks,
            process_rss,
            process_fds,
            pool_connections,
            pool_idle,
            pool_max,
            proxy_calls,
            proxy_limited,
            proxy_wait,
            proxy_latency,
            registry: Mutex::new(registry),
            requests,
            latency,
            token_refreshes,
        }
    }

    /// Counts one webhook delivery attempt.
    pub fn webhook_attempt(&self, outcome: &'static str, took: std::time::Duration) {
        self.webhook_attempts
            .get_or_create(&WebhookLabels { outcome })
            .inc();
        self.webhook_latency.observe(took.as_secs_f64());
    }

    /// The text exposition, with the process and pool gauges read now.
    pub fn render(&self, db: &switchboard_db::Db) -> String {
        let pool = db.pool_state();
        self.pool_connections.set(i64::from(pool.connections));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        if let Some(rss) = resident_bytes() {
            self.process_rss.set(rss);
        }
        if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
            self.process_fds
                .set(i64::try_from(fds.count()).unwrap_or(i64::MAX));
        }
        let mut out = String::new();
        if let Ok(r) = self.registry.lock() {
            let _ = prometheus_client::encoding::text::encode(&mut out, &r);
        }
        out
    }
}

/// Resident memory from `/proc/self/statm` (Linux); `None` elsewhere.
fn resident_bytes() -> Option<i64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: i64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages.saturating_mul(4096))
}

/// Middleware: counts every request under its route template (never the raw path).
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = std::time::Instant::now();
    let method = method_label(req.method());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if let Some(state) = state {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16();
        state
            .metrics
            .requests
            .get_or_create(&RequestLabels {
                method,
                route: route.clone(),
                status,
            })
            .inc();
        state
            .metrics
            .latency
            .get_or_create(&RouteLabels { method, route })
            .observe(start.elapsed().as_secs_f64());
    }
    Ok(res)
}
