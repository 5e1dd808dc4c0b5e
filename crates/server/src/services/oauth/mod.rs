//! OAuth2 connections: client settings per app ([`client`]), the
//! authorization-code flow with PKCE (S256) ([`authorize`], [`callback`]) storing
//! the tokens sealed like any credential, and revocation at the provider when a
//! connection is deleted ([`revoke`]).

pub mod authorize;
pub mod callback;
pub mod client;
pub mod revoke;

use base64::Engine as _;
use secrecy::ExposeSecret;
use switchboard_db::models::OAuthClientRow;
use switchboard_db::repo::accounts;
use switchboard_db::DbConn;
use switchboard_types::{AccountId, AppDefinition, AuthType, ErrorCode};
use switchboard_vault::SealContext;
use uuid::Uuid;
use zeroize::Zeroizing;

pub use authorize::authorize;
pub use callback::{callback, CallbackQuery, Failure};
pub use client::{get_client, put_client};
pub use revoke::revoke;

use super::apps;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::state::AppState;

pub(crate) const CLIENT_PURPOSE: &str = "oauth-client-secret";
pub(crate) const VERIFIER_PURPOSE: &str = "oauth-pkce-verifier";
/// Binds an authorization request to the browser that started it.
pub const BROWSER_COOKIE: &str = "sb_oauth";
pub const STATE_TTL_SECS: i64 = 600;

pub fn callback_url(state: &AppState) -> String {
    format!("{}/api/v1/oauth/callback", state.config.public_url)
}

pub(crate) async fn oauth_app(state: &AppState, slug: String) -> Result<AppDefinition, ApiError> {
    let found = state.db.read(move |c| apps::resolve(c, &slug)).await?;
    let def = found
        .map(|(d, _)| d)
        .ok_or(ApiError::NotFound { what: "app" })?;
    if def.auth.type_ != AuthType::Oauth2 {
        return Err(ApiError::Unprocessable {
            code: ErrorCode::NotOauth,
            detail: format!("{} does not use OAuth2.", def.name),
        });
    }
    Ok(def)
}

pub(crate) fn system_id(c: &mut DbConn) -> Result<AccountId, ApiError> {
    let sys = accounts::system(c)?.ok_or_else(|| ApiError::internal("system account missing"))?;
    Ok(sys.id)
}

pub(crate) fn open_client_secret(
    keys: &KeyRing,
    c: &mut DbConn,
    row: &OAuthClientRow,
) -> Result<Zeroizing<String>, ApiError> {
    let sys = system_id(c)?;
    let ctx = SealContext {
        purpose: CLIENT_PURPOSE,
        account_id: sys.0,
        record_id: Uuid::parse_str(&row.id).map_err(|_| ApiError::CredentialsUnreadable)?,
    };
    let plain = keys.open(c, &ctx, &row.secret_envelope)?;
    String::from_utf8(plain.expose_secret().clone())
        .map(Zeroizing::new)
        .map_err(|_| ApiError::CredentialsUnreadable)
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A scope parameter or answer as a list: split at the app's separator, and at
/// spaces and commas (which providers use whatever they are sent).
pub(crate) fn scope_list(spec: &switchboard_types::OAuth2Spec, s: &str) -> Vec<String> {
    let sep = spec.scope_separator.as_deref().unwrap_or(" ");
    let mut out: Vec<String> = Vec::new();
    for part in s.split(sep).flat_map(|p| p.split([' ', ','])) {
        if !part.is_empty() && !out.iter().any(|x| x == part) {
            out.push(part.to_string());
        }
    }
    out
}

/// What an OAuth connection shows unsealed: the access token masked, the granted
/// scope as the provider wrote it and as a list, and the requested scopes (when
/// known). None of it is secret.
pub(crate) fn public_fields(
    spec: Option<&switchboard_types::OAuth2Spec>,
    values: &std::collections::BTreeMap<String, String>,
    requested: Option<&[String]>,
) -> String {
    use crate::services::connections::{GRANTED_SCOPES, REQUESTED_SCOPES};
    let mut shown = serde_json::json!({"access_token": null});
    if let Some(scope) = values.get("scope") {
        shown["scope"] = serde_json::Value::String(scope.clone());
    }
    if let Some(requested) = requested {
        shown[REQUESTED_SCOPES] = serde_json::json!(requested);
    }
    if let (Some(scope), Some(spec)) = (values.get("scope"), spec) {
        shown[GRANTED_SCOPES] = serde_json::json!(scope_list(spec, scope));
    }
    // Captured config values are not secret: shown as the connection's `config`.
    for (k, v) in values {
        if k.starts_with(switchboard_types::CONFIG_PREFIX) {
            shown[k.as_str()] = serde_json::Value::String(v.clone());
        }
    }
    shown.to_string()
}

/// Config values captured from the provider, by source: the token answer's
/// `extra` members, the callback's query, or the identity request's answer.
/// Each found value (a string or number, at most `MAX_CONFIG_VALUE_CHARS`, no
/// control characters) goes into `values` as `config.<name>`; returns the names
/// the source should have given but did not.
pub(crate) fn capture(
    spec: &switchboard_types::OAuth2Spec,
    source: Source<'_>,
    values: &mut std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    use switchboard_types::CaptureSource as C;
    let mut missing = Vec::new();
    for (name, from) in &spec.capture {
        let found = match (from, &source) {
            (C::Token { pointer }, Source::Token(v))
            | (C::Identity { pointer }, Source::Identity(v)) => match v.pointer(pointer) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            },
            (C::Callback { param }, Source::Callback(q)) => q.get(param).cloned(),
            _ => continue,
        };
        match found.filter(|v| {
            !v.is_empty()
                && v.chars().count() <= switchboard_types::MAX_CONFIG_VALUE_CHARS
                && !v.chars().any(char::is_control)
        }) {
            Some(v) => {
                values.insert(format!("{}{name}", switchboard_types::CONFIG_PREFIX), v);
            }
            None => missing.push(name.clone()),
        }
    }
    missing
}

/// Where captured config values are read from.
pub(crate) enum Source<'a> {
    Token(&'a serde_json::Value),
    Callback(&'a std::collections::BTreeMap<String, String>),
    Identity(&'a serde_json::Value),
}
