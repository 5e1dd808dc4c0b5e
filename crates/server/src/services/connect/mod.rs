//! Connect sessions: a platform creates one for its end user ([`create`]), sends
//! them to the hosted page with the token, and reads the outcome ([`get`]). The
//! page's own API ([`page`]) authenticates with the token alone.
//!
//! Invariants: the token is stored only as its hash; a session belongs to the
//! account that created it and acts there under its creator; it is used once —
//! [`consume`] runs in the transaction that stores the connection, so a second
//! use fails and leaves nothing behind; an expired session does nothing.

pub mod page;

use std::collections::BTreeMap;

use switchboard_db::models::ConnectSessionRow;
use switchboard_db::repo::connect as repo;
use switchboard_db::DbConn;
use switchboard_types::{
    ApiScope, AuditAction, ConnectSession, ConnectSessionCreated, ConnectSessionId,
    ConnectSessionStatus, ConnectionId, CreateConnectSessionRequest, EndUser, ErrorCode,
    FieldErrors, OAuth2Grant, CONNECT_MAX_APPS, CONNECT_MAX_ORIGINS, CONNECT_TTL_MAX_SECS,
    CONNECT_TTL_MIN_SECS, END_USER_TAG,
};
use uuid::Uuid;

use crate::auth::{random_token, token_hash, Principal};
use crate::error::ApiError;
use crate::services::apps;
use crate::services::audit::{self, Event};
use crate::services::connections::{owned, Labels};
use crate::state::AppState;

/// Connect tokens start with this prefix (API keys with `sbk_`).
pub const TOKEN_PREFIX: &str = "sbc_";
const MAX_URL_CHARS: usize = 2048;

/// Creates a session for an end user (account administrators, signed in or with
/// an API key with `connect:write`).
pub async fn create(
    state: &AppState,
    p: &Principal,
    req: CreateConnectSessionRequest,
) -> Result<ConnectSessionCreated, ApiError> {
    p.require_scope(ApiScope::ConnectWrite)?;
    p.require_admin()?;
    let mut errors = FieldErrors::new();
    let end_user = check_end_user(req.end_user, &mut errors);
    let ttl = req
        .ttl_seconds
        .unwrap_or(state.config.connect_session_ttl_secs);
    if !(CONNECT_TTL_MIN_SECS..=CONNECT_TTL_MAX_SECS).contains(&ttl) {
        errors.insert(
            "ttl_seconds".into(),
            vec![format!(
                "must be from {CONNECT_TTL_MIN_SECS} to {CONNECT_TTL_MAX_SECS}"
            )],
        );
    }
    let success_url = check_url("success_url", req.success_url, &mut errors);
    let error_url = check_url("error_url", req.error_url, &mut errors);
    let origins = check_origins(req.allowed_origins.unwrap_or_default(), &mut errors);
    let mut tags = req.tags.unwrap_or_default();
    tags.entry(END_USER_TAG.to_string())
        .or_insert_with(|| end_user.id.clone());
    let labels = match Labels::parse(Some(tags), req.metadata) {
        Ok(l) => Some(l),
        Err(ApiError::Validation { errors: e, .. }) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    let allowed = match req.allowed_apps {
        Some(list) if list.is_empty() => {
            errors.insert(
                "allowed_apps".into(),
                vec!["must name at least one app".into()],
            );
            None
        }
        Some(list) if list.len() > CONNECT_MAX_APPS => {
            errors.insert(
                "allowed_apps".into(),
                vec![format!("at most {CONNECT_MAX_APPS} apps")],
            );
            None
        }
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for s in list {
                let s = s.trim().to_lowercase();
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            Some(out)
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let labels = labels.unwrap_or_default();
    let scopes = req.scopes;
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let hash = token_hash(&token);
    let now = switchboard_db::now();
    let expires_at = now + chrono::Duration::seconds(ttl);
    let p2 = p.clone();
    let eu_json = serde_json::to_string(&end_user).map_err(ApiError::internal)?;
    let id = ConnectSessionId::from(Uuid::now_v7());
    let row = state
        .db
        .write(move |c| {
            let known = apps::all(c)?;
            let mut errors = FieldErrors::new();
            let mut allowed = allowed;
            if let Some(list) = &allowed {
                let unknown: Vec<&str> = list
                    .iter()
                    .filter(|s| !known.contains_key(s.as_str()))
                    .map(String::as_str)
                    .collect();
                if !unknown.is_empty() {
                    errors.insert(
                        "allowed_apps".into(),
                        vec![format!("not apps of the catalog: {}", unknown.join(", "))],
                    );
                }
            }
            if let Some(cid) = req.connection_id {
                let target = owned(c, &p2, cid).map_err(|e| match e {
                    ApiError::NotFound { .. } | ApiError::Forbidden { .. } => {
                        ApiError::field("connection_id", "is not a connection of this account")
                    }
                    e => e,
                })?;
                let app = target.app_slug.to_string();
                if allowed.as_ref().is_some_and(|l| !l.contains(&app)) {
                    errors.insert(
                        "allowed_apps".into(),
                        vec![format!("must include {app}, the app of connection_id")],
                    );
                }
                allowed = Some(vec![app]);
            }
            if let Some(scopes) = &scopes {
                for (slug, asked) in scopes {
                    let key = format!("scopes.{slug}");
                    let offered = allowed.as_ref().is_none_or(|l| l.contains(slug));
                    let spec = known
                        .get(slug)
                        .and_then(|(d, _)| d.auth.oauth2.as_ref())
                        .filter(|s| s.grant == OAuth2Grant::AuthorizationCode);
                    match spec {
                        _ if !offered => {
                            errors.insert(key, vec!["is not an allowed app".into()]);
                        }
                        None => {
                            errors.insert(key, vec!["is not an OAuth2 sign-in app".into()]);
                        }
                        Some(spec) => {
                            if let Err(ApiError::Validation { errors: e, .. }) =
                                crate::services::oauth::authorize::requested_scope(
                                    spec,
                                    Some(asked),
                                )
                            {
                                let msgs = e.into_values().flatten().collect();
                                errors.insert(key, msgs);
                            }
                        }
                    }
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::fields(errors));
            }
            let row = ConnectSessionRow {
                id,
                account_id: p2.account_id,
                token_hash: hash,
                created_by: p2.user_id,
                api_key_id: p2.api_key.as_ref().map(|k| k.id),
                end_user: eu_json,
                end_user_id: end_user.id.clone(),
                allowed_apps: allowed.map(|l| json(&l)),
                tags: labels.tags_json().unwrap_or_else(|| "{}".into()),
                metadata: labels.metadata.unwrap_or_else(|| "{}".into()),
                scopes: scopes.map(|s| json(&s)),
                connection_id: req.connection_id,
                success_url,
                error_url,
                allowed_origins: json(&origins),
                expires_at,
                used_at: None,
                result_connection_id: None,
                last_error: None,
                created_at: now,
            };
            repo::purge(c, now - chrono::Duration::days(7))?;
            repo::insert(c, &row)?;
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectSessionCreate,
                    "connect_session",
                    Some(id),
                )
                .details(serde_json::json!({
                    "end_user_id": row.end_user_id,
                    "connection_id": row.connection_id,
                    "expires_at": crate::services::convert::utc(row.expires_at),
                })),
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(ConnectSessionCreated {
        id: row.id,
        connect_url: format!("{}/connect/{token}", state.config.public_url),
        token: token.into(),
        expires_at: crate::services::convert::utc(row.expires_at),
    })
}

/// A session of the caller's account: administrators see every one, an API key
/// only those it created.
pub async fn get(
    state: &AppState,
    p: &Principal,
    id: ConnectSessionId,
) -> Result<ConnectSession, ApiError> {
    p.require_scope(ApiScope::ConnectWrite)?;
    p.require_admin()?;
    let account = p.account_id;
    let key = p.api_key.as_ref().map(|k| k.id);
    let row = state
        .db
        .read(move |c| Ok::<_, ApiError>(repo::find(c, account, id)?))
        .await?
        .filter(|r| key.is_none() || r.api_key_id == key)
        .ok_or(ApiError::NotFound {
            what: "connect session",
        })?;
    Ok(to_wire(&row))
}

pub(crate) fn status(row: &ConnectSessionRow) -> ConnectSessionStatus {
    if row.used_at.is_some() {
        ConnectSessionStatus::Used
    } else if row.expires_at <= switchboard_db::now() {
        ConnectSessionStatus::Expired
    } else {
        ConnectSessionStatus::Pending
    }
}

fn to_wire(row: &ConnectSessionRow) -> ConnectSession {
    ConnectSession {
        id: row.id,
        status: status(row),
        end_user: end_user(row),
        allowed_apps: row
            .allowed_apps
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        metadata: serde_json::from_str(&row.metadata).unwrap_or_default(),
        connection_id: row.connection_id,
        scopes: row
            .scopes
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok()),
        success_url: row.success_url.clone(),
        error_url: row.error_url.clone(),
        allowed_origins: origins(row),
        expires_at: crate::services::convert::utc(row.expires_at),
        created_at: crate::services::convert::utc(row.created_at),
        used_at: row.used_at.map(crate::services::convert::utc),
        result_connection_id: row.result_connection_id,
        last_error: row.last_error.clone(),
    }
}

pub(crate) fn end_user(row: &ConnectSessionRow) -> EndUser {
    serde_json::from_str(&row.end_user).unwrap_or(EndUser {
        id: row.end_user_id.clone(),
        email: None,
        display_name: None,
    })
}

/// The tags and metadata a session gives the connection it makes.
pub(crate) fn labels(row: &ConnectSessionRow) -> Labels {
    Labels {
        tags: serde_json::from_str(&row.tags).ok(),
        metadata: Some(row.metadata.clone()),
    }
}

pub(crate) fn origins(row: &ConnectSessionRow) -> Vec<String> {
    serde_json::from_str(&row.allowed_origins).unwrap_or_default()
}

/// Uses the session up for `connection`, inside the transaction that stores the
/// connection: a session already used (or, unless `after_expiry`, expired) fails
/// it and so rolls the store back. An OAuth sign-in that left for the provider
/// before the session expired may finish after it (`after_expiry`).
pub(crate) fn consume(
    c: &mut DbConn,
    id: ConnectSessionId,
    connection: ConnectionId,
    after_expiry: bool,
) -> Result<(), ApiError> {
    let now = switchboard_db::now();
    if repo::consume(c, id, connection, now, !after_expiry)? == 0 {
        return Err(used());
    }
    Ok(())
}

/// Whether the session may still act: its creator is an enabled administrator of
/// its account and the API key that created it (if one did) is not revoked.
pub(crate) fn creator_may_act(
    c: &mut DbConn,
    row: &ConnectSessionRow,
) -> Result<Option<switchboard_db::models::UserRow>, ApiError> {
    let Some(user) = switchboard_db::repo::users::find(c, row.created_by)? else {
        return Ok(None);
    };
    if user.disabled
        || user.role != switchboard_types::Role::Admin
        || user.account_id != row.account_id
    {
        return Ok(None);
    }
    if let Some(key) = row.api_key_id {
        if switchboard_db::repo::api_keys::find_active(c, row.account_id, key)?.is_none() {
            return Ok(None);
        }
    }
    Ok(Some(user))
}

pub(crate) fn used() -> ApiError {
    ApiError::Gone {
        code: ErrorCode::ConnectSessionUsed,
        detail: "This connect link was already used. Ask for a new one.".into(),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn check_end_user(eu: EndUser, errors: &mut FieldErrors) -> EndUser {
    let id = eu.id.trim().to_string();
    if id.is_empty() || id.chars().count() > 256 || id.chars().any(char::is_control) {
        errors.insert(
            "end_user.id".into(),
            vec!["must be 1–256 characters without control characters".into()],
        );
    }
    let email = clean(eu.email);
    if email.as_ref().is_some_and(|e| {
        e.chars().count() > 320 || !e.contains('@') || e.chars().any(char::is_control)
    }) {
        errors.insert(
            "end_user.email".into(),
            vec!["is not an email address".into()],
        );
    }
    let display_name = clean(eu.display_name);
    if display_name
        .as_ref()
        .is_some_and(|d| d.chars().count() > 200 || d.chars().any(char::is_control))
    {
        errors.insert(
            "end_user.display_name".into(),
            vec!["must be at most 200 characters without control characters".into()],
        );
    }
    EndUser {
        id,
        email,
        display_name,
    }
}

fn check_url(field: &str, raw: Option<String>, errors: &mut FieldErrors) -> Option<String> {
    let raw = clean(raw)?;
    match url::Url::parse(&raw) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && raw.len() <= MAX_URL_CHARS =>
        {
            Some(u.to_string())
        }
        _ => {
            errors.insert(
                field.into(),
                vec![format!(
                    "must be an http or https URL of at most {MAX_URL_CHARS} characters"
                )],
            );
            None
        }
    }
}

/// Origins as browsers send them (`https://app.example.com`, a port when not the
/// scheme's own); anything with a path, query or credentials is refused.
fn check_origins(raw: Vec<String>, errors: &mut FieldErrors) -> Vec<String> {
    if raw.len() > CONNECT_MAX_ORIGINS {
        errors.insert(
            "allowed_origins".into(),
            vec![format!("at most {CONNECT_MAX_ORIGINS} origins")],
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for o in raw {
        let parsed = url::Url::parse(o.trim()).ok().filter(|u| {
            matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && u.path() == "/"
                && u.query().is_none()
                && u.fragment().is_none()
                && u.username().is_empty()
                && u.password().is_none()
        });
        match parsed {
            Some(u) => {
                let origin = u.origin().ascii_serialization();
                if !out.contains(&origin) {
                    out.push(origin);
                }
            }
            None => bad.push(o),
        }
    }
    if !bad.is_empty() {
        errors.insert(
            "allowed_origins".into(),
            vec![format!(
                "not origins (scheme://host[:port]): {}",
                bad.iter()
                    .map(|b| b.chars().take(100).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        );
    }
    out
}

/// The scopes a session asks for `app`, when it names them.
pub(crate) fn scopes_for(row: &ConnectSessionRow, app: &str) -> Option<Vec<String>> {
    let map: BTreeMap<String, Vec<String>> = serde_json::from_str(row.scopes.as_deref()?).ok()?;
    map.get(app).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_and_paths_refused() {
        let mut errors = FieldErrors::new();
        let got = check_origins(
            vec![
                "https://App.example.com".into(),
                "https://app.example.com:443/".into(),
                "http://127.0.0.1:8080".into(),
            ],
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(got, ["https://app.example.com", "http://127.0.0.1:8080"]);
        for bad in [
            "https://a.example/x",
            "javascript:alert(1)",
            "https://a.example?x=1",
            "https://u:p@a.example",
            "*",
        ] {
            let mut errors = FieldErrors::new();
            check_origins(vec![bad.into()], &mut errors);
            assert!(errors.contains_key("allowed_origins"), "{bad}");
        }
    }

    #[test]
    fn redirect_urls_must_be_web_urls() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            check_url(
                "success_url",
                Some("https://p.example/done?a=1".into()),
                &mut errors
            ),
            Some("https://p.example/done?a=1".into())
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/relative",
            "ftp://x.example/",
        ] {
            let mut errors = FieldErrors::new();
            assert_eq!(
                check_url("success_url", Some(bad.into()), &mut errors),
                None
            );
            assert!(errors.contains_key("success_url"), "{bad}");
        }
    }
}
