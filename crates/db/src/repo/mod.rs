//! Repository functions, one module per table group.

pub mod accounts;
pub mod api_keys;
pub mod apps;
pub mod audit;
pub mod automations;
pub mod connect;
pub mod connections;
pub mod events;
pub mod health;
pub mod key_sweeps;
pub mod oauth;
pub mod rate_limits;
pub mod settings;
pub mod throttle;
pub mod token_refresh;
pub mod tokens;
pub mod usage;
pub mod users;
pub mod webhooks;
