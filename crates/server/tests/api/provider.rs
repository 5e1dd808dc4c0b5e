//! A fake OAuth2 provider on loopback, shared by the OAuth tests.
//!
//! `/authorize` redirects straight back with a code; `/token` serves the
//! authorization-code grant (client, single-use code, redirect URI and PKCE checked),
//! the refresh grant (rotating refresh tokens: a used one revokes its whole family),
//! and the client-credentials grant; `/userinfo` names the account; `/revoke`
//! records revocations. Tests steer it through [`Provider::with`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "switchboard-test-client";
pub const CLIENT_SECRET: &str = "oauth-client-secret-canary-51f2";
/// A per-connection client of the client-credentials app.
pub const CC_CLIENT_ID: &str = "machine-client";
pub const CC_CLIENT_SECRET: &str = "machine-secret-canary-9d3e";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshMode {
    Normal,
    /// `400 invalid_grant` (the user revoked access).
    InvalidGrant,
    /// `503` for the next n refreshes.
    Unavailable(u32),
}

pub struct State {
    /// code → (code_challenge, redirect_uri)
    codes: HashMap<String, (String, String)>,
    seq: usize,
    /// Live refresh tokens → family.
    live: HashMap<String, usize>,
    /// Rotated-away refresh tokens → (family, when). Presenting one again revokes the
    /// family, unless within `reuse_grace` (as Okta, Auth0 and Xero allow).
    used: HashMap<String, (usize, std::time::Instant)>,
    pub reuse_grace: Duration,
    pub revoked_families: HashSet<usize>,
    pub refresh_calls: usize,
    pub client_credentials_calls: usize,
    pub revoked: Vec<String>,
    pub mode: RefreshMode,
    /// Whether a refresh answer carries a new refresh token.
    pub rotate: bool,
    pub expires_in: i64,
    /// Delay before a refresh is processed.
    pub refresh_delay: Duration,
    /// Access tokens that work at `/userinfo`.
    pub live_access: HashSet<String>,
}

#[derive(Clone)]
pub struct Provider {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Provider {
    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }
    pub fn refresh_calls(&self) -> usize {
        self.with(|s| s.refresh_calls)
    }
    /// A live access token and refresh token, as if issued to another tool before
    /// (for tests that import existing tokens).
    pub fn issue(&self) -> (String, String) {
        self.with(|s| {
            s.seq += 1;
            let (at, rt) = (format!("at-x{}", s.seq), format!("rt-x{}", s.seq));
            s.live_access.insert(at.clone());
            let family = 1000 + s.seq;
            s.live.insert(rt.clone(), family);
            (at, rt)
        })
    }
}

type Shared = web::Data<Arc<Mutex<State>>>;

fn client_ok(req: &HttpRequest, f: &HashMap<String, String>, id: &str, secret: &str) -> bool {
    let basic = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    match basic {
        Some(pair) => pair == format!("{id}:{secret}"),
        None => {
            f.get("client_id").map(String::as_str) == Some(id)
                && f.get("client_secret").map(String::as_str) == Some(secret)
        }
    }
}

fn grant_error(e: &str) -> HttpResponse {
    HttpResponse::BadRequest()
        .json(json!({"error": e, "error_description": "refused by the fake provider"}))
}

async fn token(
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
    p: Shared,
) -> HttpResponse {
    let f = form.into_inner();
    match f.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            if !client_ok(&req, &f, CLIENT_ID, CLIENT_SECRET) {
                return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
            }
            let mut s = p.lock().unwrap();
            let Some((challenge, redirect)) = s
                .codes
                .remove(f.get("code").map(String::as_str).unwrap_or_default())
            else {
                return grant_error("invalid_grant");
            };
            let verifier = f.get("code_verifier").cloned().unwrap_or_default();
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(Sha256::digest(verifier.as_bytes()));
            if computed != challenge || f.get("redirect_uri") != Some(&redirect) {
                return grant_error("invalid_grant");
            }
            s.seq += 1;
            let (n, code) = (s.seq, f["code"].clone());
            let (at, rt) = (format!("at-{code}"), format!("rt-{n}"));
            s.live.insert(rt.clone(), n);
            s.live_access.insert(at.clone());
            // Salesforce-style: the API host of this account comes with the tokens.
            let instance_url = format!("http://{}", req.connection_info().host());
            HttpResponse::Ok().json(json!({"access_token": at, "refresh_token": rt, "expires_in": s.expires_in, "token_type": "bearer", "scope": "read", "instance_url": instance_url}))
        }
        Some("refresh_token") => {
            if !client_ok(&req, &f, CLIENT_ID, CLIENT_SECRET) {
                return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
            }
            let delay = {
                let mut s = p.lock().unwrap();
                s.refresh_calls += 1;
                s.refresh_delay
            };
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let mut s = p.lock().unwrap();
            match s.mode {
                RefreshMode::InvalidGrant => return grant_error("invalid_grant"),
                RefreshMode::Unavailable(n) if n > 0 => {
                    s.mode = RefreshMode::Unavailable(n - 1);
                    return HttpResponse::ServiceUnavailable().body("try later");
                }
                _ => {}
            }
            let rt = f.get("refresh_token").cloned().unwrap_or_default();
            let family = match (s.live.get(&rt).copied(), s.used.get(&rt).copied()) {
                (Some(family), _) => family,
                (None, Some((family, at)))
                    if at.elapsed() < s.reuse_grace && !s.revoked_families.contains(&family) =>
                {
                    family
                }
                (None, Some((family, _))) => {
                    // Reuse of a rotated token: revoke the whole family.
                    s.revoked_families.insert(family);
                    s.live.retain(|_, fam| *fam != family);
                    return grant_error("invalid_grant");
                }
                (None, None) => return grant_error("invalid_grant"),
            };
            s.seq += 1;
            let at = format!("at-r{}", s.seq);
            s.live_access.insert(at.clone());
            let mut answer =
                json!({"access_token": at, "expires_in": s.expires_in, "token_type": "Bearer"});
            if s.rotate {
                let new_rt = format!("rt-{}", s.seq);
                s.live.remove(&rt);
                s.used
                    .entry(rt)
                    .or_insert((family, std::time::Instant::now()));
                s.live.insert(new_rt.clone(), family);
                answer["refresh_token"] = json!(new_rt);
            }
            HttpResponse::Ok().json(answer)
        }
        Some("client_credentials") => {
            if !client_ok(&req, &f, CC_CLIENT_ID, CC_CLIENT_SECRET) {
                return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
            }
            let mut s = p.lock().unwrap();
            s.client_credentials_calls += 1;
            s.seq += 1;
            let at = format!("cc-{}", s.seq);
            s.live_access.insert(at.clone());
            HttpResponse::Ok().json(
                json!({"access_token": at, "expires_in": s.expires_in, "token_type": "bearer"}),
            )
        }
        _ => grant_error("unsupported_grant_type"),
    }
}

pub async fn start() -> Provider {
    let shared = Arc::new(Mutex::new(State {
        codes: HashMap::new(),
        seq: 0,
        live: HashMap::new(),
        used: HashMap::new(),
        revoked_families: HashSet::new(),
        refresh_calls: 0,
        client_credentials_calls: 0,
        revoked: Vec::new(),
        mode: RefreshMode::Normal,
        rotate: true,
        expires_in: 3600,
        refresh_delay: Duration::ZERO,
        reuse_grace: Duration::ZERO,
        live_access: HashSet::new(),
    }));
    let data = web::Data::new(shared.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route(
                "/authorize",
                web::get().to(|req: HttpRequest, p: Shared| async move {
                    let q = web::Query::<HashMap<String, String>>::from_query(req.query_string()).unwrap().into_inner();
                    assert_eq!(q["client_id"], CLIENT_ID);
                    assert_eq!(q["code_challenge_method"], "S256");
                    let mut s = p.lock().unwrap();
                    s.seq += 1;
                    let code = format!("code-{}", s.seq);
                    s.codes.insert(code.clone(), (q["code_challenge"].clone(), q["redirect_uri"].clone()));
                    let to = if q.get("login_hint").map(String::as_str) == Some("deny") {
                        format!("{}?error=access_denied&state={}", q["redirect_uri"], q["state"])
                    } else {
                        // QuickBooks-style: the company id comes along in the redirect.
                        format!("{}?code={code}&state={}&realmId=realm-77", q["redirect_uri"], q["state"])
                    };
                    HttpResponse::Found().insert_header(("location", to)).finish()
                }),
            )
            .route("/token", web::post().to(token))
            .route(
                "/revoke",
                web::post().to(|req: HttpRequest, form: web::Form<HashMap<String, String>>, p: Shared| async move {
                    let f = form.into_inner();
                    if !client_ok(&req, &f, CLIENT_ID, CLIENT_SECRET) {
                        return HttpResponse::Unauthorized().finish();
                    }
                    p.lock().unwrap().revoked.push(f.get("token").cloned().unwrap_or_default());
                    HttpResponse::Ok().finish()
                }),
            )
            .route(
                // An API under a per-account path that echoes what it was sent:
                // Xero-style, the tenant id is in its answer and wanted as a header.
                "/r/{realm}/whoami",
                web::get().to(|req: HttpRequest, realm: web::Path<String>, p: Shared| async move {
                    let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
                    let live = auth.strip_prefix("Bearer ").is_some_and(|t| p.lock().unwrap().live_access.contains(t));
                    if !live {
                        return HttpResponse::Unauthorized().finish();
                    }
                    let tenant = req.headers().get("x-tenant").and_then(|v| v.to_str().ok());
                    HttpResponse::Ok().json(json!({"realm": realm.into_inner(), "tenant_id": "tenant-9", "tenant_header": tenant}))
                }),
            )
            .route(
                "/userinfo",
                web::get().to(|req: HttpRequest, p: Shared| async move {
                    let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
                    let live = auth.strip_prefix("Bearer ").is_some_and(|t| p.lock().unwrap().live_access.contains(t));
                    if live {
                        HttpResponse::Ok().json(json!({"email": "person@provider.test"}))
                    } else {
                        HttpResponse::Unauthorized().finish()
                    }
                }),
            )
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    Provider {
        url: format!("http://127.0.0.1:{port}"),
        state: shared,
    }
}
