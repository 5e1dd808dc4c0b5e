//! The only place that does HTTP. Typed with `switchboard-types`; the access token
//! lives in memory only, and a 401 triggers one refresh through the HttpOnly cookie.

use std::collections::BTreeMap;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_types::{ErrorCode, Me, Problem, TokenResponse};

pub mod connect;
pub mod connections;
pub mod transfer;
pub mod webhooks;

const BASE: &str = "/api/v1";

/// An error from the API (or the network), ready to show in words.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub fields: BTreeMap<String, Vec<String>>,
    /// For `connection_in_use`: the automations that would be paused.
    pub automations: Vec<switchboard_types::AutomationUsage>,
}

impl ApiError {
    fn network() -> Self {
        Self {
            status: 0,
            code: "network".into(),
            message: "Switchboard cannot be reached. Check your connection and try again.".into(),
            fields: BTreeMap::new(),
            automations: Vec::new(),
        }
    }

    fn from_problem(status: u16, p: Option<Problem>) -> Self {
        match p {
            Some(p) => Self {
                status,
                message: p.detail.unwrap_or(p.title),
                code: p.code,
                fields: p.errors,
                automations: p.automations.unwrap_or_default(),
            },
            None => Self {
                status,
                code: "unexpected".into(),
                message: format!("Unexpected answer from the server ({status})."),
                fields: BTreeMap::new(),
                automations: Vec::new(),
            },
        }
    }

    /// The first message for a field, e.g. `name` or `fields.token`.
    pub fn field(&self, key: &str) -> Option<String> {
        self.fields.get(key).and_then(|v| v.first()).map(|m| {
            let label = key.rsplit('.').next().unwrap_or(key).replace('_', " ");
            if m.starts_with(char::is_uppercase) {
                m.clone()
            } else {
                format!("{label} {m}")
            }
        })
    }

    /// The message plus field messages that no input shows.
    pub fn summary(&self) -> String {
        if self.fields.is_empty() {
            return self.message.clone();
        }
        let parts: Vec<String> = self.fields.keys().filter_map(|k| self.field(k)).collect();
        format!("{} {}", self.message, parts.join("; "))
    }
}

/// The signed-in session: the access token (memory only) and who it belongs to.
#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub me: RwSignal<Option<Me>>,
    /// Set when the session ended; the app sends the user to sign in.
    pub expired: RwSignal<bool>,
}

impl Session {
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
        }
    }

    pub fn set(&self, t: TokenResponse) {
        self.token.set(Some(t.access_token.into_inner()));
        self.expired.set(false);
    }

    pub fn clear(&self) {
        self.token.set(None);
        self.me.set(None);
    }
}

pub fn session() -> Session {
    expect_context::<Session>()
}

/// A request body: JSON, or a multipart form (an upload).
pub(crate) enum Body {
    Json(serde_json::Value),
    Form(web_sys::FormData),
}

pub(crate) async fn raw(
    method: Method,
    path: &str,
    token: Option<String>,
    body: Option<&Body>,
    if_match: Option<i64>,
) -> Result<gloo_net::http::Response, ApiError> {
    let mut req = RequestBuilder::new(&format!("{BASE}{path}")).method(method);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(v) = if_match {
        req = req.header("If-Match", &format!("\"{v}\""));
    }
    let sent = match body {
        Some(Body::Json(b)) => req.json(b).map_err(|_| ApiError::network())?.send().await,
        Some(Body::Form(f)) => {
            req.body(f.clone())
                .map_err(|_| ApiError::network())?
                .send()
                .await
        }
        None => req.send().await,
    };
    sent.map_err(|_| ApiError::network())
}

pub(crate) async fn decode<T: DeserializeOwned>(
    resp: gloo_net::http::Response,
) -> Result<T, ApiError> {
    let status = resp.status();
    if (200..300).contains(&status) {
        if status == 204 {
            return serde_json::from_value(serde_json::Value::Null)
                .map_err(|_| ApiError::from_problem(status, None));
        }
        return resp
            .json::<T>()
            .await
            .map_err(|_| ApiError::from_problem(status, None));
    }
    let problem = resp.json::<Problem>().await.ok();
    Err(ApiError::from_problem(status, problem))
}

/// Trades the refresh cookie for a new access token.
pub async fn refresh(s: Session) -> bool {
    match raw(Method::POST, "/auth/refresh", None, None, None).await {
        Ok(r) if r.status() == 200 => match r.json::<TokenResponse>().await {
            Ok(t) => {
                s.set(t);
                true
            }
            Err(_) => false,
        },
        Ok(r) => {
            // Read the refusal to its end, so the request finishes (and the page
            // reaches network idle).
            let _ = r.text().await;
            false
        }
        Err(_) => false,
    }
}

/// Sends a request with the session's token; on an expired token, refreshes once
/// and sends it again. Answers other than 401 come back as they are; a 401 is the
/// error it carries (and ends the session when even a fresh token is refused).
pub(crate) async fn send(
    s: Session,
    method: Method,
    path: &str,
    body: Option<&Body>,
    if_match: Option<i64>,
) -> Result<gloo_net::http::Response, ApiError> {
    let token = s.token.get_untracked();
    let resp = raw(method.clone(), path, token, body, if_match).await?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let e = unauthorized(resp).await;
    if e.code != ErrorCode::Unauthenticated {
        return Err(e);
    }
    if !refresh(s).await {
        s.clear();
        s.expired.set(true);
        return Err(e);
    }
    let resp = raw(method, path, s.token.get_untracked(), body, if_match).await?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let e = unauthorized(resp).await;
    if e.code == ErrorCode::Unauthenticated {
        s.clear();
        s.expired.set(true);
    }
    Err(e)
}

async fn unauthorized(resp: gloo_net::http::Response) -> ApiError {
    let problem = resp.json::<Problem>().await.ok();
    ApiError::from_problem(401, problem)
}

/// [`send`] with a JSON body, the answer decoded.
pub async fn call<T: DeserializeOwned>(
    s: Session,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
    if_match: Option<i64>,
) -> Result<T, ApiError> {
    let body = body.map(Body::Json);
    decode(send(s, method, path, body.as_ref(), if_match).await?).await
}

pub async fn get<T: DeserializeOwned>(s: Session, path: &str) -> Result<T, ApiError> {
    call(s, Method::GET, path, None, None).await
}

pub async fn post<T: DeserializeOwned, B: Serialize>(
    s: Session,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    call(s, Method::POST, path, Some(to_value(body)), None).await
}

/// A POST answered without a body (204).
pub async fn post_empty<B: Serialize>(s: Session, path: &str, body: &B) -> Result<(), ApiError> {
    call::<serde_json::Value>(s, Method::POST, path, Some(to_value(body)), None)
        .await
        .map(|_| ())
}

pub async fn patch<T: DeserializeOwned, B: Serialize>(
    s: Session,
    path: &str,
    body: &B,
    version: Option<i64>,
) -> Result<T, ApiError> {
    call(s, Method::PATCH, path, Some(to_value(body)), version).await
}

pub async fn put<T: DeserializeOwned, B: Serialize>(
    s: Session,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    call(s, Method::PUT, path, Some(to_value(body)), None).await
}

pub async fn delete_json<T: DeserializeOwned>(s: Session, path: &str) -> Result<T, ApiError> {
    call(s, Method::DELETE, path, None, None).await
}

pub async fn delete(s: Session, path: &str) -> Result<(), ApiError> {
    call::<serde_json::Value>(s, Method::DELETE, path, None, None)
        .await
        .map(|_| ())
}

fn to_value<B: Serialize>(b: &B) -> serde_json::Value {
    serde_json::to_value(b).unwrap_or(serde_json::Value::Null)
}

/// Unauthenticated calls (setup, login).
pub async fn public_post<T: DeserializeOwned, B: Serialize>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let v = Body::Json(to_value(body));
    decode(raw(Method::POST, path, None, Some(&v), None).await?).await
}

pub async fn public_get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(raw(Method::GET, path, None, None, None).await?).await
}

pub async fn logout() {
    let _ = raw(Method::POST, "/auth/logout", None, None, None).await;
}

/// Any `{items, next_cursor}` page of the API.
#[derive(serde::Deserialize)]
struct Page<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
}

/// Every item of a short list (users, accounts, API keys), following its cursor.
pub async fn get_all<T: DeserializeOwned>(s: Session, path: &str) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page_path = match &cursor {
            Some(c) => format!("{path}?limit=200&cursor={}", enc(c)),
            None => format!("{path}?limit=200"),
        };
        let page: Page<T> = get(s, &page_path).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}
