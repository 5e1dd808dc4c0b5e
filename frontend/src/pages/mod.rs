//! One file per route.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod automations;
pub mod connect;
pub mod connections;
pub mod login;
pub mod oauth_clients;
pub mod setup;
pub mod users;
pub mod webhooks;
