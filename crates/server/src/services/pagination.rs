//! Opaque page cursors: a position the server chose, as JSON in base64url. A
//! cursor that does not decode into the expected position is `invalid_cursor`.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_types::ErrorCode;

use crate::error::ApiError;

/// `?limit=&cursor=` of every list.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

impl PageParams {
    /// The page size, checked.
    pub fn limit(&self) -> Result<i64, ApiError> {
        limit(self.limit)
    }

    /// The position the cursor names, if any.
    pub fn after<T: DeserializeOwned>(&self) -> Result<Option<T>, ApiError> {
        position(self.cursor.as_deref())
    }
}

/// A list's page size: 1–200, 50 when absent.
pub fn limit(asked: Option<u32>) -> Result<i64, ApiError> {
    let limit = i64::from(asked.unwrap_or(50));
    if (1..=200).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "limit must be between 1 and 200.",
        ))
    }
}

/// The position a cursor names; an absent or empty cursor is the first page.
pub fn position<T: DeserializeOwned>(cursor: Option<&str>) -> Result<Option<T>, ApiError> {
    cursor.filter(|c| !c.is_empty()).map(decode).transpose()
}

/// A page of rows fetched with `limit + 1`: the first `limit` and, when there was
/// one more, the cursor after the last of them.
pub fn finish<R, P: Serialize>(
    mut rows: Vec<R>,
    limit: i64,
    position: impl Fn(&R) -> P,
) -> (Vec<R>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|r| encode(&position(r)));
    (rows, next)
}

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
