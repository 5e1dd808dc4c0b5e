//! An app's OAuth client at the provider: set by system administrators, the
//! secret sealed under the system account's data key.

use switchboard_db::models::OAuthClientRow;
use switchboard_db::repo::oauth as repo;
use switchboard_types::{AppSlug, AuditAction, OAuthClientInfo, OAuthClientRequest};
use switchboard_vault::SealContext;
use uuid::Uuid;

use super::{callback_url, oauth_app, system_id, CLIENT_PURPOSE};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::state::AppState;

pub async fn get_client(
    state: &AppState,
    p: &Principal,
    slug: String,
) -> Result<OAuthClientInfo, ApiError> {
    p.require_system_admin()?;
    oauth_app(state, slug.clone()).await?;
    let s2 = slug.clone();
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::client(c, &s2)?))
        .await?;
    Ok(OAuthClientInfo {
        app: slug,
        configured: row.is_some(),
        client_id: row.map(|r| r.client_id),
        callback_url: callback_url(state),
    })
}

pub async fn put_client(
    state: &AppState,
    p: &Principal,
    slug: String,
    req: OAuthClientRequest,
) -> Result<OAuthClientInfo, ApiError> {
    p.require_user_session()?;
    p.require_system_admin()?;
    oauth_app(state, slug.clone()).await?;
    let client_id = req.client_id.trim().to_string();
    if client_id.is_empty() || client_id.len() > 500 {
        return Err(ApiError::field("client_id", "must be 1–500 characters"));
    }
    let secret = req.client_secret.as_str();
    if secret.is_empty() || secret.len() > 4000 {
        return Err(ApiError::field(
            "client_secret",
            "must be 1–4000 characters",
        ));
    }
    let keys = state.keys.clone();
    let p2 = p.clone();
    let s2 = slug.clone();
    let cid = client_id.clone();
    state
        .db
        .write(move |c| {
            store(c, &keys, &s2, cid, req.client_secret.as_str())?;
            audit::record(
                c,
                Event::by(&p2, AuditAction::AppOauthClientUpdate, "app", Some(s2)),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(OAuthClientInfo {
        app: slug,
        configured: true,
        client_id: Some(client_id),
        callback_url: callback_url(state),
    })
}

/// Stores an app's OAuth client, the secret sealed under the system account's data
/// key (inside the caller's transaction).
pub(crate) fn store(
    c: &mut switchboard_db::DbConn,
    keys: &crate::keyring::KeyRing,
    slug: &str,
    client_id: String,
    secret: &str,
) -> Result<(), ApiError> {
    let sys = system_id(c)?;
    let id = Uuid::now_v7();
    let key = keys.current(c, sys)?;
    let ctx = SealContext {
        purpose: CLIENT_PURPOSE,
        account_id: sys.0,
        record_id: id,
    };
    let envelope = key.seal(&ctx, secret.as_bytes());
    let now = switchboard_db::now();
    repo::put_client(
        c,
        &OAuthClientRow {
            app_slug: AppSlug::from(slug),
            id: id.to_string(),
            client_id,
            secret_envelope: envelope,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(())
}
