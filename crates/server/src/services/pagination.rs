//! Opaque page cursors: a position the server chose, as JSON in base64url. A
//! cursor that does not decode into the expected position is `invalid_cursor`.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_types::ErrorCode;

use crate::error::ApiError;

pub fn encode<T: Serialize>(position: &T) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(position).unwrap_or_default())
}

pub fn decode<T: DeserializeOwned>(cursor: &str) -> Result<T, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidCursor,
                "The cursor is not one this server issued.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Position {
        band: usize,
        key: String,
    }

    #[test]
    fn round_trips_and_refuses_foreign_cursors() {
        let p = Position {
            band: 2,
            key: "github/0default".into(),
        };
        let c = encode(&p);
        assert!(c
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode::<Position>(&c).ok(), Some(p));
        for bad in [
            "",
            "!!",
            "bm90IGpzb24",
            &encode(&serde_json::json!({"band": "x"})),
        ] {
            assert!(decode::<Position>(bad).is_err(), "{bad}");
        }
    }
}
