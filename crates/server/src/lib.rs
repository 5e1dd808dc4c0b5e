//! Switchboard server: configuration, telemetry, authentication, routes and the CLI's building blocks.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod error;
pub mod intake;
pub mod jobs;
pub mod keyring;
pub mod metrics;
pub mod net;
pub mod openapi;
pub mod outbound;
pub mod routes;
pub mod secret_fields;
pub mod services;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod transfer_cli;
pub mod web;
