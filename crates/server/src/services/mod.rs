//! Business logic between the handlers and the repositories.

pub mod accounts;
pub mod api_keys;
pub mod apps;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod bootstrap;
pub mod connect;
pub mod connections;
pub mod convert;
pub mod events;
pub mod health;
pub mod keys;
pub mod me;
pub mod oauth;
pub mod outbound;
pub mod pagination;
pub mod rate_limits;
pub mod setup;
pub mod tokens;
pub mod transfer;
pub mod users;
pub mod webhooks;
