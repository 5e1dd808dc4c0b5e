//! The connections pages: the list ([`list`]), adding ([`add`]), the details panel
//! ([`details`]) with its reveal dialog ([`reveal`]), rate limit ([`rate_limit`]) and
//! activity ([`activity`]: health checks, last events, calls per hour), export and
//! import ([`transfer`]).

mod activity;
pub(crate) mod add;
mod details;
mod list;
mod rate_limit;
mod reveal;
mod transfer;

pub use list::ConnectionsPage;

use activity::*;
use add::*;
use details::*;
use rate_limit::*;
use reveal::*;
use transfer::*;
