//! Revoking a deleted connection's token at the provider.

use switchboard_db::repo::oauth as repo;

use super::{oauth_app, open_client_secret};
use crate::error::ApiError;
use crate::secret_fields::SecretFields;
use crate::services::tokens::{authenticate, Client};
use crate::state::AppState;

/// Revokes a deleted connection's token where the app defines a revocation endpoint
/// (RFC 7009). Best effort: a failure is logged (without the token) and nothing else.
pub async fn revoke(state: &AppState, app: &str, fields: SecretFields) {
    let def = match oauth_app(state, app.to_string()).await {
        Ok(d) => d,
        Err(_) => return,
    };
    let Some(url) = def.auth.oauth2.as_ref().and_then(|o| o.revoke_url.clone()) else {
        return;
    };
    let (token, hint) = match (fields.get("refresh_token"), fields.get("access_token")) {
        (Some(r), _) => (zeroize::Zeroizing::new(r.clone()), "refresh_token"),
        (None, Some(a)) => (zeroize::Zeroizing::new(a.clone()), "access_token"),
        _ => return,
    };
    let keys = state.keys.clone();
    let slug = app.to_string();
    let client = state
        .db
        .read(move |c| {
            let row = repo::client(c, &slug)?.ok_or(ApiError::NotFound {
                what: "oauth client",
            })?;
            let secret = open_client_secret(&keys, c, &row)?;
            Ok::<_, ApiError>((row.client_id, secret))
        })
        .await;
    let Ok((client_id, secret)) = client else {
        tracing::warn!(app = %def.slug, "token not revoked: no readable OAuth client settings");
        return;
    };
    let Some(spec) = def.auth.oauth2.as_ref() else {
        return;
    };
    let client = Client {
        id: client_id,
        secret,
    };
    let mut form = vec![("token", token.as_str()), ("token_type_hint", hint)];
    match url::Url::parse(&url) {
        Ok(u) if state.egress.check_url(&u).is_ok() => {}
        _ => {
            tracing::warn!(app = %def.slug, "token not revoked: the revocation URL is not a public address");
            return;
        }
    }
    let req = authenticate(state.http.post(&url), &mut form, spec, &client);
    match req.form(&form).send().await {
        Ok(r) if r.status().is_success() => {
            tracing::info!(app = %def.slug, "revoked the deleted connection's token")
        }
        Ok(r) => {
            tracing::warn!(app = %def.slug, status = r.status().as_u16(), "token revocation refused")
        }
        Err(e) => {
            tracing::warn!(app = %def.slug, error = %e.without_url(), "token revocation failed")
        }
    }
}
