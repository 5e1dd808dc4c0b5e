//! IP networks, and the client address of a request.
//!
//! The client address is the TCP peer, unless the peer is one of
//! `SWITCHBOARD_TRUSTED_PROXIES`: then it is the rightmost hop of the one header the
//! proxies write (`SWITCHBOARD_FORWARDED_HEADER`: `X-Forwarded-For` by default, or
//! `Forwarded`) that is not itself a trusted proxy. Only that header counts — most
//! proxies pass the other one through from the client untouched — and headers from
//! any other peer are ignored, so a client cannot choose its own address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use actix_web::http::header::HeaderMap;

/// A list of IP networks (`10.0.0.0/8`, `fd00::/8`, or single addresses).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Networks(Vec<(IpAddr, u8)>);

impl std::fmt::Display for Networks {
    /// Comma-separated `address/prefix` entries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (ip, prefix)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{ip}/{prefix}")?;
        }
        Ok(())
    }
}

impl Networks {
    /// Parses one entry: an address or a CIDR network, IPv6 optionally bracketed.
    /// `Ok(None)` when the entry is not an IP at all (a host name, for callers
    /// that accept those too).
    pub fn parse_entry(raw: &str) -> Result<Option<(IpAddr, u8)>, String> {
        let e = raw.trim().trim_start_matches('[').replace("]/", "/");
        let e = e.trim_end_matches(']');
        if let Some((ip, bits)) = e.split_once('/') {
            let ip: IpAddr = ip
                .parse()
                .map_err(|_| format!("{raw:?} is not a valid network"))?;
            let bits: u8 = bits
                .parse()
                .ok()
                .filter(|b| *b <= if ip.is_ipv4() { 32 } else { 128 })
                .ok_or_else(|| format!("{raw:?} has an invalid prefix length"))?;
            // An IPv4-mapped network is the IPv4 network it maps.
            if let IpAddr::V6(v6) = ip {
                if let Some(v4) = v6.to_ipv4_mapped() {
                    if bits < 96 {
                        return Err(format!("{raw:?} is wider than the IPv4-mapped range"));
                    }
                    return Ok(Some((IpAddr::V4(v4), bits - 96)));
                }
            }
            Ok(Some((ip, bits)))
        } else if let Ok(ip) = e.parse::<IpAddr>() {
            let ip = canonical(ip);
            Ok(Some((ip, if ip.is_ipv4() { 32 } else { 128 })))
        } else {
            Ok(None)
        }
    }

    /// Parses a list where every entry must be an address or a network.
    pub fn parse_list(entries: &[String]) -> Result<Self, String> {
        let mut out = Self::default();
        for raw in entries.iter().filter(|e| !e.trim().is_empty()) {
            match Self::parse_entry(raw)? {
                Some(net) => out.0.push(net),
                None => return Err(format!("{raw:?} is not an IP address or network")),
            }
        }
        Ok(out)
    }

    pub fn push(&mut self, net: (IpAddr, u8)) {
        self.0.push(net);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, bits)| in_net(ip, canonical(*net), *bits))
    }
}

/// IPv4-mapped IPv6 addresses as the IPv4 address they carry.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

pub fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// One hop of `Forwarded: for=…` or `X-Forwarded-For`: `1.2.3.4`, `1.2.3.4:80`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`. `None` for `unknown` and obfuscated names.
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let s = raw.trim().trim_matches('"');
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Which header the trusted proxies write the client's address into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    #[default]
    XForwardedFor,
    Forwarded,
}

impl ForwardedHeader {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::XForwardedFor => "x-forwarded-for",
            Self::Forwarded => "forwarded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Some(Self::XForwardedFor),
            "forwarded" => Some(Self::Forwarded),
            _ => None,
        }
    }
}

/// The hops the header names, leftmost (farthest) first; `None` for a hop that is
/// not an address.
fn forwarded_hops(headers: &HeaderMap, which: ForwardedHeader) -> Vec<Option<IpAddr>> {
    match which {
        ForwardedHeader::Forwarded => headers
            .get_all("forwarded")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    k.trim().eq_ignore_ascii_case("for").then(|| parse_hop(v))
                })?
            })
            .collect(),
        ForwardedHeader::XForwardedFor => headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(parse_hop)
            .collect(),
    }
}

/// Where the client address comes from: the trusted proxies and their header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    pub trusted: Networks,
    pub header: ForwardedHeader,
}

/// The client's address: the peer, or behind trusted proxies the rightmost hop that
/// is not a trusted proxy. An unreadable hop ends the walk at the proxy that added it.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &Proxies) -> Option<IpAddr> {
    let peer = canonical(peer?);
    let trusted = &proxies.trusted;
    if trusted.is_empty() || !trusted.contains(peer) {
        return Some(peer);
    }
    let mut client = peer;
    for hop in forwarded_hops(headers, proxies.header).into_iter().rev() {
        let Some(ip) = hop.map(canonical) else {
            break;
        };
        client = ip;
        if !trusted.contains(ip) {
            break;
        }
    }
    Some(client)
}

/// The address as throttles count it: IPv4 as is, IPv6 by its /64 (one customer's
/// network hands out a whole /64).
pub fn throttle_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64));
            format!("{net}/64")
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_count_only_from_trusted_peers() {
        let none = Proxies::default();
        let nets = Networks::parse_list(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let lb = Proxies {
            trusted: nets.clone(),
            header: ForwardedHeader::XForwardedFor,
        };
        let lb_fwd = Proxies {
            trusted: nets,
            header: ForwardedHeader::Forwarded,
        };
        let xff = headers(&[("x-forwarded-for", "198.51.100.7, 203.0.113.9")]);
        // No trusted proxies, or an untrusted peer: the headers change nothing.
        assert_eq!(
            client_ip(Some(ip("10.1.1.1")), &xff, &none),
            Some(ip("10.1.1.1"))
        );
        assert_eq!(
            client_ip(Some(ip("192.0.2.1")), &xff, &lb),
            Some(ip("192.0.2.1"))
        );
        // Trusted peer: the rightmost hop that is not a trusted proxy.
        assert_eq!(
            client_ip(Some(ip("10.1.1.1")), &xff, &lb),
            Some(ip("203.0.113.9"))
        );
        let chain = headers(&[("x-forwarded-for", "203.0.113.9, 10.2.2.2")]);
        assert_eq!(
            client_ip(Some(ip("10.1.1.1")), &chain, &lb),
            Some(ip("203.0.113.9"))
        );
        // A spoofed leftmost value is never taken when a real hop follows it.
        let spoof = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9")]);
        assert_eq!(
            client_ip(Some(ip("10.1.1.1")), &spoof, &lb),
            Some(ip("203.0.113.9"))
        );
        // Only the configured header counts: a client's own `Forwarded` passed through
        // an X-Forwarded-For proxy changes nothing, and the other way round.
        let fwd = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            (
                "forwarded",
                "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\"",
            ),
        ]);
        assert_eq!(
            client_ip(Some(ip("::1")), &fwd, &lb),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            client_ip(Some(ip("::1")), &fwd, &lb_fwd),
            Some(ip("2001:db8:cafe::17"))
        );
        let port = headers(&[("x-forwarded-for", "192.0.2.60:8080")]);
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &port, &lb),
            Some(ip("192.0.2.60"))
        );
        // An unreadable hop stops at the proxy that added it.
        let junk = headers(&[("x-forwarded-for", "203.0.113.9, unknown")]);
        assert_eq!(
            client_ip(Some(ip("10.1.1.1")), &junk, &lb),
            Some(ip("10.1.1.1"))
        );
        // Mapped peers are their IPv4 address.
        assert_eq!(
            client_ip(Some(ip("::ffff:10.1.1.1")), &xff, &lb),
            Some(ip("203.0.113.9"))
        );
    }

    #[test]
    fn throttle_keys_group_ipv6_by_64() {
        assert_eq!(throttle_key(ip("192.0.2.1")), "192.0.2.1");
        assert_eq!(throttle_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert_eq!(
            throttle_key(ip("2001:db8:1:2:aaaa::1")),
            throttle_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_eq!(throttle_key(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_ne!(
            throttle_key(ip("2001:db8:1:2::1")),
            throttle_key(ip("2001:db8:1:3::1"))
        );
    }

    #[test]
    fn networks_parse_and_match() {
        let n = Networks::parse_list(&["10.0.0.0/8".into(), "[fd00::]/8".into()]).unwrap();
        assert!(n.contains(ip("10.9.9.9")));
        assert!(n.contains(ip("::ffff:10.9.9.9")));
        assert!(n.contains(ip("fd12::1")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(Networks::parse_list(&["proxy.internal".into()]).is_err());
        assert!(Networks::parse_list(&["10.0.0.0/33".into()]).is_err());
        let all = Networks::parse_list(&["0.0.0.0/0".into()]).unwrap();
        assert!(all.contains(ip("203.0.113.1")));
    }
}
