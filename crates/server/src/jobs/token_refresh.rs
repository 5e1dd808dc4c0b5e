//! Refreshes OAuth tokens a few minutes before they expire, every
//! `SWITCHBOARD_REFRESH_INTERVAL_SECS`. The refresh lease makes each refresh happen
//! once across replicas.

use crate::state::AppState;

pub fn start(state: AppState) {
    let every = std::time::Duration::from_secs(state.config.refresh_interval_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            crate::services::tokens::refresh_due(&state).await;
        }
    });
}
