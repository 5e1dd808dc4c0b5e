//! Scheduled health checks (`services::health`): every
//! `SWITCHBOARD_HEALTH_CHECK_POLL_SECS` this replica schedules connections it has
//! not seen and runs the checks it claims; a full batch goes on at once. Leases
//! keep replicas from checking a connection twice.

use crate::services::health;
use crate::state::AppState;

pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    let every = std::time::Duration::from_secs(state.config.health_check_poll_secs.max(1));
    tokio::spawn(async move {
        while !state.shutdown.is_stopping() {
            match health::run_due(&state).await {
                Ok(n) if n > 0 => {
                    tokio::task::yield_now().await;
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "health check pass failed; trying again later")
                }
            }
            if !super::pause(&state, every, None).await {
                break;
            }
        }
    })
}
