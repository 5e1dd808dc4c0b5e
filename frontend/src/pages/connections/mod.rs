//! The connections pages: the list ([`list`]), adding ([`add`]), the details panel
//! ([`details`]) with its reveal dialog ([`reveal`]) and rate limit ([`rate_limit`]),
//! export and import ([`transfer`]).

mod add;
mod details;
mod list;
mod rate_limit;
mod reveal;
mod transfer;

pub use list::ConnectionsPage;

use add::*;
use details::*;
use rate_limit::*;
use reveal::*;
use transfer::*;
