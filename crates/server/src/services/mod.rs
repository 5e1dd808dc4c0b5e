//! Business logic between the handlers and the repositories.

pub mod apps;
pub mod audit;
pub mod automations;
pub mod bootstrap;
pub mod connections;
pub mod convert;
pub mod oauth;
pub mod outbound;
pub mod pagination;
pub mod tokens;
