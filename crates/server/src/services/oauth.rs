//! OAuth2 connections: client settings per app, the authorization-code flow with
//! PKCE (S256), and the callback that stores the tokens sealed like any credential.

use std::collections::BTreeMap;

use base64::Engine as _;
use secrecy::ExposeSecret;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use switchboard_db::models::{
    ConnectionRow, CredentialsChange, OAuthClientRow, OAuthStateRow, StatusChange,
};
use switchboard_db::repo::{
    accounts, connections as conn_repo, oauth as repo, token_refresh, users,
};
use switchboard_db::{is_unique_violation, DbConn};
use switchboard_types::{
    AccountId, AppDefinition, AppSlug, AuthType, AuthorizeRequest, AuthorizeResponse, ConnectionId,
    ConnectionStatus, OAuth2Grant, OAuthClientInfo, OAuthClientRequest, StatusCause,
};
use switchboard_vault::SealContext;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::apps;
use super::audit::{self, Event};
use super::connections::{
    name_taken, owned, seal, search_text, sort_key, ConnectionName, DEFAULT_NAME,
};
use super::outbound;
use super::tokens::{authenticate, token_request, Client, TokenError};
use crate::auth::{random_token, token_hash, Principal};
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::state::AppState;

const CLIENT_PURPOSE: &str = "oauth-client-secret";
const VERIFIER_PURPOSE: &str = "oauth-pkce-verifier";
/// Binds an authorization request to the browser that started it.
pub const BROWSER_COOKIE: &str = "sb_oauth";
pub const STATE_TTL_SECS: i64 = 600;

pub fn callback_url(state: &AppState) -> String {
    format!("{}/api/v1/oauth/callback", state.config.public_url)
}

async fn oauth_app(state: &AppState, slug: String) -> Result<AppDefinition, ApiError> {
    let found = state
        .db
        .read(move |c| Ok(apps::resolve(c, &slug)))
        .await??;
    let def = found
        .map(|(d, _)| d)
        .ok_or(ApiError::NotFound { what: "app" })?;
    if def.auth.type_ != AuthType::Oauth2 {
        return Err(ApiError::Unprocessable {
            code: "not_oauth",
            detail: format!("{} does not use OAuth2.", def.name),
        });
    }
    Ok(def)
}

fn system_id(c: &mut DbConn) -> Result<AccountId, ApiError> {
    let sys = accounts::system(c)?.ok_or_else(|| ApiError::internal("system account missing"))?;
    Ok(sys.id)
}

pub async fn get_client(
    state: &AppState,
    p: &Principal,
    slug: String,
) -> Result<OAuthClientInfo, ApiError> {
    p.require_system_admin()?;
    oauth_app(state, slug.clone()).await?;
    let s2 = slug.clone();
    let row = state.db.read(move |c| Ok(repo::client(c, &s2)?)).await?;
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
            let sys = system_id(c)?;
            let id = Uuid::now_v7();
            let key = keys.current(c, sys)?;
            let ctx = SealContext {
                purpose: CLIENT_PURPOSE,
                account_id: sys.0,
                record_id: id,
            };
            let envelope = key.seal(&ctx, req.client_secret.as_str().as_bytes());
            let now = switchboard_db::now();
            repo::put_client(
                c,
                &OAuthClientRow {
                    app_slug: AppSlug::from(s2.as_str()),
                    id: id.to_string(),
                    client_id: cid,
                    secret_envelope: envelope,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            audit::record(
                c,
                Event::by(&p2, "app.oauth_client_update", "app", Some(s2)),
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

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts an authorization: a single-use state, a PKCE verifier sealed under the
/// account's key, and the provider URL. Returns the browser-binding nonce for the cookie.
pub async fn authorize(
    state: &AppState,
    p: &Principal,
    req: AuthorizeRequest,
) -> Result<(AuthorizeResponse, String), ApiError> {
    p.require_user_session()?;
    p.require_scope("connections:write")?;
    let slug = req.app.trim().to_lowercase();
    let def = oauth_app(state, slug.clone()).await.map_err(|e| match e {
        ApiError::NotFound { .. } => ApiError::field("app", "is not an app in the catalog"),
        other => other,
    })?;
    let spec = def
        .auth
        .oauth2
        .clone()
        .ok_or_else(|| ApiError::internal("oauth2 app without oauth2 settings"))?;
    if spec.grant != OAuth2Grant::AuthorizationCode {
        return Err(ApiError::Unprocessable {
            code: "not_authorization_code",
            detail: format!(
                "{} uses the client-credentials grant; no sign-in is needed.",
                def.name
            ),
        });
    }
    let authorize_url = spec
        .authorize_url
        .clone()
        .ok_or_else(|| ApiError::internal("authorization_code app without authorize_url"))?;
    let name = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    let state_token = random_token();
    let verifier = Zeroizing::new(random_token());
    let nonce = random_token();
    let keys = state.keys.clone();
    let p2 = p.clone();
    let (s_hash, n_hash) = (token_hash(&state_token), token_hash(&nonce));
    let v2 = verifier.clone();
    let slug2 = slug.clone();
    let client_id = state
        .db
        .write(move |c| {
            let client = repo::client(c, &slug2)?.ok_or_else(|| ApiError::Unprocessable {
                code: "oauth_client_missing",
                detail: "A system administrator has to set this app's OAuth client (PUT /api/v1/apps/{slug}/oauth-client) first.".into(),
            })?;
            if let Some(id) = req.connection_id {
                let row = owned(c, &p2, id)?;
                if row.app_slug != slug2.as_str() {
                    return Err(ApiError::field("connection_id", "belongs to another app"));
                }
            }
            let id = Uuid::now_v7();
            let key = keys.current(c, p2.account_id)?;
            let ctx = SealContext { purpose: VERIFIER_PURPOSE, account_id: p2.account_id.0, record_id: id };
            let now = switchboard_db::now();
            repo::purge_states(c, now - chrono::Duration::hours(1))?;
            repo::insert_state(c, &OAuthStateRow {
                state_hash: s_hash,
                id: id.to_string(),
                user_id: p2.user_id,
                account_id: p2.account_id,
                app_slug: AppSlug::from(slug2),
                connection_id: req.connection_id,
                name: name.map(|n| n.as_str().to_string()),
                browser_hash: n_hash,
                verifier_envelope: key.seal(&ctx, v2.as_bytes()),
                expires_at: now + chrono::Duration::seconds(STATE_TTL_SECS),
                used_at: None,
                created_at: now,
            })?;
            Ok::<_, ApiError>(client.client_id)
        })
        .await?;
    let mut url = url::Url::parse(&authorize_url).map_err(ApiError::internal)?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code");
        q.append_pair("client_id", &client_id);
        q.append_pair("redirect_uri", &callback_url(state));
        if !spec.scopes.is_empty() {
            q.append_pair(
                "scope",
                &spec
                    .scopes
                    .join(spec.scope_separator.as_deref().unwrap_or(" ")),
            );
        }
        q.append_pair("state", &state_token);
        if spec.pkce.unwrap_or(true) {
            q.append_pair("code_challenge", &b64(&Sha256::digest(verifier.as_bytes())));
            q.append_pair("code_challenge_method", "S256");
        }
        for (k, v) in &spec.extra_authorize_params {
            q.append_pair(k, v);
        }
    }
    Ok((
        AuthorizeResponse {
            authorize_url: url.to_string(),
            expires_in: STATE_TTL_SECS,
        },
        nonce,
    ))
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Why a callback did not produce a connection, in words for the web app.
pub struct Failure(pub String);

fn fail<T>(msg: impl Into<String>) -> Result<T, Failure> {
    Err(Failure(msg.into()))
}

/// Finishes an authorization. `Ok(connection id)` or a message to show.
pub async fn callback(
    state: &AppState,
    q: CallbackQuery,
    browser_nonce: Option<String>,
) -> Result<ConnectionId, Failure> {
    let Some(state_token) = q.state.filter(|s| !s.is_empty() && s.len() < 200) else {
        return fail("The sign-in answer did not carry a state; start connecting again.");
    };
    let hash = token_hash(&state_token);
    let nonce_hash = browser_nonce.map(|n| token_hash(&n));
    let now = switchboard_db::now();
    // Single use, unexpired, same browser: checked and consumed in one transaction.
    let claimed = state
        .db
        .write(move |c| {
            let Some(row) = repo::find_state(c, &hash)? else { return Ok(Err("This sign-in request is unknown; start connecting again.")) };
            if row.used_at.is_some() {
                return Ok(Err("This sign-in request was already used; start connecting again."));
            }
            if row.expires_at < now {
                return Ok(Err("This sign-in request expired (after 10 minutes); start connecting again."));
            }
            if nonce_hash.as_deref() != Some(row.browser_hash.as_str()) {
                return Ok(Err("This sign-in request was started by another browser or user; start connecting again here."));
            }
            if repo::use_state(c, &row.state_hash, now)? == 0 {
                return Ok(Err("This sign-in request was already used; start connecting again."));
            }
            Ok::<_, ApiError>(Ok(row))
        })
        .await
        .map_err(|_| Failure("Switchboard could not check the sign-in request.".into()))?;
    let row = match claimed {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let def = match oauth_app(state, row.app_slug.to_string()).await {
        Ok(d) => d,
        Err(_) => return fail("The app of this sign-in is no longer an OAuth2 app."),
    };
    if let Some(err) = q.error {
        let text = match err.as_str() {
            "access_denied" => format!("You declined access at {}.", def.name),
            other => format!(
                "{} answered “{}”{}.",
                def.name,
                other.chars().take(60).collect::<String>(),
                q.error_description
                    .map(|d| format!(": {}", d.chars().take(200).collect::<String>()))
                    .unwrap_or_default()
            ),
        };
        return fail(text);
    }
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        return fail(format!("{} did not send an authorization code.", def.name));
    };
    let Some(spec) = def.auth.oauth2.clone() else {
        return fail("The app has no OAuth2 settings.");
    };

    // The client secret and the PKCE verifier, opened.
    let keys = state.keys.clone();
    let r2 = row.clone();
    let secrets = state
        .db
        .read(move |c| {
            Ok((|| {
                let client = repo::client(c, &r2.app_slug)?
                    .ok_or_else(|| ApiError::internal("client settings removed"))?;
                let secret = open_client_secret(&keys, c, &client)?;
                let ctx = SealContext {
                    purpose: VERIFIER_PURPOSE,
                    account_id: r2.account_id.0,
                    record_id: Uuid::parse_str(&r2.id)
                        .map_err(|_| ApiError::CredentialsUnreadable)?,
                };
                let verifier = keys.open(c, &ctx, &r2.verifier_envelope)?;
                let verifier =
                    Zeroizing::new(String::from_utf8_lossy(verifier.expose_secret()).into_owned());
                Ok::<_, ApiError>((client.client_id, secret, verifier))
            })())
        })
        .await;
    let (client_id, secret, verifier) = match secrets {
        Ok(Ok(s)) => s,
        _ => return fail("Switchboard could not read this app's OAuth client settings."),
    };
    let redirect = callback_url(state);
    let mut params: Vec<(&str, &str)> = vec![
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &redirect),
    ];
    if spec.pkce.unwrap_or(true) {
        params.push(("code_verifier", verifier.as_str()));
    }
    let client = Client {
        id: client_id,
        secret,
    };
    let tokens = match token_request(state, &def, &spec, &client, &params).await {
        Ok(t) => t,
        Err(TokenError::Transient(_)) => {
            return fail(format!(
                "Could not reach {} to finish signing in; start connecting again.",
                def.name
            ))
        }
        Err(TokenError::Dead(m) | TokenError::Refused(m)) => return fail(format!("{m}.")),
    };
    let expires_at = tokens.expires_at(switchboard_db::now());
    let mut values = BTreeMap::new();
    tokens.merge_into(&mut values);
    let outcome = outbound::check(state, &def, &values, true).await;
    let reason = (!outcome.ok).then(|| outcome.message.clone());

    let keys = state.keys.clone();
    let app_name = def.name.clone();
    let saved = state
        .db
        .write(move |c| {
            let user = users::find(c, row.user_id)?.ok_or(ApiError::NotFound { what: "user" })?;
            let account = row.account_id;
            let actor = Event {
                account_id: account,
                actor_user_id: Some(user.id),
                actor_api_key_id: None,
                actor: user.email.clone(),
                action: "connection.create",
                target_type: "connection",
                target_id: None,
                client_addr: None,
                details: serde_json::json!({"app": row.app_slug, "oauth": true}),
            };
            // The tokens show masked; the granted scope is not secret.
            let mut shown = serde_json::json!({"access_token": null});
            if let Some(scope) = values.get("scope") {
                shown["scope"] = serde_json::Value::String(scope.clone());
            }
            let public = shown.to_string();
            let now = switchboard_db::now();
            let status = match &reason {
                None => StatusChange::active(),
                Some(r) => {
                    StatusChange::failed(ConnectionStatus::Error, StatusCause::TestFailed, r)
                }
            };
            if let Some(cid) = row.connection_id {
                // Reconnect: same id, new tokens, status back to active.
                // Row lock: a concurrent refresh marking or status change waits for us.
                conn_repo::lock(c, cid, true)?;
                let existing = conn_repo::find(c, cid)?
                    .filter(|r| r.account_id == row.account_id)
                    .ok_or(ApiError::NotFound { what: "connection" })?;
                let (envelope, kv) = seal(&keys, c, account, cid, &values)?;
                let identity = outcome.identity.clone().or(existing.identity.clone());
                let changed = conn_repo::update_credentials(
                    c,
                    cid,
                    existing.version,
                    &CredentialsChange {
                        envelope: &envelope,
                        key_version: kv,
                        public_fields: &public,
                        identity: identity.as_deref(),
                        search_text: &search_text(&existing.name_key, identity.as_deref()),
                        status,
                        updated_at: now,
                    },
                )?;
                if changed == 0 {
                    return Err(ApiError::internal(
                        "the connection changed during the reconnect",
                    ));
                }
                conn_repo::set_token_expiry(c, cid, expires_at)?;
                // New tokens: a refresh still in flight must not overwrite them.
                token_refresh::reset(c, cid)?;
                audit::record(
                    c,
                    Event {
                        action: "connection.reconnect",
                        target_id: Some(cid.to_string()),
                        ..actor
                    },
                )?;
                return Ok(cid);
            }
            let n = conn_repo::count_for_app(c, row.account_id, &row.app_slug)?;
            let name = match (n, &row.name) {
                (0, _) => DEFAULT_NAME.to_string(),
                (_, Some(name)) => name.clone(),
                (_, None) => format!("{} {}", app_name, n + 1),
            };
            let name_key = name.to_lowercase();
            let id = ConnectionId::from(Uuid::now_v7());
            let (envelope, kv) = seal(&keys, c, account, id, &values)?;
            let new_row = ConnectionRow {
                id,
                account_id: row.account_id,
                app_slug: row.app_slug.clone(),
                sort_key: sort_key(&row.app_slug, &name_key),
                search_text: search_text(&name_key, outcome.identity.as_deref()),
                name,
                name_key,
                status: status.status,
                status_reason: status.status_reason.map(str::to_string),
                status_cause: status.status_cause,
                identity: outcome.identity.clone(),
                notes: String::new(),
                public_fields: public,
                envelope,
                key_version: kv,
                version: 1,
                created_by: Some(user.id),
                created_at: now,
                updated_at: now,
                last_used_at: None,
                shared_with_children: false,
                token_expires_at: expires_at,
            };
            conn_repo::insert(c, &new_row).map_err(|e| {
                if is_unique_violation(&e) {
                    name_taken()
                } else {
                    e.into()
                }
            })?;
            audit::record(
                c,
                Event {
                    target_id: Some(new_row.id.to_string()),
                    ..actor
                },
            )?;
            Ok::<_, ApiError>(id)
        })
        .await;
    match saved {
        Ok(id) => Ok(id),
        Err(ApiError::Conflict { .. }) => fail(
            "A connection of this app with that name exists; pick another name and connect again.",
        ),
        Err(ApiError::NotFound { .. }) => fail("The connection to reconnect no longer exists."),
        Err(e) => {
            tracing::error!(error = %e, "oauth callback could not store the connection");
            fail("Switchboard could not store the connection.")
        }
    }
}

/// Revokes a deleted connection's token where the app defines a revocation endpoint
/// (RFC 7009). Best effort: a failure is logged (without the token) and nothing else.
pub async fn revoke(state: &AppState, app: &str, fields: BTreeMap<String, String>) {
    let def = match oauth_app(state, app.to_string()).await {
        Ok(d) => d,
        Err(_) => return,
    };
    let Some(url) = def.auth.oauth2.as_ref().and_then(|o| o.revoke_url.clone()) else {
        return;
    };
    let (token, hint) = match (fields.get("refresh_token"), fields.get("access_token")) {
        (Some(r), _) => (r.clone(), "refresh_token"),
        (None, Some(a)) => (a.clone(), "access_token"),
        _ => return,
    };
    let keys = state.keys.clone();
    let slug = app.to_string();
    let client = state
        .db
        .read(move |c| {
            Ok((|| {
                let row = repo::client(c, &slug)?.ok_or(ApiError::NotFound {
                    what: "oauth client",
                })?;
                let secret = open_client_secret(&keys, c, &row)?;
                Ok::<_, ApiError>((row.client_id, secret))
            })())
        })
        .await;
    let Ok(Ok((client_id, secret))) = client else {
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
