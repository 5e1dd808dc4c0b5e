//! Adds the proxied-call counts of this process to the hourly roll-ups every
//! five seconds (`outbound::usage`); nothing to add means no write.

use std::time::Duration;

use crate::outbound::usage;
use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(5);

/// (The last counts are stored when the server stops, after the requests in flight.)
pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while super::pause(&state, EVERY, None).await {
            if let Err(e) = usage::flush(&state).await {
                tracing::warn!(error = %e, "could not store proxied-call counts; they are kept for the next try");
            }
        }
    })
}
