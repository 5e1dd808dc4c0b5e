//! Re-encrypts rows after a data-key rotation (`services::keys::sweep`): batch
//! after batch while a sweep runs (with `SWITCHBOARD_KEY_SWEEP_PAUSE_MS` between
//! them), otherwise a look every few seconds, or at once when a rotation starts in
//! this process. Every replica runs it; a sweep killed anywhere resumes in any.

use std::time::Duration;

use crate::services::keys::sweep::{self, Step};
use crate::state::AppState;

/// How often an idle process looks for a sweep another process started.
const IDLE_POLL: Duration = Duration::from_secs(5);
/// How long to wait when another process holds the remaining rows.
const BUSY_WAIT: Duration = Duration::from_millis(500);

pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let batch = state.config.key_sweep_batch;
        let pause = Duration::from_millis(state.config.key_sweep_pause_ms);
        while !state.shutdown.is_stopping() {
            let wait = match sweep::run_step(&state.db, &state.keys, batch).await {
                Ok(Step::Worked { .. } | Step::Finished { .. } | Step::Failed { .. }) => pause,
                Ok(Step::Busy) => BUSY_WAIT,
                Ok(Step::Idle) => IDLE_POLL,
                Err(e) => {
                    tracing::warn!(error = %e, "data-key sweep step failed; trying again later");
                    IDLE_POLL
                }
            };
            if wait.is_zero() {
                tokio::task::yield_now().await;
                continue;
            }
            if !super::pause(&state, wait, Some(&state.sweep_wake)).await {
                break;
            }
        }
    })
}
