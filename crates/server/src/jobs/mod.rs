//! Background jobs. Every replica runs each of them; work that must happen once is
//! claimed through the database (leases, row locks), so running them everywhere is
//! safe.

mod health;
mod housekeeping;
mod key_sweep;
mod token_refresh;
mod usage;
mod webhooks;

use crate::state::AppState;

/// Starts every background job of this server.
pub fn start(state: &AppState) {
    housekeeping::start(state.clone());
    key_sweep::start(state.clone());
    token_refresh::start(state.clone());
    usage::start(state.clone());
    if state.config.health_checks != crate::config::HealthChecks::Off {
        health::start(state.clone());
    }
    if state.config.webhook_delivery {
        webhooks::start(state.clone());
    }
}
