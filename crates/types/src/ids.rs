//! Typed identifiers. Each is a UUID on the wire (a JSON string) and in the
//! database (a text column); the type keeps an account id from being passed
//! where a connection id belongs. Parsing never falls back to a nil id: a value
//! that is not a UUID is an error.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0.hyphenated())
            }
        }

        impl PartialEq<Uuid> for $name {
            fn eq(&self, other: &Uuid) -> bool {
                self.0 == *other
            }
        }

        #[cfg(feature = "diesel")]
        impl crate::sql::TextValue for $name {
            fn write_text(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
                write!(out, "{}", self.0.hyphenated())
            }
            fn parse_text(s: &str) -> Option<Self> {
                Uuid::parse_str(s).ok().map(Self)
            }
        }
    )+};
}

uuid_id!(
    /// An account (tenant).
    AccountId,
    /// A user of an account.
    UserId,
    /// A stored connection.
    ConnectionId,
    /// An automation.
    AutomationId,
    /// An API key.
    ApiKeyId,
    /// An audit event.
    AuditEventId,
    /// A webhook endpoint.
    WebhookId,
    /// One delivery of an event to a webhook endpoint.
    WebhookDeliveryId,
    /// A connect session (an end user's hosted connect page).
    ConnectSessionId,
);

/// An app's slug (`github`, `slack`): lowercase letters, digits and `-`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(transparent)]
pub struct AppSlug(String);

impl AppSlug {
    /// An app slug as stored: no validation (catalog slugs are checked where apps are defined).
    pub fn new(slug: impl Into<String>) -> Self {
        Self(slug.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for AppSlug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for AppSlug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for AppSlug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AppSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AppSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AppSlug({})", self.0)
    }
}

impl PartialEq<str> for AppSlug {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for AppSlug {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&str> for AppSlug {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

impl From<String> for AppSlug {
    fn from(s: String) -> Self {
        Self(s)
    }
}

#[cfg(feature = "diesel")]
impl crate::sql::TextValue for AppSlug {
    fn write_text(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        out.write_str(&self.0)
    }
    fn parse_text(s: &str) -> Option<Self> {
        Some(Self(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_strings_on_the_wire() {
        let id = ConnectionId(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001));
        let json = serde_json::to_string(&id).unwrap_or_default();
        assert_eq!(json, "\"01900000-0000-7000-8000-000000000001\"");
        let back: ConnectionId = serde_json::from_str(&json).unwrap_or(ConnectionId(Uuid::nil()));
        assert_eq!(back, id);
        assert!(serde_json::from_str::<ConnectionId>("\"not-a-uuid\"").is_err());
        assert!("".parse::<AccountId>().is_err());
    }

    #[test]
    fn debug_names_the_kind_of_id() {
        let id = AccountId(Uuid::nil());
        assert_eq!(
            format!("{id:?}"),
            "AccountId(00000000-0000-0000-0000-000000000000)"
        );
    }
}
