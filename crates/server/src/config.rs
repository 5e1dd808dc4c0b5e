//! Configuration: defaults → optional `switchboard.toml` → `SWITCHBOARD_*` environment.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
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
    /// How long a stopping server waits for requests in flight and background work
    /// (`SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS`).
    pub shutdown_timeout_secs: u64,
    /// How long a stopping server keeps accepting (readiness failing) so load
    /// balancers take it out first (`SWITCHBOARD_SHUTDOWN_DRAIN_SECS`).
    pub shutdown_drain_secs: u64,
    /// Where each setting that is not at its default came from.
    pub origins: BTreeMap<&'static str, Origin>,
    /// The configuration file that was read, if any.
    pub file: Option<PathBuf>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    File,
    Environment,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Default => "default",
            Origin::File => "file",
            Origin::Environment => "environment",
        }
    }
}

/// One setting: its key in `switchboard.toml`, its environment variable, its
/// default as shown to people, and what it means.
#[derive(Debug)]
pub struct Setting {
    pub key: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub help: &'static str,
    /// Never printed (`switchboard config` shows `********`).
    pub secret: bool,
}

const fn setting(
    key: &'static str,
    env: &'static str,
    default: &'static str,
    help: &'static str,
) -> Setting {
    Setting {
        key,
        env,
        default,
        help,
        secret: false,
    }
}

const fn secret(
    key: &'static str,
    env: &'static str,
    default: &'static str,
    help: &'static str,
) -> Setting {
    Setting {
        secret: true,
        ..setting(key, env, default, help)
    }
}

/// Every setting, in the order `switchboard config` and `--help` list them.
pub const SETTINGS: &[Setting] = &[
    setting(
        "bind",
        "SWITCHBOARD_BIND",
        "127.0.0.1:8080",
        "listen address",
    ),
    setting(
        "data_dir",
        "SWITCHBOARD_DATA_DIR",
        "./data",
        "data directory (SQLite file, generated key file)",
    ),
    secret(
        "database_url",
        "SWITCHBOARD_DATABASE_URL",
        "<data dir>/switchboard.db",
        "SQLite path or postgres:// URL (also DATABASE_URL)",
    ),
    secret(
        "master_key",
        "SWITCHBOARD_MASTER_KEY",
        "",
        "base64 of 32 random bytes",
    ),
    setting(
        "master_key_file",
        "SWITCHBOARD_MASTER_KEY_FILE",
        "<data dir>/master.key, generated",
        "a file holding the base64 master key",
    ),
    secret(
        "previous_master_keys",
        "SWITCHBOARD_PREVIOUS_MASTER_KEYS",
        "",
        "earlier master keys still accepted while rotating",
    ),
    setting(
        "previous_master_keys_file",
        "SWITCHBOARD_PREVIOUS_MASTER_KEYS_FILE",
        "",
        "a file of earlier master keys",
    ),
    secret(
        "setup_token",
        "SWITCHBOARD_SETUP_TOKEN",
        "random, printed while no user exists",
        "one-time setup token",
    ),
    setting(
        "public_url",
        "SWITCHBOARD_PUBLIC_URL",
        "http://<bind>",
        "external base URL; https:// turns on Secure cookies and HSTS",
    ),
    setting(
        "allowed_private_hosts",
        "SWITCHBOARD_ALLOWED_PRIVATE_HOSTS",
        "",
        "hosts, IPs and CIDRs exempt from the outbound private-address guard",
    ),
    setting(
        "rate_limit_backend",
        "SWITCHBOARD_RATE_LIMIT_BACKEND",
        "memory",
        "memory or postgres (limits shared by every replica)",
    ),
    setting(
        "log_format",
        "SWITCHBOARD_LOG_FORMAT",
        "pretty",
        "pretty or json",
    ),
    setting(
        "web_dir",
        "SWITCHBOARD_WEB_DIR",
        "frontend/dist when it exists",
        "the directory of the built web app",
    ),
    setting(
        "db_pool_size",
        "SWITCHBOARD_DB_POOL_SIZE",
        "10",
        "database connections per process",
    ),
    setting(
        "outbound_timeout_secs",
        "SWITCHBOARD_OUTBOUND_TIMEOUT_SECS",
        "15",
        "timeout of requests to apps and OAuth providers",
    ),
    setting(
        "refresh_interval_secs",
        "SWITCHBOARD_REFRESH_INTERVAL_SECS",
        "30",
        "how often the token refresh job runs",
    ),
    setting(
        "proxy_timeout_secs",
        "SWITCHBOARD_PROXY_TIMEOUT_SECS",
        "60",
        "timeout of proxied calls",
    ),
    setting(
        "event_retention_days",
        "SWITCHBOARD_EVENT_RETENTION_DAYS",
        "30",
        "days lifecycle events are kept",
    ),
    setting(
        "connect_session_ttl_secs",
        "SWITCHBOARD_CONNECT_SESSION_TTL_SECS",
        "1800",
        "default lifetime of a connect session",
    ),
    setting(
        "webhook_delivery",
        "SWITCHBOARD_WEBHOOK_DELIVERY",
        "on",
        "whether this process sends webhook deliveries",
    ),
    setting(
        "webhook_retry_schedule",
        "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE",
        "5,30,120,300,1800,7200,18000,36000",
        "seconds to wait after each failed webhook attempt",
    ),
    setting(
        "webhook_disable_after_secs",
        "SWITCHBOARD_WEBHOOK_DISABLE_AFTER_SECS",
        "432000",
        "an endpoint failing this long is disabled",
    ),
    setting(
        "health_checks",
        "SWITCHBOARD_HEALTH_CHECKS",
        "on",
        "scheduled health checks: on, used or off",
    ),
    setting(
        "health_check_poll_secs",
        "SWITCHBOARD_HEALTH_CHECK_POLL_SECS",
        "30",
        "how often to look for due health checks",
    ),
    setting(
        "key_sweep_batch",
        "SWITCHBOARD_KEY_SWEEP_BATCH",
        "1000",
        "rows a data-key sweep re-encrypts per transaction",
    ),
    setting(
        "key_sweep_pause_ms",
        "SWITCHBOARD_KEY_SWEEP_PAUSE_MS",
        "0",
        "pause between two sweep batches",
    ),
    setting(
        "trusted_proxies",
        "SWITCHBOARD_TRUSTED_PROXIES",
        "",
        "IPs/CIDRs of load balancers whose forwarding header is believed",
    ),
    setting(
        "forwarded_header",
        "SWITCHBOARD_FORWARDED_HEADER",
        "x-forwarded-for",
        "x-forwarded-for or forwarded",
    ),
    secret(
        "metrics_token",
        "SWITCHBOARD_METRICS_TOKEN",
        "",
        "bearer token /metrics asks for",
    ),
    setting(
        "body_timeout_secs",
        "SWITCHBOARD_BODY_TIMEOUT_SECS",
        "10",
        "time a request body may take to arrive",
    ),
    setting(
        "max_connections_per_address",
        "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS",
        "256",
        "open connections one client address may hold",
    ),
    setting(
        "shutdown_drain_secs",
        "SWITCHBOARD_SHUTDOWN_DRAIN_SECS",
        "0",
        "how long a stopping server keeps accepting while /readyz answers 503",
    ),
    setting(
        "shutdown_timeout_secs",
        "SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS",
        "30",
        "how long a stopping server lets requests in flight finish",
    ),
];

/// The settings by key (every key `Config::load_with` reads is in [`SETTINGS`]).
fn setting_of(key: &str) -> &'static Setting {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| unreachable!("setting {key} is not in SETTINGS"))
}

/// The environment variables and their defaults, for `--help`.
pub fn help_text() -> String {
    let mut out = String::from(
        "Configuration (environment variable, or the same name in lowercase without the prefix in switchboard.toml; `switchboard config` shows the effective values):\n",
    );
    for s in SETTINGS {
        let default = if s.default.is_empty() {
            "unset"
        } else {
            s.default
        };
        out.push_str(&format!(
            "  {:<42} {} [default: {default}]\n",
            s.env, s.help
        ));
    }
    out
}

/// The layers a value is looked up in: the environment, then the file. Records
/// where each value came from.
struct Layers<'a> {
    file: toml::Table,
    file_name: Option<PathBuf>,
    env: &'a dyn Fn(&str) -> Option<String>,
    origins: RefCell<BTreeMap<&'static str, Origin>>,
}

impl<'a> Layers<'a> {
    fn read(
        file: Option<&Path>,
        env: &'a dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let path = file
            .map(Path::to_path_buf)
            .or_else(|| env("SWITCHBOARD_CONFIG").map(PathBuf::from))
            .or_else(|| {
                let p = PathBuf::from("switchboard.toml");
                p.exists().then_some(p)
            });
        let table = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| ConfigError::Read {
                    path: p.display().to_string(),
                    message: e.to_string(),
                })?;
                let table: toml::Table = toml::from_str(&text).map_err(|e| {
                    ConfigError::Invalid(format!("{}: {}", p.display(), e.message()))
                })?;
                if let Some(k) = table
                    .keys()
                    .find(|k| !SETTINGS.iter().any(|s| s.key == k.as_str()))
                {
                    return Err(ConfigError::Invalid(format!(
                        "{}: unknown key {k:?}",
                        p.display()
                    )));
                }
                table
            }
            None => toml::Table::new(),
        };
        Ok(Self {
            file: table,
            file_name: path,
            env,
            origins: RefCell::default(),
        })
    }

    /// The value of a setting as text (lists joined by commas), or `None` for its default.
    fn text(&self, key: &'static str) -> Option<String> {
        let s = setting_of(key);
        let from_env = (self.env)(s.env).or_else(|| {
            (key == "database_url")
                .then(|| (self.env)("DATABASE_URL"))
                .flatten()
        });
        if let Some(v) = from_env {
            self.origins.borrow_mut().insert(key, Origin::Environment);
            return Some(v);
        }
        let v = self.file.get(key).map(|v| match v {
            toml::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
            v => scalar(v),
        })?;
        self.origins.borrow_mut().insert(key, Origin::File);
        Some(v)
    }

    /// A comma-separated list setting.
    fn list(&self, key: &'static str) -> Vec<String> {
        self.text(key)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A number setting within `range`.
    fn number<T>(
        &self,
        key: &'static str,
        default: T,
        range: RangeInclusive<T>,
    ) -> Result<T, ConfigError>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        match self.text(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<T>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    self.invalid(
                        key,
                        &format!(
                            "must be a number from {} to {}, not {v:?}",
                            range.start(),
                            range.end()
                        ),
                    )
                }),
        }
    }

    /// An error naming the setting as the source that set it spells it.
    fn invalid(&self, key: &'static str, message: &str) -> ConfigError {
        let s = setting_of(key);
        let name = match (self.origins.borrow().get(key), &self.file_name) {
            (Some(Origin::File), Some(f)) => format!("{key} in {}", f.display()),
            _ => s.env.to_string(),
        };
        ConfigError::Invalid(format!("{name} {message}"))
    }
}

/// A file value as text: strings as they are, numbers and booleans written out.
fn scalar(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(n) => n.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        // Not a value any setting takes; the setting's check refuses it.
        toml::Value::Array(_) | toml::Value::Table(_) => "[…]".into(),
    }
}

impl Config {
    /// The effective configuration, one line per setting, secrets masked:
    /// `SWITCHBOARD_X = value  (origin)`.
    pub fn describe(&self) -> Vec<(&'static Setting, String, Origin)> {
        SETTINGS
            .iter()
            .map(|s| {
                let origin = self.origins.get(s.key).copied().unwrap_or(Origin::Default);
                (s, self.shown(s), origin)
            })
            .collect()
    }

    /// A setting's effective value as printed (secrets set are `********`).
    fn shown(&self, s: &Setting) -> String {
        let set = self.origins.contains_key(s.key);
        if s.secret {
            return match (s.key, set) {
                ("database_url", _) => self.database_url.redacted(),
                (_, true) => "********".into(),
                (_, false) => "(unset)".into(),
            };
        }
        match s.key {
            "bind" => self.bind.clone(),
            "data_dir" => self.data_dir.display().to_string(),
            "master_key_file" => match &self.master_key {
                MasterKeySource::File(p) | MasterKeySource::Generated(p) => p.display().to_string(),
                MasterKeySource::Inline(_) => "(unused: SWITCHBOARD_MASTER_KEY is set)".into(),
            },
            "previous_master_keys_file" => match &self.previous_master_keys {
                PreviousMasterKeys::File(p) => p.display().to_string(),
                _ => "(unset)".into(),
            },
            "public_url" => self.public_url.clone(),
            "allowed_private_hosts" => self.allowed_private_hosts.join(","),
            "rate_limit_backend" => self.rate_limit_backend.clone(),
            "log_format" => match self.log_format {
                LogFormat::Pretty => "pretty".into(),
                LogFormat::Json => "json".into(),
            },
            "web_dir" => self
                .web_dir
                .as_ref()
                .map_or_else(|| "(none: API only)".into(), |p| p.display().to_string()),
            "db_pool_size" => self.db_pool_size.to_string(),
            "outbound_timeout_secs" => self.outbound_timeout_secs.to_string(),
            "refresh_interval_secs" => self.refresh_interval_secs.to_string(),
            "proxy_timeout_secs" => self.proxy_timeout_secs.to_string(),
            "event_retention_days" => self.event_retention_days.to_string(),
            "connect_session_ttl_secs" => self.connect_session_ttl_secs.to_string(),
            "webhook_delivery" => if self.webhook_delivery { "on" } else { "off" }.into(),
            "webhook_retry_schedule" => self
                .webhook_retry_schedule
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(","),
            "webhook_disable_after_secs" => self.webhook_disable_after_secs.to_string(),
            "health_checks" => match self.health_checks {
                HealthChecks::On => "on",
                HealthChecks::Used => "used",
                HealthChecks::Off => "off",
            }
            .into(),
            "health_check_poll_secs" => self.health_check_poll_secs.to_string(),
            "key_sweep_batch" => self.key_sweep_batch.to_string(),
            "key_sweep_pause_ms" => self.key_sweep_pause_ms.to_string(),
            "trusted_proxies" => self.proxies.trusted.to_string(),
            "forwarded_header" => self.proxies.header.as_str().into(),
            "body_timeout_secs" => self.body_timeout_secs.to_string(),
            "max_connections_per_address" => self.max_connections_per_address.to_string(),
            "shutdown_timeout_secs" => self.shutdown_timeout_secs.to_string(),
            "shutdown_drain_secs" => self.shutdown_drain_secs.to_string(),
            other => unreachable!("setting {other} has no display"),
        }
    }
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
        let l = Layers::read(file, env)?;

        let bind = l.text("bind").unwrap_or_else(|| "127.0.0.1:8080".into());
        let data_dir = l
            .text("data_dir")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let db_raw = l
            .text("database_url")
            .unwrap_or_else(|| data_dir.join("switchboard.db").display().to_string());
        let database_url = DatabaseUrl::parse(&db_raw);

        let master_key = if let Some(k) = l.text("master_key") {
            MasterKeySource::Inline(SecretString::from(k))
        } else if let Some(p) = l.text("master_key_file") {
            MasterKeySource::File(PathBuf::from(p))
        } else {
            MasterKeySource::Generated(data_dir.join("master.key"))
        };
        let previous_master_keys = if let Some(k) = l.text("previous_master_keys") {
            PreviousMasterKeys::Inline(SecretString::from(k))
        } else if let Some(p) = l.text("previous_master_keys_file") {
            PreviousMasterKeys::File(PathBuf::from(p))
        } else {
            PreviousMasterKeys::None
        };

        let setup_token = l.text("setup_token").map(SecretString::from);
        let public_url = l
            .text("public_url")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        let allowed_private_hosts = l.list("allowed_private_hosts");
        crate::outbound::guard::Allowed::parse(&allowed_private_hosts)
            .map_err(|e| l.invalid("allowed_private_hosts", &e.to_string()))?;
        let rate_limit_backend = l
            .text("rate_limit_backend")
            .unwrap_or_else(|| "memory".into());
        if !matches!(rate_limit_backend.as_str(), "memory" | "postgres") {
            return Err(l.invalid(
                "rate_limit_backend",
                &format!("must be memory or postgres, not {rate_limit_backend:?}"),
            ));
        }
        if rate_limit_backend == "postgres"
            && database_url.backend != switchboard_db::Backend::Postgres
        {
            return Err(l.invalid(
                "rate_limit_backend",
                "is postgres, which needs a PostgreSQL database (SWITCHBOARD_DATABASE_URL)",
            ));
        }
        let log_format = match l.text("log_format").as_deref().unwrap_or("pretty") {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => {
                return Err(l.invalid(
                    "log_format",
                    &format!("must be pretty or json, not {other:?}"),
                ))
            }
        };
        // The built web app: configured, or `frontend/dist` when run from the repository.
        let web_dir = l.text("web_dir").map(PathBuf::from).or_else(|| {
            let p = PathBuf::from("frontend/dist");
            p.join("index.html").exists().then_some(p)
        });
        let webhook_retry_schedule = match l.text("webhook_retry_schedule") {
            Some(v) => v
                .split(',')
                .map(|s| s.trim().parse::<u64>().ok().filter(|n| *n <= 7 * 24 * 3600))
                .collect::<Option<Vec<u64>>>()
                .filter(|v| !v.is_empty() && v.len() <= 20)
                .ok_or_else(|| {
                    l.invalid(
                        "webhook_retry_schedule",
                        "must be 1 to 20 comma-separated numbers of seconds (each at most a week)",
                    )
                })?,
            None => DEFAULT_WEBHOOK_RETRIES.to_vec(),
        };
        let webhook_delivery = match l.text("webhook_delivery").as_deref() {
            None | Some("on" | "true") => true,
            Some("off" | "false") => false,
            Some(_) => return Err(l.invalid("webhook_delivery", "must be on or off")),
        };
        let health_checks = match l.text("health_checks") {
            Some(v) => HealthChecks::parse(&v)
                .ok_or_else(|| l.invalid("health_checks", "must be on, used or off"))?,
            None => HealthChecks::On,
        };
        let trusted = crate::net::Networks::parse_list(&l.list("trusted_proxies"))
            .map_err(|e| l.invalid("trusted_proxies", &e.to_string()))?;
        let header = match l.text("forwarded_header") {
            Some(h) => crate::net::ForwardedHeader::parse(&h).ok_or_else(|| {
                l.invalid(
                    "forwarded_header",
                    &format!("must be x-forwarded-for or forwarded, not {h:?}"),
                )
            })?,
            None => Default::default(),
        };
        let metrics_token = l.text("metrics_token").map(SecretString::from);
        if bind.parse::<SocketAddr>().is_err() && !bind.contains(':') {
            return Err(l.invalid("bind", &format!("must be host:port, not {bind:?}")));
        }
        Ok(Self {
            db_pool_size: l.number("db_pool_size", 10, 1..=1000)?,
            outbound_timeout_secs: l.number("outbound_timeout_secs", 15, 1..=3600)?,
            refresh_interval_secs: l.number("refresh_interval_secs", 30, 1..=86_400)?,
            proxy_timeout_secs: l.number("proxy_timeout_secs", 60, 1..=86_400)?,
            key_sweep_batch: l.number("key_sweep_batch", 1000, 1..=100_000)?,
            key_sweep_pause_ms: l.number("key_sweep_pause_ms", 0, 0..=3_600_000)?,
            event_retention_days: l.number("event_retention_days", 30, 1..=3650)?,
            connect_session_ttl_secs: l.number(
                "connect_session_ttl_secs",
                1800,
                switchboard_types::CONNECT_TTL_MIN_SECS..=switchboard_types::CONNECT_TTL_MAX_SECS,
            )?,
            webhook_disable_after_secs: l.number(
                "webhook_disable_after_secs",
                5 * 24 * 3600,
                1..=10 * 365 * 24 * 3600,
            )?,
            health_check_poll_secs: l.number("health_check_poll_secs", 30, 1..=3600)?,
            body_timeout_secs: l.number("body_timeout_secs", 10, 1..=3600)?,
            max_connections_per_address: l.number(
                "max_connections_per_address",
                256,
                1..=1_000_000,
            )?,
            shutdown_timeout_secs: l.number("shutdown_timeout_secs", 30, 0..=3600)?,
            shutdown_drain_secs: l.number("shutdown_drain_secs", 0, 0..=600)?,
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
            webhook_retry_schedule,
            webhook_delivery,
            health_checks,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            proxies: crate::net::Proxies { trusted, header },
            metrics_token,
            origins: l.origins.into_inner(),
            file: l.file_name,
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

    #[test]
    fn says_where_each_value_came_from_and_masks_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("switchboard.toml");
        std::fs::write(
            &file,
            "db_pool_size = 4\ntrusted_proxies = [\"10.0.0.0/8\"]\nwebhook_delivery = false\nmetrics_token = \"canary-metrics-token\"\n",
        )
        .unwrap();
        let env: HashMap<&str, &str> = [
            ("SWITCHBOARD_MASTER_KEY", "canary-master-key"),
            (
                "SWITCHBOARD_DATABASE_URL",
                "postgres://sb:canary-db-password@db.internal/sb",
            ),
            ("SWITCHBOARD_DB_POOL_SIZE", "7"),
        ]
        .into();
        let c = Config::load_with(Some(&file), &|k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(c.db_pool_size, 7);
        assert!(!c.webhook_delivery);
        let lines = c.describe();
        let find = |env: &str| {
            lines
                .iter()
                .find(|(s, _, _)| s.env == env)
                .map(|(_, v, o)| (v.clone(), *o))
                .unwrap()
        };
        assert_eq!(
            find("SWITCHBOARD_DB_POOL_SIZE"),
            ("7".into(), Origin::Environment)
        );
        assert_eq!(
            find("SWITCHBOARD_TRUSTED_PROXIES"),
            ("10.0.0.0/8".into(), Origin::File)
        );
        assert_eq!(
            find("SWITCHBOARD_WEBHOOK_DELIVERY"),
            ("off".into(), Origin::File)
        );
        assert_eq!(
            find("SWITCHBOARD_BIND"),
            ("127.0.0.1:8080".into(), Origin::Default)
        );
        assert_eq!(find("SWITCHBOARD_METRICS_TOKEN").0, "********");
        assert_eq!(find("SWITCHBOARD_SETUP_TOKEN").0, "(unset)");
        let all = format!("{lines:?}");
        for canary in [
            "canary-master-key",
            "canary-db-password",
            "canary-metrics-token",
        ] {
            assert!(!all.contains(canary), "{canary} printed");
        }
        assert_eq!(lines.len(), SETTINGS.len());

        // A bad value names the file key when the file set it.
        std::fs::write(&file, "db_pool_size = \"many\"\n").unwrap();
        let e = Config::load_with(Some(&file), &|_| None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("db_pool_size in ") && e.contains("must be a number"),
            "{e}"
        );
    }
}
