//! `switchboard doctor`: checks a deployment without changing it — no key is
//! generated, no database file created, no migration applied. One line per check;
//! the exit code is the first failure's (see [`crate::cli::exit`]).

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use crate::cli::exit;
use crate::config::{Config, MasterKeySource};
use crate::keyring::KeyRing;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Warn,
    /// Failed, with the exit code it stands for.
    Fail(i32),
}

#[derive(Debug)]
pub struct Check {
    pub name: &'static str,
    pub verdict: Verdict,
    pub detail: String,
}

fn check(name: &'static str, verdict: Verdict, detail: impl Into<String>) -> Check {
    Check {
        name,
        verdict,
        detail: detail.into(),
    }
}

/// Runs every check on a loaded configuration.
pub fn run(config: &Config) -> Vec<Check> {
    let mut out = vec![check(
        "configuration",
        Verdict::Ok,
        match &config.file {
            Some(f) => format!("{} and the environment", f.display()),
            None => "the environment (no switchboard.toml)".into(),
        },
    )];
    // The data directory matters when the database or a generated key lives there.
    let used = matches!(config.master_key, MasterKeySource::Generated(_))
        || config
            .database_url
            .sqlite_path()
            .is_some_and(|p| Path::new(p).starts_with(&config.data_dir));
    out.push(if used {
        data_dir(&config.data_dir)
    } else {
        check(
            "data directory",
            Verdict::Ok,
            format!(
                "{} (not used: the database and the key are elsewhere)",
                config.data_dir.display()
            ),
        )
    });
    let (key_check, keys) = master_key(config);
    out.push(key_check);
    out.extend(database(config, keys.as_ref()));
    out.push(outbound(config));
    out.push(public_url(config));
    out.push(web_app(config));
    out
}

/// The exit code of a list of checks: the first failure's, else 0.
pub fn exit_code(checks: &[Check]) -> i32 {
    checks
        .iter()
        .find_map(|c| match c.verdict {
            Verdict::Fail(code) => Some(code),
            _ => None,
        })
        .unwrap_or(0)
}

/// One line per check: `ok    name  detail`.
pub fn render(checks: &[Check]) -> String {
    let mut s = String::new();
    for c in checks {
        let v = match c.verdict {
            Verdict::Ok => "ok",
            Verdict::Warn => "warn",
            Verdict::Fail(_) => "FAIL",
        };
        // Driver messages come over several lines; one line per check.
        let detail = c.detail.split_whitespace().collect::<Vec<_>>().join(" ");
        s.push_str(&format!("{v:<5} {:<14} {detail}\n", c.name));
    }
    s
}

fn data_dir(dir: &Path) -> Check {
    let Ok(meta) = std::fs::metadata(dir) else {
        return check(
            "data directory",
            Verdict::Warn,
            format!(
                "{} does not exist yet; the first start creates it (mode 0700)",
                dir.display()
            ),
        );
    };
    if !meta.is_dir() {
        return check(
            "data directory",
            Verdict::Fail(exit::CONFIG),
            format!("{} is not a directory", dir.display()),
        );
    }
    let mode = meta.permissions().mode() & 0o777;
    let me = process_uid().unwrap_or(meta.uid());
    if meta.uid() != me {
        return check(
            "data directory",
            Verdict::Fail(exit::CONFIG),
            format!(
                "{} belongs to uid {}, not to this user (uid {me})",
                dir.display(),
                meta.uid()
            ),
        );
    }
    if mode & 0o077 != 0 {
        return check(
            "data directory",
            Verdict::Warn,
            format!(
                "{} has mode {mode:04o}: others can read it; the server makes it 0700 at start",
                dir.display()
            ),
        );
    }
    check(
        "data directory",
        Verdict::Ok,
        format!("{} (mode {mode:04o}, owned by this user)", dir.display()),
    )
}

/// This process's user id: the owner of `/proc/self`.
fn process_uid() -> Option<u32> {
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

fn master_key(config: &Config) -> (Check, Option<KeyRing>) {
    let name = "master key";
    if let MasterKeySource::Generated(p) = &config.master_key {
        if !p.exists() {
            return (
                check(
                    name,
                    Verdict::Warn,
                    format!(
                        "none configured and {} does not exist: the first start generates one there (back it up)",
                        p.display()
                    ),
                ),
                None,
            );
        }
    }
    let loaded = crate::keyring::load_master_key(&config.master_key).and_then(|(k, _)| {
        crate::keyring::load_previous_keys(&config.previous_master_keys)
            .map(|prev| KeyRing::with_previous(k, prev))
    });
    match loaded {
        Ok(keys) => {
            let from = match &config.master_key {
                MasterKeySource::Inline(_) => "SWITCHBOARD_MASTER_KEY".to_string(),
                MasterKeySource::File(p) | MasterKeySource::Generated(p) => p.display().to_string(),
            };
            let previous = keys.fingerprints().len() - 1;
            let detail = format!(
                "fingerprint {} from {from}{}",
                keys.fingerprint(),
                if previous > 0 {
                    format!(", {previous} previous key(s)")
                } else {
                    String::new()
                }
            );
            (check(name, Verdict::Ok, detail), Some(keys))
        }
        Err(e) => (
            check(name, Verdict::Fail(exit::CONFIG), e.to_string()),
            None,
        ),
    }
}

fn database(config: &Config, keys: Option<&KeyRing>) -> Vec<Check> {
    let url = &config.database_url;
    if let Some(path) = url.sqlite_path() {
        if !Path::new(path).exists() {
            return vec![check(
                "database",
                Verdict::Warn,
                format!(
                    "{} does not exist yet; the first start creates it",
                    url.redacted()
                ),
            )];
        }
    }
    // Opened read-only: nothing is written, no migration table created.
    let found = match switchboard_db::inspect::inspect(url) {
        Ok(found) => found,
        Err(e) => {
            return vec![check(
                "database",
                Verdict::Fail(exit::DATABASE),
                format!("{}: {e}", url.redacted()),
            )]
        }
    };
    let mut out = vec![if !found.unknown.is_empty() {
        check(
            "database",
            Verdict::Fail(exit::DATABASE),
            format!(
                "{} has migrations this version does not know ({}): a newer Switchboard wrote it",
                url.redacted(),
                found.unknown.join(", ")
            ),
        )
    } else if found.pending.is_empty() {
        check(
            "database",
            Verdict::Ok,
            format!("{} reachable; migrations up to date", url.redacted()),
        )
    } else {
        check(
            "database",
            Verdict::Warn,
            format!(
                "{} reachable; {} migration(s) pending ({}), applied at the next start or by `switchboard migrate`",
                url.redacted(),
                found.pending.len(),
                found.pending.join(", ")
            ),
        )
    }];
    if let Some(keys) = keys {
        let configured = keys.fingerprints();
        // What `serve` refuses: a recorded key or a data key's wrapping key that is
        // not configured.
        let needed = found
            .fingerprint
            .iter()
            .chain(found.wrapping.iter())
            .find(|fp| !configured.contains(&fp.as_str()));
        out.push(match needed {
            None => check(
                "key match",
                Verdict::Ok,
                if found.fingerprint.is_some() {
                    "the configured master key opens this database"
                } else {
                    "a new database: the configured master key will be recorded at the first start"
                },
            ),
            Some(fp) => check(
                "key match",
                Verdict::Fail(exit::MASTER_KEY),
                format!(
                    "this database needs the master key with fingerprint {fp}; it is not configured"
                ),
            ),
        });
    }
    out
}

fn outbound(config: &Config) -> Check {
    let name = "outbound guard";
    let allowed = match crate::outbound::guard::Allowed::parse(&config.allowed_private_hosts) {
        Ok(a) => a,
        Err(e) => return check(name, Verdict::Fail(exit::CONFIG), e),
    };
    if config.allowed_private_hosts.is_empty() {
        return check(
            name,
            Verdict::Ok,
            "private, loopback and link-local addresses are refused (no exemptions)",
        );
    }
    let metadata: std::net::IpAddr = [169, 254, 169, 254].into();
    if allowed.check_ip(metadata).is_ok() {
        return check(
            name,
            Verdict::Warn,
            format!(
                "exempted: {}; this includes the cloud metadata address 169.254.169.254",
                config.allowed_private_hosts.join(", ")
            ),
        );
    }
    check(
        name,
        Verdict::Ok,
        format!("exempted: {}", config.allowed_private_hosts.join(", ")),
    )
}

fn public_url(config: &Config) -> Check {
    let name = "public URL";
    let url = match url::Url::parse(&config.public_url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => {
            return check(
                name,
                Verdict::Fail(exit::CONFIG),
                format!("{:?} is not an http(s) URL", config.public_url),
            )
        }
    };
    if url.query().is_some() || url.fragment().is_some() {
        return check(
            name,
            Verdict::Fail(exit::CONFIG),
            format!("{} must not have a query or fragment", config.public_url),
        );
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    if url.scheme() == "http" && !loopback {
        return check(
            name,
            Verdict::Warn,
            format!(
                "{} is plain HTTP on a non-loopback host: cookies are not Secure; terminate TLS and set an https:// URL",
                config.public_url
            ),
        );
    }
    check(name, Verdict::Ok, config.public_url.clone())
}

fn web_app(config: &Config) -> Check {
    match &config.web_dir {
        Some(dir) if dir.join("index.html").is_file() => check(
            "web app",
            Verdict::Ok,
            format!("served from {}", dir.display()),
        ),
        Some(dir) => check(
            "web app",
            Verdict::Warn,
            format!(
                "{} has no index.html: only the API is served",
                dir.display()
            ),
        ),
        None => check(
            "web app",
            Verdict::Warn,
            "no built web app (SWITCHBOARD_WEB_DIR): only the API is served",
        ),
    }
}
