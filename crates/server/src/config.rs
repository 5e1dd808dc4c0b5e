//! Configuration: defaults → optional `switchboard.toml` → `SWITCHBOARD_*` environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;
use switchboard_db::DatabaseUrl;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Where the master key comes from.
#[derive(Debug, Clone)]
pub enum MasterKeySource {
    /// `SWITCHBOARD_MASTER_KEY`: base64 in the environment.
    Inline(SecretString),
    /// `SWITCHBOARD_MASTER_KEY_FILE`: a file holding the base64 key.
    File(PathBuf),
    /// Neither: `<data dir>/master.key`, generated at first start.
    Generated(PathBuf),
}

/// `SWITCHBOARD_PREVIOUS_MASTER_KEYS` (base64 keys, comma- or line-separated) or
/// `SWITCHBOARD_PREVIOUS_MASTER_KEYS_FILE` (a file of them).
#[derive(Debug, Clone, Default)]
pub enum PreviousMasterKeys {
    #[default]
    None,
    Inline(SecretString),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    pub master_key: MasterKeySource,
    /// Earlier master keys, still accepted to unwrap data keys during a rotation.
    pub previous_master_keys: PreviousMasterKeys,
    pub setup_token: Option<SecretString>,
    pub public_url: String,
    pub allowed_private_hosts: Vec<String>,
    pub rate_limit_backend: String,
    pub log_format: LogFormat,
    /// Directory with the built web app (`index.html` and assets), when present.
    pub web_dir: Option<PathBuf>,
    pub db_pool_size: u32,
    /// Timeout of outbound requests (test, identity), in seconds.
    pub outbound_timeout_secs: u64,
    /// How often the token refresh job looks for tokens that expire soon, in seconds.
    pub refresh_interval_secs: u64,
    /// Timeout of proxied calls, in seconds.
    pub proxy_timeout_secs: u64,
    /// Days lifecycle events are kept (`SWITCHBOARD_EVENT_RETENTION_DAYS`).
    pub event_retention_days: u32,
    /// Default lifetime of a connect session (`SWITCHBOARD_CONNECT_SESSION_TTL_SECS`).
    pub connect_session_ttl_secs: i64,
    /// Seconds to wait after each failed webhook delivery attempt before the next
    /// (`SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE`); after the last one the delivery fails.
    pub webhook_retry_schedule: Vec<u64>,
    /// Whether this process sends webhook deliveries (`SWITCHBOARD_WEBHOOK_DELIVERY`,
    /// `on` or `off`): turn it off on replicas that should only serve the API.
    pub webhook_delivery: bool,
    /// An endpoint whose deliveries have all failed for this long is disabled
    /// (`SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS`, 5 days).
    pub webhook_disable_after_secs: u64,
    /// Which connections are checked on schedule (`SWITCHBOARD_HEALTH_CHECKS`).
    pub health_checks: HealthChecks,
    /// How often the health job looks for due checks, in seconds
    /// (`SWITCHBOARD_HEALTH_CHECK_POLL_SECS`, 30).
    pub health_check_poll_secs: u64,
    /// Rows a data-key sweep re-encrypts per transaction (`SWITCHBOARD_KEY_SWEEP_BATCH`).
    pub key_sweep_batch: i64,
    /// Pause between two batches of a sweep, in milliseconds, to leave the database
    /// to the traffic (`SWITCHBOARD_KEY_SWEEP_PAUSE_MS`).
    pub key_sweep_pause_ms: u64,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// Peers whose forwarding header is believed (`SWITCHBOARD_TRUSTED_PROXIES`), and
    /// which header that is (`SWITCHBOARD_FORWARDED_HEADER`).
    pub proxies: crate::net::Proxies,
    /// Bearer token `/metrics` asks for, when set (`SWITCHBOARD_METRICS_TOKEN`).
    pub metrics_token: Option<SecretString>,
    /// Time a request body may take to arrive (`SWITCHBOARD_BODY_TIMEOUT_SECS`).
    pub body_timeout_secs: u64,
    /// Open connections per client address (`SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS`).
    pub max_connections_per_address: usize,
}

/// The file form: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    master_key: Option<String>,
    master_key_file: Option<PathBuf>,
    previous_master_keys: Option<String>,
    previous_master_keys_file: Option<PathBuf>,
    setup_token: Option<String>,
    public_url: Option<String>,
    allowed_private_hosts: Option<Vec<String>>,
    rate_limit_backend: Option<String>,
    log_format: Option<String>,
    web_dir: Option<PathBuf>,
    db_pool_size: Option<u32>,
    outbound_timeout_secs: Option<u64>,
    refresh_interval_secs: Option<u64>,
    proxy_timeout_secs: Option<u64>,
    key_sweep_batch: Option<i64>,
    event_retention_days: Option<u32>,
    connect_session_ttl_secs: Option<i64>,
    webhook_retry_schedule: Option<Vec<u64>>,
    webhook_disable_after_secs: Option<u64>,
    webhook_delivery: Option<bool>,
    health_checks: Option<String>,
    health_check_poll_secs: Option<u64>,
    key_sweep_pause_ms: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    forwarded_header: Option<String>,
    metrics_token: Option<String>,
    body_timeout_secs: Option<u64>,
    max_connections_per_address: Option<usize>,
}

/// Which connections the health job checks on schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthChecks {
    /// Every connection that can be checked (the default).
    On,
    /// Only connections some automation uses.
    Used,
    /// None: no scheduled checks and no idle-token refreshes.
    Off,
}

impl HealthChecks {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "on" => Some(HealthChecks::On),
            "used" => Some(HealthChecks::Used),
            "off" => Some(HealthChecks::Off),
            _ => None,
        }
    }
}

/// The waits after each failed webhook attempt: 5 s, 30 s, 2 min, 5 min, 30 min,
/// 2 h, 5 h, 10 h (nine attempts over about 18 hours, the first one at once).
const DEFAULT_WEBHOOK_RETRIES: [u64; 8] = [5, 30, 120, 300, 1800, 7200, 18_000, 36_000];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads from `file` (or `./switchboard.toml` when it exists) and the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with(file, &|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Loads with an explicit environment lookup (tests).
    pub fn load_with(
        file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let explicit = file
            .map(Path::to_path_buf)
            .or_else(|| env("SWITCHBOARD_CONFIG").map(PathBuf::from));
        let path = explicit.clone().or_else(|| {
            let p = PathBuf::from("switchboard.toml");
            p.exists().then_some(p)
        });
        let fc: FileConfig = match path {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| ConfigError::Read {
                    path: p.display().to_string(),
                    message: e.to_string(),
                })?;
                toml::from_str(&text).map_err(|e| {
                    ConfigError::Invalid(format!("{}: {}", p.display(), e.message()))
                })?
            }
            None => FileConfig::default(),
        };

        let bind = env("SWITCHBOARD_BIND")
            .or(fc.bind)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let data_dir = env("SWITCHBOARD_DATA_DIR")
            .map(PathBuf::from)
            .or(fc.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let db_raw = env("SWITCHBOARD_DATABASE_URL")
            .or_else(|| env("DATABASE_URL"))
            .or(fc.database_url)
            .unwrap_or_else(|| data_dir.join("switchboard.db").display().to_string());
        let database_url = DatabaseUrl::parse(&db_raw);

        let master_key = if let Some(k) = env("SWITCHBOARD_MASTER_KEY").or(fc.master_key) {
            MasterKeySource::Inline(SecretString::from(k))
        } else if let Some(p) = env("SWITCHBOARD_MASTER_KEY_FILE")
            .map(PathBuf::from)
            .or(fc.master_key_file)
        {
            MasterKeySource::File(p)
        } else {
            MasterKeySource::Generated(data_dir.join("master.key"))
        };

        let previous_master_keys =
            if let Some(k) = env("SWITCHBOARD_PREVIOUS_MASTER_KEYS").or(fc.previous_master_keys) {
                PreviousMasterKeys::Inline(SecretString::from(k))
            } else if let Some(p) = env("SWITCHBOARD_PREVIOUS_MASTER_KEYS_FILE")
                .map(PathBuf::from)
                .or(fc.previous_master_keys_file)
            {
                PreviousMasterKeys::File(p)
            } else {
                PreviousMasterKeys::None
            };

        let setup_token = env("SWITCHBOARD_SETUP_TOKEN")
            .or(fc.setup_token)
            .map(SecretString::from);
        let public_url = env("SWITCHBOARD_PUBLIC_URL")
            .or(fc.public_url)
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        let allowed_private_hosts = match env("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS") {
            Some(v) => v
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None => fc.allowed_private_hosts.unwrap_or_default(),
        };
        crate::outbound::guard::Allowed::parse(&allowed_private_hosts)
            .map_err(|e| ConfigError::Invalid(format!("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS: {e}")))?;
        let rate_limit_backend = env("SWITCHBOARD_RATE_LIMIT_BACKEND")
            .or(fc.rate_limit_backend)
            .unwrap_or_else(|| "memory".into());
        if !matches!(rate_limit_backend.as_str(), "memory" | "postgres") {
            return Err(ConfigError::Invalid(format!(
                "SWITCHBOARD_RATE_LIMIT_BACKEND must be memory or postgres, not {rate_limit_backend:?}"
            )));
        }
        let log_format = match env("SWITCHBOARD_LOG_FORMAT")
            .or(fc.log_format)
            .as_deref()
            .unwrap_or("pretty")
        {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::Invalid(format!(
                    "SWITCHBOARD_LOG_FORMAT must be pretty or json, not {other:?}"
                )))
            }
        };
        // The built web app: configured, or `frontend/dist` when run from the repository.
        let web_dir = env("SWITCHBOARD_WEB_DIR")
            .map(PathBuf::from)
            .or(fc.web_dir)
            .or_else(|| {
                let p = PathBuf::from("frontend/dist");
                p.join("index.html").exists().then_some(p)
            });
        let db_pool_size = match env("SWITCHBOARD_DB_POOL_SIZE") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError::Invalid("SWITCHBOARD_DB_POOL_SIZE must be a number".into())
            })?,
            None => fc.db_pool_size.unwrap_or(10),
        };
        let outbound_timeout_secs = match env("SWITCHBOARD_OUTBOUND_TIMEOUT_SECS") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError::Invalid("SWITCHBOARD_OUTBOUND_TIMEOUT_SECS must be a number".into())
            })?,
            None => fc.outbound_timeout_secs.unwrap_or(15),
        };
        let refresh_interval_secs = match env("SWITCHBOARD_REFRESH_INTERVAL_SECS") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError::Invalid("SWITCHBOARD_REFRESH_INTERVAL_SECS must be a number".into())
            })?,
            None => fc.refresh_interval_secs.unwrap_or(30),
        };
        let event_retention_days = match env("SWITCHBOARD_EVENT_RETENTION_DAYS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|d| (1..=3650).contains(d))
                .ok_or_else(|| {
                    ConfigError::Invalid(
                        "SWITCHBOARD_EVENT_RETENTION_DAYS must be a number of days from 1 to 3650"
                            .into(),
                    )
                })?,
            None => fc.event_retention_days.unwrap_or(30),
        };
        let connect_session_ttl_secs = match env("SWITCHBOARD_CONNECT_SESSION_TTL_SECS") {
            Some(v) => Some(v.parse().map_err(|_| {
                ConfigError::Invalid(
                    "SWITCHBOARD_CONNECT_SESSION_TTL_SECS must be a number of seconds".into(),
                )
            })?),
            None => fc.connect_session_ttl_secs,
        }
        .unwrap_or(1800);
        if !(switchboard_types::CONNECT_TTL_MIN_SECS..=switchboard_types::CONNECT_TTL_MAX_SECS)
            .contains(&connect_session_ttl_secs)
        {
            return Err(ConfigError::Invalid(
                "SWITCHBOARD_CONNECT_SESSION_TTL_SECS must be from 60 to 86400".into(),
            ));
        }
        let webhook_retry_schedule = match env("SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE") {
            Some(v) => v
                .split(',')
                .map(|s| s.trim().parse::<u64>().ok().filter(|n| *n <= 7 * 24 * 3600))
                .collect::<Option<Vec<u64>>>()
                .filter(|v| !v.is_empty() && v.len() <= 20)
                .ok_or_else(|| {
                    ConfigError::Invalid(
                        "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE must be 1 to 20 comma-separated numbers of seconds (each at most a week)"
                            .into(),
                    )
                })?,
            None => fc
                .webhook_retry_schedule
                .clone()
                .unwrap_or_else(|| DEFAULT_WEBHOOK_RETRIES.to_vec()),
        };
        let webhook_delivery = match env("SWITCHBOARD_WEBHOOK_DELIVERY").as_deref() {
            Some("on") => true,
            Some("off") => false,
            Some(_) => {
                return Err(ConfigError::Invalid(
                    "SWITCHBOARD_WEBHOOK_DELIVERY must be on or off".into(),
                ))
            }
            None => fc.webhook_delivery.unwrap_or(true),
        };
        let webhook_disable_after_secs = match env("SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| (1..=10 * 365 * 24 * 3600).contains(n))
                .ok_or_else(|| {
                    ConfigError::Invalid(
                        "SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS must be a number of seconds from 1 to ten years"
                            .into(),
                    )
                })?,
            None => fc.webhook_disable_after_secs.unwrap_or(5 * 24 * 3600),
        };
        let health_checks = match env("SWITCHBOARD_HEALTH_CHECKS").or(fc.health_checks.clone()) {
            Some(v) => HealthChecks::parse(&v).ok_or_else(|| {
                ConfigError::Invalid("SWITCHBOARD_HEALTH_CHECKS must be on, used or off".into())
            })?,
            None => HealthChecks::On,
        };
        let health_check_poll_secs = match env("SWITCHBOARD_HEALTH_CHECK_POLL_SECS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| (1..=3600).contains(n))
                .ok_or_else(|| {
                    ConfigError::Invalid(
                        "SWITCHBOARD_HEALTH_CHECK_POLL_SECS must be a number of seconds from 1 to 3600"
                            .into(),
                    )
                })?,
            None => fc.health_check_poll_secs.unwrap_or(30),
        };
        let key_sweep_batch = match env("SWITCHBOARD_KEY_SWEEP_BATCH") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    ConfigError::Invalid(
                        "SWITCHBOARD_KEY_SWEEP_BATCH must be a number from 1 to 100000".into(),
                    )
                })?,
            None => fc.key_sweep_batch.unwrap_or(1000),
        };
        let key_sweep_pause_ms = match env("SWITCHBOARD_KEY_SWEEP_PAUSE_MS") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError::Invalid("SWITCHBOARD_KEY_SWEEP_PAUSE_MS must be a number".into())
            })?,
            None => fc.key_sweep_pause_ms.unwrap_or(0),
        };
        let proxy_timeout_secs = match env("SWITCHBOARD_PROXY_TIMEOUT_SECS") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError::Invalid("SWITCHBOARD_PROXY_TIMEOUT_SECS must be a number".into())
            })?,
            None => fc.proxy_timeout_secs.unwrap_or(60),
        };
        let trusted_proxies = match env("SWITCHBOARD_TRUSTED_PROXIES") {
            Some(v) => v.split(',').map(|s| s.trim().to_string()).collect(),
            None => fc.trusted_proxies.unwrap_or_default(),
        };
        let trusted = crate::net::Networks::parse_list(&trusted_proxies)
            .map_err(|e| ConfigError::Invalid(format!("SWITCHBOARD_TRUSTED_PROXIES: {e}")))?;
        let header = match env("SWITCHBOARD_FORWARDED_HEADER").or(fc.forwarded_header) {
            Some(h) => crate::net::ForwardedHeader::parse(&h).ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "SWITCHBOARD_FORWARDED_HEADER must be x-forwarded-for or forwarded, not {h:?}"
                ))
            })?,
            None => Default::default(),
        };
        let metrics_token = env("SWITCHBOARD_METRICS_TOKEN")
            .or(fc.metrics_token)
            .filter(|t| !t.is_empty())
            .map(SecretString::from);
        let body_timeout_secs = match env("SWITCHBOARD_BODY_TIMEOUT_SECS") {
            Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid(
                    "SWITCHBOARD_BODY_TIMEOUT_SECS must be a positive number".into(),
                )
            })?,
            None => fc.body_timeout_secs.unwrap_or(10),
        };
        let max_connections_per_address = match env("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS") {
            Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid(
                    "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS must be a positive number".into(),
                )
            })?,
            None => fc.max_connections_per_address.unwrap_or(256),
        };
        if bind.parse::<SocketAddr>().is_err() && !bind.contains(':') {
            return Err(ConfigError::Invalid(format!(
                "SWITCHBOARD_BIND must be host:port, not {bind:?}"
            )));
        }
        Ok(Self {
            bind,
            data_dir,
            database_url,
            master_key,
            previous_master_keys,
            setup_token,
            public_url,
            allowed_private_hosts,
            rate_limit_backend,
            log_format,
            web_dir,
            db_pool_size,
            outbound_timeout_secs,
            refresh_interval_secs,
            proxy_timeout_secs,
            key_sweep_batch,
            key_sweep_pause_ms,
            event_retention_days,
            connect_session_ttl_secs,
            webhook_retry_schedule,
            webhook_disable_after_secs,
            webhook_delivery,
            health_checks,
            health_check_poll_secs,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            proxies: crate::net::Proxies { trusted, header },
            metrics_token,
            body_timeout_secs,
            max_connections_per_address,
        })
    }

    /// Whether cookies get `Secure` (served over TLS, per the public URL).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn layers_defaults_file_and_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("switchboard.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:9000\"\ndata_dir = \"/var/sb\"\nlog_format = \"json\"\n",
        )
        .unwrap();
        let env: HashMap<&str, &str> = [("SWITCHBOARD_BIND", "127.0.0.1:9999")].into();
        let c = Config::load_with(Some(&file), &|k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.bind, "127.0.0.1:9999", "environment wins");
        assert_eq!(c.log_format, LogFormat::Json, "file beats default");
        assert_eq!(c.database_url.sqlite_path(), Some("/var/sb/switchboard.db"));
        assert!(
            matches!(c.master_key, MasterKeySource::Generated(ref p) if p.ends_with("master.key"))
        );
        assert_eq!(c.public_url, "http://127.0.0.1:9999");

        std::fs::write(&file, "unknown_key = 1\n").unwrap();
        assert!(Config::load_with(Some(&file), &|_| None).is_err());
        let bad: HashMap<&str, &str> = [("SWITCHBOARD_LOG_FORMAT", "xml")].into();
        assert!(Config::load_with(None, &|k| bad.get(k).map(|v| v.to_string())).is_err());
    }
}
