//! Shared application state, handed to handlers as `web::Data<AppState>`.

use std::sync::Arc;

use secrecy::SecretString;
use switchboard_db::Db;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::keyring::KeyRing;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub keys: Arc<KeyRing>,
    pub jwt: Arc<JwtKeys>,
    pub passwords: Passwords,
    /// Outbound client for test, identity and OAuth requests: guarded DNS, no
    /// redirects, timeouts set.
    pub http: reqwest::Client,
    /// Client for proxied calls (guarded like `http`, longer timeout, bigger pool).
    pub proxy_http: reqwest::Client,
    /// Client for webhook deliveries (guarded like `http`, 10-s timeout).
    pub webhook_http: reqwest::Client,
    /// Per-connection rate limits (in process, or shared through PostgreSQL).
    pub limiter: Arc<crate::outbound::ratelimit::Limiter>,
    /// Hosts and networks exempt from the private-address guard.
    pub egress: Arc<crate::outbound::guard::Allowed>,
    pub metrics: Arc<Metrics>,
    /// API keys and sessions resolved in the last seconds (`auth::extract::Principals`).
    pub principals: Arc<crate::auth::extract::Principals>,
    /// App names for list pages (`services::apps::NameCache`).
    pub app_names: Arc<crate::services::apps::NameCache>,
    /// Proxy plans (connection, fields, app, limit) of the last second.
    pub proxy_plans: Arc<crate::outbound::proxy::Plans>,
    /// Proxied calls counted since the last flush (`outbound::usage`).
    pub usage: Arc<crate::outbound::usage::Usage>,
    /// Per-connection refresh queues of this process.
    pub flights: Arc<crate::services::tokens::Flights>,
    /// Wakes this process's data-key sweep job when a rotation starts here.
    pub sweep_wake: Arc<tokio::sync::Notify>,
    /// Whether this process is stopping, and the refresh leases it holds.
    pub shutdown: Arc<crate::shutdown::Shutdown>,
    /// The one-time setup token, while no user exists.
    pub setup_token: Arc<SecretString>,
}
