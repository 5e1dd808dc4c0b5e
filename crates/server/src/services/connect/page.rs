//! The hosted connect page's API (`/api/v1/connect/page…`): every call carries
//! the session's token, is counted per token and per client address, and acts in
//! the session's account under its creator, as the end user.

use std::net::IpAddr;

use switchboard_catalog::validate_fields;
use switchboard_db::models::ConnectSessionRow;
use switchboard_db::repo::{accounts, connect as repo, connections as conn_repo};
use switchboard_types::{
    outcome_url, AppDefinition, AuthorizeResponse, ConnectApp, ConnectAuthorizeRequest,
    ConnectDone, ConnectFieldsRequest, ConnectPage, ConnectReconnect, ConnectSessionId,
    ConnectSessionStatus, ConnectionId, ErrorCode, Role, UpdateFieldsRequest,
};

use super::{end_user, origins, scopes_for, status, TOKEN_PREFIX};
use crate::auth::extract::ConnectActor;
use crate::auth::throttle::{self, Rule};
use crate::auth::{token_hash, Principal};
use crate::error::ApiError;
use crate::secret_fields::SecretFields;
use crate::services::apps;
use crate::services::connections::create::{
    app_def, check_name, key_based, store, tested, ConnectUse, Tested,
};
use crate::services::connections::sealing::public_fields;
use crate::services::connections::{update, ConnectionName};
use crate::services::oauth::authorize::{sign_in_app, start, Start};
use crate::services::oauth::Failure;
use crate::state::AppState;

/// Requests with one token: the page, an app or two, a few attempts.
pub const PER_TOKEN: Rule = Rule {
    max: 60,
    window_secs: 15 * 60,
};
/// Requests from one client address (IPv6 by its /64), whatever the token.
pub const PER_ADDRESS: Rule = Rule {
    max: 300,
    window_secs: 15 * 60,
};

/// An open session and the principal that acts for its end user.
struct Visit {
    row: ConnectSessionRow,
    actor: Principal,
}

/// Counts the request and finds the session: unknown tokens and sessions whose
/// creator can no longer sign in are `connect_token_invalid`.
async fn open(state: &AppState, token: &str, addr: Option<IpAddr>) -> Result<Visit, ApiError> {
    let hash = token_hash(token);
    let addr_key = addr.map_or_else(|| "unknown".to_string(), crate::net::throttle_key);
    throttle::count_uses(
        &state.db,
        vec![
            (format!("connect:token:{hash}"), PER_TOKEN),
            (format!("connect:addr:{addr_key}"), PER_ADDRESS),
        ],
    )
    .await?;
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
        return Err(invalid());
    }
    let found = state
        .db
        .read(move |c| {
            let Some(row) = repo::find_by_token(c, &hash)? else {
                return Ok(None);
            };
            let user = super::creator_may_act(c, &row)?;
            Ok::<_, ApiError>(user.map(|u| (row, u)))
        })
        .await?;
    let (row, user) = found.ok_or_else(invalid)?;
    let actor = Principal {
        user_id: user.id,
        email: user.email,
        account_id: row.account_id,
        parent_id: None,
        role: Role::Member,
        system_admin: false,
        api_key: None,
        client_addr: addr,
        connect: Some(ConnectActor {
            session_id: row.id,
            end_user_id: row.end_user_id.clone(),
        }),
    };
    Ok(Visit { row, actor })
}

fn invalid() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::ConnectTokenInvalid,
        "This connect link is not valid. Ask for a new one.",
    )
}

/// Only a session that is neither used nor expired connects anything.
fn pending(row: &ConnectSessionRow) -> Result<(), ApiError> {
    match status(row) {
        ConnectSessionStatus::Pending => Ok(()),
        ConnectSessionStatus::Used => Err(super::used()),
        ConnectSessionStatus::Expired => Err(ApiError::Gone {
            code: ErrorCode::ConnectSessionExpired,
            detail: "This connect link expired. Ask for a new one.".into(),
        }),
    }
}

fn allowed_apps(row: &ConnectSessionRow) -> Option<Vec<String>> {
    row.allowed_apps
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
}

/// An app the session offers (others are `app_not_allowed`).
async fn offered_app(
    state: &AppState,
    row: &ConnectSessionRow,
    app: &str,
) -> Result<AppDefinition, ApiError> {
    let slug = app.trim().to_lowercase();
    if allowed_apps(row).is_some_and(|l| !l.contains(&slug)) {
        return Err(ApiError::forbidden(
            ErrorCode::AppNotAllowed,
            "This connect link does not offer that app.",
        ));
    }
    app_def(state, slug).await
}

/// What the page shows. A used session still answers (the page then tells the
/// outcome); an expired one is `connect_session_expired`.
pub async fn page(
    state: &AppState,
    token: &str,
    addr: Option<IpAddr>,
) -> Result<ConnectPage, ApiError> {
    let Visit { row, .. } = open(state, token, addr).await?;
    let st = status(&row);
    if st == ConnectSessionStatus::Expired {
        pending(&row)?;
    }
    let r2 = row.clone();
    let (account_name, apps, reconnect) = state
        .db
        .read(move |c| {
            let account = accounts::find(c, r2.account_id)?.ok_or_else(invalid)?;
            let known = apps::all(c)?;
            let in_use = conn_repo::apps_in_use(c, r2.account_id)?;
            let mut list: Vec<ConnectApp> = known
                .into_iter()
                .filter(|(slug, _)| allowed_apps(&r2).is_none_or(|l| l.contains(slug)))
                .map(|(slug, (def, _))| ConnectApp {
                    first: !in_use.contains(&slug),
                    sign_in: def.needs_sign_in(),
                    category: def.category.clone(),
                    name: def.name,
                    slug,
                })
                .collect();
            list.sort_by_key(|a| a.name.to_lowercase());
            let reconnect = match r2.connection_id {
                Some(id) => conn_repo::find(c, id)?
                    .filter(|cr| cr.account_id == r2.account_id)
                    .map(|cr| ConnectReconnect {
                        connection_id: cr.id,
                        app: cr.app_slug.to_string(),
                        name: cr.name,
                    }),
                None => None,
            };
            Ok::<_, ApiError>((account.name, list, reconnect))
        })
        .await?;
    Ok(ConnectPage {
        session_id: row.id,
        account_name,
        end_user: end_user(&row),
        status: st,
        apps,
        reconnect,
        result_connection_id: row.result_connection_id,
        last_error: row.last_error.clone(),
        success_url: row.success_url.clone(),
        error_url: row.error_url.clone(),
        allowed_origins: origins(&row),
        expires_at: crate::services::convert::utc(row.expires_at),
    })
}

/// An offered app's definition (its fields, for the form).
pub async fn app(
    state: &AppState,
    token: &str,
    addr: Option<IpAddr>,
    slug: &str,
) -> Result<AppDefinition, ApiError> {
    let Visit { row, .. } = open(state, token, addr).await?;
    pending(&row)?;
    offered_app(state, &row, slug).await
}

/// Connects a key-based app with the end user's values (tested first), or
/// reconnects the session's connection. Uses the session up.
pub async fn connect_fields(
    state: &AppState,
    token: &str,
    addr: Option<IpAddr>,
    req: ConnectFieldsRequest,
) -> Result<ConnectDone, ApiError> {
    let Visit { row, actor } = open(state, token, addr).await?;
    pending(&row)?;
    let session = row.id;
    let result = fields_inner(state, &row, &actor, req).await;
    if let Err(e) = &result {
        note_failure(state, session, &e.problem().code).await;
    }
    result.map(|connection_id| ConnectDone {
        connect_session_id: session,
        connection_id,
    })
}

async fn fields_inner(
    state: &AppState,
    row: &ConnectSessionRow,
    actor: &Principal,
    req: ConnectFieldsRequest,
) -> Result<ConnectionId, ApiError> {
    let def = offered_app(state, row, &req.app).await?;
    key_based(&def, "start")?;
    // A reconnect session offers only its connection's app (set at creation), so
    // `offered_app` has already refused any other.
    if let Some(target) = row.connection_id {
        let updated = update::update_fields_in(
            state,
            actor,
            target,
            None,
            UpdateFieldsRequest {
                fields: req.fields,
                test: None,
            },
            Some(row.id),
        )
        .await?;
        return Ok(updated.id);
    }
    let mut values = validate_fields(&def, &req.fields).map_err(ApiError::fields)?;
    let requested = chosen_name(req.name.as_deref(), row)?;
    check_name(
        state,
        row.account_id,
        &def.slug,
        requested.as_ref(),
        &def.name,
    )
    .await?;
    let (token_expires_at, outcome) = tested(state, &def, &mut values, true).await?;
    let public = public_fields(&def, &values);
    let created = store(
        state,
        actor,
        &def,
        Tested {
            slug: def.slug.clone(),
            requested,
            identity: outcome.identity,
            tested: outcome.upstream_status.is_some(),
            public_fields: public,
            values: SecretFields::new(values),
            token_expires_at,
            labels: super::labels(row),
            imported_tokens: false,
            connect: Some(ConnectUse {
                session_id: row.id,
                end_user: row.end_user.clone(),
            }),
        },
    )
    .await?;
    Ok(created.id)
}

/// The name typed on the page, else the end user's display name (when it is a
/// valid name); the app's first connection is `Default` whatever it is.
fn chosen_name(
    typed: Option<&str>,
    row: &ConnectSessionRow,
) -> Result<Option<ConnectionName>, ApiError> {
    match typed.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => ConnectionName::parse(t).map(Some),
        None => Ok(end_user(row)
            .display_name
            .and_then(|d| ConnectionName::parse(&d).ok())),
    }
}

/// Starts the OAuth sign-in for an offered app (or the session's reconnect).
pub async fn authorize(
    state: &AppState,
    token: &str,
    addr: Option<IpAddr>,
    req: ConnectAuthorizeRequest,
) -> Result<(AuthorizeResponse, String), ApiError> {
    let Visit { row, actor } = open(state, token, addr).await?;
    pending(&row)?;
    let def = offered_app(state, &row, &req.app).await?;
    let def = sign_in_app(state, &def.slug).await?;
    let name = chosen_name(req.name.as_deref(), &row)?;
    let started = start(
        state,
        &actor,
        &def,
        Start {
            name,
            connection_id: row.connection_id,
            scopes: scopes_for(&row, &def.slug),
            connect_session: Some(row.id),
        },
    )
    .await;
    if let Err(e) = &started {
        note_failure(state, row.id, &e.problem().code).await;
    }
    started
}

async fn note_failure(state: &AppState, id: ConnectSessionId, code: &str) {
    let code = code.to_string();
    let noted = state
        .db
        .write(move |c| Ok::<_, ApiError>(repo::set_last_error(c, id, &code)?))
        .await;
    if let Err(e) = noted {
        tracing::warn!(error = %e, "could not note a connect session's failure");
    }
}

/// Where the provider's callback sends the browser of a connect session: the
/// platform's `success_url`/`error_url` when no opener is to be told, else the
/// hosted page's return view (which tells the opener, then redirects).
pub async fn after_callback(
    state: &AppState,
    id: ConnectSessionId,
    result: &Result<ConnectionId, Failure>,
) -> String {
    if let Err(f) = result {
        note_failure(state, id, f.code()).await;
    }
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::by_id(c, id)?))
        .await
        .ok()
        .flatten();
    let sid = id.to_string();
    let (pairs, direct): (Vec<(&str, String)>, Option<String>) = match result {
        Ok(cid) => (
            vec![
                ("connection_id", cid.to_string()),
                ("connect_session_id", sid),
            ],
            row.as_ref().and_then(|r| r.success_url.clone()),
        ),
        Err(f) => (
            vec![("error", f.code().to_string()), ("connect_session_id", sid)],
            row.as_ref().and_then(|r| r.error_url.clone()),
        ),
    };
    let tell_opener = row.as_ref().is_some_and(|r| !origins(r).is_empty());
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match direct {
        Some(url) if !tell_opener => outcome_url(&url, &pairs),
        _ => outcome_url("/connect/return", &pairs),
    }
}
