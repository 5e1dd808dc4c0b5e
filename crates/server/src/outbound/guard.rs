//! The outbound private-address guard (SSRF). Every request Switchboard sends on a
//! connection's behalf — proxy calls, test and identity requests, OAuth token and
//! revocation requests — goes to a public address unless its host is listed in
//! `SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`.
//!
//! - IP literals are checked before sending ([`Allowed::check_url`]); the `url` crate
//!   has already turned odd IPv4 notations (`0x7f000001`, `2130706433`,
//!   `0177.0.0.1`) into plain addresses.
//! - Host names are resolved by [`GuardedResolver`], which hands reqwest only the
//!   addresses it checked: the connection goes to the address that was checked, so a
//!   second DNS answer (rebinding) never gets a say.
//! - Redirects are never followed (the clients are built with `Policy::none()`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use crate::net::Networks;

/// A refused destination. Callers see only the generic [`std::fmt::Display`] text
/// (no resolved address, no host they did not send); the detail goes to the log
/// when the refusal is made.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the destination is not allowed: Switchboard only calls public addresses (see SWITCHBOARD_ALLOWED_PRIVATE_HOSTS)")]
pub struct Refused {
    detail: String,
}

impl Refused {
    pub fn new(detail: String) -> Self {
        tracing::warn!(%detail, "outbound request refused by the private-address guard");
        Self { detail }
    }

    /// What was refused and why, for logs and tests.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

/// Hosts and networks exempt from the guard.
#[derive(Debug, Default, Clone)]
pub struct Allowed {
    hosts: Vec<String>,
    nets: Networks,
}

impl Allowed {
    /// Parses `SWITCHBOARD_ALLOWED_PRIVATE_HOSTS` entries: host names, IP addresses,
    /// and CIDR networks (`10.0.0.0/8`, `fd00::/8`). IPv6 may be bracketed.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut out = Self::default();
        for raw in entries.iter().filter(|e| !e.trim().is_empty()) {
            match Networks::parse_entry(raw)? {
                Some(net) => out.nets.push(net),
                None => out
                    .hosts
                    .push(raw.trim().trim_end_matches('.').to_ascii_lowercase()),
            }
        }
        Ok(out)
    }

    /// Whether the host name is listed as exempt.
    pub fn host_allowed(&self, host: &str) -> bool {
        let h = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&h)
    }

    fn ip_allowed(&self, ip: IpAddr) -> bool {
        self.nets.contains(ip)
    }

    /// Is this address fine to connect to (public, or exempt)?
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refused> {
        match forbidden(ip) {
            Some(kind) if !self.ip_allowed(ip) => Err(Refused::new(format!(
                "the app's address {ip} is {kind}; Switchboard only calls public addresses (see SWITCHBOARD_ALLOWED_PRIVATE_HOSTS)"
            ))),
            _ => Ok(()),
        }
    }

    /// Checks a URL before sending: http(s) only, and an IP literal must pass
    /// [`Allowed::check_ip`] (names are checked when they are resolved).
    pub fn check_url(&self, url: &url::Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::new(format!(
                "the app's URL scheme {} is not http or https",
                url.scheme()
            )));
        }
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)),
            Some(url::Host::Domain(d)) => {
                if self.host_allowed(d) {
                    return Ok(());
                }
                // "localhost" and friends never need DNS to be private.
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                if d == "localhost" || d.ends_with(".localhost") {
                    return Err(Refused::new(format!(
                        "the app's host {d} is loopback; Switchboard only calls public addresses (see SWITCHBOARD_ALLOWED_PRIVATE_HOSTS)"
                    )));
                }
                Ok(())
            }
            None => Err(Refused::new("the app's URL has no host".into())),
        }
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let n = u32::from(ip);
    let within = |net: [u8; 4], bits: u32| {
        let mask = if bits == 0 {
            0
        } else {
            u32::MAX << (32 - bits)
        };
        n & mask == u32::from(Ipv4Addr::from(net)) & mask
    };
    if within([169, 254, 169, 254], 32) {
        return Some("a cloud metadata address");
    }
    let ranges: [([u8; 4], u32, &str); 16] = [
        ([0, 0, 0, 0], 8, "an unspecified (\"this network\") address"),
        ([10, 0, 0, 0], 8, "a private address"),
        ([100, 64, 0, 0], 10, "a carrier-grade NAT address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address"),
        ([172, 16, 0, 0], 12, "a private address"),
        ([192, 0, 0, 0], 24, "an IETF protocol address"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a 6to4 relay address"),
        ([192, 168, 0, 0], 16, "a private address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([240, 0, 0, 0], 4, "a reserved address"),
        ([255, 255, 255, 255], 32, "the broadcast address"),
    ];
    ranges
        .iter()
        .find(|(net, bits, _)| within(*net, *bits))
        .map(|(_, _, kind)| *kind)
}

/// What kind of non-public address this is, if it is one.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    let n = u128::from(ip);
    let within = |net: u128, bits: u32| {
        let mask = u128::MAX << (128 - bits);
        n & mask == net & mask
    };
    let embedded_v4 = |shift: u32| Ipv4Addr::from(((n >> shift) & 0xffff_ffff) as u32);
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), ::a.b.c.d (compatible),
    // 64:ff9b::a.b.c.d (NAT64), 2002:AABB:CCDD:: (6to4): judged by the IPv4 address inside.
    if within(0xffff_0000_0000, 96)
        || within(0xffff_0000_0000_0000, 96)
        || within(0, 96)
        || within(0x0064_ff9b << 96, 96)
    {
        return v4_kind(embedded_v4(0));
    }
    if within(0x2002 << 112, 16) {
        return v4_kind(embedded_v4(80)).or(None);
    }
    let ranges: [(u128, u32, &str); 10] = [
        (0x0064_ff9b_0001 << 80, 48, "a local NAT64 address"),
        (0x3fff << 112, 20, "a documentation address"),
        (0x5f00 << 112, 16, "an SRv6 segment identifier"),
        (0x0100 << 112, 64, "a discard address"),
        (0x2001_0db8 << 96, 32, "a documentation address"),
        (0x2001_0000 << 96, 32, "a Teredo address"),
        (0xfc00 << 112, 7, "a unique-local address"),
        (0xfe80 << 112, 10, "a link-local address"),
        (0xfec0 << 112, 10, "a site-local address"),
        (0xff00 << 112, 8, "a multicast address"),
    ];
    ranges
        .iter()
        .find(|(net, bits, _)| within(*net, *bits))
        .map(|(_, _, kind)| *kind)
}

/// Resolves host names and keeps only the addresses that pass the guard.
pub struct GuardedResolver {
    allowed: Arc<Allowed>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?
                .collect();
            if allowed.host_allowed(&host) {
                return Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs);
            }
            let mut refused = None;
            let ok: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match allowed.check_ip(a.ip()) {
                    Ok(()) => true,
                    Err(e) => {
                        refused.get_or_insert(e);
                        false
                    }
                })
                .collect();
            if ok.is_empty() {
                let e = refused
                    .map(|r| Refused::new(format!("{host} resolves to a non-public address: {r}")))
                    .unwrap_or_else(|| Refused::new(format!("{host} did not resolve")));
                return Err(Box::new(e) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(ok.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// An HTTP client for calls to apps: guarded DNS, no redirects, timeouts, and no
/// `HTTP(S)_PROXY` from the environment (a proxy would resolve names itself, past the guard).
pub fn client(
    allowed: Arc<Allowed>,
    timeout_secs: u64,
    pool_idle: usize,
) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(GuardedResolver { allowed }))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(timeout_secs.max(1)))
        .connect_timeout(std::time::Duration::from_secs(timeout_secs.clamp(1, 10)))
        .pool_max_idle_per_host(pool_idle)
        .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the outbound HTTP client: {e}"))
}

/// The guard's refusal inside a reqwest error (a refused name), if that is the cause.
pub fn refusal(e: &reqwest::Error) -> Option<Refused> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<Refused>() {
            return Some(r.clone());
        }
        source = s.source();
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn forbidden_targets_are_refused_without_any_network() {
        let none = Allowed::default();
        for target in [
            "http://10.0.0.1/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://[fc00::1]/",
            "http://[fd00:ec2::254]/",
            "http://[fe80::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:c0a8:0101::1]/",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0/",
            "http://127.1/",
            "http://localhost:9000/",
            "http://api.localhost/",
            "http://[::]/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://[::ffff:0:a00:1]/",
            "http://[::ffff:0:7f00:1]/",
            "http://[3fff::1]/",
            "http://[3fff:fff::1]/",
            "http://[5f00::1]/",
            "file:///etc/passwd",
        ] {
            assert!(none.check_url(&url(target)).is_err(), "{target} passed");
        }
    }

    #[test]
    fn public_targets_pass() {
        let none = Allowed::default();
        for target in [
            "https://api.github.com/user",
            "https://93.184.215.14/",
            "http://[2606:4700::6810:84e5]/",
            "http://[2002:5db8:d70e::1]/",
            "http://172.32.0.1/",
            "http://100.128.0.1/",
            "http://[::ffff:93.184.215.14]/",
            "http://[64:ff9b::5db8:d70e]/",
            "http://[::ffff:0:5db8:d70e]/",
            "http://[3fff:1000::1]/",
        ] {
            assert!(none.check_url(&url(target)).is_ok(), "{target} refused");
        }
    }

    #[test]
    fn allowed_hosts_and_networks_are_exempt() {
        let a = Allowed::parse(&[
            "127.0.0.1".into(),
            "[::1]".into(),
            "10.1.0.0/16".into(),
            "Internal.Example".into(),
        ])
        .unwrap();
        assert!(a.check_url(&url("http://127.0.0.1:9/")).is_ok());
        assert!(a.check_url(&url("http://[::1]:9/")).is_ok());
        assert!(a.check_url(&url("http://[::ffff:127.0.0.1]:9/")).is_ok());
        assert!(a.check_url(&url("http://10.1.2.3/")).is_ok());
        assert!(a.check_url(&url("http://10.2.0.1/")).is_err());
        assert!(a.check_url(&url("http://127.0.0.2/")).is_err());
        assert!(a.host_allowed("internal.example."));
        assert!(Allowed::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(Allowed::parse(&["nonsense/8".into()]).is_err());
        let mapped = Allowed::parse(&["::ffff:10.0.0.0/112".into()]).unwrap();
        assert!(mapped.check_url(&url("http://10.0.0.7/")).is_ok());
        assert!(mapped.check_url(&url("http://10.1.0.7/")).is_err());
        assert!(Allowed::parse(&["::ffff:10.0.0.0/90".into()]).is_err());
    }

    #[tokio::test]
    async fn names_resolving_to_private_addresses_are_refused() {
        use reqwest::dns::Resolve as _;
        use std::str::FromStr as _;
        let name = || reqwest::dns::Name::from_str("localhost").unwrap();
        let guarded = GuardedResolver {
            allowed: Arc::new(Allowed::default()),
        };
        let err = match guarded.resolve(name()).await {
            Ok(_) => panic!("localhost resolved through the guard"),
            Err(e) => e,
        };
        let refused = err.downcast_ref::<Refused>().unwrap();
        assert!(refused.detail().contains("non-public"), "{refused:?}");
        assert!(!err.to_string().contains("127.0.0.1"), "{err}");
        let exempt = GuardedResolver {
            allowed: Arc::new(Allowed::parse(&["localhost".into()]).unwrap()),
        };
        let addrs: Vec<SocketAddr> = match exempt.resolve(name()).await {
            Ok(a) => a.collect(),
            Err(e) => panic!("{e}"),
        };
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && !addrs.is_empty());
    }
}
