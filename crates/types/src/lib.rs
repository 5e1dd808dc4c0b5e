//! Wire types of the Switchboard REST API, shared by the server and the web app.
//!
//! This crate is wasm-safe: it depends on serde and nothing server-side. With the
//! `openapi` feature every type also derives `utoipa::ToSchema`.

pub mod apps;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod connections;
pub mod oauth;
pub mod problem;
pub mod spa;

pub use apps::*;
pub use audit::*;
pub use auth::*;
pub use automations::*;
pub use connections::*;
pub use oauth::*;
pub use problem::*;

/// Health and readiness answer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when healthy.
    pub status: String,
}
