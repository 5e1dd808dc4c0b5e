//! Background jobs. Every replica runs each of them; work that must happen once is
//! claimed through the database (leases, row locks), so running them everywhere is
//! safe. Each ends after the work in hand once the process stops
//! (`crate::shutdown`).

mod health;
mod housekeeping;
mod key_sweep;
mod token_refresh;
mod usage;
mod webhooks;

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::state::AppState;

/// Starts every background job of this server; the handles end when the jobs
/// have stopped.
pub fn start(state: &AppState) -> Vec<JoinHandle<()>> {
    let mut jobs = vec![
        housekeeping::start(state.clone()),
        key_sweep::start(state.clone()),
        token_refresh::start(state.clone()),
        usage::start(state.clone()),
    ];
    if state.config.health_checks != crate::config::HealthChecks::Off {
        jobs.push(health::start(state.clone()));
    }
    if state.config.webhook_delivery {
        jobs.push(webhooks::start(state.clone()));
    }
    jobs
}

/// Waits `wait`, or less when `wake` fires; false once the process is stopping.
async fn pause(state: &AppState, wait: Duration, wake: Option<&tokio::sync::Notify>) -> bool {
    let woken = async {
        match wake {
            Some(n) => n.notified().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        () = tokio::time::sleep(wait) => {}
        () = woken => {}
        () = state.shutdown.stopped() => {}
    }
    !state.shutdown.is_stopping()
}
