//! One proxied call: check the path, admit it within the rate limit, send it
//! (once more after a token refresh when an OAuth app refused the token), and
//! answer with the upstream's status, headers and body, scrubbed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt as _;
use switchboard_types::{ApiScope, AuthType, ConnectionId, ErrorCode};
use zeroize::Zeroizing;

use super::admit::{admit, app_label};
use super::body::{async_stream, take_body, Body};
use super::headers::{drop_request_header, drop_response_header, limit_headers, retry_after};
use super::plan::{load, touch};
use super::request::{upstream_error, upstream_request};
use super::scrub::{secrets_of, Scrubber, Secrets};
use super::{ANSWER_HEADERS, MAX_WAIT_CAP, SMALL_ANSWER};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::tokens::{self, Usable, Want};
use crate::state::AppState;

/// What the caller asked to send.
struct Call {
    method: reqwest::Method,
    raw_path: String,
    query: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    max_wait: Duration,
}

#[tracing::instrument(skip(state, p, req, payload))]
pub async fn forward(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    p.require_scope(ApiScope::Proxy)?;
    let call = Call::from_request(req)?;
    let (usable, limit, secrets) = load(state, p, id).await?;
    let app = usable.def.slug.clone();
    let decision = match admit(state, usable.row.id, limit, &app, call.max_wait).await {
        Ok(d) => d,
        Err(res) => return Ok(res),
    };
    state.usage.call(usable.row.id);
    let started = Instant::now();
    let (answer, usable, secrets) = send(state, &call, usable, secrets, payload).await?;
    let status = answer.status();
    record(state, &app, &status.as_u16().to_string(), Some(started));
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        if let Some(wait) = retry_after(answer.headers()) {
            let _ = state.limiter.hold(usable.row.id, limit, wait).await;
        }
    }
    touch(state, &usable).await;
    let mut res = answer_head(&answer, &usable, &secrets)?;
    limit_headers(&mut res, &decision);
    answer_body(res, answer, &usable, secrets).await
}

impl Call {
    fn from_request(req: &HttpRequest) -> Result<Self, ApiError> {
        Ok(Self {
            method: reqwest::Method::from_bytes(req.method().as_str().as_bytes()).map_err(
                |_| ApiError::bad_request(ErrorCode::InvalidMethod, "Unsupported method."),
            )?,
            raw_path: proxy_path(req.uri().path())?,
            query: req.uri().query().unwrap_or_default().to_string(),
            headers: req
                .headers()
                .iter()
                .filter(|(n, _)| !drop_request_header(n.as_str()))
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect(),
            max_wait: max_wait(req)?,
        })
    }
}

/// `Switchboard-Max-Wait: <ms>`: how long the call may wait for a rate-limit slot
/// (at most [`MAX_WAIT_CAP`]); absent means not at all.
fn max_wait(req: &HttpRequest) -> Result<Duration, ApiError> {
    let Some(v) = req.headers().get("switchboard-max-wait") else {
        return Ok(Duration::ZERO);
    };
    v.to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|ms| Duration::from_millis(ms).min(MAX_WAIT_CAP))
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidHeader,
                "Switchboard-Max-Wait must be a number of milliseconds.",
            )
        })
}

/// Everything after the first `/proxy/` (the id before it has no slash), refused
/// when it has dot segments (`..;x` and `.;x` too: servers that cut path parameters
/// see dot segments there) or encoded slashes. Generated SDKs send the whole path as
/// one percent-encoded segment (`v1%2Fusers`): such a tail is decoded once and then
/// checked like a raw one, so `v1%2F..%2Fadmin` is refused as `v1/../admin` is.
fn proxy_path(full: &str) -> Result<String, ApiError> {
    let Some(at) = full.find("/proxy/") else {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidProxyPath,
            "The path must follow /proxy/.",
        ));
    };
    let tail = &full[at + "/proxy/".len()..];
    let raw_path = if !tail.contains('/') && tail.to_ascii_lowercase().contains("%2f") {
        decode_segment(tail)?
    } else {
        tail.to_string()
    };
    let bad_segment = raw_path.split('/').any(|seg| {
        let decoded = percent_encoding::percent_decode_str(seg).decode_utf8_lossy();
        let head = decoded.split(';').next().unwrap_or_default();
        head == "."
            || head == ".."
            || decoded.starts_with("..")
            || decoded.contains(";..")
            || decoded.contains('/')
            || decoded.contains('\\')
    });
    if bad_segment || raw_path.contains('\\') {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidProxyPath,
            "The path must not contain dot segments or encoded slashes.",
        ));
    }
    Ok(raw_path)
}

/// One percent-encoded segment holding a whole path, decoded once; `?` and `#`
/// stay encoded so they remain part of the path.
fn decode_segment(segment: &str) -> Result<String, ApiError> {
    let decoded = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_err(|_| {
            ApiError::bad_request(
                ErrorCode::InvalidProxyPath,
                "The encoded path is not valid UTF-8.",
            )
        })?;
    Ok(decoded.replace('?', "%3F").replace('#', "%23"))
}

/// Sends the call; an OAuth app's 401 to a kept body is answered by one token
/// refresh (unless someone already refreshed) and one retry.
async fn send(
    state: &AppState,
    call: &Call,
    mut usable: Usable,
    mut secrets: Arc<Secrets>,
    payload: web::Payload,
) -> Result<(reqwest::Response, Usable, Arc<Secrets>), ApiError> {
    // A kept body can be sent twice; a streamed one once.
    let (kept, mut streamed) = match take_body(payload).await? {
        Body::Empty => (Some(Bytes::new()), None),
        Body::Kept(b) => (Some(b), None),
        Body::Stream(rx) => (None, Some(rx)),
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut upstream = upstream_request(
            state,
            &usable,
            &call.method,
            &call.raw_path,
            &call.query,
            &call.headers,
        )?;
        match (&kept, streamed.take()) {
            (Some(b), _) if !b.is_empty() => upstream = upstream.body(b.clone()),
            (None, Some(rx)) => {
                let stream = futures_util::stream::unfold(rx, |mut rx| async move {
                    rx.recv().await.map(|item| (item, rx))
                });
                upstream = upstream.body(reqwest::Body::wrap_stream(stream));
            }
            _ => {}
        }
        let answer = upstream
            .send()
            .await
            .map_err(|e| unreachable(state, &usable, e))?;
        let refused = answer.status() == reqwest::StatusCode::UNAUTHORIZED
            && attempt == 1
            && usable.def.auth.type_ == AuthType::Oauth2
            && kept.is_some();
        if refused {
            if let Some(fresh) = refreshed(state, &usable).await {
                // The old token is scrubbed too, should the upstream echo it.
                secrets = Arc::new(secrets.with(secrets_of(&fresh.def, &fresh.values)));
                usable = fresh;
                continue;
            }
        }
        return Ok((answer, usable, secrets));
    }
}

/// New tokens after the upstream refused the current one, if there are any.
async fn refreshed(state: &AppState, usable: &Usable) -> Option<Usable> {
    let token = usable.values.get("access_token")?.clone();
    let want = Want::Rejected(Zeroizing::new(token.clone()));
    match tokens::usable(state, usable.row.id, want).await {
        Ok(fresh) if fresh.values.get("access_token") != Some(&token) => Some(fresh),
        _ => None,
    }
}

/// The call did not get an answer: refused by the egress guard, timed out, or unreachable.
fn unreachable(state: &AppState, usable: &Usable, e: reqwest::Error) -> ApiError {
    record(state, &usable.def.slug, "error", None);
    if let Some(r) = crate::outbound::guard::refusal(&e) {
        return upstream_error(ErrorCode::DestinationNotAllowed, format!("{r}."), 502);
    }
    let e = e.without_url();
    if e.is_timeout() {
        upstream_error(
            ErrorCode::UpstreamTimeout,
            format!("{} did not answer in time.", usable.def.name),
            504,
        )
    } else {
        upstream_error(
            ErrorCode::UpstreamUnreachable,
            format!("Could not reach {}.", usable.def.name),
            502,
        )
    }
}

fn record(state: &AppState, app: &str, status: &str, started: Option<Instant>) {
    if let Some(t) = started {
        state
            .metrics
            .proxy_latency
            .get_or_create(&app_label(app))
            .observe(t.elapsed().as_secs_f64());
    }
    state
        .metrics
        .proxy_calls
        .get_or_create(&crate::metrics::ProxyLabels {
            app: app.to_string(),
            status: status.into(),
        })
        .inc();
}

/// The answer's status and headers: hop-by-hop, cookies and framing headers
/// dropped, secrets scrubbed, the proxy's own headers added.
fn answer_head(
    answer: &reqwest::Response,
    usable: &Usable,
    secrets: &Arc<Secrets>,
) -> Result<actix_web::HttpResponseBuilder, ApiError> {
    let encoded = answer
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("identity"));
    if encoded && !secrets.is_empty() {
        return Err(upstream_error(
            ErrorCode::UpstreamEncoding,
            format!(
                "{} answered compressed although Switchboard asked for an uncompressed answer; it cannot be checked for echoed credentials.",
                usable.def.name
            ),
            502,
        ));
    }
    let mut res = HttpResponse::build(
        StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
    );
    let scrubber = Scrubber::new(secrets.clone());
    for (name, value) in answer.headers() {
        if drop_response_header(name.as_str()) {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(&scrubber.scrub(value.as_bytes())),
        ) {
            res.append_header((n, v));
        }
    }
    for h in ANSWER_HEADERS {
        res.insert_header(h);
    }
    Ok(res)
}

/// Small answers of known size go back in one piece; the rest is streamed, both scrubbed.
async fn answer_body(
    mut res: actix_web::HttpResponseBuilder,
    answer: reqwest::Response,
    usable: &Usable,
    secrets: Arc<Secrets>,
) -> Result<HttpResponse, ApiError> {
    if answer
        .content_length()
        .is_some_and(|n| n <= SMALL_ANSWER as u64)
    {
        let body = answer.bytes().await.map_err(|e| {
            upstream_error(
                ErrorCode::UpstreamUnreachable,
                format!(
                    "{} broke off its answer: {}",
                    usable.def.name,
                    e.without_url()
                ),
                502,
            )
        })?;
        return Ok(res.body(Scrubber::new(secrets).scrub(&body)));
    }
    let mut scrubber = Scrubber::new(secrets);
    let mut upstream = answer.bytes_stream();
    let stream = async_stream(move |tx| async move {
        while let Some(chunk) = upstream.next().await {
            match chunk {
                Ok(c) => {
                    let out = scrubber.push(&c);
                    if !out.is_empty() && tx.send(Ok(out)).await.is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx
                        .send(Err(std::io::Error::other(e.without_url().to_string())))
                        .await;
                    return;
                }
            }
        }
        let rest = scrubber.finish();
        if !rest.is_empty() {
            let _ = tx.send(Ok(rest)).await;
        }
    });
    Ok(res.streaming(stream))
}

#[cfg(test)]
mod tests {
    use super::proxy_path;

    #[test]
    fn dot_segments_and_encoded_slashes_are_refused() {
        let ok = |p: &str| proxy_path(&format!("/api/v1/connections/x/proxy/{p}")).ok();
        assert_eq!(ok("v1/users").as_deref(), Some("v1/users"));
        assert_eq!(ok("a/b%20c").as_deref(), Some("a/b%20c"));
        // One encoded segment, as generated SDKs send it.
        assert_eq!(ok("v1%2Fusers").as_deref(), Some("v1/users"));
        assert_eq!(ok("v1%2fa%20b").as_deref(), Some("v1/a b"));
        assert_eq!(ok("v1%2Fa%3Fb").as_deref(), Some("v1/a%3Fb"));
        assert_eq!(ok("v1%2Fa%2520b").as_deref(), Some("v1/a%20b"));
        for bad in [
            "../x",
            "a/./b",
            "a/%2e%2e/b",
            "a/..;x/b",
            "a/.;x",
            "a%2F..%2Fb",
            "%2E%2E%2Fadmin",
            "a%2F..%3Bx%2Fb",
            "a%2F%252e%252e%2Fb",
            "a%2F%252Fb",
            "a/b%2Fc",
            "a%5Cb",
            "a\\b",
            "..%2f",
            "a%2F%FF",
        ] {
            assert!(ok(bad).is_none(), "{bad}");
        }
        assert!(proxy_path("/api/v1/connections/x").is_err());
    }
}
