//! One file per route.

pub mod api_keys;
pub mod audit;
pub mod connections;
pub mod login;
pub mod setup;
pub mod users;
