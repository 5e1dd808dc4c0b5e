//! Relays new events into webhook deliveries and sends them
//! (`services::webhooks::delivery`): batch after batch while there are due ones
//! (sending one can make the next about the same connection due); otherwise it
//! waits until a write transaction of this process writes an event or queues
//! deliveries (woken on commit) or a second has passed (events and deliveries of
//! other replicas, retries coming due). Every replica runs it; claims
//! keep them from sending the same delivery twice.

use std::time::Duration;

use crate::services::webhooks::delivery;
use crate::state::AppState;

const POLL: Duration = Duration::from_secs(1);

pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let wake = state.db.outbox();
        while !state.shutdown.is_stopping() {
            match delivery::run_once(&state).await {
                Ok(n) if n as i64 >= delivery::BATCH => {
                    tokio::task::yield_now().await;
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::debug!(error = %e, "webhook delivery batch failed; trying again later")
                }
            }
            if !super::pause(&state, POLL, Some(&wake)).await {
                break;
            }
        }
    })
}
