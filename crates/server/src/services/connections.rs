//! Connections: named credentials of one account for one app, sealed at rest.

use std::collections::BTreeMap;

use base64::Engine as _;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use switchboard_catalog::validate_fields;
use switchboard_db::models::AutomationRow;
use switchboard_db::models::{ConnectionRow, CredentialsChange, MetaChange, StatusChange};
use switchboard_db::repo::automations as automations_repo;
use switchboard_db::repo::connections::{self as repo, Band, PageQuery};
use switchboard_db::{is_unique_violation, DbConn};
use switchboard_types::{
    AccountId, AccountKind, AppDefinition, AppSlug, AuthType, AutomationId, AutomationStatus,
    AutomationUsage, Connection, ConnectionId, ConnectionPage, ConnectionQuery, ConnectionScope,
    ConnectionStatus, ConnectionUsage, CreateConnectionRequest, CredentialsResponse,
    DeletedConnection, OAuth2Grant, StatusCause, TestOutcome, UpdateConnectionRequest,
    UpdateFieldsRequest, MASK,
};
use switchboard_vault::{envelope_key_version, SealContext};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::apps;
use super::audit::{self, Event};
use super::convert::utc;
use super::outbound;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::state::AppState;

pub const PURPOSE: &str = "connection-fields";
pub const MAX_NOTES: usize = 10_000;
pub const MAX_NAME: usize = 64;
pub const DEFAULT_NAME: &str = "Default";

/// A connection name: trimmed, 1–64 characters, no control characters.
pub struct ConnectionName(String);

impl ConnectionName {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let name = raw.trim();
        let n = name.chars().count();
        if n == 0 || n > MAX_NAME {
            return Err(ApiError::field(
                "name",
                format!("must be 1–{MAX_NAME} characters"),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(ApiError::field(
                "name",
                "must not contain control characters",
            ));
        }
        Ok(Self(name.to_string()))
    }
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(crate) fn sort_key(app: &str, name_key: &str) -> String {
    let first = if name_key == "default" { '0' } else { '1' };
    format!("{app}/{first}{name_key}")
}

pub(crate) fn search_text(name_key: &str, identity: Option<&str>) -> String {
    format!(
        "{name_key}\n{}",
        identity.unwrap_or_default().to_lowercase()
    )
}

/// Non-secret values as stored; secret keys present with `null`.
fn public_fields(def: &AppDefinition, values: &BTreeMap<String, String>) -> String {
    let mut map = serde_json::Map::new();
    for f in &def.auth.fields {
        if let Some(v) = values.get(&f.key) {
            let stored = if f.secret {
                serde_json::Value::Null
            } else {
                serde_json::Value::String(v.clone())
            };
            map.insert(f.key.clone(), stored);
        }
    }
    serde_json::Value::Object(map).to_string()
}

pub fn to_wire(row: &ConnectionRow, app_name: &str, account_name: &str) -> Connection {
    let mut fields = BTreeMap::new();
    if let Ok(serde_json::Value::Object(map)) =
        serde_json::from_str::<serde_json::Value>(&row.public_fields)
    {
        for (k, v) in map {
            let shown = match v {
                serde_json::Value::String(s) => s,
                _ => MASK.to_string(),
            };
            fields.insert(k, shown);
        }
    }
    Connection {
        id: row.id,
        account_id: row.account_id,
        account_name: account_name.to_string(),
        shared_with_children: row.shared_with_children,
        app: row.app_slug.to_string(),
        app_name: app_name.to_string(),
        name: row.name.clone(),
        status: row.status,
        status_reason: row.status_reason.clone(),
        identity: row.identity.clone(),
        notes: row.notes.clone(),
        fields,
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        last_used_at: row.last_used_at.map(utc),
        token_expires_at: row.token_expires_at.map(utc),
    }
}

pub(crate) fn seal(
    keys: &KeyRing,
    c: &mut DbConn,
    account: AccountId,
    id: ConnectionId,
    values: &BTreeMap<String, String>,
) -> Result<(Vec<u8>, i32), ApiError> {
    let key = keys.current(c, account)?;
    let plain = Zeroizing::new(serde_json::to_vec(values).map_err(ApiError::internal)?);
    let ctx = SealContext {
        purpose: PURPOSE,
        account_id: account.0,
        record_id: id.0,
    };
    let env = key.seal(&ctx, &plain);
    Ok((
        env,
        i32::try_from(key.version()).map_err(ApiError::internal)?,
    ))
}

/// Opens a connection's fields. Any failure is the same generic error.
pub fn open_fields(
    keys: &KeyRing,
    c: &mut DbConn,
    row: &ConnectionRow,
) -> Result<BTreeMap<String, String>, ApiError> {
    let account = row.account_id;
    let id = row.id;
    let version =
        envelope_key_version(&row.envelope).map_err(|_| ApiError::CredentialsUnreadable)?;
    if i64::from(version) != i64::from(row.key_version) {
        return Err(ApiError::CredentialsUnreadable);
    }
    let ctx = SealContext {
        purpose: PURPOSE,
        account_id: account.0,
        record_id: id.0,
    };
    let plain = keys.open(c, &ctx, &row.envelope)?;
    serde_json::from_slice(plain.expose_secret()).map_err(|_| ApiError::CredentialsUnreadable)
}

async fn app_def(state: &AppState, slug: String) -> Result<AppDefinition, ApiError> {
    let found = state
        .db
        .read(move |c| Ok(apps::resolve(c, &slug)))
        .await??;
    found
        .map(|(d, _)| d)
        .ok_or_else(|| ApiError::field("app", "is not an app in the catalog"))
}

/// OAuth2 apps with the authorization-code grant are added through the sign-in flow;
/// client-credentials apps take their fields here like key-based apps.
fn needs_sign_in(def: &AppDefinition) -> bool {
    def.auth.type_ == AuthType::Oauth2
        && def
            .auth
            .oauth2
            .as_ref()
            .is_none_or(|o| o.grant != OAuth2Grant::ClientCredentials)
}

/// Client-credentials apps: fetches the first token with the given client (unless the
/// caller skipped contacting the app; then the first use fetches it). A refusal is a
/// failed test.
async fn client_credentials_token(
    state: &AppState,
    def: &AppDefinition,
    values: &mut BTreeMap<String, String>,
    run_test: bool,
) -> Result<Option<chrono::NaiveDateTime>, ApiError> {
    let Some(spec) = def.auth.oauth2.as_ref() else {
        return Ok(None);
    };
    if def.auth.type_ != AuthType::Oauth2 || !run_test {
        return Ok(None);
    }
    let answer = super::tokens::fetch(state, def, values, spec, 2, None)
        .await
        .map_err(|e| ApiError::Unprocessable {
            code: "connection_test_failed",
            detail: format!("{}.", e.message()),
        })?;
    let expires = answer.expires_at(switchboard_db::now());
    answer.merge_into(values);
    Ok(expires)
}

fn test_failed(o: &TestOutcome) -> ApiError {
    ApiError::Unprocessable {
        code: "connection_test_failed",
        detail: o.message.clone(),
    }
}

pub async fn create(
    state: &AppState,
    p: &Principal,
    req: CreateConnectionRequest,
) -> Result<Connection, ApiError> {
    p.require_scope("connections:write")?;
    let slug = req.app.trim().to_lowercase();
    if slug.is_empty() {
        return Err(ApiError::field("app", "is required"));
    }
    let def = app_def(state, slug.clone()).await?;
    if needs_sign_in(&def) {
        return Err(ApiError::Unprocessable {
            code: "oauth_required",
            detail: format!(
                "{} connects through OAuth2: start with POST /api/v1/oauth/authorize.",
                def.name
            ),
        });
    }
    let mut values = validate_fields(&def, &req.fields).map_err(ApiError::fields)?;
    let requested = req.name.as_deref().map(ConnectionName::parse).transpose()?;

    // Decide the name before any outbound call, so a bad name fails fast.
    let account = p.account_id;
    let app = slug.clone();
    let wanted_key = requested.as_ref().map(ConnectionName::key);
    let (count, taken) = state
        .db
        .read(move |c| {
            let n = repo::count_for_app(c, account, &app)?;
            let taken = match &wanted_key {
                Some(k) if n > 0 => repo::name_taken(c, account, &app, k, None)?,
                _ => false,
            };
            Ok((n, taken))
        })
        .await?;
    if count > 0 && requested.is_none() {
        return Err(ApiError::field(
            "name",
            format!(
                "is required: this account already has a {} connection",
                def.name
            ),
        ));
    }
    if taken {
        return Err(name_taken());
    }

    let run_test = req.test.unwrap_or(true);
    let token_expires_at = client_credentials_token(state, &def, &mut values, run_test).await?;
    let outcome = outbound::check(state, &def, &values, run_test).await;
    if !outcome.ok {
        return Err(test_failed(&outcome));
    }

    let keys = state.keys.clone();
    let p2 = p.clone();
    let app_name = def.name.clone();
    let public = public_fields(&def, &values);
    let row = state
        .db
        .write(move |c| {
            let n = repo::count_for_app(c, account, &slug)?;
            let name = match (n, requested) {
                (0, _) => DEFAULT_NAME.to_string(),
                (_, Some(name)) => name.0,
                (_, None) => return Err(ApiError::field("name", "is required")),
            };
            let name_key = name.to_lowercase();
            let id = ConnectionId::from(Uuid::now_v7());
            let (envelope, key_version) = seal(&keys, c, account, id, &values)?;
            let now = switchboard_db::now();
            let row = ConnectionRow {
                id,
                account_id: account,
                app_slug: AppSlug::from(slug.as_str()),
                sort_key: sort_key(&slug, &name_key),
                search_text: search_text(&name_key, outcome.identity.as_deref()),
                name,
                name_key,
                status: ConnectionStatus::Active,
                status_reason: None,
                status_cause: None,
                identity: outcome.identity.clone(),
                notes: String::new(),
                public_fields: public,
                envelope,
                key_version,
                version: 1,
                created_by: Some(p2.user_id),
                created_at: now,
                updated_at: now,
                last_used_at: None,
                shared_with_children: false,
                token_expires_at,
            };
            repo::insert(c, &row).map_err(|e| if is_unique_violation(&e) { name_taken() } else { e.into() })?;
            audit::record(
                c,
                Event::by(&p2, "connection.create", "connection", Some(row.id))
                    .details(serde_json::json!({"app": slug, "name": row.name, "tested": outcome.upstream_status.is_some()})),
            )?;
            let account_name = account_name(c, row.account_id)?;
            Ok::<_, ApiError>((row, account_name))
        })
        .await?;
    Ok(to_wire(&row.0, &app_name, &row.1))
}

pub(crate) fn name_taken() -> ApiError {
    let mut errors = BTreeMap::new();
    errors.insert(
        "name".to_string(),
        vec!["is already used by another connection of this app".to_string()],
    );
    ApiError::Conflict {
        code: "name_taken",
        detail: "A connection of this app with that name exists (names are case-insensitive)."
            .into(),
        errors,
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound { what: "connection" }
}

async fn app_name(state: &AppState, slug: &str) -> String {
    let s = slug.to_string();
    match state.db.read(move |c| Ok(apps::resolve(c, &s))).await {
        Ok(Ok(Some((d, _)))) => d.name,
        _ => slug.to_string(),
    }
}

fn account_name(c: &mut DbConn, id: AccountId) -> Result<String, ApiError> {
    Ok(switchboard_db::repo::accounts::find(c, id)?
        .map(|a| a.name)
        .unwrap_or_default())
}

/// A connection the caller may see: their account's own (`true`), or one shared
/// with it by its parent or by the system account (`false`). Anything else is 404.
pub fn access(
    c: &mut DbConn,
    p: &Principal,
    id: ConnectionId,
) -> Result<(ConnectionRow, bool), ApiError> {
    let row = repo::find(c, id)?.ok_or_else(not_found)?;
    if row.account_id == p.account_id {
        return Ok((row, true));
    }
    if !row.shared_with_children {
        return Err(not_found());
    }
    if p.parent_id.is_some_and(|parent| parent == row.account_id) {
        return Ok((row, false));
    }
    let owner = switchboard_db::repo::accounts::find(c, row.account_id)?;
    if owner.is_some_and(|o| o.kind == AccountKind::System) {
        return Ok((row, false));
    }
    Err(not_found())
}

/// A connection whose rate limit the caller may see or set: system administrators
/// reach every account's connection (limits are operator settings and carry no
/// secret); everyone else as [`access`].
pub fn limit_access(
    c: &mut DbConn,
    p: &Principal,
    id: ConnectionId,
) -> Result<ConnectionRow, ApiError> {
    if p.system_admin {
        return repo::find(c, id)?.ok_or_else(not_found);
    }
    access(c, p, id).map(|(row, _)| row)
}

/// A connection the caller's account owns; shared ones answer 403.
pub fn owned(c: &mut DbConn, p: &Principal, id: ConnectionId) -> Result<ConnectionRow, ApiError> {
    match access(c, p, id)? {
        (row, true) => Ok(row),
        (_, false) => Err(ApiError::forbidden(
            "not_owner",
            "This connection is shared with your account; only the account that owns it can change, reveal or delete it.",
        )),
    }
}

pub async fn get(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<Connection, ApiError> {
    p.require_scope("connections:read")?;
    let p2 = p.clone();
    let (row, owner_name) = state
        .db
        .read(move |c| {
            Ok((|| {
                let (row, _) = access(c, &p2, id)?;
                let name = account_name(c, row.account_id)?;
                Ok::<_, ApiError>((row, name))
            })())
        })
        .await??;
    let name = app_name(state, &row.app_slug).await;
    Ok(to_wire(&row, &name, &owner_name))
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    b: usize,
    k: String,
    i: ConnectionId,
}

fn encode_cursor(c: &Cursor) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(c).unwrap_or_default())
}

fn decode_cursor(s: &str) -> Result<Cursor, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_cursor",
                "The cursor is not one this server issued.",
            )
        })
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    q: ConnectionQuery,
) -> Result<ConnectionPage, ApiError> {
    p.require_scope("connections:read")?;
    let limit = i64::from(q.limit.unwrap_or(50));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "limit must be between 1 and 200.",
        ));
    }
    let needle =
        q.q.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    if needle.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "q must be at most 200 characters.",
        ));
    }
    let cursor = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let scope = q.scope.unwrap_or_default();
    let mine = p.account_id;
    let parent = p.parent_id;
    let app = q.app.clone();
    let status = q.status;
    let (rows, next, names, owner_name) = state
        .db
        .read(move |c| {
            // Whose connections: mine, my parent's shared ones, or the system account's shared ones.
            let account = match scope {
                ConnectionScope::Own => Some(mine),
                ConnectionScope::Parent => parent,
                ConnectionScope::System => switchboard_db::repo::accounts::system(c)?.map(|a| a.id),
            };
            let Some(account) = account else {
                return Ok(Ok((Vec::new(), None, BTreeMap::new(), String::new())));
            };
            let owner_name = switchboard_db::repo::accounts::find(c, account)?
                .map(|a| a.name)
                .unwrap_or_default();
            let shared_only = scope != ConnectionScope::Own;
            let all = match apps::names(c) {
                Ok(a) => a,
                Err(e) => return Ok(Err(e)),
            };
            // Bands: apps whose name/slug starts with q, apps containing q, then name/identity matches.
            let (prefix, contains): (Vec<String>, Vec<String>) = match &needle {
                Some(n) => {
                    let mut p0 = Vec::new();
                    let mut p1 = Vec::new();
                    for (slug, name) in &all {
                        match switchboard_catalog::match_rank(name, slug, n) {
                            Some(0) => p0.push(slug.clone()),
                            Some(_) => p1.push(slug.clone()),
                            None => {}
                        }
                    }
                    (p0, p1)
                }
                None => (Vec::new(), Vec::new()),
            };
            let both: Vec<String> = prefix.iter().chain(contains.iter()).cloned().collect();
            let bands: Vec<Band<'_>> = match &needle {
                None => vec![Band::All],
                Some(n) => vec![
                    Band::Apps(&prefix),
                    Band::Apps(&contains),
                    Band::Text {
                        needle: n,
                        except_apps: &both,
                    },
                ],
            };
            let start = cursor.as_ref().map_or(0, |c| c.b);
            let mut out: Vec<(usize, ConnectionRow)> = Vec::new();
            for (b, band) in bands.iter().enumerate().skip(start) {
                if matches!(band, Band::Apps(a) if a.is_empty()) {
                    continue;
                }
                let after = cursor
                    .as_ref()
                    .filter(|c| c.b == b)
                    .map(|c| (c.k.as_str(), c.i));
                let need = limit + 1 - out.len() as i64;
                let rows = repo::page(
                    c,
                    &PageQuery {
                        account_id: account,
                        app: app.as_deref(),
                        status,
                        shared_only,
                        band: band.clone(),
                        after,
                        limit: need,
                    },
                )?;
                out.extend(rows.into_iter().map(|r| (b, r)));
                if out.len() as i64 > limit {
                    break;
                }
            }
            let mut next = None;
            if out.len() as i64 > limit {
                out.truncate(limit as usize);
                if let Some((b, last)) = out.last() {
                    next = Some(encode_cursor(&Cursor {
                        b: *b,
                        k: last.sort_key.clone(),
                        i: last.id,
                    }));
                }
            }
            Ok(Ok((out, next, all, owner_name)))
        })
        .await??;
    let items = rows
        .iter()
        .map(|(_, r)| {
            to_wire(
                r,
                names
                    .get(r.app_slug.as_str())
                    .map_or(r.app_slug.as_str(), String::as_str),
                &owner_name,
            )
        })
        .collect();
    Ok(ConnectionPage {
        items,
        next_cursor: next,
    })
}

pub async fn update(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    if_match: Option<i64>,
    force: bool,
    req: UpdateConnectionRequest,
) -> Result<Connection, ApiError> {
    p.require_scope("connections:write")?;
    if req.shared_with_children.is_some() {
        p.require_admin()?;
    }
    let name = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    if let Some(notes) = &req.notes {
        if notes.chars().count() > MAX_NOTES {
            return Err(ApiError::field(
                "notes",
                format!("must be at most {MAX_NOTES} characters"),
            ));
        }
    }
    let p2 = p.clone();
    let row = state
        .db
        .write(move |c| {
            let acc = p2.account_id;
            let row = owned(c, &p2, id)?;
            if if_match.is_some_and(|v| v != row.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let mut changed = Vec::new();
            let (new_name, new_key) = match &name {
                Some(n) if n.0 != row.name => {
                    if repo::name_taken(c, acc, &row.app_slug, &n.key(), Some(row.id))? {
                        return Err(name_taken());
                    }
                    changed.push("name");
                    (n.0.clone(), n.key())
                }
                _ => (row.name.clone(), row.name_key.clone()),
            };
            let notes = match &req.notes {
                Some(n) if *n != row.notes => {
                    changed.push("notes");
                    n.clone()
                }
                _ => row.notes.clone(),
            };
            let now = switchboard_db::now();
            let mut version = row.version;
            let mut paused = Vec::new();
            if let Some(share) = req.shared_with_children.filter(|s| *s != row.shared_with_children) {
                if !share {
                    repo::lock(c, row.id, true)?;
                    // Un-sharing: other accounts' automations lose the connection.
                    let users: Vec<_> = automations_repo::using_connection(c, row.id)?
                        .into_iter()
                        .filter(|a| a.account_id != acc)
                        .collect();
                    let active: Vec<_> = users
                        .iter()
                        .filter(|a| a.status == AutomationStatus::Active)
                        .cloned()
                        .collect();
                    if !active.is_empty() && !force {
                        return Err(ApiError::InUse {
                            detail: format!(
                                "{} active automation(s) of other accounts use this connection. Un-share with ?force=true to pause them.",
                                active.len()
                            ),
                            automations: usage(c, &active)?,
                        });
                    }
                    let reason = format!("Connection \"{}\" is no longer shared with this account", row.name);
                    let ids: Vec<AutomationId> = active.iter().map(|a| a.id).collect();
                    automations_repo::pause(c, &ids, &reason, now)?;
                    automations_repo::unlink_foreign(c, row.id, acc)?;
                    paused = usage(c, &active)?;
                    for a in &active {
                        audit_paused(c, &p2, a, &reason)?;
                    }
                }
                if repo::set_shared(c, row.id, version, share, now)? == 0 {
                    return Err(ApiError::PreconditionFailed);
                }
                version += 1;
                changed.push(if share { "shared" } else { "unshared" });
            }
            if changed.is_empty() {
                let owner = account_name(c, row.account_id)?;
                return Ok((row, owner));
            }
            let n = repo::update_meta(
                c,
                row.id,
                version,
                &MetaChange {
                    name: &new_name,
                    name_key: &new_key,
                    sort_key: &sort_key(&row.app_slug, &new_key),
                    search_text: &search_text(&new_key, row.identity.as_deref()),
                    notes: &notes,
                    updated_at: now,
                },
            )
            .map_err(|e| {
                if is_unique_violation(&e) {
                    name_taken()
                } else {
                    e.into()
                }
            })?;
            if n == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            audit::record(
                c,
                Event::by(&p2, "connection.update", "connection", Some(row.id))
                    .details(serde_json::json!({"changed": changed, "paused_automations": paused.iter().map(|a| a.id).collect::<Vec<_>>()})),
            )?;
            let row = repo::find(c, row.id)?.ok_or_else(not_found)?;
            let owner = account_name(c, row.account_id)?;
            Ok((row, owner))
        })
        .await?;
    let app_name = app_name(state, &row.0.app_slug).await;
    Ok(to_wire(&row.0, &app_name, &row.1))
}

/// Automations with their account names.
fn usage(c: &mut DbConn, rows: &[AutomationRow]) -> Result<Vec<AutomationUsage>, ApiError> {
    let ids: Vec<AccountId> = rows.iter().map(|a| a.account_id).collect();
    let names: BTreeMap<AccountId, String> = switchboard_db::repo::accounts::names(c, &ids)?
        .into_iter()
        .collect();
    Ok(rows
        .iter()
        .map(|a| AutomationUsage {
            id: a.id,
            name: a.name.clone(),
            status: a.status,
            paused_reason: a.paused_reason.clone(),
            account_id: a.account_id,
            account_name: names.get(&a.account_id).cloned().unwrap_or_default(),
        })
        .collect())
}

fn audit_paused(
    c: &mut DbConn,
    p: &Principal,
    a: &AutomationRow,
    reason: &str,
) -> Result<(), ApiError> {
    let mut e = Event::by(p, "automation.paused", "automation", Some(a.id))
        .details(serde_json::json!({"reason": reason}));
    e.account_id = a.account_id;
    audit::record(c, e)
}

/// Every automation using a connection: for its owner, all accounts' (with the
/// account's name); for an account it is shared with, that account's own.
pub async fn automations_using(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<ConnectionUsage, ApiError> {
    p.require_scope("automations:read")?;
    let p2 = p.clone();
    state
        .db
        .read(move |c| {
            Ok((|| {
                let (row, owner) = access(c, &p2, id)?;
                let mine = p2.account_id;
                let rows: Vec<AutomationRow> = automations_repo::using_connection(c, row.id)?
                    .into_iter()
                    .filter(|a| owner || a.account_id == mine)
                    .collect();
                Ok::<_, ApiError>(ConnectionUsage {
                    items: usage(c, &rows)?,
                })
            })())
        })
        .await?
}

pub async fn update_fields(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    if_match: Option<i64>,
    req: UpdateFieldsRequest,
) -> Result<Connection, ApiError> {
    p.require_scope("connections:write")?;
    let p1 = p.clone();
    let current = state.db.read(move |c| Ok(owned(c, &p1, id))).await??;
    let def = app_def(state, current.app_slug.to_string()).await?;
    if needs_sign_in(&def) {
        return Err(ApiError::Unprocessable {
            code: "oauth_required",
            detail: format!(
                "{} connects through OAuth2: reconnect with POST /api/v1/oauth/authorize.",
                def.name
            ),
        });
    }
    let mut values = validate_fields(&def, &req.fields).map_err(ApiError::fields)?;
    let run_test = req.test.unwrap_or(true);
    let token_expires_at = client_credentials_token(state, &def, &mut values, run_test).await?;
    let outcome = outbound::check(state, &def, &values, run_test).await;
    if !outcome.ok {
        return Err(test_failed(&outcome));
    }
    let keys = state.keys.clone();
    let p2 = p.clone();
    let public = public_fields(&def, &values);
    let row = state
        .db
        .write(move |c| {
            let row = owned(c, &p2, id)?;
            if if_match.is_some_and(|v| v != row.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let (envelope, key_version) = seal(&keys, c, p2.account_id, id, &values)?;
            let identity = outcome.identity.clone().or(row.identity.clone());
            let n = repo::update_credentials(
                c,
                row.id,
                row.version,
                &CredentialsChange {
                    envelope: &envelope,
                    key_version,
                    public_fields: &public,
                    identity: identity.as_deref(),
                    search_text: &search_text(&row.name_key, identity.as_deref()),
                    status: StatusChange::active(),
                    updated_at: switchboard_db::now(),
                },
            )?;
            if n == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            repo::set_token_expiry(c, row.id, token_expires_at)?;
            // New credentials: a token refresh still in flight must not store its result.
            switchboard_db::repo::token_refresh::reset(c, row.id)?;
            audit::record(
                c,
                Event::by(
                    &p2,
                    "connection.credentials_update",
                    "connection",
                    Some(row.id),
                ),
            )?;
            let row = repo::find(c, row.id)?.ok_or_else(not_found)?;
            let owner = account_name(c, row.account_id)?;
            Ok((row, owner))
        })
        .await?;
    Ok(to_wire(&row.0, &def.name, &row.1))
}

/// Deletes a connection. Active automations using it (in any account) make it a 409
/// `connection_in_use` unless `force`; with `force` they are paused, in the same
/// transaction, with a reason naming the connection, and returned.
pub async fn delete(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
    force: bool,
) -> Result<DeletedConnection, ApiError> {
    p.require_scope("connections:write")?;
    let p2 = p.clone();
    let app_names = state.db.read(|c| Ok(apps::names(c))).await??;
    let keys = state.keys.clone();
    let (deleted, tokens) = state
        .db
        .write(move |c| {
            let acc = p2.account_id;
            repo::lock(c, id, true)?;
            let row = owned(c, &p2, id)?;
            // OAuth tokens to revoke after the commit (best effort; unreadable ones are skipped).
            let tokens = open_fields(&keys, c, &row)
                .ok()
                .filter(|f| f.contains_key("access_token"))
                .map(|f| (row.app_slug.to_string(), f));
            let active: Vec<AutomationRow> = automations_repo::using_connection(c, row.id)?
                .into_iter()
                .filter(|a| a.status == AutomationStatus::Active)
                .collect();
            if !active.is_empty() && !force {
                return Err(ApiError::InUse {
                    detail: format!(
                        "{} active automation(s) use this connection. Delete with ?force=true to pause them.",
                        active.len()
                    ),
                    automations: usage(c, &active)?,
                });
            }
            let app = app_names
                .get(row.app_slug.as_str())
                .cloned()
                .unwrap_or_else(|| row.app_slug.to_string());
            let reason = format!("Connection \"{} / {}\" was deleted", app, row.name);
            let ids: Vec<AutomationId> = active.iter().map(|a| a.id).collect();
            let now = switchboard_db::now();
            automations_repo::pause(c, &ids, &reason, now)?;
            for a in &active {
                audit_paused(c, &p2, a, &reason)?;
            }
            // The links go with the connection (ON DELETE CASCADE): nothing dangles.
            repo::delete(c, acc, row.id)?;
            let paused: Vec<AutomationRow> = active
                .into_iter()
                .map(|mut a| {
                    a.status = AutomationStatus::Paused;
                    a.paused_reason = Some(reason.clone());
                    a
                })
                .collect();
            let paused = usage(c, &paused)?;
            audit::record(
                c,
                Event::by(&p2, "connection.delete", "connection", Some(row.id)).details(serde_json::json!({
                    "app": row.app_slug, "name": row.name, "paused_automations": paused.iter().map(|a| a.id).collect::<Vec<_>>()
                })),
            )?;
            Ok::<_, ApiError>((DeletedConnection { id, paused_automations: paused }, tokens))
        })
        .await?;
    if let Some((app, fields)) = tokens {
        let state = state.clone();
        tokio::spawn(async move { super::oauth::revoke(&state, &app, fields).await });
    }
    Ok(deleted)
}

/// Decrypts the fields for a person who just re-entered their password. The audit
/// row is written in the same transaction that reads the ciphertext: no audit, no secret.
pub async fn reveal(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<BTreeMap<String, String>, ApiError> {
    let keys = state.keys.clone();
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            let row = owned(c, &p2, id)?;
            let fields = open_fields(&keys, c, &row)?;
            audit::record(
                c,
                Event::by(&p2, "connection.reveal", "connection", Some(row.id))
                    .details(serde_json::json!({"fields": fields.keys().collect::<Vec<_>>()})),
            )?;
            Ok::<_, ApiError>(fields)
        })
        .await
}

/// Fresh credentials for a machine: API keys with the scope `credentials:read`, of
/// the owning account (a shared connection is used through the proxy, never handed
/// out). OAuth tokens are refreshed first when they expire soon. Audited.
pub async fn credentials(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<CredentialsResponse, ApiError> {
    if p.api_key.is_none() {
        return Err(ApiError::forbidden(
            "api_key_required",
            "Credentials are handed to machines with an API key (scope credentials:read); people use reveal.",
        ));
    }
    p.require_scope("credentials:read")?;
    let p1 = p.clone();
    let row = state.db.read(move |c| Ok(owned(c, &p1, id))).await??;
    let usable = super::tokens::usable(state, row.id, super::tokens::Want::OnDemand).await?;
    let fields = super::tokens::for_machines(&usable);
    let p2 = p.clone();
    let (rid, keys) = (row.id, fields.keys().cloned().collect::<Vec<_>>());
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            repo::touch_used(c, rid, now)?;
            audit::record(
                c,
                Event::by(&p2, "connection.credentials_read", "connection", Some(rid))
                    .details(serde_json::json!({"fields": keys})),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(CredentialsResponse {
        connection_id: id,
        app: usable.row.app_slug.to_string(),
        fields,
        expires_at: usable.row.token_expires_at.map(utc),
    })
}

/// Runs the app's test request with the stored credentials and records the outcome.
pub async fn test(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<TestOutcome, ApiError> {
    p.require_scope("connections:write")?;
    let p1 = p.clone();
    let row = state.db.read(move |c| Ok(owned(c, &p1, id))).await??;
    // OAuth tokens are refreshed first when they expire soon.
    let super::tokens::Usable { row, def, values } =
        super::tokens::usable(state, row.id, super::tokens::Want::OnDemand).await?;
    if def.test.is_none() {
        return Ok(TestOutcome {
            ok: true,
            upstream_status: None,
            message: format!("{} has no test request; nothing was sent.", def.name),
            identity: row.identity.clone(),
        });
    }
    let outcome = outbound::check(state, &def, &values, true).await;
    let p2 = p.clone();
    let identity = outcome.identity.clone();
    let upstream = outcome.upstream_status;
    let (ok, message) = (outcome.ok, outcome.message.clone());
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            let status = if ok {
                StatusChange::active()
            } else {
                StatusChange::failed(ConnectionStatus::Error, StatusCause::TestFailed, &message)
            };
            repo::set_status(c, row.id, &status, identity.as_deref(), now)?;
            audit::record(
                c,
                Event::by(&p2, "connection.test", "connection", Some(row.id))
                    .details(serde_json::json!({"ok": ok, "upstream_status": upstream})),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(outcome)
}
