//! `Principal`: who is calling, from `Authorization: Bearer <access token | API key>`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use switchboard_db::models::UserRow;
use switchboard_db::repo;
use switchboard_types::{
    AccountId, AccountKind, ApiKeyId, ApiScope, ConnectSessionId, ErrorCode, Role, UserId,
};

use crate::error::ApiError;
use crate::state::AppState;

/// API keys start with this prefix, access tokens never do.
pub const API_KEY_PREFIX: &str = "sbk_";

#[derive(Debug, Clone)]
pub struct ApiKeyInfo {
    pub id: ApiKeyId,
    pub name: String,
    pub scopes: Vec<ApiScope>,
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    pub email: String,
    pub account_id: AccountId,
    /// The caller's parent account, for child accounts.
    pub parent_id: Option<AccountId>,
    pub role: Role,
    pub system_admin: bool,
    pub api_key: Option<ApiKeyInfo>,
    pub client_addr: Option<std::net::IpAddr>,
    /// An end user on the hosted connect page, acting under the session's creator.
    pub connect: Option<ConnectActor>,
}

/// Who acts on the hosted connect page: a platform's end user with a session.
#[derive(Debug, Clone)]
pub struct ConnectActor {
    pub session_id: ConnectSessionId,
    pub end_user_id: String,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// API keys need the scope; user sessions have every scope.
    pub fn require_scope(&self, scope: ApiScope) -> Result<(), ApiError> {
        match &self.api_key {
            Some(k) if !k.scopes.contains(&scope) => Err(ApiError::forbidden(
                ErrorCode::InsufficientScope,
                format!("This API key lacks the scope {scope}."),
            )),
            _ => Ok(()),
        }
    }

    /// Refuses API keys: for actions only a signed-in person may take.
    pub fn require_user_session(&self) -> Result<(), ApiError> {
        if self.api_key.is_some() {
            return Err(ApiError::forbidden(
                ErrorCode::UserSessionRequired,
                "This action needs a signed-in user, not an API key.",
            ));
        }
        Ok(())
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if !self.is_admin() {
            return Err(ApiError::forbidden(
                ErrorCode::AdminRequired,
                "Only account administrators may do this.",
            ));
        }
        Ok(())
    }

    pub fn require_system_admin(&self) -> Result<(), ApiError> {
        if !self.system_admin {
            return Err(ApiError::forbidden(
                ErrorCode::SystemAdminRequired,
                "Only system administrators may do this.",
            ));
        }
        Ok(())
    }

    /// The actor label stored in audit events.
    pub fn actor_label(&self) -> String {
        match (&self.connect, &self.api_key) {
            (Some(c), _) => format!(
                "end user {} (connect session {} of {})",
                c.end_user_id, c.session_id, self.email
            ),
            (None, Some(k)) => format!("{} (API key {})", self.email, k.name),
            (None, None) => self.email.clone(),
        }
    }
}

pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The client's address: the peer, or behind `SWITCHBOARD_TRUSTED_PROXIES` the
/// address they forwarded (see [`crate::net::client_ip`]).
pub fn client_addr(req: &HttpRequest) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    match req.app_data::<web::Data<AppState>>() {
        Some(state) => crate::net::client_ip(peer, req.headers(), &state.config.proxies),
        None => peer,
    }
}

fn unauthorized() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::Unauthenticated,
        "Sign in, or send a valid access token or API key.",
    )
}

#[derive(Clone)]
pub struct Loaded {
    user: UserRow,
    account_kind: Option<AccountKind>,
    parent_id: Option<AccountId>,
    api_key: Option<ApiKeyInfo>,
}

impl Loaded {
    fn new(
        user: UserRow,
        account: Option<switchboard_db::models::AccountRow>,
        api_key: Option<ApiKeyInfo>,
    ) -> Self {
        Self {
            user,
            account_kind: account.as_ref().map(|a| a.kind),
            parent_id: account.and_then(|a| a.parent_id),
            api_key,
        }
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let addr = client_addr(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("state missing"))?;
            let token = token.ok_or_else(unauthorized)?;
            let loaded = if let Some(rest) = token.strip_prefix(API_KEY_PREFIX) {
                if rest.is_empty() || token.len() > 200 {
                    return Err(unauthorized());
                }
                let hash = super::token_hash(&token);
                // A key seen in the last 2 s, with no write on this server since: no
                // database trip (revoking a key or disabling a user is a write here,
                // and reaches other replicas within the 2 s).
                let epoch = state.db.writes();
                if let Some(hit) = state.principals.get(&hash, epoch) {
                    Some(hit)
                } else {
                    let h2 = hash.clone();
                    let found = state
                        .db
                        .read(move |c| {
                            let hash = h2;
                            let Some(key) = repo::api_keys::find_active_by_hash(c, &hash)? else {
                                return Ok::<_, ApiError>(None);
                            };
                            let Some(user) = repo::users::find(c, key.created_by)? else {
                                return Ok(None);
                            };
                            let account = repo::accounts::find(c, user.account_id)?;
                            // `last_used_at` to the minute: not a write on every request.
                            let now = switchboard_db::now();
                            let touch = key
                                .last_used_at
                                .is_none_or(|t| now - t > chrono::Duration::seconds(60))
                                .then_some(key.id);
                            Ok(Some((
                                touch,
                                Loaded::new(
                                    user,
                                    account,
                                    Some(ApiKeyInfo {
                                        id: key.id,
                                        name: key.name,
                                        scopes: key
                                            .scopes
                                            .split(' ')
                                            .filter_map(ApiScope::parse)
                                            .collect(),
                                    }),
                                ),
                            )))
                        })
                        .await?;
                    let found = match found {
                        Some((touch, l)) => {
                            // A write, so through the writer path (never inside a read).
                            if let Some(key_id) = touch {
                                state
                                    .db
                                    .write(move |c| {
                                        repo::api_keys::touch(c, key_id, switchboard_db::now())?;
                                        Ok::<_, ApiError>(())
                                    })
                                    .await?;
                            }
                            state.principals.put(hash, epoch, l.clone());
                            Some(l)
                        }
                        None => None,
                    };
                    found
                }
            } else {
                let claims = state.jwt.verify(&token).ok_or_else(unauthorized)?;
                // The same 2-s memory as for API keys, per user and session version.
                let key = format!("session:{}:{}:{}", claims.sub, claims.sv, claims.acc);
                let epoch = state.db.writes();
                if let Some(hit) = state.principals.get(&key, epoch) {
                    Some(hit)
                } else {
                    let uid = claims.sub;
                    let found = state
                        .db
                        .read(move |c| {
                            let Some(user) = repo::users::find(c, uid)? else {
                                return Ok::<_, ApiError>(None);
                            };
                            let account = repo::accounts::find(c, user.account_id)?;
                            Ok(Some(Loaded::new(user, account, None)))
                        })
                        .await?;
                    match found {
                        Some(l)
                            if l.user.session_version == claims.sv
                                && l.user.account_id == claims.acc =>
                        {
                            state.principals.put(key, epoch, l.clone());
                            Some(l)
                        }
                        _ => None,
                    }
                }
            };
            let l = loaded.ok_or_else(unauthorized)?;
            if l.user.disabled {
                return Err(unauthorized());
            }
            let role = l.user.role;
            let system_admin = role == Role::Admin
                && l.account_kind == Some(AccountKind::System)
                && l.api_key.is_none();
            Ok(Principal {
                user_id: l.user.id,
                email: l.user.email,
                account_id: l.user.account_id,
                parent_id: l.parent_id,
                role,
                system_admin,
                api_key: l.api_key,
                client_addr: addr,
                connect: None,
            })
        })
    }
}

/// API keys and sessions recently resolved, for 2 s and only while no write
/// happened on this server (a sign-out, a disabled user or a revoked key is a write).
#[derive(Default)]
pub struct Principals(
    std::sync::Mutex<std::collections::HashMap<String, (u64, std::time::Instant, Loaded)>>,
);

impl Principals {
    const TTL: std::time::Duration = std::time::Duration::from_secs(2);

    fn get(&self, hash: &str, epoch: u64) -> Option<Loaded> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(hash)
            .filter(|(e, at, _)| *e == epoch && at.elapsed() < Self::TTL)
            .map(|(_, _, l)| l.clone())
    }

    fn put(&self, hash: String, epoch: u64, l: Loaded) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 10_000 {
            map.clear();
        }
        map.insert(hash, (epoch, std::time::Instant::now(), l));
    }
}
