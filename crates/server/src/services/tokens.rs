//! Fresh OAuth2 tokens: refresh (authorization-code apps) and fetch (client-credentials
//! apps), on demand and from the background job, once per expiry across replicas.
//!
//! How "once" holds:
//! - In one process, callers for the same connection queue on a per-connection async
//!   mutex ([`Flights`]); only the first one goes further, the others find fresh tokens.
//! - Across processes, the first one claims the connection's refresh lease with one
//!   conditional UPDATE (`token_refresh`); the others poll the row until the lease
//!   ends and then read the tokens the winner stored.
//! - The winner stores the new tokens only while its lease id is still on the row
//!   (the fence): a refresher whose lease ran out, or whose connection was reconnected
//!   meanwhile, cannot overwrite newer tokens. The old refresh token stays stored
//!   until the new one is committed, so a crash mid-refresh loses nothing.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use base64::Engine as _;
use chrono::NaiveDateTime;
use serde::Deserialize;
use switchboard_db::models::{ConnectionRow, StatusChange};
use switchboard_db::repo::{connections as conn_repo, oauth as oauth_repo, token_refresh};
use switchboard_types::{
    AppDefinition, AuditAction, AuthType, ConnectionId, ConnectionStatus, ErrorCode, OAuth2Grant,
    OAuth2Spec, StatusCause, TokenAuth,
};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::apps;
use super::audit::{self, Event};
use super::connections::{open_fields, seal};
use super::oauth::open_client_secret;
use crate::error::ApiError;
use crate::secret_fields::SecretFields;
use crate::state::AppState;

/// Tokens that expire within this margin are refreshed before they are handed out.
pub const ON_DEMAND_MARGIN_SECS: i64 = 60;
/// The background job refreshes tokens that expire within this margin.
pub const BACKGROUND_MARGIN_SECS: i64 = 300;
/// The start of the status reason a failed refresh sets (cleared by the next success).
pub const REFRESH_FAILED: &str = "Token refresh failed: ";
/// How often a waiting caller looks at the lease of another replica.
const POLL: Duration = Duration::from_millis(50);

/// Per-connection async mutexes, so that callers in one process wait for one refresh.
#[derive(Default)]
pub struct Flights(Mutex<HashMap<ConnectionId, Weak<tokio::sync::Mutex<()>>>>);

impl Flights {
    fn get(&self, id: ConnectionId) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = map.get(&id).and_then(Weak::upgrade) {
            return m;
        }
        if map.len() > 1024 {
            map.retain(|_, w| w.strong_count() > 0);
        }
        let m = Arc::new(tokio::sync::Mutex::new(()));
        map.insert(id, Arc::downgrade(&m));
        m
    }
}

/// Why fresh tokens are wanted.
#[derive(Debug, Clone)]
pub enum Want {
    /// A caller needs a usable token now.
    OnDemand,
    /// The background job: refresh what expires soon; never wait for another replica.
    Background,
    /// The upstream rejected this access token (a 401): refresh unless it changed already.
    Rejected(Zeroizing<String>),
}

/// A connection with its decrypted fields, ready for an outbound call.
#[derive(Clone)]
pub struct Usable {
    pub row: ConnectionRow,
    pub def: AppDefinition,
    pub values: SecretFields,
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Deserialize)]
pub(crate) struct TokenAnswer {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<serde_json::Value>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
    /// Everything else the provider sent (`instance_url`, `id_token`, …), for
    /// `auth.oauth2.capture` from the token answer.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl TokenAnswer {
    /// Takes the app's config values from this answer into `values` (a refresh
    /// that lacks one keeps the stored value).
    pub fn capture_into(
        &self,
        spec: &switchboard_types::OAuth2Spec,
        values: &mut BTreeMap<String, String>,
    ) {
        let answer = serde_json::Value::Object(self.extra.clone());
        let _ = super::oauth::capture(spec, super::oauth::Source::Token(&answer), values);
    }

    /// `expires_in` as seconds; some providers send it as a string.
    pub fn expires_at(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let secs = match &self.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_i64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }?;
        Some(now + chrono::Duration::seconds(secs.clamp(0, 10 * 365 * 86_400)))
    }

    /// Writes the answer into a connection's values. A missing refresh token or scope
    /// keeps the stored one (many providers send a refresh token only once).
    pub fn merge_into(self, values: &mut BTreeMap<String, String>) {
        values.insert("access_token".into(), self.access_token);
        if let Some(r) = self.refresh_token.filter(|r| !r.is_empty()) {
            values.insert("refresh_token".into(), r);
        }
        if let Some(s) = self.scope {
            values.insert("scope".into(), s);
        }
        let kind = self.token_type.unwrap_or_else(|| "Bearer".into());
        // RFC 6750 says "Bearer"; some providers answer "bearer".
        let kind = if kind.eq_ignore_ascii_case("bearer") {
            "Bearer".into()
        } else {
            kind
        };
        values.insert("token_type".into(), kind);
    }
}

/// How a token request failed.
#[derive(Debug)]
pub(crate) enum TokenError {
    /// The grant is dead (`invalid_grant`, revoked, client of the connection refused):
    /// only a reconnect helps.
    Dead(String),
    /// The provider refused for another reason (bad client settings, odd answer).
    Refused(String),
    /// 5xx, 429, timeouts, connection failures: try again later.
    Transient(String),
}

impl TokenError {
    pub fn message(&self) -> &str {
        match self {
            TokenError::Dead(m) | TokenError::Refused(m) | TokenError::Transient(m) => m,
        }
    }
}

/// A client id and secret for the token endpoint.
pub(crate) struct Client {
    pub id: String,
    pub secret: Zeroizing<String>,
}

/// Authenticates the client as the app says: in the form, or with HTTP Basic.
pub(crate) fn authenticate<'a>(
    req: reqwest::RequestBuilder,
    form: &mut Vec<(&'a str, &'a str)>,
    spec: &OAuth2Spec,
    client: &'a Client,
) -> reqwest::RequestBuilder {
    match spec.token_auth.unwrap_or_default() {
        TokenAuth::ClientSecretPost => {
            form.push(("client_id", &client.id));
            form.push(("client_secret", client.secret.as_str()));
            req
        }
        TokenAuth::ClientSecretBasic => {
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let pair = Zeroizing::new(format!("{}:{}", enc(&client.id), enc(&client.secret)));
            let b64 = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
            req.header("authorization", format!("Basic {b64}"))
        }
    }
}

/// One request to a token endpoint, with the client authenticated as the app says.
pub(crate) async fn token_request(
    state: &AppState,
    def: &AppDefinition,
    spec: &OAuth2Spec,
    client: &Client,
    params: &[(&str, &str)],
) -> Result<TokenAnswer, TokenError> {
    let target = url::Url::parse(&spec.token_url)
        .map_err(|_| TokenError::Refused(format!("{}'s token URL is not valid", def.name)))?;
    state
        .egress
        .check_url(&target)
        .map_err(|r| TokenError::Refused(r.to_string()))?;
    let mut form: Vec<(&str, &str)> = params.to_vec();
    let req = state
        .http
        .post(&spec.token_url)
        .header("accept", "application/json");
    let req = authenticate(req, &mut form, spec, client);
    let name = &def.name;
    let answer = req.form(&form).send().await.map_err(|e| {
        if let Some(r) = crate::outbound::guard::refusal(&e) {
            return TokenError::Refused(r.to_string());
        }
        let e = e.without_url();
        TokenError::Transient(if e.is_timeout() {
            format!("{name}'s token endpoint timed out")
        } else {
            format!("could not reach {name}'s token endpoint")
        })
    })?;
    let status = answer.status();
    let body = answer.bytes().await.unwrap_or_default();
    if status.is_success() {
        return serde_json::from_slice::<TokenAnswer>(&body)
            .ok()
            .filter(|t| !t.access_token.is_empty())
            .ok_or_else(|| {
                TokenError::Refused(format!(
                    "{name} answered the token request in an unexpected form"
                ))
            });
    }
    if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
        return Err(TokenError::Transient(format!(
            "{name}'s token endpoint answered {}",
            status.as_u16()
        )));
    }
    let parsed = serde_json::from_slice::<serde_json::Value>(&body).ok();
    let field = |k: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(k))
            .and_then(|e| e.as_str())
            .map(|s| {
                s.chars()
                    .filter(|c| !c.is_control())
                    .take(200)
                    .collect::<String>()
            })
    };
    let code = field("error");
    let text = format!(
        "{name} refused the token request ({}{}{})",
        status.as_u16(),
        code.as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default(),
        field("error_description")
            .map(|d| format!(": {d}"))
            .unwrap_or_default()
    );
    match code.as_deref() {
        Some("invalid_grant") | Some("unauthorized_client") | Some("invalid_scope") => {
            Err(TokenError::Dead(text))
        }
        _ => Err(TokenError::Refused(text)),
    }
}

fn oauth_spec(def: &AppDefinition) -> Option<&OAuth2Spec> {
    (def.auth.type_ == AuthType::Oauth2)
        .then_some(def.auth.oauth2.as_ref())
        .flatten()
}

/// Loads a connection with its fields and app.
async fn load(state: &AppState, id: ConnectionId) -> Result<Usable, ApiError> {
    let keys = state.keys.clone();
    state
        .db
        .read(move |c| {
            let row = conn_repo::find(c, id)?.ok_or(ApiError::NotFound { what: "connection" })?;
            let values = open_fields(&keys, c, &row)?;
            let def = apps::resolve(c, &row.app_slug)?
                .map(|(d, _)| d)
                .ok_or_else(|| ApiError::Unprocessable {
                    code: ErrorCode::AppMissing,
                    detail: "The app of this connection is no longer in the catalog.".into(),
                })?;
            Ok::<_, ApiError>(Usable { row, def, values })
        })
        .await
}

fn needs_reconnect(u: &Usable) -> ApiError {
    ApiError::conflict(
        ErrorCode::NeedsReconnect,
        format!(
            "This {} connection needs reconnecting: {}",
            u.def.name,
            u.row
                .status_reason
                .clone()
                .unwrap_or_else(|| "its authorization ended".into())
        ),
    )
}

/// Does this connection need new tokens for `want`?
fn stale(u: &Usable, spec: &OAuth2Spec, want: &Want, now: NaiveDateTime) -> bool {
    let expires_within = |secs: i64| {
        u.row
            .token_expires_at
            .is_some_and(|e| e <= now + chrono::Duration::seconds(secs))
    };
    let no_token = !u.values.contains_key("access_token");
    match want {
        Want::OnDemand => {
            no_token && spec.grant == OAuth2Grant::ClientCredentials
                || expires_within(ON_DEMAND_MARGIN_SECS)
        }
        Want::Background => expires_within(BACKGROUND_MARGIN_SECS),
        Want::Rejected(seen) => u.values.get("access_token").map(String::as_str) == Some(seen),
    }
}

/// Whether a refresh by someone else replaced the token `seen` with one that still
/// works.
fn replaced(u: &Usable, seen: Option<&str>, now: NaiveDateTime) -> bool {
    let current = u.values.get("access_token").map(String::as_str);
    current.is_some() && current != seen && !expired(u, now)
}

fn expired(u: &Usable, now: NaiveDateTime) -> bool {
    u.row.token_expires_at.is_some_and(|e| e <= now)
}

/// The lease outlives every attempt of one refresh, so it cannot run out under a
/// live refresher.
fn lease_duration(state: &AppState, attempts: u32) -> chrono::Duration {
    let t = state.config.outbound_timeout_secs.max(1) as i64;
    chrono::Duration::seconds(t * i64::from(attempts) + 5)
}

/// Background backoff after `failures` failed refreshes: 30 s doubling, at most 30 min.
fn backoff(failures: i32) -> chrono::Duration {
    let secs = 30i64 << failures.clamp(0, 6);
    chrono::Duration::seconds(secs.min(1800))
}

/// Returns the connection's fields with a usable token: refreshed (or, for
/// client-credentials apps, fetched) when it expires soon or was rejected.
pub async fn usable(state: &AppState, id: ConnectionId, want: Want) -> Result<Usable, ApiError> {
    let attempts = if matches!(want, Want::Background) {
        1
    } else {
        3
    };
    // The token this caller first saw: when a refresh by someone else replaces it
    // while this caller waits (for the flight or another replica's lease), the
    // caller takes that result instead of refreshing again.
    let mut first_seen: Option<Option<String>> = None;
    for _ in 0..8 {
        let u = load(state, id).await?;
        let Some(spec) = oauth_spec(&u.def).cloned() else {
            return Ok(u);
        };
        if u.row.status == ConnectionStatus::NeedsReconnect {
            return Err(needs_reconnect(&u));
        }
        let now = switchboard_db::now();
        let seen = first_seen
            .get_or_insert_with(|| u.values.get("access_token").cloned())
            .clone();
        if !stale(&u, &spec, &want, now) || replaced(&u, seen.as_deref(), now) {
            return Ok(u);
        }
        if spec.grant == OAuth2Grant::AuthorizationCode && !u.values.contains_key("refresh_token") {
            if !expired(&u, now) {
                return Ok(u);
            }
            let reason = format!(
                "The access token expired and {} gave no refresh token; connect again.",
                u.def.name
            );
            mark_dead(state, &u, None, reason).await?;
            return Err(needs_reconnect(&load(state, id).await?));
        }

        // One caller per process goes on; the others wait here, then re-read.
        let flight = state.flights.get(id);
        let _turn = flight.lock().await;
        let u = load(state, id).await?;
        if u.row.status == ConnectionStatus::NeedsReconnect {
            return Err(needs_reconnect(&u));
        }
        let now = switchboard_db::now();
        if !stale(&u, &spec, &want, now) || replaced(&u, seen.as_deref(), now) {
            return Ok(u);
        }
        // Storm guards, from the refresh bookkeeping: an upstream that keeps refusing
        // fresh tokens gets at most one refresh per 30 s; while the provider is in
        // backoff, a token that still works is handed out without asking it again.
        let (id2, now2) = (id, now);
        let book = state
            .db
            .read(move |c| Ok::<_, ApiError>(token_refresh::get(c, id2)?))
            .await?;
        if let Some(b) = &book {
            // A token that lives shorter than the margin is renewed at half its life,
            // not on every call.
            if let (Want::OnDemand, Some(at), Some(exp)) =
                (&want, b.refreshed_at, u.row.token_expires_at)
            {
                if exp > at && now2 < at + (exp - at) / 2 {
                    return Ok(u);
                }
            }
            let recently = b
                .refreshed_at
                .is_some_and(|t| now2 - t < chrono::Duration::seconds(30));
            if matches!(want, Want::Rejected(_)) && recently {
                return Ok(u);
            }
            let backing_off = b.retry_at.is_some_and(|r| r > now2);
            if backing_off && !matches!(want, Want::Background) && !expired(&u, now2) {
                return Ok(u);
            }
        }

        let lease = Uuid::now_v7().to_string();
        let lease_for = lease_duration(state, attempts);
        // This process's own deadline for its attempts (its clock); the lease itself
        // is kept on the database clock.
        let until = now + lease_for;
        // Recorded before the claim: a stop cut in between leaves no lease unknown.
        let held = state.shutdown.hold(id, &lease);
        let (id2, l2) = (id, lease.clone());
        let claimed = state
            .db
            .write(move |c| Ok::<_, ApiError>(token_refresh::claim(c, id2, &l2, lease_for)?))
            .await?;
        if !claimed {
            if matches!(want, Want::Background) {
                return Ok(u);
            }
            drop(held);
            wait_for_lease(state, id, until).await?;
            continue;
        }
        // Another replica may have stored new tokens between our read and our claim.
        let u = load(state, id).await?;
        let now = switchboard_db::now();
        if !stale(&u, &spec, &want, now) || replaced(&u, seen.as_deref(), now) {
            release(state, id, &lease).await?;
            return Ok(u);
        }
        // The refresh runs detached: a caller that goes away (a closed connection drops
        // its request future) must not cancel a refresh whose new tokens the provider
        // may already have issued; they are stored either way.
        let (st, lease2, spec2, deadline) = (state.clone(), lease.clone(), spec.clone(), until);
        return tokio::spawn(async move {
            let _held = held;
            refresh(&st, u, &spec2, &lease2, attempts, deadline).await
        })
        .await
        .map_err(|e| ApiError::internal(format!("token refresh task: {e}")))?;
    }
    Err(ApiError::UpstreamUnavailable {
        detail: "The token refresh did not settle; try again.".into(),
        retry_after_secs: 1,
    })
}

/// Waits while another replica holds the lease (until it ends or runs out by the
/// database clock, or this caller's own bound passes).
async fn wait_for_lease(
    state: &AppState,
    id: ConnectionId,
    bound: NaiveDateTime,
) -> Result<(), ApiError> {
    loop {
        tokio::time::sleep(POLL).await;
        let id2 = id;
        let leased = state
            .db
            .read(move |c| Ok::<_, ApiError>(token_refresh::leased(c, id2)?))
            .await?;
        if !leased || switchboard_db::now() >= bound {
            return Ok(());
        }
    }
}

async fn release(state: &AppState, id: ConnectionId, lease: &str) -> Result<(), ApiError> {
    let (id, lease) = (id, lease.to_string());
    state
        .db
        .write(move |c| {
            token_refresh::release(c, id, &lease)?;
            Ok::<_, ApiError>(())
        })
        .await
}

/// The client to authenticate with: the connection's own (client-credentials apps
/// that declare `client_id`/`client_secret` fields), else the app's client settings.
async fn client_for(
    state: &AppState,
    def: &AppDefinition,
    values: &BTreeMap<String, String>,
) -> Result<(Client, bool), TokenError> {
    if let (Some(id), Some(secret)) = (values.get("client_id"), values.get("client_secret")) {
        return Ok((
            Client {
                id: id.clone(),
                secret: Zeroizing::new(secret.clone()),
            },
            true,
        ));
    }
    let keys = state.keys.clone();
    let slug = def.slug.clone();
    let found = state
        .db
        .read(move |c| {
            let row = oauth_repo::client(c, &slug)?;
            row.map(|r| {
                let secret = open_client_secret(&keys, c, &r)?;
                Ok::<_, ApiError>(Client {
                    id: r.client_id,
                    secret,
                })
            })
            .transpose()
        })
        .await;
    match found {
        Ok(Some(c)) => Ok((c, false)),
        Ok(None) => Err(TokenError::Refused(format!(
            "{} has no OAuth client settings; a system administrator has to set them",
            def.name
        ))),
        _ => Err(TokenError::Transient(
            "the OAuth client settings could not be read".into(),
        )),
    }
}

/// Asks the provider for new tokens, retrying transient failures with backoff.
pub(crate) async fn fetch(
    state: &AppState,
    def: &AppDefinition,
    values: &BTreeMap<String, String>,
    spec: &OAuth2Spec,
    attempts: u32,
    deadline: Option<NaiveDateTime>,
) -> Result<TokenAnswer, TokenError> {
    let (client, own_client) = client_for(state, def, values).await?;
    let scope = spec
        .scopes
        .join(spec.scope_separator.as_deref().unwrap_or(" "));
    let mut last = None;
    for attempt in 0..attempts.max(1) {
        if attempt > 0 {
            let jitter = rand::random::<u64>() % 100;
            tokio::time::sleep(Duration::from_millis((250 << (2 * (attempt - 1))) + jitter)).await;
            // Retry only while the lease surely outlasts the attempt (timeout + margin).
            let need =
                chrono::Duration::seconds(state.config.outbound_timeout_secs.max(1) as i64 + 2);
            if deadline.is_some_and(|d| switchboard_db::now() + need > d) {
                break;
            }
        }
        let result = match spec.grant {
            OAuth2Grant::AuthorizationCode => {
                let rt = Zeroizing::new(values.get("refresh_token").cloned().unwrap_or_default());
                token_request(
                    state,
                    def,
                    spec,
                    &client,
                    &[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", rt.as_str()),
                    ],
                )
                .await
            }
            OAuth2Grant::ClientCredentials => {
                let mut params = vec![("grant_type", "client_credentials")];
                if !scope.is_empty() {
                    params.push(("scope", scope.as_str()));
                }
                token_request(state, def, spec, &client, &params)
                    .await
                    // A connection's own client that is refused will not recover by itself.
                    .map_err(|e| match e {
                        TokenError::Refused(m) if own_client => TokenError::Dead(m),
                        other => other,
                    })
            }
        };
        match result {
            Err(TokenError::Transient(m)) => last = Some(TokenError::Transient(m)),
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| TokenError::Transient("no attempt made".into())))
}

/// Refreshes while holding the lease `lease`, and stores the outcome fenced by it.
async fn refresh(
    state: &AppState,
    u: Usable,
    spec: &OAuth2Spec,
    lease: &str,
    attempts: u32,
    deadline: NaiveDateTime,
) -> Result<Usable, ApiError> {
    let id = u.row.id;
    let app = u.def.slug.clone();
    let outcome = fetch(state, &u.def, &u.values, spec, attempts, Some(deadline)).await;
    state
        .metrics
        .token_refreshes
        .get_or_create(&crate::metrics::RefreshLabels {
            app: app.clone(),
            outcome: match &outcome {
                Ok(_) => "ok",
                Err(TokenError::Dead(_)) => "dead",
                Err(TokenError::Refused(_)) => "refused",
                Err(TokenError::Transient(_)) => "transient",
            }
            .into(),
        })
        .inc();
    match outcome {
        Ok(answer) => {
            let now = switchboard_db::now();
            // No `expires_in` in a refresh answer for a token that expired before: assume
            // an hour rather than "never" (a 401 through the proxy refreshes sooner).
            let expires_at = answer.expires_at(now).or_else(|| {
                u.row
                    .token_expires_at
                    .map(|_| now + chrono::Duration::hours(1))
            });
            let mut values = u.values.clone();
            answer.capture_into(spec, &mut values);
            answer.merge_into(&mut values);
            let keys = state.keys.clone();
            let (id2, lease2, v2) = (id, lease.to_string(), values.clone());
            let account = u.row.account_id;
            let stored = state
                .db
                .write(move |c| {
                    // The fence: only the lease holder stores, in the same transaction.
                    if !token_refresh::finish(c, id2, &lease2)? {
                        return Ok(false);
                    }
                    let before = conn_repo::find(c, id2)?;
                    let (envelope, kv) = seal(&keys, c, account, id2, &v2)?;
                    conn_repo::store_tokens(c, id2, &envelope, kv, expires_at)?;
                    // A refresh failure that had set `error` is over.
                    conn_repo::clear_refresh_error(c, id2, now)?;
                    if let Some(before) = before {
                        crate::services::events::recovered_if(c, &before, None)?;
                    }
                    Ok::<_, ApiError>(true)
                })
                .await?;
            if !stored {
                tracing::warn!(app = %app, connection = %id, "token refresh lost its lease; newer tokens were kept");
                return load(state, id).await;
            }
            tracing::info!(app = %app, connection = %id, "refreshed the access token");
            let mut row = u.row;
            row.token_expires_at = expires_at;
            Ok(Usable {
                row,
                def: u.def,
                values,
            })
        }
        Err(TokenError::Dead(reason)) => {
            tracing::warn!(app = %app, connection = %id, reason = %reason, "token refresh refused; the connection needs reconnecting");
            mark_dead(state, &u, Some(lease), reason).await?;
            Err(needs_reconnect(&load(state, id).await?))
        }
        Err(e) => {
            let msg = e.message().to_string();
            tracing::warn!(app = %app, connection = %id, error = %msg, "token refresh failed; will retry");
            let (id2, lease2, m2) = (id, lease.to_string(), msg.clone());
            let refused = matches!(e, TokenError::Refused(_));
            let name = u.def.name.clone();
            state
                .db
                .write(move |c| {
                    let failures = token_refresh::get(c, id2)?.map_or(0, |r| r.failures);
                    let now = switchboard_db::now();
                    let failed =
                        token_refresh::fail(c, id2, &lease2, Some(now + backoff(failures)), &m2)?;
                    if failed {
                        if let Some(row) = conn_repo::find(c, id2)? {
                            crate::services::events::record(
                                c,
                                switchboard_types::EventType::ConnectionRefreshFailed,
                                &row,
                                None,
                                serde_json::json!({"reason": m2, "attempt": failures + 1}),
                            )?;
                        }
                    }
                    if failed && refused {
                        let reason = format!("{REFRESH_FAILED}{m2}.");
                        conn_repo::set_status(
                            c,
                            id2,
                            &StatusChange::failed(
                                ConnectionStatus::Error,
                                StatusCause::RefreshFailed,
                                &reason,
                            ),
                            None,
                            now,
                        )?;
                    }
                    Ok::<_, ApiError>(())
                })
                .await?;
            // A token that has not expired yet still works.
            if !expired(&u, switchboard_db::now()) && u.values.contains_key("access_token") {
                return Ok(u);
            }
            Err(ApiError::UpstreamUnavailable {
                detail: format!(
                    "Could not get a fresh token from {name}: {msg}. Try again shortly."
                ),
                retry_after_secs: 5,
            })
        }
    }
}

/// Marks a connection `needs_reconnect` with the reason, audited as
/// `connection.needs_reconnect`. With a lease, only if it still holds it.
async fn mark_dead(
    state: &AppState,
    u: &Usable,
    lease: Option<&str>,
    reason: String,
) -> Result<(), ApiError> {
    let id = u.row.id;
    let account = u.row.account_id;
    let lease = lease.map(str::to_string);
    let app = u.def.slug.clone();
    state
        .db
        .write(move |c| {
            let now = switchboard_db::now();
            if let Some(l) = &lease {
                if !token_refresh::fail(c, id, l, None, &reason)? {
                    return Ok(());
                }
            }
            let status = StatusChange::failed(
                ConnectionStatus::NeedsReconnect,
                StatusCause::AuthorizationEnded,
                &reason,
            );
            let changed = conn_repo::set_status_if_not(c, id, &status, now)?;
            if changed > 0 {
                if let Some(row) = conn_repo::find(c, id)? {
                    crate::services::events::record_with_users(
                        c,
                        switchboard_types::EventType::ConnectionNeedsReconnect,
                        &row,
                        None,
                        serde_json::json!({"reason": reason}),
                    )?;
                }
                audit::record(
                    c,
                    Event {
                        account_id: account,
                        actor_user_id: None,
                        actor_api_key_id: None,
                        actor: "switchboard (token refresh)".into(),
                        action: AuditAction::ConnectionNeedsReconnect,
                        target_type: "connection",
                        target_id: Some(id.to_string()),
                        client_addr: None,
                        details: serde_json::json!({"app": app, "reason": reason}),
                    },
                )?;
            }
            Ok::<_, ApiError>(())
        })
        .await
}

/// One pass of the background job: refresh what expires within
/// [`BACKGROUND_MARGIN_SECS`]. Returns how many connections it looked at.
pub async fn refresh_due(state: &AppState) -> usize {
    let horizon = switchboard_db::now() + chrono::Duration::seconds(BACKGROUND_MARGIN_SECS);
    let due = match state
        .db
        .read(move |c| Ok::<_, ApiError>(token_refresh::due(c, horizon, 50)?))
        .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "token refresh job could not list due connections");
            return 0;
        }
    };
    let n = due.len();
    for id in due {
        // A stopping process leaves the rest to the other replicas.
        if state.shutdown.is_stopping() {
            break;
        }
        if let Err(e) = usable(state, id, Want::Background).await {
            tracing::debug!(connection = %id, error = %e, "background refresh did not succeed");
        }
    }
    n
}

/// What the health job's refresh of an idle refresh token found.
#[derive(Debug, Clone, PartialEq)]
pub enum IdleRefresh {
    /// Nothing to do: not an authorization-code connection with a refresh token,
    /// or waiting for a reconnect.
    NotNeeded,
    /// Someone else is refreshing it right now (the refresh lease is taken).
    Busy,
    /// Refreshed at this time (database clock), within the idle time.
    RecentlyAt(NaiveDateTime),
    /// The provider gave new tokens.
    Refreshed,
    /// The refresh failed; the reason (never a token). The status and events were
    /// handled as for any refresh (`needs_reconnect`, `error`, `refresh_failed`).
    Failed(String),
}

/// Refreshes an OAuth connection's tokens when its refresh token was not used for
/// `idle` (some providers expire refresh tokens nobody uses), with the same
/// single flight and lease as every refresh.
pub async fn refresh_idle(
    state: &AppState,
    id: ConnectionId,
    idle: chrono::Duration,
) -> Result<IdleRefresh, ApiError> {
    enum Turn {
        /// The lease is ours since this time (database clock).
        Go(NaiveDateTime),
        Done(IdleRefresh),
    }
    let u = load(state, id).await?;
    let Some(spec) = oauth_spec(&u.def).cloned() else {
        return Ok(IdleRefresh::NotNeeded);
    };
    if spec.grant != OAuth2Grant::AuthorizationCode
        || !u.values.contains_key("refresh_token")
        || u.row.status == ConnectionStatus::NeedsReconnect
    {
        return Ok(IdleRefresh::NotNeeded);
    }
    let flight = state.flights.get(id);
    let _turn = flight.lock().await;
    let lease = Uuid::now_v7().to_string();
    let lease_for = lease_duration(state, 1);
    let held = state.shutdown.hold(id, &lease);
    let l2 = lease.clone();
    let turn = state
        .db
        .write(move |c| {
            let now = switchboard_db::clock(c)?;
            // Refreshed lately (by any path): the refresh token is not idle.
            if let Some(at) = token_refresh::get(c, id)?
                .and_then(|b| b.refreshed_at)
                .filter(|at| now - *at < idle)
            {
                return Ok(Turn::Done(IdleRefresh::RecentlyAt(at)));
            }
            Ok::<_, ApiError>(if token_refresh::claim(c, id, &l2, lease_for)? {
                Turn::Go(now)
            } else {
                Turn::Done(IdleRefresh::Busy)
            })
        })
        .await?;
    let since = match turn {
        Turn::Go(since) => since,
        Turn::Done(outcome) => return Ok(outcome),
    };
    // Re-read under the lease: a reconnect may have replaced the tokens.
    let u = match load(state, id).await {
        Ok(u) => u,
        Err(e) => {
            let _ = release(state, id, &lease).await;
            return Err(e);
        }
    };
    if !u.values.contains_key("refresh_token") || u.row.status == ConnectionStatus::NeedsReconnect {
        release(state, id, &lease).await?;
        return Ok(IdleRefresh::NotNeeded);
    }
    let until = switchboard_db::now() + lease_for;
    let st = state.clone();
    let result = tokio::spawn(async move {
        let _held = held;
        refresh(&st, u, &spec, &lease, 1, until).await
    })
    .await
    .map_err(|e| ApiError::internal(format!("token refresh task: {e}")))?;
    let book = state
        .db
        .read(move |c| Ok::<_, ApiError>(token_refresh::get(c, id)?))
        .await?;
    Ok(match result {
        // Stored new tokens under this lease (a provider may answer with the same
        // access token; what counts is that the refresh went through).
        Ok(_)
            if book
                .as_ref()
                .and_then(|b| b.refreshed_at)
                .is_some_and(|t| t >= since) =>
        {
            IdleRefresh::Refreshed
        }
        // A transient failure with a token that still works hands the old one back.
        Ok(_) => IdleRefresh::Failed(
            book.and_then(|b| b.last_error)
                .unwrap_or_else(|| "the provider gave no new token".into()),
        ),
        Err(e) => IdleRefresh::Failed(e.problem().detail.unwrap_or_else(|| e.to_string())),
    })
}

/// Helps the credentials endpoint: the values a machine gets. OAuth refresh tokens
/// and client secrets stay inside Switchboard (a caller holding a rotating refresh
/// token could burn it).
pub fn for_machines(u: &Usable) -> BTreeMap<String, String> {
    let mut out = u.values.expose();
    if oauth_spec(&u.def).is_some() {
        out.remove("refresh_token");
        out.remove("client_secret");
    }
    out
}
