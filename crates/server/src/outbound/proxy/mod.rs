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

mod admit;
mod body;
mod forward;
mod headers;
mod plan;
mod request;
mod scrub;

pub use forward::forward;
pub use headers::{limit_headers, ANSWER_HEADERS};
pub use plan::Plans;

use std::time::Duration;

/// Request bodies up to this size are kept for a retry after a token refresh.
const REPLAYABLE: usize = 1024 * 1024;
/// Answers up to this size (with a `Content-Length`) are read whole, then sent.
const SMALL_ANSWER: usize = 256 * 1024;
/// The longest `Switchboard-Max-Wait` honoured.
const MAX_WAIT_CAP: Duration = Duration::from_secs(60);
