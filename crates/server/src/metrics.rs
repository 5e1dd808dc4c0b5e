//! Prometheus metrics: request counts and latencies by route template and status.

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
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

pub struct Metrics {
    registry: Mutex<Registry>,
    pub proxy_calls: Family<ProxyLabels, Counter>,
    pub proxy_limited: Family<AppLabels, Counter>,
    pub proxy_wait: Family<AppLabels, Histogram>,
    pub proxy_latency: Family<AppLabels, Histogram>,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    pub token_refreshes: Family<RefreshLabels, Counter>,
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
        Self {
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

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Ok(r) = self.registry.lock() {
            let _ = prometheus_client::encoding::text::encode(&mut out, &r);
        }
        out
    }
}

/// Middleware: counts every request under its route template (never the raw path).
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = std::time::Instant::now();
    let method = req.method().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if let Some(state) = state {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16().to_string();
        state
            .metrics
            .requests
            .get_or_create(&RequestLabels {
                method: method.clone(),
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
