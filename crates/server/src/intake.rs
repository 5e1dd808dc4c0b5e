//! What every request must respect on the way in, before any handler runs:
//!
//! - **Connections per client address.** Each accepted TCP connection takes a slot
//!   of its peer address (released when the connection closes); past
//!   `SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS` open connections, requests on the
//!   extra connections are answered 429 `too_many_connections` and the connection is
//!   closed. Trusted proxies carry many clients and are not counted.
//! - **No NUL in query strings or paths.** A query holding `%00` answers 400
//!   `invalid_query`, a path 404 (PostgreSQL cannot store or compare NUL in text;
//!   SQLite would). The proxy passes its path and query through and is exempt.
//! - **A body deadline.** A request body must arrive in full within
//!   `SWITCHBOARD_BODY_TIMEOUT_SECS` of the handler starting to read it; after that the body
//!   stream fails with `TimedOut`, the request is answered 408 `body_timeout` and the
//!   connection is closed. (Headers have actix's own 5 s deadline.)

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage as _};
use futures_util::StreamExt as _;

use crate::error::ApiError;
use crate::state::AppState;

/// Open connections per peer address, shared by every worker of the server.
#[derive(Debug, Default)]
pub struct Connections {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One accepted connection's slot; gives it back when the connection closes.
#[derive(Debug)]
pub struct Slot {
    table: Arc<Connections>,
    ip: Option<IpAddr>,
    /// The peer already had the maximum open when this one arrived.
    over: bool,
}

impl Connections {
    /// Takes a slot for a new connection from `ip` (`None`: not counted). IPv6
    /// addresses count by their /64, like the throttles.
    pub fn open(self: &Arc<Self>, ip: Option<IpAddr>, max: usize) -> Slot {
        let ip = ip.map(|ip| match crate::net::canonical(ip) {
            IpAddr::V6(v6) => {
                IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64)))
            }
            v4 => v4,
        });
        let Some(ip) = ip else {
            return Slot {
                table: self.clone(),
                ip: None,
                over: false,
            };
        };
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(ip).or_insert(0);
        *n += 1;
        Slot {
            table: self.clone(),
            ip: Some(ip),
            over: *n > max,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(ip) = self.ip else { return };
        let mut open = self.table.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&ip);
            }
        }
    }
}

fn has_body(req: &ServiceRequest) -> bool {
    let h = req.headers();
    h.contains_key(header::TRANSFER_ENCODING)
        || h.get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// Middleware: the connection cap and the body deadline.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let over = req.conn_data::<Slot>().is_some_and(|s| s.over);
    if over {
        let mut res = actix_web::ResponseError::error_response(&ApiError::TooManyConnections);
        res.head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
        return Ok(req.into_response(res).map_into_right_body());
    }
    if has_nul(req.uri().path()) && !req.path().contains("/proxy/") {
        let res =
            actix_web::ResponseError::error_response(&ApiError::NotFound { what: "resource" });
        return Ok(req.into_response(res).map_into_right_body());
    }
    if has_nul_in_query(&req) {
        let e = ApiError::bad_request(
            switchboard_types::ErrorCode::InvalidQuery,
            "The query string must not contain NUL characters (%00).",
        );
        let res = actix_web::ResponseError::error_response(&e);
        return Ok(req.into_response(res).map_into_right_body());
    }
    if has_body(&req) {
        let secs = req
            .app_data::<web::Data<AppState>>()
            .map_or(10, |s| s.config.body_timeout_secs);
        let allowed = Duration::from_secs(secs);
        let inner = req.take_payload();
        // The clock starts when the handler first reads the body, not with the request:
        // a proxied call may wait for its rate-limit slot before it reads.
        let timed = futures_util::stream::unfold(
            (inner, None::<tokio::time::Instant>, false),
            move |(mut p, deadline, done)| async move {
                if done {
                    return None;
                }
                let deadline = deadline.unwrap_or_else(|| tokio::time::Instant::now() + allowed);
                match tokio::time::timeout_at(deadline, p.next()).await {
                    Ok(Some(item)) => Some((item, (p, Some(deadline), false))),
                    Ok(None) => None,
                    Err(_) => Some((
                        Err(PayloadError::Io(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "the request body did not arrive in time",
                        ))),
                        (p, Some(deadline), true),
                    )),
                }
            },
        );
        // Fused: a reader that polls again after the end (actix-multipart does) gets
        // the end again instead of a panic.
        req.set_payload(Payload::Stream {
            payload: Box::pin(futures_util::StreamExt::fuse(timed)),
        });
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// A `%00` in the query string of anything but the proxy.
fn has_nul_in_query(req: &ServiceRequest) -> bool {
    !req.path().contains("/proxy/") && has_nul(req.query_string())
}

/// A percent-encoded NUL (`%00`) in raw URI text.
fn has_nul(raw: &str) -> bool {
    raw.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}
