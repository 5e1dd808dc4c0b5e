//! Starting an authorization.

use sha2::{Digest, Sha256};
use switchboard_db::models::OAuthStateRow;
use switchboard_db::repo::oauth as repo;
use switchboard_types::{
    ApiScope, AppDefinition, AppSlug, AuthorizeRequest, AuthorizeResponse, ConnectSessionId,
    ConnectionId, ErrorCode, OAuth2Grant,
};
use switchboard_vault::SealContext;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{b64, callback_url, oauth_app, STATE_TTL_SECS, VERIFIER_PURPOSE};
use crate::auth::{random_token, token_hash, Principal};
use crate::error::ApiError;
use crate::services::connections::{owned, ConnectionName};
use crate::state::AppState;

/// Starts an authorization: a single-use state, a PKCE verifier sealed under the
/// account's key, and the provider URL. Returns the browser-binding nonce for the cookie.
pub async fn authorize(
    state: &AppState,
    p: &Principal,
    req: AuthorizeRequest,
) -> Result<(AuthorizeResponse, String), ApiError> {
    p.require_user_session()?;
    p.require_scope(ApiScope::ConnectionsWrite)?;
    let def = sign_in_app(state, &req.app).await?;
    let name = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    start(
        state,
        p,
        &def,
        Start {
            name,
            connection_id: req.connection_id,
            scopes: req.scopes,
            connect_session: None,
        },
    )
    .await
}

/// An OAuth2 app that signs in with the authorization-code grant.
pub(crate) async fn sign_in_app(state: &AppState, app: &str) -> Result<AppDefinition, ApiError> {
    let slug = app.trim().to_lowercase();
    let def = oauth_app(state, slug).await.map_err(|e| match e {
        ApiError::NotFound { .. } => ApiError::field("app", "is not an app in the catalog"),
        other => other,
    })?;
    let grant = def.auth.oauth2.as_ref().map(|s| s.grant);
    if grant != Some(OAuth2Grant::AuthorizationCode) {
        return Err(ApiError::Unprocessable {
            code: ErrorCode::NotAuthorizationCode,
            detail: format!(
                "{} uses the client-credentials grant; no sign-in is needed.",
                def.name
            ),
        });
    }
    Ok(def)
}

/// What an authorization is for.
pub(crate) struct Start {
    pub name: Option<ConnectionName>,
    /// Reconnect this connection of the account.
    pub connection_id: Option<ConnectionId>,
    /// Scopes asked for (the app's when `None`).
    pub scopes: Option<Vec<String>>,
    /// Started on the hosted connect page of this session.
    pub connect_session: Option<ConnectSessionId>,
}

/// Stores the state and builds the provider URL for `p`'s account.
pub(crate) async fn start(
    state: &AppState,
    p: &Principal,
    def: &AppDefinition,
    req: Start,
) -> Result<(AuthorizeResponse, String), ApiError> {
    let slug = def.slug.clone();
    let spec = def
        .auth
        .oauth2
        .clone()
        .ok_or_else(|| ApiError::internal("oauth2 app without oauth2 settings"))?;
    let authorize_url = spec
        .authorize_url
        .clone()
        .ok_or_else(|| ApiError::internal("authorization_code app without authorize_url"))?;
    let name = req.name;
    let scope = requested_scope(&spec, req.scopes.as_deref())?;
    let scope2 = scope.clone();
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
                code: ErrorCode::OauthClientMissing,
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
                scopes: Some(scope2),
                connect_session_id: req.connect_session,
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
        if !scope.is_empty() {
            q.append_pair("scope", &scope);
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

/// The `scope` parameter of an authorization: the app's scopes, or the ones asked
/// for when each is among the app's `scopes` and `optional_scopes`.
pub(crate) fn requested_scope(
    spec: &switchboard_types::OAuth2Spec,
    asked: Option<&[String]>,
) -> Result<String, ApiError> {
    let chosen: Vec<String> = match asked {
        None => spec.scopes.clone(),
        Some(asked) => {
            let unknown: Vec<&str> = asked
                .iter()
                .filter(|s| !spec.scopes.contains(s) && !spec.optional_scopes.contains(s))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                return Err(ApiError::field(
                    "scopes",
                    format!(
                        "not scopes of this app: {} (it offers {})",
                        unknown.join(", "),
                        spec.scopes
                            .iter()
                            .chain(&spec.optional_scopes)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            let mut out: Vec<String> = Vec::new();
            for s in asked {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            out
        }
    };
    Ok(chosen.join(spec.scope_separator.as_deref().unwrap_or(" ")))
}
