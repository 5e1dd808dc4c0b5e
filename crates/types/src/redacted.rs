//! `Redacted<T>`: a value that travels like `T` on the wire but never shows in
//! `Debug` output, so a request logged or put in an error keeps its passwords,
//! tokens and secret fields out. Reading it takes an explicit [`Redacted::expose`].

use serde::{Deserialize, Serialize};

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Redacted<String> {
    /// The text itself, for the one place that needs it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T> From<T> for Redacted<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Redacted<String> {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

impl<T> std::fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_and_serde_does_not() {
        let secret = Redacted::new("hunter2-canary".to_string());
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(
            serde_json::to_string(&secret).unwrap_or_default(),
            "\"hunter2-canary\""
        );
        let back: Redacted<String> = serde_json::from_str("\"hunter2-canary\"").unwrap_or_default();
        assert_eq!(back.expose(), "hunter2-canary");
    }

    #[test]
    fn requests_with_passwords_debug_without_them() {
        let canary = "canary-7f3a9";
        let shown = [
            format!(
                "{:?}",
                crate::LoginRequest {
                    email: "a@example.com".into(),
                    password: canary.into(),
                }
            ),
            format!(
                "{:?}",
                crate::ChangePasswordRequest {
                    current_password: canary.into(),
                    new_password: canary.into(),
                }
            ),
            format!(
                "{:?}",
                crate::RevealRequest {
                    password: canary.into()
                }
            ),
            format!(
                "{:?}",
                crate::OAuthClientRequest {
                    client_id: "client".into(),
                    client_secret: canary.into(),
                    current_password: Some(canary.into()),
                }
            ),
        ];
        for s in shown {
            assert!(!s.contains(canary), "{s}");
            assert!(s.contains("[redacted]"), "{s}");
        }
    }
}
