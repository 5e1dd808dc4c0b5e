//! The provider's answer: `claim_state` (single use, unexpired, same browser) →
//! `exchange_code` (code + PKCE verifier for tokens) → `store_connection` (a new
//! connection, or new tokens for the one being reconnected). Every way it can end
//! without a connection is a [`Failure`], shown to the person in the web app.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use secrecy::ExposeSecret;
use serde::Deserialize;
use switchboard_db::models::{OAuthStateRow, StatusChange};
use switchboard_db::repo::{
    connect as connect_repo, connections as conn_repo, oauth as repo, users,
};
use switchboard_types::{
    AppDefinition, AuditAction, ConnectSessionId, ConnectionId, ConnectionStatus, OAuth2Spec,
    StatusCause, TestOutcome,
};
use switchboard_vault::SealContext;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{callback_url, oauth_app, open_client_secret, VERIFIER_PURPOSE};
use crate::auth::token_hash;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::connections::create::NewConnection;
use crate::services::connections::update::{store_credentials, NewCredentials};
use crate::services::connections::DEFAULT_NAME;
use crate::services::outbound;
use crate::services::tokens::{token_request, Client, TokenError};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// Every other parameter (for config captured from the callback, e.g. `realmId`).
    #[serde(flatten)]
    pub extra: BTreeMap<String, String>,
}

/// Why a callback did not produce a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NoState,
    UnknownState,
    StateUsed,
    StateExpired,
    OtherBrowser,
    StateUnchecked,
    AppGone,
    /// The person declined at the provider (`access_denied`).
    Declined {
        app: String,
    },
    /// Another error the provider sent back, shortened.
    Provider {
        app: String,
        error: String,
        description: Option<String>,
    },
    NoCode {
        app: String,
    },
    NoSettings,
    ClientUnreadable,
    ProviderUnreachable {
        app: String,
    },
    /// The token endpoint refused the code.
    Refused(String),
    NameTaken,
    ReconnectGone,
    NotStored,
    /// The connect session was used by another sign-in meanwhile.
    ConnectSessionUsed,
    /// The connect session is gone, or its creator may no longer connect.
    ConnectSessionInvalid,
    /// The provider did not hand over values the app's calls need.
    ConfigMissing {
        app: String,
        names: Vec<String>,
    },
}

impl Failure {
    /// The sentence the web app shows.
    pub fn message(&self) -> String {
        match self {
            Failure::NoState => "The sign-in answer did not carry a state; start connecting again.".into(),
            Failure::UnknownState => "This sign-in request is unknown; start connecting again.".into(),
            Failure::StateUsed => "This sign-in request was already used; start connecting again.".into(),
            Failure::StateExpired => "This sign-in request expired (after 10 minutes); start connecting again.".into(),
            Failure::OtherBrowser => "This sign-in request was started by another browser or user; start connecting again here.".into(),
            Failure::StateUnchecked => "Switchboard could not check the sign-in request.".into(),
            Failure::AppGone => "The app of this sign-in is no longer an OAuth2 app.".into(),
            Failure::Declined { app } => format!("You declined access at {app}."),
            Failure::Provider { app, error, description } => format!(
                "{app} answered “{error}”{}.",
                description.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
            ),
            Failure::NoCode { app } => format!("{app} did not send an authorization code."),
            Failure::NoSettings => "The app has no OAuth2 settings.".into(),
            Failure::ClientUnreadable => "Switchboard could not read this app's OAuth client settings.".into(),
            Failure::ProviderUnreachable { app } => format!("Could not reach {app} to finish signing in; start connecting again."),
            Failure::Refused(m) => format!("{m}."),
            Failure::NameTaken => "A connection of this app with that name exists; pick another name and connect again.".into(),
            Failure::ReconnectGone => "The connection to reconnect no longer exists.".into(),
            Failure::NotStored => "Switchboard could not store the connection.".into(),
            Failure::ConnectSessionUsed => "This connect link was already used; ask for a new one.".into(),
            Failure::ConnectSessionInvalid => "This connect link is not valid any more; ask for a new one.".into(),
            Failure::ConfigMissing { app, names } => format!("{app} did not hand over {} at sign-in; nothing was stored.", names.join(", ")),
        }
    }

    /// A stable code for it (the `error` a connect session's `error_url` gets).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::NoState | Failure::UnknownState | Failure::StateUnchecked => {
                "oauth_state_invalid"
            }
            Failure::StateUsed => "oauth_state_used",
            Failure::StateExpired => "oauth_state_expired",
            Failure::OtherBrowser => "oauth_other_browser",
            Failure::AppGone | Failure::NoSettings => "not_oauth",
            Failure::Declined { .. } => "access_denied",
            Failure::Provider { .. } | Failure::NoCode { .. } => "provider_error",
            Failure::ClientUnreadable | Failure::NotStored => "internal_error",
            Failure::ProviderUnreachable { .. } => "upstream_unavailable",
            Failure::Refused(_) => "oauth_code_refused",
            Failure::NameTaken => "name_taken",
            Failure::ReconnectGone => "not_found",
            Failure::ConnectSessionUsed => "connect_session_used",
            Failure::ConnectSessionInvalid => "connect_token_invalid",
            Failure::ConfigMissing { .. } => "provider_error",
        }
    }
}

/// How a callback ended, and the connect session it was for, if any.
pub struct Finished {
    pub connect_session: Option<ConnectSessionId>,
    pub result: Result<ConnectionId, Failure>,
}

/// Finishes an authorization: the connection's id, or why not.
#[tracing::instrument(skip_all)]
pub async fn callback(
    state: &AppState,
    q: CallbackQuery,
    browser_nonce: Option<String>,
) -> Finished {
    let claim = match claim_state(state, q.state.clone(), browser_nonce).await {
        Ok(c) => c,
        Err(f) => {
            return Finished {
                connect_session: None,
                result: Err(f),
            }
        }
    };
    let connect_session = claim.connect_session_id;
    Finished {
        connect_session,
        result: finish(state, q, claim).await,
    }
}

async fn finish(
    state: &AppState,
    q: CallbackQuery,
    claim: OAuthStateRow,
) -> Result<ConnectionId, Failure> {
    let def = oauth_app(state, claim.app_slug.to_string())
        .await
        .map_err(|_| Failure::AppGone)?;
    if let Some(error) = q.error {
        return Err(provider_error(&def, &error, q.error_description));
    }
    let code = q.code.filter(|c| !c.is_empty()).ok_or(Failure::NoCode {
        app: def.name.clone(),
    })?;
    let spec = def.auth.oauth2.clone().ok_or(Failure::NoSettings)?;
    let (mut values, expires_at) = exchange_code(state, &def, &spec, &claim, &code).await?;
    let mut missing = super::capture(&spec, super::Source::Callback(&q.extra), &mut values);
    if spec
        .capture
        .values()
        .any(|s| matches!(s, switchboard_types::CaptureSource::Identity { .. }))
    {
        match outbound::identity_answer(state, &def, &values).await {
            Ok(answer) => {
                missing.extend(super::capture(
                    &spec,
                    super::Source::Identity(&answer),
                    &mut values,
                ));
            }
            Err(why) => {
                tracing::warn!(app = %def.slug, reason = %why, "identity request for config failed");
                missing.extend(
                    spec.capture
                        .iter()
                        .filter(|(_, s)| {
                            matches!(s, switchboard_types::CaptureSource::Identity { .. })
                        })
                        .map(|(n, _)| n.clone()),
                );
            }
        }
    }
    // Token values were taken in `exchange_code`; a value the app needs and the
    // provider did not give makes the connection unusable.
    missing.extend(
        spec.capture
            .iter()
            .filter(|(n, s)| {
                matches!(s, switchboard_types::CaptureSource::Token { .. })
                    && !values.contains_key(&format!("{}{n}", switchboard_types::CONFIG_PREFIX))
            })
            .map(|(n, _)| n.clone()),
    );
    if !missing.is_empty() {
        return Err(Failure::ConfigMissing {
            app: def.name.clone(),
            names: missing,
        });
    }
    let outcome = outbound::check(state, &def, &values, true).await;
    store_connection(state, &def, claim, values, expires_at, outcome).await
}

fn provider_error(def: &AppDefinition, error: &str, description: Option<String>) -> Failure {
    match error {
        "access_denied" => Failure::Declined {
            app: def.name.clone(),
        },
        other => Failure::Provider {
            app: def.name.clone(),
            error: other.chars().take(60).collect(),
            description: description.map(|d| d.chars().take(200).collect()),
        },
    }
}

/// Checks and consumes the state in one transaction: single use, unexpired, and
/// from the browser that started it.
async fn claim_state(
    state: &AppState,
    token: Option<String>,
    browser_nonce: Option<String>,
) -> Result<OAuthStateRow, Failure> {
    let token = token
        .filter(|s| !s.is_empty() && s.len() < 200)
        .ok_or(Failure::NoState)?;
    let hash = token_hash(&token);
    let nonce_hash = browser_nonce.map(|n| token_hash(&n));
    let now = switchboard_db::now();
    state
        .db
        .write(move |c| {
            let Some(row) = repo::find_state(c, &hash)? else {
                return Ok(Err(Failure::UnknownState));
            };
            let checked = if row.used_at.is_some() {
                Err(Failure::StateUsed)
            } else if row.expires_at < now {
                Err(Failure::StateExpired)
            } else if nonce_hash.as_deref() != Some(row.browser_hash.as_str()) {
                Err(Failure::OtherBrowser)
            } else if repo::use_state(c, &row.state_hash, now)? == 0 {
                Err(Failure::StateUsed)
            } else {
                Ok(row)
            };
            Ok::<_, ApiError>(checked)
        })
        .await
        .map_err(|_| Failure::StateUnchecked)?
}

/// Trades the code (with the PKCE verifier) for tokens at the provider.
async fn exchange_code(
    state: &AppState,
    def: &AppDefinition,
    spec: &OAuth2Spec,
    claim: &OAuthStateRow,
    code: &str,
) -> Result<(BTreeMap<String, String>, Option<NaiveDateTime>), Failure> {
    let keys = state.keys.clone();
    let r2 = claim.clone();
    let (client_id, secret, verifier) = state
        .db
        .read(move |c| {
            let client = repo::client(c, &r2.app_slug)?
                .ok_or_else(|| ApiError::internal("client settings removed"))?;
            let secret = open_client_secret(&keys, c, &client)?;
            let ctx = SealContext {
                purpose: VERIFIER_PURPOSE,
                account_id: r2.account_id.0,
                record_id: Uuid::parse_str(&r2.id).map_err(|_| ApiError::CredentialsUnreadable)?,
            };
            let verifier = keys.open(c, &ctx, &r2.verifier_envelope)?;
            let verifier =
                Zeroizing::new(String::from_utf8_lossy(verifier.expose_secret()).into_owned());
            Ok::<_, ApiError>((client.client_id, secret, verifier))
        })
        .await
        .map_err(|_| Failure::ClientUnreadable)?;
    let redirect = callback_url(state);
    let mut params: Vec<(&str, &str)> = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", &redirect),
    ];
    if spec.pkce.unwrap_or(true) {
        params.push(("code_verifier", verifier.as_str()));
    }
    let client = Client {
        id: client_id,
        secret,
    };
    let tokens = match token_request(state, def, spec, &client, &params).await {
        Ok(t) => t,
        Err(TokenError::Transient(_)) => {
            return Err(Failure::ProviderUnreachable {
                app: def.name.clone(),
            })
        }
        Err(TokenError::Dead(m) | TokenError::Refused(m)) => return Err(Failure::Refused(m)),
    };
    let expires_at = tokens.expires_at(switchboard_db::now());
    let mut values = BTreeMap::new();
    tokens.capture_into(spec, &mut values);
    tokens.merge_into(&mut values);
    Ok((values, expires_at))
}

/// Stores the tokens: new credentials for the connection being reconnected (same
/// id), or a new connection named as the request asked (`Default` for the first).
async fn store_connection(
    state: &AppState,
    def: &AppDefinition,
    claim: OAuthStateRow,
    values: BTreeMap<String, String>,
    expires_at: Option<NaiveDateTime>,
    outcome: TestOutcome,
) -> Result<ConnectionId, Failure> {
    let keys = state.keys.clone();
    let app_name = def.name.clone();
    let reason = (!outcome.ok).then(|| outcome.message.clone());
    // The scopes asked for (authorizations started before scopes were chosen asked
    // for the app's) and granted, as lists.
    let spec = def.auth.oauth2.as_ref();
    let requested = match (&claim.scopes, spec) {
        (Some(s), Some(spec)) => super::scope_list(spec, s),
        (None, Some(spec)) => spec.scopes.clone(),
        (_, None) => Vec::new(),
    };
    let public = super::public_fields(spec, &values, Some(&requested));
    let saved = state
        .db
        .write(move |c| {
            let user = users::find(c, claim.user_id)?.ok_or(ApiError::NotFound { what: "user" })?;
            // Started on the hosted connect page: the end user acts, the session
            // gives the new connection its tags, metadata and end user, and is used up.
            let session = match claim.connect_session_id {
                Some(id) => {
                    let row = connect_repo::find(c, claim.account_id, id)?.ok_or(
                        ApiError::Unauthorized {
                            code: switchboard_types::ErrorCode::ConnectTokenInvalid,
                            detail: String::new(),
                        },
                    )?;
                    // The creator lost the right to connect for the account meanwhile.
                    if crate::services::connect::creator_may_act(c, &row)?.is_none() {
                        return Err(ApiError::Unauthorized {
                            code: switchboard_types::ErrorCode::ConnectTokenInvalid,
                            detail: String::new(),
                        });
                    }
                    Some(row)
                }
                None => None,
            };
            let label = match &session {
                Some(s) => format!(
                    "end user {} (connect session {} of {})",
                    s.end_user_id, s.id, user.email
                ),
                None => user.email.clone(),
            };
            let actor = Event {
                account_id: claim.account_id,
                actor_user_id: Some(user.id),
                actor_api_key_id: None,
                actor: label.clone(),
                action: AuditAction::ConnectionCreate,
                target_type: "connection",
                target_id: None,
                client_addr: None,
                details: serde_json::json!({"app": claim.app_slug, "oauth": true}),
            };
            let status = match &reason {
                None => StatusChange::active(),
                Some(r) => {
                    StatusChange::failed(ConnectionStatus::Error, StatusCause::TestFailed, r)
                }
            };
            if let Some(cid) = claim.connection_id {
                // Row lock: a concurrent refresh marking or status change waits for us.
                conn_repo::lock(c, cid, true)?;
                let existing = conn_repo::find(c, cid)?
                    .filter(|r| r.account_id == claim.account_id)
                    .ok_or(ApiError::NotFound { what: "connection" })?;
                let new = NewCredentials {
                    values: &values,
                    public_fields: &public,
                    identity: outcome.identity.clone(),
                    status,
                    token_expires_at: expires_at,
                };
                if !store_credentials(&keys, c, &existing, new)? {
                    return Err(ApiError::internal(
                        "the connection changed during the reconnect",
                    ));
                }
                let e = Event {
                    action: AuditAction::ConnectionReconnect,
                    target_id: Some(cid.to_string()),
                    ..actor
                };
                audit::record(c, e)?;
                crate::services::events::reconnected(
                    c,
                    &existing,
                    Some(&label),
                    serde_json::json!({"oauth": true}),
                )?;
                if let Some(s) = &session {
                    crate::services::connect::consume(c, s.id, cid, true)?;
                }
                return Ok(cid);
            }
            conn_repo::lock_naming(c, claim.account_id, &claim.app_slug)?;
            let n = conn_repo::count_for_app(c, claim.account_id, &claim.app_slug)?;
            let name = match (n, &claim.name) {
                (0, _) => DEFAULT_NAME.to_string(),
                (_, Some(name)) => name.clone(),
                (_, None) => format!("{} {}", app_name, n + 1),
            };
            let row = NewConnection {
                account: claim.account_id,
                app: &claim.app_slug,
                name,
                identity: outcome.identity.clone(),
                public_fields: public,
                values: &values,
                status,
                created_by: Some(user.id),
                token_expires_at: expires_at,
                notes: String::new(),
                origin: None,
                shared_with_children: false,
                labels: session
                    .as_ref()
                    .map(crate::services::connect::labels)
                    .unwrap_or_default(),
                end_user: session.as_ref().map(|s| s.end_user.clone()),
            }
            .insert(&keys, c)?;
            if let Some(s) = &session {
                crate::services::connect::consume(c, s.id, row.id, true)?;
            }
            audit::record(
                c,
                Event {
                    target_id: Some(row.id.to_string()),
                    ..actor
                },
            )?;
            crate::services::events::record(
                c,
                switchboard_types::EventType::ConnectionCreated,
                &row,
                Some(&label),
                serde_json::json!({"oauth": true}),
            )?;
            Ok::<_, ApiError>(row.id)
        })
        .await;
    saved.map_err(|e| match e {
        ApiError::Gone { .. } => Failure::ConnectSessionUsed,
        ApiError::Unauthorized { .. } => Failure::ConnectSessionInvalid,
        ApiError::Conflict { .. } => Failure::NameTaken,
        ApiError::NotFound { .. } => Failure::ReconnectGone,
        e => {
            tracing::error!(error = %e, "oauth callback could not store the connection");
            Failure::NotStored
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_errors_are_shortened() {
        let f = Failure::Provider {
            app: "Acme".into(),
            error: "server_error".into(),
            description: Some("try later".into()),
        };
        assert_eq!(f.message(), "Acme answered “server_error”: try later.");
        assert_eq!(
            Failure::Declined { app: "Acme".into() }.message(),
            "You declined access at Acme."
        );
    }
}
