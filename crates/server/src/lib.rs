//! Switchboard server: configuration, telemetry, authentication, routes and the CLI's building blocks.

pub mod auth;
pub mod cli;
pub mod config;
pub mod egress;
pub mod error;
pub mod intake;
pub mod keyring;
pub mod metrics;
pub mod net;
pub mod openapi;
pub mod proxy;
pub mod ratelimit;
pub mod routes;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
