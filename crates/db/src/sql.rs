//! The typed values of `switchboard-types` on the generated `MultiBackend`: each
//! one hands over to its SQLite or PostgreSQL text mapping.

use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use switchboard_types as t;

use crate::MultiBackend;

macro_rules! multi_backend_text {
    ($($ty:ty),+ $(,)?) => {$(
        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }
        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, Text>()
            }
        }
    )+};
}

multi_backend_text!(
    t::AccountId,
    t::UserId,
    t::ConnectionId,
    t::AutomationId,
    t::ApiKeyId,
    t::AuditEventId,
    t::WebhookId,
    t::WebhookDeliveryId,
    t::ConnectSessionId,
    t::DeliveryStatus,
    t::HealthCheckKind,
    t::HealthCheckSource,
    t::EventType,
    t::AppSlug,
    t::ConnectionStatus,
    t::StatusCause,
    t::Role,
    t::AccountKind,
    t::AutomationStatus,
);
