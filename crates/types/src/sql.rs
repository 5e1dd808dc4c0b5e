//! Text-column mappings for the typed values (the `diesel` feature, used by the
//! storage crate only; the web app never enables it). Each type is stored as text
//! on SQLite and PostgreSQL; reading a value that does not parse is a
//! deserialisation error, so a corrupt row fails loudly instead of turning into a
//! nil id or a default status.

use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;

/// A value stored as one text column.
pub trait TextValue: Sized {
    fn write_text(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result;
    fn parse_text(s: &str) -> Option<Self>;
}

/// Reads a text column into `T`, naming the type when the text does not parse.
pub fn parse_column<T: TextValue>(s: &str) -> deserialize::Result<T> {
    T::parse_text(s).ok_or_else(|| {
        format!(
            "not a valid {}: {s:?}",
            std::any::type_name::<T>()
                .rsplit("::")
                .next()
                .unwrap_or("value")
        )
        .into()
    })
}

fn to_text<T: TextValue>(v: &T) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = v.write_text(&mut s);
    s
}

macro_rules! text_columns {
    ($($ty:ty),+ $(,)?) => {$(
        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(to_text(self));
                Ok(IsNull::No)
            }
        }
        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                use std::io::Write;
                out.write_all(to_text(self).as_bytes())?;
                Ok(IsNull::No)
            }
        }
        impl FromSql<Text, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                parse_column(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
            }
        }
        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                parse_column(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
            }
        }
    )+};
}

text_columns!(
    crate::AccountId,
    crate::UserId,
    crate::ConnectionId,
    crate::AutomationId,
    crate::ApiKeyId,
    crate::AuditEventId,
    crate::WebhookId,
    crate::WebhookDeliveryId,
    crate::ConnectSessionId,
    crate::DeliveryStatus,
    crate::HealthCheckKind,
    crate::HealthCheckSource,
    crate::EventType,
    crate::AppSlug,
    crate::ConnectionStatus,
    crate::StatusCause,
    crate::Role,
    crate::AccountKind,
    crate::AutomationStatus,
);
