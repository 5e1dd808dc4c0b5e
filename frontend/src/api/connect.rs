//! The hosted connect page's calls: authenticated by the connect session's token
//! alone (no sign-in, no refresh).

use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{decode, raw, ApiError, Body};

async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> Result<T, ApiError> {
    let body = body.map(Body::Json);
    decode(raw(method, path, Some(token.to_string()), body.as_ref(), None).await?).await
}

pub async fn get<T: DeserializeOwned>(token: &str, path: &str) -> Result<T, ApiError> {
    call(Method::GET, path, token, None).await
}

pub async fn post<T: DeserializeOwned, B: Serialize>(
    token: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let v = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
    call(Method::POST, path, token, Some(v)).await
}
