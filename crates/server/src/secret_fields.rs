//! Decrypted credential fields held in memory: read like a map, shown by `Debug`
//! as their keys only, and overwritten with zeros when dropped (also the copies
//! the proxy's plan cache keeps for a second).

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use zeroize::Zeroize;

/// Serialized as the plain map: only into an encrypted export file.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretFields(BTreeMap<String, String>);

impl SecretFields {
    pub fn new(values: BTreeMap<String, String>) -> Self {
        Self(values)
    }

    /// A plain map for an answer that hands the values out (reveal, credentials).
    pub fn expose(&self) -> BTreeMap<String, String> {
        self.0.clone()
    }
}

impl From<BTreeMap<String, String>> for SecretFields {
    fn from(values: BTreeMap<String, String>) -> Self {
        Self(values)
    }
}

impl Deref for SecretFields {
    type Target = BTreeMap<String, String>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for SecretFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for SecretFields {
    fn drop(&mut self) {
        for v in self.0.values_mut() {
            v.zeroize();
        }
    }
}

impl std::fmt::Debug for SecretFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_keys_only() {
        let f = SecretFields::new(BTreeMap::from([(
            "api_token".to_string(),
            "canary-91c2".to_string(),
        )]));
        assert_eq!(format!("{f:?}"), "{\"api_token\"}");
        assert_eq!(f.get("api_token").map(String::as_str), Some("canary-91c2"));
    }
}
