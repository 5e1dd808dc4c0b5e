//! Wire types of the Switchboard REST API, shared by the server and the web app.
//!
//! This crate is wasm-safe: it depends on serde and nothing server-side. With the
//! `openapi` feature every type also derives `utoipa::ToSchema`.

pub mod apps;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod connect;
pub mod connections;
pub mod error_code;
pub mod events;
pub mod health;
pub mod ids;
pub mod names;
pub mod oauth;
pub mod problem;
pub mod redacted;
pub mod spa;
#[cfg(feature = "diesel")]
pub mod sql;
pub mod usage;
pub mod webhooks;

/// `TextValue` for a unit-variant enum from its `as_str`/`parse` pair.
#[macro_export]
#[doc(hidden)]
macro_rules! enum_text_value {
    ($ty:ty) => {
        #[cfg(feature = "diesel")]
        impl $crate::sql::TextValue for $ty {
            fn write_text(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
                out.write_str(self.as_str())
            }
            fn parse_text(s: &str) -> Option<Self> {
                <$ty>::parse(s)
            }
        }
    };
}

pub use apps::*;
pub use audit::*;
pub use auth::*;
pub use automations::*;
pub use connect::*;
pub use connections::*;
pub use error_code::ErrorCode;
pub use events::*;
pub use health::*;
pub use ids::*;
pub use names::{parse_name, NAME_PATTERN};
pub use oauth::*;
pub use problem::*;
pub use redacted::Redacted;
pub use usage::*;
pub use webhooks::*;

/// Health and readiness answer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when healthy.
    pub status: String,
}
