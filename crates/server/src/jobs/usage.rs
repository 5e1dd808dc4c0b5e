//! Adds the proxied-call counts of this process to the hourly roll-ups every
//! five seconds (`outbound::usage`); nothing to add means no write.

use std::time::Duration;

use crate::outbound::usage;
use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(5);

pub fn start(state: AppState) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(EVERY).await;
            if let Err(e) = usage::flush(&state).await {
                tracing::warn!(error = %e, "could not store proxied-call counts; they are kept for the next try");
            }
        }
    });
}
