//! The outbound proxy: `ANY /api/v1/connections/{id}/proxy/{path}` forwards the call
//! to the app's base URL with the connection's credentials injected, inside the
//! connection's rate limit.
//!
//! - The caller's `Authorization`, cookies, hop-by-hop and `Switchboard-*` headers
//!   never reach the upstream; `Accept-Encoding` is not forwarded either, so the answer
//!   arrives uncompressed and can be scrubbed (the response is compressed for the
//!   caller by the server as usual).
//! - Injected secret values are replaced by `[redacted]` wherever the upstream echoes
//!   them back (headers and body, streamed), and never reach the logs.
//! - Request bodies up to 1 MiB are kept, so an OAuth app's 401 can be answered by one
//!   token refresh and one retry; larger bodies are streamed through once.
//! - An upstream 429 with `Retry-After` holds the connection's calls until then.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt as _;
use switchboard_catalog::render;
use switchboard_db::repo::{connections as conn_repo, rate_limits as rl_repo};
use switchboard_types::{
    AccountKind, AppDefinition, AuthType, ConnectionId, InjectRule, RateLimit,
};
use zeroize::Zeroizing;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::outbound::ratelimit::Decision;
use crate::services::connections::access;
use crate::services::tokens::{self, Usable, Want};
use crate::state::AppState;

mod scrub;
use scrub::{secrets_of, Scrubber, Secrets};

/// Request bodies up to this size are kept for a retry after a token refresh.
const REPLAYABLE: usize = 1024 * 1024;
/// Answers up to this size (with a `Content-Length`) are read whole, then sent.
const SMALL_ANSWER: usize = 256 * 1024;
/// The longest `Switchboard-Max-Wait` honoured.
const MAX_WAIT_CAP: Duration = Duration::from_secs(60);

/// Headers that never go upstream.
fn drop_request_header(name: &str) -> bool {
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
fn drop_response_header(name: &str) -> bool {
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

/// A stored override as a limit.
pub fn override_limit(o: &switchboard_db::models::RateLimitOverrideRow) -> RateLimit {
    let n = |v: i32| u32::try_from(v.max(1)).unwrap_or(1);
    RateLimit {
        requests: n(o.requests),
        per_seconds: n(o.per_seconds),
        burst: n(o.burst),
    }
}

/// The effective limit of a connection: its override, else the app's default.
pub fn effective(def: &AppDefinition, over: Option<RateLimit>) -> (RateLimit, bool) {
    match over {
        Some(o) => (o, true),
        None => (def.rate_limit, false),
    }
}

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

fn upstream_error(code: &'static str, detail: String, status: u16) -> ApiError {
    ApiError::Upstream {
        code,
        detail,
        status: Some(status),
    }
}

/// Builds the upstream request for `usable` (the URL checked, credentials injected).
fn upstream_request(
    state: &AppState,
    u: &Usable,
    method: &reqwest::Method,
    raw_path: &str,
    query: &str,
    headers: &[(HeaderName, HeaderValue)],
) -> Result<reqwest::RequestBuilder, ApiError> {
    let base = render(&u.def.base_url, &u.values).map_err(|v| ApiError::Unprocessable {
        code: "connection_incomplete",
        detail: format!("The app's base URL needs the field {v}, which this connection lacks."),
    })?;
    let base_url = url::Url::parse(&base).map_err(|_| ApiError::Unprocessable {
        code: "app_invalid",
        detail: "The app's base URL is not valid.".into(),
    })?;
    // The caller cannot send its own value under a name the app injects.
    let injected_query: Vec<&str> = u
        .def
        .auth
        .inject
        .iter()
        .filter_map(|r| match r {
            InjectRule::Query { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let collides = url::form_urlencoded::parse(query.as_bytes())
        .any(|(k, _)| injected_query.contains(&k.as_ref()));
    let query: String = if collides {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                url::form_urlencoded::parse(query.as_bytes())
                    .filter(|(k, _)| !injected_query.contains(&k.as_ref())),
            )
            .finish()
    } else {
        query.to_string()
    };
    let mut target = format!("{}/{}", base.trim_end_matches('/'), raw_path);
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let url = url::Url::parse(&target).map_err(|_| {
        ApiError::bad_request("invalid_proxy_path", "The path is not a valid URL path.")
    })?;
    let base_path = base_url.path().trim_end_matches('/');
    let under_base = base_path.is_empty()
        || url.path() == base_path
        || url.path().starts_with(&format!("{base_path}/"));
    if url.host() != base_url.host()
        || url.port_or_known_default() != base_url.port_or_known_default()
        || url.scheme() != base_url.scheme()
        || !under_base
    {
        return Err(ApiError::bad_request(
            "invalid_proxy_path",
            "The path must stay under the app's base URL.",
        ));
    }
    state
        .egress
        .check_url(&url)
        .map_err(|r| upstream_error("destination_not_allowed", format!("{r}."), 502))?;
    let injected_headers: Vec<String> = u
        .def
        .auth
        .inject
        .iter()
        .filter_map(|r| match r {
            InjectRule::Header { name, .. } => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let mut req = state.proxy_http.request(method.clone(), url);
    for (name, value) in headers {
        if injected_headers.iter().any(|h| h == name.as_str()) {
            continue;
        }
        req = req.header(name.as_str(), value.as_bytes());
    }
    req = req.header("accept-encoding", "identity");
    for rule in &u.def.auth.inject {
        let missing = |v: String| ApiError::Unprocessable {
            code: "connection_incomplete",
            detail: format!("The app injects the field {v}, which this connection lacks."),
        };
        match rule {
            InjectRule::Header { name, value } => {
                let v = Zeroizing::new(render(value, &u.values).map_err(missing)?);
                req = req.header(name.as_str(), v.as_str());
            }
            InjectRule::Query { name, value } => {
                let v = Zeroizing::new(render(value, &u.values).map_err(missing)?);
                req = req.query(&[(name.as_str(), v.as_str())]);
            }
            InjectRule::Basic { username, password } => {
                let user = render(username, &u.values).map_err(missing)?;
                let pass = Zeroizing::new(render(password, &u.values).map_err(missing)?);
                req = req.basic_auth(user, Some(pass.as_str()));
            }
        }
    }
    Ok(req)
}

/// Seconds or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
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

enum Body {
    Empty,
    Kept(Bytes),
    Stream(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>),
}

/// Reads up to [`REPLAYABLE`] bytes; a larger body continues as a stream.
async fn take_body(mut payload: web::Payload) -> Result<Body, ApiError> {
    let mut kept = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                ApiError::BodyTimeout
            }
            _ => ApiError::bad_request("body_unreadable", "The request body could not be read."),
        })?;
        kept.extend_from_slice(&chunk);
        if kept.len() > REPLAYABLE {
            let (tx, rx) = tokio::sync::mpsc::channel(8);
            let first = kept.freeze();
            // The payload lives on this worker's thread; a local task pumps it on.
            actix_web::rt::spawn(async move {
                if tx.send(Ok(first)).await.is_err() {
                    return;
                }
                while let Some(chunk) = payload.next().await {
                    let item = chunk.map_err(|e| std::io::Error::other(e.to_string()));
                    if tx.send(item).await.is_err() {
                        return;
                    }
                }
            });
            return Ok(Body::Stream(rx));
        }
    }
    Ok(if kept.is_empty() {
        Body::Empty
    } else {
        Body::Kept(kept.freeze())
    })
}

/// What a proxied call needs of a connection, remembered for a second.
#[derive(Clone)]
struct Plan {
    epoch: u64,
    at: Instant,
    usable: Usable,
    limit: RateLimit,
    /// What the answers are scrubbed of, worked out once.
    secrets: Arc<Secrets>,
    /// The owner is the system account (its shared connections reach every account).
    owner_is_system: bool,
}

/// Recent [`Plan`]s by connection: valid for 1 s and only while no write happened on
/// this server since (any change to a connection, its sharing, override or tokens is
/// a write here; other replicas see it within the second). OAuth tokens close to
/// expiry always go the long way, through the refresh logic.
#[derive(Default)]
pub struct Plans(std::sync::Mutex<HashMap<ConnectionId, Plan>>);

impl Plans {
    const TTL: Duration = Duration::from_secs(1);

    fn get(&self, id: ConnectionId, epoch: u64) -> Option<Plan> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let p = map.get(&id)?;
        let fresh = p.epoch == epoch
            && p.at.elapsed() < Self::TTL
            && !p.usable.row.token_expires_at.is_some_and(|e| {
                e <= switchboard_db::now()
                    + chrono::Duration::seconds(tokens::ON_DEMAND_MARGIN_SECS + 5)
            });
        fresh.then(|| p.clone())
    }

    fn put(&self, id: ConnectionId, plan: Plan) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 10_000 {
            map.clear();
        }
        map.insert(id, plan);
    }
}

/// The sharing rule of `services::connections::access`, on a remembered row.
fn may_use(p: &Principal, plan: &Plan) -> bool {
    let row = &plan.usable.row;
    row.account_id == p.account_id
        || (row.shared_with_children
            && (p.parent_id.is_some_and(|parent| parent == row.account_id) || plan.owner_is_system))
}

/// Loads the connection the caller may use and its effective limit.
async fn load(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<(Usable, RateLimit, Arc<Secrets>), ApiError> {
    let epoch = state.db.writes();
    if let Some(plan) = state.proxy_plans.get(id, epoch) {
        if !may_use(p, &plan) {
            return Err(ApiError::NotFound { what: "connection" });
        }
        return Ok((plan.usable, plan.limit, plan.secrets));
    }
    let p2 = p.clone();
    let row = state
        .db
        .read(move |c| {
            let (row, _) = access(c, &p2, id)?;
            let over = rl_repo::find_override(c, row.id)?;
            let owner = switchboard_db::repo::accounts::find(c, row.account_id)?;
            Ok::<_, ApiError>((
                row,
                over,
                owner.is_some_and(|o| o.kind == AccountKind::System),
            ))
        })
        .await?;
    let (row, over, owner_is_system) = row;
    let usable = tokens::usable(state, row.id, Want::OnDemand).await?;
    let over = over.as_ref().map(override_limit);
    let (limit, _) = effective(&usable.def, over);
    let secrets = Arc::new(Secrets::new(secrets_of(&usable.def, &usable.values)));
    state.proxy_plans.put(
        id,
        Plan {
            epoch,
            at: Instant::now(),
            usable: usable.clone(),
            limit,
            secrets: secrets.clone(),
            owner_is_system,
        },
    );
    Ok((usable, limit, secrets))
}

/// Waits for a slot within `max_wait`, or answers 429.
async fn admit(
    state: &AppState,
    key: ConnectionId,
    limit: RateLimit,
    app: &str,
    max_wait: Duration,
) -> Result<Decision, HttpResponse> {
    let started = Instant::now();
    loop {
        let d = match state.limiter.check(key, limit).await {
            Ok(d) => d,
            Err(e) => return Err(actix_web::ResponseError::error_response(&e)),
        };
        if d.allowed {
            let waited = started.elapsed();
            if !waited.is_zero() {
                state
                    .metrics
                    .proxy_wait
                    .get_or_create(&app_label(app))
                    .observe(waited.as_secs_f64());
            }
            return Ok(d);
        }
        let spent = started.elapsed();
        if spent + d.retry_after > max_wait {
            state
                .metrics
                .proxy_limited
                .get_or_create(&app_label(app))
                .inc();
            let e = ApiError::TooManyRequests {
                retry_after_secs: d.retry_after.as_secs_f64().ceil() as u64,
                detail: format!(
                    "This connection's rate limit ({} per {} s, burst {}) is used up; retry after the Retry-After seconds, or send Switchboard-Max-Wait to wait for a slot.",
                    limit.requests, limit.per_seconds, limit.burst
                ),
            };
            let mut res = actix_web::ResponseError::error_response(&e);
            for (k, v) in [
                ("ratelimit-limit", d.limit.burst.to_string()),
                ("ratelimit-remaining", "0".to_string()),
                ("ratelimit-reset", d.reset.as_secs_f64().ceil().to_string()),
            ] {
                if let Ok(v) = HeaderValue::from_str(&v) {
                    res.headers_mut().insert(HeaderName::from_static(k), v);
                }
            }
            return Err(res);
        }
        tokio::time::sleep(d.retry_after).await;
    }
}

fn app_label(app: &str) -> crate::metrics::AppLabels {
    crate::metrics::AppLabels {
        app: app.to_string(),
    }
}

/// Forwards one call.
pub async fn forward(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    p.require_scope("proxy")?;
    // Everything after the first "/proxy/" (the id before it has no slash), raw.
    let full = req.uri().path();
    let Some(at) = full.find("/proxy/") else {
        return Err(ApiError::bad_request(
            "invalid_proxy_path",
            "The path must follow /proxy/.",
        ));
    };
    let raw_path = full[at + "/proxy/".len()..].to_string();
    let bad_segment = raw_path.split('/').any(|seg| {
        let decoded: String = url::form_urlencoded::parse(format!("s={seg}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        // `..;x` and `.;x` are dot segments to servers that cut path parameters.
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
            "invalid_proxy_path",
            "The path must not contain dot segments or encoded slashes.",
        ));
    }
    let query = req.uri().query().unwrap_or_default().to_string();
    let max_wait = req
        .headers()
        .get("switchboard-max-wait")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|ms| Duration::from_millis(ms).min(MAX_WAIT_CAP))
        .unwrap_or(Duration::ZERO);
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|_| ApiError::bad_request("invalid_method", "Unsupported method."))?;
    let headers: Vec<(HeaderName, HeaderValue)> = req
        .headers()
        .iter()
        .filter(|(n, _)| !drop_request_header(n.as_str()))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();

    let (mut usable, limit, mut secrets) = load(state, p, id).await?;
    let app = usable.def.slug.clone();
    let decision = match admit(state, usable.row.id, limit, &app, max_wait).await {
        Ok(d) => d,
        Err(res) => return Ok(res),
    };
    // A kept body can be sent twice (a retry after a token refresh); a streamed one once.
    let (kept, mut streamed) = match take_body(payload).await? {
        Body::Empty => (Some(Bytes::new()), None),
        Body::Kept(b) => (Some(b), None),
        Body::Stream(rx) => (None, Some(rx)),
    };
    let mut attempt = 0;
    let started = Instant::now();
    let answer = loop {
        attempt += 1;
        let mut upstream = upstream_request(state, &usable, &method, &raw_path, &query, &headers)?;
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
        let sent = upstream.send().await;
        let answer = match sent {
            Ok(a) => a,
            Err(e) => {
                state
                    .metrics
                    .proxy_calls
                    .get_or_create(&crate::metrics::ProxyLabels {
                        app: app.clone(),
                        status: "error".into(),
                    })
                    .inc();
                if let Some(r) = crate::outbound::guard::refusal(&e) {
                    return Err(upstream_error(
                        "destination_not_allowed",
                        format!("{r}."),
                        502,
                    ));
                }
                let e = e.without_url();
                return Err(if e.is_timeout() {
                    upstream_error(
                        "upstream_timeout",
                        format!("{} did not answer in time.", usable.def.name),
                        504,
                    )
                } else {
                    upstream_error(
                        "upstream_unreachable",
                        format!("Could not reach {}.", usable.def.name),
                        502,
                    )
                });
            }
        };
        // An OAuth app refusing the token: refresh once (unless someone already did) and retry.
        let retryable = kept.is_some();
        if answer.status() == reqwest::StatusCode::UNAUTHORIZED
            && attempt == 1
            && usable.def.auth.type_ == AuthType::Oauth2
            && retryable
        {
            if let Some(token) = usable.values.get("access_token").cloned() {
                match tokens::usable(
                    state,
                    usable.row.id,
                    Want::Rejected(Zeroizing::new(token.clone())),
                )
                .await
                {
                    Ok(fresh) if fresh.values.get("access_token") != Some(&token) => {
                        // The old token is scrubbed too, should the upstream echo it.
                        secrets = Arc::new(secrets.with(secrets_of(&fresh.def, &fresh.values)));
                        usable = fresh;
                        continue;
                    }
                    _ => {}
                }
            }
        }
        break answer;
    };
    let status = answer.status();
    state
        .metrics
        .proxy_latency
        .get_or_create(&app_label(&app))
        .observe(started.elapsed().as_secs_f64());
    state
        .metrics
        .proxy_calls
        .get_or_create(&crate::metrics::ProxyLabels {
            app: app.clone(),
            status: status.as_u16().to_string(),
        })
        .inc();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        if let Some(wait) = retry_after(answer.headers()) {
            let _ = state.limiter.hold(usable.row.id, limit, wait).await;
        }
    }
    touch(state, &usable).await;

    let secrets = secrets.clone();
    let encoded = answer
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("identity"));
    if encoded && !secrets.is_empty() {
        return Err(upstream_error(
            "upstream_encoding",
            format!(
                "{} answered compressed although Switchboard asked for an uncompressed answer; it cannot be checked for echoed credentials.",
                usable.def.name
            ),
            502,
        ));
    }
    let mut res = HttpResponse::build(
        StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
    );
    let header_scrubber = Scrubber::new(secrets.clone());
    for (name, value) in answer.headers() {
        if drop_response_header(name.as_str()) {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(&header_scrubber.scrub(value.as_bytes())),
        ) {
            res.append_header((n, v));
        }
    }
    for h in ANSWER_HEADERS {
        res.insert_header(h);
    }
    limit_headers(&mut res, &decision);
    // Small answers of known size go back in one piece; the rest is streamed.
    if answer
        .content_length()
        .is_some_and(|n| n <= SMALL_ANSWER as u64)
    {
        let body = answer.bytes().await.map_err(|e| {
            upstream_error(
                "upstream_unreachable",
                format!(
                    "{} broke off its answer: {}",
                    usable.def.name,
                    e.without_url()
                ),
                502,
            )
        })?;
        let scrubbed = Scrubber::new(secrets).scrub(&body);
        return Ok(res.body(scrubbed));
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

/// A stream fed by a task (keeps the response streaming without extra crates).
fn async_stream<F, Fut>(f: F) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    actix_web::rt::spawn(f(tx));
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|i| (i, rx)) })
}

/// `last_used_at`, at most once a minute per connection.
async fn touch(state: &AppState, u: &Usable) {
    let now = switchboard_db::now();
    if u.row
        .last_used_at
        .is_some_and(|t| now - t < chrono::Duration::seconds(60))
    {
        return;
    }
    let id = u.row.id;
    let _ = state
        .db
        .write(move |c| {
            conn_repo::touch_used(c, id, now)?;
            Ok::<_, ApiError>(())
        })
        .await;
}
