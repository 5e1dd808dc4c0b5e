//! The one integration-test binary of the server crate.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod accounts;
mod apps;
mod auth;
mod backup;
mod cli;
mod connect;
mod connections;
mod data_keys;
mod egress;
mod errors;
mod events;
mod faults;
mod hardening;
mod health;
mod keys;
mod oauth;
mod openapi;
mod provider;
mod proxy;
mod refresh;
mod security;
mod sharing;
mod shutdown;
mod step_up;
mod throttle;
mod transfer;
mod webhooks;
