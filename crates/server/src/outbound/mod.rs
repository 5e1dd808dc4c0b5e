//! Every call that leaves the process on a connection's behalf.
//!
//! - [`guard`]: the private-address guard (SSRF) and the HTTP clients built on it —
//!   every outbound request (tests, identity, OAuth token and revocation, the proxy)
//!   uses one of those clients;
//! - [`ratelimit`]: the per-connection limiter every proxied call passes;
//! - [`proxy`]: `ANY /connections/{id}/proxy/{path}` — path checks, credential
//!   injection, header hygiene, scrubbing of echoed secrets, streaming;
//! - [`usage`]: proxied and rate-limited calls per connection and hour.

pub mod guard;
pub mod proxy;
pub mod ratelimit;
pub mod usage;
