//! Which headers cross the proxy, and the ones it adds.

use std::time::Duration;

use crate::outbound::ratelimit::Decision;

/// Headers that never go upstream.
pub(super) fn drop_request_header(name: &str) -> bool {
    matches!(
        name,
        "host"
            | "authorization"
            | "proxy-authorization"
            | "cookie"
            | "connection"
            | "keep-alive"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "proxy-connection"
            | "content-length"
            | "accept-encoding"
            | "expect"
            | "range"
            | "if-range"
            | "forwarded"
            | "via"
            | "origin"
            | "referer"
    ) || name.starts_with("x-forwarded-")
        || name.starts_with("switchboard-")
        || name.starts_with("sec-")
}

/// Headers that never come back to the caller.
pub(super) fn drop_response_header(name: &str) -> bool {
    matches!(
        name,
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-connection"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "content-length"
            | "set-cookie"
            | "set-cookie2"
            | "strict-transport-security"
            | "alt-svc"
            // Switchboard's own browser policy stands; the upstream's cannot act on
            // Switchboard's origin.
            | "content-security-policy"
            | "content-security-policy-report-only"
            | "x-frame-options"
            | "x-content-type-options"
            | "clear-site-data"
            | "refresh"
            | "link"
    )
}

/// Headers every proxied answer carries, whatever the upstream sent: its content is
/// the upstream's, so it gets no powers on Switchboard's origin.
pub const ANSWER_HEADERS: [(&str, &str); 3] = [
    ("content-security-policy", "sandbox; default-src 'none'"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
];

pub fn limit_headers(res: &mut actix_web::HttpResponseBuilder, d: &Decision) {
    res.insert_header(("RateLimit-Limit", d.limit.burst.to_string()));
    res.insert_header(("RateLimit-Remaining", d.remaining.to_string()));
    res.insert_header(("RateLimit-Reset", d.reset.as_secs_f64().ceil().to_string()));
    res.insert_header((
        "RateLimit-Policy",
        format!(
            "{};w={};burst={}",
            d.limit.requests, d.limit.per_seconds, d.limit.burst
        ),
    ));
}

/// Seconds or an HTTP date.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .to_string();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs.min(3600)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(&v).ok()?;
    let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds();
    Some(Duration::from_millis(
        u64::try_from(secs.clamp(0, 3_600_000)).unwrap_or(0),
    ))
}
