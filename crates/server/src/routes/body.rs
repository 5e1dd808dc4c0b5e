//! [`JsonObject`]: a JSON request body that must be an object.
//!
//! serde's derived `Deserialize` also takes a struct from a JSON array of its
//! fields in order (`[null, null]`), which no client means and the contract does
//! not allow; this extractor refuses anything but an object, then deserializes
//! the same bytes with the same errors as `web::Json`.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::{self, ApiError, FieldErrors};

/// A request body: `Content-Type: application/json`, a JSON object, deserialized to `T`.
pub struct JsonObject<T>(pub T);

impl<T> JsonObject<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonObject<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonObject<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = web::Json::<Box<RawValue>>::from_request(req, payload);
        Box::pin(async move {
            let raw = raw.await?.into_inner();
            if has_nul(raw.get()) {
                return Err(ApiError::Validation {
                    detail: "Text must not contain NUL characters (\\u0000).".into(),
                    errors: FieldErrors::new(),
                }
                .into());
            }
            if !raw.get().trim_start().starts_with('{') {
                return Err(ApiError::Validation {
                    detail: "The body must be a JSON object.".into(),
                    errors: FieldErrors::new(),
                }
                .into());
            }
            match serde_json::from_str(raw.get()) {
                Ok(v) => Ok(JsonObject(v)),
                // JSON Schema counts `1.0` as an integer; serde does not. Numbers
                // without a fraction are taken as integers on a second try.
                Err(e) if e.is_data() && raw.get().contains('.') => integral(raw.get())
                    .map(JsonObject)
                    .ok_or_else(|| error::deserialize_error(&e).into()),
                Err(e) => Err(error::deserialize_error(&e).into()),
            }
        })
    }
}

/// `text` deserialized with every whole-numbered float (`3.0`) written as an integer.
fn integral<T: DeserializeOwned>(text: &str) -> Option<T> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(f) = n
                    .as_f64()
                    .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
                {
                    // In range and whole: exact as an i64.
                    *v = serde_json::Value::from(f as i64);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    walk(&mut v);
    serde_json::from_value(v).ok()
}

/// Whether JSON text holds a NUL character (`\u0000`, not an escaped backslash
/// followed by `u0000`): one database refuses it in text, so no one stores it.
fn has_nul(json: &str) -> bool {
    let bytes = json.as_bytes();
    json.match_indices("u0000").any(|(at, _)| {
        let slashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        slashes % 2 == 1
    })
}

#[cfg(test)]
mod tests {
    use super::has_nul;

    #[test]
    fn finds_nul_escapes_only() {
        assert!(has_nul(r#"{"a":"x\u0000y"}"#));
        assert!(has_nul(r#"{"a":"\\\u0000"}"#));
        assert!(!has_nul(r#"{"a":"\\u0000"}"#));
        assert!(!has_nul(r#"{"a":"u0000"}"#));
    }
}
