//! Refreshes OAuth tokens a few minutes before they expire, every
//! `SWITCHBOARD_REFRESH_INTERVAL_SECS`. The refresh lease makes each refresh happen
//! once across replicas.

use crate::state::AppState;

pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    let every = std::time::Duration::from_secs(state.config.refresh_interval_secs.max(1));
    tokio::spawn(async move {
        // The first pass at once, then one every interval.
        loop {
            crate::services::tokens::refresh_due(&state).await;
            if !super::pause(&state, every, None).await {
                break;
            }
        }
    })
}
